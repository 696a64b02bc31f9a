// Unit reports and time trends (unit_report.hpp): plain functions returning Tables or data sets;
// govindex/reports.py makes DataFrames.
#include <pybind11/stl.h>

#include <govindex/errors.hpp>
#include <govindex/pipeline/unit_report.hpp>

#include <optional>
#include <string>
#include <vector>

#include <govindex/detail/format.hpp>
#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_unit_report(py::module_& m) {
    def_function(
        m, "table_levels",
        [](const Framework& framework, const std::string& kind) {
            const auto k = parse_results_table_kind(kind);
            if (!k)
                throw error_at<MethodError>({.column = "table", .found = kind},
                                            "results_table: unknown table " + detail::in_quotes(kind) +
                                                "; expected \"summary\", \"aggregates\" or \"full\"");
            return table_levels(framework, *k);
        },
        "framework"_a, "kind"_a, "The levels of a results table kind (summary, aggregates, full), top level first.");
    def_function(
        m, "results_table",
        [](const Results& results, const std::vector<int>& levels, bool ranks, const std::string& group) {
            py::gil_scoped_release release;
            return results_table(results, {.levels = levels, .ranks = ranks, .group = group});
        },
        "results"_a, "levels"_a, "ranks"_a = false, "group"_a = "",
        "Units best first with scores (or ranks) of the nodes of `levels`, ranks within `group`: a Table.");
    def_function(
        m, "unit_summary",
        [](const Results& results, const std::string& unit, const std::vector<int>& levels, const std::string& group,
           std::optional<int> year) { return unit_summary(results, unit, levels, group, year); },
        "results"_a, "unit"_a, "levels"_a = std::vector<int>{}, "group"_a = "", "year"_a = std::nullopt,
        "One unit's score and rank at every node of `levels`: a Table code, name, level, score, rank[, group_rank].");
    def_function(
        m, "strengths_weaknesses",
        [](const Results& results, const std::string& unit, std::size_t top, std::size_t bottom,
           const std::string& data_set, std::optional<bool> adjust_direction, bool discard_minimum,
           std::optional<double> unique_share, const std::string& group, int report_level, std::optional<int> year) {
            const StrengthsWeaknesses sw = strengths_weaknesses(results, unit,
                                                                {.top = top,
                                                                 .bottom = bottom,
                                                                 .data_set = data_set,
                                                                 .adjust_direction = adjust_direction,
                                                                 .discard_minimum = discard_minimum,
                                                                 .unique_share = unique_share,
                                                                 .group = group,
                                                                 .report_level = report_level},
                                                                year);
            return py::make_tuple(sw.strengths, sw.weaknesses);
        },
        "results"_a, "unit"_a, "top"_a = 5, "bottom"_a = 5, "data_set"_a = "Raw", "adjust_direction"_a = std::nullopt,
        "discard_minimum"_a = true, "unique_share"_a = std::nullopt, "group"_a = "", "report_level"_a = 2,
        "year"_a = std::nullopt,
        "A unit's best and worst indicators by rank: a tuple (strengths, weaknesses) of Tables.");
    def_function(
        m, "trends",
        [](const Dataset& data, const std::vector<std::string>& columns, std::optional<int> start,
           std::optional<int> end) {
            py::gil_scoped_release release;
            return trends(data, columns, start, end);
        },
        "data"_a, "columns"_a = std::vector<std::string>{}, "start"_a = std::nullopt, "end"_a = std::nullopt,
        "Per unit and column of panel data: change and CAGR between two years or over the whole panel (a Table).");
    def_function(
        m, "interpolate",
        [](const Dataset& data, const std::vector<std::string>& columns) {
            py::gil_scoped_release release;
            return interpolate(data, columns);
        },
        "data"_a, "columns"_a = std::vector<std::string>{},
        "The panel with interior gaps filled by linear interpolation in the year (no extrapolation).");
}

}  // namespace govindex::python
