#pragma once
/// \file vn/provinces.hpp
/// Vietnam's 63 provinces (pre-2025 geography) and 6 socio-economic regions as entities: codes,
/// names with diacritics, ASCII forms, PAPI spellings and aliases, and name look-up after NFC
/// normalisation with an error that lists the nearest names. See docs/guide/vietnam-data.md.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/model/io.hpp"

namespace govindex::vn {

/// One of the 6 socio-economic regions (vùng kinh tế - xã hội) of the GSO convention.
struct Region {
    std::string code;     ///< DBSH, TDMNPB, BTB_DHMT, TN, DNB, DBSCL
    std::string name_vi;  ///< e.g. "Đồng bằng sông Hồng"
    std::string name_en;  ///< e.g. "Red River Delta"
    friend bool operator==(const Region&, const Region&) = default;
};

/// The 6 regions, north to south (ĐBSH, TDMNPB, BTB-DHMT, Tây Nguyên, ĐNB, ĐBSCL).
[[nodiscard]] std::vector<Region> vietnam_regions();

/// One province or centrally-run city (tỉnh / thành phố trực thuộc trung ương).
struct Province {
    std::string code;         ///< 2-digit GSO code ("01" Hà Nội ... "96" Cà Mau)
    std::string name_vi;      ///< Vietnamese name with diacritics (NFC)
    std::string name_ascii;   ///< diacritics stripped, Đ -> D
    std::string type;         ///< "tỉnh" or "thành phố trực thuộc trung ương"
    std::string region_code;  ///< code of its Region
    std::string region_vi;
    std::string region_en;
    std::vector<std::string> aliases;  ///< PAPI spellings and common aliases (no duplicates of name_vi)
    friend bool operator==(const Province&, const Province&) = default;
};

/// The look-up key of a name: NFC, case-folded, without spaces, hyphens, dashes, dots and
/// underscores ("TT - Huế" -> "tthuế"). Throws InputError for invalid UTF-8.
[[nodiscard]] std::string province_key(std::string_view name);
/// province_key with diacritics removed and Đ/đ -> d ("Thừa Thiên-Huế" -> "thuathienhue").
[[nodiscard]] std::string province_ascii_key(std::string_view name);
/// A key (province_key or province_ascii_key) without a leading "Tỉnh", "Thành phố" or "TP.", or ""
/// when it has none (or nothing would remain): "tinhbentre" -> "bentre".
[[nodiscard]] std::string key_without_prefix(const std::string& key);
/// Levenshtein distance between two byte strings (used on ASCII keys).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The provinces and regions with name look-up. Built by read_provinces; immutable.
class ProvinceRegistry {
public:
    ProvinceRegistry() = default;

    /// Provinces in file order.
    [[nodiscard]] const std::vector<Province>& provinces() const { return provinces_; }
    /// The 6 regions (vietnam_regions()).
    [[nodiscard]] const std::vector<Region>& regions() const { return regions_; }
    /// The province with this 2-digit code, name, ASCII name, PAPI spelling or alias. Matching:
    /// province_key equal, else province_ascii_key equal (ASCII or mistyped diacritics), each tried
    /// also without a leading "Tỉnh", "Thành phố" or "TP.". Throws UnknownCodeError listing the 3
    /// nearest names (edit distance of the ASCII keys) or, for an ambiguous ASCII key, the candidates.
    [[nodiscard]] const Province& province(std::string_view name_or_code) const;
    /// The code `name_or_code` resolves to, or nullopt (never throws for an unknown name).
    [[nodiscard]] std::optional<std::string> find_code(std::string_view name_or_code) const;
    /// Codes of several names, in order; throws UnknownCodeError listing every name that failed.
    [[nodiscard]] std::vector<std::string> codes(const std::vector<std::string>& names) const;
    /// Codes of the `n` provinces whose ASCII keys are nearest to `name` (ties by code).
    [[nodiscard]] std::vector<std::string> nearest(std::string_view name, std::size_t n = 3) const;
    /// The region with this code (or Vietnamese/English name); throws UnknownCodeError.
    [[nodiscard]] const Region& region(std::string_view code_or_name) const;

    friend bool operator==(const ProvinceRegistry& a, const ProvinceRegistry& b) {
        return a.provinces_ == b.provinces_;
    }

private:
    friend ProvinceRegistry provinces_from_tables(const CsvTable&, const CsvTable*);
    const Province* lookup(std::string_view name, std::vector<std::string>* ambiguous) const;

    std::vector<Province> provinces_;
    std::vector<Region> regions_;
    std::map<std::string, std::size_t, std::less<>> by_key_;                 // province_key -> index
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_ascii_;  // ASCII key -> indices
};

/// Builds the registry from provinces.csv (required columns province_code, name_vi, name_ascii,
/// type, region_code, region_vi, region_en; optional papi_name_en, papi_name_vi) and, if given, an
/// aliases table (columns province_code, alias; optional note). Throws InputError naming file,
/// line and column for a missing column, empty cell, code that is not 2 digits, duplicate code or
/// name, unknown type or region, region names that differ from the region code's, a non-ASCII
/// name_ascii, or an alias of an unknown province or one that names another province.
[[nodiscard]] ProvinceRegistry provinces_from_tables(const CsvTable& provinces, const CsvTable* aliases);

/// Reads provinces.csv and, if given, province_aliases.csv (the shipped files are in data/vn/).
[[nodiscard]] ProvinceRegistry read_provinces(const std::filesystem::path& provinces_csv,
                                              const std::optional<std::filesystem::path>& aliases_csv = std::nullopt);

}  // namespace govindex::vn
