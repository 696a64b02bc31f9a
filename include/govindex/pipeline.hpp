#pragma once
/// \file pipeline.hpp
/// Typed pipeline steps, applied in order to a data set; every step's output is kept.
/// Each step has a global method and per-node overrides keyed by node code.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "govindex/aggregate.hpp"
#include "govindex/dataset.hpp"
#include "govindex/framework.hpp"
#include "govindex/normalise.hpp"
#include "govindex/results.hpp"
#include "govindex/step.hpp"

namespace govindex {

/// Normalise every indicator: x * direction, then the method (per-indicator override if given).
/// Output data set: "Normalised".
struct Normalise {
    static constexpr std::string_view step_name = "normalise";
    static constexpr std::string_view data_set_name = "Normalised";
    NormaliseMethod method = MinMax{};                  ///< default for every indicator
    std::map<std::string, NormaliseMethod> per_node;    ///< indicator code -> method
    friend bool operator==(const Normalise&, const Normalise&) = default;
};

/// Aggregate level by level up to the root: each aggregate combines its children's columns
/// with their weights (framework weights, replaced by `weights` where given).
/// Output data set: "Aggregated" (indicators, then aggregates level by level).
struct Aggregate {
    static constexpr std::string_view step_name = "aggregate";
    static constexpr std::string_view data_set_name = "Aggregated";
    AggregateMethod method = ArithmeticMean{};          ///< default for every aggregate
    std::map<std::string, AggregateMethod> per_node;    ///< aggregate code -> method
    std::map<std::string, double> weights;              ///< node code -> weight (>= 0), overrides the framework's
    friend bool operator==(const Aggregate&, const Aggregate&) = default;
};

/// Every step type.
using Step = std::variant<Normalise, Aggregate>;

/// Applies a step; throws MethodError for an override naming an unknown or wrong-type node.
[[nodiscard]] StepOutput apply(const Normalise& step, const Framework& framework, const Dataset& data);
[[nodiscard]] StepOutput apply(const Aggregate& step, const Framework& framework, const Dataset& data);
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

    /// Runs the steps on one cross-section (for panel data, select a year first).
    [[nodiscard]] Results run(const Framework& framework, const Dataset& data) const;

    friend bool operator==(const Pipeline&, const Pipeline&) = default;

private:
    std::vector<Step> steps_;
};

/// A method parameter as given in a file, on the command line or from Python.
using ParameterValue = std::variant<bool, std::int64_t, double, std::string>;
/// Named parameters of a method.
using Parameters = std::map<std::string, ParameterValue>;

/// Names of the registered methods.
[[nodiscard]] std::vector<std::string> normalise_method_names();
[[nodiscard]] std::vector<std::string> aggregate_method_names();
/// Builds a method from its name and parameters (missing ones take defaults); throws MethodError
/// for an unknown name, an unknown parameter or a value of the wrong type. `where` prefixes messages.
[[nodiscard]] NormaliseMethod make_normalise_method(std::string_view name, const Parameters& parameters,
                                                    const std::string& where = "");
[[nodiscard]] AggregateMethod make_aggregate_method(std::string_view name, const Parameters& parameters,
                                                    const std::string& where = "");
/// The name and every parameter of a method (the inverse of make_*_method).
[[nodiscard]] std::string method_name(const NormaliseMethod& method);
[[nodiscard]] std::string method_name(const AggregateMethod& method);
[[nodiscard]] Parameters method_parameters(const NormaliseMethod& method);
[[nodiscard]] Parameters method_parameters(const AggregateMethod& method);

}  // namespace govindex
