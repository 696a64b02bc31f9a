// Ranking helpers: ascending ranks, ranks within groups, rank change, bands, PAPI quartile groups.
#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/pipeline/ranking.hpp>
#include <govindex/vn/ranking.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_ranking(py::module_& m) {
    checked_enum<RankOrder>(m, "RankOrder", "Which end of the scale ranks first.")
        .value("descending", RankOrder::descending)
        .value("ascending", RankOrder::ascending);

    checked_class<Band>(m, "Band", "A value band [low, high) with a label; high may be inf.")
        .def(py::init([](std::string label, double low, double high) {
                 return Band{std::move(label), low, high};
             }),
             py::kw_only(), "label"_a, "low"_a, "high"_a)
        .def_readonly("label", &Band::label)
        .def_readonly("low", &Band::low)
        .def_readonly("high", &Band::high)
        .def(py::self == py::self)
        .def("__repr__", [](const Band& b) {
            return "Band(label=" + b.label + ", low=" + py::repr(py::float_(b.low)).cast<std::string>() +
                   ", high=" + py::repr(py::float_(b.high)).cast<std::string>() + ")";
        });

    def_function(m, "rank_ascending", &rank_ascending, "x"_a,
                 "Ascending ranks, ties share the lowest rank, NaN stays NaN.");
    def_function(m, "rank_within_groups", &rank_within_groups, "x"_a, "groups"_a, "order"_a = RankOrder::descending,
                 "Competition ranks within each group; empty group or NaN stays unranked.");
    def_function(m, "rank_change", &rank_change, "before"_a, "after"_a, "before - after: positive = moved up.");
    def_function(m, "check_bands", &check_bands, "bands"_a,
                 "Raises MethodError for empty, repeated or overlapping bands.");
    def_function(m, "assign_bands", &assign_bands, "x"_a, "bands"_a, "unit_names"_a = std::vector<std::string>{},
                 "The band label of each value; NaN gives ''; a value in no band raises MethodError.");
    def_function(m, "par_index_groups", &vn::par_index_groups, "PAR INDEX groups A [90, inf), B [80, 90), C [70, 80).");
    def_function(m, "quantile", &quantile, "x"_a, "p"_a, "Type-7 quantile of the non-NaN values.");
    def_function(m, "papi_quartile_groups", &vn::papi_quartile_groups, "x"_a,
                 "PAPI groups by score quartiles: 1 best (>= Q3) ... 4 poor (< Q1); NaN stays NaN.");
    def_function(m, "papi_group_labels", &vn::papi_group_labels, "Labels of the PAPI groups 1-4.");
}

}  // namespace govindex::python
