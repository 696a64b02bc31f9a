#define BOOST_TEST_MODULE denominate
#include <boost/test/unit_test.hpp>

#include <govindex/steps/denominate.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

auto message_has(std::string text) {
    return [text](const Error& e) {
        const bool found = std::string(e.what()).find(text) != std::string::npos;
        if (!found) BOOST_TEST_MESSAGE("message was: " << e.what());
        return found;
    };
}

const std::vector<double>& numbers(const Table& t, const std::string& name) {
    return std::get<std::vector<double>>(t.column(name));
}
const std::vector<std::string>& texts(const Table& t, const std::string& name) {
    return std::get<std::vector<std::string>>(t.column(name));
}

// Indicators a (Denominator pop), b (Denominator area, ScaleFactor 1000), c, d under P under Root.
Framework tiny_framework(const std::string& b_scale = "1000") {
    auto node = [](std::string code, NodeType type, int level, std::string parent, std::string denominator = "") {
        Node n;
        n.code = std::move(code);
        n.type = type;
        n.level = level;
        n.parent = std::move(parent);
        n.denominator = std::move(denominator);
        if (!n.in_tree()) n.weight = std::nan("");
        return n;
    };
    Node b = node("b", NodeType::indicator, 1, "P", "area");
    if (!b_scale.empty()) b.attributes["ScaleFactor"] = b_scale;
    return Framework({node("a", NodeType::indicator, 1, "P", "pop"), b, node("c", NodeType::indicator, 1, "P"),
                      node("d", NodeType::indicator, 1, "P"), node("P", NodeType::aggregate, 2, "Root"),
                      node("Root", NodeType::aggregate, 3, ""), node("pop", NodeType::denominator, 0, ""),
                      node("area", NodeType::denominator, 0, "")});
}

//        pop  area   a    b     c  d
//   U1   10   2      5    3     1  1
//   U2   4    0.5    NA   1     2  1
//   U3   8    5      2    0.25  3  1
Dataset tiny_data(double u2_pop = 4, double u2_a = std::nan("")) {
    auto units = std::make_shared<Units>();
    units->codes = {"U1", "U2", "U3"};
    units->names = {"", "", ""};
    units->denominator_codes = {"pop", "area"};
    units->denominators = Eigen::MatrixXd(3, 2);
    units->denominators << 10, 2, u2_pop, 0.5, 8, 5;
    Eigen::MatrixXd v(3, 4);
    v << 5, 3, 1, 1, u2_a, 1, 2, 1, 2, 0.25, 3, 1;
    CellFlags flags = CellFlags::Zero(3, 4);
    flags(0, 0) = cell_imputed;
    return Dataset(units, {"a", "b", "c", "d"}, v, flags);
}

std::filesystem::path world_denoms() {
    return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "world_denoms" / "WorldDenoms.csv";
}

}  // namespace

BOOST_AUTO_TEST_CASE(h_example_denominated_matches_coinr) {
    // COINr build_example_coin: Denominate(coin, dset = "Raw"): the iData denominator columns (Area,
    // Energy, GDP, Population) and iMeta's Denominator column, x / denominator. LAO has no Energy
    // value, so COINr gives missing for its Elec and Gas: missing_denominator_gives_missing.
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset raw = read_dataset(asem_dir() / "iData.csv", fw);
    Denominate step;
    step.missing_denominator_gives_missing = true;
    const StepOutput out = apply(step, fw, raw);
    const Reference ref = read_reference(coinr_dir() / "h_example_denominated.csv");
    BOOST_REQUIRE_EQUAL(ref.units.size(), 51u);
    BOOST_REQUIRE_EQUAL(ref.columns.size(), 49u);
    std::size_t compared = 0, missing = 0;
    double max_rel = 0;
    for (std::size_t u = 0; u < ref.units.size(); ++u)
        for (std::size_t c = 0; c < ref.columns.size(); ++c) {
            const double expected = ref.values[u][c];
            const double actual = out.data.value(ref.units[u], ref.columns[c]);
            BOOST_TEST_CONTEXT(ref.units[u] << " " << ref.columns[c] << ": " << actual << " vs " << expected)
            BOOST_TEST(close(actual, expected));
            if (std::isnan(expected))
                ++missing;
            else if (expected != 0)
                max_rel = std::max(max_rel, std::abs(actual - expected) / std::abs(expected));
            ++compared;
        }
    BOOST_TEST(compared == 51u * 49u);
    BOOST_TEST(missing > 2u);
    BOOST_TEST_MESSAGE("h_example_denominated max relative difference " << max_rel);

    const Table& t = out.tables.at(0).second;
    BOOST_TEST(out.tables.at(0).first == "DenominationSummary");
    BOOST_TEST(t.rows() == 17u);  // 17 indicators have a Denominator in iMeta
    const auto& codes = texts(t, "iCode");
    const auto elec = static_cast<std::size_t>(std::find(codes.begin(), codes.end(), "Elec") - codes.begin());
    BOOST_TEST(texts(t, "Denominator")[elec] == "Energy");
    BOOST_TEST(texts(t, "UnitsMissingDenominator")[elec] == "LAO");
    BOOST_TEST(numbers(t, "N_missing_denominator")[elec] == 1.0);
}

BOOST_AUTO_TEST_CASE(missing_denominator_is_an_error_by_default) {
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset raw = read_dataset(asem_dir() / "iData.csv", fw);
    BOOST_CHECK_EXCEPTION(
        (void)apply(Denominate{}, fw, raw), NumericError,
        message_has(
            "indicator \"Elec\", unit \"LAO\" (Time 2018), denominator \"Energy\": the denominator is missing"));
}

BOOST_AUTO_TEST_CASE(hand_computed_framework_specs) {
    // a / pop: 5 / (10 / 1) = 0.5, U2 missing stays missing, 2 / 8 = 0.25.
    // b / area with ScaleFactor 1000: 3 / (2 / 1000) = 1500, 1 / (0.5 / 1000) = 2000, 0.25 / (5 / 1000) = 50.
    // c, d: no denominator, unchanged.
    const StepOutput out = apply(Denominate{}, tiny_framework(), tiny_data());
    const Dataset& d = out.data;
    BOOST_TEST(d.value("U1", "a") == 0.5);
    BOOST_TEST(std::isnan(d.value("U2", "a")));
    BOOST_TEST(d.value("U3", "a") == 0.25);
    BOOST_TEST(close(d.value("U1", "b"), 1500));
    BOOST_TEST(close(d.value("U2", "b"), 2000));
    BOOST_TEST(close(d.value("U3", "b"), 50));
    BOOST_TEST(d.value("U2", "c") == 2);
    BOOST_TEST(d.value("U3", "d") == 1);
    BOOST_TEST(d.flags()(0, 0) == cell_imputed);  // flags carried
    BOOST_TEST(d.columns() == tiny_data().columns());
    const Table& t = out.tables[0].second;
    BOOST_TEST((texts(t, "iCode") == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((numbers(t, "ScaleFactor") == std::vector<double>{1, 1000}));
    BOOST_TEST((numbers(t, "N_denominated") == std::vector<double>{2, 3}));
    BOOST_TEST((texts(t, "UnitsMissingDenominator") == std::vector<std::string>{"", ""}));
}

BOOST_AUTO_TEST_CASE(hand_computed_step_overrides) {
    // a: no longer denominated; c / pop with scale 10: 1 / (10 / 10) = 1, 2 / (4 / 10) = 5, 3 / (8 / 10) = 3.75;
    // b keeps the framework's area with scale 1000 replaced by 1: 3 / 2 = 1.5.
    Denominate step;
    step.denominators = {{"a", ""}, {"c", "pop"}};
    step.scale_factors = {{"c", 10.0}, {"b", 1.0}};
    const StepOutput out = apply(step, tiny_framework(), tiny_data());
    BOOST_TEST(out.data.value("U1", "a") == 5);
    BOOST_TEST(out.data.value("U1", "c") == 1);
    BOOST_TEST(out.data.value("U2", "c") == 5);
    BOOST_TEST(out.data.value("U3", "c") == 3.75);
    BOOST_TEST(out.data.value("U1", "b") == 1.5);
    BOOST_TEST((denomination_specs(step, tiny_framework()) ==
                std::vector<DenominationSpec>{{"b", "area", 1.0}, {"c", "pop", 10.0}}));
}

BOOST_AUTO_TEST_CASE(zero_or_missing_denominator_for_a_value_is_a_numeric_error) {
    BOOST_CHECK_EXCEPTION((void)apply(Denominate{}, tiny_framework(), tiny_data(0.0, 7.0)), NumericError,
                          message_has("indicator \"a\", unit \"U2\", denominator \"pop\": the denominator is 0"));
    BOOST_CHECK_EXCEPTION((void)apply(Denominate{}, tiny_framework(), tiny_data(std::nan(""), 7.0)), NumericError,
                          message_has("indicator \"a\", unit \"U2\", denominator \"pop\": the denominator is missing"));
    // a missing value with a zero or missing denominator is fine: it stays missing
    BOOST_TEST(std::isnan(apply(Denominate{}, tiny_framework(), tiny_data(0.0)).data.value("U2", "a")));
    BOOST_TEST(std::isnan(apply(Denominate{}, tiny_framework(), tiny_data(std::nan(""))).data.value("U2", "a")));
    // COINr's behaviour on request: missing, and the unit listed
    Denominate lenient;
    lenient.missing_denominator_gives_missing = true;
    const StepOutput out = apply(lenient, tiny_framework(), tiny_data(std::nan(""), 7.0));
    BOOST_TEST(std::isnan(out.data.value("U2", "a")));
    BOOST_TEST(texts(out.tables[0].second, "UnitsMissingDenominator")[0] == "U2");
    BOOST_CHECK_EXCEPTION((void)apply(lenient, tiny_framework(), tiny_data(0.0, 7.0)), NumericError,
                          message_has("is 0"));
}

BOOST_AUTO_TEST_CASE(bad_specs_are_method_errors) {
    const auto fw = tiny_framework();
    const auto data = tiny_data();
    Denominate s1;
    s1.denominators = {{"zz", "pop"}};
    BOOST_CHECK_EXCEPTION(check(s1, fw), MethodError, message_has("denominator for \"zz\": unknown node"));
    Denominate s2;
    s2.denominators = {{"P", "pop"}};
    BOOST_CHECK_EXCEPTION(check(s2, fw), MethodError,
                          message_has("node is of type Aggregate; expected an indicator code"));
    Denominate s3;
    s3.scale_factors = {{"c", 2.0}};
    BOOST_CHECK_EXCEPTION(check(s3, fw), MethodError,
                          message_has("scale factor for \"c\": the indicator has no denominator"));
    Denominate s4;
    s4.scale_factors = {{"a", 0.0}};
    BOOST_CHECK_EXCEPTION(check(s4, fw), MethodError, message_has("expected a finite number other than 0, found 0"));
    Denominate s5;
    s5.denominators = {{"a", "GDP"}};
    BOOST_CHECK_EXCEPTION(
        (void)apply(s5, fw, data), MethodError,
        message_has("denominator \"GDP\" is not a denominator column of the data set; expected one of pop, area"));
    Denominate s6;
    s6.denominators = {{"a", ""}, {"b", ""}};
    BOOST_CHECK_EXCEPTION(check(s6, fw), MethodError, message_has("no indicator has a denominator"));
    BOOST_CHECK_THROW(check(Denominate{}, tiny_framework("lots")), InputError);
    BOOST_CHECK_EXCEPTION(check(Denominate{}, tiny_framework("0")), MethodError, message_has("framework ScaleFactor"));
}

BOOST_AUTO_TEST_CASE(world_denoms_table_is_read_and_attached) {
    const DenominatorTable table = read_denominators(world_denoms());
    BOOST_TEST(
        (table.codes == std::vector<std::string>{"GDP", "Population", "Area", "GDPpc"}));  // Income_Group is text
    BOOST_TEST(table.unit_codes.size() == 249u);
    BOOST_TEST(table.values.rows() == 249);

    // The raw values of AUS, read independently of read_denominators.
    const CsvTable csv = read_csv(world_denoms());
    std::vector<std::string> aus;
    for (const auto& row : csv.rows)
        if (row[1] == "AUS") aus = row;
    BOOST_REQUIRE(!aus.empty());
    const double aus_pop = parse_number(aus[3], {}, "Population");

    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset raw = read_dataset(asem_dir() / "iData.csv", fw);
    const Dataset data = with_denominators(raw, table);
    const Units& u = data.units();
    // iData's Area, Energy, GDP, Population; GDP, Population, Area replaced, Energy kept, GDPpc added.
    BOOST_TEST((u.denominator_codes == std::vector<std::string>{"Area", "Energy", "GDP", "Population", "GDPpc"}));
    const auto aus_row = data.unit_index("AUS");
    BOOST_TEST(u.denominators(aus_row, 3) == aus_pop);
    BOOST_TEST(u.denominators(aus_row, 1) == raw.units().denominators(aus_row, 1));  // Energy from iData
    BOOST_TEST(((data.values().array() == raw.values().array()) ||
                (data.values().array().isNaN() && raw.values().array().isNaN()))
                   .all());
    BOOST_TEST(raw.units().denominator_codes.size() == 4u);  // input untouched

    // Flights (thousand seats) per million people: x / (Population / 1e6) = x * 1e6 / Population.
    Denominate step;
    step.denominators = {{"Flights", "Population"}};
    step.scale_factors = {{"Flights", 1e6}};
    step.missing_denominator_gives_missing = true;  // LAO has no Energy for Elec and Gas
    const StepOutput out = apply(step, fw, data);
    BOOST_TEST(out.data.value("AUS", "Flights") == raw.value("AUS", "Flights") / (aus_pop / 1e6));
}

BOOST_AUTO_TEST_CASE(denominator_tables_errors) {
    const Framework fw = read_framework(asem_dir() / "iMeta.csv");
    const Dataset raw = read_dataset(asem_dir() / "iData.csv", fw);
    const TempFile few("few.csv", "uCode,GDP\nAUT,1\nBEL,2\n");
    BOOST_CHECK_EXCEPTION((void)with_denominators(raw, read_denominators(few.path())), InputError,
                          message_has("no row for the units BGR, HRV"));
    const TempFile mixed("mixed.csv", "uCode,GDP\nAUT,1\nBEL,n/a\n");
    BOOST_CHECK_EXCEPTION((void)read_denominators(mixed.path()), InputError, message_has("line 3, column \"GDP\""));
    const TempFile nocode("nocode.csv", "code,GDP\nAUT,1\n");
    BOOST_CHECK_EXCEPTION((void)read_denominators(nocode.path()), InputError, message_has("uCode"));
    const TempFile dup("dup.csv", "uCode,GDP\nAUT,1\nAUT,2\n");
    BOOST_CHECK_EXCEPTION((void)read_denominators(dup.path()), InputError, message_has("duplicate unit code \"AUT\""));
    const TempFile text("text.csv", "uCode,Label,GDP,Pop\nAUT,x,1,\nBEL,y,2,5\n");
    const auto t = read_denominators(text.path());
    BOOST_TEST((t.codes == std::vector<std::string>{"GDP", "Pop"}));
    BOOST_TEST(std::isnan(t.values(0, 1)));
    const auto only = read_denominators(text.path(), {"Pop"});
    BOOST_TEST((only.codes == std::vector<std::string>{"Pop"}));
    BOOST_CHECK_EXCEPTION((void)read_denominators(text.path(), {"Label"}), InputError, message_has("column \"Label\""));
    BOOST_CHECK_EXCEPTION((void)read_denominators(text.path(), {"Nope"}), InputError, message_has("no such column"));
    DenominatorTable bad{"DataFrame", {"AUT"}, {"GDP"}, Eigen::MatrixXd(2, 1)};
    BOOST_CHECK_EXCEPTION((void)with_denominators(raw, bad), InputError, message_has("values are 2 x 1"));
}

BOOST_AUTO_TEST_CASE(fields_describe_every_parameter) {
    std::vector<std::string> names;
    detail::for_each_field<Denominate>([&](const auto& f) { names.emplace_back(f.name); });
    BOOST_TEST(
        (names == std::vector<std::string>{"denominators", "scale_factors", "missing_denominator_gives_missing"}));
    BOOST_TEST(Denominate::step_name == "denominate");
    BOOST_TEST(Denominate::data_set_name == "Denominated");
}

BOOST_AUTO_TEST_CASE(standard_errors_are_divided_like_the_values) {
    const Dataset plain = tiny_data();
    Eigen::MatrixXd se(3, 4);
    const double na = std::nan("");
    se << 0.5, 0.1, 1, na, na, 0.2, 1, na, 0.4, 0.3, 1, na;
    const Dataset data = plain.with_values(plain.columns(), plain.values(), plain.flags(), se);
    const Dataset d = apply(Denominate{}, tiny_framework(), data).data;
    // a / (pop / 1): 0.5 / 10, (missing), 0.4 / 8; b / (area / 1000): 0.1 / 0.002, 0.2 / 0.0005, 0.3 / 0.005.
    BOOST_TEST(close(d.standard_error("U1", "a"), 0.05));
    BOOST_TEST(std::isnan(d.standard_error("U2", "a")));
    BOOST_TEST(close(d.standard_error("U3", "a"), 0.05));
    BOOST_TEST(close(d.standard_error("U1", "b"), 50));
    BOOST_TEST(close(d.standard_error("U2", "b"), 400));
    BOOST_TEST(close(d.standard_error("U3", "b"), 60));
    BOOST_TEST(d.standard_error("U2", "c") == 1.0);  // no denominator: unchanged
    // A missing denominator (missing_denominator_gives_missing): no standard error either.
    Denominate lenient;
    lenient.missing_denominator_gives_missing = true;
    Eigen::MatrixXd se_u2 = se;
    se_u2(1, 0) = 0.9;  // U2 now has a = 7 with a standard error, but no population
    const Dataset u2 = tiny_data(na, 7);
    const Dataset gap = apply(lenient, tiny_framework(), u2.with_values(u2.columns(), u2.values(), {}, se_u2)).data;
    BOOST_TEST(std::isnan(gap.standard_error("U2", "a")));
}
