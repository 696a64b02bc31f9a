#include "govindex/text.hpp"

#include <utf8proc.h>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <ostream>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"

namespace govindex {

std::string located(const SourceLocation& where, const std::string& column, const std::string& what) {
    return located_message(location_of(where, column), what);
}

std::string located_message(const ErrorLocation& at, const std::string& what, std::string_view label) {
    std::string out = at.source.empty() ? std::string("input") : at.source;
    if (at.line > 0) out += (at.source == "DataFrame" ? " row " : " line ") + std::to_string(at.line);
    if (!at.column.empty()) out += ", " + std::string(label) + " " + detail::in_quotes(at.column);
    out += ": ";
    out += what;
    return detail::one_line(out);  // a cell or name with a line break does not break the message
}

ErrorLocation with_message_parts(ErrorLocation at, std::string_view message) {
    auto word_at = [&](std::string_view word) {  // last occurrence at the start or after a space
        for (auto pos = message.rfind(word); pos != std::string_view::npos;
             pos = pos == 0 ? std::string_view::npos : message.rfind(word, pos - 1))
            if (pos == 0 || message[pos - 1] == ' ') return pos;
        return std::string_view::npos;
    };
    if (const auto e = word_at("expected "); at.expected.empty() && e != std::string_view::npos) {
        std::string_view rest = message.substr(e + 9);
        if (const auto f = rest.find(", found "); f != std::string_view::npos) rest = rest.substr(0, f);
        at.expected = std::string(rest);
    }
    if (const auto f = word_at("found "); at.found.empty() && f != std::string_view::npos) {
        std::string_view rest = message.substr(f + 6);
        if (const auto end = rest.find("; "); end != std::string_view::npos) rest = rest.substr(0, end);
        if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
        at.found = std::string(rest);
    }
    return at;
}

std::ostream& operator<<(std::ostream& os, const ErrorLocation& at) {
    os << "{";
    const char* sep = "";
    auto text = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        os << sep << name << " \"" << value << "\"";
        sep = ", ";
    };
    text("source", at.source);
    if (at.line > 0) {
        os << sep << "line " << at.line;
        sep = ", ";
    }
    text("column", at.column);
    text("node", at.node);
    text("expected", at.expected);
    text("found", at.found);
    return os << "}";
}

ErrorLocation completed(ErrorLocation inner, const ErrorLocation& outer) {
    auto fill = [](std::string& mine, const std::string& theirs) {
        if (mine.empty()) mine = theirs;
    };
    fill(inner.source, outer.source);
    if (inner.line == 0) inner.line = outer.line;
    fill(inner.column, outer.column);
    fill(inner.node, outer.node);
    fill(inner.expected, outer.expected);
    fill(inner.found, outer.found);
    return inner;
}

void rethrow_with(const Error& e, const std::string& prefix, const ErrorLocation& outer) {
    const std::string message = prefix + e.what();
    ErrorLocation at = completed(e.location(), outer);
    if (dynamic_cast<const UnknownCodeError*>(&e)) throw UnknownCodeError(message, std::move(at));
    if (dynamic_cast<const InputError*>(&e)) throw InputError(message, std::move(at));
    if (dynamic_cast<const FrameworkError*>(&e)) throw FrameworkError(message, std::move(at));
    if (dynamic_cast<const MethodError*>(&e)) throw MethodError(message, std::move(at));
    if (dynamic_cast<const NumericError*>(&e)) throw NumericError(message, std::move(at));
    throw Error(message, std::move(at));
}

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                                        static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
        if (n <= 0) return pos;
        pos += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

std::optional<InvisibleCharacter> find_invisible_character(std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                                        static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
        if (n <= 0) return std::nullopt;  // invalid UTF-8 is find_invalid_utf8's to report
        const auto category = utf8proc_category(cp);
        if (category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF || category == UTF8PROC_CATEGORY_ZL ||
            category == UTF8PROC_CATEGORY_ZP) {
            char name[16];
            std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
            return InvisibleCharacter{pos, name};
        }
        pos += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

std::string with_invisible_shown(std::string_view s) {
    std::string out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto bad = find_invisible_character(s.substr(pos));
        if (!bad) break;
        out += s.substr(pos, bad->offset);
        out += "<" + bad->code_point + ">";
        utf8proc_int32_t cp = 0;
        pos += bad->offset + static_cast<std::size_t>(utf8proc_iterate(
                                 reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos + bad->offset),
                                 static_cast<utf8proc_ssize_t>(s.size() - pos - bad->offset), &cp));
    }
    out += s.substr(pos);
    return out;
}

std::string trimmed(std::string_view s, std::string_view blanks) {
    const auto first = s.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(blanks) - first + 1));
}

std::string to_nfc(std::string_view s) {
    bool ascii = true;
    for (const char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) return std::string(s);
    if (const auto bad = find_invalid_utf8(s))
        throw error_at<InputError>({.expected = "UTF-8 text", .found = "invalid UTF-8 at byte " + std::to_string(*bad)},
                                   "invalid UTF-8 at byte " + std::to_string(*bad) + " of \"" +
                                       std::string(s.substr(0, *bad)) + "...\"; expected UTF-8 text");
    utf8proc_uint8_t* out = nullptr;
    const auto n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                     static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
    if (n < 0)
        throw error_at<InputError>({.expected = "normalisable UTF-8 text", .found = utf8proc_errmsg(n)},
                                   std::string("cannot normalise text: ") + utf8proc_errmsg(n));
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool same_text(std::string_view a, std::string_view b) { return a == b || to_nfc(a) == to_nfc(b); }

}  // namespace govindex
