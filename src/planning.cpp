// Gap to a target rank: the score that reaches it, the points still needed, and each node's headroom
// and effect on the ranked node. Guide: docs/guide/planning.md.
#include "govindex/planning.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "govindex/aggregate.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/pipeline.hpp"
#include "govindex/text.hpp"
#include "unit_rows.hpp"

namespace govindex {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
using detail::exact_number;
using detail::in_quotes;

}  // namespace

TargetGap gap_to_target(const Results& results, std::string_view unit, int target_rank, std::string_view node,
                        std::optional<int> year, const std::map<std::string, double>& maxima) {
    const Framework& fw = results.framework();
    const Dataset& data = results.data_set("Aggregated");
    const Node* target = node.empty() ? &fw.node(fw.root()) : fw.find(node);
    if (target == nullptr || !target->in_tree())
        throw error_at<UnknownCodeError>({.column = "node", .node = std::string(node), .expected = "an indicator or aggregate code"},
                                         "gap to target: node " + in_quotes(node) + ": " +
                                             (target == nullptr ? "unknown node" : "not in the tree") +
                                             "; expected an indicator or aggregate code");
    if (data.is_panel() && !year)
        throw UnknownCodeError("gap to target: panel data; expected the year to rank in",
                               ErrorLocation{.column = "year", .expected = "a year of the data", .found = "none"});
    const std::vector<Eigen::Index> rows = detail::rows_of(data, data.is_panel() ? year : std::nullopt);
    if (rows.empty())
        throw UnknownCodeError("gap to target: no unit in " + std::to_string(*year),
                               ErrorLocation{.column = "year", .expected = "a year of the data", .found = std::to_string(*year)});
    // The unit, by code or name (NFC).
    const std::optional<Eigen::Index> row = detail::find_unit_row(data, rows, unit);
    if (!row)
        throw error_at<UnknownCodeError>({.column = "unit", .expected = "a unit code or name", .found = std::string(unit)},
                                         "gap to target: no unit with code or name " + in_quotes(unit) +
                                             (year ? " in " + std::to_string(*year) : std::string()) +
                                             "; expected a unit code or name");
    const Eigen::Index column = data.column_index(target->code);
    TargetGap out;
    out.unit = data.unit_codes()[static_cast<std::size_t>(*row)];
    out.node = target->code;
    out.year = data.is_panel() ? year : std::nullopt;
    out.score = data.values()(*row, column);
    std::vector<double> others;
    for (const Eigen::Index r : rows) {
        const double v = data.values()(r, column);
        if (std::isnan(v)) continue;
        ++out.units;
        if (r != *row) others.push_back(v);
    }
    if (target_rank < 1 || target_rank > out.units)
        throw MethodError("gap to target: target rank " + std::to_string(target_rank) + "; expected a rank from 1 to " +
                              std::to_string(out.units) + " (the units with a score)",
                          ErrorLocation{.column = "target_rank", .expected = "a rank from 1 to " + std::to_string(out.units),
                                        .found = std::to_string(target_rank)});
    out.target_rank = target_rank;
    std::sort(others.begin(), others.end(), std::greater<>());
    // rank(s) = 1 + #{others > s} <= N  <=>  s >= the N-th highest other score.
    out.required_score = static_cast<std::size_t>(target_rank) <= others.size() ? others[static_cast<std::size_t>(target_rank - 1)]
                                                                               : -std::numeric_limits<double>::infinity();
    if (std::isnan(out.score)) {
        out.rank = nan_value;
        out.gap = nan_value;
    } else {
        out.rank = 1.0 + static_cast<double>(std::count_if(others.begin(), others.end(), [&](double v) { return v > out.score; }));
        out.gap = std::max(0.0, out.required_score - out.score);
        out.reached = out.rank <= target_rank;
    }
    // Maxima by node code (NFC), checked.
    std::map<std::string, double> maximum;
    for (const auto& [code, value] : maxima) {
        const Node* n = fw.find(code);
        if (n == nullptr || !n->in_tree())
            throw error_at<UnknownCodeError>({.column = "maxima", .node = code, .expected = "an indicator or aggregate code"},
                                             "gap to target: maximum for " + in_quotes(code) + ": unknown node; expected an "
                                             "indicator or aggregate code");
        maximum[n->code] = value;
    }
    // Headroom of every node below, depth first, with its effect on the ranked node.
    std::vector<std::string> codes, parents;
    std::vector<double> levels, values, bests, maxs, headrooms, effects, potentials;
    std::vector<std::pair<std::string, double>> stack{{target->code, 1.0}};
    while (!stack.empty()) {
        const auto [parent, effect] = stack.back();
        stack.pop_back();
        const auto& children = fw.children(parent);
        if (children.empty()) continue;
        const AggregationRecord& record = results.aggregation_record(parent);
        const Eigen::MatrixXd used = results.used_weights(parent);
        const Eigen::MatrixXd g = marginal_effects(record.method, record.inputs(data), data.column(parent), used);
        std::vector<std::pair<std::string, double>> below;
        for (std::size_t k = 0; k < children.size(); ++k) {
            const std::string& child = children[k];
            const Eigen::Index c = data.column_index(child);
            const double value = data.values()(*row, c);
            double best = -std::numeric_limits<double>::infinity();
            for (const Eigen::Index r : rows)
                if (!std::isnan(data.values()(r, c))) best = std::max(best, data.values()(r, c));
            if (std::isinf(best)) best = nan_value;
            const auto given = maximum.find(child);
            const double max = given == maximum.end() ? nan_value : given->second;
            if (!std::isnan(max) && !std::isnan(best) && max < best)
                throw MethodError("gap to target: maximum for " + in_quotes(child) + " is " + exact_number(max) +
                                      ", below the best observed value " + exact_number(best) +
                                      "; expected a maximum at least the best value",
                                  ErrorLocation{.column = "maxima", .node = child, .expected = "at least " + exact_number(best),
                                                .found = exact_number(max)});
            const double top = std::isnan(max) ? best : max;
            const double headroom = std::isnan(value) || std::isnan(top) ? nan_value : std::max(0.0, top - value);
            const double e = effect * g(*row, static_cast<Eigen::Index>(k));
            codes.push_back(child);
            parents.push_back(parent);
            levels.push_back(fw.node(child).level);
            values.push_back(value);
            bests.push_back(best);
            maxs.push_back(max);
            headrooms.push_back(headroom);
            effects.push_back(e);
            potentials.push_back(headroom * e);
            below.emplace_back(child, e);
        }
        for (auto it = below.rbegin(); it != below.rend(); ++it) stack.push_back(*it);  // keep the framework's order
    }
    for (const auto& [code, value] : maximum)
        if (std::find(codes.begin(), codes.end(), code) == codes.end())
            throw MethodError("gap to target: maximum for " + in_quotes(code) + ", which is not below " + in_quotes(target->code) +
                                  "; expected nodes below the ranked node",
                              ErrorLocation{.column = "maxima", .node = code, .expected = "a node below " + target->code,
                                            .found = code});
    out.headroom.add("node", std::move(codes));
    out.headroom.add("parent", std::move(parents));
    out.headroom.add("level", std::move(levels));
    out.headroom.add("value", std::move(values));
    out.headroom.add("best", std::move(bests));
    out.headroom.add("maximum", std::move(maxs));
    out.headroom.add("headroom", std::move(headrooms));
    out.headroom.add("effect", std::move(effects));
    out.headroom.add("potential", std::move(potentials));
    return out;
}

}  // namespace govindex
