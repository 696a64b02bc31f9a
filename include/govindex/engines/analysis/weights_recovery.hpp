#pragma once
/// \file weights_recovery.hpp
/// Recovering the weights of a weighted-mean index from published composites: given the
/// components X (rows = units, columns = components) and the composites y, find w minimising
/// ||y / scale - X w||^2, optionally subject to sum(w) = 1. Used to verify that a published index
/// (e.g. PCI = 10 x sum(w_k s_k), docs/guide/vietnam.md) is the weighted mean it claims to be.
///
/// Method: null-space reparametrisation w = 1/k + N z, N an orthonormal basis of {v : sum(v) = 0},
/// then an SVD least-squares solve for z (the same solution as the KKT system, without forming it).
/// Without the constraint, the SVD solves min ||y / scale - X w|| directly.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace govindex {

/// Settings of a weight recovery: composite = scale x sum(w_k x_k).
struct WeightRecovery {
    double scale = 1.0;      ///< fixed factor between the weighted mean and the composite (PCI: 10); > 0
    bool sum_to_one = true;  ///< constrain sum(w) = 1 (false: ordinary least squares)
    friend bool operator==(const WeightRecovery&, const WeightRecovery&) = default;
};

/// The fitted weights and how well they reproduce the composites.
struct WeightFit {
    std::vector<std::string> components;  ///< component codes, in the order of `weights`
    Eigen::VectorXd weights;              ///< one per component (sum 1 when constrained)
    std::vector<std::string> units;       ///< unit codes, in the order of the residuals
    Eigen::VectorXd fitted;               ///< scale x X w, in composite units
    Eigen::VectorXd residuals;            ///< y - fitted, in composite units
    double rmse = 0.0;                    ///< sqrt(mean(residual^2)), composite units
    double max_abs_residual = 0.0;        ///< max |residual|, composite units
    long rank = 0;                        ///< rank of the design: [X; 1'] with the constraint, X without
    long free_parameters = 0;             ///< k - 1 with the constraint, k without
    double condition_number = 0.0;        ///< sigma_max / sigma_min of the solved least-squares matrix
    WeightRecovery settings;              ///< the settings used
};

/// Fits the weights. `components` is units x k, `composite` has one value per unit; the code lists
/// name the columns and rows (for the result and error messages). Throws MethodError for a bad
/// setting or mismatched sizes, InputError for a missing (NaN) or infinite value (naming unit and
/// component), NumericError when there are fewer units than weights (naming both counts) or the
/// components are collinear so the weights are not identifiable (naming the rank).
[[nodiscard]] WeightFit recover_weights(const Eigen::MatrixXd& components, const Eigen::VectorXd& composite,
                                        const std::vector<std::string>& component_codes,
                                        const std::vector<std::string>& unit_codes,
                                        const WeightRecovery& settings = {});

}  // namespace govindex
