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

}  // namespace govindex::detail
