// Correlation-optimised weights (analysis_weights.hpp): COINr get_opt_weights with NLopt.
// Objective and the differences from COINr: docs/guide/analysis.md, "Optimised weights".
#include "govindex/engines/analysis/weights.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlopt.h>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/steps/step.hpp"

#include "engines/analysis/support.hpp"

namespace govindex {

using detail::analysis_error;
using detail::exact_number;
using detail::in_quotes;

std::string_view to_string(WeightObjective objective) {
    return objective == WeightObjective::balance ? "balance" : "infomax";
}

std::optional<WeightObjective> parse_weight_objective(std::string_view name) {
    if (name == "balance") return WeightObjective::balance;
    if (name == "infomax") return WeightObjective::infomax;
    return std::nullopt;
}

std::string_view to_string(WeightOptimiser optimiser) {
    switch (optimiser) {
        case WeightOptimiser::nelder_mead:
            return "nelder_mead";
        case WeightOptimiser::sbplx:
            return "sbplx";
        case WeightOptimiser::bobyqa:
            return "bobyqa";
    }
    return "nelder_mead";
}

std::optional<WeightOptimiser> parse_weight_optimiser(std::string_view name) {
    if (name == "nelder_mead") return WeightOptimiser::nelder_mead;
    if (name == "sbplx") return WeightOptimiser::sbplx;
    if (name == "bobyqa") return WeightOptimiser::bobyqa;
    return std::nullopt;
}

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

std::string status_name(nlopt_result r) {
    switch (r) {
        case NLOPT_SUCCESS:
            return "SUCCESS";
        case NLOPT_STOPVAL_REACHED:
            return "STOPVAL_REACHED";
        case NLOPT_FTOL_REACHED:
            return "FTOL_REACHED";
        case NLOPT_XTOL_REACHED:
            return "XTOL_REACHED";
        case NLOPT_MAXEVAL_REACHED:
            return "MAXEVAL_REACHED";
        case NLOPT_MAXTIME_REACHED:
            return "MAXTIME_REACHED";
        case NLOPT_FAILURE:
            return "FAILURE";
        case NLOPT_INVALID_ARGS:
            return "INVALID_ARGS";
        case NLOPT_OUT_OF_MEMORY:
            return "OUT_OF_MEMORY";
        case NLOPT_ROUNDOFF_LIMITED:
            return "ROUNDOFF_LIMITED";
        case NLOPT_FORCED_STOP:
            return "FORCED_STOP";
        default:
            return "UNKNOWN";
    }
}

nlopt_algorithm algorithm_of(WeightOptimiser o) {
    switch (o) {
        case WeightOptimiser::nelder_mead:
            return NLOPT_LN_NELDERMEAD;
        case WeightOptimiser::sbplx:
            return NLOPT_LN_SBPLX;
        case WeightOptimiser::bobyqa:
            return NLOPT_LN_BOBYQA;
    }
    return NLOPT_LN_NELDERMEAD;
}

// Owns an nlopt_opt.
struct Optimiser {
    nlopt_opt opt;
    Optimiser(nlopt_algorithm a, unsigned n) : opt(nlopt_create(a, n)) {}
    ~Optimiser() { nlopt_destroy(opt); }
    Optimiser(const Optimiser&) = delete;
    Optimiser& operator=(const Optimiser&) = delete;
};

// The problem: re-aggregate with candidate weights, correlate, score.
struct Problem {
    const Framework& framework;
    const Aggregate& step;
    const Dataset& input;
    const std::vector<std::string>& nodes;
    const std::string& against;
    WeightObjective objective;
    Eigen::VectorXd target;
    CorrelationMethod method;
    int evaluations = 0;
    std::exception_ptr error;

    // Correlations of the nodes with `against` under raw weights x; nullopt when a group is left
    // without a positive weight.
    std::optional<Eigen::VectorXd> correlations_at(const double* x) const {
        Aggregate changed = step;
        for (std::size_t i = 0; i < nodes.size(); ++i) changed.weights[nodes[i]] = x[i];
        std::optional<Dataset> data;
        try {
            data = apply(changed, framework, input).data;
        } catch (const MethodError&) {
            return std::nullopt;  // e.g. every child of a group at weight 0
        }
        const Correlations c = correlations(*data, nodes, {against}, method);
        return Eigen::VectorXd(c.r.col(0));
    }

    double score(const Eigen::VectorXd& c) const {
        if (c.hasNaN()) return infinity;
        if (objective == WeightObjective::infomax) return -c.sum();
        const double total = c.sum();
        if (total == 0) return infinity;
        return (target - c / total).squaredNorm();
    }

    double value(const double* x) {
        ++evaluations;
        const auto c = correlations_at(x);
        return c ? score(*c) : infinity;
    }
};

double objective_function(unsigned, const double* x, double*, void* data) {
    auto* p = static_cast<Problem*>(data);
    try {
        return p->value(x);
    } catch (...) {
        p->error = std::current_exception();
        return infinity;
    }
}

// x normalised to sum 1 within each group of siblings.
Eigen::VectorXd normalised(const Framework& fw, const std::vector<std::string>& nodes, const Eigen::VectorXd& x) {
    std::map<std::string, double> total;
    for (std::size_t i = 0; i < nodes.size(); ++i) total[fw.node(nodes[i]).parent] += x[static_cast<Eigen::Index>(i)];
    Eigen::VectorXd w(x.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const double t = total.at(fw.node(nodes[i]).parent);
        w[static_cast<Eigen::Index>(i)] = t > 0 ? x[static_cast<Eigen::Index>(i)] / t : 0.0;
    }
    return w;
}

bool is_below(const Framework& fw, const std::string& code, const std::string& ancestor) {
    for (std::string at = fw.node(code).parent; !at.empty(); at = fw.node(at).parent)
        if (at == ancestor) return true;
    return false;
}

}  // namespace

OptimisedWeights optimise_weights(const Results& results, const std::vector<std::string>& nodes,
                                  const WeightOptimisation& o) {
    const std::string what = "optimise weights";
    const Framework& fw = results.framework();
    const auto& pipeline = results.pipeline();
    if (!pipeline)
        throw analysis_error(what + ": the run does not keep its pipeline; expected the Results of Pipeline::run");
    const auto& steps = pipeline->steps();
    std::optional<std::size_t> at;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (std::holds_alternative<Aggregate>(steps[i])) at = i;
    if (!at) throw analysis_error(what + ": the run's pipeline has no aggregate step; expected one");
    if (results.data_sets().size() != steps.size() + 1)
        throw analysis_error(what + ": the run's data sets do not follow its steps; expected Raw and one per step");
    const Dataset& input = results.data_sets()[*at].second;
    if (input.is_panel())
        throw analysis_error(what + ": panel data is not supported yet; expected one year (Dataset::select_time)");

    // Check the nodes, the target and the options.
    if (nodes.size() < 2)
        throw analysis_error(what + ": " + std::to_string(nodes.size()) + " node; expected at least two");
    const std::string against = o.against.empty() ? fw.root() : fw.node(o.against).code;
    const int level = fw.node(nodes.front()).level;
    for (const auto& code : nodes) {
        const Node& n = fw.node(code);
        if (!n.in_tree())
            throw analysis_error(
                what + ": " + in_quotes(code) + " is not an indicator or aggregate; expected a tree node", code);
        if (n.level != level)
            throw analysis_error(what + ": " + in_quotes(code) + " is at level " + std::to_string(n.level) +
                                     "; expected every node at level " + std::to_string(level),
                                 code);
        if (std::count(nodes.begin(), nodes.end(), code) > 1)
            throw analysis_error(what + ": " + in_quotes(code) + " is given twice; expected distinct nodes", code);
        if (!is_below(fw, code, against))
            throw analysis_error(what + ": " + in_quotes(code) + " is not below " + in_quotes(against) +
                                     "; expected nodes whose weights change the node they are correlated with",
                                 code);
    }
    const auto k = static_cast<Eigen::Index>(nodes.size());
    Eigen::VectorXd target;
    if (o.objective == WeightObjective::balance) {
        if (o.target.empty()) {
            target = Eigen::VectorXd::Constant(k, 1.0 / static_cast<double>(k));
        } else {
            if (static_cast<Eigen::Index>(o.target.size()) != k)
                throw analysis_error(what + ": " + std::to_string(o.target.size()) +
                                     " target shares; expected one per node (" + std::to_string(k) + ")");
            target = Eigen::Map<const Eigen::VectorXd>(o.target.data(), k);
            if (!target.allFinite() || (target.array() <= 0).any())
                throw analysis_error(what + ": a target share is not a positive number; expected positive shares");
            target /= target.sum();
        }
    } else if (!o.target.empty()) {
        throw analysis_error(what + ": a target is given with infomax; expected targets only with balance");
    }
    if (!(o.lower >= 0 && o.lower < 1))
        throw analysis_error(what + ": lower " + exact_number(o.lower) +
                             " is out of range; expected a bound in [0, 1)");
    if (!(o.relative_tolerance > 0))
        throw analysis_error(what + ": relative_tolerance " + exact_number(o.relative_tolerance) +
                             " is out of range; expected a positive number");
    if (o.max_evaluations < 1)
        throw analysis_error(what + ": max_evaluations " + std::to_string(o.max_evaluations) +
                             " is out of range; expected at least 1");

    const Aggregate& step = std::get<Aggregate>(steps[*at]);
    const std::map<std::string, double> used = effective_weights(step, fw);
    std::vector<double> x(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) x[i] = used.at(nodes[i]);
    const double largest = *std::max_element(x.begin(), x.end());
    if (!(largest > 0)) throw analysis_error(what + ": every node has weight 0 in the run; expected a positive weight");
    for (double& v : x) v = std::clamp(v / largest, o.lower, 1.0);

    Problem problem{fw, step, input, nodes, against, o.objective, target, o.method, 0, {}};
    OptimisedWeights out;
    out.nodes = nodes;
    out.against = against;
    out.objective = o.objective;
    if (o.objective == WeightObjective::balance) out.target = target;
    const Eigen::VectorXd x0 = Eigen::Map<const Eigen::VectorXd>(x.data(), k);
    out.initial_weights = normalised(fw, nodes, x0);
    const auto before = problem.correlations_at(x.data());
    if (!before) throw analysis_error(what + ": the run's weights leave a group without a positive weight");
    out.correlations_before = *before;
    out.objective_before = problem.score(*before);

    Optimiser opt(algorithm_of(o.optimiser), static_cast<unsigned>(k));
    std::vector<double> lower(nodes.size(), o.lower), upper(nodes.size(), 1.0);
    nlopt_set_lower_bounds(opt.opt, lower.data());
    nlopt_set_upper_bounds(opt.opt, upper.data());
    nlopt_set_min_objective(opt.opt, objective_function, &problem);
    nlopt_set_xtol_rel(opt.opt, o.relative_tolerance);
    nlopt_set_ftol_rel(opt.opt, o.relative_tolerance);
    nlopt_set_maxeval(opt.opt, o.max_evaluations);
    // A first step of a tenth of the box, so the simplex starts around the run's weights.
    std::vector<double> step_size(nodes.size(), 0.1 * (1.0 - o.lower));
    nlopt_set_initial_step(opt.opt, step_size.data());
    double best = infinity;
    problem.evaluations = 0;
    const nlopt_result r = nlopt_optimize(opt.opt, x.data(), &best);
    if (problem.error) std::rethrow_exception(problem.error);
    out.evaluations = problem.evaluations;
    out.status = status_name(r);
    out.converged =
        r == NLOPT_SUCCESS || r == NLOPT_FTOL_REACHED || r == NLOPT_XTOL_REACHED || r == NLOPT_STOPVAL_REACHED;
    if (r < 0 && r != NLOPT_ROUNDOFF_LIMITED)
        throw error_at<NumericError>(
            {.source = "analysis"}, what + ": NLopt stopped with " + out.status + "; expected a finished optimisation");
    const Eigen::VectorXd xb = Eigen::Map<const Eigen::VectorXd>(x.data(), k);
    out.weights = normalised(fw, nodes, xb);
    const auto after = problem.correlations_at(x.data());
    out.correlations_after = after ? *after : Eigen::VectorXd::Constant(k, std::numeric_limits<double>::quiet_NaN());
    out.objective_value = after ? problem.score(*after) : infinity;
    return out;
}

OptimisedWeights optimise_group_weights(const Results& results, std::string_view group, WeightOptimisation options) {
    const Framework& fw = results.framework();
    const Node& g = fw.node(group);
    if (g.level < 2)
        throw analysis_error("optimise weights: " + in_quotes(group) + " is an indicator; expected an aggregate",
                             g.code);
    if (options.against.empty()) options.against = g.code;
    return optimise_weights(results, fw.children(g.code), options);
}

OptimisedWeights optimise_level_weights(const Results& results, int level, const WeightOptimisation& options) {
    const Framework& fw = results.framework();
    detail::check_level(fw, level, "optimise weights", fw.max_level() - 1);
    return optimise_weights(results, fw.level_codes(level), options);
}

}  // namespace govindex
