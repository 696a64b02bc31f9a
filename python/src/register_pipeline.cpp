#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/pipeline/pipeline.hpp>
#include <govindex/pipeline/results.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_pipeline(py::module_& m) {
    checked_class<Table>(m, "Table", "Named columns of numbers, text or logicals (a step's side output).")
        .def_property_readonly("names", &Table::names)
        .def_property_readonly("columns", &Table::columns)
        .def(py::self == py::self)
        .def("__repr__",
             [](const Table& t) {
                 std::ostringstream os;
                 os << t;
                 return os.str();
             })
        .def(py::pickle(
            [](const Table& t) {
                // Each column with the index of its kind (numbers, text, logicals), so that an empty
                // column keeps its kind.
                py::list columns;
                for (const auto& c : t.columns())
                    columns.append(py::make_tuple(c.index(), std::visit([](const auto& v) { return py::cast(v); }, c)));
                return py::make_tuple(pickle_version, t.names(), columns);
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Table", 2);
                const auto names = state[1].cast<std::vector<std::string>>();
                const auto columns = state[2].cast<std::vector<std::pair<std::size_t, py::object>>>();
                if (names.size() != columns.size())
                    throw InputError("unpickling Table: expected as many columns as names (" +
                                     std::to_string(names.size()) + "), found " + std::to_string(columns.size()));
                Table t;
                for (std::size_t i = 0; i < names.size(); ++i) {
                    const auto& [kind, values] = columns[i];
                    switch (kind) {
                        case 0:
                            t.add(names[i], values.cast<std::vector<double>>());
                            break;
                        case 1:
                            t.add(names[i], values.cast<std::vector<std::string>>());
                            break;
                        case 2:
                            t.add(names[i], values.cast<std::vector<std::optional<bool>>>());
                            break;
                        default:
                            throw InputError("unpickling Table: column " + names[i] +
                                             ": expected kind 0 (numbers), 1 (text) or 2 (logicals), found " +
                                             std::to_string(kind));
                    }
                }
                return t;
            }));

    checked_class<ResultRow>(m, "ResultRow", "One row of the results table.")
        .def_readonly("unit_code", &ResultRow::unit_code)
        .def_readonly("unit_name", &ResultRow::unit_name)
        .def_readonly("score", &ResultRow::score)
        .def_readonly("rank", &ResultRow::rank)
        .def_readonly("year", &ResultRow::year)
        .def(py::self == py::self)
        .def(members_pickle<ResultRow>("ResultRow", unchecked, &ResultRow::unit_code, &ResultRow::unit_name,
                                       &ResultRow::score, &ResultRow::rank, &ResultRow::year));

    checked_class<Results>(m, "Results", "Every step's data set, scores, ranks and the results table.")
        .def_property_readonly("framework", &Results::framework)
        .def("data_set_names", &Results::data_set_names)
        .def("data_set", &Results::data_set, "name"_a, py::return_value_policy::copy)
        .def("scores", &Results::scores, py::return_value_policy::copy)
        .def("ranks", &Results::ranks)
        .def("results_table", &Results::results_table)
        .def("table_names", &Results::table_names)
        .def("table", &Results::table, "name"_a, py::return_value_policy::copy)
        .def("explain", &Results::explain, "unit"_a, "node"_a, "year"_a = std::nullopt)
        .def("contributions", &Results::contributions, "unit"_a, "node"_a, "year"_a = std::nullopt,
             "to_leaves"_a = false,
             "Each child's (or leaf's) contribution to one unit's value of an aggregate, adding up to it.")
        .def("aggregation_record", &Results::aggregation_record, "node"_a, py::return_value_policy::copy,
             "What the aggregate step did at one aggregate, as the run recorded it.")
        .def("aggregation_records", &Results::aggregation_records, py::return_value_policy::copy,
             "The records of every aggregate, level by level.")
        .def("used_weights", &Results::used_weights, "node"_a,
             "The weights as each unit's value of an aggregate used them (units x children).")
        .def("contribution_matrix", &Results::contribution_matrix, "node"_a,
             "Every unit's contributions of the children of an aggregate (units x children).")
        .def(
            "__eq__",
            [](const Results& a, const Results& b) {
                const bool same_pipeline =
                    a.pipeline() == b.pipeline() || (a.pipeline() && b.pipeline() && *a.pipeline() == *b.pipeline());
                return a.framework() == b.framework() && a.data_sets() == b.data_sets() && a.tables() == b.tables() &&
                       same_pipeline && a.aggregation_records() == b.aggregation_records();
            },
            py::is_operator())
        .def("__repr__",
             [](const Results& r) {
                 std::string names;
                 for (const auto& n : r.data_set_names()) names += (names.empty() ? "" : ", ") + n;
                 return "Results(data sets: " + names + ")";
             })
        .def(py::pickle(
            [](const Results& r) {
                py::list records;
                for (const auto& a : r.aggregation_records())
                    records.append(py::make_tuple(a.node, a.method, a.children, a.weights, a.below_availability));
                return py::make_tuple(pickle_version, r.framework(), r.data_sets(), r.tables(),
                                      r.pipeline() ? py::cast(*r.pipeline()) : py::none(), records);
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Results", 5);
                auto pipeline =
                    state[4].is_none() ? nullptr : std::make_shared<const Pipeline>(state[4].cast<Pipeline>());
                std::vector<AggregationRecord> records;
                for (const auto& item : state[5].cast<py::list>()) {
                    const auto t = item.cast<py::tuple>();
                    records.push_back(AggregationRecord{t[0].cast<std::string>(), t[1].cast<AggregateMethod>(),
                                                        t[2].cast<std::vector<std::string>>(),
                                                        t[3].cast<Eigen::VectorXd>(), t[4].cast<std::vector<bool>>()});
                }
                return Results(state[1].cast<Framework>(),
                               state[2].cast<std::vector<std::pair<std::string, Dataset>>>(),
                               state[3].cast<std::vector<std::pair<std::string, Table>>>(), std::move(pipeline),
                               std::move(records));
            }));

    checked_class<AggregationRecord>(m, "AggregationRecord",
                                     "What the aggregate step did at one aggregate: method, weights, contributions.")
        .def_readonly("node", &AggregationRecord::node)
        .def_readonly("method", &AggregationRecord::method)
        .def_readonly("children", &AggregationRecord::children)
        .def_readonly("weights", &AggregationRecord::weights)
        .def_readonly("below_availability", &AggregationRecord::below_availability)
        .def_property_readonly("contribution_rule", &AggregationRecord::contribution_rule)
        .def_property_readonly("has_split", &AggregationRecord::has_split)
        .def("__repr__", [](const AggregationRecord& r) {
            return "AggregationRecord(node='" + r.node +
                   "', method=" + py::repr(py::cast(r.method)).cast<std::string>() + ", " +
                   std::to_string(r.children.size()) + " children)";
        });

    checked_class<Pipeline>(m, "Pipeline", "An ordered list of steps.")
        .def(py::init<std::vector<Step>>(), "steps"_a)
        .def_property_readonly("steps", &Pipeline::steps)
        .def("check", &Pipeline::check, "framework"_a)
        .def("run", &Pipeline::run, "framework"_a, "data"_a, py::call_guard<py::gil_scoped_release>())
        .def(py::self == py::self)
        .def("__repr__",
             [](const Pipeline& p) {
                 std::string out = "Pipeline([";
                 for (std::size_t i = 0; i < p.steps().size(); ++i) {
                     if (i > 0) out += ", ";
                     out += py::repr(py::cast(p.steps()[i])).cast<std::string>();
                 }
                 out += "])";
                 return out;
             })
        .def(py::pickle([](const Pipeline& p) { return py::make_tuple(pickle_version, p.steps()); },
                        [](const py::tuple& state) {
                            check_pickle_state(state, "Pipeline", 1);
                            return Pipeline(state[1].cast<std::vector<Step>>());
                        }));

    def_function(m, "normalise_method_names", &normalise_method_names, "Names of the normalisation methods.");
    def_function(m, "aggregate_method_names", &aggregate_method_names, "Names of the aggregation methods.");
    def_function(m, "make_normalise_method", &make_normalise_method, "name"_a, "parameters"_a, "where"_a = "",
                 "A normalisation method from its name and parameters.");
    def_function(m, "make_aggregate_method", &make_aggregate_method, "name"_a, "parameters"_a, "where"_a = "",
                 "An aggregation method from its name and parameters.");
    def_function(m, "rank_descending", &rank_descending, "x"_a,
                 "Descending ranks, ties share the lowest rank, NaN stays NaN.");
}

}  // namespace govindex::python
