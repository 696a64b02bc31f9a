#define BOOST_TEST_MODULE aggregate
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

Eigen::MatrixXd rows(std::initializer_list<std::initializer_list<double>> rs) {
    const auto r = static_cast<Eigen::Index>(rs.size());
    const auto c = static_cast<Eigen::Index>(rs.begin()->size());
    Eigen::MatrixXd m(r, c);
    Eigen::Index i = 0;
    for (const auto& row : rs) {
        Eigen::Index j = 0;
        for (const double x : row) m(i, j++) = x;
        ++i;
    }
    return m;
}

Eigen::VectorXd vec(std::initializer_list<double> xs) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(xs.size()));
    Eigen::Index i = 0;
    for (const double x : xs) v[i++] = x;
    return v;
}

Node parent() {
    Node n;
    n.code = "P";
    n.type = NodeType::aggregate;
    n.level = 2;
    return n;
}

Eigen::VectorXd amean(const Eigen::MatrixXd& x, const Eigen::VectorXd& w) {
    return aggregate_rows(ArithmeticMean{}, x, w, parent());
}

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
    const Eigen::VectorXd out = aggregate_rows(m, rows({{2, 4}}), vec({1, 3}), parent());
    BOOST_TEST(out[0] == 3.5);
    BOOST_CHECK_NO_THROW(check(m));
    BOOST_TEST(ArithmeticMean::method_name == "amean");
}
