#pragma once
/// \file vn/geography.hpp
/// The 2025 geography of Vietnam: the 63 pre-2025 provinces became 34 provincial units on 1 July
/// 2025 (Nghị quyết 202/2025/QH15). The mapping (data/vn-admin/province_merger_2025.csv) read and
/// checked against the province registry, unit look-up by name or code, and the merger framework
/// (provinces -> units -> "VN") on which an Aggregate step computes a unit's weighted mean of its
/// former provinces' figures. See docs/guide/vietnam-data.md.
///
/// A unit's code is the 2-digit code of the former province whose name it keeps (Vĩnh Long "86",
/// Huế "46" after Thừa Thiên Huế): govindex's codes, not the official 2025 codes.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "govindex/model/framework.hpp"
#include "govindex/model/io.hpp"
#include "govindex/vn/provinces.hpp"

namespace govindex::vn {

/// A provincial unit of the 2025 geography.
struct Unit2025 {
    std::string code;                  ///< govindex's unit code: the code of the former province whose name it keeps
    std::string name;                  ///< with diacritics (NFC), e.g. "Vĩnh Long"
    std::string name_ascii;            ///< diacritics stripped, Đ -> D, e.g. "Vinh Long"
    std::string type;                  ///< "tỉnh" or "thành phố trực thuộc trung ương"
    std::vector<std::string> members;  ///< codes of the former provinces forming it, ascending
    bool merged = false;               ///< true when it joins several former provinces
    friend bool operator==(const Unit2025&, const Unit2025&) = default;
};

/// The mapping of the 63 former provinces onto the 34 units of 2025, with name look-up. Built by
/// merger_2025_from_table (read_merger_2025, shipped_merger_2025); immutable.
class Merger2025 {
public:
    Merger2025() = default;

    /// The units, by code ascending.
    [[nodiscard]] const std::vector<Unit2025>& units() const { return units_; }
    /// Province code -> code of its 2025 unit (every province of the registry).
    [[nodiscard]] const std::map<std::string, std::string>& unit_codes() const { return unit_codes_; }
    /// The province registry the table was checked against.
    [[nodiscard]] const ProvinceRegistry& registry() const { return registry_; }
    /// The 2025 unit of a former province given by code or any name the registry accepts ("83",
    /// "Ben Tre", "TT-Huế"); throws UnknownCodeError listing the nearest province names.
    [[nodiscard]] const Unit2025& unit_2025(std::string_view province_name_or_code) const;
    /// The unit with this unit code ("86") or name, matched as province names are (NFC, any case,
    /// with or without diacritics, spaces, hyphens, dots or a leading "Tỉnh", "Thành phố", "TP."),
    /// or any spelling of the former province whose name it keeps ("TP.HCM", "Thừa Thiên Huế").
    /// Throws UnknownCodeError saying which unit a former province joined ("Bến Tre"), or listing
    /// the 3 nearest unit names (edit distance of the ASCII keys).
    [[nodiscard]] const Unit2025& find_unit_2025(std::string_view name_or_code) const;

    friend bool operator==(const Merger2025& a, const Merger2025& b) {
        return a.units_ == b.units_ && a.unit_codes_ == b.unit_codes_ && a.registry_ == b.registry_;
    }

private:
    friend Merger2025 merger_2025_from_table(const CsvTable&, const ProvinceRegistry&);
    [[nodiscard]] const Unit2025* by_code(std::string_view code) const;

    std::vector<Unit2025> units_;
    std::map<std::string, std::string> unit_codes_;
    std::map<std::string, std::string, std::less<>> by_key_;  // province_key / ASCII key of a unit name -> code
    ProvinceRegistry registry_;
};

/// Builds the mapping from a table with the columns province_code, name_vi, new_name_vi, new_type,
/// merged, new_members (in this order). Throws InputError naming file, line and column for other
/// columns, an empty cell, a province that is not the registry's (code and name) or comes twice, a
/// province of the registry missing, a unit that keeps no former province's name, an unknown type,
/// or a row whose new_type, merged ("yes"/"no") or new_members disagrees with its unit's rows.
[[nodiscard]] Merger2025 merger_2025_from_table(const CsvTable& table, const ProvinceRegistry& registry);
/// Reads the mapping from a CSV file (merger_2025_from_table).
[[nodiscard]] Merger2025 read_merger_2025(const std::filesystem::path& csv, const ProvinceRegistry& registry);
/// The shipped mapping: `data_dir` holds vn/provinces.csv, vn/province_aliases.csv and
/// vn-admin/province_merger_2025.csv (the repository's data/, an install's share/govindex/data,
/// the Python package's govindex/data).
[[nodiscard]] Merger2025 shipped_merger_2025(const std::filesystem::path& data_dir);

/// Code of the root of merger_framework: the 34 units' equal-weight mean, which only closes the tree.
inline constexpr std::string_view merger_root = "VN";
/// Code of a unit's aggregate in merger_framework: "unit <unit code>" ("unit 86").
[[nodiscard]] std::string merger_node(const Unit2025& unit);

/// Weights of former provinces as stated: (province code or any accepted name, weight) pairs.
using ProvinceWeights = std::vector<std::pair<std::string, double>>;

/// How merger_weights and merger_framework read stated weights.
struct MergerWeightOptions {
    std::string label = "stated weights";  ///< names the weights in messages ("population 2019", "equal")
    /// Codes of the provinces with a value; a province of a merged unit outside it needs no weight
    /// and takes no part (weight 0). nullopt: every province has a value.
    std::optional<std::vector<std::string>> with_data = std::nullopt;
};

/// The stated weights by province code (every province of the registry; NaN where none is stated),
/// checked. Throws InputError (source "weights") for an unknown province or one named twice, and,
/// for a province with a value in a merged unit, a weight that is missing, NaN, infinite or < 0.
[[nodiscard]] std::map<std::string, double> merger_weights(const Merger2025& merger, const ProvinceWeights& weights,
                                                           const MergerWeightOptions& options = {});

/// The 2025 re-aggregation as a framework: the former provinces as indicators (their codes, names
/// and weights; level 1), the 34 units as aggregates ("unit <code>", the unit's name; level 2) and
/// the root "VN" (level 3). Weights: a member of an unchanged unit 1 (the unit carries its value);
/// a member of a merged unit its stated weight (merger_weights), or 0 without a value (a merged
/// unit none of whose members has a value: 1 each); a unit whose members' weights sum outside
/// (1e-290, 1e290) has them divided by their largest (only shares count). Throws InputError as
/// merger_weights, and for a unit whose members with a value all have weight 0.
/// `Pipeline({Aggregate{ArithmeticMean{}}}).run(framework, data)` then gives each unit's weighted
/// mean of its former provinces' values (a unit per column of figures).
[[nodiscard]] Framework merger_framework(const Merger2025& merger, const ProvinceWeights& weights,
                                         const MergerWeightOptions& options = {});

}  // namespace govindex::vn
