#pragma once
/// \file aggregate.hpp
/// The aggregate step: aggregates level by level up to the root with the methods of
/// aggregate_methods.hpp, keeping a record of every aggregate (AggregationRecord).

#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "govindex/detail/fields.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/aggregate_methods.hpp"
#include "govindex/steps/step.hpp"

namespace govindex {

/// Aggregate level by level up to the root: each aggregate combines its children's columns
/// with their weights (the framework's weight set `weight_set`, replaced by `weights` where given).
/// A unit whose share of non-missing children in a group is below `min_availability` gets a
/// missing aggregate (COINr `dat_thresh`; 0 = no threshold).
/// Output data set: "Aggregated" (indicators, then aggregates level by level), with the
/// aggregates' standard errors (aggregate_standard_errors) when the input has standard errors.
/// A parent's flags are the bitwise OR of its children's (so suppressed reaches the index).
struct Aggregate {
    static constexpr std::string_view step_name = "aggregate";
    static constexpr std::string_view data_set_name = "Aggregated";
    AggregateMethod method = ArithmeticMean{};        ///< default for every aggregate
    std::map<std::string, AggregateMethod> per_node;  ///< aggregate code -> method
    std::map<std::string, double> weights;            ///< node code -> weight (>= 0), overrides the set's
    std::string weight_set = "Original";              ///< name of the framework weight set to use
    double min_availability = 0.0;                    ///< in [0, 1]: minimum share of non-missing children
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

/// The weights the step gives every tree node: the framework's weight set `weight_set`, replaced by
/// `weights` where given. Throws MethodError for an unknown set or code, a weight that is negative
/// or not finite, or a group left without a positive weight.
[[nodiscard]] std::map<std::string, double> effective_weights(const Aggregate& step, const Framework& framework);

/// Checks what the step's own values must satisfy, without a framework: its methods' parameters,
/// weights (finite, >= 0), weight_set (not empty), min_availability (in [0, 1]). Run when a step is
/// made (Python constructors) and again by check(step, framework). Throws MethodError.
void check(const Aggregate& step);

/// Checks the step against the framework: methods and parameters, per-node and weight codes
/// (NFC, one entry per node), min_availability, the weights. Throws MethodError naming the node.
void check(const Aggregate& step, const Framework& framework);

/// Applies the step (checked first). For panel data each year is aggregated on its own, as in a
/// pipeline. Output data set: "Aggregated" (indicators, then aggregates level by level), with the
/// record of every aggregate.
[[nodiscard]] StepOutput apply(const Aggregate& step, const Framework& framework, const Dataset& data);

namespace detail {
/// The step on one data set as it is (no year split), for a step already checked (Pipeline::run).
[[nodiscard]] StepOutput apply_checked(const Aggregate& step, const Framework& framework, const Dataset& data);
}  // namespace detail

}  // namespace govindex
