// Unit reports (results tables, unit summaries, strengths and weaknesses) and time trends.
#include "govindex/pipeline/unit_report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/text.hpp"
#include "pipeline/unit_rows.hpp"

namespace govindex {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string years_text(const std::vector<int>& years) {
    std::string out;
    for (const int y : years) out += (out.empty() ? "" : ", ") + std::to_string(y);
    return out;
}

void check_levels(const Framework& framework, const std::vector<int>& levels, std::string_view what) {
    for (const int level : levels)
        if (level < 1 || level > framework.max_level())
            throw MethodError(std::string(what) + ": level " + std::to_string(level) +
                                  " is out of range; expected a level in 1.." + std::to_string(framework.max_level()),
                              ErrorLocation{.column = "levels",
                                            .expected = "1.." + std::to_string(framework.max_level()),
                                            .found = std::to_string(level)});
}

/// The values of unit group column `name`; throws UnknownCodeError listing the group columns.
const std::vector<std::string>& group_values(const Dataset& data, std::string_view name, std::string_view what) {
    std::vector<std::string> names;
    for (const auto& [group, values] : data.units().groups) {
        if (same_text(group, name)) return values;
        names.push_back(group);
    }
    throw UnknownCodeError(
        std::string(what) + ": no unit group column \"" + std::string(name) +
            "\"; expected one of: " + (names.empty() ? std::string("(the data has no group columns)") : joined(names)),
        ErrorLocation{.column = "group", .expected = "a unit group column", .found = std::string(name)});
}

/// The rows of one year (panel data: `year` required) or every row (cross-section).
std::vector<Eigen::Index> year_rows(const Dataset& data, std::optional<int> year, std::string_view what) {
    const std::vector<int> years = data.years();
    if (data.is_panel() && !year)
        throw MethodError(
            std::string(what) + ": the data is a panel (years " + years_text(years) + "); give the year",
            ErrorLocation{.column = "year", .expected = "one of " + years_text(years), .found = "no year"});
    if (year && std::find(years.begin(), years.end(), *year) == years.end())
        throw UnknownCodeError(
            std::string(what) + ": no year " + std::to_string(*year) + " in the data; expected " +
                (years.empty() ? std::string("no year (the data has no Time column)") : "one of " + years_text(years)),
            ErrorLocation{.column = "year", .expected = years_text(years), .found = std::to_string(*year)});
    return detail::rows_of(data, data.is_panel() ? year : std::nullopt);
}

Eigen::Index unit_row_of(const Dataset& data, const std::vector<Eigen::Index>& rows, std::string_view unit,
                         std::optional<int> year, std::string_view what) {
    const auto row = detail::find_unit_row(data, rows, unit);
    if (!row)
        throw UnknownCodeError(
            std::string(what) + ": no unit with code or name " + detail::in_quotes(unit) +
                (year ? " in " + std::to_string(*year) : std::string()),
            ErrorLocation{.column = "unit", .expected = "a unit code or name", .found = std::string(unit)});
    return *row;
}

/// Competition ranks (rank_descending) of `values` restricted to `rows`, written into `out`.
void rank_rows(const Eigen::VectorXd& values, const std::vector<Eigen::Index>& rows, Eigen::VectorXd& out) {
    Eigen::VectorXd x(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t k = 0; k < rows.size(); ++k) x[static_cast<Eigen::Index>(k)] = values[rows[k]];
    const Eigen::VectorXd r = rank_descending(x);
    for (std::size_t k = 0; k < rows.size(); ++k) out[rows[k]] = r[static_cast<Eigen::Index>(k)];
}

/// Rows partitioned for ranking: year by year (ascending), then by group value in order of first
/// appearance; `ungrouped` gets the rows with an empty group value (also year by year).
std::vector<std::vector<Eigen::Index>> partitions(const Dataset& data, const std::vector<std::string>* groups,
                                                  std::vector<Eigen::Index>& ungrouped) {
    std::vector<std::vector<Eigen::Index>> parts;
    std::vector<std::optional<int>> years;
    if (data.is_panel())
        for (const int y : data.years()) years.emplace_back(y);
    else
        years.emplace_back(std::nullopt);
    for (const auto& year : years) {
        const auto rows = detail::rows_of(data, year);
        if (!groups) {
            parts.push_back(rows);
            continue;
        }
        std::vector<std::string> order;
        std::map<std::string, std::vector<Eigen::Index>> by_group;
        for (const auto r : rows) {
            const std::string& g = (*groups)[static_cast<std::size_t>(r)];
            if (g.empty()) {
                ungrouped.push_back(r);
                continue;
            }
            auto& members = by_group[g];
            if (members.empty()) order.push_back(g);
            members.push_back(r);
        }
        for (const auto& g : order) parts.push_back(by_group[g]);
    }
    return parts;
}

std::string ancestor_at(const Framework& framework, const std::string& code, int level) {
    const Node* node = &framework.node(code);
    while (node->level < level && !node->parent.empty()) node = &framework.node(node->parent);
    return node->level == level ? node->code : std::string();
}

double cagr(double y0, double y1, double t0, double t1) {
    if (std::isnan(y0) || std::isnan(y1) || std::isnan(t0) || std::isnan(t1)) return NaN;
    if (y0 == y1) return 0.0;
    if (y0 <= 0 || y1 < 0) return NaN;
    return std::pow(y1 / y0, 1.0 / (t1 - t0)) - 1.0;
}

std::vector<Eigen::Index> column_positions(const Dataset& data, const std::vector<std::string>& columns) {
    std::vector<Eigen::Index> out;
    if (columns.empty()) {
        out.resize(static_cast<std::size_t>(data.column_count()));
        std::iota(out.begin(), out.end(), Eigen::Index{0});
        return out;
    }
    for (const auto& c : columns) out.push_back(data.column_index(c));
    return out;
}

void require_panel(const Dataset& data, std::string_view what) {
    if (!data.is_panel())
        throw MethodError(std::string(what) + ": expected panel data (a Time column with more than one year), found " +
                              (data.units().times.empty() ? std::string("no Time column") : "one year only"),
                          ErrorLocation{.column = "Time", .expected = "two or more years", .found = "a cross-section"});
}

/// Each unit's rows (by code, in order of first appearance), sorted by year.
std::vector<std::vector<Eigen::Index>> unit_series(const Dataset& data) {
    std::vector<std::vector<Eigen::Index>> series;
    std::unordered_map<std::string, std::size_t> position;
    for (Eigen::Index r = 0; r < data.unit_count(); ++r) {
        const auto [it, added] = position.emplace(data.unit_codes()[static_cast<std::size_t>(r)], series.size());
        if (added) series.emplace_back();
        series[it->second].push_back(r);
    }
    const auto& times = data.units().times;
    for (auto& rows : series)
        std::stable_sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) {
            return times[static_cast<std::size_t>(a)] < times[static_cast<std::size_t>(b)];
        });
    return series;
}

}  // namespace

std::string_view to_string(ResultsTableKind kind) {
    switch (kind) {
        case ResultsTableKind::summary:
            return "summary";
        case ResultsTableKind::aggregates:
            return "aggregates";
        case ResultsTableKind::full:
            return "full";
    }
    return "summary";
}

std::optional<ResultsTableKind> parse_results_table_kind(std::string_view name) {
    for (const auto kind : {ResultsTableKind::summary, ResultsTableKind::aggregates, ResultsTableKind::full})
        if (to_string(kind) == name) return kind;
    return std::nullopt;
}

std::vector<int> table_levels(const Framework& framework, ResultsTableKind kind) {
    const int top = framework.max_level();
    const int lowest = kind == ResultsTableKind::summary      ? std::max(1, top - 1)
                       : kind == ResultsTableKind::aggregates ? std::min(2, top)
                                                              : 1;
    std::vector<int> levels;
    for (int level = top; level >= lowest; --level) levels.push_back(level);
    return levels;
}

Table results_table(const Results& results, const ResultsTableOptions& options) {
    const Framework& fw = results.framework();
    const Dataset& s = results.scores();
    const std::vector<int> levels =
        options.levels.empty() ? table_levels(fw, ResultsTableKind::summary) : options.levels;
    check_levels(fw, levels, "results_table");
    std::vector<std::string> codes;
    for (const int level : levels)
        for (auto& c : fw.level_codes(level)) codes.push_back(std::move(c));
    const std::vector<std::string>* groups =
        options.group.empty() ? nullptr : &group_values(s, options.group, "results_table");

    std::vector<Eigen::Index> ungrouped;
    const auto parts = partitions(s, groups, ungrouped);
    const Eigen::Index n = s.unit_count();
    const Eigen::VectorXd root = s.column(fw.root());
    Eigen::VectorXd root_rank = Eigen::VectorXd::Constant(n, NaN);
    for (const auto& rows : parts) rank_rows(root, rows, root_rank);

    // Row order: each part by its index rank (missing last), then the units without a group by score.
    std::vector<Eigen::Index> order;
    auto by_score = [&](Eigen::Index a, Eigen::Index b) {
        const double x = root[a], y = root[b];
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return x > y;
    };
    for (auto rows : parts) {
        std::stable_sort(rows.begin(), rows.end(), by_score);
        order.insert(order.end(), rows.begin(), rows.end());
    }
    std::stable_sort(ungrouped.begin(), ungrouped.end(), [&](Eigen::Index a, Eigen::Index b) {
        const auto& times = s.units().times;
        if (!times.empty() && times[static_cast<std::size_t>(a)] != times[static_cast<std::size_t>(b)])
            return times[static_cast<std::size_t>(a)] < times[static_cast<std::size_t>(b)];
        return by_score(a, b);
    });
    order.insert(order.end(), ungrouped.begin(), ungrouped.end());

    Table t;
    std::vector<std::string> ucode, uname, group;
    std::vector<double> time, rank;
    for (const auto r : order) {
        const auto u = static_cast<std::size_t>(r);
        ucode.push_back(s.unit_codes()[u]);
        uname.push_back(s.unit_names()[u]);
        if (s.is_panel()) time.push_back(s.units().times[u]);
        if (groups) group.push_back((*groups)[u]);
        rank.push_back(root_rank[r]);
    }
    t.add("uCode", std::move(ucode));
    t.add("uName", std::move(uname));
    if (s.is_panel()) t.add("Time", std::move(time));
    if (groups) t.add(options.group, std::move(group));
    if (!options.ranks) t.add("Rank", std::move(rank));
    for (const auto& code : codes) {
        const Eigen::VectorXd x = s.column(code);
        Eigen::VectorXd shown = x;
        if (options.ranks) {
            shown.setConstant(NaN);
            for (const auto& rows : parts) rank_rows(x, rows, shown);
        }
        std::vector<double> column;
        column.reserve(order.size());
        for (const auto r : order) column.push_back(shown[r]);
        t.add(code, std::move(column));
    }
    return t;
}

Table unit_summary(const Results& results, std::string_view unit, const std::vector<int>& levels,
                   std::string_view group, std::optional<int> year) {
    const Framework& fw = results.framework();
    const Dataset& s = results.scores();
    std::vector<int> shown = levels;
    if (shown.empty()) shown = table_levels(fw, ResultsTableKind::aggregates);
    check_levels(fw, shown, "unit_summary");
    const std::vector<std::string>* groups = group.empty() ? nullptr : &group_values(s, group, "unit_summary");
    const auto rows = year_rows(s, year, "unit_summary");
    const Eigen::Index row = unit_row_of(s, rows, unit, year, "unit_summary");
    std::vector<Eigen::Index> peers;
    if (groups) {
        const std::string& g = (*groups)[static_cast<std::size_t>(row)];
        for (const auto r : rows)
            if (!g.empty() && (*groups)[static_cast<std::size_t>(r)] == g) peers.push_back(r);
    }

    std::vector<std::string> code, name;
    std::vector<double> level, score, rank, group_rank;
    for (const int l : shown)
        for (const auto& c : fw.level_codes(l)) {
            const Eigen::VectorXd x = s.column(c);
            Eigen::VectorXd r = Eigen::VectorXd::Constant(s.unit_count(), NaN);
            rank_rows(x, rows, r);
            code.push_back(c);
            name.push_back(fw.node(c).name);
            level.push_back(l);
            score.push_back(x[row]);
            rank.push_back(r[row]);
            if (groups) {
                Eigen::VectorXd g = Eigen::VectorXd::Constant(s.unit_count(), NaN);
                if (!peers.empty()) rank_rows(x, peers, g);
                group_rank.push_back(g[row]);
            }
        }
    Table t;
    t.add("code", std::move(code));
    t.add("name", std::move(name));
    t.add("level", std::move(level));
    t.add("score", std::move(score));
    t.add("rank", std::move(rank));
    if (groups) t.add("group_rank", std::move(group_rank));
    return t;
}

StrengthsWeaknesses strengths_weaknesses(const Results& results, std::string_view unit, const StrengthsOptions& options,
                                         std::optional<int> year) {
    const Framework& fw = results.framework();
    const Dataset& d = results.data_set(options.data_set);
    if (options.top == 0 || options.bottom == 0)
        throw MethodError(
            "strengths_weaknesses: top and bottom must be at least 1, found " + std::to_string(options.top) + " and " +
                std::to_string(options.bottom),
            ErrorLocation{.column = options.top == 0 ? "top" : "bottom", .expected = ">= 1", .found = "0"});
    check_levels(fw, {options.report_level}, "strengths_weaknesses (report_level)");
    const bool adjust = options.adjust_direction.value_or(options.data_set == "Raw");
    const std::vector<std::string>* groups =
        options.group.empty() ? nullptr : &group_values(d, options.group, "strengths_weaknesses");
    const auto rows = year_rows(d, year, "strengths_weaknesses");
    const Eigen::Index row = unit_row_of(d, rows, unit, year, "strengths_weaknesses");
    std::vector<Eigen::Index> peers = rows;
    if (groups) {
        const std::string& g = (*groups)[static_cast<std::size_t>(row)];
        if (g.empty())
            throw MethodError("strengths_weaknesses: unit \"" + std::string(unit) + "\" has no value in group column " +
                                  detail::in_quotes(options.group),
                              ErrorLocation{.column = options.group, .expected = "a group value", .found = ""});
        peers.clear();
        for (const auto r : rows)
            if ((*groups)[static_cast<std::size_t>(r)] == g) peers.push_back(r);
    }

    struct Entry {
        std::string code;
        double rank;
    };
    std::vector<Entry> entries;
    for (const auto& code : fw.indicators()) {
        if (!d.has_column(code)) continue;
        Eigen::VectorXd x = d.column(code);
        if (adjust) x *= static_cast<double>(fw.node(code).direction);
        if (options.unique_share) {
            // R's length(unique(x)) / length(x): every missing value counts as one more value.
            std::set<double> distinct;
            bool missing = false;
            for (const auto r : rows) {
                if (std::isnan(x[r]))
                    missing = true;
                else
                    distinct.insert(x[r] == 0 ? 0.0 : x[r]);
            }
            const double share =
                static_cast<double>(distinct.size() + (missing ? 1 : 0)) / static_cast<double>(rows.size());
            if (!(share > *options.unique_share)) continue;
        }
        Eigen::VectorXd r = Eigen::VectorXd::Constant(d.unit_count(), NaN);
        rank_rows(x, peers, r);
        if (std::isnan(r[row])) continue;
        if (options.discard_minimum) {
            double worst = -1;
            for (const auto p : peers)
                if (!std::isnan(r[p])) worst = std::max(worst, r[p]);
            if (r[row] == worst) continue;
        }
        entries.push_back({code, r[row]});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.rank < b.rank; });

    auto table_of = [&](std::size_t first, std::size_t last) {
        std::vector<std::string> code, name, ancestor, measure;
        std::vector<double> rank, value;
        for (std::size_t k = first; k < last; ++k) {
            const Node& node = fw.node(entries[k].code);
            code.push_back(node.code);
            name.push_back(node.name);
            ancestor.push_back(ancestor_at(fw, node.code, options.report_level));
            rank.push_back(entries[k].rank);
            value.push_back(d.values()(row, d.column_index(node.code)));
            measure.push_back(node.unit);
        }
        Table t;
        t.add("code", std::move(code));
        t.add("name", std::move(name));
        t.add("ancestor", std::move(ancestor));
        t.add("rank", std::move(rank));
        t.add("value", std::move(value));
        t.add("unit", std::move(measure));
        return t;
    };
    const std::size_t n = entries.size();
    return {table_of(0, std::min(options.top, n)), table_of(n - std::min(options.bottom, n), n)};
}

Table trends(const Dataset& data, const std::vector<std::string>& columns, std::optional<int> start,
             std::optional<int> end) {
    require_panel(data, "trends");
    const std::vector<Eigen::Index> cols = column_positions(data, columns);
    const std::vector<int> years = data.years();
    if (start.has_value() != end.has_value())
        throw MethodError("trends: give both start and end years, or neither (the whole panel)",
                          ErrorLocation{.column = start ? "end" : "start", .expected = "a year", .found = "none"});
    for (const auto& y : {start, end})
        if (y && std::find(years.begin(), years.end(), *y) == years.end())
            throw UnknownCodeError(
                "trends: no year " + std::to_string(*y) + " in the data; expected one of " + years_text(years),
                ErrorLocation{.column = "Time", .expected = years_text(years), .found = std::to_string(*y)});
    if (start && *start >= *end)
        throw MethodError(
            "trends: start year " + std::to_string(*start) + " is not before end year " + std::to_string(*end),
            ErrorLocation{.column = "start", .expected = "a year before end", .found = std::to_string(*start)});
    const auto& times = data.units().times;
    std::vector<std::string> ucode, uname, icode;
    std::vector<double> t0s, t1s, y0s, y1s, change, growth;
    for (const auto& series : unit_series(data)) {
        for (const auto j : cols) {
            double t0 = NaN, t1 = NaN, y0 = NaN, y1 = NaN;
            if (start) {
                t0 = *start;
                t1 = *end;
                for (const auto r : series) {
                    const int y = times[static_cast<std::size_t>(r)];
                    if (y == *start) y0 = data.values()(r, j);
                    if (y == *end) y1 = data.values()(r, j);
                }
            } else {
                std::vector<Eigen::Index> observed;
                for (const auto r : series)
                    if (!std::isnan(data.values()(r, j))) observed.push_back(r);
                if (observed.size() >= 2) {
                    t0 = times[static_cast<std::size_t>(observed.front())];
                    t1 = times[static_cast<std::size_t>(observed.back())];
                    y0 = data.values()(observed.front(), j);
                    y1 = data.values()(observed.back(), j);
                }
            }
            const auto u = static_cast<std::size_t>(series.front());
            ucode.push_back(data.unit_codes()[u]);
            uname.push_back(data.unit_names()[u]);
            icode.push_back(data.columns()[static_cast<std::size_t>(j)]);
            t0s.push_back(t0);
            t1s.push_back(t1);
            y0s.push_back(y0);
            y1s.push_back(y1);
            change.push_back(y1 - y0);
            growth.push_back(cagr(y0, y1, t0, t1));
        }
    }
    Table t;
    t.add("uCode", std::move(ucode));
    t.add("uName", std::move(uname));
    t.add("iCode", std::move(icode));
    t.add("start", std::move(t0s));
    t.add("end", std::move(t1s));
    t.add("start_value", std::move(y0s));
    t.add("end_value", std::move(y1s));
    t.add("change", std::move(change));
    t.add("cagr", std::move(growth));
    return t;
}

Dataset interpolate(const Dataset& data, const std::vector<std::string>& columns) {
    require_panel(data, "interpolate");
    const std::vector<Eigen::Index> cols = column_positions(data, columns);
    Eigen::MatrixXd values = data.values();
    CellFlags flags = data.flags().size() > 0 ? data.flags() : CellFlags::Zero(values.rows(), values.cols());
    const auto& times = data.units().times;
    for (const auto& series : unit_series(data)) {
        for (const auto j : cols) {
            std::vector<Eigen::Index> observed;
            for (const auto r : series)
                if (!std::isnan(data.values()(r, j))) observed.push_back(r);
            for (std::size_t k = 0; k + 1 < observed.size(); ++k) {
                const Eigen::Index a = observed[k], b = observed[k + 1];
                const double ta = times[static_cast<std::size_t>(a)], tb = times[static_cast<std::size_t>(b)];
                const double ya = data.values()(a, j), yb = data.values()(b, j);
                for (const auto r : series) {
                    const double t = times[static_cast<std::size_t>(r)];
                    if (t <= ta || t >= tb || data.is_suppressed(r, j)) continue;
                    values(r, j) = ya + (yb - ya) * (t - ta) / (tb - ta);
                    flags(r, j) = static_cast<std::uint8_t>(flags(r, j) | cell_imputed);
                }
            }
        }
    }
    return data.with_values(data.columns(), std::move(values), std::move(flags), data.standard_errors());
}

}  // namespace govindex
