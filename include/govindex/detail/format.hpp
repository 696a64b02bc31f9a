#pragma once
/// \file detail/format.hpp
/// Small text helpers for error messages.

#include <sstream>
#include <string>
#include <string_view>

namespace govindex::detail {

/// A number with 17 significant digits (enough to read back the same double), as numbers
/// appear in messages: 0.1 prints as 0.10000000000000001, 3 as 3.
inline std::string exact_number(double x) {
    std::ostringstream os;
    os.precision(17);
    os << x;
    return os.str();
}

/// `"text"` with double quotes, as codes appear in messages.
inline std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace govindex::detail
