// Analysis of structure and variants: PCA, correlation-optimised weights, comparing variants and
// data sets (analysis_pca.hpp, analysis_weights.hpp, analysis_compare.hpp). Plain functions
// returning dicts of arrays and Tables; govindex/analysis.py makes DataFrames.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <govindex/engines/analysis/compare.hpp>
#include <govindex/engines/analysis/pca.hpp>
#include <govindex/engines/analysis/weights.hpp>
#include <govindex/errors.hpp>

#include <optional>
#include <string>
#include <vector>

#include <govindex/detail/format.hpp>
#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

py::dict as_dict(const PrincipalComponents& p) {
    py::dict d;
    d["group"] = p.group;
    d["columns"] = p.columns;
    d["units"] = p.units;
    d["dropped_units"] = p.dropped_units;
    d["means"] = p.means;
    d["sds"] = p.sds;
    d["eigenvalues"] = p.eigenvalues;
    d["proportion"] = p.proportion;
    d["cumulative"] = p.cumulative;
    d["loadings"] = p.loadings;
    d["scores"] = p.scores;
    return d;
}

template <class E>
E parse_or_throw(std::optional<E> parsed, const std::string& name, const std::string& value,
                 const std::string& expected) {
    if (!parsed)
        throw error_at<MethodError>(
            {.column = name, .found = value},
            "optimise weights: unknown " + name + " " + detail::in_quotes(value) + "; expected " + expected);
    return *parsed;
}

}  // namespace

void register_analysis_structure(py::module_& m) {
    def_function(
        m, "principal_components",
        [](const Dataset& data, const std::vector<std::string>& columns) {
            return as_dict(principal_components(data, columns));
        },
        "data"_a, "columns"_a, "PCA of some columns on the complete units: a dict of arrays (see analysis_pca.hpp).");
    def_function(
        m, "group_principal_components",
        [](const Dataset& data, const Framework& framework, const std::string& group, std::optional<int> level) {
            return as_dict(principal_components(data, framework, group, level));
        },
        "data"_a, "framework"_a, "group"_a, "level"_a = std::nullopt,
        "PCA of the members of `group` at `level` (default: its children): a dict of arrays.");
    def_function(
        m, "principal_components_by_group",
        [](const Dataset& data, const Framework& framework, int level) {
            py::list out;
            for (const auto& p : principal_components_by_group(data, framework, level)) out.append(as_dict(p));
            return out;
        },
        "data"_a, "framework"_a, "level"_a,
        "One PCA per group of the nodes of `level` (groups of one member skipped).");
    def_function(
        m, "optimise_weights",
        [](const Results& results, const std::vector<std::string>& nodes, const std::string& group,
           std::optional<int> level, const std::string& objective, const std::vector<double>& target,
           const std::string& method, const std::string& against, const std::string& optimiser, double lower,
           double relative_tolerance, int max_evaluations) {
            WeightOptimisation o;
            o.objective =
                parse_or_throw(parse_weight_objective(objective), "objective", objective, "\"balance\" or \"infomax\"");
            o.target = target;
            o.method = parse_or_throw(parse_correlation_method(method), "method", method,
                                      "\"pearson\", \"spearman\" or \"kendall\"");
            o.against = against;
            o.optimiser = parse_or_throw(parse_weight_optimiser(optimiser), "optimiser", optimiser,
                                         "\"nelder_mead\", \"sbplx\" or \"bobyqa\"");
            o.lower = lower;
            o.relative_tolerance = relative_tolerance;
            o.max_evaluations = max_evaluations;
            OptimisedWeights w;
            {
                py::gil_scoped_release release;
                w = !group.empty() ? optimise_group_weights(results, group, o)
                    : level        ? optimise_level_weights(results, *level, o)
                                   : optimise_weights(results, nodes, o);
            }
            py::dict d;
            d["nodes"] = w.nodes;
            d["against"] = w.against;
            d["objective"] = std::string(to_string(w.objective));
            d["target"] = w.target;
            d["initial_weights"] = w.initial_weights;
            d["weights"] = w.weights;
            d["correlations_before"] = w.correlations_before;
            d["correlations_after"] = w.correlations_after;
            d["objective_before"] = w.objective_before;
            d["objective_value"] = w.objective_value;
            d["evaluations"] = w.evaluations;
            d["status"] = w.status;
            d["converged"] = w.converged;
            return d;
        },
        "results"_a, "nodes"_a = std::vector<std::string>{}, "group"_a = "", "level"_a = std::nullopt,
        "objective"_a = "balance", "target"_a = std::vector<double>{}, "method"_a = "pearson", "against"_a = "",
        "optimiser"_a = "nelder_mead", "lower"_a = 0.0, "relative_tolerance"_a = 1e-6, "max_evaluations"_a = 2000,
        "Correlation-optimised weights of `group`'s children, `level`'s nodes or `nodes`: a dict (see "
        "analysis_weights.hpp).");
    def_function(
        m, "compare_variants",
        [](const std::vector<const Results*>& variants, const std::vector<std::string>& names, const std::string& node,
           const std::string& data_set) {
            const VariantComparison c = compare_variants(variants, names, node, data_set);
            py::dict d;
            d["node"] = c.node;
            d["variants"] = c.variants;
            d["units"] = c.units;
            d["scores"] = c.scores;
            d["ranks"] = c.ranks;
            d["score_differences"] = c.score_differences;
            d["rank_differences"] = c.rank_differences;
            d["mean_abs_rank_change"] = c.mean_abs_rank_change;
            d["partial_units"] = c.partial_units;
            return d;
        },
        "variants"_a, "names"_a, "node"_a = "", "data_set"_a = "",
        "One node's scores and ranks in two or more runs, against the first: a dict (see analysis_compare.hpp).");
    def_function(
        m, "compare_data",
        [](const Dataset& first, const Dataset& second, double absolute_tolerance, double relative_tolerance) {
            const DataDifference c = compare_data(first, second, absolute_tolerance, relative_tolerance);
            py::dict d;
            d["units_only_in_first"] = c.units_only_in_first;
            d["units_only_in_second"] = c.units_only_in_second;
            d["columns_only_in_first"] = c.columns_only_in_first;
            d["columns_only_in_second"] = c.columns_only_in_second;
            d["cells_compared"] = c.cells_compared;
            d["cells"] = c.cells;
            return d;
        },
        "first"_a, "second"_a, "absolute_tolerance"_a = 0.0, "relative_tolerance"_a = 0.0,
        "Where two data sets differ, cell by cell: a dict (see analysis_compare.hpp).");
}

}  // namespace govindex::python
