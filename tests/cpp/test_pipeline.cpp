#define BOOST_TEST_MODULE pipeline
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

struct Asem {
    Framework framework = read_framework(asem_dir() / "iMeta.csv");
    Dataset data = read_dataset(asem_dir() / "iData.csv", framework);
};

Pipeline minmax_amean() { return Pipeline({Normalise{MinMax{0, 100}, {}}, Aggregate{ArithmeticMean{}, {}, {}}}); }

// Every unit and column of `ref` matches `got` within 1e-9 relative; missing where COINr has missing.
void check_against(const Dataset& got, const Reference& ref, bool exact) {
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(got.unit_count()), ref.units.size());
    std::size_t compared = 0;
    for (std::size_t u = 0; u < ref.units.size(); ++u) {
        for (std::size_t c = 0; c < ref.columns.size(); ++c) {
            const double expected = ref.values[u][c];
            const double actual = got.value(ref.units[u], ref.columns[c]);
            if (exact) {
                BOOST_TEST_CONTEXT(ref.units[u] << " " << ref.columns[c])
                BOOST_TEST(((std::isnan(expected) && std::isnan(actual)) || expected == actual));
            } else {
                BOOST_TEST_CONTEXT(ref.units[u] << " " << ref.columns[c] << ": " << actual << " vs " << expected)
                BOOST_TEST(close(actual, expected));
            }
            ++compared;
        }
    }
    BOOST_TEST(compared == ref.units.size() * ref.columns.size());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(asem_minmax_amean, Asem)

BOOST_AUTO_TEST_CASE(normalised_matches_coinr) {
    const Results r = minmax_amean().run(framework, data);
    const Reference ref = read_reference(coinr_dir() / "norm_minmax_0_100.csv");
    BOOST_TEST(ref.columns.size() == 49u);
    check_against(r.data_set("Normalised"), ref, false);
}

BOOST_AUTO_TEST_CASE(scores_match_coinr) {
    const Results r = minmax_amean().run(framework, data);
    const Reference ref = read_reference(coinr_dir() / "a_minmax_amean_scores.csv");
    BOOST_TEST(ref.columns.size() == 60u);  // 49 indicators + 8 pillars + 2 sub-indices + index
    check_against(r.scores(), ref, false);
}

BOOST_AUTO_TEST_CASE(ranks_match_coinr) {
    const Results r = minmax_amean().run(framework, data);
    check_against(r.ranks(), read_reference(coinr_dir() / "a_minmax_amean_ranks.csv"), true);
}

BOOST_AUTO_TEST_CASE(results_table_matches_coinr) {
    const Results r = minmax_amean().run(framework, data);
    const CsvTable ref = read_csv(coinr_dir() / "a_minmax_amean_results_summ.csv");
    const auto table = r.results_table();
    BOOST_REQUIRE_EQUAL(table.size(), ref.rows.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        BOOST_TEST(table[i].unit_code == ref.rows[i][0]);
        BOOST_TEST(table[i].unit_name == ref.rows[i][1]);
        BOOST_TEST(close(table[i].score, parse_number(ref.rows[i][2], {}, "Index")));
        BOOST_TEST(table[i].rank == parse_number(ref.rows[i][3], {}, "Rank"));
    }
}

BOOST_AUTO_TEST_CASE(raw_data_set_is_kept_unchanged) {
    const Results r = minmax_amean().run(framework, data);
    BOOST_TEST(r.data_set("Raw") == data);
    BOOST_TEST((r.data_set_names() == std::vector<std::string>{"Raw", "Normalised", "Aggregated"}));
}

BOOST_AUTO_TEST_SUITE_END()
