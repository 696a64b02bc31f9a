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

#include <string>
#include <utility>
#include <vector>

#include "govindex/dataset.hpp"
#include "govindex/framework.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// A step's data set and its side tables (e.g. "ScreeningSummary", "TreatmentDetails").
struct StepOutput {
    Dataset data;
    std::vector<std::pair<std::string, Table>> tables;
};

/// What a column method (normalisation, treatment ...) may use besides the column itself:
/// the indicator's framework row (direction, target, attributes such as goalposts) and the units
/// (codes, for a reference unit).
struct ColumnContext {
    const Node& node;
    const Units& units;
};

}  // namespace govindex
