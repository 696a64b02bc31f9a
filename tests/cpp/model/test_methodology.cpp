#define BOOST_TEST_MODULE methodology
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

#include <govindex/model/methodology.hpp>
#include <govindex/pipeline/pipeline.hpp>

#include "test_support.hpp"

using namespace govindex;

namespace {

// A small points-based family, every rule type, computed by hand (values in the test cases).
// v1 (2020-2021): T 20 = A 10 (A.1 yes_no 2, A.2 levels 3, A.3 completion_rate 2, A.4 ratio 1.5,
// A.5 ratio 1.5) + B 10 (B.1 cap 2, B.2 internal survey 4, B.3 external survey 3, B.4 bonus 1,
// B.5 penalty 0). v2 (2022-): raised completion thresholds in A.3, A.4 + A.5 merged, B.2 + B.3
// merged into B.23 (6 points), B.5 dropped, B.6 added.
const std::string demo = R"(
[family]
name = "demo"
name_vi = "Chỉ số thử"

[[versions]]
id = "v1"
decision = "1/QĐ-TEST"
signed_on = 2020-12-30
first_year = 2020
last_year = 2021
publication_lag = 1
aggregation = "points"
level_names = ["lĩnh vực", "tiêu chí thành phần"]
declared_counts = [2, 10]
survey_points = 7.0

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 20

[[versions.nodes]]
code = "A"
parent = "T"
name_vi = "Cải cách thủ tục hành chính"
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
name_vi = "Chất lượng kế hoạch"
max_points = 3
source = "appraisal"
rule = { name = "levels", levels = [{ name = "Tốt", points = 3 }, { name = "Đạt", points = 1.5 }, { name = "Không đạt", points = 0 }] }

[[versions.nodes]]
code = "A.3"
parent = "A"
name_vi = "Mức độ thực hiện kế hoạch"
max_points = 2
source = "appraisal"
rule = { name = "completion_rate", full = 2, floor = 80, bands = [{ from = 80, to = 90, points = 1 }, { from = 90, to = 100, points = 1.5 }] }

[[versions.nodes]]
code = "A.4"
parent = "A"
name_vi = "Tỷ lệ hồ sơ giải quyết đúng hạn"
max_points = 1.5
source = "appraisal"
rule = { name = "ratio", numerator = "on time", denominator = "records", full = 1.5, floor = 50, bands = [{ from = 50, to = 100, points = 1.5, proportional = true }] }

[[versions.nodes]]
code = "A.5"
parent = "A"
name_vi = "Tỷ lệ phản ánh xử lý đúng hạn"
max_points = 1.5
source = "appraisal"
rule = { name = "ratio", numerator = "on time", denominator = "complaints", full = 1.5, floor = 50, bands = [{ from = 50, to = 100, points = 1.5, proportional = true }] }

[[versions.nodes]]
code = "B"
parent = "T"
name_vi = "Tác động"
max_points = 10

[[versions.nodes]]
code = "B.1"
parent = "B"
name_vi = "Tài liệu kiểm chứng"
max_points = 2
source = "appraisal"
rule = { name = "cap", max = 2, per_unit = 0.5 }

[[versions.nodes]]
code = "B.2"
parent = "B"
name_vi = "Đánh giá của công chức"
max_points = 4
source = "survey_internal"
rule = { name = "completion_rate", full = 4, floor = 0, bands = [{ from = 0, to = 100, points = 4, proportional = true }] }

[[versions.nodes]]
code = "B.3"
parent = "B"
name_vi = "Đánh giá của người dân"
max_points = 3
source = "survey_external"
rule = { name = "completion_rate", full = 3, floor = 0, bands = [{ from = 0, to = 100, points = 3, proportional = true }] }

[[versions.nodes]]
code = "B.4"
parent = "B"
name_vi = "Điểm thưởng"
max_points = 1
source = "appraisal"
rule = { name = "bonus", items = [{ name = "Giải thưởng", points = 1 }, { name = "Sáng kiến", points = 0.5 }], max = 1 }

[[versions.nodes]]
code = "B.5"
parent = "B"
name_vi = "Điểm trừ"
max_points = 0
source = "appraisal"
rule = { name = "penalty", items = [{ name = "Báo cáo trễ hạn", points = 0.5 }, { name = "Vi phạm", points = 1 }] }

[[versions]]
id = "v2"
decision = "2/QĐ-TEST"
signed_on = 2022-11-10
first_year = 2022
publication_lag = 1
aggregation = "points"
unknown = ["survey_points"]

[[versions.nodes]]
code = "T"
name_vi = "Tổng"
max_points = 20

[[versions.nodes]]
code = "A"
parent = "T"
name_vi = "Cải cách thủ tục hành chính"
max_points = 10

[[versions.nodes]]
code = "A.1"
parent = "A"
name_vi = "Ban hành kế hoạch"
max_points = 2
source = "appraisal"
rule = { name = "yes_no", points = 2 }

[[versions.nodes]]
code = "A.2n"
parent = "A"
name_vi = "Chất lượng kế hoạch CCHC"
max_points = 3
source = "appraisal"
rule = { name = "levels", levels = [{ name = "Tốt", points = 3 }, { name = "Đạt", points = 1.5 }, { name = "Không đạt", points = 0 }] }

[[versions.nodes]]
code = "A.3"
parent = "A"
name_vi = "Mức độ thực hiện kế hoạch"
max_points = 2
source = "appraisal"
rule = { name = "completion_rate", full = 2, floor = 90, bands = [{ from = 90, to = 95, points = 1 }, { from = 95, to = 100, points = 1.5 }] }

[[versions.nodes]]
code = "A.45"
parent = "A"
name_vi = "Tỷ lệ hồ sơ và phản ánh giải quyết đúng hạn"
max_points = 3
source = "appraisal"
rule = { name = "ratio", numerator = "on time", denominator = "total", full = 3, floor = 50, bands = [{ from = 50, to = 100, points = 3, proportional = true }] }

[[versions.nodes]]
code = "B"
parent = "T"
name_vi = "Tác động"
max_points = 10

[[versions.nodes]]
code = "B.1"
parent = "B"
name_vi = "Tài liệu kiểm chứng"
max_points = 2
source = "appraisal"
rule = { name = "cap", max = 2, per_unit = 0.5 }

[[versions.nodes]]
code = "B.23"
parent = "B"
name_vi = "Mức độ hài lòng"
max_points = 6
source = "survey_external"
unknown = ["rule"]

[[versions.nodes]]
code = "B.4"
parent = "B"
name_vi = "Điểm thưởng"
max_points = 1
source = "appraisal"
rule = { name = "bonus", items = [{ name = "Giải thưởng", points = 1 }, { name = "Sáng kiến", points = 0.5 }], max = 1 }

[[versions.nodes]]
code = "B.6"
parent = "B"
name_vi = "Chuyển đổi số"
max_points = 1
source = "appraisal"
rule = { name = "yes_no", points = 1 }

[[crosswalks]]
from = "v1"
to = "v2"

[[crosswalks.mappings]]
from = ["T"]
to = ["T"]
kind = "same"

[[crosswalks.mappings]]
from = ["A"]
to = ["A"]
kind = "same"

[[crosswalks.mappings]]
from = ["B"]
to = ["B"]
kind = "same"

[[crosswalks.mappings]]
from = ["A.1"]
to = ["A.1"]
kind = "same"

[[crosswalks.mappings]]
from = ["A.2"]
to = ["A.2n"]
kind = "renamed"

[[crosswalks.mappings]]
from = ["A.3"]
to = ["A.3"]
kind = "same"
note = "completion thresholds raised"

[[crosswalks.mappings]]
from = ["A.4", "A.5"]
to = ["A.45"]
kind = "merged"

[[crosswalks.mappings]]
from = ["B.1"]
to = ["B.1"]
kind = "same"

[[crosswalks.mappings]]
from = ["B.2", "B.3"]
to = ["B.23"]
kind = "merged"

[[crosswalks.mappings]]
from = ["B.4"]
to = ["B.4"]
kind = "same"

[[crosswalks.mappings]]
from = ["B.5"]
to = []
kind = "dropped"

[[crosswalks.mappings]]
from = []
to = ["B.6"]
kind = "added"
)";

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// 1-based line of the n-th (1-based) occurrence of `needle` in `text`.
long line_of(const std::string& text, const std::string& needle, int nth = 1) {
    std::size_t pos = std::string::npos;
    for (int i = 0; i < nth; ++i) pos = text.find(needle, pos == std::string::npos ? 0 : pos + 1);
    BOOST_REQUIRE(pos != std::string::npos);
    return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    BOOST_REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

template <class E>
std::string error_of(const std::string& text) {
    try {
        (void)parse_methodology_family(text, "demo.toml");
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        BOOST_FAIL(std::string("wrong exception type: ") + e.what());
    }
    BOOST_FAIL("no error");
    return {};
}

Assessment year_2021() {
    Assessment a;
    a.unit = "Bến Tre";
    a.year = 2021;
    auto& l = a.leaves;
    l["A.1"].evidence.yes = true;
    l["A.1"].self = 2;
    l["A.1"].appraised_1 = 2;
    l["A.2"].evidence.level = "Đạt";
    l["A.2"].self = 3;  // claimed "Tốt"
    l["A.2"].appraised_1 = 1.5;
    l["A.3"].evidence.rate = 85;
    l["A.3"].self = 2;
    l["A.3"].appraised_1 = 0;  // no evidence document in round 1
    l["A.3"].appraised_2 = 1;  // accepted after the explanation
    l["A.3"].evidence_note = "Báo cáo giải trình số 12";
    l["A.4"].evidence.numerator = 45;
    l["A.4"].evidence.denominator = 60;
    l["A.4"].self = 1.5;
    l["A.5"].evidence.numerator = 18;
    l["A.5"].evidence.denominator = 20;
    l["A.5"].self = 1.5;
    l["B.1"].evidence.value = 3;
    l["B.1"].self = 1.5;
    l["B.2"].survey = 3.2;
    l["B.3"].evidence.rate = 70;
    l["B.4"].evidence.items = {"Giải thưởng"};
    l["B.4"].self = 1;
    l["B.5"].evidence.items = {"Báo cáo trễ hạn"};
    l["B.5"].self = 0;
    return a;
}

Assessment year_2022() {
    Assessment a;
    a.unit = "Bến Tre";
    a.year = 2022;
    auto& l = a.leaves;
    l["A.1"].appraised_1 = 2;
    l["A.2n"].appraised_1 = 3;
    l["A.3"].evidence.rate = 96;        // -> 1.5
    l["A.45"].evidence.numerator = 70;  // 87.5 % -> 2.625
    l["A.45"].evidence.denominator = 80;
    l["B.1"].evidence.value = 5;  // 2.5 capped at 2
    l["B.23"].survey = 5;
    l["B.4"].evidence.items = {};
    l["B.4"].appraised_1 = 0;
    l["B.6"].evidence.yes = false;  // -> 0
    return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scores_by_source_hand_computed) {
    const Family f = parse_methodology_family(demo, "demo.toml");
    const Methodology& v1 = f.version_for(2021);
    BOOST_TEST(v1.id() == "v1");
    BOOST_TEST(v1.leaves().size() == 10u);
    BOOST_TEST(v1.complete());
    const Scorecard card = score(v1, year_2021());
    auto is = [&](std::string_view code, double NodeScore::*field, double expected) {
        BOOST_TEST_CONTEXT(std::string(code)) { BOOST_TEST(testing::close(card.node(code).*field, expected, 1e-12)); }
    };
    // leaves: A.1 2 (appraised), A.2 1.5 (appraised), A.3 1 (round 2), A.4 1.5 x 45/60 = 1.125,
    // A.5 1.5 x 18/20 = 1.35, B.1 3 x 0.5 = 1.5, B.2 3.2 (survey), B.3 3 x 0.70 = 2.1, B.4 1, B.5 -0.5
    is("A.3", &NodeScore::obtained, 1.0);
    is("A.4", &NodeScore::obtained, 1.125);
    is("A.5", &NodeScore::obtained, 1.35);
    is("B.3", &NodeScore::obtained, 2.1);
    is("B.5", &NodeScore::obtained, -0.5);
    is("A", &NodeScore::obtained, 6.975);
    is("A", &NodeScore::percent, 69.75);
    is("B", &NodeScore::obtained, 7.3);
    is("T", &NodeScore::obtained, 14.275);
    is("T", &NodeScore::percent, 71.375);
    // split by source: appraisal 6.975 + 1.5 + 1 - 0.5 = 8.975; internal survey 3.2; external 2.1
    is("T", &NodeScore::appraised, 8.975);
    is("T", &NodeScore::survey_internal, 3.2);
    is("T", &NodeScore::survey_external, 2.1);
    is("T", &NodeScore::survey_other, 0.0);
    // self-assessed 12.5; deductions 12.5 - 8.975 = 3.525 (A: 0 + 1.5 + 1 + 0.375 + 0.15 = 3.025; B: 0.5)
    is("T", &NodeScore::self, 12.5);
    is("T", &NodeScore::deduction, 3.525);
    is("A", &NodeScore::deduction, 3.025);
    is("B", &NodeScore::deduction, 0.5);
    is("A.2", &NodeScore::deduction, 1.5);
    BOOST_TEST(card.table().rows() == 13u);

    const std::string leaf = explain(v1, year_2021(), "A.3");
    BOOST_TEST(contains(leaf, "A.3 (Mức độ thực hiện kế hoạch): 1 of 2 points (50%)"), leaf);
    BOOST_TEST(contains(leaf, "source appraisal"), leaf);
    BOOST_TEST(contains(leaf, "self-assessed 2; appraised round 1 0; appraised round 2 1"), leaf);
    BOOST_TEST(contains(leaf, "appraised (round 2) 1 [evidence: Báo cáo giải trình số 12]"), leaf);
    const std::string ratio = explain(v1, year_2021(), "A.4");
    BOOST_TEST(
        contains(ratio, "ratio: on time 45 / records 60 = 75%; rate 75% in [50%, 100%) -> 1.5 x 75/100 = 1.125 points"),
        ratio);
    const std::string node = explain(v1, year_2021(), "B");
    BOOST_TEST(contains(node, "B.1 1.5 + B.2 3.2 + B.3 2.1 + B.4 1 + B.5 -0.5 = 7.3"), node);
    BOOST_CHECK_THROW((void)explain(v1, year_2021(), "Z"), UnknownCodeError);

    Assessment bad = year_2021();
    bad.leaves["A"].self = 1;  // not a leaf
    BOOST_CHECK_THROW((void)score(v1, bad), UnknownCodeError);
    bad = year_2021();
    bad.leaves["A.3"].appraised_2 = std::nan("");
    bad.leaves["A.3"].appraised_1 = std::nan("");
    bad.leaves["A.3"].evidence.rate = 120;  // rate outside 0-100 %
    try {
        (void)score(v1, bad);
        BOOST_FAIL("expected InputError");
    } catch (const InputError& e) {
        BOOST_TEST(
            contains(e.what(), "unit \"Bến Tre\", indicator \"A.3\": completion_rate: rate 120% is outside 0-100 %"),
            e.what());
    }
}

BOOST_AUTO_TEST_CASE(versions_crosswalk_and_rescoring) {
    const Family f = parse_methodology_family(demo, "demo.toml");
    BOOST_TEST(f.version_for(2020).id() == "v1");
    BOOST_TEST(f.version_for(2030).id() == "v2");  // open-ended
    BOOST_CHECK_THROW((void)f.version_for(2019), UnknownCodeError);
    const auto t2022 = f.signing_timing(2022);
    BOOST_TEST(t2022.known);
    BOOST_TEST(t2022.days_before_year_end == 51);  // 10/11 -> 31/12
    BOOST_TEST(t2022.late);
    BOOST_TEST(f.signing_timing(2020).days_before_year_end == 1);
    BOOST_TEST(!f.signing_timing(2023).late);  // signed in 2022, 416 days before the end of 2023
    BOOST_TEST(f.signing_timing(2023).days_before_year_end == 416);

    const Methodology& v2 = f.version("v2");
    BOOST_TEST(v2.unknowns() == (std::vector<std::string>{"version: survey_points", "B.23: rule"}),
               boost::test_tools::per_element());
    const Scorecard a = score(f.version("v1"), year_2021());
    const Scorecard b = score(v2, year_2022());
    BOOST_TEST(testing::close(b.node("A").obtained, 9.125));  // 2 + 3 + 1.5 + 2.625
    BOOST_TEST(testing::close(b.node("T").obtained, 16.125));

    const Table cmp = comparable_part(f.crosswalk("v1", "v2"), a, b);
    BOOST_TEST(cmp.rows() == 12u);
    const auto& comparable = std::get<std::vector<std::optional<bool>>>(cmp.column("comparable"));
    const auto& reason = std::get<std::vector<std::string>>(cmp.column("reason"));
    const auto& fp = std::get<std::vector<double>>(cmp.column("from_points"));
    const auto& tp = std::get<std::vector<double>>(cmp.column("to_points"));
    // rows in mapping order: T, A, B, A.1, A.2, A.3, A.4+A.5, B.1, B.2+B.3, B.4, B.5, B.6
    BOOST_TEST(*comparable[0]);
    BOOST_TEST(testing::close(fp[0], 14.275));
    BOOST_TEST(testing::close(tp[0], 16.125));
    BOOST_TEST(*comparable[6]);  // merged 1.5 + 1.5 = 3 -> 3
    BOOST_TEST(testing::close(fp[6], 2.475));
    BOOST_TEST(!*comparable[8]);  // 4 + 3 = 7 -> 6
    BOOST_TEST(reason[8] == "maximum changed from 7 to 6 points (compare percent only)");
    BOOST_TEST(!*comparable[10]);
    BOOST_TEST(reason[10] == "dropped in v2");
    BOOST_TEST(reason[11] == "added in v2");

    // 2021 evidence re-scored under v2: A.1 2, A.2n 1.5, A.3 85% < new floor 90% -> 0,
    // A.45 (45 + 18) / (60 + 20) = 78.75% -> 3 x 0.7875 = 2.3625; A = 5.8625. B.23 (survey points,
    // no counts) and B.6 (added) are not comparable, so B and T are not either.
    const Rescored r = rescore(f, "v1", "v2", year_2021());
    BOOST_TEST(testing::close(r.scorecard.node("A.3").obtained, 0.0));
    BOOST_TEST(testing::close(r.scorecard.node("A.45").obtained, 2.3625));
    BOOST_TEST(testing::close(r.scorecard.node("A").obtained, 5.8625));
    BOOST_TEST(testing::close(r.scorecard.node("B.1").obtained, 1.5));
    BOOST_TEST(std::isnan(r.scorecard.node("B").obtained));
    BOOST_TEST(std::isnan(r.scorecard.node("T").obtained));
    BOOST_TEST(r.not_comparable.count("A") == 0u);
    BOOST_TEST(r.not_comparable.at("B.23") == "merged from B.2 without counts (numerator / denominator) to add");
    BOOST_TEST(r.not_comparable.at("B.6") == "added in v2; no evidence under v1");
    BOOST_TEST(r.not_comparable.at("T") == "depends on leaves that are not comparable: B.23, B.6");
}

BOOST_AUTO_TEST_CASE(file_round_trip) {
    const Family f = parse_methodology_family(demo, "demo.toml");
    const std::string text = format_methodology_family(f);
    const Family g = parse_methodology_family(text, "written.toml");
    BOOST_TEST((f == g));
    BOOST_TEST((f.version("v2").node("B.23") == g.version("v2").node("B.23")));
    testing::TempFile file("demo.toml", text);
    write_methodology_family(f, file.path());
    BOOST_TEST((read_methodology_family(file.path()) == f));
    // a change is seen by operator==
    const Family h =
        parse_methodology_family(replaced(demo, "max = 2, per_unit = 0.5", "max = 2, per_unit = 0.25"), "x");
    BOOST_TEST(!(h == f));
    for (const char* name : {"par_index.toml", "papi.toml", "pci.toml"}) {
        const auto path = std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "vn" / "methodologies" / name;
        const Family shipped = read_methodology_family(path);
        BOOST_TEST((parse_methodology_family(format_methodology_family(shipped), "again") == shipped), name);
    }
}

BOOST_AUTO_TEST_CASE(bad_files_are_located) {
    // unknown parent
    {
        const std::string t = replaced(demo, "parent = \"A\"\nname_vi = \"Chất lượng kế hoạch\"",
                                       "parent = \"AX\"\nname_vi = \"Chất lượng kế hoạch\"");
        const std::string e = error_of<FrameworkError>(t);
        const long line = line_of(t, "[[versions.nodes]]", 4);  // A.2 is the 4th node
        BOOST_TEST(
            e == "demo.toml line " + std::to_string(line) +
                     ", node \"A.2\", field \"parent\": unknown parent \"AX\"; expected the code of a node of demo v1");
        // the same facts as data
        try {
            (void)parse_methodology_family(t, "demo.toml");
            BOOST_FAIL("expected FrameworkError");
        } catch (const FrameworkError& error) {
            const ErrorLocation& where = error.location();
            BOOST_TEST(where.source == "demo.toml");
            BOOST_TEST(where.line == line);
            BOOST_TEST(where.node == "A.2");
            BOOST_TEST(where.column == "parent");
            BOOST_TEST(where.expected == "the code of a node of demo v1");
        }
    }
    // children's maxima do not add up to the parent's
    {
        // B.1's maximum 2 -> 2.5: B's children add up to 10.5, B says 10
        const std::string t = replaced(demo, "name_vi = \"Tài liệu kiểm chứng\"\nmax_points = 2",
                                       "name_vi = \"Tài liệu kiểm chứng\"\nmax_points = 2.5");
        const std::string e = error_of<MethodError>(t);
        const long line = line_of(t, "code = \"B\"") - 1;
        BOOST_TEST(e == "demo.toml line " + std::to_string(line) +
                            ", node \"B\", field \"max_points\": max_points 10 but its children's maxima add up to "
                            "10.5; expected equal");
    }
    // overlapping bands
    {
        const std::string t = replaced(demo, "{ from = 80, to = 90, points = 1 }, { from = 90,",
                                       "{ from = 80, to = 95, points = 1 }, { from = 90,");
        const std::string e = error_of<MethodError>(t);
        const long line = line_of(t, "{ from = 80, to = 95");
        BOOST_TEST(e == "demo.toml line " + std::to_string(line) +
                            ", field \"versions[1].nodes[5].rule\": completion_rate: bands [80%, 95%) and [90%, 100%) "
                            "overlap; expected bands that do not overlap");
    }
    // a band outside 0-100 %
    {
        const std::string t =
            replaced(demo, "{ from = 90, to = 100, points = 1.5 }", "{ from = 90, to = 120, points = 1.5 }");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(contains(e, "demo.toml line " + std::to_string(line_of(t, "to = 120")) +
                                   ", field \"versions[1].nodes[5].rule\""),
                   e);
        BOOST_TEST(contains(e, "expected 0 <= from < to <= 100"), e);
    }
    // whole numbers beyond int, and points that are not finite (issue 12: read as 2020, or as unknown)
    {
        const std::string t = replaced(demo, "first_year = 2022", "first_year = 4294969318");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(contains(e,
                            "field \"versions[2].first_year\": expected a whole number from -2147483648 to 2147483647, "
                            "found 4294969318"),
                   e);
    }
    {
        const std::string t = replaced(demo, "name_vi = \"Tài liệu kiểm chứng\"\nmax_points = 2",
                                       "name_vi = \"Tài liệu kiểm chứng\"\nmax_points = nan");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(contains(e,
                            "max_points\": expected a finite number, found nan (a value that is not known goes in "
                            "unknown = [\"max_points\"])"),
                   e);
    }
    // a year covered by two versions
    {
        const std::string t = replaced(demo, "first_year = 2022", "first_year = 2021");
        const std::string e = error_of<MethodError>(t);
        const long line = line_of(t, "[[versions]]", 2);
        BOOST_TEST(e == "demo.toml line " + std::to_string(line) +
                            ", field \"first_year\": assessment year 2021 is covered by version \"v2\" and by version "
                            "\"v1\"; expected each year in one version");
    }
    // an unknown rule, a missing maximum, a missing rule on a leaf, an unknown key, TOML syntax
    {
        const std::string t = replaced(demo, "name = \"yes_no\", points = 2 }", "name = \"binary\", points = 2 }");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(contains(e, "demo.toml line " + std::to_string(line_of(t, "binary")) +
                                   ", field \"versions[1].nodes[3].rule.name\": unknown rule \"binary\""),
                   e);
    }
    {
        const std::string t = replaced(demo, "name_vi = \"Tổng\"\nmax_points = 20", "name_vi = \"Tổng\"");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(
            e ==
            "demo.toml line " + std::to_string(line_of(t, "[[versions.nodes]]")) +
                ", field \"versions[1].nodes[1].max_points\": missing; expected a number or \"max_points\" in unknown");
    }
    {
        const std::string t =
            replaced(demo, "source = \"survey_external\"\nunknown = [\"rule\"]", "source = \"survey_external\"");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(contains(e, "field \"versions[2].nodes[9].rule\": leaf \"B.23\" has no rule"), e);
    }
    {
        const std::string t = replaced(demo, "publication_lag = 1\naggregation = \"points\"\nlevel",
                                       "publication_lag = 1\nweights = 2\naggregation = \"points\"\nlevel");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(contains(e, "demo.toml line " + std::to_string(line_of(t, "weights = 2")) +
                                   ", field \"versions[1].weights\": unknown key"),
                   e);
    }
    {
        const std::string e = error_of<MethodError>(replaced(demo, "name = \"demo\"", "name = demo"));
        BOOST_TEST(contains(e, "demo.toml line 3:"), e);
    }
    // crosswalk to an unknown node
    {
        const std::string t = replaced(demo, "to = [\"A.2n\"]", "to = [\"A.2x\"]");
        const std::string e = error_of<MethodError>(t);
        BOOST_TEST(e == "demo.toml line " + std::to_string(line_of(t, "from = [\"A.2\"]") - 1) +
                            ", field \"to\": unknown node \"A.2x\" in version v2; expected one of its codes");
    }
    BOOST_CHECK_THROW((void)read_methodology_family("/nonexistent/x.toml"), InputError);
}

BOOST_AUTO_TEST_CASE(shipped_par_index) {
    const auto dir = std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "vn" / "methodologies";
    const Family par = read_methodology_family(dir / "par_index.toml");
    BOOST_TEST(par.version_for(2017).id() == "2948/QĐ-BNV");
    BOOST_TEST(par.version_for(2018).id() == "2636/QĐ-BNV");
    BOOST_TEST(par.version_for(2019).id() == "1150/QĐ-BNV");
    BOOST_TEST(par.version_for(2020).id() == "1149/QĐ-BNV");
    BOOST_TEST(par.version_for(2021).id() == "1149/QĐ-BNV");
    BOOST_TEST(par.version_for(2022).id() == "876/QĐ-BNV");
    BOOST_TEST(par.version_for(2023).id() == "876/QĐ-BNV");
    BOOST_TEST(par.version_for(2024).id() == "892/QĐ-BNV");
    BOOST_CHECK_THROW((void)par.version_for(2016), UnknownCodeError);

    const Methodology& v2017 = par.version("2948/QĐ-BNV");
    BOOST_TEST(v2017.children("par_index").size() == 8u);
    const std::vector<double> expected{10, 10, 14.5, 11, 16, 7, 16, 15.5};
    for (int i = 0; i < 8; ++i)
        BOOST_TEST(v2017.node(std::to_string(i + 1)).max_points == expected[static_cast<std::size_t>(i)]);
    BOOST_TEST(v2017.declared_counts() == (std::vector<int>{8, 38, 81}), boost::test_tools::per_element());

    const Methodology& v876 = par.version("876/QĐ-BNV");
    BOOST_TEST(v876.survey_points() == 32.0);
    BOOST_TEST(v876.declared_counts() == (std::vector<int>{8, 37, 88}), boost::test_tools::per_element());
    BOOST_TEST(v876.node("par_index").max_points == 100.0);
    BOOST_TEST(std::isnan(v876.node("3").max_points));  // NOT FOUND, explicit
    BOOST_TEST(!v876.complete());
    BOOST_TEST(v876.provenance().signed_on.iso() == "2022-11-10");
    // 876 signed 51 days (7 weeks) before the end of the 2022 assessment year
    BOOST_TEST(par.signing_timing(2022).days_before_year_end == 51);
    BOOST_TEST(par.signing_timing(2022).late);
    BOOST_TEST(par.signing_timing(2020).days_before_year_end == 1);
    BOOST_TEST(!par.signing_timing(2021).late);  // 1149 signed a year before the end of 2021
    BOOST_TEST(par.version("892/QĐ-BNV").provenance().last_year == 0);
    BOOST_TEST(std::isnan(par.version("1150/QĐ-BNV").node("par_index").max_points));
    BOOST_TEST(par.crosswalk("2948/QĐ-BNV", "876/QĐ-BNV").mappings().size() == 9u);
}

BOOST_AUTO_TEST_CASE(shipped_papi_and_pci) {
    const auto dir = std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "vn" / "methodologies";
    const Family papi = read_methodology_family(dir / "papi.toml");
    auto count_leaves = [](const Methodology& m) { return m.leaves().size(); };
    BOOST_TEST(count_leaves(papi.version_for(2017)) == 22u);
    BOOST_TEST(count_leaves(papi.version_for(2018)) == 28u);
    BOOST_TEST(count_leaves(papi.version_for(2019)) == 29u);
    BOOST_TEST(count_leaves(papi.version_for(2022)) == 28u);
    BOOST_TEST(papi.version_for(2018).find("d2_4") != nullptr);
    BOOST_TEST(papi.version_for(2017).find("d2_4") == nullptr);
    BOOST_TEST(papi.version_for(2018).find("d8_3") == nullptr);
    BOOST_TEST(papi.version_for(2019).find("d8_3") != nullptr);
    BOOST_TEST(papi.version_for(2022).find("d5_2") == nullptr);
    BOOST_TEST(papi.version_for(2021).node("d5").children_unknown);
    BOOST_TEST(papi.version_for(2017).node("papi").max_points == 60.0);
    BOOST_TEST(papi.version_for(2024).node("papi").max_points == 80.0);
    BOOST_TEST(testing::close(papi.version_for(2022).node("d5_1").max_points, 10.0 / 3));

    // every sub-dimension column of the shipped PAPI files is a leaf of the version in force, and back
    for (int year : {2015, 2016, 2017, 2018, 2019, 2022, 2023}) {
        const CsvTable t = read_csv(testing::vn_dir() / ("papi_" + std::to_string(year) + ".csv"));
        std::set<std::string> columns;
        for (const auto& h : t.header)
            if (h.size() > 1 && h[0] == 'd' && h.find('_') != std::string::npos) columns.insert(h);
        const auto leaves = papi.version_for(year).leaves();
        BOOST_TEST((std::set<std::string>(leaves.begin(), leaves.end()) == columns), year);
        // a row's sub-dimensions add up to its dimension scores and total (first complete row)
        const Methodology& m = papi.version_for(year);
        Assessment a;
        std::size_t row = 0;
        const auto col = [&](const std::string& name) {
            return static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), name) - t.header.begin());
        };
        for (const auto& leaf : leaves)
            a.leaves[leaf].survey = parse_number(t.rows[row][col(leaf)], {t.source, t.lines[row]}, leaf);
        const Scorecard card = score(m, a);
        const double d1 = parse_number(t.rows[row][col("d1")], {}, "d1");
        BOOST_TEST(std::abs(card.node("d1").obtained - d1) < 0.02, year);
        BOOST_TEST(card.node("papi").survey_external == card.node("papi").obtained);
    }

    const Family pci = read_methodology_family(dir / "pci.toml");
    const auto w = pci.version_for(2019).weights("pci");
    double total = 0;
    for (const auto& [code, weight] : w) total += weight;
    BOOST_TEST(std::abs(total - 1.0) < 1e-12);
    BOOST_TEST(w.at("transparency") == 0.20);
    BOOST_TEST(pci.version_for(2021).node("business_support").name_vi == "Chính sách hỗ trợ doanh nghiệp");
    BOOST_TEST(std::isnan(pci.version_for(2022).node("transparency").weight));
    BOOST_CHECK_THROW((void)pci.version_for(2013), UnknownCodeError);
    // PCI 2019 Hải Phòng: 68.73 from the ten published sub-indices, within rounding (±0.02)
    const CsvTable t = read_csv(testing::vn_dir() / "pci_2019_partial.csv");
    const Methodology& m = pci.version_for(2019);
    int checked = 0;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        Assessment a;
        double published = 0;
        for (std::size_t c = 0; c < t.header.size(); ++c) {
            if (t.header[c] == "score") published = parse_number(t.rows[r][c], {t.source, t.lines[r]}, "score");
            if (m.find(t.header[c]) != nullptr && t.header[c] != "pci")
                a.leaves[t.header[c]].survey = parse_number(t.rows[r][c], {}, t.header[c]);
        }
        if (std::isnan(published)) continue;  // TP HCM shown as N/A
        ++checked;
        BOOST_TEST(std::abs(score(m, a).node("pci").obtained - published) < 0.03, t.rows[r][0]);
    }
    BOOST_TEST(checked == 22);
}

// --- a methodology version as a framework plus a pipeline (methodology_model.cpp) -------------

namespace {

/// The run of `version` on its framework for the assessments (one row each).
Results run_of(const Methodology& version, const std::vector<Assessment>& assessments) {
    return version.pipeline().run(version.framework(), assessment_data(version, assessments));
}

/// A run's scores on the published figures of a table (one row per assessment, in order): every
/// column of the table that is a node of the version (and "score" for the root), within `tolerance`
/// (the published parts are rounded); rows where the table shows no number (or 0.0 where a part is
/// missing) are skipped. Returns
/// the number of figures compared.
int matches_published(const Methodology& version, const Results& run, const CsvTable& t, double tolerance) {
    int compared = 0;
    const Dataset& scores = run.scores();
    for (std::size_t c = 0; c < t.header.size(); ++c) {
        const std::string code = t.header[c] == "score" ? version.root() : t.header[c];
        if (version.find(code) == nullptr || !scores.has_column(code)) continue;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const double published = parse_number(t.rows[r][c], {t.source, t.lines[r]}, code);
            if (std::isnan(published)) continue;
            const double got = scores.values()(static_cast<Eigen::Index>(r), scores.column_index(code));
            if (std::isnan(got) && published == 0) continue;  // the PAPI 2022 file shows 0.0 for missing figures
            BOOST_TEST(std::abs(got - published) <= tolerance, version.id()
                                                                   << " row " << r << " node " << code << ": run "
                                                                   << got << ", published " << published);
            ++compared;
        }
    }
    return compared;
}

/// A data set of the given columns (unit codes P1, P2 ...), one row per vector.
Dataset rows_of(const std::vector<std::string>& columns, const std::vector<std::vector<double>>& rows) {
    auto units = std::make_shared<Units>();
    Eigen::MatrixXd values(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        units->codes.push_back("P" + std::to_string(i + 1));
        units->names.push_back("");
        for (std::size_t j = 0; j < columns.size(); ++j)
            values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j];
    }
    return Dataset(units, columns, values);
}

MethodNode method_node(std::string code, std::string parent, double max_points, double weight = std::nan("")) {
    MethodNode n;
    n.code = std::move(code);
    n.parent = std::move(parent);
    n.max_points = max_points;
    n.weight = weight;
    n.source = PointSource::survey;
    return n;
}

template <class E>
ErrorLocation location_of(const std::function<void()>& f, const std::string& part) {
    try {
        f();
    } catch (const E& e) {
        BOOST_TEST(contains(e.what(), part), e.what());
        return e.location();
    }
    BOOST_FAIL("no error");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(framework_and_pipeline_of_the_demo_family) {
    const Family f = parse_methodology_family(demo, "demo.toml");
    const Methodology& v1 = f.version("v1");
    const Framework fw = v1.framework();
    BOOST_TEST(fw.indicators() == v1.leaves(), boost::test_tools::per_element());
    BOOST_TEST(fw.level_codes(2) == (std::vector<std::string>{"A", "B"}), boost::test_tools::per_element());
    BOOST_TEST(fw.root() == "T");
    BOOST_TEST(fw.max_level() == 3);
    for (const auto& [code, w] : fw.weights()) BOOST_TEST(w == 1.0, code);  // points: weights 1
    BOOST_TEST(fw.node("A.4").attributes.at("max_points") == "1.5");
    BOOST_TEST(fw.node("A.4").attributes.at("source") == "appraisal");
    BOOST_TEST(fw.node("A.4").attributes.at("name_vi") == "Tỷ lệ hồ sơ giải quyết đúng hạn");
    BOOST_TEST(fw.node("A").attributes.at("max_points") == "10");
    // the evidence columns the rules read are described as "Other" data columns
    BOOST_TEST(fw.node("A.4_num").type == NodeType::other);
    BOOST_TEST(fw.node("A.4_den").type == NodeType::other);
    BOOST_TEST(fw.node("B.4_items").type == NodeType::other);
    BOOST_TEST(fw.find("B.2_rate") != nullptr);

    const Pipeline p = v1.pipeline();
    BOOST_TEST_REQUIRE(p.steps().size() == 2u);
    BOOST_TEST(std::get<Score>(p.steps()[0]).rules.size() == 10u);
    BOOST_TEST((std::get<Aggregate>(p.steps()[1]).method == AggregateMethod{WeightedSum{1.0}}));
    BOOST_TEST(std::get<Aggregate>(p.steps()[1]).per_node.empty());

    // Score -> Aggregate gives score()'s totals: leaves from appraised points (round 1 / 2),
    // survey points and every rule type; a second unit scored from evidence only.
    Assessment evidence_only;
    evidence_only.unit = "Cà Mau";
    auto& l = evidence_only.leaves;
    l["A.1"].evidence.yes = false;
    l["A.2"].evidence.level = "Tốt";
    l["A.3"].evidence.rate = 92;
    l["A.4"].evidence.numerator = 30;
    l["A.4"].evidence.denominator = 40;
    l["A.5"].evidence.numerator = 5;
    l["A.5"].evidence.denominator = 20;  // 25 % < floor 50 % -> 0
    l["B.1"].evidence.value = 10;        // 5 capped at 2
    l["B.2"].evidence.rate = 55.5;
    l["B.3"].evidence.rate = 100;
    l["B.4"].evidence.items = {"Giải thưởng", "Sáng kiến"};  // 1.5 capped at 1
    l["B.5"].evidence.items = {"Vi phạm", "Báo cáo trễ hạn"};
    const Results r = p.run(v1.framework(), assessment_data(v1, {year_2021(), evidence_only}));
    BOOST_TEST(r.data_set_names() == (std::vector<std::string>{"Raw", "Scored", "Aggregated"}),
               boost::test_tools::per_element());
    BOOST_TEST(testing::close(r.scores().value("Bến Tre", "T"), 14.275));
    BOOST_TEST(testing::close(r.scores().value("Cà Mau", "B.5"), -1.5));
    // Cà Mau from evidence only: A = 0 + 3 + 1.5 + 1.125 + 0, B = 2 + 2.22 + 3 + 1 - 1.5
    BOOST_TEST(testing::close(r.scores().value("Cà Mau", "A"), 5.625));
    BOOST_TEST(testing::close(r.scores().value("Cà Mau", "B"), 6.72));
    BOOST_TEST(testing::close(r.scores().value("Cà Mau", "T"), 12.345));
    BOOST_TEST(testing::close(score(v1, evidence_only).node("T").obtained, 12.345));
    // node index = obtained / max x 100 %
    const Dataset pct = percent_of_max(r, v1);
    BOOST_TEST(pct.columns().front() == "T");
    BOOST_TEST(testing::close(pct.value("Bến Tre", "T"), 71.375));
    BOOST_TEST(testing::close(pct.value("Bến Tre", "A"), 69.75));
    BOOST_TEST(std::isnan(pct.value("Bến Tre", "B.5")));  // maximum 0
    // explain works as for any run
    const Table ex = r.explain("Bến Tre", "A");
    const auto& text = std::get<std::vector<std::string>>(ex.column("explanation"));
    BOOST_TEST(std::count(text.begin(), text.end(), "child of A: scale 1 x weight 1 x value = 1.125") ==
               1);  // A.4, nothing rescaled
    BOOST_TEST(contains(text.back(), "sum(scale=1) of the 5 children above"), text.back());
    // a leaf: the Score step tells whether points were given or how the rule read the evidence
    const auto leaf_text = [&](const std::string& unit, const std::string& code) {
        const Table t = r.explain(unit, code);
        const auto& sets = std::get<std::vector<std::string>>(t.column("data_set"));
        const auto& texts = std::get<std::vector<std::string>>(t.column("explanation"));
        return texts[static_cast<std::size_t>(std::find(sets.begin(), sets.end(), "Scored") - sets.begin())];
    };
    BOOST_TEST(leaf_text("Bến Tre", "A.4") ==
               "score: ratio: on time 45 / records 60 = 75%; rate 75% in [50%, 100%) -> 1.5 x 75/100 = 1.125 points");
    BOOST_TEST(leaf_text("Bến Tre", "A.3") == "score: points given in column \"A.3\"");

    // v2: B.23 has no rule (survey points only); missing points propagate as in score()
    const Methodology& v2 = f.version("v2");
    BOOST_TEST(std::get<Score>(v2.pipeline().steps()[0]).rules.count("B.23") == 0u);
    Assessment partial = year_2022();
    partial.unit = "Partial";
    partial.leaves.erase("B.23");
    const Results both = run_of(v2, {year_2022(), partial});
    BOOST_TEST(both.scores().value("Partial", "A") == both.scores().value("Bến Tre", "A"));
    BOOST_TEST(std::isnan(both.scores().value("Partial", "B")));
    BOOST_TEST(std::isnan(both.scores().value("Partial", "T")));
    BOOST_TEST(std::isnan(score(v2, partial).node("T").obtained));
    BOOST_TEST(testing::close(score(v2, year_2022()).node("T").obtained, both.scores().value("Bến Tre", "T")));

    // the pipeline with its Score step round-trips through a pipeline file
    BOOST_TEST((parse_pipeline(format_pipeline(p), "again.toml") == p));

    // points above a leaf's maximum are an InputError naming unit and indicator
    Dataset data = assessment_data(v1, {year_2021()});
    Eigen::MatrixXd values = data.values();
    values(0, data.column_index("A.1")) = 2.5;
    const auto where =
        location_of<InputError>([&] { (void)p.run(v1.framework(), data.with_values(data.columns(), values)); },
                                "unit \"Bến Tre\", indicator \"A.1\": points 2.5 exceed the maximum 2");
    BOOST_TEST(where.node == "A.1");
    // a rule on a code that is not an indicator
    Aggregate sum;
    sum.method = WeightedSum{};
    const Pipeline bad({Score{{{"A", YesNo{}}}}, sum});
    location_of<MethodError>(
        [&] { bad.check(v1.framework()); },
        "step 1 (score): score step: rule for \"A\": node is of type Aggregate; expected an indicator code");
}

BOOST_AUTO_TEST_CASE(framework_lifts_shallow_leaves_and_checks_what_aggregation_needs) {
    // Leaves at depths 1 and 2: X is lifted by a pass-through aggregate X@2 to R's level.
    Provenance prov;
    prov.first_year = 2020;
    const Methodology mixed("own", "v", Aggregation::points, prov,
                            {method_node("R", "", 10), method_node("X", "R", 4), method_node("Y", "R", 6),
                             method_node("Y.1", "Y", 2), method_node("Y.2", "Y", 4)});
    const Framework fw = mixed.framework();
    BOOST_TEST(fw.indicators() == (std::vector<std::string>{"X", "Y.1", "Y.2"}), boost::test_tools::per_element());
    BOOST_TEST(fw.node("X@2").type == NodeType::aggregate);
    BOOST_TEST(fw.node("X@2").parent == "R");
    BOOST_TEST(fw.node("X@2").attributes.at("pass_through") == "X");
    BOOST_TEST(fw.node("X").parent == "X@2");
    BOOST_TEST(fw.node("R").level == 3);
    const Results r = mixed.pipeline().run(fw, rows_of({"X", "Y.1", "Y.2"}, {{3, 1, 4}, {4, std::nan(""), 4}}));
    BOOST_TEST(r.scores().value("P1", "R") == 8.0);
    BOOST_TEST(r.scores().value("P1", "X@2") == 3.0);
    BOOST_TEST(std::isnan(r.scores().value("P2", "R")));  // a missing leaf: no total, as score()
    const Dataset pct = percent_of_max(r, mixed);
    BOOST_TEST(!pct.has_column("X@2"));
    BOOST_TEST(testing::close(pct.value("P1", "X"), 75.0));
    // cut at depth 1: Y becomes an indicator
    BOOST_TEST(mixed.framework(1).indicators() == (std::vector<std::string>{"X", "Y"}),
               boost::test_tools::per_element());
    location_of<MethodError>([&] { (void)mixed.framework(0); }, "expected -1 (the whole tree) or a depth >= 1");

    // weighted mean: unequal child maxima, unknown weight, children not transcribed
    auto weighted = [&](double y_max, double y_weight) {
        return Methodology(
            "own", "w", Aggregation::weighted_mean, prov,
            {method_node("R", "", 100), method_node("X", "R", 10, 0.5), method_node("Y", "R", y_max, y_weight)});
    };
    const Methodology ok = weighted(10, 0.5);
    BOOST_TEST((std::get<Aggregate>(ok.pipeline().steps()[0]).method == AggregateMethod{WeightedSum{10.0}}));
    BOOST_TEST(ok.framework().weights().at("Y") == 0.5);
    BOOST_TEST(ok.pipeline().run(ok.framework(), rows_of({"X", "Y"}, {{6, 8}})).scores().value("P1", "R") == 70.0);
    auto loc =
        location_of<MethodError>([&] { (void)weighted(5, 0.5).framework(); },
                                 "node \"Y\", field \"max_points\": the children of \"R\" are on different scales; "
                                 "expected the same maximum as its siblings (10), found 5");
    BOOST_TEST(loc.node == "Y");
    loc =
        location_of<MethodError>([&] { (void)weighted(10, std::nan("")).pipeline(); }, "node \"Y\", field \"weight\"");
    BOOST_TEST(loc.column == "weight");
    MethodNode open = method_node("Y", "R", 6);
    open.children_unknown = true;
    const Methodology partial("own", "p", Aggregation::points, prov,
                              {method_node("R", "", 10), method_node("X", "R", 4), open, method_node("Y.1", "Y", 2)});
    loc = location_of<MethodError>([&] { (void)partial.framework(); }, "node \"Y\", field \"children\"");
    BOOST_TEST(partial.framework(1).indicators().size() == 2u);  // cut above the gap
}

BOOST_AUTO_TEST_CASE(unknown_parts_make_the_value_missing_and_score_is_the_run) {
    // score() is a view of Pipeline::run on framework(-1, UnknownParts::missing): what the version
    // does not know makes a node's value (and its ancestors') missing, never an error or a guess.
    Provenance prov;
    prov.first_year = 2020;
    const auto survey_record = [](double points) {
        LeafRecord r;
        r.survey = points;
        return r;
    };

    // children not all transcribed: Y gets an always-missing indicator Y@unknown
    MethodNode open = method_node("Y", "R", 6);
    open.children_unknown = true;
    const Methodology partial("own", "p", Aggregation::points, prov,
                              {method_node("R", "", 10), method_node("X", "R", 4), open, method_node("Y.1", "Y", 2)});
    const Framework fw = partial.framework(-1, UnknownParts::missing);
    BOOST_TEST(fw.node("Y@unknown").parent == "Y");
    BOOST_TEST(fw.node("Y@unknown").attributes.at("unknown") == "children not all transcribed");
    BOOST_TEST(fw.node("X").parent == "X@2");  // X is lifted to Y's level
    Assessment a{.unit = "P1", .year = 2020, .leaves = {{"X", survey_record(3)}, {"Y.1", survey_record(1.5)}}};
    const Dataset scores = partial.pipeline(-1, UnknownParts::missing)
                               .run(fw, assessment_data(partial, {a}, UnknownParts::missing))
                               .scores();
    BOOST_TEST(scores.value("P1", "X") == 3.0);
    BOOST_TEST(scores.value("P1", "Y.1") == 1.5);
    BOOST_TEST(std::isnan(scores.value("P1", "Y")));
    BOOST_TEST(std::isnan(scores.value("P1", "R")));
    const Scorecard card = score(partial, a);
    BOOST_TEST(card.node("X").obtained == 3.0);
    BOOST_TEST(card.node("X").survey_other == 3.0);
    BOOST_TEST(std::isnan(card.node("Y").obtained));
    BOOST_TEST(std::isnan(card.node("Y").survey_other));  // no partial sum passed off as the node's points
    BOOST_TEST(std::isnan(card.node("R").obtained));
    BOOST_TEST(std::isnan(card.node("R").appraised));  // the unknown part may hold appraisal points
    BOOST_TEST(card.node("Y").explanation == "Y.1 1.5 = unknown; children not all known");
    BOOST_CHECK_THROW((void)assessment_data(partial, {a}), MethodError);  // refuse by default

    // weighted_mean: children on different scales are rescaled in the weights (parent max x w /
    // child max); an unknown weight makes the parent missing
    auto weighted = [&](double y_max, double y_weight) {
        return Methodology(
            "own", "w", Aggregation::weighted_mean, prov,
            {method_node("R", "", 100), method_node("X", "R", 10, 0.5), method_node("Y", "R", y_max, y_weight)});
    };
    Assessment xy{.unit = "P1", .year = 2020, .leaves = {{"X", survey_record(6)}, {"Y", survey_record(4)}}};
    const Methodology scales = weighted(5, 0.5);
    BOOST_TEST(scales.framework(-1, UnknownParts::missing).weights().at("Y") == 10.0);
    BOOST_TEST(testing::close(score(scales, xy).node("R").obtained, 100 * (0.5 * 6 / 10 + 0.5 * 4 / 5.0)));
    BOOST_TEST(score(scales, xy).node("R").explanation == "100 x (0.5 x X 6 + 0.5 x Y 4) / child maximum = 70");
    const Methodology no_weight = weighted(10, std::nan(""));
    BOOST_TEST(no_weight.framework(-1, UnknownParts::missing).node("R@unknown").attributes.at("unknown") ==
               "\"Y\" weight unknown");
    BOOST_TEST(std::isnan(score(no_weight, xy).node("R").obtained));
    BOOST_TEST(score(weighted(10, 0.5), xy).node("R").obtained == 50.0);  // scale 100 / 10
    // points given above a leaf's maximum are refused without a Score step too (PCI, PAPI)
    xy.leaves["X"].survey = 1e308;
    location_of<InputError>([&] { (void)score(weighted(10, 0.5), xy); },
                            "P1 2020, leaf \"X\": points 1e+308 exceed the maximum 10");
    xy.leaves["X"].survey = std::numeric_limits<double>::infinity();
    location_of<InputError>([&] { (void)score(weighted(10, 0.5), xy); }, "leaf \"X\": points inf exceed");
    xy.leaves["X"].survey = 6;

    // a root without children: an indicator under a pass-through root
    MethodNode alone = method_node("R", "", 10);
    alone.children_unknown = true;
    alone.source = PointSource::appraisal;
    const Methodology root_only("own", "r", Aggregation::points, prov, {alone});
    BOOST_TEST(root_only.framework(-1, UnknownParts::missing).root() == "R@2");
    Assessment r{.unit = "P1", .year = 2020, .leaves = {}};
    r.leaves["R"].appraised_1 = 7;
    r.leaves["R"].self = 8;
    const Scorecard rc = score(root_only, r);
    BOOST_TEST(rc.node("R").obtained == 7.0);
    BOOST_TEST(rc.node("R").deduction == 1.0);
    BOOST_TEST(rc.node("R").explanation == "appraised (round 1) 7");

    // self-assessed points above the maximum, and evidence items that cannot travel as text
    r.leaves["R"].self = 12;
    location_of<InputError>([&] { (void)score(root_only, r); },
                            "P1 2020, leaf \"R\": self-assessed points 12 exceed the maximum 10");
    const Family f = parse_methodology_family(demo, "demo.toml");
    Assessment items = year_2021();
    items.leaves["B.4"].evidence.items = {"Giải thưởng; Sáng kiến"};
    const auto where = location_of<InputError>([&] { (void)score(f.version("v1"), items); },
                                               "leaf \"B.4\": evidence item \"Giải thưởng; Sáng kiến\" contains ';'");
    BOOST_TEST(where.column == "B.4_items");
}

BOOST_AUTO_TEST_CASE(shipped_families_run_through_the_pipeline) {
    const auto dir = std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "vn" / "methodologies";

    // PAPI: every version; complete trees give score()'s totals on each sub-dimension row.
    const Family papi = read_methodology_family(dir / "papi.toml");
    for (const auto& v : papi.versions()) {
        const Framework fw = v.framework();
        BOOST_TEST(fw.indicators() == v.leaves(), boost::test_tools::per_element());
        BOOST_TEST(fw.root() == "papi");
        const Pipeline p = v.pipeline();
        BOOST_TEST_REQUIRE(p.steps().size() == 1u);  // no leaf rule is known: Aggregate only
        BOOST_TEST((std::get<Aggregate>(p.steps()[0]).method == AggregateMethod{WeightedSum{1.0}}));
        BOOST_TEST(v.framework(1).indicators() == v.children("papi"), boost::test_tools::per_element());
    }
    for (int year : {2017, 2018, 2019, 2022}) {
        const CsvTable t = read_csv(testing::vn_dir() / ("papi_" + std::to_string(year) + ".csv"));
        const Methodology& m = papi.version_for(year);
        std::vector<Assessment> rows;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            Assessment a;
            a.unit = t.rows[r][0] + std::to_string(r);
            for (std::size_t c = 0; c < t.header.size(); ++c) {
                const MethodNode* n = m.find(t.header[c]);
                if (n != nullptr && m.children(n->code).empty())
                    a.leaves[n->code].survey = parse_number(t.rows[r][c], {}, t.header[c]);
            }
            rows.push_back(a);
        }
        // the sub-dimensions add up to the published dimensions and total (rounded to 2 decimals)
        BOOST_TEST(matches_published(m, run_of(m, rows), t, 0.03) > 0, year);
    }

    // PCI 2014-2020: ten sub-indices with their weights, WeightedSum scale 100 / 10 = 10.
    const Family pci = read_methodology_family(dir / "pci.toml");
    const Methodology& p2019 = pci.version_for(2019);
    const Framework pfw = p2019.framework();
    BOOST_TEST(pfw.indicators().size() == 10u);
    BOOST_TEST(pfw.weights().at("transparency") == 0.20);
    BOOST_TEST((std::get<Aggregate>(p2019.pipeline().steps()[0]).method == AggregateMethod{WeightedSum{10.0}}));
    const CsvTable t = read_csv(testing::vn_dir() / "pci_2019_partial.csv");
    std::vector<Assessment> rows;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        Assessment a;
        a.unit = t.rows[r][0];
        for (std::size_t c = 0; c < t.header.size(); ++c)
            if (p2019.find(t.header[c]) != nullptr && t.header[c] != "pci")
                a.leaves[t.header[c]].survey = parse_number(t.rows[r][c], {}, t.header[c]);
        rows.push_back(a);
    }
    BOOST_TEST(matches_published(p2019, run_of(p2019, rows), t, 0.03) > 22);  // 22 totals and their sub-indices
    // PCI 2022: the weights are unknown
    const auto loc = location_of<MethodError>(
        [&] { (void)pci.version_for(2022).framework(); },
        "node \"entry_costs\", field \"weight\": the weighted mean needs every child's weight; "
        "expected a weight in [0, 1], found unknown");
    BOOST_TEST(loc.node == "entry_costs");
    BOOST_TEST(loc.column == "weight");
    BOOST_TEST(contains(loc.source, "pci.toml"));

    // PAR INDEX: 2948 (8 fields, their criteria not transcribed) adds field points; 876 too
    // (field maxima unknown: no percent); 1149 has nothing below the root.
    const Family par = read_methodology_family(dir / "par_index.toml");
    for (const char* id : {"2948/QĐ-BNV", "876/QĐ-BNV"}) {
        const Methodology& v = par.version(id);
        BOOST_TEST(v.framework().indicators().size() == 8u);
        Assessment a;
        a.unit = "Quảng Ninh";
        for (int k = 1; k <= 8; ++k) a.leaves[std::to_string(k)].appraised_1 = 5.0 + 0.25 * k;
        const Dataset scores = run_of(v, {a}).scores();
        BOOST_TEST(testing::close(scores.value("Quảng Ninh", "par_index"), 49.0));  // sum of 5 + 0.25 k, k = 1..8
        BOOST_TEST(testing::close(scores.value("Quảng Ninh", "3"), 5.75));
    }
    const Methodology& v876 = par.version("876/QĐ-BNV");
    Assessment a;
    a.unit = "Quảng Ninh";
    for (int k = 1; k <= 8; ++k) a.leaves[std::to_string(k)].appraised_1 = 10;
    const Dataset pct = percent_of_max(v876.pipeline().run(v876.framework(), assessment_data(v876, {a})), v876);
    BOOST_TEST(testing::close(pct.value("Quảng Ninh", "par_index"), 80.0));
    BOOST_TEST(std::isnan(pct.value("Quảng Ninh", "3")));
    location_of<MethodError>([&] { (void)par.version("1149/QĐ-BNV").framework(); },
                             "node \"par_index\", field \"children\": no node below the root is known");
}

BOOST_AUTO_TEST_CASE(deep_chains_read_and_score_without_recursion) {
    // Issue 12: a 15,000-level chain overflowed the stack when scored (score() recursed once per
    // level: 100,000 levels need far more than the 8 MiB main stack) and took quadratic time to read
    // (a cycle check and a depth walk per node).
    constexpr int levels = 100000;
    std::string text =
        "[family]\nname = \"deep\"\n\n[[versions]]\nid = \"v1\"\nfirst_year = 2020\npublication_lag = 1\n"
        "aggregation = \"points\"\nsurvey_points = 0\n";
    for (int k = 0; k < levels; ++k) {
        text += "\n[[versions.nodes]]\ncode = \"n" + std::to_string(k) + "\"\nname_vi = \"Mức " + std::to_string(k) +
                "\"\nmax_points = 1\n";
        if (k > 0) text += "parent = \"n" + std::to_string(k - 1) + "\"\n";
        if (k == levels - 1) text += "source = \"appraisal\"\nrule = { name = \"yes_no\", points = 1 }\n";
    }
    const Family f = parse_methodology_family(text, "deep.toml");
    const Methodology& v = f.version("v1");
    BOOST_TEST(v.depth("n" + std::to_string(levels - 1)) == levels - 1);
    BOOST_TEST(v.leaves_under("n0") == std::vector<std::string>{"n" + std::to_string(levels - 1)});
    Assessment a{.unit = "u", .year = 2020, .leaves = {}};
    a.leaves["n" + std::to_string(levels - 1)].evidence.yes = true;
    const Scorecard card = score(v, a);
    BOOST_TEST(card.node("n0").obtained == 1.0);
}
