#include "govindex/steps/impute.hpp"
#include "govindex/detail/format.hpp"
#include "steps/per_node.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include "govindex/errors.hpp"
#include "govindex/text.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// R's mean() of a non-empty vector: long-double sum / n, then one correction pass (summary.c).
double r_mean(const std::vector<double>& v) {
    const auto n = static_cast<long double>(v.size());
    long double s = 0.0L;
    for (const double x : v) s += x;
    s /= n;
    if (std::isfinite(static_cast<double>(s))) {
        long double t = 0.0L;
        for (const double x : v) t += (x - s);
        s += t / n;
    }
    return static_cast<double>(s);
}

// R's median() of a non-empty vector: the middle value, or the mean() of the two middle values.
double r_median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    const std::size_t half = (n + 1) / 2;  // 1-based
    if (n % 2 == 1) return v[half - 1];
    return r_mean({v[half - 1], v[half]});
}

std::vector<double> observed(const Eigen::VectorXd& x) {
    std::vector<double> out;
    for (const double v : x)
        if (!std::isnan(v)) out.push_back(v);
    return out;
}

template <class Statistic>
Eigen::VectorXd fill_with(const Eigen::VectorXd& x, Statistic statistic) {
    const auto obs = observed(x);
    Eigen::VectorXd out = x;
    if (obs.empty() || obs.size() == static_cast<std::size_t>(x.size())) return out;
    const double value = statistic(obs);
    for (Eigen::Index i = 0; i < out.size(); ++i)
        if (std::isnan(out[i])) out[i] = value;
    return out;
}

template <class Statistic>
Eigen::VectorXd fill_by_group(const Eigen::VectorXd& x, const std::vector<std::string>& groups, Statistic statistic,
                              std::string_view method) {
    if (groups.size() != static_cast<std::size_t>(x.size()))
        throw error_at<MethodError>({}, std::string(method) + ": " + std::to_string(groups.size()) +
                                            " group values for " + std::to_string(x.size()) +
                                            " rows; expected one per row");
    std::map<std::string, std::vector<double>> by_group;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const auto& g = groups[static_cast<std::size_t>(i)];
        if (g.empty()) continue;
        auto& values = by_group[g];
        if (!std::isnan(x[i])) values.push_back(x[i]);
    }
    std::map<std::string, double> value;
    for (const auto& [g, values] : by_group)
        if (!values.empty()) value[g] = statistic(values);
    Eigen::VectorXd out = x;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (!std::isnan(out[i])) continue;
        const auto it = value.find(groups[static_cast<std::size_t>(i)]);
        if (it != value.end()) out[i] = it->second;
    }
    return out;
}

// Rows of a series in time order, checking distinct times.
std::vector<std::size_t> time_order(const std::vector<int>& times, const Eigen::VectorXd& y, std::string_view method) {
    if (times.size() != static_cast<std::size_t>(y.size()))
        throw error_at<MethodError>({}, std::string(method) + ": " + std::to_string(times.size()) + " times for " +
                                            std::to_string(y.size()) + " values; expected one per value");
    std::vector<std::size_t> order(times.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
    for (std::size_t k = 1; k < order.size(); ++k)
        if (times[order[k]] == times[order[k - 1]])
            throw error_at<MethodError>({.column = "Time", .found = std::to_string(times[order[k]])},
                                        std::string(method) + ": Time " + std::to_string(times[order[k]]) +
                                            " appears twice in one unit's series; expected distinct years");
    return order;
}

// stats::approx(x, y, xout = x, rule = 2, method = "constant" (f = 0) or "linear") at the missing
// points of one series; `linear` false = constant. Needs >= 1 (constant) or >= 2 (linear) observations.
Eigen::VectorXd approx_series(const std::vector<int>& times, const Eigen::VectorXd& y, bool linear,
                              std::string_view method) {
    const auto order = time_order(times, y, method);
    std::vector<double> xs, ys;
    for (const auto k : order)
        if (!std::isnan(y[static_cast<Eigen::Index>(k)])) {
            xs.push_back(static_cast<double>(times[k]));
            ys.push_back(y[static_cast<Eigen::Index>(k)]);
        }
    Eigen::VectorXd out = y;
    if (xs.empty() || xs.size() == order.size()) return out;
    if (linear && xs.size() == 1)
        throw error_at<NumericError>({.found = exact_number(xs.front())},
                                     std::string(method) + ": only one observed year (" + exact_number(xs.front()) +
                                         "); linear interpolation needs at least two (use panel_linear_constant)");
    const std::size_t last = xs.size() - 1;
    for (Eigen::Index r = 0; r < y.size(); ++r) {
        if (!std::isnan(y[r])) continue;
        const double v = static_cast<double>(times[static_cast<std::size_t>(r)]);
        if (v < xs.front()) {
            out[r] = ys.front();
            continue;
        }
        if (v > xs[last]) {
            out[r] = ys[last];
            continue;
        }
        // bisection as R's approx1: x[i] <= v <= x[j], j = i + 1
        std::size_t i = 0, j = last;
        while (i + 1 < j) {
            const std::size_t ij = (i + j) / 2;
            if (v < xs[ij])
                j = ij;
            else
                i = ij;
        }
        if (v == xs[j])
            out[r] = ys[j];
        else if (v == xs[i])
            out[r] = ys[i];
        else if (linear)
            out[r] = ys[i] + (ys[j] - ys[i]) * ((v - xs[i]) / (xs[j] - xs[i]));
        else
            out[r] = ys[i];
    }
    return out;
}

}  // namespace

// ---- checks -----------------------------------------------------------------------------------

void check(const IndicatorMean&) {}
void check(const IndicatorMedian&) {}
void check(const GroupMean& m) {
    if (m.group.empty())
        throw error_at<MethodError>({.column = "group"},
                                    "group_mean: parameter \"group\" is empty; expected a unit group column code");
}
void check(const GroupMedian& m) {
    if (m.group.empty())
        throw error_at<MethodError>({.column = "group"},
                                    "group_median: parameter \"group\" is empty; expected a unit group column code");
}
void check(const RowMean& m) {
    if (m.level < 2)
        throw error_at<MethodError>({.column = "level", .found = std::to_string(m.level)},
                                    "row_mean: parameter \"level\" is " + std::to_string(m.level) +
                                        "; expected a framework level >= 2 (2 = the indicators' parents)");
}
void check(const PanelLatest& m) {
    if (m.max_time < 0)
        throw error_at<MethodError>({.column = "max_time", .found = std::to_string(m.max_time)},
                                    "panel_latest: parameter \"max_time\" is " + std::to_string(m.max_time) +
                                        "; expected a whole number >= 0 (0 = no limit)");
}
void check(const PanelConstant&) {}
void check(const PanelLinear&) {}
void check(const PanelLinearConstant&) {}
void check(const ImputeMethod& method) {
    std::visit([](const auto& m) { check(m); }, method);
}

bool Impute::uses_all_years() const {
    if (is_panel_method(method)) return true;
    for (const auto& [code, m] : per_node)
        if (is_panel_method(m)) return true;
    return false;
}

bool is_panel_method(const ImputeMethod& method) {
    return std::holds_alternative<PanelLatest>(method) || std::holds_alternative<PanelConstant>(method) ||
           std::holds_alternative<PanelLinear>(method) || std::holds_alternative<PanelLinearConstant>(method);
}

// ---- the pure functions -----------------------------------------------------------------------

Eigen::VectorXd impute_column(const IndicatorMean&, const Eigen::VectorXd& x) { return fill_with(x, r_mean); }

Eigen::VectorXd impute_column(const IndicatorMedian&, const Eigen::VectorXd& x) { return fill_with(x, r_median); }

Eigen::VectorXd impute_column(const GroupMean&, const Eigen::VectorXd& x, const std::vector<std::string>& groups) {
    return fill_by_group(x, groups, r_mean, GroupMean::method_name);
}

Eigen::VectorXd impute_column(const GroupMedian&, const Eigen::VectorXd& x, const std::vector<std::string>& groups) {
    return fill_by_group(x, groups, r_median, GroupMedian::method_name);
}

Eigen::VectorXd impute_column(const RowMean& method, const RowBlock& block, Eigen::Index target) {
    const Eigen::Index n = block.values.rows(), k = block.values.cols();
    if (static_cast<Eigen::Index>(block.codes.size()) != k || static_cast<Eigen::Index>(block.directions.size()) != k)
        throw error_at<MethodError>({}, "row_mean: block of " + std::to_string(k) + " columns with " +
                                            std::to_string(block.codes.size()) + " codes and " +
                                            std::to_string(block.directions.size()) + " directions; expected one each");
    if (target < 0 || target >= k)
        throw error_at<MethodError>({}, "row_mean: target column " + std::to_string(target) + " out of range");
    Eigen::VectorXd out = block.values.col(target);
    if (!out.hasNaN()) return out;

    // Scaled block: (x * direction - min) / (max - min), per column over its observed values.
    Eigen::MatrixXd scaled = block.values;
    Eigen::VectorXd lo = Eigen::VectorXd::Constant(k, nan_value), hi = lo;
    if (method.normalise_first) {
        for (Eigen::Index c = 0; c < k; ++c) {
            const double dir = block.directions[static_cast<std::size_t>(c)];
            if (dir != 1 && dir != -1)
                throw error_at<MethodError>({.column = "Direction",
                                             .node = block.codes[static_cast<std::size_t>(c)],
                                             .found = exact_number(dir)},
                                            "row_mean: direction of " +
                                                in_quotes(block.codes[static_cast<std::size_t>(c)]) + " is " +
                                                exact_number(dir) + "; expected 1 or -1");
            double mn = std::numeric_limits<double>::infinity(), mx = -mn;
            bool any = false;
            for (Eigen::Index i = 0; i < n; ++i) {
                const double v = block.values(i, c);
                if (std::isnan(v)) continue;
                any = true;
                mn = std::min(mn, v * dir);
                mx = std::max(mx, v * dir);
            }
            if (!any) {  // contributes nothing; as the target it cannot be scaled back
                scaled.col(c).setConstant(nan_value);
                continue;
            }
            if (!(mn < mx))
                throw error_at<NumericError>(
                    {.node = block.codes[static_cast<std::size_t>(c)]},
                    "row_mean with normalise_first: indicator " + in_quotes(block.codes[static_cast<std::size_t>(c)]) +
                        " has all observed values equal (" + exact_number(mn * dir) +
                        "); min-max scaling is undefined; expected at least two distinct values "
                        "(or set normalise_first = false)");
            lo[c] = mn;
            hi[c] = mx;
            for (Eigen::Index i = 0; i < n; ++i) scaled(i, c) = (block.values(i, c) * dir - mn) / (mx - mn);
        }
    }
    const double dir_t = block.directions[static_cast<std::size_t>(target)];
    for (Eigen::Index i = 0; i < n; ++i) {
        if (!std::isnan(out[i])) continue;
        std::vector<double> row;
        for (Eigen::Index c = 0; c < k; ++c)
            if (!std::isnan(scaled(i, c))) row.push_back(scaled(i, c));
        if (row.empty()) continue;
        const double m = r_mean(row);
        if (!method.normalise_first) {
            out[i] = m;
        } else if (!std::isnan(lo[target])) {
            out[i] = (m * (hi[target] - lo[target]) + lo[target]) * dir_t;
        }
    }
    return out;
}

Eigen::VectorXd impute_series(const PanelLatest& method, const std::vector<int>& times, const Eigen::VectorXd& y,
                              const std::vector<int>& data_years) {
    (void)time_order(times, y, PanelLatest::method_name);
    std::vector<int> years = data_years;
    std::sort(years.begin(), years.end(), std::greater<>());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    std::map<int, double> value_at;
    for (std::size_t r = 0; r < times.size(); ++r)
        if (!std::isnan(y[static_cast<Eigen::Index>(r)])) value_at[times[r]] = y[static_cast<Eigen::Index>(r)];
    Eigen::VectorXd out = y;
    for (std::size_t r = 0; r < times.size(); ++r) {
        if (!std::isnan(y[static_cast<Eigen::Index>(r)])) continue;
        int looked = 0;
        for (const int year : years) {
            if (year >= times[r]) continue;
            if (method.max_time > 0 && looked == method.max_time) break;
            ++looked;
            if (const auto it = value_at.find(year); it != value_at.end()) {
                out[static_cast<Eigen::Index>(r)] = it->second;
                break;
            }
        }
    }
    return out;
}

Eigen::VectorXd impute_series(const PanelConstant&, const std::vector<int>& times, const Eigen::VectorXd& y) {
    return approx_series(times, y, false, PanelConstant::method_name);
}

Eigen::VectorXd impute_series(const PanelLinear&, const std::vector<int>& times, const Eigen::VectorXd& y) {
    return approx_series(times, y, true, PanelLinear::method_name);
}

Eigen::VectorXd impute_series(const PanelLinearConstant&, const std::vector<int>& times, const Eigen::VectorXd& y) {
    std::size_t seen = 0;
    for (const double v : y) seen += std::isnan(v) ? 0 : 1;
    return approx_series(times, y, seen >= 2, PanelLinearConstant::method_name);
}

// ---- the step ---------------------------------------------------------------------------------

namespace {

std::string where_step() { return "impute step: "; }

// The ancestor of `code` at `level` (the node itself at its own level).
const Node& ancestor_at(const Framework& fw, const std::string& code, int level) {
    const Node* n = &fw.node(code);
    while (n->level < level && !n->parent.empty()) n = &fw.node(n->parent);
    return *n;
}

const std::vector<std::string>* group_column(const Units& units, const std::string& name) {
    const std::string key = to_nfc(name);
    for (const auto& [code, cells] : units.groups)
        if (code == key) return &cells;
    return nullptr;
}

std::vector<std::string> group_codes(const Units& units) {
    std::vector<std::string> out;
    for (const auto& [code, cells] : units.groups) out.push_back(code);
    return out;
}

const std::string& group_name_of(const ImputeMethod& m) {
    if (const auto* g = std::get_if<GroupMean>(&m)) return g->group;
    return std::get<GroupMedian>(m).group;
}

}  // namespace

void check(const Impute& step) {
    auto check_one = [&](const ImputeMethod& m, const std::string& what) {
        try {
            check(m);
        } catch (const MethodError& e) {
            rethrow_with(e, where_step() + what, {.source = "impute step"});
        }
    };
    check_one(step.method, "");
    for (const auto& [code, m] : step.per_node) check_one(m, "per-node method for " + in_quotes(code) + ": ");
}

void check(const Impute& step, const Framework& fw) {
    check(step);
    auto check_level = [&](const ImputeMethod& m, const std::string& what) {
        if (const auto* r = std::get_if<RowMean>(&m); r != nullptr && r->level > fw.max_level())
            throw error_at<MethodError>({.source = "impute step", .column = "level", .found = std::to_string(r->level)},
                                        where_step() + what + "row_mean: parameter \"level\" is " +
                                            std::to_string(r->level) + "; expected 2 to " +
                                            std::to_string(fw.max_level()) + " (the framework's levels)");
    };
    check_level(step.method, "");
    const auto overrides = detail::resolve_per_node(step.per_node, fw, detail::NodeRole::indicator, where_step(),
                                                    "per-node method", "impute step", "per_node");
    for (const auto& [code, m] : overrides) check_level(*m, "per-node method for " + in_quotes(code) + ": ");
}

StepOutput apply(const Impute& step, const Framework& fw, const Dataset& data) {
    check(step, fw);
    const Units& units = data.units();
    const Eigen::Index n = data.unit_count();
    const auto& columns = data.columns();
    const bool panel = data.is_panel();

    // Every column an indicator; the method of each.
    const auto override_of = detail::resolve_per_node(step.per_node, fw, detail::NodeRole::indicator, where_step(),
                                                      "per-node method", "impute step", "per_node");
    std::vector<const ImputeMethod*> method_of;
    for (const auto& code : columns) {
        const Node* node = fw.find(code);
        if (node == nullptr || node->type != NodeType::indicator)
            throw error_at<MethodError>({.source = "impute step", .node = code, .found = code},
                                        where_step() + "column " + in_quotes(code) + ": " +
                                            (node == nullptr ? "not in the framework"
                                                             : "a node of type " + std::string(to_string(node->type))) +
                                            "; expected indicator columns only (impute before aggregating)");
        const auto it = override_of.find(node->code);
        method_of.push_back(it == override_of.end() ? &step.method : it->second);
    }

    // Rows of each cross-section (each year of panel data), and of each unit's series.
    std::vector<std::pair<std::optional<int>, std::vector<Eigen::Index>>> sections;
    if (panel) {
        std::map<int, std::vector<Eigen::Index>> by_year;
        for (Eigen::Index i = 0; i < n; ++i) by_year[units.times[static_cast<std::size_t>(i)]].push_back(i);
        for (auto& [year, rows] : by_year) sections.emplace_back(year, std::move(rows));
    } else {
        std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
        std::iota(all.begin(), all.end(), Eigen::Index{0});
        sections.emplace_back(std::nullopt, std::move(all));
    }
    std::map<std::string, std::vector<Eigen::Index>> series_rows;
    if (panel)
        for (Eigen::Index i = 0; i < n; ++i) series_rows[units.codes[static_cast<std::size_t>(i)]].push_back(i);
    const std::vector<int> data_years = data.years();

    // Group columns used: present, with "" / "NA" as no group.
    std::map<std::string, std::vector<std::string>> groups_by_name;
    for (const auto* m : method_of) {
        if (!std::holds_alternative<GroupMean>(*m) && !std::holds_alternative<GroupMedian>(*m)) continue;
        const std::string& name = group_name_of(*m);
        if (groups_by_name.count(name)) continue;
        const auto* cells = group_column(units, name);
        if (cells == nullptr)
            throw error_at<MethodError>({.source = "impute step", .column = "group", .found = name},
                                        where_step() + std::string(detail::method_name_of(*m)) +
                                            ": unknown group column " + in_quotes(name) +
                                            "; expected one of the data set's group columns: " +
                                            (units.groups.empty() ? std::string("(none)") : join(group_codes(units))));
        std::vector<std::string> g = *cells;
        for (auto& s : g)
            if (s == "NA") s.clear();
        groups_by_name.emplace(name, std::move(g));
    }
    if (!panel)
        for (std::size_t j = 0; j < columns.size(); ++j)
            if (is_panel_method(*method_of[j]))
                throw error_at<MethodError>(
                    {.source = "impute step", .column = "Time", .node = columns[j]},
                    where_step() + "indicator " + in_quotes(columns[j]) + ": " +
                        std::string(detail::method_name_of(*method_of[j])) + " needs panel data; the data set " +
                        (units.times.empty() ? std::string("has no Time column")
                                             : "has a single year (" + std::to_string(units.times.front()) + ")") +
                        "; expected several years");

    const Eigen::MatrixXd& in = data.values();
    Eigen::MatrixXd out = in;
    for (std::size_t jj = 0; jj < columns.size(); ++jj) {
        const auto j = static_cast<Eigen::Index>(jj);
        if (!in.col(j).hasNaN()) continue;
        const ImputeMethod& method = *method_of[jj];
        const std::string& code = columns[jj];
        const std::string prefix =
            where_step() + "indicator " + in_quotes(code) + " (" + std::string(detail::method_name_of(method)) + "): ";
        auto take = [&](const std::vector<Eigen::Index>& rows) {
            Eigen::VectorXd x(static_cast<Eigen::Index>(rows.size()));
            for (std::size_t k = 0; k < rows.size(); ++k) x[static_cast<Eigen::Index>(k)] = in(rows[k], j);
            return x;
        };
        auto put = [&](const std::vector<Eigen::Index>& rows, const Eigen::VectorXd& x) {
            for (std::size_t k = 0; k < rows.size(); ++k) out(rows[k], j) = x[static_cast<Eigen::Index>(k)];
        };
        try {
            std::visit(
                detail::overloaded{
                    [&](const IndicatorMean& m) {
                for (const auto& [y, rows] : sections) put(rows, impute_column(m, take(rows))); },
                    [&](const IndicatorMedian& m) {
                for (const auto& [y, rows] : sections) put(rows, impute_column(m, take(rows))); },
                    [&](const auto& m) requires(std::is_same_v<std::decay_t<decltype(m)>, GroupMean> ||
                                                std::is_same_v<std::decay_t<decltype(m)>, GroupMedian>) {
                        const auto& all = groups_by_name.at(m.group);
                        for (const auto& [y, rows] : sections) {
                std::vector<std::string> g;
                for (const auto r : rows) g.push_back(all[static_cast<std::size_t>(r)]);
                put(rows, impute_column(m, take(rows), g));
                        }
        }
        ,
            [&](const RowMean& m) {
                const std::string& group = ancestor_at(fw, code, m.level).code;
                std::vector<Eigen::Index> cols;
                RowBlock block;
                Eigen::Index target = -1;
                for (std::size_t c = 0; c < columns.size(); ++c) {
                    if (ancestor_at(fw, columns[c], m.level).code != group) continue;
                    if (c == jj) target = static_cast<Eigen::Index>(cols.size());
                    cols.push_back(static_cast<Eigen::Index>(c));
                    block.codes.push_back(columns[c]);
                    block.directions.push_back(fw.node(columns[c]).direction);
                }
                for (const auto& [y, rows] : sections) {
                    block.values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
                    for (std::size_t r = 0; r < rows.size(); ++r)
                        for (std::size_t c = 0; c < cols.size(); ++c)
                            block.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
                                in(rows[r], cols[c]);
                    try {
                        put(rows, impute_column(m, block, target));
                    } catch (const NumericError& e) {
                        rethrow_with(
                            e,
                            "group " + in_quotes(group) + (y ? " in Time " + std::to_string(*y) : std::string()) + ": ",
                            {});
                    }
                }
            },
            [&](const auto& m) requires(std::is_same_v<std::decay_t<decltype(m)>, PanelLatest> ||
                                        std::is_same_v<std::decay_t<decltype(m)>, PanelConstant> ||
                                        std::is_same_v<std::decay_t<decltype(m)>, PanelLinear> ||
                                        std::is_same_v<std::decay_t<decltype(m)>, PanelLinearConstant>) {
            for (const auto& [unit, rows] : series_rows) {
                std::vector<int> times;
                for (const auto r : rows) times.push_back(units.times[static_cast<std::size_t>(r)]);
                try {
                    if constexpr (std::is_same_v<std::decay_t<decltype(m)>, PanelLatest>)
                        put(rows, impute_series(m, times, take(rows), data_years));
                    else
                        put(rows, impute_series(m, times, take(rows)));
                } catch (const NumericError& e) {
                    rethrow_with(e, "unit " + in_quotes(unit) + ": ", {});
                }
            }
        }
    },
                method);
}
catch (const NumericError& e) {
    rethrow_with(e, prefix, {.source = "impute step", .node = code});
}
catch (const MethodError& e) {
    rethrow_with(e, prefix, {.source = "impute step", .node = code});
}
}  // namespace govindex

// Observed values never change; imputed cells are flagged; missing cells are listed.
CellFlags flags = data.flags();
// Standard errors of the output columns: observed cells keep theirs, imputed cells have none (NaN).
Eigen::MatrixXd standard_errors(data.has_standard_errors() ? n : 0, data.has_standard_errors() ? in.cols() : 0);
for (Eigen::Index j = 0; j < standard_errors.cols(); ++j)
    standard_errors.col(j) = data.standard_errors().col(data.column_index(columns[static_cast<std::size_t>(j)]));
std::vector<std::string> d_unit, d_code, d_method, d_reason;
std::vector<double> d_time, d_value;
std::vector<std::optional<bool>> d_imputed;
for (Eigen::Index j = 0; j < in.cols(); ++j) {
    const ImputeMethod& method = *method_of[static_cast<std::size_t>(j)];
    const std::string& code = columns[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!std::isnan(in(i, j))) {
            if (!(out(i, j) == in(i, j)))
                throw error_at<NumericError>({.source = "impute step", .node = code, .found = exact_number(out(i, j))},
                                             where_step() + "indicator " + in_quotes(code) + ", unit " +
                                                 in_quotes(units.codes[u]) + ": the observed value " +
                                                 exact_number(in(i, j)) + " was changed to " + exact_number(out(i, j)) +
                                                 "; expected observed values to be kept");
            continue;
        }
        const bool done = !std::isnan(out(i, j));
        if (done) flags(i, j) = static_cast<std::uint8_t>(flags(i, j) | cell_imputed);
        if (standard_errors.size() > 0) standard_errors(i, j) = std::numeric_limits<double>::quiet_NaN();
        d_unit.push_back(units.codes[u]);
        if (panel) d_time.push_back(units.times[u]);
        d_code.push_back(code);
        d_method.emplace_back(detail::method_name_of(method));
        d_value.push_back(out(i, j));
        d_imputed.emplace_back(done);
        std::string reason;
        if (!done) {
            const std::string year = panel ? " in Time " + std::to_string(units.times[u]) : std::string();
                reason = std::visit(
                    detail::overloaded{
                        [&](const IndicatorMean&) {
                return "no observed value of the indicator" + year; },
                        [&](const IndicatorMedian&) {
                return "no observed value of the indicator" + year; },
                        [&](const auto& m) -> std::string
                            requires(std::is_same_v<std::decay_t<decltype(m)>, GroupMean> ||
                                     std::is_same_v<std::decay_t<decltype(m)>, GroupMedian>) {
                                const auto& g = groups_by_name.at(m.group)[u];
                                if (g.empty()) return "the unit has no value in the group column " + in_quotes(m.group);
                                return "no observed value in group " + in_quotes(g) + " of " + in_quotes(m.group) + year;
        }
        ,
            [&](const RowMean& m) -> std::string {
                const std::string& group = ancestor_at(fw, code, m.level).code;
                return "no observed value among the unit's indicators in " + in_quotes(group) +
                       (m.normalise_first ? " (or none of the indicator" + year + " to scale back with)"
                                          : std::string());
            },
            [&](const PanelLatest& m) -> std::string {
                return "no observed value in the " +
                       (m.max_time > 0 ? std::to_string(m.max_time) + " earlier years" : std::string("earlier years")) +
                       " of the unit";
            },
            [&](const auto&) -> std::string { return "no observed value of the unit in any year"; }
    },
                    method);
}
d_reason.push_back(std::move(reason));
}
}

Table details;
if (panel) details.add("Time", std::move(d_time));  // Time first, as the pipeline lays out panel tables
details.add("uCode", std::move(d_unit));
details.add("iCode", std::move(d_code));
details.add("Method", std::move(d_method));
details.add("Value", std::move(d_value));
details.add("Imputed", std::move(d_imputed));
details.add("Reason", std::move(d_reason));

StepOutput result{data.with_values(columns, std::move(out), std::move(flags), std::move(standard_errors)), {}, {}};
result.tables.emplace_back("ImputationDetails", std::move(details));
return result;
}

}  // namespace govindex
