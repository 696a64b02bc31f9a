#pragma once
/// \file analysis.hpp
/// Analysis of a data set or a run, at parity with COINr's `get_stats`, `get_data_avail`,
/// `get_corr`, `get_pvals`, `get_denom_corr`, `get_cronbach`, `get_eff_weights` and
/// `remove_elements`. Formulas, the COINr correspondence
/// and the differences are in docs/guide/analysis.md.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/steps/aggregate.hpp"
#include "govindex/table.hpp"

namespace govindex {

// --- indicator statistics ------------------------------------------------------------------------

/// Thresholds of the statistics table's flags (COINr `get_stats` defaults).
struct StatisticsThresholds {
    double skew = 2.0;           ///< Flag.SkewKurt "OUT" when |skew| > skew ...
    double kurtosis = 3.5;       ///< ... and kurtosis > kurtosis
    double availability = 0.65;  ///< Flag.Avail "LOW" when Frc.Avail < availability
    double non_zero = 0.5;       ///< Flag.NonZero "LOW" when N.NonZero / units < non_zero
    double unique = 0.5;         ///< Flag.Unique "LOW" when N.Unique / units < unique
    friend bool operator==(const StatisticsThresholds&, const StatisticsThresholds&) = default;
};

/// One row per column of `data` (all of them when `columns` is empty, else those, in that order):
/// iCode, Min, Max, Mean, Median, Std (n - 1), Skew and Kurt (e1071 type 2, see skewness() and
/// kurtosis() in treat.hpp), N.Avail, N.NonZero, N.Unique, N.Same (the most values sharing one
/// value), Frc.Avail (of all rows), Frc.NonZero, Frc.Unique, Frc.Same (of the available values),
/// and the flags Flag.Avail, Flag.NonZero, Flag.Unique ("ok" or "LOW") and Flag.SkewKurt ("ok" or
/// "OUT"). Statistics of a column without values are NaN. Panel data: all rows (years) pooled.
/// COINr `get_stats` (nsignif = NULL). Throws UnknownCodeError for a column not in `data`.
[[nodiscard]] Table indicator_statistics(const Dataset& data, const std::vector<std::string>& columns = {},
                                         const StatisticsThresholds& thresholds = {});

// --- data availability ---------------------------------------------------------------------------

/// Data availability of each unit (COINr `get_data_avail`, its Summary and ByGroup tables in one):
/// one row per row of `data`: uCode (and Time, for panel data), then over the framework's
/// indicators (level 1, k of them): N.Avail, N.Missing (k - N.Avail), N.Zero (zeros among the
/// available values), Frc.Avail = N.Avail / k, Frc.NonZero = 1 - N.Zero / N.Avail (NaN without
/// values), then one column per node of `level`, named by its code, in framework order: the share
/// of that group's indicators available for the unit. Throws MethodError for a level outside
/// 2..the top level, UnknownCodeError for an indicator that is not a column of `data`.
[[nodiscard]] Table data_availability(const Dataset& data, const Framework& framework, int level = 2);

// --- correlations --------------------------------------------------------------------------------

/// Correlation coefficient: Pearson's r, Spearman's rho (Pearson on average ranks) or Kendall's
/// tau-b.
enum class CorrelationMethod { pearson, spearman, kendall };

/// "pearson", "spearman" or "kendall".
[[nodiscard]] std::string_view to_string(CorrelationMethod method);
/// The method named, nullopt if none is.
[[nodiscard]] std::optional<CorrelationMethod> parse_correlation_method(std::string_view name);

/// Correlations of some columns (rows) against others (columns), each pair on the units where
/// both are present (R's cor(use = "pairwise.complete.obs")).
struct Correlations {
    std::vector<std::string> rows;     ///< codes of the row columns
    std::vector<std::string> columns;  ///< codes of the column columns
    CorrelationMethod method = CorrelationMethod::pearson;
    Eigen::MatrixXd r;  ///< coefficients, NaN when undefined (fewer than 2 pairs, or a constant column)
    Eigen::MatrixXd p;  ///< two-sided p-values (0 for a column with itself), NaN when undefined (< 3 pairs)
    Eigen::MatrixXd n;  ///< number of complete pairs

    /// r with NaN where p > max_p (COINr's `pval` blanking; a NaN p blanks nothing, as in R).
    [[nodiscard]] Eigen::MatrixXd blanked(double max_p) const;
};

/// Correlations of `rows` against `columns` (codes of `data`'s columns). p-values: Pearson's from
/// t = r sqrt((n - 2) / (1 - r^2)) with n - 2 degrees of freedom (R's cor.test); Spearman's from
/// the same t approximation (R's cor.test with exact = FALSE); Kendall's from the normal
/// approximation with ties corrected (R's cor.test with exact = FALSE). Throws UnknownCodeError
/// for a code not in `data`, MethodError for an empty list.
[[nodiscard]] Correlations correlations(const Dataset& data, const std::vector<std::string>& rows,
                                        const std::vector<std::string>& columns,
                                        CorrelationMethod method = CorrelationMethod::pearson);

/// The tree nodes below `group` at `level` (its descendants there; the group itself at its own
/// level), in framework order. Throws UnknownCodeError for an unknown code, MethodError for a
/// level above the group's or below 1.
[[nodiscard]] std::vector<std::string> members(const Framework& framework, std::string_view group, int level);

/// Every node of `level` against its parent (COINr get_corr(withparent = TRUE), long): columns
/// parent, node, correlation, p_value, n, one row per node in framework order. `max_p`: blank
/// (NaN) correlations with p > max_p (nullopt: none). Throws MethodError for the top level.
[[nodiscard]] Table parent_correlations(const Dataset& data, const Framework& framework, int level,
                                        CorrelationMethod method = CorrelationMethod::pearson,
                                        std::optional<double> max_p = std::nullopt);

/// The pairs of nodes of `level` with the same ancestor at `group_level` (COINr get_corr(grouplev),
/// get_corr_flags), each unordered pair once: columns group, node1, node2, correlation, p_value, n.
/// `group`: only that group (MethodError if it has fewer than two members at `level`); otherwise
/// every group, a group with one member giving no row. Throws MethodError unless
/// level < group_level <= the top level.
[[nodiscard]] Table group_correlations(const Dataset& data, const Framework& framework, int level, int group_level,
                                       CorrelationMethod method = CorrelationMethod::pearson,
                                       std::optional<double> max_p = std::nullopt, std::string_view group = "");

/// Which side of the threshold correlation_flags() reports.
enum class CorrelationFlag {
    high,  ///< correlation > threshold (collinear pairs, COINr thresh_type = "high")
    low,   ///< correlation < threshold (e.g. negative pairs, COINr thresh_type = "low")
};

/// The pairs of group_correlations() (nodes of `level` under the same node of `group_level`) whose
/// correlation is strictly above (`high`) or below (`low`) `threshold`, undefined ones dropped
/// (COINr get_corr_flags; its defaults are threshold 0.9, high, level 1, group_level 2). With
/// `use_directions` the correlation is that of the direction-adjusted values (r times both nodes'
/// directions), as COINr's use_directions = TRUE. Columns group, node1, node2, correlation,
/// p_value, n. Throws MethodError for a threshold outside [-1, 1] and as group_correlations().
[[nodiscard]] Table correlation_flags(const Dataset& data, const Framework& framework, double threshold = 0.9,
                                      CorrelationFlag flag = CorrelationFlag::high, int level = 1, int group_level = 2,
                                      CorrelationMethod method = CorrelationMethod::pearson,
                                      bool use_directions = false);

/// Correlations of columns of `data` with each of its denominators (Units::denominator_codes;
/// COINr `get_denom_corr`), each pair on the units where both are present. A long Table: indicator,
/// denominator, correlation, p_value, n; sorted by |correlation| descending (undefined ones last),
/// ties in `columns` then denominator order. `columns`: default every column of `data`. `min_abs`:
/// only the pairs with |correlation| >= min_abs (never an undefined one); nullopt keeps every pair.
/// Throws MethodError when `data` has no denominators or min_abs is outside [0, 1],
/// UnknownCodeError for a code not in `data`.
[[nodiscard]] Table denominator_correlations(const Dataset& data, const std::vector<std::string>& columns = {},
                                             CorrelationMethod method = CorrelationMethod::pearson,
                                             std::optional<double> min_abs = std::nullopt);

// --- consistency ---------------------------------------------------------------------------------

/// Cronbach's alpha of the columns `columns` of `data`: k / (k - 1) * (1 - sum_i var_i / sum_ij
/// cov_ij), covariances on pairwise complete units (COINr get_cronbach, use =
/// "pairwise.complete.obs"). `what` names the group in errors. Throws MethodError for fewer than
/// two columns, UnknownCodeError for a code not in `data`; NaN when the total variance is 0.
[[nodiscard]] double cronbach_alpha(const Dataset& data, const std::vector<std::string>& columns,
                                    std::string_view what = "");

/// Cronbach's alpha of the members of `group` at `level` (see members(); default: the level below).
[[nodiscard]] double cronbach_alpha(const Dataset& data, const Framework& framework, std::string_view group,
                                    std::optional<int> level = std::nullopt);

// --- weights -------------------------------------------------------------------------------------

/// Each tree node's share of the index (COINr get_eff_weights): its weight divided by the sum of
/// its siblings' weights (its own included), times its parent's share; the root has 1. Columns
/// iCode, Level, Weight, EffWeight in framework tree order. `weights`: code -> weight of every
/// tree node (e.g. effective_weights(step, framework) in aggregate.hpp). Throws MethodError for a
/// missing or negative weight, or a group whose weights add up to 0.
[[nodiscard]] Table index_weights(const Framework& framework, const std::map<std::string, double>& weights);

/// The shares of the index under the weights a run's aggregate step used (its aggregation records).
/// Throws MethodError if the run has not aggregated.
[[nodiscard]] Table index_weights(const Results& results);

// --- influence -----------------------------------------------------------------------------------

/// What removing each element of a level in turn does to one node (COINr remove_elements).
struct ElementRemoval {
    std::string node;                      ///< the node whose scores are compared (the index by default)
    std::vector<std::string> removed;      ///< the elements removed, one at a time, in framework order
    std::vector<std::string> units;        ///< unit codes (rows)
    Eigen::MatrixXd scores;                ///< units x (1 + removed): the nominal scores, then each removal's
    Eigen::MatrixXd ranks;                 ///< ranks of `scores` column by column (rank_descending)
    Eigen::VectorXd mean_abs_rank_change;  ///< per column of `ranks`: mean |nominal rank - rank| (nominal: 0)
};

/// Re-runs the run's last aggregate step on its input with each element of `level` given weight 0
/// in turn (its other weights as in the step), and compares `node` (default: the root).
/// Throws MethodError if the run has no pipeline or aggregate step, for panel data, for a level
/// not in 1..top level - 1, or when a removal leaves a group with no positive weight (naming it);
/// UnknownCodeError for an unknown node.
[[nodiscard]] ElementRemoval remove_elements(const Results& results, int level, std::string_view node = "");

}  // namespace govindex
