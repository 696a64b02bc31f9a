#pragma once
/// \file analysis_compare.hpp
/// Comparing variants of an index and data sets cell by cell, at parity with COINr's
/// `compare_coins` / `compare_coins_multi` and `compare_df`. docs/guide/analysis.md, "Comparing".

#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "govindex/model/dataset.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// One node's scores and ranks in two or more runs (variants) of an index, against the first.
struct VariantComparison {
    std::string node;                   ///< the node compared
    std::vector<std::string> variants;  ///< the variants' names (columns)
    /// Every unit of any variant: the first variant's in its order, then each later variant's new
    /// units in its order.
    std::vector<std::string> units;
    Eigen::MatrixXd scores;                ///< units x variants, NaN where a unit is not in a variant (or has no score)
    Eigen::MatrixXd ranks;                 ///< each variant's ranks over its own units (rank_descending), NaN likewise
    Eigen::MatrixXd score_differences;     ///< scores minus the first variant's (column 0: 0), NaN where either is
    Eigen::MatrixXd rank_differences;      ///< ranks minus the first variant's (positive: a worse rank)
    Eigen::VectorXd mean_abs_rank_change;  ///< per variant: mean |rank difference| over the units ranked in both
    std::vector<std::string> partial_units;  ///< units missing from (or unscored in) at least one variant
};

/// Compares `node` (default: the first variant's root) in the variants' data set `data_set`
/// (default: their scores, every indicator and aggregate). Units are matched by code. Throws
/// MethodError for fewer than two variants, names not one per variant or repeated, or panel data;
/// UnknownCodeError for a node or data set missing from a variant.
[[nodiscard]] VariantComparison compare_variants(const std::vector<const Results*>& variants,
                                                 const std::vector<std::string>& names, std::string_view node = "",
                                                 std::string_view data_set = "");

/// Where two data sets differ (COINr compare_df): units matched by code, columns by name.
struct DataDifference {
    std::vector<std::string> units_only_in_first, units_only_in_second;      ///< in their data set's order
    std::vector<std::string> columns_only_in_first, columns_only_in_second;  ///< in their data set's order
    std::size_t cells_compared = 0;                                          ///< cells of the units and columns in both
    /// The differing cells of the common units and columns, in the first data set's row-major
    /// order: unit, column, first, second (NaN = missing), difference (second - first).
    Table cells;
};

/// Cells differ when one is missing and the other not, or when |a - b| > max(absolute_tolerance,
/// relative_tolerance * max(|a|, |b|)); two missing cells are equal. Throws MethodError for a
/// negative or NaN tolerance or panel data.
[[nodiscard]] DataDifference compare_data(const Dataset& first, const Dataset& second, double absolute_tolerance = 0.0,
                                          double relative_tolerance = 0.0);

}  // namespace govindex
