#pragma once
/// \file ranking.hpp
/// Ranking helpers for published indices: competition ranks with ties, unranked entities (NaN),
/// value bands (PAR INDEX groups A/B/C), PAPI quartile groups, ranks within a group column (e.g.
/// region) and rank change between two years. Pure functions; see docs/guide/vietnam-data.md.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "govindex/results.hpp"  // rank_descending

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

/// PAR INDEX groups of the 876/QĐ-BNV era: A [90, inf), B [80, 90), C [70, 80) in %
/// (verified for 2022, A/B/C = 2/56/5, and 2023, A/B = 7/56; see par-index.md).
[[nodiscard]] std::vector<Band> par_index_groups();

/// Quantile of the non-NaN values with linear interpolation (R type 7, numpy's default);
/// p in [0, 1]. Throws MethodError for p outside [0, 1] or no value.
[[nodiscard]] double quantile(const Eigen::VectorXd& x, double p);

/// PAPI's four groups by score quartiles of the non-NaN values (type-7 quantiles Q1, Q2, Q3):
/// 1 = best performers (>= Q3), 2 = high average [Q2, Q3), 3 = low average [Q1, Q2),
/// 4 = poor performers (< Q1); NaN stays NaN. Reproduces the 2020 group sizes 16/16/15/16.
[[nodiscard]] Eigen::VectorXd papi_quartile_groups(const Eigen::VectorXd& x);

/// Labels of the PAPI groups 1-4: "best performers", "high average", "low average", "poor performers".
[[nodiscard]] std::vector<std::string> papi_group_labels();

}  // namespace govindex
