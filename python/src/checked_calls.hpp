#pragma once
// Every function, method, static method, property setter and constructor of govindex._core is
// bound through this file: def_function for a module's functions, checked_class<T> for a class (a
// py::class_ whose def, def_static, def_readwrite, def_property and def(py::init ...) do the same).
// Each becomes ONE pybind11 overload taking (*args, **kwargs). Its arguments are matched to the
// C++ parameters by position and keyword as pybind11 matches them (names, defaults, kw_only and
// pos_only from the usual py::arg annotations), then converted one by one with pybind11's own
// casters and flags, so a numpy array reaches an Eigen::Ref parameter as before (without a copy
// where none was made). An argument that does not convert is one line naming the callable and
// the argument, what was expected and what was found: govindex.ArgumentTypeError, or
// ArgumentValueError for text that is not UTF-8 and an integer out of its C++ range; never
// pybind11's list of signatures. The first line of the docstring is the signature pybind11 writes
// from the C++ types (its own generator, on the same annotations), so help() and the stubs stay
// typed.
//
// return_value_policy and call_guard keep their meaning; keep_alive is refused at compile time (no
// binding uses it). Operators (py::self == py::self, py::is_operator) and pickling stay pybind11's:
// a mismatched operand must give NotImplemented, not an error.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "argument_errors.hpp"

namespace govindex::python {

namespace call_detail {

namespace py = pybind11;

/// What is called; a message names "kurtosis()", "Family.version()", "Level()" or "Assessment.leaves".
enum class Kind { function, method, constructor, setter };

/// One C++ parameter as Python sees it.
struct Parameter {
    std::string (*expected)();       ///< what the argument must be, in words
    std::string (*integer_range)();  ///< "from -2147483648 to 2147483647" for an integer, else ""
    std::string name = {};           ///< py::arg name; "self" or pybind11's "argN" when not annotated
    bool keyword = false;            ///< may be given by keyword (annotated, not positional-only)
    py::object default_value = {};   ///< null when the argument is required
    bool convert = true;             ///< cleared by py::arg(...).noconvert()
    bool none = true;                ///< cleared by py::arg(...).none(false)
};

/// What one bound callable takes, made once when the module is imported.
struct CallSpec {
    std::string label;
    Kind kind = Kind::function;
    std::vector<Parameter> parameters;  ///< self first for a method or a setter
    std::size_t positional = 0;         ///< the first `positional` parameters may be given by position
    py::return_value_policy policy = py::return_value_policy::automatic;
    std::string doc;  ///< the docstring: name(signature) -> return, then the binding's own doc
};

/// Completes `call` from the annotations read into `rec` by pybind11's process_attributes and the
/// C++ signature (pybind11's descr text and types). A constructor's self is in the docstring but
/// is not a parameter (pybind11 passes it apart).
void complete_spec(CallSpec& call, py::detail::function_record& rec, const char* name, const char* signature,
                   const std::type_info* const* types);

/// The argument of each parameter, given by position or keyword or its default (null when missing,
/// reported by load() in parameter order); too many, unknown or repeated arguments are an
/// ArgumentTypeError.
std::vector<py::handle> match(const CallSpec& call, const py::args& args, const py::kwargs& kwargs);

/// Raises the one-line error for the missing required parameter `i`.
[[noreturn]] void argument_missing(const CallSpec& call, std::size_t i);

/// Raises the one-line error for parameter `i`, which could not take `value`.
[[noreturn]] void argument_failed(const CallSpec& call, std::size_t i, py::handle value);

/// Throws std::logic_error (seen when the module is imported) when `scope` already has `name`:
/// a second definition would make an overload chain, which checked bindings do not make.
void require_new_name(py::handle scope, const char* name);

template <class A>
using value_type_of = std::remove_cvref_t<std::remove_pointer_t<std::remove_cvref_t<A>>>;

template <class A>
std::string expected_for() {
    return argument_detail::expected<value_type_of<A>>();
}

template <class A>
std::string integer_range_for() {
    using F = value_type_of<A>;
    if constexpr (std::is_integral_v<F> && !std::is_same_v<F, bool>)
        return "from " + std::to_string(std::numeric_limits<F>::min()) + " to " +
               std::to_string(std::numeric_limits<F>::max());
    else
        return "";
}

/// Converts `value` for parameter `i` with pybind11's caster for A, or raises the one-line error.
template <class Caster>
void load(const CallSpec& call, std::size_t i, Caster& caster, py::handle value) {
    if (!value) argument_missing(call, i);
    const Parameter& parameter = call.parameters[i];
    bool loaded = false;
    if (parameter.none || !value.is_none()) {
        try {
            loaded = caster.load(value, parameter.convert);
        } catch (const py::cast_error&) {
        } catch (py::error_already_set& e) {
            if (!e.matches(PyExc_TypeError) && !e.matches(PyExc_ValueError)) throw;
        }
    }
    if (!loaded) argument_failed(call, i, value);
}

/// Converts every argument, calls f inside Guard, and returns finish(its result) while the
/// converted arguments are still alive (a result may refer to one, as in pybind11).
template <class Guard, class R, class... A, class F, class Finish, std::size_t... I>
decltype(auto) invoke(const CallSpec& call, const F& f, const std::vector<py::handle>& given, const Finish& finish,
                      std::index_sequence<I...>) {
    std::tuple<py::detail::make_caster<A>...> casters;
    (load(call, I, std::get<I>(casters), given[I]), ...);
    if constexpr (std::is_void_v<R>) {
        {
            Guard guard{};
            (void)guard;
            f(py::detail::cast_op<A>(std::move(std::get<I>(casters)))...);
        }
        return finish();
    } else {
        return finish([&]() -> R {
            Guard guard{};
            (void)guard;
            return f(py::detail::cast_op<A>(std::move(std::get<I>(casters)))...);
        }());
    }
}

template <class R, class... A>
struct Signature {};

template <class R, class... A>
Signature<R, A...> signature_of(R (*)(A...));

/// The Signature<R, A...> of a function pointer or a (non-generic) lambda.
template <class F>
using signature_t = decltype(signature_of(static_cast<py::detail::function_signature_t<F>*>(nullptr)));

/// A member function as a callable taking the object first, as T (so a base class's method is
/// described as the bound class's, as pybind11's method_adaptor does); anything else unchanged.
template <class T, class R, class C, class... A>
auto as_callable(R (C::*f)(A...) const) {
    return [f](const T& self, A... a) -> R { return (self.*f)(std::forward<A>(a)...); };
}
template <class T, class R, class C, class... A>
auto as_callable(R (C::*f)(A...) const noexcept) {
    return [f](const T& self, A... a) -> R { return (self.*f)(std::forward<A>(a)...); };
}
template <class T, class R, class C, class... A>
auto as_callable(R (C::*f)(A...)) {
    return [f](T& self, A... a) -> R { return (self.*f)(std::forward<A>(a)...); };
}
template <class T, class R, class C, class... A>
auto as_callable(R (C::*f)(A...) noexcept) {
    return [f](T& self, A... a) -> R { return (self.*f)(std::forward<A>(a)...); };
}
template <class T, class F>
requires(!std::is_member_function_pointer_v<std::decay_t<F>>) std::decay_t<F> as_callable(F&& f) {
    return std::forward<F>(f);
}

template <class... Extra>
constexpr bool has_keep_alive = (py::detail::is_keep_alive<Extra>::value || ...);
template <class... Extra>
constexpr bool has_call_guard = (py::detail::is_call_guard<Extra>::value || ...);
template <class... Extra>
constexpr bool has_operator = (std::is_same_v<Extra, py::is_operator> || ...);

/// The spec of a callable whose docstring shows the C++ parameters Shown... and returns R, taking
/// the parameters A... (Shown minus a constructor's self); `method` is the class for a method.
template <class R, class... A, class... Shown, class... Extra>
std::shared_ptr<const CallSpec> make_spec(std::string label, Kind kind, const char* name, py::handle method,
                                          std::tuple<Shown...>*, const Extra&... extra) {
    static_assert(!has_keep_alive<Extra...>, "checked bindings do not support py::keep_alive (none used yet)");
    py::detail::function_record rec;
    rec.nargs_pos = static_cast<std::uint16_t>(sizeof...(Shown));
    if (method) py::detail::process_attributes<py::is_method>::init(py::is_method(method), &rec);
    py::detail::process_attributes<Extra...>::init(extra..., &rec);
    using Out = std::conditional_t<std::is_void_v<R>, py::detail::void_type, R>;
    static constexpr auto descr = py::detail::const_name("(") + py::detail::argument_loader<Shown...>::arg_names +
                                  py::detail::const_name(") -> ") + py::detail::make_caster<Out>::name;
    static constexpr auto types = decltype(descr)::types();
    CallSpec call{std::move(label), kind, {Parameter{&expected_for<A>, &integer_range_for<A>}...}};
    complete_spec(call, rec, name, descr.text, types.data());
    return std::make_shared<const CallSpec>(std::move(call));
}

/// A cpp_function taking (*args, **kwargs) that calls f with checked arguments (see the file
/// comment). `method` is the class of a method or setter (self is then f's first parameter),
/// `shown_as_method` whether the docstring calls that parameter self (pybind11 does not for a
/// property setter given as a lambda), `scope` the module or class of a function.
template <class F, class... Extra>
py::cpp_function checked_function(std::string label, Kind kind, const char* name, py::handle method,
                                  bool shown_as_method, py::handle scope, F&& f, const Extra&... extra) {
    auto callable = as_callable<void>(std::forward<F>(f));
    return [&]<class R, class... A>(Signature<R, A...>) {
        auto spec = make_spec<R, A...>(std::move(label), kind, name, shown_as_method ? method : py::handle(),
                                       static_cast<std::tuple<A...>*>(nullptr), extra...);
        using Guard = py::detail::extract_guard_t<Extra...>;
        auto impl = [spec, callable](const py::args& args, const py::kwargs& kwargs) -> py::object {
            const py::handle parent = args.empty() ? py::handle() : py::handle(args[0]);
            const auto finish = [&](auto&&... result) -> py::object {
                if constexpr (sizeof...(result) == 0) {
                    return py::none();
                } else {
                    const py::handle out = py::detail::make_caster<R>::cast(
                        std::forward<decltype(result)>(result)...,
                        py::detail::return_value_policy_override<R>::policy(spec->policy), parent);
                    if (!out) throw py::error_already_set();
                    return py::reinterpret_steal<py::object>(out);
                }
            };
            return invoke<Guard, R, A...>(*spec, callable, match(*spec, args, kwargs), finish,
                                          std::index_sequence_for<A...>{});
        };
        py::options options;
        options.disable_function_signatures();  // the signature is the first line of spec->doc
        if (method) return py::cpp_function(std::move(impl), py::name(name), py::is_method(method), spec->doc.c_str());
        return py::cpp_function(std::move(impl), py::name(name), py::scope(scope), spec->doc.c_str());
    }(signature_t<decltype(callable)>{});
}

/// Defines T's __init__ from a factory f(A...) -> T with checked arguments (replacing an __init__
/// T already has, as an enum's).
template <class Class, class F, class... Extra>
void def_checked_init(Class& cls, F f, const Extra&... extra) {
    using T = typename Class::type;
    static_assert(!has_call_guard<Extra...>, "a checked constructor takes no call_guard");
    const std::string type = py::str(cls.attr("__name__"));
    [&]<class R, class... A>(Signature<R, A...>) {
        auto spec = make_spec<void, A...>(type + "()", Kind::constructor, "__init__", cls,
                                          static_cast<std::tuple<const T&, A...>*>(nullptr), extra...);
        if (cls.attr("__dict__").contains("__init__")) py::delattr(cls, "__init__");
        py::options options;
        options.disable_function_signatures();  // the signature is the first line of spec->doc
        static_cast<py::class_<T>&>(cls).def(
            py::init([spec, f](const py::args& args, const py::kwargs& kwargs) -> R {
                const auto finish = [](auto&& value) -> R { return std::forward<decltype(value)>(value); };
                return invoke<py::detail::void_type, R, A...>(*spec, f, match(*spec, args, kwargs), finish,
                                                              std::index_sequence_for<A...>{});
            }),
            spec->doc.c_str());
    }(signature_t<F>{});
}

}  // namespace call_detail

/// Defines the module function `name` with checked arguments (see the file comment); `extra` are
/// pybind11's annotations (py::arg, py::kw_only, a doc string, return_value_policy, call_guard).
template <class F, class... Extra>
void def_function(pybind11::module_& m, const char* name, F&& f, const Extra&... extra) {
    call_detail::require_new_name(m, name);
    m.add_object(name, call_detail::checked_function(std::string(name) + "()", call_detail::Kind::function, name,
                                                     pybind11::handle(), false, m, std::forward<F>(f), extra...));
}

/// A py::class_ whose functions, methods, static methods, property setters and constructors take
/// checked arguments (see the file comment). The rest of py::class_'s def_* functions that would
/// bind a callable without checking are deleted, so that a chain of defs cannot fall back to them.
template <class T>
class checked_class : public pybind11::class_<T> {
    using base = pybind11::class_<T>;

public:
    using base::base;

    /// A method (a member function, or a function or lambda taking the object first).
    template <class F, class... Extra>
    checked_class& def(const char* name, F&& f, const Extra&... extra) {
        if constexpr (call_detail::has_operator<Extra...>) {
            base::def(name, std::forward<F>(f), extra...);  // NotImplemented for a mismatched operand
        } else {
            call_detail::require_new_name(*this, name);
            pybind11::detail::add_class_method(
                *this, name,
                call_detail::checked_function(type_name() + "." + name + "()", call_detail::Kind::method, name, *this,
                                              true, *this, call_detail::as_callable<T>(std::forward<F>(f)), extra...));
        }
        return *this;
    }

    /// py::init<A...>(): T(A...) with checked arguments.
    template <class... A, class... Extra>
    checked_class& def(const pybind11::detail::initimpl::constructor<A...>&, const Extra&... extra) {
        call_detail::def_checked_init(
            *this,
            [](A... a) -> T {
                if constexpr (std::is_constructible_v<T, A&&...>)
                    return T(std::forward<A>(a)...);
                else
                    return T{std::forward<A>(a)...};
            },
            extra...);
        return *this;
    }

    /// py::init(factory): the factory with checked arguments.
    template <class Func, class R, class... A, class... Extra>
    checked_class& def(pybind11::detail::initimpl::factory<Func, pybind11::detail::void_type (*)(), R(A...),
                                                           pybind11::detail::void_type()>&& init,
                       const Extra&... extra) {
        call_detail::def_checked_init(*this, std::move(init.class_factory), extra...);
        return *this;
    }

    /// Operators (py::self == py::self) and pickling, as pybind11 binds them.
    template <class Op, class... Extra, pybind11::detail::enable_if_t<Op::op_enable_if_hook, int> = 0>
    checked_class& def(const Op& op, const Extra&... extra) {
        base::def(op, extra...);
        return *this;
    }
    template <class... P, class... Extra>
    checked_class& def(pybind11::detail::initimpl::pickle_factory<P...>&& pickle, const Extra&... extra) {
        base::def(std::move(pickle), extra...);
        return *this;
    }

    template <class F, class... Extra>
    checked_class& def_static(const char* name, F&& f, const Extra&... extra) {
        static_assert(!std::is_member_function_pointer_v<std::decay_t<F>>, "def_static takes a static function");
        call_detail::require_new_name(*this, name);
        this->attr(name) = pybind11::staticmethod(
            call_detail::checked_function(type_name() + "." + name + "()", call_detail::Kind::function, name,
                                          pybind11::handle(), false, *this, std::forward<F>(f), extra...));
        return *this;
    }

    /// A property whose setter assigns the member after a checked conversion.
    template <class C, class D, class... Extra>
    checked_class& def_readwrite(const char* name, D C::*member, const Extra&... extra) {
        static_assert(std::is_base_of_v<C, T>, "def_readwrite takes a member of the class");
        base::def_property(name,
                           pybind11::cpp_function([member](const T& self) -> const D& { return self.*member; },
                                                  pybind11::is_method(*this)),
                           checked_setter(
                               name, [member](T& self, const D& value) { self.*member = value; }, true),
                           pybind11::return_value_policy::reference_internal, extra...);
        return *this;
    }

    /// A property with a getter and a setter: a lambda or member function (checked here) or a
    /// cpp_function made with checked_setter.
    template <class Getter, class Setter, class... Extra>
    checked_class& def_property(const char* name, const Getter& get, const Setter& set, const Extra&... extra) {
        if constexpr (std::is_same_v<Setter, pybind11::cpp_function>)
            base::def_property(name, get, set, extra...);
        else
            base::def_property(name, get, checked_setter(name, call_detail::as_callable<T>(set), false), extra...);
        return *this;
    }

    /// A property setter with checked conversion; `shown_as_method` names its first parameter self
    /// in the docstring (pybind11 does for def_readwrite, not for a lambda given to def_property).
    template <class F, class... Extra>
    pybind11::cpp_function checked_setter(const char* name, F&& f, bool shown_as_method, const Extra&... extra) {
        return call_detail::checked_function(type_name() + "." + name, call_detail::Kind::setter, "", *this,
                                             shown_as_method, *this, std::forward<F>(f), extra...);
    }

    template <class... A>
    checked_class& def_property_readonly(const char* name, const A&... a) {
        base::def_property_readonly(name, a...);
        return *this;
    }
    template <class... A>
    checked_class& def_property_readonly_static(const char* name, const A&... a) {
        base::def_property_readonly_static(name, a...);
        return *this;
    }
    template <class... A>
    checked_class& def_readonly(const char* name, const A&... a) {
        base::def_readonly(name, a...);
        return *this;
    }

    template <class... A>
    checked_class& def_property_static(A&&...) = delete;
    template <class... A>
    checked_class& def_readwrite_static(A&&...) = delete;
    template <class... A>
    checked_class& def_buffer(A&&...) = delete;
    template <class... A>
    checked_class& def_cast(A&&...) = delete;

private:
    std::string type_name() const { return pybind11::str(this->attr("__name__")); }
};

/// A py::enum_ whose constructor, Aggregation(value), takes a checked argument.
template <class E>
class checked_enum : public pybind11::enum_<E> {
public:
    template <class... Extra>
    checked_enum(const pybind11::handle& scope, const char* name, const Extra&... extra)
        : pybind11::enum_<E>(scope, name, extra...) {
        using Scalar = typename pybind11::enum_<E>::Scalar;
        call_detail::def_checked_init(
            *this, [](Scalar value) { return static_cast<E>(value); }, pybind11::arg("value"));
    }
};

}  // namespace govindex::python
