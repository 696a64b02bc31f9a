// Scoring rules: raw evidence -> points, with explanations. Formulas: docs/guide/scoring.md.
#include "govindex/model/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/text.hpp"

namespace govindex {

using detail::exact_number;

namespace {

std::string prefixed(const std::string& where, const std::string& what) {
    return where.empty() ? what : where + ": " + what;
}

// An error E whose message is `where: what` and whose location is `at` (`where` is the caller's
// free-text prefix; the caller adds file, line and node with rethrow_with).
template <class E>
[[noreturn]] void fail(const std::string& where, const std::string& what, ErrorLocation at) {
    throw E(prefixed(where, what), std::move(at));
}

// Numbers in explanations (not in error messages): 10 significant digits, as displayed.
std::string num(double x) { return detail::shown_number(x); }

bool same_or_both_nan(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void check_points(double p, const std::string& what, const std::string& where) {
    if (!std::isfinite(p) || p < 0)
        fail<MethodError>(where, what + ": expected a finite number >= 0, found " + exact_number(p),
                          {.column = what, .expected = "a finite number >= 0", .found = exact_number(p)});
}

void check_bands(double full, double floor, const std::vector<RateBand>& bands, std::string_view rule,
                 const std::string& where) {
    const std::string r(rule);
    check_points(full, r + " full", where);
    if (!std::isfinite(floor) || floor < 0 || floor > 100)
        fail<MethodError>(
            where, r + " floor: expected a percentage in [0, 100], found " + exact_number(floor),
            {.column = r + " floor", .expected = "a percentage in [0, 100]", .found = exact_number(floor)});
    std::vector<RateBand> sorted = bands;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const RateBand& b = bands[i];
        const std::string band = "[" + exact_number(b.from) + "%, " + exact_number(b.to) + "%)";
        const std::string name = r + " band " + std::to_string(i + 1) + " " + band;
        const std::string column = r + " band " + std::to_string(i + 1);
        if (!std::isfinite(b.from) || !std::isfinite(b.to) || b.from < 0 || b.to > 100 || b.from >= b.to)
            fail<MethodError>(where, name + ": expected 0 <= from < to <= 100",
                              {.column = column, .expected = "0 <= from < to <= 100", .found = band});
        if (b.from < floor)
            fail<MethodError>(
                where,
                name + ": starts below the floor " + exact_number(floor) + "%; expected bands within [floor, 100)",
                {.column = column, .expected = "bands within [floor, 100)", .found = band});
        check_points(b.points, name + " points", where);
    }
    std::sort(sorted.begin(), sorted.end(), [](const RateBand& a, const RateBand& b) { return a.from < b.from; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i].from < sorted[i - 1].to) {
            const std::string bands_found = "[" + exact_number(sorted[i - 1].from) + "%, " +
                                            exact_number(sorted[i - 1].to) + "%) and [" + exact_number(sorted[i].from) +
                                            "%, " + exact_number(sorted[i].to) + "%)";
            fail<MethodError>(where, r + ": bands " + bands_found + " overlap; expected bands that do not overlap",
                              {.column = r + " bands", .expected = "bands that do not overlap", .found = bands_found});
        }
}

template <class It>
void check_items(const std::vector<It>& items, std::string_view rule, const std::string& where) {
    std::set<std::string> seen;
    for (const auto& item : items) {
        if (item.name.empty())
            fail<MethodError>(where, std::string(rule) + ": an item without a name; expected a name",
                              {.column = std::string(rule), .expected = "a name", .found = "an item without a name"});
        if (!seen.insert(to_nfc(item.name)).second)
            fail<MethodError>(
                where,
                std::string(rule) + ": " + detail::in_quotes(item.name) + " appears twice; expected distinct names",
                {.column = std::string(rule), .expected = "distinct names", .found = item.name});
        check_points(item.points, std::string(rule) + " " + detail::in_quotes(item.name) + " points", where);
    }
}

void check_rule(const YesNo& r, const std::string& where) {
    check_points(r.points, "yes_no points", where);
    check_points(r.no_points, "yes_no no_points", where);
}
void check_rule(const Levels& r, const std::string& where) {
    if (r.levels.empty())
        fail<MethodError>(where, "levels: no levels; expected at least one named level",
                          {.column = "levels", .expected = "at least one named level", .found = "no levels"});
    check_items(r.levels, "levels", where);
}
void check_rule(const CompletionRate& r, const std::string& where) {
    check_bands(r.full, r.floor, r.bands, "completion_rate", where);
}
void check_rule(const Ratio& r, const std::string& where) { check_bands(r.full, r.floor, r.bands, "ratio", where); }
void check_rule(const Cap& r, const std::string& where) {
    check_points(r.max, "cap max", where);
    check_points(r.per_unit, "cap per_unit", where);
}
void check_rule(const Bonus& r, const std::string& where) {
    check_items(r.items, "bonus", where);
    if (!std::isnan(r.max)) check_points(r.max, "bonus max", where);
}
void check_rule(const Penalty& r, const std::string& where) {
    check_items(r.items, "penalty", where);
    if (!std::isnan(r.max)) check_points(r.max, "penalty max", where);
}

/// Scores a rate in percent against full/floor/bands.
RuleResult banded(double rate, double full, double floor, const std::vector<RateBand>& bands, const std::string& rule,
                  const std::string& what, const std::string& where) {
    if (!std::isfinite(rate) || rate < 0 || rate > 100)
        fail<InputError>(
            where, rule + ": " + what + " " + exact_number(rate) + "% is outside 0-100 %; expected a rate in [0, 100]",
            {.column = what, .expected = "a rate in [0, 100]", .found = exact_number(rate)});
    RuleResult out;
    out.raw = rate;
    if (rate >= 100) {
        out.points = full;
        out.explanation = rule + ": " + what + " " + num(rate) + "% = 100% -> full " + num(full) + " points";
        return out;
    }
    if (rate < floor) {
        out.points = 0;
        out.explanation = rule + ": " + what + " " + num(rate) + "% below the floor " + num(floor) + "% -> 0 points";
        return out;
    }
    for (const auto& b : bands) {
        if (rate >= b.from && rate < b.to) {
            out.points = b.proportional ? b.points * rate / 100.0 : b.points;
            out.explanation = rule + ": " + what + " " + num(rate) + "% in [" + num(b.from) + "%, " + num(b.to) +
                              "%) -> " +
                              (b.proportional ? num(b.points) + " x " + num(rate) + "/100 = " : std::string()) +
                              num(out.points) + " points";
            return out;
        }
    }
    fail<MethodError>(
        where,
        rule + ": no band covers the " + what + " " + exact_number(rate) + "%; expected bands covering [floor, 100)",
        {.column = rule + " bands", .expected = "bands covering [floor, 100)", .found = exact_number(rate)});
}

template <class It>
const It* find_item(const std::vector<It>& items, const std::string& name) {
    for (const auto& i : items)
        if (same_text(i.name, name)) return &i;
    return nullptr;
}

template <class It>
std::string item_names(const std::vector<It>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "\"" : ", \"") + i.name + "\"";
    return out.empty() ? "(none)" : out;
}

RuleResult apply(const YesNo& r, const Evidence& e, const std::string& where) {
    if (!e.yes)
        fail<InputError>(where, "yes_no: no evidence; expected yes = true or false",
                         {.column = "yes", .expected = "yes = true or false", .found = "no evidence"});
    return {
        *e.yes ? r.points : r.no_points, *e.yes ? 1.0 : 0.0,
        std::string("yes_no: ") + (*e.yes ? "yes" : "no") + " -> " + num(*e.yes ? r.points : r.no_points) + " points"};
}
RuleResult apply(const Levels& r, const Evidence& e, const std::string& where) {
    if (e.level.empty())
        fail<InputError>(
            where, "levels: no evidence; expected a level, one of " + item_names(r.levels),
            {.column = "level", .expected = "a level, one of " + item_names(r.levels), .found = "no evidence"});
    const Level* l = find_item(r.levels, e.level);
    if (l == nullptr)
        fail<InputError>(
            where, "levels: unknown level " + detail::in_quotes(e.level) + "; expected one of " + item_names(r.levels),
            {.column = "level", .expected = "one of " + item_names(r.levels), .found = e.level});
    return {l->points, detail::unknown_number, "levels: \"" + l->name + "\" -> " + num(l->points) + " points"};
}
RuleResult apply(const CompletionRate& r, const Evidence& e, const std::string& where) {
    if (std::isnan(e.rate))
        fail<InputError>(where, "completion_rate: no evidence; expected a rate in percent",
                         {.column = "rate", .expected = "a rate in percent", .found = "no evidence"});
    return banded(e.rate, r.full, r.floor, r.bands, "completion_rate", "rate", where);
}
RuleResult apply(const Ratio& r, const Evidence& e, const std::string& where) {
    if (std::isnan(e.numerator) || std::isnan(e.denominator))
        fail<InputError>(where, "ratio: no evidence; expected counts " + r.numerator + " and " + r.denominator,
                         {.column = std::isnan(e.numerator) ? r.numerator : r.denominator,
                          .expected = "counts " + r.numerator + " and " + r.denominator,
                          .found = "no evidence"});
    if (!std::isfinite(e.numerator) || !std::isfinite(e.denominator) || e.numerator < 0 || e.denominator <= 0 ||
        e.numerator > e.denominator)
        fail<InputError>(where,
                         "ratio: " + r.numerator + " " + exact_number(e.numerator) + " / " + r.denominator + " " +
                             exact_number(e.denominator) + "; expected 0 <= " + r.numerator + " <= " + r.denominator +
                             " and " + r.denominator + " > 0",
                         {.column = r.numerator,
                          .expected = "0 <= " + r.numerator + " <= " + r.denominator + " and " + r.denominator + " > 0",
                          .found = exact_number(e.numerator) + " / " + exact_number(e.denominator)});
    const double rate = 100.0 * e.numerator / e.denominator;
    RuleResult out = banded(rate, r.full, r.floor, r.bands, "ratio", "rate", where);
    out.explanation = "ratio: " + r.numerator + " " + num(e.numerator) + " / " + r.denominator + " " +
                      num(e.denominator) + " = " + num(rate) + "%; " +
                      out.explanation.substr(std::string("ratio: ").size());
    return out;
}
RuleResult apply(const Cap& r, const Evidence& e, const std::string& where) {
    if (std::isnan(e.value))
        fail<InputError>(where, "cap: no evidence; expected a value",
                         {.column = "value", .expected = "a value", .found = "no evidence"});
    if (!std::isfinite(e.value) || e.value < 0)
        fail<InputError>(where, "cap: value " + exact_number(e.value) + "; expected a finite number >= 0",
                         {.column = "value", .expected = "a finite number >= 0", .found = exact_number(e.value)});
    const double raw = e.value * r.per_unit;
    const double p = std::min(raw, r.max);
    std::string text =
        "cap: " + num(e.value) + (r.per_unit != 1.0 ? " x " + num(r.per_unit) + " = " + num(raw) : std::string());
    text += raw > r.max ? ", capped at " + num(r.max) + " -> " + num(p) + " points" : " -> " + num(p) + " points";
    return {p, e.value, text};
}
template <class R>
RuleResult apply_items(const R& r, const Evidence& e, const std::string& rule, double sign, const std::string& where) {
    double total = 0;
    std::string listed;
    std::set<std::string> seen;
    for (const auto& name : e.items) {
        const Item* it = find_item(r.items, name);
        if (it == nullptr)
            fail<InputError>(
                where, rule + ": unknown item " + detail::in_quotes(name) + "; expected one of " + item_names(r.items),
                {.column = "items", .expected = "one of " + item_names(r.items), .found = name});
        if (!seen.insert(to_nfc(it->name)).second)
            fail<InputError>(where,
                             rule + ": item " + detail::in_quotes(name) + " given twice; expected each item once",
                             {.column = "items", .expected = "each item once", .found = name});
        total += it->points;
        listed += (listed.empty() ? "" : ", ") + it->name + " " + num(it->points);
    }
    std::string text = rule + ": " + (listed.empty() ? std::string("no item applies") : listed);
    if (!std::isnan(r.max) && total > r.max) {
        text += ", total " + num(total) + " capped at " + num(r.max);
        total = r.max;
    }
    const double p = sign * total;
    return {p + 0.0, total, text + " -> " + num(p + 0.0) + " points"};
}
RuleResult apply(const Bonus& r, const Evidence& e, const std::string& where) {
    return apply_items(r, e, "bonus", 1.0, where);
}
RuleResult apply(const Penalty& r, const Evidence& e, const std::string& where) {
    return apply_items(r, e, "penalty", -1.0, where);
}

}  // namespace

bool Evidence::empty() const {
    return !yes && level.empty() && std::isnan(rate) && std::isnan(numerator) && std::isnan(denominator) &&
           std::isnan(value) && items.empty();
}

bool operator==(const Evidence& a, const Evidence& b) {
    return a.yes == b.yes && a.level == b.level && same_or_both_nan(a.rate, b.rate) &&
           same_or_both_nan(a.numerator, b.numerator) && same_or_both_nan(a.denominator, b.denominator) &&
           same_or_both_nan(a.value, b.value) && a.items == b.items;
}
bool operator==(const Bonus& a, const Bonus& b) { return a.items == b.items && same_or_both_nan(a.max, b.max); }
bool operator==(const Penalty& a, const Penalty& b) { return a.items == b.items && same_or_both_nan(a.max, b.max); }

void check(const ScoringRule& rule, const std::string& where) {
    std::visit([&](const auto& r) { check_rule(r, where); }, rule);
}

RuleResult score(const ScoringRule& rule, const Evidence& evidence, const std::string& where) {
    check(rule, where);
    return std::visit([&](const auto& r) { return apply(r, evidence, where); }, rule);
}

double max_points(const ScoringRule& rule) {
    return std::visit(detail::overloaded{
                          [](const YesNo& r) { return std::max(r.points, r.no_points); },
                          [](const Levels& r) {
                              double m = 0;
                              for (const auto& l : r.levels) m = std::max(m, l.points);
                              return m;
                          },
                          [](const CompletionRate& r) {
                              double m = r.full;
                              for (const auto& b : r.bands)
                                  m = std::max(m, b.proportional ? b.points * b.to / 100.0 : b.points);
                              return m;
                          },
                          [](const Ratio& r) {
                              double m = r.full;
                              for (const auto& b : r.bands)
                                  m = std::max(m, b.proportional ? b.points * b.to / 100.0 : b.points);
                              return m;
                          },
                          [](const Cap& r) { return r.max; },
                          [](const Bonus& r) {
                              double total = 0;
                              for (const auto& i : r.items) total += i.points;
                              return std::isnan(r.max) ? total : std::min(total, r.max);
                          },
                          [](const Penalty&) { return 0.0; },
                      },
                      rule);
}

std::string describe(const ScoringRule& rule) {
    auto bands = [](double full, double floor, const std::vector<RateBand>& bs) {
        std::string out = "100% -> " + num(full);
        for (const auto& b : bs)
            out += "; [" + num(b.from) + "%, " + num(b.to) + "%) -> " +
                   (b.proportional ? num(b.points) + " x rate" : num(b.points));
        return out + "; below " + num(floor) + "% -> 0";
    };
    auto items = [](const auto& is) {
        std::string out;
        for (const auto& i : is) out += (out.empty() ? "" : ", ") + i.name + " = " + num(i.points);
        return out;
    };
    return std::visit(
        detail::overloaded{
            [](const YesNo& r) { return "yes_no: yes = " + num(r.points) + ", no = " + num(r.no_points); },
            [&](const Levels& r) { return "levels: " + items(r.levels); },
            [&](const CompletionRate& r) { return "completion_rate: " + bands(r.full, r.floor, r.bands); },
            [&](const Ratio& r) {
                return "ratio " + r.numerator + " / " + r.denominator + ": " + bands(r.full, r.floor, r.bands);
            },
            [](const Cap& r) { return "cap: " + num(r.per_unit) + " per unit, at most " + num(r.max); },
            [&](const Bonus& r) {
                return "bonus: " + items(r.items) + (std::isnan(r.max) ? "" : ", at most " + num(r.max));
            },
            [&](const Penalty& r) {
                return "penalty: " + items(r.items) + (std::isnan(r.max) ? "" : ", at most " + num(r.max));
            },
        },
        rule);
}

std::vector<std::string> scoring_rule_names() {
    std::vector<std::string> out;
    detail::for_each_alternative<ScoringRule>([&](auto tag) { out.emplace_back(decltype(tag)::type::method_name); });
    return out;
}

}  // namespace govindex
