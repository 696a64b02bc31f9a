// COINr-layout tables -> Framework / Dataset.
#include <cmath>
#include <map>
#include <set>

#include "govindex/detail/format.hpp"
#include "govindex/model/io.hpp"
#include "govindex/text.hpp"

namespace govindex {

namespace {

bool missing(const std::string& cell) {
    const auto t = trimmed(cell);
    return t.empty() || t == "NA";
}

std::map<std::string, std::size_t> column_positions(const CsvTable& table) {
    std::map<std::string, std::size_t> pos;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string name = to_nfc(trimmed(table.header[c]));
        if (!pos.emplace(name, c).second)
            throw located_error<InputError>({.source = table.source,
                                             .line = table.header_line,
                                             .column = name,
                                             .expected = "each column once",
                                             .found = "a duplicate column"},
                                            "duplicate column; expected each column once");
    }
    return pos;
}

InputError no_rows(const CsvTable& table, const std::string& expected) {
    return InputError(
        table.source + ": no rows after the header (line " + std::to_string(table.header_line) + "); expected " +
            expected,
        ErrorLocation{.source = table.source, .line = table.header_line, .expected = expected, .found = "no rows"});
}

int parse_whole(const std::string& cell, const SourceLocation& where, const std::string& column, const char* what) {
    const double v = parse_number(cell, where, column);
    if (std::isnan(v) || v != std::floor(v) || std::abs(v) > 1e6)
        throw located_error<InputError>(location_of(where, column, what, detail::excerpt(cell)),
                                        std::string("expected ") + what + ", found \"" + detail::excerpt(cell) + "\"");
    return static_cast<int>(v);
}

}  // namespace

Framework framework_from_table(const CsvTable& table) {
    const auto pos = column_positions(table);
    for (const char* required : {"iCode", "Level", "Parent", "Direction", "Weight", "Type"})
        if (!pos.count(required))
            throw located_error<InputError>(
                {.source = table.source,
                 .line = table.header_line,
                 .column = required,
                 .expected = "the columns iCode, Level, Parent, Direction, Weight, Type",
                 .found = "no column " + detail::in_quotes(required)},
                "missing required column; expected the columns iCode, Level, Parent, Direction, Weight, Type");
    static const std::set<std::string> known{"iCode",  "iName", "Level", "Parent", "Direction",
                                             "Weight", "Type",  "Unit",  "Target", "Denominator"};
    auto cell = [&](const std::vector<std::string>& row, const char* column) -> std::string {
        const auto it = pos.find(column);
        return it == pos.end() ? std::string() : trimmed(row[it->second]);
    };

    std::vector<Node> nodes;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const SourceLocation where{table.source, table.lines[r]};
        Node n;
        n.origin = where;
        n.code = cell(row, "iCode");
        n.name = cell(row, "iName");
        const std::string type = cell(row, "Type");
        const auto parsed = parse_node_type(type);
        if (!parsed)
            throw located_error<InputError>(
                location_of(where, "Type", "Indicator, Aggregate, Group, Denominator or Other", type),
                "unknown type " + detail::in_quotes(type) +
                    "; expected Indicator, Aggregate, Group, Denominator or Other");
        n.type = *parsed;
        n.unit = cell(row, "Unit");
        n.denominator = cell(row, "Denominator");
        n.target = parse_number(cell(row, "Target"), where, "Target");
        if (n.in_tree()) {
            n.level = parse_whole(cell(row, "Level"), where, "Level", "a whole number >= 1");
            const std::string parent = cell(row, "Parent");
            n.parent = missing(parent) ? std::string() : parent;
            const std::string dir = cell(row, "Direction");
            if (missing(dir) && n.type == NodeType::aggregate)
                n.direction = 1;
            else
                n.direction = parse_whole(dir, where, "Direction", "1 or -1");
            n.weight = parse_number(cell(row, "Weight"), where, "Weight");
        } else {
            n.level = 0;
            const std::string parent = cell(row, "Parent");
            n.parent = missing(parent) ? std::string() : parent;
            n.direction = 1;
            n.weight = std::nan("");
        }
        for (const auto& [name, c] : pos)
            if (!known.count(name) && !trimmed(row[c]).empty()) n.attributes.emplace(name, trimmed(row[c]));
        nodes.push_back(std::move(n));
    }
    if (nodes.empty()) throw no_rows(table, "one row per indicator and aggregate");
    return Framework(std::move(nodes));
}

Framework read_framework(const std::filesystem::path& path) { return framework_from_table(read_csv(path)); }

Dataset dataset_from_table(const CsvTable& table, const Framework& framework) {
    const auto roles = column_roles(framework, table.header, table.source, table.header_line);
    if (table.rows.empty()) throw no_rows(table, "one row per unit");
    DataTable data;
    data.source = table.source;
    data.header_line = table.header_line;
    data.row_lines = table.lines;
    data.columns = table.header;
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        const std::string& name = table.header[c];
        switch (roles[c]) {
            case ColumnRole::unit_code:
            case ColumnRole::unit_name:
            case ColumnRole::group:
            case ColumnRole::other:
            case ColumnRole::standard_error:  // parsed by make_dataset, which knows the rules
            case ColumnRole::suppressed: {
                auto& cells = data.text[name];
                for (const auto& row : table.rows) cells.push_back(trimmed(row[c]));
                break;
            }
            case ColumnRole::time:
            case ColumnRole::indicator:
            case ColumnRole::denominator: {
                auto& values = data.numbers[name];
                for (std::size_t r = 0; r < table.rows.size(); ++r)
                    values.push_back(parse_number(table.rows[r][c], {table.source, table.lines[r]}, name));
                break;
            }
        }
    }
    return make_dataset(framework, data);
}

Dataset read_dataset(const std::filesystem::path& path, const Framework& framework) {
    return dataset_from_table(read_csv(path), framework);
}

}  // namespace govindex
