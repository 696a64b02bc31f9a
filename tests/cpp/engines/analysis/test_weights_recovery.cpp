#define BOOST_TEST_MODULE weights_recovery
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <govindex/engines/analysis/weights_recovery.hpp>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> codes(const std::string& prefix, long n) {
    std::vector<std::string> out;
    for (long i = 1; i <= n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

template <class E>
std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    BOOST_FAIL("expected an exception");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(exact_recovery_with_constraint) {
    // y = X w with w = (0.2, 0.3, 0.5): recovered to rounding, residuals 0.
    const Eigen::MatrixXd x = rows({{1, 2, 3}, {4, 1, 0}, {2, 2, 2}, {0, 5, 1}, {3, 0, 4}});
    const Eigen::VectorXd w = vec({0.2, 0.3, 0.5});
    const Eigen::VectorXd y = x * w;
    const WeightFit fit = recover_weights(x, y, {"a", "b", "c"}, codes("u", 5));
    BOOST_TEST((fit.weights - w).cwiseAbs().maxCoeff() < 1e-12);
    BOOST_TEST(fit.max_abs_residual < 1e-12);
    BOOST_TEST(fit.rmse < 1e-12);
    BOOST_TEST(fit.rank == 3);
    BOOST_TEST(fit.free_parameters == 2);
    BOOST_TEST(fit.condition_number >= 1.0);
    BOOST_TEST(fit.components == (std::vector<std::string>{"a", "b", "c"}));
    BOOST_TEST(fit.units.size() == 5u);
}

BOOST_AUTO_TEST_CASE(exact_recovery_with_scale_and_without_constraint) {
    // PCI-like: y = 10 x X w; ordinary least squares finds the same weights, summing to 1.
    const Eigen::MatrixXd x = rows({{7, 6, 5}, {6, 8, 7}, {5, 5, 9}, {8, 7, 6}});
    const Eigen::VectorXd w = vec({0.25, 0.25, 0.5});
    const Eigen::VectorXd y = 10.0 * (x * w);
    for (const bool constrained : {true, false}) {
        const WeightFit fit = recover_weights(x, y, codes("s", 3), codes("u", 4), WeightRecovery{10.0, constrained});
        BOOST_TEST((fit.weights - w).cwiseAbs().maxCoeff() < 1e-12);
        BOOST_TEST(std::abs(fit.weights.sum() - 1.0) < 1e-12);
        BOOST_TEST((fit.fitted - y).cwiseAbs().maxCoeff() < 1e-10);
        BOOST_TEST(fit.free_parameters == (constrained ? 2 : 3));
        BOOST_TEST(fit.settings.scale == 10.0);
    }
}

BOOST_AUTO_TEST_CASE(noisy_case_computed_by_hand) {
    // Two components, w2 = 1 - w1, so y - x2 = w1 (x1 - x2): w1 = sum(d e) / sum(d^2) with
    // d = (2, -2, 1), e = (1.2, -1.0, 0.5): w1 = 4.9 / 9 = 49/90; residuals (10, 8, -4)/90.
    const Eigen::MatrixXd x = rows({{2, 0}, {0, 2}, {1, 0}});
    const Eigen::VectorXd y = vec({1.2, 1.0, 0.5});
    const WeightFit fit = recover_weights(x, y, {"x1", "x2"}, {"A", "B", "C"});
    BOOST_TEST(std::abs(fit.weights[0] - 49.0 / 90.0) < 1e-14);
    BOOST_TEST(std::abs(fit.weights[1] - 41.0 / 90.0) < 1e-14);
    BOOST_TEST((fit.residuals - vec({10.0 / 90, 8.0 / 90, -4.0 / 90})).cwiseAbs().maxCoeff() < 1e-14);
    BOOST_TEST(std::abs(fit.rmse - std::sqrt(1.0 / 135.0)) < 1e-14);
    BOOST_TEST(std::abs(fit.max_abs_residual - 1.0 / 9.0) < 1e-14);
    // Unconstrained: normal equations [[5, 0], [0, 4]] w = [2.9, 2.0] -> w = (0.58, 0.5).
    const WeightFit ols = recover_weights(x, y, {"x1", "x2"}, {"A", "B", "C"}, WeightRecovery{1.0, false});
    BOOST_TEST(std::abs(ols.weights[0] - 0.58) < 1e-14);
    BOOST_TEST(std::abs(ols.weights[1] - 0.5) < 1e-14);
}

BOOST_AUTO_TEST_CASE(single_component_has_weight_one) {
    const WeightFit fit = recover_weights(rows({{3}, {4}}), vec({3, 5}), {"only"}, {"A", "B"});
    BOOST_TEST(fit.weights[0] == 1.0);
    BOOST_TEST(std::abs(fit.max_abs_residual - 1.0) < 1e-15);
}

BOOST_AUTO_TEST_CASE(underdetermined_names_counts) {
    const auto msg = message_of<NumericError>([] {
        (void)recover_weights(rows({{1, 2, 3}, {3, 2, 1}}), vec({2, 2}), codes("c", 3), codes("u", 2));
    });
    BOOST_TEST(msg.find("2 units for 3 weights") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(collinear_components_are_not_identifiable) {
    // Columns 1 and 2 equal: only w1 + w2 is identified.
    const auto msg = message_of<NumericError>([] {
        (void)recover_weights(rows({{1, 1, 3}, {2, 2, 1}, {5, 5, 0}, {4, 4, 4}}), vec({1, 2, 3, 4}), codes("c", 3),
                              codes("u", 4));
    });
    BOOST_TEST(msg.find("rank 2 < 3 weights") != std::string::npos, msg);
    BOOST_TEST(msg.find("not identifiable") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(missing_values_and_bad_settings) {
    auto msg = message_of<InputError>([] {
        (void)recover_weights(rows({{1, 2}, {3, NaN}, {0, 1}}), vec({1, 2, 3}), {"p", "q"}, {"A", "B", "C"});
    });
    BOOST_TEST(msg.find("unit \"B\", component \"q\"") != std::string::npos, msg);
    msg = message_of<InputError>([] {
        (void)recover_weights(rows({{1, 2}, {3, 1}, {0, 1}}), vec({1, NaN, 3}), {"p", "q"}, {"A", "B", "C"});
    });
    BOOST_TEST(msg.find("unit \"B\", composite") != std::string::npos, msg);
    msg = message_of<MethodError>([] {
        (void)recover_weights(rows({{1, 2}, {3, 1}}), vec({1, 2}), {"p", "q"}, {"A", "B"}, WeightRecovery{0.0, true});
    });
    BOOST_TEST(msg.find("scale must be") != std::string::npos, msg);
    msg = message_of<MethodError>([] {
        (void)recover_weights(rows({{1, 2}, {3, 1}}), vec({1, 2, 3}), {"p", "q"}, {"A", "B"});
    });
    BOOST_TEST(msg.find("2 units in the components but 3 composites") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(pci_2019_and_2021_published_weights) {
    // PCI = 10 x sum(w_k s_k), weights 2014-2021 from ../shared/domain/vn-indices.md section 4.2
    // (pcivietnam.vn methodology). Rows: the ranked rows of the partial tables (2019: 22 rows, the
    // TP HCM row is N/A with no score or sub-indices; 2021: 21 rows).
    const std::vector<std::string> subs{"entry_costs",      "land_access",  "transparency", "time_costs",
                                        "informal_charges", "policy_bias",  "proactivity",  "business_support",
                                        "labor_training",   "law_and_order"};
    const Eigen::VectorXd published = vec({0.05, 0.05, 0.20, 0.05, 0.10, 0.05, 0.05, 0.20, 0.20, 0.05});
    for (const std::string year : {"2019", "2021"}) {
        const CsvTable t = read_csv(vn_dir() / ("pci_" + year + "_partial.csv"));
        auto column = [&](const std::string& name) {
            const auto it = std::find(t.header.begin(), t.header.end(), name);
            BOOST_REQUIRE(it != t.header.end());
            return static_cast<std::size_t>(it - t.header.begin());
        };
        std::vector<std::vector<double>> xs;
        std::vector<double> ys;
        std::vector<std::string> units;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const double score = parse_number(t.rows[r][column("score")], {t.source, t.lines[r]}, "score");
            if (std::isnan(score)) continue;  // the N/A row (TP HCM 2019): no score, no sub-indices
            std::vector<double> row;
            for (const auto& s : subs) row.push_back(parse_number(t.rows[r][column(s)], {t.source, t.lines[r]}, s));
            xs.push_back(row);
            ys.push_back(score);
            units.push_back(t.rows[r][column("province")]);
        }
        BOOST_TEST(xs.size() == (year == "2019" ? 22u : 21u));
        Eigen::MatrixXd x(static_cast<Eigen::Index>(xs.size()), 10);
        Eigen::VectorXd y(static_cast<Eigen::Index>(ys.size()));
        for (std::size_t r = 0; r < xs.size(); ++r) {
            for (std::size_t c = 0; c < 10; ++c)
                x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = xs[r][c];
            y(static_cast<Eigen::Index>(r)) = ys[r];
        }
        // Composite from the published weights (10 x X w; the library computes it with
        // Methodology::pipeline, test_methodology) reproduces every published score within 0.05.
        const Eigen::VectorXd composite = 10.0 * (x * published);
        BOOST_TEST((composite - y).cwiseAbs().maxCoeff() < 0.05, year);
        // Least squares recovers the published weights within 0.01.
        const WeightFit fit = recover_weights(x, y, subs, units, WeightRecovery{10.0, true});
        BOOST_TEST((fit.weights - published).cwiseAbs().maxCoeff() < 0.01, year);
        BOOST_TEST(fit.max_abs_residual < 0.05, year);
        BOOST_TEST(fit.rank == 10);
    }
}
