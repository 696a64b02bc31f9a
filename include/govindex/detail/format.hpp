#pragma once
/// \file detail/format.hpp
/// Small text helpers for error messages: every message is one line of valid UTF-8, whatever the
/// codes and cells it quotes.

#include <charconv>
#include <cmath>
#include <cstddef>
#include <sstream>
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

/// A number as explanations show it (not error messages): 10 significant digits (1.125, 14.275,
/// 0.3333333333), `nan_text` for NaN ("NaN", "missing", "unknown" as the sentence reads).
inline std::string shown_number(double x, std::string_view nan_text = "NaN") {
    if (std::isnan(x)) return std::string(nan_text);
    std::ostringstream os;
    os.precision(10);
    os << x;
    return os.str();
}

/// The length in bytes of the UTF-8 character starting at s[i] (1..4), or 0 when the bytes there
/// are not a well-formed UTF-8 character (stray continuation byte, overlong form, surrogate,
/// truncated sequence, beyond U+10FFFF).
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    if (b < 0x80) return 1;
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0) low = 0xA0;   // no overlong forms
        if (b == 0xED) high = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0) low = 0x90;
        if (b == 0xF4) high = 0x8F;  // at most U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

/// The text of one character of `s` at `i` (of `n` bytes, utf8_length) as a message shows it: as
/// it is, or escaped when it would break the line or is not text (\n, \r, \t, \xHH for the other
/// control characters, DEL and bytes that are not UTF-8, \u0085 \u2028 \u2029 for the Unicode line
/// breaks and \u0080..\u009f for the C1 controls).
inline std::string shown_character(std::string_view s, std::size_t i, std::size_t n) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(s[i]);
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F))) {
        if (c == '\n') return "\\n";
        if (c == '\r') return "\\r";
        if (c == '\t') return "\\t";
        return std::string{'\\', 'x', hex[c >> 4], hex[c & 0xF]};
    }
    if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {  // U+0080..U+009F
        const auto low = static_cast<unsigned char>(s[i + 1]);
        return std::string{'\\', 'u', '0', '0', hex[low >> 4], hex[low & 0xF]};
    }
    if (n == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9))
        return static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
    return std::string(s.substr(i, n));
}

/// `s` as one line of valid UTF-8 (see shown_character): what a message may quote of any text.
inline std::string one_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_length(s, i);
        out += shown_character(s, i, n);
        i += n == 0 ? 1 : n;
    }
    return out;
}

/// A cell, code or value as shown in a message: its first `limit` characters (code points, never
/// part of one) as one line (one_line), then, when cut, "... (N bytes)" — a 50 MB cell does not
/// make a 50 MB message, and a name with a line break does not make a message of two lines.
inline std::string excerpt(std::string_view s, std::size_t limit = 80) {
    std::string out;
    std::size_t i = 0;
    for (std::size_t shown = 0; i < s.size() && shown < limit; ++shown) {
        const std::size_t n = utf8_length(s, i);
        out += shown_character(s, i, n);
        i += n == 0 ? 1 : n;
    }
    if (i < s.size()) out += "... (" + std::to_string(s.size()) + " bytes)";
    return out;
}

/// `"text"` with double quotes, as codes and names appear in messages: at most 80 characters of
/// it, on one line (excerpt).
inline std::string in_quotes(std::string_view s) { return "\"" + excerpt(s) + "\""; }

}  // namespace govindex::detail
