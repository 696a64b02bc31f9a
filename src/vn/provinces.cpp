#include "govindex/vn/provinces.hpp"

#include <utf8proc.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <numeric>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/text.hpp"

namespace govindex::vn {

std::vector<Region> vietnam_regions() {
    return {
        {"DBSH", "Đồng bằng sông Hồng", "Red River Delta"},
        {"TDMNPB", "Trung du và miền núi phía Bắc", "Northern Midlands and Mountain Areas"},
        {"BTB_DHMT", "Bắc Trung Bộ và Duyên hải miền Trung", "North Central and Central Coastal Areas"},
        {"TN", "Tây Nguyên", "Central Highlands"},
        {"DNB", "Đông Nam Bộ", "South East"},
        {"DBSCL", "Đồng bằng sông Cửu Long", "Mekong River Delta"},
    };
}

namespace {

std::string utf8_map(std::string_view s, int options) {
    if (const auto bad = find_invalid_utf8(s))
        throw InputError(
            "invalid UTF-8 at byte " + std::to_string(*bad) + " of a name; expected UTF-8 text",
            ErrorLocation{.expected = "UTF-8 text", .found = "invalid UTF-8 at byte " + std::to_string(*bad)});
    utf8proc_uint8_t* out = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                static_cast<utf8proc_ssize_t>(s.size()), &out, static_cast<utf8proc_option_t>(options));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
    if (n < 0)
        throw error_at<InputError>({.expected = "normalisable UTF-8 text", .found = utf8proc_errmsg(n)},
                                   std::string("cannot normalise text: ") + utf8proc_errmsg(n));
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

// Removes spaces, hyphens, dashes, dots and underscores (ASCII and their common Unicode forms).
std::string strip_separators(const std::string& s) {
    static constexpr std::array<std::string_view, 6> wide = {
        "\xC2\xA0",      // no-break space
        "\xE2\x80\x90",  // hyphen
        "\xE2\x80\x91",  // non-breaking hyphen
        "\xE2\x80\x93",  // en dash
        "\xE2\x80\x94",  // em dash
        "\xE2\x88\x92",  // minus sign
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '.' || c == '_') {
            ++i;
            continue;
        }
        bool skipped = false;
        for (const auto w : wide)
            if (std::string_view(s).substr(i, w.size()) == w) {
                i += w.size();
                skipped = true;
                break;
            }
        if (!skipped) out += s[i++];
    }
    return out;
}

std::string trim(std::string_view s) { return trimmed(s, " \t\r\n"); }

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Leading words that name the kind of unit, not the unit: "Tỉnh", "Thành phố", "TP.".
const std::vector<std::string>& key_prefixes() {
    static const std::vector<std::string> p = {province_key("Thành phố"), province_key("Tỉnh"), "tp", "thanhpho",
                                               "tinh"};
    return p;
}

// An InputError at `at` in `col` whose message is located(at, col, what).
[[noreturn]] void bad_cell(const SourceLocation& at, const std::string& col, const std::string& expected,
                           const std::string& found, const std::string& what) {
    throw located_error<InputError>(location_of(at, col, expected, found), what);
}

std::string cell(const CsvTable& t, std::size_t row, std::size_t col) { return to_nfc(trim(t.rows[row][col])); }

std::size_t column(const CsvTable& t, const std::string& name, const std::string& expected) {
    for (std::size_t c = 0; c < t.header.size(); ++c)
        if (trim(t.header[c]) == name) return c;
    bad_cell({t.source, t.header_line}, name, "columns " + expected, "missing",
             "missing column; expected columns " + expected);
}

std::optional<std::size_t> optional_column(const CsvTable& t, const std::string& name) {
    for (std::size_t c = 0; c < t.header.size(); ++c)
        if (trim(t.header[c]) == name) return c;
    return std::nullopt;
}

std::string required_cell(const CsvTable& t, std::size_t row, std::size_t col, const std::string& what) {
    std::string v = cell(t, row, col);
    if (v.empty())
        bad_cell({t.source, t.lines[row]}, t.header[col], what, "an empty cell", "empty cell; expected " + what);
    return v;
}

}  // namespace

std::string key_without_prefix(const std::string& key) {
    for (const auto& p : key_prefixes())
        if (key.size() > p.size() && key.compare(0, p.size(), p) == 0) return key.substr(p.size());
    return {};
}

std::string province_key(std::string_view name) {
    const std::string t = trim(name);
    if (is_ascii(t)) {
        std::string lower = t;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
        return strip_separators(lower);
    }
    return strip_separators(utf8_map(t, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
}

std::string province_ascii_key(std::string_view name) {
    const std::string t = trim(name);
    if (is_ascii(t)) return province_key(t);
    std::string s = utf8_map(t, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 2, "\xC4\x91") == 0) {  // đ (Đ is case-folded to đ above)
            out += 'd';
            i += 2;
        } else {
            out += s[i++];
        }
    }
    return strip_separators(out);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    std::iota(prev.begin(), prev.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

const Province* ProvinceRegistry::lookup(std::string_view name, std::vector<std::string>* ambiguous) const {
    const std::string t = trim(name);
    if (!t.empty() && t.size() <= 2 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const std::string code = t.size() == 1 ? "0" + t : t;
        for (const auto& p : provinces_)
            if (p.code == code) return &p;
        return nullptr;
    }
    const std::string key = province_key(t);
    if (key.empty()) return nullptr;
    for (const auto& k : {key, key_without_prefix(key)})
        if (const auto it = by_key_.find(k); !k.empty() && it != by_key_.end()) return &provinces_[it->second];
    const std::string ascii = province_ascii_key(t);
    for (const auto& k : {ascii, key_without_prefix(ascii)}) {
        const auto it = by_ascii_.find(k);
        if (k.empty() || it == by_ascii_.end()) continue;
        if (it->second.size() == 1) return &provinces_[it->second.front()];
        if (ambiguous)
            for (const auto i : it->second)
                ambiguous->push_back(provinces_[i].name_vi + " (" + provinces_[i].code + ")");
        return nullptr;
    }
    return nullptr;
}

std::optional<std::string> ProvinceRegistry::find_code(std::string_view name_or_code) const {
    const Province* p = lookup(name_or_code, nullptr);
    return p ? std::optional<std::string>(p->code) : std::nullopt;
}

const Province& ProvinceRegistry::province(std::string_view name_or_code) const {
    std::vector<std::string> ambiguous;
    if (const Province* p = lookup(name_or_code, &ambiguous)) return *p;
    std::string list;
    const auto join = [&](const std::vector<std::string>& items) {
        for (const auto& s : items) list += (list.empty() ? "" : ", ") + s;
    };
    if (!ambiguous.empty()) {
        join(ambiguous);
        throw UnknownCodeError("province " + detail::in_quotes(name_or_code) + " is ambiguous; it matches " + list +
                                   "; write it with diacritics or use the 2-digit code",
                               ErrorLocation{.expected = "one province (diacritics or the 2-digit code)",
                                             .found = std::string(name_or_code)});
    }
    std::vector<std::string> near;
    for (const auto& code : nearest(name_or_code))
        for (const auto& p : provinces_)
            if (p.code == code) near.push_back(p.name_vi + " (" + p.code + ")");
    join(near);
    throw UnknownCodeError(
        "no province " + detail::in_quotes(name_or_code) +
            "; nearest: " + (list.empty() ? std::string("(none)") : list) +
            "; expected a 2-digit GSO code, a Vietnamese or ASCII name, a PAPI spelling or an alias",
        ErrorLocation{.expected = "a 2-digit GSO code, a Vietnamese or ASCII name, a PAPI spelling or an alias",
                      .found = std::string(name_or_code)});
}

std::vector<std::string> ProvinceRegistry::codes(const std::vector<std::string>& names) const {
    std::vector<std::string> out;
    std::string failed;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::vector<std::string> ambiguous;
        if (const Province* p = lookup(names[i], &ambiguous)) {
            out.push_back(p->code);
            continue;
        }
        std::string hint;
        for (const auto& code : nearest(names[i], 1))
            for (const auto& p : provinces_)
                if (p.code == code) hint = p.name_vi;
        failed += std::string(failed.empty() ? "" : "; ") + "item " + std::to_string(i + 1) + " \"" + names[i] +
                  "\" (" + (ambiguous.empty() ? "nearest: " + hint : "ambiguous") + ")";
    }
    if (!failed.empty())
        throw UnknownCodeError("unknown provinces: " + failed,
                               ErrorLocation{.expected = "province names or codes", .found = failed});
    return out;
}

std::vector<std::string> ProvinceRegistry::nearest(std::string_view name, std::size_t n) const {
    std::string key = province_ascii_key(name);
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
    for (std::size_t i = 0; i < provinces_.size(); ++i) {
        const auto& p = provinces_[i];
        std::size_t best = edit_distance(key, province_ascii_key(p.name_vi));
        for (const auto& a : p.aliases) best = std::min(best, edit_distance(key, province_ascii_key(a)));
        if (const auto stripped = key_without_prefix(key); !stripped.empty())
            best = std::min(best, edit_distance(stripped, province_ascii_key(p.name_vi)));
        scored.emplace_back(best, i);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (std::size_t k = 0; k < std::min(n, scored.size()); ++k) out.push_back(provinces_[scored[k].second].code);
    return out;
}

const Region& ProvinceRegistry::region(std::string_view code_or_name) const {
    const std::string key = province_key(code_or_name);
    for (const auto& r : regions_)
        if (key == province_key(r.code) || key == province_key(r.name_vi) || key == province_key(r.name_en)) return r;
    std::string list;
    for (const auto& r : regions_) list += (list.empty() ? "" : ", ") + r.code + " (" + r.name_vi + ")";
    throw UnknownCodeError("no region " + detail::in_quotes(code_or_name) + "; expected one of " + list,
                           ErrorLocation{.expected = "one of " + list, .found = std::string(code_or_name)});
}

ProvinceRegistry provinces_from_tables(const CsvTable& t, const CsvTable* aliases) {
    static const std::string expected =
        "province_code, name_vi, name_ascii, type, region_code, region_vi, region_en (optional: papi_name_en, "
        "papi_name_vi)";
    const auto c_code = column(t, "province_code", expected), c_vi = column(t, "name_vi", expected),
               c_ascii = column(t, "name_ascii", expected), c_type = column(t, "type", expected),
               c_region = column(t, "region_code", expected), c_rvi = column(t, "region_vi", expected),
               c_ren = column(t, "region_en", expected);
    const auto c_papi_en = optional_column(t, "papi_name_en"), c_papi_vi = optional_column(t, "papi_name_vi");

    ProvinceRegistry reg;
    reg.regions_ = vietnam_regions();
    std::vector<SourceLocation> where;  // row of each province
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const SourceLocation at{t.source, t.lines[r]};
        Province p;
        p.code = required_cell(t, r, c_code, "a 2-digit GSO code");
        if (p.code.size() != 2 || !std::isdigit(static_cast<unsigned char>(p.code[0])) ||
            !std::isdigit(static_cast<unsigned char>(p.code[1])))
            bad_cell(at, t.header[c_code], "a 2-digit GSO code", p.code,
                     "expected a 2-digit GSO code such as \"01\", found " + detail::in_quotes(p.code));
        for (std::size_t q = 0; q < reg.provinces_.size(); ++q)
            if (reg.provinces_[q].code == p.code)
                bad_cell(at, t.header[c_code], "each code once", p.code,
                         "duplicate code " + detail::in_quotes(p.code) + " (first on line " +
                             std::to_string(where[q].line) + "); expected each code once");
        p.name_vi = required_cell(t, r, c_vi, "the Vietnamese name");
        p.name_ascii = required_cell(t, r, c_ascii, "the ASCII name");
        if (!is_ascii(p.name_ascii))
            bad_cell(at, t.header[c_ascii], "ASCII letters only", p.name_ascii,
                     "expected ASCII letters only, found " + detail::in_quotes(p.name_ascii));
        p.type = required_cell(t, r, c_type, "\"tỉnh\" or \"thành phố trực thuộc trung ương\"");
        if (!same_text(p.type, "tỉnh") && !same_text(p.type, "thành phố trực thuộc trung ương"))
            bad_cell(at, t.header[c_type], "\"tỉnh\" or \"thành phố trực thuộc trung ương\"", p.type,
                     "expected \"tỉnh\" or \"thành phố trực thuộc trung ương\", found " + detail::in_quotes(p.type));
        p.region_code = required_cell(t, r, c_region, "a region code");
        const auto region = std::find_if(reg.regions_.begin(), reg.regions_.end(),
                                         [&](const Region& g) { return g.code == p.region_code; });
        if (region == reg.regions_.end()) {
            std::string list;
            for (const auto& g : reg.regions_) list += (list.empty() ? "" : ", ") + g.code;
            bad_cell(at, t.header[c_region], "one of " + list, p.region_code,
                     "unknown region " + detail::in_quotes(p.region_code) + "; expected one of " + list);
        }
        p.region_vi = required_cell(t, r, c_rvi, "the region's Vietnamese name");
        if (!same_text(p.region_vi, region->name_vi))
            bad_cell(at, t.header[c_rvi], region->name_vi, p.region_vi,
                     "expected " + detail::in_quotes(region->name_vi) + " for region " + region->code + ", found " +
                         detail::in_quotes(p.region_vi));
        p.region_en = required_cell(t, r, c_ren, "the region's English name");
        if (p.region_en != region->name_en)
            bad_cell(at, t.header[c_ren], region->name_en, p.region_en,
                     "expected " + detail::in_quotes(region->name_en) + " for region " + region->code + ", found " +
                         detail::in_quotes(p.region_en));
        for (const auto& c : {c_papi_en, c_papi_vi})
            if (c) {
                const std::string v = cell(t, r, *c);
                if (!v.empty() && v != p.name_vi && v != p.name_ascii &&
                    std::find(p.aliases.begin(), p.aliases.end(), v) == p.aliases.end())
                    p.aliases.push_back(v);
            }
        reg.provinces_.push_back(std::move(p));
        where.push_back(at);
    }

    // Keys: a diacritic key names one province only (else the file is wrong); an ASCII key may be shared.
    const auto add_key = [&](std::size_t i, const std::string& name, const SourceLocation& at, const std::string& col) {
        const std::string key = province_key(name);
        if (key.empty())
            bad_cell(at, col, "a name with letters", name,
                     "expected a name with letters, found " + detail::in_quotes(name));
        const auto [it, inserted] = reg.by_key_.emplace(key, i);
        if (!inserted && it->second != i)
            bad_cell(at, col, "a name of one province only", name,
                     detail::in_quotes(name) + " already names " + reg.provinces_[it->second].name_vi + " (" +
                         reg.provinces_[it->second].code + "); expected a name of one province only");
        auto& list = reg.by_ascii_[province_ascii_key(name)];
        if (std::find(list.begin(), list.end(), i) == list.end()) list.push_back(i);
    };
    for (std::size_t i = 0; i < reg.provinces_.size(); ++i) {
        const auto& p = reg.provinces_[i];
        add_key(i, p.name_vi, where[i], t.header[c_vi]);
        add_key(i, p.name_ascii, where[i], t.header[c_ascii]);
        for (const auto& a : p.aliases) add_key(i, a, where[i], "papi_name_en/papi_name_vi");
    }

    if (aliases) {
        const std::string aexpected = "province_code, alias (optional: note)";
        const auto a_code = column(*aliases, "province_code", aexpected),
                   a_alias = column(*aliases, "alias", aexpected);
        for (std::size_t r = 0; r < aliases->rows.size(); ++r) {
            const SourceLocation at{aliases->source, aliases->lines[r]};
            const std::string code = required_cell(*aliases, r, a_code, "a province code of " + t.source);
            const auto it = std::find_if(reg.provinces_.begin(), reg.provinces_.end(),
                                         [&](const Province& p) { return p.code == code; });
            if (it == reg.provinces_.end())
                bad_cell(at, aliases->header[a_code], "a code of " + t.source, code,
                         "unknown province code " + detail::in_quotes(code) + "; expected a code of " + t.source);
            const std::string alias = required_cell(*aliases, r, a_alias, "an alias");
            const auto i = static_cast<std::size_t>(it - reg.provinces_.begin());
            add_key(i, alias, at, aliases->header[a_alias]);
            if (alias != it->name_vi && alias != it->name_ascii &&
                std::find(it->aliases.begin(), it->aliases.end(), alias) == it->aliases.end())
                it->aliases.push_back(alias);
        }
    }
    return reg;
}

ProvinceRegistry read_provinces(const std::filesystem::path& provinces_csv,
                                const std::optional<std::filesystem::path>& aliases_csv) {
    const CsvTable provinces = read_csv(provinces_csv);
    if (!aliases_csv) return provinces_from_tables(provinces, nullptr);
    const CsvTable aliases = read_csv(*aliases_csv);
    return provinces_from_tables(provinces, &aliases);
}

}  // namespace govindex::vn
