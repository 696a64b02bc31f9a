#define BOOST_TEST_MODULE pipeline_file
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <typeinfo>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// i1, i2 -> P1; i3 -> P2; P1, P2 -> Index; plus a group column "Region".
Framework framework() {
    return Framework({make_node("i1", NodeType::indicator, 1, "P1"), make_node("i2", NodeType::indicator, 1, "P1"),
                      make_node("i3", NodeType::indicator, 1, "P2"), make_node("P1", NodeType::aggregate, 2, "Index"),
                      make_node("P2", NodeType::aggregate, 2, "Index"),
                      make_node("Index", NodeType::aggregate, 3, "", std::nan("")),
                      make_node("Region", NodeType::group, 0, "", std::nan(""))});
}

Pipeline example() {
    Normalise n;
    n.method = MinMax{0, 100};
    n.per_node["i2"] = MinMax{1, 10};
    Aggregate a;
    a.weights["i1"] = 2.0;
    a.weights["P1"] = 0.5;
    return Pipeline({n, a});
}

const char* example_toml = R"(# hand-written
[[steps]]
step = "normalise"
method = { name = "minmax", low = 0, high = 100 }
per_node = { i2 = { name = "minmax", low = 1.0, high = 10.0 } }

[[steps]]
step = "aggregate"
method = { name = "amean" }
weights = { i1 = 2, P1 = 0.5 }
)";

}  // namespace

// --- round trips --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(format_then_parse_round_trip) {
    const Pipeline p = example();
    const std::string text = format_pipeline(p);
    BOOST_TEST(text.find("minmax") != std::string::npos);
    BOOST_TEST(text.find("amean") != std::string::npos);
    BOOST_TEST(text.find("per_node") != std::string::npos);
    BOOST_TEST(text.find("weights") != std::string::npos);
    const Pipeline back = parse_pipeline(text, "formatted.toml");
    BOOST_TEST((back == p));
    BOOST_REQUIRE_EQUAL(back.steps().size(), 2u);
    const auto& n = std::get<Normalise>(back.steps()[0]);
    BOOST_TEST((n.per_node.at("i2") == NormaliseMethod{MinMax{1, 10}}));
    const auto& a = std::get<Aggregate>(back.steps()[1]);
    BOOST_TEST(a.weights.at("P1") == 0.5);
    BOOST_TEST(a.weights.at("i1") == 2.0);
}

BOOST_AUTO_TEST_CASE(hand_written_file_parses_to_the_same_pipeline) {
    BOOST_TEST((parse_pipeline(example_toml, "p.toml") == example()));
    BOOST_TEST((format_pipeline(parse_pipeline(example_toml, "p.toml")) == format_pipeline(example())));
}

BOOST_AUTO_TEST_CASE(round_trip_keys_needing_quotes_and_odd_numbers) {
    Normalise n;
    n.method = MinMax{-0.125, 1e-3};
    n.per_node["H\xC3\xA0 N\xE1\xBB\x99i"] = MinMax{0.1, 0.30000000000000004};
    n.per_node["a.b"] = MinMax{1, 2};
    Aggregate a;
    a.weights["x y"] = 1.0 / 3.0;
    a.weights["0"] = 0.0;
    const Pipeline p({n, a});
    BOOST_TEST((parse_pipeline(format_pipeline(p), "q.toml") == p));
}

BOOST_AUTO_TEST_CASE(defaults_and_empty_pipeline) {
    const Pipeline p = parse_pipeline("[[steps]]\nstep = \"normalise\"\n[[steps]]\nstep = \"aggregate\"\n", "d.toml");
    BOOST_TEST((p == Pipeline({Normalise{}, Aggregate{}})));
    BOOST_TEST((std::get<Normalise>(p.steps()[0]).method == NormaliseMethod{MinMax{0, 100}}));
    const Pipeline empty = parse_pipeline("steps = []\n", "e.toml");
    BOOST_TEST(empty.steps().empty());
    BOOST_TEST((parse_pipeline(format_pipeline(empty), "e.toml") == empty));
}

BOOST_AUTO_TEST_CASE(write_and_read_file) {
    TempFile file("pipeline.toml", "");
    write_pipeline(example(), file.path());
    BOOST_TEST((read_pipeline(file.path()) == example()));
    BOOST_CHECK_EXCEPTION((void)read_pipeline(file.path().parent_path() / "missing.toml"), InputError,
                          message_has<InputError>({"missing.toml", "cannot open the file"}));
}

// --- bad files: MethodError naming source, line and key ----------------------------------------

BOOST_AUTO_TEST_CASE(unknown_method_name) {
    const char* text = "[[steps]]\nstep = \"normalise\"\n\nmethod = { name = \"zscorex\" }\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline(text, "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 4", "key \"steps[1].method\"",
                                  "unknown normalisation method \"zscorex\"", "expected one of minmax"}));
}

BOOST_AUTO_TEST_CASE(unknown_aggregation_method_in_per_node) {
    const char* text = "[[steps]]\nstep = \"aggregate\"\nper_node = { P1 = { name = \"geomean\" } }\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline(text, "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 3", "key \"steps[1].per_node.P1\"",
                                  "unknown aggregation method \"geomean\"", "expected one of amean"}));
}

BOOST_AUTO_TEST_CASE(unknown_parameter) {
    const char* text = "[[steps]]\nstep = \"normalise\"\nmethod = { name = \"minmax\", lo = 1 }\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(text, "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml line 3", "key \"steps[1].method\"",
                                                    "unknown parameter \"lo\"", "expected one of low, high"}));
}

BOOST_AUTO_TEST_CASE(parameter_for_a_method_without_parameters) {
    const char* text = "[[steps]]\nstep = \"aggregate\"\nmethod = { name = \"amean\", p = 2 }\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline(text, "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 3", "unknown parameter \"p\"", "expected no parameters"}));
}

BOOST_AUTO_TEST_CASE(unknown_key_in_step) {
    const char* text = "[[steps]]\nstep = \"normalise\"\nfoo = 1\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(text, "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml line 3", "key \"steps[1].foo\"", "unknown key",
                                                    "expected one of method, per_node, pool_years, step"}));
    const char* weights_in_normalise = "[[steps]]\nstep = \"normalise\"\nweights = { i1 = 1 }\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(weights_in_normalise, "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml line 3", "key \"steps[1].weights\"", "unknown key"}));
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key) {
    const char* text = "title = \"x\"\n[[steps]]\nstep = \"normalise\"\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline(text, "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 1", "key \"title\"", "unknown key", "expected steps"}));
}

BOOST_AUTO_TEST_CASE(wrong_parameter_type) {
    const char* text = "[[steps]]\nstep = \"normalise\"\nmethod = { name = \"minmax\", low = \"zero\" }\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(text, "p.toml"), MethodError,
                          message_has<MethodError>(
                              {"p.toml line 3", "key \"steps[1].method\"", "parameter \"low\"", "expected a number"}));
    const char* array = "[[steps]]\nstep = \"normalise\"\nmethod = { name = \"minmax\", low = [1] }\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(array, "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml line 3", "key \"steps[1].method.low\"",
                                                    "expected a number, true/false or text"}));
    const char* weight = "[[steps]]\nstep = \"aggregate\"\n\nweights = { i1 = \"heavy\" }\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline(weight, "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 4", "key \"steps[1].weights.i1\"", "expected a number"}));
}

BOOST_AUTO_TEST_CASE(unusable_parameter_values) {
    const char* text = "[[steps]]\nstep = \"normalise\"\n[steps.method]\nname = \"minmax\"\nlow = 5\nhigh = 1\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline(text, "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 3", "key \"steps[1].method\"", "expected finite low < high"}));
}

BOOST_AUTO_TEST_CASE(unknown_step) {
    const char* text = "[[steps]]\nstep = \"normalise\"\n[[steps]]\nstep = \"weigh\"\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(text, "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml line 4", "key \"steps[2].step\"", "unknown step \"weigh\"",
                                                    "expected one of ", "normalise", "aggregate"}));
}

BOOST_AUTO_TEST_CASE(structural_errors) {
    BOOST_CHECK_EXCEPTION((void)parse_pipeline("", "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml", "missing [[steps]]"}));
    BOOST_CHECK_EXCEPTION((void)parse_pipeline("[[steps]]\nmethod = { name = \"minmax\" }\n", "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml", "key \"steps[1].step\"", "missing step type"}));
    BOOST_CHECK_EXCEPTION(
        (void)parse_pipeline("[[steps]]\nstep = \"normalise\"\nmethod = \"minmax\"\n", "p.toml"), MethodError,
        message_has<MethodError>({"p.toml line 3", "key \"steps[1].method\"", "expected a method such as { name = "}));
    BOOST_CHECK_EXCEPTION((void)parse_pipeline("[[steps]]\nstep = \"normalise\"\nmethod = { low = 1 }\n", "p.toml"),
                          MethodError,
                          message_has<MethodError>({"p.toml", "steps[1].method.name", "missing method name"}));
    BOOST_CHECK_EXCEPTION((void)parse_pipeline("[[steps]\nstep = 1\n", "p.toml"), MethodError,
                          message_has<MethodError>({"p.toml line 1", "expected TOML"}));
}

// --- methods from names and parameters ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(method_names) {
    // Every registered method has a distinct name; the first of each family is the default.
    for (auto names : {normalise_method_names(), aggregate_method_names()}) {
        const std::size_t n = names.size();
        std::sort(names.begin(), names.end());
        BOOST_TEST((std::unique(names.begin(), names.end()) - names.begin() == static_cast<std::ptrdiff_t>(n)));
    }
    BOOST_TEST(normalise_method_names().front() == "minmax");
    BOOST_TEST(aggregate_method_names().front() == "amean");
    BOOST_TEST(aggregate_method_names().size() >= 7u);
    BOOST_TEST(method_name(NormaliseMethod{MinMax{}}) == "minmax");
    BOOST_TEST(method_name(AggregateMethod{ArithmeticMean{}}) == "amean");
}

BOOST_AUTO_TEST_CASE(make_method_and_parameters_round_trip) {
    const NormaliseMethod m = make_normalise_method("minmax", {{"low", 1.5}, {"high", std::int64_t{10}}});
    BOOST_TEST((m == NormaliseMethod{MinMax{1.5, 10}}));
    const Parameters p = method_parameters(m);
    BOOST_TEST((p == Parameters{{"low", 1.5}, {"high", 10.0}}));
    BOOST_TEST((make_normalise_method(method_name(m), p) == m));

    const NormaliseMethod defaults = make_normalise_method("minmax", {{"high", 50.0}});
    BOOST_TEST((defaults == NormaliseMethod{MinMax{0, 50}}));

    const AggregateMethod a = make_aggregate_method("amean", {});
    BOOST_TEST(method_parameters(a).empty());
    BOOST_TEST((make_aggregate_method(method_name(a), method_parameters(a)) == a));
}

BOOST_AUTO_TEST_CASE(make_method_errors) {
    BOOST_CHECK_EXCEPTION(
        (void)make_normalise_method("zscorex", {}, "cli"), MethodError,
        message_has<MethodError>({"cli: unknown normalisation method \"zscorex\"", "expected one of minmax"}));
    BOOST_CHECK_EXCEPTION((void)make_normalise_method("minmax", {{"width", 1.0}}), MethodError,
                          message_has<MethodError>({"unknown parameter \"width\"", "expected one of low, high"}));
    BOOST_CHECK_EXCEPTION((void)make_normalise_method("minmax", {{"low", true}}), MethodError,
                          message_has<MethodError>({"parameter \"low\"", "expected a number"}));
    BOOST_CHECK_EXCEPTION((void)make_normalise_method("minmax", {{"low", std::string("0")}}, "where"), MethodError,
                          message_has<MethodError>({"where: ", "parameter \"low\"", "expected a number"}));
    BOOST_CHECK_EXCEPTION((void)make_normalise_method("minmax", {{"low", 10.0}, {"high", 0.0}}), MethodError,
                          message_has<MethodError>({"expected finite low < high"}));
    BOOST_CHECK_EXCEPTION((void)make_aggregate_method("amean", {{"p", 1.0}}), MethodError,
                          message_has<MethodError>({"aggregation method \"amean\"", "expected no parameters"}));
    BOOST_CHECK_THROW((void)make_aggregate_method("minmax", {}), MethodError);
}

// --- Pipeline::check ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(check_accepts_the_example) { BOOST_CHECK_NO_THROW(example().check(framework())); }

BOOST_AUTO_TEST_CASE(check_per_node_unknown_node) {
    Normalise n;
    n.per_node["i9"] = MinMax{};
    BOOST_CHECK_EXCEPTION(Pipeline({n}).check(framework()), MethodError,
                          message_has<MethodError>({"step 1 (normalise)", "per-node method for \"i9\"", "unknown node",
                                                    "expected an indicator code"}));
}

BOOST_AUTO_TEST_CASE(check_aggregate_in_normalise) {
    Normalise n;
    n.per_node["P1"] = MinMax{};
    BOOST_CHECK_EXCEPTION(
        Pipeline({n}).check(framework()), MethodError,
        message_has<MethodError>({"step 1 (normalise)", "\"P1\"", "Aggregate", "expected an indicator code"}));
}

BOOST_AUTO_TEST_CASE(check_indicator_in_aggregate_per_node) {
    Aggregate a;
    a.per_node["i1"] = ArithmeticMean{};
    BOOST_CHECK_EXCEPTION(
        Pipeline({Normalise{}, a}).check(framework()), MethodError,
        message_has<MethodError>({"step 2 (aggregate)", "\"i1\"", "Indicator", "expected an aggregate code"}));
}

BOOST_AUTO_TEST_CASE(check_unknown_weight_code) {
    Aggregate a;
    a.weights["P9"] = 1.0;
    BOOST_CHECK_EXCEPTION(Pipeline({Normalise{}, a}).check(framework()), MethodError,
                          message_has<MethodError>({"step 2 (aggregate)", "weight for \"P9\"", "unknown node",
                                                    "expected an indicator or aggregate code"}));
    Aggregate g;
    g.weights["Region"] = 1.0;
    BOOST_CHECK_EXCEPTION(Pipeline({g}).check(framework()), MethodError,
                          message_has<MethodError>({"step 1 (aggregate)", "weight for \"Region\"",
                                                    "node is of type Group; expected an indicator or aggregate code"}));
}

BOOST_AUTO_TEST_CASE(check_negative_weight) {
    Aggregate a;
    a.weights["i2"] = -1.0;
    BOOST_CHECK_EXCEPTION(Pipeline({Normalise{}, a}).check(framework()), MethodError,
                          message_has<MethodError>({"step 2 (aggregate)", "weight for \"i2\"",
                                                    "expected a finite number >= 0", "found -1"}));
    Aggregate inf;
    inf.weights["i2"] = std::numeric_limits<double>::infinity();
    BOOST_CHECK_THROW(Pipeline({inf}).check(framework()), MethodError);
}

BOOST_AUTO_TEST_CASE(check_weights_zeroing_a_group) {
    Aggregate a;
    a.weights["i3"] = 0.0;  // i3 is P2's only child
    BOOST_CHECK_EXCEPTION(Pipeline({a}).check(framework()), MethodError,
                          message_has<MethodError>({"step 1 (aggregate)", "every child of \"P2\" has weight 0"}));
}

BOOST_AUTO_TEST_CASE(check_duplicate_step) {
    BOOST_CHECK_EXCEPTION(Pipeline({Normalise{}, Aggregate{}, Normalise{}}).check(framework()), MethodError,
                          message_has<MethodError>({"step 3 (normalise)", "a second normalise step"}));
}

BOOST_AUTO_TEST_CASE(check_bad_method_parameters_in_code) {
    Normalise n;
    n.per_node["i1"] = MinMax{2, 1};
    BOOST_CHECK_EXCEPTION(Pipeline({n}).check(framework()), MethodError,
                          message_has<MethodError>({"step 1 (normalise)", "low=2, high=1"}));
}

BOOST_AUTO_TEST_CASE(parsed_file_checked_against_framework) {
    const char* text = "[[steps]]\nstep = \"normalise\"\nper_node = { P2 = { name = \"minmax\" } }\n";
    const Pipeline p = parse_pipeline(text, "p.toml");  // parses: codes are only known with a framework
    BOOST_CHECK_EXCEPTION(p.check(framework()), MethodError,
                          message_has<MethodError>({"\"P2\"", "expected an indicator code"}));
}

// --- malformed TOML: toml++'s own parse error, located ------------------------------------------

// Found by scripts/fuzz (the inputs are in tests/fuzz/seeds/*/toml-*): each reached an assertion
// or undefined behaviour in Debian's toml++ 3.3.0, a crash under the sanitizers, and needed a scan
// of the text before the parser. The vendored toml++ (extern/tomlplusplus, with its patch) rejects each.
BOOST_AUTO_TEST_CASE(malformed_toml_is_a_located_error) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> bad = {
        {"[[`teps]]\nstep = \"normalise\"\n", {"p.toml line 1: ", "saw '`'"}},
        {"# x\n[\x1b[steps]]\n", {"p.toml line 2: ", "saw '\\u001B'"}},
        {"[[[1]]]\n", {"p.toml line 1: "}},
        {"  [[ \n", {"p.toml line 1: "}},
        {"# Đồng Nai\nĐồng_Nai = 1\n",
         {"p.toml line 2: ", "saw 'Đ'", "(a key with letters beyond ASCII goes in quotes, e.g. \"Đồng Nai\" = 1)"}},
        {"a = [1,\n 2]\nsteps_à = 2\n", {"p.toml line 3: ", "saw 'à'", "goes in quotes"}},
        {"s = 1 # \"\nt = \xC3\n", {"p.toml line 2: ", "utf-8"}},
        {"a = [}]\n", {"p.toml line 1: ", "expected a value, saw '}'"}},
        {"a = [1,\n # c\n }]\n", {"p.toml line 3: "}},
        {"step =63332=666\"\"\"6\xD0\xA5\"\"\"\n", {"p.toml line 1: "}},
        {"a=1=\"\xC4\x90\n", {"p.toml line 1: "}},
        {"a = 1.\"x\"\n", {"p.toml line 1: "}},
        {"a = 1 \"x\"\n", {"p.toml line 1: "}},
        {"d = 1979-05-27 5\n", {"p.toml line 1: "}},
        {"d = [1_979-05-27 0]\n", {"p.toml line 1: "}},
        {"l=1979-05-27T:\n", {"p.toml line 1: ", "hour"}},
        {"l = [1979-05-27t]", {"p.toml line 1: "}},
        {"g=1979-0u-27 5 ", {"p.toml line 1: "}},
        {std::string("r=3958-\x00"
                     "5-1; 9\x0b",
                     15),
         {"p.toml line 1: "}},
        {"s = \"\"\"\\\xEF\xBB\xB7\"\"\"", {"p.toml line 1: ", "escape"}},
        {"s = \"a\\ \xC3\xA9\"", {"p.toml line 1: ", "escape"}},
    };
    for (const auto& [text, parts] : bad) {
        std::vector<std::string> expected = parts;
        expected.emplace_back("; expected TOML");
        BOOST_CHECK_EXCEPTION((void)parse_pipeline(text, "p.toml"), MethodError, message_has<MethodError>(expected));
        try {
            (void)parse_pipeline(text, "p.toml");
        } catch (const MethodError& e) {  // one line of valid UTF-8, located
            BOOST_TEST(std::string(e.what()).find('\n') == std::string::npos);
            BOOST_TEST(e.location().source == "p.toml");
            BOOST_TEST(e.location().line >= 1);
            BOOST_TEST(e.location().expected == "TOML");
        }
    }
    BOOST_CHECK_EXCEPTION((void)parse_methodology_family("[\x1b[x]]", "m.toml"), MethodError,
                          message_has<MethodError>({"m.toml line 1: ", "expected TOML"}));
    BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs("k = é", "u.toml"), MethodError,
                          message_has<MethodError>({"u.toml line 1: ", "expected TOML"}));

    // Valid TOML that toml++ 3.3.0 needed the scan's care for: a byte order mark, Vietnamese in
    // comments, strings and quoted keys, headers after blanks, arrays of arrays over several lines
    // (a line starting "[[" inside a value is no header), strings with quotes, escapes and
    // line-ending backslashes, before a non-ASCII character too.
    const std::string good =
        "\xEF\xBB\xBF# Bước 1: chuẩn hoá\n"
        "  [[steps]] # bước\n"
        "step = \"normalise\"\n"
        "method = { name = \"minmax\", low = 0, high = 100 }\n"
        "per_node = { \"Đồng Nai\" = { name = \"minmax\", low = 1.0, high = 10.0 } }\n"
        "[[steps]]\n"
        "step = \"aggregate\"\n"
        "method = { name = 'amean' }\n"
        "weights = { \"Cà Mau\" = 2, P1 = 0.5 }\n";
    const Pipeline p = parse_pipeline(good, "p.toml");
    BOOST_TEST(std::get<Normalise>(p.steps()[0]).per_node.count("Đồng Nai") == 1U);
    BOOST_TEST(std::get<Aggregate>(p.steps()[1]).weights.at("Cà Mau") == 2.0);
    // valid TOML that is no pipeline: the pipeline reader names the key
    const std::string not_a_pipeline =
        "x = [\n[[1, 2], [3]],\n[[\"ế\"]],\n]\n"
        "v = \"\"\"\\\n§\"\"\"\n"
        "s = \"\"\"a \\\"quoted\\\" \\\n   b \"\"\"\"\n"
        "t = '''ớ''' # ư\n"
        "u = \"Ơ \\\" ơ\"\n"
        "d = [1979-05-27 07:32:00, 1979-05-27 , 1979-05-27 12:00:00]\n";
    BOOST_CHECK_EXCEPTION((void)parse_pipeline(not_a_pipeline, "p.toml"), MethodError,
                          message_has<MethodError>({"unknown key; expected steps"}));
}
