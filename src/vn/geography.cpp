#include "govindex/vn/geography.hpp"

#include <utf8proc.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <set>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/text.hpp"

namespace govindex::vn {

namespace {

const std::vector<std::string>& merger_columns() {
    static const std::vector<std::string> c = {"province_code", "name_vi", "new_name_vi",
                                               "new_type",      "merged",  "new_members"};
    return c;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : std::string(separator)) + s;
    return out;
}

std::string trim(std::string_view s) { return trimmed(s, " \t\r\n"); }

// A name with its diacritics stripped and Đ/đ -> D/d, case kept ("Huế" -> "Hue").
std::string ascii_name(std::string_view name) {
    utf8proc_uint8_t* out = nullptr;
    const auto n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()), static_cast<utf8proc_ssize_t>(name.size()),
                     &out, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
    if (n < 0) return std::string(name);  // names are checked UTF-8 (read_csv) before they get here
    const std::string s(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::string ascii;
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 2, "\xC4\x90") == 0 || s.compare(i, 2, "\xC4\x91") == 0) {  // Đ, đ
            ascii += s[i + 1] == '\x90' ? 'D' : 'd';
            i += 2;
        } else {
            ascii += s[i++];
        }
    }
    return ascii;
}

[[noreturn]] void bad_row(const SourceLocation& at, const std::string& column, const std::string& what) {
    throw located_error<InputError>(location_of(at, column), what);
}

// "83 Bến Tre" or "83 Bến Tre (-1)".
std::string province_label(const ProvinceRegistry& registry, const std::string& code,
                           std::optional<double> weight = std::nullopt) {
    std::string out = code + " " + registry.province(code).name_vi;
    if (weight) out += " (" + detail::exact_number(*weight) + ")";
    return out;
}

// The framework weight of each province (see merger_framework).
std::map<std::string, double> framework_weights(const Merger2025& merger, const std::map<std::string, double>& stated,
                                                const std::set<std::string>& with_data, const std::string& label) {
    std::map<std::string, double> out;
    for (const auto& [code, unit] : merger.unit_codes()) out[code] = 1.0;
    for (const auto& unit : merger.units()) {
        if (!unit.merged) continue;
        std::vector<std::string> data;
        for (const auto& m : unit.members)
            if (with_data.count(m)) data.push_back(m);
        if (data.empty()) continue;  // missing whatever its weights: 1 each
        std::vector<double> w;
        double total = 0, largest = 0;
        for (const auto& m : data) {
            w.push_back(stated.at(m));
            total += w.back();
            largest = std::max(largest, w.back());
        }
        if (!(1e-290 < total && total < 1e290) && largest > 0)  // huge or subnormal: only their shares count
            for (auto& x : w) x /= largest;
        if (std::none_of(w.begin(), w.end(), [](double x) { return x > 0; }))
            throw located_error<InputError>(
                {.source = "weights", .expected = "a positive total weight per unit", .found = "0"},
                "the weights (" + label + ") of " + unit.name + "'s members sum to 0");
        for (const auto& m : unit.members) out[m] = 0.0;
        for (std::size_t k = 0; k < data.size(); ++k) out[data[k]] = w[k];
    }
    return out;
}

std::set<std::string> provinces_with_data(const Merger2025& merger, const MergerWeightOptions& options) {
    std::set<std::string> out;
    if (!options.with_data) {
        for (const auto& [code, unit] : merger.unit_codes()) out.insert(code);
        return out;
    }
    for (const auto& code : *options.with_data) {
        if (!merger.unit_codes().count(code))
            throw located_error<InputError>(
                {.source = "with_data", .expected = "province codes", .found = code},
                "expected the codes of provinces with a value, found " + detail::in_quotes(code));
        out.insert(code);
    }
    return out;
}

}  // namespace

const Unit2025* Merger2025::by_code(std::string_view code) const {
    const auto it = std::lower_bound(units_.begin(), units_.end(), code,
                                     [](const Unit2025& u, std::string_view c) { return u.code < c; });
    return it != units_.end() && it->code == code ? &*it : nullptr;
}

const Unit2025& Merger2025::unit_2025(std::string_view province_name_or_code) const {
    const std::string& code = registry_.province(province_name_or_code).code;
    return *by_code(unit_codes_.at(code));
}

const Unit2025& Merger2025::find_unit_2025(std::string_view name_or_code) const {
    const std::string text = trim(name_or_code);
    if (const Unit2025* u = by_code(text)) return *u;
    const std::string key = province_key(text), ascii = province_ascii_key(text);
    for (const auto& k : {key, key_without_prefix(key), ascii, key_without_prefix(ascii)})
        if (const auto it = by_key_.find(k); !k.empty() && it != by_key_.end()) return *by_code(it->second);
    const auto code = registry_.find_code(text);
    if (code)
        if (const Unit2025* u = by_code(*code)) return *u;
    const std::string expected =
        "the name or unit code of one of the " + std::to_string(units_.size()) + " units of 2025";
    const ErrorLocation at{.expected = expected, .found = std::string(name_or_code)};
    if (code) {
        const Unit2025& unit = unit_2025(*code);
        throw UnknownCodeError("no 2025 unit " + detail::in_quotes(name_or_code) + ": " +
                                   registry_.province(*code).name_vi + " (" + *code +
                                   ") is a pre-2025 province, part of the 2025 unit " + unit.name + " (" + unit.code +
                                   "); unit_2025() maps former provinces",
                               at);
    }
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, unit)
    const std::string stripped = key_without_prefix(ascii);
    for (std::size_t i = 0; i < units_.size(); ++i) {
        const std::string unit_key = province_ascii_key(units_[i].name);
        std::size_t best = edit_distance(ascii, unit_key);
        if (!stripped.empty()) best = std::min(best, edit_distance(stripped, unit_key));
        scored.emplace_back(best, i);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> near;
    for (std::size_t k = 0; k < std::min<std::size_t>(3, scored.size()); ++k)
        near.push_back(units_[scored[k].second].name + " (" + units_[scored[k].second].code + ")");
    throw UnknownCodeError("no 2025 unit " + detail::in_quotes(name_or_code) + "; nearest: " +
                               (near.empty() ? std::string("(none)") : joined(near)) + "; expected " + expected,
                           at);
}

Merger2025 merger_2025_from_table(const CsvTable& t, const ProvinceRegistry& registry) {
    const auto& columns = merger_columns();
    std::vector<std::string> header;
    for (const auto& h : t.header) header.push_back(trim(h));
    if (header != columns)
        throw located_error<InputError>({.source = t.source, .line = t.header_line},
                                        "expected the columns " + joined(columns) + ", found " + joined(header));

    struct Row {
        std::string code, name, unit, type, merged, members;
        SourceLocation at;
    };
    std::vector<Row> rows;
    std::map<std::string, long> seen;  // province code -> line
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const SourceLocation at{t.source, t.lines[r]};
        std::vector<std::string> cells;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            cells.push_back(to_nfc(trim(t.rows[r][c])));
            if (cells.back().empty()) bad_row(at, columns[c], "empty cell; expected a value");
        }
        Row row{cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], at};
        const auto code = registry.find_code(row.code);
        if (!code || *code != row.code || !same_text(registry.province(*code).name_vi, row.name))
            throw located_error<InputError>(
                location_of(at, "province_code", "a code and name of provinces.csv", row.code + ", " + row.name),
                detail::in_quotes(row.code + ", " + row.name) + " is not a province of provinces.csv");
        if (const auto [it, inserted] = seen.emplace(row.code, at.line); !inserted)
            throw located_error<InputError>(location_of(at, "province_code", "each province once", row.code),
                                            "province " + row.code + " " + row.name + " again (first on line " +
                                                std::to_string(it->second) + "); expected each province once");
        if (!same_text(row.type, "tỉnh") && !same_text(row.type, "thành phố trực thuộc trung ương"))
            bad_row(at, "new_type",
                    "expected \"tỉnh\" or \"thành phố trực thuộc trung ương\", found " + detail::in_quotes(row.type));
        if (row.merged != "yes" && row.merged != "no")
            bad_row(at, "merged", "expected \"yes\" or \"no\", found " + detail::in_quotes(row.merged));
        rows.push_back(std::move(row));
    }
    std::vector<std::string> missing;
    for (const auto& p : registry.provinces())
        if (!seen.count(p.code)) missing.push_back(p.code + " " + p.name_vi);
    if (!missing.empty())
        throw located_error<InputError>(
            {.source = t.source, .column = "province_code", .expected = "each province of provinces.csv once"},
            "provinces of provinces.csv missing: " + joined(missing) +
                "; expected each province of provinces.csv once");

    // Units in order of first appearance, each with its rows.
    std::vector<std::string> names;
    std::map<std::string, std::vector<const Row*>> groups;
    for (const auto& row : rows) {
        auto& group = groups[row.unit];
        if (group.empty()) names.push_back(row.unit);
        group.push_back(&row);
    }
    Merger2025 m;
    m.registry_ = registry;
    for (const auto& name : names) {
        const auto& group = groups.at(name);
        const Row& first = *group.front();
        std::vector<std::string> members, named;
        for (const Row* row : group) {
            members.push_back(row->code);
            if (same_text(row->name, name)) named.push_back(row->code);
        }
        const std::string code = named.size() == 1 ? named.front() : members.size() == 1 ? members.front() : "";
        if (code.empty()) {
            std::vector<std::string> former;
            for (const Row* row : group) former.push_back(row->name);
            bad_row(first.at, "new_name_vi",
                    "unit " + detail::in_quotes(name) +
                        " keeps no former province's name; expected the name of one of " + joined(former));
        }
        const std::string n = std::to_string(group.size()), merged = group.size() > 1 ? "yes" : "no";
        for (const Row* row : group) {
            const std::string unit = "unit " + detail::in_quotes(name) + " (" + n + " rows)";
            if (!same_text(row->type, first.type))
                bad_row(row->at, "new_type",
                        unit + ": expected " + detail::in_quotes(first.type) + " as on line " +
                            std::to_string(first.at.line) + ", found " + detail::in_quotes(row->type));
            if (row->merged != merged)
                bad_row(row->at, "merged",
                        unit + ": expected " + detail::in_quotes(merged) + ", found " + detail::in_quotes(row->merged));
            if (row->members != n)
                bad_row(row->at, "new_members",
                        unit + ": expected " + n + ", found " + detail::in_quotes(row->members));
        }
        std::sort(members.begin(), members.end());
        for (const auto& member : members) m.unit_codes_[member] = code;
        m.units_.push_back(Unit2025{code, name, ascii_name(name), first.type, members, members.size() > 1});
    }
    std::sort(m.units_.begin(), m.units_.end(), [](const Unit2025& a, const Unit2025& b) { return a.code < b.code; });
    for (const auto& unit : m.units_) {
        m.by_key_.emplace(province_key(unit.name), unit.code);
        m.by_key_.emplace(province_ascii_key(unit.name), unit.code);
    }
    return m;
}

Merger2025 read_merger_2025(const std::filesystem::path& csv, const ProvinceRegistry& registry) {
    return merger_2025_from_table(read_csv(csv), registry);
}

Merger2025 shipped_merger_2025(const std::filesystem::path& data_dir) {
    return read_merger_2025(
        data_dir / "vn-admin" / "province_merger_2025.csv",
        read_provinces(data_dir / "vn" / "provinces.csv", data_dir / "vn" / "province_aliases.csv"));
}

std::string merger_node(const Unit2025& unit) { return "unit " + unit.code; }

std::map<std::string, double> merger_weights(const Merger2025& merger, const ProvinceWeights& weights,
                                             const MergerWeightOptions& options) {
    const auto& registry = merger.registry();
    std::map<std::string, double> out;
    for (const auto& [code, unit] : merger.unit_codes()) out[code] = std::numeric_limits<double>::quiet_NaN();
    std::set<std::string> stated, twice;
    for (const auto& [key, weight] : weights) {
        const auto code = registry.find_code(key);
        if (!code)
            throw located_error<InputError>(
                {.source = "weights", .column = key, .expected = "province codes or names", .found = key},
                "weights for an unknown province '" + detail::excerpt(key) + "'");
        if (!stated.insert(*code).second) twice.insert(*code);
        out[*code] = weight;
    }
    if (!twice.empty()) {
        const std::string list = joined({twice.begin(), twice.end()});
        throw located_error<InputError>({.source = "weights", .expected = "one weight per province", .found = list},
                                        "weights given twice for provinces " + list);
    }
    // A weight matters only for a province with a value in a unit that joins several provinces.
    const std::set<std::string> data = provinces_with_data(merger, options);
    const std::string scope = options.with_data ? "with data in merged units" : "in merged units";
    const std::string& label = options.label;
    std::vector<std::string> needed;
    for (const auto& [code, unit] : merger.unit_codes())
        if (data.count(code) && merger.find_unit_2025(unit).merged) needed.push_back(code);
    std::vector<std::string> infinite, absent, negative;
    std::string first_infinite;
    for (const auto& code : needed) {
        const double w = out.at(code);
        if (std::isinf(w)) {
            if (first_infinite.empty()) first_infinite = code;
            infinite.push_back(province_label(registry, code, w));
        } else if (std::isnan(w)) {
            absent.push_back(province_label(registry, code));
        } else if (w < 0) {
            negative.push_back(province_label(registry, code, w));
        }
    }
    const std::string expected = "a finite weight for every member with a value of a merged unit";
    if (!infinite.empty())
        throw located_error<InputError>(
            {.source = "weights", .column = first_infinite, .expected = expected, .found = joined(infinite)},
            "infinite weights (" + label + ") for provinces " + scope + ": " + joined(infinite));
    if (!absent.empty()) {
        std::string shown =
            joined({absent.begin(), absent.begin() + static_cast<long>(std::min<std::size_t>(10, absent.size()))});
        if (absent.size() > 10) shown += " ... (" + std::to_string(absent.size()) + " provinces)";
        throw located_error<InputError>({.source = "weights", .expected = expected, .found = shown},
                                        "no weight (" + label + ") for provinces " + scope + ": " + shown);
    }
    if (!negative.empty())
        throw located_error<InputError>({.source = "weights", .expected = "weights >= 0", .found = joined(negative)},
                                        "negative weights (" + label + "): " + joined(negative));
    return out;
}

Framework merger_framework(const Merger2025& merger, const ProvinceWeights& weights,
                           const MergerWeightOptions& options) {
    const auto stated = merger_weights(merger, weights, options);
    const auto used = framework_weights(merger, stated, provinces_with_data(merger, options), options.label);
    std::vector<Node> nodes;
    const auto node = [&](std::string code, std::string name, NodeType type, int level, std::string parent,
                          double weight) {
        Node n;
        n.code = std::move(code);
        n.name = std::move(name);
        n.type = type;
        n.level = level;
        n.parent = std::move(parent);
        n.weight = weight;
        nodes.push_back(std::move(n));
    };
    for (const auto& [code, unit] : merger.unit_codes())
        node(code, merger.registry().province(code).name_vi, NodeType::indicator, 1, "unit " + unit, used.at(code));
    for (const auto& unit : merger.units())
        node(merger_node(unit), unit.name, NodeType::aggregate, 2, std::string(merger_root), 1.0);
    node(std::string(merger_root), "Việt Nam, " + std::to_string(merger.units().size()) + " units of 2025 (derived)",
         NodeType::aggregate, 3, "", 1.0);
    return Framework(std::move(nodes));
}

}  // namespace govindex::vn
