#pragma once
/// \file step.hpp
/// What every pipeline step returns, and what a column method sees besides the column.
///
/// A step is a value type with
///   static constexpr std::string_view step_name;      // in pipeline files, e.g. "normalise"
///   static constexpr std::string_view data_set_name;  // the data set it makes, e.g. "Normalised"
///   static constexpr auto fields();                    // its parameters (detail/fields.hpp)
/// and a function `StepOutput apply(const TheStep&, const Framework&, const Dataset&)` that checks
/// the step against the framework (throwing MethodError naming the node) and computes.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/aggregate_methods.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// A step's data set, its side tables (e.g. "ScreeningSummary", "TreatmentDetails") and, for the
/// aggregate step, its record of every aggregate.
struct StepOutput {
    Dataset data;
    std::vector<std::pair<std::string, Table>> tables;
    std::vector<AggregationRecord> aggregation;
};

/// What a column method (normalisation, treatment ...) may use besides the column itself:
/// the indicator's framework row (direction, target, attributes such as goalposts) and the units
/// (codes, for a reference unit).
struct ColumnContext {
    const Node& node;
    const Units& units;
};

namespace detail {
/// Runs `cross_section` on each year of a panel and stacks what it gives (data sets in year order,
/// side tables with a Time column in front, aggregation records), or once on a cross-section.
/// Every step applied to a panel goes through it, in a pipeline or called directly.
[[nodiscard]] StepOutput by_year(const Dataset& data, const std::function<StepOutput(const Dataset&)>& cross_section);
}  // namespace detail

}  // namespace govindex
