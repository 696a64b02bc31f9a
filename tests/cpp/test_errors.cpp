#define BOOST_TEST_MODULE errors
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <ostream>
#include <type_traits>

#include <govindex/detail/format.hpp>
#include <govindex/detail/sizes.hpp>

#include <govindex/vn/provinces.hpp>

#include "test_support.hpp"

using namespace govindex;
using govindex::testing::vec;

namespace {

// Throws `E(message)` and reports how it was caught: as E, as govindex::Error, as std::runtime_error.
template <class E>
void check_caught_as_every_base(const std::string& message) {
    bool as_self = false, as_error = false, as_runtime = false, as_exception = false;
    try {
        throw E(message);
    } catch (const E& e) {
        as_self = std::string(e.what()) == message;
    }
    try {
        throw E(message);
    } catch (const Error& e) {
        as_error = std::string(e.what()) == message;
    }
    try {
        throw E(message);
    } catch (const std::runtime_error& e) {
        as_runtime = std::string(e.what()) == message;
    }
    try {
        throw E(message);
    } catch (const std::exception& e) {
        as_exception = std::string(e.what()) == message;
    }
    BOOST_TEST(as_self);
    BOOST_TEST(as_error);
    BOOST_TEST(as_runtime);
    BOOST_TEST(as_exception);
}

// True when throwing `E` is caught by a handler for `Other` (a sibling must not be).
template <class E, class Other>
bool caught_as() {
    try {
        throw E("x");
    } catch (const Other&) {
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(static_hierarchy) {
    static_assert(std::is_base_of_v<std::runtime_error, Error>);
    static_assert(std::is_base_of_v<Error, InputError>);
    static_assert(std::is_base_of_v<Error, FrameworkError>);
    static_assert(std::is_base_of_v<Error, MethodError>);
    static_assert(std::is_base_of_v<Error, NumericError>);
    static_assert(std::is_base_of_v<Error, UnknownCodeError>);
    static_assert(std::is_base_of_v<std::runtime_error, UnknownCodeError>);
    BOOST_TEST(true);
}

BOOST_AUTO_TEST_CASE(error_root) { check_caught_as_every_base<Error>("root message"); }
BOOST_AUTO_TEST_CASE(input_error) { check_caught_as_every_base<InputError>("f.csv line 3, column \"X\": bad"); }
BOOST_AUTO_TEST_CASE(framework_error) { check_caught_as_every_base<FrameworkError>("cycle in the hierarchy"); }
BOOST_AUTO_TEST_CASE(method_error) { check_caught_as_every_base<MethodError>("unknown method \"z\""); }
BOOST_AUTO_TEST_CASE(numeric_error) { check_caught_as_every_base<NumericError>("constant column"); }
BOOST_AUTO_TEST_CASE(unknown_code_error) { check_caught_as_every_base<UnknownCodeError>("no node \"Q\""); }

BOOST_AUTO_TEST_CASE(siblings_are_distinct) {
    BOOST_TEST((caught_as<InputError, FrameworkError>()) == false);
    BOOST_TEST((caught_as<FrameworkError, InputError>()) == false);
    BOOST_TEST((caught_as<MethodError, NumericError>()) == false);
    BOOST_TEST((caught_as<UnknownCodeError, InputError>()) == false);
    BOOST_TEST((caught_as<NumericError, MethodError>()) == false);
    BOOST_TEST((caught_as<Error, InputError>()) == false);  // a base is not a derived
    BOOST_TEST((caught_as<NumericError, Error>()) == true);
}

BOOST_AUTO_TEST_CASE(messages_preserved_byte_for_byte) {
    const std::string utf8 = "f.csv line 2, column \"iName\": H\xC3\xA0 N\xE1\xBB\x99i; expected text";
    BOOST_TEST(std::string(InputError(utf8).what()) == utf8);
    BOOST_TEST(std::string(FrameworkError("").what()).empty());
    const std::string long_message(5000, 'x');
    BOOST_TEST(std::string(MethodError(long_message).what()).size() == 5000u);
}

BOOST_AUTO_TEST_CASE(library_errors_are_govindex_errors) {
    // Real throws from the library are caught through the root type with their message intact.
    try {
        (void)to_nfc("\xff");
        BOOST_FAIL("to_nfc accepted invalid UTF-8");
    } catch (const Error& e) {
        BOOST_TEST(dynamic_cast<const InputError*>(&e) != nullptr);
        BOOST_TEST(std::string(e.what()).find("invalid UTF-8") != std::string::npos);
    }
    try {
        check(MinMax{1.0, 1.0});
        BOOST_FAIL("check accepted low == high");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(dynamic_cast<const MethodError*>(&e) != nullptr);
        BOOST_TEST(std::string(e.what()).find("low=1, high=1") != std::string::npos);
    }
}

// --- locations as data ---------------------------------------------------------------------------

namespace {

// The error of type E that `f` throws (its exact type is checked), or a failed test.
template <class E, class F>
E thrown(F&& f) {
    try {
        f();
    } catch (const E& e) {
        BOOST_TEST((typeid(e) == typeid(E)), "thrown type " << typeid(e).name() << ": " << e.what());
        return e;
    } catch (const std::exception& e) {
        BOOST_FAIL(std::string("wrong exception: ") + e.what());
    }
    BOOST_FAIL("nothing thrown");
    return E("");
}

// iMeta and iData of a two-indicator index; "Grp" is a group column.
const std::string meta_csv =
    "iCode,iName,Level,Parent,Direction,Weight,Type\n"
    "a,A,1,I,1,1,Indicator\n"
    "b,B,1,I,-1,1,Indicator\n"
    "I,Index,2,,1,1,Aggregate\n"
    "Grp,Group,,,,,Group\n";
const std::string data_csv =
    "uCode,uName,Grp,a,b\n"
    "X,Ex,g1,1,4\n"
    "Y,Why,g1,2,\n"
    "Z,Zed,g2,3,6\n";

Framework small_framework() { return framework_from_table(parse_csv(meta_csv, "iMeta.csv")); }
Dataset small_data() { return dataset_from_table(parse_csv(data_csv, "iData.csv"), small_framework()); }

std::string with_line(std::string text, int line, const std::string& replacement) {
    std::size_t pos = 0;
    for (int i = 1; i < line; ++i) pos = text.find('\n', pos) + 1;
    return text.replace(pos, text.find('\n', pos) - pos, replacement);
}

}  // namespace

BOOST_AUTO_TEST_CASE(located_error_builds_message_and_location_from_the_same_parts) {
    const auto e = located_error<InputError>({.source = "f.csv", .line = 3, .column = "Weight"},
                                             "expected a number >= 0, found \"n/a\"");
    BOOST_TEST(std::string(e.what()) == "f.csv line 3, column \"Weight\": expected a number >= 0, found \"n/a\"");
    const ErrorLocation want{
        .source = "f.csv", .line = 3, .column = "Weight", .expected = "a number >= 0", .found = "n/a"};
    BOOST_TEST(e.location() == want, e.location());
    const auto row = located_error<InputError>({.source = "DataFrame", .line = 2, .column = "a"}, "bad");
    BOOST_TEST(std::string(row.what()) == "DataFrame row 2, column \"a\": bad");
    BOOST_TEST(std::string(located_error<MethodError>({.source = "p.toml", .line = 4, .column = "steps[1]"}, "x", "key")
                               .what()) == "p.toml line 4, key \"steps[1]\": x");
}

BOOST_AUTO_TEST_CASE(rethrow_with_keeps_type_and_location) {
    const auto e = thrown<NumericError>([] {
        try {
            throw NumericError("inner; expected more", ErrorLocation{.column = "power", .expected = "more"});
        } catch (const Error& inner) {
            rethrow_with(inner, "step: ", {.source = "treat step", .column = "spec", .node = "a"});
        }
    });
    BOOST_TEST(std::string(e.what()) == "step: inner; expected more");
    const ErrorLocation want{.source = "treat step", .column = "power", .node = "a", .expected = "more"};
    BOOST_TEST(e.location() == want, e.location());
}

BOOST_AUTO_TEST_CASE(one_number_format) {
    BOOST_TEST(detail::exact_number(0.1) == "0.1");
    BOOST_TEST(detail::exact_number(3) == "3");
    BOOST_TEST(detail::exact_number(0.1 + 0.2) == "0.30000000000000004");
    BOOST_TEST(detail::exact_number(-2.5e-7) == "-2.5e-07");
    BOOST_TEST(detail::exact_number(std::nan("")) == "NaN");
    BOOST_TEST(detail::exact_number(-std::numeric_limits<double>::infinity()) == "-inf");
    for (const double x : {1.0 / 3.0, 2.0 / 3.0, 1e300, 5e-324, 123456.789})
        BOOST_TEST(std::strtod(detail::exact_number(x).c_str(), nullptr) == x);
}

BOOST_AUTO_TEST_CASE(csv_framework_errors_carry_file_line_column_node) {
    const auto weight = thrown<FrameworkError>(
        [] { (void)framework_from_table(parse_csv(with_line(meta_csv, 3, "b,B,1,I,-1,-3,Indicator"), "iMeta.csv")); });
    const ErrorLocation want{.source = "iMeta.csv",
                             .line = 3,
                             .column = "Weight",
                             .node = "b",
                             .expected = "a finite number >= 0",
                             .found = "-3"};
    BOOST_TEST(weight.location() == want, weight.location());
    const auto cell = thrown<InputError>(
        [] { (void)framework_from_table(parse_csv(with_line(meta_csv, 2, "a,A,1,I,1,n/a,Indicator"), "iMeta.csv")); });
    const ErrorLocation want_cell{.source = "iMeta.csv",
                                  .line = 2,
                                  .column = "Weight",
                                  .expected = "a number (or empty/NA for missing)",
                                  .found = "n/a"};
    BOOST_TEST(cell.location() == want_cell, cell.location());
    const auto ragged = thrown<InputError>([] { (void)parse_csv("a,b\n1,2\n3\n", "r.csv"); });
    BOOST_TEST(ragged.location().source == "r.csv");
    BOOST_TEST(ragged.location().line == 3);
    BOOST_TEST(ragged.location().column == "b");
    BOOST_TEST(ragged.location().expected == "2 fields");
    BOOST_TEST(ragged.location().found == "1 fields");
}

BOOST_AUTO_TEST_CASE(csv_data_errors_carry_file_line_column) {
    const Framework fw = small_framework();
    const auto cell = thrown<InputError>(
        [&] { (void)dataset_from_table(parse_csv(with_line(data_csv, 3, "Y,Why,g1,two,"), "iData.csv"), fw); });
    const ErrorLocation want{.source = "iData.csv",
                             .line = 3,
                             .column = "a",
                             .expected = "a number (or empty/NA for missing)",
                             .found = "two"};
    BOOST_TEST(cell.location() == want, cell.location());
    const auto dup = thrown<InputError>(
        [&] { (void)dataset_from_table(parse_csv(with_line(data_csv, 4, "X,Zed,g2,3,6"), "iData.csv"), fw); });
    const ErrorLocation want_dup{
        .source = "iData.csv", .line = 4, .column = "uCode", .expected = "unique codes", .found = "X"};
    BOOST_TEST(dup.location() == want_dup, dup.location());
    const auto extra = thrown<InputError>(
        [&] { (void)dataset_from_table(parse_csv(with_line(data_csv, 1, "uCode,uName,Grp,a,zz"), "iData.csv"), fw); });
    BOOST_TEST(extra.location().line == 1);
    BOOST_TEST(extra.location().column == "zz");
}

BOOST_AUTO_TEST_CASE(data_frame_errors_carry_row_and_column) {
    const Framework fw = small_framework();
    auto cells = [](std::vector<std::string> texts) {
        std::vector<FrameCell> out;
        for (auto& t : texts) out.push_back({t.empty() ? FrameCell::Kind::missing : FrameCell::Kind::text, 0.0, t});
        return out;
    };
    const std::vector<std::string> columns{"uCode", "a", "b"};
    const auto bad = thrown<InputError>([&] {
        (void)dataset_from_frame(fw, columns, {cells({"X", "Y"}), cells({"1", "n/a"}), cells({"3", ""})});
    });
    BOOST_TEST(std::string(bad.what()) ==
               "DataFrame row 2, column \"a\": expected a number (or missing), found \"n/a\"");
    const ErrorLocation want{
        .source = "DataFrame", .line = 2, .column = "a", .expected = "a number (or missing)", .found = "n/a"};
    BOOST_TEST(bad.location() == want, bad.location());
    const FrameCell inf{FrameCell::Kind::number, std::numeric_limits<double>::infinity(), "inf"};
    const auto infinite = thrown<InputError>([&] {
        (void)dataset_from_frame(fw, columns, {cells({"X", "Y"}), cells({"1", "2"}), {inf, inf}});
    });
    BOOST_TEST(std::string(infinite.what()) == "DataFrame row 1, column \"b\": expected a finite number, found inf");
    BOOST_TEST(infinite.location().found == "inf");
    const FrameCell yes{FrameCell::Kind::boolean, 0.0, "True"};
    const auto boolean = thrown<InputError>([&] {
        (void)dataset_from_frame(fw, columns, {cells({"X", "Y"}), {yes, yes}, cells({"1", "2"})});
    });
    BOOST_TEST(boolean.location().column == "a");
    BOOST_TEST(boolean.location().found == "true/false values");
    // Text that reads as a number is a number; the framework decides (Grp is text).
    const Dataset d =
        dataset_from_frame(fw, {"uCode", "Grp", "a", "b"},
                           {cells({"X", "Y"}), cells({"1", "2"}), cells({" 1.5", "NA"}), cells({"+2", ""})});
    BOOST_TEST(d.value("X", "a") == 1.5);
    BOOST_TEST(std::isnan(d.value("Y", "a")));
    BOOST_TEST(d.value("X", "b") == 2.0);
}

BOOST_AUTO_TEST_CASE(toml_pipeline_errors_carry_file_line_key) {
    const std::string text = "[[steps]]\nstep = \"normalise\"\nmethod = { name = \"minmaxx\" }\n";
    const auto unknown = thrown<MethodError>([&] { (void)parse_pipeline(text, "p.toml"); });
    BOOST_TEST(unknown.location().source == "p.toml");
    BOOST_TEST(unknown.location().line == 3);
    BOOST_TEST(unknown.location().column == "steps[1].method");
    BOOST_TEST(unknown.location().found == "minmaxx");
    const auto type = thrown<MethodError>([&] { (void)parse_pipeline("[[steps]]\nstep = 3\n", "p.toml"); });
    BOOST_TEST(type.location().line == 1);  // the step table: "step" is not text
    BOOST_TEST(type.location().column == "steps[1].step");
    const auto syntax = thrown<MethodError>([&] { (void)parse_pipeline("[[steps]\n", "p.toml"); });
    BOOST_TEST(syntax.location().source == "p.toml");
    BOOST_TEST(syntax.location().line == 1);
    BOOST_TEST(syntax.location().expected == "TOML");
    const auto param = thrown<MethodError>([&] {
        (void)parse_pipeline("[[steps]]\nstep = \"normalise\"\nmethod = { name = \"minmax\", low = \"x\" }\n",
                             "p.toml");
    });
    BOOST_TEST(param.location().source == "p.toml");
    BOOST_TEST(param.location().line == 3);
    BOOST_TEST(param.location().column == "low");
    BOOST_TEST(param.location().expected == "a number");
    BOOST_TEST(param.location().found == "x");
}

BOOST_AUTO_TEST_CASE(toml_methodology_errors_carry_file_line_field) {
    const auto e = thrown<MethodError>([] { (void)parse_methodology_family("[family]\nname = 3\n", "m.toml"); });
    const ErrorLocation want{.source = "m.toml", .line = 2, .column = "family.name", .expected = "text", .found = "3"};
    BOOST_TEST(e.location() == want, e.location());
    BOOST_TEST(std::string(e.what()) == "m.toml line 2, field \"family.name\": expected text");
    const auto unknown = thrown<MethodError>([] { (void)parse_methodology_family("colour = \"red\"\n", "m.toml"); });
    BOOST_TEST(unknown.location().line == 1);
    BOOST_TEST(unknown.location().column == "colour");
    BOOST_TEST(unknown.location().found == "red");
}

BOOST_AUTO_TEST_CASE(province_table_errors_carry_file_line_column) {
    const std::string header = "province_code,name_vi,name_ascii,type,region_code,region_vi,region_en\n";
    const auto missing =
        thrown<InputError>([] { (void)vn::provinces_from_tables(parse_csv("province_code\n01\n", "p.csv"), nullptr); });
    BOOST_TEST(missing.location().source == "p.csv");
    BOOST_TEST(missing.location().line == 1);
    BOOST_TEST(missing.location().column == "name_vi");
    BOOST_TEST(missing.location().found == "missing");
    const auto code = thrown<InputError>([&] {
        (void)vn::provinces_from_tables(parse_csv(header + "1,Hà Nội,Ha Noi,tỉnh,RRD,x,y\n", "p.csv"), nullptr);
    });
    const ErrorLocation want{
        .source = "p.csv", .line = 2, .column = "province_code", .expected = "a 2-digit GSO code", .found = "1"};
    BOOST_TEST(code.location() == want, code.location());
}

BOOST_AUTO_TEST_CASE(scoring_errors_carry_field_expected_found) {
    const auto none = thrown<InputError>([] { (void)score(ScoringRule{YesNo{}}, Evidence{}, "node \"Q1\""); });
    BOOST_TEST(std::string(none.what()) == "node \"Q1\": yes_no: no evidence; expected yes = true or false");
    BOOST_TEST(none.location().column == "yes");
    BOOST_TEST(none.location().found == "no evidence");
    const auto points = thrown<MethodError>([] { check(ScoringRule{YesNo{-1.5, 0}}); });
    BOOST_TEST(points.location().column == "yes_no points");
    BOOST_TEST(points.location().expected == "a finite number >= 0");
    BOOST_TEST(points.location().found == "-1.5");
}

BOOST_AUTO_TEST_CASE(step_errors_carry_step_node_parameter) {
    const Framework fw = small_framework();
    const Dataset data = small_data();
    Treat treat;
    treat.per_node["Nope"] = TreatSpec{};
    const auto t = thrown<MethodError>([&] { check(treat, fw); });
    const ErrorLocation want_t{.source = "treat step",
                               .column = "per_node",
                               .node = "Nope",
                               .expected = "an indicator code",
                               .found = "unknown node"};
    BOOST_TEST(t.location() == want_t, t.location());
    Treat bad_spec;
    bad_spec.spec.skew_threshold = -1;
    const auto s = thrown<MethodError>([&] { check(bad_spec, fw); });
    BOOST_TEST(std::string(s.what()).starts_with("treat step, spec: treatment spec: expected a finite skew_threshold"));
    const ErrorLocation want_s{
        .source = "treat step", .column = "skew_threshold", .expected = "a finite skew_threshold >= 0", .found = "-1"};
    BOOST_TEST(s.location() == want_s, s.location());

    const Node& a = fw.node("a");
    const auto n = thrown<NumericError>([&] {
        (void)normalise_column(MinMax{}, vec({2, 2, 2}), ColumnContext{a, data.units()});
    });
    const ErrorLocation want_n{
        .source = "normalise step", .node = "a", .expected = "at least two distinct values", .found = "2"};
    BOOST_TEST(n.location() == want_n, n.location());
    const auto m = thrown<MethodError>([] { check(MinMax{1.0, 1.0}); });
    BOOST_TEST(m.location().column == "high");
    BOOST_TEST(m.location().found == "low=1, high=1");

    Impute impute;
    impute.method = GroupMean{"Nope"};
    const auto i = thrown<MethodError>([&] { (void)apply(impute, fw, data); });
    BOOST_TEST(i.location().source == "impute step");
    BOOST_TEST(i.location().column == "group");
    BOOST_TEST(i.location().found == "Nope");

    Screen screen;
    screen.min_availability = 1.5;
    const auto sc = thrown<MethodError>([&] { check(screen, fw); });
    const ErrorLocation want_sc{
        .source = "screen step", .column = "min_availability", .expected = "a number in [0, 1]", .found = "1.5"};
    BOOST_TEST(sc.location() == want_sc, sc.location());

    Denominate denominate;
    denominate.scale_factors["a"] = 0;
    denominate.denominators["a"] = "Grp";
    const auto d = thrown<MethodError>([&] { check(denominate, fw); });
    BOOST_TEST(d.location().source == "denominate step");
    BOOST_TEST(d.location().node == "a");
}

BOOST_AUTO_TEST_CASE(invisible_characters_and_overflow) {
    using govindex::testing::make_node;
    // A newline in a code: refused, shown as <U+000A>.
    try {
        (void)Framework({make_node("a\n", NodeType::indicator, 1, "T"), make_node("T", NodeType::aggregate, 2, "")});
        BOOST_FAIL("expected FrameworkError");
    } catch (const FrameworkError& e) {
        BOOST_TEST(
            std::string(e.what()).find("code \"a<U+000A>\" holds the invisible character U+000A") != std::string::npos,
            e.what());
    }
    BOOST_TEST(!find_invisible_character("Hà Nội"));
    BOOST_TEST(find_invisible_character("a\xE2\x80\x8B"
                                        "b")
                   ->code_point == "U+200B");
    // Values that overflow: a NumericError naming step, node and unit.
    const Framework fw({make_node("a", NodeType::indicator, 1, "T"), make_node("b", NodeType::indicator, 1, "T"),
                        make_node("T", NodeType::aggregate, 2, "")});
    auto units = std::make_shared<Units>();
    units->codes = {"u1", "u2"};
    units->names = {"One", "Two"};
    Eigen::MatrixXd values(2, 2);
    values << 1, 3, 2, 1;
    const Dataset data(units, {"a", "b"}, values);
    // A min-max range wider than the largest double is computed without overflow (issue 21).
    const Results wide = Pipeline({Normalise{.method = MinMax{-1.7e308, 1.7e308}}}).run(fw, data);
    BOOST_TEST(wide.data_set("Normalised").values()(1, 0) == 1.7e308);
    try {
        (void)Pipeline({Normalise{.method = ZScore{.mean = 1.7e308, .sd = 1e308}}, Aggregate{}}).run(fw, data);
        BOOST_FAIL("expected NumericError");
    } catch (const NumericError& e) {
        BOOST_TEST(e.location().source == "step 1 (normalise)");
        BOOST_TEST(e.location().found == "inf");
    }
    BOOST_CHECK_THROW((void)Pipeline({Aggregate{.weights = {{"a", 1e308}, {"b", 1e308}}}}).run(fw, data), MethodError);
}

BOOST_AUTO_TEST_CASE(quoted_text_is_one_line_of_whole_characters) {
    // Vietnamese text beyond the limit: cut after 80 characters (code points), never inside one.
    std::string name;
    for (int i = 0; i < 30; ++i) name += "Thừa Thiên Huế ";
    const std::string quoted = detail::in_quotes(name);
    std::string expected_head;
    for (int i = 0; i < 5; ++i) expected_head += "Thừa Thiên Huế ";  // 15 characters each: 75
    expected_head += "Thừa ";                                        // 80
    BOOST_TEST(quoted == "\"" + expected_head + "... (" + std::to_string(name.size()) + " bytes)\"");
    // Line breaks and control characters escaped; the Unicode line breaks too; bytes that are not
    // UTF-8 shown as \xHH.
    BOOST_TEST(detail::in_quotes("a\nb\r\tc\x01\x7f") == "\"a\\nb\\r\\tc\\x01\\x7f\"");
    BOOST_TEST(detail::in_quotes("x\u2028y\u0085z") == "\"x\\u2028y\\u0085z\"");
    BOOST_TEST(detail::in_quotes("\xe1\xbb") == "\"\\xe1\\xbb\"");  // a cut "ế"
    BOOST_TEST(detail::excerpt("ếếế", 2) == "ếế... (9 bytes)");
    BOOST_TEST(detail::one_line("Hà Nội") == "Hà Nội");
    // A located message quoting a column with a line break is one line.
    const std::string message = located_message({.source = "f.csv", .line = 2, .column = "a\nb"}, "what");
    BOOST_TEST(message == "f.csv line 2, column \"a\\nb\": what");
}

BOOST_AUTO_TEST_CASE(sizes_beyond_the_bound_are_method_errors) {
    BOOST_CHECK_NO_THROW(detail::check_size("x", "replicates", 1000, {63, 2}));
    try {
        detail::check_size("uncertainty analysis", "replicates", std::size_t{1} << 40, {63, 2});
        BOOST_FAIL("expected a MethodError");
    } catch (const MethodError& e) {
        BOOST_TEST(e.location().column == "replicates");
        BOOST_TEST(std::string(e.what()) ==
                   "uncertainty analysis: replicates = 1099511627776 needs more than 2147483648 values (16 GiB); "
                   "expected at most 17043521");
    }
    // Factors whose product overflows: refused, not wrapped around.
    BOOST_CHECK_THROW(detail::check_size("x", "n", 2, {std::size_t{1} << 40, std::size_t{1} << 40}), MethodError);
}
