#include "govindex/aggregate.hpp"

#include <cmath>
#include <limits>

namespace govindex {

void check(const ArithmeticMean&) {}

Eigen::VectorXd aggregate_rows(const ArithmeticMean&, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const Node&) {
    Eigen::VectorXd out(children.rows());
    for (Eigen::Index i = 0; i < children.rows(); ++i) {
        double wsum = 0.0;
        bool any = false;
        for (Eigen::Index j = 0; j < children.cols(); ++j) {
            if (std::isnan(children(i, j))) continue;
            wsum += weights[j];
            any = true;
        }
        if (!any || wsum == 0.0) {
            out[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        double total = 0.0;
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (!std::isnan(children(i, j))) total += weights[j] / wsum * children(i, j);
        out[i] = total;
    }
    return out;
}

Eigen::VectorXd aggregate_rows(const AggregateMethod& method, const Eigen::MatrixXd& children,
                               const Eigen::VectorXd& weights, const Node& parent) {
    return std::visit([&](const auto& m) { return aggregate_rows(m, children, weights, parent); }, method);
}

void check(const AggregateMethod& method) {
    std::visit([](const auto& m) { check(m); }, method);
}

}  // namespace govindex
