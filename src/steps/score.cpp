// The Score step: raw evidence -> points with each indicator's scoring rule (pipeline.hpp).
#include <cmath>
#include <optional>

#include "govindex/detail/format.hpp"
#include "govindex/model/io.hpp"
#include "govindex/steps/score.hpp"
#include "govindex/text.hpp"
#include "steps/per_node.hpp"

#include "steps/score_explain.hpp"

namespace govindex {

namespace {

using detail::exact_number;
using detail::in_quotes;

std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// One unit's cell of an evidence column: a numeric column of the data set, else an "Other"
/// text column; nullopt when the data set has no such column.
struct Cells {
    const Dataset& data;
    Eigen::Index row;

    std::optional<std::string> text(const std::string& column) const {
        for (const auto& [code, cells] : data.units().others)
            if (code == column) return trimmed(cells[static_cast<std::size_t>(row)]);
        return std::nullopt;
    }
    double number(const std::string& column, const std::string& unit) const {
        if (data.has_column(column)) return data.values()(row, data.column_index(column));
        const auto t = text(column);
        return t ? parse_number(*t, {"unit " + in_quotes(unit), 0}, column) : std::nan("");
    }
};

Evidence evidence_of(const ScoringRule& rule, const std::string& code, const Cells& cells, const std::string& unit) {
    Evidence e;
    std::visit(detail::overloaded{
                   [&](const YesNo&) {
                       const std::string column = code + "_yes";
                       if (const auto t = cells.text(column)) {
                           const std::string v = lower_ascii(*t);
                           if (v == "true" || v == "1" || v == "yes")
                               e.yes = true;
                           else if (v == "false" || v == "0" || v == "no")
                               e.yes = false;
                           else if (!v.empty())
                               throw InputError(
                                   "unit " + in_quotes(unit) + ", column " + in_quotes(column) +
                                       ": expected true or false (1 / 0), found " + in_quotes(*t),
                                   ErrorLocation{"unit " + in_quotes(unit), 0, column, code, "true or false", *t});
                       } else if (const double x = cells.number(column, unit); !std::isnan(x)) {
                           e.yes = x != 0;
                       }
                   },
                   [&](const Levels&) { e.level = to_nfc(cells.text(code + "_level").value_or("")); },
                   [&](const CompletionRate&) { e.rate = cells.number(code + "_rate", unit); },
                   [&](const Ratio&) {
                       e.numerator = cells.number(code + "_num", unit);
                       e.denominator = cells.number(code + "_den", unit);
                   },
                   [&](const Cap&) { e.value = cells.number(code + "_value", unit); },
                   [&](const auto&) {  // Bonus, Penalty
                       const std::string list = cells.text(code + "_items").value_or("");
                       std::size_t start = 0;
                       while (start <= list.size() && !list.empty()) {
                           const auto end = list.find(';', start);
                           const std::string item = trimmed(
                               std::string_view(list).substr(start, end == std::string::npos ? end : end - start));
                           if (!item.empty()) e.items.push_back(to_nfc(item));
                           if (end == std::string::npos) break;
                           start = end + 1;
                       }
                   },
               },
               rule);
    return e;
}

/// One cell of the Score step: the points and how they came about.
struct Cell {
    double points = std::nan("");
    std::string how;
};

Cell score_cell(const ScoringRule* rule, const Node& node, const Dataset& data, Eigen::Index i) {
    const std::string& unit = data.unit_codes()[static_cast<std::size_t>(i)];
    Cell out;
    out.points = data.has_column(node.code) ? data.values()(i, data.column_index(node.code)) : std::nan("");
    if (!std::isnan(out.points)) {
        out.how = "points given in column " + in_quotes(node.code);
        return out;
    }
    if (rule == nullptr) {
        out.how = "no points given and no rule: missing";
        return out;
    }
    const Evidence e = evidence_of(*rule, node.code, Cells{data, i}, unit);
    if (e.empty()) {
        std::string columns;
        for (const auto& c : score_evidence_columns(node.code, *rule)) columns += (columns.empty() ? "" : ", ") + c;
        out.how = "no points given and no evidence for the rule (" + columns + "): missing";
        return out;
    }
    const RuleResult r = score(*rule, e, "unit " + in_quotes(unit) + ", indicator " + in_quotes(node.code));
    out.points = r.points;
    out.how = r.explanation;
    return out;
}

}  // namespace

std::string detail::explain_score(const Score& step, const Framework& fw, const Node& node, const Dataset& input,
                                  Eigen::Index row) {
    const ScoringRule* rule = nullptr;
    for (const auto& [code, r] : step.rules)
        if (fw.node(code).code == node.code) rule = &r;
    return score_cell(rule, node, input, row).how;
}

void check(const Score& step) {
    for (const auto& [code, rule] : step.rules) {
        try {
            check(rule, "rule for " + in_quotes(code));
        } catch (const MethodError& e) {
            ErrorLocation location = e.location();
            location.source = "score step";
            location.column = "rules";
            if (location.node.empty()) location.node = code;
            throw MethodError("score step: " + std::string(e.what()), std::move(location));
        }
    }
}

void check(const Score& step, const Framework& fw) {
    for (const auto& [code, rule] : detail::resolve_per_node(step.rules, fw, detail::NodeRole::indicator,
                                                             "score step: ", "rule", "score step", "rules")) {
        try {
            check(*rule, "rule for " + in_quotes(code));
        } catch (const MethodError& e) {
            ErrorLocation location = e.location();
            location.source = "score step";
            if (location.node.empty()) location.node = code;
            throw MethodError("score step: " + std::string(e.what()), std::move(location));
        }
    }
}

std::vector<std::string> score_evidence_columns(const std::string& code, const ScoringRule& rule) {
    return std::visit(detail::overloaded{
                          [&](const YesNo&) { return std::vector<std::string>{code + "_yes"}; },
                          [&](const Levels&) { return std::vector<std::string>{code + "_level"}; },
                          [&](const CompletionRate&) { return std::vector<std::string>{code + "_rate"}; },
                          [&](const Ratio&) {
                              return std::vector<std::string>{code + "_num", code + "_den"};
                          },
                          [&](const Cap&) { return std::vector<std::string>{code + "_value"}; },
                          [&](const auto&) { return std::vector<std::string>{code + "_items"}; },
                      },
                      rule);
}

StepOutput apply(const Score& step, const Framework& fw, const Dataset& data) {
    check(step, fw);
    const auto rules = detail::resolve_per_node(step.rules, fw, detail::NodeRole::indicator, "score step: ", "rule",
                                                "score step", "rules");
    const auto& indicators = fw.indicators();
    Eigen::MatrixXd out(data.unit_count(), static_cast<Eigen::Index>(indicators.size()));
    CellFlags flags(data.unit_count(), static_cast<Eigen::Index>(indicators.size()));
    for (std::size_t j = 0; j < indicators.size(); ++j) {
        const Node& node = fw.node(indicators[j]);
        const auto col = static_cast<Eigen::Index>(j);
        const auto it = rules.find(node.code);
        const ScoringRule* rule = it == rules.end() ? nullptr : it->second;
        double max = std::nan("");
        if (const auto m = node.attributes.find("max_points"); m != node.attributes.end() && !m->second.empty())
            max = parse_number(m->second, node.origin, "max_points");
        for (Eigen::Index i = 0; i < data.unit_count(); ++i) {
            const std::string& unit = data.unit_codes()[static_cast<std::size_t>(i)];
            const double points = score_cell(rule, node, data, i).points;
            if (!std::isnan(points) && !std::isnan(max) && points > max + 1e-9)
                throw InputError("unit " + in_quotes(unit) + ", indicator " + in_quotes(node.code) + ": points " +
                                     exact_number(points) + " exceed the maximum " + exact_number(max),
                                 ErrorLocation{"unit " + in_quotes(unit), 0, node.code, node.code,
                                               "at most " + exact_number(max), exact_number(points)});
            out(i, col) = points;
        }
        flags.col(col) = data.has_column(node.code) ? CellFlags(data.flags().col(data.column_index(node.code)))
                                                    : CellFlags(CellFlags::Zero(data.unit_count(), 1));
    }
    return {data.with_values(indicators, std::move(out), std::move(flags)), {}, {}};
}

}  // namespace govindex
