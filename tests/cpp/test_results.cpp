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

Node make_node(std::string code, NodeType type, int level, std::string parent, double weight, int direction = 1) {
    Node n;
    n.code = std::move(code);
    n.type = type;
    n.level = level;
    n.parent = std::move(parent);
    n.weight = weight;
    n.direction = direction;
    return n;
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
    BOOST_CHECK_EXCEPTION((void)r.data_set("Normalised"), UnknownCodeError,
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
