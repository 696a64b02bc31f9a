#pragma once
/// \file attribution.hpp
/// Why a unit's score and rank changed between two runs (two years, two variants): the score change
/// split into the change of each node's contribution, and the rank change split into the unit's own
/// change and the other units' changes (Shapley values over the two, which add up to the change).
/// Guide: docs/guide/planning.md ("Why the rank changed").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/results.hpp"
#include "govindex/table.hpp"

namespace govindex {

/// A unit's change between two runs on one node.
struct ChangeDecomposition {
    std::string unit;                  ///< the unit's code
    std::string node;                  ///< the node (default: the index)
    double score_before = 0.0, score_after = 0.0;
    double rank_before = 0.0, rank_after = 0.0;  ///< competition ranks ("min") within each run
    /// The rank change, rank_after - rank_before (negative = moved up), split in two Shapley values:
    /// own_part + others_part == rank_after - rank_before. own_part is the mean change of the unit's
    /// rank when its own score changes, with the others' scores before and after; others_part the
    /// same for the others' scores.
    double own_part = 0.0, others_part = 0.0;
    /// One row per node (leaves with `to_leaves`, else the node's children) in either run: node,
    /// parent, value_before, value_after, contribution_before, contribution_after, change
    /// (contribution_after - contribution_before; a node in one run only counts 0 in the other).
    /// The changes add up to score_after - score_before (to rounding), from each method's exact
    /// additive split (contribution_rule()).
    Table parts;
    std::vector<std::string> only_before;  ///< units ranked before and not after
    std::vector<std::string> only_after;   ///< units ranked after and not before
    friend bool operator==(const ChangeDecomposition&, const ChangeDecomposition&) = default;
};

/// Decomposes the change of `unit` (code or name) on `node` ("" = the index) from `before` to
/// `after` (years for panel data). Throws UnknownCodeError for a unit, node or year missing in
/// either run, MethodError (from contributions) where a method has no additive split.
[[nodiscard]] ChangeDecomposition decompose_change(const Results& before, const Results& after, std::string_view unit,
                                                   std::string_view node = "",
                                                   std::optional<int> year_before = std::nullopt,
                                                   std::optional<int> year_after = std::nullopt, bool to_leaves = true);

}  // namespace govindex
