#pragma once
// toml++ helpers shared by the file readers (pipelines, methodologies). Private to src/.
#include <string>
#include <string_view>
#include <toml++/toml.h>

#include "govindex/errors.hpp"

namespace govindex::detail {

/// Parses TOML text; a syntax error is a MethodError naming the source and line.
inline toml::table parse_toml(std::string_view text, const std::string& source) {
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw MethodError(source + " line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description()) +
                          "; expected TOML");
    }
}

/// `source line N, <word> "key"`: where a TOML value was read (word: "key", "field" ...).
inline std::string toml_location(const std::string& source, const toml::node& node, std::string_view word,
                                 const std::string& key) {
    std::string out = source;
    if (node.source().begin.line > 0) out += " line " + std::to_string(node.source().begin.line);
    return out + ", " + std::string(word) + " \"" + key + "\"";
}

}  // namespace govindex::detail
