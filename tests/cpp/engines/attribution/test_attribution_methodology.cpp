#define BOOST_TEST_MODULE attribution_methodology
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numeric>

#include "test_support.hpp"

using namespace govindex;

namespace {

// Two versions, hand-computed. v1 (2021): T 14 = A 10 (A.1 yes_no 4, A.2 completion_rate 6: floor
// 80, [80, 90) 2, [90, 100) 4) + B 4 (B.1 levels Tốt 4, Đạt 2, Kém 0). v2 (2022-): the plan
// weighs less and the implementation more, A.1 yes_no 2 and A.2 completion_rate 8 ([80, 90) 3,
// [90, 100) 6); B unchanged. Crosswalks both ways, every node "same".
const std::string family_text = R"(
[family]
name = "xw"

[[versions]]
id = "v1"
decision = "1/QĐ-TEST"
signed_on = 2020-12-30
first_year = 2021
last_year = 2021
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 14

[[versions.nodes]]
code = "A"
parent = "T"
name_vi = "Kế hoạch"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 4
source = "appraisal"
rule = { name = "yes_no", points = 4 }

[[versions.nodes]]
code = "A.2"
parent = "A"
name_vi = "Mức độ hoàn thành"
max_points = 6
source = "appraisal"
rule = { name = "completion_rate", full = 6, floor = 80, bands = [{ from = 80, to = 90, points = 2 }, { from = 90, to = 100, points = 4 }] }

[[versions.nodes]]
code = "B"
parent = "T"
name_vi = "Tác động"
max_points = 4

[[versions.nodes]]
code = "B.1"
parent = "B"
name_vi = "Chất lượng"
max_points = 4
source = "appraisal"
rule = { name = "levels", levels = [{ name = "Tốt", points = 4 }, { name = "Đạt", points = 2 }, { name = "Kém", points = 0 }] }

[[versions]]
id = "v2"
decision = "2/QĐ-TEST"
signed_on = 2021-12-01
first_year = 2022
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 14

[[versions.nodes]]
code = "A"
parent = "T"
name_vi = "Kế hoạch"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 2
source = "appraisal"
rule = { name = "yes_no", points = 2 }

[[versions.nodes]]
code = "A.2"
parent = "A"
name_vi = "Mức độ hoàn thành"
max_points = 8
source = "appraisal"
rule = { name = "completion_rate", full = 8, floor = 80, bands = [{ from = 80, to = 90, points = 3 }, { from = 90, to = 100, points = 6 }] }

[[versions.nodes]]
code = "B"
parent = "T"
name_vi = "Tác động"
max_points = 4

[[versions.nodes]]
code = "B.1"
parent = "B"
name_vi = "Chất lượng"
max_points = 4
source = "appraisal"
rule = { name = "levels", levels = [{ name = "Tốt", points = 4 }, { name = "Đạt", points = 2 }, { name = "Kém", points = 0 }] }

[[crosswalks]]
from = "v1"
to = "v2"
mappings = [
  { from = ["T"], to = ["T"], kind = "same" },
  { from = ["A"], to = ["A"], kind = "same" },
  { from = ["A.1"], to = ["A.1"], kind = "same" },
  { from = ["A.2"], to = ["A.2"], kind = "same", note = "points of the bands raised" },
  { from = ["B"], to = ["B"], kind = "same" },
  { from = ["B.1"], to = ["B.1"], kind = "same" },
]

[[crosswalks]]
from = "v2"
to = "v1"
mappings = [
  { from = ["T"], to = ["T"], kind = "same" },
  { from = ["A"], to = ["A"], kind = "same" },
  { from = ["A.1"], to = ["A.1"], kind = "same" },
  { from = ["A.2"], to = ["A.2"], kind = "same" },
  { from = ["B"], to = ["B"], kind = "same" },
  { from = ["B.1"], to = ["B.1"], kind = "same" },
]
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    BOOST_REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

Family family(const std::string& text = family_text) { return parse_methodology_family(text, "xw.toml"); }

// The family with only the crosswalk v1 -> v2.
Family forward_only() {
    const std::string text = family_text.substr(0, family_text.find("[[crosswalks]]\nfrom = \"v2\""));
    return family(text);
}

// One unit's evidence: plan adopted (A.1), completion rate in % (A.2), quality level (B.1).
Assessment assessment(const std::string& unit, int year, bool plan, double rate, const std::string& level = "Đạt") {
    Assessment a;
    a.unit = unit;
    a.year = year;
    a.leaves["A.1"].evidence.yes = plan;
    a.leaves["A.2"].evidence.rate = rate;
    a.leaves["B.1"].evidence.level = level;
    return a;
}

// 2021. T under v1: U1 4 + 2 + 2 = 8, U2 0 + 4 + 2 = 6, U3 4 + 6 + 2 = 12, U4 0 + 2 + 2 = 4;
// under v2: U1 2 + 3 + 2 = 7, U2 0 + 6 + 2 = 8, U3 12, U4 0 + 3 + 2 = 5.
std::vector<Assessment> year_2021(int year = 2021) {
    return {assessment("U1", year, true, 85), assessment("U2", year, false, 95), assessment("U3", year, true, 100),
            assessment("U4", year, false, 82)};
}

// 2022: U1 completes 92 %, U4 100 %. T under v2: U1 2 + 6 + 2 = 10, U2 8, U3 12, U4 0 + 8 + 2 = 10;
// under v1: U1 4 + 4 + 2 = 10, U2 6, U3 12, U4 0 + 6 + 2 = 8.
std::vector<Assessment> year_2022() {
    return {assessment("U1", 2022, true, 92), assessment("U2", 2022, false, 95), assessment("U3", 2022, true, 100),
            assessment("U4", 2022, false, 100)};
}

double sum_of_changes(const ChangeDecomposition& d) {
    const auto& change = std::get<std::vector<double>>(d.parts.column("change"));
    return std::accumulate(change.begin(), change.end(), 0.0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(unchanged_data_under_new_rules_is_all_methodology) {
    // The same evidence in 2021 (v1) and 2022 (v2): U1 8 -> 7, rank 2 -> 3 (U2 6 -> 8 passes it).
    const ChangeDecomposition d =
        decompose_methodology_change(family(), year_2021(), year_2021(2022), "U1", "", 2021, 2022);
    BOOST_TEST(d.node == "T");
    BOOST_TEST(d.score_before == 8.0);
    BOOST_TEST(d.score_after == 7.0);
    BOOST_TEST(d.rank_before == 2.0);
    BOOST_TEST(d.rank_after == 3.0);
    BOOST_TEST(d.sequence == "shapley");  // both crosswalks
    BOOST_TEST(d.own_part == 0.0);
    BOOST_TEST(d.others_part == 0.0);
    BOOST_TEST(d.methodology_part == 1.0);
    BOOST_TEST(d.score_data_part == 0.0);
    BOOST_TEST(d.score_methodology_part == -1.0);
    for (const double c : std::get<std::vector<double>>(d.parts.column("change"))) BOOST_TEST(c == 0.0);
    // U2 rises 3 -> 2 by the rules alone.
    const ChangeDecomposition u2 =
        decompose_methodology_change(family(), year_2021(), year_2021(2022), "U2", "A", 2021, 2022);
    BOOST_TEST(u2.rank_before == 3.0);
    BOOST_TEST(u2.rank_after == 2.0);
    BOOST_TEST(u2.methodology_part == -1.0);
    BOOST_TEST(u2.own_part + u2.others_part == 0.0);
    // With the crosswalk v1 -> v2 only: methodology first, the same parts here.
    const ChangeDecomposition one =
        decompose_methodology_change(forward_only(), year_2021(), year_2021(2022), "U1", "", 2021, 2022);
    BOOST_TEST(one.sequence == "methodology first");
    BOOST_TEST(one.methodology_part == 1.0);
    BOOST_TEST(one.own_part == 0.0);
    BOOST_TEST(one.others_part == 0.0);
    // Back in time (2022 data under v2 before, 2021 under v1 after) the one crosswalk re-scores the
    // after side: data first.
    const ChangeDecomposition back =
        decompose_methodology_change(forward_only(), year_2021(2022), year_2021(), "U1", "", 2022, 2021);
    BOOST_TEST(back.sequence == "data first");
    BOOST_TEST(back.methodology_part == -1.0);
    BOOST_TEST(back.own_part == 0.0);
}

BOOST_AUTO_TEST_CASE(data_and_rules_changing_add_up) {
    // U2 (its evidence unchanged): T v1 2021 6 among {8, 12, 4} -> rank 3; v2 2022 8 among
    // {10, 12, 10} -> rank 4. r(m, own, others): v1 with others 2021 3, with others 2022 {10, 12, 8}
    // 4; v2 (own 8) with others 2021 {7, 12, 5} 2, with others 2022 4. Own 0; others
    // ½ [(4 - 3) + (4 - 2)] = 1.5; methodology ½ [(2 - 3) + (4 - 4)] = -0.5.
    const ChangeDecomposition u2 =
        decompose_methodology_change(family(), year_2021(), year_2022(), "U2", "", 2021, 2022);
    BOOST_TEST(u2.rank_before == 3.0);
    BOOST_TEST(u2.rank_after == 4.0);
    BOOST_TEST(u2.own_part == 0.0);
    BOOST_TEST(u2.others_part == 1.5);
    BOOST_TEST(u2.methodology_part == -0.5);
    BOOST_TEST(u2.score_data_part == 0.0);
    BOOST_TEST(u2.score_methodology_part == 2.0);
    // U1: s(v1, 2021) 8, s(v1, 2022) 10, s(v2, 2021) 7, s(v2, 2022) 10: data ½ [(10 - 8) + (10 - 7)]
    // = 2.5, methodology 2 - 2.5 = -0.5. The node parts add up to the data part: A.2 under v1
    // 2 -> 4, under v2 3 -> 6, mean 2.5; A.1 and B.1 0.
    const ChangeDecomposition u1 =
        decompose_methodology_change(family(), year_2021(), year_2022(), "U1", "", 2021, 2022);
    BOOST_TEST(u1.score_data_part == 2.5);
    BOOST_TEST(u1.score_methodology_part == -0.5);
    BOOST_TEST(u1.own_part + u1.others_part + u1.methodology_part == u1.rank_after - u1.rank_before);
    BOOST_TEST(std::abs(sum_of_changes(u1) - 2.5) < 1e-12);
    const auto& nodes = std::get<std::vector<std::string>>(u1.parts.column("node"));
    const auto& change = std::get<std::vector<double>>(u1.parts.column("change"));
    BOOST_TEST((nodes == std::vector<std::string>{"A.1", "A.2", "B.1"}));
    BOOST_TEST((change == std::vector<double>{0.0, 2.5, 0.0}));
    // Every unit: the rank parts add up to the rank change.
    for (const char* unit : {"U1", "U2", "U3", "U4"}) {
        const ChangeDecomposition d =
            decompose_methodology_change(family(), year_2021(), year_2022(), unit, "", 2021, 2022);
        BOOST_TEST(std::abs(d.own_part + d.others_part + d.methodology_part - (d.rank_after - d.rank_before)) < 1e-12,
                   unit);
        BOOST_TEST(std::abs(d.score_data_part + d.score_methodology_part - (d.score_after - d.score_before)) < 1e-12,
                   unit);
    }
}

BOOST_AUTO_TEST_CASE(one_version_needs_no_crosswalk) {
    // 2022 and 2023 are both v2: nothing re-scored, the methodology part 0, no crosswalk needed.
    const Family none = family(family_text.substr(0, family_text.find("[[crosswalks]]")));
    std::vector<Assessment> later = year_2022();
    for (Assessment& a : later) a.year = 2023;
    later[1] = assessment("U2", 2023, true, 95);  // U2 adopts its plan: 8 -> 10
    const ChangeDecomposition d = decompose_methodology_change(none, year_2022(), later, "U2", "", 2022, 2023);
    BOOST_TEST(d.methodology_part == 0.0);
    BOOST_TEST(d.score_methodology_part == 0.0);
    BOOST_TEST(d.sequence == "shapley");
    BOOST_TEST(d.score_after - d.score_before == 2.0);
    BOOST_TEST(d.own_part + d.others_part == d.rank_after - d.rank_before);
}

BOOST_AUTO_TEST_CASE(a_node_the_crosswalk_does_not_cover_is_located) {
    // Without the mapping of A.2 (v1 -> v2), A.2 and every node above it are not comparable.
    const Family f = family(replaced(
        family_text,
        "  { from = [\"A.2\"], to = [\"A.2\"], kind = \"same\", note = \"points of the bands raised\" },\n", ""));
    for (const char* node : {"", "A"}) {
        try {
            (void)decompose_methodology_change(f, year_2021(), year_2022(), "U3", node, 2021, 2022);
            BOOST_FAIL("expected MethodError");
        } catch (const MethodError& e) {
            const std::string n = *node ? node : "T";
            BOOST_TEST(
                std::string(e.what()) ==
                "decompose methodology change: the crosswalk v1 -> v2 leaves node \"" + n +
                    "\" of unit \"U3\" (2021) not comparable: A.2 (no mapping from v1); expected every leaf under \"" +
                    n + "\" carried over (decompose a node it covers, or complete the crosswalk or the evidence)");
            BOOST_TEST(e.location().source == "crosswalk v1 -> v2");
            BOOST_TEST(e.location().node == "A.2");
            BOOST_TEST(e.location().found == "no mapping from v1");
        }
    }
    // B does not depend on A.2: decomposed through both crosswalks, no methodology part there.
    const ChangeDecomposition b = decompose_methodology_change(f, year_2021(), year_2022(), "U3", "B", 2021, 2022);
    BOOST_TEST(b.methodology_part == 0.0);
    BOOST_TEST(b.sequence == "shapley");
}

BOOST_AUTO_TEST_CASE(other_errors_name_versions_and_sides) {
    const Family none = family(family_text.substr(0, family_text.find("[[crosswalks]]")));
    try {
        (void)decompose_methodology_change(none, year_2021(), year_2022(), "U1", "", 2021, 2022);
        BOOST_FAIL("expected UnknownCodeError");
    } catch (const UnknownCodeError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "decompose methodology change: family xw has no crosswalk between \"v1\" (2021) and \"v2\" (2022); "
                   "expected one from either version to the other");
        BOOST_TEST(e.location().source == "xw");
    }
    // A node of one version only.
    // B renamed C in v2 (no crosswalk needed to find that out).
    std::string text = family_text.substr(0, family_text.find("[[crosswalks]]"));
    text.replace(text.rfind("code = \"B\"\nparent = \"T\""), 10, "code = \"C\"");
    text.replace(text.rfind("parent = \"B\""), 12, "parent = \"C\"");
    const Family renamed = family(text);
    try {
        (void)decompose_methodology_change(renamed, year_2021(), year_2022(), "U1", "B", 2021, 2022);
        BOOST_FAIL("expected UnknownCodeError");
    } catch (const UnknownCodeError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "decompose methodology change: node \"B\" is not in xw v2; expected a node with the same code in "
                   "both versions");
        BOOST_TEST(e.location().node == "B");
        BOOST_TEST(e.location().source == "xw v2");
    }
    // Assessments of another year, and re-scored runs given by hand.
    try {
        (void)decompose_methodology_change(family(), year_2022(), year_2022(), "U1", "", 2021, 2022);
        BOOST_FAIL("expected InputError");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "decompose methodology change: the assessment of \"U1\" among the assessments_before is for 2022; "
                   "expected year_before 2021 (or 0)");
        BOOST_TEST(e.location().source == "U1");
    }
    const Family fam = family();
    const Methodology& v1 = fam.version("v1");
    const Results r = v1.pipeline().run(v1.framework(), assessment_data(v1, year_2021()));
    BOOST_CHECK_THROW((void)decompose_methodology_change(fam, year_2021(), year_2022(), "U1", "", 2021, 2022, true,
                                                         {.before_rescored = &r}),
                      MethodError);
    // A unit missing in a year is named as decompose_change names it; units in one year only are listed.
    std::vector<Assessment> fewer = year_2022();
    fewer.pop_back();
    const ChangeDecomposition d = decompose_methodology_change(family(), year_2021(), fewer, "U1", "", 2021, 2022);
    BOOST_TEST((d.only_before == std::vector<std::string>{"U4"}));
    BOOST_CHECK_THROW((void)decompose_methodology_change(family(), year_2021(), fewer, "U4", "", 2021, 2022),
                      UnknownCodeError);
}
