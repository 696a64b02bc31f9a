// Gap to a target rank: the score that reaches it, the points still needed, each node's headroom and
// effect on the ranked node; the least-cost plan that closes the gap (Cbc), checked by re-scoring and
// simulated under standard errors. Guide: docs/guide/planning.md.
#include "govindex/engines/planning/planning.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "engines/planning/linear_program.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/detail/sizes.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/steps/aggregate.hpp"
#include "govindex/text.hpp"
#include "pipeline/unit_rows.hpp"
#include "pipeline/what_if_run.hpp"

namespace govindex {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
using detail::exact_number;
using detail::in_quotes;

MethodError plan_error(const std::string& field, const std::string& node, const std::string& what,
                       const std::string& expected, const std::string& found) {
    return error_at<MethodError>(
        {.column = field, .node = node, .expected = expected, .found = found},
        "plan: " + field + (node.empty() ? "" : " " + in_quotes(node)) + ": " + what + "; expected " + expected);
}

// A fingerprint as 16 hex digits.
std::string fingerprint_text(std::uint64_t x) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, x >>= 4) out[static_cast<std::size_t>(i)] = hex[x & 0xF];
    return out;
}

// The position of the pipeline's (last) aggregate step: the data set it saw has the same index.
std::size_t aggregate_position(const Results& results) {
    if (!results.pipeline())
        throw MethodError("plan: the results do not know their pipeline; expected the results of Pipeline.run",
                          ErrorLocation{.column = "results", .expected = "results of Pipeline.run"});
    const auto& steps = results.pipeline()->steps();
    for (std::size_t k = steps.size(); k-- > 0;)
        if (std::holds_alternative<Aggregate>(steps[k])) return k;
    throw MethodError("plan: the pipeline has no aggregate step; expected one",
                      ErrorLocation{.column = "results", .expected = "a pipeline with an Aggregate step"});
}

// The unit's score and competition rank on `node` in `results` (the others as they are there).
std::pair<double, double> score_and_rank(const Results& results, const std::string& unit, const std::string& node,
                                         std::optional<int> year) {
    const Dataset& data = results.scores();
    const std::vector<Eigen::Index> rows = detail::rows_of(data, data.is_panel() ? year : std::nullopt);
    const Eigen::Index column = data.column_index(node);
    double score = nan_value;
    std::vector<double> others;
    for (const Eigen::Index r : rows)
        if (data.unit_codes()[static_cast<std::size_t>(r)] == unit)
            score = data.values()(r, column);
        else
            others.push_back(data.values()(r, column));
    return {score, detail::competition_rank(score, others)};
}

// For each replicate of the simulation, the lowest score of the unit that still reaches the target
// rank (the target-th highest of the others' varied scores, less the unit's own variation); sorted.
std::vector<double> scores_needed(const Results& results, const TargetGap& gap, const PlanOptions& options) {
    const std::size_t k = aggregate_position(results);
    const auto& steps = results.pipeline()->steps();
    DataNoise noise{.name = "scores", .columns = {}, .node = gap.node, .standard_errors = options.standard_errors};
    const UncertaintyEngine engine(
        results.framework(), Pipeline(std::vector<Step>(steps.begin() + static_cast<std::ptrdiff_t>(k), steps.end())),
        results.data_sets()[k].second, {noise}, {gap.node}, gap.year);
    UncertaintyOptions run{.replicates = options.replicates,
                           .seed = options.seed,
                           .threads = options.threads,
                           .begin = 0,
                           .end = std::nullopt,
                           .keep_replicates = true,
                           .progress = options.progress};
    const UncertaintyResult result = engine.uncertainty(run);
    const Eigen::MatrixXd& scores = result.replicate_scores().front();  // replicates x units
    const auto& codes = result.unit_codes();
    const auto self = static_cast<Eigen::Index>(std::find(codes.begin(), codes.end(), gap.unit) - codes.begin());
    const Eigen::VectorXd nominal = result.node(gap.node).nominal_score;
    std::vector<double> needed, others;
    for (Eigen::Index r = 0; r < scores.rows(); ++r) {
        others.clear();
        for (Eigen::Index u = 0; u < scores.cols(); ++u)
            if (u != self && !std::isnan(scores(r, u))) others.push_back(scores(r, u));
        const auto n = static_cast<std::size_t>(gap.target_rank);
        const double threshold =
            n <= others.size() ? (std::nth_element(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(n - 1),
                                                   others.end(), std::greater<>()),
                                  others[n - 1])
                               : -std::numeric_limits<double>::infinity();
        needed.push_back(threshold - (scores(r, self) - nominal[self]));
    }
    std::sort(needed.begin(), needed.end());
    return needed;
}

}  // namespace

TargetGap gap_to_target(const Results& results, std::string_view unit, int target_rank, std::string_view node,
                        std::optional<int> year, const std::map<std::string, double>& maxima) {
    const Framework& fw = results.framework();
    const Dataset& data = results.data_set("Aggregated");
    const Node* target = node.empty() ? &fw.node(fw.root()) : fw.find(node);
    if (target == nullptr || !target->in_tree())
        throw error_at<UnknownCodeError>(
            {.column = "node", .node = std::string(node), .expected = "an indicator or aggregate code"},
            "gap to target: node " + in_quotes(node) + ": " + (target == nullptr ? "unknown node" : "not in the tree") +
                "; expected an indicator or aggregate code");
    if (data.is_panel() && !year)
        throw UnknownCodeError("gap to target: panel data; expected the year to rank in",
                               ErrorLocation{.column = "year", .expected = "a year of the data", .found = "none"});
    const std::vector<Eigen::Index> rows = detail::rows_of(data, data.is_panel() ? year : std::nullopt);
    if (rows.empty())
        throw UnknownCodeError(
            "gap to target: no unit in " + std::to_string(*year),
            ErrorLocation{.column = "year", .expected = "a year of the data", .found = std::to_string(*year)});
    // The unit, by code or name (NFC).
    const std::optional<Eigen::Index> row = detail::find_unit_row(data, rows, unit);
    if (!row)
        throw error_at<UnknownCodeError>(
            {.column = "unit", .expected = "a unit code or name", .found = std::string(unit)},
            "gap to target: no unit with code or name " + in_quotes(unit) +
                (year ? " in " + std::to_string(*year) : std::string()) + "; expected a unit code or name");
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
                          ErrorLocation{.column = "target_rank",
                                        .expected = "a rank from 1 to " + std::to_string(out.units),
                                        .found = std::to_string(target_rank)});
    out.target_rank = target_rank;
    std::sort(others.begin(), others.end(), std::greater<>());
    // rank(s) = 1 + #{others > s} <= N  <=>  s >= the N-th highest other score.
    out.required_score = static_cast<std::size_t>(target_rank) <= others.size()
                             ? others[static_cast<std::size_t>(target_rank - 1)]
                             : -std::numeric_limits<double>::infinity();
    if (std::isnan(out.score)) {
        out.rank = nan_value;
        out.gap = nan_value;
    } else {
        out.rank = detail::competition_rank(out.score, others);
        out.gap = std::max(0.0, out.required_score - out.score);
        out.reached = out.rank <= target_rank;
        if (std::isinf(out.gap))
            throw error_at<NumericError>(
                {.source = "gap to target",
                 .column = "gap",
                 .node = out.node,
                 .expected = "a finite gap",
                 .found = "inf"},
                "gap to target: unit " + in_quotes(out.unit) + ", node " + in_quotes(out.node) + ": the gap " +
                    exact_number(out.required_score) + " - " + exact_number(out.score) +
                    " exceeds the largest double; expected a finite gap (scores near the largest double)");
    }
    // Maxima by node code (NFC), checked.
    std::map<std::string, double> maximum;
    for (const auto& [code, value] : maxima) {
        const Node* n = fw.find(code);
        if (n == nullptr || !n->in_tree())
            throw error_at<UnknownCodeError>(
                {.column = "maxima", .node = code, .expected = "an indicator or aggregate code"},
                "gap to target: maximum for " + in_quotes(code) +
                    ": unknown node; expected an "
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
                                  ErrorLocation{.column = "maxima",
                                                .node = child,
                                                .expected = "at least " + exact_number(best),
                                                .found = exact_number(max)});
            const double top = std::isnan(max) ? best : max;
            const double headroom = std::isnan(value) || std::isnan(top) ? nan_value : std::max(0.0, top - value);
            if (std::isinf(headroom))
                throw error_at<NumericError>({.source = "gap to target",
                                              .column = "headroom",
                                              .node = child,
                                              .expected = "a finite headroom",
                                              .found = "inf"},
                                             "gap to target: unit " + in_quotes(out.unit) + ", node " +
                                                 in_quotes(child) + ": the headroom " + exact_number(top) + " - " +
                                                 exact_number(value) +
                                                 " exceeds the largest double; expected a finite headroom");
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
            throw MethodError(
                "gap to target: maximum for " + in_quotes(code) + ", which is not below " + in_quotes(target->code) +
                    "; expected nodes below the ranked node",
                ErrorLocation{
                    .column = "maxima", .node = code, .expected = "a node below " + target->code, .found = code});
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

std::string_view to_string(PlanObjective objective) {
    return objective == PlanObjective::least_cost ? "least_cost" : "fewest_nodes";
}

std::optional<PlanObjective> parse_plan_objective(std::string_view text) {
    if (text == "least_cost") return PlanObjective::least_cost;
    if (text == "fewest_nodes") return PlanObjective::fewest_nodes;
    return std::nullopt;
}

namespace {

// One node a plan may change.
struct Candidate {
    std::string node, parent;
    double value = 0.0, effect = 0.0, cap = 0.0, cost = 1.0;
    std::vector<double> steps;  // discrete: the improvements to each level above the value, within the cap
    bool discrete = false;
};

std::vector<Candidate> candidates_of(const Results& results, const TargetGap& gap, const PlanOptions& options) {
    const Framework& fw = results.framework();
    const Table& h = gap.headroom;
    const auto& codes = std::get<std::vector<std::string>>(h.column("node"));
    const auto& parents = std::get<std::vector<std::string>>(h.column("parent"));
    const auto& values = std::get<std::vector<double>>(h.column("value"));
    const auto& headrooms = std::get<std::vector<double>>(h.column("headroom"));
    const auto& effects = std::get<std::vector<double>>(h.column("effect"));
    // Option keys by code (NFC), each an indicator below the ranked node, each node once per field
    // (two spellings of one code, NFC and NFD, are refused rather than one winning).
    std::map<std::pair<std::string, std::string>, std::string> spelling;  // (field, code) -> key given
    const auto resolve = [&](const std::string& key, const std::string& field) {
        const Node* n = fw.find(key);
        const auto it = n == nullptr ? codes.end() : std::find(codes.begin(), codes.end(), n->code);
        if (it == codes.end() || !fw.children(n->code).empty())
            throw plan_error(field, key,
                             n == nullptr ? "unknown node" : "not an indicator below " + in_quotes(gap.node),
                             "an indicator below " + gap.node, key);
        const auto [seen, fresh] = spelling.emplace(std::pair{field, n->code}, key);
        if (!fresh && seen->second != key)
            throw plan_error(field, key, "another spelling of " + in_quotes(seen->second) + ", the same node",
                             "one entry per node", "two spellings of " + n->code);
        return n->code;
    };
    std::map<std::string, double> costs, caps;
    std::map<std::string, std::vector<double>> levels;
    for (const auto& [key, cost] : options.costs) {
        if (!(cost >= 0.0) || std::isinf(cost))
            throw plan_error("costs", key, "cost " + exact_number(cost), "a finite cost >= 0", exact_number(cost));
        costs[resolve(key, "costs")] = cost;
    }
    for (const auto& [key, cap] : options.caps) {
        if (!(cap >= 0.0)) throw plan_error("caps", key, "cap " + exact_number(cap), "a cap >= 0", exact_number(cap));
        caps[resolve(key, "caps")] = cap;
    }
    for (const auto& [key, list] : options.levels) {
        for (const double v : list)
            if (!std::isfinite(v))
                throw plan_error("levels", key, "level " + exact_number(v), "finite levels", exact_number(v));
        if (list.empty()) throw plan_error("levels", key, "no level", "at least one level", "none");
        levels[resolve(key, "levels")] = list;
    }
    std::vector<std::string> allowed;
    if (options.nodes)
        for (const auto& key : *options.nodes) allowed.push_back(resolve(key, "nodes"));
    std::vector<Candidate> out;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        if (!fw.children(codes[i]).empty()) continue;  // aggregates follow from their indicators
        if (options.nodes && std::find(allowed.begin(), allowed.end(), codes[i]) == allowed.end()) continue;
        if (!(effects[i] > 0.0) || !(headrooms[i] > 0.0) || std::isnan(values[i])) continue;
        Candidate c{
            .node = codes[i], .parent = parents[i], .value = values[i], .effect = effects[i], .cap = headrooms[i]};
        if (const auto it = caps.find(c.node); it != caps.end()) c.cap = std::min(c.cap, it->second);
        if (const auto it = costs.find(c.node); it != costs.end()) c.cost = it->second;
        if (const auto it = levels.find(c.node); it != levels.end()) {
            c.discrete = true;
            for (const double level : it->second)
                if (level > c.value && level - c.value <= c.cap * (1.0 + 1e-12)) c.steps.push_back(level - c.value);
            std::sort(c.steps.begin(), c.steps.end());
            c.steps.erase(std::unique(c.steps.begin(), c.steps.end()), c.steps.end());
            if (c.steps.empty()) continue;
        }
        if (c.cap > 0.0) out.push_back(std::move(c));
    }
    return out;
}

// The improvements of a solution (per candidate), or of every candidate at its cap (`at_caps`).
struct Program {
    detail::LinearProgram lp;
    std::vector<std::vector<int>> columns;  // per candidate: its continuous column, or its level columns
    std::vector<int> touched;               // fewest_nodes: per continuous candidate its binary (or -1)
    int gain_row = 0;
};

Program program_of(const std::vector<Candidate>& cands, double needed, PlanObjective objective) {
    Program p;
    detail::LinearProgram::Row gain{
        .columns = {}, .coefficients = {}, .lower = needed, .upper = std::numeric_limits<double>::infinity()};
    const bool count = objective == PlanObjective::fewest_nodes;
    for (const Candidate& c : cands) {
        std::vector<int> cols;
        int binary = -1;
        if (c.discrete) {
            detail::LinearProgram::Row one{
                .columns = {}, .coefficients = {}, .lower = -std::numeric_limits<double>::infinity(), .upper = 1.0};
            for (const double d : c.steps) {
                const int j = p.lp.add_column(count ? 1.0 : c.cost * d, 0.0, 1.0, true);
                cols.push_back(j);
                gain.columns.push_back(j);
                gain.coefficients.push_back(c.effect * d);
                one.columns.push_back(j);
                one.coefficients.push_back(1.0);
            }
            if (!one.columns.empty()) p.lp.rows.push_back(std::move(one));
        } else {
            const int j = p.lp.add_column(count ? 0.0 : c.cost, 0.0, c.cap, false);
            cols.push_back(j);
            gain.columns.push_back(j);
            gain.coefficients.push_back(c.effect);
            if (count) {  // x <= cap * touched
                binary = p.lp.add_column(1.0, 0.0, 1.0, true);
                p.lp.rows.push_back({.columns = {j, binary},
                                     .coefficients = {1.0, -c.cap},
                                     .lower = -std::numeric_limits<double>::infinity(),
                                     .upper = 0.0});
            }
        }
        p.columns.push_back(std::move(cols));
        p.touched.push_back(binary);
    }
    p.gain_row = static_cast<int>(p.lp.rows.size());
    p.lp.rows.push_back(std::move(gain));
    return p;
}

// Improvement per candidate from a solution.
std::vector<double> improvements_of(const std::vector<Candidate>& cands, const Program& p,
                                    const std::vector<double>& x) {
    std::vector<double> out(cands.size(), 0.0);
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (cands[i].discrete) {
            for (std::size_t k = 0; k < cands[i].steps.size(); ++k)
                if (x[static_cast<std::size_t>(p.columns[i][k])] > 0.5) out[i] = cands[i].steps[k];
        } else {
            out[i] = std::clamp(x[static_cast<std::size_t>(p.columns[i][0])], 0.0, cands[i].cap);
            if (out[i] <= 1e-12 * std::max(1.0, cands[i].cap)) out[i] = 0.0;
        }
    }
    return out;
}

// Solves for the improvements reaching `needed` gain: status and improvements (empty when none).
std::pair<std::string, std::vector<double>> solve_plan(const std::vector<Candidate>& cands, double needed,
                                                       PlanObjective objective) {
    Program p = program_of(cands, needed, objective);
    detail::LinearSolution first = detail::solve(p.lp);
    if (!first.optimal()) return {first.status, {}};
    if (objective == PlanObjective::least_cost) return {first.status, improvements_of(cands, p, first.x)};
    // Fewest nodes: keep that count, then minimise the cost.
    const double fewest = std::round(first.objective);
    detail::LinearProgram::Row count{
        .columns = {}, .coefficients = {}, .lower = -std::numeric_limits<double>::infinity(), .upper = fewest + 0.5};
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (cands[i].discrete) {
            for (std::size_t k = 0; k < cands[i].steps.size(); ++k) {
                const auto j = static_cast<std::size_t>(p.columns[i][k]);
                count.columns.push_back(static_cast<int>(j));
                count.coefficients.push_back(1.0);
                p.lp.cost[j] = cands[i].cost * cands[i].steps[k];
            }
        } else {
            p.lp.cost[static_cast<std::size_t>(p.columns[i][0])] = cands[i].cost;
            p.lp.cost[static_cast<std::size_t>(p.touched[i])] = 0.0;
            count.columns.push_back(p.touched[i]);
            count.coefficients.push_back(1.0);
        }
    }
    p.lp.rows.push_back(std::move(count));
    detail::LinearSolution second = detail::solve(p.lp);
    if (!second.optimal()) return {second.status, improvements_of(cands, p, first.x)};
    return {second.status, improvements_of(cands, p, second.x)};
}

std::map<std::string, double> new_values(const std::vector<Candidate>& cands, const std::vector<double>& improvement) {
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < cands.size(); ++i)
        if (improvement[i] > 0.0) out[cands[i].node] = cands[i].value + improvement[i];
    return out;
}

}  // namespace

ImprovementPlan plan_improvement(const Results& results, std::string_view unit, int target_rank, std::string_view node,
                                 std::optional<int> year, const PlanOptions& options) {
    // The options that do not depend on the run, checked first: none may silently mean another.
    const std::optional<double> probability = options.probability;
    if (probability && !(*probability > 0.0 && *probability < 1.0))
        throw plan_error("probability", "", exact_number(*probability), "a probability strictly between 0 and 1",
                         exact_number(*probability));
    if (options.nodes && options.nodes->empty())
        throw plan_error("nodes", "", "an empty list", "at least one indicator code (none: every indicator)", "[]");
    ImprovementPlan plan;
    plan.run = run_fingerprint(results);
    plan.gap = gap_to_target(results, unit, target_rank, node, year, options.maxima);
    plan.objective = options.objective;
    const TargetGap& gap = plan.gap;
    if (std::isnan(gap.score))
        throw error_at<MethodError>(
            {.column = "unit", .node = gap.node, .expected = "a unit with a score", .found = gap.unit},
            "plan: unit " + in_quotes(gap.unit) + " has no score of " + in_quotes(gap.node) +
                "; expected a unit with a score");
    const std::size_t k = aggregate_position(results);
    const std::vector<Candidate> cands = candidates_of(results, gap, options);
    // The score to aim at: the required one, or the one that reaches the target with `probability`.
    const bool robust = probability.has_value();
    std::vector<double> needed;
    if (robust || !options.standard_errors.empty()) {
        if (options.replicates < 2)
            throw plan_error("replicates", "", std::to_string(options.replicates) + " replicates", "at least 2",
                             std::to_string(options.replicates));
        // Kept: replicates x units scores and ranks, and the replicates' needed scores.
        detail::check_size("plan", "replicates", options.replicates,
                           {static_cast<std::size_t>(results.scores().unit_count()) * 2 + 1});
        needed = scores_needed(results, gap, options);
    }
    plan.target_score = gap.required_score;
    if (robust) {
        const auto index = static_cast<std::size_t>(std::ceil(*probability * static_cast<double>(needed.size()))) - 1;
        plan.robust_score = needed[std::min(index, needed.size() - 1)];
        plan.target_score = std::max(plan.target_score, plan.robust_score);
    }
    const auto probability_of = [&](double score) {
        if (needed.empty() || std::isnan(score)) return nan_value;
        return static_cast<double>(std::upper_bound(needed.begin(), needed.end(), score) - needed.begin()) /
               static_cast<double>(needed.size());
    };
    const std::string& stage = results.data_sets()[k].first;
    const auto check = [&](const std::map<std::string, double>& values) -> std::pair<double, double> {
        if (values.empty()) return {gap.score, gap.rank};
        const WhatIf changed = detail::changed_run(results, gap.unit, values, stage, gap.year);
        return score_and_rank(changed.results, gap.unit, gap.node, gap.year);
    };
    const auto reaches = [&](double score, double rank) {
        return rank <= gap.target_rank && score >= plan.target_score;
    };
    std::vector<double> improvement(cands.size(), 0.0);
    if (reaches(gap.score, gap.rank)) {
        plan.status = "reached";
        plan.achieved_score = gap.score;
        plan.achieved_rank = gap.rank;
    } else {
        // Solve at the current values, apply, re-score. Where the effects are not constant (power
        // means) the plan falls short: solve again for the rest at the new values (sequential LP).
        const double scale = std::max(1.0, std::abs(plan.target_score));
        constexpr int max_rounds = 30;
        bool exact = true;  // every round's first-order gain was what re-scoring gave
        double score = gap.score;
        std::vector<double> effect(cands.size());
        for (std::size_t i = 0; i < cands.size(); ++i) effect[i] = cands[i].effect;
        const bool any_discrete =
            std::any_of(cands.begin(), cands.end(), [](const Candidate& c) { return c.discrete; });
        for (plan.rounds = 1;; ++plan.rounds) {
            std::vector<Candidate> now = cands;  // what is left of each node's room, at its current value
            for (std::size_t i = 0; i < now.size(); ++i) {
                now[i].value += improvement[i];
                now[i].effect = effect[i];
                if (now[i].discrete) {
                    std::vector<double> left;
                    for (const double d : cands[i].steps)
                        if (d > improvement[i]) left.push_back(d - improvement[i]);
                    now[i].steps = std::move(left);
                } else {
                    now[i].cap = std::max(0.0, cands[i].cap - improvement[i]);
                }
            }
            // Aim a hair above (1e-9 relative) where a tie cannot be exact anyway: with continuous
            // nodes only, and from the second round on, so that rounding and the solver's tolerance
            // do not leave the re-scored plan a unit in the last place short.
            const double needed = plan.target_score - score + (plan.rounds > 1 || !any_discrete ? 1e-9 * scale : 0.0);
            auto [status, solution] = solve_plan(now, needed, options.objective);
            plan.status = status;
            if (solution.empty()) break;
            double planned = score;
            for (std::size_t i = 0; i < now.size(); ++i) {
                planned += now[i].effect * solution[i];
                improvement[i] += solution[i];
            }
            const WhatIf applied =
                detail::changed_run(results, gap.unit, new_values(cands, improvement), stage, gap.year);
            std::tie(plan.achieved_score, plan.achieved_rank) =
                score_and_rank(applied.results, gap.unit, gap.node, gap.year);
            if (std::abs(planned - plan.achieved_score) > 1e-9 * scale) exact = false;
            if (reaches(plan.achieved_score, plan.achieved_rank) || plan.rounds == max_rounds) break;
            score = plan.achieved_score;
            const TargetGap next =
                gap_to_target(applied.results, gap.unit, target_rank, gap.node, gap.year, options.maxima);
            const auto& codes = std::get<std::vector<std::string>>(next.headroom.column("node"));
            const auto& effects = std::get<std::vector<double>>(next.headroom.column("effect"));
            for (std::size_t i = 0; i < cands.size(); ++i) {
                const auto at = std::find(codes.begin(), codes.end(), cands[i].node) - codes.begin();
                const double e = effects[static_cast<std::size_t>(at)];
                effect[i] = e > 0.0 ? e : 0.0;
            }
        }
        if (reaches(plan.achieved_score, plan.achieved_rank))
            plan.status = exact ? "optimal" : "first-order";
        else if (plan.status == "optimal")
            plan.status = "infeasible";
    }
    plan.feasible = reaches(plan.achieved_score, plan.achieved_rank);
    if (!plan.feasible) {
        std::vector<double> most(cands.size());
        for (std::size_t i = 0; i < cands.size(); ++i)
            most[i] = cands[i].discrete ? cands[i].steps.back() : cands[i].cap;
        std::tie(plan.best_score, plan.best_rank) = check(new_values(cands, most));
        if (reaches(plan.best_score,
                    plan.best_rank)) {  // first order misled (convex means): every node at its cap does it
            improvement = std::move(most);
            plan.status = "first-order";
            plan.feasible = true;
            plan.achieved_score = plan.best_score;
            plan.achieved_rank = plan.best_rank;
        } else {
            improvement.assign(cands.size(), 0.0);
            plan.achieved_score = gap.score;
            plan.achieved_rank = gap.rank;
        }
    } else {
        plan.best_score = plan.achieved_score;
        plan.best_rank = plan.achieved_rank;
    }
    plan.success_probability = probability_of(plan.achieved_score);
    // The steps, in the framework's order.
    std::vector<std::string> nodes, parents;
    std::vector<double> values, news, changes, effects, gains, costs, discrete;
    plan.planned_score = gap.score;
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (improvement[i] <= 0.0) continue;
        const Candidate& c = cands[i];
        nodes.push_back(c.node);
        parents.push_back(c.parent);
        values.push_back(c.value);
        news.push_back(c.value + improvement[i]);
        changes.push_back(improvement[i]);
        effects.push_back(c.effect);
        gains.push_back(c.effect * improvement[i]);
        costs.push_back(c.cost * improvement[i]);
        discrete.push_back(c.discrete ? 1.0 : 0.0);
        plan.cost += costs.back();
        plan.planned_score += gains.back();
        ++plan.nodes_changed;
    }
    plan.steps.add("node", std::move(nodes));
    plan.steps.add("parent", std::move(parents));
    plan.steps.add("value", std::move(values));
    plan.steps.add("new_value", std::move(news));
    plan.steps.add("improvement", std::move(changes));
    plan.steps.add("effect", std::move(effects));
    plan.steps.add("gain", std::move(gains));
    plan.steps.add("cost", std::move(costs));
    plan.steps.add("discrete", std::move(discrete));
    return plan;
}

bool operator==(const ImprovementPlan& a, const ImprovementPlan& b) {
    const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    return a.gap == b.gap && a.objective == b.objective && a.status == b.status && a.feasible == b.feasible &&
           same(a.target_score, b.target_score) && a.steps == b.steps && same(a.cost, b.cost) &&
           a.nodes_changed == b.nodes_changed && same(a.planned_score, b.planned_score) &&
           same(a.achieved_score, b.achieved_score) && same(a.achieved_rank, b.achieved_rank) && a.rounds == b.rounds &&
           same(a.best_score, b.best_score) && same(a.best_rank, b.best_rank) &&
           same(a.success_probability, b.success_probability) && same(a.robust_score, b.robust_score) && a.run == b.run;
}

namespace {

// 64-bit FNV-1a over the bytes of what a run is made of.
struct Fingerprint {
    std::uint64_t hash = 14695981039346656037ULL;
    void bytes(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) hash = (hash ^ p[i]) * 1099511628211ULL;
    }
    void text(std::string_view s) {
        number(s.size());
        bytes(s.data(), s.size());
    }
    // A whole 64-bit word at a time (one multiply and a shift, not eight byte steps): the data
    // sets' values are most of what is hashed.
    void number(std::uint64_t x) {
        hash = (hash ^ x) * 0x9E3779B97F4A7C15ULL;
        hash ^= hash >> 29;
    }
    void value(double x) { number(std::isnan(x) ? 0x7ff8000000000000ULL : std::bit_cast<std::uint64_t>(x + 0.0)); }
    void data_set(const Dataset& d) {
        number(d.unit_codes().size());
        for (const auto& code : d.unit_codes()) text(code);
        for (const int y : d.years()) number(static_cast<std::uint64_t>(static_cast<std::int64_t>(y)));
        number(d.columns().size());
        for (const auto& c : d.columns()) text(c);
        // The values in four independent lanes (no chain of dependent multiplies), then combined.
        const Eigen::MatrixXd& v = d.values();
        const double* p = v.data();
        const auto n = static_cast<std::size_t>(v.size());
        const auto word = [](double x) {
            return std::isnan(x) ? 0x7ff8000000000000ULL : std::bit_cast<std::uint64_t>(x + 0.0);
        };
        std::uint64_t lane[4] = {hash, hash ^ 1, hash ^ 2, hash ^ 3};
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4)
            for (std::size_t k = 0; k < 4; ++k) lane[k] = (lane[k] ^ word(p[i + k])) * 0x9E3779B97F4A7C15ULL;
        for (; i < n; ++i) lane[0] = (lane[0] ^ word(p[i])) * 0x9E3779B97F4A7C15ULL;
        for (const std::uint64_t l : lane) number(l ^ (l >> 29));
    }
};

}  // namespace

std::uint64_t run_fingerprint(const Results& results) {
    Fingerprint f;
    const Framework& fw = results.framework();
    for (const Node& n : fw.nodes()) {
        f.text(n.code);
        f.text(n.parent);
        f.number(static_cast<std::uint64_t>(n.type));
        f.number(static_cast<std::uint64_t>(static_cast<std::int64_t>(n.direction)));
        f.value(n.weight);
    }
    for (const auto& name : fw.weight_set_names()) {
        f.text(name);
        for (const auto& [code, w] : fw.weights(name)) {
            f.text(code);
            f.value(w);
        }
    }
    // The steps by kind: their parameters show in the data sets hashed below (formatting the
    // pipeline as TOML here made plan_improvement measurably slower).
    if (results.pipeline())
        for (const auto& step : results.pipeline()->steps()) f.number(step.index());
    // The data set a plan changes (the one the last aggregate step saw) and the scores it ranks.
    if (results.pipeline()) {
        const auto& steps = results.pipeline()->steps();
        for (std::size_t k = steps.size(); k-- > 0;)
            if (std::holds_alternative<Aggregate>(steps[k]) && k < results.data_sets().size()) {
                f.text(results.data_sets()[k].first);
                f.data_set(results.data_sets()[k].second);
                break;
            }
    }
    f.data_set(results.scores());
    return f.hash | 1;  // never 0, which stands for "not known"
}

WhatIf apply_plan(const Results& results, const ImprovementPlan& plan) {
    if (plan.run == 0)
        throw MethodError(
            "apply plan: plan: made without a record of its run (a version 1 pickle); expected a plan "
            "made again with plan_improvement on these results",
            ErrorLocation{.column = "plan", .expected = "a plan made on these results"});
    if (const std::uint64_t run = run_fingerprint(results); run != plan.run)
        throw MethodError(
            "apply plan: results: not the run the plan was made on (another framework, pipeline or data: "
            "fingerprint " +
                fingerprint_text(run) + ", the plan's " + fingerprint_text(plan.run) +
                "); expected the results plan_improvement was given",
            ErrorLocation{.column = "results",
                          .expected = "the run the plan was made on, fingerprint " + fingerprint_text(plan.run),
                          .found = fingerprint_text(run)});
    const auto& nodes = std::get<std::vector<std::string>>(plan.steps.column("node"));
    const auto& news = std::get<std::vector<double>>(plan.steps.column("new_value"));
    if (nodes.empty())
        throw MethodError(
            "apply plan: the plan changes nothing (status " + plan.status + "); expected a plan with steps",
            ErrorLocation{.column = "plan", .expected = "a plan with steps", .found = plan.status});
    std::map<std::string, double> values;
    for (std::size_t i = 0; i < nodes.size(); ++i) values[nodes[i]] = news[i];
    return what_if(results, plan.gap.unit, values, results.data_sets()[aggregate_position(results)].first,
                   plan.gap.year);
}

}  // namespace govindex
