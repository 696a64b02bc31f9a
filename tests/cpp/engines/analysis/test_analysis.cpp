#define BOOST_TEST_MODULE analysis
// Analysis (analysis.hpp) against COINr 1.1.14 on its ASEM example (tests/reference/coinr, README
// there): pipeline (a) = min-max to [0, 100], arithmetic mean at every level. a_stats_raw /
// a_stats_aggregated (get_stats, nsignif = NULL), a_corr_* (get_corr on the "Aggregated" data set),
// a_eff_weights (get_eff_weights), a_remove_level2_* (remove_elements(Level = 2, iCode = "Index")).
// Tolerance: 1e-9 relative for numbers; counts, flags and ranks equal; blanks where COINr has them.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double worst = 0.0;  // largest relative difference against a reference, reported at the end

void check_close(double actual, double expected, const std::string& where) {
    BOOST_TEST_CONTEXT(where << ": " << actual << " vs " << expected) { BOOST_TEST(close(actual, expected)); }
    if (!std::isnan(expected) && !std::isnan(actual) && expected != 0)
        worst = std::max(worst, std::abs(actual - expected) / std::abs(expected));
}

double number(const std::string& cell, const CsvTable& t, std::size_t row, const std::string& column) {
    return parse_number(cell, {t.source, t.lines[row]}, column);
}

std::size_t column_of(const CsvTable& t, const std::string& name) {
    const auto it = std::find(t.header.begin(), t.header.end(), name);
    BOOST_REQUIRE(it != t.header.end());
    return static_cast<std::size_t>(it - t.header.begin());
}

const std::vector<std::string>& text_column(const Table& t, const std::string& name) {
    return std::get<std::vector<std::string>>(t.column(name));
}
const std::vector<double>& number_column(const Table& t, const std::string& name) {
    return std::get<std::vector<double>>(t.column(name));
}

// Every row and column of a get_stats reference equals `got` (found by iCode).
void check_statistics(const Table& got, const std::string& file) {
    const CsvTable ref = read_csv(coinr_dir() / file);
    const auto& codes = text_column(got, "iCode");
    BOOST_TEST(got.names() == ref.header, boost::test_tools::per_element());
    BOOST_TEST(got.rows() == ref.rows.size());
    for (std::size_t r = 0; r < ref.rows.size(); ++r) {
        const auto row =
            static_cast<std::size_t>(std::find(codes.begin(), codes.end(), ref.rows[r][0]) - codes.begin());
        BOOST_REQUIRE(row < codes.size());
        for (std::size_t c = 1; c < ref.header.size(); ++c) {
            const std::string& name = ref.header[c];
            const std::string where = file + " " + ref.rows[r][0] + " " + name;
            if (name.rfind("Flag.", 0) == 0) {
                BOOST_TEST_CONTEXT(where) { BOOST_TEST(text_column(got, name)[row] == ref.rows[r][c]); }
            } else {
                check_close(number_column(got, name)[row], number(ref.rows[r][c], ref, r, name), where);
            }
        }
    }
}

// A wide get_corr reference: COINr's table lost its row names on export, and its header names the
// first column "iCode" though it holds the first node's values; rows follow the columns' order
// (R's sort). The first node is the one of `codes` the header does not name.
struct WideReference {
    std::vector<std::string> order;
    std::vector<std::vector<double>> values;  // [row][column], NaN = blank
};

WideReference read_wide(const std::string& file, const std::vector<std::string>& codes) {
    const CsvTable t = read_csv(coinr_dir() / file);
    WideReference w;
    std::vector<std::string> named(t.header.begin() + 1, t.header.end());
    for (const auto& c : codes)
        if (std::find(named.begin(), named.end(), c) == named.end()) w.order.push_back(c);
    BOOST_REQUIRE_EQUAL(w.order.size(), 1U);
    w.order.insert(w.order.end(), named.begin(), named.end());
    BOOST_REQUIRE_EQUAL(w.order.size(), codes.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        std::vector<double> row;
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) row.push_back(number(t.rows[r][c], t, r, w.order[c]));
        w.values.push_back(row);
    }
    BOOST_REQUIRE_EQUAL(w.values.size(), codes.size());
    return w;
}

std::size_t blanks_checked = 0;

void check_wide(const Eigen::MatrixXd& got, const Correlations& c, const WideReference& ref, const std::string& file) {
    for (std::size_t i = 0; i < ref.order.size(); ++i)
        for (std::size_t j = 0; j < ref.order.size(); ++j) {
            const auto gi = std::find(c.rows.begin(), c.rows.end(), ref.order[i]) - c.rows.begin();
            const auto gj = std::find(c.columns.begin(), c.columns.end(), ref.order[j]) - c.columns.begin();
            const double expected = ref.values[i][j];
            const double actual = got(gi, gj);
            const std::string where = file + " " + ref.order[i] + " x " + ref.order[j];
            if (std::isnan(expected)) {
                ++blanks_checked;
                BOOST_TEST_CONTEXT(where) { BOOST_TEST(std::isnan(actual)); }
            } else {
                check_close(actual, expected, where);
            }
        }
}

Pipeline minmax_amean() {
    Normalise normalise;
    normalise.method = MinMax{0, 100};
    return Pipeline({normalise, Aggregate{}});
}

struct AsemRun : Asem {
    Results results = minmax_amean().run(framework, data);
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(coinr_references, AsemRun)

BOOST_AUTO_TEST_CASE(statistics_of_raw_and_aggregated_data) {
    check_statistics(indicator_statistics(results.data_set("Raw"), framework.indicators()), "a_stats_raw.csv");
    check_statistics(indicator_statistics(results.data_set("Aggregated")), "a_stats_aggregated.csv");
}

BOOST_AUTO_TEST_CASE(correlations_by_level) {
    const Dataset& agg = results.data_set("Aggregated");
    const auto level1 = framework.level_codes(1), level2 = framework.level_codes(2);
    const Correlations p1 = correlations(agg, level1, level1);
    check_wide(p1.r, p1, read_wide("a_corr_level1.csv", level1), "a_corr_level1.csv");
    blanks_checked = 0;
    check_wide(p1.blanked(0.05), p1, read_wide("a_corr_level1_p05.csv", level1), "a_corr_level1_p05.csv");
    BOOST_TEST(blanks_checked > 0U);  // the file has blanks, and they are where COINr put them
    const Correlations s1 = correlations(agg, level1, level1, CorrelationMethod::spearman);
    check_wide(s1.r, s1, read_wide("a_corr_level1_spearman.csv", level1), "a_corr_level1_spearman.csv");
    const Correlations p2 = correlations(agg, level2, level2);
    check_wide(p2.r, p2, read_wide("a_corr_level2.csv", level2), "a_corr_level2.csv");
}

BOOST_AUTO_TEST_CASE(correlations_with_the_parent) {
    const Table got = parent_correlations(results.data_set("Aggregated"), framework, 1);
    const CsvTable ref = read_csv(coinr_dir() / "a_corr_level1_vs_parent.csv");
    BOOST_TEST(got.rows() == ref.rows.size());
    const auto& parents = text_column(got, "parent");
    const auto& nodes = text_column(got, "node");
    for (std::size_t r = 0; r < ref.rows.size(); ++r) {
        const auto row =
            static_cast<std::size_t>(std::find(nodes.begin(), nodes.end(), ref.rows[r][1]) - nodes.begin());
        BOOST_REQUIRE(row < nodes.size());
        BOOST_TEST(parents[row] == ref.rows[r][0]);
        check_close(number_column(got, "correlation")[row], number(ref.rows[r][2], ref, r, "Correlation"),
                    "vs_parent " + ref.rows[r][1]);
    }
}

BOOST_AUTO_TEST_CASE(effective_weights_of_every_node) {
    const Table got = index_weights(results);
    const CsvTable ref = read_csv(coinr_dir() / "a_eff_weights.csv");
    const auto& codes = text_column(got, "iCode");
    BOOST_TEST(got.rows() == ref.rows.size());
    for (std::size_t r = 0; r < ref.rows.size(); ++r) {
        const auto row =
            static_cast<std::size_t>(std::find(codes.begin(), codes.end(), ref.rows[r][0]) - codes.begin());
        BOOST_REQUIRE(row < codes.size());
        for (const std::string name : {"Level", "Weight", "EffWeight"})
            check_close(number_column(got, name)[row], number(ref.rows[r][column_of(ref, name)], ref, r, name),
                        "a_eff_weights " + ref.rows[r][0] + " " + name);
    }
    // The same from the framework's weights (effective_weights of the default step).
    BOOST_TEST(index_weights(framework, effective_weights(Aggregate{}, framework)) == got);
}

BOOST_AUTO_TEST_CASE(removing_each_pillar) {
    const ElementRemoval got = remove_elements(results, 2);
    BOOST_TEST(got.node == "Index");
    for (const std::string file : {"a_remove_level2_scores.csv", "a_remove_level2_ranks.csv"}) {
        const Reference ref = read_reference(coinr_dir() / file);
        const Eigen::MatrixXd& m = file.find("ranks") != std::string::npos ? got.ranks : got.scores;
        BOOST_TEST(ref.units.size() == got.units.size());
        for (std::size_t c = 0; c < ref.columns.size(); ++c) {
            const Eigen::Index col =
                ref.columns[c] == "Nominal"
                    ? 0
                    : std::find(got.removed.begin(), got.removed.end(), ref.columns[c]) - got.removed.begin() + 1;
            BOOST_REQUIRE(col <= static_cast<Eigen::Index>(got.removed.size()));
            for (std::size_t u = 0; u < ref.units.size(); ++u) {
                const auto row = std::find(got.units.begin(), got.units.end(), ref.units[u]) - got.units.begin();
                check_close(m(row, col), ref.values[u][c], file + " " + ref.units[u] + " " + ref.columns[c]);
            }
        }
    }
    const CsvTable mad = read_csv(coinr_dir() / "a_remove_level2_meanabsdiff.csv");
    BOOST_TEST(mad.rows.size() == got.removed.size() + 1);
    for (std::size_t r = 0; r < mad.rows.size(); ++r) {
        const std::string& code = mad.rows[r][0];
        const Eigen::Index col =
            code == "Nominal" ? 0 : std::find(got.removed.begin(), got.removed.end(), code) - got.removed.begin() + 1;
        check_close(got.mean_abs_rank_change[col], number(mad.rows[r][1], mad, r, "MeanAbsRankDiff"),
                    "meanabsdiff " + code);
    }
}

BOOST_AUTO_TEST_CASE(largest_difference) {
    BOOST_TEST_MESSAGE("largest relative difference against COINr's analysis references: " << worst);
    BOOST_TEST(worst <= 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()

// --- small cases computed a second way --------------------------------------------------------------

namespace {

Framework small_framework() {
    return Framework({make_node("a", NodeType::indicator, 1, "G"), make_node("b", NodeType::indicator, 1, "G"),
                      make_node("c", NodeType::indicator, 1, "G"), make_node("d", NodeType::indicator, 1, "H"),
                      make_node("G", NodeType::aggregate, 2, "I", 3), make_node("H", NodeType::aggregate, 2, "I", 1),
                      make_node("I", NodeType::aggregate, 3, "")});
}

Dataset small_data(const Framework& fw, const Eigen::MatrixXd& values) {
    Units units;
    for (Eigen::Index i = 0; i < values.rows(); ++i) {
        units.codes.push_back("u" + std::to_string(i));
        units.names.push_back("u" + std::to_string(i));
    }
    (void)fw;
    return Dataset(std::make_shared<const Units>(units), {"a", "b", "c", "d"}, values);
}

}  // namespace

BOOST_AUTO_TEST_CASE(cronbach_alpha_by_the_textbook_formula) {
    const Framework fw = small_framework();
    const Eigen::MatrixXd v = rows({{1, 2, 4, 0}, {2, 3, 3, 1}, {3, 5, 6, 5}, {4, 4, 8, 2}, {5, 7, 9, 7}});
    const Dataset data = small_data(fw, v);
    // k / (k - 1) (1 - sum of item variances / variance of the total), items a, b, c.
    const Eigen::MatrixXd items = v.leftCols(3);
    const auto var = [](const Eigen::VectorXd& x) { return (x.array() - x.mean()).square().sum() / (x.size() - 1.0); };
    double item_var = 0;
    for (Eigen::Index j = 0; j < 3; ++j) item_var += var(items.col(j));
    const double expected = 1.5 * (1 - item_var / var(items.rowwise().sum()));
    BOOST_TEST(close(cronbach_alpha(data, fw, "G"), expected, 1e-12));
    BOOST_TEST(close(cronbach_alpha(data, {"a", "b", "c"}), expected, 1e-12));
    BOOST_TEST(members(fw, "I", 1) == (std::vector<std::string>{"a", "b", "c", "d"}), boost::test_tools::per_element());
    BOOST_CHECK_EXCEPTION((void)cronbach_alpha(data, fw, "H"), MethodError,
                          message_has<MethodError>({"\"H\"", "expected at least two"}));
    BOOST_CHECK_EXCEPTION((void)cronbach_alpha(data, fw, "nope"), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"nope\""}));
}

BOOST_AUTO_TEST_CASE(correlations_of_a_small_case) {
    const Framework fw = small_framework();
    // d is constant: its correlations are NaN (R: NA with a warning), never a crash.
    const Eigen::MatrixXd v = rows({{1, 2, NaN, 3}, {2, 1, 3, 3}, {3, 4, 1, 3}, {4, 3, 2, 3}, {5, 5, 5, 3}});
    const Dataset data = small_data(fw, v);
    const Correlations c = correlations(data, {"a", "b", "c", "d"}, {"a", "b", "c", "d"});
    // a, b: x = 1..5, y = 2 1 4 3 5: r = 0.8; t = 0.8 sqrt(3 / 0.36), p two-sided from t(3).
    BOOST_TEST(close(c.r(0, 1), 0.8, 1e-12));
    BOOST_TEST(close(c.p(0, 1), 0.10408803866182788, 1e-9));  // scipy.stats.pearsonr (the t test of R's cor.test)
    BOOST_TEST(c.n(0, 2) == 4.0);                             // pairwise complete
    BOOST_TEST(c.p(0, 0) == 0.0);
    BOOST_TEST(std::isnan(c.r(0, 3)));
    BOOST_TEST(std::isnan(c.p(3, 3)));
    const Correlations s = correlations(data, {"a"}, {"b"}, CorrelationMethod::spearman);
    BOOST_TEST(close(s.r(0, 0), 0.8, 1e-12));  // no ties: ranks are the values
    const Correlations k = correlations(data, {"a"}, {"b"}, CorrelationMethod::kendall);
    BOOST_TEST(close(k.r(0, 0), 0.6, 1e-12));  // 8 concordant, 2 discordant pairs of 10
    // scipy.stats.kendalltau(method="asymptotic"): R's cor.test(exact = FALSE) normal approximation
    BOOST_TEST(close(k.p(0, 0), 0.14164469029513938, 1e-9));
    BOOST_CHECK_EXCEPTION((void)correlations(data, {"a"}, {"zz"}), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"zz\""}));
    BOOST_CHECK_EXCEPTION((void)group_correlations(data, fw, 1, 2, CorrelationMethod::pearson, std::nullopt, "H"),
                          MethodError, message_has<MethodError>({"\"H\"", "expected at least two"}));
    const Table g = group_correlations(data, fw, 1, 2);
    BOOST_TEST(g.rows() == 3U);  // a-b, a-c, b-c in G; H has one member
    BOOST_CHECK_THROW((void)parent_correlations(data, fw, 3), MethodError);
}

BOOST_AUTO_TEST_CASE(correlation_flags_of_a_small_case) {
    // G: a, b, c (c lower is better); H: d. b = 2a - 1 (r = 1 with a), c = 6 - a (r = -1 with a and b),
    // r(a, e) where e is a's permutation 2 1 4 3 5 is 0.8 (correlations_of_a_small_case).
    const Framework fw({make_node("a", NodeType::indicator, 1, "G"), make_node("b", NodeType::indicator, 1, "G"),
                        make_node("c", NodeType::indicator, 1, "G", 1.0, -1),
                        make_node("d", NodeType::indicator, 1, "H"), make_node("G", NodeType::aggregate, 2, "I", 3),
                        make_node("H", NodeType::aggregate, 2, "I", 1), make_node("I", NodeType::aggregate, 3, "")});
    const Dataset data = small_data(fw, rows({{1, 1, 5, 3}, {2, 3, 4, 3}, {3, 5, 3, 3}, {4, 7, 2, 3}, {5, 9, 1, 3}}));
    const Table high = correlation_flags(data, fw);  // > 0.9: a-b only
    BOOST_TEST(high.rows() == 1U);
    BOOST_TEST(text_column(high, "group")[0] == "G");
    BOOST_TEST(text_column(high, "node1")[0] == "a");
    BOOST_TEST(text_column(high, "node2")[0] == "b");
    BOOST_TEST(close(number_column(high, "correlation")[0], 1.0, 1e-12));
    const Table low = correlation_flags(data, fw, -0.4, CorrelationFlag::low);  // a-c and b-c
    BOOST_TEST(low.rows() == 2U);
    BOOST_TEST(text_column(low, "node1")[0] == "a");
    BOOST_TEST(text_column(low, "node2")[0] == "c");
    BOOST_TEST(text_column(low, "node1")[1] == "b");
    BOOST_TEST(close(number_column(low, "correlation")[1], -1.0, 1e-12));
    // direction-adjusted: c counts as 6 - c = a, so all three pairs are collinear and none is negative
    BOOST_TEST(correlation_flags(data, fw, 0.9, CorrelationFlag::high, 1, 2, CorrelationMethod::pearson, true).rows() ==
               3U);
    BOOST_TEST(correlation_flags(data, fw, -0.4, CorrelationFlag::low, 1, 2, CorrelationMethod::kendall, true).rows() ==
               0U);
    // strict: a correlation equal to the threshold is not flagged; d (constant) gives NaN, never a flag
    const Dataset e = small_data(fw, rows({{1, 2, 5, 3}, {2, 1, 4, 3}, {3, 4, 3, 3}, {4, 3, 2, 3}, {5, 5, 1, 3}}));
    const double r_ab = number_column(group_correlations(e, fw, 1, 2), "correlation")[0];  // 0.8
    BOOST_TEST(close(r_ab, 0.8, 1e-12));
    BOOST_TEST(correlation_flags(e, fw, r_ab).rows() == 0U);
    BOOST_TEST(correlation_flags(e, fw, 0.79).rows() == 1U);
    BOOST_TEST(correlation_flags(data, fw, 0.5, CorrelationFlag::low, 1, 3).rows() == 2U);  // a-c, b-c; d's are NaN
    BOOST_CHECK_EXCEPTION((void)correlation_flags(data, fw, 1.5), MethodError,
                          message_has<MethodError>({"threshold 1.5", "expected a correlation in [-1, 1]"}));
    BOOST_CHECK_THROW((void)correlation_flags(data, fw, 0.9, CorrelationFlag::high, 1, 1), MethodError);
}

BOOST_AUTO_TEST_CASE(statistics_of_a_small_case) {
    const Framework fw = small_framework();
    const Eigen::MatrixXd v = rows({{1, 0, NaN, 3}, {2, 0, NaN, 3}, {2, 4, NaN, 3}, {4, 0, 1, 3}, {5, 0, NaN, 3}});
    const Table t = indicator_statistics(small_data(fw, v));
    BOOST_TEST(number_column(t, "N.Same")[0] == 2.0);
    BOOST_TEST(number_column(t, "Median")[0] == 2.0);
    BOOST_TEST(text_column(t, "Flag.NonZero")[1] == "LOW");
    BOOST_TEST(text_column(t, "Flag.Avail")[2] == "LOW");
    BOOST_TEST(std::isnan(number_column(t, "Std")[2]));
    BOOST_TEST(text_column(t, "Flag.SkewKurt")[2] == "");  // undefined, as R's NA
    BOOST_TEST(text_column(t, "Flag.Unique")[3] == "LOW");
}

BOOST_AUTO_TEST_CASE(data_availability_of_a_small_case) {
    const Framework fw = small_framework();  // G: a, b, c; H: d; I: G, H
    const Eigen::MatrixXd v =
        rows({{1, 0, NaN, 3}, {NaN, NaN, NaN, 0}, {NaN, NaN, NaN, NaN}, {2, 5, 0, 0}, {4, 4, 4, 4}});
    const Table t = data_availability(small_data(fw, v), fw);
    BOOST_TEST((t.names() == std::vector<std::string>{"uCode", "N.Avail", "N.Missing", "N.Zero", "Frc.Avail",
                                                      "Frc.NonZero", "G", "H"}),
               boost::test_tools::per_element());
    BOOST_TEST((text_column(t, "uCode") == std::vector<std::string>{"u0", "u1", "u2", "u3", "u4"}),
               boost::test_tools::per_element());
    // By hand: u0 has a, b (a zero), d; u1 only d (a zero); u2 nothing; u3 all four, two zeros.
    BOOST_TEST((number_column(t, "N.Avail") == std::vector<double>{3, 1, 0, 4, 4}), boost::test_tools::per_element());
    BOOST_TEST((number_column(t, "N.Missing") == std::vector<double>{1, 3, 4, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST((number_column(t, "N.Zero") == std::vector<double>{1, 1, 0, 2, 0}), boost::test_tools::per_element());
    BOOST_TEST((number_column(t, "Frc.Avail") == std::vector<double>{0.75, 0.25, 0, 1, 1}),
               boost::test_tools::per_element());
    const auto& nonzero = number_column(t, "Frc.NonZero");
    BOOST_TEST(close(nonzero[0], 2.0 / 3.0, 1e-15));
    BOOST_TEST(nonzero[1] == 0.0);
    BOOST_TEST(std::isnan(nonzero[2]));  // no value: undefined, as COINr's 0 / 0
    BOOST_TEST(nonzero[3] == 0.5);
    BOOST_TEST(nonzero[4] == 1.0);
    const auto& g = number_column(t, "G");
    BOOST_TEST(close(g[0], 2.0 / 3.0, 1e-15));
    BOOST_TEST((std::vector<double>(g.begin() + 1, g.end()) == std::vector<double>{0, 0, 1, 1}),
               boost::test_tools::per_element());
    BOOST_TEST((number_column(t, "H") == std::vector<double>{1, 1, 0, 1, 1}), boost::test_tools::per_element());

    // Level 3: one group, the index, whose share is Frc.Avail.
    const Table top = data_availability(small_data(fw, v), fw, 3);
    BOOST_TEST(top.names().back() == "I");
    BOOST_TEST(number_column(top, "I") == number_column(t, "Frc.Avail"), boost::test_tools::per_element());

    for (int level : {0, 1, 4})
        BOOST_CHECK_EXCEPTION((void)data_availability(small_data(fw, v), fw, level), MethodError,
                              message_has<MethodError>({"level " + std::to_string(level), "expected a level", "2..3"}));
    // A data set without an indicator of the framework.
    const Dataset partial(small_data(fw, v).shared_units(), {"a", "b", "c"}, v.leftCols(3));
    BOOST_CHECK_EXCEPTION((void)data_availability(partial, fw), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"d\""}));
}

BOOST_AUTO_TEST_CASE(data_availability_of_a_panel_has_a_time_column) {
    const Framework fw = small_framework();
    auto units = std::make_shared<Units>();
    units->codes = {"u0", "u1", "u0", "u1"};
    units->names = units->codes;
    units->times = {2020, 2020, 2021, 2021};
    const Eigen::MatrixXd v = rows({{1, 2, 3, 4}, {NaN, 2, 3, 4}, {1, NaN, NaN, 4}, {0, 0, 0, 0}});
    const Table t = data_availability(Dataset(units, {"a", "b", "c", "d"}, v), fw);
    BOOST_TEST(t.names()[1] == "Time");
    BOOST_TEST((number_column(t, "Time") == std::vector<double>{2020, 2020, 2021, 2021}),
               boost::test_tools::per_element());
    BOOST_TEST((number_column(t, "N.Avail") == std::vector<double>{4, 3, 2, 4}), boost::test_tools::per_element());
    BOOST_TEST((number_column(t, "Frc.NonZero") == std::vector<double>{1, 1, 1, 0}), boost::test_tools::per_element());
}

namespace {

// Columns a..d as in correlations_of_a_small_case, c with a gap; denominators P = 1..5, Q = 5..1.
Dataset with_two_denominators() {
    auto units = std::make_shared<Units>();
    for (int i = 0; i < 5; ++i) units->codes.push_back("u" + std::to_string(i));
    units->names = units->codes;
    units->denominator_codes = {"P", "Q"};
    units->denominators = rows({{1, 5}, {2, 4}, {3, 3}, {4, 2}, {5, 1}});
    return Dataset(units, {"a", "b", "c", "d"},
                   rows({{1, 2, 1, 3}, {2, 1, 3, 3}, {3, 4, NaN, 3}, {4, 3, 2, 3}, {5, 5, 5, 3}}));
}

}  // namespace

BOOST_AUTO_TEST_CASE(denominator_correlations_of_a_small_case) {
    const Dataset data = with_two_denominators();
    const Table t = denominator_correlations(data);
    BOOST_TEST((t.names() == std::vector<std::string>{"indicator", "denominator", "correlation", "p_value", "n"}),
               boost::test_tools::per_element());
    // By hand: a = P exactly, a = 6 - Q; b against 1..5 is 0.8 (as above); c on the 4 units where
    // it is present: x = 1 3 2 5, y = 1 2 4 5: sxy = 7, sxx = 8.75, syy = 10, r = 7 / sqrt(87.5);
    // d is constant (undefined, last). Sorted by |r|, ties in column then denominator order.
    BOOST_TEST((text_column(t, "indicator") == std::vector<std::string>{"a", "a", "b", "b", "c", "c", "d", "d"}),
               boost::test_tools::per_element());
    BOOST_TEST((text_column(t, "denominator") == std::vector<std::string>{"P", "Q", "P", "Q", "P", "Q", "P", "Q"}),
               boost::test_tools::per_element());
    const auto& r = number_column(t, "correlation");
    const double rc = 7 / std::sqrt(87.5);
    const std::vector<double> expected{1, -1, 0.8, -0.8, rc, -rc};
    for (std::size_t i = 0; i < expected.size(); ++i) BOOST_TEST_CONTEXT("row " << i) {
            BOOST_TEST(close(r[i], expected[i], 1e-12));
        }
    BOOST_TEST(std::isnan(r[6]));
    BOOST_TEST(std::isnan(r[7]));
    BOOST_TEST((number_column(t, "n") == std::vector<double>{5, 5, 5, 5, 4, 4, 5, 5}),
               boost::test_tools::per_element());
    BOOST_TEST(close(number_column(t, "p_value")[2], 0.10408803866182788, 1e-9));  // as correlations() a-b

    // |r| >= min_abs, inclusive (COINr's cor_thresh is strict): b's 0.8 stays at 0.8.
    const Table strong = denominator_correlations(data, {}, CorrelationMethod::pearson, 0.8);
    BOOST_TEST(strong.rows() == 4U);
    const Table some = denominator_correlations(data, {"c", "a"}, CorrelationMethod::spearman, 0.0);
    BOOST_TEST((text_column(some, "indicator") == std::vector<std::string>{"a", "a", "c", "c"}),
               boost::test_tools::per_element());
    BOOST_TEST(close(number_column(some, "correlation")[2], 0.8, 1e-12));  // ranks of c: 1 3 2 4 vs 1 2 3 4

    BOOST_CHECK_EXCEPTION((void)denominator_correlations(data, {}, CorrelationMethod::pearson, 1.5), MethodError,
                          message_has<MethodError>({"min_abs 1.5", "[0, 1]"}));
    BOOST_CHECK_EXCEPTION((void)denominator_correlations(data, {"zz"}), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"zz\""}));
    const Framework fw = small_framework();
    BOOST_CHECK_EXCEPTION((void)denominator_correlations(small_data(fw, rows({{1, 2, 3, 4}, {2, 3, 4, 5}}))),
                          MethodError, message_has<MethodError>({"no denominators"}));
}
