#define BOOST_TEST_MODULE ranking
#include <boost/test/unit_test.hpp>

#include <functional>

#include <govindex/pipeline/ranking.hpp>
#include <govindex/vn/ranking.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;
using namespace govindex::vn;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

bool same(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    if (a.size() != b.size()) return false;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        if (!testing::close(a[i], b[i], 0.0)) return false;
    return true;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(competition_ranks_with_ties_and_unranked) {
    const Eigen::VectorXd x = vec({3, 1, NaN, 1, 2});
    // descending: 3 -> 1, 2 -> 2, the two 1s share 3 (the next would be 5), NaN unranked
    BOOST_TEST(same(rank_descending(x), vec({1, 3, NaN, 3, 2})));
    // ascending: the two 1s share 1, 2 -> 3, 3 -> 4
    BOOST_TEST(same(rank_ascending(x), vec({4, 1, NaN, 1, 3})));
    BOOST_TEST(same(rank_ascending(vec({NaN, NaN})), vec({NaN, NaN})));
    BOOST_TEST(rank_ascending(Eigen::VectorXd()).size() == 0);
}

BOOST_AUTO_TEST_CASE(ranks_within_region) {
    const Eigen::VectorXd x = vec({90, 85, 88, 70, NaN, 95});
    const std::vector<std::string> g = {"A", "A", "B", "B", "A", ""};
    // A: 90 -> 1, 85 -> 2, NaN unranked; B: 88 -> 1, 70 -> 2; no group -> unranked
    BOOST_TEST(same(rank_within_groups(x, g), vec({1, 2, 1, 2, NaN, NaN})));
    BOOST_TEST(same(rank_within_groups(x, g, RankOrder::ascending), vec({2, 1, 2, 1, NaN, NaN})));
    BOOST_CHECK_THROW((void)rank_within_groups(x, {"A"}), MethodError);
}

BOOST_AUTO_TEST_CASE(rank_change_is_positive_when_improved) {
    // Bến Tre's PAR INDEX: 63 (2019) -> 44 (2020) -> 37 (2021) -> 56 (2022): +19, +7, -19
    BOOST_TEST(same(rank_change(vec({63, 44, 37, NaN}), vec({44, 37, 56, 5})), vec({19, 7, -19, NaN})));
    BOOST_TEST(contains(error_of([] { (void)rank_change(vec({1, 2}), vec({1})); }), "2 ranks before but 1 after"));
}

BOOST_AUTO_TEST_CASE(par_index_groups_by_thresholds) {
    const auto bands = par_index_groups();
    BOOST_TEST(bands.size() == 3u);
    const auto labels = assign_bands(vec({91.04, 90.0, 89.99, 80.0, 79.97, 70.0, NaN}), bands);
    BOOST_TEST((labels == std::vector<std::string>{"A", "A", "B", "B", "C", "C", ""}));
    const std::string msg = error_of([&] { (void)assign_bands(vec({91, 69.5}), bands, {"Quảng Ninh", "X"}); });
    BOOST_TEST(contains(msg, "unit \"X\": value 69.5 falls in no band; expected a value in A [90, inf)"), msg);
    BOOST_TEST(contains(error_of([&] { (void)assign_bands(vec({69.5}), bands); }), "position 1: value 69.5"));
}

BOOST_AUTO_TEST_CASE(bad_bands_are_rejected) {
    const double inf = std::numeric_limits<double>::infinity();
    BOOST_TEST(contains(error_of([&] {
                            check_bands({{"A", 90, inf}, {"B", 80, 90.5}});
                        }),
                        "band \"B\" [80, 90.5) overlaps band \"A\" [90, inf)"));
    BOOST_TEST(contains(error_of([&] { check_bands({{"A", 90, 80}}); }), "expected low < high, found [90, 80)"));
    BOOST_TEST(contains(error_of([&] { check_bands({{"A", 90, 100}, {"A", 80, 90}}); }), "label repeats"));
    BOOST_TEST(contains(error_of([&] { check_bands({}); }), "expected at least one band"));
    BOOST_CHECK_NO_THROW(check_bands({{"A", 90, inf}, {"B", 80, 90}}));  // touching is fine
}

BOOST_AUTO_TEST_CASE(type7_quantiles) {
    const Eigen::VectorXd x = vec({4, NaN, 1, 3, 2});
    BOOST_TEST(quantile(x, 0.25) == 1.75);  // h = 0.75: 1 + 0.75 * (2 - 1)
    BOOST_TEST(quantile(x, 0.5) == 2.5);
    BOOST_TEST(quantile(x, 0.75) == 3.25);
    BOOST_TEST(quantile(x, 0.0) == 1.0);
    BOOST_TEST(quantile(x, 1.0) == 4.0);
    BOOST_CHECK_THROW((void)quantile(x, 1.5), MethodError);
    BOOST_CHECK_THROW((void)quantile(vec({NaN}), 0.5), MethodError);
}

BOOST_AUTO_TEST_CASE(papi_quartile_groups_by_hand) {
    // 1..8: Q1 = 2.75, Q2 = 4.5, Q3 = 6.25
    BOOST_TEST(same(papi_quartile_groups(vec({1, 2, 3, 4, 5, 6, 7, 8, NaN})), vec({4, 4, 3, 3, 2, 2, 1, 1, NaN})));
    // 1..5: Q1 = 2, Q2 = 3, Q3 = 4; a value equal to a quartile goes to the better group
    BOOST_TEST(same(papi_quartile_groups(vec({1, 2, 3, 4, 5})), vec({4, 3, 2, 1, 1})));
    BOOST_TEST(same(papi_quartile_groups(vec({NaN})), vec({NaN})));
    BOOST_TEST(papi_group_labels().front() == "best performers");
}

BOOST_AUTO_TEST_CASE(papi_2020_groups_have_the_published_sizes) {
    // PAPI 2020 was reported as 16 best, 16 high-average, 15 low-average, 16 poor (vietnamplus).
    const auto t = read_csv(testing::vn_dir() / "papi_2020.csv");
    const auto c = static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), "score") - t.header.begin());
    Eigen::VectorXd score(static_cast<Eigen::Index>(t.rows.size()));
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        score[static_cast<Eigen::Index>(r)] = parse_number(t.rows[r][c], {t.source, t.lines[r]}, "score");
    BOOST_REQUIRE(score.size() == 63);
    const Eigen::VectorXd g = papi_quartile_groups(score);
    for (int k = 1; k <= 4; ++k) BOOST_TEST((g.array() == k).count() == (k == 3 ? 15 : 16), "group " << k);
    // Quảng Ninh (48.811, the top score) is a best performer
    const auto top = std::max_element(score.data(), score.data() + score.size()) - score.data();
    BOOST_TEST(t.rows[static_cast<std::size_t>(top)][0] == "Quảng Ninh");
    BOOST_TEST(g[top] == 1.0);
}
