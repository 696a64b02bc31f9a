#define BOOST_TEST_MODULE survey_replicates
#include <boost/test/unit_test.hpp>

#include <map>

#include <govindex/engines/survey/survey.hpp>
#include <govindex/model/io.hpp>

#include "test_support.hpp"

// References: R's survey 4.1-1 on R 4.2.2, made by tests/reference/survey_replicates/make_reference.R
// (README there): replicate designs J1 (JK1), JN (JKn), B1/B2 (bootstrap columns) and the
// two-stage M2. Every row is compared within 1e-9 relative; quantile estimates and ends exactly.

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

std::filesystem::path ref_dir() {
    return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "tests" / "reference" / "survey_replicates";
}
std::filesystem::path data_dir() {
    return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "tests" / "reference" / "survey" / "data";
}

struct Columns {
    std::map<std::string, std::vector<std::string>> text;
    std::vector<std::string> header;
    explicit Columns(const std::filesystem::path& path) {
        const CsvTable t = read_csv(path);
        header = t.header;
        for (std::size_t c = 0; c < t.header.size(); ++c)
            for (const auto& row : t.rows) text[t.header[c]].push_back(row[c]);
    }
    Eigen::VectorXd number(const std::string& name) const {
        const auto& v = text.at(name);
        Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
        for (std::size_t i = 0; i < v.size(); ++i)
            out[static_cast<Eigen::Index>(i)] = v[i].empty() ? NaN : parse_number(v[i], {"test", 0}, name);
        return out;
    }
    Factor factor(const std::string& name) const { return make_factor(text.at(name)); }
};

struct Api {
    Columns strat{data_dir() / "apistrat.csv"};
    Columns clus1{data_dir() / "apiclus1.csv"};
    Columns clus2{ref_dir() / "data" / "apiclus2.csv"};
    Columns boot{ref_dir() / "boot_weights.csv"};
    SurveyDesign d1 = SurveyDesign(
        DesignColumns{.weights = strat.number("pw"), .strata = strat.factor("stype"), .fpc = strat.number("fpc")});
    SurveyDesign d2 = SurveyDesign(
        DesignColumns{.weights = clus1.number("pw"), .clusters = clus1.factor("dnum"), .fpc = clus1.number("fpc")});
    ReplicateDesign j1 = ReplicateDesign::from_design(d2, ReplicateType::jk1);
    ReplicateDesign jn = ReplicateDesign::from_design(d1, ReplicateType::jkn);
    Eigen::MatrixXd boot_weights() const {
        Eigen::MatrixXd m(static_cast<Eigen::Index>(boot.text.at("rep01").size()), 50);
        for (Eigen::Index r = 0; r < 50; ++r) m.col(r) = boot.number(boot.header[static_cast<std::size_t>(r)]);
        return m;
    }
    ReplicateDesign b1 = ReplicateDesign(ReplicateColumns{
        .weights = clus1.number("pw"), .replicates = boot_weights(), .type = ReplicateType::bootstrap});
    ReplicateDesign b2 = ReplicateDesign(ReplicateColumns{.weights = clus1.number("pw"),
                                                          .replicates = boot_weights(),
                                                          .type = ReplicateType::other,
                                                          .scale = 0.02,
                                                          .rscales = {1.0},
                                                          .mse = true});
    SurveyDesign m2 = SurveyDesign(DesignColumns{.weights = clus2.number("pw"),
                                                 .clusters = clus2.factor("dnum"),
                                                 .fpc = clus2.number("fpc1"),
                                                 .later_stages = {DesignStage{.clusters = clus2.factor("snum"),
                                                                              .fpc = clus2.number("fpc2"),
                                                                              .clusters_column = "snum",
                                                                              .fpc_column = "fpc2"}}});
};

template <class Design>
std::vector<SurveyEstimate> run(const Design& design, const Columns& data, const std::vector<std::string>& ref,
                                unsigned threads) {
    const std::string &statistic = ref[1], &variable = ref[2], &group = ref[3];
    std::optional<Factor> by;
    if (!group.empty()) by = data.factor("stype");
    SurveyOptions o;
    o.na_rm = ref[15] == "TRUE";
    o.threads = threads;
    if (variable == "I(api00 > 700)") {
        std::vector<std::string> over;
        for (const auto& v : data.text.at("api00")) over.push_back(std::stod(v) > 700 ? "TRUE" : "FALSE");
        return survey_proportion(design, make_factor(over), variable, by, o);
    }
    if (statistic == "ratio")
        return survey_ratio(design, data.number("api.stu"), data.number("enroll"), {"api.stu"}, {"enroll"}, by, o);
    if (statistic == "mean") return survey_mean(design, data.number(variable), {variable}, by, o);
    if (statistic == "total") return survey_total(design, data.number(variable), {variable}, by, o);
    return survey_quantile(design, data.number(variable), {variable}, {0.25, 0.5, 0.75}, by, o);
}

SurveyEstimate compute(const Api& api, const std::vector<std::string>& ref, unsigned threads = 0) {
    const std::string& name = ref[0];
    std::vector<SurveyEstimate> list;
    if (name == "J1")
        list = run(api.j1, api.clus1, ref, threads);
    else if (name == "JN")
        list = run(api.jn, api.strat, ref, threads);
    else if (name == "B1")
        list = run(api.b1, api.clus1, ref, threads);
    else if (name == "B2")
        list = run(api.b2, api.clus1, ref, threads);
    else
        list = run(api.m2, api.clus2, ref, threads);
    const std::string domain = ref[3].empty() ? "" : ref[3].substr(ref[3].find('=') + 1);
    for (const auto& e : list)
        if (e.domain == domain && e.level == ref[9] && (ref[10].empty() || e.prob == std::stod(ref[10]))) return e;
    BOOST_FAIL("no estimate for " + name + " " + ref[1] + " " + ref[2] + " " + ref[3]);
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

}  // namespace

BOOST_AUTO_TEST_CASE(every_replicate_and_two_stage_row_matches_r_survey) {
    const Api api;
    std::size_t rows = 0;
    double worst = 0;
    for (const char* file : {"replicates.csv", "twostage.csv"}) {
        const CsvTable ref = read_csv(ref_dir() / file);
        BOOST_TEST_REQUIRE(ref.header[4] == "estimate");
        for (const auto& r : ref.rows) {
            const SurveyEstimate e = compute(api, r);
            BOOST_TEST_CONTEXT(file << ": " << r[0] << " " << r[1] << " " << r[2] << " " << r[3] << " " << r[9] << " "
                                    << r[10]) {
                const double expected[] = {std::stod(r[4]), std::stod(r[5]), std::stod(r[6]), std::stod(r[7])};
                const double actual[] = {e.estimate, e.se, e.ci_low, e.ci_high};
                for (int k = 0; k < 4; ++k) {
                    if (r[1] == "quantile" && k != 1) BOOST_TEST(actual[k] == expected[k]);
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
                if (r[0] != "B1" && r[0] != "B2") BOOST_TEST(e.n_psu == std::stoul(r[14]));  // columns: PSUs unknown
            }
            ++rows;
        }
    }
    BOOST_TEST(rows == 65u);
    BOOST_TEST_MESSAGE("replicate/two-stage references: " << rows << " rows, max relative difference " << worst);
}

BOOST_AUTO_TEST_CASE(replicate_designs_have_rs_scale_rscales_and_degf) {
    const Api api;
    // VERSIONS.txt: J1 scale 0.91483927785116681, degf 14; JN 200 replicates, degf 197; B1 scale 1/49, degf 14.
    BOOST_TEST(api.j1.replicates() == 15u);
    BOOST_TEST(relative(api.j1.scale(), 0.91483927785116681) <= 1e-15);
    BOOST_TEST(api.j1.degrees_of_freedom() == 14);
    BOOST_TEST(api.jn.replicates() == 200u);
    BOOST_TEST(api.jn.degrees_of_freedom() == 197);
    BOOST_TEST(relative(api.jn.rscales().front(), 0.96760687627233655) <= 1e-15);
    BOOST_TEST(relative(api.b1.scale(), 1.0 / 49) <= 1e-15);
    BOOST_TEST(api.b1.degrees_of_freedom() == 14);
    BOOST_TEST(api.m2.degrees_of_freedom() == 39);
    BOOST_TEST(api.m2.variance_stages().size() == 1u);
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_thread_count) {
    const Api api;
    const ReplicateDesign b4 = ReplicateDesign::from_design(api.d1, ReplicateType::bootstrap, 40, 7);
    const ReplicateDesign b4again = ReplicateDesign::from_design(api.d1, ReplicateType::bootstrap, 40, 7);
    BOOST_TEST((b4.multipliers() == b4again.multipliers()));
    BOOST_TEST(
        !(b4.multipliers() == ReplicateDesign::from_design(api.d1, ReplicateType::bootstrap, 40, 8).multipliers()));
    // Replicate r draws from its own stream (seed, r): the first 5 of 40 replicates, made on every
    // core in any order, are the 5 replicates made alone.
    const ReplicateDesign b5 = ReplicateDesign::from_design(api.d1, ReplicateType::bootstrap, 5, 7);
    BOOST_TEST((b4.multipliers().leftCols(5) == b5.multipliers()));
    // Rao-Wu with an fpc: each stratum's multipliers add up to its n_h PSUs drawn.
    BOOST_TEST(b4.multipliers().col(0).sum() == 200);
    const Eigen::VectorXd y = api.strat.number("api00");
    for (const ReplicateDesign* d : {&api.j1, &api.jn, &b4}) {
        const Eigen::VectorXd& yy = d == &api.j1 ? api.clus1.number("api00") : y;
        const Factor by = d == &api.j1 ? api.clus1.factor("stype") : api.strat.factor("stype");
        SurveyOptions one;
        one.threads = 1;
        const auto a = survey_mean(*d, yy, {"api00"}, by, one);
        for (unsigned threads : {2u, 3u, 4u}) {
            SurveyOptions more;
            more.threads = threads;
            const auto b = survey_mean(*d, yy, {"api00"}, by, more);
            BOOST_REQUIRE(a.size() == b.size());
            for (std::size_t k = 0; k < a.size(); ++k) {
                BOOST_TEST(a[k].estimate == b[k].estimate);
                BOOST_TEST(a[k].se == b[k].se);
            }
        }
    }
}

// --- tiny cases by hand ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(jk1_by_hand) {
    // Three PSUs (rows), weights 1, 1, 2, y = 1, 2, 6; no fpc. Full mean = (1 + 2 + 12) / 4 = 3.75.
    // Replicates (multipliers 3/2, 0 for the deleted PSU): without 1: (2 + 12) / 3 = 14/3;
    // without 2: (1 + 12) / 3 = 13/3; without 3: (1 + 2) / 2 = 1.5. Mean of these 10.5/3 = 3.5;
    // deviations 7/6, 5/6, -2; sum of squares 49/36 + 25/36 + 4 = 218/36; scale 2/3:
    // V = 218/54 = 109/27.
    const SurveyDesign d(DesignColumns{.weights = (Eigen::VectorXd(3) << 1, 1, 2).finished()});
    const ReplicateDesign r = ReplicateDesign::from_design(d, ReplicateType::jk1);
    BOOST_TEST(r.replicates() == 3u);
    BOOST_TEST(r.degrees_of_freedom() == 2);
    const Eigen::VectorXd y = (Eigen::VectorXd(3) << 1, 2, 6).finished();
    const auto m = survey_mean(r, y, {"y"}).at(0);
    BOOST_TEST(close(m.estimate, 3.75, 1e-15));
    BOOST_TEST(close(m.se, std::sqrt(109.0 / 27), 1e-14));
    // The same replicates given as columns (combined weights): identical.
    Eigen::MatrixXd cols(3, 3);
    cols << 0, 1.5, 1.5, 1.5, 0, 1.5, 3, 3, 0;
    const ReplicateDesign given(ReplicateColumns{
        .weights = (Eigen::VectorXd(3) << 1, 1, 2).finished(), .replicates = cols, .type = ReplicateType::jk1});
    BOOST_TEST(close(survey_mean(given, y, {"y"}).at(0).se, std::sqrt(109.0 / 27), 1e-14));
    // mse: centred at 3.75: deviations 11/12, 7/12, -9/4; squares (121 + 49 + 729) / 144 = 899/144; V = 2/3 of it.
    const ReplicateDesign mse(ReplicateColumns{.weights = (Eigen::VectorXd(3) << 1, 1, 2).finished(),
                                               .replicates = cols,
                                               .type = ReplicateType::jk1,
                                               .mse = true});
    BOOST_TEST(close(survey_mean(mse, y, {"y"}).at(0).se, std::sqrt(899.0 / 216), 1e-14));
}

BOOST_AUTO_TEST_CASE(two_stage_by_hand) {
    // Two PSUs of 4 in the population (f1 = 1/2); PSU a: SSUs a1 (y 1), a2 (y 3) of 4 (f2 = 1/2);
    // PSU b: SSUs b1 (y 2), b2 (y 6) of 2 (f2 = 1). Weights 4 for a, 2 for b. Total:
    // x = 4, 12, 4, 12; PSU totals 16, 16: first stage (1 - 1/2) 2 (0 + 0) = 0.
    // Second stage: PSU a: units 4, 12, mean 8, squares 32, (1 - 1/2) 2/1 32 = 32, times f1 = 1/2: 16;
    // PSU b sampled completely: 0. V = 16, SE 4. Without fpc only the first stage: 0.
    Eigen::VectorXd w(4), y(4), fpc1(4), fpc2(4);
    w << 4, 4, 2, 2;
    y << 1, 3, 2, 6;
    fpc1 << 4, 4, 4, 4;
    fpc2 << 4, 4, 2, 2;
    const Factor psu = make_factor({"a", "a", "b", "b"});
    const Factor ssu = make_factor({"1", "2", "1", "2"});
    const SurveyDesign d(DesignColumns{
        .weights = w, .clusters = psu, .fpc = fpc1, .later_stages = {DesignStage{.clusters = ssu, .fpc = fpc2}}});
    const auto t = survey_total(d, y, {"y"}).at(0);
    BOOST_TEST(t.estimate == 32);
    BOOST_TEST(close(t.se, 4, 1e-14));
    const SurveyDesign first_only(
        DesignColumns{.weights = w, .clusters = psu, .later_stages = {DesignStage{.clusters = ssu, .fpc = fpc2}}});
    BOOST_TEST(first_only.variance_stages().empty());
    // SE 0 is a degenerate cell: suppressed by default, R's 0 kept (and flagged) on request.
    const auto zero = survey_total(first_only, y, {"y"}).at(0);
    BOOST_TEST(zero.suppressed);
    BOOST_TEST(std::isnan(zero.se));
    BOOST_TEST(zero.reason.find("SE 0") != std::string::npos);
    const auto flagged =
        survey_total(first_only, y, {"y"}, std::nullopt, SurveyOptions{.degenerate = DegenerateCells::flag}).at(0);
    BOOST_TEST(!flagged.suppressed);
    BOOST_TEST(flagged.se == 0);
    BOOST_TEST(flagged.reason.find("degenerate cell (flagged): SE 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(two_stage_weights_from_the_fpc) {
    // R's svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2) without weights: weight = 1 / prod of
    // (sampled / population) per stage: PSU a: (2/4)(2/4) -> 4; PSU b: (2/4)(2/2) -> 2, the weights
    // of two_stage_by_hand, so the same total 32 and SE 4. Fractions give the same weights.
    Eigen::VectorXd y(4), fpc1(4), fpc2(4), f1(4), f2(4);
    y << 1, 3, 2, 6;
    fpc1 << 4, 4, 4, 4;
    fpc2 << 4, 4, 2, 2;
    f1 << 0.5, 0.5, 0.5, 0.5;
    f2 << 0.5, 0.5, 1, 1;
    const Factor psu = make_factor({"a", "a", "b", "b"});
    const Factor ssu = make_factor({"1", "2", "1", "2"});
    const SurveyDesign d(
        DesignColumns{.clusters = psu, .fpc = fpc1, .later_stages = {DesignStage{.clusters = ssu, .fpc = fpc2}}});
    Eigen::VectorXd expected(4);
    expected << 4, 4, 2, 2;
    BOOST_TEST(d.weights() == expected);
    BOOST_TEST(d.base_weights() == expected);
    const auto t = survey_total(d, y, {"y"}).at(0);
    BOOST_TEST(t.estimate == 32);
    BOOST_TEST(close(t.se, 4, 1e-14));
    const SurveyDesign fractions(
        DesignColumns{.clusters = psu, .fpc = f1, .later_stages = {DesignStage{.clusters = ssu, .fpc = f2}}});
    BOOST_TEST(fractions.weights() == expected);
    // Without the second stage's fpc the weights cannot be derived (R: an error too).
    BOOST_CHECK_EXCEPTION(
        (void)SurveyDesign(DesignColumns{.clusters = psu, .fpc = fpc1, .later_stages = {DesignStage{.clusters = ssu}}}),
        InputError,
        [](const InputError& e) { return std::string(e.what()).find("no fpc for stage 2") != std::string::npos; });
}

// --- bad input ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_replicate_weights_are_located) {
    Eigen::MatrixXd cols(3, 2);
    cols << 1, 1, -1, 1, 1, 1;
    const Eigen::VectorXd w = Eigen::VectorXd::Ones(3);
    const auto negative = error_of([&] {
        (void)ReplicateDesign(ReplicateColumns{.weights = w, .replicates = cols, .replicate_columns = {"r1", "r2"}});
    });
    BOOST_TEST(negative.find("row 2") != std::string::npos, negative);
    BOOST_TEST(negative.find("\"r1\"") != std::string::npos, negative);
    BOOST_TEST(negative.find("expected a replicate weight >= 0, found -1") != std::string::npos, negative);
    BOOST_CHECK_THROW((void)ReplicateDesign(ReplicateColumns{.weights = w, .replicates = cols}), InputError);
    cols(1, 0) = NaN;
    BOOST_CHECK_THROW((void)ReplicateDesign(ReplicateColumns{.weights = w, .replicates = cols}), InputError);
    // Mismatched counts: rows, names, rscales.
    const auto rows = error_of([&] {
        (void)ReplicateDesign(
            ReplicateColumns{.weights = Eigen::VectorXd::Ones(4), .replicates = Eigen::MatrixXd::Ones(3, 2)});
    });
    BOOST_TEST(rows.find("expected 4 values") != std::string::npos, rows);
    BOOST_CHECK_THROW((void)ReplicateDesign(ReplicateColumns{
                          .weights = w, .replicates = Eigen::MatrixXd::Ones(3, 2), .rscales = {1, 1, 1}}),
                      MethodError);
    BOOST_CHECK_THROW((void)ReplicateDesign(ReplicateColumns{
                          .weights = w, .replicates = Eigen::MatrixXd::Ones(3, 2), .replicate_columns = {"a"}}),
                      MethodError);
    BOOST_CHECK_THROW((void)ReplicateDesign(ReplicateColumns{
                          .weights = w, .replicates = Eigen::MatrixXd::Ones(3, 2), .type = ReplicateType::jkn}),
                      MethodError);
}

BOOST_AUTO_TEST_CASE(replicates_from_unsuitable_designs_are_refused) {
    const Api api;
    BOOST_CHECK_THROW((void)ReplicateDesign::from_design(api.d1, ReplicateType::jk1), MethodError);
    BOOST_CHECK_THROW((void)ReplicateDesign::from_design(api.d2, ReplicateType::jkn), MethodError);
    BOOST_CHECK_THROW((void)ReplicateDesign::from_design(api.d2, ReplicateType::bootstrap, 1), MethodError);
    const SurveyDesign post =
        api.d2.post_stratify(api.clus1.factor("stype"), {{"E", 4421}, {"H", 755}, {"M", 1018}}, "stype");
    BOOST_CHECK_THROW((void)ReplicateDesign::from_design(post, ReplicateType::jk1), MethodError);
}

BOOST_AUTO_TEST_CASE(a_stage_with_a_single_unit_is_located) {
    // PSU b has one SSU of 3: its second-stage variance cannot be estimated.
    Eigen::VectorXd w = Eigen::VectorXd::Constant(3, 2.0), fpc1 = Eigen::VectorXd::Constant(3, 4.0), fpc2(3);
    fpc2 << 4, 4, 3;
    const auto message = error_of([&] {
        (void)SurveyDesign(
            DesignColumns{.weights = w,
                          .clusters = make_factor({"a", "a", "b"}),
                          .fpc = fpc1,
                          .later_stages = {DesignStage{
                              .clusters = make_factor({"1", "2", "1"}), .fpc = fpc2, .clusters_column = "school"}}});
    });
    BOOST_TEST(message.find("row 3") != std::string::npos, message);
    BOOST_TEST(message.find("\"school\"") != std::string::npos, message);
    BOOST_TEST(message.find("stage 2: cluster \"b\" of stage 1 has a single sampled unit") != std::string::npos,
               message);
    BOOST_CHECK_THROW((void)SurveyDesign(DesignColumns{
                          .weights = w,
                          .clusters = make_factor({"a", "a", "b"}),
                          .fpc = fpc1,
                          .later_stages = {DesignStage{.clusters = make_factor({"1", "2", "1"}), .fpc = fpc2}}}),
                      MethodError);
    // Sampled completely (fpc2 = 1 for b), or certainty: accepted.
    fpc2[2] = 1;
    BOOST_CHECK_NO_THROW((void)SurveyDesign(
        DesignColumns{.weights = w,
                      .clusters = make_factor({"a", "a", "b"}),
                      .fpc = fpc1,
                      .later_stages = {DesignStage{.clusters = make_factor({"1", "2", "1"}), .fpc = fpc2}}}));
    // A later stage's fpc that varies within its parent is located.
    fpc2 << 4, 5, 1;
    const auto varies = error_of([&] {
        (void)SurveyDesign(
            DesignColumns{.weights = w,
                          .clusters = make_factor({"a", "a", "b"}),
                          .fpc = fpc1,
                          .later_stages = {DesignStage{
                              .clusters = make_factor({"1", "2", "1"}), .fpc = fpc2, .fpc_column = "fpc2"}}});
    });
    BOOST_TEST(varies.find("row 2") != std::string::npos, varies);
    BOOST_TEST(varies.find("expected the same fpc in every row of cluster \"a\"") != std::string::npos, varies);
}
