#pragma once
// One-line TypeErrors for wrong constructor arguments of the value types bound with
// bind_value_type (methods, steps and their parts), instead of pybind11's "incompatible
// constructor arguments" and a signature of a thousand characters: which argument, what was
// expected, what was found. Registered after every other overload (finish_argument_errors() at the
// end of the module), so a call that matches a constructor never reaches it; a call that only
// needs conversions pybind11's first pass refuses (numpy scalars, say) is converted field by field
// and made again.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <govindex/detail/fields.hpp>
#include <govindex/detail/format.hpp>

namespace govindex::python {
/// The first argument of a diagnosing overload: it loads only in pybind11's second (converting) pass.
struct SecondPass {
    pybind11::object value;
};
}  // namespace govindex::python

namespace pybind11::detail {
template <>
struct type_caster<govindex::python::SecondPass> {
    PYBIND11_TYPE_CASTER(govindex::python::SecondPass, const_name("object"));
    bool load(handle source, bool convert) {
        if (!convert) return false;
        value.value = reinterpret_borrow<object>(source);
        return true;
    }
};
}  // namespace pybind11::detail

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

/// The Python name of a bound C++ type ("" when it is not bound).
template <class T>
std::string bound_name() {
    namespace py = pybind11;
    const auto* info = py::detail::get_type_info(typeid(T));
    if (info == nullptr) return "";
    const std::string full = info->type->tp_name;
    return full.substr(full.rfind('.') + 1);
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
    else if constexpr (std::is_same_v<F, std::string>)
        return "text";
    else if constexpr (is_optional<F>::value)
        return expected<typename F::value_type>() + " or None";
    else if constexpr (is_vector<F>::value)
        return "a list of " + expected<typename F::value_type>();
    else if constexpr (is_map<F>::value)
        return "a dict of code -> " + expected<typename F::mapped_type>();
    else if constexpr (is_variant<F>::value) {
        std::string names;
        [&]<class... T>(std::variant<T...>*) {
            ((names += (names.empty() ? "" : ", ") + bound_name<T>() + "()"), ...);
        }(static_cast<F*>(nullptr));
        return "one of " + names;
    } else {
        const std::string name = bound_name<F>();
        return name.empty() ? "a value of the right type" : "a " + name + "(...)";
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

struct Field {
    std::string name;
    std::function<bool(pybind11::handle)> fits;
    std::function<pybind11::object(pybind11::handle)> convert;
    std::string expected;
};

template <class T>
std::vector<Field> fields_of() {
    namespace py = pybind11;
    std::vector<Field> out;
    detail::for_each_field<T>([&](const auto& f) {
        using F = std::decay_t<decltype(std::declval<T&>().*(f.member))>;
        out.push_back({std::string(f.name),
                       [](py::handle h) {
                           try {
                               (void)h.cast<F>();
                               return true;
                           } catch (const py::cast_error&) {
                               return false;
                           }
                       },
                       [](py::handle h) { return py::cast(h.cast<F>()); }, expected<F>()});
    });
    return out;
}

/// What a type's constructor takes, where its fields do not say it: the fields it takes by
/// position, in order (default: none beyond what the fields' order gives), and a description of
/// what a field must be, where the type's own words are better than the generic ones.
struct Settings {
    std::vector<std::string> positional;
    std::map<std::string, std::string> expected;
    bool given = false;
};

template <class T>
Settings& settings() {
    static Settings s;
    return s;
}

inline thread_local bool calling_again = false;

inline std::string bad_text(pybind11::handle value, bool path, int depth = 0);

/// The one-line error for the arguments, or (all fit) the value made again from converted ones.
template <class T>
T diagnose(const std::string& type, const std::vector<Field>& fields, const pybind11::args& args,
           const pybind11::kwargs& kwargs) {
    namespace py = pybind11;
    if (calling_again) throw_argument_type_error(type + "(): invalid arguments");
    py::list converted_args;
    py::dict converted_kwargs;
    const auto convert = [&](const Field& field, py::handle value) {
        const std::string bad = bad_text(value, false);
        if (!bad.empty()) throw_argument_value_error(type + "(): argument " + field.name + bad);
        if (!field.fits(value)) {
            const auto own = settings<T>().expected.find(field.name);
            throw_argument_type_error(type + "(): argument " + field.name + ": expected " +
                                      (own == settings<T>().expected.end() ? field.expected : own->second) +
                                      ", found " + found(value));
        }
        return field.convert(value);
    };
    const Settings& given = settings<T>();
    const auto field_named = [&](const std::string& name) -> const Field* {
        for (const auto& f : fields)
            if (f.name == name) return &f;
        return nullptr;
    };
    if (given.given && args.size() > given.positional.size())
        throw_argument_type_error(type + "(): takes " + std::to_string(given.positional.size()) +
                                  " positional argument(s), found " + std::to_string(args.size()) +
                                  "; give the others by keyword");
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i >= fields.size()) throw_argument_type_error(type + "(): too many positional arguments");
        const Field* field = given.given ? field_named(given.positional[i]) : &fields[i];
        converted_args.append(field == nullptr ? py::reinterpret_borrow<py::object>(args[i])
                                               : convert(*field, args[i]));
    }
    std::vector<std::string> unknown;
    for (const auto& [key, value] : kwargs) {
        const std::string name = py::str(key);
        const Field* field = field_named(name);
        if (field == nullptr) {  // not a field: passed on as it is (a constructor may take it)
            unknown.push_back(name);
            converted_kwargs[key] = value;
        } else {
            converted_kwargs[key] = convert(*field, value);
        }
    }
    // Every argument has the right type: make the value again with them converted.
    struct Again {
        Again() { calling_again = true; }
        ~Again() { calling_again = false; }
    } again;
    py::object made;
    try {
        made = py::type::of<T>()(*converted_args, **converted_kwargs);
    } catch (py::error_already_set& e) {
        if (!e.matches(PyExc_TypeError)) throw;
        std::string names;
        for (const auto& f : fields) names += (names.empty() ? "" : ", ") + f.name;
        if (!unknown.empty())
            throw_argument_type_error(type + "(): unexpected argument " + unknown.front() + "; expected one of " +
                                      names);
        throw_argument_type_error(type + "(): invalid arguments (" + std::to_string(args.size()) +
                                  " positional, keywords " + std::string(py::str(py::list(kwargs.attr("keys")()))) +
                                  "); the arguments are " + names + ", see help(" + type + ")");
    }
    return made.cast<T>();
}

/// What finish_argument_errors() registers, in binding order.
inline std::vector<std::function<void()>>& pending() {
    static std::vector<std::function<void()>> p;
    return p;
}

}  // namespace argument_detail

/// Registers the diagnosing constructor of T once every binding is made (see the file comment).
template <class T>
void add_argument_errors(pybind11::class_<T>& cls, std::string type) {
    namespace py = pybind11;
    py::handle handle = cls;
    argument_detail::pending().push_back([handle, type] {
        py::class_<T> again = py::reinterpret_borrow<py::class_<T>>(handle);
        if (!py::hasattr(again, "__init__")) return;
        again.def(py::init([type](const py::args& args, const py::kwargs& kwargs) {
            static const std::vector<argument_detail::Field> fields = argument_detail::fields_of<T>();
            return argument_detail::diagnose<T>(type, fields, args, kwargs);
        }));
    });
}

/// The constructor of T takes `positional` fields by position (in that order) and the rest by
/// keyword; `expected` describes fields in the type's own words. For the messages only.
template <class T>
void describe_arguments(std::vector<std::string> positional, std::map<std::string, std::string> expected) {
    argument_detail::settings<T>() = {std::move(positional), std::move(expected), true};
}

namespace argument_detail {

/// The parameters "name: type" of the first signature in a pybind11 docstring
/// ("f(a: int, b: str = 'x') -> R"), split at top-level commas; empty when it cannot be read.
inline std::vector<std::string> signature_parameters(const std::string& doc) {
    std::vector<std::string> out;
    std::string text = doc;
    if (text.rfind("Overloaded function.", 0) == 0) {
        const auto one = text.find("1. ");
        if (one == std::string::npos) return out;
        text = text.substr(one + 3);
    }
    const auto open = text.find('(');
    if (open == std::string::npos) return out;
    int depth = 0;
    std::string current;
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') {
            if (depth == 0) {
                if (!current.empty()) out.push_back(current);
                return out;
            }
            --depth;
        }
        if (c == ',' && depth == 0) {
            out.push_back(current);
            current.clear();
            continue;
        }
        if (!(current.empty() && c == ' ')) current += c;
    }
    return {};
}

/// The first text inside `value` (str, or inside a list/tuple/dict, keys too) that cannot cross
/// into C++: a lone surrogate (not UTF-8), or a NUL when `path` (a file name). Describes it, e.g.
/// `["LPI"]: a lone surrogate '\ud800' at character 1`; "" when there is none.
inline std::string bad_text(pybind11::handle value, bool path, int depth) {
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
            if (c == 0 && path) return ": a NUL character at character " + std::to_string(i + 1) + " of a file name";
        }
        return "";
    }
    if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr())) {
        std::size_t i = 0;
        for (const py::handle item : value) {
            const std::string inner = bad_text(item, path, depth + 1);
            if (!inner.empty()) return "[" + std::to_string(i) + "]" + inner;
            ++i;
        }
    } else if (PyDict_Check(value.ptr())) {
        for (const auto& [key, item] : py::reinterpret_borrow<py::dict>(value)) {
            std::string inner = bad_text(key, path, depth + 1);
            if (!inner.empty()) return " key" + inner;
            inner = bad_text(item, path, depth + 1);
            if (!inner.empty()) return "[" + govindex::detail::excerpt(std::string(py::repr(key)), 57) + "]" + inner;
        }
    }
    return "";
}

/// For the plain annotations of a docstring signature (str, int, float, bool, a path, each maybe
/// "| None"): whether `value` fits; true (not known to be wrong) for every other annotation.
inline bool fits_annotation(std::string annotation, pybind11::handle value) {
    const auto none = annotation.find(" | None");
    if (none != std::string::npos) {
        if (value.is_none()) return true;
        annotation.erase(none, 7);
    }
    PyObject* v = value.ptr();
    if (annotation == "str") return PyUnicode_Check(v);
    if (annotation == "bool") return PyBool_Check(v);
    if (annotation == "int" || annotation == "typing.SupportsInt" ||
        annotation == "typing.SupportsInt | typing.SupportsIndex")
        return !PyBool_Check(v) && PyIndex_Check(v);
    if (annotation == "float" || annotation == "typing.SupportsFloat" ||
        annotation == "typing.SupportsFloat | typing.SupportsIndex")
        return !PyUnicode_Check(v) && (PyFloat_Check(v) || PyIndex_Check(v) || PyNumber_Check(v));
    if (annotation == "os.PathLike | str | bytes")
        return PyUnicode_Check(v) || PyBytes_Check(v) || PyObject_HasAttrString(v, "__fspath__");
    return true;
}

/// The one-line error of a call that matched none of a function's signatures (see add_call_errors).
[[noreturn]] inline void diagnose_call(const std::string& function, const std::vector<std::string>& parameters,
                                       bool method, const pybind11::args& args, const pybind11::kwargs& kwargs) {
    namespace py = pybind11;
    const auto name_of = [&](const std::string& parameter) { return parameter.substr(0, parameter.find(':')); };
    const auto annotation_of = [&](const std::string& parameter) -> std::string {  // "unit: str = 'x'" -> "str"
        const auto colon = parameter.find(": ");
        if (colon == std::string::npos) return "";
        return parameter.substr(colon + 2, parameter.find(" = ") == std::string::npos
                                               ? std::string::npos
                                               : parameter.find(" = ") - colon - 2);
    };
    const auto is_path = [](const std::string& parameter) { return parameter.find("PathLike") != std::string::npos; };
    const std::size_t skip = method ? 1 : 0;  // self
    std::string given;
    for (std::size_t i = skip; i < args.size(); ++i) {
        const std::size_t p = i;  // parameters include self for methods, as args do
        const std::string parameter = p < parameters.size() ? parameters[p] : "";
        const std::string name = parameter.empty() ? "#" + std::to_string(i + 1 - skip) : name_of(parameter);
        const std::string bad = bad_text(args[i], is_path(parameter));
        if (!bad.empty()) throw_argument_value_error(function + "(): argument " + name + bad);
        const std::string annotation = annotation_of(parameter);
        if (!annotation.empty() && !fits_annotation(annotation, args[i]))
            throw_argument_type_error(function + "(): argument " + name + ": expected " + annotation + ", found " +
                                      found(args[i]));
        given += (given.empty() ? "" : ", ") + found(args[i]);
    }
    for (const auto& [key, value] : kwargs) {
        const std::string name = py::str(key);
        const std::string* parameter = nullptr;
        for (const auto& p : parameters)
            if (name_of(p) == name) parameter = &p;
        const std::string bad = bad_text(value, parameter != nullptr && is_path(*parameter));
        if (!bad.empty()) throw_argument_value_error(function + "(): argument " + name + bad);
        if (parameter != nullptr && !annotation_of(*parameter).empty() &&
            !fits_annotation(annotation_of(*parameter), value))
            throw_argument_type_error(function + "(): argument " + name + ": expected " + annotation_of(*parameter) +
                                      ", found " + found(value));
        if (parameter == nullptr) {
            std::string names;
            for (std::size_t i = skip; i < parameters.size(); ++i)
                names += (names.empty() ? "" : ", ") + name_of(parameters[i]);
            throw_argument_type_error(function + "(): unexpected argument " + name + "; expected one of " + names);
        }
        given += (given.empty() ? "" : ", ") + name + "=" + found(value);
    }
    // Every argument has its annotated type: an int outside the range of the C++ integer it becomes
    // (a seed of 2**64, a negative count, a rank of 2**31) is the likely reason; name it rather than
    // list the signature. Beyond 64 bits first (no C++ integer takes it), then negative or beyond 2^31 - 1.
    const auto int_parameter = [&](const std::string& parameter) {
        const std::string a = annotation_of(parameter);
        return a.rfind("int", 0) == 0 || a.rfind("typing.SupportsInt", 0) == 0;
    };
    std::vector<std::pair<std::string, py::handle>> ints;
    for (std::size_t i = skip; i < args.size() && i < parameters.size(); ++i)
        if (int_parameter(parameters[i]) && PyLong_Check(args[i].ptr()) && !PyBool_Check(args[i].ptr()))
            ints.emplace_back(name_of(parameters[i]), args[i]);
    for (const auto& [key, value] : kwargs)
        for (const auto& p : parameters)
            if (name_of(p) == std::string(py::str(key)) && int_parameter(p) && PyLong_Check(value.ptr()) &&
                !PyBool_Check(value.ptr()))
                ints.emplace_back(name_of(p), value);
    for (const bool beyond_64_bits : {true, false})
        for (const auto& [name, value] : ints) {
            const py::int_ v = py::reinterpret_borrow<py::int_>(value);
            const bool wide = py::int_(v.attr("bit_length")()).cast<long long>() > 63;
            const bool negative = PyObject_RichCompareBool(v.ptr(), py::int_(0).ptr(), Py_LT) == 1;
            const bool large = PyObject_RichCompareBool(v.ptr(), py::int_(2147483647).ptr(), Py_GT) == 1;
            if (beyond_64_bits ? (wide && (negative || py::int_(v.attr("bit_length")()).cast<long long>() > 64))
                               : (negative || large))
                throw_argument_value_error(function + "(): argument " + name +
                                           ": expected an int within the range of the compiled argument, found " +
                                           found(value));
        }
    std::string expected;
    for (std::size_t i = skip; i < parameters.size(); ++i) expected += (expected.empty() ? "" : ", ") + parameters[i];
    throw_argument_type_error(function + "(): expected (" + expected + "), found (" + given + ")");
}

/// Appends the diagnosing overload to function `name` of `scope` (a module, or a class when `method`).
inline void add_call_error(pybind11::handle scope, const std::string& name, const std::string& qualified, bool method) {
    namespace py = pybind11;
    const py::object existing = py::getattr(scope, name.c_str(), py::none());
    const std::string doc = py::getattr(existing, "__doc__", py::str("")).is_none()
                                ? std::string()
                                : std::string(py::str(py::getattr(existing, "__doc__", py::str(""))));
    std::vector<std::string> parameters = signature_parameters(doc);
    // The first argument after self is a SecondPass, so pybind11 reaches this overload only in its
    // second pass, after every real overload was also tried with conversions (None for an optional,
    // numpy scalars ...). Its default, a private sentinel, stands for "no positional argument".
    static const py::handle none_given =
        py::module_::import("builtins").attr("object")().release();  // kept for the process
    const auto gather = [](const SecondPass& first, const py::args& rest, py::object self) {
        py::list all;
        if (self) all.append(self);
        if (!first.value.is(none_given)) all.append(first.value);
        for (const py::handle a : rest) all.append(a);
        return py::args(py::tuple(all));
    };
    if (method) {
        auto diagnose = [qualified, parameters, gather](const py::object& self, const SecondPass& first,
                                                        const py::args& rest, const py::kwargs& kwargs) -> py::object {
            diagnose_call(qualified, parameters, true, gather(first, rest, self), kwargs);
        };
        py::cpp_function f(diagnose, py::name(name.c_str()), py::is_method(scope), py::sibling(existing),
                           py::arg("__call") = py::reinterpret_borrow<py::object>(none_given));
        // Appended to an existing chain, f is that chain's plain function: keep it a method.
        py::object method_object = PyInstanceMethod_Check(f.ptr())
                                       ? py::object(f)
                                       : py::reinterpret_steal<py::object>(PyInstanceMethod_New(f.ptr()));
        py::setattr(scope, name.c_str(), method_object);
    } else {
        auto diagnose = [qualified, parameters, gather](const SecondPass& first, const py::args& rest,
                                                        const py::kwargs& kwargs) -> py::object {
            diagnose_call(qualified, parameters, false, gather(first, rest, py::object()), kwargs);
        };
        py::cpp_function f(diagnose, py::name(name.c_str()), py::scope(scope), py::sibling(existing),
                           py::arg("__call") = py::reinterpret_borrow<py::object>(none_given));
        py::setattr(scope, name.c_str(), f);
    }
}

/// True for a function or method that pybind11 made (its calls reach the overload chain).
inline bool is_bound_function(pybind11::handle value) {
    namespace py = pybind11;
    if (PyInstanceMethod_Check(value.ptr())) value = PyInstanceMethod_GET_FUNCTION(value.ptr());
    if (!PyCFunction_Check(value.ptr())) return false;
    const py::handle self = PyCFunction_GET_SELF(value.ptr());
    if (!self) return false;
    if (py::isinstance<py::capsule>(self)) return true;     // pybind11 2.x keeps the record in a capsule
    const std::string type = Py_TYPE(self.ptr())->tp_name;  // pybind11 3.x in a function_record object
    return type.find("pybind11_detail_function_record") != std::string::npos;
}

/// One-line errors for calls of every module function and (non-special) method that match no
/// signature: which argument, what was expected and what was found; a text argument that cannot
/// be UTF-8 (a lone surrogate) or a file name with a NUL is an ArgumentValueError naming it.
inline void add_call_errors(pybind11::module_& m) {
    namespace py = pybind11;
    const py::dict members = m.attr("__dict__");
    for (const auto& [key, value] : members) {
        const std::string name = py::str(key);
        if (name.rfind("__", 0) == 0) continue;
        if (is_bound_function(value)) {
            add_call_error(m, name, name, false);
        } else if (PyType_Check(value.ptr()) && py::hasattr(value, "__module__") &&
                   std::string(py::str(value.attr("__module__"))).rfind("govindex", 0) == 0) {
            const py::dict attributes = value.attr("__dict__");
            std::vector<std::string> methods;
            for (const auto& [mkey, mvalue] : attributes) {
                const std::string method = py::str(mkey);
                if (method.rfind("_", 0) != 0 && PyInstanceMethod_Check(mvalue.ptr()) && is_bound_function(mvalue))
                    methods.push_back(method);
            }
            for (const auto& method : methods) add_call_error(value, method, name + "." + method, true);
        }
    }
}

}  // namespace argument_detail

/// Adds the diagnosing constructors and call overloads; call once, at the end of the module's registrations.
inline void finish_argument_errors(pybind11::module_& m) {
    for (const auto& f : argument_detail::pending()) f();
    argument_detail::pending().clear();
    argument_detail::add_call_errors(m);
}

}  // namespace govindex::python
