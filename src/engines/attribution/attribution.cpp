// Why a unit's score and rank changed between two runs: the score change split over the nodes
// (contribution changes, or Shapley values over the children's changes), and the rank change split
// between the unit's own change, the others' and the methodology's (Shapley values over the factors).
#include "govindex/engines/attribution/attribution.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "detail/random.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "pipeline/unit_rows.hpp"

namespace govindex {

std::string_view to_string(SplitRule rule) {
    switch (rule) {
        case SplitRule::automatic:
            return "auto";
        case SplitRule::contributions:
            return "contributions";
        case SplitRule::shapley:
            return "shapley";
    }
    return "auto";
}

std::optional<SplitRule> parse_split_rule(std::string_view text) {
    for (const SplitRule r : {SplitRule::automatic, SplitRule::contributions, SplitRule::shapley})
        if (to_string(r) == text) return r;
    return std::nullopt;
}

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
             const std::string& which, bool strict_year = true) {
    const Dataset& data = results.scores();
    if (data.is_panel() && !year)
        throw UnknownCodeError(
            "decompose change: the " + which + " run is a panel; expected its year",
            ErrorLocation{.column = "year_" + which, .expected = "a year of the data", .found = "none"});
    if (!data.is_panel() && year && strict_year) {
        const std::vector<int> years = data.years();
        if (years.empty() || years.front() != *year)
            throw error_at<UnknownCodeError>(
                {.column = "year_" + which, .found = std::to_string(*year)},
                "decompose change: year_" + which + " " + std::to_string(*year) + " but the " + which +
                    " run is a single cross-section " +
                    (years.empty() ? std::string("without years") : "of " + std::to_string(years.front())) +
                    "; expected no year_" + which + (years.empty() ? "" : " or " + std::to_string(years.front())));
    }
    const std::vector<Eigen::Index> rows = detail::rows_of(data, data.is_panel() ? year : std::nullopt);
    const std::optional<Eigen::Index> row = detail::find_unit_row(data, rows, unit);
    if (!row)
        throw error_at<UnknownCodeError>(
            {.column = "unit", .expected = "a unit of every run", .found = std::string(unit)},
            "decompose change: no unit with code or name " + in_quotes(unit) + " in the " + which + " run" +
                (year ? " (" + std::to_string(*year) + ")" : std::string()) + "; expected a unit of every run");
    if (!data.has_column(node))
        throw error_at<UnknownCodeError>({.column = "node", .node = node, .expected = "a node of every run"},
                                         "decompose change: node " + in_quotes(node) + " is not in the " + which +
                                             " run; expected a node of every run");
    const Eigen::Index column = data.column_index(node);
    Side s;
    s.code = data.unit_codes()[static_cast<std::size_t>(*row)];
    s.score = data.values()(*row, column);
    if (std::isnan(s.score))
        throw error_at<UnknownCodeError>(
            {.source = which + " run",
             .column = "unit",
             .node = node,
             .expected = "a score in every run",
             .found = s.code},
            "decompose change: unit " + in_quotes(s.code) + " has no score on " + in_quotes(node) + " in the " + which +
                " run" + (year ? " (" + std::to_string(*year) + ")" : std::string()) +
                "; expected a unit scored in every run (a change from or to no score has no parts)");
    s.year = data.is_panel() ? year : std::nullopt;
    for (const Eigen::Index r : rows) {
        const double v = data.values()(r, column);
        if (r != *row && !std::isnan(v)) s.others[data.unit_codes()[static_cast<std::size_t>(r)]] = v;
    }
    return s;
}

// Competition rank of `score` among `others` (unit code -> score).
double rank_among(double score, const std::map<std::string, double>& others) {
    return detail::competition_rank(score, others, [](const auto& o) { return o.second; });
}

// One row of the parts table.
struct Part {
    std::string node, parent;
    double value_before = nan_value, value_after = nan_value;
    double contribution_before = nan_value, contribution_after = nan_value;
    double change = 0.0, std_error = 0.0;
    std::string method;
};

// A node-by-node split compares two runs of one framework: a node in one of them only (given
// re-scored runs that do not match each other) is an error, whatever the rule.
void check_same_nodes(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    if (from == to) return;  // the usual case: one framework, the same order
    const auto only = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        const std::set<std::string_view> in_b(b.begin(), b.end());
        for (const std::string& c : a)
            if (!in_b.count(c)) return c;
        return std::string();
    };
    const std::string in_from = only(from, to), in_to = only(to, from);
    if (in_from.empty() && in_to.empty()) return;
    const std::string& code = in_from.empty() ? in_to : in_from;
    throw error_at<MethodError>(
        {.source = "split over the nodes", .node = code, .expected = "two runs of one framework"},
        "decompose change: node " + in_quotes(code) + " is in the " + (in_from.empty() ? "later" : "earlier") +
            " of the two runs split node by node and not in the other; expected two runs of one framework "
            "(re-scored runs that match the runs they stand for)");
}

// The parts from each method's exact contributions: contribution_after - contribution_before.
std::vector<Part> contribution_parts(const Results& from, const Results& to, const Side& f, const Side& t,
                                     const std::string& code, bool to_leaves) {
    const Table cb = from.contributions(f.code, code, f.year, to_leaves);
    const Table ca = to.contributions(t.code, code, t.year, to_leaves);
    const auto& nodes_b = std::get<std::vector<std::string>>(cb.column("node"));
    const auto& nodes_a = std::get<std::vector<std::string>>(ca.column("node"));
    std::vector<Part> parts;
    const auto add = [&](const Table& table, const std::vector<std::string>& codes) {
        for (std::size_t k = 0; k < codes.size(); ++k)
            if (std::none_of(parts.begin(), parts.end(), [&](const Part& p) { return p.node == codes[k]; }))
                parts.push_back({.node = codes[k],
                                 .parent = std::get<std::vector<std::string>>(table.column("parent"))[k],
                                 .method = "contributions"});
    };
    add(cb, nodes_b);
    add(ca, nodes_a);
    check_same_nodes(nodes_b, nodes_a);
    const auto lookup = [](const Table& t, const std::vector<std::string>& codes, const std::string& n,
                           const char* column) {
        const auto it = std::find(codes.begin(), codes.end(), n);
        return it == codes.end()
                   ? nan_value
                   : std::get<std::vector<double>>(t.column(column))[static_cast<std::size_t>(it - codes.begin())];
    };
    for (Part& p : parts) {
        p.value_before = lookup(cb, nodes_b, p.node, "value");
        p.value_after = lookup(ca, nodes_a, p.node, "value");
        p.contribution_before = lookup(cb, nodes_b, p.node, "contribution");
        p.contribution_after = lookup(ca, nodes_a, p.node, "contribution");
        p.change = (std::isnan(p.contribution_after) ? 0.0 : p.contribution_after) -
                   (std::isnan(p.contribution_before) ? 0.0 : p.contribution_before);
    }
    return parts;
}

// True when every aggregate at and (with to_leaves) below `code` has an additive split in `run`.
bool all_split(const Results& run, const std::string& code, bool to_leaves) {
    if (!run.aggregation_record(code).has_split()) return false;
    if (to_leaves)
        for (const auto& c : run.framework().children(code))
            if (run.framework().node(c).type == NodeType::aggregate && !all_split(run, c, true)) return false;
    return true;
}

// The Shapley split of one unit's change from `from` to `to`, aggregate by aggregate (see the header).
class ShapleySplit {
public:
    ShapleySplit(const Results& from, const Results& to, const Side& f, const Side& t, const DecomposeOptions& options)
        : to_(to), data_from_(from.data_set("Aggregated")), data_to_(to.data_set("Aggregated")), options_(options) {
        check_same_nodes(data_from_.columns(), data_to_.columns());
        row_from_ = *detail::find_unit_row(data_from_, detail::rows_of(data_from_, f.year), f.code);
        year_rows_ = detail::rows_of(data_to_, t.year);
        row_to_ = *detail::find_unit_row(data_to_, year_rows_, t.code);
    }

    // Splits aggregate `node`'s change; `ratio` takes its units to the decomposed node's, `ratio_se`
    // is the standard error of that ratio (sampling above).
    void split(const std::string& node, double ratio, double ratio_se, bool to_leaves) {
        const AggregationRecord& record = to_.aggregation_record(node);
        const auto k = static_cast<Eigen::Index>(record.children.size());

        Eigen::VectorXd before(k), after(k);
        for (Eigen::Index j = 0; j < k; ++j) {
            before[j] = value(data_from_, row_from_, record.children[static_cast<std::size_t>(j)]);
            after[j] = value(data_to_, row_to_, record.children[static_cast<std::size_t>(j)]);
        }
        Eigen::VectorXd phi = Eigen::VectorXd::Zero(k), se = Eigen::VectorXd::Zero(k);
        const bool exact = static_cast<std::size_t>(k) <= options_.exact_limit;
        if (exact) {
            // v(S) for every coalition S (bit j: child j at its after value), then
            // phi_j = sum over S without j of |S|! (k - |S| - 1)! / k! (v(S + j) - v(S)).
            const Eigen::Index count = Eigen::Index{1} << k;
            Eigen::MatrixXd x(count, k);
            for (Eigen::Index s = 0; s < count; ++s)
                for (Eigen::Index j = 0; j < k; ++j) x(s, j) = ((s >> j) & 1) ? after[j] : before[j];
            const Eigen::VectorXd v = evaluate(record, x);
            std::vector<double> weight(
                static_cast<std::size_t>(k));  // |S|! (k - |S| - 1)! / k! = 1 / (k C(k - 1, |S|))
            for (Eigen::Index m = 0; m < k; ++m) {
                double choose = 1.0;
                for (Eigen::Index i = 1; i <= m; ++i)
                    choose = choose * static_cast<double>(k - 1 - m + i) / static_cast<double>(i);
                weight[static_cast<std::size_t>(m)] = 1.0 / (static_cast<double>(k) * choose);
            }
            for (Eigen::Index s = 0; s < count; ++s)
                for (Eigen::Index j = 0; j < k; ++j)
                    if (!((s >> j) & 1))
                        phi[j] += weight[static_cast<std::size_t>(std::popcount(static_cast<unsigned long long>(s)))] *
                                  (v[s | (Eigen::Index{1} << j)] - v[s]);
        } else {
            // Sampled orders: each order's marginals add up to v(all) - v(none), so do their means.
            const auto n = static_cast<Eigen::Index>(options_.permutations);
            detail::CounterRandom random(options_.seed, stream_++, 0x5A4C);
            std::vector<std::vector<Eigen::Index>> orders(static_cast<std::size_t>(n));
            Eigen::MatrixXd x(n * (k + 1), k);
            for (Eigen::Index p = 0; p < n; ++p) {
                auto& order = orders[static_cast<std::size_t>(p)];
                order.resize(static_cast<std::size_t>(k));
                std::iota(order.begin(), order.end(), Eigen::Index{0});
                for (Eigen::Index i = k - 1; i > 0; --i)
                    std::swap(order[static_cast<std::size_t>(i)],
                              order[static_cast<std::size_t>(std::min<double>(
                                  std::floor(random.uniform() * static_cast<double>(i + 1)), static_cast<double>(i)))]);
                Eigen::VectorXd current = before;
                x.row(p * (k + 1)) = current;
                for (Eigen::Index i = 0; i < k; ++i) {
                    const Eigen::Index j = order[static_cast<std::size_t>(i)];
                    current[j] = after[j];
                    x.row(p * (k + 1) + i + 1) = current;
                }
            }
            const Eigen::VectorXd v = evaluate(record, x);
            Eigen::MatrixXd marginal(n, k);
            for (Eigen::Index p = 0; p < n; ++p)
                for (Eigen::Index i = 0; i < k; ++i)
                    marginal(p, orders[static_cast<std::size_t>(p)][static_cast<std::size_t>(i)]) =
                        v[p * (k + 1) + i + 1] - v[p * (k + 1) + i];
            phi = marginal.colwise().mean().transpose();
            for (Eigen::Index j = 0; j < k; ++j) {
                const double var = (marginal.col(j).array() - phi[j]).square().sum() / static_cast<double>(n - 1);
                se[j] = std::sqrt(var / static_cast<double>(n));
            }
        }
        const double value_before = value(data_from_, row_from_, node), value_after = value(data_to_, row_to_, node);
        const double residual = (value_after - value_before) - phi.sum();
        for (Eigen::Index j = 0; j < k; ++j) {
            const std::string& child = record.children[static_cast<std::size_t>(j)];
            const double part = phi[j] * ratio;
            const double part_se = std::hypot(se[j] * ratio, phi[j] * ratio_se);
            if (to_leaves && to_.framework().node(child).type == NodeType::aggregate) {
                const double change = after[j] - before[j];
                const bool moved = change != 0.0 && !std::isnan(change);
                split(child, moved ? part / change : 0.0, moved ? part_se / std::abs(change) : 0.0, true);
                continue;
            }
            parts_.push_back({.node = child,
                              .parent = node,
                              .value_before = before[j],
                              .value_after = after[j],
                              .change = part,
                              .std_error = part_se,
                              .method = exact ? "exact" : "sampled"});
        }
        // What the children's values do not explain: other rules at the node, or (Copeland,
        // Mazziotta-Pareto) the other units' values; rounding left out.
        if (std::abs(residual) > 1e-12 * (1.0 + std::abs(value_before) + std::abs(value_after)))
            parts_.push_back({.node = "(" + node + ")",
                              .parent = node,
                              .value_before = value_before,
                              .value_after = value_after,
                              .change = residual * ratio,
                              .std_error = std::abs(residual * ratio_se),
                              .method = "residual"});
    }

    [[nodiscard]] std::vector<Part> take() { return std::move(parts_); }

private:
    static double value(const Dataset& data, Eigen::Index row, const std::string& code) {
        return data.has_column(code) ? data.values()(row, data.column_index(code)) : nan_value;
    }

    // The node's value by the `to` run's method and weights for each row of children values `x`.
    Eigen::VectorXd evaluate(const AggregationRecord& record, const Eigen::MatrixXd& x) const {
        const Node& parent = to_.framework().node(record.node);
        const bool across_units =
            std::holds_alternative<Copeland>(record.method) || std::holds_alternative<MazziottaPareto>(record.method);
        if (!across_units) {  // each row on its own: all rows at once, named as the unit
            Units units;
            units.codes.assign(static_cast<std::size_t>(x.rows()),
                               data_to_.unit_codes()[static_cast<std::size_t>(row_to_)]);
            units.names.assign(units.codes.size(), "");
            return aggregate_rows(record.method, x, record.weights, AggregateContext{parent, record.children, units});
        }
        // The other units of the year at their `to` values, the unit's row replaced.
        const Eigen::MatrixXd all = record.inputs(data_to_);
        Eigen::MatrixXd year(static_cast<Eigen::Index>(year_rows_.size()), all.cols());
        Units units;
        Eigen::Index position = 0;
        for (std::size_t r = 0; r < year_rows_.size(); ++r) {
            year.row(static_cast<Eigen::Index>(r)) = all.row(year_rows_[r]);
            units.codes.push_back(data_to_.unit_codes()[static_cast<std::size_t>(year_rows_[r])]);
            units.names.push_back(data_to_.unit_names()[static_cast<std::size_t>(year_rows_[r])]);
            if (year_rows_[r] == row_to_) position = static_cast<Eigen::Index>(r);
        }
        Eigen::VectorXd v(x.rows());
        for (Eigen::Index s = 0; s < x.rows(); ++s) {
            year.row(position) = x.row(s);
            v[s] = aggregate_rows(record.method, year, record.weights,
                                  AggregateContext{parent, record.children, units})[position];
        }
        return v;
    }

    const Results& to_;
    const Dataset& data_from_;
    const Dataset& data_to_;
    const DecomposeOptions& options_;
    Eigen::Index row_from_ = 0, row_to_ = 0;
    std::vector<Eigen::Index> year_rows_;
    std::uint64_t stream_ = 0;
    std::vector<Part> parts_;
};

// The parts of the change from `from` to `to` by `rule` (contributions or shapley).
std::vector<Part> split_parts(const Results& from, const Results& to, const Side& f, const Side& t,
                              const std::string& code, bool to_leaves, SplitRule rule,
                              const DecomposeOptions& options) {
    if (rule == SplitRule::contributions) return contribution_parts(from, to, f, t, code, to_leaves);
    ShapleySplit s(from, to, f, t, options);
    s.split(code, 1.0, 0.0, to_leaves);
    return s.take();
}

// The mean of two splits of the data change (one under each methodology), matched by node.
std::vector<Part> mean_parts(const std::vector<Part>& under_before, const std::vector<Part>& under_after) {
    std::vector<Part> out = under_before;
    for (Part& p : out) {
        p.change *= 0.5;
        p.std_error *= 0.5;
        p.value_after = p.contribution_after = nan_value;  // taken from the after run's split below
    }
    for (const Part& q : under_after) {
        auto it = std::find_if(out.begin(), out.end(), [&](const Part& p) { return p.node == q.node; });
        if (it == out.end()) {
            out.push_back(q);
            out.back().change *= 0.5;
            out.back().std_error *= 0.5;
            out.back().value_before = out.back().contribution_before = nan_value;
            continue;
        }
        it->change += 0.5 * q.change;
        it->std_error = std::hypot(it->std_error, 0.5 * q.std_error);
        it->value_after = q.value_after;
        it->contribution_after = q.contribution_after;
        if (it->method != q.method) it->method += "/" + q.method;
    }
    return out;
}

Table parts_table(const std::vector<Part>& parts) {
    Table t;
    const auto text = [&](auto member) {
        std::vector<std::string> v;
        for (const Part& p : parts) v.push_back(p.*member);
        return v;
    };
    const auto numbers = [&](auto member) {
        std::vector<double> v;
        for (const Part& p : parts) v.push_back(p.*member);
        return v;
    };
    t.add("node", text(&Part::node));
    t.add("parent", text(&Part::parent));
    t.add("value_before", numbers(&Part::value_before));
    t.add("value_after", numbers(&Part::value_after));
    t.add("contribution_before", numbers(&Part::contribution_before));
    t.add("contribution_after", numbers(&Part::contribution_after));
    t.add("change", numbers(&Part::change));
    t.add("std_error", numbers(&Part::std_error));
    t.add("method", text(&Part::method));
    return t;
}

void check(const DecomposeOptions& options) {
    if (options.exact_limit > 16)
        throw error_at<MethodError>({.column = "exact_limit", .found = std::to_string(options.exact_limit)},
                                    "decompose change: exact_limit " + std::to_string(options.exact_limit) +
                                        " would enumerate 2^" + std::to_string(options.exact_limit) +
                                        " coalitions; expected at most 16");
    if (options.permutations < 2)
        throw error_at<MethodError>({.column = "permutations", .found = std::to_string(options.permutations)},
                                    "decompose change: permutations " + std::to_string(options.permutations) +
                                        " gives no standard error; expected at least 2");
}

// The tree codes at and below `code` in `framework` (none when it has no such node).
std::set<std::string> subtree(const Framework& framework, const std::string& code) {
    std::set<std::string> out;
    if (framework.find(code) == nullptr) return out;
    std::vector<std::string> stack{code};
    while (!stack.empty()) {
        std::string c = std::move(stack.back());
        stack.pop_back();
        for (const std::string& child : framework.children(c)) stack.push_back(child);
        out.insert(std::move(c));
    }
    return out;
}

std::string side_word(bool before) { return before ? "before" : "after"; }

std::string weights_text(const std::vector<std::string>& children, const Eigen::VectorXd& weights) {
    std::string out;
    for (std::size_t j = 0; j < children.size() && static_cast<Eigen::Index>(j) < weights.size(); ++j)
        out += (j ? ", " : "") + children[j] + " " + detail::exact_number(weights[static_cast<Eigen::Index>(j)]);
    return out;
}

// A run's raw data scored under another run's methodology (its pipeline on its framework), or why not.
struct Rerun {
    std::optional<Results> results;
    std::string reason;   // why it cannot be done (empty when done)
    std::string missing;  // the first indicator the raw data lacks, if that is why
};

Rerun rerun_under(const Results& data_run, bool data_before, const Results& methodology_run) {
    const std::string data_side = side_word(data_before), rules_side = side_word(!data_before);
    Rerun out;
    if (!methodology_run.pipeline()) {
        out.reason = "the " + rules_side + " run does not record its pipeline";
        return out;
    }
    const Dataset& raw = data_run.data_sets().front().second;
    const Framework& framework = methodology_run.framework();
    std::vector<std::string> missing;
    for (const std::string& c : framework.indicators())
        if (!raw.has_column(c)) missing.push_back(c);
    if (!missing.empty()) {
        out.missing = missing.front();
        out.reason = "the " + data_side + " data has no ";
        for (std::size_t k = 0; k < missing.size() && k < 5; ++k) out.reason += (k ? ", " : "") + in_quotes(missing[k]);
        if (missing.size() > 5) out.reason += " and " + std::to_string(missing.size() - 5) + " more";
        out.reason +=
            " (indicator" + std::string(missing.size() > 1 ? "s" : "") + " of the " + rules_side + " methodology)";
        return out;
    }
    const auto columns = static_cast<Eigen::Index>(framework.indicators().size());
    Eigen::MatrixXd values(raw.unit_count(), columns);
    CellFlags flags(raw.unit_count(), columns);
    Eigen::MatrixXd errors = raw.has_standard_errors() ? Eigen::MatrixXd(raw.unit_count(), columns) : Eigen::MatrixXd();
    for (Eigen::Index j = 0; j < columns; ++j) {
        const Eigen::Index from = raw.column_index(framework.indicators()[static_cast<std::size_t>(j)]);
        values.col(j) = raw.values().col(from);
        flags.col(j) = raw.flags().col(from);
        if (errors.size() > 0) errors.col(j) = raw.standard_errors().col(from);
    }
    try {
        Results rerun = methodology_run.pipeline()->run(
            framework, raw.with_values(framework.indicators(), std::move(values), std::move(flags), std::move(errors)));
        out.results = std::move(rerun);
    } catch (const Error& e) {
        out.reason = "scoring the " + data_side + " data under the " + rules_side + " methodology fails: " + e.what();
    }
    return out;
}

// True when the two runs certainly score alike: equal frameworks, equal pipelines (both known) and
// the same method, children and weights recorded at every aggregate.
bool same_methodology(const Results& before, const Results& after) {
    if (!(before.framework() == after.framework())) return false;
    const auto& pb = before.pipeline();
    const auto& pa = after.pipeline();
    if (!pb || !pa || !(*pb == *pa)) return false;
    const auto& rb = before.aggregation_records();
    const auto& ra = after.aggregation_records();
    if (rb.size() != ra.size()) return false;
    for (std::size_t i = 0; i < rb.size(); ++i)
        if (rb[i].node != ra[i].node || rb[i].children != ra[i].children || !(rb[i].method == ra[i].method) ||
            rb[i].weights.size() != ra[i].weights.size() || rb[i].weights != ra[i].weights)
            return false;
    return true;
}

}  // namespace

std::vector<std::string> methodology_differences(const Results& before, const Results& after, std::string_view node) {
    std::vector<std::string> out;
    if (&before == &after) return out;
    const Framework& fb = before.framework();
    const Framework& fa = after.framework();
    if (same_methodology(before, after)) return out;  // the common case, without the node-by-node work
    const std::string code = node.empty() ? fb.root() : std::string(node);
    std::set<std::string> scope = subtree(fb, code);
    scope.merge(subtree(fa, code));
    const auto in_scope = [&](const std::string& c) { return scope.count(c) > 0; };
    std::set<std::string> reweighted;  // aggregates whose children's weights were already reported
    const auto parent_text = [](const Node& n) {
        return n.parent.empty() ? std::string(" (the root)") : " (under " + in_quotes(n.parent) + ")";
    };
    for (const std::string& c : fb.tree_codes())
        if (in_scope(c) && fa.find(c) == nullptr)
            out.push_back("node " + in_quotes(c) + parent_text(fb.node(c)) + " is in the before run only");
    for (const std::string& c : fa.tree_codes())
        if (in_scope(c) && fb.find(c) == nullptr)
            out.push_back("node " + in_quotes(c) + parent_text(fa.node(c)) + " is in the after run only");
    for (const std::string& c : fb.tree_codes()) {
        const Node* a = fa.find(c);
        if (!in_scope(c) || a == nullptr || !a->in_tree()) continue;
        const Node& b = fb.node(c);
        if (b.parent != a->parent)
            out.push_back("node " + in_quotes(c) + " moved from " +
                          (b.parent.empty() ? "the root" : in_quotes(b.parent)) + " to " +
                          (a->parent.empty() ? "the root" : in_quotes(a->parent)));
        if (b.type != a->type)
            out.push_back("node " + in_quotes(c) + " is an " + std::string(to_string(b.type)) + " before, an " +
                          std::string(to_string(a->type)) + " after");
        if (b.direction != a->direction)
            out.push_back("direction of " + in_quotes(c) + ": " + std::to_string(b.direction) + " -> " +
                          std::to_string(a->direction));
        if (b.weight != a->weight && !(std::isnan(b.weight) && std::isnan(a->weight)) && c != code) {
            out.push_back("weight of " + in_quotes(c) + ": " + detail::exact_number(b.weight) + " -> " +
                          detail::exact_number(a->weight));
            reweighted.insert(b.parent);
        }
        if (b.denominator != a->denominator)
            out.push_back("denominator of " + in_quotes(c) + ": " +
                          (b.denominator.empty() ? "none" : in_quotes(b.denominator)) + " -> " +
                          (a->denominator.empty() ? "none" : in_quotes(a->denominator)));
    }
    const auto& pb = before.pipeline();
    const auto& pa = after.pipeline();
    if (pb && pa && !(*pb == *pa)) {
        const auto name = [](const Step& s) {
            return std::string(std::visit([](const auto& x) { return x.step_name; }, s));
        };
        const std::vector<Step>& sb = pb->steps();
        const std::vector<Step>& sa = pa->steps();
        if (sb.size() != sa.size()) {
            const auto names = [&](const std::vector<Step>& steps) {
                std::string t;
                for (const Step& s : steps) t += (t.empty() ? "" : ", ") + name(s);
                return t.empty() ? std::string("none") : t;
            };
            out.push_back("pipeline steps: " + names(sb) + " before, " + names(sa) + " after");
        } else {
            for (std::size_t i = 0; i < sb.size(); ++i)
                if (!(sb[i] == sa[i]))
                    out.push_back("pipeline step " + std::to_string(i + 1) + " (" + name(sb[i]) + ") differs" +
                                  (name(sb[i]) == name(sa[i]) ? std::string() : " (" + name(sa[i]) + " after)"));
        }
    }
    // What each aggregate did, as the runs recorded it (weight sets, step overrides, methods).
    for (const AggregationRecord& rb : before.aggregation_records()) {
        if (!in_scope(rb.node)) continue;
        const auto& records = after.aggregation_records();
        const auto ra =
            std::find_if(records.begin(), records.end(), [&](const AggregationRecord& r) { return r.node == rb.node; });
        if (ra == records.end()) continue;
        if (!(rb.method == ra->method))
            out.push_back("aggregation at " + in_quotes(rb.node) + ": " + method_name(rb.method) + " -> " +
                          method_name(ra->method));
        if (rb.children == ra->children && !reweighted.count(rb.node) &&
            (rb.weights.size() != ra->weights.size() || rb.weights != ra->weights))
            out.push_back("weights at " + in_quotes(rb.node) + ": " + weights_text(rb.children, rb.weights) + " -> " +
                          weights_text(ra->children, ra->weights));
    }
    return out;
}

ChangeDecomposition decompose_change(const Results& before, const Results& after, std::string_view unit,
                                     std::string_view node, std::optional<int> year_before,
                                     std::optional<int> year_after, bool to_leaves, const DecomposeOptions& given) {
    check(given);
    const std::string code = node.empty() ? before.framework().root() : std::string(node);
    // side[m][y]: methodology m (0 before, 1 after) on the data of year y (0 before, 1 after).
    std::array<std::array<std::optional<Side>, 2>, 2> side;
    side[0][0] = side_of(before, unit, code, year_before, "before");
    side[1][1] = side_of(after, unit, code, year_after, "after");
    ChangeDecomposition out;
    DecomposeOptions options = given;
    std::optional<Results> made_before, made_after;  // re-scored runs made here
    out.methodology_differences = methodology_differences(before, after, code);
    if (given.before_rescored != nullptr || given.after_rescored != nullptr) {
        out.rescoring = "given";
        if (given.before_rescored)
            side[1][0] = side_of(*given.before_rescored, unit, code, year_before, "before_rescored", false);
        if (given.after_rescored)
            side[0][1] = side_of(*given.after_rescored, unit, code, year_after, "after_rescored", false);
    } else if (!out.methodology_differences.empty()) {
        // Two methodologies and no re-scored runs: make them, each where the data allows.
        out.rescoring = "automatic";
        Rerun b = rerun_under(before, true, after), a = rerun_under(after, false, before);
        const auto try_side = [&](Rerun& r, int m, int y, std::optional<int> year, const char* which) {
            if (!r.results) return;
            try {
                side[m][y] = side_of(*r.results, unit, code, year, which, false);
            } catch (const Error& e) {
                r.reason = e.what();
                r.results.reset();
            }
        };
        try_side(b, 1, 0, year_before, "before data re-scored under the after methodology");
        try_side(a, 0, 1, year_after, "after data re-scored under the before methodology");
        if (!b.results && !a.results) {
            std::string listed;
            for (std::size_t k = 0; k < out.methodology_differences.size() && k < 6; ++k)
                listed += (k ? "; " : "") + out.methodology_differences[k];
            if (out.methodology_differences.size() > 6)
                listed += "; and " + std::to_string(out.methodology_differences.size() - 6) + " more";
            throw error_at<MethodError>(
                {.source = "methodology",
                 .column = b.missing.empty() ? a.missing : b.missing,
                 .node = code,
                 .expected = "two runs of one methodology, or data that can be scored under the other's",
                 .found = out.methodology_differences.front()},
                "decompose change: the two runs differ in methodology (" + listed +
                    ") and neither can be re-scored under the other's: " + b.reason + "; " + a.reason +
                    "; expected two runs of one methodology, or data that can be scored under the other's (or "
                    "give before_rescored / after_rescored)");
        }
        made_before = std::move(b.results);
        made_after = std::move(a.results);
        options.before_rescored = made_before ? &*made_before : nullptr;
        options.after_rescored = made_after ? &*made_after : nullptr;
    }
    const Side& b = *side[0][0];
    const Side& a = *side[1][1];
    out.unit = a.code;
    out.node = code;
    out.score_before = b.score;
    out.score_after = a.score;
    out.rank_before = rank_among(b.score, b.others);
    out.rank_after = rank_among(a.score, a.others);
    const double rank_change = out.rank_after - out.rank_before, score_change = out.score_after - out.score_before;
    // The unit's rank under methodology m with its own data of year `own` and the others' of `others`.
    const auto rank = [&](int m, int own, int others) {
        return rank_among(side[m][own]->score, side[m][others]->others);
    };
    // Two-player Shapley values over {own, others} within methodology m: each averaged over both orders.
    const auto own_within = [&](int m) {
        return 0.5 * ((rank(m, 1, 0) - rank(m, 0, 0)) + (rank(m, 1, 1) - rank(m, 0, 1)));
    };
    const bool with_before = options.before_rescored != nullptr, with_after = options.after_rescored != nullptr;
    if (with_before && with_after) {
        // Three players: own (bit 0), others (bit 1), methodology (bit 2); weights 1/3, 1/6, 1/3 by
        // the size of the coalition joined.
        const auto v = [&](int s) { return rank((s >> 2) & 1, s & 1, (s >> 1) & 1); };
        std::array<double, 3> phi{};
        for (int i = 0; i < 3; ++i)
            for (int s = 0; s < 8; ++s)
                if (!((s >> i) & 1)) {
                    const int size = std::popcount(static_cast<unsigned>(s));
                    phi[static_cast<std::size_t>(i)] += (size == 1 ? 1.0 / 6.0 : 1.0 / 3.0) * (v(s | (1 << i)) - v(s));
                }
        out.own_part = phi[0];
        out.others_part = phi[1];
        out.methodology_part = phi[2];
        out.score_data_part = 0.5 * ((side[0][1]->score - b.score) + (a.score - side[1][0]->score));
        out.score_methodology_part = score_change - out.score_data_part;
    } else if (with_before) {  // the methodology first, then the data under the after methodology
        out.sequence = "methodology first";
        out.methodology_part = rank(1, 0, 0) - out.rank_before;
        out.own_part = own_within(1);
        out.others_part = (rank_change - out.methodology_part) - out.own_part;
        out.score_methodology_part = side[1][0]->score - b.score;
        out.score_data_part = a.score - side[1][0]->score;
    } else if (with_after) {  // the data under the before methodology, then the methodology
        out.sequence = "data first";
        out.own_part = own_within(0);
        out.methodology_part = out.rank_after - rank(0, 1, 1);
        out.others_part = (rank_change - out.methodology_part) - out.own_part;
        out.score_data_part = side[0][1]->score - b.score;
        out.score_methodology_part = a.score - side[0][1]->score;
    } else {
        side[0][1] = side[1][1];  // one methodology: the after run is the after data under it
        out.own_part = own_within(0);
        out.others_part = rank_change - out.own_part;
        out.score_data_part = score_change;
    }
    // The one-at-a-time reading, within the methodology of the data change.
    const int m = side[0][1] ? 0 : 1;
    const double base = rank(m, 0, 0);
    out.rank_if_only_own = rank(m, 1, 0);
    out.rank_if_only_others = rank(m, 0, 1);
    out.own_alone_part = out.rank_if_only_own - base;
    out.others_alone_part = out.rank_if_only_others - base;
    out.interaction_part = rank_change - out.methodology_part - out.own_alone_part - out.others_alone_part;
    for (const auto& [u, v] : b.others)
        if (!a.others.count(u) && u != a.code) out.only_before.push_back(u);
    for (const auto& [u, v] : a.others)
        if (!b.others.count(u) && u != b.code) out.only_after.push_back(u);

    // The score's data change over the nodes, within one methodology where re-scored runs say how.
    SplitRule rule = options.rule;
    if (rule == SplitRule::automatic) {
        bool additive = all_split(before, code, to_leaves) && all_split(after, code, to_leaves);
        for (const Results* r : {options.before_rescored, options.after_rescored})
            if (r != nullptr) additive = additive && all_split(*r, code, to_leaves);
        rule = additive ? SplitRule::contributions : SplitRule::shapley;
    }
    out.rule = std::string(to_string(rule));
    std::vector<Part> parts;
    if (with_before && with_after)
        parts =
            mean_parts(split_parts(before, *options.after_rescored, b, *side[0][1], code, to_leaves, rule, options),
                       split_parts(*options.before_rescored, after, *side[1][0], a, code, to_leaves, rule, options));
    else if (with_before)
        parts = split_parts(*options.before_rescored, after, *side[1][0], a, code, to_leaves, rule, options);
    else if (with_after)
        parts = split_parts(before, *options.after_rescored, b, *side[0][1], code, to_leaves, rule, options);
    else
        parts = split_parts(before, after, b, a, code, to_leaves, rule, options);
    for (const Part& p : parts)
        if (!std::isfinite(p.change) || !std::isfinite(p.std_error))
            throw error_at<NumericError>(
                {.source = "split over the nodes", .column = "change", .node = p.node, .found = out.unit},
                "decompose change: the part of node " + in_quotes(p.node) + " for unit " + in_quotes(out.unit) +
                    " is " + detail::exact_number(p.change) + "; expected a finite number");
    out.parts = parts_table(parts);
    return out;
}

}  // namespace govindex
