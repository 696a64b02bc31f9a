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
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <govindex/detail/fields.hpp>

namespace govindex::python {

namespace argument_detail {

template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T> struct is_map : std::false_type {};
template <class K, class V, class C, class A> struct is_map<std::map<K, V, C, A>> : std::true_type {};
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_variant : std::false_type {};
template <class... T> struct is_variant<std::variant<T...>> : std::true_type {};

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
    if constexpr (std::is_same_v<F, bool>) return "True or False";
    else if constexpr (std::is_integral_v<F>) return "an integer";
    else if constexpr (std::is_floating_point_v<F>) return "a number";
    else if constexpr (std::is_same_v<F, std::string>) return "text";
    else if constexpr (is_optional<F>::value) return expected<typename F::value_type>() + " or None";
    else if constexpr (is_vector<F>::value) return "a list of " + expected<typename F::value_type>();
    else if constexpr (is_map<F>::value) return "a dict of code -> " + expected<typename F::mapped_type>();
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
    std::string text = py::repr(h).cast<std::string>();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return std::string(py::str(py::type::of(h).attr("__name__"))) + " " + text;
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

/// The one-line error for the arguments, or (all fit) the value made again from converted ones.
template <class T>
T diagnose(const std::string& type, const std::vector<Field>& fields, const pybind11::args& args,
           const pybind11::kwargs& kwargs) {
    namespace py = pybind11;
    if (calling_again) throw py::type_error(type + "(): invalid arguments");
    py::list converted_args;
    py::dict converted_kwargs;
    const auto convert = [&](const Field& field, py::handle value) {
        if (!field.fits(value)) {
            const auto own = settings<T>().expected.find(field.name);
            throw py::type_error(type + "(): argument " + field.name + ": expected " +
                                 (own == settings<T>().expected.end() ? field.expected : own->second) + ", found " +
                                 found(value));
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
        throw py::type_error(type + "(): takes " + std::to_string(given.positional.size()) + " positional argument(s), found " +
                             std::to_string(args.size()) + "; give the others by keyword");
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i >= fields.size()) throw py::type_error(type + "(): too many positional arguments");
        const Field* field = given.given ? field_named(given.positional[i]) : &fields[i];
        converted_args.append(field == nullptr ? py::reinterpret_borrow<py::object>(args[i]) : convert(*field, args[i]));
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
            throw py::type_error(type + "(): unexpected argument " + unknown.front() + "; expected one of " + names);
        throw py::type_error(type + "(): invalid arguments (" + std::to_string(args.size()) + " positional, keywords " +
                             std::string(py::str(py::list(kwargs.attr("keys")()))) + "); the arguments are " + names +
                             ", see help(" + type + ")");
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

/// Adds the diagnosing constructors; call once, at the end of the module's registrations.
inline void finish_argument_errors() {
    for (const auto& f : argument_detail::pending()) f();
    argument_detail::pending().clear();
}

}  // namespace govindex::python
