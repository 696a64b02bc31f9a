#pragma once
/// \file scoring.hpp
/// Scoring rules: how raw evidence for one leaf (tiêu chí thành phần, sub-criterion) becomes points.
/// Each rule is a small value type with `method_name` and `fields()` (detail/fields.hpp), so files
/// and Python read and write every rule the same way. Rules are data: band boundaries and points
/// differ by methodology version and by sub-criterion. Rule catalogue and sources:
/// docs/guide/scoring.md (binary and graded rules: Cà Mau 1880/QĐ-UBND 2013; completion-rate bands:
/// ../shared/domain/vn-indices.md §1.5).

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "govindex/detail/fields.hpp"

namespace govindex {

namespace detail {
inline constexpr double unknown_number = std::numeric_limits<double>::quiet_NaN();
}

/// The raw evidence for one leaf; each rule reads the part it needs and throws InputError naming
/// the missing part otherwise. NaN / empty = not given.
struct Evidence {
    std::optional<bool> yes;                      ///< YesNo: done (true) or not (false)
    std::string level;                            ///< Levels: the name of the level reached
    double rate = detail::unknown_number;         ///< CompletionRate: a rate in percent, 0-100
    double numerator = detail::unknown_number;    ///< Ratio: e.g. records settled on time
    double denominator = detail::unknown_number;  ///< Ratio: e.g. all records
    double value = detail::unknown_number;        ///< Cap: a count or raw points
    std::vector<std::string> items;               ///< Bonus / Penalty: the items that apply

    /// True when nothing is given.
    [[nodiscard]] bool empty() const;
    friend bool operator==(const Evidence& a, const Evidence& b);
};

/// A binary rule ("Hoàn thành / không hoàn thành"): `points` if yes, `no_points` (usually 0) if no.
struct YesNo {
    static constexpr std::string_view method_name = "yes_no";
    double points = 1.0;     ///< points when the requirement is met
    double no_points = 0.0;  ///< points when it is not
    static constexpr auto fields() {
        return std::tuple{detail::field("points", &YesNo::points, "points when the requirement is met"),
                          detail::field("no_points", &YesNo::no_points, "points when it is not (usually 0)")};
    }
    friend bool operator==(const YesNo&, const YesNo&) = default;
};

/// One named level of a Levels rule.
struct Level {
    std::string name;     ///< e.g. "Ban hành kịp thời" (compared after NFC)
    double points = 0.0;  ///< fixed points for this level
    friend bool operator==(const Level&, const Level&) = default;
};

/// Graded levels with fixed points, e.g. "Ban hành kịp thời: 1 / không kịp thời: 0.5 / không ban
/// hành: 0" (Cà Mau 1880/QĐ-UBND 2013, 1.1.1). Level names must be distinct.
struct Levels {
    static constexpr std::string_view method_name = "levels";
    std::vector<Level> levels;  ///< in order, best first by convention
    static constexpr auto fields() {
        return std::tuple{detail::field("levels", &Levels::levels, "named levels, each with fixed points")};
    }
    friend bool operator==(const Levels&, const Levels&) = default;
};

/// One band of a rate rule: rates in [from, to) percent give `points`, or `points` × rate / 100
/// when `proportional`.
struct RateBand {
    double from = 0.0;          ///< lower bound in percent, included
    double to = 100.0;          ///< upper bound in percent, excluded
    double points = 0.0;        ///< fixed points, or the points at a rate of 100% when proportional
    bool proportional = false;  ///< points × rate / 100 instead of fixed points
    friend bool operator==(const RateBand&, const RateBand&) = default;
};

/// A completion rate (tỷ lệ %) scored against bands: `full` points at 100%, 0 below `floor`, the
/// bands in between ([from, to) each, within [floor, 100)). A rate in [floor, 100) not covered by
/// a band is a MethodError when scored; bands must not overlap. Example (Cà Mau 1.1.4, max 2):
/// floor 70, bands [70, 90) -> 1 and [90, 100) -> 2, full 2.
struct CompletionRate {
    static constexpr std::string_view method_name = "completion_rate";
    double full = 1.0;            ///< points at a rate of 100%
    double floor = 0.0;           ///< rates below it score 0 (percent)
    std::vector<RateBand> bands;  ///< bands within [floor, 100)
    static constexpr auto fields() {
        return std::tuple{detail::field("full", &CompletionRate::full, "points at a rate of 100%"),
                          detail::field("floor", &CompletionRate::floor, "rates below it score 0 (percent)"),
                          detail::field("bands", &CompletionRate::bands, "bands [from, to) within [floor, 100)")};
    }
    friend bool operator==(const CompletionRate&, const CompletionRate&) = default;
};

/// A rate computed from counts, rate = 100 × numerator / denominator (e.g. records settled on time
/// / all records, as in 766/QĐ-TTg), then scored like CompletionRate. The labels name the counts in
/// explanations. numerator > denominator, a negative count or a zero denominator is an InputError.
struct Ratio {
    static constexpr std::string_view method_name = "ratio";
    std::string numerator = "numerator";      ///< label of the numerator, e.g. "on time"
    std::string denominator = "denominator";  ///< label of the denominator, e.g. "total"
    double full = 1.0;                        ///< points at a rate of 100%
    double floor = 0.0;                       ///< rates below it score 0 (percent)
    std::vector<RateBand> bands;              ///< bands within [floor, 100)
    static constexpr auto fields() {
        return std::tuple{detail::field("numerator", &Ratio::numerator, "label of the numerator"),
                          detail::field("denominator", &Ratio::denominator, "label of the denominator"),
                          detail::field("full", &Ratio::full, "points at a rate of 100%"),
                          detail::field("floor", &Ratio::floor, "rates below it score 0 (percent)"),
                          detail::field("bands", &Ratio::bands, "bands [from, to) within [floor, 100)")};
    }
    friend bool operator==(const Ratio&, const Ratio&) = default;
};

/// Points per counted unit with a ceiling: min(value × per_unit, max) (e.g. 0.25 points per
/// document, at most 1); with per_unit 1 it caps points given directly. A negative value is an
/// InputError.
struct Cap {
    static constexpr std::string_view method_name = "cap";
    double max = 1.0;       ///< the ceiling (>= 0)
    double per_unit = 1.0;  ///< points per unit of the evidence value (>= 0)
    static constexpr auto fields() {
        return std::tuple{detail::field("max", &Cap::max, "the ceiling (>= 0)"),
                          detail::field("per_unit", &Cap::per_unit, "points per unit of the evidence value")};
    }
    friend bool operator==(const Cap&, const Cap&) = default;
};

/// One bonus or penalty item.
struct Item {
    std::string name;     ///< the item (compared after NFC)
    double points = 0.0;  ///< points added (Bonus) or deducted (Penalty), >= 0
    friend bool operator==(const Item&, const Item&) = default;
};

/// Bonus items (điểm thưởng): the points of the items that apply, added, at most `max` (NaN = no
/// limit). An item not in the list is an InputError.
struct Bonus {
    static constexpr std::string_view method_name = "bonus";
    std::vector<Item> items;
    double max = detail::unknown_number;  ///< ceiling of the total bonus; NaN = none
    static constexpr auto fields() {
        return std::tuple{detail::field("items", &Bonus::items, "items and their points"),
                          detail::field("max", &Bonus::max, "ceiling of the total bonus (NaN = none)")};
    }
    friend bool operator==(const Bonus& a, const Bonus& b);
};

/// Penalty items (điểm trừ): the points of the items that apply, deducted (the result is <= 0),
/// at most `max` in total (NaN = no limit). An item not in the list is an InputError.
struct Penalty {
    static constexpr std::string_view method_name = "penalty";
    std::vector<Item> items;
    double max = detail::unknown_number;  ///< ceiling of the total deduction; NaN = none
    static constexpr auto fields() {
        return std::tuple{detail::field("items", &Penalty::items, "items and their deducted points"),
                          detail::field("max", &Penalty::max, "ceiling of the total deduction (NaN = none)")};
    }
    friend bool operator==(const Penalty& a, const Penalty& b);
};

/// Every scoring rule.
using ScoringRule = std::variant<YesNo, Levels, CompletionRate, Ratio, Cap, Bonus, Penalty>;

/// What a rule made of the evidence.
struct RuleResult {
    double points = 0.0;                  ///< points obtained (negative for penalties)
    double raw = detail::unknown_number;  ///< the raw number used (rate in %, value), NaN if none
    std::string explanation;              ///< e.g. "completion_rate: rate 85% in [80%, 100%) -> 0.5 points"
    friend bool operator==(const RuleResult&, const RuleResult&) = default;
};

/// Throws MethodError (message prefixed by `where`) if the rule is unusable: non-finite or negative
/// points, duplicate level or item names, bands outside [0, 100] or with from >= to, overlapping
/// bands, bands below the floor.
void check(const ScoringRule& rule, const std::string& where = "");

/// Applies the rule; throws InputError (prefixed by `where`) for missing evidence, a rate outside
/// 0-100 %, an unknown level or item, bad counts; MethodError for a rate no band covers.
[[nodiscard]] RuleResult score(const ScoringRule& rule, const Evidence& evidence, const std::string& where = "");

/// The most points the rule can give (0 for Penalty); NaN for a Bonus without max and no items.
[[nodiscard]] double max_points(const ScoringRule& rule);

/// One line describing the rule, e.g. "levels: Tốt = 2, Đạt = 1, Không đạt = 0".
[[nodiscard]] std::string describe(const ScoringRule& rule);

/// The names of every rule type ("yes_no", "levels", ...), in variant order.
[[nodiscard]] std::vector<std::string> scoring_rule_names();

}  // namespace govindex
