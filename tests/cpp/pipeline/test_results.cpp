#define BOOST_TEST_MODULE results
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <typeinfo>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

// Exact element-wise equality; NaN only matches NaN.
void check_exact(const Eigen::VectorXd& got, std::initializer_list<double> expected) {
    BOOST_REQUIRE_EQUAL(got.size(), static_cast<Eigen::Index>(expected.size()));
    Eigen::Index i = 0;
    for (const double e : expected) {
        BOOST_TEST_CONTEXT("element " << i << ": " << got[i] << " vs " << e)
        BOOST_TEST(((std::isnan(e) && std::isnan(got[i])) || got[i] == e));
        ++i;
    }
}

// i1 (weight 1), i2 (weight 3, direction -1) -> Index.
Framework framework() {
    return Framework({make_node("i1", NodeType::indicator, 1, "Index", 1.0),
                      make_node("i2", NodeType::indicator, 1, "Index", 3.0, -1),
                      make_node("Index", NodeType::aggregate, 2, "", NaN)});
}

std::shared_ptr<Units> units(std::vector<std::string> codes, std::vector<std::string> names) {
    auto u = std::make_shared<Units>();
    u->codes = std::move(codes);
    u->names = std::move(names);
    return u;
}

// Units A..D, index scores {NaN, 2, 5, 2}.
Results scored() {
    const Framework fw = framework();
    auto u = units({"A", "B", "C", "D"}, {"Alpha", "Beta", "Gamma", "Delta"});
    Eigen::MatrixXd raw(4, 2);
    raw << 1, 2, 3, 4, 5, 6, 7, 8;
    Eigen::MatrixXd agg(4, 3);
    agg << 1, 2, NaN, 3, 4, 2, 5, 6, 5, 7, 8, 2;
    return Results(fw, {{"Raw", Dataset(u, fw.indicators(), raw)}, {"Aggregated", Dataset(u, fw.tree_codes(), agg)}});
}

Dataset raw_data() {
    Eigen::MatrixXd v(3, 2);
    v << 1, 10, 2, 20, 3, 40;
    return Dataset(units({"A", "B", "C"}, {"Alpha", "Beta", "Gamma"}), {"i1", "i2"}, v);
}

}  // namespace

BOOST_AUTO_TEST_CASE(rank_ties_share_min_rank) {
    check_exact(rank_descending(vec({5, 3, 5, NaN, 1})), {1, 3, 1, NaN, 4});
}

BOOST_AUTO_TEST_CASE(rank_more_cases) {
    check_exact(rank_descending(vec({1, 2, 3})), {3, 2, 1});
    check_exact(rank_descending(vec({2, 2, 2})), {1, 1, 1});
    check_exact(rank_descending(vec({NaN, NaN})), {NaN, NaN});
    check_exact(rank_descending(vec({0.5, -1, 7, 7, 0.5, 3})), {4, 6, 1, 1, 4, 3});
    check_exact(rank_descending(vec({0.0, -0.0})), {1, 1});
    BOOST_TEST(rank_descending(Eigen::VectorXd()).size() == 0);
}

BOOST_AUTO_TEST_CASE(results_table_sorted_with_missing_last) {
    const auto table = scored().results_table();
    BOOST_REQUIRE_EQUAL(table.size(), 4u);
    BOOST_TEST((table[0] == ResultRow{"C", "Gamma", 5.0, 1.0, std::nullopt}));
    BOOST_TEST((table[1] == ResultRow{"B", "Beta", 2.0, 2.0, std::nullopt}));  // tie: input order kept
    BOOST_TEST((table[2] == ResultRow{"D", "Delta", 2.0, 2.0, std::nullopt}));
    BOOST_TEST(table[3].unit_code == "A");
    BOOST_TEST(std::isnan(table[3].score));
    BOOST_TEST(std::isnan(table[3].rank));
}

BOOST_AUTO_TEST_CASE(ranks_of_every_scored_column) {
    const Results r = scored();
    const Dataset ranks = r.ranks();
    BOOST_TEST(ranks.columns() == (std::vector<std::string>{"i1", "i2", "Index"}));
    check_exact(ranks.column("i1"), {4, 3, 2, 1});
    check_exact(ranks.column("Index"), {NaN, 2, 1, 2});
}

BOOST_AUTO_TEST_CASE(scores_is_last_data_set_with_the_root) {
    const Results r = scored();
    BOOST_TEST((&r.scores() == &r.data_set("Aggregated")));
    BOOST_TEST(r.data_set_names() == (std::vector<std::string>{"Raw", "Aggregated"}));
}

BOOST_AUTO_TEST_CASE(unknown_data_set_lists_names) {
    const Results r = scored();
    BOOST_CHECK_EXCEPTION(
        (void)r.data_set("Normalised"), UnknownCodeError,
        message_has<UnknownCodeError>({"no data set \"Normalised\"", "expected one of Raw, Aggregated"}));
    BOOST_CHECK_THROW((void)r.data_set("raw"), UnknownCodeError);  // names are case-sensitive
}

BOOST_AUTO_TEST_CASE(scores_without_aggregate_step) {
    const Results r = Pipeline({Normalise{}}).run(framework(), raw_data());
    BOOST_TEST(r.data_set_names() == (std::vector<std::string>{"Raw", "Normalised"}));
    BOOST_CHECK_EXCEPTION((void)r.scores(), MethodError,
                          message_has<MethodError>({"root \"Index\"", "expected an Aggregate step"}));
    BOOST_CHECK_THROW((void)r.results_table(), MethodError);
    BOOST_CHECK_THROW((void)r.ranks(), MethodError);
}

BOOST_AUTO_TEST_CASE(small_pipeline_hand_computed) {
    // Normalised: i1 {0, 50, 100}; i2 (direction -1) {100, 66.67, 0}.
    // Index = (1 * i1 + 3 * i2) / 4 = {75, 62.5, 25}.
    const Results r = Pipeline({Normalise{}, Aggregate{}}).run(framework(), raw_data());
    const Dataset& s = r.scores();
    BOOST_TEST(close(s.value("A", "Index"), 75.0));
    BOOST_TEST(close(s.value("B", "Index"), 62.5));
    BOOST_TEST(close(s.value("C", "Index"), 25.0));
    const auto table = r.results_table();
    BOOST_REQUIRE_EQUAL(table.size(), 3u);
    BOOST_TEST(table[0].unit_name == "Alpha");
    BOOST_TEST(table[2].unit_code == "C");
    BOOST_TEST(table[2].rank == 3.0);
    BOOST_TEST((r.framework() == framework()));
}

BOOST_AUTO_TEST_CASE(aggregate_weight_override) {
    Aggregate agg;
    agg.weights["i2"] = 1.0;  // equal weights: Index = (i1 + i2) / 2 = {50, 58.33, 50}
    const Results r = Pipeline({Normalise{}, agg}).run(framework(), raw_data());
    BOOST_TEST(close(r.scores().value("A", "Index"), 50.0));
    BOOST_TEST(close(r.scores().value("B", "Index"), 175.0 / 3.0));
    const auto table = r.results_table();
    BOOST_TEST(table[0].unit_code == "B");
    BOOST_TEST(table[1].rank == 2.0);
    BOOST_TEST(table[2].rank == 2.0);
}

// ------------------------------------------------------------------------------------------------
// Contributions and the aggregation record, on COINr's ASEM example.

namespace {

struct AsemRuns : Asem {
    Results run(const AggregateMethod& method, double low = 1) const {
        return Pipeline({Normalise{MinMax{low, 100}, {}}, Aggregate{method, {}, {}}}).run(framework, data);
    }
};

const std::vector<double>& numbers(const Table& t, const std::string& name) {
    return std::get<std::vector<double>>(t.column(name));
}
const std::vector<std::string>& texts(const Table& t, const std::string& name) {
    return std::get<std::vector<std::string>>(t.column(name));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(contributions_on_asem, AsemRuns)

BOOST_AUTO_TEST_CASE(children_add_up_to_every_aggregate_of_every_unit) {
    for (const AggregateMethod& m :
         std::vector<AggregateMethod>{ArithmeticMean{}, GeometricMean{}, HarmonicMean{}, GeneralisedMean{2.0},
                                      GeneralisedMean{0.5}, WeightedMedian{}, WeightedSum{}}) {
        const Results r = run(m);
        const Dataset& scores = r.scores();
        std::size_t checked = 0;
        for (const auto& record : r.aggregation_records()) {
            for (const auto& unit : scores.unit_codes()) {
                const double value = scores.value(unit, record.node);
                const Table t = r.contributions(unit, record.node);
                const auto& parts = numbers(t, "contribution");
                if (std::isnan(value)) {  // a weighted sum with a missing part: nothing to split
                    BOOST_TEST(std::isnan(parts.front()));
                    ++checked;
                    continue;
                }
                double sum = 0, size = 0;
                for (const double p : parts) {
                    sum += p;
                    size += std::abs(p);
                }
                BOOST_TEST_CONTEXT(method_name(m)
                                   << " " << unit << " " << record.node << ": " << sum << " vs " << value)
                BOOST_TEST(std::abs(sum - value) <= 1e-12 * std::max(std::abs(value), size));
                ++checked;
            }
        }
        BOOST_TEST(checked == 51u * 11u);
    }
}

BOOST_AUTO_TEST_CASE(leaves_add_up_to_the_index_and_weights_to_one) {
    const Results r = run(GeometricMean{});
    const Table t = r.contributions("AUT", "Index", std::nullopt, true);
    BOOST_TEST(t.rows() == 49u);
    double sum = 0, weight = 0;
    for (const double p : numbers(t, "contribution")) sum += p;
    for (const double w : numbers(t, "weight")) weight += w;
    const double index = r.scores().value("AUT", "Index");
    BOOST_TEST(std::abs(sum - index) <= 1e-12 * index);
    BOOST_TEST(std::abs(weight - 1.0) <= 1e-12);
    // The leaves of one pillar add up to that pillar's contribution to the index.
    const Table top = r.contributions("AUT", "Index", std::nullopt, true);
    const Table pillars = r.contributions("AUT", "Conn");
    BOOST_TEST(texts(top, "parent").front() == texts(r.contributions("AUT", "Physical"), "parent").front());
    BOOST_TEST(pillars.rows() == 5u);
}

BOOST_AUTO_TEST_CASE(explain_reads_the_same_record) {
    const Results r = run(GeometricMean{});
    const Table e = r.explain("AUT", "Conn");
    const Table c = r.contributions("AUT", "Conn");
    for (std::size_t k = 0; k < c.rows(); ++k) {
        BOOST_TEST(texts(e, "node")[k] == texts(c, "node")[k]);
        BOOST_TEST(numbers(e, "contribution")[k] == numbers(c, "contribution")[k]);
        BOOST_TEST(numbers(e, "weight")[k] == numbers(c, "weight")[k]);
    }
    BOOST_TEST(texts(e, "explanation").back().find("in proportion to weight share x log(child)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_method_without_split_says_so_with_its_node) {
    const Results r = Pipeline({Normalise{MinMax{0, 100}, {}}, Aggregate{ArithmeticMean{}, {{"Conn", Copeland{}}}, {}}})
                          .run(framework, data);
    try {
        (void)r.contributions("AUT", "Conn");
        BOOST_FAIL("expected MethodError");
    } catch (const MethodError& e) {
        BOOST_TEST(e.location().node == "Conn");
        BOOST_TEST(e.location().found == "copeland");
        BOOST_TEST(std::string(e.what()).find("no additive split") != std::string::npos);
    }
    // Below Conn nothing is blocked; through it, the leaves cannot be reached.
    BOOST_TEST(r.contributions("AUT", "Physical").rows() == framework.children("Physical").size());
    BOOST_CHECK_THROW((void)r.contributions("AUT", "Index", std::nullopt, true), MethodError);
    BOOST_CHECK_THROW((void)r.contributions("AUT", "LPI"), UnknownCodeError);
    BOOST_CHECK_THROW((void)r.contributions("Atlantis", "Conn"), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(the_record_keeps_weights_as_used_and_the_availability_threshold) {
    const Results r =
        Pipeline({Normalise{MinMax{0, 100}, {}}, Aggregate{ArithmeticMean{}, {}, {{"Physical", 0.0}}, "Original", 0.9}})
            .run(framework, data);
    const AggregationRecord& conn = r.aggregation_record("Conn");
    BOOST_TEST(conn.children.size() == 5u);
    BOOST_TEST(conn.contribution_rule() == "weight share x value");
    const Eigen::MatrixXd used = r.used_weights("Conn");
    std::size_t blanked = 0;
    for (std::size_t i = 0; i < conn.below_availability.size(); ++i) blanked += conn.below_availability[i];
    const auto physical = std::find(conn.children.begin(), conn.children.end(), "Physical") - conn.children.begin();
    BOOST_TEST(conn.weights[physical] == 0.0);
    BOOST_TEST(used.col(physical).cwiseAbs().sum() == 0.0);
    BOOST_TEST(blanked > 0u);
    for (std::size_t i = 0; i < conn.below_availability.size(); ++i) {
        if (!conn.below_availability[i]) continue;
        BOOST_TEST(used.row(static_cast<Eigen::Index>(i)).cwiseAbs().sum() == 0.0);
        BOOST_TEST(std::isnan(r.scores().values()(static_cast<Eigen::Index>(i), r.scores().column_index("Conn"))));
    }
}

BOOST_AUTO_TEST_SUITE_END()
