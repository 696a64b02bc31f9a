#pragma once
/// \file detail/methods.hpp
/// Generic construction of methods from a name and parameters, over any method family (a
/// std::variant whose alternatives have `method_name`, `fields()` and a `check` overload).

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "govindex/detail/fields.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"

namespace govindex {

/// A method parameter as given in a file, on the command line or from Python.
using ParameterValue = std::variant<bool, std::int64_t, double, std::string>;
/// Named parameters of a method.
using Parameters = std::map<std::string, ParameterValue>;

namespace detail {

/// Family name used in messages ("normalisation", "aggregation" ...); specialise per family.
template <class Variant>
inline constexpr std::string_view method_family = "method";

template <class T>
concept Method = requires {
    T::method_name;
    T::fields();
};

template <class T>
struct is_method_variant : std::false_type {};
template <class... Ts>
struct is_method_variant<std::variant<Ts...>> : std::bool_constant<(Method<Ts> && ...)> {};
/// True for a std::variant of methods.
template <class T>
inline constexpr bool is_method_variant_v = is_method_variant<T>::value;

inline std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

inline std::string with_prefix(const std::string& where, const std::string& what) {
    return where.empty() ? what : where + ": " + what;
}

/// Names of the alternatives of a method family.
template <class Variant>
std::vector<std::string> method_names() {
    std::vector<std::string> out;
    for_each_alternative<Variant>([&](auto tag) { out.emplace_back(decltype(tag)::type::method_name); });
    return out;
}

/// A parameter's value as messages print it (text without quotes).
inline std::string parameter_text(const ParameterValue& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, bool>)
                return v ? "true" : "false";
            else if constexpr (std::is_same_v<V, double>)
                return exact_number(v);
            else if constexpr (std::is_same_v<V, std::string>)
                return v;
            else
                return std::to_string(v);
        },
        value);
}

template <class T>
void assign_parameter(T& target, const ParameterValue& value, std::string_view method, std::string_view name,
                      const std::string& where) {
    auto wrong = [&](const char* expected) {
        throw MethodError(
            with_prefix(where, "method " + detail::in_quotes(method) + ", parameter \"" + std::string(name) +
                                   "\": expected " + expected),
            ErrorLocation{.column = std::string(name), .expected = expected, .found = parameter_text(value)});
    };
    if constexpr (std::is_same_v<T, double>) {
        if (const auto* d = std::get_if<double>(&value))
            target = *d;
        else if (const auto* i = std::get_if<std::int64_t>(&value))
            target = static_cast<double>(*i);
        else
            wrong("a number");
    } else if constexpr (std::is_same_v<T, bool>) {
        if (const auto* b = std::get_if<bool>(&value))
            target = *b;
        else
            wrong("true or false");
    } else if constexpr (std::is_integral_v<T>) {
        if (const auto* i = std::get_if<std::int64_t>(&value))
            target = static_cast<T>(*i);
        else
            wrong("a whole number");
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (const auto* s = std::get_if<std::string>(&value))
            target = *s;
        else
            wrong("text");
    } else {
        static_assert(sizeof(T) == 0, "method parameters are double, int, bool or std::string");
    }
}

/// Builds the method called `name` of a family from parameters (missing ones keep their defaults);
/// throws MethodError for an unknown name, an unknown parameter, a wrong type or a failed check.
template <class Variant>
Variant make_method(std::string_view name, const Parameters& parameters, const std::string& where = "") {
    const std::string kind(method_family<Variant>);
    std::optional<Variant> out;
    for_each_alternative<Variant>([&](auto tag) {
        using M = typename decltype(tag)::type;
        if (M::method_name != name) return;
        M method{};
        std::vector<std::string> known;
        for_each_field<M>([&](const auto& f) {
            known.emplace_back(f.name);
            if (auto it = parameters.find(std::string(f.name)); it != parameters.end())
                assign_parameter(method.*(f.member), it->second, name, f.name, where);
        });
        for (const auto& [key, value] : parameters)
            if (std::find(known.begin(), known.end(), key) == known.end())
                throw MethodError(
                    with_prefix(where, kind + " method \"" + std::string(name) + "\": unknown parameter " +
                                           detail::in_quotes(key) + "; expected " +
                                           (known.empty() ? "no parameters" : "one of " + join(known))),
                    ErrorLocation{.column = key,
                                  .expected = known.empty() ? "no parameters" : "one of " + join(known),
                                  .found = key});
        try {
            check(method);
        } catch (const MethodError& e) {
            rethrow_with(e, where.empty() ? std::string() : where + ": ");
        }
        out = method;
    });
    if (!out)
        throw MethodError(
            with_prefix(where, "unknown " + kind + " method " + detail::in_quotes(name) + "; expected one of " +
                                   join(method_names<Variant>())),
            ErrorLocation{.expected = "one of " + join(method_names<Variant>()), .found = std::string(name)});
    return *out;
}

/// The name of the method a family variant holds.
template <class Variant>
std::string name_of(const Variant& v) {
    return std::string(method_name_of(v));
}

/// Every parameter of the method a family variant holds (the inverse of make_method).
template <class Variant>
Parameters parameters_of(const Variant& v) {
    return std::visit(
        [](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            Parameters out;
            for_each_field<M>([&](const auto& f) {
                using T = std::decay_t<decltype(m.*(f.member))>;
                if constexpr (std::is_same_v<T, double> || std::is_same_v<T, bool> || std::is_same_v<T, std::string>)
                    out.emplace(std::string(f.name), m.*(f.member));
                else
                    out.emplace(std::string(f.name), static_cast<std::int64_t>(m.*(f.member)));
            });
            return out;
        },
        v);
}

}  // namespace detail
}  // namespace govindex
