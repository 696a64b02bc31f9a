#define BOOST_TEST_MODULE impute
#include <boost/test/unit_test.hpp>

#include <govindex/steps/denominate.hpp>
#include <govindex/steps/impute.hpp>
#include <govindex/steps/screen.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double na = std::nan("");

auto message_has(std::string text) {
    return [text](const Error& e) {
        const bool found = std::string(e.what()).find(text) != std::string::npos;
        if (!found) BOOST_TEST_MESSAGE("message was: " << e.what());
        return found;
    };
}

template <class T>
const std::vector<T>& col(const Table& t, const std::string& name) {
    return std::get<std::vector<T>>(t.column(name));
}

struct AsemRaw : Asem {
    const Dataset& raw = data;
};

// Reference values (uCode -> row) laid into a data set with the units (groups, denominators) of `units_from`.
Dataset with_reference_values(const Dataset& units_from, const Reference& ref) {
    Eigen::MatrixXd values(units_from.unit_count(), static_cast<Eigen::Index>(ref.columns.size()));
    BOOST_REQUIRE_EQUAL(ref.units.size(), static_cast<std::size_t>(units_from.unit_count()));
    for (std::size_t u = 0; u < ref.units.size(); ++u)
        for (std::size_t c = 0; c < ref.columns.size(); ++c)
            values(units_from.unit_index(ref.units[u]), static_cast<Eigen::Index>(c)) = ref.values[u][c];
    return units_from.with_values(ref.columns, std::move(values));
}

// Every unit and column of `ref` matches `got`: within 1e-9 relative (or exactly, for ranks);
// missing where COINr has missing. Returns the largest relative difference.
double check_against(const Dataset& got, const Reference& ref, bool exact = false) {
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(got.unit_count()), ref.units.size());
    std::size_t compared = 0;
    double max_rel = 0;
    for (std::size_t u = 0; u < ref.units.size(); ++u)
        for (std::size_t c = 0; c < ref.columns.size(); ++c) {
            const double expected = ref.values[u][c];
            const double actual = got.value(ref.units[u], ref.columns[c]);
            BOOST_TEST_CONTEXT(ref.units[u] << " " << ref.columns[c] << ": " << actual << " vs " << expected) {
                if (exact)
                    BOOST_TEST(((std::isnan(expected) && std::isnan(actual)) || expected == actual));
                else
                    BOOST_TEST(close(actual, expected));
            }
            if (!std::isnan(expected) && expected != 0)
                max_rel = std::max(max_rel, std::abs(actual - expected) / std::abs(expected));
            ++compared;
        }
    BOOST_TEST(compared == ref.units.size() * ref.columns.size());
    return max_rel;
}

// Impute, then (a): min-max [0, 100] and arithmetic mean, by hand with apply (the Pipeline does not know Impute yet).
Results impute_then_a(const Impute& step, const Framework& fw, const Dataset& raw) {
    StepOutput imputed = apply(step, fw, raw);
    StepOutput normalised = apply(Normalise{MinMax{0, 100}, {}}, fw, imputed.data);
    StepOutput aggregated = apply(Aggregate{ArithmeticMean{}, {}, {}}, fw, normalised.data);
    return Results(
        fw, {{"Raw", raw}, {"Imputed", imputed.data}, {"Normalised", normalised.data}, {"Aggregated", aggregated.data}},
        std::move(imputed.tables));
}

void check_reference_set(const Results& r, const std::string& prefix) {
    const double imputed =
        check_against(r.data_set("Imputed"), read_reference(coinr_dir() / (prefix + "_imputed.csv")));
    const double scores = check_against(r.scores(), read_reference(coinr_dir() / (prefix + "_scores.csv")));
    const double ranks = check_against(r.ranks(), read_reference(coinr_dir() / (prefix + "_ranks.csv")), true);
    BOOST_TEST_MESSAGE(prefix << " max relative difference: imputed " << imputed << ", scores " << scores << ", ranks "
                              << ranks);
}

// A tiny framework: a (+1), b (-1), c (+1) under P; d (+1) under Q; P, Q under Root; group column G.
Framework tiny_framework() {
    return Framework({make_node("a", NodeType::indicator, 1, "P"), make_node("b", NodeType::indicator, 1, "P", 1.0, -1),
                      make_node("c", NodeType::indicator, 1, "P"), make_node("d", NodeType::indicator, 1, "Q"),
                      make_node("P", NodeType::aggregate, 2, "Root"), make_node("Q", NodeType::aggregate, 2, "Root"),
                      make_node("Root", NodeType::aggregate, 3, ""), make_node("G", NodeType::group, 0, "")});
}

//        G    a    b    c    d
//   U1   x    0    4    1    NA
//   U2   x    10   0    3    1
//   U3   y    NA   2    5    2
//   U4   y    4    NA   2    6
Dataset tiny_data() {
    auto units = std::make_shared<Units>();
    units->codes = {"U1", "U2", "U3", "U4"};
    units->names = {"", "", "", ""};
    units->groups = {{"G", {"x", "x", "y", "y"}}};
    Eigen::MatrixXd v(4, 4);
    v << 0, 4, 1, na, 10, 0, 3, 1, na, 2, 5, 2, 4, na, 2, 6;
    CellFlags flags = CellFlags::Zero(4, 4);
    flags(0, 0) = cell_treated;
    return Dataset(units, {"a", "b", "c", "d"}, v, flags);
}

// A panel: a for units A and B in 2018..2021, rows shuffled; b, c, d observed.
//   A: a = NA, 2, NA, 8      B: a = 1, NA, NA, NA
Dataset tiny_panel() {
    auto units = std::make_shared<Units>();
    units->codes = {"B", "A", "A", "B", "A", "B", "A", "B"};
    units->times = {2021, 2018, 2019, 2018, 2021, 2019, 2020, 2020};
    units->names.assign(8, "");
    units->groups = {{"G", {"x", "x", "x", "x", "x", "x", "x", "x"}}};
    Eigen::MatrixXd v(8, 4);
    const double a[8] = {na, na, 2, 1, 8, na, na, na};
    for (int i = 0; i < 8; ++i) v.row(i) << a[i], i, 2 * i, 1;
    return Dataset(units, {"a", "b", "c", "d"}, v);
}

// The value of `column` for unit `code` in `year` of a panel.
double at(const Dataset& d, const std::string& code, int year, const std::string& column) {
    for (Eigen::Index i = 0; i < d.unit_count(); ++i)
        if (d.unit_codes()[static_cast<std::size_t>(i)] == code && d.units().times[static_cast<std::size_t>(i)] == year)
            return d.values()(i, d.column_index(column));
    BOOST_FAIL("no row " << code << " " << year);
    return na;
}

}  // namespace

// ---- COINr references ------------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(coinr_references, AsemRaw)

BOOST_AUTO_TEST_CASE(e1_indicator_mean_matches_coinr) {
    // Impute(coin, dset = "Raw", f_i = "i_mean"), then min-max [0, 100], arithmetic mean.
    check_reference_set(impute_then_a(Impute{IndicatorMean{}, {}}, framework, raw), "e1_impute_mean");
}

BOOST_AUTO_TEST_CASE(e3_group_mean_matches_coinr) {
    // Impute(coin, dset = "Raw", f_i = "i_mean_grp", use_group = "EurAsia_group").
    check_reference_set(impute_then_a(Impute{GroupMean{"EurAsia_group"}, {}}, framework, raw), "e3_impute_mean_grp");
}

BOOST_AUTO_TEST_CASE(e5_row_mean_within_pillar_matches_coinr) {
    // Impute(coin, dset = "Raw", f_i = "i_mean", impute_by = "row", group_level = 2, normalise_first = TRUE).
    check_reference_set(impute_then_a(Impute{RowMean{2, true}, {}}, framework, raw), "e5_impute_row_mean_pillar");
}

BOOST_AUTO_TEST_CASE(h_example_imputed_matches_coinr) {
    // build_example_coin: Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group"),
    // fed COINr's own denominated data set.
    const Dataset denominated = with_reference_values(raw, read_reference(coinr_dir() / "h_example_denominated.csv"));
    const StepOutput out = apply(Impute{GroupMean{"EurAsia_group"}, {}}, framework, denominated);
    const double rel = check_against(out.data, read_reference(coinr_dir() / "h_example_imputed.csv"));
    BOOST_TEST_MESSAGE("h_example_imputed max relative difference " << rel);
}

BOOST_AUTO_TEST_CASE(h_example_denominate_impute_screen_chain_matches_coinr) {
    // The same three steps chained on our own outputs, as build_example_coin runs them.
    Denominate denominate;
    denominate.missing_denominator_gives_missing = true;
    const StepOutput d = apply(denominate, framework, raw);
    const StepOutput i = apply(Impute{GroupMean{"EurAsia_group"}, {}}, framework, d.data);
    const StepOutput s = apply(Screen{true, 0.9, false, 0.05, {}}, framework, i.data);
    check_against(d.data, read_reference(coinr_dir() / "h_example_denominated.csv"));
    check_against(i.data, read_reference(coinr_dir() / "h_example_imputed.csv"));
    check_against(s.data, read_reference(coinr_dir() / "h_example_screened.csv"));
}

BOOST_AUTO_TEST_CASE(imputed_cells_are_flagged_and_listed) {
    const StepOutput out = apply(Impute{IndicatorMean{}, {}}, framework, raw);
    std::size_t missing = 0;
    for (Eigen::Index j = 0; j < raw.column_count(); ++j)
        for (Eigen::Index i = 0; i < raw.unit_count(); ++i) {
            const bool was_missing = std::isnan(raw.values()(i, j));
            missing += was_missing ? 1 : 0;
            BOOST_TEST(out.data.flags()(i, j) == (was_missing ? cell_imputed : 0));
            if (!was_missing) BOOST_TEST(out.data.values()(i, j) == raw.values()(i, j));  // bit for bit
        }
    BOOST_TEST(missing == 63u);
    BOOST_REQUIRE_EQUAL(out.tables.size(), 1u);
    BOOST_TEST(out.tables[0].first == "ImputationDetails");
    const Table& t = out.tables[0].second;
    BOOST_TEST(t.rows() == missing);
    BOOST_TEST((t.names() == std::vector<std::string>{"uCode", "iCode", "Method", "Value", "Imputed", "Reason"}));
    for (std::size_t r = 0; r < t.rows(); ++r) {
        BOOST_TEST(col<std::string>(t, "Method")[r] == "indicator_mean");
        BOOST_TEST(col<double>(t, "Value")[r] ==
                   out.data.value(col<std::string>(t, "uCode")[r], col<std::string>(t, "iCode")[r]));
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---- hand-computed cases ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(indicator_mean_and_median_by_hand) {
    // a: observed 0, 10, 4 -> mean 14/3, median 4;  b: 4, 0, 2 -> mean 2, median 2;  d: 1, 2, 6 -> mean 3, median 2.
    const StepOutput mean = apply(Impute{IndicatorMean{}, {}}, tiny_framework(), tiny_data());
    BOOST_TEST(mean.data.value("U3", "a") == 14.0 / 3.0);
    BOOST_TEST(mean.data.value("U4", "b") == 2.0);
    BOOST_TEST(mean.data.value("U1", "d") == 3.0);
    const StepOutput median = apply(Impute{IndicatorMedian{}, {}}, tiny_framework(), tiny_data());
    BOOST_TEST(median.data.value("U3", "a") == 4.0);
    BOOST_TEST(median.data.value("U4", "b") == 2.0);
    BOOST_TEST(median.data.value("U1", "d") == 2.0);
    // even count: median of 1, 2, 4, 10 = (2 + 4) / 2 = 3
    Eigen::VectorXd x(5);
    x << 1, 2, na, 10, 4;
    BOOST_TEST(impute_column(IndicatorMedian{}, x)[2] == 3.0);
    BOOST_TEST(impute_column(IndicatorMean{}, x)[2] == 4.25);
    // observed values and flags of the input are kept; imputed cells flagged
    BOOST_TEST(mean.data.value("U2", "a") == 10.0);
    BOOST_TEST(mean.data.flags()(0, 0) == cell_treated);
    BOOST_TEST(mean.data.flags()(2, 0) == cell_imputed);
    BOOST_TEST(mean.data.flags()(1, 0) == 0);
    // all missing: nothing to impute from, stays missing
    Eigen::VectorXd empty = Eigen::VectorXd::Constant(3, na);
    BOOST_TEST(impute_column(IndicatorMean{}, empty).hasNaN());
}

BOOST_AUTO_TEST_CASE(group_mean_and_median_by_hand) {
    // tiny data, G = x, x, y, y:  U3 a (y) -> U4's 4;  U4 b (y) -> U3's 2;  U1 d (x) -> U2's 1.
    const StepOutput out = apply(Impute{GroupMean{"G"}, {}}, tiny_framework(), tiny_data());
    BOOST_TEST(out.data.value("U3", "a") == 4.0);
    BOOST_TEST(out.data.value("U4", "b") == 2.0);
    BOOST_TEST(out.data.value("U1", "d") == 1.0);
    // A: 1, 3, 8, NA -> mean 4, median 3;  B: 10, NA, 20, 60 -> mean 30, median 20;  no group: stays NA.
    Eigen::VectorXd x(9);
    x << 1, 3, 8, na, 10, na, 20, 60, na;
    const std::vector<std::string> g{"A", "A", "A", "A", "B", "B", "B", "B", ""};
    const Eigen::VectorXd mean = impute_column(GroupMean{"g"}, x, g);
    const Eigen::VectorXd median = impute_column(GroupMedian{"g"}, x, g);
    BOOST_TEST(mean[3] == 4.0);
    BOOST_TEST(mean[5] == 30.0);
    BOOST_TEST(std::isnan(mean[8]));
    BOOST_TEST(median[3] == 3.0);
    BOOST_TEST(median[5] == 20.0);
    BOOST_TEST(std::isnan(median[8]));
    BOOST_TEST(mean[7] == 60.0);
}

BOOST_AUTO_TEST_CASE(unit_without_group_is_listed_not_imputed) {
    Dataset in = tiny_data();
    auto units = std::make_shared<Units>(in.units());
    units->groups[0].second[2] = "";  // U3 has no G value; U3's a is missing
    const StepOutput out = apply(Impute{GroupMean{"G"}, {}}, tiny_framework(), in.with_units(units, in.values()));
    BOOST_TEST(std::isnan(out.data.value("U3", "a")));
    const Table& t = out.tables[0].second;
    BOOST_TEST((col<std::string>(t, "uCode") == std::vector<std::string>{"U3", "U4", "U1"}));  // column-major
    // U3 is no longer in group y, so U4's b has no observed b in its group either; U1 d <- U2's 1.
    BOOST_TEST((col<std::optional<bool>>(t, "Imputed") == std::vector<std::optional<bool>>{false, false, true}));
    BOOST_TEST(col<std::string>(t, "Reason")[0] == "the unit has no value in the group column \"G\"");
    BOOST_TEST(col<std::string>(t, "Reason")[1] == "no observed value in group \"y\" of \"G\"");
    BOOST_TEST(col<std::string>(t, "Reason")[2].empty());
    BOOST_TEST(out.data.value("U1", "d") == 1.0);
}

BOOST_AUTO_TEST_CASE(row_mean_by_hand) {
    // Group P = a (+1), b (-1), c (+1). Scaled (x * dir - min) / (max - min):
    //   a: 0, 10, NA, 4 -> 0, 1, NA, 0.4      b * -1: -4, 0, -2, NA -> 0, 1, 0.5, NA      c: 1, 3, 5, 2 -> 0, 0.5, 1,
    //   0.25
    // U3 a: mean(0.5, 1) = 0.75 -> 0.75 * (10 - 0) + 0 = 7.5
    // U4 b: mean(0.4, 0.25) = 0.325 -> (0.325 * (0 - -4) + -4) * -1 = 2.7
    // Q = d alone: U1 d has no other indicator in Q -> stays missing.
    const StepOutput out = apply(Impute{RowMean{2, true}, {}}, tiny_framework(), tiny_data());
    BOOST_TEST(out.data.value("U3", "a") == 7.5);
    BOOST_TEST(close(out.data.value("U4", "b"), 2.7, 1e-15));
    BOOST_TEST(std::isnan(out.data.value("U1", "d")));
    const Table& t = out.tables[0].second;
    BOOST_TEST(col<std::string>(t, "Reason")[2].find("no observed value among the unit's indicators in \"Q\"") == 0u);
    // without normalising: U3 a = mean(2, 5) = 3.5, U4 b = mean(4, 2) = 3
    const StepOutput raw = apply(Impute{RowMean{2, false}, {}}, tiny_framework(), tiny_data());
    BOOST_TEST(raw.data.value("U3", "a") == 3.5);
    BOOST_TEST(raw.data.value("U4", "b") == 3.0);
    // level 3 (the whole index): d scaled 1, 2, 6 -> 0, 0.2, 1;  U1 d: mean(0, 0, 0) = 0 -> 0 * 5 + 1 = 1;
    // U3 a: mean(0.5, 1, 0.2) = 1.7 / 3 -> * 10 = 17 / 3
    const StepOutput top = apply(Impute{RowMean{3, true}, {}}, tiny_framework(), tiny_data());
    BOOST_TEST(top.data.value("U1", "d") == 1.0);
    BOOST_TEST(close(top.data.value("U3", "a"), 17.0 / 3.0, 1e-15));
}

BOOST_AUTO_TEST_CASE(row_mean_with_a_constant_indicator_is_a_numeric_error) {
    Dataset in = tiny_data();
    Eigen::MatrixXd v = in.values();
    v.col(2).setConstant(3.0);  // c constant
    BOOST_CHECK_EXCEPTION((void)apply(Impute{RowMean{2, true}, {}}, tiny_framework(), in.with_values(in.columns(), v)),
                          NumericError,
                          message_has("indicator \"a\" (row_mean): group \"P\": row_mean with normalise_first: "
                                      "indicator \"c\" has all observed values equal (3)"));
    // without normalising it is fine: U3 a = mean(2, 3) = 2.5
    BOOST_TEST(
        apply(Impute{RowMean{2, false}, {}}, tiny_framework(), in.with_values(in.columns(), v)).data.value("U3", "a") ==
        2.5);
}

BOOST_AUTO_TEST_CASE(per_indicator_overrides) {
    // default mean, a by group mean: U3 a = 4 (group y), U4 b = 2 (mean), U1 d = 3 (mean).
    const StepOutput out = apply(Impute{IndicatorMean{}, {{"a", GroupMean{"G"}}}}, tiny_framework(), tiny_data());
    BOOST_TEST(out.data.value("U3", "a") == 4.0);
    BOOST_TEST(out.data.value("U4", "b") == 2.0);
    BOOST_TEST(out.data.value("U1", "d") == 3.0);
    BOOST_TEST((col<std::string>(out.tables[0].second, "Method") ==
                std::vector<std::string>{"group_mean", "indicator_mean", "indicator_mean"}));
}

BOOST_AUTO_TEST_CASE(panel_latest_by_hand) {
    // A: NA, 2, NA, 8 -> 2018 has no earlier year: NA; 2020 <- 2019's 2.
    // B: 1, NA, NA, NA -> 2019 <- 1 (2018); 2020 <- 1 (2019 missing, 2018); 2021 <- 1.
    const StepOutput out = apply(Impute{PanelLatest{0}, {}}, tiny_framework(), tiny_panel());
    BOOST_TEST(std::isnan(at(out.data, "A", 2018, "a")));
    BOOST_TEST(at(out.data, "A", 2020, "a") == 2.0);
    BOOST_TEST(at(out.data, "B", 2019, "a") == 1.0);
    BOOST_TEST(at(out.data, "B", 2020, "a") == 1.0);
    BOOST_TEST(at(out.data, "B", 2021, "a") == 1.0);
    const Table& t = out.tables[0].second;
    BOOST_TEST(
        (t.names() == std::vector<std::string>{"Time", "uCode", "iCode", "Method", "Value", "Imputed", "Reason"}));
    // max_time 1: only the year before: B 2020 (2019 missing) and B 2021 (2020 missing) stay missing.
    const StepOutput one = apply(Impute{PanelLatest{1}, {}}, tiny_framework(), tiny_panel());
    BOOST_TEST(at(one.data, "A", 2020, "a") == 2.0);
    BOOST_TEST(at(one.data, "B", 2019, "a") == 1.0);
    BOOST_TEST(std::isnan(at(one.data, "B", 2020, "a")));
    BOOST_TEST(std::isnan(at(one.data, "B", 2021, "a")));
    // max_time counts the years of the data set: 2010, 2015, 2016; the unit has no 2015 row.
    Eigen::VectorXd y(2);
    y << 5, na;
    BOOST_TEST(std::isnan(impute_series(PanelLatest{1}, {2010, 2016}, y, {2010, 2015, 2016})[1]));
    BOOST_TEST(impute_series(PanelLatest{2}, {2010, 2016}, y, {2010, 2015, 2016})[1] == 5.0);
}

BOOST_AUTO_TEST_CASE(panel_constant_by_hand) {
    // approx(method = "constant", rule = 2): A: NA, 2, NA, 8 -> 2 (first observed, backwards), 2, 2, 8; B: all 1.
    const StepOutput out = apply(Impute{PanelConstant{}, {}}, tiny_framework(), tiny_panel());
    BOOST_TEST(at(out.data, "A", 2018, "a") == 2.0);
    BOOST_TEST(at(out.data, "A", 2020, "a") == 2.0);
    BOOST_TEST(at(out.data, "A", 2021, "a") == 8.0);
    for (int year : {2019, 2020, 2021}) BOOST_TEST(at(out.data, "B", year, "a") == 1.0);
}

BOOST_AUTO_TEST_CASE(panel_linear_by_hand) {
    // A: NA, 2, NA, 8 -> 2018: 2 (nearest, rule 2); 2020: 2 + (8 - 2) * (2020 - 2019) / (2021 - 2019) = 5.
    Eigen::VectorXd a(4);
    a << na, 2, na, 8;
    const Eigen::VectorXd got = impute_series(PanelLinear{}, {2018, 2019, 2020, 2021}, a);
    BOOST_TEST(got[0] == 2.0);
    BOOST_TEST(got[2] == 5.0);
    BOOST_TEST(got[3] == 8.0);
    // uneven years: 2000: 1, 2004: 7 -> 2001: 1 + 6 * 1 / 4 = 2.5; after the last: 7.
    Eigen::VectorXd y(4);
    y << 1, na, 7, na;
    const Eigen::VectorXd u = impute_series(PanelLinear{}, {2000, 2001, 2004, 2006}, y);
    BOOST_TEST(u[1] == 2.5);
    BOOST_TEST(u[3] == 7.0);
    // B has one observed value: linear interpolation is undefined (COINr issue #63 crashes in approx).
    BOOST_CHECK_EXCEPTION(
        (void)apply(Impute{PanelLinear{}, {}}, tiny_framework(), tiny_panel()), NumericError,
        message_has("indicator \"a\" (panel_linear): unit \"B\": panel_linear: only one observed year (2018)"));
}

BOOST_AUTO_TEST_CASE(panel_linear_constant_by_hand) {
    // A: linear (2, 2, 5, 8); B: one observed value -> constant (1, 1, 1, 1).
    const StepOutput out = apply(Impute{PanelLinearConstant{}, {}}, tiny_framework(), tiny_panel());
    BOOST_TEST(at(out.data, "A", 2018, "a") == 2.0);
    BOOST_TEST(at(out.data, "A", 2020, "a") == 5.0);
    for (int year : {2019, 2020, 2021}) BOOST_TEST(at(out.data, "B", year, "a") == 1.0);
    for (Eigen::Index i = 0; i < out.data.unit_count(); ++i)
        BOOST_TEST(out.data.flags()(i, 0) == (std::isnan(tiny_panel().values()(i, 0)) ? cell_imputed : 0));
}

BOOST_AUTO_TEST_CASE(cross_section_methods_work_per_year_on_panels) {
    // a per year: 2018 (A NA, B 1) -> A 1;  2019 (A 2, B NA) -> B 2;  2020 both NA -> stay;  2021 (A 8) -> B 8.
    const StepOutput out = apply(Impute{IndicatorMean{}, {}}, tiny_framework(), tiny_panel());
    BOOST_TEST(at(out.data, "A", 2018, "a") == 1.0);
    BOOST_TEST(at(out.data, "B", 2019, "a") == 2.0);
    BOOST_TEST(std::isnan(at(out.data, "A", 2020, "a")));
    BOOST_TEST(at(out.data, "B", 2021, "a") == 8.0);
    const auto& reasons = col<std::string>(out.tables[0].second, "Reason");
    BOOST_TEST(std::count(reasons.begin(), reasons.end(), "no observed value of the indicator in Time 2020") == 2);
}

BOOST_AUTO_TEST_CASE(errors_name_what_is_wrong) {
    const auto fw = tiny_framework();
    const auto data = tiny_data();
    BOOST_CHECK_EXCEPTION(
        (void)apply(Impute{GroupMean{"H"}, {}}, fw, data), MethodError,
        message_has("group_mean: unknown group column \"H\"; expected one of the data set's group columns: G"));
    BOOST_CHECK_EXCEPTION((void)apply(Impute{PanelLatest{}, {}}, fw, data), MethodError,
                          message_has("panel_latest needs panel data; the data set has no Time column"));
    auto units = std::make_shared<Units>(data.units());
    units->times = {2020, 2020, 2020, 2020};
    BOOST_CHECK_EXCEPTION((void)apply(Impute{PanelLinear{}, {}}, fw, data.with_units(units, data.values())),
                          MethodError, message_has("has a single year (2020); expected several years"));
    BOOST_CHECK_EXCEPTION(check(Impute{IndicatorMean{}, {{"zz", IndicatorMean{}}}}, fw), MethodError,
                          message_has("per-node method for \"zz\": unknown node"));
    BOOST_CHECK_EXCEPTION(check(Impute{IndicatorMean{}, {{"P", IndicatorMean{}}}}, fw), MethodError,
                          message_has("node is of type Aggregate; expected an indicator code"));
    BOOST_CHECK_EXCEPTION(check(Impute{RowMean{4, true}, {}}, fw), MethodError, message_has("expected 2 to 3"));
    BOOST_CHECK_EXCEPTION(check(Impute{RowMean{1, true}, {}}, fw), MethodError,
                          message_has("expected a framework level >= 2"));
    BOOST_CHECK_EXCEPTION(check(Impute{PanelLatest{-1}, {}}, fw), MethodError, message_has("max_time"));
    BOOST_CHECK_EXCEPTION(check(Impute{GroupMedian{""}, {}}, fw), MethodError, message_has("\"group\" is empty"));
    // a data set with an aggregate column
    const Dataset agg = data.with_values({"a", "b", "c", "P"}, data.values());
    BOOST_CHECK_EXCEPTION((void)apply(Impute{}, fw, agg), MethodError,
                          message_has("column \"P\": a node of type Aggregate"));
}

BOOST_AUTO_TEST_CASE(input_is_never_modified_and_complete_data_passes_through) {
    const Dataset in = tiny_data();
    const Dataset copy = in;
    (void)apply(Impute{RowMean{}, {}}, tiny_framework(), in);
    BOOST_TEST((in == copy));
    Eigen::MatrixXd full = in.values();
    full(0, 3) = 1;
    full(2, 0) = 1;
    full(3, 1) = 1;
    const Dataset complete = in.with_values(in.columns(), full, in.flags());
    const StepOutput out = apply(Impute{}, tiny_framework(), complete);
    BOOST_TEST((out.data == complete));
    BOOST_TEST(out.tables[0].second.rows() == 0u);
}

BOOST_AUTO_TEST_CASE(fields_and_names) {
    std::vector<std::string> names;
    detail::for_each_alternative<ImputeMethod>([&](auto tag) { names.emplace_back(decltype(tag)::type::method_name); });
    BOOST_TEST((names == std::vector<std::string>{"indicator_mean", "indicator_median", "group_mean", "group_median",
                                                  "row_mean", "panel_latest", "panel_constant", "panel_linear",
                                                  "panel_linear_constant"}));
    std::vector<std::string> fields;
    detail::for_each_field<Impute>([&](const auto& f) { fields.emplace_back(f.name); });
    BOOST_TEST((fields == std::vector<std::string>{"method", "per_node"}));
    BOOST_TEST(Impute::step_name == "impute");
    BOOST_TEST(Impute::data_set_name == "Imputed");
    BOOST_TEST((Impute{}.method == ImputeMethod{IndicatorMean{}}));
    BOOST_TEST(is_panel_method(PanelConstant{}));
    BOOST_TEST(!Impute{}.uses_all_years());
    BOOST_TEST((Impute{IndicatorMean{}, {{"a", PanelLinear{}}}}.uses_all_years()));
    BOOST_TEST((Impute{PanelLatest{}, {}}.uses_all_years()));
    BOOST_TEST(!is_panel_method(RowMean{}));
}

BOOST_AUTO_TEST_CASE(asem_panel_cross_section_methods_equal_year_by_year) {
    // On COINr's panel iData_p, a cross-section method on the whole panel equals the method on each
    // year selected alone; panel methods fill gaps along each unit's years.
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset panel = read_dataset(asem_dir() / "iData_p.csv", fw);
    BOOST_REQUIRE(panel.is_panel());
    for (const Impute& step :
         {Impute{IndicatorMean{}, {}}, Impute{GroupMedian{"EurAsia_group"}, {}}, Impute{RowMean{}, {}}}) {
        const StepOutput whole = apply(step, fw, panel);
        for (const int year : panel.years()) {
            const Dataset alone = apply(step, fw, panel.select_time(year)).data;
            const Dataset part = whole.data.select_time(year);
            BOOST_TEST(((part.values().array() == alone.values().array()) ||
                        (part.values().array().isNaN() && alone.values().array().isNaN()))
                           .all());
            BOOST_TEST((part.flags() == alone.flags()));
        }
    }
    // iData_p has no partly missing series (a series is observed in every year or in none), so panel
    // methods find nothing to fill there; blank AUT's LPI in 2020 and 2022 and its Flights in 2018.
    Eigen::MatrixXd v = panel.values();
    const Eigen::Index lpi = panel.column_index("LPI"), flights = panel.column_index("Flights");
    std::map<int, Eigen::Index> aut;
    for (Eigen::Index i = 0; i < panel.unit_count(); ++i)
        if (panel.unit_codes()[static_cast<std::size_t>(i)] == "AUT")
            aut[panel.units().times[static_cast<std::size_t>(i)]] = i;
    BOOST_REQUIRE(aut.size() == 5u);
    const double lpi19 = v(aut[2019], lpi), lpi21 = v(aut[2021], lpi), fl19 = v(aut[2019], flights);
    v(aut[2020], lpi) = v(aut[2022], lpi) = v(aut[2018], flights) = na;
    const Dataset holes = panel.with_values(panel.columns(), v);
    const StepOutput latest = apply(Impute{PanelLatest{}, {}}, fw, holes);
    BOOST_TEST(latest.data.values()(aut[2020], lpi) == lpi19);
    BOOST_TEST(latest.data.values()(aut[2022], lpi) == lpi21);
    BOOST_TEST(std::isnan(latest.data.values()(aut[2018], flights)));
    const StepOutput constant = apply(Impute{PanelConstant{}, {}}, fw, holes);
    BOOST_TEST(constant.data.values()(aut[2020], lpi) == lpi19);
    BOOST_TEST(constant.data.values()(aut[2018], flights) == fl19);
    const StepOutput linear = apply(Impute{PanelLinear{}, {}}, fw, holes);
    BOOST_TEST(linear.data.values()(aut[2020], lpi) ==
               lpi19 + (lpi21 - lpi19) * ((2020.0 - 2019.0) / (2021.0 - 2019.0)));
    BOOST_TEST(linear.data.values()(aut[2022], lpi) == lpi21);
    BOOST_TEST(linear.data.values()(aut[2018], flights) == fl19);
    BOOST_TEST(linear.data.flags()(aut[2020], lpi) == cell_imputed);
    BOOST_TEST(linear.data.flags()(aut[2019], lpi) == 0);
    const auto& imputed = col<std::optional<bool>>(linear.tables[0].second, "Imputed");
    BOOST_TEST(std::count(imputed.begin(), imputed.end(), std::optional<bool>(true)) == 3);
}

BOOST_AUTO_TEST_CASE(parameters_are_checked_without_a_framework) {
    // check(step) is what Python runs at construction; the level's upper bound needs the framework.
    BOOST_CHECK_NO_THROW(check(Impute{RowMean{9, true}, {}}));
    BOOST_CHECK_EXCEPTION(check(Impute{GroupMean{""}, {}}), MethodError,
                          message_has<MethodError>({"impute step: ", "group_mean: parameter \"group\" is empty"}));
    BOOST_CHECK_EXCEPTION(check(Impute{IndicatorMean{}, {{"LPI", PanelLatest{-1}}}}), MethodError,
                          message_has<MethodError>({"per-node method for \"LPI\"", "max_time", "-1"}));
}

BOOST_AUTO_TEST_CASE(imputed_cells_have_no_standard_error) {
    const Framework fw({make_node("a", NodeType::indicator, 1, "P"), make_node("b", NodeType::indicator, 1, "P"),
                        make_node("P", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"U1", "U2", "U3"};
    units->names = {"", "", ""};
    Eigen::MatrixXd v(3, 2), se(3, 2);
    v << 1, 4, na, 5, 3, 6;
    se << 0.1, 0.4, na, 0.5, 0.3, 0.6;
    CellFlags flags = CellFlags::Zero(3, 2);
    flags(1, 0) = cell_suppressed;
    const Dataset data(units, {"a", "b"}, v, flags, se, SuppressionReasons{{{1, 0}, "withheld"}});
    const Dataset out = apply(Impute{}, fw, data).data;
    // The suppressed cell is missing like any other: imputed by the mean 2, flagged both, no SE.
    BOOST_TEST(out.value("U2", "a") == 2.0);
    BOOST_TEST(out.flags()(1, 0) == (cell_suppressed | cell_imputed));
    BOOST_TEST(out.suppression_reason(1, 0) == "withheld");
    BOOST_TEST(std::isnan(out.standard_error("U2", "a")));
    BOOST_TEST(out.standard_error("U1", "a") == 0.1);
    BOOST_TEST(out.standard_error("U3", "b") == 0.6);
}
