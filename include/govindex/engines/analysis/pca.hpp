#pragma once
/// \file analysis_pca.hpp
/// Principal component analysis of a group of indicators or aggregates, at parity with COINr's
/// `get_PCA` (stats::prcomp(center = TRUE, scale = TRUE) on the complete cases). Formulas, the
/// sign convention, PCA weights and their caveats: docs/guide/analysis.md, "PCA".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"

namespace govindex {

/// A PCA of k columns on the n units where every one of them is present (complete cases).
/// Components are in decreasing order of variance. Sign convention (a component's sign is
/// arbitrary): each component's loadings add up to a positive number; when they add up to 0
/// (|sum| <= 1e-10, e.g. the contrast of two variables), its first non-zero loading is positive.
struct PrincipalComponents {
    std::string group;                       ///< the node whose members these are ("" for columns given)
    std::vector<std::string> columns;        ///< the k variables, in the order given
    std::vector<std::string> units;          ///< the n complete units used (rows of `scores`)
    std::vector<std::string> dropped_units;  ///< units left out because a variable is missing there
    Eigen::VectorXd means;                   ///< k: mean of each variable on the complete units
    Eigen::VectorXd sds;                     ///< k: standard deviation (n - 1) of each variable
    Eigen::VectorXd
        eigenvalues;             ///< k: eigenvalues of the correlation matrix = variances of the scores (prcomp sdev^2)
    Eigen::VectorXd proportion;  ///< k: eigenvalue / the sum of the eigenvalues (k), the share of the total variance
    Eigen::VectorXd cumulative;  ///< k: running sum of `proportion`
    Eigen::MatrixXd loadings;    ///< k x k: column j = unit eigenvector of component j (prcomp rotation)
    Eigen::MatrixXd scores;      ///< n x k: standardised data times loadings (prcomp x)

    /// COINr's "PCA weights": the loadings of the first component (a unit vector: their squares
    /// add up to 1), with the sign convention above. They may be negative.
    [[nodiscard]] Eigen::VectorXd weights() const { return loadings.col(0); }
};

/// PCA of the columns `columns` of `data` (standardised: the eigen-decomposition of their
/// correlation matrix, Eigen's SelfAdjointEigenSolver). Units with a missing value in any of
/// them are dropped (listed in dropped_units). `what` names the group in errors. Throws
/// MethodError for fewer than two columns, a repeated column or fewer than 3 complete units;
/// UnknownCodeError for a code not in `data`; NumericError naming the column for a variable that
/// is constant on the complete units (its correlations are undefined).
[[nodiscard]] PrincipalComponents principal_components(const Dataset& data, const std::vector<std::string>& columns,
                                                       std::string_view what = "");

/// PCA of the members of `group` at `level` (default: its children; see members() in analysis.hpp).
[[nodiscard]] PrincipalComponents principal_components(const Dataset& data, const Framework& framework,
                                                       std::string_view group, std::optional<int> level = std::nullopt);

/// One PCA per group of `level`'s nodes (COINr get_PCA(Level, by_groups = TRUE)): for each node
/// of level + 1 in framework order, the PCA of its members at `level`. A group with a single
/// member has no PCA and is skipped. Throws MethodError for a level outside 1..top level - 1.
[[nodiscard]] std::vector<PrincipalComponents> principal_components_by_group(const Dataset& data,
                                                                             const Framework& framework, int level);

}  // namespace govindex
