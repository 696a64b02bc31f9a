#define BOOST_TEST_MODULE dataset
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <typeinfo>

#include "test_support.hpp"

using namespace govindex;
using govindex::testing::message_has;

namespace {

using Codes = std::vector<std::string>;
const double NaN = std::numeric_limits<double>::quiet_NaN();

Node make_node(std::string code, NodeType type, int level, std::string parent) {
    Node n;
    n.code = std::move(code);
    n.type = type;
    n.level = level;
    n.parent = std::move(parent);
    n.weight = (type == NodeType::indicator || type == NodeType::aggregate) ? 1.0 : NaN;
    return n;
}

// i1, i2 -> Index; plus a group, a denominator and an "other" column.
Framework small_framework() {
    return Framework({make_node("i1", NodeType::indicator, 1, "Index"), make_node("i2", NodeType::indicator, 1, "Index"),
                      make_node("Index", NodeType::aggregate, 2, ""), make_node("Region", NodeType::group, 0, ""),
                      make_node("Pop", NodeType::denominator, 0, ""), make_node("Note", NodeType::other, 0, "")});
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
    BOOST_CHECK_EXCEPTION((void)d.column("Pop"), UnknownCodeError, message_has<UnknownCodeError>({"no column \"Pop\""}));
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
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), t), InputError,
                          message_has<InputError>({"DataFrame, column \"GDP\"", "not described in the framework", "expected"}));
    DataTable no_i2 = frame();
    no_i2.columns = {"uCode", "i1"};
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), no_i2), InputError,
                          message_has<InputError>({"DataFrame, column \"i2\"", "has no data column", "expected a column for every Indicator"}));
    BOOST_CHECK_EXCEPTION((void)column_roles(small_framework(), {"i1", "i2"}, "DataFrame", 0), InputError,
                          message_has<InputError>({"column \"uCode\"", "missing required column"}));
}

BOOST_AUTO_TEST_CASE(column_roles_by_framework) {
    const auto roles = column_roles(small_framework(), {"uName", "Time", "i2", "uCode", "Pop", "Region", "Note", "i1"}, "x.csv", 1);
    const std::vector<ColumnRole> expected{ColumnRole::unit_name, ColumnRole::time,      ColumnRole::indicator,
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
                          message_has<InputError>({"DataFrame row 3, column \"uCode\"", "duplicate unit code \"B\" for Time 2020",
                                                   "first on row 2"}));
}

BOOST_AUTO_TEST_CASE(time_must_be_a_whole_year) {
    DataTable t = panel();
    t.numbers["Time"] = {2019, NaN, 2020, 2020};
    BOOST_CHECK_EXCEPTION((void)make_dataset(small_framework(), t), InputError,
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
