#define BOOST_TEST_MODULE attribution
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

Dataset data_of(const Eigen::MatrixXd& values, std::vector<std::string> codes, std::vector<std::string> columns) {
    auto units = std::make_shared<Units>();
    units->codes = std::move(codes);
    units->names.assign(units->codes.size(), "");
    return Dataset(units, std::move(columns), values);
}

// T = a + b (weighted sum; `weight_a` the weight of a) for units A, B, C, with the values given.
Results run(const Eigen::MatrixXd& values, std::vector<std::string> codes = {"A", "B", "C"}, double weight_a = 1.0) {
    const Framework fw({make_node("a", NodeType::indicator, 1, "T"), make_node("b", NodeType::indicator, 1, "T"),
                        make_node("T", NodeType::aggregate, 2, "")});
    return Pipeline({Aggregate{.method = WeightedSum{}, .weights = {{"a", weight_a}}}})
        .run(fw, data_of(values, std::move(codes), {"a", "b"}));
}

// Two levels: P = (a, b, c), Q = (d, e), T = (P, Q), every aggregate by `method`; units A, B, C, D.
Results tree_run(const Eigen::MatrixXd& values, const AggregateMethod& method) {
    const Framework fw(
        {make_node("a", NodeType::indicator, 1, "P", 1.0), make_node("b", NodeType::indicator, 1, "P", 2.0),
         make_node("c", NodeType::indicator, 1, "P", 3.0), make_node("d", NodeType::indicator, 1, "Q", 1.0),
         make_node("e", NodeType::indicator, 1, "Q", 1.0), make_node("P", NodeType::aggregate, 2, "T", 2.0),
         make_node("Q", NodeType::aggregate, 2, "T", 1.0), make_node("T", NodeType::aggregate, 3, "")});
    return Pipeline({Aggregate{.method = method}})
        .run(fw, data_of(values, {"A", "B", "C", "D"}, {"a", "b", "c", "d", "e"}));
}

Eigen::MatrixXd tree_values(double shift) {
    Eigen::MatrixXd v(4, 5);
    v << 10, 20, 30, 40, 50,  //
        25, 35, 15, 20, 60,   //
        50, 10, 40, 30, 20,   //
        30, 30, 30, 30, 30;
    if (shift != 0.0) v.row(0) << 14, 18, 45, 40, 70;  // A: a, c and e up, b down, d the same
    return v;
}

const std::vector<std::string>& texts(const Table& t, const std::string& column) {
    return std::get<std::vector<std::string>>(t.column(column));
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
            BOOST_TEST(std::abs(sum(numbers(d.parts, "change")) - (d.score_after - d.score_before)) <=
                       1e-12 * std::abs(d.score_after));
            BOOST_TEST(d.own_part + d.others_part == d.rank_after - d.rank_before);
            const ChangeDecomposition pillars =
                decompose_change(r, r, unit, "Conn", years.front(), years.back(), false);
            BOOST_TEST(std::get<std::vector<std::string>>(pillars.parts.column("node")).size() ==
                       fw.children("Conn").size());
        }
    }
}

BOOST_AUTO_TEST_CASE(shapley_on_an_additive_case_equals_the_contribution_changes) {
    Eigen::MatrixXd before(3, 2), after(3, 2);
    before << 5, 5, 4, 4, 3, 3;
    after << 3, 4, 4, 5, 6, 2;
    const ChangeDecomposition c = decompose_change(run(before), run(after), "C");
    BOOST_TEST(c.rule == "contributions");
    BOOST_TEST((texts(c.parts, "method") == std::vector<std::string>{"contributions", "contributions"}));
    const ChangeDecomposition s = decompose_change(run(before), run(after), "C", "", std::nullopt, std::nullopt, true,
                                                   {.rule = SplitRule::shapley});
    BOOST_TEST(s.rule == "shapley");
    BOOST_TEST((numbers(s.parts, "change") == std::vector<double>{3.0, -1.0}));
    BOOST_TEST((texts(s.parts, "method") == std::vector<std::string>{"exact", "exact"}));
    BOOST_TEST((numbers(s.parts, "std_error") == std::vector<double>{0.0, 0.0}));
    BOOST_TEST(s.score_data_part == 2.0);
    BOOST_TEST(s.methodology_part == 0.0);
}

BOOST_AUTO_TEST_CASE(shapley_on_a_geometric_mean_case) {
    const Results before = tree_run(tree_values(0), GeometricMean{}), after = tree_run(tree_values(1), GeometricMean{});
    for (const bool to_leaves : {true, false}) {
        const ChangeDecomposition d = decompose_change(before, after, "A", "", std::nullopt, std::nullopt, to_leaves,
                                                       {.rule = SplitRule::shapley});
        BOOST_TEST(std::abs(sum(numbers(d.parts, "change")) - (d.score_after - d.score_before)) <= 1e-12);
        BOOST_TEST(texts(d.parts, "node").size() == (to_leaves ? 5U : 2U));  // no residual row: the same rules
    }
    // By hand on Q = sqrt(d e) (equal weights): d does not move (part 0), e takes all of Q's change.
    const ChangeDecomposition q =
        decompose_change(before, after, "A", "Q", std::nullopt, std::nullopt, true, {.rule = SplitRule::shapley});
    BOOST_TEST(numbers(q.parts, "change")[0] == 0.0);
    BOOST_TEST(std::abs(numbers(q.parts, "change")[1] - (std::sqrt(40.0 * 70.0) - std::sqrt(40.0 * 50.0))) <= 1e-12);
    // T = P^(2/3) Q^(1/3): two-player Shapley values, each averaged over the two orders.
    const ChangeDecomposition t =
        decompose_change(before, after, "A", "", std::nullopt, std::nullopt, false, {.rule = SplitRule::shapley});
    const auto value = [&](const Results& r, const char* node) {
        return r.scores().values()(0, r.scores().column_index(node));
    };
    const double p0 = value(before, "P"), p1 = value(after, "P"), q0 = value(before, "Q"), q1 = value(after, "Q");
    const auto T = [](double p, double q) { return std::pow(p, 2.0 / 3.0) * std::pow(q, 1.0 / 3.0); };
    const double phi_p = 0.5 * ((T(p1, q0) - T(p0, q0)) + (T(p1, q1) - T(p0, q1)));
    BOOST_TEST(std::abs(numbers(t.parts, "change")[0] - phi_p) <= 1e-12);
    // The leaves' parts of P are P's part shared in proportion to their Shapley parts of P's change.
    const ChangeDecomposition leaves =
        decompose_change(before, after, "A", "", std::nullopt, std::nullopt, true, {.rule = SplitRule::shapley});
    const auto& parts = numbers(leaves.parts, "change");
    BOOST_TEST(std::abs(parts[0] + parts[1] + parts[2] - phi_p) <= 1e-12);
    // auto keeps the exact contributions where every method has them.
    BOOST_TEST(decompose_change(before, after, "A").rule == "contributions");
}

BOOST_AUTO_TEST_CASE(sampled_orders_add_up_and_report_their_error) {
    const Results before = tree_run(tree_values(0), GeometricMean{}), after = tree_run(tree_values(1), GeometricMean{});
    const DecomposeOptions sampled{.rule = SplitRule::shapley, .exact_limit = 2, .permutations = 4000, .seed = 7};
    const ChangeDecomposition s = decompose_change(before, after, "A", "P", std::nullopt, std::nullopt, true, sampled);
    const ChangeDecomposition e =
        decompose_change(before, after, "A", "P", std::nullopt, std::nullopt, true, {.rule = SplitRule::shapley});
    BOOST_TEST((texts(s.parts, "method") == std::vector<std::string>{"sampled", "sampled", "sampled"}));
    BOOST_TEST(std::abs(sum(numbers(s.parts, "change")) - (s.score_after - s.score_before)) <= 1e-12);
    for (std::size_t j = 0; j < 3; ++j) {
        const double se = numbers(s.parts, "std_error")[j];
        BOOST_TEST(se > 0.0);
        BOOST_TEST(std::abs(numbers(s.parts, "change")[j] - numbers(e.parts, "change")[j]) <= 4.0 * se);
    }
    BOOST_TEST((decompose_change(before, after, "A", "P", std::nullopt, std::nullopt, true, sampled) == s));  // seeded
    BOOST_CHECK_THROW(
        (void)decompose_change(before, after, "A", "", std::nullopt, std::nullopt, true, {.exact_limit = 17}),
        MethodError);
    BOOST_CHECK_THROW(
        (void)decompose_change(before, after, "A", "", std::nullopt, std::nullopt, true, {.permutations = 1}),
        MethodError);
}

BOOST_AUTO_TEST_CASE(methods_without_an_additive_split_use_shapley) {
    const Results before = tree_run(tree_values(0), Copeland{}), after = tree_run(tree_values(1), Copeland{});
    BOOST_CHECK_THROW((void)decompose_change(before, after, "A", "", std::nullopt, std::nullopt, true,
                                             {.rule = SplitRule::contributions}),
                      MethodError);
    const ChangeDecomposition d = decompose_change(before, after, "A");
    BOOST_TEST(d.rule == "shapley");
    BOOST_TEST(std::abs(sum(numbers(d.parts, "change")) - (d.score_after - d.score_before)) <= 1e-12);
    // d did not move: part 0. Where the others' Copeland scores move with A's values (they are
    // compared with A) and change A's score, a residual row "(P)" holds that.
    const auto& nodes = texts(d.parts, "node");
    const auto at = static_cast<std::size_t>(std::find(nodes.begin(), nodes.end(), "d") - nodes.begin());
    BOOST_TEST(numbers(d.parts, "change").at(at) == 0.0);
}

BOOST_AUTO_TEST_CASE(a_methodology_change_goes_to_the_methodology_part) {
    // The same data scored under two methodologies: a weighs 1, then 3.
    Eigen::MatrixXd values(3, 2);
    values << 5, 1, 2, 5, 3, 3;  // before (a + b): A 6, B 7, C 6; after (3a + b): A 16, B 11, C 12
    const Results old_rules = run(values), new_rules = run(values, {"A", "B", "C"}, 3.0);
    const DecomposeOptions both{.before_rescored = &new_rules, .after_rescored = &old_rules};
    const ChangeDecomposition d =
        decompose_change(old_rules, new_rules, "B", "", std::nullopt, std::nullopt, true, both);
    BOOST_TEST(d.rank_before == 1.0);
    BOOST_TEST(d.rank_after == 3.0);
    BOOST_TEST(d.own_part == 0.0);
    BOOST_TEST(d.others_part == 0.0);
    BOOST_TEST(d.methodology_part == 2.0);
    BOOST_TEST(d.score_data_part == 0.0);
    BOOST_TEST(d.score_methodology_part == 4.0);
    BOOST_TEST((numbers(d.parts, "change") == std::vector<double>{0.0, 0.0}));
    BOOST_TEST(d.sequence == "shapley");
    for (const DecomposeOptions& one :
         {DecomposeOptions{.before_rescored = &new_rules}, DecomposeOptions{.after_rescored = &old_rules}}) {
        const ChangeDecomposition s =
            decompose_change(old_rules, new_rules, "B", "", std::nullopt, std::nullopt, true, one);
        BOOST_TEST(s.sequence == (one.before_rescored ? "methodology first" : "data first"));
        BOOST_TEST((s.own_part == 0.0 && s.others_part == 0.0 && s.methodology_part == 2.0));
        BOOST_TEST(s.score_methodology_part == 4.0);
    }
    // Without re-scored runs the difference is found and both are made: the same answer, never a
    // rules change booked as "own" or "others".
    const ChangeDecomposition plain = decompose_change(old_rules, new_rules, "B");
    BOOST_TEST(plain.rescoring == "automatic");
    BOOST_TEST(plain.sequence == "shapley");
    BOOST_TEST(plain.methodology_differences.size() == 2U);
    BOOST_TEST(plain.methodology_differences[0] == "pipeline step 1 (aggregate) differs");
    BOOST_TEST(plain.methodology_differences[1] == "weights at \"T\": a 1, b 1 -> a 3, b 1");
    BOOST_TEST((plain.own_part == 0.0 && plain.others_part == 0.0 && plain.methodology_part == 2.0));
    BOOST_TEST(plain.score_methodology_part == 4.0);
    BOOST_TEST(plain.rescoring != d.rescoring);
    BOOST_TEST(d.rescoring == "given");
    // Shapley likewise: the data parts within one methodology, no residual row for the new weight.
    const ChangeDecomposition shapley =
        decompose_change(old_rules, new_rules, "B", "", std::nullopt, std::nullopt, true, {.rule = SplitRule::shapley});
    BOOST_TEST((texts(shapley.parts, "node") == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((numbers(shapley.parts, "change") == std::vector<double>{0.0, 0.0}));
    BOOST_TEST(methodology_differences(old_rules, old_rules).empty());
    BOOST_TEST(methodology_differences(old_rules, run(values)).empty());
}

BOOST_AUTO_TEST_CASE(three_factor_shapley_by_hand) {
    // Data and rules both change. Before: a + b; after: 3a + b.
    Eigen::MatrixXd y0(3, 2), y1(3, 2);
    y0 << 5, 1, 2, 5, 3, 3;
    y1 << 5, 1, 3, 5, 1, 3;  // B's a up by 1, C's a down by 2
    const Results bb = run(y0), aa = run(y1, {"A", "B", "C"}, 3.0), ab = run(y0, {"A", "B", "C"}, 3.0), ba = run(y1);
    const ChangeDecomposition d = decompose_change(bb, aa, "B", "", std::nullopt, std::nullopt, true,
                                                   {.before_rescored = &ab, .after_rescored = &ba});
    // B's rank with (own, others, methodology) before (0) or after (1): 000 1, 100 1, 010 1, 110 1,
    // 001 3 (11 among 16, 12), 101 2, 011 2, 111 2 (14 among 16, 6).
    BOOST_TEST(d.rank_before == 1.0);
    BOOST_TEST(d.rank_after == 2.0);
    // own: 1/3 (1 - 1) + 1/6 (1 - 1) + 1/6 (2 - 3) + 1/3 (2 - 2) = -1/6, others the same;
    // methodology: 1/3 (3 - 1) + 1/6 (2 - 1) + 1/6 (2 - 1) + 1/3 (2 - 1) = 4/3.
    BOOST_TEST(std::abs(d.own_part + 1.0 / 6.0) <= 1e-12);
    BOOST_TEST(std::abs(d.others_part + 1.0 / 6.0) <= 1e-12);
    BOOST_TEST(std::abs(d.methodology_part - 4.0 / 3.0) <= 1e-12);
    BOOST_TEST(std::abs(d.own_part + d.others_part + d.methodology_part - (d.rank_after - d.rank_before)) <= 1e-12);
    // Score of B: 7 -> 14 (ab 11, ba 8): data part ((8 - 7) + (14 - 11)) / 2 = 2, methodology 5.
    BOOST_TEST(d.score_data_part == 2.0);
    BOOST_TEST(d.score_methodology_part == 5.0);
    BOOST_TEST(sum(numbers(d.parts, "change")) == 2.0);
}

BOOST_AUTO_TEST_CASE(rescored_runs_missing_the_unit_or_node_are_named) {
    Eigen::MatrixXd values(3, 2);
    values << 5, 1, 2, 5, 3, 3;
    const Results r = run(values), other = run(values, {"A", "B", "D"});
    try {
        (void)decompose_change(r, r, "C", "", std::nullopt, std::nullopt, true, {.before_rescored = &other});
        BOOST_FAIL("expected UnknownCodeError");
    } catch (const UnknownCodeError& e) {
        BOOST_TEST(std::string(e.what()).find("before_rescored run") != std::string::npos);
        BOOST_TEST(e.location().column == "unit");
    }
    try {
        (void)decompose_change(r, r, "C", "", std::nullopt, std::nullopt, true, {.after_rescored = &other});
        BOOST_FAIL("expected UnknownCodeError");
    } catch (const UnknownCodeError& e) {
        BOOST_TEST(std::string(e.what()).find("after_rescored run") != std::string::npos);
    }
}

namespace {

// T = sum of the given indicators (WeightedSum), units U1 and U2; `values` rows U1, U2.
Results sum_run(const std::vector<std::string>& indicators, const Eigen::MatrixXd& values) {
    std::vector<Node> nodes;
    for (const std::string& c : indicators) nodes.push_back(make_node(c, NodeType::indicator, 1, "T"));
    nodes.push_back(make_node("T", NodeType::aggregate, 2, ""));
    return Pipeline({Aggregate{.method = WeightedSum{}}})
        .run(Framework(nodes), data_of(values, {"U1", "U2"}, indicators));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_node_added_under_a_weighted_sum_is_methodology_not_nan) {
    // Issue 21's minimal case: {a, b} before, {a, b, c} after. The Shapley split gave all-NaN parts.
    Eigen::MatrixXd before(2, 2), after(2, 3);
    before << 1, 2, 2, 2;       // U1 3, U2 4
    after << 1, 3, 5, 2, 2, 1;  // U1 9 (4 without c), U2 5 (4 without c)
    const Results b = sum_run({"a", "b"}, before), a = sum_run({"a", "b", "c"}, after);
    for (const SplitRule rule : {SplitRule::shapley, SplitRule::contributions, SplitRule::automatic}) {
        const ChangeDecomposition d =
            decompose_change(b, a, "U1", "", std::nullopt, std::nullopt, true, {.rule = rule});
        BOOST_TEST(d.rescoring == "automatic");
        BOOST_TEST(d.sequence == "data first");  // the before data has no c: only the after data re-scored
        BOOST_TEST((d.methodology_differences ==
                    std::vector<std::string>{"node \"c\" (under \"T\") is in the after run only"}));
        for (const double x : numbers(d.parts, "change")) BOOST_TEST(std::isfinite(x));
        BOOST_TEST((texts(d.parts, "node") == std::vector<std::string>{"a", "b"}));
        BOOST_TEST((numbers(d.parts, "change") == std::vector<double>{0.0, 1.0}));  // b 2 -> 3
        BOOST_TEST(d.score_data_part == 1.0);
        BOOST_TEST(d.score_methodology_part == 5.0);  // c, new
        // Ranks: U1 2 -> 1. Under the old rules U1 4 ties U2 4: rank 1; the data moved it up, not c.
        BOOST_TEST(d.rank_before == 2.0);
        BOOST_TEST(d.rank_after == 1.0);
        BOOST_TEST(d.own_part + d.others_part + d.methodology_part == -1.0);
        BOOST_TEST(d.methodology_part == 0.0);
        BOOST_TEST(d.own_alone_part + d.others_alone_part + d.interaction_part + d.methodology_part == -1.0);
    }
}

BOOST_AUTO_TEST_CASE(a_unit_without_a_score_in_one_run_is_an_error) {
    // Issue 21: b missing for U1 in the second run; the parts said a changed by -1 though a is 1 in both.
    Eigen::MatrixXd before(2, 2), after(2, 2);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    before << 1, 2, 2, 2;
    after << 1, nan, 2, 3;
    const Results b = sum_run({"a", "b"}, before), a = sum_run({"a", "b"}, after);
    for (const SplitRule rule : {SplitRule::shapley, SplitRule::contributions, SplitRule::automatic}) {
        try {
            (void)decompose_change(b, a, "U1", "", std::nullopt, std::nullopt, true, {.rule = rule});
            BOOST_FAIL("expected UnknownCodeError");
        } catch (const UnknownCodeError& e) {
            BOOST_TEST(std::string(e.what()).find("no score on \"T\" in the after run") != std::string::npos);
            BOOST_TEST(e.location().source == "after run");
            BOOST_TEST(e.location().found == "U1");
        }
    }
    BOOST_CHECK_THROW((void)decompose_change(a, b, "U1"), UnknownCodeError);
    BOOST_TEST(decompose_change(b, a, "U2").rank_after == 1.0);  // the other unit is fine
}

BOOST_AUTO_TEST_CASE(a_year_for_a_run_without_years_is_an_error) {
    Eigen::MatrixXd values(2, 2);
    values << 1, 2, 2, 2;
    const Results r = sum_run({"a", "b"}, values);
    try {
        (void)decompose_change(r, r, "U1", "", 1900, std::nullopt);
        BOOST_FAIL("expected UnknownCodeError");
    } catch (const UnknownCodeError& e) {
        BOOST_TEST(e.location().column == "year_before");
        BOOST_TEST(std::string(e.what()).find("single cross-section without years") != std::string::npos);
    }
    BOOST_CHECK_THROW((void)decompose_change(r, r, "U1", "", std::nullopt, 2020), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(one_at_a_time_reading_beside_shapley) {
    // U: 5 -> 7, X: 6 -> 8, Y: 4 -> 4. Rank of U: 2 -> 2. Had only U changed: 7 among {6, 4} = 1;
    // had only the others changed: 5 among {8, 4} = 2. Interaction +1; Shapley own -1/2, others +1/2.
    Eigen::MatrixXd before(3, 2), after(3, 2);
    before << 5, 0, 6, 0, 4, 0;
    after << 7, 0, 8, 0, 4, 0;
    const ChangeDecomposition d = decompose_change(run(before, {"U", "X", "Y"}), run(after, {"U", "X", "Y"}), "U");
    BOOST_TEST(d.rank_before == 2.0);
    BOOST_TEST(d.rank_after == 2.0);
    BOOST_TEST(d.rank_if_only_own == 1.0);
    BOOST_TEST(d.rank_if_only_others == 2.0);
    BOOST_TEST(d.own_alone_part == -1.0);
    BOOST_TEST(d.others_alone_part == 0.0);
    BOOST_TEST(d.interaction_part == 1.0);
    BOOST_TEST(d.own_part == -0.5);
    BOOST_TEST(d.others_part == 0.5);
    BOOST_TEST(d.own_part == d.own_alone_part + d.interaction_part / 2);
    BOOST_TEST(d.rescoring == "none");
    BOOST_TEST(d.methodology_differences.empty());
}

BOOST_AUTO_TEST_CASE(two_methodologies_neither_re_scorable_are_located) {
    Eigen::MatrixXd values(2, 2);
    values << 1, 2, 2, 2;
    const Results b = sum_run({"a", "b"}, values), a = sum_run({"a", "c"}, values);
    try {
        (void)decompose_change(b, a, "U1");
        BOOST_FAIL("expected MethodError");
    } catch (const MethodError& e) {
        const std::string message = e.what();
        BOOST_TEST(e.location().source == "methodology");
        BOOST_TEST(e.location().column == "c");
        BOOST_TEST(message.find("node \"b\" (under \"T\") is in the before run only") != std::string::npos);
        BOOST_TEST(message.find("the before data has no \"c\"") != std::string::npos);
        BOOST_TEST(message.find("the after data has no \"b\"") != std::string::npos);
    }
    // Given re-scored runs that do not match the runs they stand for: named, whatever the rule.
    for (const SplitRule rule : {SplitRule::shapley, SplitRule::contributions})
        BOOST_CHECK_THROW((void)decompose_change(b, a, "U1", "", std::nullopt, std::nullopt, true,
                                                 {.rule = rule, .before_rescored = &b}),
                          MethodError);
}
