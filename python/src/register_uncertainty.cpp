// The uncertainty engine: declared inputs (typed values) and declaration files, the engine (GIL
// released while it runs, progress and Ctrl-C through a callback), its results (picklable, for Dask).
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <govindex/engines/uncertainty/file.hpp>
#include <govindex/engines/uncertainty/uncertainty.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "method_binding.hpp"
#include "progress.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

py::tuple node_state(const NodeUncertainty& n) {
    std::vector<std::vector<double>> sums, squares;
    for (const auto& s : n.score_sum) sums.push_back(s.partials);
    for (const auto& s : n.score_square_sum) squares.push_back(s.partials);
    return py::make_tuple(n.node, n.nominal_score, n.nominal_rank, n.rank_counts, sums, squares, n.score_min,
                          n.score_max, n.score_histogram, n.score_low, n.score_high);
}

NodeUncertainty node_from_state(const py::tuple& t) {
    if (t.size() != 11)
        throw InputError("unpickling UncertaintyResult: expected 11 values per node, found " +
                         std::to_string(t.size()));
    NodeUncertainty n;
    n.node = t[0].cast<std::string>();
    n.nominal_score = t[1].cast<Eigen::VectorXd>();
    n.nominal_rank = t[2].cast<Eigen::VectorXd>();
    n.rank_counts = t[3].cast<Eigen::Matrix<std::uint64_t, Eigen::Dynamic, Eigen::Dynamic>>();
    for (auto& p : t[4].cast<std::vector<std::vector<double>>>()) n.score_sum.push_back(ExactSum{std::move(p)});
    for (auto& p : t[5].cast<std::vector<std::vector<double>>>()) n.score_square_sum.push_back(ExactSum{std::move(p)});
    n.score_min = t[6].cast<Eigen::VectorXd>();
    n.score_max = t[7].cast<Eigen::VectorXd>();
    n.score_histogram = t[8].cast<Eigen::Matrix<std::uint64_t, Eigen::Dynamic, Eigen::Dynamic>>();
    n.score_low = t[9].cast<Eigen::VectorXd>();
    n.score_high = t[10].cast<Eigen::VectorXd>();
    return n;
}

}  // namespace

void register_uncertainty(py::module_& m) {
    bind_value_type<WeightNoise>(
        m, "WeightNoise",
        "Uncertain input: relative uniform noise on weights, w (1 + factor (2u - 1)), at levels "
        "and/or nodes, each perturbed group rescaled to its nominal sum (COINr get_noisy_weights).",
        {.positional = {"factor"},
         .expected = {{"factor", "a number in [0, 1)"},
                      {"levels", "a list of levels (int)"},
                      {"nodes", "a list of node codes (str)"},
                      {"renormalise", "True or False"},
                      {"name", "a str"}}});
    bind_value_type<StepChoice>(
        m, "StepChoice",
        "Uncertain input: each replicate uses one of the alternatives (steps of one type, e.g. "
        "Normalise steps with other methods) in place of the pipeline's step of that type.",
        {.positional = {"alternatives"},
         .required = {"alternatives"},
         .expected = {
             {"alternatives", "a list of steps of one type (a method goes in its step, e.g. Normalise(MinMax()))"},
             {"name", "a str"}}});
    bind_value_type<IndicatorExclusion>(m, "IndicatorExclusion",
                                        "Uncertain input: indicators dropped at random (each with a probability, or "
                                        "exactly one per replicate with leave_one_out); never the last of its group.",
                                        {.expected = {{"indicators", "a list of indicator codes (str)"},
                                                      {"probability", "a number in (0, 1)"},
                                                      {"leave_one_out", "True or False"},
                                                      {"name", "a str"}}});
    bind_value_type<DataNoise>(m, "DataNoise",
                               "Uncertain input: normal noise from standard errors, x + se z, per cell of "
                               "the input (columns) or per unit on an aggregate's value (node); missing "
                               "values stay missing.",
                               {.expected = {{"columns", "a list of indicator codes (str)"},
                                             {"node", "an aggregate code (str)"},
                                             {"standard_errors", "a dict of unit code -> number"},
                                             {"name", "a str"}}});

    bind_value_type<AnalysisSettings>(m, "AnalysisSettings",
                                      "How to run an analysis, from a declaration file's [analysis] table: replicates, "
                                      "seed, tracked nodes, year (None or empty: not given).");
    bind_value_type<UncertaintyDeclaration>(
        m, "UncertaintyDeclaration", "An uncertainty declaration file: the uncertain inputs and the analysis settings.",
        {.positional = {"inputs"}});
    def_function(m, "read_uncertain_inputs", &read_uncertain_inputs, "path"_a,
                 "Reads an uncertainty declaration file (TOML).");
    def_function(m, "parse_uncertain_inputs", &parse_uncertain_inputs, "text"_a, "source"_a = "<string>",
                 "Parses uncertainty declaration TOML text.");
    def_function(m, "format_uncertain_inputs",
                 py::overload_cast<const UncertaintyDeclaration&>(&format_uncertain_inputs), "declaration"_a,
                 "The declaration as TOML text.");
    def_function(
        m, "write_uncertain_inputs",
        py::overload_cast<const UncertaintyDeclaration&, const std::filesystem::path&>(&write_uncertain_inputs),
        "declaration"_a, "path"_a, "Writes an uncertainty declaration file (TOML).");

    checked_class<NodeUncertainty>(m, "NodeUncertainty", "What an uncertainty analysis knows of one tracked node.")
        .def_readonly("node", &NodeUncertainty::node)
        .def_readonly("nominal_score", &NodeUncertainty::nominal_score)
        .def_readonly("nominal_rank", &NodeUncertainty::nominal_rank)
        .def_readonly("rank_counts", &NodeUncertainty::rank_counts,
                      "units x (units + 1): replicates with rank r (last: missing)")
        .def_readonly("score_min", &NodeUncertainty::score_min)
        .def_readonly("score_max", &NodeUncertainty::score_max)
        .def_readonly("score_histogram", &NodeUncertainty::score_histogram)
        .def_readonly("score_low", &NodeUncertainty::score_low)
        .def_readonly("score_high", &NodeUncertainty::score_high);

    checked_class<UncertaintyResult>(m, "UncertaintyResult",
                                     "Statistics per unit of an uncertainty analysis (or of a range of it).")
        .def_property_readonly("unit_codes", &UncertaintyResult::unit_codes)
        .def_property_readonly("unit_names", &UncertaintyResult::unit_names)
        .def_property_readonly("input_names", &UncertaintyResult::input_names)
        .def_property_readonly("seed", &UncertaintyResult::seed)
        .def_property_readonly("replicates", &UncertaintyResult::replicates)
        .def_property_readonly("begin", &UncertaintyResult::begin)
        .def_property_readonly("end", &UncertaintyResult::end)
        .def_property_readonly("complete", &UncertaintyResult::complete)
        .def_property_readonly("nodes", &UncertaintyResult::nodes)
        .def("node", &UncertaintyResult::node, "code"_a = "", py::return_value_policy::copy)
        .def("mean_rank_shift", &UncertaintyResult::mean_rank_shift)
        .def("summary", &UncertaintyResult::summary, "node"_a = "")
        .def("top_probabilities", &UncertaintyResult::top_probabilities, "node"_a = "")
        .def("rank_quantile", &UncertaintyResult::rank_quantile, "node"_a, "unit"_a, "p"_a)
        .def("score_quantile", &UncertaintyResult::score_quantile, "node"_a, "unit"_a, "p"_a)
        .def_property_readonly("replicate_scores", &UncertaintyResult::replicate_scores)
        .def_property_readonly("replicate_ranks", &UncertaintyResult::replicate_ranks)
        .def_property_readonly("replicate_parameters", &UncertaintyResult::replicate_parameters)
        .def_property_readonly("parameter_names", &UncertaintyResult::parameter_names)
        .def("merged", &UncertaintyResult::merged, "next"_a)
        .def(py::self == py::self)
        .def("__repr__",
             [](const UncertaintyResult& r) {
                 return "UncertaintyResult(" + std::to_string(r.unit_codes().size()) + " units, replicates " +
                        std::to_string(r.begin()) + ".." + std::to_string(r.end()) + " of " +
                        std::to_string(r.replicates()) + ", seed " + std::to_string(r.seed()) + ")";
             })
        .def(py::pickle(
            [](const UncertaintyResult& r) {
                py::list nodes;
                for (const auto& n : r.nodes()) nodes.append(node_state(n));
                return py::make_tuple(pickle_version, r.unit_codes(), r.unit_names(), r.input_names(), nodes,
                                      r.rank_shift_sum().partials, r.seed(), r.replicates(), r.begin(), r.end(),
                                      r.replicate_scores(), r.replicate_ranks(), r.replicate_parameters(),
                                      r.parameter_names());
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "UncertaintyResult", 13);
                std::vector<NodeUncertainty> nodes;
                for (const auto& item : state[4].cast<py::list>())
                    nodes.push_back(node_from_state(item.cast<py::tuple>()));
                UncertaintyResult r(
                    state[1].cast<std::vector<std::string>>(), state[2].cast<std::vector<std::string>>(),
                    state[3].cast<std::vector<std::string>>(), std::move(nodes),
                    ExactSum{state[5].cast<std::vector<double>>()}, state[6].cast<std::uint64_t>(),
                    state[7].cast<std::size_t>(), state[8].cast<std::size_t>(), state[9].cast<std::size_t>());
                auto scores = state[10].cast<std::vector<Eigen::MatrixXd>>();
                if (!scores.empty())
                    r.keep(std::move(scores), state[11].cast<std::vector<Eigen::MatrixXd>>(),
                           state[12].cast<Eigen::MatrixXd>(), state[13].cast<std::vector<std::string>>());
                return r;
            }));

    checked_class<SensitivityResult>(m, "SensitivityResult",
                                     "Sobol' indices of every input for every output of a sensitivity analysis.")
        .def_readonly("input_names", &SensitivityResult::input_names)
        .def_readonly("unit_codes", &SensitivityResult::unit_codes)
        .def_readonly("output_names", &SensitivityResult::output_names)
        .def_readonly("indices", &SensitivityResult::indices)
        .def_readonly("design", &SensitivityResult::design)
        .def_readonly("runs", &SensitivityResult::runs)
        .def(py::self == py::self)
        .def(members_pickle<SensitivityResult>("SensitivityResult", unchecked, &SensitivityResult::input_names,
                                               &SensitivityResult::unit_codes, &SensitivityResult::output_names,
                                               &SensitivityResult::indices, &SensitivityResult::design,
                                               &SensitivityResult::runs));

    checked_class<SampledRun>(m, "SampledRun", "One replicate's settings as a pipeline and a data set.")
        .def_readonly("pipeline", &SampledRun::pipeline)
        .def_readonly("data", &SampledRun::data);

    checked_class<UncertaintyEngine>(m, "UncertaintyEngine",
                                     "The pipeline compiled once for a framework, a data set and uncertain inputs.")
        .def(py::init([](Framework framework, Pipeline pipeline, Dataset data, std::vector<UncertainInput> inputs,
                         std::vector<std::string> nodes, std::optional<int> year) {
                 py::gil_scoped_release release;
                 return std::make_unique<UncertaintyEngine>(std::move(framework), std::move(pipeline), std::move(data),
                                                            std::move(inputs), std::move(nodes), year);
             }),
             "framework"_a, "pipeline"_a, "data"_a, "inputs"_a, py::kw_only(), "nodes"_a = std::vector<std::string>{},
             "year"_a = std::nullopt)
        .def_property_readonly("framework", &UncertaintyEngine::framework, py::return_value_policy::copy)
        .def_property_readonly("pipeline", &UncertaintyEngine::pipeline, py::return_value_policy::copy)
        .def_property_readonly("data", &UncertaintyEngine::data, py::return_value_policy::copy)
        .def_property_readonly("inputs", &UncertaintyEngine::inputs, py::return_value_policy::copy)
        .def_property_readonly("tracked_nodes", &UncertaintyEngine::tracked_nodes, py::return_value_policy::copy)
        .def_property_readonly("year", &UncertaintyEngine::year)
        .def_property_readonly("input_names", &UncertaintyEngine::input_names)
        .def_property_readonly("dimensions", &UncertaintyEngine::dimensions)
        .def("nominal", &UncertaintyEngine::nominal, py::return_value_policy::copy)
        .def("sampled_run", &UncertaintyEngine::sampled_run, "seed"_a, "index"_a)
        .def("replicate_scores", &UncertaintyEngine::replicate_scores, "seed"_a, "index"_a)
        .def("evaluate", &UncertaintyEngine::evaluate, "uniforms"_a)
        .def(
            "uncertainty",
            [](const UncertaintyEngine& e, std::size_t replicates, std::uint64_t seed, unsigned threads,
               std::size_t begin, std::optional<std::size_t> end, bool keep_replicates, py::object progress) {
                return with_progress(progress, [&](ProgressCallback callback) {
                    return e.uncertainty(
                        UncertaintyOptions{replicates, seed, threads, begin, end, keep_replicates, callback});
                });
            },
            py::kw_only(), "replicates"_a = 1000, "seed"_a = 0, "threads"_a = 0, "begin"_a = 0, "end"_a = std::nullopt,
            "keep_replicates"_a = false, "progress"_a = py::none())
        .def(
            "sensitivity",
            [](const UncertaintyEngine& e, std::size_t base_samples, std::uint64_t seed, unsigned threads,
               std::size_t resamples, double confidence, py::object progress) {
                return with_progress(progress, [&](ProgressCallback callback) {
                    return e.sensitivity(
                        SensitivityOptions{base_samples, seed, threads, resamples, confidence, callback});
                });
            },
            py::kw_only(), "base_samples"_a = 1000, "seed"_a = 0, "threads"_a = 0, "resamples"_a = 1000,
            "confidence"_a = 0.95, "progress"_a = py::none());
    m.attr("replicate_block") = replicate_block;
}

}  // namespace govindex::python
