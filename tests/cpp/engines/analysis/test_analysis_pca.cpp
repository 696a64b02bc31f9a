#define BOOST_TEST_MODULE analysis_pca
// PCA (analysis_pca.hpp): a two-variable case in closed form (correlation r: eigenvalues 1 +- r,
// loadings (1, 1) / sqrt 2 and (1, -1) / sqrt 2), the sign convention, complete cases, errors,
// and the eigen-equations on every group of the ASEM example. tests/python/test_analysis.py
// checks the same against numpy (eigh of the correlation matrix, SVD of the standardised data).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

Dataset small_data(const Eigen::MatrixXd& values, std::vector<std::string> columns) {
    Units units;
    for (Eigen::Index i = 0; i < values.rows(); ++i) {
        units.codes.push_back("u" + std::to_string(i));
        units.names.push_back("u" + std::to_string(i));
    }
    return Dataset(std::make_shared<const Units>(units), std::move(columns), values);
}

Framework small_framework() {
    return Framework({make_node("a", NodeType::indicator, 1, "G"), make_node("b", NodeType::indicator, 1, "G"),
                      make_node("c", NodeType::indicator, 1, "H"), make_node("G", NodeType::aggregate, 2, "I"),
                      make_node("H", NodeType::aggregate, 2, "I"), make_node("I", NodeType::aggregate, 3, "")});
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_variables_in_closed_form) {
    // a = 1..5, b = 2 1 4 3 5: r = 0.8 (cov 2, variances 2.5). The third unit misses c, which is not used.
    const Dataset data = small_data(rows({{1, 2, 0}, {2, 1, 1}, {3, 4, NaN}, {4, 3, 3}, {5, 5, 4}}), {"a", "b", "c"});
    const PrincipalComponents p = principal_components(data, {"a", "b"});
    const double s = 1 / std::sqrt(2.0);
    BOOST_TEST(close(p.eigenvalues[0], 1.8, 1e-12));
    BOOST_TEST(close(p.eigenvalues[1], 0.2, 1e-12));
    BOOST_TEST(close(p.proportion[0], 0.9, 1e-12));
    BOOST_TEST(close(p.cumulative[1], 1.0, 1e-12));
    // Convention: PC1's loadings add up to > 0; PC2's add up to 0, so its first loading is positive.
    BOOST_TEST(close(p.loadings(0, 0), s, 1e-12));
    BOOST_TEST(close(p.loadings(1, 0), s, 1e-12));
    BOOST_TEST(close(p.loadings(0, 1), s, 1e-12));
    BOOST_TEST(close(p.loadings(1, 1), -s, 1e-12));
    BOOST_TEST(close(p.weights()[0], s, 1e-12));
    BOOST_TEST(p.units.size() == 5U);
    BOOST_TEST(p.dropped_units.empty());
    // Scores: z-scores (sd = sqrt 2.5) times the loadings. Unit 0: z = (-2, -1) / sqrt 2.5.
    const double za = -2 / std::sqrt(2.5), zb = -1 / std::sqrt(2.5);
    BOOST_TEST(close(p.scores(0, 0), s * (za + zb), 1e-12));
    BOOST_TEST(close(p.scores(0, 1), s * (za - zb), 1e-12));
    BOOST_TEST(close(p.means[1], 3.0, 1e-12));
    BOOST_TEST(close(p.sds[0], std::sqrt(2.5), 1e-12));
}

BOOST_AUTO_TEST_CASE(negative_correlation_and_complete_cases) {
    // b reversed: r = -0.8. PC1 = (1, -1) / sqrt 2 (eigenvalue 1.8): its loadings add up to 0, so
    // the first is positive; PC2 = (1, 1) / sqrt 2 (0.2). Unit 2 misses c and is dropped.
    const Dataset data = small_data(rows({{1, 4, 0}, {2, 5, 1}, {3, 2, NaN}, {4, 3, 3}, {5, 1, 4}}), {"a", "b", "c"});
    const PrincipalComponents p = principal_components(data, {"a", "b"});
    const double s = 1 / std::sqrt(2.0);
    BOOST_TEST(close(p.eigenvalues[0], 1.8, 1e-12));
    BOOST_TEST(close(p.loadings(0, 0), s, 1e-12));
    BOOST_TEST(close(p.loadings(1, 0), -s, 1e-12));
    BOOST_TEST(close(p.loadings(1, 1), s, 1e-12));
    const PrincipalComponents q = principal_components(data, {"a", "c"});
    BOOST_TEST(q.units == (std::vector<std::string>{"u0", "u1", "u3", "u4"}), boost::test_tools::per_element());
    BOOST_TEST(q.dropped_units == std::vector<std::string>{"u2"}, boost::test_tools::per_element());
    BOOST_TEST(q.scores.rows() == 4);
}

BOOST_AUTO_TEST_CASE(groups_of_a_framework_and_errors) {
    const Framework fw = small_framework();
    const Dataset data = small_data(rows({{1, 2, 7}, {2, 1, 7}, {3, 4, 7}, {4, 3, 7}, {NaN, 5, 7}}), {"a", "b", "c"});
    const PrincipalComponents g = principal_components(data, fw, "G");
    BOOST_TEST(g.group == "G");
    BOOST_TEST(g.columns == (std::vector<std::string>{"a", "b"}), boost::test_tools::per_element());
    BOOST_TEST(g.dropped_units == std::vector<std::string>{"u4"}, boost::test_tools::per_element());
    const auto by_group = principal_components_by_group(data, fw, 1);
    BOOST_TEST(by_group.size() == 1U);  // H has one member: no PCA
    BOOST_CHECK_EXCEPTION((void)principal_components(data, fw, "H"), MethodError,
                          message_has<MethodError>({"\"H\"", "expected at least two"}));
    BOOST_CHECK_EXCEPTION((void)principal_components(data, {"a", "c"}), NumericError,
                          message_has<NumericError>({"\"c\"", "constant"}));
    BOOST_CHECK_EXCEPTION((void)principal_components(data, {"a", "zz"}), UnknownCodeError,
                          message_has<UnknownCodeError>({"\"zz\""}));
    BOOST_CHECK_EXCEPTION((void)principal_components(data, {"a", "a"}), MethodError,
                          message_has<MethodError>({"twice"}));
    const Dataset sparse = small_data(rows({{1, NaN, 1}, {2, 1, 2}, {NaN, 4, 3}, {4, 3, 4}}), {"a", "b", "c"});
    BOOST_CHECK_EXCEPTION((void)principal_components(sparse, {"a", "b"}), MethodError,
                          message_has<MethodError>({"2 complete units", "2 dropped", "expected at least 3"}));
    BOOST_CHECK_THROW((void)principal_components_by_group(data, fw, 3), MethodError);
    try {
        (void)principal_components(data, {"a", "c"});
    } catch (const NumericError& e) {
        BOOST_TEST(e.location().column == "c");
    }
}

BOOST_AUTO_TEST_CASE(eigen_equations_on_every_asem_group) {
    const Asem asem;
    Normalise normalise;
    normalise.method = MinMax{0, 100};
    const Results run = Pipeline({normalise, Aggregate{}}).run(asem.framework, asem.data);
    for (int level = 1; level <= 3; ++level)
        for (const PrincipalComponents& p :
             principal_components_by_group(run.data_set("Aggregated"), asem.framework, level)) {
            BOOST_TEST_CONTEXT(p.group) {
                const auto k = static_cast<Eigen::Index>(p.columns.size());
                // Loadings orthonormal, scores' covariance = diag(eigenvalues), eigenvalues decreasing.
                BOOST_TEST(
                    (p.loadings.transpose() * p.loadings - Eigen::MatrixXd::Identity(k, k)).cwiseAbs().maxCoeff() <
                    1e-12);
                const Eigen::MatrixXd cov = p.scores.transpose() * p.scores / static_cast<double>(p.scores.rows() - 1);
                BOOST_TEST((cov - Eigen::MatrixXd(p.eigenvalues.asDiagonal())).cwiseAbs().maxCoeff() < 1e-10);
                for (Eigen::Index j = 1; j < k; ++j) BOOST_TEST(p.eigenvalues[j] <= p.eigenvalues[j - 1]);
                BOOST_TEST(close(p.eigenvalues.sum(), static_cast<double>(k), 1e-12));
                BOOST_TEST(p.weights().sum() > 0);
            }
        }
}
