// Principal component analysis (analysis_pca.hpp): COINr get_PCA, i.e. prcomp(scale = TRUE) on
// the complete cases. Formulas and conventions: docs/guide/analysis.md, "PCA".
#include "govindex/engines/analysis/pca.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "govindex/detail/format.hpp"
#include "govindex/engines/analysis/analysis.hpp"
#include "govindex/errors.hpp"

#include "engines/analysis/support.hpp"

namespace govindex {

using detail::analysis_error;
using detail::in_quotes;

namespace {

// Fixes the sign of each column of `loadings` (and of `scores`): the loadings add up to a positive
// number, or, when they add up to 0, the first non-zero loading is positive.
void fix_signs(Eigen::MatrixXd& loadings, Eigen::MatrixXd& scores) {
    constexpr double zero = 1e-10;
    for (Eigen::Index j = 0; j < loadings.cols(); ++j) {
        const double sum = loadings.col(j).sum();
        bool flip = sum < -zero;
        if (std::abs(sum) <= zero)
            for (Eigen::Index i = 0; i < loadings.rows(); ++i)
                if (std::abs(loadings(i, j)) > zero) {
                    flip = loadings(i, j) < 0;
                    break;
                }
        if (flip) {
            loadings.col(j) = -loadings.col(j);
            scores.col(j) = -scores.col(j);
        }
    }
}

}  // namespace

PrincipalComponents principal_components(const Dataset& data, const std::vector<std::string>& columns,
                                         std::string_view what) {
    const std::string name = what.empty() ? std::string("the columns given") : in_quotes(what);
    const std::string where = "PCA of " + name;
    if (columns.size() < 2)
        throw analysis_error(where + ": " + std::to_string(columns.size()) + " variable; expected at least two",
                             std::string(what));
    std::vector<Eigen::Index> idx;
    for (const auto& c : columns) {
        if (std::find(columns.begin(), columns.end(), c) - columns.begin() != static_cast<std::ptrdiff_t>(idx.size()))
            throw analysis_error(where + ": " + in_quotes(c) + " is given twice; expected distinct columns",
                                 std::string(what));
        idx.push_back(data.column_index(c));
    }
    PrincipalComponents out;
    out.group = std::string(what);
    out.columns = columns;
    const Eigen::MatrixXd& v = data.values();
    const auto k = static_cast<Eigen::Index>(columns.size());
    std::vector<Eigen::Index> rows;
    for (Eigen::Index u = 0; u < v.rows(); ++u) {
        bool complete = true;
        for (const Eigen::Index c : idx) complete = complete && !std::isnan(v(u, c));
        const std::string& code = data.unit_codes()[static_cast<std::size_t>(u)];
        if (complete) {
            rows.push_back(u);
            out.units.push_back(code);
        } else {
            out.dropped_units.push_back(code);
        }
    }
    const auto n = static_cast<Eigen::Index>(rows.size());
    if (n < 3)
        throw analysis_error(where + ": " + std::to_string(n) + " complete units (" +
                                 std::to_string(out.dropped_units.size()) +
                                 " dropped for a missing value); expected at least 3",
                             std::string(what));
    Eigen::MatrixXd z(n, k);
    for (Eigen::Index r = 0; r < n; ++r)
        for (Eigen::Index c = 0; c < k; ++c)
            z(r, c) = v(rows[static_cast<std::size_t>(r)], idx[static_cast<std::size_t>(c)]);
    out.means = z.colwise().mean().transpose();
    z.rowwise() -= out.means.transpose();
    out.sds = (z.colwise().squaredNorm().transpose() / static_cast<double>(n - 1)).cwiseSqrt();
    for (Eigen::Index c = 0; c < k; ++c) {
        // Constant up to rounding: the centred values are noise around 0.
        if (!(out.sds[c] > 1e-12 * std::max(1.0, std::abs(out.means[c]))))
            throw error_at<NumericError>(
                {.source = "analysis", .column = columns[static_cast<std::size_t>(c)], .node = std::string(what)},
                where + ": " + in_quotes(columns[static_cast<std::size_t>(c)]) + " is constant on the " +
                    std::to_string(n) + " complete units; expected a variable that varies");
        z.col(c) /= out.sds[c];
    }
    const Eigen::MatrixXd correlation = (z.transpose() * z) / static_cast<double>(n - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(correlation);
    if (solver.info() != Eigen::Success)
        throw error_at<NumericError>(
            {.source = "analysis", .node = std::string(what)},
            where + ": the eigen-decomposition did not converge; expected a finite correlation matrix");
    // Eigen gives increasing eigenvalues: reverse to decreasing variance.
    out.eigenvalues = solver.eigenvalues().reverse();
    out.loadings = solver.eigenvectors().rowwise().reverse();
    for (Eigen::Index j = 0; j < k; ++j) out.eigenvalues[j] = std::max(out.eigenvalues[j], 0.0);  // rounding below 0
    out.scores = z * out.loadings;
    fix_signs(out.loadings, out.scores);
    out.proportion = out.eigenvalues / out.eigenvalues.sum();
    out.cumulative.resize(k);
    double running = 0;
    for (Eigen::Index j = 0; j < k; ++j) out.cumulative[j] = running += out.proportion[j];
    return out;
}

PrincipalComponents principal_components(const Dataset& data, const Framework& fw, std::string_view group,
                                         std::optional<int> level) {
    const Node& g = fw.node(group);
    return principal_components(data, members(fw, g.code, level.value_or(g.level - 1)), g.code);
}

std::vector<PrincipalComponents> principal_components_by_group(const Dataset& data, const Framework& fw, int level) {
    detail::check_level(fw, level, "PCA by group", fw.max_level() - 1);
    std::vector<PrincipalComponents> out;
    for (const auto& group : fw.level_codes(level + 1)) {
        const auto m = members(fw, group, level);
        if (m.size() >= 2) out.push_back(principal_components(data, m, group));
    }
    return out;
}

}  // namespace govindex
