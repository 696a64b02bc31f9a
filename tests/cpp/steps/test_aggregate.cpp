#define BOOST_TEST_MODULE aggregate
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

Node parent() {
    Node n;
    n.code = "P";
    n.type = NodeType::aggregate;
    n.level = 2;
    return n;
}

// The aggregate "P" with units and children named as given, or U1, U2 ... and C1, C2 ...
struct Context {
    Node node = parent();
    std::vector<std::string> children;
    Units units;
    Context(const Eigen::MatrixXd& x, std::vector<std::string> unit_codes = {},
            std::vector<std::string> child_codes = {})
        : children(std::move(child_codes)) {
        units.codes = std::move(unit_codes);
        for (Eigen::Index i = static_cast<Eigen::Index>(units.codes.size()); i < x.rows(); ++i)
            units.codes.push_back("U" + std::to_string(i + 1));
        for (Eigen::Index j = static_cast<Eigen::Index>(children.size()); j < x.cols(); ++j)
            children.push_back("C" + std::to_string(j + 1));
    }
    operator AggregateContext() const { return {node, children, units}; }
};

template <class Method>
Eigen::VectorXd agg(const Method& m, const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
    return aggregate_rows(m, x, w, Context(x));
}

Eigen::VectorXd amean(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) { return agg(ArithmeticMean{}, x, w); }

// The message of the exception `f` throws (E expected).
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    BOOST_FAIL("expected an exception");
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(weighted_mean_hand_computed) {
    const Eigen::VectorXd out = amean(rows({{2, 4}}), vec({1, 3}));
    BOOST_REQUIRE_EQUAL(out.size(), 1);
    BOOST_TEST(out[0] == 3.5);  // (1*2 + 3*4) / 4
}

BOOST_AUTO_TEST_CASE(several_rows) {
    const Eigen::VectorXd out = amean(rows({{0, 10, 20}, {5, 5, 5}, {1, 2, 6}}), vec({1, 1, 2}));
    BOOST_REQUIRE_EQUAL(out.size(), 3);
    BOOST_TEST(close(out[0], 12.5));  // (0 + 10 + 40) / 4
    BOOST_TEST(close(out[1], 5.0));
    BOOST_TEST(close(out[2], 3.75));  // (1 + 2 + 12) / 4
}

BOOST_AUTO_TEST_CASE(weights_need_not_sum_to_one) {
    const Eigen::VectorXd a = amean(rows({{2, 4}}), vec({1, 3}));
    const Eigen::VectorXd b = amean(rows({{2, 4}}), vec({0.25, 0.75}));
    const Eigen::VectorXd c = amean(rows({{2, 4}}), vec({10, 30}));
    BOOST_TEST(close(a[0], b[0]));
    BOOST_TEST(close(a[0], c[0]));
}

BOOST_AUTO_TEST_CASE(missing_child_is_skipped_and_weights_renormalised) {
    const Eigen::VectorXd two = amean(rows({{NaN, 4}, {2, NaN}}), vec({1, 3}));
    BOOST_TEST(two[0] == 4.0);
    BOOST_TEST(two[1] == 2.0);
    const Eigen::VectorXd three = amean(rows({{NaN, 3, 6}}), vec({1, 1, 2}));
    BOOST_TEST(close(three[0], 5.0));  // (1*3 + 2*6) / 3, not / 4
}

BOOST_AUTO_TEST_CASE(all_children_missing_gives_missing) {
    const Eigen::VectorXd out = amean(rows({{NaN, NaN}, {1, 2}}), vec({1, 3}));
    BOOST_TEST(std::isnan(out[0]));
    BOOST_TEST(close(out[1], 1.75));
}

BOOST_AUTO_TEST_CASE(only_zero_weight_child_present_gives_missing) {
    const Eigen::VectorXd out = amean(rows({{5, NaN}, {5, 1}}), vec({0, 1}));
    BOOST_TEST(std::isnan(out[0]));  // the present child carries no weight
    BOOST_TEST(out[1] == 1.0);       // a zero-weight child does not pull the mean
}

BOOST_AUTO_TEST_CASE(single_child) {
    const Eigen::VectorXd out = amean(rows({{7.25}, {NaN}}), vec({2}));
    BOOST_TEST(out[0] == 7.25);
    BOOST_TEST(std::isnan(out[1]));
}

BOOST_AUTO_TEST_CASE(variant_dispatch_and_check) {
    const AggregateMethod m = ArithmeticMean{};
    const Eigen::MatrixXd x = rows({{2, 4}});
    const Eigen::VectorXd out = aggregate_rows(m, x, vec({1, 3}), Context(x));
    BOOST_TEST(out[0] == 3.5);
    BOOST_CHECK_NO_THROW(check(m));
    BOOST_TEST(ArithmeticMean::method_name == "amean");
}

// ---------------------------------------------------------------------------------------------
// Shapes and weights

BOOST_AUTO_TEST_CASE(shape_mismatch_and_bad_weights_are_method_errors) {
    const Eigen::MatrixXd x = rows({{1, 2}});
    BOOST_CHECK_THROW((void)agg(ArithmeticMean{}, x, vec({1})), MethodError);
    BOOST_CHECK_THROW((void)agg(ArithmeticMean{}, x, vec({1, -1})), MethodError);
    BOOST_CHECK_THROW((void)agg(GeometricMean{}, x, vec({1, NaN})), MethodError);
    const Context too_few_units(rows({{1, 2}}), {"A"}, {"X", "Y"});
    BOOST_CHECK_THROW((void)aggregate_rows(ArithmeticMean{}, rows({{1, 2}, {3, 4}}), vec({1, 1}), too_few_units),
                      MethodError);
}

// ---------------------------------------------------------------------------------------------
// Geometric mean

BOOST_AUTO_TEST_CASE(gmean_hand_computed) {
    // exp((1 log 1 + 2 log 8) / 3) = 8^(2/3) = 4;  exp((log 2 + log 8) / 2) = 4
    const Eigen::VectorXd out = agg(GeometricMean{}, rows({{1, 8}, {2, 8}}), vec({1, 2}));
    BOOST_TEST(close(out[0], 4.0));
    BOOST_TEST(close(agg(GeometricMean{}, rows({{2, 8}}), vec({1, 1}))[0], 4.0));
    // (log 4 + log 16 + 2 log 1) / 4 = 6 log 2 / 4 -> 2^1.5; row 2 skips the missing child:
    // (log 4 + log 16) / 2 = 3 log 2 -> 8 (weights of the present children rescaled)
    const Eigen::VectorXd m = agg(GeometricMean{}, rows({{4, 16, 1}, {4, 16, NaN}, {NaN, NaN, NaN}}), vec({1, 1, 2}));
    BOOST_TEST(close(m[0], 2.8284271247461903));
    BOOST_TEST(close(m[1], 8.0));
    BOOST_TEST(std::isnan(m[2]));
}

BOOST_AUTO_TEST_CASE(gmean_zero_weight_child_takes_no_part) {
    // the 0 of a zero-weight child is neither used nor an error
    const Eigen::VectorXd out = agg(GeometricMean{}, rows({{0, 4}, {5, NaN}}), vec({0, 1}));
    BOOST_TEST(out[0] == 4.0);
    BOOST_TEST(std::isnan(out[1]));  // only a zero-weight child present
}

BOOST_AUTO_TEST_CASE(gmean_error_names_aggregate_units_and_children) {
    const Eigen::MatrixXd x = rows({{1, 2}, {0, 3}, {4, -1}, {0, 0}});
    const Context c(x, {"A", "B", "C", "D"}, {"X", "Y"});
    const std::string msg = message_of<NumericError>([&] { (void)aggregate_rows(GeometricMean{}, x, vec({1, 1}), c); });
    BOOST_TEST_INFO(msg);
    BOOST_TEST(contains(msg, "geometric mean of aggregate \"P\""));
    BOOST_TEST(contains(msg, "expected child values > 0"));
    BOOST_TEST(contains(msg, "3 units"));
    BOOST_TEST(contains(msg, "\"B\" (X = 0)"));
    BOOST_TEST(contains(msg, "\"C\" (Y = -1)"));
    BOOST_TEST(contains(msg, "\"D\" (X = 0, Y = 0)"));
    BOOST_TEST(!contains(msg, "\"A\""));
}

BOOST_AUTO_TEST_CASE(gmean_zero_policy_zero) {
    // a 0 of positive weight makes the product prod(x^(w/W)) zero; other rows as usual
    const GeometricMean m{"zero", 0.0};
    BOOST_CHECK_NO_THROW(check(m));
    const Eigen::VectorXd out = agg(m, rows({{0, 4}, {2, 8}, {NaN, 0}}), vec({1, 1}));
    BOOST_TEST(out[0] == 0.0);
    BOOST_TEST(close(out[1], 4.0));
    BOOST_TEST(out[2] == 0.0);
    // negative values stay an error
    BOOST_CHECK_THROW((void)agg(m, rows({{-1, 4}}), vec({1, 1})), NumericError);
}

BOOST_AUTO_TEST_CASE(gmean_zero_policy_offset) {
    // exp((log(0 + 1) + log(3 + 1)) / 2) - 1 = 2 - 1 = 1;  exp((log 2 + log 8) / 2) - 1 = 3
    const GeometricMean m{"offset", 1.0};
    BOOST_CHECK_NO_THROW(check(m));
    const Eigen::VectorXd out = agg(m, rows({{0, 3}, {1, 7}}), vec({1, 1}));
    BOOST_TEST(close(out[0], 1.0));
    BOOST_TEST(close(out[1], 3.0));
    BOOST_CHECK_THROW((void)agg(m, rows({{-0.5, 3}}), vec({1, 1})), NumericError);
}

BOOST_AUTO_TEST_CASE(gmean_check) {
    BOOST_CHECK_NO_THROW(check(GeometricMean{}));
    BOOST_CHECK_THROW(check(GeometricMean{"skip", 0.0}), MethodError);
    BOOST_CHECK_THROW(check(GeometricMean{"offset", 0.0}), MethodError);  // offset must be > 0
    BOOST_CHECK_THROW(check(GeometricMean{"offset", -1.0}), MethodError);
    BOOST_CHECK_THROW(check(GeometricMean{"offset", std::numeric_limits<double>::infinity()}), MethodError);
    BOOST_CHECK_THROW(check(GeometricMean{"error", 1.0}), MethodError);  // an offset that touches nothing
    BOOST_CHECK_THROW(check(GeometricMean{"zero", 1.0}), MethodError);
    // an unchecked method is checked again when applied
    BOOST_CHECK_THROW((void)agg(GeometricMean{"skip", 0.0}, rows({{1, 2}}), vec({1, 1})), MethodError);
}

// ---------------------------------------------------------------------------------------------
// Harmonic mean

BOOST_AUTO_TEST_CASE(hmean_hand_computed) {
    // 2 / (1/1 + 1/4) = 1.6;  4 / (3/1 + 1/4) = 4 / 3.25;  row 3 skips the missing child: 2 / (1/2 + 1/6) = 3
    const Eigen::VectorXd eq = agg(HarmonicMean{}, rows({{1, 4, NaN}, {2, 6, NaN}}), vec({1, 1, 5}));
    BOOST_TEST(close(eq[0], 1.6));
    BOOST_TEST(close(eq[1], 3.0));
    BOOST_TEST(close(agg(HarmonicMean{}, rows({{1, 4}}), vec({3, 1}))[0], 1.2307692307692308));
    BOOST_TEST(std::isnan(agg(HarmonicMean{}, rows({{NaN, NaN}}), vec({1, 1}))[0]));
    BOOST_TEST(agg(HarmonicMean{}, rows({{0, 2}}), vec({0, 1}))[0] == 2.0);  // zero-weight 0 takes no part
}

BOOST_AUTO_TEST_CASE(hmean_zero_or_negative_is_an_error) {
    const Eigen::MatrixXd x = rows({{1, 2}, {0, 3}, {5, -2}});
    const Context c(x, {"A", "B", "C"}, {"X", "Y"});
    const std::string msg = message_of<NumericError>([&] { (void)aggregate_rows(HarmonicMean{}, x, vec({1, 1}), c); });
    BOOST_TEST_INFO(msg);
    BOOST_TEST(contains(msg, "harmonic mean of aggregate \"P\""));
    BOOST_TEST(contains(msg, "2 units"));
    BOOST_TEST(contains(msg, "\"B\" (X = 0)"));
    BOOST_TEST(contains(msg, "\"C\" (Y = -2)"));
    BOOST_TEST(!contains(msg, "\"A\""));
}

// ---------------------------------------------------------------------------------------------
// Generalised mean

BOOST_AUTO_TEST_CASE(genmean_hand_computed) {
    // p = 2: sqrt((9 + 16) / 2) = sqrt(12.5);  sqrt((1 + 49) / 2) = 5;  sqrt((0 + 4) / 2) = sqrt(2)
    const Eigen::VectorXd q = agg(GeneralisedMean{2}, rows({{3, 4}, {1, 7}, {0, 2}}), vec({1, 1}));
    BOOST_TEST(close(q[0], 3.5355339059327378));
    BOOST_TEST(close(q[1], 5.0));
    BOOST_TEST(close(q[2], std::sqrt(2.0)));
    // p = 3 with a missing child: ((1 + 8) / 2)^(1/3)
    BOOST_TEST(close(agg(GeneralisedMean{3}, rows({{1, 2, NaN}}), vec({1, 1, 1}))[0], 1.6509636244473134));
    // weighted, p = 2: sqrt((1 * 1 + 3 * 9) / 4) = sqrt(7)
    BOOST_TEST(close(agg(GeneralisedMean{2}, rows({{1, 3}}), vec({1, 3}))[0], std::sqrt(7.0)));
}

BOOST_AUTO_TEST_CASE(genmean_special_cases) {
    // p = 1 is the arithmetic mean, negatives allowed: (-2 + 3 * 4) / 4 = 2.5
    BOOST_TEST(close(agg(GeneralisedMean{1}, rows({{-2, 4}}), vec({1, 3}))[0], 2.5));
    // p = 0 is the geometric mean (the limit); p = -1 the harmonic mean
    BOOST_TEST(close(agg(GeneralisedMean{0}, rows({{2, 8}}), vec({1, 1}))[0], 4.0));
    BOOST_TEST(close(agg(GeneralisedMean{-1}, rows({{1, 4}}), vec({1, 1}))[0], 1.6));
    // p -> 0 tends to the geometric mean: with p = 1e-6 the gap is about p var(log x) / 2 = 2.4e-7
    BOOST_TEST(close(agg(GeneralisedMean{1e-6}, rows({{2, 8}}), vec({1, 1}))[0], 4.0, 1e-6));
    BOOST_TEST(!close(agg(GeneralisedMean{1e-6}, rows({{2, 8}}), vec({1, 1}))[0], 4.0, 1e-8));
    // agrees with the geometric and harmonic means on a larger case
    const Eigen::MatrixXd x = rows({{1.5, 7, 3, NaN}, {9, 2, 4.5, 6}});
    const Eigen::VectorXd w = vec({1, 2, 0.5, 1});
    const Eigen::VectorXd g = agg(GeometricMean{}, x, w), g0 = agg(GeneralisedMean{0}, x, w);
    const Eigen::VectorXd h = agg(HarmonicMean{}, x, w), h1 = agg(GeneralisedMean{-1}, x, w);
    const Eigen::VectorXd a = agg(ArithmeticMean{}, x, w), a1 = agg(GeneralisedMean{1}, x, w);
    for (Eigen::Index i = 0; i < 2; ++i) {
        BOOST_TEST(close(g0[i], g[i]));
        BOOST_TEST(close(h1[i], h[i]));
        BOOST_TEST(close(a1[i], a[i]));
        BOOST_TEST(h[i] < g[i]);  // the power mean increases with p
        BOOST_TEST(g[i] < a[i]);
    }
}

BOOST_AUTO_TEST_CASE(genmean_domain_errors) {
    const Eigen::MatrixXd neg = rows({{-1, 4}});
    BOOST_CHECK_THROW((void)agg(GeneralisedMean{2}, neg, vec({1, 1})), NumericError);    // integer p != 1
    BOOST_CHECK_THROW((void)agg(GeneralisedMean{0.5}, neg, vec({1, 1})), NumericError);  // non-integer p
    BOOST_CHECK_THROW((void)agg(GeneralisedMean{0}, rows({{0, 4}}), vec({1, 1})), NumericError);
    BOOST_CHECK_THROW((void)agg(GeneralisedMean{-1}, rows({{0, 4}}), vec({1, 1})), NumericError);
    const Eigen::MatrixXd x = rows({{1, 2}, {-3, 3}});
    const std::string msg = message_of<NumericError>([&] {
        (void)aggregate_rows(GeneralisedMean{2}, x, vec({1, 1}), Context(x, {"A", "B"}, {"X", "Y"}));
    });
    BOOST_TEST_INFO(msg);
    BOOST_TEST(contains(msg, "generalised mean (p = 2) of aggregate \"P\""));
    BOOST_TEST(contains(msg, "\"B\" (X = -3)"));
    BOOST_TEST(contains(msg, "1 unit:"));
}

BOOST_AUTO_TEST_CASE(genmean_check) {
    BOOST_CHECK_NO_THROW(check(GeneralisedMean{}));
    BOOST_CHECK_NO_THROW(check(GeneralisedMean{0}));
    BOOST_CHECK_THROW(check(GeneralisedMean{std::numeric_limits<double>::infinity()}), MethodError);
    BOOST_CHECK_THROW(check(GeneralisedMean{NaN}), MethodError);
}

// ---------------------------------------------------------------------------------------------
// Weighted median

BOOST_AUTO_TEST_CASE(wmedian_equal_weights_is_the_median) {
    const Eigen::VectorXd odd = agg(WeightedMedian{}, rows({{3, 1, 2}}), vec({1, 1, 1}));
    BOOST_TEST(odd[0] == 2.0);
    // even: cumulative weight 1, 2 (exactly half) -> mean of 2 and 3
    const Eigen::VectorXd even = agg(WeightedMedian{}, rows({{4, 1, 3, 2}}), vec({1, 1, 1, 1}));
    BOOST_TEST(even[0] == 2.5);
}

BOOST_AUTO_TEST_CASE(wmedian_weighted_hand_computed) {
    // sorted 1, 2, 3 with weights 1, 1, 3: total 5, cumulative 1, 2, 5 -> first >= 2.5 is 3
    BOOST_TEST(agg(WeightedMedian{}, rows({{1, 2, 3}}), vec({1, 1, 3}))[0] == 3.0);
    // weights 10, 1, 1: cumulative 10 of 12 at the first value -> 1
    BOOST_TEST(agg(WeightedMedian{}, rows({{1, 2, 3}}), vec({10, 1, 1}))[0] == 1.0);
    // weights 1, 2, 3: cumulative 1, 3 = exactly half of 6 -> (20 + 30) / 2
    BOOST_TEST(agg(WeightedMedian{}, rows({{10, 20, 30}}), vec({1, 2, 3}))[0] == 25.0);
    // the same in weights whose sums round: 0.1 + 0.2 = 0.30000000000000004 vs 0.3 is still half
    BOOST_TEST(agg(WeightedMedian{}, rows({{1, 2, 3}}), vec({0.1, 0.2, 0.3}))[0] == 2.5);
}

BOOST_AUTO_TEST_CASE(wmedian_ties_missing_and_zero_weights) {
    // tied values: sorted 1, 5, 5, 9, cumulative 1, 2 = half -> (5 + 5) / 2
    BOOST_TEST(agg(WeightedMedian{}, rows({{5, 5, 1, 9}}), vec({1, 1, 1, 1}))[0] == 5.0);
    // missing and zero-weight children take no part: 1 and 3 remain -> 2
    const Eigen::VectorXd out = agg(WeightedMedian{}, rows({{1, NaN, 100, 3}, {NaN, NaN, 7, NaN}}), vec({1, 1, 0, 1}));
    BOOST_TEST(out[0] == 2.0);
    BOOST_TEST(std::isnan(out[1]));
    BOOST_TEST(agg(WeightedMedian{}, rows({{-4}}), vec({2}))[0] == -4.0);  // one child; any sign
}

// ---------------------------------------------------------------------------------------------
// Copeland

BOOST_AUTO_TEST_CASE(copeland_hand_computed) {
    // weights X = 2, Y = 1.  A (3, 1), B (2, 5), C (1, 1)
    // A vs B: higher on X (2) vs lower on Y (1) -> A outranks B
    // A vs C: higher on X, equal on Y -> A outranks C;  B vs C: higher on both -> B outranks C
    // scores: A = +2, B = +1 - 1 = 0, C = -2
    const Eigen::VectorXd out = agg(Copeland{}, rows({{3, 1}, {2, 5}, {1, 1}}), vec({2, 1}));
    BOOST_TEST(out[0] == 2.0);
    BOOST_TEST(out[1] == 0.0);
    BOOST_TEST(out[2] == -2.0);
}

BOOST_AUTO_TEST_CASE(copeland_ties) {
    // equal weights; A (3, 1), B (1, 3), C (2, 2): every pair wins one child each -> all ties
    const Eigen::VectorXd out = agg(Copeland{}, rows({{3, 1}, {1, 3}, {2, 2}}), vec({1, 1}));
    BOOST_TEST((out.array() == 0.0).all());
    // weights 0.1, 0.2, 0.3: A higher on the first two (0.30000000000000004), B on the third (0.3): a tie
    const Eigen::VectorXd r = agg(Copeland{}, rows({{1, 1, 0}, {0, 0, 1}}), vec({0.1, 0.2, 0.3}));
    BOOST_TEST(r[0] == 0.0);
    BOOST_TEST(r[1] == 0.0);
    // identical units tie
    const Eigen::VectorXd same = agg(Copeland{}, rows({{1, 2}, {1, 2}, {0, 0}}), vec({1, 1}));
    BOOST_TEST(same[0] == 1.0);
    BOOST_TEST(same[1] == 1.0);
    BOOST_TEST(same[2] == -2.0);
}

BOOST_AUTO_TEST_CASE(copeland_missing_and_zero_weights) {
    // equal weights.  A (5, -, 1), B (4, 4, 4), C (-, -, -), D (1, 9, 2)
    // A vs B: on X, Z: higher, lower -> tie;  A vs C: nothing comparable -> tie
    // A vs D: on X, Z: higher, lower -> tie;  B vs D: higher X, lower Y, higher Z -> B outranks D
    // scores A = 0, B = +1, C missing, D = -1 (COINr's outrankMatrix would count A's missing Y as a
    // loss against B, but as a win against a unit listed before A)
    const Eigen::VectorXd out =
        agg(Copeland{}, rows({{5, NaN, 1}, {4, 4, 4}, {NaN, NaN, NaN}, {1, 9, 2}}), vec({1, 1, 1}));
    BOOST_TEST(out[0] == 0.0);
    BOOST_TEST(out[1] == 1.0);
    BOOST_TEST(std::isnan(out[2]));
    BOOST_TEST(out[3] == -1.0);
    // a zero-weight child does not count: A (1, 9), B (2, 0) with weights (1, 0) -> B outranks A
    const Eigen::VectorXd z = agg(Copeland{}, rows({{1, 9}, {2, 0}}), vec({1, 0}));
    BOOST_TEST(z[0] == -1.0);
    BOOST_TEST(z[1] == 1.0);
}

// ---------------------------------------------------------------------------------------------
// Mazziotta-Pareto

BOOST_AUTO_TEST_CASE(mpi_hand_computed) {
    // X = (1, 1, 3, 3): mean 2, population sd 1 -> z = 90, 90, 110, 110
    // Y = (3, 1, 1, 3): mean 2, population sd 1 -> z = 110, 90, 90, 110
    // A (90, 110): M = 100, S = 10, S * cv = S^2 / M = 1 -> 99 (subtract) / 101 (add)
    // B (90, 90): S = 0 -> 90;  C (110, 90) -> 99 / 101;  D (110, 110) -> 110
    const Eigen::MatrixXd x = rows({{1, 3}, {1, 1}, {3, 1}, {3, 3}});
    const Eigen::VectorXd minus = agg(MazziottaPareto{}, x, vec({1, 1}));
    const Eigen::VectorXd plus = agg(MazziottaPareto{false, "add"}, x, vec({1, 1}));
    const double expect_minus[] = {99, 90, 99, 110}, expect_plus[] = {101, 90, 101, 110};
    for (Eigen::Index i = 0; i < 4; ++i) {
        BOOST_TEST(close(minus[i], expect_minus[i]));
        BOOST_TEST(close(plus[i], expect_plus[i]));
    }
    // weights (1, 3): A: M = (90 + 3 * 110) / 4 = 105, S^2 = (1 * 15^2 + 3 * 5^2) / 4 = 75
    // -> 105 - 75 / 105 = 104.28571428571429 (subtract), 105.71428571428571 (add)
    BOOST_TEST(close(agg(MazziottaPareto{}, x, vec({1, 3}))[0], 104.28571428571429));
    BOOST_TEST(close(agg(MazziottaPareto{false, "add"}, x, vec({1, 3}))[0], 105.71428571428571));
}

BOOST_AUTO_TEST_CASE(ampi_hand_computed) {
    // X = (1, 2, 3): mean 2, range 2 -> r = 100 + 60 (x - 2) / 2 = 70, 100, 130
    // Y = (0, 0, 6): mean 2, range 6 -> r = 100 + 60 (y - 2) / 6 = 80, 80, 140
    // A (70, 80): M = 75, S = 5, S^2 / M = 1/3;  B (100, 80): M = 90, S = 10, 100 / 90
    // C (130, 140): M = 135, S = 5, 25 / 135
    const Eigen::MatrixXd x = rows({{1, 0}, {2, 0}, {3, 6}});
    const Eigen::VectorXd minus = agg(MazziottaPareto{true, "subtract"}, x, vec({1, 1}));
    const Eigen::VectorXd plus = agg(MazziottaPareto{true, "add"}, x, vec({1, 1}));
    BOOST_TEST(close(minus[0], 75.0 - 1.0 / 3));
    BOOST_TEST(close(plus[0], 75.0 + 1.0 / 3));
    BOOST_TEST(close(minus[1], 90.0 - 100.0 / 90));
    BOOST_TEST(close(plus[1], 90.0 + 100.0 / 90));
    BOOST_TEST(close(minus[2], 135.0 - 25.0 / 135));
    BOOST_TEST(close(plus[2], 135.0 + 25.0 / 135));
}

BOOST_AUTO_TEST_CASE(mpi_missing_and_zero_weights) {
    // X = (1, 1, 3, 3) -> z = 90, 90, 110, 110;  Y = (4, -, 0, -): mean 2, population sd 2 -> 110, -, 90, -
    // A (90, 110) -> 99;  B only X -> 90;  C (110, 90) -> 99;  D only X -> 110;  E nothing -> missing
    const Eigen::MatrixXd x = rows({{1, 4, 5}, {1, NaN, 5}, {3, 0, 5}, {3, NaN, 5}, {NaN, NaN, 5}});
    // the third child is constant but has weight 0, so it takes no part (no error)
    const Eigen::VectorXd out = agg(MazziottaPareto{}, x, vec({1, 1, 0}));
    BOOST_TEST(close(out[0], 99.0));
    BOOST_TEST(close(out[1], 90.0));
    BOOST_TEST(close(out[2], 99.0));
    BOOST_TEST(close(out[3], 110.0));
    BOOST_TEST(std::isnan(out[4]));
}

BOOST_AUTO_TEST_CASE(mpi_constant_child_is_an_error) {
    const Eigen::MatrixXd x = rows({{1, 5}, {2, 5}, {3, NaN}});
    const std::string msg = message_of<NumericError>([&] {
        (void)aggregate_rows(MazziottaPareto{}, x, vec({1, 1}), Context(x, {}, {"X", "Const"}));
    });
    BOOST_TEST_INFO(msg);
    BOOST_TEST(contains(msg, "Mazziotta-Pareto index of aggregate \"P\", child \"Const\""));
    BOOST_TEST(contains(msg, "2 observed values, all equal to 5"));
    BOOST_CHECK_THROW((void)agg(MazziottaPareto{true, "subtract"}, rows({{1, 5}, {2, NaN}}), vec({1, 1})),
                      NumericError);
}

BOOST_AUTO_TEST_CASE(mpi_non_positive_mean_is_an_error) {
    // 101 units at 0 and one at -1 on both children: the last unit's z = 100 - 10 sqrt(101) < 0
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(102, 2);
    x.row(101).setConstant(-1);
    const Context c(x);
    const std::string msg = message_of<NumericError>([&] {
        (void)aggregate_rows(MazziottaPareto{}, x, vec({1, 1}), c);
    });
    BOOST_TEST_INFO(msg);
    BOOST_TEST(contains(msg, "1 unit: \"U102\" (-0.498756"));
    // the adjusted index keeps values in [40, 160], so it has no such problem
    BOOST_CHECK_NO_THROW((void)aggregate_rows(MazziottaPareto{true, "subtract"}, x, vec({1, 1}), c));
}

BOOST_AUTO_TEST_CASE(mpi_check) {
    BOOST_CHECK_NO_THROW(check(MazziottaPareto{}));
    BOOST_CHECK_THROW(check(MazziottaPareto{false, "POS"}), MethodError);
}

// ---------------------------------------------------------------------------------------------
// The family

BOOST_AUTO_TEST_CASE(every_method_is_registered_and_round_trips) {
    BOOST_TEST((aggregate_method_names() ==
                std::vector<std::string>{"amean", "gmean", "hmean", "genmean", "wmedian", "copeland", "mpi", "sum"}));
    const AggregateMethod g = make_aggregate_method("gmean", {{"zero_policy", std::string("offset")}, {"offset", 1.0}});
    BOOST_TEST((std::get<GeometricMean>(g) == GeometricMean{"offset", 1.0}));
    BOOST_TEST((make_aggregate_method(method_name(g), method_parameters(g)) == g));
    const AggregateMethod p = make_aggregate_method("genmean", {{"p", std::int64_t{-1}}});
    BOOST_TEST(std::get<GeneralisedMean>(p).p == -1.0);
    const AggregateMethod m = make_aggregate_method("mpi", {{"adjusted", true}, {"penalty", std::string("add")}});
    BOOST_TEST((make_aggregate_method(method_name(m), method_parameters(m)) == m));
    BOOST_CHECK_THROW((void)make_aggregate_method("gmean", {{"offset", 2.0}}), MethodError);  // offset without policy
    BOOST_CHECK_THROW((void)make_aggregate_method("mpi", {{"penalty", std::string("POS")}}), MethodError);
    const AggregateMethod sum = make_aggregate_method("sum", {{"scale", std::int64_t{10}}});
    BOOST_TEST((sum == AggregateMethod{WeightedSum{10.0}}));
    BOOST_TEST((make_aggregate_method(method_name(sum), method_parameters(sum)) == sum));
}

BOOST_AUTO_TEST_CASE(weighted_sum_hand_computed) {
    // PCI-like: 10 x (0.2 x 6 + 0.8 x 5) = 52; points: weights 1 add up; nothing is rescaled.
    const Eigen::MatrixXd x = rows({{6, 5}, {NaN, 5}, {4, 2}});
    const Context c(x);
    const Eigen::VectorXd pci = aggregate_rows(WeightedSum{10.0}, x, vec({0.2, 0.8}), c);
    BOOST_TEST(close(pci[0], 52.0));
    BOOST_TEST(std::isnan(pci[1]));  // a missing part of positive weight: the sum is unknown
    BOOST_TEST(close(pci[2], 24.0));
    const Eigen::VectorXd points = aggregate_rows(WeightedSum{}, x, vec({1, 1}), c);
    BOOST_TEST(points[0] == 11.0);
    // a child of weight 0 takes no part, even when missing
    const Eigen::VectorXd part = aggregate_rows(WeightedSum{}, x, vec({0, 1}), c);
    BOOST_TEST(part[1] == 5.0);
    try {
        check(WeightedSum{0.0});
        BOOST_FAIL("expected MethodError");
    } catch (const MethodError& e) {
        BOOST_TEST(std::string(e.what()) == "sum: parameter \"scale\": expected a finite number > 0, found 0");
        BOOST_TEST(e.location().column == "scale");
    }
}

BOOST_AUTO_TEST_CASE(dispatch_reaches_every_method) {
    const Eigen::MatrixXd x = rows({{1, 4}, {4, 1}, {2, 2}});
    const Eigen::VectorXd w = vec({1, 1});
    const Context c(x);
    const std::vector<AggregateMethod> methods{ArithmeticMean{}, GeometricMean{}, HarmonicMean{},    GeneralisedMean{2},
                                               WeightedMedian{}, Copeland{},      MazziottaPareto{}, WeightedSum{2.0}};
    for (const auto& method : methods) {
        BOOST_TEST_CONTEXT(method_name(method)) {
            const Eigen::VectorXd via_variant = aggregate_rows(method, x, w, c);
            const Eigen::VectorXd direct =
                std::visit([&](const auto& m) { return aggregate_rows(m, x, w, c); }, method);
            BOOST_TEST(via_variant.isApprox(direct));
            BOOST_CHECK_NO_THROW(check(method));
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Weighted sum and contributions

BOOST_AUTO_TEST_CASE(weighted_sum_keeps_weights_and_a_missing_part_is_missing) {
    const Eigen::VectorXd out = agg(WeightedSum{10.0}, rows({{5, 8}, {4, NaN}}), vec({0.25, 0.75}));
    BOOST_TEST(out[0] == 10.0 * (0.25 * 5 + 0.75 * 8));
    BOOST_TEST(std::isnan(out[1]));
    // A child of weight 0 takes no part, even when missing.
    BOOST_TEST(agg(WeightedSum{}, rows({{3, NaN}}), vec({1, 0}))[0] == 3.0);
    BOOST_CHECK_THROW(check(WeightedSum{0.0}), MethodError);
}

namespace {

// Every row of the contributions adds up to the parent's value (relative to the parts' size).
void check_adds_up(const AggregateMethod& m, const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
    const Eigen::VectorXd parent = aggregate_rows(m, x, w, Context(x));
    const auto c = contributions(m, x, w, parent);
    BOOST_REQUIRE(c.has_value());
    BOOST_REQUIRE_EQUAL(c->rows(), x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        BOOST_TEST_CONTEXT(method_name(m) << " row " << i << ": " << c->row(i).sum() << " vs " << parent[i]) {
            if (std::isnan(parent[i])) {
                BOOST_TEST(c->row(i).array().isNaN().all());
                continue;
            }
            const double scale = std::max(std::abs(parent[i]), c->row(i).cwiseAbs().sum());
            BOOST_TEST(std::abs(c->row(i).sum() - parent[i]) <= 1e-12 * scale);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(geometric_mean_contributions_by_hand) {
    // G = sqrt(4 * 16) = 8; log 4 : log 16 = 1 : 2, so 8 splits into 8/3 and 16/3.
    const Eigen::MatrixXd x = rows({{4, 16}});
    const Eigen::VectorXd w = vec({1, 1});
    const Eigen::VectorXd g = agg(GeometricMean{}, x, w);
    BOOST_TEST(std::abs(g[0] - 8.0) < 1e-14);
    const auto c = contributions(GeometricMean{}, x, w, g);
    BOOST_REQUIRE(c.has_value());
    BOOST_TEST(std::abs((*c)(0, 0) - 8.0 / 3) < 1e-14);
    BOOST_TEST(std::abs((*c)(0, 1) - 16.0 / 3) < 1e-14);
    // G = 1 (log G = 0): split by the weight shares.
    const auto one = contributions(GeometricMean{}, rows({{0.5, 2}}), w, vec({1.0}));
    BOOST_TEST((*one)(0, 0) == 0.5);
    BOOST_TEST((*one)(0, 1) == 0.5);
}

BOOST_AUTO_TEST_CASE(arithmetic_contributions_are_share_times_value_with_missing_children_rescaled) {
    const Eigen::MatrixXd x = rows({{2, 4, NaN}});
    const Eigen::VectorXd w = vec({1, 3, 4});
    const auto c = contributions(ArithmeticMean{}, x, w, amean(x, w));
    BOOST_TEST((*c)(0, 0) == 0.25 * 2);
    BOOST_TEST((*c)(0, 1) == 0.75 * 4);
    BOOST_TEST((*c)(0, 2) == 0.0);
    const Eigen::MatrixXd u = used_weights(ArithmeticMean{}, x, w);
    BOOST_TEST(u(0, 0) == 0.25);
    BOOST_TEST(u(0, 2) == 0.0);
    BOOST_TEST(used_weights(WeightedSum{10}, x, w)(0, 1) == 30.0);
}

BOOST_AUTO_TEST_CASE(weighted_median_contribution_is_the_median_child) {
    // Values 1, 5, 9 with equal weights: the median is the child with 5.
    const Eigen::MatrixXd x = rows({{9, 1, 5}, {1, 3, NaN}});
    const Eigen::VectorXd w = vec({1, 1, 1});
    const Eigen::VectorXd m = agg(WeightedMedian{}, x, w);
    const auto c = contributions(WeightedMedian{}, x, w, m);
    BOOST_TEST((*c)(0, 2) == 5.0);
    BOOST_TEST((*c)(0, 0) == 0.0);
    // Two values of equal weight: the median is their mean, half each.
    BOOST_TEST(m[1] == 2.0);
    BOOST_TEST((*c)(1, 0) == 0.5);
    BOOST_TEST((*c)(1, 1) == 1.5);
}

BOOST_AUTO_TEST_CASE(every_split_adds_up_to_the_parent) {
    const Eigen::MatrixXd x = rows({{12.5, 80, 3.25, 41}, {99, 1.5, 7, NaN}, {NaN, NaN, NaN, NaN}, {0.5, 0.25, 2, 1}});
    const Eigen::VectorXd w = vec({1, 2, 0.5, 3});
    for (const AggregateMethod& m :
         std::vector<AggregateMethod>{ArithmeticMean{}, GeometricMean{}, HarmonicMean{}, GeneralisedMean{2.0},
                                      GeneralisedMean{0.0}, GeneralisedMean{-0.5}, GeneralisedMean{1.0},
                                      WeightedMedian{}, WeightedSum{2.5}, GeometricMean{"offset", 1.0}})
        check_adds_up(m, x, w);
    // The zero policy "zero": a mean of 0 has every part 0.
    const Eigen::MatrixXd z = rows({{0, 4}});
    const auto c =
        contributions(GeometricMean{"zero", 0.0}, z, vec({1, 1}), agg(GeometricMean{"zero", 0.0}, z, vec({1, 1})));
    BOOST_TEST(c->row(0).cwiseAbs().sum() == 0.0);
}

BOOST_AUTO_TEST_CASE(copeland_and_mazziotta_pareto_have_no_additive_split) {
    const Eigen::MatrixXd x = rows({{1, 2}, {3, 1}, {2, 5}});
    const Eigen::VectorXd w = vec({1, 1});
    for (const AggregateMethod& m : std::vector<AggregateMethod>{Copeland{}, MazziottaPareto{}}) {
        BOOST_TEST(!contributions(m, x, w, aggregate_rows(m, x, w, Context(x))).has_value());
        BOOST_TEST(contains(contribution_rule(m), "no additive split"));
    }
}

// ================================================================================================
// Standard errors through aggregation
// ================================================================================================

BOOST_AUTO_TEST_CASE(standard_errors_of_the_arithmetic_mean) {
    // i1 (weight 1), i2 (weight 3) -> Index; shares 0.25 and 0.75.
    const Framework fw({make_node("i1", NodeType::indicator, 1, "Index", 1.0),
                        make_node("i2", NodeType::indicator, 1, "Index", 3.0),
                        make_node("Index", NodeType::aggregate, 2, "", 1.0)});
    auto units = std::make_shared<Units>();
    units->codes = {"A", "B", "C"};
    units->names = {"", "", ""};
    Eigen::MatrixXd v(3, 2), se(3, 2);
    v << 2, 4, 1, NaN, 3, 5;
    se << 0.4, 0.2, 0.3, NaN, NaN, 0.1;
    CellFlags flags = CellFlags::Zero(3, 2);
    flags(1, 1) = cell_suppressed;
    flags(1, 0) = cell_imputed;
    const Dataset data(units, {"i1", "i2"}, v, flags, se, SuppressionReasons{{{1, 1}, "withheld"}});
    const Dataset out = apply(Aggregate{}, fw, data).data;
    BOOST_REQUIRE(out.has_standard_errors());
    const Eigen::VectorXd index = out.standard_errors().col(out.column_index("Index"));
    // A: sqrt((0.25 * 0.4)^2 + (0.75 * 0.2)^2); B: i2 missing, so i1 alone (share 1): 0.3;
    // C: i1 has no standard error, so neither has the index.
    BOOST_TEST(close(index[0], std::sqrt(0.0325), 1e-12));
    BOOST_TEST(close(index[1], 0.3, 1e-12));
    BOOST_TEST(std::isnan(index[2]));
    BOOST_TEST(out.standard_errors()(0, out.column_index("i1")) == 0.4);  // indicators keep theirs
    // Flags reach the parent bit by bit; the reason stays with the cell it was given for.
    BOOST_TEST(out.flags()(1, out.column_index("Index")) == (cell_suppressed | cell_imputed));
    BOOST_TEST(out.suppression_reason(1, out.column_index("i2")) == "withheld");
    BOOST_TEST(out.suppression_reason(1, out.column_index("Index")).empty());
}

BOOST_AUTO_TEST_CASE(standard_errors_by_method) {
    Eigen::MatrixXd x(1, 2), se(1, 2);
    x << 1, 4;
    se << 0.1, 0.4;
    const Eigen::VectorXd w = vec({1, 1});
    auto se_of = [&](const AggregateMethod& m) {
        const Eigen::VectorXd value = aggregate_rows(m, x, w, Context(x));
        return aggregate_standard_errors(m, x, value, used_weights(m, x, w), se)[0];
    };
    // Weighted sum: weights as given, sqrt(0.1^2 + 0.4^2).
    BOOST_TEST(close(se_of(WeightedSum{}), std::sqrt(0.17), 1e-12));
    // Geometric mean 2: delta method, gradient G w_i / x_i = {1, 0.25}: sqrt(0.1^2 + 0.1^2).
    BOOST_TEST(close(se_of(GeometricMean{}), std::sqrt(0.02), 1e-12));
    // Harmonic mean H = 1.6: gradient H^2 w_i / x_i^2 = {1.28, 0.08}.
    BOOST_TEST(close(se_of(HarmonicMean{}), std::hypot(1.28 * 0.1, 0.08 * 0.4), 1e-12));
    BOOST_TEST(std::isnan(se_of(WeightedMedian{})));
}

// The closed form the uncertainty kernel and the marginal effects take from a method, in one place.
BOOST_AUTO_TEST_CASE(power_mean_form_of_every_method) {
    BOOST_TEST((power_mean_form(ArithmeticMean{}) == PowerMeanForm{.p = 1}));
    BOOST_TEST((power_mean_form(GeometricMean{}) == PowerMeanForm{.p = 0}));
    BOOST_TEST((power_mean_form(GeometricMean{.zero_policy = "offset", .offset = 0.5}) ==
                PowerMeanForm{.p = 0, .offset = 0.5}));
    BOOST_TEST((power_mean_form(GeometricMean{.zero_policy = "zero"}) ==
                PowerMeanForm{.p = 0, .zero_child_gives_zero = true}));
    BOOST_TEST((power_mean_form(HarmonicMean{}) == PowerMeanForm{.p = -1}));
    BOOST_TEST((power_mean_form(GeneralisedMean{.p = 2.5}) == PowerMeanForm{.p = 2.5}));
    for (const AggregateMethod& m : {AggregateMethod{WeightedMedian{}}, AggregateMethod{Copeland{}},
                                     AggregateMethod{MazziottaPareto{}}, AggregateMethod{WeightedSum{}}})
        BOOST_TEST(!power_mean_form(m).has_value());
    // each power mean's value is its closed form
    const Eigen::MatrixXd x{{1.0, 4.0, 2.0}};
    const Eigen::VectorXd w{{1.0, 2.0, 1.0}};
    for (const AggregateMethod& m : {AggregateMethod{ArithmeticMean{}}, AggregateMethod{GeometricMean{}},
                                     AggregateMethod{HarmonicMean{}}, AggregateMethod{GeneralisedMean{.p = 3}}}) {
        const auto f = power_mean_form(m).value();
        double s = 0;
        for (int j = 0; j < 3; ++j) s += w[j] * (f.p == 0 ? std::log(x(0, j)) : std::pow(x(0, j), f.p));
        const double closed = f.p == 0 ? std::exp(s / w.sum()) : std::pow(s / w.sum(), 1 / f.p);
        BOOST_TEST(aggregate_rows(m, x, w, Context(x))[0] == closed, boost::test_tools::tolerance(1e-14));
    }
}
