// The ranking conventions of the Vietnamese indices (PAR INDEX groups, PAPI quartile groups).
#include "govindex/vn/ranking.hpp"

#include <cmath>
#include <limits>

namespace govindex::vn {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::vector<Band> par_index_groups() {
    const double inf = std::numeric_limits<double>::infinity();
    return {{"A", 90.0, inf}, {"B", 80.0, 90.0}, {"C", 70.0, 80.0}};
}

Eigen::VectorXd papi_quartile_groups(const Eigen::VectorXd& x) {
    Eigen::VectorXd out = Eigen::VectorXd::Constant(x.size(), nan);
    if ((x.array() == x.array()).count() == 0) return out;
    const double q1 = quantile(x, 0.25), q2 = quantile(x, 0.5), q3 = quantile(x, 0.75);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        out[i] = x[i] >= q3 ? 1.0 : x[i] >= q2 ? 2.0 : x[i] >= q1 ? 3.0 : 4.0;
    }
    return out;
}

std::vector<std::string> papi_group_labels() {
    return {"best performers", "high average", "low average", "poor performers"};
}

}  // namespace govindex::vn
