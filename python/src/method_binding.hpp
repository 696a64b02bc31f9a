#pragma once
// Binds value types generically from their fields() (detail/fields.hpp): methods, steps and
// their parts get a constructor taking the fields as keyword arguments, checked
// (argument_errors.hpp), properties whose setters check, equality, a repr such as
// MinMax(low=0.0, high=100.0) that evaluates back to an equal value, and pickling.
//
// Pickles. Every state govindex writes is a tuple whose first item is the format version
// (pickle_version); a state of another version is refused with an InputError naming the type,
// so a later format can read old states or say clearly that it cannot.
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <govindex/detail/fields.hpp>
#include <govindex/errors.hpp>
#include <govindex/version.hpp>

#include "argument_errors.hpp"
#include "checked_calls.hpp"

namespace govindex::python {

/// Format version of the pickles this build writes and reads.
inline constexpr int pickle_version = 1;

/// Checks a pickled state: a tuple of the format version then `size` items; throws InputError.
inline void check_pickle_state(const pybind11::tuple& state, const std::string& type, std::size_t size) {
    namespace py = pybind11;
    const std::string where = "unpickling " + type + ": ";
    if (state.empty() || !py::isinstance<py::int_>(state[0]) || py::isinstance<py::bool_>(state[0]))
        throw InputError(where + "expected a state starting with a format version number, found " +
                         py::repr(state).cast<std::string>());
    const long version = state[0].cast<long>();
    if (version != pickle_version)
        throw InputError(where + "expected pickle format version " + std::to_string(pickle_version) + " (govindex " +
                         std::string(govindex::version) + "), found version " + std::to_string(version) +
                         "; load it with the govindex that wrote it and save the data another way");
    if (state.size() != size + 1)
        throw InputError(where + "expected " + std::to_string(size) + " values after the format version, found " +
                         std::to_string(state.size() - 1));
}

/// A member of a pickled state as a Python object; SourceLocation (not bound) as (file, line).
template <class M>
pybind11::object to_state(const M& value) {
    if constexpr (std::is_same_v<M, SourceLocation>)
        return pybind11::make_tuple(value.file, value.line);
    else
        return pybind11::cast(value);
}

/// The inverse of to_state.
template <class M>
M from_state(pybind11::handle item) {
    if constexpr (std::is_same_v<M, SourceLocation>) {
        auto t = item.cast<std::tuple<std::string, long>>();
        return SourceLocation{std::get<0>(t), std::get<1>(t)};
    } else {
        return item.cast<M>();
    }
}

/// py::pickle for a plain struct: the state is (version, member...), restored into T{} in order.
/// `after` runs on the restored value (e.g. its check()).
template <class T, class After, class... M>
auto members_pickle(std::string type, After after, M T::*... members) {
    namespace py = pybind11;
    return py::pickle([=](const T& value) { return py::make_tuple(pickle_version, to_state(value.*members)...); },
                      [=](const py::tuple& state) {
                          check_pickle_state(state, type, sizeof...(M));
                          T value{};
                          std::size_t i = 1;
                          ((value.*members = from_state<M>(state[i++])), ...);
                          (void)i;
                          after(value);
                          return value;
                      });
}

/// For members_pickle: nothing to check after restoring.
inline constexpr auto unchecked = [](const auto&) {};

/// Checks a value with its check() overload; every type bound with bind_value_type has one.
template <class T>
void check_value(const T& value) {
    check(value);
}

/// A value after check_value (for constructors: `return checked(MinMax{low, high});`).
template <class T>
T checked(T value) {
    check_value(value);
    return value;
}

/// Binds a value type with fields(): a constructor taking the fields (keyword-only unless
/// `arguments` says otherwise, defaults from T{}, checked), a property per field (the setter checks
/// the changed value), ==, a repr naming every field as a keyword argument, and pickling by fields.
template <class T>
checked_class<T> bind_value_type(pybind11::module_& m, const char* name, const char* doc, Arguments arguments = {}) {
    namespace py = pybind11;
    static_assert(
        requires(const T& v) { check(v); }, "a bound value type needs a check() overload");
    checked_class<T> cls(m, name, doc);
    def_fields_constructor(cls, name, std::move(arguments), [](const T& value) { check_value(value); });
    detail::for_each_field<T>([&](const auto& f) {
        using F = std::decay_t<decltype(std::declval<T&>().*(f.member))>;
        const auto member = f.member;
        const py::cpp_function setter = cls.checked_setter(
            std::string(f.name).c_str(),
            [member](T& self, F value) {
                T changed = self;
                changed.*member = std::move(value);
                check_value(changed);
                self = std::move(changed);
            },
            true, py::arg("value"));
        cls.def_property(
            std::string(f.name).c_str(), [member](const T& self) { return F(self.*member); }, setter,
            std::string(f.doc).c_str());
    });
    cls.def(py::self == py::self);
    cls.def("__repr__", [name](const T& value) {
        std::string out = std::string(name) + "(";
        bool first = true;
        detail::for_each_field<T>([&](const auto& f) {
            out += (first ? "" : ", ") + std::string(f.name) + "=" + value_repr(py::cast(value.*(f.member)));
            first = false;
        });
        return out + ")";
    });
    cls.def(std::apply(
        [name](const auto&... f) {
            return members_pickle<T>(
                name, [](const T& value) { check_value(value); }, f.member...);
        },
        T::fields()));
    return cls;
}

/// A method type also exposes its registered name as `method_name`.
template <class Method>
checked_class<Method> bind_method(pybind11::module_& m, const char* name, const char* doc, Arguments arguments = {}) {
    auto cls = bind_value_type<Method>(m, name, doc, std::move(arguments));
    cls.def_property_readonly_static("method_name", [](pybind11::object) { return std::string(Method::method_name); });
    return cls;
}

/// A step type also exposes `step_name` and `data_set_name`.
template <class Step>
checked_class<Step> bind_step(pybind11::module_& m, const char* name, const char* doc, Arguments arguments = {}) {
    auto cls = bind_value_type<Step>(m, name, doc, std::move(arguments));
    cls.def_property_readonly_static("step_name", [](pybind11::object) { return std::string(Step::step_name); });
    cls.def_property_readonly_static("data_set_name",
                                     [](pybind11::object) { return std::string(Step::data_set_name); });
    return cls;
}

}  // namespace govindex::python
