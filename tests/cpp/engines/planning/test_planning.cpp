#define BOOST_TEST_MODULE planning
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// T = a + b (weighted sum, weights 1) for five units.
Results points() {
    const Framework fw({make_node("a", NodeType::indicator, 1, "T"), make_node("b", NodeType::indicator, 1, "T"),
                        make_node("T", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"u1", "u2", "u3", "u4", "u5"};
    units->names = {"One", "Two", "Three", "Four", "Five"};
    Eigen::MatrixXd values(5, 2);
    values << 5, 5, 4, 4, 3, 6, 1, 1, 4, 5;  // T = 10, 8, 9, 2, 9
    return Pipeline({Aggregate{.method = WeightedSum{}}}).run(fw, Dataset(units, {"a", "b"}, values));
}

const std::vector<double>& numbers(const Table& t, const std::string& column) {
    return std::get<std::vector<double>>(t.column(column));
}

}  // namespace

BOOST_AUTO_TEST_CASE(required_score_and_gap_by_hand) {
    const Results r = points();
    const TargetGap one = gap_to_target(r, "u2", 1);
    BOOST_TEST(one.score == 8.0);
    BOOST_TEST(one.rank == 4.0);  // 10, 9, 9 above
    BOOST_TEST(one.units == 5);
    BOOST_TEST(one.required_score == 10.0);
    BOOST_TEST(one.gap == 2.0);
    BOOST_TEST(!one.reached);
    // Rank 2: the second highest other score is 9; reaching 9 ties with u3 and u5 at rank 2.
    BOOST_TEST(gap_to_target(r, "Two", 2).required_score == 9.0);
    BOOST_TEST(gap_to_target(r, "u2", 3).gap == 1.0);
    const TargetGap four = gap_to_target(r, "u2", 4);
    BOOST_TEST(four.reached);
    BOOST_TEST(four.gap == 0.0);
    BOOST_TEST(four.required_score == 2.0);
    BOOST_TEST(std::isinf(gap_to_target(r, "u2", 5).required_score));
    // Headroom: best observed a = 5, b = 6; with a maximum of 10 for a.
    const Table h = one.headroom;
    BOOST_TEST((std::get<std::vector<std::string>>(h.column("node")) == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((numbers(h, "headroom") == std::vector<double>{1.0, 2.0}));
    BOOST_TEST((numbers(h, "effect") == std::vector<double>{1.0, 1.0}));
    BOOST_TEST((numbers(h, "potential") == std::vector<double>{1.0, 2.0}));
    const TargetGap capped = gap_to_target(r, "u2", 1, "", std::nullopt, {{"a", 10.0}});
    BOOST_TEST(numbers(capped.headroom, "headroom")[0] == 6.0);
    BOOST_TEST(numbers(capped.headroom, "maximum")[0] == 10.0);
    BOOST_TEST(std::isnan(numbers(capped.headroom, "maximum")[1]));
}

BOOST_AUTO_TEST_CASE(the_required_score_really_reaches_the_target_on_asem) {
    const Asem asem;
    const Results r = Pipeline({Normalise{.method = MinMax{0, 100}}, Aggregate{.method = ArithmeticMean{}}})
                          .run(asem.framework, asem.data);
    const Eigen::VectorXd index = r.scores().column("Index");
    for (const int target : {1, 10, 20, 51}) {
        const TargetGap g = gap_to_target(r, "VNM", target);
        Eigen::VectorXd moved = index;
        const Eigen::Index vnm = r.scores().unit_index("VNM");
        if (!std::isinf(g.required_score)) {
            moved[vnm] = g.required_score;
            BOOST_TEST(rank_descending(moved)[vnm] <= target);
            moved[vnm] = std::nextafter(g.required_score, -1.0);
            BOOST_TEST(rank_descending(moved)[vnm] > target);
        }
        BOOST_TEST(g.rank == rank_descending(index)[vnm]);
    }
    // Linear means: the effects of the indicators add up the score (score = sum effect x value).
    const TargetGap g = gap_to_target(r, "VNM", 10);
    const auto& nodes = std::get<std::vector<std::string>>(g.headroom.column("node"));
    double total = 0;
    for (std::size_t k = 0; k < nodes.size(); ++k)
        if (asem.framework.node(nodes[k]).type == NodeType::indicator && !std::isnan(numbers(g.headroom, "value")[k]))
            total += numbers(g.headroom, "effect")[k] * numbers(g.headroom, "value")[k];
    BOOST_TEST(std::abs(total - g.score) < 1e-10);
}

BOOST_AUTO_TEST_CASE(effects_of_a_geometric_mean_match_finite_differences) {
    const Asem asem;
    const Pipeline gmean({Normalise{.method = MinMax{1, 100}}, Aggregate{.method = GeometricMean{}}});
    const Results r = gmean.run(asem.framework, asem.data);
    const TargetGap g = gap_to_target(r, "DEU", 5, "Conn");
    // Raise DEU's normalised LPI by h: Conn moves by about effect x h.
    const auto& nodes = std::get<std::vector<std::string>>(g.headroom.column("node"));
    const auto k = static_cast<std::size_t>(std::find(nodes.begin(), nodes.end(), "LPI") - nodes.begin());
    const double effect = numbers(g.headroom, "effect")[k];
    const Dataset& agg = r.data_set("Aggregated");
    const double h = 1e-4;
    Eigen::MatrixXd normalised = r.data_set("Normalised").values();
    normalised(agg.unit_index("DEU"), r.data_set("Normalised").column_index("LPI")) += h;
    const Dataset bumped = r.data_set("Normalised").with_values(r.data_set("Normalised").columns(), normalised);
    const Results again = Pipeline({Aggregate{.method = GeometricMean{}}}).run(asem.framework, bumped);
    const double change = (again.scores().value("DEU", "Conn") - r.scores().value("DEU", "Conn")) / h;
    BOOST_TEST(effect > 0);
    BOOST_TEST(std::abs(change - effect) < 1e-5 * std::abs(effect) + 1e-9);
}

BOOST_AUTO_TEST_CASE(bad_requests_are_typed_errors) {
    const Results r = points();
    BOOST_CHECK_THROW((void)gap_to_target(r, "u2", 0), MethodError);
    BOOST_CHECK_THROW((void)gap_to_target(r, "u2", 6), MethodError);
    BOOST_CHECK_THROW((void)gap_to_target(r, "nobody", 1), UnknownCodeError);
    BOOST_CHECK_THROW((void)gap_to_target(r, "u2", 1, "Nope"), UnknownCodeError);
    BOOST_CHECK_THROW((void)gap_to_target(r, "u2", 1, "", std::nullopt, {{"a", 4.0}}),
                      MethodError);  // below the best, 5
    BOOST_CHECK_THROW((void)gap_to_target(r, "u2", 1, "", std::nullopt, {{"T", 40.0}}), MethodError);  // not below T
    try {
        (void)gap_to_target(r, "u2", 9);
    } catch (const MethodError& e) {
        BOOST_TEST(e.location().column == "target_rank");
        BOOST_TEST(std::string(e.what()).find("expected a rank from 1 to 5") != std::string::npos);
    }
}
