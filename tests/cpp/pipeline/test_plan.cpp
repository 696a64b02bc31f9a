#define BOOST_TEST_MODULE plan
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <limits>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// T = a + 2 b + 0.5 c for four units: T = 35, 10, 28, 18. u2 to rank 2 needs 28 (u3's score).
Results three(AggregateMethod method = WeightedSum{}) {
    const Framework fw({make_node("a", NodeType::indicator, 1, "T", 1.0),
                        make_node("b", NodeType::indicator, 1, "T", 2.0),
                        make_node("c", NodeType::indicator, 1, "T", 0.5), make_node("T", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"u1", "u2", "u3", "u4"};
    units->names = {"One", "Two", "Three", "Four"};
    Eigen::MatrixXd values(4, 3);
    values << 10, 10, 10, 2, 3, 4, 8, 8, 8, 5, 6, 2;
    return Pipeline({Aggregate{.method = std::move(method)}}).run(fw, Dataset(units, {"a", "b", "c"}, values));
}

const std::vector<double>& numbers(const Table& t, const std::string& column) {
    return std::get<std::vector<double>>(t.column(column));
}
const std::vector<std::string>& texts(const Table& t, const std::string& column) {
    return std::get<std::vector<std::string>>(t.column(column));
}

double new_value(const ImprovementPlan& p, const std::string& node) {
    const auto& nodes = texts(p.steps, "node");
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i] == node) return numbers(p.steps, "new_value")[i];
    return std::numeric_limits<double>::quiet_NaN();
}

const std::map<std::string, double> costs{{"a", 1.0}, {"b", 3.0}, {"c", 0.2}};

}  // namespace

BOOST_AUTO_TEST_CASE(continuous_plan_is_the_greedy_optimum) {
    // Cost per point of T: c 0.4, a 1, b 1.5; gap 18: c to its best (+3), a to its best (+8), then
    // b by 3.5 (+7). Cost 1.2 + 8 + 10.5 = 19.7.
    const ImprovementPlan p = plan_improvement(three(), "Two", 2, "", std::nullopt, {.costs = costs});
    BOOST_TEST(p.status == "optimal");
    BOOST_TEST(p.feasible);
    BOOST_TEST(p.gap.gap == 18.0);
    BOOST_TEST(p.nodes_changed == 3);
    BOOST_TEST(new_value(p, "a") == 10.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(new_value(p, "b") == 6.5, boost::test_tools::tolerance(1e-7));
    BOOST_TEST(new_value(p, "c") == 10.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(p.cost == 19.7, boost::test_tools::tolerance(1e-7));
    BOOST_TEST(p.achieved_rank == 2.0);
    BOOST_TEST(p.achieved_score >= 28.0);
    BOOST_TEST(p.planned_score == p.achieved_score,
               boost::test_tools::tolerance(1e-12));  // a sum: first order is exact
    // Applied with what-if, the plan really reaches rank 2.
    const WhatIf applied = apply_plan(three(), p);
    BOOST_TEST(applied.results.ranks().value("u2", "T") == 2.0);
}

BOOST_AUTO_TEST_CASE(fewest_nodes_then_least_cost) {
    // No single node closes 18 points; of the pairs only a + b does (8 + 14): a to its best, then b by 5.
    const ImprovementPlan p = plan_improvement(three(), "u2", 2, "", std::nullopt,
                                               {.costs = costs, .objective = PlanObjective::fewest_nodes});
    BOOST_TEST(p.status == "optimal");
    BOOST_TEST(p.nodes_changed == 2);
    BOOST_TEST(new_value(p, "a") == 10.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(new_value(p, "b") == 8.0, boost::test_tools::tolerance(1e-7));
    BOOST_TEST(p.cost == 23.0, boost::test_tools::tolerance(1e-7));
    BOOST_TEST((parse_plan_objective("fewest_nodes") == PlanObjective::fewest_nodes));
    BOOST_TEST(!parse_plan_objective("cheapest"));
}

BOOST_AUTO_TEST_CASE(discrete_levels_match_enumeration) {
    const std::map<std::string, std::vector<double>> levels{{"a", {4, 6, 10}}, {"b", {5, 10}}, {"c", {10}}};
    const ImprovementPlan p = plan_improvement(three(), "u2", 2, "", std::nullopt, {.costs = costs, .levels = levels});
    // Every combination of staying or moving to a level, by brute force.
    const std::vector<double> start{2, 3, 4}, weight{1, 2, 0.5}, cost{1, 3, 0.2};
    const std::vector<std::vector<double>> options{{2, 4, 6, 10}, {3, 5, 10}, {4, 10}};
    double best = std::numeric_limits<double>::infinity();
    std::vector<double> chosen;
    for (double a : options[0])
        for (double b : options[1])
            for (double c : options[2]) {
                const std::vector<double> x{a, b, c};
                double score = 0, spent = 0;
                for (int i = 0; i < 3; ++i) {
                    score += weight[i] * x[i];
                    spent += cost[i] * (x[i] - start[i]);
                }
                if (score >= 28.0 && spent < best) {
                    best = spent;
                    chosen = x;
                }
            }
    BOOST_TEST(best == 24.2, boost::test_tools::tolerance(1e-12));  // b to 10, a to 4, c to 10
    BOOST_TEST(p.status == "optimal");
    BOOST_TEST(p.cost == best, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(new_value(p, "a") == chosen[0]);
    BOOST_TEST(new_value(p, "b") == chosen[1]);
    BOOST_TEST(new_value(p, "c") == chosen[2]);
    BOOST_TEST((numbers(p.steps, "discrete") == std::vector<double>{1, 1, 1}));
    BOOST_TEST(p.achieved_rank == 2.0);
}

BOOST_AUTO_TEST_CASE(exact_tie_reaches_the_shared_rank) {
    // Levels that land exactly on u3's 28 (a to 6, b to 10: 6 + 20 + 2) are enough: a tie shares rank 2.
    const ImprovementPlan p =
        plan_improvement(three(), "u2", 2, "", std::nullopt,
                         {.nodes = std::vector<std::string>{"a", "b"}, .levels = {{"a", {6}}, {"b", {10}}}});
    BOOST_TEST(p.feasible);
    BOOST_TEST(p.achieved_score == 28.0);
    BOOST_TEST(p.achieved_rank == 2.0);
}

BOOST_AUTO_TEST_CASE(infeasible_target_reports_the_best_reachable_rank) {
    // Rank 1 needs 35; with b capped at +5 the most is 10 + 16 + 5 = 31: rank 2.
    const ImprovementPlan p = plan_improvement(three(), "u2", 1, "", std::nullopt, {.caps = {{"b", 5.0}}});
    BOOST_TEST(p.status == "infeasible");
    BOOST_TEST(!p.feasible);
    BOOST_TEST(p.nodes_changed == 0);
    BOOST_TEST(p.best_score == 31.0);
    BOOST_TEST(p.best_rank == 2.0);
    BOOST_TEST(p.achieved_rank == 4.0);
}

BOOST_AUTO_TEST_CASE(reached_already) {
    const ImprovementPlan p = plan_improvement(three(), "u3", 2);
    BOOST_TEST(p.status == "reached");
    BOOST_TEST(p.feasible);
    BOOST_TEST(p.nodes_changed == 0);
    BOOST_TEST(p.cost == 0.0);
    BOOST_CHECK_THROW((void)apply_plan(three(), p), MethodError);
}

BOOST_AUTO_TEST_CASE(geometric_mean_plan_is_checked_by_rescoring) {
    const Results r = three(GeometricMean{});
    // First order overstates a geometric mean's gain: the plan is solved again at the new values.
    const ImprovementPlan p = plan_improvement(r, "u2", 2);
    BOOST_TEST(p.status == "first-order");
    BOOST_TEST(p.feasible);
    BOOST_TEST(p.achieved_rank <= 2.0);
    BOOST_TEST(p.achieved_score >= 8.0);
    BOOST_TEST(p.rounds > 1);
    BOOST_TEST(apply_plan(r, p).results.ranks().value("u2", "T") <= 2.0);
}

BOOST_AUTO_TEST_CASE(robust_plan_under_standard_errors) {
    const Results r = three();
    const std::map<std::string, double> se{{"u1", 1.0}, {"u2", 1.0}, {"u3", 1.0}, {"Four", 1.0}};
    // The minimal plan reaches 28 exactly in expectation: about one chance in two against u3.
    PlanOptions minimal{.costs = costs, .standard_errors = se, .replicates = 4096, .seed = 7};
    const ImprovementPlan p = plan_improvement(r, "u2", 2, "", std::nullopt, minimal);
    BOOST_TEST(p.success_probability > 0.3);
    BOOST_TEST(p.success_probability < 0.7);
    BOOST_TEST(std::isnan(p.robust_score));
    // Asked for 90 %: a higher score, and at least that probability.
    PlanOptions sure = minimal;
    sure.probability = 0.9;
    const ImprovementPlan q = plan_improvement(r, "u2", 2, "", std::nullopt, sure);
    BOOST_TEST(q.robust_score > 28.0);
    BOOST_TEST(q.target_score == q.robust_score);
    BOOST_TEST(q.success_probability >= 0.9);
    BOOST_TEST(q.cost > p.cost);
    // Bit-identical for any number of threads.
    sure.threads = 1;
    const ImprovementPlan one = plan_improvement(r, "u2", 2, "", std::nullopt, sure);
    sure.threads = 2;
    BOOST_TEST((one == plan_improvement(r, "u2", 2, "", std::nullopt, sure)));
    // Zero standard errors: the plan is certain.
    PlanOptions exact{.standard_errors = {{"u1", 0.0}, {"u2", 0.0}, {"u3", 0.0}, {"u4", 0.0}}, .replicates = 256};
    BOOST_TEST(plan_improvement(r, "u2", 2, "", std::nullopt, exact).success_probability == 1.0);
}

BOOST_AUTO_TEST_CASE(bad_plan_options_are_located) {
    const Results r = three();
    const auto located = [&](const PlanOptions& o, const std::string& column, const std::string& node) {
        try {
            (void)plan_improvement(r, "u2", 2, "", std::nullopt, o);
        } catch (const MethodError& e) {
            BOOST_TEST(e.location().column == column);
            BOOST_TEST(e.location().node == node);
            return;
        }
        BOOST_FAIL("expected a MethodError for " + column);
    };
    located({.costs = {{"a", -1.0}}}, "costs", "a");
    located({.caps = {{"b", -0.5}}}, "caps", "b");
    located({.nodes = std::vector<std::string>{"T"}}, "nodes", "T");
    located({.nodes = std::vector<std::string>{"zz"}}, "nodes", "zz");
    located({.levels = {{"c", {std::nan("")}}}}, "levels", "c");
    located({.probability = 1.5}, "probability", "");
    // Values that once meant something else: NaN was "no probability", an empty list "every node".
    for (const double p : {std::nan(""), std::numeric_limits<double>::infinity(), 0.0, 1.0, -0.5})
        located({.probability = p}, "probability", "");
    located({.nodes = std::vector<std::string>{}}, "nodes", "");
    BOOST_CHECK_THROW((void)plan_improvement(r, "u2", 5), MethodError);  // rank outside 1..4
    BOOST_CHECK_THROW((void)plan_improvement(r, "u9", 2), UnknownCodeError);
    // Standard errors that leave out a unit.
    BOOST_CHECK_THROW((void)plan_improvement(r, "u2", 2, "", std::nullopt, {.standard_errors = {{"u1", 1.0}}}),
                      MethodError);
}

BOOST_AUTO_TEST_CASE(impossible_replicates_are_a_method_error_before_allocating) {
    const Results r = three();
    PlanOptions o{.standard_errors = {{"u1", 1.0}, {"u2", 1.0}, {"u3", 1.0}, {"u4", 1.0}},
                  .replicates = std::size_t{1} << 40};
    try {
        (void)plan_improvement(r, "u2", 2, "", std::nullopt, o);
        BOOST_FAIL("expected a MethodError");
    } catch (const MethodError& e) {
        BOOST_TEST(e.location().column == "replicates");
        BOOST_TEST(std::string(e.what()).find("replicates = 1099511627776") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_plan_applies_only_to_the_run_it_was_made_on) {
    const Results r = three();
    const ImprovementPlan p = plan_improvement(r, "u2", 2);
    BOOST_TEST(p.run == run_fingerprint(r));
    BOOST_TEST(p.run == run_fingerprint(three()));  // the same run made again
    BOOST_TEST(apply_plan(three(), p).results.ranks().value("u2", "T") <= 2.0);
    // Another run: other data (every value x 10), another method, another framework weight.
    Results other = three(ArithmeticMean{});
    BOOST_TEST(run_fingerprint(other) != p.run);
    BOOST_CHECK_EXCEPTION((void)apply_plan(other, p), MethodError,
                          [](const MethodError& e) { return e.location().column == "results"; });
    ImprovementPlan unknown = p;
    unknown.run = 0;
    BOOST_CHECK_EXCEPTION((void)apply_plan(r, unknown), MethodError,
                          [](const MethodError& e) { return e.location().column == "plan"; });
}

BOOST_AUTO_TEST_CASE(what_if_reports_what_moved) {
    const Results r = three();
    const WhatIf w = what_if(r, "Two", {{"a", 10.0}});  // T 10 -> 18, ties u4 at rank 3
    BOOST_TEST(w.unit == "u2");
    BOOST_TEST(w.data_set == "Raw");
    BOOST_TEST(w.results.scores().value("u2", "T") == 18.0);
    const auto& units = texts(w.changes, "unit");
    const auto& nodes = texts(w.changes, "node");
    BOOST_TEST(units.front() == "u2");
    std::size_t t = 0;
    while (t < nodes.size() && !(units[t] == "u2" && nodes[t] == "T")) ++t;
    BOOST_REQUIRE(t < nodes.size());
    BOOST_TEST(numbers(w.changes, "score_before")[t] == 10.0);
    BOOST_TEST(numbers(w.changes, "score_after")[t] == 18.0);
    BOOST_TEST(numbers(w.changes, "rank_before")[t] == 4.0);
    BOOST_TEST(numbers(w.changes, "rank_after")[t] == 3.0);
    // u1's T did not move: no row.
    for (std::size_t i = 0; i < nodes.size(); ++i) BOOST_TEST(!(units[i] == "u1" && nodes[i] == "T"));
    BOOST_CHECK_THROW((void)what_if(r, "u2", {{"zz", 1.0}}), UnknownCodeError);
    BOOST_CHECK_THROW((void)what_if(r, "u2", {{"a", 1.0}}, "Normalised"), UnknownCodeError);
    BOOST_CHECK_THROW((void)what_if(r, "u2", {}), MethodError);
    BOOST_CHECK_THROW((void)what_if(r, "nobody", {{"a", 1.0}}), UnknownCodeError);
}
