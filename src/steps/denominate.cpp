#include "govindex/steps/denominate.hpp"
#include "govindex/detail/format.hpp"
#include "steps/per_node.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "govindex/errors.hpp"
#include "govindex/model/io.hpp"
#include "govindex/text.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
    return out;
}

bool is_missing(const std::string& cell) {
    const std::string t = trimmed(cell);
    return t.empty() || t == "NA";
}

void check_scale_factor(double s, const std::string& indicator, const std::string& origin) {
    if (!std::isfinite(s) || s == 0.0)
        throw error_at<MethodError>({.source = "denominate step", .column = "scale_factor", .node = indicator},
                                    "denominate step: scale factor of " + in_quotes(indicator) + " (" + origin +
                                        "): expected a finite number other than 0, found " + exact_number(s));
}

}  // namespace

bool operator==(const DenominatorTable& a, const DenominatorTable& b) {
    if (a.source != b.source || a.unit_codes != b.unit_codes || a.codes != b.codes) return false;
    if (a.values.rows() != b.values.rows() || a.values.cols() != b.values.cols()) return false;
    for (Eigen::Index j = 0; j < a.values.cols(); ++j)
        for (Eigen::Index i = 0; i < a.values.rows(); ++i)
            if (!(a.values(i, j) == b.values(i, j) || (std::isnan(a.values(i, j)) && std::isnan(b.values(i, j)))))
                return false;
    return true;
}

std::vector<DenominationSpec> denomination_specs(const Denominate& step, const Framework& fw) {
    std::map<std::string, std::string> denominator;  // by canonical indicator code
    std::map<std::string, double> scale;
    for (const auto& code : fw.indicators()) {
        const Node& n = fw.node(code);
        if (!n.denominator.empty() && n.denominator != "NA") denominator[n.code] = n.denominator;
        if (const auto it = n.attributes.find("ScaleFactor"); it != n.attributes.end() && !is_missing(it->second)) {
            const double s = parse_number(it->second, n.origin, "ScaleFactor");
            check_scale_factor(s, n.code,
                               "framework ScaleFactor" + (n.origin.line > 0 ? " at " + n.origin.file + " line " +
                                                                                  std::to_string(n.origin.line)
                                                                            : std::string()));
            scale[n.code] = s;
        }
    }
    for (const auto& [code, d] :
         detail::resolve_per_node(step.denominators, fw, detail::NodeRole::indicator,
                                  "denominate step: ", "denominator", "denominate step", "denominators")) {
        const std::string den = to_nfc(trimmed(*d));
        if (den.empty())
            denominator.erase(code);
        else
            denominator[code] = den;
    }
    for (const auto& [code, s] :
         detail::resolve_per_node(step.scale_factors, fw, detail::NodeRole::indicator,
                                  "denominate step: ", "scale factor", "denominate step", "scale_factors")) {
        check_scale_factor(*s, code, "step scale_factors");
        if (!denominator.count(code))
            throw MethodError("denominate step: scale factor for " + in_quotes(code) +
                                  ": the indicator has no denominator (neither in the framework nor in the step); "
                                  "expected a scale factor only for a denominated indicator",
                              ErrorLocation{.source = "denominate step",
                                            .column = "scale_factors",
                                            .node = code,
                                            .expected = "a scale factor only for a denominated indicator",
                                            .found = "no denominator"});
        scale[code] = *s;
    }
    std::vector<DenominationSpec> out;
    for (const auto& code : fw.indicators()) {
        const auto it = denominator.find(code);
        if (it == denominator.end()) continue;
        const auto s = scale.find(code);
        out.push_back({code, it->second, s == scale.end() ? 1.0 : s->second});
    }
    if (out.empty())
        throw error_at<MethodError>(
            {.source = "denominate step", .column = "specs"},
            "denominate step: no indicator has a denominator (the framework's Denominator column is empty "
            "and the step gives none); expected at least one indicator to denominate");
    return out;
}

void check(const Denominate& step) {
    for (const auto& [code, s] : step.scale_factors) check_scale_factor(s, code, "step scale_factors");
}

void check(const Denominate& step, const Framework& fw) { (void)denomination_specs(step, fw); }

StepOutput apply(const Denominate& step, const Framework& fw, const Dataset& data) {
    const auto specs = denomination_specs(step, fw);
    const Units& units = data.units();
    Eigen::MatrixXd out = data.values();
    Eigen::MatrixXd standard_errors = data.standard_errors();  // se / |d / ScaleFactor|, as the value

    std::vector<std::string> s_indicator, s_denominator, s_missing_units;
    std::vector<double> s_scale, s_denominated, s_missing;
    for (const auto& spec : specs) {
        if (!data.has_column(spec.indicator))
            throw error_at<MethodError>({.source = "denominate step", .node = spec.indicator, .found = spec.indicator},
                                        "denominate step: indicator " + in_quotes(spec.indicator) +
                                            " is not a column of the data set; expected a data set of indicators");
        const auto dpos = std::find(units.denominator_codes.begin(), units.denominator_codes.end(), spec.denominator);
        if (dpos == units.denominator_codes.end())
            throw error_at<MethodError>(
                {.source = "denominate step", .node = spec.indicator, .found = spec.denominator},
                "denominate step: indicator " + in_quotes(spec.indicator) + ": denominator " +
                    in_quotes(spec.denominator) + " is not a denominator column of the data set; expected one of " +
                    (units.denominator_codes.empty() ? std::string("(none)") : join(units.denominator_codes)) +
                    " (attach a denominators table with with_denominators)");
        const auto dcol = static_cast<Eigen::Index>(dpos - units.denominator_codes.begin());
        const Eigen::Index j = data.column_index(spec.indicator);
        double denominated = 0;
        std::vector<std::string> missing_units;
        for (Eigen::Index i = 0; i < data.unit_count(); ++i) {
            const double x = data.values()(i, j);
            if (std::isnan(x)) continue;  // a missing value stays missing
            const double d = units.denominators(i, dcol);
            const std::string& unit = units.codes[static_cast<std::size_t>(i)];
            const std::string where =
                "denominate step: indicator " + in_quotes(spec.indicator) + ", unit " + in_quotes(unit) +
                (units.times.empty() ? std::string()
                                     : " (Time " + std::to_string(units.times[static_cast<std::size_t>(i)]) + ")") +
                ", denominator " + in_quotes(spec.denominator) + ": ";
            if (std::isnan(d)) {
                if (!step.missing_denominator_gives_missing)
                    throw error_at<NumericError>(
                        {.source = "denominate step",
                         .column = spec.denominator,
                         .node = spec.indicator,
                         .found = "a missing denominator"},
                        where + "the denominator is missing for a unit with a value (" + exact_number(x) +
                            "); expected a denominator value (or set missing_denominator_gives_missing)");
                out(i, j) = std::nan("");
                if (data.has_standard_errors()) standard_errors(i, j) = std::nan("");
                missing_units.push_back(unit);
                continue;
            }
            if (d == 0.0)
                throw error_at<NumericError>(
                    {.source = "denominate step", .column = spec.denominator, .node = spec.indicator, .found = "0"},
                    where + "the denominator is 0; expected a non-zero denominator");
            // COINr: x / (d / ScaleFactor), in this order.
            out(i, j) = x / (d / spec.scale_factor);
            if (data.has_standard_errors()) standard_errors(i, j) /= std::abs(d / spec.scale_factor);
            denominated += 1;
        }
        s_indicator.push_back(spec.indicator);
        s_denominator.push_back(spec.denominator);
        s_scale.push_back(spec.scale_factor);
        s_denominated.push_back(denominated);
        s_missing.push_back(static_cast<double>(missing_units.size()));
        s_missing_units.push_back(join(missing_units, "; "));
    }

    Table summary;
    summary.add("iCode", std::move(s_indicator));
    summary.add("Denominator", std::move(s_denominator));
    summary.add("ScaleFactor", std::move(s_scale));
    summary.add("N_denominated", std::move(s_denominated));
    summary.add("N_missing_denominator", std::move(s_missing));
    summary.add("UnitsMissingDenominator", std::move(s_missing_units));

    StepOutput result{
        data.with_values(data.columns(), std::move(out), data.flags(), std::move(standard_errors)), {}, {}};
    result.tables.emplace_back("DenominationSummary", std::move(summary));
    return result;
}

DenominatorTable read_denominators(const std::filesystem::path& path, const std::vector<std::string>& columns) {
    const CsvTable csv = read_csv(path);
    const SourceLocation header{csv.source, csv.header_line};
    std::map<std::string, std::size_t> pos;
    for (std::size_t c = 0; c < csv.header.size(); ++c) {
        const std::string name = to_nfc(trimmed(csv.header[c]));
        if (!pos.emplace(name, c).second)
            throw located_error<InputError>(location_of(header, name), "duplicate column; expected each column once");
    }
    const auto id = pos.find("uCode");
    if (id == pos.end())
        throw located_error<InputError>(location_of(header, "uCode"),
                                        "missing required column; expected a uCode column of unit codes");

    DenominatorTable table;
    table.source = csv.source;
    std::map<std::string, long> first_line;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const std::string code = to_nfc(trimmed(csv.rows[r][id->second]));
        const SourceLocation where{csv.source, csv.lines[r]};
        if (code.empty())
            throw located_error<InputError>(location_of(where, "uCode"), "empty unit code; expected a unique code");
        const auto [it, inserted] = first_line.emplace(code, csv.lines[r]);
        if (!inserted)
            throw located_error<InputError>(location_of(where, "uCode"), "duplicate unit code " + in_quotes(code) +
                                                                             "; expected unique codes (first on line " +
                                                                             std::to_string(it->second) + ")");
        table.unit_codes.push_back(code);
    }

    // Which columns: as asked, or every column holding numbers.
    std::vector<std::size_t> chosen;
    if (!columns.empty()) {
        for (const auto& c : columns) {
            const auto it = pos.find(to_nfc(c));
            if (it == pos.end())
                throw located_error<InputError>(location_of(header, c),
                                                "no such column; expected one of the file's columns");
            if (c == "uCode" || c == "uName")
                throw located_error<InputError>(location_of(header, c),
                                                "not a denominator column; expected a numeric column");
            chosen.push_back(it->second);
        }
    } else {
        for (std::size_t c = 0; c < csv.header.size(); ++c) {
            if (c == id->second || to_nfc(trimmed(csv.header[c])) == "uName") continue;
            // A column is text (left out) when no cell is a number; numbers with some text is an error below.
            bool any_number = false, any_text = false;
            for (std::size_t r = 0; r < csv.rows.size(); ++r) {
                if (is_missing(csv.rows[r][c])) continue;
                try {
                    (void)parse_number(csv.rows[r][c], {}, "");
                    any_number = true;
                } catch (const InputError&) {
                    any_text = true;
                }
            }
            if (any_number || !any_text) chosen.push_back(c);
        }
        if (chosen.empty())
            throw located_error<InputError>(location_of(header, ""),
                                            "no numeric column besides uCode and uName; expected denominator columns");
    }
    table.values.resize(static_cast<Eigen::Index>(csv.rows.size()), static_cast<Eigen::Index>(chosen.size()));
    for (std::size_t k = 0; k < chosen.size(); ++k) {
        const std::string name = to_nfc(trimmed(csv.header[chosen[k]]));
        table.codes.push_back(name);
        for (std::size_t r = 0; r < csv.rows.size(); ++r)
            table.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)) =
                parse_number(csv.rows[r][chosen[k]], {csv.source, csv.lines[r]}, name);
    }
    return table;
}

Dataset with_denominators(const Dataset& data, const DenominatorTable& table) {
    const std::string src = table.source.empty() ? std::string("denominators table") : table.source;
    if (table.values.rows() != static_cast<Eigen::Index>(table.unit_codes.size()) ||
        table.values.cols() != static_cast<Eigen::Index>(table.codes.size()))
        throw error_at<InputError>({.source = src}, src + ": values are " + std::to_string(table.values.rows()) +
                                                        " x " + std::to_string(table.values.cols()) + "; expected " +
                                                        std::to_string(table.unit_codes.size()) + " unit codes x " +
                                                        std::to_string(table.codes.size()) + " denominator codes");
    std::map<std::string, Eigen::Index> row_of;
    for (std::size_t r = 0; r < table.unit_codes.size(); ++r)
        if (!row_of.emplace(to_nfc(table.unit_codes[r]), static_cast<Eigen::Index>(r)).second)
            throw error_at<InputError>(
                {.source = src, .column = "uCode", .found = table.unit_codes[r]},
                src + ": duplicate unit code " + in_quotes(table.unit_codes[r]) + "; expected unique codes");
    std::set<std::string> seen;
    for (const auto& c : table.codes)
        if (c.empty() || !seen.insert(to_nfc(c)).second)
            throw error_at<InputError>({.source = src, .found = c}, src + ": denominator code " + in_quotes(c) +
                                                                        (c.empty() ? " is empty" : " repeats") +
                                                                        "; expected unique, non-empty codes");

    const Units& in = data.units();
    std::vector<std::string> missing;
    for (const auto& code : in.codes)
        if (!row_of.count(code) && std::find(missing.begin(), missing.end(), code) == missing.end())
            missing.push_back(code);
    if (!missing.empty())
        throw error_at<InputError>({.source = src, .column = "uCode", .found = join(missing)},
                                   src + ": no row for the unit" + (missing.size() > 1 ? "s " : " ") + join(missing) +
                                       " of the data set; expected a row for every unit (uCode)");

    auto units = std::make_shared<Units>(in);
    const auto n = data.unit_count();
    for (std::size_t k = 0; k < table.codes.size(); ++k) {
        const std::string code = to_nfc(table.codes[k]);
        Eigen::VectorXd col(n);
        for (Eigen::Index i = 0; i < n; ++i)
            col[i] = table.values(row_of.at(in.codes[static_cast<std::size_t>(i)]), static_cast<Eigen::Index>(k));
        const auto it = std::find(units->denominator_codes.begin(), units->denominator_codes.end(), code);
        if (it != units->denominator_codes.end()) {
            units->denominators.col(it - units->denominator_codes.begin()) = col;
        } else {
            units->denominator_codes.push_back(code);
            Eigen::MatrixXd grown(n, units->denominators.cols() + 1);
            if (units->denominators.cols() > 0) grown.leftCols(units->denominators.cols()) = units->denominators;
            grown.col(grown.cols() - 1) = col;
            units->denominators = std::move(grown);
        }
    }
    return data.with_units(std::move(units), data.values(), data.flags(), data.standard_errors(),
                           data.suppression_reasons());
}

}  // namespace govindex
