#pragma once
/// \file what_if.hpp
/// What-if: change some inputs of one unit (raw values, points, survey results, or the values of
/// any data set a run kept, e.g. the normalised values the aggregate step saw), re-run the steps
/// after that data set, and see every score and rank that moved. Works on any Results.
/// Guide: docs/guide/planning.md ("What-if").

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "govindex/pipeline/results.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// A re-run with one unit's inputs changed, and what moved.
struct WhatIf {
    std::string unit;         ///< the unit's code
    std::optional<int> year;  ///< the year changed (panel data)
    std::string data_set;     ///< the data set whose values were changed
    /// The changed run: the baseline's data sets up to `data_set` (that one with the new values),
    /// then the re-run steps' data sets; side tables of the re-run steps only.
    Results results;
    /// One row per (unit, node) whose score or rank moved, the changed unit first, then by node in
    /// the framework's order: unit, year (NaN without), node, score_before, score_after,
    /// rank_before, rank_after (competition ranks within the year, "min" ties).
    Table changes;
};

/// Sets `values` (column code -> new value; NaN = missing) and `texts` (text column -> new text:
/// raw evidence such as a criterion's level "Tốt" or "true" for yes/no, read by a Score step) of
/// `unit` (code or name) in the baseline's data set `data_set` ("" = the run's input, "Raw"), in
/// `year` for panel data, and re-runs the pipeline's steps after that data set. Throws
/// UnknownCodeError for an unknown unit, year, data set or column, MethodError when the baseline
/// has no pipeline or no change is given; errors of the re-run steps pass through.
[[nodiscard]] WhatIf what_if(const Results& baseline, std::string_view unit,
                             const std::map<std::string, double>& values, std::string_view data_set = "",
                             std::optional<int> year = std::nullopt,
                             const std::map<std::string, std::string>& texts = {});

}  // namespace govindex
