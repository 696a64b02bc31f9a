#pragma once
/// \file detail/fields.hpp
/// Compile-time description of a method's parameters, so that files, the CLI and Python read and
/// write every method the same way. A method is a small struct with
///   static constexpr std::string_view method_name;   // e.g. "minmax"
///   static constexpr auto fields();                   // std::tuple of field(...) entries
/// and a free function that applies it.

#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

namespace govindex::detail {

/// One parameter of a method: its name, the member it lives in and a one-line description.
template <class Method, class T>
struct Field {
    std::string_view name;
    T Method::*member;
    std::string_view doc;
};

template <class Method, class T>
constexpr Field<Method, T> field(std::string_view name, T Method::*member, std::string_view doc) {
    return {name, member, doc};
}

/// Calls `f(field)` for every field of `Method`.
template <class Method, class F>
constexpr void for_each_field(F&& f) {
    std::apply([&](const auto&... fs) { (f(fs), ...); }, Method::fields());
}

/// Calls `f(std::type_identity<Alt>{})` for every alternative of a variant type.
template <class Variant, class F>
constexpr void for_each_alternative(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (f(std::type_identity<std::variant_alternative_t<I, Variant>>{}), ...);
    }
    (std::make_index_sequence<std::variant_size_v<Variant>>{});
}

/// The method name of whatever a variant holds.
template <class Variant>
std::string_view method_name_of(const Variant& v) {
    return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::method_name; }, v);
}

/// Overload set for std::visit.
template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace govindex::detail
