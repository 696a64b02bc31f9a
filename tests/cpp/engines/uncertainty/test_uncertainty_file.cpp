#define BOOST_TEST_MODULE uncertainty_file
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <limits>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// Every kind of input, every field set to something other than its default.
UncertaintyDeclaration full() {
    Normalise per_node;
    per_node.method = MinMax{0, 100};
    per_node.per_node["LPI"] = MinMax{1, 10};
    Aggregate heavy;
    heavy.weights["Conn"] = 2.0;
    return UncertaintyDeclaration{
        .inputs = {WeightNoise{
                       .name = "weights", .factor = 0.3, .levels = {2, 3}, .nodes = {"LPI"}, .renormalise = false},
                   StepChoice{.name = "normalisation",
                              .alternatives = {per_node, Normalise{.method = ZScore{10, 2}},
                                               Normalise{.method = PercentRank{}}}},
                   StepChoice{.name = "", .alternatives = {Aggregate{}, heavy}},
                   IndicatorExclusion{.name = "dropped", .indicators = {"LPI", "Flights"}, .probability = 0.1},
                   IndicatorExclusion{.name = "loo", .indicators = {}, .probability = 0.0, .leave_one_out = true},
                   DataNoise{.name = "se", .columns = {"LPI"}}},
        .analysis = {.replicates = 500, .seed = 7, .nodes = {"Index", "Conn"}, .year = 2018}};
}

// COINr's sensitivity vignette on ASEM (test_uncertainty.cpp), as the shipped declaration file
// data/asem/uncertainty.toml (read by `govindex uncertainty --example asem`).
UncertaintyDeclaration vignette() { return read_uncertain_inputs(asem_dir() / "uncertainty.toml"); }

std::vector<UncertainInput> vignette_inputs() {
    return {WeightNoise{.name = "weights", .factor = 0.25, .levels = {2, 3}},
            StepChoice{.name = "normalisation",
                       .alternatives = {Normalise{.method = MinMax{0, 100}}, Normalise{.method = ZScore{10, 2}},
                                        Normalise{.method = PercentRank{}}}}};
}

// A declaration with one input, text after `[[inputs]]`.
std::string one(const std::string& body) { return "[[inputs]]\n" + body; }

}  // namespace

// --- round trips --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(format_then_parse_round_trip) {
    const UncertaintyDeclaration d = full();
    const std::string text = format_uncertain_inputs(d);
    for (const char* part :
         {"[analysis]", "[[inputs]]", "kind = 'weights'", "kind = 'choice'", "kind = 'exclusion'", "kind = 'data'",
          "[[inputs.alternatives]]", "step = 'normalise'", "zscore", "leave_one_out = true"})
        BOOST_TEST_CONTEXT(part) BOOST_TEST(text.find(part) != std::string::npos);
    BOOST_TEST((parse_uncertain_inputs(text, "formatted.toml") == d));
    BOOST_TEST(format_uncertain_inputs(parse_uncertain_inputs(text, "formatted.toml")) == text);
}

BOOST_AUTO_TEST_CASE(hand_written_file_parses_to_the_typed_declaration) {
    const UncertaintyDeclaration d = vignette();
    BOOST_TEST((d.inputs == vignette_inputs()));
    BOOST_TEST((d.analysis == AnalysisSettings{.replicates = 1000, .seed = 1, .nodes = {}, .year = std::nullopt}));
    BOOST_TEST((parse_uncertain_inputs(format_uncertain_inputs(d), "again.toml") == d));
}

BOOST_AUTO_TEST_CASE(alternatives_are_written_as_pipeline_steps) {
    // The alternatives of a choice are the steps of a pipeline file, key for key.
    const UncertaintyDeclaration d = full();
    const auto& choice = std::get<StepChoice>(d.inputs[1]);
    const std::string steps = format_pipeline(Pipeline(choice.alternatives));
    const std::string inputs = format_uncertain_inputs(std::vector<UncertainInput>{choice});
    const Pipeline back = parse_pipeline(steps, "p.toml");
    BOOST_TEST((back.steps() == choice.alternatives));
    BOOST_TEST((std::get<StepChoice>(parse_uncertain_inputs(inputs, "u.toml").inputs[0]).alternatives == back.steps()));
    BOOST_TEST(inputs.find("per_node") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(odd_values_round_trip) {
    UncertaintyDeclaration d{.inputs = {WeightNoise{.name = "H\xC3\xA0 N\xE1\xBB\x99i \"q\"",
                                                    .factor = 0.30000000000000004,
                                                    .levels = {1},
                                                    .nodes = {"a.b", "x y"}},
                                        IndicatorExclusion{.name = "", .indicators = {}, .probability = 1e-3}},
                             .analysis = {.replicates = std::nullopt,
                                          .seed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()),
                                          .nodes = {},
                                          .year = -1}};
    BOOST_TEST((parse_uncertain_inputs(format_uncertain_inputs(d), "odd.toml") == d));
}

// Names with line breaks: toml++'s formatter alone writes them as multi-line literals (three single quotes),
// which drop a leading line break and break on three single quotes inside (found by scripts/fuzz);
// the writer uses escaped basic strings ("\n") for such a document.
BOOST_AUTO_TEST_CASE(names_with_line_breaks_round_trip) {
    for (const std::string name : {"\n", "\nW", "a\r\nb", "x''' y\nz\\q\xEF\xBB\xBF"}) {
        const UncertaintyDeclaration d{.inputs = {WeightNoise{.name = name, .factor = 0.25, .levels = {2}}},
                                       .analysis = {}};
        const std::string text = format_uncertain_inputs(d);
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST(text.find("name = \"") != std::string::npos);
            BOOST_TEST((parse_uncertain_inputs(text, "names.toml") == d));
            BOOST_TEST(format_uncertain_inputs(parse_uncertain_inputs(text, "names.toml")) == text);
        }
    }
    // without a line break, the layout stays as it was (literal strings)
    BOOST_TEST(
        format_uncertain_inputs(std::vector<UncertainInput>{WeightNoise{.name = "w", .factor = 0.25, .levels = {2}}})
            .find("name = 'w'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(defaults_and_what_is_left_out) {
    const UncertaintyDeclaration d = parse_uncertain_inputs(
        one("kind = \"weights\"\nlevels = [2]\n") + "[[inputs]]\nkind = \"exclusion\"\nleave_one_out = true\n" +
            "[[inputs]]\nkind = \"data\"\n",
        "d.toml");
    BOOST_TEST((d.inputs == std::vector<UncertainInput>{WeightNoise{.levels = {2}},
                                                        IndicatorExclusion{.leave_one_out = true}, DataNoise{}}));
    BOOST_TEST((d.analysis == AnalysisSettings{}));
    // Empty text and arrays, and an empty [analysis], are not written; they read back as defaults.
    const std::string text = format_uncertain_inputs(d.inputs);
    BOOST_TEST(text.find("name") == std::string::npos);
    BOOST_TEST(text.find("nodes") == std::string::npos);
    BOOST_TEST(text.find("analysis") == std::string::npos);
    BOOST_TEST((parse_uncertain_inputs(text, "d.toml") == d));
    const UncertaintyDeclaration empty = parse_uncertain_inputs("inputs = []\n", "e.toml");
    BOOST_TEST(empty.inputs.empty());
    BOOST_TEST((parse_uncertain_inputs(format_uncertain_inputs(empty), "e.toml") == empty));
}

BOOST_AUTO_TEST_CASE(write_and_read_file) {
    TempFile file("u.toml", "");
    write_uncertain_inputs(full(), file.path());
    BOOST_TEST((read_uncertain_inputs(file.path()) == full()));
    write_uncertain_inputs(vignette_inputs(), file.path());
    BOOST_TEST((read_uncertain_inputs(file.path()).inputs == vignette_inputs()));
    BOOST_CHECK_EXCEPTION((void)read_uncertain_inputs(file.path().parent_path() / "missing.toml"), InputError,
                          message_has<InputError>({"missing.toml", "cannot open the file"}));
}

BOOST_AUTO_TEST_CASE(a_declaration_check_rejects_is_not_written) {
    UncertaintyDeclaration bad = full();
    std::get<WeightNoise>(bad.inputs[0]).factor = 1.5;
    BOOST_CHECK_EXCEPTION(
        (void)format_uncertain_inputs(bad), MethodError,
        message_has<MethodError>({"uncertain input \"weights\"", "factor", "expected a relative noise in [0, 1)"}));
    TempFile file("bad.toml", "");
    std::filesystem::remove(file.path());
    BOOST_CHECK_THROW(write_uncertain_inputs(bad, file.path()), MethodError);
    BOOST_TEST(!std::filesystem::exists(file.path()));
    UncertaintyDeclaration seed = full();
    seed.analysis.seed = std::numeric_limits<std::uint64_t>::max();
    BOOST_CHECK_EXCEPTION((void)format_uncertain_inputs(seed), MethodError,
                          message_has<MethodError>({"analysis settings: seed = 18446744073709551615",
                                                    "expected a whole number from 0 to 9223372036854775807"}));
}

// --- bad files: MethodError naming source, line and key ----------------------------------------

BOOST_AUTO_TEST_CASE(unknown_and_missing_kind) {
    const std::string text = one("kind = \"weights\"\nlevels = [2]\n") + "\n[[inputs]]\nkind = \"weigths\"\n";
    BOOST_CHECK_EXCEPTION(
        (void)parse_uncertain_inputs(text, "u.toml"), MethodError,
        message_has<MethodError>({"u.toml line 6", "key \"inputs[2].kind\"", "unknown input kind \"weigths\"",
                                  "expected one of weights, choice, exclusion, data"}));
    BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs(one("factor = 0.1\n"), "u.toml"), MethodError,
                          message_has<MethodError>({"u.toml", "key \"inputs[1].kind\"", "missing input kind",
                                                    "expected one of weights, choice, exclusion, data"}));
}

BOOST_AUTO_TEST_CASE(unknown_keys) {
    BOOST_CHECK_EXCEPTION(
        (void)parse_uncertain_inputs(one("kind = \"weights\"\nlevels = [2]\nfactr = 0.1\n"), "u.toml"), MethodError,
        message_has<MethodError>({"u.toml line 4", "key \"inputs[1].factr\"", "unknown key",
                                  "expected one of factor, kind, levels, name, nodes, renormalise"}));
    // The singular [[input]] of a first draft: the message lists what is known.
    BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs("[[input]]\nkind = \"weights\"\n", "u.toml"), MethodError,
                          message_has<MethodError>(
                              {"u.toml line 1", "key \"input\"", "unknown key", "expected one of analysis, inputs"}));
    BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs("[analysis]\nrepeats = 10\n", "u.toml"), MethodError,
                          message_has<MethodError>({"u.toml line 2", "key \"analysis.repeats\"", "unknown key",
                                                    "expected one of nodes, replicates, seed, year"}));
}

BOOST_AUTO_TEST_CASE(wrong_types) {
    const struct {
        std::string text;
        std::vector<std::string> parts;
    } cases[] = {
        {one("kind = \"weights\"\nfactor = \"big\"\n"),
         {"u.toml line 3", "key \"inputs[1].factor\"", "expected a number"}},
        {one("kind = \"weights\"\nlevels = 2\n"),
         {"u.toml line 3", "key \"inputs[1].levels\"", "expected an array of whole numbers"}},
        {one("kind = \"weights\"\nlevels = [2, \"3\"]\n"),
         {"u.toml line 3", "key \"inputs[1].levels[2]\"", "expected a whole number"}},
        {one("kind = \"weights\"\nlevels = [2]\nrenormalise = 1\n"),
         {"u.toml line 4", "key \"inputs[1].renormalise\"", "expected true or false"}},
        {one("kind = \"exclusion\"\nindicators = \"LPI\"\nprobability = 0.1\n"),
         {"u.toml line 3", "key \"inputs[1].indicators\"", "expected an array of text"}},
        {one("kind = \"choice\"\nalternatives = [1, 2]\n"),
         {"u.toml line 3", "key \"inputs[1].alternatives[1]\"", "expected a table"}},
        {"inputs = 3\n", {"u.toml line 1", "key \"inputs\"", "expected an array of tables"}},
        {"inputs = []\nanalysis = 3\n", {"u.toml line 2", "key \"analysis\"", "expected a table"}},
        {"inputs = []\n[analysis]\nyear = 2020.5\n",
         {"u.toml line 3", "key \"analysis.year\"", "expected a whole number"}},
        {"inputs = []\n[analysis]\nseed = -1\n",
         {"u.toml line 3", "key \"analysis.seed\"", "expected a whole number >= 0"}},
        {"inputs = []\n[analysis]\nyear = 9999999999\n",
         {"u.toml line 3", "key \"analysis.year\"", "expected a whole number from"}},
        {"inputs = []\n[analysis]\nnodes = \"Index\"\n",
         {"u.toml line 3", "key \"analysis.nodes\"", "expected an array of text"}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.text) {
            BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs(c.text, "u.toml"), MethodError,
                                  message_has<MethodError>(c.parts));
        }
    }
}

BOOST_AUTO_TEST_CASE(values_check_rejects_name_the_key) {
    const struct {
        std::string text;
        std::vector<std::string> parts;
    } cases[] = {
        {one("kind = \"weights\"\nname = \"w\"\nfactor = 1.5\nlevels = [2]\n"),
         {"u.toml line 4", "key \"inputs[1].factor\"", "uncertain input \"w\": factor: noise factor 1.5",
          "expected a relative noise in [0, 1)"}},
        {one("\nkind = \"weights\"\n"),  // no level and no node: the input's own line
         {"u.toml line 1", "key \"inputs[1].levels\"", "the noise touches no weight"}},
        {one("kind = \"choice\"\n[[inputs.alternatives]]\nstep = \"normalise\"\n"),
         {"u.toml line 3", "key \"inputs[1].alternatives\"", "uncertain input \"normalise\"", "1 alternative(s)",
          "expected at least two steps to choose from"}},
        {one("kind = \"choice\"\n[[inputs.alternatives]]\nstep = \"normalise\"\n[[inputs.alternatives]]\nstep = "
             "\"aggregate\"\n"),
         {"key \"inputs[1].alternatives\"", "alternative 2 is a aggregate step",
          "expected alternatives of one step type"}},
        {one("kind = \"exclusion\"\nprobability = 0\n"),
         {"u.toml line 3", "key \"inputs[1].probability\"", "expected a probability in (0, 1) or leave_one_out"}},
        {one("kind = \"exclusion\"\nprobability = 0.5\nleave_one_out = true\n"),
         {"u.toml line 3", "key \"inputs[1].probability\"", "expected either leave_one_out or a probability"}},
        {"inputs = []\n[analysis]\n\nreplicates = 1\n",
         {"u.toml line 4", "key \"analysis.replicates\"", "replicates = 1", "expected at least 2"}},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.text) {
            BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs(c.text, "u.toml"), MethodError,
                                  message_has<MethodError>(c.parts));
        }
    }
}

BOOST_AUTO_TEST_CASE(errors_inside_alternatives_name_the_step_key) {
    const std::string choice =
        one("kind = \"choice\"\n[[inputs.alternatives]]\nstep = \"normalise\"\n"
            "[[inputs.alternatives]]\nstep = \"normalise\"\n");
    BOOST_CHECK_EXCEPTION(
        (void)parse_uncertain_inputs(choice + "method = { name = \"zscorex\" }\n", "u.toml"), MethodError,
        message_has<MethodError>({"u.toml line 7", "key \"inputs[1].alternatives[2].method\"",
                                  "unknown normalisation method \"zscorex\"", "expected one of minmax"}));
    BOOST_CHECK_EXCEPTION(
        (void)parse_uncertain_inputs(choice + "weights = { i1 = 1 }\n", "u.toml"), MethodError,
        message_has<MethodError>({"u.toml line 7", "key \"inputs[1].alternatives[2].weights\"", "unknown key"}));
    BOOST_CHECK_EXCEPTION(
        (void)parse_uncertain_inputs(one("kind = \"choice\"\n[[inputs.alternatives]]\nstep = \"weigh\"\n"), "u.toml"),
        MethodError,
        message_has<MethodError>({"u.toml line 4", "key \"inputs[1].alternatives[1].step\"", "unknown step \"weigh\"",
                                  "expected one of ", "normalise", "aggregate"}));
}

BOOST_AUTO_TEST_CASE(structural_errors_and_locations_as_data) {
    BOOST_CHECK_EXCEPTION(
        (void)parse_uncertain_inputs("", "u.toml"), MethodError,
        message_has<MethodError>({"u.toml", "missing [[inputs]]", "expected an array of uncertain inputs"}));
    BOOST_CHECK_EXCEPTION((void)parse_uncertain_inputs("[[inputs]\nkind = 1\n", "u.toml"), MethodError,
                          message_has<MethodError>({"u.toml line 1", "expected TOML"}));
    try {
        (void)parse_uncertain_inputs(one("kind = \"weights\"\nlevels = [2]\n\nfactor = 2\n"), "u.toml");
        BOOST_FAIL("expected a MethodError");
    } catch (const MethodError& e) {
        BOOST_TEST(e.location().source == "u.toml");
        BOOST_TEST(e.location().line == 5);
        BOOST_TEST(e.location().column == "inputs[1].factor");
        BOOST_TEST(e.location().expected == "a relative noise in [0, 1)");
        BOOST_TEST(e.location().found == "2");
    }
}

// --- the engine from a file ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(engine_from_a_file_equals_the_typed_engine) {
    const Framework framework = read_framework(asem_dir() / "iMeta.csv");
    const Dataset data = read_dataset(asem_dir() / "iData.csv", framework);
    const Pipeline pipeline({Normalise{.method = MinMax{0, 100}}, Aggregate{.method = ArithmeticMean{}}});
    const UncertaintyDeclaration d = vignette();
    const UncertaintyOptions options{.replicates = *d.analysis.replicates, .seed = *d.analysis.seed, .threads = 1};
    const UncertaintyEngine from_file(framework, pipeline, data, d.inputs, d.analysis.nodes, d.analysis.year);
    const UncertaintyEngine typed(framework, pipeline, data, vignette_inputs());
    BOOST_TEST((from_file.uncertainty(options) == typed.uncertainty(options)));
}
