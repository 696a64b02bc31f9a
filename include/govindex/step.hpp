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

#include "govindex/aggregate.hpp"
#include "govindex/dataset.hpp"
#include "govindex/framework.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// What the aggregate step did at one aggregate, kept by the run: Results::explain and
/// Results::contributions read it (nothing is reconstructed). Matrices are units x children, rows
/// in the order of the step's data set.
struct AggregationRecord {
    std::string node;                   ///< the aggregate's code
    AggregateMethod method;             ///< the method used there (after per-node overrides)
    std::vector<std::string> children;  ///< children codes, the columns of the matrices below
    Eigen::VectorXd weights;            ///< the weights given to the method (weight set and step overrides)
    Eigen::MatrixXd used_weights;       ///< as each unit's aggregate used them: rescaled over the present children, 0 = no part
    std::vector<bool> below_availability;  ///< per unit: blanked by the step's min_availability
    Eigen::MatrixXd contributions;      ///< each child's part of the value (rows add up to it); 0 columns: no additive split
    std::string contribution_rule;      ///< how the value splits, or why it does not

    [[nodiscard]] bool has_split() const { return contributions.cols() == static_cast<Eigen::Index>(children.size()); }
};

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

}  // namespace govindex
