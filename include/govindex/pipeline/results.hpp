#pragma once
/// \file results.hpp
/// What a pipeline run gives: every step's data set, scores and ranks of every node, and the
/// results table (index score and rank, sorted) as COINr's `get_results` gives it.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/step.hpp"
#include "govindex/table.hpp"

namespace govindex {

class Pipeline;

/// Descending competition ranks: the highest value gets 1, ties share the lowest rank
/// ("min", as R's rank(-x, ties.method = "min")), NaN stays NaN.
[[nodiscard]] Eigen::VectorXd rank_descending(const Eigen::VectorXd& x);

/// One row of the results table.
struct ResultRow {
    std::string unit_code;
    std::string unit_name;
    double score = 0.0;       ///< index score (NaN = missing)
    double rank = 0.0;        ///< rank of the index score (NaN = missing); within the year for panels
    std::optional<int> year;  ///< the year (panel data only)
    friend bool operator==(const ResultRow&, const ResultRow&) = default;
};

/// The data sets of a run, by name ("Raw", "Normalised", "Aggregated", ...), in step order.
class Results {
public:
    Results(Framework framework, std::vector<std::pair<std::string, Dataset>> data_sets,
            std::vector<std::pair<std::string, Table>> tables = {}, std::shared_ptr<const Pipeline> pipeline = nullptr,
            std::vector<AggregationRecord> aggregation = {});

    [[nodiscard]] const Framework& framework() const { return framework_; }
    /// Names of the kept data sets, in step order.
    [[nodiscard]] std::vector<std::string> data_set_names() const;
    /// One kept data set; throws UnknownCodeError listing the names there are.
    [[nodiscard]] const Dataset& data_set(std::string_view name) const;
    /// Names of the steps' side tables (e.g. "ScreeningSummary"), in step order.
    [[nodiscard]] std::vector<std::string> table_names() const;
    /// One side table; throws UnknownCodeError listing the names there are.
    [[nodiscard]] const Table& table(std::string_view name) const;
    /// Scores of every node (the last data set that has the root column); throws MethodError if
    /// no step has aggregated up to the root.
    [[nodiscard]] const Dataset& scores() const;
    /// Ranks of every column of scores() (see rank_descending); for panel data, within each year.
    [[nodiscard]] Dataset ranks() const;
    /// How one unit's value of one node came about: the value in every kept data set, the
    /// method and its parameters at each step, the column statistics the method used and, for an
    /// aggregate, each child's score, weight and contribution from the run's record. Columns:
    /// data_set, node, value, weight, contribution (aggregates' children), flags, explanation.
    /// `year` selects the year of panel data. Throws UnknownCodeError.
    [[nodiscard]] Table explain(std::string_view unit, std::string_view node,
                                std::optional<int> year = std::nullopt) const;
    /// What the aggregate step did at every aggregate (level by level), as the run recorded it.
    [[nodiscard]] const std::vector<AggregationRecord>& aggregation_records() const { return aggregation_; }
    /// The record of one aggregate; throws UnknownCodeError (MethodError if nothing was aggregated).
    [[nodiscard]] const AggregationRecord& aggregation_record(std::string_view node) const;
    /// The weights as each unit's value of an aggregate used them (units x children, rows as in the
    /// "Aggregated" data set): rescaled over the present children (WeightedSum: as given, times its
    /// scale); 0 for a child that took no part. From the aggregate's record.
    [[nodiscard]] Eigen::MatrixXd used_weights(std::string_view node) const;
    /// Every unit's contributions of the children of an aggregate (units x children, each row adding
    /// up to the unit's value; NaN rows where it is missing), from the aggregate's record by the
    /// method's rule (contribution_rule()). Throws MethodError for a method without an additive split.
    [[nodiscard]] Eigen::MatrixXd contribution_matrix(std::string_view node) const;
    /// Each child's contribution to one unit's value of an aggregate, in the aggregate's units,
    /// adding up to its value: columns node, parent, value, weight (as used), contribution, share
    /// (contribution / the aggregate's value). `to_leaves`: down to the indicators, each child's
    /// contribution passed on to its own children in proportion to theirs (weight = the product of
    /// the used weights on the way). Throws MethodError where a method has no additive split
    /// (contribution_rule() says why), UnknownCodeError for an unknown unit or node.
    [[nodiscard]] Table contributions(std::string_view unit, std::string_view node,
                                      std::optional<int> year = std::nullopt, bool to_leaves = false) const;
    /// Units sorted by index score, descending (ties keep input order, missing last); for panel
    /// data, year by year.
    [[nodiscard]] std::vector<ResultRow> results_table() const;
    /// Every kept data set with its name, in step order (what the Results was made from).
    [[nodiscard]] const std::vector<std::pair<std::string, Dataset>>& data_sets() const { return data_sets_; }
    /// Every side table with its name, in step order.
    [[nodiscard]] const std::vector<std::pair<std::string, Table>>& tables() const { return tables_; }
    /// The pipeline that made the results; nullptr if not known.
    [[nodiscard]] const std::shared_ptr<const Pipeline>& pipeline() const { return pipeline_; }

private:
    /// The row of `data` whose unit code or name (NFC) is `unit` and, when `year` is given, whose
    /// Time is that year; nullopt if none.
    [[nodiscard]] static std::optional<Eigen::Index> unit_row(const Dataset& data, std::string_view unit,
                                                              std::optional<int> year);

    Framework framework_;
    std::vector<std::pair<std::string, Dataset>> data_sets_;
    std::vector<std::pair<std::string, Table>> tables_;
    std::shared_ptr<const Pipeline> pipeline_;
    std::vector<AggregationRecord> aggregation_;
};

}  // namespace govindex
