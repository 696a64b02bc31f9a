#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <govindex/model/framework.hpp>
#include <govindex/model/io.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_framework(py::module_& m) {
    checked_enum<NodeType>(m, "NodeType", "What a framework row describes.")
        .value("indicator", NodeType::indicator)
        .value("aggregate", NodeType::aggregate)
        .value("group", NodeType::group)
        .value("denominator", NodeType::denominator)
        .value("other", NodeType::other);

    checked_class<Node>(m, "Node", "One row of a framework (COINr iMeta row).")
        .def(py::init<>())
        .def_readwrite("code", &Node::code, "Unique code (iCode).")
        .def_readwrite("name", &Node::name, "Display name (iName), UTF-8.")
        .def_readwrite("type", &Node::type, "Indicator, aggregate, or a data-column type.")
        .def_readwrite("level", &Node::level, "1 = indicator; parent level = child level + 1; 0 outside the tree.")
        .def_readwrite("parent", &Node::parent, "Code of the parent; empty at the root.")
        .def_readwrite("direction", &Node::direction, "+1: higher is better; -1: lower is better.")
        .def_readwrite("weight", &Node::weight, "Weight >= 0, relative within the parent's children; NaN = not given.")
        .def_readwrite("unit", &Node::unit, "Unit of measurement.")
        .def_readwrite("target", &Node::target, "Target value; NaN = none.")
        .def_readwrite("denominator", &Node::denominator, "Code of a denominator column; empty = none.")
        .def_readwrite("attributes", &Node::attributes, "Further framework columns, raw text.")
        .def_property(
            "source", [](const Node& n) { return n.origin.file; },
            [](Node& n, std::string s) { n.origin.file = std::move(s); },
            "File (or 'DataFrame') the row came from, for error messages.")
        .def_property(
            "line", [](const Node& n) { return n.origin.line; }, [](Node& n, long l) { n.origin.line = l; },
            "Line (or row) the row came from; 0 = unknown.")
        .def(py::self == py::self)
        .def("__repr__",
             [](const Node& n) {
                 std::ostringstream os;
                 os << n;
                 return os.str();
             })
        .def(members_pickle<Node>("Node", unchecked, &Node::code, &Node::name, &Node::type, &Node::level, &Node::parent,
                                  &Node::direction, &Node::weight, &Node::unit, &Node::target, &Node::denominator,
                                  &Node::attributes, &Node::origin));

    checked_class<Framework>(m, "Framework", "A validated tree of indicators and aggregates.")
        .def(py::init<std::vector<Node>>(), "nodes"_a)
        .def_property_readonly("nodes", &Framework::nodes)
        .def("node", &Framework::node, "code"_a, py::return_value_policy::copy)
        .def_property_readonly("indicators", &Framework::indicators)
        .def_property_readonly("tree_codes", &Framework::tree_codes)
        .def("children", &Framework::children, "code"_a)
        .def("level_codes", &Framework::level_codes, "level"_a)
        .def_property_readonly("root", &Framework::root)
        .def_property_readonly("max_level", &Framework::max_level)
        .def("weights", &Framework::weights, "set"_a = "Original")
        .def("weight_set_names", &Framework::weight_set_names)
        .def("with_weight_set", &Framework::with_weight_set, "name"_a, "weights"_a)
        .def(py::self == py::self)
        .def("__repr__",
             [](const Framework& f) {
                 std::ostringstream os;
                 os << f;
                 return os.str();
             })
        .def(py::pickle(
            [](const Framework& f) {
                // The nodes, then the added weight sets (name, complete weights), rebuilt in order.
                std::vector<std::pair<std::string, std::map<std::string, double>>> sets;
                for (const auto& name : f.weight_set_names())
                    if (name != "Original") sets.emplace_back(name, f.weights(name));
                return py::make_tuple(pickle_version, f.nodes(), sets);
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Framework", 2);
                Framework f(state[1].cast<std::vector<Node>>());
                for (const auto& [name, weights] :
                     state[2].cast<std::vector<std::pair<std::string, std::map<std::string, double>>>>())
                    f = f.with_weight_set(name, weights);
                return f;
            }));

    def_function(m, "read_framework", &read_framework, "path"_a, "Reads a framework in COINr's iMeta CSV layout.");
}

}  // namespace govindex::python
