#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <sstream>

#include <govindex/dataset.hpp>
#include <govindex/io.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_dataset(py::module_& m) {
    py::class_<Dataset>(m, "Dataset", "Units x columns of numbers (NaN = missing) with unit attributes.")
        .def_property_readonly("unit_codes", &Dataset::unit_codes)
        .def_property_readonly("unit_names", &Dataset::unit_names)
        .def_property_readonly("times", [](const Dataset& d) { return d.units().times; })
        .def_property_readonly("columns", &Dataset::columns)
        .def_property_readonly("values", [](const Dataset& d) { return Eigen::MatrixXd(d.values()); })
        .def_property_readonly("groups", [](const Dataset& d) { return d.units().groups; })
        .def_property_readonly("others", [](const Dataset& d) { return d.units().others; })
        .def_property_readonly("denominator_codes", [](const Dataset& d) { return d.units().denominator_codes; })
        .def_property_readonly("denominators", [](const Dataset& d) { return Eigen::MatrixXd(d.units().denominators); })
        .def("is_panel", &Dataset::is_panel)
        .def("years", &Dataset::years)
        .def("select_time", &Dataset::select_time, "year"_a)
        .def("value", &Dataset::value, "unit"_a, "column"_a)
        .def(py::self == py::self)
        .def("__repr__", [](const Dataset& d) { std::ostringstream os; os << d; return os.str(); });

    m.def(
        "make_dataset",
        [](const Framework& framework, std::string source, std::vector<std::string> columns,
           std::map<std::string, std::vector<std::string>> text, std::map<std::string, std::vector<double>> numbers,
           std::vector<long> row_lines) {
            DataTable table;
            table.source = std::move(source);
            table.header_line = 0;
            table.columns = std::move(columns);
            table.text = std::move(text);
            table.numbers = std::move(numbers);
            table.row_lines = std::move(row_lines);
            return make_dataset(framework, table);
        },
        "framework"_a, "source"_a, "columns"_a, "text"_a, "numbers"_a, "row_lines"_a,
        "Builds a data set from columns already parsed by role (text or numbers).");
    m.def("read_dataset", &read_dataset, "path"_a, "framework"_a, "Reads a data set in COINr's iData CSV layout.");
}

}  // namespace govindex::python
