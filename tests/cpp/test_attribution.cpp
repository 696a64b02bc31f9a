#define BOOST_TEST_MODULE attribution
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numeric>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// T = a + b (weighted sum) for units A, B, C, with the values given.
Results run(const Eigen::MatrixXd& values, std::vector<std::string> codes = {"A", "B", "C"}) {
    const Framework fw({make_node("a", NodeType::indicator, 1, "T"), make_node("b", NodeType::indicator, 1, "T"),
                        make_node("T", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = std::move(codes);
    units->names.assign(units->codes.size(), "");
    return Pipeline({Aggregate{.method = WeightedSum{}}}).run(fw, Dataset(units, {"a", "b"}, values));
}

const std::vector<double>& numbers(const Table& t, const std::string& column) {
    return std::get<std::vector<double>>(t.column(column));
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

}  // namespace

BOOST_AUTO_TEST_CASE(hand_computed_additive_case) {
    Eigen::MatrixXd before(3, 2), after(3, 2);
    before << 5, 5, 4, 4, 3, 3;  // A 10, B 8, C 6: C third
    after << 3, 4, 4, 5, 6, 2;   // A 7, B 9, C 8: C second
    const ChangeDecomposition d = decompose_change(run(before), run(after), "C");
    BOOST_TEST(d.score_before == 6.0);
    BOOST_TEST(d.score_after == 8.0);
    BOOST_TEST(d.rank_before == 3.0);
    BOOST_TEST(d.rank_after == 2.0);
    // Own change with the others as before: 8 among {10, 8} -> 2 (from 3); with the others after:
    // 6 among {7, 9} -> 3, 8 -> 2. Own part = -1, others' part 0.
    BOOST_TEST(d.own_part == -1.0);
    BOOST_TEST(d.others_part == 0.0);
    BOOST_TEST((numbers(d.parts, "change") == std::vector<double>{3.0, -1.0}));  // a 3 -> 6, b 3 -> 2
    BOOST_TEST(sum(numbers(d.parts, "change")) == d.score_after - d.score_before);
    // A unit that fell only because others rose: B's score is constant.
    Eigen::MatrixXd later = before;
    later.row(2) << 6, 6;  // C 12 overtakes B
    const ChangeDecomposition b = decompose_change(run(before), run(later), "B");
    BOOST_TEST(b.own_part == 0.0);
    BOOST_TEST(b.others_part == 1.0);
}

BOOST_AUTO_TEST_CASE(units_in_one_run_only_are_listed) {
    Eigen::MatrixXd before(3, 2), after(3, 2);
    before << 5, 5, 4, 4, 3, 3;
    after << 5, 5, 4, 4, 9, 9;
    const ChangeDecomposition d = decompose_change(run(before), run(after, {"A", "B", "D"}), "B");
    BOOST_TEST((d.only_before == std::vector<std::string>{"C"}));
    BOOST_TEST((d.only_after == std::vector<std::string>{"D"}));
    BOOST_TEST(d.rank_after == 3.0);
    BOOST_TEST(d.own_part + d.others_part == d.rank_after - d.rank_before);
    BOOST_CHECK_THROW((void)decompose_change(run(before), run(after, {"A", "B", "D"}), "C"), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(asem_panel_years_parts_add_up) {
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset panel = read_dataset(asem_dir() / "iData_p.csv", fw);
    const auto years = panel.years();
    for (const AggregateMethod& method : {AggregateMethod{ArithmeticMean{}}, AggregateMethod{GeometricMean{}}}) {
        const Results r = Pipeline({Normalise{.method = MinMax{1, 100}}, Aggregate{.method = method}}).run(fw, panel);
        for (const std::string unit : {"VNM", "DEU", "JPN"}) {
            const ChangeDecomposition d = decompose_change(r, r, unit, "", years.front(), years.back());
            BOOST_TEST(std::abs(sum(numbers(d.parts, "change")) - (d.score_after - d.score_before)) <= 1e-12 * std::abs(d.score_after));
            BOOST_TEST(d.own_part + d.others_part == d.rank_after - d.rank_before);
            const ChangeDecomposition pillars = decompose_change(r, r, unit, "Conn", years.front(), years.back(), false);
            BOOST_TEST(std::get<std::vector<std::string>>(pillars.parts.column("node")).size() == fw.children("Conn").size());
        }
    }
}
