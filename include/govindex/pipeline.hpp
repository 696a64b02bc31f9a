#pragma once
/// \file pipeline.hpp
/// Typed pipeline steps, applied in order to a data set; every step's output is kept.
/// Each step has a global method and per-node overrides keyed by node code.

#include <cstdint>
#include <map>
#include <tuple>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "govindex/aggregate.hpp"
#include "govindex/dataset.hpp"
#include "govindex/denominate.hpp"
#include "govindex/impute.hpp"
#include "govindex/scoring.hpp"
#include "govindex/screen.hpp"
#include "govindex/detail/methods.hpp"
#include "govindex/framework.hpp"
#include "govindex/normalise.hpp"
#include "govindex/results.hpp"
#include "govindex/step.hpp"
#include "govindex/treat.hpp"

namespace govindex {

template <>
inline constexpr std::string_view detail::method_family<NormaliseMethod> = "normalisation";
template <>
inline constexpr std::string_view detail::method_family<AggregateMethod> = "aggregation";
template <>
inline constexpr std::string_view detail::method_family<ImputeMethod> = "imputation";

/// Normalise every indicator: x * direction, then the method (per-indicator override if given).
/// Output data set: "Normalised".
/// For panel data, parameters (min, max, mean ...) come from each year separately, or from all
/// years pooled when `pool_years` is true (COINr's global normalisation of a purse).
struct Normalise {
    static constexpr std::string_view step_name = "normalise";
    static constexpr std::string_view data_set_name = "Normalised";
    NormaliseMethod method = MinMax{};                  ///< default for every indicator
    std::map<std::string, NormaliseMethod> per_node;    ///< indicator code -> method
    bool pool_years = false;                            ///< panel data: one set of parameters over all years
    static constexpr auto fields() {
        return std::tuple{detail::field("method", &Normalise::method, "default method for every indicator"),
                          detail::field("per_node", &Normalise::per_node, "indicator code -> method"),
                          detail::field("pool_years", &Normalise::pool_years,
                                        "panel data: one set of parameters over all years")};
    }
    [[nodiscard]] bool uses_all_years() const { return pool_years; }
    friend bool operator==(const Normalise&, const Normalise&) = default;
};

/// Aggregate level by level up to the root: each aggregate combines its children's columns
/// with their weights (the framework's weight set `weight_set`, replaced by `weights` where given).
/// A unit whose share of non-missing children in a group is below `min_availability` gets a
/// missing aggregate (COINr `dat_thresh`; 0 = no threshold).
/// Output data set: "Aggregated" (indicators, then aggregates level by level).
struct Aggregate {
    static constexpr std::string_view step_name = "aggregate";
    static constexpr std::string_view data_set_name = "Aggregated";
    AggregateMethod method = ArithmeticMean{};          ///< default for every aggregate
    std::map<std::string, AggregateMethod> per_node;    ///< aggregate code -> method
    std::map<std::string, double> weights;              ///< node code -> weight (>= 0), overrides the set's
    std::string weight_set = "Original";                ///< name of the framework weight set to use
    double min_availability = 0.0;                      ///< in [0, 1]: minimum share of non-missing children
    static constexpr auto fields() {
        return std::tuple{detail::field("method", &Aggregate::method, "default method for every aggregate"),
                          detail::field("per_node", &Aggregate::per_node, "aggregate code -> method"),
                          detail::field("weights", &Aggregate::weights, "node code -> weight, replacing the set's"),
                          detail::field("weight_set", &Aggregate::weight_set, "framework weight set to use"),
                          detail::field("min_availability", &Aggregate::min_availability,
                                        "minimum share of non-missing children, else missing (0 = none)")};
    }
    friend bool operator==(const Aggregate&, const Aggregate&) = default;
};

/// Turn raw evidence into points with a scoring rule per indicator (scoring.hpp); the first step
/// of a methodology version's pipeline (Methodology::pipeline). Per unit and indicator `c`: the
/// column `c` holds points given directly (appraised, survey points) and is used when not
/// missing; otherwise the rule scores the evidence columns it reads (see score_evidence_columns:
/// `c_yes`, `c_level`, `c_rate`, `c_num` + `c_den`, `c_value`, `c_items`), numeric columns of the
/// data set or "Other" text columns (yes: true/false/1/0; items separated by ";"). No points and
/// no evidence gives missing. Points above the indicator's "max_points" attribute are an
/// InputError naming unit and indicator. Output data set: "Scored" (the indicators).
struct Score {
    static constexpr std::string_view step_name = "score";
    static constexpr std::string_view data_set_name = "Scored";
    std::map<std::string, ScoringRule> rules;  ///< indicator code -> rule; indicators without one keep their points
    static constexpr auto fields() {
        return std::tuple{detail::field("rules", &Score::rules, "indicator code -> scoring rule")};
    }
    friend bool operator==(const Score&, const Score&) = default;
};

/// Throws MethodError for a rule on a code that is not an indicator, or an unusable rule.
void check(const Score& step, const Framework& framework);

/// The evidence columns the rule reads for indicator `code`: yes_no `code_yes`, levels
/// `code_level`, completion_rate `code_rate`, ratio `code_num` and `code_den`, cap `code_value`,
/// bonus / penalty `code_items`.
[[nodiscard]] std::vector<std::string> score_evidence_columns(const std::string& code, const ScoringRule& rule);

/// Every step type, in the order a pipeline usually has them.
using Step = std::variant<Score, Denominate, Impute, Screen, Treat, Normalise, Aggregate>;

/// Applies a step; throws MethodError for an override naming an unknown or wrong-type node.
[[nodiscard]] StepOutput apply(const Score& step, const Framework& framework, const Dataset& data);
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
