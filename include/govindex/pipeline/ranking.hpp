#pragma once
/// \file ranking.hpp
/// Ranking helpers for published indices: competition ranks with ties, unranked entities (NaN),
/// value bands, quantiles, ranks within a group column (e.g. region) and rank change between two
/// years. Pure functions. The conventions of particular indices (PAR INDEX groups, PAPI quartile
/// groups) are in the domain layer, vn/ranking.hpp.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "govindex/pipeline/results.hpp"  // rank_descending

namespace govindex {

/// Which end of the scale ranks first.
enum class RankOrder {
    descending,  ///< the highest value gets rank 1 (scores)
    ascending,   ///< the lowest value gets rank 1 (costs, positions)
};

/// Ascending competition ranks: the lowest value gets 1, ties share the lowest rank ("1224"),
/// NaN (unranked, N/A) stays NaN. The mirror of rank_descending.
[[nodiscard]] Eigen::VectorXd rank_ascending(const Eigen::VectorXd& x);

/// Competition ranks computed separately within each group (e.g. region code); a unit with an
/// empty group label or a NaN value stays unranked (NaN). Throws MethodError if the sizes differ.
[[nodiscard]] Eigen::VectorXd rank_within_groups(const Eigen::VectorXd& x, const std::vector<std::string>& groups,
                                                 RankOrder order = RankOrder::descending);

/// Rank change from `before` to `after` = before - after: positive = moved up (improved), e.g.
/// 44 -> 37 gives +7. NaN where either rank is NaN. Throws MethodError if the sizes differ.
[[nodiscard]] Eigen::VectorXd rank_change(const Eigen::VectorXd& before, const Eigen::VectorXd& after);

/// A value band [low, high) with a label; high may be +infinity.
struct Band {
    std::string label;
    double low = 0.0;
    double high = 0.0;
    friend bool operator==(const Band&, const Band&) = default;
};

/// Throws MethodError if a band is empty (low >= high, NaN bound), a label is empty or repeats,
/// or two bands overlap.
void check_bands(const std::vector<Band>& bands);

/// The label of the band holding each value; NaN gives "" (not banded, N/A). Throws MethodError
/// (naming the unit from `unit_names` if given, else the 1-based position) for a value in no band.
[[nodiscard]] std::vector<std::string> assign_bands(const Eigen::VectorXd& x, const std::vector<Band>& bands,
                                                    const std::vector<std::string>& unit_names = {});

/// Quantile of the non-NaN values with linear interpolation (R type 7, numpy's default);
/// p in [0, 1]. Throws MethodError for p outside [0, 1] or no value.
[[nodiscard]] double quantile(const Eigen::VectorXd& x, double p);

}  // namespace govindex
