#define BOOST_TEST_MODULE dataset
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <typeinfo>

#include "test_support.hpp"

using namespace govindex;
using govindex::testing::make_node;
using govindex::testing::message_has;

namespace {

using Codes = std::vector<std::string>;
const double NaN = std::numeric_limits<double>::quiet_NaN();

// i1, i2 -> Index; plus a group, a denominator and an "other" column.
Framework small_framework() {
    return Framework({make_node("i1", NodeType::indicator, 1, "Index"),
                      make_node("i2", NodeType::indicator, 1, "Index"), make_node("Index", NodeType::aggregate, 2, ""),
                      make_node("Region", NodeType::group, 0, ""), make_node("Pop", NodeType::denominator, 0, ""),
                      make_node("Note", NodeType::other, 0, "")});
}

// A DataFrame-style table: the indicator columns come in a different order than in the framework.
DataTable frame() {
    DataTable t;
    t.source = "DataFrame";
    t.header_line = 0;
    t.row_lines = {1, 2, 3};
    t.columns = {"uCode", "uName", "Region", "Pop", "i2", "i1", "Note"};
    t.text["uCode"] = {"A", "B", "C"};
    t.text["uName"] = {"Alpha", "Beta", "Gamma"};
    t.text["Region"] = {"North", "South", "North"};
    t.text["Note"] = {"x", "", "z"};
    t.numbers["Pop"] = {10.0, 20.0, NaN};
    t.numbers["i1"] = {1.0, 2.0, 3.0};
    t.numbers["i2"] = {4.0, NaN, 6.0};
    return t;
}

DataTable panel() {
    DataTable t;
    t.source = "DataFrame";
    t.header_line = 0;
    t.row_lines = {1, 2, 3, 4};
    t.columns = {"uCode", "Time", "i1", "i2"};
    t.text["uCode"] = {"A", "B", "A", "B"};
    t.numbers["Time"] = {2019, 2019, 2020, 2020};
    t.numbers["i1"] = {1, 2, 3, 4};
    t.numbers["i2"] = {5, 6, 7, 8};
    return t;
}

}  // namespace

BOOST_AUTO_TEST_CASE(columns_follow_framework_order) {
    const Dataset d = make_dataset(small_framework(), frame());
    BOOST_TEST(d.columns() == (Codes{"i1", "i2"}));
    BOOST_TEST(d.unit_count() == 3);
    BOOST_TEST(d.column_count() == 2);
    BOOST_TEST(d.unit_codes() == (Codes{"A", "B", "C"}));
    BOOST_TEST(d.unit_names() == (Codes{"Alpha", "Beta", "Gamma"}));
}

BOOST_AUTO_TEST_CASE(column_and_value) {
    const Dataset d = make_dataset(small_framework(), frame());
    const Eigen::VectorXd i1 = d.column("i1");
    BOOST_REQUIRE_EQUAL(i1.size(), 3);
    BOOST_TEST(i1[0] == 1.0);
    BOOST_TEST(i1[1] == 2.0);
    BOOST_TEST(i1[2] == 3.0);
    BOOST_TEST(d.value("C", "i2") == 6.0);
    BOOST_TEST(d.value("Alpha", "i2") == 4.0);
    BOOST_TEST(std::isnan(d.value("B", "i2")));
    BOOST_TEST(d.values()(2, 0) == 3.0);
    BOOST_TEST(d.column_index("i2") == 1);
    BOOST_CHECK_EXCEPTION((void)d.column("Pop"), UnknownCodeError,
                          message_has<UnknownCodeError>({"no column \"Pop\""}));
}

BOOST_AUTO_TEST_CASE(unit_index_by_code_and_name) {
    const Dataset d = make_dataset(small_framework(), frame());
    BOOST_TEST(d.unit_index("A") == 0);
    BOOST_TEST(d.unit_index("C") == 2);
    BOOST_TEST(d.unit_index("Beta") == 1);
    BOOST_TEST(d.unit_index("Gamma") == 2);
    BOOST_CHECK_EXCEPTION((void)d.unit_index("Delta"), UnknownCodeError,
                          message_has<UnknownCodeError>({"no unit with code or name \"Delta\""}));
    BOOST_CHECK_THROW((void)d.unit_index("alpha"), UnknownCodeError);  // case matters
}

BOOST_AUTO_TEST_CASE(unit_index_nfc) {
    DataTable t = frame();
    t.text["uName"][1] = "Ha\xCC\x80 No\xCC\xA3\xCC\x82i";  // NFD "Hà Nội"
    const Dataset d = make_dataset(small_framework(), t);
    BOOST_TEST(d.unit_names()[1] == "H\xC3\xA0 N\xE1\xBB\x99i");
    BOOST_TEST(d.unit_index("H\xC3\xA0 N\xE1\xBB\x99i") == 1);
}

BOOST_AUTO_TEST_CASE(has_column) {
    const Dataset d = make_dataset(small_framework(), frame());
    BOOST_TEST(d.has_column("i1"));
    BOOST_TEST(d.has_column("i2"));
    BOOST_TEST(!d.has_column("Index"));
    BOOST_TEST(!d.has_column("Pop"));     // denominators live in units()
    BOOST_TEST(!d.has_column("Region"));  // so do groups
    BOOST_TEST(!d.has_column("uCode"));
}

BOOST_AUTO_TEST_CASE(groups_denominators_and_others_land_in_units) {
    const Dataset d = make_dataset(small_framework(), frame());
    const Units& u = d.units();
    BOOST_REQUIRE_EQUAL(u.groups.size(), 1u);
    BOOST_TEST(u.groups[0].first == "Region");
    BOOST_TEST(u.groups[0].second == (Codes{"North", "South", "North"}));
    BOOST_TEST(u.denominator_codes == (Codes{"Pop"}));
    BOOST_REQUIRE_EQUAL(u.denominators.rows(), 3);
    BOOST_REQUIRE_EQUAL(u.denominators.cols(), 1);
    BOOST_TEST(u.denominators(0, 0) == 10.0);
    BOOST_TEST(u.denominators(1, 0) == 20.0);
    BOOST_TEST(std::isnan(u.denominators(2, 0)));
    BOOST_REQUIRE_EQUAL(u.others.size(), 1u);
    BOOST_TEST(u.others[0].first == "Note");
    BOOST_TEST(u.others[0].second == (Codes{"x", "", "z"}));
    BOOST_TEST(u.times.empty());
}

BOOST_AUTO_TEST_CASE(no_name_column_gives_empty_names) {
    DataTable t = frame();
    t.columns = {"uCode", "i1", "i2"};
    t.text.erase("uName");
    const Dataset d = make_dataset(small_framework(), t);
    BOOST_TEST(d.unit_names() == (Codes{"", "", ""}));
    BOOST_TEST(d.units().groups.empty());
    BOOST_TEST(d.units().denominators.cols() == 0);
}

BOOST_AUTO_TEST_CASE(duplicate_unit_code_names_rows) {
    DataTable t = frame();
    t.text["uCode"] = {"A", "B", "A"};
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), t), InputError,
                          message_has<InputError>({"DataFrame row 3, column \"uCode\"", "duplicate unit code \"A\"",
                                                   "expected unique codes (first on row 1)"}));
}

BOOST_AUTO_TEST_CASE(rows_default_to_position_without_row_lines) {
    DataTable t = frame();
    t.row_lines.clear();
    t.text["uCode"] = {"A", "", "C"};
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), t), InputError,
                          message_has<InputError>({"DataFrame row 2, column \"uCode\"", "empty unit code"}));
}

BOOST_AUTO_TEST_CASE(nfd_and_nfc_unit_codes_collide) {
    DataTable t = frame();
    t.text["uCode"] = {"H\xC3\xA0", "Ha\xCC\x80", "C"};
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), t), InputError,
                          message_has<InputError>({"DataFrame row 2", "duplicate unit code"}));
}

BOOST_AUTO_TEST_CASE(dataframe_column_errors) {
    DataTable t = frame();
    t.columns.push_back("GDP");
    t.numbers["GDP"] = {1, 2, 3};
    BOOST_CHECK_EXCEPTION(
        (void)make_dataset(small_framework(), t), InputError,
        message_has<InputError>({"DataFrame, column \"GDP\"", "not described in the framework", "expected"}));
    DataTable no_i2 = frame();
    no_i2.columns = {"uCode", "i1"};
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), no_i2), InputError,
                          message_has<InputError>({"DataFrame, column \"i2\"", "has no data column",
                                                   "expected a column for every Indicator"}));
    BOOST_CHECK_EXCEPTION((void)column_roles(small_framework(), {"i1", "i2"}, "DataFrame", 0), InputError,
                          message_has<InputError>({"column \"uCode\"", "missing required column"}));
}

BOOST_AUTO_TEST_CASE(column_roles_by_framework) {
    const auto roles =
        column_roles(small_framework(), {"uName", "Time", "i2", "uCode", "Pop", "Region", "Note", "i1"}, "x.csv", 1);
    const std::vector<ColumnRole> expected{ColumnRole::unit_name, ColumnRole::time,        ColumnRole::indicator,
                                           ColumnRole::unit_code, ColumnRole::denominator, ColumnRole::group,
                                           ColumnRole::other,     ColumnRole::indicator};
    BOOST_TEST((roles == expected));
}

BOOST_AUTO_TEST_CASE(panel_years_and_select_time) {
    const Dataset d = make_dataset(small_framework(), panel());  // same codes in two years: fine
    BOOST_TEST(d.is_panel());
    BOOST_TEST(d.years() == (std::vector<int>{2019, 2020}));
    BOOST_TEST(d.units().times == (std::vector<int>{2019, 2019, 2020, 2020}));

    const Dataset y2020 = d.select_time(2020);
    BOOST_TEST(!y2020.is_panel());
    BOOST_TEST(y2020.unit_codes() == (Codes{"A", "B"}));
    BOOST_TEST(y2020.value("A", "i1") == 3.0);
    BOOST_TEST(y2020.value("B", "i2") == 8.0);
    BOOST_TEST(y2020.columns() == d.columns());

    const Dataset y2019 = d.select_time(2019);
    BOOST_TEST(y2019.value("B", "i1") == 2.0);

    BOOST_CHECK_EXCEPTION((void)d.select_time(2021), UnknownCodeError, message_has<UnknownCodeError>({"Time 2021"}));
    BOOST_CHECK_THROW((void)d.unit_index("A"), UnknownCodeError);  // ambiguous across years
}

BOOST_AUTO_TEST_CASE(select_time_keeps_groups_and_denominators) {
    DataTable t = panel();
    t.columns.push_back("Region");
    t.columns.push_back("Pop");
    t.text["Region"] = {"N", "S", "N2", "S2"};
    t.numbers["Pop"] = {1, 2, 3, 4};
    const Dataset y = make_dataset(small_framework(), t).select_time(2020);
    BOOST_TEST(y.units().groups.at(0).second == (Codes{"N2", "S2"}));
    BOOST_TEST(y.units().denominators(0, 0) == 3.0);
    BOOST_TEST(y.units().denominators(1, 0) == 4.0);
    BOOST_TEST(y.unit_codes() == (Codes{"A", "B"}));
}

BOOST_AUTO_TEST_CASE(cross_section_has_no_time) {
    const Dataset d = make_dataset(small_framework(), frame());
    BOOST_TEST(!d.is_panel());
    BOOST_TEST(d.years().empty());
    BOOST_CHECK_THROW((void)d.select_time(2020), UnknownCodeError);
}

BOOST_AUTO_TEST_CASE(single_year_is_not_a_panel) {
    DataTable t = panel();
    t.numbers["Time"] = {2019, 2019, 2019, 2019};
    t.text["uCode"] = {"A", "B", "C", "D"};
    const Dataset d = make_dataset(small_framework(), t);
    BOOST_TEST(!d.is_panel());
    BOOST_TEST(d.years() == (std::vector<int>{2019}));
    BOOST_TEST(d.unit_index("D") == 3);
}

BOOST_AUTO_TEST_CASE(duplicate_unit_code_within_a_year) {
    DataTable t = panel();
    t.numbers["Time"] = {2019, 2020, 2020, 2019};
    t.text["uCode"] = {"A", "B", "B", "C"};  // B twice in 2020
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), t), InputError,
                          message_has<InputError>({"DataFrame row 3, column \"uCode\"",
                                                   "duplicate unit code \"B\" for Time 2020", "first on row 2"}));
}

BOOST_AUTO_TEST_CASE(time_must_be_a_whole_year) {
    DataTable t = panel();
    t.numbers["Time"] = {2019, NaN, 2020, 2020};
    BOOST_CHECK_EXCEPTION(
        (void)make_dataset(small_framework(), t), InputError,
        message_has<InputError>({"DataFrame row 2, column \"Time\"", "expected a whole year", "missing"}));
}

BOOST_AUTO_TEST_CASE(constructor_checks_shapes) {
    auto units = std::make_shared<Units>();
    units->codes = {"A", "B"};
    units->names = {"", ""};
    BOOST_CHECK_THROW(Dataset(units, {"x"}, Eigen::MatrixXd::Zero(3, 1)), InputError);
    BOOST_CHECK_THROW(Dataset(units, {"x", "y"}, Eigen::MatrixXd::Zero(2, 1)), InputError);
    BOOST_CHECK_EXCEPTION(Dataset(units, {"x", "x"}, Eigen::MatrixXd::Zero(2, 2)), InputError,
                          message_has<InputError>({"duplicate column \"x\""}));
    BOOST_CHECK_THROW(Dataset(nullptr, {}, Eigen::MatrixXd()), InputError);
    const Dataset ok(units, {"x"}, Eigen::MatrixXd::Constant(2, 1, 7.0));
    BOOST_TEST(ok.value("B", "x") == 7.0);
}

BOOST_AUTO_TEST_CASE(equality_and_with_values) {
    const Dataset a = make_dataset(small_framework(), frame());
    const Dataset b = make_dataset(small_framework(), frame());
    BOOST_TEST((a == b));  // NaN cells compare equal
    Eigen::MatrixXd v = a.values();
    v(0, 0) = 100.0;
    const Dataset c = a.with_values(a.columns(), v);
    BOOST_TEST(!(a == c));
    BOOST_TEST(c.shared_units() == a.shared_units());  // units shared, not copied
    BOOST_TEST(c.value("A", "i1") == 100.0);
    BOOST_TEST(a.value("A", "i1") == 1.0);  // the original is unchanged
    DataTable other_names = frame();
    other_names.text["uName"][0] = "Alpha2";
    BOOST_TEST(!(a == make_dataset(small_framework(), other_names)));
}

BOOST_AUTO_TEST_CASE(print_summary) {
    std::ostringstream os;
    os << make_dataset(small_framework(), frame()) << " " << make_dataset(small_framework(), panel());
    BOOST_TEST(os.str() == "Dataset(3 units x 2 columns) Dataset(4 units x 2 columns, panel)");
}

// ================================================================================================
// Standard errors and suppressed cells (`<code>_se`, `<code>_suppressed` columns)
// ================================================================================================

namespace {

// frame() with standard errors of i1 (as text, as the CSV and DataFrame readers give them) and a
// suppressed cell of i2 (unit B, whose i2 is missing).
DataTable frame_with_uncertainty() {
    DataTable t = frame();
    t.columns.push_back("i1_se");
    t.columns.push_back("i2_suppressed");
    t.text["i1_se"] = {"0.5", "", "0.25"};
    t.text["i2_suppressed"] = {"", "fewer than 10 respondents", ""};
    return t;
}

// The InputError of make_dataset, for its location.
ErrorLocation location_of(const DataTable& t) {
    try {
        (void)make_dataset(small_framework(), t);
    } catch (const InputError& e) {
        return e.location();
    }
    BOOST_FAIL("expected an InputError");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(se_and_suppressed_columns_have_their_roles) {
    const auto roles = column_roles(small_framework(), {"uCode", "i1", "i2", "i1_se", "i2_suppressed"}, "x.csv", 1);
    BOOST_TEST((roles[3] == ColumnRole::standard_error));
    BOOST_TEST((roles[4] == ColumnRole::suppressed));
    // An _se column of an unknown code is an unknown column; of an aggregate, an error naming it.
    BOOST_CHECK_EXCEPTION((void)column_roles(small_framework(), {"uCode", "i1", "i2", "i9_se"}, "x.csv", 1), InputError,
                          message_has<InputError>({"x.csv line 1", "\"i9_se\"", "not described in the framework"}));
    try {
        (void)column_roles(small_framework(), {"uCode", "i1", "i2", "Index_se"}, "x.csv", 1);
        BOOST_FAIL("expected an InputError");
    } catch (const InputError& e) {
        BOOST_TEST(e.location().source == "x.csv");
        BOOST_TEST(e.location().line == 1);
        BOOST_TEST(e.location().column == "Index_se");
        BOOST_TEST(e.location().node == "Index");
        BOOST_TEST(e.location().found == "\"Index\" is Aggregate");
    }
}

BOOST_AUTO_TEST_CASE(reads_standard_errors_and_suppression) {
    const Dataset d = make_dataset(small_framework(), frame_with_uncertainty());
    BOOST_TEST(d.columns() == Codes({"i1", "i2"}));  // no _se / _suppressed columns among the values
    BOOST_TEST(d.has_standard_errors());
    BOOST_TEST(d.standard_error("A", "i1") == 0.5);
    BOOST_TEST(std::isnan(d.standard_error("B", "i1")));
    BOOST_TEST(d.standard_error("C", "i1") == 0.25);
    BOOST_TEST(std::isnan(d.standard_error("A", "i2")));  // no i2_se column: not known
    BOOST_TEST(d.is_suppressed(1, 1));
    BOOST_TEST(!d.is_suppressed(0, 1));
    BOOST_TEST(d.flags()(1, 1) == cell_suppressed);
    BOOST_TEST(d.suppression_reason(1, 1) == "fewer than 10 respondents");
    BOOST_TEST(d.suppression_reason(0, 1).empty());
    BOOST_TEST(d.suppression_reasons().size() == 1U);
    std::ostringstream os;
    os << d;
    BOOST_TEST(os.str() == "Dataset(3 units x 2 columns, standard errors, 1 suppressed cell)");
    // Without such columns: no standard errors at all.
    const Dataset plain = make_dataset(small_framework(), frame());
    BOOST_TEST(!plain.has_standard_errors());
    BOOST_TEST(std::isnan(plain.standard_error("A", "i1")));
    BOOST_TEST(!(plain == d));
}

BOOST_AUTO_TEST_CASE(bad_standard_errors_are_located) {
    for (const auto& [cell, found] :
         std::vector<std::pair<std::string, std::string>>{{"-0.1", "-0.1"}, {"n/a", "\"n/a\""}, {"inf", "\"inf\""}}) {
        BOOST_TEST_CONTEXT("cell " << cell) {
            DataTable t = frame_with_uncertainty();
            t.row_lines = {5, 6, 7};
            t.text["i1_se"][2] = cell;
            const ErrorLocation at = location_of(t);
            BOOST_TEST(at.source == "DataFrame");
            BOOST_TEST(at.line == 7);
            BOOST_TEST(at.column == "i1_se");
            BOOST_TEST(at.expected == "a standard error: a finite number >= 0 (or empty/NA for not known)");
            BOOST_TEST(at.found == found);
        }
    }
    // Numbers (not text) are checked the same way.
    DataTable t = frame_with_uncertainty();
    t.text.erase("i1_se");
    t.numbers["i1_se"] = {0.1, -2.0, NaN};
    BOOST_CHECK_EXCEPTION(
        (void)make_dataset(small_framework(), t), InputError,
        message_has<InputError>({"DataFrame row 2", "column \"i1_se\"", "expected a standard error", "found -2"}));
}

BOOST_AUTO_TEST_CASE(suppressed_cell_must_be_empty) {
    DataTable t = frame_with_uncertainty();
    t.text["i2_suppressed"][0] = "small sample";  // unit A has i2 = 4
    const ErrorLocation at = location_of(t);
    BOOST_TEST(at.line == 1);
    BOOST_TEST(at.column == "i2");
    BOOST_TEST(at.found == "4");
    BOOST_TEST(at.expected ==
               "an empty value for a cell suppressed in column \"i2_suppressed\" (reason \"small sample\")");
    // ... and so must its standard error.
    DataTable u = frame_with_uncertainty();
    u.text["i1_suppressed"] = {"", "withheld", ""};
    u.columns.push_back("i1_suppressed");
    u.numbers["i1"][1] = NaN;
    u.text["i1_se"][1] = "0.3";
    const ErrorLocation se_at = location_of(u);
    BOOST_TEST(se_at.line == 2);
    BOOST_TEST(se_at.column == "i1_se");
    BOOST_TEST(se_at.found == "0.3");
}

BOOST_AUTO_TEST_CASE(constructor_checks_standard_errors_and_reasons) {
    auto units = std::make_shared<Units>();
    units->codes = {"A", "B"};
    units->names = {"", ""};
    const Eigen::MatrixXd v = Eigen::MatrixXd::Constant(2, 1, 1.0);
    BOOST_CHECK_THROW(Dataset(units, {"x"}, v, {}, Eigen::MatrixXd::Zero(2, 2)), InputError);
    BOOST_CHECK_EXCEPTION(Dataset(units, {"x"}, v, {}, Eigen::MatrixXd::Constant(2, 1, -1.0)), InputError,
                          message_has<InputError>({"unit \"A\"", "column \"x\"", "expected a finite number >= 0"}));
    BOOST_CHECK_THROW(Dataset(units, {"x"}, v, {}, {}, SuppressionReasons{{{0, 0}, "why"}}),
                      InputError);  // not flagged
    CellFlags f = CellFlags::Zero(2, 1);
    f(0, 0) = cell_suppressed;
    const Dataset ok(units, {"x"}, v, f, Eigen::MatrixXd::Constant(2, 1, NaN), SuppressionReasons{{{0, 0}, "why"}});
    BOOST_TEST(ok.suppression_reason(0, 0) == "why");
}

BOOST_AUTO_TEST_CASE(uncertainty_carried_by_with_values_select_time_and_concatenate) {
    const Dataset d = make_dataset(small_framework(), frame_with_uncertainty());
    BOOST_TEST((d == make_dataset(small_framework(), frame_with_uncertainty())));
    // with_values: reasons follow the column by code while the cell stays flagged.
    const Dataset swapped = d.with_values({"i2", "i1"}, d.values().rowwise().reverse(), d.flags().rowwise().reverse(),
                                          d.standard_errors().rowwise().reverse());
    BOOST_TEST(swapped.suppression_reason(1, 0) == "fewer than 10 respondents");
    BOOST_TEST(swapped.standard_errors()(0, 1) == 0.5);
    BOOST_TEST(d.with_values(d.columns(), d.values()).suppression_reasons().empty());  // flags dropped: reasons too
    BOOST_TEST(!d.with_values(d.columns(), d.values(), d.flags()).has_standard_errors());

    DataTable p = panel();
    p.columns.push_back("i1_se");
    p.columns.push_back("i2_suppressed");
    p.text["i1_se"] = {"1", "2", "3", "4"};
    p.text["i2_suppressed"] = {"", "", "", "withheld"};
    p.numbers["i2"][3] = NaN;
    const Dataset panel_data = make_dataset(small_framework(), p);
    const Dataset y2020 = panel_data.select_time(2020);
    BOOST_TEST(y2020.standard_errors()(0, 0) == 3.0);
    BOOST_TEST(y2020.standard_errors()(1, 0) == 4.0);
    BOOST_TEST(y2020.suppression_reason(1, 1) == "withheld");
    const Dataset back = concatenate({panel_data.select_time(2019), y2020});
    BOOST_TEST((back == panel_data));
    // A part without standard errors gives NaN rows.
    const Dataset mixed = concatenate(
        {panel_data.select_time(2019).with_values({"i1", "i2"}, panel_data.select_time(2019).values()), y2020});
    BOOST_TEST(std::isnan(mixed.standard_errors()(0, 0)));
    BOOST_TEST(mixed.standard_errors()(2, 0) == 3.0);
}
