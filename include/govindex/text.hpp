#pragma once
/// \file text.hpp
/// UTF-8 text helpers: validation and Unicode NFC normalisation (utf8proc).

#include <optional>
#include <string>
#include <string_view>

namespace govindex {

/// Byte offset of the first invalid UTF-8 sequence in `s`, or nullopt if `s` is valid UTF-8.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view s);

/// `s` in Unicode Normalization Form C. Throws InputError if `s` is not valid UTF-8.
[[nodiscard]] std::string to_nfc(std::string_view s);

/// `s` without the `blanks` (spaces and tabs by default) at either end.
[[nodiscard]] std::string trimmed(std::string_view s, std::string_view blanks = " \t");

/// True when `a` and `b` are equal after NFC normalisation ("Hà Nội" in NFD equals NFC).
[[nodiscard]] bool same_text(std::string_view a, std::string_view b);

}  // namespace govindex
