#include "govindex/steps/aggregate.hpp"
#include "govindex/detail/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>
#include <vector>

#include "govindex/errors.hpp"
#include "steps/per_node.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

// Weight sums that should be equal but went through different additions (0.1 + 0.2 vs 0.3) are
// taken as equal within this share of the total weight compared.
constexpr double weight_tolerance = 1e-12;

// "<method> of aggregate "P"", the start of every message.
std::string where(std::string_view method, const AggregateContext& c) {
    return std::string(method) + " of aggregate " + in_quotes(c.parent.code);
}

// Shapes and weights are the caller's responsibility; a mismatch is a programming error.
void check_inputs(std::string_view method, const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                  const AggregateContext& c) {
    if (w.size() != x.cols() || static_cast<Eigen::Index>(c.children.size()) != x.cols() ||
        static_cast<Eigen::Index>(c.units.codes.size()) != x.rows())
        throw MethodError(where(method, c) + ": expected " + std::to_string(x.cols()) + " weights, " +
                          std::to_string(x.cols()) + " child codes and " + std::to_string(x.rows()) +
                          " unit codes (the shape of the children matrix), found " + std::to_string(w.size()) + ", " +
                          std::to_string(c.children.size()) + " and " + std::to_string(c.units.codes.size()));
    for (Eigen::Index j = 0; j < w.size(); ++j)
        if (!std::isfinite(w[j]) || w[j] < 0)
            throw MethodError(where(method, c) + ", child " + in_quotes(c.children[static_cast<std::size_t>(j)]) +
                              ": expected a finite weight >= 0, found " + exact_number(w[j]));
}

// A cell that takes part: present, of a child with positive weight.
bool used(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, Eigen::Index i, Eigen::Index j) {
    return w[j] > 0 && !std::isnan(x(i, j));
}

enum class Domain { positive, non_negative };

// Throws a NumericError listing every unit (and its children) with a used value outside the domain.
void check_domain(std::string_view method, const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                  const AggregateContext& c, Domain domain, std::string_view why, std::string_view hint) {
    std::string units;
    std::size_t count = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        std::string cells;
        for (Eigen::Index j = 0; j < x.cols(); ++j) {
            if (!used(x, w, i, j)) continue;
            const double v = x(i, j);
            if (domain == Domain::positive ? v > 0 : v >= 0) continue;
            cells += (cells.empty() ? "" : ", ") + c.children[static_cast<std::size_t>(j)] + " = " + exact_number(v);
        }
        if (cells.empty()) continue;
        units +=
            (units.empty() ? "" : "; ") + in_quotes(c.units.codes[static_cast<std::size_t>(i)]) + " (" + cells + ")";
        ++count;
    }
    if (count == 0) return;
    const char* expected = domain == Domain::positive ? "> 0" : ">= 0";
    const char* found = domain == Domain::positive ? "<= 0" : "< 0";
    throw NumericError(where(method, c) + ": expected child values " + expected + " (" + std::string(why) +
                       "), found values " + found + " for " + std::to_string(count) +
                       (count == 1 ? " unit: " : " units: ") + units + "; " + std::string(hint));
}

// Per unit: f(i) over units with at least one used cell; NaN for the others.
template <class F>
Eigen::VectorXd per_unit(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, F&& f) {
    Eigen::VectorXd out(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        bool any = false;
        for (Eigen::Index j = 0; j < x.cols() && !any; ++j) any = used(x, w, i, j);
        out[i] = any ? f(i) : nan_value;
    }
    return out;
}

// Weighted mean of g(x) over the used cells of row i. Where w g(x) overflows (huge weights or
// values) or the weights are subnormal, as the sum of weight shares times g(x), whose partial sums
// are bounded by the largest |g(x)|: a mean of finite values is finite.
template <class G>
double weighted_mean(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, Eigen::Index i, G&& g) {
    double total = 0.0, wsum = 0.0;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (!used(x, w, i, j)) continue;
        total += w[j] * g(x(i, j));
        wsum += w[j];
    }
    const double mean = total / wsum;
    if (std::isfinite(mean) && wsum >= std::numeric_limits<double>::min()) return mean;
    double largest = 0.0;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (used(x, w, i, j)) largest = std::max(largest, w[j]);
    double shares = 0.0;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (used(x, w, i, j)) shares += w[j] / largest;
    double out = 0.0;
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        if (used(x, w, i, j)) out += (w[j] / largest / shares) * g(x(i, j));
    return out;
}

// e with |v| in [2^(e-1), 2^e): ldexp(x, -e) scales x exactly (2^e itself may not be a double).
int exponent_of(double v) {
    int exponent = 0;
    (void)std::frexp(v, &exponent);
    return exponent;
}

Eigen::VectorXd geometric(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
    return per_unit(
        x, w, [&](Eigen::Index i) { return std::exp(weighted_mean(x, w, i, [](double v) { return std::log(v); })); });
}

// (a + b) / 2, without overflow for a + b beyond the largest double.
double midpoint(double a, double b) {
    const double sum = a + b;
    return std::isfinite(sum) ? sum / 2 : a / 2 + b / 2;
}

constexpr std::string_view zero_policies = "\"error\", \"zero\" or \"offset\"";
constexpr std::string_view penalties = "\"subtract\" or \"add\"";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Arithmetic mean

void check(const ArithmeticMean&) {}

Eigen::VectorXd aggregate_rows(const ArithmeticMean&, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregateContext& context) {
    check_inputs("arithmetic mean", children, weights, context);
    return per_unit(children, weights, [&](Eigen::Index i) {
        // As COINr: w <- w / sum(w), then sum(w * x). R's sum() accumulates in long double and
        // rounds once at the end; the products are doubles. Doing the same makes tied scores
        // (frequent after rank normalisation) tie exactly as in COINr.
        long double wsum = 0.0L;
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (used(children, weights, i, j)) wsum += weights[j];
        const double w_total = static_cast<double>(wsum);
        long double total = 0.0L;
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (used(children, weights, i, j)) total += (weights[j] / w_total) * children(i, j);
        return static_cast<double>(total);
    });
}

// ---------------------------------------------------------------------------------------------
// Geometric mean

void check(const GeometricMean& m) {
    if (m.zero_policy != "error" && m.zero_policy != "zero" && m.zero_policy != "offset")
        throw MethodError("gmean: parameter \"zero_policy\": expected " + std::string(zero_policies) + ", found " +
                          in_quotes(m.zero_policy));
    if (m.zero_policy == "offset" && !(std::isfinite(m.offset) && m.offset > 0))
        throw MethodError(
            "gmean: parameter \"offset\": expected a finite number > 0 with zero_policy \"offset\", found " +
            exact_number(m.offset));
    if (m.zero_policy != "offset" && m.offset != 0)
        throw MethodError("gmean: parameter \"offset\" = " + exact_number(m.offset) +
                          " is only used with zero_policy \"offset\", found " + in_quotes(m.zero_policy) +
                          "; expected offset = 0 or zero_policy = \"offset\"");
}

Eigen::VectorXd aggregate_rows(const GeometricMean& m, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregateContext& context) {
    check(m);
    constexpr std::string_view name = "geometric mean";
    check_inputs(name, children, weights, context);
    if (m.zero_policy == "error") {
        check_domain(
            name, children, weights, context, Domain::positive, "the mean takes logarithms",
            "normalise to a range above 0 (e.g. minmax with low = 1) or choose a zero_policy (\"zero\" or \"offset\")");
        return geometric(children, weights);
    }
    check_domain(name, children, weights, context, Domain::non_negative, "the mean takes logarithms",
                 "normalise to a range of values >= 0 first");
    if (m.zero_policy == "zero") {
        return per_unit(children, weights, [&](Eigen::Index i) {
            for (Eigen::Index j = 0; j < children.cols(); ++j)
                if (used(children, weights, i, j) && children(i, j) == 0) return 0.0;
            return std::exp(weighted_mean(children, weights, i, [](double v) { return std::log(v); }));
        });
    }
    const double c = m.offset;
    return per_unit(children, weights, [&](Eigen::Index i) {
        return std::exp(weighted_mean(children, weights, i, [c](double v) { return std::log(v + c); })) - c;
    });
}

// ---------------------------------------------------------------------------------------------
// Harmonic mean

void check(const HarmonicMean&) {}

Eigen::VectorXd aggregate_rows(const HarmonicMean&, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregateContext& context) {
    constexpr std::string_view name = "harmonic mean";
    check_inputs(name, children, weights, context);
    check_domain(name, children, weights, context, Domain::positive, "the mean takes 1 / x",
                 "normalise to a range above 0 (e.g. minmax with low = 1)");
    return per_unit(children, weights, [&](Eigen::Index i) {
        double wsum = 0.0, inverse = 0.0;  // as COINr: sum(w) / sum(w / x)
        for (Eigen::Index j = 0; j < children.cols(); ++j) {
            if (!used(children, weights, i, j)) continue;
            wsum += weights[j];
            inverse += weights[j] / children(i, j);
        }
        const double mean = wsum / inverse;
        if (std::isfinite(inverse) && mean > 0 && std::isfinite(mean) && wsum >= std::numeric_limits<double>::min())
            return mean;
        // w / x overflowed (subnormal values, huge weights): the mean of x / c with c the smallest
        // value's power of 2 and the weights as shares, times c.
        double smallest = std::numeric_limits<double>::infinity();
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (used(children, weights, i, j)) smallest = std::min(smallest, children(i, j));
        const int e = exponent_of(smallest);
        return std::ldexp(1.0 / weighted_mean(children, weights, i, [e](double v) { return 1.0 / std::ldexp(v, -e); }),
                          e);
    });
}

// ---------------------------------------------------------------------------------------------
// Generalised mean

void check(const GeneralisedMean& m) {
    if (!std::isfinite(m.p))
        throw MethodError("genmean: parameter \"p\": expected a finite number, found " + exact_number(m.p));
}

Eigen::VectorXd aggregate_rows(const GeneralisedMean& m, const Eigen::MatrixXd& children,
                               const Eigen::VectorXd& weights, const AggregateContext& context) {
    check(m);
    const std::string name = "generalised mean (p = " + exact_number(m.p) + ")";
    check_inputs(name, children, weights, context);
    const double p = m.p;
    if (p == 1.0)
        return per_unit(children, weights, [&](Eigen::Index i) {
            return weighted_mean(children, weights, i, [](double v) { return v; });
        });
    if (p == 0.0) {
        check_domain(name, children, weights, context, Domain::positive,
                     "p = 0 is the geometric mean, which takes logarithms",
                     "normalise to a range above 0 (e.g. minmax with low = 1)");
        return geometric(children, weights);
    }
    if (p > 0)
        check_domain(name, children, weights, context, Domain::non_negative,
                     "x^p of a negative x is undefined or loses its sign unless p = 1",
                     "normalise to a range of values >= 0 first");
    else
        check_domain(name, children, weights, context, Domain::positive, "x^p with p < 0 is infinite at 0",
                     "normalise to a range above 0 (e.g. minmax with low = 1)");
    return per_unit(children, weights, [&](Eigen::Index i) {
        const double mean =
            std::pow(weighted_mean(children, weights, i, [p](double v) { return std::pow(v, p); }), 1.0 / p);
        if (std::isfinite(mean) && mean > 0) return mean;
        // x^p overflowed or underflowed (p large, values near the limits of double): the mean of
        // x / c, c the power of 2 of the largest value (p > 0, so x^p <= 1) or of the smallest
        // (p < 0, so x^p <= 1), times c.
        double largest = 0.0, smallest = std::numeric_limits<double>::infinity();
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (used(children, weights, i, j))
                largest = std::max(largest, children(i, j)), smallest = std::min(smallest, children(i, j));
        if (!(largest > 0)) return mean;  // every value 0: the mean is 0
        const int e = exponent_of(p > 0 ? largest : smallest);
        return std::ldexp(
            std::pow(weighted_mean(children, weights, i, [p, e](double v) { return std::pow(std::ldexp(v, -e), p); }),
                     1.0 / p),
            e);
    });
}

// ---------------------------------------------------------------------------------------------
// Weighted median

void check(const WeightedMedian&) {}

Eigen::VectorXd aggregate_rows(const WeightedMedian&, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregateContext& context) {
    check_inputs("weighted median", children, weights, context);
    std::vector<std::pair<double, double>> cells;  // (value, weight)
    return per_unit(children, weights, [&](Eigen::Index i) {
        cells.clear();
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (used(children, weights, i, j)) cells.emplace_back(children(i, j), weights[j]);
        std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        double total = 0.0;
        for (const auto& cell : cells) total += cell.second;
        double below = 0.0;  // weight of the values up to and including k
        for (std::size_t k = 0; k < cells.size(); ++k) {
            below += cells[k].second;
            double above = 0.0;  // weight of the values after k, summed on its own
            for (std::size_t l = k + 1; l < cells.size(); ++l) above += cells[l].second;
            if (std::abs(below - above) <= weight_tolerance * total)
                return k + 1 < cells.size() ? midpoint(cells[k].first, cells[k + 1].first) : cells[k].first;
            if (below > above) return cells[k].first;
        }
        return cells.back().first;  // not reached: the last k has above = 0
    });
}

// ---------------------------------------------------------------------------------------------
// Copeland

void check(const Copeland&) {}

Eigen::VectorXd aggregate_rows(const Copeland&, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregateContext& context) {
    check_inputs("Copeland score", children, weights, context);
    const Eigen::Index n = children.rows();
    return per_unit(children, weights, [&](Eigen::Index a) {
        double score = 0.0;
        for (Eigen::Index b = 0; b < n; ++b) {
            if (b == a) continue;
            double higher = 0.0, lower = 0.0, total = 0.0;
            for (Eigen::Index j = 0; j < children.cols(); ++j) {
                if (!used(children, weights, a, j) || !used(children, weights, b, j)) continue;
                total += weights[j];
                if (children(a, j) > children(b, j))
                    higher += weights[j];
                else if (children(a, j) < children(b, j))
                    lower += weights[j];
            }
            if (total == 0 || std::abs(higher - lower) <= weight_tolerance * total) continue;
            score += higher > lower ? 1.0 : -1.0;
        }
        return score;
    });
}

// ---------------------------------------------------------------------------------------------
// Mazziotta-Pareto

void check(const MazziottaPareto& m) {
    if (m.penalty != "subtract" && m.penalty != "add")
        throw MethodError("mpi: parameter \"penalty\": expected " + std::string(penalties) + ", found " +
                          in_quotes(m.penalty));
}

Eigen::VectorXd aggregate_rows(const MazziottaPareto& m, const Eigen::MatrixXd& children,
                               const Eigen::VectorXd& weights, const AggregateContext& context) {
    check(m);
    const std::string name = m.adjusted ? "adjusted Mazziotta-Pareto index" : "Mazziotta-Pareto index";
    check_inputs(name, children, weights, context);
    // Standardise each child of positive weight across the units where it is present.
    Eigen::MatrixXd z = Eigen::MatrixXd::Constant(children.rows(), children.cols(), nan_value);
    for (Eigen::Index j = 0; j < children.cols(); ++j) {
        if (weights[j] <= 0) continue;
        double sum = 0.0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
        Eigen::Index count = 0;
        for (Eigen::Index i = 0; i < children.rows(); ++i) {
            const double v = children(i, j);
            if (std::isnan(v)) continue;
            sum += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            ++count;
        }
        if (count == 0) continue;  // no unit has this child: nothing to standardise, no unit uses it
        if (!(lo < hi))
            throw NumericError(
                where(name, context) + ", child " + in_quotes(context.children[static_cast<std::size_t>(j)]) + ": " +
                (count == 1 ? "1 observed value (" + exact_number(lo) + ")"
                            : std::to_string(count) + " observed values, all equal to " + exact_number(lo)) +
                "; expected at least two distinct values to standardise across units");
        // Values near the limits of double (sums or squares that overflow or underflow): the
        // column times a power of 2 c (exact), which leaves z unchanged.
        const double largest = std::max(std::abs(lo), std::abs(hi));
        const double c =
            largest > 0x1p500 || largest < 0x1p-500 ? std::ldexp(1.0, std::min(-exponent_of(largest), 1000)) : 1.0;
        if (c != 1.0) {
            sum = 0.0;
            for (Eigen::Index i = 0; i < children.rows(); ++i)
                if (!std::isnan(children(i, j))) sum += children(i, j) * c;
        }
        const double mean = sum / static_cast<double>(count);
        double ss = 0.0;
        for (Eigen::Index i = 0; i < children.rows(); ++i)
            if (!std::isnan(children(i, j))) ss += (children(i, j) * c - mean) * (children(i, j) * c - mean);
        const double sd = std::sqrt(ss / static_cast<double>(count));  // population sd, as Mazziotta & Pareto
        for (Eigen::Index i = 0; i < children.rows(); ++i) {
            if (std::isnan(children(i, j))) continue;
            z(i, j) = m.adjusted ? 100.0 + 60.0 * (children(i, j) * c - mean) / (hi * c - lo * c)
                                 : 100.0 + 10.0 * (children(i, j) * c - mean) / sd;
        }
    }
    // Per unit: weighted mean M and population sd S of the standardised values, then M -/+ S * cv.
    const double sign = m.penalty == "subtract" ? -1.0 : 1.0;
    std::string bad;
    std::size_t bad_count = 0;
    Eigen::VectorXd out = per_unit(children, weights, [&](Eigen::Index i) {
        const double mean = weighted_mean(z, weights, i, [](double v) { return v; });
        const double var = weighted_mean(z, weights, i, [mean](double v) { return (v - mean) * (v - mean); });
        if (!(mean > 0)) {
            bad += (bad.empty() ? "" : ", ") + in_quotes(context.units.codes[static_cast<std::size_t>(i)]) + " (" +
                   exact_number(mean) + ")";
            ++bad_count;
            return nan_value;
        }
        const double sd = std::sqrt(var);
        const double cv = sd / mean;
        return mean + sign * sd * cv;
    });
    if (bad_count > 0)
        throw NumericError(where(name, context) +
                           ": expected a mean standardised value > 0 for the coefficient of variation, found " +
                           (bad_count == 1 ? "1 unit: " : std::to_string(bad_count) + " units: ") + bad);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Weighted sum

void check(const WeightedSum& m) {
    if (!(std::isfinite(m.scale) && m.scale > 0))
        throw MethodError("sum: parameter \"scale\": expected a finite number > 0, found " + exact_number(m.scale),
                          ErrorLocation{"", 0, "scale", "", "a finite number > 0", exact_number(m.scale)});
}

Eigen::VectorXd aggregate_rows(const WeightedSum& m, const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregateContext& context) {
    check(m);
    check_inputs("weighted sum", children, weights, context);
    const auto missing = [&](Eigen::Index i) {
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (weights[j] > 0 && std::isnan(children(i, j))) return true;
        return false;
    };
    // Where a term or partial sum overflowed (inf, or inf - inf = NaN): the sum in long double,
    // whose range holds every product of three doubles; inf if the sum itself exceeds a double
    // (the pipeline then names the unit), a located NumericError if it cannot be formed at all.
    const auto long_sum = [&](Eigen::Index i) {
        long double sum = 0.0L;
        for (Eigen::Index j = 0; j < children.cols(); ++j)
            if (weights[j] > 0)
                sum += static_cast<long double>(m.scale) * static_cast<long double>(weights[j]) * children(i, j);
        const auto value = static_cast<double>(sum);
        if (std::isnan(value))
            throw error_at<NumericError>(
                {.source = "aggregate step",
                 .column = context.parent.code,
                 .node = context.parent.code,
                 .expected = "a finite weighted sum",
                 .found = "an overflow"},
                where("weighted sum", context) + ", unit " +
                    in_quotes(context.units.codes[static_cast<std::size_t>(i)]) +
                    ": the terms scale x weight x value overflow the largest double with opposite signs; "
                    "expected a finite weighted sum (are weights or values too large?)");
        return value;
    };
    Eigen::VectorXd out(children.rows());
    for (Eigen::Index i = 0; i < children.rows(); ++i) {
        double total = 0.0;
        for (Eigen::Index j = 0; j < children.cols(); ++j) {
            if (weights[j] <= 0) continue;
            if (std::isnan(children(i, j))) {
                total = nan_value;  // points and scales are not rescaled: a missing part leaves the sum unknown
                break;
            }
            total += m.scale * weights[j] * children(i, j);
        }
        if (std::isinf(total) || (std::isnan(total) && !missing(i))) total = long_sum(i);
        out[i] = total;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Dispatch

Eigen::VectorXd aggregate_rows(const AggregateMethod& method, const Eigen::MatrixXd& children,
                               const Eigen::VectorXd& weights, const AggregateContext& context) {
    return std::visit([&](const auto& m) { return aggregate_rows(m, children, weights, context); }, method);
}

void check(const AggregateMethod& method) {
    std::visit([](const auto& m) { check(m); }, method);
}

// ---------------------------------------------------------------------------------------------
// Contributions: each child's part of the parent's value, adding up to it.

namespace {

// The weights of the used cells of each row rescaled to sum to 1; 0 elsewhere.
Eigen::MatrixXd shares_of(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
    const Eigen::Index n = x.rows(), k = x.cols();
    Eigen::MatrixXd s(n, k);
    std::vector<double> total(static_cast<std::size_t>(n), 0.0);
    for (Eigen::Index j = 0; j < k; ++j) {
        const double wj = w[j] > 0 ? w[j] : 0.0;
        const double* xj = x.col(j).data();
        double* sj = s.col(j).data();
        for (Eigen::Index i = 0; i < n; ++i) {
            sj[i] = std::isnan(xj[i]) ? 0.0 : wj;
            total[static_cast<std::size_t>(i)] += sj[i];
        }
    }
    for (Eigen::Index j = 0; j < k; ++j) {
        double* sj = s.col(j).data();
        for (Eigen::Index i = 0; i < n; ++i) {
            const double t = total[static_cast<std::size_t>(i)];
            sj[i] = t > 0 ? sj[i] / t : 0.0;
        }
    }
    return s;
}

// parent[i] split in proportion to terms(i, .), or to the shares where the terms add up to 0 (or
// are not finite); NaN rows where the parent is missing.
Eigen::MatrixXd proportional(const Eigen::MatrixXd& terms, const Eigen::MatrixXd& shares,
                             const Eigen::VectorXd& parent) {
    Eigen::MatrixXd c(terms.rows(), terms.cols());
    for (Eigen::Index i = 0; i < terms.rows(); ++i) {
        if (std::isnan(parent[i])) {
            c.row(i).setConstant(nan_value);
            continue;
        }
        const double total = terms.row(i).sum();
        const bool by_terms = total != 0 && std::isfinite(total);
        const double basis_total = by_terms ? total : shares.row(i).sum();
        for (Eigen::Index j = 0; j < terms.cols(); ++j)
            c(i, j) = parent[i] * (by_terms ? terms(i, j) : shares(i, j)) / basis_total;
    }
    return c;
}

// Terms g(x) * share over the used cells (0 elsewhere).
template <class G>
Eigen::MatrixXd terms_of(const Eigen::MatrixXd& x, const Eigen::MatrixXd& shares, G&& g) {
    Eigen::MatrixXd t(x.rows(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i) t(i, j) = shares(i, j) > 0 ? shares(i, j) * g(x(i, j)) : 0.0;
    return t;
}

Eigen::MatrixXd nan_rows(Eigen::MatrixXd c, const Eigen::VectorXd& parent) {
    for (Eigen::Index i = 0; i < c.rows(); ++i)
        if (std::isnan(parent[i])) c.row(i).setConstant(nan_value);
    return c;
}

// Geometric mean of y = x + offset split by share * log y; the offset is taken back per share.
Eigen::MatrixXd geometric_split(const Eigen::MatrixXd& x, const Eigen::MatrixXd& shares, const Eigen::VectorXd& parent,
                                double offset) {
    Eigen::VectorXd shifted = parent.array() + offset;
    for (Eigen::Index i = 0; i < parent.size(); ++i)
        if (parent[i] == 0 && offset == 0) shifted[i] = 0.0;  // zero_policy "zero": every part is 0
    Eigen::MatrixXd c =
        proportional(terms_of(x, shares, [offset](double v) { return std::log(v + offset); }), shares, shifted);
    if (offset != 0) c -= offset * shares;
    for (Eigen::Index i = 0; i < parent.size(); ++i)
        if (parent[i] == 0 && offset == 0) c.row(i).setZero();
    return nan_rows(std::move(c), parent);
}

std::optional<Eigen::MatrixXd> split(const ArithmeticMean&, const Eigen::MatrixXd& x, const Eigen::VectorXd&,
                                     const Eigen::VectorXd& parent, const Eigen::MatrixXd& s) {
    return nan_rows(terms_of(x, s, [](double v) { return v; }), parent);
}
std::optional<Eigen::MatrixXd> split(const WeightedSum& m, const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                                     const Eigen::VectorXd& parent, const Eigen::MatrixXd&) {
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(x.rows(), x.cols());
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            if (used(x, w, i, j)) c(i, j) = m.scale * w[j] * x(i, j);
    return nan_rows(std::move(c), parent);
}
std::optional<Eigen::MatrixXd> split(const GeometricMean& m, const Eigen::MatrixXd& x, const Eigen::VectorXd&,
                                     const Eigen::VectorXd& parent, const Eigen::MatrixXd& s) {
    return geometric_split(x, s, parent, m.zero_policy == "offset" ? m.offset : 0.0);
}
// Terms share x x^p, where a row's overflow (or underflow to 0) would split its value by the weight
// shares alone: that row's terms from x / 2^e (e of its largest used value for p > 0, smallest for
// p < 0), the same proportions. Other rows keep the plain terms bit for bit.
Eigen::MatrixXd power_terms(const Eigen::MatrixXd& x, const Eigen::MatrixXd& shares, double p) {
    const auto power = [p](double v) { return p == -1.0 ? 1.0 / v : std::pow(v, p); };
    Eigen::MatrixXd t = terms_of(x, shares, power);
    for (Eigen::Index i = 0; i < t.rows(); ++i) {
        const double total = t.row(i).sum();
        if (std::isfinite(total) && total > 0) continue;
        double extreme = p > 0 ? 0.0 : std::numeric_limits<double>::infinity();
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            if (shares(i, j) > 0) extreme = p > 0 ? std::max(extreme, x(i, j)) : std::min(extreme, x(i, j));
        if (!(extreme > 0) || std::isinf(extreme)) continue;
        const int e = exponent_of(extreme);
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            t(i, j) = shares(i, j) > 0 ? shares(i, j) * power(std::ldexp(x(i, j), -e)) : 0.0;
    }
    return t;
}

std::optional<Eigen::MatrixXd> split(const HarmonicMean&, const Eigen::MatrixXd& x, const Eigen::VectorXd&,
                                     const Eigen::VectorXd& parent, const Eigen::MatrixXd& s) {
    return proportional(power_terms(x, s, -1.0), s, parent);
}
std::optional<Eigen::MatrixXd> split(const GeneralisedMean& m, const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                                     const Eigen::VectorXd& parent, const Eigen::MatrixXd& s) {
    if (m.p == 1.0) return split(ArithmeticMean{}, x, w, parent, s);
    if (m.p == 0.0) return geometric_split(x, s, parent, 0.0);
    return proportional(power_terms(x, s, m.p), s, parent);
}
std::optional<Eigen::MatrixXd> split(const WeightedMedian&, const Eigen::MatrixXd& x, const Eigen::VectorXd& w,
                                     const Eigen::VectorXd& parent, const Eigen::MatrixXd&) {
    // The child (or the two children averaged) whose value the median is, found as the kernel does.
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(x.rows(), x.cols());
    std::vector<std::pair<double, Eigen::Index>> cells;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (std::isnan(parent[i])) {
            c.row(i).setConstant(nan_value);
            continue;
        }
        cells.clear();
        for (Eigen::Index j = 0; j < x.cols(); ++j)
            if (used(x, w, i, j)) cells.emplace_back(x(i, j), j);
        std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        double total = 0.0;
        for (const auto& cell : cells) total += w[cell.second];
        double below = 0.0;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            below += w[cells[k].second];
            double above = 0.0;
            for (std::size_t l = k + 1; l < cells.size(); ++l) above += w[cells[l].second];
            if (std::abs(below - above) <= weight_tolerance * total && k + 1 < cells.size()) {
                c(i, cells[k].second) = cells[k].first / 2;
                c(i, cells[k + 1].second) = cells[k + 1].first / 2;
                break;
            }
            if (below > above || std::abs(below - above) <= weight_tolerance * total) {
                c(i, cells[k].second) = cells[k].first;
                break;
            }
        }
    }
    return c;
}
std::optional<Eigen::MatrixXd> split(const Copeland&, const Eigen::MatrixXd&, const Eigen::VectorXd&,
                                     const Eigen::VectorXd&, const Eigen::MatrixXd&) {
    return std::nullopt;
}
std::optional<Eigen::MatrixXd> split(const MazziottaPareto&, const Eigen::MatrixXd&, const Eigen::VectorXd&,
                                     const Eigen::VectorXd&, const Eigen::MatrixXd&) {
    return std::nullopt;
}

}  // namespace

std::optional<Eigen::MatrixXd> contributions(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const Eigen::VectorXd& parent) {
    const Eigen::MatrixXd shares = shares_of(children, weights);
    return std::visit([&](const auto& m) { return split(m, children, weights, parent, shares); }, method);
}

std::string contribution_rule(const AggregateMethod& method) {
    struct Rule {
        std::string operator()(const ArithmeticMean&) const { return "weight share x value"; }
        std::string operator()(const WeightedSum&) const { return "scale x weight x value"; }
        std::string operator()(const GeometricMean& m) const {
            return m.zero_policy == "offset"
                       ? "(value + offset) split in proportion to weight share x log(child + offset), less offset x "
                         "weight share"
                       : "value split in proportion to weight share x log(child); 0 each when the mean is 0";
        }
        std::string operator()(const HarmonicMean&) const {
            return "value split in proportion to weight share / child";
        }
        std::string operator()(const GeneralisedMean& m) const {
            if (m.p == 1.0) return "weight share x value";
            if (m.p == 0.0) return "value split in proportion to weight share x log(child)";
            return "value split in proportion to weight share x child^p";
        }
        std::string operator()(const WeightedMedian&) const {
            return "the median child's value (half each when the median is the mean of two)";
        }
        std::string operator()(const Copeland&) const {
            return "no additive split: a Copeland score counts pairwise wins over units, not parts of children";
        }
        std::string operator()(const MazziottaPareto&) const {
            return "no additive split: the penalty for unbalanced children is not a sum over children";
        }
    };
    return std::visit(Rule{}, method);
}

bool operator==(const AggregationRecord& a, const AggregationRecord& b) {
    return a.node == b.node && a.method == b.method && a.children == b.children &&
           ((a.weights.array() == b.weights.array()) || (a.weights.array().isNaN() && b.weights.array().isNaN()))
               .all() &&
           a.below_availability == b.below_availability;
}

Eigen::MatrixXd AggregationRecord::inputs(const Dataset& data) const {
    Eigen::MatrixXd x(data.unit_count(), static_cast<Eigen::Index>(children.size()));
    for (std::size_t k = 0; k < children.size(); ++k)
        x.col(static_cast<Eigen::Index>(k)) = data.values().col(data.column_index(children[k]));
    for (std::size_t i = 0; i < below_availability.size(); ++i)
        if (below_availability[i]) x.row(static_cast<Eigen::Index>(i)).setConstant(nan_value);
    return x;
}

bool AggregationRecord::has_split() const {
    return !std::holds_alternative<Copeland>(method) && !std::holds_alternative<MazziottaPareto>(method);
}

Eigen::MatrixXd used_weights(const AggregateMethod& method, const Eigen::MatrixXd& children,
                             const Eigen::VectorXd& weights) {
    if (const auto* sum = std::get_if<WeightedSum>(&method)) {
        Eigen::MatrixXd u = Eigen::MatrixXd::Zero(children.rows(), children.cols());
        for (Eigen::Index i = 0; i < children.rows(); ++i)
            for (Eigen::Index j = 0; j < children.cols(); ++j)
                if (used(children, weights, i, j)) u(i, j) = sum->scale * weights[j];
        return u;
    }
    return shares_of(children, weights);
}

Eigen::MatrixXd marginal_effects(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                 const Eigen::VectorXd& parent, const Eigen::MatrixXd& used) {
    // The power p and offset o of the gradient (M + o)^(1 - p) w_i (x_i + o)^(p - 1) (a weighted
    // sum: p = 1); nullopt: none.
    std::optional<std::pair<double, double>> power;
    if (const auto form = power_mean_form(method))
        power = std::pair{form->p, form->offset};
    else if (std::holds_alternative<WeightedSum>(method))
        power = std::pair{1.0, 0.0};
    Eigen::MatrixXd out = Eigen::MatrixXd::Constant(children.rows(), children.cols(), nan_value);
    if (!power) return out;
    const auto [p, o] = *power;
    for (Eigen::Index i = 0; i < parent.size(); ++i) {
        if (std::isnan(parent[i])) continue;
        for (Eigen::Index j = 0; j < children.cols(); ++j) {
            if (!(used(i, j) > 0.0)) {
                out(i, j) = 0.0;
                continue;
            }
            double g = used(i, j);
            if (p != 1.0) {
                const double x = children(i, j) + o, m = parent[i] + o;
                g = x > 0.0 && m > 0.0 ? g * std::pow(m, 1.0 - p) * std::pow(x, p - 1.0) : nan_value;
            }
            out(i, j) = g;
        }
    }
    return out;
}

Eigen::VectorXd aggregate_standard_errors(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                          const Eigen::VectorXd& parent, const Eigen::MatrixXd& used,
                                          const Eigen::MatrixXd& children_standard_errors) {
    const Eigen::MatrixXd g = marginal_effects(method, children, parent, used);
    Eigen::VectorXd out = Eigen::VectorXd::Constant(parent.size(), nan_value);
    for (Eigen::Index i = 0; i < parent.size(); ++i) {
        if (std::isnan(parent[i])) continue;
        double sum = 0.0;
        bool known = true;
        for (Eigen::Index j = 0; j < children.cols() && known; ++j) {
            if (!(used(i, j) > 0.0)) continue;
            const double term = g(i, j) * children_standard_errors(i, j);
            if (std::isnan(term))
                known = false;
            else
                sum += term * term;
        }
        if (known) out[i] = std::sqrt(sum);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The Aggregate step

namespace {

constexpr std::string_view aggregate_prefix = "aggregate step: ";

std::map<std::string, const AggregateMethod*> aggregate_overrides(const Aggregate& step, const Framework& fw) {
    return detail::resolve_per_node(step.per_node, fw, detail::NodeRole::aggregate, std::string(aggregate_prefix),
                                    "per-node method", "aggregate step", "per_node");
}

MethodError step_error(const std::string& what, ErrorLocation location) {
    location.source = "aggregate step";
    return MethodError(std::string(aggregate_prefix) + what, std::move(location));
}

}  // namespace

std::map<std::string, double> effective_weights(const Aggregate& step, const Framework& fw) {
    std::map<std::string, double> weights;
    try {
        weights = fw.weights(step.weight_set);
    } catch (const UnknownCodeError& e) {
        throw step_error(e.what(), ErrorLocation{.column = "weight_set",
                                                 .expected = "a weight set of the framework",
                                                 .found = in_quotes(step.weight_set)});
    }
    const auto given = detail::resolve_per_node(step.weights, fw, detail::NodeRole::tree_node,
                                                std::string(aggregate_prefix), "weight", "aggregate step", "weights");
    for (const auto& [code, w] : given) {
        if (!std::isfinite(*w) || *w < 0)
            throw step_error(
                "weight for " + in_quotes(code) + ": expected a finite number >= 0, found " + exact_number(*w),
                ErrorLocation{
                    .column = "weights", .node = code, .expected = "a finite number >= 0", .found = exact_number(*w)});
        weights[code] = *w;
    }
    for (int level = 2; level <= fw.max_level(); ++level)
        for (const auto& parent : fw.level_codes(level)) {
            bool positive = false;
            double total = 0.0;
            for (const auto& c : fw.children(parent)) {
                positive = positive || weights.at(c) > 0;
                total += weights.at(c);
            }
            if (std::isinf(total))
                throw step_error("the weights of the children of " + in_quotes(parent) +
                                     " add up to more than the largest number; expected weights with a finite sum",
                                 ErrorLocation{.column = "weights",
                                               .node = parent,
                                               .expected = "weights with a finite sum",
                                               .found = "a sum of inf"});
            if (!positive)
                throw step_error("every child of " + in_quotes(parent) +
                                     " has weight 0; expected at least one positive weight in the group",
                                 ErrorLocation{.column = "weights",
                                               .node = parent,
                                               .expected = "a positive weight in the group",
                                               .found = "every weight 0"});
        }
    return weights;
}

void check(const Aggregate& step) {
    try {
        check(step.method);
    } catch (const MethodError& e) {
        ErrorLocation location = e.location();
        location.column = "method";
        throw step_error(e.what(), std::move(location));
    }
    for (const auto& [code, method] : step.per_node) {
        try {
            check(method);
        } catch (const MethodError& e) {
            throw step_error("per-node method for " + in_quotes(code) + ": " + e.what(),
                             ErrorLocation{.column = "per_node",
                                           .node = code,
                                           .expected = e.location().expected,
                                           .found = e.location().found});
        }
    }
    for (const auto& [code, w] : step.weights)
        if (!std::isfinite(w) || w < 0)
            throw step_error(
                "weight for " + in_quotes(code) + ": expected a finite number >= 0, found " + exact_number(w),
                ErrorLocation{
                    .column = "weights", .node = code, .expected = "a finite number >= 0", .found = exact_number(w)});
    if (step.weight_set.empty())
        throw step_error(
            "weight_set: expected the name of a framework weight set (\"Original\" = the framework's own), found \"\"",
            ErrorLocation{.column = "weight_set", .expected = "the name of a framework weight set", .found = "\"\""});
    if (!(step.min_availability >= 0.0 && step.min_availability <= 1.0))
        throw step_error("min_availability: expected a share in [0, 1], found " + exact_number(step.min_availability),
                         ErrorLocation{.column = "min_availability",
                                       .expected = "a share in [0, 1]",
                                       .found = exact_number(step.min_availability)});
}

void check(const Aggregate& step, const Framework& fw) {
    check(step);
    (void)aggregate_overrides(step, fw);
    (void)effective_weights(step, fw);
}

StepOutput detail::apply_checked(const Aggregate& step, const Framework& fw, const Dataset& data) {
    // The weights check(step, fw) validated (effective_weights), looked up without building the
    // whole map on every run: the step's own, else the named set's, else the framework's.
    const auto given = detail::resolve_per_node(step.weights, fw, detail::NodeRole::tree_node,
                                                std::string(aggregate_prefix), "weight", "aggregate step", "weights");
    const std::map<std::string, double> named_set =
        step.weight_set == "Original" ? std::map<std::string, double>{} : fw.weights(step.weight_set);
    const auto weight_of = [&](const std::string& code) {
        if (const auto it = given.find(code); it != given.end()) return *it->second;
        return named_set.empty() ? fw.node(code).weight : named_set.at(code);
    };
    const auto overrides = aggregate_overrides(step, fw);
    const auto& codes = fw.tree_codes();
    Eigen::MatrixXd out(data.unit_count(), static_cast<Eigen::Index>(codes.size()));
    CellFlags flags = CellFlags::Zero(data.unit_count(), static_cast<Eigen::Index>(codes.size()));
    std::unordered_map<std::string, Eigen::Index> col;
    for (std::size_t j = 0; j < codes.size(); ++j) col.emplace(codes[j], static_cast<Eigen::Index>(j));
    // Standard errors: the indicators' as given; an aggregate's by aggregate_standard_errors.
    Eigen::MatrixXd standard_errors;
    if (data.has_standard_errors()) standard_errors.setConstant(out.rows(), out.cols(), nan_value);
    for (const auto& code : fw.indicators()) {
        const Eigen::Index from = data.column_index(code);
        out.col(col.at(code)) = data.values().col(from);
        flags.col(col.at(code)) = data.flags().col(from);
        if (data.has_standard_errors()) standard_errors.col(col.at(code)) = data.standard_errors().col(from);
    }
    std::vector<AggregationRecord> records;
    records.reserve(codes.size() - fw.indicators().size());
    for (int level = 2; level <= fw.max_level(); ++level) {
        for (const auto& parent : fw.level_codes(level)) {
            const auto& children = fw.children(parent);
            const auto method = overrides.find(parent);
            AggregationRecord record{parent,
                                     method == overrides.end() ? step.method : *method->second,
                                     children,
                                     Eigen::VectorXd(static_cast<Eigen::Index>(children.size())),
                                     {}};
            Eigen::MatrixXd x(out.rows(), static_cast<Eigen::Index>(children.size()));
            const Eigen::Index parent_col = col.at(parent);
            for (std::size_t k = 0; k < children.size(); ++k) {
                const Eigen::Index child_col = col.at(children[k]);
                x.col(static_cast<Eigen::Index>(k)) = out.col(child_col);
                // Every bit of every child (imputed, treated, suppressed), so none hides another.
                flags.col(parent_col) =
                    flags.col(parent_col).binaryExpr(flags.col(child_col), [](std::uint8_t a, std::uint8_t b) {
                        return static_cast<std::uint8_t>(a | b);
                    });
                record.weights[static_cast<Eigen::Index>(k)] = weight_of(children[k]);
            }
            // Units below the data-availability threshold take no part (COINr blanks them first).
            if (step.min_availability > 0.0) {
                for (Eigen::Index i = 0; i < x.rows(); ++i) {
                    const double available = static_cast<double>((x.row(i).array() == x.row(i).array()).count()) /
                                             static_cast<double>(x.cols());
                    if (available < step.min_availability) {
                        x.row(i).setConstant(nan_value);
                        if (record.below_availability.empty())
                            record.below_availability.assign(static_cast<std::size_t>(x.rows()), false);
                        record.below_availability[static_cast<std::size_t>(i)] = true;
                    }
                }
            }
            out.col(parent_col) = aggregate_rows(record.method, x, record.weights,
                                                 AggregateContext{fw.node(parent), children, data.units()});
            if (data.has_standard_errors()) {
                Eigen::MatrixXd child_se(out.rows(), static_cast<Eigen::Index>(children.size()));
                for (std::size_t k = 0; k < children.size(); ++k)
                    child_se.col(static_cast<Eigen::Index>(k)) = standard_errors.col(col.at(children[k]));
                standard_errors.col(parent_col) = aggregate_standard_errors(
                    record.method, x, out.col(parent_col), used_weights(record.method, x, record.weights), child_se);
            }
            records.push_back(std::move(record));
        }
    }
    return {
        data.with_values(codes, std::move(out), std::move(flags), std::move(standard_errors)), {}, std::move(records)};
}

StepOutput apply(const Aggregate& step, const Framework& fw, const Dataset& data) {
    check(step, fw);
    return detail::by_year(data, [&](const Dataset& year) { return detail::apply_checked(step, fw, year); });
}

}  // namespace govindex
