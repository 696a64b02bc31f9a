#pragma once
/// \file planning.hpp
/// What it takes a unit to reach a target rank: the score that reaches rank N given the other
/// units' scores, the gap in points, and each node's headroom and its effect on the target node.
/// Works on any Results (every index goes Framework -> Pipeline -> Results). Guide:
/// docs/guide/planning.md.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "govindex/results.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// A unit's distance to a target rank on one node, from a run's results.
struct TargetGap {
    std::string unit;           ///< the unit's code
    std::string node;           ///< the ranked node (default: the index)
    std::optional<int> year;    ///< the year, for panel data
    int target_rank = 1;        ///< N: rank N or better is the target
    double score = 0.0;         ///< the unit's score (NaN: missing, then no rank)
    double rank = 0.0;          ///< its competition rank among the units with a score ("min" ties)
    int units = 0;              ///< units ranked (with a score)
    /// The lowest score that gives rank <= N against the other units' scores: the N-th highest of
    /// theirs (a tie shares the better rank); -infinity when N exceeds the number of other units.
    double required_score = 0.0;
    double gap = 0.0;           ///< max(0, required_score - score): points still needed
    bool reached = false;       ///< rank <= N already
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

}  // namespace govindex
