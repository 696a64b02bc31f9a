#define BOOST_TEST_MODULE scoring
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <govindex/model/scoring.hpp>

#include "test_support.hpp"

using namespace govindex;

namespace {

Evidence rate(double r) {
    Evidence e;
    e.rate = r;
    return e;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Cà Mau 1880/QĐ-UBND (2013), 1.1.4: "trên 90%: 2 / từ 70% - 90%: 1 / dưới 70%: 0" (par-index.md §1.5).
CompletionRate ca_mau_114() {
    return CompletionRate{2.0, 70.0, {RateBand{70, 90, 1, false}, RateBand{90, 100, 2, false}}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(yes_no_and_levels) {
    const ScoringRule yes_no = YesNo{1.0, 0.0};
    Evidence e;
    e.yes = true;
    BOOST_TEST(score(yes_no, e).points == 1.0);
    e.yes = false;
    const auto r = score(yes_no, e);
    BOOST_TEST(r.points == 0.0);
    BOOST_TEST(r.explanation == "yes_no: no -> 0 points");
    BOOST_CHECK_THROW((void)score(yes_no, Evidence{}), InputError);

    // Cà Mau 1.1.1: "Ban hành kịp thời: 1 / Ban hành không kịp thời: 0,5 / Không ban hành: 0"
    const ScoringRule levels =
        Levels{{{"Ban hành kịp thời", 1.0}, {"Ban hành không kịp thời", 0.5}, {"Không ban hành", 0.0}}};
    Evidence l;
    l.level = "Ban hành không kịp thời";
    BOOST_TEST(score(levels, l).points == 0.5);
    // NFD spelling of the same level name matches after NFC
    l.level = "Ban ha\xcc\x80nh kho\xcc\x82ng ki\xcc\xa3p tho\xcc\x9b\xcc\x80i";
    BOOST_TEST(score(levels, l).points == 0.5);
    l.level = "Tốt";
    try {
        (void)score(levels, l, "leaf 1.1.1");
        BOOST_FAIL("expected InputError");
    } catch (const InputError& err) {
        BOOST_TEST(contains(err.what(), "leaf 1.1.1: levels: unknown level \"Tốt\"; expected one of"));
    }
    BOOST_TEST(max_points(levels) == 1.0);
    BOOST_CHECK_THROW(check(Levels{{{"A", 1}, {"A", 0}}}), MethodError);
}

BOOST_AUTO_TEST_CASE(completion_rate_bands) {
    const ScoringRule rule = ca_mau_114();
    BOOST_TEST(score(rule, rate(100)).points == 2.0);
    BOOST_TEST(score(rule, rate(95)).points == 2.0);
    BOOST_TEST(score(rule, rate(90)).points == 2.0);  // [90, 100) includes 90
    BOOST_TEST(score(rule, rate(89.9)).points == 1.0);
    BOOST_TEST(score(rule, rate(70)).points == 1.0);
    BOOST_TEST(score(rule, rate(69.99)).points == 0.0);
    BOOST_TEST(score(rule, rate(85)).explanation == "completion_rate: rate 85% in [70%, 90%) -> 1 points");
    BOOST_TEST(score(rule, rate(50)).explanation == "completion_rate: rate 50% below the floor 70% -> 0 points");

    // proportional band between a floor of 80% and 100% (vn-indices.md §1.5): 1.5 x 0.85
    const ScoringRule prop = CompletionRate{1.5, 80, {RateBand{80, 100, 1.5, true}}};
    BOOST_TEST(testing::close(score(prop, rate(85)).points, 1.275));
    BOOST_TEST(score(prop, rate(100)).points == 1.5);

    // a rate outside 0-100 % is an input error
    for (double bad : {-1.0, 100.5, std::nan("")}) {
        try {
            (void)score(rule, rate(bad), "Bến Tre 2022, leaf \"3.2\"");
            if (!std::isnan(bad)) BOOST_FAIL("expected InputError");
        } catch (const InputError& err) {
            BOOST_TEST(contains(err.what(), "Bến Tre 2022, leaf \"3.2\": completion_rate:"));
            if (!std::isnan(bad)) BOOST_TEST(contains(err.what(), "outside 0-100 %"));
        }
    }
    // a gap in the bands is a method error when hit
    const ScoringRule gap = CompletionRate{2, 70, {RateBand{70, 80, 1, false}, RateBand{90, 100, 2, false}}};
    BOOST_CHECK_THROW((void)score(gap, rate(85)), MethodError);
    BOOST_TEST(score(gap, rate(75)).points == 1.0);
}

BOOST_AUTO_TEST_CASE(band_validation) {
    try {
        check(CompletionRate{2, 70, {RateBand{70, 90, 1, false}, RateBand{85, 100, 2, false}}}, "x.toml line 4");
        BOOST_FAIL("expected MethodError");
    } catch (const MethodError& err) {
        BOOST_TEST(std::string(err.what()) ==
                   "x.toml line 4: completion_rate: bands [70%, 90%) and [85%, 100%) overlap; expected bands that do "
                   "not overlap");
    }
    BOOST_CHECK_THROW(check(CompletionRate{2, 70, {RateBand{70, 101, 1, false}}}), MethodError);
    BOOST_CHECK_THROW(check(CompletionRate{2, 70, {RateBand{90, 80, 1, false}}}), MethodError);
    BOOST_CHECK_THROW(check(CompletionRate{2, 80, {RateBand{70, 90, 1, false}}}), MethodError);  // below the floor
    BOOST_CHECK_THROW(check(CompletionRate{-1, 0, {}}), MethodError);
    BOOST_CHECK_NO_THROW(check(ca_mau_114()));
}

BOOST_AUTO_TEST_CASE(ratio_from_counts) {
    const ScoringRule rule = Ratio{"on time", "total", 1.0, 80, {RateBand{80, 100, 0.5, false}}};
    Evidence e;
    e.numerator = 170;
    e.denominator = 200;  // 85 %
    const auto r = score(rule, e);
    BOOST_TEST(r.points == 0.5);
    BOOST_TEST(r.raw == 85.0);
    BOOST_TEST(r.explanation == "ratio: on time 170 / total 200 = 85%; rate 85% in [80%, 100%) -> 0.5 points");
    e.numerator = 200;
    BOOST_TEST(score(rule, e).points == 1.0);
    e.numerator = 201;  // more on time than in total
    BOOST_CHECK_THROW((void)score(rule, e), InputError);
    e.numerator = 0;
    e.denominator = 0;
    BOOST_CHECK_THROW((void)score(rule, e), InputError);
    BOOST_CHECK_THROW((void)score(rule, Evidence{}), InputError);
}

BOOST_AUTO_TEST_CASE(cap_bonus_penalty) {
    const ScoringRule cap = Cap{1.0, 0.25};  // 0.25 per document, at most 1
    Evidence e;
    e.value = 3;
    BOOST_TEST(score(cap, e).points == 0.75);
    e.value = 6;
    const auto capped = score(cap, e);
    BOOST_TEST(capped.points == 1.0);
    BOOST_TEST(capped.explanation == "cap: 6 x 0.25 = 1.5, capped at 1 -> 1 points");
    e.value = -1;
    BOOST_CHECK_THROW((void)score(cap, e), InputError);

    const ScoringRule bonus = Bonus{{{"Sáng kiến", 0.5}, {"Giải thưởng", 1.0}}, 1.0};
    Evidence b;
    b.items = {"Sáng kiến", "Giải thưởng"};
    const auto rb = score(bonus, b);
    BOOST_TEST(rb.points == 1.0);  // 1.5 capped at 1
    BOOST_TEST(contains(rb.explanation, "total 1.5 capped at 1"));
    b.items = {"Sáng kiến"};
    BOOST_TEST(score(bonus, b).points == 0.5);
    b.items = {"Khác"};
    BOOST_CHECK_THROW((void)score(bonus, b), InputError);

    const ScoringRule penalty = Penalty{{{"Báo cáo trễ hạn", 0.5}, {"Vi phạm", 1.0}}, std::nan("")};
    Evidence p;
    p.items = {"Báo cáo trễ hạn", "Vi phạm"};
    BOOST_TEST(score(penalty, p).points == -1.5);
    p.items = {};
    BOOST_TEST(score(penalty, p).points == 0.0);
    BOOST_TEST(max_points(penalty) == 0.0);
    BOOST_TEST(max_points(bonus) == 1.0);
}

BOOST_AUTO_TEST_CASE(names_and_descriptions) {
    BOOST_TEST(scoring_rule_names() == (std::vector<std::string>{"yes_no", "levels", "completion_rate", "ratio", "cap",
                                                                 "bonus", "penalty"}),
               boost::test_tools::per_element());
    BOOST_TEST(describe(ca_mau_114()) ==
               "completion_rate: 100% -> 2; [70%, 90%) -> 1; [90%, 100%) -> 2; below 70% -> 0");
    BOOST_TEST((ScoringRule{Bonus{}} == ScoringRule{Bonus{}}));  // NaN max compares equal
}
