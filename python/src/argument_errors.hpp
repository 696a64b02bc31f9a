#pragma once
// The constructor of every value type bound with bind_value_type (methods, steps and their parts),
// generated from its fields(): keyword arguments named as the fields, defaults from a
// default-constructed value, each argument received as a Python object and converted field by
// field. A wrong argument is one line naming the class and the argument, what was expected and
// what was found (govindex.ArgumentTypeError or ArgumentValueError), never pybind11's list of
// signatures; the signature help() and the stubs show is written from the fields' C++ types.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <govindex/detail/fields.hpp>
#include <govindex/detail/format.hpp>

namespace govindex::python {

/// Raises govindex.ArgumentTypeError (a govindex.Error and a TypeError) with `message`, made one
/// line of valid UTF-8 (detail::one_line: a name with a line break is shown as \n).
[[noreturn]] inline void throw_argument_type_error(const std::string& message) {
    namespace py = pybind11;
    const py::object cls = py::module_::import("govindex._core").attr("ArgumentTypeError");
    PyErr_SetObject(cls.ptr(), py::str(govindex::detail::one_line(message)).ptr());
    throw py::error_already_set();
}

/// Raises govindex.ArgumentValueError (a govindex.Error and a ValueError) with `message`, made one
/// line of valid UTF-8 (detail::one_line).
[[noreturn]] inline void throw_argument_value_error(const std::string& message) {
    namespace py = pybind11;
    const py::object cls = py::module_::import("govindex._core").attr("ArgumentValueError");
    PyErr_SetObject(cls.ptr(), py::str(govindex::detail::one_line(message)).ptr());
    throw py::error_already_set();
}

/// What a constructor takes beyond what the fields say; every field not listed is keyword-only,
/// optional (its default is the default-constructed value's) and described by its C++ type.
struct Arguments {
    std::vector<std::string> positional;          ///< fields also taken by position, in this order
    std::vector<std::string> required;            ///< fields without a default (the C++ default is unusable)
    std::map<std::string, std::string> expected;  ///< a field's expected value, in the type's own words
};

/// repr of a parameter value that eval() reads back: non-finite floats as float('nan') etc.,
/// inside lists and dicts too; anything else by its own repr.
inline std::string value_repr(pybind11::handle h) {
    namespace py = pybind11;
    if (py::isinstance<py::float_>(h)) {
        const double x = h.cast<double>();
        if (std::isnan(x)) return "float('nan')";
        if (std::isinf(x)) return x > 0 ? "float('inf')" : "-float('inf')";
    }
    if (py::isinstance<py::dict>(h)) {
        std::string out = "{";
        for (auto [k, v] : h.cast<py::dict>())
            out += (out.size() > 1 ? ", " : "") + value_repr(k) + ": " + value_repr(v);
        return out + "}";
    }
    if (py::isinstance<py::list>(h)) {
        std::string out = "[";
        for (auto v : h.cast<py::list>()) out += (out.size() > 1 ? ", " : "") + value_repr(v);
        return out + "]";
    }
    return py::repr(h).cast<std::string>();
}

namespace argument_detail {

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class K, class V, class C, class A>
struct is_map<std::map<K, V, C, A>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};

/// The Python name of a bound C++ type, "govindex._core.MinMax" (`qualified`) or "MinMax"; "" when
/// it is not bound.
template <class T>
std::string bound_name(bool qualified = false) {
    const auto* info = pybind11::detail::get_type_info(typeid(T));
    if (info == nullptr) return "";
    const std::string full = info->type->tp_name;
    return qualified ? full : full.substr(full.rfind('.') + 1);
}

/// The names of a variant's alternatives, "MinMax(), ZScore()" or "govindex._core.MinMax | ...".
template <class V>
std::string alternatives(bool for_signature) {
    std::string names;
    [&]<class... T>(std::variant<T...>*) {
        ((names += (names.empty() ? "" : (for_signature ? " | " : ", ")) +
                   (for_signature ? bound_name<std::remove_cv_t<std::remove_pointer_t<T>>>(true)
                                  : bound_name<std::remove_cv_t<std::remove_pointer_t<T>>>() + "()")),
         ...);
    }(static_cast<V*>(nullptr));
    return names;
}

template <class F>
std::string expected();

/// An Eigen matrix, vector or Ref (passed as a numpy array).
template <class F>
constexpr bool is_eigen = requires {
    typename F::Scalar;
    F::RowsAtCompileTime;
    F::ColsAtCompileTime;
};

/// The values of a bound enum, "one of Aggregation.points, Aggregation.weighted_mean".
template <class E>
std::string enum_values() {
    namespace py = pybind11;
    const auto* info = py::detail::get_type_info(typeid(E));
    if (info == nullptr) return "a value of the right type";
    const py::handle type(reinterpret_cast<PyObject*>(info->type));
    const std::string name = py::str(type.attr("__name__"));
    std::string out;
    for (const auto item : type.attr("__members__"))
        out += (out.empty() ? "one of " : ", ") + name + "." + std::string(py::str(item));
    return out;
}

/// What each item of a list of F must be, in words ("numbers", "Item(...)").
template <class F>
std::string expected_items() {
    if constexpr (std::is_same_v<F, bool>)
        return "True or False values";
    else if constexpr (std::is_integral_v<F>)
        return "integers";
    else if constexpr (std::is_floating_point_v<F>)
        return "numbers";
    else if constexpr (std::is_same_v<F, std::string>)
        return "texts (str)";
    else if constexpr (is_variant<F>::value)
        return "values each one of " + alternatives<F>(false);
    else if constexpr (!is_optional<F>::value && !is_vector<F>::value && !is_map<F>::value) {
        const std::string name = bound_name<F>();
        return name.empty() ? "values of the right type" : name + "(...)";
    } else {
        return "values each " + expected<F>();
    }
}

/// What a value of type F must be, in words.
template <class F>
std::string expected() {
    if constexpr (std::is_same_v<F, bool>)
        return "True or False";
    else if constexpr (std::is_integral_v<F>)
        return "an integer";
    else if constexpr (std::is_floating_point_v<F>)
        return "a number";
    else if constexpr (std::is_same_v<F, std::string> || std::is_same_v<F, std::string_view>)
        return "text";
    else if constexpr (is_optional<F>::value)
        return expected<typename F::value_type>() + " or None";
    else if constexpr (is_vector<F>::value)
        return "a list of " + expected_items<typename F::value_type>();
    else if constexpr (is_map<F>::value)
        return "a dict of code -> " + expected<typename F::mapped_type>();
    else if constexpr (is_variant<F>::value)
        return "one of " + alternatives<F>(false);
    else if constexpr (std::is_enum_v<F>)
        return enum_values<F>();
    else if constexpr (is_eigen<F>)
        return std::string(F::RowsAtCompileTime == 1 || F::ColsAtCompileTime == 1 ? "a 1-D" : "a 2-D") + " array of " +
               (std::is_integral_v<typename F::Scalar> ? "integers" : "numbers");
    else if constexpr (std::is_same_v<F, std::filesystem::path>)
        return "a file path (str or os.PathLike)";
    else {
        const std::string name = bound_name<F>();
        // A type pybind11 converts without binding it (a callable, a dict ...): its annotation.
        return name.empty() ? pybind11::detail::generate_type_signature<F>()
                            : (std::string("AEIOU").find(name[0]) == std::string::npos ? "a " : "an ") + name + "(...)";
    }
}

/// The Python annotation of an argument converted to F, as pybind11 writes it for F's caster.
template <class F>
std::string python_type() {
    if constexpr (std::is_same_v<F, bool>)
        return "bool";
    else if constexpr (std::is_integral_v<F>)
        return "typing.SupportsInt | typing.SupportsIndex";
    else if constexpr (std::is_floating_point_v<F>)
        return "typing.SupportsFloat | typing.SupportsIndex";
    else if constexpr (std::is_same_v<F, std::string>)
        return "str";
    else if constexpr (is_optional<F>::value)
        return python_type<typename F::value_type>() + " | None";
    else if constexpr (is_vector<F>::value)
        return "collections.abc.Sequence[" + python_type<typename F::value_type>() + "]";
    else if constexpr (is_map<F>::value)
        return "collections.abc.Mapping[" + python_type<typename F::key_type>() + ", " +
               python_type<typename F::mapped_type>() + "]";
    else if constexpr (is_variant<F>::value)
        return alternatives<F>(true);
    else {
        const std::string name = bound_name<F>(true);
        return name.empty() ? "typing.Any" : name;
    }
}

/// A value as found: its type and a short repr; a class given where an instance was expected says so.
inline std::string found(pybind11::handle h) {
    namespace py = pybind11;
    if (PyType_Check(h.ptr())) {
        const std::string name = py::str(h.attr("__name__"));
        return "the class " + name + " (call it: " + name + "())";
    }
    // The repr as UTF-8 (a lone surrogate escaped, not an encoding error); a repr that fails says so.
    std::string text;
    py::object repr = py::reinterpret_steal<py::object>(PyObject_Repr(h.ptr()));
    py::object bytes =
        repr ? py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(repr.ptr(), "utf-8", "backslashreplace"))
             : py::object();
    if (bytes)
        text = std::string(PyBytes_AS_STRING(bytes.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(bytes.ptr())));
    else {
        PyErr_Clear();
        text = "(its repr failed)";
    }
    // At most 57 characters of it (never part of one), on one line: a repr with line breaks (a
    // DataFrame's) or Vietnamese text cut anywhere gives one line of valid UTF-8.
    return std::string(py::str(py::type::of(h).attr("__name__"))) + " " + govindex::detail::excerpt(text, 57);
}

/// The first text inside `value` (str, or inside a list/tuple/dict, keys too) that cannot cross
/// into C++, a lone surrogate (not UTF-8), described: `["LPI"]: text with a lone surrogate
/// '\ud800' at character 1 (not UTF-8)`; "" when there is none.
inline std::string bad_text(pybind11::handle value, int depth = 0) {
    namespace py = pybind11;
    if (depth > 3) return "";
    if (PyUnicode_Check(value.ptr())) {
        const Py_ssize_t n = PyUnicode_GetLength(value.ptr());
        for (Py_ssize_t i = 0; i < n; ++i) {
            const Py_UCS4 c = PyUnicode_ReadChar(value.ptr(), i);
            if (c >= 0xD800 && c <= 0xDFFF) {
                char hex[16];
                std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned>(c));
                return std::string(": text with a lone surrogate '") + hex + "' at character " + std::to_string(i + 1) +
                       " (not UTF-8)";
            }
        }
        return "";
    }
    if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
        std::size_t i = 0;
        for (const py::handle item : value) {
            const std::string inner = bad_text(item, depth + 1);
            if (!inner.empty()) return "[" + std::to_string(i) + "]" + inner;
            ++i;
        }
    } else if (PyDict_Check(value.ptr())) {
        for (const auto& [key, item] : py::reinterpret_borrow<py::dict>(value)) {
            std::string inner = bad_text(key, depth + 1);
            if (!inner.empty()) return " key" + inner;
            inner = bad_text(item, depth + 1);
            if (!inner.empty()) return "[" + govindex::detail::excerpt(std::string(py::repr(key)), 57) + "]" + inner;
        }
    }
    return "";
}

inline bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// The fields of T by name, in fields() order.
template <class T>
std::vector<std::string> field_names() {
    std::vector<std::string> names;
    detail::for_each_field<T>([&](const auto& f) { names.emplace_back(f.name); });
    return names;
}

/// "__init__(self: govindex._core.MinMax, *, low: typing.SupportsFloat | ... = 0.0, ...) -> None":
/// the positional fields first, then the keyword-only ones in fields() order; the defaults are
/// those of T{}. pybind11-stubgen reads it from the first line of the docstring.
template <class T>
std::string signature(const Arguments& arguments) {
    namespace py = pybind11;
    const T defaults{};
    std::map<std::string, std::string> parameters;
    detail::for_each_field<T>([&](const auto& f) {
        using F = std::decay_t<decltype(defaults.*(f.member))>;
        const std::string name(f.name);
        parameters[name] =
            name + ": " + python_type<F>() +
            (contains(arguments.required, name) ? "" : " = " + value_repr(py::cast(defaults.*(f.member))));
    });
    std::string out = "__init__(self: " + bound_name<T>(true);
    for (const auto& name : arguments.positional) out += ", " + parameters.at(name);
    bool star = false;
    for (const auto& name : field_names<T>()) {
        if (contains(arguments.positional, name)) continue;
        if (!star) out += ", *";
        star = true;
        out += ", " + parameters.at(name);
    }
    return out + ") -> None";
}

/// T from the arguments of a call of its constructor (see the file comment), before its check().
template <class T>
T from_arguments(const std::string& type, const Arguments& arguments, const pybind11::args& args,
                 const pybind11::kwargs& kwargs) {
    namespace py = pybind11;
    const std::vector<std::string> names = field_names<T>();
    const auto listed = [](const std::vector<std::string>& list) {
        std::string out;
        for (const auto& n : list) out += (out.empty() ? "" : ", ") + n;
        return out;
    };
    if (args.size() > arguments.positional.size())
        throw_argument_type_error(
            names.empty()
                ? type + "(): takes no arguments, found " + std::to_string(args.size()) + " positional"
                : type + "(): " +
                      (arguments.positional.empty()
                           ? std::string("takes its arguments by keyword")
                           : "takes " + std::to_string(arguments.positional.size()) + " positional argument(s) (" +
                                 listed(arguments.positional) + ")") +
                      ", found " + std::to_string(args.size()) + " positional; give " + listed(names) + " by keyword");
    std::map<std::string, py::handle> given;
    for (std::size_t i = 0; i < args.size(); ++i) given[arguments.positional[i]] = args[i];
    for (const auto& [key, value] : kwargs) {
        const std::string name = py::str(key);
        if (!contains(names, name))
            throw_argument_type_error(type + "(): unexpected argument " + name + "; expected one of " + listed(names));
        if (given.count(name) != 0)
            throw_argument_type_error(type + "(): argument " + name + " given twice, by position and by keyword");
        given[name] = value;
    }
    T value{};
    detail::for_each_field<T>([&](const auto& f) {
        using F = std::decay_t<decltype(value.*(f.member))>;
        const std::string name(f.name);
        const auto own = arguments.expected.find(name);
        const std::string what = own == arguments.expected.end() ? expected<F>() : own->second;
        const auto it = given.find(name);
        if (it == given.end()) {
            if (contains(arguments.required, name))
                throw_argument_type_error(type + "(): missing argument " + name + ": expected " + what);
            return;  // the default of T{}
        }
        const std::string bad = bad_text(it->second);
        if (!bad.empty()) throw_argument_value_error(type + "(): argument " + name + bad);
        try {
            value.*(f.member) = it->second.template cast<F>();
        } catch (const py::cast_error&) {
            throw_argument_type_error(type + "(): argument " + name + ": expected " + what + ", found " +
                                      found(it->second));
        }
    });
    return value;
}

}  // namespace argument_detail

/// Defines T's constructor from its fields (see the file comment); `check` runs on the value made.
template <class T, class Check>
void def_fields_constructor(pybind11::class_<T>& cls, std::string type, Arguments arguments, Check check) {
    namespace py = pybind11;
    const std::vector<std::string> names = argument_detail::field_names<T>();
    std::vector<std::string> described = arguments.positional;
    described.insert(described.end(), arguments.required.begin(), arguments.required.end());
    for (const auto& [name, text] : arguments.expected) described.push_back(name);
    for (const auto& name : described)  // a binding's mistake, seen when the module is imported
        if (!argument_detail::contains(names, name))
            throw std::logic_error(type + ": the constructor's arguments name " + name + ", not a field");
    const std::string doc = argument_detail::signature<T>(arguments);
    py::options options;
    options.disable_function_signatures();  // the signature is the first line of `doc`
    cls.def(py::init([type, arguments, check](const py::args& args, const py::kwargs& kwargs) {
                T value = argument_detail::from_arguments<T>(type, arguments, args, kwargs);
                check(value);
                return value;
            }),
            doc.c_str());
}

}  // namespace govindex::python
