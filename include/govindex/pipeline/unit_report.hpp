#pragma once
/// \file unit_report.hpp
/// Unit reports and time trends over a run or a data set, at parity with COINr's `get_results`,
/// `get_unit_summary`, `get_str_weak` and `get_trends` (CAGR). Rules, COINr correspondence and
/// differences: docs/guide/analysis.md ("Unit reports", "Time trends").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/table.hpp"

namespace govindex {

// --- results tables ------------------------------------------------------------------------------

/// Which levels a results table shows: summary = the index and its children (top two levels),
/// aggregates = every aggregate level, full = every level down to the indicators.
enum class ResultsTableKind { summary, aggregates, full };

/// "summary", "aggregates" or "full".
[[nodiscard]] std::string_view to_string(ResultsTableKind kind);
/// The kind named, nullopt if none is.
[[nodiscard]] std::optional<ResultsTableKind> parse_results_table_kind(std::string_view name);
/// The levels of a kind, top level first (summary of a one-level framework: level 1 only).
[[nodiscard]] std::vector<int> table_levels(const Framework& framework, ResultsTableKind kind);

/// What results_table() shows.
struct ResultsTableOptions {
    std::vector<int> levels;  ///< levels shown, in this order; empty: the summary's
    bool ranks = false;       ///< ranks (1 = best, ties share the lowest) instead of scores
    std::string group;        ///< a unit group column of the data: ranks within each group
};

/// One row per unit, sorted by index score descending (ties keep the data's order, missing last);
/// grouped: by group (in order of first appearance, units without a group last), then score; panel
/// data: year by year (ascending), ranks within the year. Columns: uCode, uName, Time (panel
/// data), the group column (grouped), Rank (of the index, within the group when grouped), then one
/// column per node of the levels in framework order, scores or ranks. A unit with an empty group
/// has NaN ranks when grouped (COINr's NA group). Throws MethodError for a level outside
/// 1..top level, UnknownCodeError for an unknown group column.
[[nodiscard]] Table results_table(const Results& results, const ResultsTableOptions& options = {});

// --- one unit ------------------------------------------------------------------------------------

/// The unit's score and rank at every node of `levels` (default: every aggregate level), top level
/// first, framework order within a level: columns code, name, level, score, rank and, when `group`
/// names a unit group column, group_rank (rank within the unit's group). The unit is found by code
/// or name (NFC-compared); `year` selects the year of panel data (required there). Throws
/// UnknownCodeError for an unknown unit, group column or year, MethodError for a bad level.
[[nodiscard]] Table unit_summary(const Results& results, std::string_view unit, const std::vector<int>& levels = {},
                                 std::string_view group = "", std::optional<int> year = std::nullopt);

/// What strengths_weaknesses() considers.
struct StrengthsOptions {
    std::size_t top = 5;           ///< strengths reported (fewer when fewer indicators qualify)
    std::size_t bottom = 5;        ///< weaknesses reported
    std::string data_set = "Raw";  ///< the data set whose indicator values are ranked
    /// Multiply by each indicator's direction before ranking, so that an indicator with direction -1
    /// ranks high when its value is low; default (nullopt): true for "Raw", false otherwise (later
    /// data sets are already direction-adjusted by normalisation), as COINr.
    std::optional<bool> adjust_direction;
    bool discard_minimum = true;         ///< drop indicators where the unit has the worst rank (COINr min_discard)
    std::optional<double> unique_share;  ///< keep only indicators whose share of unique values is above it
    std::string group;                   ///< rank within the unit's group (a unit group column)
    int report_level = 2;                ///< level of the ancestor reported beside each indicator
};

/// A unit's strengths and weaknesses: its best and worst indicators by rank.
struct StrengthsWeaknesses {
    Table strengths;   ///< the `top` best, best first
    Table weaknesses;  ///< the `bottom` worst, in ascending rank order (worst last), as COINr
};

/// The unit's indicators ranked among all units (or its group): ranks are descending competition
/// ranks of the (direction-adjusted) values, ties sharing the lowest rank; indicators where the
/// unit's value is missing are dropped, and with `discard_minimum` those where its rank is the
/// largest rank of the indicator (the worst value, shared or not). The rest are sorted by rank,
/// ties in framework order (R's order()); strengths are the first `top`, weaknesses the last
/// `bottom`. Columns: code, name, ancestor (the code of the ancestor at `report_level`), rank,
/// value (as in the data set, not adjusted), unit (of measurement). COINr `get_str_weak`. Throws
/// UnknownCodeError for an unknown unit, data set, group column or year; MethodError for `top` or
/// `bottom` of 0 or a report level outside 1..top level.
[[nodiscard]] StrengthsWeaknesses strengths_weaknesses(const Results& results, std::string_view unit,
                                                       const StrengthsOptions& options = {},
                                                       std::optional<int> year = std::nullopt);

// --- time ----------------------------------------------------------------------------------------

/// Per unit and column of panel data, the change between two years: columns uCode, uName, iCode,
/// start (year), end (year), start_value, end_value, change (end - start value), cagr (compound
/// annual growth rate (end / start)^(1 / (end - start years)) - 1; 0 when both values are equal,
/// NaN when the start value is <= 0 or the end value < 0). With `start`/`end` given, the values at
/// those years (NaN where missing); without, each series' first and last observed years (COINr
/// CAGR), NaN with fewer than two observations. Rows by unit (first appearance), then column.
/// `columns` empty: every column. Throws MethodError for data that is not a panel or start >= end,
/// UnknownCodeError for a year or column not in the data.
[[nodiscard]] Table trends(const Dataset& data, const std::vector<std::string>& columns = {},
                           std::optional<int> start = std::nullopt, std::optional<int> end = std::nullopt);

/// The panel with each unit's interior gaps filled by linear interpolation in the year between its
/// nearest observed years before and after (per column); missing values before the first or after
/// the last observation stay missing (no extrapolation), and only existing rows are filled. Filled
/// cells are flagged cell_imputed. `columns` empty: every column. Throws MethodError for data that
/// is not a panel, UnknownCodeError for an unknown column.
[[nodiscard]] Dataset interpolate(const Dataset& data, const std::vector<std::string>& columns = {});

}  // namespace govindex
