#pragma once
// toml++ helpers shared by the file readers (pipelines, methodologies). Private to src/.
#include <string>
#include <string_view>
#include <toml++/toml.hpp>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"

namespace govindex::detail {

/// Parses TOML text; a syntax error is a MethodError naming the source and line. toml++ (the
/// vendored upstream commit, extern/tomlplusplus) rejects malformed text with a parse error of its
/// own: no scan before it is needed (the fuzz targets of tests/fuzz check that).
inline toml::table parse_toml(std::string_view text, const std::string& source) {
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        const auto line = static_cast<long>(e.source().begin.line);
        const std::string found = excerpt(e.description(), 160);
        // The mistake Vietnamese users make most: a key with diacritics left bare (Đồng_Nai = 1),
        // which toml++ reports as "..., saw 'Đ'".
        const auto saw = found.find("saw '");
        const bool non_ascii =
            saw != std::string::npos && saw + 5 < found.size() && static_cast<unsigned char>(found[saw + 5]) >= 0x80;
        const std::string hint =
            non_ascii ? " (a key with letters beyond ASCII goes in quotes, e.g. \"Đồng Nai\" = 1)" : "";
        throw MethodError(source + " line " + std::to_string(line) + ": " + found + "; expected TOML" + hint,
                          ErrorLocation{.source = source, .line = line, .expected = "TOML", .found = found});
    }
}

/// Whether a string at or below `node` holds a line break.
inline bool has_line_break(const toml::node& node) {
    if (const auto* s = node.as_string()) return s->get().find_first_of("\r\n") != std::string::npos;
    if (const auto* t = node.as_table()) {
        for (const auto& [key, value] : *t)
            if (key.str().find_first_of("\r\n") != std::string_view::npos || has_line_break(value)) return true;
    } else if (const auto* a = node.as_array()) {
        for (const auto& value : *a)
            if (has_line_break(value)) return true;
    }
    return false;
}

/// `root` as the writers print it (os << toml_text(root)). toml++'s formatter writes a string with a line
/// break as a '''multi-line literal''' even when it starts with a line break (which a reader drops)
/// or holds ''' itself (found by scripts/fuzz); a document with such a string gets basic strings
/// with escapes throughout ("a\nb"), which read back exactly.
inline toml::toml_formatter toml_text(const toml::table& root) {
    if (!has_line_break(root)) return toml::toml_formatter{root};
    return toml::toml_formatter{
        root, toml::toml_formatter::default_flags &
                  ~(toml::format_flags::allow_literal_strings | toml::format_flags::allow_multi_line_strings)};
}

/// `source line N, <word> "key"`: where a TOML value was read (word: "key", "field" ...).
inline std::string toml_location(const std::string& source, const toml::node& node, std::string_view word,
                                 const std::string& key) {
    std::string out = source;
    if (node.source().begin.line > 0) out += " line " + std::to_string(node.source().begin.line);
    return out + ", " + std::string(word) + " " + detail::in_quotes(key);
}

/// A TOML value as messages print it: text without quotes, numbers in the one exact format,
/// or what kind of value it is ("a table", "an array").
inline std::string toml_found(const toml::node& node) {
    if (const auto* v = node.as_string()) return v->get();
    if (const auto* v = node.as_boolean()) return v->get() ? "true" : "false";
    if (const auto* v = node.as_integer()) return std::to_string(v->get());
    if (const auto* v = node.as_floating_point()) return exact_number(v->get());
    if (node.is_table()) return "a table";
    if (node.is_array()) return "an array";
    return "a date or time";
}

/// What a message says was expected: the text after its last "expected " (up to ", found"), or "".
inline std::string expected_part(std::string_view what) {
    const auto at = what.rfind("expected ");
    if (at == std::string_view::npos) return {};
    std::string_view rest = what.substr(at + 9);
    if (const auto found = rest.find(", found "); found != std::string_view::npos) rest = rest.substr(0, found);
    return std::string(rest);
}

/// The location of a TOML value: the source, the value's line, `key` as column, the expected part
/// of `what` and the value found ("missing" when `what` says the key is missing; `node` is then
/// the table that lacks it).
inline ErrorLocation toml_location_of(const std::string& source, const toml::node& node, const std::string& key,
                                      std::string_view what) {
    return ErrorLocation{.source = source,
                         .line = static_cast<long>(node.source().begin.line),
                         .column = key,
                         .expected = expected_part(what),
                         .found = what.starts_with("missing") ? std::string("missing") : toml_found(node)};
}

}  // namespace govindex::detail
