// A scan of TOML text before toml++ reads it (toml_support.hpp), for inputs that Debian's toml++
// 3.3.0 does not reject cleanly: it reaches an assertion or undefined behaviour instead of a
// parse error. Found by scripts/fuzz (issue 12; the inputs are in tests/fuzz/seeds/*/toml-*):
//   - a table header whose name starts with neither a bare-key character nor a quote ("[[`a]]",
//     "[\x1b[a]]", "[[[1]]]"): parse_key()'s precondition (fixed upstream, marzer/tomlplusplus#301);
//   - a non-ASCII character where toml++ asks whether it is whitespace or ends a value: right
//     after a bare key ("Đồng_Nai = 1") or value, after a backslash in a basic string. Its
//     Unicode table reaches TOML_UNREACHABLE for code points such as U+00E0 or U+0110
//     (marzer/tomlplusplus#190, #295, fixed by #305). A quote in the middle of a bare value does
//     not start a string for toml++, so the scan does not take it for one either;
//   - an array element starting with '}' ("a = [}]"): parse_value()'s precondition;
//   - a date, a space and a one-digit number ("d = 1979-05-27 5"), or a date and 'T' without
//     the time's digits ("d = 1979-05-27T:"): read as a date-time, then an assertion.
// The scan rejects only text that is not TOML 1.0 (a non-ASCII character outside strings and
// comments or after a backslash, a header without a name, a quote where no key or value begins,
// '}' for an array element, a malformed date-time) and one valid form toml++ 3.3 cannot read (a
// non-ASCII character first after a line-ending backslash). It can go once Debian ships a fixed
// toml++ and the fuzz targets run clean without it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "toml_support.hpp"

namespace govindex::detail {

namespace {

class TomlScan {
public:
    TomlScan(std::string_view text, const std::string& source) : text_(text), source_(source) {
        if (text_.starts_with("\xEF\xBB\xBF")) i_ = 3;  // a UTF-8 byte order mark, which toml++ skips
    }

    void run() {
        while (i_ < text_.size()) {
            const char c = text_[i_];
            if (c == '\n') {
                newline();
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                if (c == ' ' && where_ == Where::bare) check_date_then_space();
                leave_bare();
                ++i_;
                continue;
            }
            const bool first_on_line = !seen_on_line_;
            seen_on_line_ = true;
            if (c == '#') {
                leave_bare();
                skip_comment();
                continue;
            }
            if (static_cast<unsigned char>(c) >= 0x80)
                fail_non_ascii(i_, "outside a quoted string or a comment",
                               "TOML (keys with letters beyond ASCII go in quotes, e.g. \"Đồng Nai\" = 1)");
            if (c == '"' || c == '\'') {
                quoted(c);
                continue;
            }
            if (c == '[' && first_on_line && open_.empty() && where_ == Where::key) {
                table_header();
                continue;
            }
            structure(c);
            ++i_;
        }
        leave_bare();
    }

private:
    [[nodiscard]] bool starts_with(std::string_view s) const { return text_.substr(i_).starts_with(s); }

    // A string where a key or a value begins; toml++ takes a quote anywhere else for part of a bare
    // key or value and reads on through it, so the scan refuses it there.
    void quoted(char quote) {
        if (where_ == Where::bare || where_ == Where::after)
            fail_at(i_, "a quote in the middle of a key or value", "a quote only where a key or a value begins");
        const bool value = where_ == Where::value;
        if (quote == '"')
            starts_with("\"\"\"") ? skip_multiline_basic() : skip_single_line('"');
        else
            starts_with("'''") ? skip_multiline_literal() : skip_single_line('\'');
        if (value) where_ = Where::after;  // a quoted key part stays in the key (a."b".c = 1)
    }

    // An ASCII character outside strings and comments: keys, '=', arrays, inline tables, bare values.
    void structure(char c) {
        const bool in_array = !open_.empty() && open_.back() == '[';
        const bool in_table = !open_.empty() && open_.back() == '{';
        switch (where_) {
            case Where::key:
                if (c == '=') {
                    where_ = Where::value;
                } else if (c == '}' && in_table) {  // {} or {a = 1, }
                    open_.pop_back();
                    where_ = Where::after;
                }
                return;
            case Where::value:
                if (c == '[' || c == '{') {
                    open_.push_back(c);
                    where_ = c == '[' ? Where::value : Where::key;
                } else if (c == '}' && in_array) {
                    // toml++ 3.3 asserts that an array element does not start with '}' ("a = [}]")
                    fail_at(i_, "'}' where an array element or ']' was expected", "a value or ']'");
                } else if ((c == ']' && in_array) || (c == '}' && in_table)) {
                    open_.pop_back();
                    where_ = Where::after;
                } else if (c != ',') {
                    where_ = Where::bare;
                    token_start_ = i_;
                }
                return;
            case Where::bare:
            case Where::after:
                if (c == ',' || c == ']' || c == '}') leave_bare();
                if (c == ',' && in_array) {
                    where_ = Where::value;
                } else if (c == ',' && in_table) {
                    where_ = Where::key;
                } else if ((c == ']' && in_array) || (c == '}' && in_table)) {
                    open_.pop_back();
                    where_ = Where::after;
                } else if (where_ == Where::after && c != ',' && c != ']' && c != '}') {
                    where_ = Where::bare;  // e.g. the time of a date-time written with a space
                    token_start_ = i_;
                }
                return;
        }
    }

    // The current bare value up to `end`, without underscores: the characters toml++ classifies.
    [[nodiscard]] std::string bare_text(std::size_t end) const {
        std::string t;
        for (std::size_t k = token_start_; k < end; ++k)
            if (text_[k] != '_') t += text_[k];
        return t;
    }

    // toml++ 3.3 tries a bare value as a date when its 5th and 8th characters are '-'.
    [[nodiscard]] static bool date_like(std::string_view t) { return t.size() >= 10 && t[4] == '-' && t[7] == '-'; }

    [[nodiscard]] static bool digit(char c) { return c >= '0' && c <= '9'; }

    // Where a bare value ends (a blank, a comment, ',', ']', '}', a line break, the end of the text).
    void leave_bare() {
        if (where_ != Where::bare) return;
        end_bare();
        where_ = Where::after;
    }

    // A bare value that ends here: a date then 'T' (or 't') goes on with the time's digits; toml++
    // 3.3 asserts a digit there once the value holds a ':' ("d = 1979-05-27T:").
    void end_bare() const {
        const std::string t = bare_text(i_);
        if (t.size() < 11 || !date_like(t) || (t[10] != 'T' && t[10] != 't')) return;
        if (t.size() > 11 && digit(t[11])) return;
        fail_at(token_start_, "a date and 'T' not followed by a time (\"" + excerpt(t) + "\")",
                "a time of day after the 'T' (HH:MM:SS)");
    }

    // A value of ten characters that looks like a date (dddd-dd-dd; toml++ looks at the dashes
    // only) then a space and a digit is read by toml++ as a date-time; with one digit only (then
    // what toml++ takes for the end of a value, vertical tab and form feed included), it asserts
    // that the value goes on ("d = 1979-05-27 5"). TOML's time has two digits for the hour.
    void check_date_then_space() const {
        const std::string t = bare_text(i_);
        if (t.size() != 10 || !date_like(t)) return;
        if (i_ + 1 >= text_.size() || !digit(text_[i_ + 1])) return;
        if (i_ + 2 < text_.size() && std::string_view(" \t\n\v\f\r]},#").find(text_[i_ + 2]) == std::string_view::npos)
            return;
        fail_at(i_ + 1, "a date followed by a space and a one-digit number (\"" + t + " " + text_[i_ + 1] + "\")",
                "a time of day after the date (HH:MM:SS) or the end of the value");
    }

    void newline() {
        leave_bare();
        ++i_;
        ++line_;
        seen_on_line_ = false;
        if (open_.empty()) where_ = Where::key;  // a key = value line ends here unless an array or table is open
    }

    void skip_comment() {
        while (i_ < text_.size() && text_[i_] != '\n') ++i_;
    }

    // "..." or '...': up to the closing quote or the end of the line (toml++ reports an unclosed one).
    void skip_single_line(char quote) {
        ++i_;
        while (i_ < text_.size() && text_[i_] != '\n') {
            if (quote == '"' && text_[i_] == '\\' && i_ + 1 < text_.size() && text_[i_ + 1] != '\n') {
                non_ascii_escape(i_);
                i_ += 2;
                continue;
            }
            if (text_[i_++] == quote) return;
        }
    }

    // A closing delimiter may carry up to two more quotes, which belong to the string ("""a"""" is a").
    void skip_closing(char quote) {
        i_ += 3;
        for (int extra = 0; extra < 2 && i_ < text_.size() && text_[i_] == quote; ++extra) ++i_;
    }

    void skip_multiline_literal() {
        i_ += 3;
        while (i_ < text_.size()) {
            if (starts_with("'''")) return skip_closing('\'');
            if (text_[i_] == '\n') ++line_;
            ++i_;
        }
    }

    void skip_multiline_basic() {
        i_ += 3;
        while (i_ < text_.size()) {
            if (starts_with("\"\"\"")) return skip_closing('"');
            const char c = text_[i_];
            if (c == '\n') ++line_;
            if (c == '\\') {
                line_ending_backslash();
                continue;
            }
            ++i_;
        }
    }

    // `\` then spaces or tabs then a line break trims every blank up to the next other character;
    // toml++ 3.3 asks whether that character is whitespace, which is undefined for some non-ASCII
    // ones. Any other `\x` is an escape of two characters.
    void line_ending_backslash() {
        non_ascii_escape(i_);
        std::size_t j = i_ + 1;
        while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) ++j;
        if (j >= text_.size() || text_[j] != '\n') {
            i_ = std::min(i_ + 2, text_.size());
            return;
        }
        i_ = j;
        while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\r' || text_[i_] == '\n')) {
            if (text_[i_] == '\n') ++line_;
            ++i_;
        }
        if (i_ < text_.size() && static_cast<unsigned char>(text_[i_]) >= 0x80)
            fail_non_ascii(i_, "first after a line-ending backslash in a multi-line string",
                           "an ASCII character there (the TOML reader, toml++ 3.3, cannot read this form; "
                           "keep the character on the line of the backslash, or drop the backslash)");
    }

    // A backslash then (after blanks) a non-ASCII character is no TOML escape; toml++ 3.3 asks whether that
    // character is whitespace (a line-ending backslash), undefined for some of them ("""\\ﻷ).
    void non_ascii_escape(std::size_t backslash) const {
        std::size_t j = backslash + 1;  // blanks first make a line-ending backslash, or no escape at all
        while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r')) ++j;
        if (j < text_.size() && static_cast<unsigned char>(text_[j]) >= 0x80)
            fail_non_ascii(j, "after a backslash in a string",
                           "an escape (\\t, \\n, \\\", \\\\, \\uXXXX ...) or a line-ending backslash");
    }

    // [name] or [[name]]: the name starts with a bare-key character or a quote.
    void table_header() {
        std::size_t j = i_ + 1;
        if (j < text_.size() && text_[j] == '[') ++j;
        while (j < text_.size() && (text_[j] == ' ' || text_[j] == '\t')) ++j;
        const char c = j < text_.size() ? text_[j] : '\n';
        const bool bare =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!bare && c != '"' && c != '\'') {
            const std::string found = c == '\n' || c == '\r' ? "the end of the line" : describe(j);
            throw MethodError(source_ + " line " + std::to_string(line_) + ": a table header without a name (" + found +
                                  " after \"" + excerpt(text_.substr(i_, j - i_)) +
                                  "\"); expected a table name (a bare key or a quoted one)",
                              ErrorLocation{.source = source_,
                                            .line = static_cast<long>(line_),
                                            .expected = "a table name (a bare key or a quoted one)",
                                            .found = found});
        }
        i_ = j;
    }

    // The character at `at` as messages show it: "'x'" for printable ASCII, "U+XXXX" otherwise.
    [[nodiscard]] std::string describe(std::size_t at) const {
        const auto b = static_cast<unsigned char>(text_[at]);
        if (b >= 0x20 && b < 0x7f) return "'" + std::string(1, static_cast<char>(b)) + "'";
        char buf[16];
        if (b < 0x80) {
            std::snprintf(buf, sizeof buf, "U+%04X", b);
            return buf;
        }
        const int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        if (n == 0 || at + static_cast<std::size_t>(n) > text_.size()) {
            std::snprintf(buf, sizeof buf, "byte 0x%02X", b);
            return buf;
        }
        std::uint32_t cp = b & (0xFF >> (n + 1));
        for (int k = 1; k < n; ++k) {
            const auto cont = static_cast<unsigned char>(text_[at + static_cast<std::size_t>(k)]);
            if ((cont & 0xC0) != 0x80) {
                std::snprintf(buf, sizeof buf, "byte 0x%02X", b);
                return buf;
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
        return "\"" + std::string(text_.substr(at, static_cast<std::size_t>(n))) + "\" (" + buf + ")";
    }

    [[noreturn]] void fail_at(std::size_t at, const std::string& what, const std::string& expected) const {
        const std::string found = describe(at);
        throw MethodError(
            source_ + " line " + std::to_string(line_) + ": " + what + "; expected " + expected,
            ErrorLocation{.source = source_, .line = static_cast<long>(line_), .expected = expected, .found = found});
    }

    [[noreturn]] void fail_non_ascii(std::size_t at, const std::string& where, const std::string& expected) const {
        const std::string found = describe(at);
        throw MethodError(
            source_ + " line " + std::to_string(line_) + ": a non-ASCII character " + found + " " + where +
                "; expected " + expected,
            ErrorLocation{.source = source_, .line = static_cast<long>(line_), .expected = expected, .found = found});
    }

    std::string_view text_;
    const std::string& source_;
    std::size_t i_ = 0, line_ = 1;
    bool seen_on_line_ = false;  // a character other than a blank on this line
    // Where the scan is: in a key (line start, after '{' or ',' in an inline table), where a value
    // begins (after '=', '[' or ',' in an array), in a bare value, or after a value.
    enum class Where { key, value, bare, after };
    Where where_ = Where::key;
    std::string open_;             // the arrays ('[') and inline tables ('{') open in the value, innermost last
    std::size_t token_start_ = 0;  // where the current bare value began
};

}  // namespace

void check_toml_text(std::string_view text, const std::string& source) { TomlScan(text, source).run(); }

}  // namespace govindex::detail
