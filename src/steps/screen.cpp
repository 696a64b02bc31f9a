#include "govindex/steps/screen.hpp"
#include "govindex/detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "govindex/errors.hpp"
#include "govindex/text.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {

void check_share(double value, const char* name) {
    if (!std::isfinite(value) || value < 0.0 || value > 1.0)
        throw error_at<MethodError>(
            {.source = "screen step", .column = name},
            std::string("screen step: ") + name + ": expected a number in [0, 1], found " + exact_number(value));
}

}  // namespace

void check(const Screen& step, const Framework&) { check(step); }

void check(const Screen& step) {
    check_share(step.min_availability, "min_availability");
    check_share(step.min_nonzero, "min_nonzero");
    if (!step.by_availability && !step.by_nonzero)
        throw error_at<MethodError>(
            {.source = "screen step", .column = "by_availability", .found = "false"},
            "screen step: by_availability and by_nonzero are both false; expected at least one criterion "
            "(to keep every unit except some, use by_availability with min_availability = 0 and force)");
}

Dataset select_rows(const Dataset& data, const std::vector<Eigen::Index>& rows) {
    const Units& in = data.units();
    auto units = std::make_shared<Units>();
    const auto n = static_cast<Eigen::Index>(rows.size());
    units->denominator_codes = in.denominator_codes;
    units->denominators.resize(n, in.denominators.cols());
    for (const auto& [code, col] : in.groups) units->groups.emplace_back(code, std::vector<std::string>{});
    for (const auto& [code, col] : in.others) units->others.emplace_back(code, std::vector<std::string>{});
    Eigen::MatrixXd values(n, data.column_count());
    CellFlags flags(n, data.column_count());
    Eigen::MatrixXd standard_errors(data.has_standard_errors() ? n : 0,
                                    data.has_standard_errors() ? data.column_count() : 0);
    SuppressionReasons reasons;
    for (Eigen::Index k = 0; k < n; ++k) {
        const Eigen::Index r = rows[static_cast<std::size_t>(k)];
        if (r < 0 || r >= data.unit_count())
            throw error_at<MethodError>({.source = "select_rows", .found = std::to_string(r)},
                                        "select_rows: row " + std::to_string(r) + " out of range; expected 0 to " +
                                            std::to_string(data.unit_count() - 1));
        const auto i = static_cast<std::size_t>(r);
        units->codes.push_back(in.codes[i]);
        units->names.push_back(in.names[i]);
        if (!in.times.empty()) units->times.push_back(in.times[i]);
        for (std::size_t g = 0; g < in.groups.size(); ++g) units->groups[g].second.push_back(in.groups[g].second[i]);
        for (std::size_t g = 0; g < in.others.size(); ++g) units->others[g].second.push_back(in.others[g].second[i]);
        if (in.denominators.cols() > 0) units->denominators.row(k) = in.denominators.row(r);
        values.row(k) = data.values().row(r);
        flags.row(k) = data.flags().row(r);
        if (data.has_standard_errors()) standard_errors.row(k) = data.standard_errors().row(r);
        for (auto it = data.suppression_reasons().lower_bound({r, 0});
             it != data.suppression_reasons().end() && it->first.first == r; ++it)
            reasons.emplace(std::make_pair(k, it->first.second), it->second);
    }
    return data.with_units(std::move(units), std::move(values), std::move(flags), std::move(standard_errors),
                           std::move(reasons));
}

StepOutput apply(const Screen& step, const Framework& framework, const Dataset& data) {
    check(step, framework);
    const Units& units = data.units();
    const Eigen::Index n = data.unit_count();
    const auto columns = static_cast<double>(data.column_count());

    // Forced units, by canonical (NFC) code; every code must name a unit.
    std::map<std::string, bool> forced;
    for (const auto& [code, include] : step.force) {
        const std::string key = to_nfc(code);
        if (std::find(units.codes.begin(), units.codes.end(), key) == units.codes.end())
            throw error_at<MethodError>({.source = "screen step", .column = "force", .found = code},
                                        "screen step: force entry for unit " + in_quotes(code) +
                                            ": unknown unit code; expected a uCode of the data set");
        forced[key] = include;
    }

    std::vector<double> n_missing, n_zero, n_miss_or_zero, availability, nonzero;
    std::vector<std::optional<bool>> low_data, low_nonzero, low_either, included;
    std::vector<Eigen::Index> kept;
    for (Eigen::Index i = 0; i < n; ++i) {
        double missing = 0, zeros = 0;
        for (Eigen::Index j = 0; j < data.column_count(); ++j) {
            const double v = data.values()(i, j);
            if (std::isnan(v))
                missing += 1;
            else if (v == 0.0)
                zeros += 1;
        }
        const double avail = 1.0 - missing / columns;
        const double observed = columns - missing;
        // COINr: 1 - zeros / observed, NaN for a unit without observed values (then counted as low).
        const double nz = observed > 0 ? 1.0 - zeros / observed : std::nan("");
        const bool low_d = avail < step.min_availability;
        const bool low_z = std::isnan(nz) || nz < step.min_nonzero;
        bool keep = !((step.by_availability && low_d) || (step.by_nonzero && low_z));
        if (const auto it = forced.find(units.codes[static_cast<std::size_t>(i)]); it != forced.end())
            keep = it->second;
        n_missing.push_back(missing);
        n_zero.push_back(zeros);
        n_miss_or_zero.push_back(missing + zeros);
        availability.push_back(avail);
        nonzero.push_back(nz);
        low_data.emplace_back(low_d);
        low_nonzero.emplace_back(low_z);
        low_either.emplace_back(low_d || low_z);
        included.emplace_back(keep);
        if (keep) kept.push_back(i);
    }
    if (kept.empty()) {
        std::string rule =
            step.by_availability ? "data availability >= " + exact_number(step.min_availability) : std::string();
        if (step.by_nonzero)
            rule += (rule.empty() ? "" : " and ") + ("non-zero share >= " + exact_number(step.min_nonzero));
        throw error_at<MethodError>({.source = "screen step", .found = "every unit excluded"},
                                    "screen step: every one of the " + std::to_string(n) +
                                        " units is excluded (rule: " + rule +
                                        "); expected at least one unit to remain");
    }

    Table summary;
    if (data.is_panel()) {  // Time first, as the pipeline lays out the tables of a panel
        std::vector<double> times(units.times.begin(), units.times.end());
        summary.add("Time", std::move(times));
    }
    summary.add("uCode", units.codes);
    summary.add("N_missing", std::move(n_missing));
    summary.add("N_zero", std::move(n_zero));
    summary.add("N_miss_or_zero", std::move(n_miss_or_zero));
    summary.add("Dat_Avail", std::move(availability));
    summary.add("Non_Zero", std::move(nonzero));
    summary.add("LowData", std::move(low_data));
    summary.add("LowNonZero", std::move(low_nonzero));
    summary.add("LowDatOrZeroFlag", std::move(low_either));
    summary.add("Included", std::move(included));

    StepOutput out{select_rows(data, kept), {}, {}};
    out.tables.emplace_back("ScreeningSummary", std::move(summary));
    return out;
}

}  // namespace govindex
