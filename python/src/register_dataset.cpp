#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <govindex/detail/format.hpp>
#include <govindex/errors.hpp>
#include <govindex/model/dataset.hpp>
#include <govindex/model/io.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

// The cells of one DataFrame column as C++ sees them: missing (pandas.isna), true/false, a
// number, or text. Which columns must hold numbers is decided in C++ (dataset_from_frame). What
// cannot cross into C++ is an InputError naming the row and column: text that is not UTF-8 (a lone
// surrogate), an integer too large for a double.
std::vector<FrameCell> frame_cells(const py::object& series, const py::object& isna, const std::string& column) {
    const py::list values = series.attr("tolist")();
    const py::list missing = isna(series).attr("tolist")();
    std::vector<FrameCell> cells(values.size());
    const auto refuse = [&](std::size_t r, const std::string& what) {
        throw located_error<InputError>({.source = "DataFrame", .line = static_cast<long>(r + 1), .column = column},
                                        what);
    };
    for (std::size_t r = 0; r < values.size(); ++r) {
        FrameCell& cell = cells[r];
        const py::handle v = values[r];
        if (missing[r].cast<bool>()) continue;  // Kind::missing
        const py::str text(v);
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
        if (utf8 == nullptr) {
            PyErr_Clear();
            refuse(r, "expected text in UTF-8, found " + detail::excerpt(std::string(py::repr(text)), 80) +
                          " (a lone surrogate)");
        }
        cell.text.assign(utf8, static_cast<std::size_t>(size));
        if (PyBool_Check(v.ptr())) {
            cell.kind = FrameCell::Kind::boolean;
        } else if (PyFloat_Check(v.ptr()) || PyLong_Check(v.ptr())) {
            cell.kind = FrameCell::Kind::number;
            cell.number = PyFloat_Check(v.ptr()) ? PyFloat_AS_DOUBLE(v.ptr()) : PyLong_AsDouble(v.ptr());
            if (cell.number == -1.0 && PyErr_Occurred()) {
                PyErr_Clear();
                refuse(r, "expected a number (or missing), found " + detail::excerpt(cell.text) +
                              " (too large for a double)");
            }
        } else {
            cell.kind = FrameCell::Kind::text;
        }
    }
    return cells;
}

// Suppression reasons as (row, column, reason) triples, row by row.
std::vector<std::tuple<Eigen::Index, Eigen::Index, std::string>> reasons_state(const SuppressionReasons& reasons) {
    std::vector<std::tuple<Eigen::Index, Eigen::Index, std::string>> out;
    for (const auto& [cell, reason] : reasons) out.emplace_back(cell.first, cell.second, reason);
    return out;
}
}  // namespace

void register_dataset(py::module_& m) {
    checked_class<Dataset>(m, "Dataset", "Units x columns of numbers (NaN = missing) with unit attributes.")
        .def_property_readonly("unit_codes", &Dataset::unit_codes)
        .def_property_readonly("unit_names", &Dataset::unit_names)
        .def_property_readonly("times", [](const Dataset& d) { return d.units().times; })
        .def_property_readonly("columns", &Dataset::columns)
        .def_property_readonly("values", [](const Dataset& d) { return Eigen::MatrixXd(d.values()); })
        .def_property_readonly("groups", [](const Dataset& d) { return d.units().groups; })
        .def_property_readonly("others", [](const Dataset& d) { return d.units().others; })
        .def_property_readonly("denominator_codes", [](const Dataset& d) { return d.units().denominator_codes; })
        .def_property_readonly("denominators", [](const Dataset& d) { return Eigen::MatrixXd(d.units().denominators); })
        .def("has_standard_errors", &Dataset::has_standard_errors)
        .def_property_readonly("standard_errors", [](const Dataset& d) { return Eigen::MatrixXd(d.standard_errors()); })
        .def("standard_error", &Dataset::standard_error, "unit"_a, "column"_a)
        .def_property_readonly("flags", [](const Dataset& d) { return CellFlags(d.flags()); })
        .def_property_readonly("suppression_reasons",
                               [](const Dataset& d) { return reasons_state(d.suppression_reasons()); })
        .def("is_panel", &Dataset::is_panel)
        .def("years", &Dataset::years)
        .def("select_time", &Dataset::select_time, "year"_a)
        .def("value", &Dataset::value, "unit"_a, "column"_a)
        .def(py::self == py::self)
        .def("__repr__",
             [](const Dataset& d) {
                 std::ostringstream os;
                 os << d;
                 return os.str();
             })
        .def(py::pickle(
            [](const Dataset& d) {
                const Units& u = d.units();
                return py::make_tuple(pickle_version, u.codes, u.names, u.times, u.groups, u.denominator_codes,
                                      Eigen::MatrixXd(u.denominators), u.others, d.columns(),
                                      Eigen::MatrixXd(d.values()), CellFlags(d.flags()),
                                      Eigen::MatrixXd(d.standard_errors()), reasons_state(d.suppression_reasons()));
            },
            [](const py::tuple& state) {
                check_pickle_state(state, "Dataset", 12);
                auto units = std::make_shared<Units>();
                units->codes = state[1].cast<std::vector<std::string>>();
                units->names = state[2].cast<std::vector<std::string>>();
                units->times = state[3].cast<std::vector<int>>();
                units->groups = state[4].cast<decltype(units->groups)>();
                units->denominator_codes = state[5].cast<std::vector<std::string>>();
                units->denominators = state[6].cast<Eigen::MatrixXd>();
                units->others = state[7].cast<decltype(units->others)>();
                SuppressionReasons reasons;
                for (const auto& [row, column, reason] :
                     state[12].cast<std::vector<std::tuple<Eigen::Index, Eigen::Index, std::string>>>())
                    reasons.emplace(std::make_pair(row, column), reason);
                return Dataset(std::move(units), state[8].cast<std::vector<std::string>>(),
                               state[9].cast<Eigen::MatrixXd>(), state[10].cast<CellFlags>(),
                               state[11].cast<Eigen::MatrixXd>(), std::move(reasons));
            }));

    def_function(
        m, "dataset_from_frame",
        [](const Framework& framework, const py::object& frame) {
            const py::object isna = py::module_::import("pandas").attr("isna");
            std::vector<std::string> columns;
            for (const py::handle c : frame.attr("columns")) {
                const py::str name(c);
                Py_ssize_t size = 0;
                const char* utf8 = PyUnicode_AsUTF8AndSize(name.ptr(), &size);
                if (utf8 == nullptr) {
                    PyErr_Clear();
                    throw located_error<InputError>(
                        {.source = "DataFrame", .column = detail::excerpt(std::string(py::repr(name)), 80)},
                        "expected a column name in UTF-8, found a lone surrogate");
                }
                columns.emplace_back(utf8, static_cast<std::size_t>(size));
            }
            std::vector<std::vector<FrameCell>> cells;
            const py::object iloc = frame.attr("iloc");
            for (std::size_t c = 0; c < columns.size(); ++c)
                cells.push_back(frame_cells(iloc[py::make_tuple(py::slice(py::none(), py::none(), py::none()), c)],
                                            isna, columns[c]));
            return dataset_from_frame(framework, columns, cells);
        },
        "framework"_a, "frame"_a,
        "Builds a data set from a pandas DataFrame in iData layout (uCode a column); C++ decides the numeric columns.");
    def_function(m, "read_dataset", &read_dataset, "path"_a, "framework"_a,
                 "Reads a data set in COINr's iData CSV layout.");
}

}  // namespace govindex::python
