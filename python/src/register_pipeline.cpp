#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/pipeline.hpp>
#include <govindex/scoring.hpp>
#include <govindex/results.hpp>

#include <sstream>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_pipeline(py::module_& m) {
    py::class_<Score>(m, "Score",
                      "Step: turn raw evidence into points with a scoring rule per indicator; the column <code> holds "
                      "points given directly, else the rule reads <code>_yes, _level, _rate, _num + _den, _value or _items.")
        .def(py::init([](std::map<std::string, ScoringRule> rules) { return Score{std::move(rules)}; }),
             "rules"_a = std::map<std::string, ScoringRule>{})
        .def_readwrite("rules", &Score::rules, "Indicator code -> scoring rule.")
        .def(py::self == py::self)
        .def("__repr__", [](const Score& s) { return "Score(" + std::to_string(s.rules.size()) + " rules)"; });
    m.def("score_evidence_columns", &score_evidence_columns, "code"_a, "rule"_a,
          "The evidence columns a rule reads for indicator `code` in a Score step.");

    py::class_<Normalise>(m, "Normalise", "Step: normalise every indicator (x * direction, then the method).")
        .def(py::init([](NormaliseMethod method, std::map<std::string, NormaliseMethod> per_node, bool pool_years) {
                 return Normalise{std::move(method), std::move(per_node), pool_years};
             }),
             "method"_a = NormaliseMethod{MinMax{}}, py::kw_only(), "per_node"_a = std::map<std::string, NormaliseMethod>{},
             "pool_years"_a = false)
        .def_readwrite("method", &Normalise::method, "Default method for every indicator.")
        .def_readwrite("per_node", &Normalise::per_node, "Indicator code -> method.")
        .def_readwrite("pool_years", &Normalise::pool_years, "Panel data: one set of parameters over all years.")
        .def(py::self == py::self)
        .def("__repr__", [](const Normalise& s) {
            return "Normalise(" + py::repr(py::cast(s.method)).cast<std::string>() +
                   (s.per_node.empty() ? "" : ", per_node=" + py::repr(py::cast(s.per_node)).cast<std::string>()) + ")";
        });

    py::class_<Aggregate>(m, "Aggregate", "Step: aggregate level by level up to the root.")
        .def(py::init([](AggregateMethod method, std::map<std::string, AggregateMethod> per_node,
                         std::map<std::string, double> weights, std::string weight_set, double min_availability) {
                 return Aggregate{std::move(method), std::move(per_node), std::move(weights), std::move(weight_set),
                                  min_availability};
             }),
             "method"_a = AggregateMethod{ArithmeticMean{}}, py::kw_only(),
             "per_node"_a = std::map<std::string, AggregateMethod>{}, "weights"_a = std::map<std::string, double>{},
             "weight_set"_a = "Original", "min_availability"_a = 0.0)
        .def_readwrite("method", &Aggregate::method, "Default method for every aggregate.")
        .def_readwrite("per_node", &Aggregate::per_node, "Aggregate code -> method.")
        .def_readwrite("weights", &Aggregate::weights, "Node code -> weight, replacing the set's.")
        .def_readwrite("weight_set", &Aggregate::weight_set, "Name of the framework weight set to use.")
        .def_readwrite("min_availability", &Aggregate::min_availability,
                       "Minimum share of non-missing children in a group, else missing (0 = none).")
        .def(py::self == py::self)
        .def("__repr__", [](const Aggregate& s) {
            std::string out = "Aggregate(" + py::repr(py::cast(s.method)).cast<std::string>();
            if (!s.per_node.empty()) out += ", per_node=" + py::repr(py::cast(s.per_node)).cast<std::string>();
            if (!s.weights.empty()) out += ", weights=" + py::repr(py::cast(s.weights)).cast<std::string>();
            return out + ")";
        });

    py::class_<Table>(m, "Table", "Named columns of numbers, text or logicals (a step's side output).")
        .def_property_readonly("names", &Table::names)
        .def_property_readonly("columns", &Table::columns)
        .def("__repr__", [](const Table& t) { std::ostringstream os; os << t; return os.str(); });

    py::class_<ResultRow>(m, "ResultRow", "One row of the results table.")
        .def_readonly("unit_code", &ResultRow::unit_code)
        .def_readonly("unit_name", &ResultRow::unit_name)
        .def_readonly("score", &ResultRow::score)
        .def_readonly("rank", &ResultRow::rank)
        .def_readonly("year", &ResultRow::year);

    py::class_<Results>(m, "Results", "Every step's data set, scores, ranks and the results table.")
        .def_property_readonly("framework", &Results::framework)
        .def("data_set_names", &Results::data_set_names)
        .def("data_set", &Results::data_set, "name"_a, py::return_value_policy::copy)
        .def("scores", &Results::scores, py::return_value_policy::copy)
        .def("ranks", &Results::ranks)
        .def("results_table", &Results::results_table)
        .def("table_names", &Results::table_names)
        .def("table", &Results::table, "name"_a, py::return_value_policy::copy)
        .def("explain", &Results::explain, "unit"_a, "node"_a, "year"_a = std::nullopt);

    py::class_<Pipeline>(m, "Pipeline", "An ordered list of steps.")
        .def(py::init<std::vector<Step>>(), "steps"_a)
        .def_property_readonly("steps", &Pipeline::steps)
        .def("check", &Pipeline::check, "framework"_a)
        .def("run", &Pipeline::run, "framework"_a, "data"_a, py::call_guard<py::gil_scoped_release>())
        .def(py::self == py::self);

    m.def("normalise_method_names", &normalise_method_names, "Names of the normalisation methods.");
    m.def("aggregate_method_names", &aggregate_method_names, "Names of the aggregation methods.");
    m.def("make_normalise_method", &make_normalise_method, "name"_a, "parameters"_a, "where"_a = "",
          "A normalisation method from its name and parameters.");
    m.def("make_aggregate_method", &make_aggregate_method, "name"_a, "parameters"_a, "where"_a = "",
          "An aggregation method from its name and parameters.");
    m.def("rank_descending", &rank_descending, "x"_a, "Descending ranks, ties share the lowest rank, NaN stays NaN.");
}

}  // namespace govindex::python
