#include "govindex/engines/analysis/weights_recovery.hpp"
#include "govindex/detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include <Eigen/QR>
#include <Eigen/SVD>

#include "govindex/errors.hpp"

namespace govindex {

using detail::exact_number;

namespace {

void check_inputs(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const std::vector<std::string>& component_codes,
                  const std::vector<std::string>& unit_codes, const WeightRecovery& settings) {
    if (!(std::isfinite(settings.scale) && settings.scale > 0))
        throw MethodError("recover_weights: scale must be a finite number > 0, found " + exact_number(settings.scale));
    if (x.cols() == 0) throw MethodError("recover_weights: expected at least one component, found none");
    if (static_cast<std::size_t>(x.cols()) != component_codes.size())
        throw MethodError("recover_weights: " + std::to_string(x.cols()) + " component columns but " +
                          std::to_string(component_codes.size()) + " component codes");
    if (x.rows() != y.size())
        throw MethodError("recover_weights: " + std::to_string(x.rows()) + " units in the components but " +
                          std::to_string(y.size()) + " composites");
    if (static_cast<std::size_t>(x.rows()) != unit_codes.size())
        throw MethodError("recover_weights: " + std::to_string(x.rows()) + " units but " +
                          std::to_string(unit_codes.size()) + " unit codes");
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        if (!std::isfinite(y(r)))
            throw InputError("recover_weights: unit " + detail::in_quotes(unit_codes[r]) +
                             ", composite: expected a number, found " +
                             (std::isnan(y(r)) ? std::string("a missing value") : exact_number(y(r))) +
                             "; drop units without a published composite before fitting");
        for (Eigen::Index c = 0; c < x.cols(); ++c)
            if (!std::isfinite(x(r, c)))
                throw InputError("recover_weights: unit " + detail::in_quotes(unit_codes[r]) + ", component \"" +
                                 component_codes[c] + "\": expected a number, found " +
                                 (std::isnan(x(r, c)) ? std::string("a missing value") : exact_number(x(r, c))) +
                                 "; drop incomplete units before fitting");
    }
    if (x.rows() < x.cols())
        throw NumericError("recover_weights: " + std::to_string(x.rows()) + " units for " + std::to_string(x.cols()) +
                           " weights; the weights are underdetermined (need at least as many units as weights)");
}

}  // namespace

WeightFit recover_weights(const Eigen::MatrixXd& components, const Eigen::VectorXd& composite,
                          const std::vector<std::string>& component_codes, const std::vector<std::string>& unit_codes,
                          const WeightRecovery& settings) {
    check_inputs(components, composite, component_codes, unit_codes, settings);
    const Eigen::Index k = components.cols();
    const Eigen::VectorXd target = composite / settings.scale;

    // Least-squares problem min ||b - A z||: A = X N, b = y/s - X w0 with the constraint, else A = X.
    Eigen::MatrixXd basis;  // N: k x (k - 1), orthonormal, columns sum to 0
    Eigen::VectorXd w0;
    Eigen::MatrixXd a;
    Eigen::VectorXd b;
    if (settings.sum_to_one) {
        w0 = Eigen::VectorXd::Constant(k, 1.0 / static_cast<double>(k));
        const Eigen::HouseholderQR<Eigen::MatrixXd> qr(Eigen::MatrixXd::Ones(k, 1));
        const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(k, k);
        basis = q.rightCols(k - 1);
        a = components * basis;
        b = target - components * w0;
    } else {
        a = components;
        b = target;
    }

    WeightFit fit;
    fit.components = component_codes;
    fit.units = unit_codes;
    fit.settings = settings;
    fit.free_parameters = static_cast<long>(a.cols());

    Eigen::VectorXd z = Eigen::VectorXd::Zero(a.cols());
    if (a.cols() > 0) {
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
        const Eigen::VectorXd& sigma = svd.singularValues();
        const double tolerance =
            sigma(0) * static_cast<double>(std::max(a.rows(), a.cols())) * std::numeric_limits<double>::epsilon() * 1e3;
        svd.setThreshold(sigma(0) > 0 ? tolerance / sigma(0) : 0.0);
        const long rank = static_cast<long>(svd.rank());
        fit.rank = rank + (settings.sum_to_one ? 1 : 0);
        if (rank < a.cols())
            throw NumericError("recover_weights: the " + std::to_string(k) + " components are collinear over the " +
                               std::to_string(components.rows()) + " units (design rank " + std::to_string(fit.rank) +
                               " < " + std::to_string(k) + " weights); the weights are not identifiable");
        fit.condition_number = sigma(0) / sigma(sigma.size() - 1);
        z = svd.solve(b);
    } else {
        fit.rank = 1;  // one component under the constraint: its weight is 1
        fit.condition_number = 1.0;
    }

    fit.weights = settings.sum_to_one ? Eigen::VectorXd(w0 + basis * z) : z;
    fit.fitted = settings.scale * (components * fit.weights);
    fit.residuals = composite - fit.fitted;
    fit.rmse = std::sqrt(fit.residuals.squaredNorm() / static_cast<double>(fit.residuals.size()));
    fit.max_abs_residual = fit.residuals.cwiseAbs().maxCoeff();
    return fit;
}

}  // namespace govindex
