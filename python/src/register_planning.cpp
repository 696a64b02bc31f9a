// Planning: the gap of a unit to a target rank (planning.hpp).
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/engines/planning/planning.hpp>

#include <map>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_planning(py::module_& m) {
    checked_class<TargetGap>(m, "TargetGap", "A unit's distance to a target rank on one node, from a run's results.")
        .def_readonly("unit", &TargetGap::unit)
        .def_readonly("node", &TargetGap::node)
        .def_readonly("year", &TargetGap::year)
        .def_readonly("target_rank", &TargetGap::target_rank)
        .def_readonly("score", &TargetGap::score)
        .def_readonly("rank", &TargetGap::rank)
        .def_readonly("units", &TargetGap::units)
        .def_readonly("required_score", &TargetGap::required_score)
        .def_readonly("gap", &TargetGap::gap)
        .def_readonly("reached", &TargetGap::reached)
        .def_readonly("headroom", &TargetGap::headroom)
        .def(py::self == py::self)
        .def(members_pickle<TargetGap>("TargetGap", unchecked, &TargetGap::unit, &TargetGap::node, &TargetGap::year,
                                       &TargetGap::target_rank, &TargetGap::score, &TargetGap::rank, &TargetGap::units,
                                       &TargetGap::required_score, &TargetGap::gap, &TargetGap::reached,
                                       &TargetGap::headroom));
    def_function(
        m, "gap_to_target", &gap_to_target, "results"_a, "unit"_a, "target_rank"_a, "node"_a = "",
        "year"_a = std::nullopt, "maxima"_a = std::map<std::string, double>{},
        "The score that reaches rank target_rank given the other units', the gap, and each node's headroom and "
        "effect.");
}

}  // namespace govindex::python
