// The denominate step and denominator tables (denominate.hpp).
#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <govindex/steps/denominate.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_denominate(py::module_& m) {
    bind_step<Denominate>(m, "Denominate",
                          "Step: divide indicators by a denominator column, x / (d / scale_factor) (COINr "
                          "Denominate). Specs come from the framework's Denominator (and ScaleFactor) columns, "
                          "replaced per indicator by denominators (\"\" = none) and scale_factors.");

    checked_class<DenominationSpec>(m, "DenominationSpec", "How one indicator is denominated: x / (d / scale_factor).")
        .def_readonly("indicator", &DenominationSpec::indicator)
        .def_readonly("denominator", &DenominationSpec::denominator)
        .def_readonly("scale_factor", &DenominationSpec::scale_factor)
        .def(py::self == py::self)
        .def("__repr__",
             [](const DenominationSpec& s) {
                 return "DenominationSpec(indicator=" + py::repr(py::cast(s.indicator)).cast<std::string>() +
                        ", denominator=" + py::repr(py::cast(s.denominator)).cast<std::string>() +
                        ", scale_factor=" + py::repr(py::cast(s.scale_factor)).cast<std::string>() + ")";
             })
        .def(members_pickle<DenominationSpec>("DenominationSpec", unchecked, &DenominationSpec::indicator,
                                              &DenominationSpec::denominator, &DenominationSpec::scale_factor));
    def_function(
        m, "denomination_specs", &denomination_specs, "step"_a, "framework"_a,
        "The indicators a Denominate step divides, with their denominator and scale factor, in framework order.");

    checked_class<DenominatorTable>(m, "DenominatorTable",
                                    "Denominator columns keyed by unit code (e.g. COINr's WorldDenoms).")
        .def(py::init([](std::vector<std::string> unit_codes, std::vector<std::string> codes, Eigen::MatrixXd values,
                         std::string source) {
                 return DenominatorTable{std::move(source), std::move(unit_codes), std::move(codes), std::move(values)};
             }),
             py::kw_only(), "unit_codes"_a, "codes"_a, "values"_a, "source"_a = "DataFrame")
        .def_readonly("source", &DenominatorTable::source)
        .def_readonly("unit_codes", &DenominatorTable::unit_codes)
        .def_readonly("codes", &DenominatorTable::codes)
        .def_property_readonly("values", [](const DenominatorTable& t) { return Eigen::MatrixXd(t.values); })
        .def(py::self == py::self)
        .def("__repr__",
             [](const DenominatorTable& t) {
                 return "DenominatorTable(" + std::to_string(t.unit_codes.size()) + " units x " +
                        std::to_string(t.codes.size()) + " columns)";
             })
        .def(members_pickle<DenominatorTable>("DenominatorTable", unchecked, &DenominatorTable::source,
                                              &DenominatorTable::unit_codes, &DenominatorTable::codes,
                                              &DenominatorTable::values));
    def_function(m, "read_denominators", &read_denominators, "path"_a, "columns"_a = std::vector<std::string>{},
                 "Reads a denominators CSV (uCode plus numeric columns; all numeric columns if none are named).");
    def_function(m, "with_denominators", &with_denominators, "data"_a, "table"_a,
                 "The data set whose units take the table's denominator columns, matched by unit code.");
}

}  // namespace govindex::python
