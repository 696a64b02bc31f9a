#define BOOST_TEST_MODULE unit_report
// Unit reports and time trends (unit_report.hpp): on the ASEM run (min-max [0, 100], arithmetic
// mean) checked against a second computation in the test (Results::ranks, counting), and on small
// hand-made cases whose answers are worked out in the comments (ties, directions, gaps).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<std::string>& text(const Table& t, const std::string& name) {
    return std::get<std::vector<std::string>>(t.column(name));
}
const std::vector<double>& numbers(const Table& t, const std::string& name) {
    return std::get<std::vector<double>>(t.column(name));
}

struct AsemRun : Asem {
    Results results = [this] {
        Normalise normalise;
        normalise.method = MinMax{0, 100};
        return Pipeline({normalise, Aggregate{}}).run(framework, data);
    }();
};

// a, b, c (direction -1) under G; d under H; G and H under the index I.
Framework small_framework() {
    return Framework({make_node("a", NodeType::indicator, 1, "G"), make_node("b", NodeType::indicator, 1, "G"),
                      make_node("c", NodeType::indicator, 1, "G", 1.0, -1), make_node("d", NodeType::indicator, 1, "H"),
                      make_node("G", NodeType::aggregate, 2, "I"), make_node("H", NodeType::aggregate, 2, "I"),
                      make_node("I", NodeType::aggregate, 3, "")});
}

Results small_run() {
    const Framework fw = small_framework();
    auto units = std::make_shared<Units>();
    units->codes = {"u0", "u1", "u2", "u3"};
    units->names = {"Hà Nội", "Bến Tre", "Cà Mau", "Huế"};
    units->groups = {{"region", {"N", "S", "S", "N"}}};
    Eigen::MatrixXd v(4, 4);
    // a: 4 3 2 1; b: 1 1 5 5 (u0, u1 tie at the bottom); c (lower is better): 10 20 30 40; d: - 7 8 6
    v << 4, 1, 10, NaN,  //
        3, 1, 20, 7,     //
        2, 5, 30, 8,     //
        1, 5, 40, 6;
    const Dataset data(units, {"a", "b", "c", "d"}, v);
    return Pipeline({Aggregate{}}).run(fw, data);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(asem, AsemRun)

BOOST_AUTO_TEST_CASE(summary_table_is_the_index_and_its_children_best_first) {
    const Table t = results_table(results);
    const std::vector<std::string> expected_columns{"uCode", "uName", "Rank", "Index", "Conn", "Sust"};
    BOOST_TEST(t.names() == expected_columns, boost::test_tools::per_element());
    const auto rows = results.results_table();
    BOOST_REQUIRE(t.rows() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        BOOST_TEST(text(t, "uCode")[i] == rows[i].unit_code);
        BOOST_TEST(numbers(t, "Rank")[i] == rows[i].rank);
        BOOST_TEST(numbers(t, "Conn")[i] == results.scores().value(rows[i].unit_code, "Conn"));
    }
}

BOOST_AUTO_TEST_CASE(full_table_of_ranks_matches_results_ranks) {
    const Table t = results_table(results, {.levels = table_levels(framework, ResultsTableKind::full), .ranks = true});
    BOOST_TEST(t.names().size() == 2 + framework.tree_codes().size());  // no Rank column: the index column holds it
    const Dataset ranks = results.ranks();
    for (std::size_t i = 0; i < t.rows(); ++i)
        for (const auto& code : {"Index", "P2P", "Flights", "NEET"}) {
            const double expected = ranks.value(text(t, "uCode")[i], code);  // NaN for a missing value
            BOOST_TEST((numbers(t, code)[i] == expected || (std::isnan(expected) && std::isnan(numbers(t, code)[i]))));
        }
    BOOST_TEST(table_levels(framework, ResultsTableKind::aggregates) == (std::vector<int>{4, 3, 2}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ranks_within_groups_count_the_better_units_of_the_group) {
    const Table t = results_table(results, {.levels = {4, 2}, .ranks = true, .group = "EurAsia_group"});
    const auto& group = text(t, "EurAsia_group");
    BOOST_TEST(group.front() == "Europe");  // groups in order of first appearance (Austria)
    BOOST_TEST(std::is_sorted(group.begin(), group.end(), std::greater<>()));  // "Europe" > "Asia"
    const Dataset& s = results.scores();
    const auto& all = s.units().groups[3].second;
    for (std::size_t i = 0; i < t.rows(); ++i)
        for (const auto& code : {"Index", "Instit"}) {
            const double mine = s.value(text(t, "uCode")[i], code);
            double better = 0;
            for (Eigen::Index r = 0; r < s.unit_count(); ++r)
                if (all[static_cast<std::size_t>(r)] == group[i] && s.values()(r, s.column_index(code)) > mine)
                    ++better;
            BOOST_TEST(numbers(t, code)[i] == better + 1);
        }
}

BOOST_AUTO_TEST_CASE(unit_summary_by_code_or_name) {
    const Table t = unit_summary(results, "VNM", {}, "EurAsia_group");
    BOOST_TEST(text(t, "code").front() == "Index");
    BOOST_TEST(t.rows() == 1 + 2 + 8);  // levels 4, 3, 2
    const Dataset ranks = results.ranks();
    for (std::size_t k = 0; k < t.rows(); ++k) {
        BOOST_TEST(numbers(t, "score")[k] == results.scores().value("VNM", text(t, "code")[k]));
        BOOST_TEST(numbers(t, "rank")[k] == ranks.value("VNM", text(t, "code")[k]));
        BOOST_TEST(numbers(t, "group_rank")[k] <= numbers(t, "rank")[k]);
    }
    const Table by_name = unit_summary(results, "Vietnam", {1});
    BOOST_TEST(by_name.rows() == framework.indicators().size());
    BOOST_CHECK_THROW((void)unit_summary(results, "Atlantis"), UnknownCodeError);
    BOOST_CHECK_THROW((void)unit_summary(results, "VNM", {5}), MethodError);
    BOOST_CHECK_THROW((void)unit_summary(results, "VNM", {}, "Continent"), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(strengths_on_raw_data_rank_by_direction) {
    const StrengthsWeaknesses sw = strengths_weaknesses(results, "DEU", {.top = 5, .bottom = 5});
    BOOST_TEST(sw.strengths.rows() == 5);
    BOOST_TEST(sw.weaknesses.rows() == 5);
    const Dataset& raw = results.data_set("Raw");
    // Second computation: 1 + the units with a better direction-adjusted value.
    for (const Table* t : {&sw.strengths, &sw.weaknesses})
        for (std::size_t k = 0; k < t->rows(); ++k) {
            const std::string& code = text(*t, "code")[k];
            const double dir = framework.node(code).direction;
            const double mine = dir * raw.value("DEU", code);
            double better = 0;
            for (Eigen::Index r = 0; r < raw.unit_count(); ++r)
                if (dir * raw.values()(r, raw.column_index(code)) > mine) ++better;
            BOOST_TEST(numbers(*t, "rank")[k] == better + 1);
            BOOST_TEST(numbers(*t, "value")[k] == raw.value("DEU", code));
            BOOST_TEST(framework.node(text(*t, "ancestor")[k]).level == 2);
        }
    const auto& s = numbers(sw.strengths, "rank");
    const auto& w = numbers(sw.weaknesses, "rank");
    BOOST_TEST(std::is_sorted(s.begin(), s.end()));
    BOOST_TEST(std::is_sorted(w.begin(), w.end()));
    BOOST_TEST(s.back() <= w.front());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(strengths_ties_directions_and_the_worst_rank) {
    const Results run = small_run();
    // Bến Tre (u1): a rank 2; b rank 3 (tied with u0 at the lowest value: the worst rank, dropped);
    // c (direction -1, value 20 of 10..40) rank 2; d rank 2 (u0 missing). Ties keep framework order.
    StrengthsWeaknesses sw = strengths_weaknesses(run, "Bến Tre", {.top = 2, .bottom = 1});
    BOOST_TEST(text(sw.strengths, "code") == (std::vector<std::string>{"a", "c"}), boost::test_tools::per_element());
    BOOST_TEST(numbers(sw.strengths, "rank") == (std::vector<double>{2, 2}), boost::test_tools::per_element());
    BOOST_TEST(text(sw.weaknesses, "code") == (std::vector<std::string>{"d"}), boost::test_tools::per_element());
    BOOST_TEST(text(sw.strengths, "ancestor") == (std::vector<std::string>{"G", "G"}),
               boost::test_tools::per_element());
    // Keeping the worst rank: b (3) is the weakness.
    sw = strengths_weaknesses(run, "u1", {.top = 4, .bottom = 1, .discard_minimum = false});
    BOOST_TEST(text(sw.weaknesses, "code") == (std::vector<std::string>{"b"}), boost::test_tools::per_element());
    BOOST_TEST(sw.strengths.rows() == 4);
    // Without direction adjustment c ranks 3 of 4 (not the worst): a, d (2), then c (3).
    sw = strengths_weaknesses(run, "u1", {.top = 5, .bottom = 1, .adjust_direction = false});
    BOOST_TEST(text(sw.strengths, "code") == (std::vector<std::string>{"a", "d", "c"}),
               boost::test_tools::per_element());
    // Within region S (u1, u2): u1 is below u2 on a? no: a 3 > 2, rank 1; b 1 < 5 rank 2 (worst,
    // dropped); c: -20 > -30, rank 1; d: 7 < 8, rank 2 (worst, dropped).
    sw = strengths_weaknesses(run, "u1", {.top = 5, .bottom = 5, .group = "region"});
    BOOST_TEST(text(sw.strengths, "code") == (std::vector<std::string>{"a", "c"}), boost::test_tools::per_element());
    // A decomposed (NFD) name finds the unit too.
    BOOST_TEST(strengths_weaknesses(run, "Be\xcc\x82\xcc\x81n Tre").strengths.rows() == 3);
    BOOST_CHECK_THROW((void)strengths_weaknesses(run, "u1", {.top = 0}), MethodError);
    BOOST_CHECK_THROW((void)strengths_weaknesses(run, "u1", {.data_set = "Nope"}), UnknownCodeError);
    BOOST_CHECK_THROW((void)strengths_weaknesses(run, "u1", {.report_level = 4}), MethodError);
    BOOST_CHECK_THROW((void)strengths_weaknesses(run, "u1", {}, 2020), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(unit_summary_group_ranks_on_a_small_case) {
    const Results run = small_run();
    const Table t = unit_summary(run, "Huế", {2}, "region");
    BOOST_TEST(text(t, "code") == (std::vector<std::string>{"G", "H"}), boost::test_tools::per_element());
    // Huế (u3) in region N (u0, u3); H = d, missing for u0: group rank 1.
    BOOST_TEST(numbers(t, "group_rank")[1] == 1);
    BOOST_TEST(numbers(t, "rank")[1] == 3);  // d: 8, 7, 6
}

namespace {

// Two units over 2018-2021: A has a gap in 2019 and 2020 on x, B has no 2018 value on x; y is
// complete.
Dataset panel() {
    auto units = std::make_shared<Units>();
    units->codes = {"A", "A", "A", "A", "B", "B", "B", "B"};
    units->names = {"a", "a", "a", "a", "b", "b", "b", "b"};
    units->times = {2018, 2019, 2020, 2021, 2021, 2020, 2019, 2018};  // B's rows in reverse
    Eigen::MatrixXd v(8, 2);
    v << 10, 1,  //
        NaN, 2,  //
        NaN, 4,  //
        40, 8,   //
        5, 3,    //
        NaN, 3,  //
        2, 3,    //
        NaN, 3;
    return Dataset(units, {"x", "y"}, v);
}

}  // namespace

BOOST_AUTO_TEST_CASE(interpolation_fills_interior_gaps_only) {
    const Dataset d = interpolate(panel());
    BOOST_TEST(d.values()(1, 0) == 20.0);
    BOOST_TEST(d.values()(2, 0) == 30.0);
    BOOST_TEST(d.values()(5, 0) == 3.5);       // B 2020 between 2019 (2) and 2021 (5)
    BOOST_TEST(std::isnan(d.values()(7, 0)));  // B 2018: before the first observation, no extrapolation
    BOOST_TEST(d.flags()(1, 0) == cell_imputed);
    BOOST_TEST(d.flags()(0, 0) == 0);
    BOOST_TEST(d.flags()(1, 1) == 0);
    BOOST_TEST(interpolate(panel(), {"y"}).values().col(1) == panel().values().col(1));
    BOOST_CHECK_THROW((void)interpolate(panel(), {"z"}), UnknownCodeError);
    BOOST_CHECK_THROW((void)interpolate(panel().select_time(2018)), MethodError);
}

// Units built in code may leave their denominator matrix 0 x 0; selecting and joining rows read
// rows of it (an Eigen bounds assertion, found by the sanitizer build, which keeps asserts on).
BOOST_AUTO_TEST_CASE(units_without_a_denominator_matrix_select_and_concatenate) {
    const Dataset d = concatenate({panel().select_time(2018), panel().select_time(2021)});
    BOOST_TEST(d.unit_count() == 4);
    BOOST_TEST(d.values()(2, 0) == 40.0);
}

BOOST_AUTO_TEST_CASE(trends_over_the_panel_and_between_two_years) {
    Table t = trends(panel());
    BOOST_TEST(text(t, "uCode") == (std::vector<std::string>{"A", "A", "B", "B"}), boost::test_tools::per_element());
    // A x: 10 (2018) -> 40 (2021): change 30, CAGR 4^(1/3) - 1. B x: 2 (2019) -> 5 (2021).
    BOOST_TEST(numbers(t, "change")[0] == 30.0);
    BOOST_TEST(numbers(t, "cagr")[0] == std::pow(4.0, 1.0 / 3) - 1, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(numbers(t, "start")[2] == 2019.0);
    BOOST_TEST(numbers(t, "cagr")[2] == std::sqrt(2.5) - 1, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(numbers(t, "cagr")[3] == 0.0);  // B y: 3 -> 3
    t = trends(panel(), {"y"}, 2019, 2020);
    BOOST_TEST(numbers(t, "change") == (std::vector<double>{2, 0}), boost::test_tools::per_element());
    BOOST_TEST(numbers(t, "cagr")[0] == 1.0);
    t = trends(panel(), {"x"}, 2019, 2021);
    BOOST_TEST(std::isnan(numbers(t, "change")[0]));  // A 2019 missing (interpolate first to fill it)
    BOOST_CHECK_THROW((void)trends(panel(), {}, 2021, 2019), MethodError);
    BOOST_CHECK_THROW((void)trends(panel(), {}, 2017, 2019), UnknownCodeError);
    BOOST_CHECK_THROW((void)trends(panel(), {}, 2018, std::nullopt), MethodError);
}
