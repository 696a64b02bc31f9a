// Improvement plans and what-if (planning.hpp, what_if.hpp).
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/engines/planning/planning.hpp>
#include <govindex/pipeline/what_if.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <govindex/detail/format.hpp>
#include "bindings.hpp"
#include "method_binding.hpp"
#include "progress.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_plan(py::module_& m) {
    checked_class<WhatIf>(m, "WhatIf", "A re-run with one unit's inputs changed, and what moved.")
        .def_readonly("unit", &WhatIf::unit)
        .def_readonly("year", &WhatIf::year)
        .def_readonly("data_set", &WhatIf::data_set)
        .def_readonly("results", &WhatIf::results)
        .def_readonly("changes", &WhatIf::changes)
        .def(py::pickle(
            [](const WhatIf& w) { return py::make_tuple(1, w.unit, w.year, w.data_set, w.results, w.changes); },
            [](const py::tuple& t) {
                if (t.size() != 6 || t[0].cast<int>() != 1)
                    throw InputError("unpickling WhatIf: expected version 1 with 5 values");
                return WhatIf{.unit = t[1].cast<std::string>(),
                              .year = t[2].cast<std::optional<int>>(),
                              .data_set = t[3].cast<std::string>(),
                              .results = t[4].cast<Results>(),
                              .changes = t[5].cast<Table>()};
            }));
    def_function(
        m, "what_if", &what_if, "baseline"_a, "unit"_a, "values"_a, "data_set"_a = "", "year"_a = std::nullopt,
        "texts"_a = std::map<std::string, std::string>{},
        "One unit's values changed in a kept data set, the later steps re-run, and every score and rank that moved.");
    checked_class<ImprovementPlan>(m, "ImprovementPlan",
                                   "The least-cost set of improvements that reaches a target rank.")
        .def_readonly("gap", &ImprovementPlan::gap)
        .def_property_readonly("objective",
                               [](const ImprovementPlan& p) { return std::string(to_string(p.objective)); })
        .def_readonly("status", &ImprovementPlan::status)
        .def_readonly("feasible", &ImprovementPlan::feasible)
        .def_readonly("target_score", &ImprovementPlan::target_score)
        .def_readonly("steps", &ImprovementPlan::steps)
        .def_readonly("cost", &ImprovementPlan::cost)
        .def_readonly("nodes_changed", &ImprovementPlan::nodes_changed)
        .def_readonly("planned_score", &ImprovementPlan::planned_score)
        .def_readonly("achieved_score", &ImprovementPlan::achieved_score)
        .def_readonly("achieved_rank", &ImprovementPlan::achieved_rank)
        .def_readonly("rounds", &ImprovementPlan::rounds)
        .def_readonly("best_score", &ImprovementPlan::best_score)
        .def_readonly("best_rank", &ImprovementPlan::best_rank)
        .def_readonly("success_probability", &ImprovementPlan::success_probability)
        .def_readonly("robust_score", &ImprovementPlan::robust_score)
        .def(py::self == py::self)
        .def(py::pickle(
            [](const ImprovementPlan& p) {
                return py::make_tuple(2, p.gap, std::string(to_string(p.objective)), p.status, p.feasible,
                                      p.target_score, p.steps, p.cost, p.nodes_changed, p.planned_score,
                                      p.achieved_score, p.achieved_rank, p.rounds, p.best_score, p.best_rank,
                                      p.success_probability, p.robust_score, p.run);
            },
            [](const py::tuple& t) {
                // Version 2 adds the fingerprint of the run the plan was made on; a version 1 plan
                // unpickles without it (0), and apply_plan then asks for the plan to be made again.
                const int version = t.size() > 0 ? t[0].cast<int>() : 0;
                if (!((version == 1 && t.size() == 17) || (version == 2 && t.size() == 18)))
                    throw InputError("unpickling ImprovementPlan: expected version 1 with 16 values or 2 with 17");
                ImprovementPlan p;
                p.gap = t[1].cast<TargetGap>();
                p.objective = parse_plan_objective(t[2].cast<std::string>()).value_or(PlanObjective::least_cost);
                p.status = t[3].cast<std::string>();
                p.feasible = t[4].cast<bool>();
                p.target_score = t[5].cast<double>();
                p.steps = t[6].cast<Table>();
                p.cost = t[7].cast<double>();
                p.nodes_changed = t[8].cast<int>();
                p.planned_score = t[9].cast<double>();
                p.achieved_score = t[10].cast<double>();
                p.achieved_rank = t[11].cast<double>();
                p.rounds = t[12].cast<int>();
                p.best_score = t[13].cast<double>();
                p.best_rank = t[14].cast<double>();
                p.success_probability = t[15].cast<double>();
                p.robust_score = t[16].cast<double>();
                p.run = version == 2 ? t[17].cast<std::uint64_t>() : 0;
                return p;
            }));
    def_function(
        m, "plan_improvement",
        [](const Results& results, const std::string& unit, int target_rank, const std::string& node,
           std::optional<int> year, std::optional<std::vector<std::string>> nodes, std::map<std::string, double> costs,
           std::map<std::string, double> caps, std::map<std::string, std::vector<double>> levels,
           std::map<std::string, double> maxima, const std::string& objective,
           std::map<std::string, double> standard_errors, std::optional<double> probability, std::size_t replicates,
           std::uint64_t seed, unsigned threads, py::object progress) {
            const auto parsed = parse_plan_objective(objective);
            if (!parsed)
                throw MethodError(
                    "plan: objective " + detail::in_quotes(objective) + "; expected \"least_cost\" or \"fewest_nodes\"",
                    ErrorLocation{.column = "objective", .expected = "least_cost or fewest_nodes", .found = objective});
            PlanOptions options{.nodes = std::move(nodes),
                                .costs = std::move(costs),
                                .caps = std::move(caps),
                                .levels = std::move(levels),
                                .maxima = std::move(maxima),
                                .objective = *parsed,
                                .standard_errors = std::move(standard_errors),
                                .probability = probability,
                                .replicates = replicates,
                                .seed = seed,
                                .threads = threads,
                                .progress = {}};
            return with_progress(progress, [&](ProgressCallback callback) {
                options.progress = std::move(callback);
                return plan_improvement(results, unit, target_rank, node, year, options);
            });
        },
        "results"_a, "unit"_a, "target_rank"_a, "node"_a = "", "year"_a = std::nullopt, "nodes"_a = std::nullopt,
        "costs"_a = std::map<std::string, double>{}, "caps"_a = std::map<std::string, double>{},
        "levels"_a = std::map<std::string, std::vector<double>>{}, "maxima"_a = std::map<std::string, double>{},
        "objective"_a = "least_cost", "standard_errors"_a = std::map<std::string, double>{},
        "probability"_a = std::nullopt, "replicates"_a = 10000, "seed"_a = 0, "threads"_a = 0,
        "progress"_a = py::none(),
        "The least-cost plan of improvements that reaches a target rank (GIL released while it runs).");
    def_function(m, "apply_plan", &apply_plan, "results"_a, "plan"_a,
                 "The plan's new values set, and the rest re-run.");
}

}  // namespace govindex::python
