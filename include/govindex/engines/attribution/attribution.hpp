#pragma once
/// \file attribution.hpp
/// Why a unit's score and rank changed between two runs (two years, two variants, two methodology
/// versions): the score change split over the nodes (each method's exact contributions, or Shapley
/// values over the children's changes for any method), and the rank change split into the unit's own
/// change, the other units' changes and, given re-scored runs, the methodology change (Shapley
/// values over the factors, which add up to the change). decompose_methodology_change builds the
/// four runs of a methodology change itself from two years of assessments under two versions of a
/// Family, re-scoring each year through the family's crosswalks.
/// Guide: docs/guide/attribution.md.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "govindex/pipeline/results.hpp"
#include "govindex/table.hpp"

namespace govindex {

class Family;
struct Assessment;

/// How the score change is split over the nodes.
enum class SplitRule {
    automatic,      ///< contributions when every aggregate on the way (both runs) has an additive split, else shapley
    contributions,  ///< contribution_after - contribution_before (each method's exact additive split)
    shapley,        ///< Shapley values over the children's value changes, aggregate by aggregate
};
[[nodiscard]] std::string_view to_string(SplitRule rule);
/// Parses "auto", "contributions", "shapley"; nullopt if unknown.
[[nodiscard]] std::optional<SplitRule> parse_split_rule(std::string_view text);

/// Options of decompose_change beyond the unit, node and years.
struct DecomposeOptions {
    SplitRule rule = SplitRule::automatic;  ///< how the score change is split over the nodes
    /// Shapley: an aggregate with at most this many children is enumerated exactly (2^k coalitions);
    /// above, `permutations` random orders are sampled. At most 16.
    std::size_t exact_limit = 12;
    std::size_t permutations = 1000;  ///< sampled orders per aggregate above exact_limit (>= 2)
    std::uint64_t seed = 1;           ///< seed of the sampled orders (same seed, same parts)
    /// The before data scored under the after methodology / variant (non-owning; nullptr = none).
    /// Its year is year_before.
    const Results* before_rescored = nullptr;
    /// The after data scored under the before methodology / variant (non-owning; nullptr = none).
    /// Its year is year_after.
    const Results* after_rescored = nullptr;
};

/// A unit's change between two runs on one node.
struct ChangeDecomposition {
    std::string unit;  ///< the unit's code
    std::string node;  ///< the node (default: the index)
    double score_before = 0.0, score_after = 0.0;
    double rank_before = 0.0, rank_after = 0.0;  ///< competition ranks ("min") within each run
    /// The rank change, rank_after - rank_before (negative = moved up), split into Shapley values:
    /// own_part + others_part + methodology_part == rank_after - rank_before. own_part: the unit's
    /// own score change; others_part: the other units' score changes; methodology_part: the change
    /// of the methodology (0 without re-scored runs). Without re-scored runs, two-player values over
    /// {own, others}; with both re-scored runs, three-player values over {own, others, methodology}
    /// (8 combinations); with one, sequential (see `sequence`).
    double own_part = 0.0, others_part = 0.0, methodology_part = 0.0;
    /// The score change split in two: score_data_part + score_methodology_part == score_after -
    /// score_before. Without re-scored runs all of it is the data part.
    double score_data_part = 0.0, score_methodology_part = 0.0;
    /// How the parts were found: "shapley" (exact Shapley values), "methodology first" (only
    /// before_rescored: the methodology step, then the data under the after methodology) or "data
    /// first" (only after_rescored: the data under the before methodology, then the methodology);
    /// the sequential splits depend on that order.
    std::string sequence = "shapley";
    /// The rule used for `parts`: "contributions" or "shapley".
    std::string rule;
    /// What differs between the methodologies of the two runs at and below `node` (framework nodes
    /// added, dropped or moved, weights, directions, denominators, pipeline steps, aggregation
    /// methods; see methodology_differences), one sentence each; empty = one methodology (also
    /// filled when re-scored runs are given).
    std::vector<std::string> methodology_differences;
    /// Where the re-scored runs came from: "none" (one methodology: none needed), "given"
    /// (DecomposeOptions), or "automatic" (the runs' methodologies differ: each run's raw data re-run
    /// under the other run's pipeline and framework, where its indicators allow it).
    std::string rescoring = "none";
    /// The one-at-a-time reading beside the Shapley one. rank_if_only_own: the unit's rank had only
    /// its own data changed (its after data among the others' before data); rank_if_only_others: had
    /// only the others' data changed. Both under the before methodology, or, when the after data
    /// cannot be scored under it, under the after methodology (the before data re-scored). The
    /// parts are those ranks minus the rank of the before data under that methodology;
    /// interaction_part is what the two data changes do together beyond each alone, so that
    /// own_alone_part + others_alone_part + interaction_part + methodology_part == rank_after -
    /// rank_before (with one methodology, own_part == own_alone_part + interaction_part / 2).
    double rank_if_only_own = 0.0, rank_if_only_others = 0.0;
    double own_alone_part = 0.0, others_alone_part = 0.0, interaction_part = 0.0;
    /// One row per node (leaves with `to_leaves`, else the node's children): node, parent,
    /// value_before, value_after, contribution_before, contribution_after (rule contributions; NaN
    /// with shapley), change, std_error (0 unless sampled), method ("contributions", "exact",
    /// "sampled", or "residual" for a row "(P)" holding the change of aggregate P not due to its
    /// children's values: other rules or weights at P, or the other units' values for Copeland and
    /// Mazziotta-Pareto). The changes add up to score_data_part (to rounding): without re-scored
    /// runs the change from before to after; with them the data change within one methodology (the
    /// mean of the two when both are given).
    Table parts;
    std::vector<std::string> only_before;  ///< units ranked before and not after
    std::vector<std::string> only_after;   ///< units ranked after and not before
    friend bool operator==(const ChangeDecomposition&, const ChangeDecomposition&) = default;
};

/// What differs between the methodologies of two runs at and below `node` ("" = the root of
/// `before`), one sentence each, in a fixed order: tree nodes in one run only (with their parent),
/// moved, of another type, direction, weight or denominator; pipeline steps that differ (by
/// position and name); the aggregation method or weights recorded at an aggregate. Names, units,
/// targets and other descriptive columns are not methodology. Empty when both runs are scored
/// the same way (always for a run compared with itself).
[[nodiscard]] std::vector<std::string> methodology_differences(const Results& before, const Results& after,
                                                               std::string_view node = "");

/// Decomposes the change of `unit` (code or name) on `node` ("" = the index of `before`) from
/// `before` to `after` (years for panel data). When the runs' methodologies differ
/// (methodology_differences) and no re-scored run is given, they are made here: the before run's
/// raw data re-run under the after run's pipeline and framework (before_rescored) and the after
/// run's under the before run's (after_rescored), each where the raw data has every indicator the
/// other methodology needs and the same units get a score; `rescoring` says "automatic". Shapley split
/// (DecomposeOptions::rule): at each aggregate P, the factors are the children of P in the after run; v(S) is P's value
/// by the after run's method and weights at P with the children in S at their after values and the others at their
/// before values (the other units at their after values, which only Copeland and Mazziotta-Pareto read). When both runs
/// aggregate P the same way this is the pure data effect; a difference of rules at P is the residual row "(P)". With
/// `to_leaves`, each child's part is split over its own children in proportion to their Shapley parts of the child's
/// change. Throws UnknownCodeError for a unit, node or year missing in any run (naming the run: before, after,
/// before_rescored, after_rescored), MethodError for rule contributions where a method has no
/// additive split or for unusable options; MethodError when the methodologies differ and neither
/// re-run can be made (the message lists the differences and why each re-run fails; location
/// source "methodology", column the first indicator a side lacks) or when the runs split node by
/// node differ in framework (a node in one of them only: given re-scored runs that do not match);
/// UnknownCodeError when the unit has no score on `node` in a run (naming the run) or for a year
/// given for a run that is not a panel of that year; NumericError if a part is not finite.
[[nodiscard]] ChangeDecomposition decompose_change(const Results& before, const Results& after, std::string_view unit,
                                                   std::string_view node = "",
                                                   std::optional<int> year_before = std::nullopt,
                                                   std::optional<int> year_after = std::nullopt, bool to_leaves = true,
                                                   const DecomposeOptions& options = {});

/// decompose_change for two years of assessments of a methodology Family, the methodology part
/// found through the crosswalks (methodology.hpp). The `assessments_before` are scored under the
/// version in force for `year_before` (Family::version_for), the `assessments_after` under the
/// version for `year_after`, each by its version's pipeline() on assessment_data(). When the two
/// versions differ, each year is carried to the other version by rescore() through the family's
/// crosswalk: the before assessments through before -> after (the run `before_rescored`), the
/// after ones through after -> before (`after_rescored`) when the family has that crosswalk. With
/// both, the parts are Shapley values; with one, the sequential split of decompose_change
/// ("methodology first" or "data first", in `sequence`). When both years use the same version,
/// nothing is re-scored and the methodology parts are 0. `node` ("" = the root of the before
/// version) must have the same code in both versions. Units in one year only are listed
/// (only_before, only_after). The DecomposeOptions' re-scored runs must be left unset (this
/// function sets them). An assessment whose year is neither 0 nor its side's year is an
/// InputError (source: the unit).
///
/// Throws UnknownCodeError for a year no version covers, for no crosswalk between the two versions
/// in either direction (naming both versions), for a node missing in either version (naming the
/// version); MethodError when the crosswalk leaves `node` not comparable for a unit scored on it
/// (the decomposed unit, or another unit, whose re-scored value would be missing from the
/// others' ranks): the location's source is "crosswalk <from> -> <to>" (the version ids), its
/// node the first leaf under `node` that is not comparable, its `found` rescore()'s reason; the
/// message names the unit, the year, every such leaf and its reason. Otherwise as
/// decompose_change.
[[nodiscard]] ChangeDecomposition decompose_methodology_change(const Family& family,
                                                               const std::vector<Assessment>& assessments_before,
                                                               const std::vector<Assessment>& assessments_after,
                                                               std::string_view unit, std::string_view node,
                                                               int year_before, int year_after, bool to_leaves = true,
                                                               const DecomposeOptions& options = {});

}  // namespace govindex
