// CSV reading with libcsv; numbers with fast_float.
#include <csv.h>
#include <fast_float/fast_float.h>
#include <cmath>
#include <fstream>
#include <sstream>

#include "govindex/detail/format.hpp"
#include "govindex/model/io.hpp"
#include "govindex/text.hpp"

namespace govindex {

namespace {

struct ParseState {
    std::vector<std::vector<std::string>> rows;
    std::vector<long> lines;
    std::vector<std::string> current;
    long line = 0;
    long row_start = 0;
    long next_row_start = 1;  // the line on which a row not yet begun will start
};

void on_field(void* data, std::size_t len, void* state_ptr) {
    auto* st = static_cast<ParseState*>(state_ptr);
    if (st->current.empty()) st->row_start = st->next_row_start;
    st->current.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* state_ptr) {
    auto* st = static_cast<ParseState*>(state_ptr);
    if (st->current.empty()) st->row_start = st->next_row_start;
    st->rows.push_back(std::move(st->current));
    st->lines.push_back(st->row_start);
    st->current.clear();
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

InputError empty_file(const std::string& source) {
    return InputError(
        source + ": the file is empty; expected a header row and data rows",
        ErrorLocation{.source = source, .expected = "a header row and data rows", .found = "an empty file"});
}

}  // namespace

CsvTable parse_csv(std::string text, const std::string& source) {
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (blank(text)) throw empty_file(source);

    csv_parser parser{};
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        throw InputError(source + ": cannot start the CSV parser", ErrorLocation{.source = source});
    ParseState st;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size() - 1);
        ++st.line;
        // libcsv's state 0 means no row has begun: a row that begins in this chunk starts here
        // (a quoted field spanning lines keeps the line it started on).
        if (parser.pstate == 0) st.next_row_start = st.line;
        const std::size_t len = end - pos + 1;
        if (csv_parse(&parser, text.data() + pos, len, on_field, on_row, &st) != len) {
            const std::string msg = csv_strerror(csv_error(&parser));
            csv_free(&parser);
            throw located_error<InputError>(
                {.source = source, .line = st.line, .expected = "RFC 4180 quoting", .found = msg},
                "malformed CSV (" + msg + "); expected RFC 4180 quoting");
        }
        pos = end + 1;
    }
    if (csv_fini(&parser, on_field, on_row, &st) != 0) {
        const std::string msg = csv_strerror(csv_error(&parser));
        csv_free(&parser);
        const long line = st.current.empty() ? st.next_row_start : st.row_start;
        throw located_error<InputError>(
            {.source = source, .line = line, .expected = "a closing quote", .found = msg},
            "malformed CSV (" + msg + "): a quoted field is not closed; expected a closing quote");
    }
    csv_free(&parser);

    CsvTable table;
    table.source = source;
    // Skip blank rows (a lone empty field from whitespace-only lines).
    std::size_t first = 0;
    while (first < st.rows.size() && st.rows[first].size() == 1 && blank(st.rows[first][0])) ++first;
    if (first == st.rows.size()) throw empty_file(source);
    table.header = std::move(st.rows[first]);
    table.header_line = st.lines[first];
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        if (const auto bad = find_invalid_utf8(table.header[c]))
            throw located_error<InputError>(
                {.source = source,
                 .line = table.header_line,
                 .column = "field " + std::to_string(c + 1),
                 .expected = "UTF-8 text",
                 .found = "invalid UTF-8 at byte " + std::to_string(*bad)},
                "invalid UTF-8 at byte " + std::to_string(*bad) + " of the column name; expected UTF-8 text");
        if (blank(table.header[c]))
            throw located_error<InputError>({.source = source,
                                             .line = table.header_line,
                                             .column = "field " + std::to_string(c + 1),
                                             .expected = "a name for every column",
                                             .found = "an empty column name"},
                                            "empty column name; expected a name for every column");
    }
    for (std::size_t r = first + 1; r < st.rows.size(); ++r) {
        auto& row = st.rows[r];
        const long line = st.lines[r];
        if (row.size() == 1 && blank(row[0])) continue;
        if (row.size() != table.header.size()) {
            const std::string column = row.size() < table.header.size()
                                           ? table.header[row.size()]
                                           : "field " + std::to_string(table.header.size() + 1);
            throw located_error<InputError>({.source = source,
                                             .line = line,
                                             .column = column,
                                             .expected = std::to_string(table.header.size()) + " fields",
                                             .found = std::to_string(row.size()) + " fields"},
                                            "row has " + std::to_string(row.size()) + " fields; expected " +
                                                std::to_string(table.header.size()) + " as in the header (line " +
                                                std::to_string(table.header_line) + ")");
        }
        for (std::size_t c = 0; c < row.size(); ++c)
            if (const auto bad = find_invalid_utf8(row[c]))
                throw located_error<InputError>(
                    {.source = source,
                     .line = line,
                     .column = table.header[c],
                     .expected = "UTF-8 text",
                     .found = "invalid UTF-8 at byte " + std::to_string(*bad)},
                    "invalid UTF-8 at byte " + std::to_string(*bad) + " of the cell; expected UTF-8 text");
        table.rows.push_back(std::move(row));
        table.lines.push_back(line);
    }
    return table;
}

std::string read_text_file(const std::filesystem::path& path, const std::string& what, std::uintmax_t max_bytes) {
    const auto refuse = [&](const std::string& found) {
        throw InputError(path.string() + ": " + found + "; expected " + what,
                         ErrorLocation{.source = path.string(), .expected = what, .found = found});
    };
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) refuse("a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) refuse("cannot open the file");
    // Read in chunks up to the limit: a device that never ends (/dev/zero) stops there.
    std::string text;
    std::vector<char> chunk(std::size_t{1} << 20);
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes)
            refuse("larger than " + std::to_string(max_bytes >> 20) + " MiB (the largest file govindex reads)");
    }
    if (in.bad()) refuse("cannot read the file");
    return text;
}

CsvTable read_csv(const std::filesystem::path& path) {
    return parse_csv(read_text_file(path, "a readable CSV file", max_csv_bytes), path.string());
}

double parse_number(std::string_view cell, const SourceLocation& where, const std::string& column) {
    const auto b = cell.find_first_not_of(" \t");
    if (b == std::string_view::npos) return std::nan("");
    const auto e = cell.find_last_not_of(" \t");
    const std::string_view s = cell.substr(b, e - b + 1);
    if (s == "NA") return std::nan("");
    double value = 0.0;
    const char* first = s.data();
    if (s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+') ++first;
    const auto [ptr, ec] = fast_float::from_chars(first, s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value))
        throw located_error<InputError>(
            location_of(where, column, "a number (or empty/NA for missing)", detail::excerpt(cell)),
            "expected a number (or empty/NA for missing), found \"" + detail::excerpt(cell) + "\"");
    return value;
}

}  // namespace govindex
