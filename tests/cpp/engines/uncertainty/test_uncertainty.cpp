#define BOOST_TEST_MODULE uncertainty
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <typeinfo>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

const Asem& asem() {
    static const Asem a;
    return a;
}

// COINr's sensitivity vignette on ASEM: weights +-25% at levels 2 and 3, three normalisers.
std::vector<UncertainInput> asem_inputs() {
    return {WeightNoise{.name = "weights", .factor = 0.25, .levels = {2, 3}},
            StepChoice{.name = "normalisation",
                       .alternatives = {Normalise{.method = MinMax{0, 100}}, Normalise{.method = ZScore{10, 2}},
                                        Normalise{.method = PercentRank{}}}}};
}

Pipeline minmax_amean() {
    return Pipeline({Normalise{.method = MinMax{0, 100}}, Aggregate{.method = ArithmeticMean{}}});
}

double relative(double a, double b) { return a == b ? 0.0 : std::abs(a - b) / std::max(std::abs(a), std::abs(b)); }

// The engine's scores of replicate i equal Pipeline::run with the sampled settings.
void check_engine_equals_pipeline(const UncertaintyEngine& engine, std::uint64_t seed, std::size_t replicates) {
    const std::string root = engine.framework().root();
    double worst = 0;
    for (std::size_t i = 0; i < replicates; ++i) {
        const Eigen::MatrixXd fast = engine.replicate_scores(seed, i);
        const SampledRun run = engine.sampled_run(seed, i);
        const Results slow = run.pipeline.run(engine.framework(), run.data);
        for (std::size_t t = 0; t < engine.tracked_nodes().size(); ++t) {
            const Eigen::VectorXd expected = slow.scores().column(engine.tracked_nodes()[t]);
            for (Eigen::Index u = 0; u < expected.size(); ++u) {
                if (std::isnan(expected[u])) {
                    BOOST_TEST(std::isnan(fast(u, static_cast<Eigen::Index>(t))));
                    continue;
                }
                worst = std::max(worst, relative(fast(u, static_cast<Eigen::Index>(t)), expected[u]));
            }
            const Eigen::VectorXd fast_ranks = rank_descending(fast.col(static_cast<Eigen::Index>(t)));
            const Eigen::VectorXd slow_ranks = rank_descending(expected);
            BOOST_TEST_CONTEXT("replicate " << i)
            BOOST_TEST(((fast_ranks.array() == slow_ranks.array()) ||
                        (fast_ranks.array().isNaN() && slow_ranks.array().isNaN()))
                           .all());
        }
    }
    BOOST_TEST_MESSAGE("largest relative difference engine vs pipeline: " << worst);
    BOOST_TEST(worst <= 1e-12);
}

}  // namespace

BOOST_AUTO_TEST_CASE(exact_sum_is_order_independent_and_correctly_rounded) {
    ExactSum a, b;
    for (double x : {1e100, 1.0, -1e100, 1e-100, 3.0}) a.add(x);
    for (double x : {3.0, 1e-100, -1e100, 1.0, 1e100}) b.add(x);
    BOOST_TEST(a.value() == 4.0);
    BOOST_TEST((a == b));
    ExactSum c;
    for (int i = 0; i < 10; ++i) c.add(0.1);
    BOOST_TEST(c.value() == 1.0);  // math.fsum([0.1] * 10) == 1.0
}

BOOST_AUTO_TEST_CASE(asem_nominal_ranks_equal_coinr) {
    const UncertaintyEngine engine(asem().framework, minmax_amean(), asem().data, asem_inputs());
    const Reference ref = read_reference(coinr_dir() / "a_minmax_amean_ranks.csv");
    const auto index = std::find(ref.columns.begin(), ref.columns.end(), "Index") - ref.columns.begin();
    const UncertaintyResult r = engine.uncertainty({.replicates = 300, .seed = 1});
    const NodeUncertainty& n = r.node();
    for (std::size_t u = 0; u < ref.units.size(); ++u) {
        const auto row = engine.data().unit_index(ref.units[u]);
        BOOST_TEST(n.nominal_rank[row] == ref.values[u][static_cast<std::size_t>(index)]);
    }
    // Counts: every unit has a rank in every replicate.
    BOOST_TEST((n.rank_counts.leftCols(n.rank_counts.cols() - 1).rowwise().sum().array() == 300).all());
    BOOST_TEST(r.mean_rank_shift() > 0);
    const Table summary = r.summary();
    BOOST_TEST(summary.rows() == 51u);
}

BOOST_AUTO_TEST_CASE(asem_engine_equals_pipeline_on_sampled_replicates) {
    const UncertaintyEngine engine(asem().framework, minmax_amean(), asem().data, asem_inputs(),
                                   {"Index", "Conn", "P2P"});
    check_engine_equals_pipeline(engine, 7, 200);
}

BOOST_AUTO_TEST_CASE(other_methods_exclusion_and_aggregator_choice_equal_pipeline) {
    const std::vector<UncertainInput> inputs{
        WeightNoise{.factor = 0.4, .nodes = {"LPI", "Flights", "Physical"}, .renormalise = false},
        StepChoice{.name = "aggregation",
                   .alternatives = {Aggregate{.method = ArithmeticMean{}}, Aggregate{.method = GeometricMean{}},
                                    Aggregate{.method = HarmonicMean{}}, Aggregate{.method = GeneralisedMean{.p = 2}},
                                    Aggregate{.method = WeightedMedian{}}}},
        IndicatorExclusion{.probability = 0.2}};
    const Pipeline pipeline({Normalise{.method = MinMax{1, 100}}, Aggregate{.method = ArithmeticMean{}}});
    const UncertaintyEngine engine(asem().framework, pipeline, asem().data, inputs, {"Index", "Sust"});
    check_engine_equals_pipeline(engine, 3, 100);
}

BOOST_AUTO_TEST_CASE(treat_choice_and_leave_one_out_equal_pipeline) {
    const std::vector<UncertainInput> inputs{
        StepChoice{.name = "winsorisation", .alternatives = {Treat{}, Treat{.spec = TreatSpec{.winmax = 1}}}},
        IndicatorExclusion{.leave_one_out = true},
        StepChoice{.name = "availability",
                   .alternatives = {Aggregate{.min_availability = 0}, Aggregate{.min_availability = 0.9}}}};
    const Pipeline pipeline({Impute{}, Treat{}, Normalise{.method = MinMax{0, 100}}, Aggregate{}});
    const UncertaintyEngine engine(asem().framework, pipeline, asem().data, inputs);
    check_engine_equals_pipeline(engine, 11, 60);
}

BOOST_AUTO_TEST_CASE(sum_aggregation_with_data_noise_equals_pipeline) {
    // Three units, two indicators with standard errors, a weighted sum.
    const Framework fw({make_node("a", NodeType::indicator, 1, "T", 2.0),
                        make_node("b", NodeType::indicator, 1, "T", 1.0), make_node("T", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"x", "y", "z"};
    units->names = {"", "", ""};
    Eigen::MatrixXd values(3, 2), se(3, 2);
    values << 1, 2, 3, NaN, 2, 2;
    se << 0.1, 0.2, 0.3, NaN, 0.5, 0.1;
    const Dataset data(units, {"a", "b"}, values, {}, se);
    const UncertaintyEngine engine(fw, Pipeline({Aggregate{.method = WeightedSum{}}}), data,
                                   {DataNoise{}, WeightNoise{.factor = 0.1, .levels = {1}}});
    BOOST_TEST(engine.dimensions() == 5u + 2u);
    check_engine_equals_pipeline(engine, 5, 50);
    // A noisy sum is missing where a value is.
    BOOST_TEST(std::isnan(engine.replicate_scores(5, 0)(1, 0)));
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_threads_and_partial_runs_merge_exactly) {
    const UncertaintyEngine engine(asem().framework, minmax_amean(), asem().data, asem_inputs(), {"Index", "Conn"});
    const UncertaintyOptions base{.replicates = 1000, .seed = 42};
    UncertaintyOptions one = base, two = base, three = base, eight = base;
    one.threads = 1, two.threads = 2, three.threads = 3, eight.threads = 8;
    const UncertaintyResult r1 = engine.uncertainty(one), r2 = engine.uncertainty(two), r8 = engine.uncertainty(eight);
    BOOST_TEST((r1 == r2));
    BOOST_TEST((r1 == engine.uncertainty(three)));
    BOOST_TEST((r1 == r8));
    BOOST_TEST(r1.mean_rank_shift() == r8.mean_rank_shift());
    UncertaintyOptions first = base, second = base;
    first.end = 512, second.begin = 512;
    const UncertaintyResult merged = engine.uncertainty(first).merged(engine.uncertainty(second));
    BOOST_TEST((merged == r1));
    BOOST_TEST((merged.summary() == r1.summary()));
    // Another seed differs.
    UncertaintyOptions other = base;
    other.seed = 43;
    BOOST_TEST(!(engine.uncertainty(other) == r1));
    // Kept replicates agree with the statistics.
    UncertaintyOptions keep = base;
    keep.keep_replicates = true;
    const UncertaintyResult kept = engine.uncertainty(keep);
    BOOST_TEST(kept.replicate_scores().size() == 2u);
    BOOST_TEST(kept.replicate_scores()[0].rows() == 1000);
    const Eigen::VectorXd maxima = kept.replicate_scores()[0].colwise().maxCoeff().transpose();
    BOOST_TEST((maxima.array() == r1.node().score_max.array()).all());
    BOOST_TEST(kept.parameter_names().front() == "normalisation");
    // A replicate alone equals the same replicate computed in its block (up to the matrix product's
    // rounding, which may depend on the block's size).
    BOOST_TEST(kept.replicate_scores()[0].row(17).transpose().isApprox(engine.replicate_scores(42, 17).col(0), 1e-14));
}

BOOST_AUTO_TEST_CASE(rank_quantiles_are_type_7_over_the_replicates) {
    const UncertaintyEngine engine(asem().framework, minmax_amean(), asem().data, asem_inputs());
    UncertaintyOptions o{.replicates = 301, .seed = 9, .keep_replicates = true};
    const UncertaintyResult r = engine.uncertainty(o);
    for (Eigen::Index u : {0, 10, 50}) {
        Eigen::VectorXd ranks = r.replicate_ranks()[0].col(u);
        for (double p : {0.05, 0.5, 0.95}) BOOST_TEST(r.rank_quantile("", u, p) == quantile(ranks, p));
        const Eigen::VectorXd scores = r.replicate_scores()[0].col(u);
        const double width = (r.node().score_high[u] - r.node().score_low[u]) / 1024;
        for (double p : {0.05, 0.5, 0.95})
            BOOST_TEST(std::abs(r.score_quantile("", u, p) - quantile(scores, p)) <= width);
    }
}

BOOST_AUTO_TEST_CASE(bad_declarations_are_typed_errors_naming_the_input) {
    const auto& fw = asem().framework;
    const auto& data = asem().data;
    const auto fails = [&](std::vector<UncertainInput> inputs, const std::string& column, const std::string& part,
                           const std::string& source = "uncertain input") {
        try {
            const UncertaintyEngine engine(fw, minmax_amean(), data, std::move(inputs));
            BOOST_ERROR("no error for " << part);
        } catch (const MethodError& e) {
            BOOST_TEST_CONTEXT(e.what()) {
                BOOST_TEST(std::string(e.what()).find(part) != std::string::npos);
                BOOST_TEST(e.location().column == column);
                BOOST_TEST(e.location().source.find(source) == 0u);
            }
        }
    };
    fails({WeightNoise{.factor = -0.1, .levels = {2}}}, "factor", "[0, 1)");
    fails({WeightNoise{.factor = 1.0, .levels = {2}}}, "factor", "[0, 1)");
    fails({WeightNoise{.factor = 0.1, .levels = {4}}}, "levels", "the index");
    fails({WeightNoise{.factor = 0.1, .nodes = {"Nope"}}}, "nodes", "unknown node");
    fails({WeightNoise{.factor = 0.1}}, "levels", "touches no weight");
    fails({StepChoice{.alternatives = {Normalise{}}}}, "alternatives", "at least two");
    fails({StepChoice{.alternatives = {Treat{}, Treat{}}}}, "alternatives", "touches nothing");
    fails({StepChoice{.alternatives = {Normalise{}, Aggregate{}}}}, "alternatives", "one step type");
    // An invalid alternative: the message names the input, the location keeps the step's own facts.
    fails({StepChoice{.alternatives = {Normalise{}, Normalise{.per_node = {{"Nope", MinMax{}}}}}}}, "per_node",
          "uncertain input \"normalise\": alternative 2: step 1 (normalise)", "step 1 (normalise)");
    fails({IndicatorExclusion{.probability = 1.5}}, "probability", "(0, 1)");
    fails({IndicatorExclusion{}}, "probability", "probability");
    fails({IndicatorExclusion{.indicators = {"Index"}, .probability = 0.1}}, "indicators", "not an indicator");
    fails({DataNoise{}}, "columns", "no standard errors");
    fails({WeightNoise{.levels = {2}}, WeightNoise{.levels = {2}}}, "name", "unique name");
    BOOST_CHECK_THROW(UncertaintyEngine(fw, minmax_amean(), data, {}), MethodError);
    const UncertaintyEngine engine(fw, minmax_amean(), data, asem_inputs());
    BOOST_CHECK_THROW((void)engine.uncertainty({.replicates = 1}), MethodError);
    BOOST_CHECK_THROW((void)engine.uncertainty({.replicates = 1000, .begin = 100}), MethodError);
    BOOST_CHECK_THROW(
        (void)engine.uncertainty({.replicates = 1000, .progress = [](std::size_t, std::size_t) { return false; }}),
        Cancelled);
}

BOOST_AUTO_TEST_CASE(sensitivity_per_unit_indices_deterministic_for_any_thread_count) {
    const UncertaintyEngine engine(asem().framework, minmax_amean(), asem().data, asem_inputs());
    SensitivityOptions o{.base_samples = 512, .seed = 3, .threads = 1, .resamples = 200};
    const SensitivityResult one = engine.sensitivity(o);
    o.threads = 2;
    const SensitivityResult two = engine.sensitivity(o);
    BOOST_TEST((one == two));
    BOOST_TEST(one.design == "sobol");
    BOOST_TEST(one.runs == 512u * 4u);
    BOOST_TEST(one.indices.first.rows() == 1 + 2 * 51);
    BOOST_TEST(one.indices.first.cols() == 2);
    BOOST_TEST(one.output_names[0] == "rank_shift");
    BOOST_TEST(one.output_names[1] == "Index:rank:" + engine.data().unit_codes()[0]);
    // Per-unit and scalar indices are finite; a total index is at least about its first-order one.
    BOOST_TEST(one.indices.first.allFinite());
    for (Eigen::Index k = 0; k < one.indices.first.rows(); ++k)
        for (Eigen::Index f = 0; f < 2; ++f) {
            BOOST_TEST(one.indices.total(k, f) >= -0.05);
            BOOST_TEST(one.indices.first_low(k, f) <= one.indices.first_high(k, f));
        }
    // The normaliser drives the mean rank shift more than the weights do (as in COINr's vignette).
    BOOST_TEST(one.indices.total(0, 1) > one.indices.total(0, 0));
}

BOOST_AUTO_TEST_CASE(sensitivity_of_an_additive_index_matches_analytic_shares) {
    // T = a + b with independent noise of SDs 1 and 2 on the two indicators of one unit: the
    // score's variance is 1 + 4, so S_a = 0.2, S_b = 0.8 (first order = total, additive).
    const Framework fw({make_node("a", NodeType::indicator, 1, "T"), make_node("b", NodeType::indicator, 1, "T"),
                        make_node("T", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"x", "y"};
    units->names = {"", ""};
    Eigen::MatrixXd values(2, 2), se(2, 2);
    values << 10, 10, 0, 0;
    se << 1, 2, 0, 0;
    const Dataset data(units, {"a", "b"}, values, {}, se);
    const UncertaintyEngine engine(
        fw, Pipeline({Aggregate{.method = WeightedSum{}}}), data,
        {DataNoise{.name = "a", .columns = {"a"}}, DataNoise{.name = "b", .columns = {"b"}}});
    const SensitivityResult r = engine.sensitivity({.base_samples = 4096, .resamples = 0});
    const Eigen::Index score_x = 1 + 2;  // rank_shift, T:rank:x, T:rank:y, T:score:x
    BOOST_TEST(r.output_names[static_cast<std::size_t>(score_x)] == "T:score:x");
    BOOST_TEST(std::abs(r.indices.first(score_x, 0) - 0.2) < 0.02);
    BOOST_TEST(std::abs(r.indices.first(score_x, 1) - 0.8) < 0.02);
    BOOST_TEST(std::abs(r.indices.total(score_x, 0) - 0.2) < 0.02);
    BOOST_TEST(std::abs(r.indices.total(score_x, 1) - 0.8) < 0.02);
    // y has no noise: its score is constant, so its indices are 0 (SALib's convention).
    BOOST_TEST(r.indices.first(score_x + 1, 0) == 0.0);
}

BOOST_AUTO_TEST_CASE(noise_on_an_aggregate_per_unit) {
    // a + b -> P (sum), c -> Q, P + Q -> T (sum); P of each unit varies by se z.
    const Framework fw({make_node("a", NodeType::indicator, 1, "P"), make_node("b", NodeType::indicator, 1, "P"),
                        make_node("c", NodeType::indicator, 1, "Q"), make_node("P", NodeType::aggregate, 2, "T"),
                        make_node("Q", NodeType::aggregate, 2, "T"), make_node("T", NodeType::aggregate, 3, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"x", "y", "z"};
    units->names = {"", "", ""};
    Eigen::MatrixXd values(3, 3), se(3, 3);
    values << 1, 2, 3, 4, 5, 6, NaN, 1, 1;
    se << 0.3, 0.4, 0, 0.6, 0.8, 0, 0.1, 0.1, 0;
    const Dataset data(units, {"a", "b", "c"}, values, {}, se);
    const Pipeline sum({Aggregate{.method = WeightedSum{}}});
    const double z1 = 0.8413447460685429;  // Phi(1)
    const double zm1 = 1 - z1;             // Phi(-1)
    {
        const UncertaintyEngine given(
            fw, sum, data, {DataNoise{.node = "P", .standard_errors = {{"x", 1.0}, {"y", 2.0}}}}, {"T", "P"});
        BOOST_TEST(given.dimensions() == 3u);
        const Eigen::MatrixXd s = given.evaluate(Eigen::Vector3d(z1, zm1, 0.5));
        BOOST_TEST(std::abs(s(0, 1) - (3 + 1.0)) < 1e-12);  // P(x) = 1 + 2 + 1 * 1
        BOOST_TEST(std::abs(s(1, 1) - (9 - 2.0)) < 1e-12);  // P(y) = 4 + 5 - 2 * 1
        BOOST_TEST(std::isnan(s(2, 1)));                    // a missing value stays missing
        BOOST_TEST(std::abs(s(0, 0) - (4 + 3)) < 1e-12);    // T = P + c
        BOOST_CHECK_THROW((void)given.sampled_run(0, 0), MethodError);
    }
    // Without given standard errors: those the nominal run propagates, sqrt(0.3^2 + 0.4^2) = 0.5.
    const UncertaintyEngine propagated(fw, sum, data, {DataNoise{.node = "P"}}, {"P"});
    const Eigen::MatrixXd s = propagated.evaluate(Eigen::Vector3d(z1, z1, z1));
    BOOST_TEST(std::abs(s(0, 0) - (3 + 0.5)) < 1e-12);
    BOOST_TEST(std::abs(s(1, 0) - (9 + 1.0)) < 1e-12);
    // Over many replicates the mean and sd of P(x) approach 3 and 0.5.
    const UncertaintyResult r = propagated.uncertainty({.replicates = 20000, .seed = 1});
    const Table summary = r.summary();
    const auto& mean = std::get<std::vector<double>>(summary.column("mean_score"));
    const auto& sd = std::get<std::vector<double>>(summary.column("sd_score"));
    BOOST_TEST(std::abs(mean[0] - 3) < 0.02);
    BOOST_TEST(std::abs(sd[0] - 0.5) < 0.02);
    // Bad declarations.
    BOOST_CHECK_THROW(UncertaintyEngine(fw, sum, data, {DataNoise{.columns = {"a"}, .node = "P"}}), MethodError);
    BOOST_CHECK_THROW(UncertaintyEngine(fw, sum, data, {DataNoise{.node = "a"}}), MethodError);
    BOOST_CHECK_THROW(UncertaintyEngine(fw, sum, data, {DataNoise{.node = "P", .standard_errors = {{"x", 1.0}}}}),
                      MethodError);  // y has a value and no standard error
    BOOST_CHECK_THROW(
        UncertaintyEngine(fw, sum, data,
                          {DataNoise{.node = "P", .standard_errors = {{"q", 1.0}, {"x", 1.0}, {"y", 1.0}}}}),
        MethodError);  // q is not a unit
}
