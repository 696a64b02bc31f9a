#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/pipeline.hpp>
#include <govindex/results.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_pipeline(py::module_& m) {
    py::class_<Normalise>(m, "Normalise", "Step: normalise every indicator (x * direction, then the method).")
        .def(py::init([](NormaliseMethod method, std::map<std::string, NormaliseMethod> per_node) {
                 return Normalise{std::move(method), std::move(per_node)};
             }),
             "method"_a = NormaliseMethod{MinMax{}}, py::kw_only(), "per_node"_a = std::map<std::string, NormaliseMethod>{})
        .def_readwrite("method", &Normalise::method, "Default method for every indicator.")
        .def_readwrite("per_node", &Normalise::per_node, "Indicator code -> method.")
        .def(py::self == py::self)
        .def("__repr__", [](const Normalise& s) {
            return "Normalise(" + py::repr(py::cast(s.method)).cast<std::string>() +
                   (s.per_node.empty() ? "" : ", per_node=" + py::repr(py::cast(s.per_node)).cast<std::string>()) + ")";
        });

    py::class_<Aggregate>(m, "Aggregate", "Step: aggregate level by level up to the root.")
        .def(py::init([](AggregateMethod method, std::map<std::string, AggregateMethod> per_node,
                         std::map<std::string, double> weights) {
                 return Aggregate{std::move(method), std::move(per_node), std::move(weights)};
             }),
             "method"_a = AggregateMethod{ArithmeticMean{}}, py::kw_only(),
             "per_node"_a = std::map<std::string, AggregateMethod>{}, "weights"_a = std::map<std::string, double>{})
        .def_readwrite("method", &Aggregate::method, "Default method for every aggregate.")
        .def_readwrite("per_node", &Aggregate::per_node, "Aggregate code -> method.")
        .def_readwrite("weights", &Aggregate::weights, "Node code -> weight, replacing the framework's.")
        .def(py::self == py::self)
        .def("__repr__", [](const Aggregate& s) {
            std::string out = "Aggregate(" + py::repr(py::cast(s.method)).cast<std::string>();
            if (!s.per_node.empty()) out += ", per_node=" + py::repr(py::cast(s.per_node)).cast<std::string>();
            if (!s.weights.empty()) out += ", weights=" + py::repr(py::cast(s.weights)).cast<std::string>();
            return out + ")";
        });

    py::class_<ResultRow>(m, "ResultRow", "One row of the results table.")
        .def_readonly("unit_code", &ResultRow::unit_code)
        .def_readonly("unit_name", &ResultRow::unit_name)
        .def_readonly("score", &ResultRow::score)
        .def_readonly("rank", &ResultRow::rank);

    py::class_<Results>(m, "Results", "Every step's data set, scores, ranks and the results table.")
        .def_property_readonly("framework", &Results::framework)
        .def("data_set_names", &Results::data_set_names)
        .def("data_set", &Results::data_set, "name"_a, py::return_value_policy::copy)
        .def("scores", &Results::scores, py::return_value_policy::copy)
        .def("ranks", &Results::ranks)
        .def("results_table", &Results::results_table);

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
