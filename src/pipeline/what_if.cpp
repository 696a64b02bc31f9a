// What-if: one unit's inputs changed in any kept data set, the later steps re-run, and every score
// and rank that moved. Guide: docs/guide/planning.md ("What-if").
#include "govindex/pipeline/what_if.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "govindex/detail/format.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/text.hpp"
#include "pipeline/unit_rows.hpp"
#include "pipeline/what_if_run.hpp"

namespace govindex {

namespace {

using detail::in_quotes;

bool moved(double a, double b) { return !(a == b || (std::isnan(a) && std::isnan(b))); }

}  // namespace

WhatIf detail::changed_run(const Results& baseline, std::string_view unit, const std::map<std::string, double>& values,
                           std::string_view data_set, std::optional<int> year,
                           const std::map<std::string, std::string>& texts) {
    if (!baseline.pipeline())
        throw MethodError(
            "what-if: the baseline results do not know their pipeline; expected the results of Pipeline.run",
            ErrorLocation{.column = "baseline", .expected = "results of Pipeline.run"});
    if (values.empty() && texts.empty())
        throw MethodError(
            "what-if: no value to change; expected at least one column code -> value",
            ErrorLocation{.column = "values", .expected = "at least one column code -> value", .found = "none"});
    const auto& sets = baseline.data_sets();
    const std::string wanted = data_set.empty() ? sets.front().first : std::string(data_set);
    std::size_t stage = sets.size();
    for (std::size_t k = 0; k < sets.size(); ++k)
        if (same_text(sets[k].first, wanted)) {
            stage = k;
            break;
        }
    if (stage == sets.size()) {
        std::string names;
        for (const auto& [name, set] : sets) names += (names.empty() ? "" : ", ") + name;
        throw error_at<UnknownCodeError>({.column = "data_set", .expected = "one of " + names, .found = wanted},
                                         "what-if: no data set " + in_quotes(wanted) + "; expected one of " + names);
    }
    const Dataset& before = sets[stage].second;
    if (before.is_panel() && !year)
        throw UnknownCodeError("what-if: panel data; expected the year to change",
                               ErrorLocation{.column = "year", .expected = "a year of the data", .found = "none"});
    const std::vector<Eigen::Index> rows = detail::rows_of(before, before.is_panel() ? year : std::nullopt);
    const std::optional<Eigen::Index> row = detail::find_unit_row(before, rows, unit);
    if (!row)
        throw error_at<UnknownCodeError>(
            {.column = "unit", .expected = "a unit code or name", .found = std::string(unit)},
            "what-if: no unit with code or name " + in_quotes(unit) +
                (before.is_panel() ? " in " + std::to_string(*year) : std::string()) + " in data set " +
                in_quotes(wanted) + "; expected a unit code or name");
    Eigen::MatrixXd changed = before.values();
    CellFlags flags = before.flags();
    for (const auto& [code, value] : values) {
        if (!before.has_column(code))
            throw error_at<UnknownCodeError>(
                {.column = code, .expected = "a column of data set " + wanted, .found = code},
                "what-if: data set " + in_quotes(wanted) + " has no column " + in_quotes(code) +
                    "; expected one of its column codes");
        const Eigen::Index c = before.column_index(code);
        changed(*row, c) = value;
        if (flags.size() > 0) flags(*row, c) = 0;  // a value given is neither imputed, treated nor suppressed
    }
    Dataset modified =
        before.with_values(before.columns(), std::move(changed), std::move(flags), before.standard_errors());
    if (!texts.empty()) {  // raw evidence held as text ("Other" columns of the units)
        Units units = modified.units();
        for (const auto& [column, text] : texts) {
            const auto it = std::find_if(units.others.begin(), units.others.end(),
                                         [&column = column](const auto& c) { return same_text(c.first, column); });
            if (it == units.others.end())
                throw error_at<UnknownCodeError>(
                    {.column = column, .expected = "a text column of data set " + wanted, .found = column},
                    "what-if: data set " + in_quotes(wanted) + " has no text column " + in_quotes(column) +
                        "; expected one of its text (Other) columns");
            it->second[static_cast<std::size_t>(*row)] = to_nfc(text);
        }
        modified = modified.with_units(std::make_shared<const Units>(std::move(units)), modified.values(),
                                       modified.flags(), modified.standard_errors(), modified.suppression_reasons());
    }
    // Re-run the steps after the changed data set.
    const auto& steps = baseline.pipeline()->steps();
    const Pipeline rest(std::vector<Step>(steps.begin() + static_cast<std::ptrdiff_t>(stage), steps.end()));
    Results rerun = rest.run(baseline.framework(), modified);
    std::vector<std::pair<std::string, Dataset>> kept(sets.begin(), sets.begin() + static_cast<std::ptrdiff_t>(stage));
    kept.emplace_back(sets[stage].first, std::move(modified));
    for (std::size_t k = 1; k < rerun.data_sets().size(); ++k) kept.push_back(rerun.data_sets()[k]);
    WhatIf out{.unit = before.unit_codes()[static_cast<std::size_t>(*row)],
               .year = before.is_panel() ? year : std::nullopt,
               .data_set = sets[stage].first,
               .results = Results(
                   baseline.framework(), std::move(kept), rerun.tables(), baseline.pipeline(),
                   rerun.aggregation_records().empty() ? baseline.aggregation_records() : rerun.aggregation_records()),
               .changes = {}};
    return out;
}

WhatIf what_if(const Results& baseline, std::string_view unit, const std::map<std::string, double>& values,
               std::string_view data_set, std::optional<int> year, const std::map<std::string, std::string>& texts) {
    WhatIf out = detail::changed_run(baseline, unit, values, data_set, year, texts);
    // What moved: every scored node of every unit (matched by code and year), the changed unit first.
    const Dataset& s0 = baseline.scores();
    const Dataset& s1 = out.results.scores();
    const Dataset r0 = baseline.ranks(), r1 = out.results.ranks();
    const auto key = [](const Dataset& d, Eigen::Index r) {
        const auto k = static_cast<std::size_t>(r);
        return std::pair{d.unit_codes()[k], d.units().times.empty() ? 0 : d.units().times[k]};
    };
    std::map<std::pair<std::string, int>, Eigen::Index> after_row;
    for (Eigen::Index r = 0; r < s1.unit_count(); ++r) after_row[key(s1, r)] = r;
    std::vector<Eigen::Index> order;
    for (Eigen::Index r = 0; r < s0.unit_count(); ++r) {
        const auto [code, time] = key(s0, r);
        const bool changed_unit = code == out.unit && (!out.year || time == *out.year);
        order.insert(changed_unit ? order.begin() : order.end(), r);
    }
    std::vector<std::string> units, nodes;
    std::vector<double> years, score_b, score_a, rank_b, rank_a;
    constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
    for (const Eigen::Index r : order) {
        const auto found = after_row.find(key(s0, r));
        for (const Node& n : baseline.framework().nodes()) {
            if (!n.in_tree() || !s0.has_column(n.code) || !s1.has_column(n.code)) continue;
            const Eigen::Index c0 = s0.column_index(n.code), c1 = s1.column_index(n.code);
            const bool kept_unit = found != after_row.end();
            const double a = s0.values()(r, c0), b = kept_unit ? s1.values()(found->second, c1) : nan_value;
            const double ra = r0.values()(r, c0), rb = kept_unit ? r1.values()(found->second, c1) : nan_value;
            if (!moved(a, b) && !moved(ra, rb)) continue;
            units.push_back(s0.unit_codes()[static_cast<std::size_t>(r)]);
            years.push_back(s0.units().times.empty() ? nan_value : s0.units().times[static_cast<std::size_t>(r)]);
            nodes.push_back(n.code);
            score_b.push_back(a);
            score_a.push_back(b);
            rank_b.push_back(ra);
            rank_a.push_back(rb);
        }
    }
    out.changes.add("unit", std::move(units));
    out.changes.add("year", std::move(years));
    out.changes.add("node", std::move(nodes));
    out.changes.add("score_before", std::move(score_b));
    out.changes.add("score_after", std::move(score_a));
    out.changes.add("rank_before", std::move(rank_b));
    out.changes.add("rank_after", std::move(rank_a));
    return out;
}

}  // namespace govindex
