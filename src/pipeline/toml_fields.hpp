#pragma once
// Reading and writing values described by fields() (detail/fields.hpp) as TOML: pipeline steps,
// their methods, and anything built of them (uncertainty declarations). Private to src/.
//
// Supported field types: bool, whole numbers, double, text, arrays of them, std::optional of them
// (absent key = empty), scoring rules, method families ({ name = "...", parameters }), tables of
// code = value, nested values with fields(), and tagged variants (a table whose `key` names the
// alternative, e.g. `step = "normalise"`; see TaggedVariant). A new step, method or field needs no
// code here.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <toml++/toml.hpp>
#include <type_traits>
#include <variant>
#include <vector>

#include "detail/toml_support.hpp"
#include "model/rule_toml.hpp"

#include "govindex/detail/fields.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/detail/methods.hpp"
#include "govindex/pipeline/pipeline.hpp"

namespace govindex::detail {

/// A variant read from a table whose `key` names the alternative. Specialise with
///   key                      the key naming the alternative ("step")
///   missing, unknown         message words ("missing step type", "unknown step")
///   template <class A> static constexpr std::string_view name()   the name of alternative A
template <class V>
struct TaggedVariant : std::false_type {};

/// Pipeline steps: `step = "normalise"` and the step's fields.
template <>
struct TaggedVariant<Step> : std::true_type {
    static constexpr std::string_view key = "step";
    static constexpr std::string_view missing = "missing step type";
    static constexpr std::string_view unknown = "unknown step";
    template <class A>
    static constexpr std::string_view name() {
        return A::step_name;
    }
};

template <class V>
inline constexpr bool is_tagged_variant_v = TaggedVariant<V>::value;

/// The names of a tagged variant's alternatives, in declaration order.
template <class V>
std::vector<std::string> tag_names() {
    std::vector<std::string> out;
    for_each_alternative<V>(
        [&](auto tag) { out.emplace_back(TaggedVariant<V>::template name<typename decltype(tag)::type>()); });
    return out;
}

/// The tag of whatever a tagged variant holds.
template <class V>
std::string tag_of(const V& value) {
    return std::visit(
        [](const auto& x) { return std::string(TaggedVariant<V>::template name<std::decay_t<decltype(x)>>()); }, value);
}

template <class T>
concept HasFields = requires {
    T::fields();
}
&&!Method<T>;

template <class T>
struct is_string_map : std::false_type {};
template <class V>
struct is_string_map<std::map<std::string, V>> : std::true_type {
    using value_type = V;
};

template <class T>
struct is_vector : std::false_type {};
template <class V>
struct is_vector<std::vector<V>> : std::true_type {
    using value_type = V;
};

template <class T>
struct is_optional : std::false_type {};
template <class V>
struct is_optional<std::optional<V>> : std::true_type {
    using value_type = V;
};

/// `path.key`, or `key` at the top.
inline std::string key_path(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

/// Reads values from TOML; every error is a MethodError naming the source, the line and the key.
struct FieldReader {
    std::string source;

    [[nodiscard]] std::string at(const toml::node& node, const std::string& key) const {
        return toml_location(source, node, "key", key);
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& what) const {
        throw MethodError(at(node, key) + ": " + what, toml_location_of(source, node, key, what));
    }

    [[nodiscard]] ParameterValue parameter(const toml::node& value, const std::string& key) const {
        if (auto v = value.as_boolean()) return v->get();
        if (auto v = value.as_integer()) return static_cast<std::int64_t>(v->get());
        if (auto v = value.as_floating_point()) return v->get();
        if (auto v = value.as_string()) return v->get();
        fail(value, key, "expected a number, true/false or text");
    }

    /// What an array of T holds, for messages.
    template <class T>
    static std::string plural() {
        if constexpr (std::is_same_v<T, bool>)
            return "true/false values";
        else if constexpr (std::is_integral_v<T>)
            return "whole numbers";
        else if constexpr (std::is_same_v<T, double>)
            return "numbers";
        else if constexpr (std::is_same_v<T, std::string>)
            return "text";
        else
            return "tables";
    }

    template <class T>
    void read(T& out, const toml::node& node, const std::string& key) const {
        if constexpr (std::is_same_v<T, bool>) {
            if (!node.is_boolean()) fail(node, key, "expected true or false");
            out = *node.value<bool>();
        } else if constexpr (std::is_integral_v<T>) {
            if (!node.is_integer()) fail(node, key, "expected a whole number");
            const std::int64_t v = *node.value<std::int64_t>();
            using Limits = std::numeric_limits<T>;
            if constexpr (std::is_unsigned_v<T>) {
                if (v < 0) fail(node, key, "expected a whole number >= 0");
                if constexpr (Limits::digits < 63)
                    if (static_cast<std::uint64_t>(v) > Limits::max())
                        fail(node, key, "expected a whole number from 0 to " + std::to_string(Limits::max()));
            } else if constexpr (Limits::digits < 63) {
                if (v < Limits::min() || v > Limits::max())
                    fail(node, key,
                         "expected a whole number from " + std::to_string(Limits::min()) + " to " +
                             std::to_string(Limits::max()));
            }
            out = static_cast<T>(v);
        } else if constexpr (std::is_same_v<T, double>) {
            if (!node.is_number()) fail(node, key, "expected a number");
            out = *node.value<double>();
        } else if constexpr (std::is_same_v<T, std::string>) {
            if (!node.is_string()) fail(node, key, "expected text");
            out = *node.value<std::string>();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            const auto* array = node.as_array();
            if (array == nullptr) fail(node, key, "expected an array of text");
            out.clear();
            for (const auto& item : *array) {
                if (!item.is_string()) fail(item, key, "expected an array of text");
                out.push_back(*item.value<std::string>());
            }
        } else if constexpr (is_vector<T>::value) {
            using V = typename is_vector<T>::value_type;
            const auto* array = node.as_array();
            if (array == nullptr) fail(node, key, "expected an array of " + plural<V>());
            out.clear();
            for (std::size_t i = 0; i < array->size(); ++i) {
                V item{};
                read(item, *array->get(i), key + "[" + std::to_string(i + 1) + "]");
                out.push_back(std::move(item));
            }
        } else if constexpr (is_optional<T>::value) {
            typename is_optional<T>::value_type value{};
            read(value, node, key);
            out = std::move(value);
        } else if constexpr (std::is_same_v<T, ScoringRule>) {
            out = read_rule_toml(node, source, key);
        } else if constexpr (is_method_variant_v<T>) {
            const auto* table = node.as_table();
            if (table == nullptr) fail(node, key, "expected a method such as { name = \"...\", ... }");
            const auto* name = (*table)["name"].as_string();
            if (name == nullptr) fail(node, key + ".name", "missing method name; expected text");
            Parameters params;
            for (const auto& [k, value] : *table)
                if (k.str() != "name")
                    params.emplace(std::string(k.str()), parameter(value, key + "." + std::string(k.str())));
            try {
                out = make_method<T>(name->get(), params, at(node, key));
            } catch (const Error& e) {  // the message names the key already; add it as data
                rethrow_with(e, "",
                             {.source = source, .line = static_cast<long>(node.source().begin.line), .column = key});
            }
        } else if constexpr (is_tagged_variant_v<T>) {
            read_tagged(out, node, key);
        } else if constexpr (HasFields<T>) {
            const auto* table = node.as_table();
            if (table == nullptr) fail(node, key, "expected a table");
            read_fields(out, *table, key, {});
        } else if constexpr (is_string_map<T>::value) {
            const auto* table = node.as_table();
            if (table == nullptr) fail(node, key, "expected a table of code = value");
            out.clear();
            for (const auto& [k, value] : *table) {
                typename is_string_map<T>::value_type item{};
                read(item, value, key + "." + std::string(k.str()));
                out.emplace(std::string(k.str()), std::move(item));
            }
        } else {
            static_assert(sizeof(T) == 0, "unsupported field type in a TOML file");
        }
    }

    /// A tagged variant: a table whose TaggedVariant<V>::key names the alternative, with its fields.
    template <class V>
    void read_tagged(V& out, const toml::node& node, const std::string& path) const {
        using Tag = TaggedVariant<V>;
        const auto* table = node.as_table();
        if (table == nullptr) fail(node, path, "expected a table");
        const std::string tag_key = key_path(path, Tag::key);
        const auto* kind = (*table)[Tag::key].as_string();
        if (kind == nullptr)
            fail(node, tag_key, std::string(Tag::missing) + "; expected one of " + join(tag_names<V>()));
        bool found = false;
        for_each_alternative<V>([&](auto tag) {
            using A = typename decltype(tag)::type;
            if (found || kind->get() != Tag::template name<A>()) return;
            A value{};
            read_fields(value, *table, path, {std::string(Tag::key)});
            out = std::move(value);
            found = true;
        });
        if (!found)
            fail(*(*table)[Tag::key].node(), tag_key,
                 std::string(Tag::unknown) + " " + detail::in_quotes(kind->get()) + "; expected one of " +
                     join(tag_names<V>()));
    }

    /// The fields of S from `table` (keys in `extra` are allowed and skipped); an unknown key is an error.
    template <class S>
    void read_fields(S& out, const toml::table& table, const std::string& path,
                     const std::set<std::string>& extra) const {
        std::set<std::string> known = extra;
        for_each_field<S>([&](const auto& f) { known.emplace(f.name); });
        for (const auto& [key, value] : table)
            if (!known.count(std::string(key.str())))
                fail(value, key_path(path, key.str()),
                     "unknown key; expected one of " + join(std::vector<std::string>(known.begin(), known.end())));
        for_each_field<S>([&](const auto& f) {
            if (const auto* node = table.get(f.name)) read(out.*(f.member), *node, key_path(path, f.name));
        });
    }
};

/// Writes values as TOML, the inverse of FieldReader: FieldReader reads back what this writes.
struct FieldWriter {
    /// Calls put(v) with the TOML form of `value` (not at all for an empty optional or table of
    /// code = value); `key` names the value in an error.
    template <class T, class Put>
    static void emit(const T& value, Put&& put, const std::string& key) {
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double> || std::is_same_v<T, std::string>) {
            put(value);
        } else if constexpr (std::is_integral_v<T>) {
            if constexpr (std::is_unsigned_v<T> && std::numeric_limits<T>::digits > 63)
                if (value > static_cast<T>(std::numeric_limits<std::int64_t>::max()))
                    throw MethodError(
                        key + ": " + std::to_string(value) + " does not fit a TOML file; expected at most " +
                            std::to_string(std::numeric_limits<std::int64_t>::max()),
                        ErrorLocation{.column = key,
                                      .expected = "at most " + std::to_string(std::numeric_limits<std::int64_t>::max()),
                                      .found = std::to_string(value)});
            put(static_cast<std::int64_t>(value));
        } else if constexpr (is_vector<T>::value) {
            toml::array array;
            for (std::size_t i = 0; i < value.size(); ++i)
                emit(
                    value[i], [&](auto&& v) { array.push_back(std::forward<decltype(v)>(v)); },
                    key + "[" + std::to_string(i + 1) + "]");
            put(std::move(array));
        } else if constexpr (is_optional<T>::value) {
            if (value) emit(*value, put, key);
        } else if constexpr (std::is_same_v<T, ScoringRule>) {
            put(rule_toml(value));
        } else if constexpr (is_method_variant_v<T>) {
            toml::table t;
            t.insert("name", name_of(value));
            for (const auto& [k, v] : parameters_of(value))
                std::visit([&, kk = k](const auto& x) { t.insert(kk, x); }, v);
            put(std::move(t));
        } else if constexpr (is_tagged_variant_v<T>) {
            std::visit(
                [&](const auto& alternative) {
                    toml::table t = fields(alternative, key);
                    t.insert(TaggedVariant<T>::key, tag_of(value));
                    put(std::move(t));
                },
                value);
        } else if constexpr (HasFields<T>) {
            put(fields(value, key));
        } else if constexpr (is_string_map<T>::value) {
            if (value.empty()) return;
            toml::table t;
            for (const auto& [k, v] : value) insert(t, k, v, key + "." + k);
            put(std::move(t));
        } else {
            static_assert(sizeof(T) == 0, "unsupported field type in a TOML file");
        }
    }

    template <class T>
    static void insert(toml::table& into, const std::string& key, const T& value, const std::string& path) {
        emit(
            value, [&](auto&& v) { into.insert(key, std::forward<decltype(v)>(v)); }, path);
    }

    /// Every field of `value` as a table; `path` names it in errors.
    template <class S>
    static toml::table fields(const S& value, const std::string& path = {}) {
        toml::table t;
        for_each_field<S>(
            [&](const auto& f) { insert(t, std::string(f.name), value.*(f.member), key_path(path, f.name)); });
        return t;
    }
};

}  // namespace govindex::detail
