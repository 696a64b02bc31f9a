#pragma once
// Binds a method or step value type: its fields() as properties, equality, and a repr such as
// MinMax(low=0.0, high=100.0). The constructor (keyword arguments) is added by the caller.
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sstream>
#include <string>

#include <govindex/detail/fields.hpp>

namespace govindex::python {

template <class T>
pybind11::class_<T> bind_value_type(pybind11::module_& m, const char* name, const char* doc) {
    namespace py = pybind11;
    py::class_<T> cls(m, name, doc);
    detail::for_each_field<T>([&](const auto& f) {
        cls.def_readwrite(std::string(f.name).c_str(), f.member, std::string(f.doc).c_str());
    });
    cls.def(py::self == py::self);
    cls.def("__repr__", [name](const T& value) {
        std::ostringstream os;
        os << name << "(";
        bool first = true;
        detail::for_each_field<T>([&](const auto& f) {
            os << (first ? "" : ", ") << f.name << "=" << py::repr(py::cast(value.*(f.member))).template cast<std::string>();
            first = false;
        });
        os << ")";
        return os.str();
    });
    return cls;
}

/// A method type also exposes its registered name as `method_name`.
template <class Method>
pybind11::class_<Method> bind_method(pybind11::module_& m, const char* name, const char* doc) {
    auto cls = bind_value_type<Method>(m, name, doc);
    cls.def_property_readonly_static("method_name", [](pybind11::object) { return std::string(Method::method_name); });
    return cls;
}

}  // namespace govindex::python
