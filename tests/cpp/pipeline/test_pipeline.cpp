#define BOOST_TEST_MODULE pipeline
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

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

// ------------------------------------------------------------------------------------------------
// Panel data (COINr purse): iData_p.csv, 51 units x 5 years.
namespace {

struct AsemPanel {
    Framework framework = read_framework(asem_dir() / "iMeta.csv");
    Dataset data = read_dataset(asem_dir() / "iData_p.csv", framework);
};

// COINr's panel references have a Time column before uCode: compare (Time, uCode) row by row.
void check_panel(const Dataset& got, const std::filesystem::path& file, bool exact) {
    const CsvTable t = read_csv(file);
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(got.unit_count()), t.rows.size());
    std::map<std::pair<int, std::string>, Eigen::Index> row_of;
    for (Eigen::Index i = 0; i < got.unit_count(); ++i)
        row_of.emplace(std::make_pair(got.units().times[static_cast<std::size_t>(i)],
                                      got.unit_codes()[static_cast<std::size_t>(i)]),
                       i);
    std::size_t compared = 0;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const int year = static_cast<int>(parse_number(t.rows[r][0], {}, "Time"));
        const Eigen::Index i = row_of.at({year, t.rows[r][1]});
        for (std::size_t c = 2; c < t.header.size(); ++c) {
            const double expected = parse_number(t.rows[r][c], {t.source, t.lines[r]}, t.header[c]);
            const double actual = got.values()(i, got.column_index(t.header[c]));
            BOOST_TEST_CONTEXT(year << " " << t.rows[r][1] << " " << t.header[c] << ": " << actual << " vs "
                                    << expected)
            BOOST_TEST((exact ? ((std::isnan(expected) && std::isnan(actual)) || expected == actual)
                              : close(actual, expected)));
            ++compared;
        }
    }
    BOOST_TEST(compared == t.rows.size() * 60u);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(asem_panel, AsemPanel)

BOOST_AUTO_TEST_CASE(panel_by_year_matches_coinr) {
    BOOST_TEST(data.is_panel());
    BOOST_TEST((data.years() == std::vector<int>{2018, 2019, 2020, 2021, 2022}));
    const Results r = minmax_amean().run(framework, data);
    check_panel(r.scores(), coinr_dir() / "g1_panel_byyear_scores.csv", false);
    check_panel(r.ranks(), coinr_dir() / "g1_panel_byyear_ranks.csv", true);
}

BOOST_AUTO_TEST_CASE(panel_pooled_normalisation_matches_coinr) {
    const Pipeline pooled({Normalise{MinMax{0, 100}, {}, true}, Aggregate{}});
    const Results r = pooled.run(framework, data);
    check_panel(r.scores(), coinr_dir() / "g2_panel_global_scores.csv", false);
    check_panel(r.ranks(), coinr_dir() / "g2_panel_global_ranks.csv", true);
}

BOOST_AUTO_TEST_CASE(a_step_called_directly_on_a_panel_does_what_it_does_in_a_pipeline) {
    const Results r = minmax_amean().run(framework, data);
    const Normalise normalise{MinMax{0, 100}, {}};
    const Dataset normalised = apply(normalise, framework, data).data;
    BOOST_TEST((normalised == r.data_set("Normalised")));  // each year on its own, as in the pipeline
    const StepOutput aggregated = apply(Aggregate{}, framework, normalised);
    BOOST_TEST((aggregated.data == r.data_set("Aggregated")));
    BOOST_TEST(aggregated.aggregation.size() == r.aggregation_records().size());
    BOOST_TEST((aggregated.aggregation == r.aggregation_records()));
    // Pooled normalisation uses every year at once, directly or in a pipeline.
    const Normalise pooled{MinMax{0, 100}, {}, true};
    BOOST_TEST((apply(pooled, framework, data).data == Pipeline({pooled}).run(framework, data).data_set("Normalised")));
    BOOST_TEST(!(apply(pooled, framework, data).data == normalised));
}

BOOST_AUTO_TEST_CASE(each_year_alone_equals_its_rows_of_the_panel_run) {
    const Results whole = minmax_amean().run(framework, data);
    const Dataset year = data.select_time(2020);
    const Results alone = minmax_amean().run(framework, year);
    const Dataset from_whole = whole.scores().select_time(2020);
    BOOST_TEST((from_whole == alone.scores()));  // missing cells compare equal
    const auto table = whole.results_table();
    BOOST_TEST(table.size() == 255u);
    BOOST_TEST(table.front().year.value() == 2018);
    BOOST_TEST(table.back().year.value() == 2022);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------------
// explain(unit, node): the chain from raw value to score.
BOOST_FIXTURE_TEST_SUITE(explain_chain, Asem)

BOOST_AUTO_TEST_CASE(indicator_chain_shows_raw_and_normalisation_statistics) {
    const Results r = minmax_amean().run(framework, data);
    const Table t = r.explain("AUT", "CostImpEx");  // direction -1
    const auto& sets = std::get<std::vector<std::string>>(t.column("data_set"));
    const auto& values = std::get<std::vector<double>>(t.column("value"));
    const auto& text = std::get<std::vector<std::string>>(t.column("explanation"));
    BOOST_TEST((sets == std::vector<std::string>{"Raw", "Normalised", "Aggregated"}));
    BOOST_TEST(values[0] == data.value("AUT", "CostImpEx"));
    BOOST_TEST(values[1] == r.data_set("Normalised").value("AUT", "CostImpEx"));
    // The min and max of -x over the 51 units reproduce the normalised value by hand.
    const Eigen::VectorXd x = -data.column("CostImpEx");
    const double lo = x.minCoeff(), hi = x.maxCoeff();
    BOOST_TEST(close(values[1], (-values[0] - lo) / (hi - lo) * 100));
    BOOST_TEST(text[1].find("minmax(low=0, high=100) of -x (direction -1); over 51 units") != std::string::npos,
               text[1]);
}

BOOST_AUTO_TEST_CASE(aggregate_chain_lists_children_weights_and_contributions) {
    const Results r = minmax_amean().run(framework, data);
    const Table t = r.explain("Austria", "Conn");  // by name
    const auto& nodes = std::get<std::vector<std::string>>(t.column("node"));
    const auto& values = std::get<std::vector<double>>(t.column("value"));
    const auto& text = std::get<std::vector<std::string>>(t.column("explanation"));
    BOOST_REQUIRE_EQUAL(nodes.size(), 6u);  // 5 pillars + Conn
    BOOST_TEST(nodes.back() == "Conn");
    double sum = 0;
    for (std::size_t i = 0; i < 5; ++i) sum += values[i] / 5.0;
    BOOST_TEST(close(values.back(), sum));
    BOOST_TEST(text[0].find("share 0.2") != std::string::npos, text[0]);
    BOOST_CHECK_THROW((void)r.explain("Atlantis", "Conn"), UnknownCodeError);
    BOOST_CHECK_THROW((void)r.explain("AUT", "Nope"), UnknownCodeError);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------------
// Outlier treatment inside a pipeline, and a pipeline file with nested specs.
BOOST_FIXTURE_TEST_SUITE(treat_in_pipeline, Asem)

BOOST_AUTO_TEST_CASE(default_treatment_then_minmax_amean_matches_coinr) {
    const Pipeline p({Treat{}, Normalise{MinMax{0, 100}, {}}, Aggregate{}});
    const Results r = p.run(framework, data);
    BOOST_TEST((r.data_set_names() == std::vector<std::string>{"Raw", "Treated", "Normalised", "Aggregated"}));
    check_against(r.data_set("Treated"), read_reference(coinr_dir() / "f_treat_default_treated.csv"), false);
    check_against(r.scores(), read_reference(coinr_dir() / "f_treat_default_scores.csv"), false);
    check_against(r.ranks(), read_reference(coinr_dir() / "f_treat_default_ranks.csv"), true);
    BOOST_TEST((r.table_names() == std::vector<std::string>{"TreatmentDetails", "TreatedPoints"}));
    // Treated cells stay flagged in the normalised and aggregated data sets.
    const Dataset& treated = r.data_set("Treated");
    BOOST_TEST(treated.flags().cast<int>().sum() > 0);
    BOOST_TEST((r.data_set("Normalised").flags() == treated.flags()));
}

BOOST_AUTO_TEST_CASE(pipeline_file_with_treatment_specs_round_trips) {
    Treat treat;
    treat.per_node["Flights"].winmax = 2;
    const Pipeline p({treat, Normalise{}, Aggregate{}});
    const std::string text = format_pipeline(p);
    BOOST_TEST((parse_pipeline(text, "p.toml") == p), text);
    BOOST_CHECK_THROW(
        (void)parse_pipeline("[[steps]]\nstep = \"treat\"\nper_node = { Flights = { winmaxx = 2 } }\n", "p.toml"),
        MethodError);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------------
// COINr's full example build (h_example_*): denominate, impute (group mean), screen, treat,
// min-max [0, 100], arithmetic mean; every intermediate data set and side table checked.
namespace {
Pipeline coinr_example() {
    Denominate denominate;
    denominate.missing_denominator_gives_missing = true;  // COINr: LAO has no Energy value
    Impute impute;
    impute.method = GroupMean{"EurAsia_group"};
    Screen screen;
    screen.min_availability = 0.9;
    return Pipeline({denominate, impute, screen, Treat{}, Normalise{MinMax{0, 100}, {}}, Aggregate{}});
}
}  // namespace

BOOST_FIXTURE_TEST_SUITE(coinr_example_build, Asem)

BOOST_AUTO_TEST_CASE(every_data_set_matches_coinr) {
    const Results r = coinr_example().run(framework, data);
    BOOST_TEST((r.data_set_names() == std::vector<std::string>{"Raw", "Denominated", "Imputed", "Screened", "Treated",
                                                               "Normalised", "Aggregated"}));
    check_against(r.data_set("Denominated"), read_reference(coinr_dir() / "h_example_denominated.csv"), false);
    check_against(r.data_set("Imputed"), read_reference(coinr_dir() / "h_example_imputed.csv"), false);
    check_against(r.data_set("Screened"), read_reference(coinr_dir() / "h_example_screened.csv"), false);
    check_against(r.data_set("Treated"), read_reference(coinr_dir() / "h_example_treated.csv"), false);
    check_against(r.scores(), read_reference(coinr_dir() / "h_example_scores.csv"), false);
    check_against(r.ranks(), read_reference(coinr_dir() / "h_example_ranks.csv"), true);
}

BOOST_AUTO_TEST_CASE(side_tables_are_kept) {
    const Results r = coinr_example().run(framework, data);
    const auto names = r.table_names();
    for (const char* name : {"ScreeningSummary", "TreatmentDetails", "TreatedPoints", "ImputationDetails"})
        BOOST_TEST((std::find(names.begin(), names.end(), name) != names.end()), name);
    // Exactly the cells missing after denomination are flagged imputed (LAO's Elec and Gas become
    // missing there: no Energy denominator); observed cells never are.
    const Dataset& imputed = r.data_set("Imputed");
    const Dataset& raw = r.data_set("Denominated");
    int flagged = 0;
    for (Eigen::Index i = 0; i < imputed.unit_count(); ++i)
        for (Eigen::Index j = 0; j < imputed.column_count(); ++j) {
            const bool was_missing = std::isnan(raw.value(imputed.unit_codes()[static_cast<std::size_t>(i)],
                                                          imputed.columns()[static_cast<std::size_t>(j)]));
            const bool is_flagged = (imputed.flags()(i, j) & cell_imputed) != 0;
            BOOST_TEST((!is_flagged || was_missing));
            flagged += is_flagged;
        }
    BOOST_TEST(flagged > 0);
    const Table t = r.explain("AUS", "Index");
    BOOST_TEST(t.rows() == 3u);  // Conn, Sust, Index
}

BOOST_AUTO_TEST_CASE(the_whole_example_round_trips_through_a_pipeline_file) {
    const Pipeline p = coinr_example();
    BOOST_TEST((parse_pipeline(format_pipeline(p), "example.toml") == p), format_pipeline(p));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------------------------------------
// Other normalisations followed by the arithmetic mean (b1, d1).
BOOST_FIXTURE_TEST_SUITE(other_normalisations, Asem)

BOOST_AUTO_TEST_CASE(zscore_then_amean_matches_coinr) {
    const Results r = Pipeline({Normalise{ZScore{0, 1}, {}}, Aggregate{}}).run(framework, data);
    check_against(r.scores(), read_reference(coinr_dir() / "b1_zscore_0_1_amean_scores.csv"), false);
    check_against(r.ranks(), read_reference(coinr_dir() / "b1_zscore_0_1_amean_ranks.csv"), true);
}

BOOST_AUTO_TEST_CASE(rank_then_amean_matches_coinr) {
    const Results r = Pipeline({Normalise{Rank{}, {}}, Aggregate{}}).run(framework, data);
    check_against(r.scores(), read_reference(coinr_dir() / "d1_rank_amean_scores.csv"), false);
    check_against(r.ranks(), read_reference(coinr_dir() / "d1_rank_amean_ranks.csv"), true);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(step_parameters_are_checked_without_a_framework) {
    // check(step) is what Python runs at construction; Pipeline::check runs it too, then the
    // framework's part (codes, weight sets).
    BOOST_CHECK_NO_THROW(check(Normalise{}));
    BOOST_CHECK_NO_THROW(check(Aggregate{}));
    BOOST_CHECK_EXCEPTION(check(Normalise{MinMax{1, 0}, {}}), MethodError,
                          message_has<MethodError>({"minmax", "low < high"}));
    BOOST_CHECK_EXCEPTION(check(Normalise{MinMax{}, {{"LPI", ZScore{0, 0}}}}), MethodError,
                          message_has<MethodError>({"per-node method for \"LPI\"", "zscore"}));
    Aggregate a;
    a.min_availability = 5;
    BOOST_CHECK_EXCEPTION(check(a), MethodError,
                          message_has<MethodError>({"min_availability", "expected a share in [0, 1]", "found 5"}));
    a.min_availability = std::numeric_limits<double>::quiet_NaN();
    BOOST_CHECK_THROW(check(a), MethodError);
    Aggregate w;
    w.weights["Nope"] = -2;  // the code is the framework's business; the weight is the step's own
    BOOST_CHECK_EXCEPTION(check(w), MethodError, message_has<MethodError>({"weight for \"Nope\"", "found -2"}));
    Aggregate s;
    s.weight_set = "";
    BOOST_CHECK_EXCEPTION(check(s), MethodError, message_has<MethodError>({"weight_set"}));
    Aggregate g{GeometricMean{"nope", 0.0}, {}, {}};
    BOOST_CHECK_EXCEPTION(check(g), MethodError, message_has<MethodError>({"zero_policy"}));
    // the same rule through the pipeline, located by step
    BOOST_CHECK_EXCEPTION(Pipeline({Normalise{}, a}).check(read_framework(asem_dir() / "iMeta.csv")), MethodError,
                          message_has<MethodError>({"step 2 (aggregate): aggregate step: min_availability"}));
}
