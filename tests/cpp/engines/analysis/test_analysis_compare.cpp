#define BOOST_TEST_MODULE analysis_compare
// Comparing variants (compare_variants) and data sets cell by cell (compare_data), by hand on a
// small case: units present in some variants only, ranks within each variant, differences
// against the first, tolerances.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

Framework framework() {
    return Framework({make_node("a", NodeType::indicator, 1, "I"), make_node("b", NodeType::indicator, 1, "I"),
                      make_node("I", NodeType::aggregate, 2, "")});
}

Dataset data(const std::vector<std::string>& codes, const Eigen::MatrixXd& values,
             std::vector<std::string> columns = {"a", "b"}) {
    Units units;
    units.codes = codes;
    units.names = codes;
    return Dataset(std::make_shared<const Units>(units), std::move(columns), values);
}

}  // namespace

BOOST_AUTO_TEST_CASE(variants_with_different_units) {
    const Framework fw = framework();
    // Variant A: x, y, z; index = mean(a, b) = 1, 3, 2. Variant B: y, z, w; index 1, 4, 2.
    const Results a = Pipeline({Aggregate{}}).run(fw, data({"x", "y", "z"}, rows({{1, 1}, {3, 3}, {2, 2}})));
    const Results b = Pipeline({Aggregate{}}).run(fw, data({"y", "z", "w"}, rows({{1, 1}, {4, 4}, {2, 2}})));
    const VariantComparison c = compare_variants({&a, &b}, {"A", "B"});
    BOOST_TEST(c.node == "I");
    BOOST_TEST(c.units == (std::vector<std::string>{"x", "y", "z", "w"}), boost::test_tools::per_element());
    BOOST_TEST(c.partial_units == (std::vector<std::string>{"x", "w"}), boost::test_tools::per_element());
    // Ranks in A: x 3, y 1, z 2; in B: y 3, z 1, w 2.
    BOOST_TEST(c.ranks(0, 0) == 3.0);
    BOOST_TEST(std::isnan(c.ranks(0, 1)));
    BOOST_TEST(c.ranks(1, 1) == 3.0);
    BOOST_TEST(c.ranks(3, 1) == 2.0);
    BOOST_TEST(c.score_differences(1, 1) == -2.0);  // y: 1 - 3
    BOOST_TEST(c.rank_differences(2, 1) == -1.0);   // z: 1 - 2
    BOOST_TEST(std::isnan(c.rank_differences(3, 1)));
    BOOST_TEST(c.mean_abs_rank_change[0] == 0.0);
    BOOST_TEST(c.mean_abs_rank_change[1] == 1.5);  // y: 2, z: 1
    const VariantComparison on_a = compare_variants({&a, &b}, {"A", "B"}, "a", "Raw");
    BOOST_TEST(on_a.scores(2, 1) == 4.0);
    BOOST_CHECK_EXCEPTION((void)compare_variants({&a}, {"A"}), MethodError,
                          message_has<MethodError>({"expected at least two"}));
    BOOST_CHECK_EXCEPTION((void)compare_variants({&a, &b}, {"A", "A"}), MethodError,
                          message_has<MethodError>({"\"A\"", "twice"}));
    BOOST_CHECK_EXCEPTION((void)compare_variants({&a, &b}, {"A"}), MethodError,
                          message_has<MethodError>({"one name per variant"}));
    BOOST_CHECK_EXCEPTION((void)compare_variants({&a, &b}, {"A", "B"}, "zz"), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"zz\""}));
}

BOOST_AUTO_TEST_CASE(cells_that_differ) {
    const Dataset first = data({"x", "y", "z"}, rows({{1, 2, 5}, {3, NaN, 6}, {5, 6, 7}}), {"a", "b", "c"});
    const Dataset second = data({"y", "z", "w"}, rows({{3, 1, NaN}, {5.001, 6, 0}, {0, 0, 0}}), {"a", "b", "d"});
    const DataDifference d = compare_data(first, second);
    BOOST_TEST(d.units_only_in_first == std::vector<std::string>{"x"}, boost::test_tools::per_element());
    BOOST_TEST(d.units_only_in_second == std::vector<std::string>{"w"}, boost::test_tools::per_element());
    BOOST_TEST(d.columns_only_in_first == std::vector<std::string>{"c"}, boost::test_tools::per_element());
    BOOST_TEST(d.columns_only_in_second == std::vector<std::string>{"d"}, boost::test_tools::per_element());
    BOOST_TEST(d.cells_compared == 4U);
    const auto& units = std::get<std::vector<std::string>>(d.cells.column("unit"));
    const auto& columns = std::get<std::vector<std::string>>(d.cells.column("column"));
    const auto& second_values = std::get<std::vector<double>>(d.cells.column("second"));
    // y.b: missing vs 1; z.a: 5 vs 5.001.
    BOOST_TEST(units == (std::vector<std::string>{"y", "z"}), boost::test_tools::per_element());
    BOOST_TEST(columns == (std::vector<std::string>{"b", "a"}), boost::test_tools::per_element());
    BOOST_TEST(second_values[1] == 5.001);
    BOOST_TEST(compare_data(first, second, 0.01).cells.rows() == 1U);     // the missing cell still differs
    BOOST_TEST(compare_data(first, second, 0, 1e-3).cells.rows() == 1U);  // 0.001 <= 1e-3 * 5.001
    BOOST_TEST(compare_data(first, first).cells.rows() == 0U);            // missing equals missing
    BOOST_CHECK_EXCEPTION((void)compare_data(first, second, -1), MethodError,
                          message_has<MethodError>({"absolute_tolerance"}));
}
