#define BOOST_TEST_MODULE analysis_weights
// Correlation-optimised weights (analysis_weights.hpp): a symmetric case whose answer is equal
// weights (two indicators with the same variance: the correlations with their weighted mean are
// equal only at w = 1/2, and their sum is largest there), the ASEM example re-checked by
// re-aggregating with the weights found, and errors. tests/python/test_analysis.py checks a case
// against scipy.optimize on the same objective.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

Results symmetric_run() {
    // a and b: permutations of 1..5 (equal variances), r = 0.8; the start is a : b = 3 : 1.
    const Framework fw({make_node("a", NodeType::indicator, 1, "G", 3.0),
                        make_node("b", NodeType::indicator, 1, "G", 1.0), make_node("c", NodeType::indicator, 1, "H"),
                        make_node("d", NodeType::indicator, 1, "H"), make_node("G", NodeType::aggregate, 2, "I"),
                        make_node("H", NodeType::aggregate, 2, "I"), make_node("I", NodeType::aggregate, 3, "")});
    Units units;
    for (int i = 0; i < 5; ++i) {
        units.codes.push_back("u" + std::to_string(i));
        units.names.push_back("u" + std::to_string(i));
    }
    const Dataset data(std::make_shared<const Units>(units), {"a", "b", "c", "d"},
                       rows({{1, 2, 5, 1}, {2, 1, 3, 2}, {3, 4, 4, 2}, {4, 3, 1, 5}, {5, 5, 2, 4}}));
    return Pipeline({Aggregate{}}).run(fw, data);
}

}  // namespace

BOOST_AUTO_TEST_CASE(symmetric_case_gives_equal_weights) {
    const Results run = symmetric_run();
    for (const auto optimiser : {WeightOptimiser::nelder_mead, WeightOptimiser::sbplx, WeightOptimiser::bobyqa})
        for (const auto objective : {WeightObjective::balance, WeightObjective::infomax}) {
            BOOST_TEST_CONTEXT(to_string(optimiser) << " " << to_string(objective)) {
                WeightOptimisation o;
                o.objective = objective;
                o.optimiser = optimiser;
                o.relative_tolerance = 1e-10;
                const OptimisedWeights w = optimise_group_weights(run, "G", o);
                BOOST_TEST(w.against == "G");
                BOOST_TEST(close(w.initial_weights[0], 0.75, 1e-12));
                BOOST_TEST(std::abs(w.weights[0] - 0.5) < 1e-4);
                BOOST_TEST(close(w.weights.sum(), 1.0, 1e-12));
                BOOST_TEST(std::abs(w.correlations_after[0] - w.correlations_after[1]) < 1e-4);
                BOOST_TEST(w.objective_value <= w.objective_before);
                BOOST_TEST(w.converged);
                BOOST_TEST(w.evaluations > 0);
            }
        }
}

BOOST_AUTO_TEST_CASE(errors_are_typed_and_located) {
    const Results run = symmetric_run();
    WeightOptimisation infomax_target;
    infomax_target.objective = WeightObjective::infomax;
    infomax_target.target = {1, 2};
    BOOST_CHECK_EXCEPTION((void)optimise_group_weights(run, "G", infomax_target), MethodError,
                          message_has<MethodError>({"infomax"}));
    WeightOptimisation bad_target;
    bad_target.target = {1, 2, 3};
    BOOST_CHECK_EXCEPTION((void)optimise_group_weights(run, "G", bad_target), MethodError,
                          message_has<MethodError>({"3 target shares", "expected one per node (2)"}));
    BOOST_CHECK_EXCEPTION((void)optimise_weights(run, {"a"}), MethodError,
                          message_has<MethodError>({"expected at least two"}));
    BOOST_CHECK_EXCEPTION((void)optimise_weights(run, {"a", "G"}), MethodError,
                          message_has<MethodError>({"\"G\"", "level 2"}));
    WeightOptimisation against_h;
    against_h.against = "H";
    BOOST_CHECK_EXCEPTION((void)optimise_weights(run, {"a", "b"}, against_h), MethodError,
                          message_has<MethodError>({"\"a\"", "not below \"H\""}));
    BOOST_CHECK_EXCEPTION((void)optimise_group_weights(run, "a"), MethodError,
                          message_has<MethodError>({"\"a\"", "aggregate"}));
    BOOST_CHECK_EXCEPTION((void)optimise_group_weights(run, "zz"), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"zz\""}));
    BOOST_CHECK_THROW((void)optimise_level_weights(run, 3), MethodError);
    WeightOptimisation bad_lower;
    bad_lower.lower = 1.0;
    BOOST_CHECK_EXCEPTION((void)optimise_group_weights(run, "G", bad_lower), MethodError,
                          message_has<MethodError>({"lower"}));
}

BOOST_AUTO_TEST_CASE(asem_pillars_balanced_through_the_real_aggregate_step) {
    const Asem asem;
    Normalise normalise;
    normalise.method = MinMax{1, 100};  // no zeros for the geometric mean
    Aggregate geometric;
    geometric.method = GeometricMean{};
    for (const Aggregate& step : {Aggregate{}, geometric}) {
        const Results run = Pipeline({normalise, step}).run(asem.framework, asem.data);
        const OptimisedWeights w = optimise_level_weights(run, 2);
        BOOST_TEST(w.against == "Index");
        BOOST_TEST(w.objective_value < w.objective_before);
        BOOST_TEST_MESSAGE("ASEM level 2 balance: objective " << w.objective_before << " -> " << w.objective_value
                                                              << " in " << w.evaluations << " evaluations, "
                                                              << w.status);
        // Re-run the step with the weights found: the same correlations.
        Aggregate changed = step;
        for (std::size_t i = 0; i < w.nodes.size(); ++i)
            changed.weights[w.nodes[i]] = w.weights[static_cast<Eigen::Index>(i)];
        const Results again = Pipeline({normalise, changed}).run(asem.framework, asem.data);
        const Correlations c = correlations(again.data_set("Aggregated"), w.nodes, {"Index"});
        for (Eigen::Index i = 0; i < c.r.rows(); ++i) BOOST_TEST(close(c.r(i, 0), w.correlations_after[i], 1e-12));
        // Weights sum to 1 within each group (Conn, Sust).
        double conn = 0;
        for (std::size_t i = 0; i < w.nodes.size(); ++i)
            if (asem.framework.node(w.nodes[i]).parent == "Conn") conn += w.weights[static_cast<Eigen::Index>(i)];
        BOOST_TEST(close(conn, 1.0, 1e-12));
    }
}
