#pragma once
/// \file detail/format.hpp
/// Small text helpers for error messages.

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace govindex::detail {

/// A number as every message prints it: the shortest text that reads back to the same double
/// (0.1 prints as 0.1, 3 as 3, 1e21 as 1e+21), NaN as "NaN", infinities as "inf" and "-inf".
inline std::string exact_number(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

/// `"text"` with double quotes, as codes appear in messages.
inline std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// A cell or value as shown in a message: up to `limit` bytes (cut on a UTF-8 character
/// boundary), then "... (N bytes)" — a 50 MB cell does not make a 50 MB message.
inline std::string excerpt(std::string_view s, std::size_t limit = 80) {
    if (s.size() <= limit) return std::string(s);
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return std::string(s.substr(0, cut)) + "... (" + std::to_string(s.size()) + " bytes)";
}

}  // namespace govindex::detail
