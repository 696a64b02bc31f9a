#define BOOST_TEST_MODULE screen
#include <boost/test/unit_test.hpp>

#include <govindex/steps/screen.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// Reference values (uCode -> row) laid into a data set with the units (groups, denominators) of `units_from`.
Dataset with_reference_values(const Dataset& units_from, const Reference& ref) {
    Eigen::MatrixXd values(units_from.unit_count(), static_cast<Eigen::Index>(ref.columns.size()));
    BOOST_REQUIRE_EQUAL(ref.units.size(), static_cast<std::size_t>(units_from.unit_count()));
    for (std::size_t u = 0; u < ref.units.size(); ++u)
        for (std::size_t c = 0; c < ref.columns.size(); ++c)
            values(units_from.unit_index(ref.units[u]), static_cast<Eigen::Index>(c)) = ref.values[u][c];
    return units_from.with_values(ref.columns, std::move(values));
}

std::optional<bool> parse_logical(const std::string& s) {
    if (s == "TRUE") return true;
    if (s == "FALSE") return false;
    BOOST_TEST(s == "NA");
    return std::nullopt;
}

const std::vector<double>& numbers(const Table& t, const std::string& name) {
    return std::get<std::vector<double>>(t.column(name));
}
const std::vector<std::optional<bool>>& logicals(const Table& t, const std::string& name) {
    return std::get<std::vector<std::optional<bool>>>(t.column(name));
}
const std::vector<std::string>& texts(const Table& t, const std::string& name) {
    return std::get<std::vector<std::string>>(t.column(name));
}

// A tiny framework: indicators a, b, c, d under P, P under Root; a group column and a denominator.
Framework tiny_framework() {
    return Framework({make_node("a", NodeType::indicator, 1, "P"), make_node("b", NodeType::indicator, 1, "P"),
                      make_node("c", NodeType::indicator, 1, "P"), make_node("d", NodeType::indicator, 1, "P"),
                      make_node("P", NodeType::aggregate, 2, "Root"), make_node("Root", NodeType::aggregate, 3, ""),
                      make_node("G", NodeType::group, 0, ""), make_node("pop", NodeType::denominator, 0, "")});
}

// Four units:          a    b    c    d    missing zeros  availability  non-zero share
//   U1                 1    2    3    4    0       0      1             1
//   U2                 NA   0    5    0    1       2      3/4           1 - 2/3 = 1/3
//   U3                 NA   NA   0    1    2       1      1/2           1 - 1/2 = 1/2
//   U4                 NA   NA   NA   NA   4       0      0             undefined (NaN, counted as low)
Dataset tiny_data() {
    auto units = std::make_shared<Units>();
    units->codes = {"U1", "U2", "U3", "U4"};
    units->names = {"One", "Two", "Three", "Four"};
    units->times = {2020, 2020, 2020, 2020};
    units->groups = {{"G", {"x", "y", "x", "y"}}};
    units->denominator_codes = {"pop"};
    units->denominators = Eigen::MatrixXd(4, 1);
    units->denominators << 10, 20, 30, 40;
    units->others = {{"note", {"n1", "n2", "n3", "n4"}}};
    const double na = std::nan("");
    Eigen::MatrixXd v(4, 4);
    v << 1, 2, 3, 4, na, 0, 5, 0, na, na, 0, 1, na, na, na, na;
    CellFlags flags = CellFlags::Zero(4, 4);
    flags(1, 2) = cell_treated;
    return Dataset(units, {"a", "b", "c", "d"}, v, flags);
}

std::vector<std::string> kept(const StepOutput& out) { return out.data.unit_codes(); }

}  // namespace

BOOST_AUTO_TEST_CASE(h_example_screen_matches_coinr) {
    // COINr build_example_coin: Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA"),
    // fed COINr's own imputed data set (h_example_imputed.csv).
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset raw = read_dataset(asem_dir() / "iData.csv", fw);
    const Dataset imputed = with_reference_values(raw, read_reference(coinr_dir() / "h_example_imputed.csv"));
    const StepOutput out = apply(Screen{true, 0.9, false, 0.05, {}}, fw, imputed);

    BOOST_REQUIRE_EQUAL(out.tables.size(), 1u);
    BOOST_TEST(out.tables[0].first == "ScreeningSummary");
    const Table& t = out.tables[0].second;
    BOOST_TEST(
        (t.names() == std::vector<std::string>{"uCode", "N_missing", "N_zero", "N_miss_or_zero", "Dat_Avail",
                                               "Non_Zero", "LowData", "LowNonZero", "LowDatOrZeroFlag", "Included"}));
    const CsvTable ref = read_csv(coinr_dir() / "h_example_screen_summary.csv");
    BOOST_REQUIRE_EQUAL(ref.rows.size(), t.rows());
    BOOST_REQUIRE(ref.header == t.names());
    std::size_t compared = 0;
    double max_rel = 0;
    for (const auto& row : ref.rows) {
        const auto pos = std::find(texts(t, "uCode").begin(), texts(t, "uCode").end(), row[0]);
        BOOST_REQUIRE(pos != texts(t, "uCode").end());
        const auto i = static_cast<std::size_t>(pos - texts(t, "uCode").begin());
        for (std::size_t c = 1; c < ref.header.size(); ++c) {
            const std::string& name = ref.header[c];
            BOOST_TEST_CONTEXT(row[0] << " " << name) {
                if (c <= 5) {
                    const double expected = parse_number(row[c], {}, name);
                    const double actual = numbers(t, name)[i];
                    BOOST_TEST(close(actual, expected));
                    if (expected != 0) max_rel = std::max(max_rel, std::abs(actual - expected) / std::abs(expected));
                } else {
                    BOOST_TEST((logicals(t, name)[i] == parse_logical(row[c])));
                }
            }
            ++compared;
        }
    }
    BOOST_TEST(compared == 51u * 9u);
    BOOST_TEST_MESSAGE("h_example_screen_summary max relative difference " << max_rel);

    // Screened data: every unit and column of COINr's.
    const Reference screened = read_reference(coinr_dir() / "h_example_screened.csv");
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(out.data.unit_count()), screened.units.size());
    for (std::size_t u = 0; u < screened.units.size(); ++u)
        for (std::size_t c = 0; c < screened.columns.size(); ++c)
            BOOST_TEST(close(out.data.value(screened.units[u], screened.columns[c]), screened.values[u][c]));
    BOOST_TEST(out.data.columns() == screened.columns);
}

BOOST_AUTO_TEST_CASE(screening_raw_asem_by_availability_excludes_low_data_units) {
    // The raw ASEM data at COINr's example threshold 0.9: every excluded unit has availability < 0.9,
    // every kept unit >= 0.9, and Dat_Avail = 1 - missing / 49.
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset raw = read_dataset(asem_dir() / "iData.csv", fw);
    const StepOutput out = apply(Screen{true, 0.9, false, 0.05, {}}, fw, raw);
    const Table& t = out.tables[0].second;
    std::size_t included = 0;
    for (std::size_t i = 0; i < t.rows(); ++i) {
        const double missing =
            static_cast<double>((raw.values().row(static_cast<Eigen::Index>(i)).array().isNaN()).count());
        BOOST_TEST(numbers(t, "N_missing")[i] == missing);
        BOOST_TEST(numbers(t, "Dat_Avail")[i] == 1.0 - missing / 49.0);
        BOOST_TEST((*logicals(t, "Included")[i] == (1.0 - missing / 49.0 >= 0.9)));
        included += *logicals(t, "Included")[i] ? 1 : 0;
    }
    BOOST_TEST(static_cast<std::size_t>(out.data.unit_count()) == included);
    BOOST_TEST(included < 51u);
}

BOOST_AUTO_TEST_CASE(hand_computed_by_availability) {
    // 2/3 (COINr default): U1 (1) and U2 (3/4) stay; U3 (1/2) and U4 (0) go.
    const StepOutput out = apply(Screen{}, tiny_framework(), tiny_data());
    BOOST_TEST((kept(out) == std::vector<std::string>{"U1", "U2"}));
    const Table& t = out.tables[0].second;
    BOOST_TEST((numbers(t, "N_missing") == std::vector<double>{0, 1, 2, 4}));
    BOOST_TEST((numbers(t, "N_zero") == std::vector<double>{0, 2, 1, 0}));
    BOOST_TEST((numbers(t, "N_miss_or_zero") == std::vector<double>{0, 3, 3, 4}));
    BOOST_TEST((numbers(t, "Dat_Avail") == std::vector<double>{1, 0.75, 0.5, 0}));
    BOOST_TEST(numbers(t, "Non_Zero")[1] == 1.0 - 2.0 / 3.0);
    BOOST_TEST(numbers(t, "Non_Zero")[2] == 0.5);
    BOOST_TEST(std::isnan(numbers(t, "Non_Zero")[3]));
    BOOST_TEST((logicals(t, "LowData") == std::vector<std::optional<bool>>{false, false, true, true}));
    // default min_nonzero 0.05: only U4 (no observed value) is low
    BOOST_TEST((logicals(t, "LowNonZero") == std::vector<std::optional<bool>>{false, false, false, true}));
    BOOST_TEST((logicals(t, "LowDatOrZeroFlag") == std::vector<std::optional<bool>>{false, false, true, true}));
    BOOST_TEST((logicals(t, "Included") == std::vector<std::optional<bool>>{true, true, false, false}));
}

BOOST_AUTO_TEST_CASE(hand_computed_by_nonzero_and_both) {
    // non-zero share >= 0.4: U1 (1) and U3 (1/2) stay; U2 (1/3) and U4 (undefined) go.
    BOOST_TEST((kept(apply(Screen{false, 2.0 / 3.0, true, 0.4, {}}, tiny_framework(), tiny_data())) ==
                std::vector<std::string>{"U1", "U3"}));
    // both rules: only U1.
    BOOST_TEST((kept(apply(Screen{true, 2.0 / 3.0, true, 0.4, {}}, tiny_framework(), tiny_data())) ==
                std::vector<std::string>{"U1"}));
    // the threshold is inclusive: availability 3/4 >= 0.75 stays, as COINr's `<` test.
    BOOST_TEST((kept(apply(Screen{true, 0.75, false, 0.05, {}}, tiny_framework(), tiny_data())) ==
                std::vector<std::string>{"U1", "U2"}));
}

BOOST_AUTO_TEST_CASE(force_overrides_the_rules) {
    // by availability U1, U2 stay; forcing U3 in and U1 out gives U2, U3 (input order kept).
    const StepOutput out =
        apply(Screen{true, 2.0 / 3.0, false, 0.05, {{"U3", true}, {"U1", false}}}, tiny_framework(), tiny_data());
    BOOST_TEST((kept(out) == std::vector<std::string>{"U2", "U3"}));
    BOOST_TEST(
        (logicals(out.tables[0].second, "Included") == std::vector<std::optional<bool>>{false, true, true, false}));
    BOOST_TEST(
        (logicals(out.tables[0].second, "LowData") == std::vector<std::optional<bool>>{false, false, true, true}));
}

BOOST_AUTO_TEST_CASE(screened_units_keep_every_attribute_of_their_rows) {
    const Dataset in = tiny_data();
    const StepOutput out =
        apply(Screen{true, 2.0 / 3.0, false, 0.05, {{"U3", true}, {"U1", false}}}, tiny_framework(), in);
    const Units& u = out.data.units();
    BOOST_TEST((u.codes == std::vector<std::string>{"U2", "U3"}));
    BOOST_TEST((u.names == std::vector<std::string>{"Two", "Three"}));
    BOOST_TEST((u.times == std::vector<int>{2020, 2020}));
    BOOST_TEST((u.groups[0].second == std::vector<std::string>{"y", "x"}));
    BOOST_TEST((u.others[0].second == std::vector<std::string>{"n2", "n3"}));
    BOOST_TEST((u.denominator_codes == std::vector<std::string>{"pop"}));
    BOOST_TEST(u.denominators(0, 0) == 20);
    BOOST_TEST(u.denominators(1, 0) == 30);
    BOOST_TEST(out.data.value("U2", "c") == 5);
    BOOST_TEST(out.data.flags()(0, 2) == cell_treated);  // U2's c was treated in the input
    BOOST_TEST(out.data.flags()(1, 2) == 0);
    BOOST_TEST(in.unit_count() == 4);  // input untouched
}

BOOST_AUTO_TEST_CASE(panel_rows_are_screened_one_by_one_with_a_time_column) {
    Dataset in = tiny_data();
    auto units = std::make_shared<Units>(in.units());
    units->codes = {"U1", "U1", "U2", "U2"};
    units->times = {2019, 2020, 2019, 2020};
    const Dataset panel = in.with_units(units, in.values());
    const StepOutput out = apply(Screen{}, tiny_framework(), panel);
    BOOST_TEST((out.data.units().times == std::vector<int>{2019, 2020}));
    BOOST_TEST((out.data.unit_codes() == std::vector<std::string>{"U1", "U1"}));
    BOOST_TEST((numbers(out.tables[0].second, "Time") == std::vector<double>{2019, 2020, 2019, 2020}));
    BOOST_TEST(out.tables[0].second.names().front() == "Time");
    // force applies to every year of the unit
    const StepOutput forced = apply(Screen{true, 2.0 / 3.0, false, 0.05, {{"U2", true}}}, tiny_framework(), panel);
    BOOST_TEST(forced.data.unit_count() == 4);
}

BOOST_AUTO_TEST_CASE(errors_name_what_is_wrong) {
    const auto fw = tiny_framework();
    const auto data = tiny_data();
    auto message_has = [](std::string text) {
        return [text](const Error& e) { return std::string(e.what()).find(text) != std::string::npos; };
    };
    BOOST_CHECK_EXCEPTION((void)apply(Screen{true, 2.0 / 3.0, false, 0.05, {{"XX", true}}}, fw, data), MethodError,
                          message_has("\"XX\": unknown unit code"));
    BOOST_CHECK_EXCEPTION((void)apply(Screen{true, 1.5, false, 0.05, {}}, fw, data), MethodError,
                          message_has("min_availability"));
    BOOST_CHECK_EXCEPTION((void)apply(Screen{true, 0.5, true, -0.1, {}}, fw, data), MethodError,
                          message_has("min_nonzero"));
    BOOST_CHECK_EXCEPTION((void)apply(Screen{false, 0.5, false, 0.1, {}}, fw, data), MethodError,
                          message_has("both false"));
    BOOST_CHECK_EXCEPTION((void)apply(Screen{true, 1.0, false, 0.05, {{"U1", false}}}, fw, data), MethodError,
                          message_has("every one of the 4 units is excluded"));
    BOOST_CHECK_NO_THROW(check(Screen{}, fw));
}

BOOST_AUTO_TEST_CASE(select_rows_reorders_and_checks_range) {
    const Dataset in = tiny_data();
    const Dataset out = select_rows(in, {2, 0});
    BOOST_TEST((out.unit_codes() == std::vector<std::string>{"U3", "U1"}));
    BOOST_TEST(out.value("U1", "d") == 4);
    BOOST_CHECK_THROW((void)select_rows(in, {4}), MethodError);
}

BOOST_AUTO_TEST_CASE(fields_describe_every_parameter) {
    std::vector<std::string> names;
    detail::for_each_field<Screen>([&](const auto& f) { names.emplace_back(f.name); });
    BOOST_TEST((names ==
                std::vector<std::string>{"by_availability", "min_availability", "by_nonzero", "min_nonzero", "force"}));
    BOOST_TEST(Screen::step_name == "screen");
    BOOST_TEST(Screen::data_set_name == "Screened");
    BOOST_TEST(Screen{}.min_availability == 2.0 / 3.0);
}

BOOST_AUTO_TEST_CASE(kept_rows_keep_standard_errors_and_suppression_reasons) {
    const Dataset plain = tiny_data();
    Eigen::MatrixXd se = Eigen::MatrixXd::Constant(4, 4, std::nan(""));
    se(0, 1) = 0.2;
    se(1, 2) = 0.5;
    se(2, 3) = 0.7;  // U3 is screened out
    CellFlags flags = plain.flags();
    flags(1, 0) = cell_suppressed;  // U2's a, missing
    flags(2, 0) = cell_suppressed;
    const Dataset data(plain.shared_units(), plain.columns(), plain.values(), flags, se,
                       SuppressionReasons{{{1, 0}, "withheld"}, {{2, 0}, "too few"}});
    const Dataset out = apply(Screen{}, tiny_framework(), data).data;  // keeps U1, U2
    BOOST_REQUIRE(out.has_standard_errors());
    BOOST_TEST(out.standard_errors()(0, 1) == 0.2);
    BOOST_TEST(out.standard_errors()(1, 2) == 0.5);
    BOOST_TEST(out.standard_errors().array().isNaN().count() == 6);
    BOOST_TEST(out.suppression_reasons().size() == 1U);
    BOOST_TEST(out.suppression_reason(1, 0) == "withheld");
}
