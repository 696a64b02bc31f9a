#pragma once
/// \file planning.hpp
/// What it takes a unit to reach a target rank: the score that reaches rank N given the other
/// units' scores, the gap in points, each node's headroom and its effect on the target node, and
/// the least-cost plan of improvements that closes the gap (an LP/MILP solved by COIN-OR Cbc),
/// checked by re-scoring and, given standard errors, with its probability of success.
/// Works on any Results (every index goes Framework -> Pipeline -> Results). Guide:
/// docs/guide/planning.md.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/engines/uncertainty/uncertainty.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/pipeline/what_if.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// A unit's distance to a target rank on one node, from a run's results.
struct TargetGap {
    std::string unit;         ///< the unit's code
    std::string node;         ///< the ranked node (default: the index)
    std::optional<int> year;  ///< the year, for panel data
    int target_rank = 1;      ///< N: rank N or better is the target
    double score = 0.0;       ///< the unit's score (NaN: missing, then no rank)
    double rank = 0.0;        ///< its competition rank among the units with a score ("min" ties)
    int units = 0;            ///< units ranked (with a score)
    /// The lowest score that gives rank <= N against the other units' scores: the N-th highest of
    /// theirs (a tie shares the better rank); -infinity when N exceeds the number of other units.
    double required_score = 0.0;
    double gap = 0.0;      ///< max(0, required_score - score): points still needed
    bool reached = false;  ///< rank <= N already
    /// One row per node below the ranked node, depth first in the framework's order: node, parent,
    /// level, value, best (the highest value among the units that year), maximum (as given, NaN
    /// otherwise), headroom ((maximum, else best) - value, at least 0), effect (d node score / d
    /// this node's value at the current values: the product of the marginal effects on the way,
    /// see marginal_effects; NaN through a method without one), potential (headroom x effect: the
    /// most this node alone could add to the ranked node's score, to first order; exact for sums
    /// and arithmetic means).
    Table headroom;
    friend bool operator==(const TargetGap&, const TargetGap&) = default;
};

/// The gap of `unit` (code or name) to rank `target_rank` on `node` ("" = the index) in the
/// results of a run (`year` for panel data). `maxima`: node code -> the highest value the node
/// can take (e.g. maximum points), used for headroom instead of the best observed value.
/// Throws UnknownCodeError for an unknown unit, node or year; MethodError for a target rank
/// outside 1..units or a maximum below the best observed value of its node.
[[nodiscard]] TargetGap gap_to_target(const Results& results, std::string_view unit, int target_rank,
                                      std::string_view node = "", std::optional<int> year = std::nullopt,
                                      const std::map<std::string, double>& maxima = {});

/// What a plan minimises.
enum class PlanObjective {
    least_cost,    ///< the sum of cost x improvement over the nodes
    fewest_nodes,  ///< the number of nodes changed; among those plans, the least cost
};
[[nodiscard]] std::string_view to_string(PlanObjective objective);
/// Parses "least_cost", "fewest_nodes"; nullopt if unknown.
[[nodiscard]] std::optional<PlanObjective> parse_plan_objective(std::string_view text);

/// What a plan may change and what it costs. Node keys are codes (NFC) of indicators below the
/// ranked node; values are in the units the aggregate step saw (points, or normalised values).
struct PlanOptions {
    /// The indicators that may improve (nullopt: every indicator below the ranked node with
    /// headroom and a positive effect on it; an empty list is a MethodError, not "every one").
    std::optional<std::vector<std::string>> nodes;
    std::map<std::string, double> costs;  ///< cost of one unit of improvement (>= 0; default 1)
    /// The most a node can improve (>= 0); a plan never takes a node beyond its headroom.
    std::map<std::string, double> caps;
    /// Discrete scoring rules (completion-rate bands, yes/no criteria): the values a node can take;
    /// a plan moves it to one of those above its value, or leaves it.
    std::map<std::string, std::vector<double>> levels;
    std::map<std::string, double> maxima;  ///< highest value of a node (as for gap_to_target)
    PlanObjective objective = PlanObjective::least_cost;
    /// Robustness: the other units' (and this unit's) scores of the ranked node vary by these
    /// standard errors (unit code or name -> se, every unit with a score; empty: none, unless
    /// `probability` is set, when the run's own propagated standard errors are used). Simulated
    /// by the uncertainty engine (DataNoise on the ranked node) with `replicates`, `seed`, `threads`.
    std::map<std::string, double> standard_errors;
    /// With standard errors: plan for the score that reaches the target with this probability
    /// (in (0, 1); NaN, infinities and numbers outside are a MethodError); nullopt: plan for the
    /// required score, and report its probability.
    std::optional<double> probability;
    /// Simulated replicates (>= 2; replicates x units scores are kept: a size beyond
    /// detail::max_elements is a MethodError, see check_size).
    std::size_t replicates = 10000;
    std::uint64_t seed = 0;
    unsigned threads = 0;
    ProgressCallback progress;  ///< optional, for the simulation
};

/// The least-cost set of improvements that reaches a target rank, as solved and as checked.
struct ImprovementPlan {
    TargetGap gap;  ///< the gap it closes, with every node's headroom and effect
    PlanObjective objective = PlanObjective::least_cost;
    /// "reached" (nothing to do); "optimal" (the solver's proven optimum, and first order was exact:
    /// sums and arithmetic means); "first-order" (a plan that reaches the target, from linear plans
    /// solved again at the new values, or every node at its cap: not proven least-cost; geometric,
    /// harmonic and power means); "infeasible" (not within the caps: see best_rank); or
    /// "stopped: ..." (the solver's status).
    std::string status;
    bool feasible = false;      ///< the plan reaches the target (re-scored)
    double target_score = 0.0;  ///< the score aimed at (the required score, or the robust score)
    /// One row per node changed, in the framework's order: node, parent, value, new_value,
    /// improvement, effect, gain (effect x improvement, to first order), cost, discrete (1 = moved
    /// to a level).
    Table steps;
    double cost = 0.0;  ///< sum of the steps' costs
    int nodes_changed = 0;
    double planned_score = 0.0;  ///< score + the steps' gains (first order; exact for sums and means)
    /// The unit's score and rank with the plan applied (what_if on the data set the aggregate step
    /// saw, the others unchanged). A plan that falls short (power means) is solved again for the
    /// rest at the new values: `rounds` solves in all.
    double achieved_score = 0.0, achieved_rank = 0.0;
    int rounds = 0;
    /// When infeasible: the best score and rank reachable with every allowed node at its cap (its
    /// highest level); otherwise the achieved ones.
    double best_score = 0.0, best_rank = 0.0;
    /// With standard errors: the probability that the achieved score reaches the target rank when
    /// the scores vary; and the score that reaches it with `probability` (NaN otherwise).
    double success_probability = std::numeric_limits<double>::quiet_NaN();
    double robust_score = std::numeric_limits<double>::quiet_NaN();
    /// The run_fingerprint of the results the plan was made on (0: not known, a plan unpickled
    /// from version 1): apply_plan refuses other runs.
    std::uint64_t run = 0;
    /// Field by field; NaN equals NaN (a plan without standard errors equals its copy).
    friend bool operator==(const ImprovementPlan& a, const ImprovementPlan& b);
};

/// The least-cost plan for `unit` (code or name) to reach rank `target_rank` on `node` ("" = the
/// index) in `year` (panel data). Continuous nodes are LP columns bounded by their caps, discrete
/// ones binary choices of a level; one row requires the gains to reach the target score; solved
/// to proven optimality by Cbc. Throws what gap_to_target throws, and MethodError for a negative
/// cost or cap, levels that are not finite, a node that is not an indicator below the ranked
/// node, a probability outside (0, 1), or standard errors that do not cover the units.
[[nodiscard]] ImprovementPlan plan_improvement(const Results& results, std::string_view unit, int target_rank,
                                               std::string_view node = "", std::optional<int> year = std::nullopt,
                                               const PlanOptions& options = {});

/// A fingerprint of a run, cheap and deterministic (64-bit FNV-1a): the framework's nodes (code,
/// parent, type, direction, weight) and weight sets, the pipeline (as TOML text), and the units,
/// years, columns and values of the data set the aggregate step saw and of the scores. Two runs of
/// the same pipeline on the same framework and data have the same fingerprint.
[[nodiscard]] std::uint64_t run_fingerprint(const Results& results);

/// The plan applied: its new values set in the data set the aggregate step saw, and the rest re-run.
/// Throws MethodError when `results` is not the run the plan was made on (run_fingerprint differs:
/// another framework, pipeline or data), or the plan changes nothing.
[[nodiscard]] WhatIf apply_plan(const Results& results, const ImprovementPlan& plan);

}  // namespace govindex
