#pragma once
/// \file analysis_weights.hpp
/// Correlation-optimised weights, at parity with COINr's `get_opt_weights` (after Becker et al.
/// 2017, "Weights and importance in composite indicators: Closing the gap"): the weights of a set
/// of nodes that make their correlations with an aggregate equal ("balance") or their sum largest
/// ("infomax"), re-aggregating through the run's own aggregate step. Optimiser: NLopt
/// (derivative-free, bounded). Objective, differences from COINr: docs/guide/analysis.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "govindex/engines/analysis/analysis.hpp"
#include "govindex/pipeline/results.hpp"

namespace govindex {

/// What the optimisation aims at.
enum class WeightObjective {
    balance,  ///< the nodes' shares of the sum of correlations equal the target shares (default: equal)
    infomax,  ///< the sum of the nodes' correlations is largest
};

/// "balance" or "infomax".
[[nodiscard]] std::string_view to_string(WeightObjective objective);
/// The objective named, nullopt if none is.
[[nodiscard]] std::optional<WeightObjective> parse_weight_objective(std::string_view name);

/// NLopt's derivative-free algorithms with bounds: Nelder–Mead (NLOPT_LN_NELDERMEAD, COINr's
/// optim default), Sbplx (NLOPT_LN_SBPLX, Rowan's subplex) or BOBYQA (NLOPT_LN_BOBYQA, Powell).
enum class WeightOptimiser { nelder_mead, sbplx, bobyqa };

/// "nelder_mead", "sbplx" or "bobyqa".
[[nodiscard]] std::string_view to_string(WeightOptimiser optimiser);
/// The optimiser named, nullopt if none is.
[[nodiscard]] std::optional<WeightOptimiser> parse_weight_optimiser(std::string_view name);

/// Options of optimise_weights().
struct WeightOptimisation {
    WeightObjective objective = WeightObjective::balance;
    /// balance: target shares of the correlations, one per node (> 0, normalised to sum 1); empty:
    /// equal. Must be empty for infomax.
    std::vector<double> target;
    CorrelationMethod method = CorrelationMethod::pearson;
    /// The node the correlations are taken with; "": the index (the root), as COINr.
    std::string against;
    WeightOptimiser optimiser = WeightOptimiser::nelder_mead;
    double lower = 0.0;                ///< bound of every raw weight, in [0, 1); raw weights are in [lower, 1]
    double relative_tolerance = 1e-6;  ///< NLopt xtol_rel on the raw weights and ftol_rel on the objective
    int max_evaluations = 2000;        ///< NLopt maxeval: the most re-aggregations
};

/// The result of optimise_weights().
struct OptimisedWeights {
    std::vector<std::string> nodes;  ///< the nodes whose weights were optimised, framework order
    std::string against;             ///< the node they are correlated with
    WeightObjective objective = WeightObjective::balance;
    Eigen::VectorXd target;               ///< balance: target shares (sum 1); infomax: empty
    Eigen::VectorXd initial_weights;      ///< the run's weights of `nodes`, normalised as `weights` (the start)
    Eigen::VectorXd weights;              ///< the optimised weights, normalised to sum 1 within each group of siblings
    Eigen::VectorXd correlations_before;  ///< each node with `against` under the run's weights
    Eigen::VectorXd correlations_after;   ///< ... under the optimised weights
    double objective_before = 0;          ///< the objective at the start
    double objective_value = 0;           ///< the objective at the optimum (both minimised: infomax is -sum)
    int evaluations = 0;                  ///< objective evaluations (re-aggregations)
    std::string status;                   ///< NLopt's result, e.g. "XTOL_REACHED", "MAXEVAL_REACHED"
    bool converged = false;               ///< stopped by a tolerance (or exactly), not by max_evaluations or a failure
};

/// Finds weights of `nodes` (tree nodes of one level, at least two, each below `against`) that
/// minimise the objective, re-running the run's last aggregate step on its input with the
/// candidate weights (its other weights unchanged), so any aggregation method works. Raw weights
/// x in [lower, 1]^k start at the run's weights scaled to a largest of 1. Objective, c being the
/// correlations of the nodes with `against` on pairwise complete units: balance,
/// sum_i (t_i - c_i / sum_j c_j)^2; infomax, -sum_i c_i. An evaluation where a correlation is
/// undefined (NaN) or a group is left without a positive weight counts as +infinity. The weights
/// returned are x normalised to sum 1 within each group of siblings (all of `nodes` when they are
/// siblings): an aggregate depends only on its children's weight ratios.
/// Throws MethodError if the run has no pipeline or aggregate step, for panel data, for fewer
/// than two nodes, nodes of different levels or not below `against`, a bad target or option;
/// UnknownCodeError for an unknown code.
[[nodiscard]] OptimisedWeights optimise_weights(const Results& results, const std::vector<std::string>& nodes,
                                                const WeightOptimisation& options = {});

/// The weights of the children of `group`, correlated with `options.against` (default: `group`
/// itself).
[[nodiscard]] OptimisedWeights optimise_group_weights(const Results& results, std::string_view group,
                                                      WeightOptimisation options = {});

/// The weights of every node of `level`, correlated with `options.against` (default: the index):
/// COINr get_opt_weights(Level = level).
[[nodiscard]] OptimisedWeights optimise_level_weights(const Results& results, int level,
                                                      const WeightOptimisation& options = {});

}  // namespace govindex
