#pragma once
/// \file pipeline.hpp
/// Typed pipeline steps, applied in order to a data set; every step's output is kept.
/// Each step has a global method and per-node overrides keyed by node code.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "govindex/detail/methods.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/steps/aggregate.hpp"
#include "govindex/steps/denominate.hpp"
#include "govindex/steps/impute.hpp"
#include "govindex/steps/normalise.hpp"
#include "govindex/steps/score.hpp"
#include "govindex/steps/screen.hpp"
#include "govindex/steps/step.hpp"
#include "govindex/steps/treat.hpp"

namespace govindex {

template <>
inline constexpr std::string_view detail::method_family<NormaliseMethod> = "normalisation";
template <>
inline constexpr std::string_view detail::method_family<AggregateMethod> = "aggregation";
template <>
inline constexpr std::string_view detail::method_family<ImputeMethod> = "imputation";

/// Every step type, in the order a pipeline usually has them.
using Step = std::variant<Score, Denominate, Impute, Screen, Treat, Normalise, Aggregate>;

/// Applies a step (the step's own apply, see its header).
[[nodiscard]] StepOutput apply(const Step& step, const Framework& framework, const Dataset& data);

/// An ordered list of steps. Running it keeps "Raw" and the output of every step.
class Pipeline {
public:
    Pipeline() = default;
    explicit Pipeline(std::vector<Step> steps) : steps_(std::move(steps)) {}

    [[nodiscard]] const std::vector<Step>& steps() const { return steps_; }

    /// Checks every step against the framework (methods, parameters, override codes);
    /// throws MethodError naming the step and the node.
    void check(const Framework& framework) const;

    /// Runs the steps. For panel data each step runs on every year separately, except steps
    /// that use all years at once (Normalise with pool_years, panel imputation).
    [[nodiscard]] Results run(const Framework& framework, const Dataset& data) const;

    friend bool operator==(const Pipeline&, const Pipeline&) = default;

private:
    std::vector<Step> steps_;
};

/// Names of the registered methods.
[[nodiscard]] std::vector<std::string> normalise_method_names();
[[nodiscard]] std::vector<std::string> aggregate_method_names();
[[nodiscard]] std::vector<std::string> impute_method_names();
/// Builds a method from its name and parameters (missing ones take defaults); throws MethodError
/// for an unknown name, an unknown parameter or a value of the wrong type. `where` prefixes messages.
[[nodiscard]] NormaliseMethod make_normalise_method(std::string_view name, const Parameters& parameters,
                                                    const std::string& where = "");
[[nodiscard]] AggregateMethod make_aggregate_method(std::string_view name, const Parameters& parameters,
                                                    const std::string& where = "");
[[nodiscard]] ImputeMethod make_impute_method(std::string_view name, const Parameters& parameters,
                                              const std::string& where = "");
/// The name and every parameter of a method (the inverse of make_*_method).
[[nodiscard]] std::string method_name(const NormaliseMethod& method);
[[nodiscard]] std::string method_name(const AggregateMethod& method);
[[nodiscard]] std::string method_name(const ImputeMethod& method);
[[nodiscard]] Parameters method_parameters(const NormaliseMethod& method);
[[nodiscard]] Parameters method_parameters(const AggregateMethod& method);
[[nodiscard]] Parameters method_parameters(const ImputeMethod& method);

}  // namespace govindex
