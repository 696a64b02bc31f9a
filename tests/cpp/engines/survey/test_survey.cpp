#define BOOST_TEST_MODULE survey
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <random>

#include <govindex/engines/survey/survey.hpp>
#include <govindex/model/io.hpp>

#include "test_support.hpp"

// References: R's survey 4.1-1 on R 4.2.2 (tests/reference/survey/VERSIONS.txt), made by
// `Rscript peer/survey/compute_refs.R` in the steering repo; copied from ../shared on 2026-11-29.
// Every row of D1, D2 and D6 is compared within 1e-9 relative (estimates, SEs, CI ends, deff),
// quantile estimates and interval ends exactly, counts and df exactly.

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

std::filesystem::path survey_dir() {
    return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "tests" / "reference" / "survey";
}

/// A CSV as text columns by header name.
struct Columns {
    std::map<std::string, std::vector<std::string>> text;
    std::size_t rows = 0;
    explicit Columns(const std::filesystem::path& path) {
        const CsvTable t = read_csv(path);
        rows = t.rows.size();
        for (std::size_t c = 0; c < t.header.size(); ++c)
            for (const auto& row : t.rows) text[t.header[c]].push_back(row[c]);
    }
    Eigen::VectorXd number(const std::string& name) const {
        const auto& v = text.at(name);
        Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
        for (std::size_t i = 0; i < v.size(); ++i)
            out[static_cast<Eigen::Index>(i)] = parse_number(v[i], {"test", 0}, name);
        return out;
    }
    Factor factor(const std::string& name) const { return make_factor(text.at(name)); }
};

struct Api {
    Columns strat{survey_dir() / "data" / "apistrat.csv"};
    Columns clus1{survey_dir() / "data" / "apiclus1.csv"};
    SurveyDesign d1 = SurveyDesign(DesignColumns{.weights = strat.number("pw"),
                                                 .strata = strat.factor("stype"),
                                                 .fpc = strat.number("fpc"),
                                                 .weights_column = "pw",
                                                 .strata_column = "stype",
                                                 .fpc_column = "fpc"});
    SurveyDesign d2 = SurveyDesign(DesignColumns{.weights = clus1.number("pw"),
                                                 .clusters = clus1.factor("dnum"),
                                                 .fpc = clus1.number("fpc"),
                                                 .weights_column = "pw",
                                                 .clusters_column = "dnum",
                                                 .fpc_column = "fpc"});
    SurveyDesign d6 = d2.post_stratify(clus1.factor("stype"), {{"E", 4421}, {"H", 755}, {"M", 1018}}, "stype");
};

/// The estimate a reference row describes, computed with govindex.
SurveyEstimate compute(const Api& api, const std::vector<std::string>& ref) {
    const std::string &design_name = ref[0], &statistic = ref[1], &variable = ref[2], &group = ref[3];
    const SurveyDesign& design = design_name == "D1" ? api.d1 : design_name == "D2" ? api.d2 : api.d6;
    const Columns& data = design_name == "D1" ? api.strat : api.clus1;
    std::vector<SurveyEstimate> list;
    std::optional<Factor> by;
    if (!group.empty()) by = data.factor("stype");
    if (variable == "I(api00 > 700)") {
        std::vector<std::string> over;
        for (const auto& v : data.text.at("api00")) over.push_back(std::stod(v) > 700 ? "TRUE" : "FALSE");
        list = survey_proportion(design, make_factor(over), variable, by);
    } else if (statistic == "ratio") {
        list = survey_ratio(design, data.number("api.stu"), data.number("enroll"), {"api.stu"}, {"enroll"}, by);
    } else if (statistic == "mean") {
        list = survey_mean(design, data.number(variable), {variable}, by);
    } else if (statistic == "total") {
        list = survey_total(design, data.number(variable), {variable}, by);
    } else if (statistic == "quantile") {
        list = survey_quantile(design, data.number(variable), {variable}, {0.25, 0.5, 0.75}, by);
    }
    const std::string domain = group.empty() ? "" : group.substr(group.find('=') + 1);
    for (const auto& e : list)
        if (e.domain == domain && e.level == ref[9] && (ref[10].empty() || e.prob == std::stod(ref[10]))) return e;
    BOOST_FAIL("no estimate for " + design_name + " " + statistic + " " + variable + " " + group);
    return {};
}

double relative(double a, double b) {
    if (std::isnan(a) && std::isnan(b)) return 0;
    return a == b ? 0 : std::abs(a - b) / std::abs(b);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

SurveyDesign simple(Eigen::VectorXd w, std::optional<Factor> strata = std::nullopt,
                    LonelyPsu lonely = LonelyPsu::fail) {
    return SurveyDesign(DesignColumns{.weights = std::move(w), .strata = std::move(strata), .lonely_psu = lonely});
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_row_of_d1_d2_d6_matches_r_survey) {
    const Api api;
    std::size_t rows = 0;
    double worst = 0;
    for (const char* file : {"D1_stratified.csv", "D2_cluster1.csv", "D6_poststratified.csv"}) {
        const CsvTable ref = read_csv(survey_dir() / file);
        BOOST_TEST_REQUIRE(ref.header[4] == "estimate");
        for (const auto& r : ref.rows) {
            const SurveyEstimate e = compute(api, r);
            BOOST_TEST_CONTEXT(file << ": " << r[1] << " " << r[2] << " " << r[3] << " " << r[9] << " " << r[10]) {
                const double expected[] = {std::stod(r[4]), std::stod(r[5]), std::stod(r[6]), std::stod(r[7])};
                const double actual[] = {e.estimate, e.se, e.ci_low, e.ci_high};
                for (int k = 0; k < 4; ++k) {
                    if (r[1] == "quantile" && k != 1) BOOST_TEST(actual[k] == expected[k]);  // data values: exact
                    BOOST_TEST(relative(actual[k], expected[k]) <= 1e-9,
                               ref.header[4 + k] << ": " << actual[k] << " vs " << expected[k]);
                    worst = std::max(worst, relative(actual[k], expected[k]));
                }
                if (!r[8].empty()) {
                    const double deff = r[8] == "NaN" ? NaN : std::stod(r[8]);
                    BOOST_TEST(relative(e.deff, deff) <= 1e-9, "deff: " << e.deff << " vs " << deff);
                    worst = std::max(worst, relative(e.deff, deff));
                } else {
                    BOOST_TEST(std::isnan(e.deff));
                }
                if (!r[12].empty()) BOOST_TEST(e.df == std::stod(r[12]));
                BOOST_TEST(e.n == std::stoul(r[13]));
                BOOST_TEST(e.n_psu == std::stoul(r[14]));
                BOOST_TEST(!e.suppressed);
            }
            ++rows;
        }
    }
    BOOST_TEST(rows == 39u);
    BOOST_TEST_MESSAGE("survey references: " << rows << " rows, max relative difference " << worst);
}

BOOST_AUTO_TEST_CASE(designs_count_psus_strata_and_df) {
    const Api api;
    BOOST_TEST(api.d1.psus() == 200u);
    BOOST_TEST(api.d1.strata() == 3u);
    BOOST_TEST(api.d1.degrees_of_freedom() == 197);
    BOOST_TEST(api.d2.psus() == 15u);
    BOOST_TEST(api.d2.degrees_of_freedom() == 14);
    // D6's calibrated weights add up to the population, 6194, per type E 4421, H 755, M 1018.
    BOOST_TEST(close(api.d6.weights().sum(), 6194, 1e-12));
    BOOST_TEST(!api.d2.post_stratified());
    BOOST_TEST(api.d6.post_stratified());
}

// --- tiny cases by hand ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(mean_and_total_by_hand) {
    // y = 1, 2, 3, 6 with weights 1, 1, 2, 2; one stratum, every row a PSU, no fpc.
    // Nhat = 6, T = 1 + 2 + 6 + 12 = 21, mean = 3.5.
    // Mean: z_i = w_i (y_i - 3.5) / 6 = -2.5/6, -1.5/6, -1/6, 5/6 (sum 0);
    //   V = 4/3 * (6.25 + 2.25 + 1 + 25) / 36 = 23/18.
    //   deff: S2 = 4/3 * (6.25 + 2.25 + 2 * 0.25 + 2 * 6.25) / 6 = 43/9; Vsrs = (1 - 4/6) * S2 / 4 = 43/108;
    //   deff = (23/18) / (43/108) = 138/43.
    // Total: z_i = 1, 2, 6, 12 (mean 5.25); V = 4/3 * (18.0625 + 10.5625 + 0.5625 + 45.5625) = 299/3;
    //   deff = V / (36 * 43/108) = 299/43.
    const SurveyDesign d = simple(vec({1, 1, 2, 2}));
    const Eigen::VectorXd y = vec({1, 2, 3, 6});
    const auto m = survey_mean(d, y, {"y"}).at(0);
    BOOST_TEST(close(m.estimate, 3.5, 1e-14));
    BOOST_TEST(close(m.se, std::sqrt(23.0 / 18), 1e-14));
    BOOST_TEST(close(m.deff, 138.0 / 43, 1e-14));
    BOOST_TEST(close(m.ci_low, 3.5 - 1.959963984540054 * std::sqrt(23.0 / 18), 1e-14));
    BOOST_TEST(m.df == 3);
    BOOST_TEST(m.n == 4u);
    BOOST_TEST(m.n_psu == 4u);
    const auto t = survey_total(d, y, {"y"}).at(0);
    BOOST_TEST(close(t.estimate, 21, 1e-14));
    BOOST_TEST(close(t.se, std::sqrt(299.0 / 3), 1e-14));
    BOOST_TEST(close(t.deff, 299.0 / 43, 1e-14));
    // A 90% interval: z = qnorm(0.95) = 1.6448536269514722.
    SurveyOptions o;
    o.level = 0.9;
    BOOST_TEST(close(survey_mean(d, y, {"y"}, std::nullopt, o).at(0).ci_high,
                     3.5 + 1.6448536269514722 * std::sqrt(23.0 / 18), 1e-14));
}

BOOST_AUTO_TEST_CASE(stratified_cluster_total_with_fpc_fractions_by_hand) {
    // Stratum A: clusters a1 (y = 1, 3), a2 (y = 5), weights 2, fraction 0.5;
    // stratum B: clusters b1, b2, b3 (y = 2, 4, 6), weights 4, fraction 0.25.
    // PSU totals: A 8, 10 (mean 9, squares 2, scale 0.5 * 2/1 = 1); B 8, 16, 24 (mean 16, squares 128,
    // scale 0.75 * 3/2 = 1.125). T = 66, V = 2 + 144 = 146, df = 5 PSUs - 2 strata = 3.
    const SurveyDesign d(DesignColumns{.weights = vec({2, 2, 2, 4, 4, 4}),
                                       .strata = make_factor({"A", "A", "A", "B", "B", "B"}),
                                       .clusters = make_factor({"a1", "a1", "a2", "b1", "b2", "b3"}),
                                       .fpc = vec({0.5, 0.5, 0.5, 0.25, 0.25, 0.25})});
    const auto t = survey_total(d, vec({1, 3, 5, 2, 4, 6}), {"y"}).at(0);
    BOOST_TEST(close(t.estimate, 66, 1e-14));
    BOOST_TEST(close(t.se, std::sqrt(146.0), 1e-14));
    BOOST_TEST(t.df == 3);
    BOOST_TEST(t.n_psu == 5u);
    // The same with population counts: A has 2 of 4 clusters, B 3 of 12.
    const SurveyDesign counts(DesignColumns{.weights = vec({2, 2, 2, 4, 4, 4}),
                                            .strata = make_factor({"A", "A", "A", "B", "B", "B"}),
                                            .clusters = make_factor({"a1", "a1", "a2", "b1", "b2", "b3"}),
                                            .fpc = vec({4, 4, 4, 12, 12, 12})});
    BOOST_TEST(close(survey_total(counts, vec({1, 3, 5, 2, 4, 6}), {"y"}).at(0).se, std::sqrt(146.0), 1e-14));
}

BOOST_AUTO_TEST_CASE(ratio_and_proportion_by_hand) {
    // Ratio: y = 2, 4; x = 1, 3; weights 1. R = 6/4 = 1.5; z_i = (y_i - 1.5 x_i) / 4 = 0.125, -0.125;
    // V = 2/1 * 2 * 0.125^2 = 0.0625, SE 0.25.
    const SurveyDesign two = simple(vec({1, 1}));
    const auto r = survey_ratio(two, vec({2, 4}), vec({1, 3}), {"y"}, {"x"}).at(0);
    BOOST_TEST(r.variable == "y/x");
    BOOST_TEST(close(r.estimate, 1.5, 1e-14));
    BOOST_TEST(close(r.se, 0.25, 1e-14));
    BOOST_TEST(std::isnan(r.deff));
    // Proportion: a, b, a, a with weights 1: p(a) = 0.75; z_i = (1[a] - 0.75) / 4 = 1/16, -3/16, 1/16, 1/16;
    // V = 4/3 * (3/256 + 9/256) = 1/16, SE 0.25 for both levels.
    const auto p = survey_proportion(simple(vec({1, 1, 1, 1})), make_factor({"a", "b", "a", "a"}), "answer");
    BOOST_TEST_REQUIRE(p.size() == 2u);
    BOOST_TEST(p[0].level == "a");
    BOOST_TEST(close(p[0].estimate, 0.75, 1e-14));
    BOOST_TEST(close(p[0].se, 0.25, 1e-14));
    BOOST_TEST(p[1].level == "b");
    BOOST_TEST(close(p[1].estimate, 0.25, 1e-14));
    BOOST_TEST(close(p[1].se, 0.25, 1e-14));
}

BOOST_AUTO_TEST_CASE(domain_means_by_hand) {
    // y = 1, 2, 3, 6, weights 1, 1, 2, 2, domains x, x, z, z; each row a PSU of one stratum (n_h = 4
    // for every domain: rows outside count with z = 0).
    // x: mean 1.5, Nhat 2, z = -0.25, 0.25, 0, 0 -> V = 4/3 * 0.125 = 1/6.
    // z: mean 4.5, Nhat 4, z = 2 * (-1.5 / 4), 2 * (1.5 / 4) = -0.75, 0.75 -> V = 4/3 * 1.125 = 1.5.
    // Domain "empty" (a level with no rows): NaN, suppressed, reason kept.
    const SurveyDesign d = simple(vec({1, 1, 2, 2}));
    Factor by = make_factor({"x", "x", "z", "z"});
    by.levels.push_back("empty");
    const auto e = survey_mean(d, vec({1, 2, 3, 6}), {"y"}, by);
    BOOST_TEST_REQUIRE(e.size() == 3u);
    BOOST_TEST(e[0].domain == "x");
    BOOST_TEST(close(e[0].estimate, 1.5, 1e-14));
    BOOST_TEST(close(e[0].se, std::sqrt(1.0 / 6), 1e-14));
    BOOST_TEST(e[0].n == 2u);
    BOOST_TEST(e[0].n_psu == 2u);
    BOOST_TEST(close(e[1].estimate, 4.5, 1e-14));
    BOOST_TEST(close(e[1].se, std::sqrt(1.5), 1e-14));
    BOOST_TEST(e[2].domain == "empty");
    BOOST_TEST(e[2].suppressed);
    BOOST_TEST(std::isnan(e[2].estimate));
    BOOST_TEST(std::isnan(e[2].se));
    BOOST_TEST(e[2].n == 0u);
    BOOST_TEST(e[2].reason == "no respondents in domain \"empty\"");
}

BOOST_AUTO_TEST_CASE(small_cells_are_suppressed_with_their_reason) {
    SurveyOptions o;
    o.min_count = 3;
    const auto e =
        survey_mean(simple(vec({1, 1, 2, 2})), vec({1, 2, 3, 6}), {"y"}, make_factor({"x", "x", "x", "z"}), o);
    BOOST_TEST(!e[0].suppressed);
    BOOST_TEST(e[0].reason.empty());
    BOOST_TEST(e[1].suppressed);
    BOOST_TEST(std::isnan(e[1].estimate));
    BOOST_TEST(std::isnan(e[1].ci_low));
    BOOST_TEST(e[1].n == 1u);
    BOOST_TEST(e[1].reason == "1 respondents, below min_count = 3");
}

BOOST_AUTO_TEST_CASE(quantiles_by_hand) {
    // y = 10, 20, 30, 40 with weights 1: cumulative shares 0.25, 0.5, 0.75, 1.
    // p = 0.5 hits the step at 20 exactly -> 20; p = 0.6 -> the next value, 30;
    // p = 0.1 (below the first step) -> R's quirk, y_(2) = 20.
    // Woodruff at p = 0.5: F = 0.5, s_F = sqrt(4/3 * 4 / 64) = 0.2887, t(0.975, 3) = 3.18 ->
    // p_L < 0 and p_U > 1: both ends NaN, and so the SE.
    const SurveyDesign d = simple(vec({1, 1, 1, 1}));
    const auto q = survey_quantile(d, vec({40, 10, 30, 20}), {"y"}, {0.5, 0.6, 0.1});
    BOOST_TEST_REQUIRE(q.size() == 3u);
    BOOST_TEST(q[0].estimate == 20);
    BOOST_TEST(q[0].prob == 0.5);
    BOOST_TEST(q[1].estimate == 30);
    BOOST_TEST(q[2].estimate == 20);
    BOOST_TEST(std::isnan(q[0].ci_low));
    BOOST_TEST(std::isnan(q[0].ci_high));
    BOOST_TEST(std::isnan(q[0].se));
    BOOST_TEST(q[0].df == 3);
    // With 12 equal weights (df 11, t = qt(0.975, 11) = 2.200985160091639, scipy 1.x) at p = 0.5: Q = 6 (share 6/12
    // exactly); F = 0.5, s_F^2 = 12/11 * 12 * (0.5/12)^2 = 1/44, p_L = 0.5 - t/sqrt(44) = 0.16819, p_U = 0.83181;
    // Q(p_L) = 3 (0.16819 * 12 = 2.02 -> the third value), Q(p_U) = 10 (9.98 -> the tenth);
    // SE = (10 - 3) / (2 t).
    Eigen::VectorXd y(12), w = Eigen::VectorXd::Ones(12);
    for (int i = 0; i < 12; ++i) y[i] = i + 1;
    const auto m = survey_quantile(simple(w), y, {"y"}, {0.5}).at(0);
    BOOST_TEST(m.estimate == 6);
    BOOST_TEST(m.ci_low == 3);
    BOOST_TEST(m.ci_high == 10);
    BOOST_TEST(close(m.se, 7 / (2 * 2.200985160091639), 1e-12));
}

BOOST_AUTO_TEST_CASE(post_stratification_by_hand) {
    // y = 1, 2, 3, 4, weights 1, post-strata a, a, b, b with population counts a 4, b 6:
    // w* = 2, 2, 3, 3; total 2 + 4 + 9 + 12 = 27, mean 2.7.
    // Total: residuals from the post-stratum means (1.5, 3.5) = -0.5, 0.5, -0.5, 0.5;
    //   z = w* e = -1, 1, -1.5, 1.5; V = 4/3 * 6.5 = 26/3.
    // Mean: the same residuals over Nhat = 10: V = 26/300.
    const SurveyDesign d =
        simple(vec({1, 1, 1, 1})).post_stratify(make_factor({"a", "a", "b", "b"}), {{"a", 4}, {"b", 6}}, "g");
    BOOST_TEST(d.weights() == vec({2, 2, 3, 3}));
    const Eigen::VectorXd y = vec({1, 2, 3, 4});
    const auto t = survey_total(d, y, {"y"}).at(0);
    BOOST_TEST(close(t.estimate, 27, 1e-14));
    BOOST_TEST(close(t.se, std::sqrt(26.0 / 3), 1e-14));
    const auto m = survey_mean(d, y, {"y"}).at(0);
    BOOST_TEST(close(m.estimate, 2.7, 1e-14));
    BOOST_TEST(close(m.se, std::sqrt(26.0 / 300), 1e-14));
}

BOOST_AUTO_TEST_CASE(lonely_psu_policies) {
    // Strata A (y = 1, 3) and B (y = 10, one PSU), weights 1. Stratum A: totals 1, 3, squares 2, scale 2 -> 4.
    // certainty: V = 4; average: 4 * 2 strata / 1 = 8; adjust: B centred at the mean PSU total 14/3:
    // 4 + (10 - 14/3)^2 = 4 + 256/9.
    const Factor strata = make_factor({"A", "A", "B"});
    const Eigen::VectorXd y = vec({1, 3, 10});
    BOOST_CHECK_EXCEPTION(simple(vec({1, 1, 1}), strata), MethodError,
                          message_has<MethodError>({"stratum \"B\"", "single PSU", "row 3", "lonely_psu"}));
    try {
        (void)simple(vec({1, 1, 1}), strata);
    } catch (const MethodError& e) {
        BOOST_TEST(e.location().node == "B");
        BOOST_TEST(e.location().column == "strata");
    }
    auto variance = [&](LonelyPsu p) {
        return std::pow(survey_total(simple(vec({1, 1, 1}), strata, p), y, {"y"}).at(0).se, 2);
    };
    BOOST_TEST(close(variance(LonelyPsu::certainty), 4, 1e-14));
    BOOST_TEST(close(variance(LonelyPsu::average), 8, 1e-14));
    BOOST_TEST(close(variance(LonelyPsu::adjust), 4 + 256.0 / 9, 1e-14));
    // A stratum sampled completely (fraction 1) is not lonely and adds no variance.
    const SurveyDesign census(DesignColumns{.weights = vec({1, 1, 1}), .strata = strata, .fpc = vec({4, 4, 1})});
    BOOST_TEST(close(std::pow(survey_total(census, y, {"y"}).at(0).se, 2), 4 * 0.5, 1e-14));
}

// --- bad input --------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_weights_are_located) {
    BOOST_CHECK_EXCEPTION(
        simple(vec({1, 0, 1})), InputError,
        message_has<InputError>({"DataFrame row 2", "column \"weights\"", "expected a weight > 0", "found 0"}));
    BOOST_CHECK_EXCEPTION(simple(vec({1, -2})), InputError, message_has<InputError>({"row 2", "found -2"}));
    BOOST_CHECK_EXCEPTION(simple(vec({NaN, 1})), InputError,
                          message_has<InputError>({"row 1", "found a missing value"}));
    BOOST_CHECK_EXCEPTION(simple(Eigen::VectorXd()), InputError, message_has<InputError>({"found no rows"}));
}

BOOST_AUTO_TEST_CASE(columns_of_different_lengths_are_located) {
    BOOST_CHECK_EXCEPTION(simple(vec({1, 1, 1}), make_factor({"A", "A"})), InputError,
                          message_has<InputError>({"column \"strata\"", "expected 3 values", "found 2"}));
    BOOST_CHECK_EXCEPTION(SurveyDesign(DesignColumns{.weights = vec({1, 1}), .fpc = vec({4}), .fpc_column = "N"}),
                          InputError, message_has<InputError>({"column \"N\"", "expected 2 values", "found 1"}));
    const SurveyDesign d = simple(vec({1, 1, 1}));
    BOOST_CHECK_EXCEPTION((void)survey_mean(d, vec({1, 2}), {"y"}), InputError,
                          message_has<InputError>({"column \"y\"", "expected 3 values", "found 2"}));
    BOOST_CHECK_EXCEPTION((void)survey_mean(d, vec({1, 2, 3}), {"y"}, make_factor({"a"})), InputError,
                          message_has<InputError>({"column \"by\"", "expected 3 values", "found 1"}));
}

BOOST_AUTO_TEST_CASE(bad_fpc_and_codes_are_located) {
    const Factor strata = make_factor({"A", "A", "B", "B"});
    BOOST_CHECK_EXCEPTION(
        SurveyDesign(DesignColumns{.weights = vec({1, 1, 1, 1}), .strata = strata, .fpc = vec({10, 10, 10, 12})}),
        InputError, message_has<InputError>({"row 4", "same fpc", "stratum \"B\"", "found 12"}));
    BOOST_CHECK_EXCEPTION(
        SurveyDesign(DesignColumns{.weights = vec({1, 1, 1, 1}), .strata = strata, .fpc = vec({10, 10, 0.5, 0.5})}),
        InputError, message_has<InputError>({"row 3", "counts or fractions", "found 0.5"}));
    BOOST_CHECK_EXCEPTION(
        SurveyDesign(DesignColumns{.weights = vec({1, 1, 1, 1}), .strata = strata, .fpc = vec({10, 10, 1.5, 1.5})}),
        InputError, message_has<InputError>({"row 3", ">= the 2 PSUs sampled", "found 1.5"}));
    Factor missing = strata;
    missing.codes[1] = -1;
    BOOST_CHECK_EXCEPTION(
        simple(vec({1, 1, 1, 1}), missing), InputError,
        message_has<InputError>({"row 2", "column \"strata\"", "expected a stratum, found a missing value"}));
}

BOOST_AUTO_TEST_CASE(missing_values_are_errors_unless_na_rm) {
    const SurveyDesign d = simple(vec({1, 1, 2, 2}));
    BOOST_CHECK_EXCEPTION((void)survey_mean(d, vec({1, NaN, 3, 6}), {"y"}), InputError,
                          message_has<InputError>({"row 2", "column \"y\"", "found a missing value", "na_rm"}));
    SurveyOptions o;
    o.na_rm = true;
    // Row 2 leaves the domain but stays in the design: mean (1 + 6 + 12) / 5 = 3.8, n 3, n_psu 3.
    const auto m = survey_mean(d, vec({1, NaN, 3, 6}), {"y"}, std::nullopt, o).at(0);
    BOOST_TEST(close(m.estimate, 3.8, 1e-14));
    BOOST_TEST(m.n == 3u);
    BOOST_TEST(m.df == 3);
}

BOOST_AUTO_TEST_CASE(post_stratification_margins_must_match_the_sample) {
    const SurveyDesign d = simple(vec({1, 1, 1, 1}));
    const Factor g = make_factor({"a", "a", "b", "c"});
    BOOST_CHECK_EXCEPTION(
        (void)d.post_stratify(g, {{"a", 4}, {"b", 6}}, "type"), InputError,
        message_has<InputError>({"row 4", "column \"type\"", "category \"c\"", "no population count"}));
    BOOST_CHECK_EXCEPTION((void)d.post_stratify(g, {{"a", 4}, {"b", 6}, {"c", 1}, {"d", 2}}, "type"), InputError,
                          message_has<InputError>({"category \"d\"", "no respondent in the sample"}));
    BOOST_CHECK_EXCEPTION((void)d.post_stratify(g, {{"a", 4}, {"b", 0}, {"c", 1}}, "type"), InputError,
                          message_has<InputError>({"category \"b\"", "expected a population count > 0", "found 0"}));
    const SurveyDesign once = d.post_stratify(g, {{"a", 4}, {"b", 6}, {"c", 1}}, "type");
    BOOST_CHECK_EXCEPTION((void)once.post_stratify(g, {{"a", 4}, {"b", 6}, {"c", 1}}, "type"), MethodError,
                          message_has<MethodError>({"already post-stratified"}));
    BOOST_TEST(error_of([&] {
                   (void)survey_mean(d, vec({1, 2, 3, 4}), {"y"}, std::nullopt, SurveyOptions{.level = 1.5});
               }).find("level") != std::string::npos);
}

// --- raking ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(raking_by_hand) {
    // Rows (A, B) = (a, x), (a, y), (b, x), (b, y), weights 1; population A: a 4, b 6; B: x 5, y 5.
    // Pass 1, margin A: w = 2, 2, 3, 3; margin B: sums x 5, y 5, unchanged. R's rule (the default):
    // the cells (a, x) .. (b, y) moved by 1, 1, 2, 2 in pass 1, by 0 in pass 2: converged after 2.
    // Total of y = 1, 2, 3, 5: 2 + 4 + 9 + 15 = 30. R's raking variance: u = w y = 2, 4, 9, 15;
    // margin A: u / w = 1, 2, 3, 5, means a 1.5, b 4 -> u = -1, 1, -3, 3; margin B: u / w =
    // -0.5, 0.5, -1, 1, means x -0.75, y 0.75 -> u = 0.5, -0.5, -0.75, 0.75; later passes change
    // nothing. Each row a PSU: V = 4/3 (0.25 + 0.25 + 0.5625 + 0.5625) = 13/6.
    const SurveyDesign d = simple(vec({1, 1, 1, 1}))
                               .rake({RakeMargin{make_factor({"a", "a", "b", "b"}), {{"a", 4}, {"b", 6}}, "A"},
                                      RakeMargin{make_factor({"x", "y", "x", "y"}), {{"x", 5}, {"y", 5}}, "B"}});
    BOOST_TEST(d.raked());
    BOOST_TEST(!d.post_stratified());
    BOOST_TEST(d.weights() == vec({2, 2, 3, 3}));
    const CalibrationReport& r = d.calibration().value();
    BOOST_TEST(r.converged);
    BOOST_TEST(r.margins_met);
    BOOST_TEST(r.rule == "epsilon");
    BOOST_TEST(r.threshold == 1);
    BOOST_TEST(r.iterations == 2u);
    BOOST_TEST(r.max_change == 0);
    BOOST_TEST(r.max_relative_error == 0);
    // The stricter rule stops after pass 1, where every margin is met.
    BOOST_TEST(simple(vec({1, 1, 1, 1}))
                   .rake({RakeMargin{make_factor({"a", "a", "b", "b"}), {{"a", 4}, {"b", 6}}, "A"},
                          RakeMargin{make_factor({"x", "y", "x", "y"}), {{"x", 5}, {"y", 5}}, "B"}},
                         RakeControl{.tolerance = 1e-10})
                   .calibration()
                   ->iterations == 1u);
    BOOST_TEST(r.margin_totals == std::vector<double>({10, 10}));
    const Eigen::VectorXd y = vec({1, 2, 3, 5});
    const auto t = survey_total(d, y, {"y"}).at(0);
    BOOST_TEST(close(t.estimate, 30, 1e-14));
    BOOST_TEST(close(t.se, std::sqrt(13.0 / 6), 1e-14));
    // The mean: residuals from the mean 3 over Nhat = 10; y - 3 = -2, -1, 0, 2 is y's projection
    // shifted by a constant, which every margin removes: V = 13/6 / 100.
    const auto m = survey_mean(d, y, {"y"}).at(0);
    BOOST_TEST(close(m.estimate, 3, 1e-14));
    BOOST_TEST(close(m.se, std::sqrt(13.0 / 600), 1e-14));
}

BOOST_AUTO_TEST_CASE(raking_that_cannot_converge_is_reported) {
    // Structural zeros: the sample has only (a, x) and (b, y), so A: a 3, b 7 and B: x 5, y 5
    // cannot both hold. Each pass ends with B exact and A at a 5, b 5: error 2/3 at category a.
    const std::vector<RakeMargin> margins{RakeMargin{make_factor({"a", "a", "b", "b"}), {{"a", 3}, {"b", 7}}, "A"},
                                          RakeMargin{make_factor({"x", "x", "y", "y"}), {{"x", 5}, {"y", 5}}, "B"}};
    // R's rule stops after pass 2 (no cell moves) and R reports convergence; the report says the
    // margins are missed (margins_met false, Python warns).
    const CalibrationReport by_r = simple(vec({1, 1, 1, 1})).rake(margins).calibration().value();
    BOOST_TEST(by_r.converged);
    BOOST_TEST(by_r.iterations == 2u);
    BOOST_TEST(!by_r.margins_met);
    BOOST_TEST(by_r.max_error == 2);
    const SurveyDesign d =
        simple(vec({1, 1, 1, 1})).rake(margins, RakeControl{.max_iterations = 20, .tolerance = 1e-10});
    const CalibrationReport& r = d.calibration().value();
    BOOST_TEST(!r.converged);
    BOOST_TEST(!r.margins_met);
    BOOST_TEST(r.iterations == 20u);
    BOOST_TEST(close(r.max_relative_error, 2.0 / 3, 1e-12));
    BOOST_TEST(r.worst_column == "A");
    BOOST_TEST(r.worst_category == "a");
    BOOST_TEST(d.weights() == vec({2.5, 2.5, 2.5, 2.5}));
}

BOOST_AUTO_TEST_CASE(raking_margins_must_match_the_sample) {
    const SurveyDesign d = simple(vec({1, 1, 1, 1}));
    const Factor a = make_factor({"a", "a", "b", "c"});
    const RakeMargin good{make_factor({"x", "y", "x", "y"}), {{"x", 5}, {"y", 5}}, "B"};
    BOOST_CHECK_EXCEPTION(
        (void)d.rake({good, RakeMargin{a, {{"a", 4}, {"b", 6}}, "type"}}), InputError,
        message_has<InputError>({"row 4", "column \"type\"", "category \"c\"", "no population count"}));
    BOOST_CHECK_EXCEPTION((void)d.rake({RakeMargin{a, {{"a", 4}, {"b", 6}, {"c", 1}, {"d", 2}}, "type"}}), InputError,
                          message_has<InputError>({"category \"d\"", "no respondent in the sample"}));
    BOOST_CHECK_EXCEPTION((void)d.rake({}), MethodError, message_has<MethodError>({"one or more margins"}));
    const SurveyDesign raked = d.rake({good});
    BOOST_CHECK_EXCEPTION((void)raked.rake({good}), MethodError, message_has<MethodError>({"already raked"}));
    BOOST_CHECK_EXCEPTION((void)raked.post_stratify(good.categories, good.population, "B"), MethodError,
                          message_has<MethodError>({"already raked"}));
}

BOOST_AUTO_TEST_CASE(raking_matches_r_survey) {
    // tests/reference/survey_rake/rake_refs.csv: R's survey 4.1-1 rake() (converged to 1e-15) on
    // R1 = D2 raked on stype and sch.wide, R2 = D1 raked on sch.wide and awards.
    const Api api;
    const auto margin = [](const Columns& data, const std::string& column) {
        std::map<std::string, double> pop;
        if (column == "stype") pop = {{"E", 4421}, {"H", 755}, {"M", 1018}};
        if (column == "sch.wide") pop = {{"No", 1072}, {"Yes", 5122}};
        if (column == "awards") pop = {{"No", 2027}, {"Yes", 4167}};
        return RakeMargin{data.factor(column), pop, column};
    };
    // The references' own control (R's epsilon 1e-15 < 1: times the sum of the weights, maxit
    // 1000), and the stricter tolerance rule; both converge to the same weights.
    for (const RakeControl& control : {RakeControl{.max_iterations = 1000, .epsilon = 1e-15},
                                       RakeControl{.max_iterations = 1000, .tolerance = 1e-14}}) {
        const SurveyDesign r1 = api.d2.rake({margin(api.clus1, "stype"), margin(api.clus1, "sch.wide")}, control);
        const SurveyDesign r2 = api.d1.rake({margin(api.strat, "sch.wide"), margin(api.strat, "awards")}, control);
        BOOST_TEST(r1.calibration()->converged);
        BOOST_TEST(r2.calibration()->converged);
        BOOST_TEST(r1.calibration()->margins_met);
        const CsvTable ref = read_csv(std::filesystem::path(GOVINDEX_SOURCE_DIR) / "tests" / "reference" /
                                      "survey_rake" / "rake_refs.csv");
        std::size_t checked = 0;
        for (const auto& row : ref.rows) {
            const SurveyDesign& d = row[0] == "R1" ? r1 : r2;
            const Columns& data = row[0] == "R1" ? api.clus1 : api.strat;
            const double want = std::stod(row[4]);
            if (row[1] == "weight_sum") {
                BOOST_TEST(close(d.weights().sum(), want, 1e-12));
            } else if (row[1] == "weight_first") {
                BOOST_TEST(close(d.weights()[0], want, 1e-12));
            } else if (row[1] == "weight_last") {
                BOOST_TEST(close(d.weights()[d.rows() - 1], want, 1e-12));
            } else {
                std::optional<Factor> by;
                if (!row[3].empty()) by = data.factor("stype");
                std::vector<SurveyEstimate> list;
                if (row[1] == "ratio")
                    list = survey_ratio(d, data.number("api.stu"), data.number("enroll"), {"api.stu"}, {"enroll"}, by);
                else if (row[1] == "mean")
                    list = survey_mean(d, data.number(row[2]), {row[2]}, by);
                else
                    list = survey_total(d, data.number(row[2]), {row[2]}, by);
                const std::string domain = row[3].empty() ? "" : row[3].substr(row[3].find('=') + 1);
                const auto it =
                    std::find_if(list.begin(), list.end(), [&](const SurveyEstimate& e) { return e.domain == domain; });
                BOOST_REQUIRE(it != list.end());
                BOOST_TEST(close(it->estimate, want, 1e-9), row[0] << " " << row[1] << " " << row[2] << " " << row[3]);
                BOOST_TEST(close(it->se, std::stod(row[5]), 1e-9), row[0] << " " << row[1] << " " << row[2] << " "
                                                                          << row[3] << " se " << it->se << " vs "
                                                                          << row[5]);
            }
            ++checked;
        }
        BOOST_TEST(checked == 22u);
    }
}

BOOST_AUTO_TEST_CASE(raking_stops_by_rs_default_rule) {
    // R's rake() default control = list(maxit = 10, epsilon = 1): R1 stops after 4 sweeps, R2 after
    // 7 (the sweep in which no cell of svytable(~stype + sch.wide) moves by 1 or more; the cell
    // moves per sweep, derived in tests/python/test_survey_calibration.py by R's loop in numpy:
    // R1 579.2, 50.0, 3.98, 0.320; R2 209.4, 60.9, 24.1, 10.0, 4.25, 1.82, 0.779). Before, the
    // default ran to a relative tolerance of 1e-10 (9 sweeps on R1) and differed from R by 5e-6.
    const Api api;
    const RakeMargin stype{api.clus1.factor("stype"), {{"E", 4421}, {"H", 755}, {"M", 1018}}, "stype"};
    const RakeMargin schwide{api.clus1.factor("sch.wide"), {{"No", 1072}, {"Yes", 5122}}, "sch.wide"};
    const CalibrationReport r1 = *api.d2.rake({stype, schwide}).calibration();
    BOOST_TEST(r1.iterations == 4u);
    BOOST_TEST(r1.converged);
    BOOST_TEST(r1.margins_met);
    BOOST_TEST(close(r1.max_change, 0.3196316173266496, 1e-9));
    const RakeMargin schwide2{api.strat.factor("sch.wide"), {{"No", 1072}, {"Yes", 5122}}, "sch.wide"};
    const RakeMargin awards{api.strat.factor("awards"), {{"No", 2027}, {"Yes", 4167}}, "awards"};
    const CalibrationReport r2 = *api.d1.rake({schwide2, awards}).calibration();
    BOOST_TEST(r2.iterations == 7u);
    BOOST_TEST(close(r2.max_change, 0.7791733226752058, 1e-9));
    BOOST_CHECK_EXCEPTION((void)api.d1.rake({schwide2}, RakeControl{.epsilon = 1, .tolerance = 1e-10}), MethodError,
                          message_has<MethodError>({"one stopping rule"}));
    BOOST_CHECK_EXCEPTION((void)api.d1.rake({schwide2}, RakeControl{.epsilon = 0}), MethodError,
                          message_has<MethodError>({"epsilon", "expected a number > 0"}));
}

BOOST_AUTO_TEST_CASE(raking_variance_equals_rs_sweeps_over_the_rows) {
    // The closed form (src/engines/survey/survey.cpp, RakeTables) against R's svyrecvar written out: x = w r in the
    // domain, ten sweeps of x <- x - w_m ave(x / w_m) over three margins, PSU totals, the stratified
    // variance. 600 rows in 4 strata x 5 clusters, 3 domains, unequal weights.
    std::mt19937_64 g(7);
    std::uniform_real_distribution<double> unif(0, 1);
    const Eigen::Index n = 600;
    Eigen::VectorXd w(n), y(n);
    std::vector<std::string> strata, clusters, m1, m2, m3, dom;
    for (Eigen::Index i = 0; i < n; ++i) {
        w[i] = 1 + 4 * unif(g);
        y[i] = 10 * unif(g) + static_cast<double>(i % 7);
        strata.push_back("s" + std::to_string(i % 4));
        clusters.push_back("c" + std::to_string((i / 4) % 5));
        m1.push_back(unif(g) < 0.4 ? "a" : "b");
        m2.push_back("x" + std::to_string(static_cast<int>(3 * unif(g))));
        m3.push_back(unif(g) < 0.7 ? "u" : "v");
        dom.push_back("d" + std::to_string(static_cast<int>(3 * unif(g))));
    }
    const SurveyDesign base(
        DesignColumns{.weights = w, .strata = make_factor(strata), .clusters = make_factor(clusters)});
    const SurveyDesign d = base.rake({RakeMargin{make_factor(m1), {{"a", 800}, {"b", 1200}}, "m1"},
                                      RakeMargin{make_factor(m2), {{"x0", 700}, {"x1", 600}, {"x2", 700}}, "m2"},
                                      RakeMargin{make_factor(m3), {{"u", 1500}, {"v", 500}}, "m3"}},
                                     RakeControl{.max_iterations = 500, .tolerance = 1e-13});
    BOOST_REQUIRE(d.calibration()->converged);
    const Factor by = make_factor(dom);
    const auto means = survey_mean(d, y, {"y"}, by);
    const auto totals = survey_total(d, y, {"y"}, by);
    for (std::size_t k = 0; k < 3; ++k) {
        for (const bool mean : {true, false}) {
            const SurveyEstimate& e = mean ? means[k] : totals[k];
            Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
            for (Eigen::Index i = 0; i < n; ++i)
                if (by.codes[i] == static_cast<int>(k)) x[i] = d.weights()[i] * (mean ? y[i] - e.estimate : y[i]);
            for (int pass = 0; pass < 10; ++pass)
                for (std::size_t m = 0; m < 3; ++m) {
                    const auto& codes = d.rake_codes()[m];
                    const Eigen::VectorXd& wm = d.rake_weights()[m];
                    std::vector<double> sum(d.rake_group_rows()[m].size(), 0.0);
                    for (Eigen::Index i = 0; i < n; ++i)
                        sum[static_cast<std::size_t>(codes[static_cast<std::size_t>(i)])] += x[i] / wm[i];
                    for (Eigen::Index i = 0; i < n; ++i) {
                        const auto c = static_cast<std::size_t>(codes[static_cast<std::size_t>(i)]);
                        x[i] -= wm[i] * sum[c] / d.rake_group_rows()[m][c];
                    }
                }
            // 4 strata x 5 PSUs; V = sum_h 5/4 sum_c (z_hc - zbar_h)^2 (no fpc).
            Eigen::MatrixXd z = Eigen::MatrixXd::Zero(4, 5);
            for (Eigen::Index i = 0; i < n; ++i) z(i % 4, (i / 4) % 5) += x[i];
            double v = 0;
            for (Eigen::Index h = 0; h < 4; ++h) v += 5.0 / 4.0 * (z.row(h).array() - z.row(h).mean()).square().sum();
            double domain_w = 0;
            for (Eigen::Index i = 0; i < n; ++i)
                if (by.codes[i] == static_cast<int>(k)) domain_w += d.weights()[i];
            const double se = mean ? std::sqrt(v) / domain_w : std::sqrt(v);
            BOOST_TEST(close(e.se, se, 1e-10),
                       "domain " << k << (mean ? " mean" : " total") << ": " << e.se << " vs " << se);
        }
    }
}

// --- sampling helpers -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(slovin_and_sample_size_by_hand) {
    BOOST_TEST(slovin_sample_size(1000, 0.05) == 286u);  // 1000 / 3.5 = 285.71
    BOOST_TEST(slovin_sample_size(500, 0.1) == 84u);     // 500 / 6 = 83.33
    BOOST_TEST(slovin_sample_size(400, 0.05) == 200u);   // 400 / 2 = 200 exactly
    BOOST_CHECK_THROW((void)slovin_sample_size(1000, 0), MethodError);
    BOOST_CHECK_THROW((void)slovin_sample_size(0, 0.05), MethodError);
    // z = 1.959963984540054: n0 = z^2 0.25 / 0.05^2 = 384.146
    BOOST_TEST(sample_size(0.05) == 385u);
    BOOST_TEST(sample_size(0.05, {.deff = 2}) == 769u);           // 768.29
    BOOST_TEST(sample_size(0.05, {.population = 1000}) == 278u);  // 384.146 / (1 + 383.146 / 1000) = 277.73
    BOOST_TEST(sample_size(2, {.sd = 10}) == 97u);                // 3.8415 * 100 / 4 = 96.04
    BOOST_TEST(sample_size(0.03, {.proportion = 0.2, .level = 0.9}) == 481u);  // 1.644854^2 0.16 / 0.0009 = 480.99
    BOOST_CHECK_EXCEPTION((void)sample_size(0.05, {.deff = 0}), MethodError, message_has<MethodError>({"deff"}));
}

BOOST_AUTO_TEST_CASE(pps_systematic_by_hand) {
    // Sizes 10, 20, 30, 40 (total 100), n = 2, start 0.5: interval 50, points 25 and 75 fall in
    // units 1 (cumulative 10..30) and 3 (60..100); probabilities 2 * 20 / 100 and 2 * 40 / 100.
    const auto s = pps_systematic(vec({10, 20, 30, 40}), 2, 0, 0.5);
    BOOST_REQUIRE(s.size() == 2u);
    BOOST_TEST(s[0].unit == 1u);
    BOOST_TEST(s[1].unit == 3u);
    BOOST_TEST(close(s[0].probability, 0.4, 1e-15));
    BOOST_TEST(close(s[1].weight, 1.25, 1e-15));
    // Sizes 50, 10, 20, 5, 15, 100, n = 3: 3 * 100 / 200 >= 1, unit 5 certain; then 2 * 50 / 100 = 1,
    // unit 0 certain; the last unit from 10, 20, 5, 15 (total 50, interval 50), start 0.3: point 15
    // is in unit 2 (cumulative 10..30), probability 20 / 50.
    const auto c = pps_systematic(vec({50, 10, 20, 5, 15, 100}), 3, 0, 0.3);
    BOOST_REQUIRE(c.size() == 3u);
    BOOST_TEST(c[0].unit == 0u);
    BOOST_TEST(c[0].certainty);
    BOOST_TEST(c[0].probability == 1);
    BOOST_TEST(c[1].unit == 2u);
    BOOST_TEST(!c[1].certainty);
    BOOST_TEST(close(c[1].probability, 0.4, 1e-15));
    BOOST_TEST(c[2].unit == 5u);
    BOOST_TEST(c[2].certainty);
    // Seeded: the start is the first uniform of the Philox stream (seed, 0, "PPSS"), the same
    // everywhere (this value pins it on every platform).
    const double u = 0x1.91d79e73d5d43p-2;
    Eigen::VectorXd sizes(200);
    for (Eigen::Index i = 0; i < sizes.size(); ++i) sizes[i] = 1 + static_cast<double>((i * 37) % 101);
    sizes[7] = 5000;
    const auto a = pps_systematic(sizes, 20, 42), b = pps_systematic(sizes, 20, 42, u);
    BOOST_REQUIRE(a.size() == 20u);
    BOOST_TEST(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) BOOST_TEST(a[i].unit == b[i].unit);
    // Unit 7 (size 5000 of 15,151 in all; 20 x 5000 / 15,151 >= 1) reaches the interval: certain; no unit is taken
    // twice.
    const auto seven = std::find_if(a.begin(), a.end(), [](const PpsSelection& e) { return e.unit == 7u; });
    BOOST_REQUIRE(seven != a.end());
    BOOST_TEST(seven->certainty);
    BOOST_TEST(std::count_if(a.begin(), a.end(), [](const PpsSelection& e) { return e.certainty; }) == 1);
    for (std::size_t i = 1; i < a.size(); ++i) BOOST_TEST(a[i - 1].unit < a[i].unit);
    BOOST_CHECK_EXCEPTION((void)pps_systematic(vec({1, 0, 2}), 1, 0), MethodError,
                          message_has<MethodError>({"unit 2", "expected a size > 0", "found 0"}));
    BOOST_CHECK_EXCEPTION((void)pps_systematic(vec({1, 2}), 3, 0), MethodError, message_has<MethodError>({"n:"}));
}

// --- issue 21: degenerate cells, no silent NaN/inf -------------------------------------------------

BOOST_AUTO_TEST_CASE(degenerate_cells_are_suppressed_or_flagged) {
    // Six rows, each a PSU; domain a's 0/1 variable is 0 throughout: 0 +- 0 with [0, 0], published
    // unflagged before. Now suppressed with the reason, or kept (R's numbers) and flagged.
    const SurveyDesign d = simple(vec({2, 2, 2, 3, 3, 3}));
    const Factor by = make_factor({"a", "a", "a", "b", "b", "b"});
    const Eigen::VectorXd y = vec({0, 0, 0, 1, 0, 1});
    const auto a = survey_mean(d, y, {"y"}, by).at(0);
    BOOST_TEST(a.suppressed);
    BOOST_TEST(std::isnan(a.estimate));
    BOOST_TEST(a.reason == "degenerate cell: SE 0 (no variation between PSUs: the interval is a single point)");
    const auto kept = survey_mean(d, y, {"y"}, by, SurveyOptions{.degenerate = DegenerateCells::flag}).at(0);
    BOOST_TEST(!kept.suppressed);
    BOOST_TEST((kept.estimate == 0 && kept.se == 0 && kept.ci_low == 0 && kept.ci_high == 0));
    BOOST_TEST(kept.reason.find("degenerate cell (flagged): SE 0") != std::string::npos);
    const auto b = survey_mean(d, y, {"y"}, by).at(1);
    BOOST_TEST(!b.suppressed);
    BOOST_TEST(b.reason.empty());
    // A proportion at 1: its only level.
    const auto p = survey_proportion(d, make_factor({"x", "x", "x", "x", "x", "x"}), "q").at(0);
    BOOST_TEST(p.suppressed);
    BOOST_TEST(p.reason.find("a proportion estimated at 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(extreme_values_give_finite_results_or_located_errors) {
    // Weights 2^1017 (1.4e306): sums overflowed to inf (NaN means, inf SEs). Now equal to the
    // weights-1 results (means) or 2^1017 times them (totals) where representable.
    const Eigen::VectorXd y = vec({1, 2, 4, 8, 3, 5}), small = vec({0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(6);
    const SurveyDesign one = simple(ones), huge = simple(ones * 0x1p1017);
    const auto m1 = survey_mean(one, y, {"y"}).at(0), m2 = survey_mean(huge, y, {"y"}).at(0);
    BOOST_TEST(m2.estimate == m1.estimate);
    BOOST_TEST(m2.se == m1.se);
    const auto t1 = survey_total(one, small, {"s"}).at(0), t2 = survey_total(huge, small, {"s"}).at(0);
    BOOST_TEST(t2.estimate == t1.estimate * 0x1p1017);
    BOOST_TEST(t2.se == t1.se * 0x1p1017);
    const Eigen::VectorXd y10 = y * 10;  // a total of 230 x 1.4e306, beyond 1.8e308
    BOOST_CHECK_EXCEPTION(
        (void)survey_total(huge, y10, {"y"}), NumericError,
        message_has<NumericError>({"survey_total of \"y\"", "expected a finite estimate", "found inf"}));
    // A ratio over a zero denominator in a domain: suppressed with the reason.
    const Factor by = make_factor({"a", "a", "a", "b", "b", "b"});
    const auto r = survey_ratio(one, y, vec({0, 0, 0, 1, 1, 1}), {"y"}, {"x"}, by);
    BOOST_TEST(r.at(0).suppressed);
    BOOST_TEST(r.at(0).reason == "the ratio is not defined: its denominator sums to 0 in domain \"a\"");
    BOOST_TEST(r.at(1).estimate == 16.0 / 3);
    // inf in a variable: an InputError at its row, also with na_rm.
    const Eigen::VectorXd inf = vec({1, 2, std::numeric_limits<double>::infinity(), 4, 5, 6});
    BOOST_CHECK_EXCEPTION((void)survey_mean(one, inf, {"y"}, std::nullopt, SurveyOptions{.na_rm = true}), InputError,
                          message_has<InputError>({"row 3", "column \"y\"", "expected a finite number", "found inf"}));
    // Every stratum a single PSU under average: refused (R: NaN SEs, no reason).
    BOOST_CHECK_EXCEPTION(
        SurveyDesign(
            DesignColumns{.weights = vec({1, 1}), .strata = make_factor({"a", "b"}), .lonely_psu = LonelyPsu::average}),
        MethodError, message_has<MethodError>({"lonely_psu = average", "every stratum (2) has a single PSU"}));
}
