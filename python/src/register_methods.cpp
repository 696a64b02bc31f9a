// Method value types: one class per method, fields exposed by name (from their fields() list).
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <sstream>

#include <govindex/aggregate.hpp>
#include <govindex/normalise.hpp>
#include <govindex/pipeline.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

// Adds the fields as properties, equality and a repr such as MinMax(low=0.0, high=100.0).
template <class Method>
py::class_<Method> bind_method(py::module_& m, const char* name, const char* doc) {
    py::class_<Method> cls(m, name, doc);
    detail::for_each_field<Method>([&](const auto& f) {
        cls.def_readwrite(std::string(f.name).c_str(), f.member, std::string(f.doc).c_str());
    });
    cls.def(py::self == py::self);
    cls.def("__repr__", [name](const Method& method) {
        std::ostringstream os;
        os << name << "(";
        bool first = true;
        detail::for_each_field<Method>([&](const auto& f) {
            os << (first ? "" : ", ") << f.name << "=" << py::repr(py::cast(method.*(f.member))).template cast<std::string>();
            first = false;
        });
        os << ")";
        return os.str();
    });
    cls.def_property_readonly_static("method_name", [](py::object) { return std::string(Method::method_name); });
    return cls;
}

}  // namespace

void register_methods(py::module_& m) {
    bind_method<MinMax>(m, "MinMax", "Min-max normalisation to [low, high] (COINr n_minmax).")
        .def(py::init([](double low, double high) {
                 MinMax method{low, high};
                 check(method);
                 return method;
             }),
             py::kw_only(), "low"_a = 0.0, "high"_a = 100.0);
    bind_method<ArithmeticMean>(m, "ArithmeticMean",
                                "Weighted arithmetic mean over non-missing children (COINr a_amean).")
        .def(py::init<>());

    m.def("normalise_method_names", &normalise_method_names, "Names of the normalisation methods.");
    m.def("aggregate_method_names", &aggregate_method_names, "Names of the aggregation methods.");
    m.def("make_normalise_method", &make_normalise_method, "name"_a, "parameters"_a, "where"_a = "",
          "A normalisation method from its name and parameters.");
    m.def("make_aggregate_method", &make_aggregate_method, "name"_a, "parameters"_a, "where"_a = "",
          "An aggregation method from its name and parameters.");
}

}  // namespace govindex::python
