#define BOOST_TEST_MODULE sensitivity
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <numbers>

#include <govindex/engines/sensitivity/sensitivity.hpp>
#include <govindex/errors.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double pi = std::numbers::pi;

/// A model: one row of factors -> one row of outputs.
using Model = std::function<Eigen::RowVectorXd(const Eigen::RowVectorXd&)>;

/// The Saltelli design without second order on the unit cube: A = the first d columns of
/// sobol_points(n, 2d), B = the last d; AB_i = A with column i from B; x = low + (high - low) u.
struct Outputs {
    Eigen::MatrixXd a, b;
    std::vector<Eigen::MatrixXd> ab;
};

Outputs evaluate(const Model& f, std::size_t n, Eigen::Index d, double low, double high, Eigen::Index outputs = 1) {
    const Eigen::MatrixXd u = sobol_points(n, static_cast<std::size_t>(2 * d));
    const Eigen::MatrixXd x_a = (low + (high - low) * u.leftCols(d).array()).matrix();
    const Eigen::MatrixXd x_b = (low + (high - low) * u.rightCols(d).array()).matrix();
    const auto rows = static_cast<Eigen::Index>(n);
    Outputs y{Eigen::MatrixXd(rows, outputs), Eigen::MatrixXd(rows, outputs),
              std::vector<Eigen::MatrixXd>(static_cast<std::size_t>(d), Eigen::MatrixXd(rows, outputs))};
    for (Eigen::Index j = 0; j < rows; ++j) {
        y.a.row(j) = f(x_a.row(j));
        y.b.row(j) = f(x_b.row(j));
        for (Eigen::Index i = 0; i < d; ++i) {
            Eigen::RowVectorXd x = x_a.row(j);
            x[i] = x_b(j, i);
            y.ab[static_cast<std::size_t>(i)].row(j) = f(x);
        }
    }
    return y;
}

// Ishigami function, a = 7, b = 0.1, x in [-pi, pi]^3 (Ishigami & Homma 1990). Analytic partial
// variances (Sobol' & Levitan 1999): V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0,
// V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13.
constexpr double ishigami_a = 7.0;
constexpr double ishigami_b = 0.1;

double ishigami(const Eigen::RowVectorXd& x) {
    return std::sin(x[0]) + ishigami_a * std::pow(std::sin(x[1]), 2) + ishigami_b * std::pow(x[2], 4) * std::sin(x[0]);
}

struct Analytic {
    std::vector<double> first, total;
};

Analytic ishigami_analytic() {
    const double pi4 = std::pow(pi, 4);
    const double v1 = 0.5 * std::pow(1.0 + ishigami_b * pi4 / 5.0, 2);
    const double v2 = ishigami_a * ishigami_a / 8.0;
    const double v13 = ishigami_b * ishigami_b * pi4 * pi4 * (1.0 / 18.0 - 1.0 / 50.0);
    const double v = v1 + v2 + v13;
    return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// Sobol' G-function on [0, 1]^d: g = prod (|4 x_i - 2| + a_i) / (1 + a_i). Analytic:
// V_i = 1 / (3 (1 + a_i)^2), V = prod(1 + V_i) - 1, S_i = V_i / V, S_Ti = V_i prod_{j != i}(1 + V_j) / V.
const std::vector<double> g_a = {0, 1, 4.5, 9, 99, 99};

double g_function(const Eigen::RowVectorXd& x) {
    double g = 1.0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double a = g_a[static_cast<std::size_t>(i)];
        g *= (std::abs(4.0 * x[i] - 2.0) + a) / (1.0 + a);
    }
    return g;
}

Analytic g_analytic() {
    std::vector<double> vi;
    double prod = 1.0;
    for (const double a : g_a) {
        vi.push_back(1.0 / (3.0 * (1.0 + a) * (1.0 + a)));
        prod *= 1.0 + vi.back();
    }
    const double v = prod - 1.0;
    Analytic out;
    for (const double x : vi) {
        out.first.push_back(x / v);
        out.total.push_back(x * prod / (1.0 + x) / v);
    }
    return out;
}

void check_near(const SobolIndices& s, Eigen::Index output, const Analytic& want, double tolerance) {
    for (std::size_t i = 0; i < want.first.size(); ++i) {
        const auto c = static_cast<Eigen::Index>(i);
        BOOST_TEST(std::abs(s.first(output, c) - want.first[i]) <= tolerance,
                   "S_" << i << " = " << s.first(output, c) << ", analytic " << want.first[i]);
        BOOST_TEST(std::abs(s.total(output, c) - want.total[i]) <= tolerance,
                   "S_T" << i << " = " << s.total(output, c) << ", analytic " << want.total[i]);
    }
}

/// Three outputs of the Ishigami factors (the function, its square, a linear one) for the
/// determinism tests.
Eigen::RowVectorXd three_outputs(const Eigen::RowVectorXd& x) {
    const double f = ishigami(x);
    Eigen::RowVectorXd y(3);
    y << f, f * f, x[0] + 2.0 * x[1] - x[2];
    return y;
}

ErrorLocation location_of_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const MethodError& e) {
        return e.location();
    }
    return {.found = "(no MethodError)"};
}

}  // namespace

BOOST_AUTO_TEST_CASE(ishigami_matches_analytic_indices) {
    const Analytic want = ishigami_analytic();
    // the published values, to 4 decimals
    BOOST_TEST(std::abs(want.first[0] - 0.3139) < 5e-5);
    BOOST_TEST(std::abs(want.first[1] - 0.4424) < 5e-5);
    BOOST_TEST(std::abs(want.total[0] - 0.5576) < 5e-5);
    BOOST_TEST(std::abs(want.total[2] - 0.2437) < 5e-5);

    const auto y = evaluate([](const Eigen::RowVectorXd& x) { return Eigen::RowVectorXd::Constant(1, ishigami(x)); },
                            std::size_t{1} << 14, 3, -pi, pi);
    const SobolIndices s = sobol_indices(y.a, y.b, y.ab, {.resamples = 200, .seed = 7});
    BOOST_TEST(s.first.rows() == 1);
    BOOST_TEST(s.first.cols() == 3);
    BOOST_TEST(s.n == std::size_t{1} << 14);
    BOOST_TEST(s.resamples == 200u);
    check_near(s, 0, want, 0.01);
    // the variance of [y_A; y_B] in model units, close to V
    const double v = ishigami_a * ishigami_a / 8.0 + ishigami_b * std::pow(pi, 4) / 5.0 +
                     ishigami_b * ishigami_b * std::pow(pi, 8) / 18.0 + 0.5;
    BOOST_TEST(std::abs(s.variance[0] - v) / v < 0.01);
    for (Eigen::Index i = 0; i < 3; ++i) {
        BOOST_TEST(s.first_low(0, i) <= s.first_high(0, i));
        BOOST_TEST(s.total_low(0, i) <= s.total_high(0, i));
        BOOST_TEST(s.first_high(0, i) - s.first_low(0, i) < 0.1);
        BOOST_TEST(s.total_high(0, i) - s.total_low(0, i) < 0.1);
    }
}

BOOST_AUTO_TEST_CASE(g_function_matches_analytic_indices) {
    const Analytic want = g_analytic();
    const auto y = evaluate([](const Eigen::RowVectorXd& x) { return Eigen::RowVectorXd::Constant(1, g_function(x)); },
                            std::size_t{1} << 14, 6, 0.0, 1.0);
    const SobolIndices s = sobol_indices(y.a, y.b, y.ab, {.resamples = 0});
    check_near(s, 0, want, 0.01);
    // no resamples: no intervals
    BOOST_TEST(s.resamples == 0u);
    BOOST_TEST(s.first_low.allFinite() == false);
    BOOST_TEST(std::isnan(s.total_high(0, 5)));
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_threads_and_follow_the_seed) {
    const auto y = evaluate(three_outputs, 512, 3, -pi, pi, 3);
    // 20 outputs: two chunks of outputs in the bootstrap, and 150 resamples: three blocks
    Outputs wide{Eigen::MatrixXd(512, 20), Eigen::MatrixXd(512, 20),
                 std::vector<Eigen::MatrixXd>(3, Eigen::MatrixXd(512, 20))};
    for (Eigen::Index k = 0; k < 20; ++k) {
        const double scale = 1.0 + static_cast<double>(k);
        wide.a.col(k) = scale * y.a.col(k % 3);
        wide.b.col(k) = scale * y.b.col(k % 3);
        for (std::size_t i = 0; i < 3; ++i) wide.ab[i].col(k) = scale * y.ab[i].col(k % 3);
    }
    const SobolIndices one = sobol_indices(wide.a, wide.b, wide.ab, {.resamples = 150, .seed = 11, .threads = 1});
    const SobolIndices two = sobol_indices(wide.a, wide.b, wide.ab, {.resamples = 150, .seed = 11, .threads = 2});
    const SobolIndices four = sobol_indices(wide.a, wide.b, wide.ab, {.resamples = 150, .seed = 11, .threads = 4});
    BOOST_TEST((one == two));
    BOOST_TEST((one == four));
    BOOST_TEST(one.first_low.allFinite());
    BOOST_TEST(one.total_high.allFinite());

    const SobolIndices again = sobol_indices(wide.a, wide.b, wide.ab, {.resamples = 150, .seed = 11});
    BOOST_TEST((again == one));
    const SobolIndices other = sobol_indices(wide.a, wide.b, wide.ab, {.resamples = 150, .seed = 12});
    BOOST_TEST(!(other == one));
    BOOST_TEST(other.seed == 12u);
    // the point estimates do not depend on the seed, the intervals do
    BOOST_TEST((other.first == one.first));
    BOOST_TEST((other.total == one.total));
    BOOST_TEST(!(other.first_low == one.first_low));
    BOOST_TEST(!(other.total_high == one.total_high));

    // output k is output k % 3 scaled: the same indices (standardisation), the variance scaled
    for (Eigen::Index k = 3; k < 20; ++k) {
        for (Eigen::Index i = 0; i < 3; ++i) {
            BOOST_TEST(std::abs(one.first(k, i) - one.first(k % 3, i)) < 1e-12);
            BOOST_TEST(std::abs(one.total(k, i) - one.total(k % 3, i)) < 1e-12);
        }
        const double scale = 1.0 + static_cast<double>(k);
        BOOST_TEST(close(one.variance[k],
                         scale * scale * one.variance[k % 3] / std::pow(1.0 + static_cast<double>(k % 3), 2), 1e-12));
    }
    // the linear output x1 + 2 x2 - x3: additive, S_i = S_Ti = c_i^2 / sum c^2 = 1/6, 4/6, 1/6
    BOOST_TEST(std::abs(one.first(2, 0) - 1.0 / 6.0) < 0.02);
    BOOST_TEST(std::abs(one.first(2, 1) - 4.0 / 6.0) < 0.02);
    BOOST_TEST(std::abs(one.total(2, 2) - 1.0 / 6.0) < 0.02);
}

BOOST_AUTO_TEST_CASE(constant_outputs_get_zero_indices) {
    Eigen::MatrixXd a(4, 2), b(4, 2);
    a << 1, 5, 1, 5, 1, 5, 1, 5;
    b = a;
    std::vector<Eigen::MatrixXd> ab(2, a);
    ab[0](2, 1) = 6.0;  // output 1: [y_A; y_B] constant, one AB value differs
    const SobolIndices s = sobol_indices(a, b, ab, {.resamples = 20});
    BOOST_TEST(s.first.isZero(0.0));
    BOOST_TEST(s.total.isZero(0.0));
    BOOST_TEST(s.first_low.isZero(0.0));
    BOOST_TEST(s.total_high.isZero(0.0));
    BOOST_TEST(s.variance.isZero(0.0));
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_method_errors) {
    const Eigen::MatrixXd y = Eigen::MatrixXd::Random(5, 2);
    const std::vector<Eigen::MatrixXd> ab(2, y);
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y.topRows(1), y.topRows(1), {y.topRows(1)}), MethodError,
                          message_has<MethodError>({"y_a", "expected at least 2 rows", "found 1 rows"}));
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y.leftCols(1), ab), MethodError,
                          message_has<MethodError>({"y_b", "expected the shape of y_a, 5 x 2", "found 5 x 1"}));
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y, {}), MethodError,
                          message_has<MethodError>({"y_ab", "at least one factor"}));
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y, {y, y.topRows(4)}), MethodError,
                          message_has<MethodError>({"y_ab[1]", "expected the shape of y_a, 5 x 2", "found 4 x 2"}));
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y, ab, {.confidence = 1.0}), MethodError,
                          message_has<MethodError>({"confidence", "expected a level in (0, 1)", "found 1"}));
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y, ab, {.confidence = NaN}), MethodError,
                          message_has<MethodError>({"confidence", "found NaN"}));
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y, ab, {.confidence = 0.0}), MethodError,
                          message_has<MethodError>({"confidence", "found 0"}));

    std::vector<Eigen::MatrixXd> bad = ab;
    bad[1](3, 1) = NaN;
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, y, bad), MethodError,
                          message_has<MethodError>({"sobol_indices: y_ab[1] row 3, output 1 (0-based)",
                                                    "expected a finite model output", "found NaN"}));
    const ErrorLocation at = location_of_error([&] { (void)sobol_indices(y, y, bad); });
    BOOST_TEST(at.column == "y_ab[1]");
    BOOST_TEST(at.line == 4);  // 1-based, as every ErrorLocation
    BOOST_TEST(at.expected == "a finite model output");
    BOOST_TEST(at.found == "NaN");
    Eigen::MatrixXd inf = y;
    inf(0, 0) = -std::numeric_limits<double>::infinity();
    BOOST_CHECK_EXCEPTION((void)sobol_indices(y, inf, ab), MethodError,
                          message_has<MethodError>({"y_b row 0, output 0", "found -inf"}));
    const ErrorLocation conf = location_of_error([&] { (void)sobol_indices(y, y, ab, {.confidence = 2.0}); });
    BOOST_TEST(conf.column == "confidence");
    BOOST_TEST(conf.expected == "a level in (0, 1)");
    BOOST_TEST(conf.found == "2");

    BOOST_CHECK_EXCEPTION((void)sobol_points(4, 0), MethodError,
                          message_has<MethodError>({"dimensions", "expected 1 to 3667", "found 0"}));
    BOOST_CHECK_EXCEPTION((void)sobol_points(4, 3668), MethodError,
                          message_has<MethodError>({"dimensions", "found 3668"}));
    BOOST_TEST(location_of_error([] { (void)sobol_points(4, 3668); }).column == "dimensions");
    BOOST_CHECK_EXCEPTION(
        (void)sobol_points(1, 1, (std::uint64_t{1} << 53) - 1), MethodError,
        message_has<MethodError>({"skip + n", "expected less than 2^53 points", "found 9007199254740991 + 1"}));
    // the last point allowed, 2^53 - 1: still below 1
    const Eigen::MatrixXd last = sobol_points(1, 3, (std::uint64_t{1} << 53) - 2);
    BOOST_TEST(((last.array() > 0.0).all() && (last.array() < 1.0).all()));
}

BOOST_AUTO_TEST_CASE(sobol_points_skip_the_origin_and_stay_inside_the_unit_cube) {
    // Boost.Random's sobol starts after the origin: the 2-D sequence is (0.5, 0.5), (0.75, 0.25),
    // (0.25, 0.75), (0.375, 0.375), (0.875, 0.875), ... (Boost's documentation of sobol_engine)
    const Eigen::MatrixXd p = sobol_points(5, 2);
    const Eigen::MatrixXd want = rows({{0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}, {0.875, 0.875}});
    BOOST_TEST((p == want));
    // skip: row 0 is point skip + 1
    BOOST_TEST((sobol_points(3, 2, 2) == p.bottomRows(3)));
    BOOST_TEST((sobol_points(1, 2, 4) == p.bottomRows(1)));
    BOOST_TEST(sobol_points(0, 3).rows() == 0);
    BOOST_TEST(sobol_points(0, 3).cols() == 3);

    const Eigen::MatrixXd many = sobol_points(4096, 20);
    BOOST_TEST((many.array() > 0.0).all());
    BOOST_TEST((many.array() < 1.0).all());
    // each dimension of the first 2^12 - 1 points is {1, ..., 4095} / 4096, each once
    for (Eigen::Index j = 0; j < 20; ++j) {
        std::vector<double> column(many.col(j).data(), many.col(j).data() + 4095);
        std::sort(column.begin(), column.end());
        bool all = true;
        for (std::size_t i = 0; i < column.size(); ++i) all = all && column[i] == static_cast<double>(i + 1) / 4096.0;
        BOOST_TEST(all, "dimension " << j);
    }
    // the largest number of dimensions Boost's direction numbers support
    const Eigen::MatrixXd wide = sobol_points(3, sobol_max_dimensions);
    BOOST_TEST((wide.row(0).array() == 0.5).all());
    BOOST_TEST((wide.array() > 0.0).all());
    BOOST_TEST((wide.array() < 1.0).all());
}
