#pragma once
/// \file vn/ranking.hpp
/// The ranking conventions of the Vietnamese indices: PAR INDEX groups A/B/C and PAPI's quartile
/// groups, on top of the generic helpers of ranking.hpp. See docs/guide/vietnam-data.md.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "govindex/pipeline/ranking.hpp"

namespace govindex::vn {

/// PAR INDEX groups of the 876/QĐ-BNV era: A [90, inf), B [80, 90), C [70, 80) in %
/// (verified for 2022, A/B/C = 2/56/5, and 2023, A/B = 7/56; see par-index.md).
[[nodiscard]] std::vector<Band> par_index_groups();

/// PAPI's four groups by score quartiles of the non-NaN values (type-7 quantiles Q1, Q2, Q3):
/// 1 = best performers (>= Q3), 2 = high average [Q2, Q3), 3 = low average [Q1, Q2),
/// 4 = poor performers (< Q1); NaN stays NaN. Reproduces the 2020 group sizes 16/16/15/16.
[[nodiscard]] Eigen::VectorXd papi_quartile_groups(const Eigen::VectorXd& x);

/// Labels of the PAPI groups 1-4: "best performers", "high average", "low average", "poor performers".
[[nodiscard]] std::vector<std::string> papi_group_labels();

}  // namespace govindex::vn
