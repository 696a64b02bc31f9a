// Why a unit's score and rank changed between two runs: contribution changes per node, and the rank
// change split between the unit's own change and the others' (two-player Shapley values).
#include "govindex/attribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "govindex/detail/format.hpp"
#include "unit_rows.hpp"

namespace govindex {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
using detail::in_quotes;

// One run's side: the unit's row and score, the others' scores by unit code.
struct Side {
    std::string code;
    double score = nan_value;
    std::map<std::string, double> others;  // units with a score, the unit excluded
    std::optional<int> year;
};

Side side_of(const Results& results, std::string_view unit, const std::string& node, std::optional<int> year,
             const std::string& which) {
    const Dataset& data = results.scores();
    if (data.is_panel() && !year)
        throw UnknownCodeError("decompose change: the " + which + " run is a panel; expected its year",
                               ErrorLocation{.column = "year_" + which, .expected = "a year of the data", .found = "none"});
    const std::vector<Eigen::Index> rows = detail::rows_of(data, data.is_panel() ? year : std::nullopt);
    const std::optional<Eigen::Index> row = detail::find_unit_row(data, rows, unit);
    if (!row)
        throw error_at<UnknownCodeError>({.column = "unit", .expected = "a unit of both runs", .found = std::string(unit)},
                                         "decompose change: no unit with code or name " + in_quotes(unit) + " in the " + which +
                                             " run" + (year ? " (" + std::to_string(*year) + ")" : std::string()) +
                                             "; expected a unit of both runs");
    if (!data.has_column(node))
        throw error_at<UnknownCodeError>({.column = "node", .node = node, .expected = "a node of both runs"},
                                         "decompose change: node " + in_quotes(node) + " is not in the " + which +
                                             " run; expected a node of both runs");
    const Eigen::Index column = data.column_index(node);
    Side s;
    s.code = data.unit_codes()[static_cast<std::size_t>(*row)];
    s.score = data.values()(*row, column);
    s.year = data.is_panel() ? year : std::nullopt;
    for (const Eigen::Index r : rows) {
        const double v = data.values()(r, column);
        if (r != *row && !std::isnan(v)) s.others[data.unit_codes()[static_cast<std::size_t>(r)]] = v;
    }
    return s;
}

// Competition rank of `score` among `others` ("min": 1 + the number of higher scores).
double rank_among(double score, const std::map<std::string, double>& others) {
    if (std::isnan(score)) return nan_value;
    return 1.0 + static_cast<double>(std::count_if(others.begin(), others.end(), [&](const auto& o) { return o.second > score; }));
}

}  // namespace

ChangeDecomposition decompose_change(const Results& before, const Results& after, std::string_view unit, std::string_view node,
                                     std::optional<int> year_before, std::optional<int> year_after, bool to_leaves) {
    const std::string code = node.empty() ? before.framework().root() : std::string(node);
    const Side b = side_of(before, unit, code, year_before, "before");
    const Side a = side_of(after, unit, code, year_after, "after");
    ChangeDecomposition out;
    out.unit = a.code;
    out.node = code;
    out.score_before = b.score;
    out.score_after = a.score;
    out.rank_before = rank_among(b.score, b.others);
    out.rank_after = rank_among(a.score, a.others);
    // Two-player Shapley values: each factor's change averaged over the two orders.
    const double own_first = rank_among(a.score, b.others) - out.rank_before;
    const double own_second = out.rank_after - rank_among(b.score, a.others);
    out.own_part = 0.5 * (own_first + own_second);
    out.others_part = (out.rank_after - out.rank_before) - out.own_part;
    for (const auto& [u, v] : b.others)
        if (!a.others.count(u) && u != a.code) out.only_before.push_back(u);
    for (const auto& [u, v] : a.others)
        if (!b.others.count(u) && u != b.code) out.only_after.push_back(u);
    // Contribution changes per node, matched by code; a node in one run only counts 0 in the other.
    const Table cb = before.contributions(b.code, code, b.year, to_leaves);
    const Table ca = after.contributions(a.code, code, a.year, to_leaves);
    const auto& nodes_b = std::get<std::vector<std::string>>(cb.column("node"));
    const auto& nodes_a = std::get<std::vector<std::string>>(ca.column("node"));
    std::vector<std::string> nodes = nodes_b, parents = std::get<std::vector<std::string>>(cb.column("parent"));
    for (std::size_t k = 0; k < nodes_a.size(); ++k)
        if (std::find(nodes.begin(), nodes.end(), nodes_a[k]) == nodes.end()) {
            nodes.push_back(nodes_a[k]);
            parents.push_back(std::get<std::vector<std::string>>(ca.column("parent"))[k]);
        }
    const auto lookup = [](const Table& t, const std::vector<std::string>& codes, const std::string& n, const char* column) {
        const auto it = std::find(codes.begin(), codes.end(), n);
        return it == codes.end() ? nan_value : std::get<std::vector<double>>(t.column(column))[static_cast<std::size_t>(it - codes.begin())];
    };
    std::vector<double> value_b, value_a, part_b, part_a, change;
    for (const auto& n : nodes) {
        value_b.push_back(lookup(cb, nodes_b, n, "value"));
        value_a.push_back(lookup(ca, nodes_a, n, "value"));
        part_b.push_back(lookup(cb, nodes_b, n, "contribution"));
        part_a.push_back(lookup(ca, nodes_a, n, "contribution"));
        const double pb = std::isnan(part_b.back()) ? 0.0 : part_b.back();
        const double pa = std::isnan(part_a.back()) ? 0.0 : part_a.back();
        change.push_back(pa - pb);
    }
    out.parts.add("node", std::move(nodes));
    out.parts.add("parent", std::move(parents));
    out.parts.add("value_before", std::move(value_b));
    out.parts.add("value_after", std::move(value_a));
    out.parts.add("contribution_before", std::move(part_b));
    out.parts.add("contribution_after", std::move(part_a));
    out.parts.add("change", std::move(change));
    return out;
}

}  // namespace govindex
