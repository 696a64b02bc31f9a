// The 2025 geography of Vietnam: Unit2025, Merger2025, read_merger_2025, merger_weights,
// merger_framework (govindex.vn.geography is the Python API on top).
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstdio>
#include <string_view>

#include <govindex/vn/geography.hpp>

#include "argument_errors.hpp"
#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

using namespace govindex::vn;

namespace {

// `value` as text that can cross into C++; else a one-line ArgumentTypeError / ArgumentValueError
// naming `what` ("merger_weights(): argument label").
std::string text_of(py::handle value, const std::string& what, const std::string& expected = "a str") {
    if (!PyUnicode_Check(value.ptr()))
        throw_argument_type_error(what + ": expected " + expected + ", found " + argument_detail::found(value));
    if (const std::string bad = argument_detail::bad_text(value); !bad.empty()) throw_argument_value_error(what + bad);
    return value.cast<std::string>();
}

// True for bool and numpy's bool (which may also be an index).
bool is_bool(py::handle value) {
    const std::string_view type = Py_TYPE(value.ptr())->tp_name;
    return PyBool_Check(value.ptr()) || type == "numpy.bool" || type == "numpy.bool_";
}

// A unit or province given by name (str) or code (str, or an int: 1 -> "01").
std::string name_or_code_of(py::handle value) {
    if (PyIndex_Check(value.ptr()) && !is_bool(value)) {
        const py::object index = py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
        long long code = index ? PyLong_AsLongLong(index.ptr()) : -1;
        if (!index || (code == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            throw_argument_value_error("name_or_code: expected a unit code such as 86, found " +
                                       argument_detail::found(value));
        }
        char text[32];
        std::snprintf(text, sizeof text, "%02lld", code);
        return text;
    }
    return text_of(value, "name_or_code", "a unit name (str) or unit code (str or int)");
}

// Stated weights: a dict, or a sequence of (key, weight) pairs; keys province codes or names
// (str), weights numbers (float(w); NaN = none stated).
ProvinceWeights weights_of(py::handle value, const std::string& function) {
    const std::string what = function + "(): argument weights";
    ProvinceWeights out;
    const auto add = [&](py::handle key, py::handle weight) {
        const std::string k = text_of(key, what + " key", "a province code or name (str)");
        const double w = PyFloat_AsDouble(weight.ptr());
        if (w == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            throw_argument_type_error(what + "[" + detail::excerpt(k, 57) + "]: expected a number, found " +
                                      argument_detail::found(weight));
        }
        out.emplace_back(k, w);
    };
    if (PyDict_Check(value.ptr())) {
        for (const auto& [key, weight] : py::reinterpret_borrow<py::dict>(value)) add(key, weight);
        return out;
    }
    if (!PyList_Check(value.ptr()) && !PyTuple_Check(value.ptr()))
        throw_argument_type_error(what + ": expected a dict or a list of (province, weight) pairs, found " +
                                  argument_detail::found(value));
    for (const py::handle item : value) {
        if (!PyTuple_Check(item.ptr()) || PyTuple_GET_SIZE(item.ptr()) != 2)
            throw_argument_type_error(what + ": expected (province, weight) pairs, found " +
                                      argument_detail::found(item));
        add(PyTuple_GET_ITEM(item.ptr(), 0), PyTuple_GET_ITEM(item.ptr(), 1));
    }
    return out;
}

MergerWeightOptions options_of(py::handle label, py::handle with_data, const std::string& function) {
    MergerWeightOptions options;
    options.label = text_of(label, function + "(): argument label");
    if (!with_data.is_none()) {
        if (!PyList_Check(with_data.ptr()) && !PyTuple_Check(with_data.ptr()))
            throw_argument_type_error(function +
                                      "(): argument with_data: expected a list of province codes or None, "
                                      "found " +
                                      argument_detail::found(with_data));
        std::vector<std::string> codes;
        for (const py::handle code : with_data)
            codes.push_back(text_of(code, function + "(): argument with_data item", "a province code (str)"));
        options.with_data = std::move(codes);
    }
    return options;
}

}  // namespace

void register_geography(py::module_& m) {
    checked_class<Unit2025>(m, "Unit2025",
                            "A provincial unit of the 2025 geography (govindex's unit code, names, type, "
                            "former provinces, merged).")
        .def_readonly("code", &Unit2025::code)
        .def_readonly("name", &Unit2025::name)
        .def_readonly("name_ascii", &Unit2025::name_ascii)
        .def_readonly("type", &Unit2025::type)
        .def_readonly("members", &Unit2025::members)
        .def_readonly("merged", &Unit2025::merged)
        .def(py::self == py::self)
        .def("__repr__", [](const Unit2025& u) { return "Unit2025(" + u.code + ", " + u.name + ")"; });

    checked_class<Merger2025>(m, "Merger2025",
                              "The 63 pre-2025 provinces mapped onto the 34 units of 2025, with unit look-up.")
        .def("units", &Merger2025::units, "The units, by code ascending.")
        .def("unit_codes", &Merger2025::unit_codes, "Province code -> code of its 2025 unit.")
        .def("registry", &Merger2025::registry, "The province registry the table was checked against.")
        .def(
            "unit_2025",
            [](const Merger2025& self, py::object name_or_code) {
                return self.unit_2025(name_or_code_of(name_or_code));
            },
            "province_name_or_code"_a,
            "The 2025 unit of a former province given by code or name; raises UnknownCodeError listing the nearest.")
        .def(
            "find_unit_2025",
            [](const Merger2025& self, py::object name_or_code) {
                return self.find_unit_2025(name_or_code_of(name_or_code));
            },
            "name_or_code"_a,
            "The unit with this name or unit code (NFC, diacritics and case optional, prefixes \"Tỉnh\", \"Thành "
            "phố\", "
            "\"TP.\"); raises UnknownCodeError saying which unit a former province joined, or listing the nearest.")
        .def(py::self == py::self)
        .def("__repr__", [](const Merger2025& self) {
            return "Merger2025(" + std::to_string(self.unit_codes().size()) + " provinces, " +
                   std::to_string(self.units().size()) + " units)";
        });

    def_function(
        m, "read_merger_2025", &read_merger_2025, "csv"_a, "registry"_a,
        "Reads and checks province_merger_2025.csv against the province registry (InputError naming file, line "
        "and column).");
    def_function(m, "shipped_merger_2025", &shipped_merger_2025, "data_dir"_a,
                 "The shipped mapping: data_dir holds vn/provinces.csv, vn/province_aliases.csv and "
                 "vn-admin/province_merger_2025.csv.");
    m.attr("merger_root") = std::string(merger_root);
    def_function(m, "merger_node", &merger_node, "unit"_a,
                 "Code of a unit's aggregate in merger_framework: \"unit <code>\".");
    def_function(
        m, "merger_weights",
        [](const Merger2025& merger, py::object weights, py::object label, py::object with_data) {
            return merger_weights(merger, weights_of(weights, "merger_weights"),
                                  options_of(label, with_data, "merger_weights"));
        },
        "merger"_a, "weights"_a, py::kw_only(), "label"_a = "stated weights", "with_data"_a = py::none(),
        "The stated weights (dict or (province, weight) pairs) by province code, NaN where none is stated; "
        "InputError for an unknown province, one named twice, or a missing, infinite or negative weight of a "
        "province with data in a merged unit.");
    def_function(
        m, "merger_framework",
        [](const Merger2025& merger, py::object weights, py::object label, py::object with_data) {
            return merger_framework(merger, weights_of(weights, "merger_framework"),
                                    options_of(label, with_data, "merger_framework"));
        },
        "merger"_a, "weights"_a, py::kw_only(), "label"_a = "stated weights", "with_data"_a = py::none(),
        "The merger framework: the former provinces (indicators, their weights) under the 34 units (\"unit <code>\") "
        "under the root \"VN\"; with_data: the provinces with a value (the others of a merged unit weigh 0).");
}

}  // namespace govindex::python
