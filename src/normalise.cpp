#include "govindex/normalise.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "govindex/errors.hpp"

namespace govindex {

namespace {
std::string num(double x) {
    std::ostringstream os;
    os.precision(17);
    os << x;
    return os.str();
}
}  // namespace

void check(const MinMax& m) {
    if (!std::isfinite(m.low) || !std::isfinite(m.high) || !(m.low < m.high))
        throw MethodError("minmax: expected finite low < high, found low=" + num(m.low) + ", high=" + num(m.high));
}

Eigen::VectorXd normalise_column(const MinMax& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const double v : x) {
        if (std::isnan(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!(lo < hi))
        throw NumericError("minmax of indicator \"" + context.node.code + "\": " +
                           (lo > hi ? std::string("no observed values") : "all observed values equal " + num(lo)) +
                           "; expected at least two distinct values");
    const double span = m.high - m.low;
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (x[i] - lo) / (hi - lo) * span + m.low;
    return out;
}

Eigen::VectorXd normalise_column(const NormaliseMethod& method, const Eigen::VectorXd& x, const ColumnContext& context) {
    return std::visit([&](const auto& m) { return normalise_column(m, x, context); }, method);
}

void check(const NormaliseMethod& method) {
    std::visit([](const auto& m) { check(m); }, method);
}

}  // namespace govindex
