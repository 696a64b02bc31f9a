#pragma once
/// \file text.hpp
/// UTF-8 text helpers: validation and Unicode NFC normalisation (utf8proc).

#include <optional>
#include <string>
#include <string_view>

namespace govindex {

/// Byte offset of the first invalid UTF-8 sequence in `s`, or nullopt if `s` is valid UTF-8.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view s);

/// A character that cannot be seen in a code: a control (U+0000-U+001F, U+007F-U+009F, e.g. a
/// newline or NUL), a format character (zero-width space U+200B, joiners, BOM U+FEFF, ...) or a
/// line/paragraph separator.
struct InvisibleCharacter {
    std::size_t offset = 0;  ///< byte offset in the text
    std::string code_point;  ///< "U+200B"
};
/// The first invisible character of `s` (valid UTF-8 assumed), or nullopt. Codes (of nodes, units)
/// must not hold one: two codes that print alike would differ, and a file written with one may not
/// read back the same.
[[nodiscard]] std::optional<InvisibleCharacter> find_invisible_character(std::string_view s);
/// `s` with each invisible character written as <U+XXXX> (for messages: "b<U+000A>").
[[nodiscard]] std::string with_invisible_shown(std::string_view s);

/// `s` in Unicode Normalization Form C. Throws InputError if `s` is not valid UTF-8.
[[nodiscard]] std::string to_nfc(std::string_view s);

/// `s` without the `blanks` (spaces and tabs by default) at either end.
[[nodiscard]] std::string trimmed(std::string_view s, std::string_view blanks = " \t");

/// True when `a` and `b` are equal after NFC normalisation ("Hà Nội" in NFD equals NFC).
[[nodiscard]] bool same_text(std::string_view a, std::string_view b);

}  // namespace govindex
