// Analysis: statistics, data availability, correlations (with denominators too), Cronbach's alpha, index weights,
// element removal (analysis.hpp). Plain functions returning Tables, numbers or dicts of arrays; govindex/analysis.py
// makes DataFrames.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <govindex/engines/analysis/analysis.hpp>
#include <govindex/errors.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <govindex/detail/format.hpp>
#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

CorrelationMethod method_of(const std::string& name) {
    const auto m = parse_correlation_method(name);
    if (!m)
        throw error_at<MethodError>({.column = "method", .found = name},
                                    "correlations: unknown method " + detail::in_quotes(name) +
                                        "; expected \"pearson\", \"spearman\" or \"kendall\"");
    return *m;
}

py::dict as_dict(const Correlations& c) {
    py::dict d;
    d["rows"] = c.rows;
    d["columns"] = c.columns;
    d["method"] = std::string(to_string(c.method));
    d["r"] = c.r;
    d["p"] = c.p;
    d["n"] = c.n;
    return d;
}

}  // namespace

void register_analysis(py::module_& m) {
    def_function(
        m, "indicator_statistics",
        [](const Dataset& data, const std::vector<std::string>& columns, double skew_threshold,
           double kurtosis_threshold, double availability_threshold, double non_zero_threshold,
           double unique_threshold) {
            return indicator_statistics(data, columns,
                                        {.skew = skew_threshold,
                                         .kurtosis = kurtosis_threshold,
                                         .availability = availability_threshold,
                                         .non_zero = non_zero_threshold,
                                         .unique = unique_threshold});
        },
        "data"_a, "columns"_a = std::vector<std::string>{}, "skew_threshold"_a = 2.0, "kurtosis_threshold"_a = 3.5,
        "availability_threshold"_a = 0.65, "non_zero_threshold"_a = 0.5, "unique_threshold"_a = 0.5,
        "COINr get_stats: one row per column (all of them when `columns` is empty) as a Table.");
    def_function(m, "data_availability", &data_availability, "data"_a, "framework"_a, "level"_a = 2,
                 "COINr get_data_avail: one row per unit (uCode, Time for panel data), N.Avail, N.Missing, N.Zero, "
                 "Frc.Avail, Frc.NonZero over the framework's indicators, then each group of `level`'s share of its "
                 "indicators available, as a Table.");
    def_function(
        m, "correlations",
        [](const Dataset& data, const std::vector<std::string>& rows, const std::vector<std::string>& columns,
           const std::string& method) { return as_dict(correlations(data, rows, columns, method_of(method))); },
        "data"_a, "rows"_a, "columns"_a, "method"_a = "pearson",
        "Correlations of `rows` against `columns` on pairwise complete units: a dict of rows, columns, method, r, p, "
        "n.");
    def_function(m, "members", &members, "framework"_a, "group"_a, "level"_a,
                 "The tree nodes below `group` at `level`, in framework order.");
    def_function(
        m, "parent_correlations",
        [](const Dataset& data, const Framework& framework, int level, const std::string& method,
           std::optional<double> max_p) {
            return parent_correlations(data, framework, level, method_of(method), max_p);
        },
        "data"_a, "framework"_a, "level"_a, "method"_a = "pearson", "max_p"_a = std::nullopt,
        "Every node of `level` against its parent: a Table of parent, node, correlation, p_value, n.");
    def_function(
        m, "group_correlations",
        [](const Dataset& data, const Framework& framework, int level, int group_level, const std::string& method,
           std::optional<double> max_p, const std::string& group) {
            return group_correlations(data, framework, level, group_level, method_of(method), max_p, group);
        },
        "data"_a, "framework"_a, "level"_a, "group_level"_a, "method"_a = "pearson", "max_p"_a = std::nullopt,
        "group"_a = "",
        "Pairs of nodes of `level` within each group of `group_level`: a Table of group, node1, node2, correlation, "
        "p_value, n.");
    def_function(
        m, "correlation_flags",
        [](const Dataset& data, const Framework& framework, double threshold, const std::string& flag, int level,
           int group_level, const std::string& method, bool use_directions) {
            if (flag != "high" && flag != "low")
                throw error_at<MethodError>(
                    {.column = "flag", .found = flag},
                    "correlation flags: unknown flag " + detail::in_quotes(flag) + "; expected \"high\" or \"low\"");
            return correlation_flags(data, framework, threshold,
                                     flag == "high" ? CorrelationFlag::high : CorrelationFlag::low, level, group_level,
                                     method_of(method), use_directions);
        },
        "data"_a, "framework"_a, "threshold"_a = 0.9, "flag"_a = "high", "level"_a = 1, "group_level"_a = 2,
        "method"_a = "pearson", "use_directions"_a = false,
        "COINr get_corr_flags: the within-group pairs of group_correlations whose correlation is above (high) or "
        "below (low) the threshold, a Table of group, node1, node2, correlation, p_value, n.");
    def_function(
        m, "denominator_correlations",
        [](const Dataset& data, const std::vector<std::string>& columns, const std::string& method,
           std::optional<double> min_abs) {
            return denominator_correlations(data, columns, method_of(method), min_abs);
        },
        "data"_a, "columns"_a = std::vector<std::string>{}, "method"_a = "pearson", "min_abs"_a = std::nullopt,
        "COINr get_denom_corr: each column (default: all) against each denominator of the data set, a Table of "
        "indicator, denominator, correlation, p_value, n sorted by |correlation| descending.");
    def_function(
        m, "cronbach_alpha",
        [](const Dataset& data, const std::vector<std::string>& columns) { return cronbach_alpha(data, columns); },
        "data"_a, "columns"_a, "Cronbach's alpha of some columns (pairwise complete covariances).");
    def_function(
        m, "group_cronbach_alpha",
        [](const Dataset& data, const Framework& framework, const std::string& group, std::optional<int> level) {
            return cronbach_alpha(data, framework, group, level);
        },
        "data"_a, "framework"_a, "group"_a, "level"_a = std::nullopt,
        "Cronbach's alpha of the members of `group` at `level` (default: its children).");
    def_function(
        m, "index_weights", py::overload_cast<const Results&>(&index_weights), "results"_a,
        "Each tree node's share of the index under the weights the run used: a Table iCode, Level, Weight, EffWeight.");
    def_function(m, "framework_index_weights",
                 py::overload_cast<const Framework&, const std::map<std::string, double>&>(&index_weights),
                 "framework"_a, "weights"_a,
                 "Each tree node's share of the index under `weights` (code -> weight of every tree node).");
    def_function(
        m, "remove_elements",
        [](const Results& results, int level, const std::string& node) {
            const ElementRemoval r = remove_elements(results, level, node);
            py::dict d;
            d["node"] = r.node;
            d["removed"] = r.removed;
            d["units"] = r.units;
            d["scores"] = r.scores;
            d["ranks"] = r.ranks;
            d["mean_abs_rank_change"] = r.mean_abs_rank_change;
            return d;
        },
        "results"_a, "level"_a, "node"_a = "",
        "Each element of `level` removed in turn (weight 0) and the aggregate step re-run: a dict of node, removed, "
        "units, scores, ranks, mean_abs_rank_change.");
}

}  // namespace govindex::python
