#pragma once
/// \file detail/format.hpp
/// Small text helpers for error messages.

#include <string>
#include <string_view>

namespace govindex::detail {

/// `"text"` with double quotes, as codes appear in messages.
inline std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace govindex::detail
