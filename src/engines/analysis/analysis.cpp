// Analysis: indicator statistics, data availability, correlations (with denominators too), Cronbach's alpha, index
// weights, element removal. Formulas and the COINr correspondence: docs/guide/analysis.md.
#include "govindex/engines/analysis/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/steps/treat.hpp"

#include "engines/analysis/support.hpp"

namespace govindex {

using detail::analysis_error;
using detail::check_level;
using detail::exact_number;
using detail::in_quotes;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> present(const Eigen::VectorXd& x) {
    std::vector<double> v;
    v.reserve(static_cast<std::size_t>(x.size()));
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!std::isnan(x[i])) v.push_back(x[i]);
    return v;
}

// The power of 2 that brings the largest |v| into [0.5, 1), where sums, deviations or their
// squares would overflow or underflow (values beyond 2^+-200); 1 otherwise, leaving the result
// bit for bit as the plain formula.
double extreme_scale(const std::vector<double>& v) {
    double largest = 0.0;
    for (const double x : v) largest = std::max(largest, std::abs(x));
    if (!(largest > 0x1p200 || (largest < 0x1p-200 && largest > 0))) return 1.0;
    int exponent = 0;
    (void)std::frexp(largest, &exponent);
    return std::ldexp(1.0, std::min(-exponent, 1000));  // 2^1073 (subnormals) is no double
}

std::vector<double> scaled_by(std::vector<double> v, double factor) {
    for (double& x : v) x *= factor;
    return v;
}

double mean_of(const std::vector<double>& v) {
    if (v.empty()) return nan;
    double s = 0;
    for (double x : v) s += x;
    const double mean = s / static_cast<double>(v.size());
    if (std::isfinite(mean)) return mean;
    const double f = extreme_scale(v);  // the sum overflowed: a mean of finite values is finite
    return mean_of(scaled_by(v, f)) / f;
}

double median_of(std::vector<double> v) {
    if (v.empty()) return nan;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    if (n % 2 == 1) return v[n / 2];
    const double sum = v[n / 2 - 1] + v[n / 2];
    return std::isfinite(sum) ? sum / 2 : v[n / 2 - 1] / 2 + v[n / 2] / 2;
}

// Sample standard deviation (n - 1), two passes as R's sd; from the values times a power of 2
// where the squares would overflow or underflow (inf if the sd itself exceeds a double).
double sd_of(const std::vector<double>& v) {
    if (v.size() < 2) return nan;
    const double f = extreme_scale(v);
    if (f != 1.0) return sd_of(scaled_by(v, f)) / f;
    const double m = mean_of(v);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

// Average ranks (1 = smallest), ties sharing the mean of their positions, as R's rank().
std::vector<double> average_ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
        const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k) r[order[k]] = rank;
        i = j + 1;
    }
    return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    if (n < 2) return nan;
    // r does not depend on the scale of x or y: values near the limits of double, whose squared
    // deviations overflow or underflow, are taken times a power of 2.
    if (const double fx = extreme_scale(x), fy = extreme_scale(y); fx != 1.0 || fy != 1.0)
        return pearson(scaled_by(x, fx), scaled_by(y, fy));
    const double mx = mean_of(x), my = mean_of(y);
    double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (sxx == 0 || syy == 0) return nan;
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

// Sizes of the groups of tied values (each > 1).
std::vector<double> tie_sizes(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::vector<double> out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[i]) ++j;
        if (j > i) out.push_back(static_cast<double>(j - i + 1));
        i = j + 1;
    }
    return out;
}

struct KendallResult {
    double tau = nan;
    double p = nan;
};

// Kendall's tau-b and the p-value of R's cor.test(method = "kendall", exact = FALSE).
KendallResult kendall(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    KendallResult out;
    if (n < 2) return out;
    double s = 0, tx = 0, ty = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            const double dx = x[i] - x[j], dy = y[i] - y[j];
            if (dx == 0) tx += 1;
            if (dy == 0) ty += 1;
            if (dx != 0 && dy != 0) s += (dx > 0) == (dy > 0) ? 1 : -1;
        }
    const double dn = static_cast<double>(n);
    const double n0 = dn * (dn - 1) / 2;
    if (n0 - tx <= 0 || n0 - ty <= 0) return out;
    out.tau = std::clamp(s / std::sqrt((n0 - tx) * (n0 - ty)), -1.0, 1.0);
    if (n < 3) return out;
    const auto sum = [](const std::vector<double>& t, auto f) {
        double a = 0;
        for (double k : t) a += f(k);
        return a;
    };
    const auto xt = tie_sizes(x), yt = tie_sizes(y);
    const auto a = [](double t) { return t * (t - 1) * (2 * t + 5); };
    const auto b = [](double t) { return t * (t - 1); };
    const auto c = [](double t) { return t * (t - 1) * (t - 2); };
    const double v0 = dn * (dn - 1) * (2 * dn + 5);
    const double var_s = (v0 - sum(xt, a) - sum(yt, a)) / 18 + sum(xt, b) * sum(yt, b) / (2 * dn * (dn - 1)) +
                         sum(xt, c) * sum(yt, c) / (9 * dn * (dn - 1) * (dn - 2));
    if (!(var_s > 0)) return out;
    const double z = s / std::sqrt(var_s);
    out.p = 2 * boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), std::abs(z)));
    return out;
}

// Two-sided p-value of a correlation r on n pairs by the t approximation with n - 2 degrees of freedom.
double t_p_value(double r, std::size_t n) {
    if (std::isnan(r) || n < 3) return nan;
    if (std::abs(r) >= 1) return 0.0;
    const double df = static_cast<double>(n) - 2;
    const double t = r * std::sqrt(df / (1 - r * r));
    return 2 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(df), std::abs(t)));
}

int level_of(const Framework& fw, std::string_view code) { return fw.node(code).level; }

// The ancestor of `code` at `level` (itself at its own level).
std::string ancestor(const Framework& fw, const std::string& code, int level) {
    std::string at = code;
    while (level_of(fw, at) < level) at = fw.node(at).parent;
    return at;
}

}  // namespace

// --- indicator statistics ------------------------------------------------------------------------

Table indicator_statistics(const Dataset& data, const std::vector<std::string>& columns,
                           const StatisticsThresholds& t) {
    const std::vector<std::string>& codes = columns.empty() ? data.columns() : columns;
    std::vector<std::string> names;
    std::vector<double> mins, maxs, means, medians, sds, skews, kurts, n_avail, n_nonzero, n_unique, n_same, f_avail,
        f_nonzero, f_unique, f_same;
    std::vector<std::string> flag_avail, flag_nonzero, flag_unique, flag_skewkurt;
    const double rows = static_cast<double>(data.unit_count());
    for (const auto& code : codes) {
        const Eigen::VectorXd col = data.values().col(data.column_index(code));
        const std::vector<double> v = present(col);
        const double n = static_cast<double>(v.size());
        std::vector<double> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        double unique = 0, same = 0;
        for (std::size_t i = 0; i < sorted.size();) {
            std::size_t j = i;
            while (j + 1 < sorted.size() && sorted[j + 1] == sorted[i]) ++j;
            unique += 1;
            same = std::max(same, static_cast<double>(j - i + 1));
            i = j + 1;
        }
        const double nonzero = static_cast<double>(std::count_if(v.begin(), v.end(), [](double x) { return x != 0; }));
        const double sk = skewness(col), kt = kurtosis(col);
        // A statistic beyond the largest double (the sd of values spanning more than it) is said,
        // not reported as inf; NaN stays where a statistic is undefined.
        for (const auto& [name, stat] : {std::pair{"Mean", mean_of(v)}, std::pair{"Std", sd_of(v)}})
            if (std::isinf(stat))
                throw error_at<NumericError>({.source = "indicator statistics",
                                              .column = code,
                                              .node = code,
                                              .expected = "a finite " + std::string(name),
                                              .found = "inf"},
                                             "indicator statistics of " + in_quotes(code) + ": " + name +
                                                 " exceeds the largest double; expected values whose " + name +
                                                 " is finite");
        names.push_back(code);
        mins.push_back(v.empty() ? nan : sorted.front());
        maxs.push_back(v.empty() ? nan : sorted.back());
        means.push_back(mean_of(v));
        medians.push_back(median_of(v));
        sds.push_back(sd_of(v));
        skews.push_back(sk);
        kurts.push_back(kt);
        n_avail.push_back(n);
        n_nonzero.push_back(nonzero);
        n_unique.push_back(unique);
        n_same.push_back(v.empty() ? nan : same);
        f_avail.push_back(rows > 0 ? n / rows : nan);
        f_nonzero.push_back(n > 0 ? nonzero / n : nan);
        f_unique.push_back(n > 0 ? unique / n : nan);
        f_same.push_back(n > 0 ? same / n : nan);
        const auto flag = [](double share, double threshold) {
            return std::isnan(share) ? std::string() : share >= threshold ? std::string("ok") : std::string("LOW");
        };
        flag_avail.push_back(flag(rows > 0 ? n / rows : nan, t.availability));
        flag_nonzero.push_back(flag(rows > 0 ? nonzero / rows : nan, t.non_zero));
        flag_unique.push_back(flag(rows > 0 ? unique / rows : nan, t.unique));
        // R's three-valued AND: a false comparison decides; otherwise NaN leaves it undefined ("").
        const bool skew_false = !std::isnan(sk) && !(std::abs(sk) > t.skew);
        const bool kurt_false = !std::isnan(kt) && !(kt > t.kurtosis);
        flag_skewkurt.push_back(skew_false || kurt_false ? "ok" : (std::isnan(sk) || std::isnan(kt)) ? "" : "OUT");
    }
    Table out;
    out.add("iCode", std::move(names));
    out.add("Min", std::move(mins));
    out.add("Max", std::move(maxs));
    out.add("Mean", std::move(means));
    out.add("Median", std::move(medians));
    out.add("Std", std::move(sds));
    out.add("Skew", std::move(skews));
    out.add("Kurt", std::move(kurts));
    out.add("N.Avail", std::move(n_avail));
    out.add("N.NonZero", std::move(n_nonzero));
    out.add("N.Unique", std::move(n_unique));
    out.add("N.Same", std::move(n_same));
    out.add("Frc.Avail", std::move(f_avail));
    out.add("Frc.NonZero", std::move(f_nonzero));
    out.add("Frc.Unique", std::move(f_unique));
    out.add("Frc.Same", std::move(f_same));
    out.add("Flag.Avail", std::move(flag_avail));
    out.add("Flag.NonZero", std::move(flag_nonzero));
    out.add("Flag.Unique", std::move(flag_unique));
    out.add("Flag.SkewKurt", std::move(flag_skewkurt));
    return out;
}

// --- data availability ---------------------------------------------------------------------------

Table data_availability(const Dataset& data, const Framework& fw, int level) {
    if (level < 2 || level > fw.max_level())
        throw analysis_error("data availability: level " + std::to_string(level) +
                             " is out of range; expected a level of groups in 2.." + std::to_string(fw.max_level()) +
                             " (the framework has " + std::to_string(fw.max_level()) + " levels)");
    const std::vector<std::string>& indicators = fw.level_codes(1);
    std::vector<Eigen::Index> idx;
    idx.reserve(indicators.size());
    for (const auto& code : indicators) idx.push_back(data.column_index(code));
    std::map<std::string, std::size_t> position;  // indicator -> its place in `idx`
    for (std::size_t i = 0; i < indicators.size(); ++i) position[indicators[i]] = i;
    const std::vector<std::string>& groups = fw.level_codes(level);
    std::vector<std::vector<std::size_t>> group_members;
    for (const auto& g : groups) {
        group_members.emplace_back();
        for (const auto& code : members(fw, g, 1)) group_members.back().push_back(position.at(code));
    }

    const Eigen::MatrixXd& v = data.values();
    const auto n = static_cast<std::size_t>(data.unit_count());
    const double k = static_cast<double>(idx.size());
    std::vector<double> n_avail(n), n_missing(n), n_zero(n), f_avail(n), f_nonzero(n);
    std::vector<std::vector<double>> by_group(groups.size(), std::vector<double>(n));
    std::vector<bool> available(idx.size());
    for (std::size_t u = 0; u < n; ++u) {
        const auto row = static_cast<Eigen::Index>(u);
        double avail = 0, zeros = 0;
        for (std::size_t i = 0; i < idx.size(); ++i) {
            const double x = v(row, idx[i]);
            available[i] = !std::isnan(x);
            if (available[i]) {
                avail += 1;
                if (x == 0.0) zeros += 1;
            }
        }
        n_avail[u] = avail;
        n_missing[u] = k - avail;
        n_zero[u] = zeros;
        f_avail[u] = k > 0 ? avail / k : nan;
        f_nonzero[u] = avail > 0 ? 1.0 - zeros / avail : nan;  // COINr: 1 - zeros / (columns - missing)
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const auto& m = group_members[g];
            double in = 0;
            for (std::size_t i : m) in += available[i] ? 1 : 0;
            by_group[g][u] = m.empty() ? nan : in / static_cast<double>(m.size());
        }
    }
    Table out;
    out.add("uCode", data.unit_codes());
    if (data.is_panel()) {
        const auto& times = data.units().times;
        out.add("Time", std::vector<double>(times.begin(), times.end()));
    }
    out.add("N.Avail", std::move(n_avail));
    out.add("N.Missing", std::move(n_missing));
    out.add("N.Zero", std::move(n_zero));
    out.add("Frc.Avail", std::move(f_avail));
    out.add("Frc.NonZero", std::move(f_nonzero));
    for (std::size_t g = 0; g < groups.size(); ++g) out.add(groups[g], std::move(by_group[g]));
    return out;
}

// --- correlations --------------------------------------------------------------------------------

std::string_view to_string(CorrelationMethod method) {
    switch (method) {
        case CorrelationMethod::pearson:
            return "pearson";
        case CorrelationMethod::spearman:
            return "spearman";
        case CorrelationMethod::kendall:
            return "kendall";
    }
    return "pearson";
}

std::optional<CorrelationMethod> parse_correlation_method(std::string_view name) {
    for (auto m : {CorrelationMethod::pearson, CorrelationMethod::spearman, CorrelationMethod::kendall})
        if (to_string(m) == name) return m;
    return std::nullopt;
}

Eigen::MatrixXd Correlations::blanked(double max_p) const {
    Eigen::MatrixXd out = r;
    for (Eigen::Index i = 0; i < out.rows(); ++i)
        for (Eigen::Index j = 0; j < out.cols(); ++j)
            if (p(i, j) > max_p) out(i, j) = nan;
    return out;
}

Correlations correlations(const Dataset& data, const std::vector<std::string>& rows,
                          const std::vector<std::string>& columns, CorrelationMethod method) {
    if (rows.empty() || columns.empty())
        throw analysis_error("correlations: expected at least one row and one column code, found none");
    std::vector<Eigen::Index> ri, ci;
    for (const auto& c : rows) ri.push_back(data.column_index(c));
    for (const auto& c : columns) ci.push_back(data.column_index(c));
    Correlations out{rows, columns, method, {}, {}, {}};
    const auto nr = static_cast<Eigen::Index>(rows.size()), nc = static_cast<Eigen::Index>(columns.size());
    out.r.setConstant(nr, nc, nan);
    out.p.setConstant(nr, nc, nan);
    out.n.setZero(nr, nc);
    const Eigen::MatrixXd& v = data.values();
    std::vector<double> x, y;
    for (Eigen::Index i = 0; i < nr; ++i)
        for (Eigen::Index j = 0; j < nc; ++j) {
            x.clear();
            y.clear();
            for (Eigen::Index u = 0; u < v.rows(); ++u) {
                const double a = v(u, ri[static_cast<std::size_t>(i)]), b = v(u, ci[static_cast<std::size_t>(j)]);
                if (!std::isnan(a) && !std::isnan(b)) {
                    x.push_back(a);
                    y.push_back(b);
                }
            }
            out.n(i, j) = static_cast<double>(x.size());
            double r = nan, p = nan;
            switch (method) {
                case CorrelationMethod::pearson:
                    r = pearson(x, y);
                    p = t_p_value(r, x.size());
                    break;
                case CorrelationMethod::spearman:
                    r = pearson(average_ranks(x), average_ranks(y));
                    p = t_p_value(r, x.size());
                    break;
                case CorrelationMethod::kendall: {
                    const KendallResult k = kendall(x, y);
                    r = k.tau;
                    p = std::isnan(r) ? nan : std::abs(r) >= 1 && x.size() >= 3 ? 0.0 : k.p;
                    break;
                }
            }
            // A column with itself: p = 0 (COINr's get_pvals diagonal) when defined.
            if (ri[static_cast<std::size_t>(i)] == ci[static_cast<std::size_t>(j)] && !std::isnan(r)) p = 0.0;
            out.r(i, j) = r;
            out.p(i, j) = p;
        }
    return out;
}

std::vector<std::string> members(const Framework& fw, std::string_view group, int level) {
    const Node& g = fw.node(group);
    if (!g.in_tree())
        throw analysis_error(
            "members: " + in_quotes(group) + " is not an indicator or aggregate of the framework; expected a tree node",
            std::string(group));
    if (level < 1 || level > g.level)
        throw analysis_error("members of " + in_quotes(group) + ": level " + std::to_string(level) +
                                 " is out of range; expected a level in 1.." + std::to_string(g.level),
                             g.code);
    std::vector<std::string> out;
    for (const auto& code : fw.level_codes(level))
        if (ancestor(fw, code, g.level) == g.code) out.push_back(code);
    return out;
}

namespace {

// The rows of a long correlation table: text columns naming each pair (e.g. group, node1, node2),
// then correlation (blanked where p > max_p), p_value and n.
class LongCorrelations {
public:
    explicit LongCorrelations(std::vector<std::string> label_names)
        : label_names_(std::move(label_names)), labels_(label_names_.size()) {}

    void add(std::initializer_list<std::string> labels, double r, double p, double n) {
        std::size_t k = 0;
        for (const auto& label : labels) labels_[k++].push_back(label);
        r_.push_back(r);
        p_.push_back(p);
        n_.push_back(n);
    }

    [[nodiscard]] Table table(std::optional<double> max_p = std::nullopt) && {
        if (max_p)
            for (std::size_t i = 0; i < r_.size(); ++i)
                if (p_[i] > *max_p) r_[i] = nan;
        Table t;
        for (std::size_t k = 0; k < labels_.size(); ++k) t.add(label_names_[k], std::move(labels_[k]));
        t.add("correlation", std::move(r_));
        t.add("p_value", std::move(p_));
        t.add("n", std::move(n_));
        return t;
    }

private:
    std::vector<std::string> label_names_;
    std::vector<std::vector<std::string>> labels_;
    std::vector<double> r_, p_, n_;
};

void check_max_p(std::optional<double> max_p, const std::string& what) {
    if (max_p && !(*max_p >= 0 && *max_p <= 1))
        throw analysis_error(what + ": max_p " + exact_number(*max_p) +
                             " is out of range; expected a p-value in [0, 1]");
}

}  // namespace

Table parent_correlations(const Dataset& data, const Framework& fw, int level, CorrelationMethod method,
                          std::optional<double> max_p) {
    check_level(fw, level, "parent correlations", fw.max_level() - 1);
    check_max_p(max_p, "parent correlations");
    LongCorrelations rows({"parent", "node"});
    for (const auto& code : fw.level_codes(level)) {
        const std::string& parent = fw.node(code).parent;
        const Correlations c = correlations(data, {code}, {parent}, method);
        rows.add({parent, code}, c.r(0, 0), c.p(0, 0), c.n(0, 0));
    }
    return std::move(rows).table(max_p);
}

Table group_correlations(const Dataset& data, const Framework& fw, int level, int group_level, CorrelationMethod method,
                         std::optional<double> max_p, std::string_view group) {
    check_level(fw, level, "group correlations", fw.max_level() - 1);
    if (group_level <= level || group_level > fw.max_level())
        throw analysis_error("group correlations: group_level " + std::to_string(group_level) +
                             " is out of range; expected a level in " + std::to_string(level + 1) + ".." +
                             std::to_string(fw.max_level()));
    check_max_p(max_p, "group correlations");
    std::vector<std::string> groups;
    if (!group.empty()) {
        const Node& g = fw.node(group);
        if (g.level != group_level)
            throw analysis_error("group correlations: " + in_quotes(group) + " is at level " + std::to_string(g.level) +
                                     "; expected a node of group_level " + std::to_string(group_level),
                                 g.code);
        groups.push_back(g.code);
    } else {
        groups = fw.level_codes(group_level);
    }
    LongCorrelations rows({"group", "node1", "node2"});
    for (const auto& g : groups) {
        const auto m = members(fw, g, level);
        if (m.size() < 2) {
            if (group.empty()) continue;
            throw analysis_error("group correlations: group " + in_quotes(g) + " has " + std::to_string(m.size()) +
                                     " member at level " + std::to_string(level) + "; expected at least two",
                                 g);
        }
        const Correlations c = correlations(data, m, m, method);
        for (std::size_t i = 0; i < m.size(); ++i)
            for (std::size_t j = i + 1; j < m.size(); ++j) {
                const auto a = static_cast<Eigen::Index>(i), b = static_cast<Eigen::Index>(j);
                rows.add({g, m[i], m[j]}, c.r(a, b), c.p(a, b), c.n(a, b));
            }
    }
    return std::move(rows).table(max_p);
}

Table correlation_flags(const Dataset& data, const Framework& fw, double threshold, CorrelationFlag flag, int level,
                        int group_level, CorrelationMethod method, bool use_directions) {
    if (!(threshold >= -1 && threshold <= 1))
        throw analysis_error("correlation flags: threshold " + exact_number(threshold) +
                             " is out of range; expected a correlation in [-1, 1]");
    const Table all = group_correlations(data, fw, level, group_level, method);
    const auto& gs = std::get<std::vector<std::string>>(all.column("group"));
    const auto& n1 = std::get<std::vector<std::string>>(all.column("node1"));
    const auto& n2 = std::get<std::vector<std::string>>(all.column("node2"));
    const auto& r = std::get<std::vector<double>>(all.column("correlation"));
    const auto& p = std::get<std::vector<double>>(all.column("p_value"));
    const auto& n = std::get<std::vector<double>>(all.column("n"));
    LongCorrelations rows({"group", "node1", "node2"});
    for (std::size_t i = 0; i < r.size(); ++i) {
        // negating one variable negates Pearson's r, Spearman's rho and Kendall's tau-b
        const double ri = use_directions ? r[i] * fw.node(n1[i]).direction * fw.node(n2[i]).direction : r[i];
        if (flag == CorrelationFlag::high ? ri > threshold : ri < threshold)  // NaN never flags
            rows.add({gs[i], n1[i], n2[i]}, ri, p[i], n[i]);
    }
    return std::move(rows).table();
}

Table denominator_correlations(const Dataset& data, const std::vector<std::string>& columns, CorrelationMethod method,
                               std::optional<double> min_abs) {
    const Units& units = data.units();
    if (units.denominator_codes.empty())
        throw analysis_error(
            "denominator correlations: the data set has no denominators; expected denominator columns (a framework "
            "row of type Denominator, or with_denominators)");
    if (min_abs && !(*min_abs >= 0 && *min_abs <= 1))
        throw analysis_error("denominator correlations: min_abs " + exact_number(*min_abs) +
                             " is out of range; expected a number in [0, 1]");
    const std::vector<std::string>& codes = columns.empty() ? data.columns() : columns;
    const auto nd = static_cast<Eigen::Index>(units.denominator_codes.size());
    const auto nc = static_cast<Eigen::Index>(codes.size());
    // One data set of the columns and the denominators side by side, under names that cannot clash
    // (a denominator may share a code with a column of some data set), for correlations().
    Eigen::MatrixXd joint(data.unit_count(), nc + nd);
    std::vector<std::string> names, row_names, column_names;
    for (Eigen::Index j = 0; j < nc; ++j) {
        joint.col(j) = data.values().col(data.column_index(codes[static_cast<std::size_t>(j)]));
        row_names.push_back("c" + std::to_string(j));
    }
    for (Eigen::Index d = 0; d < nd; ++d) {
        joint.col(nc + d) = units.denominators.col(d);
        column_names.push_back("d" + std::to_string(d));
    }
    names = row_names;
    names.insert(names.end(), column_names.begin(), column_names.end());
    const Dataset both(data.shared_units(), std::move(names), std::move(joint));
    const Correlations c = correlations(both, row_names, column_names, method);

    struct Pair {
        Eigen::Index column, denominator;
    };
    std::vector<Pair> pairs;
    for (Eigen::Index j = 0; j < nc; ++j)
        for (Eigen::Index d = 0; d < nd; ++d)
            if (!min_abs || std::abs(c.r(j, d)) >= *min_abs) pairs.push_back({j, d});
    std::stable_sort(pairs.begin(), pairs.end(), [&](const Pair& a, const Pair& b) {
        const double ra = std::abs(c.r(a.column, a.denominator)), rb = std::abs(c.r(b.column, b.denominator));
        if (std::isnan(ra) || std::isnan(rb)) return !std::isnan(ra) && std::isnan(rb);
        return ra > rb;
    });
    LongCorrelations rows({"indicator", "denominator"});
    for (const auto& [j, d] : pairs)
        rows.add({codes[static_cast<std::size_t>(j)], units.denominator_codes[static_cast<std::size_t>(d)]}, c.r(j, d),
                 c.p(j, d), c.n(j, d));
    return std::move(rows).table();
}

// --- consistency ---------------------------------------------------------------------------------

double cronbach_alpha(const Dataset& data, const std::vector<std::string>& columns, std::string_view what) {
    const std::string name = what.empty() ? std::string("the columns given") : in_quotes(what);
    if (columns.size() < 2)
        throw analysis_error(
            "Cronbach's alpha of " + name + ": " + std::to_string(columns.size()) + " member; expected at least two",
            std::string(what));
    std::vector<Eigen::Index> idx;
    for (const auto& c : columns) idx.push_back(data.column_index(c));
    const Eigen::MatrixXd& v = data.values();
    const double k = static_cast<double>(columns.size());
    double all = 0, diagonal = 0;
    std::vector<double> x, y;
    for (std::size_t i = 0; i < idx.size(); ++i)
        for (std::size_t j = i; j < idx.size(); ++j) {
            x.clear();
            y.clear();
            for (Eigen::Index u = 0; u < v.rows(); ++u) {
                const double a = v(u, idx[i]), b = v(u, idx[j]);
                if (!std::isnan(a) && !std::isnan(b)) {
                    x.push_back(a);
                    y.push_back(b);
                }
            }
            if (x.size() < 2) continue;  // an undefined covariance is left out (R's sum(na.rm = TRUE))
            const double mx = mean_of(x), my = mean_of(y);
            double s = 0;
            for (std::size_t u = 0; u < x.size(); ++u) s += (x[u] - mx) * (y[u] - my);
            const double cov = s / static_cast<double>(x.size() - 1);
            if (i == j) {
                diagonal += cov;
                all += cov;
            } else {
                all += 2 * cov;
            }
        }
    if (all == 0) return nan;
    return k * k * ((all - diagonal) / (k * (k - 1))) / all;
}

double cronbach_alpha(const Dataset& data, const Framework& fw, std::string_view group, std::optional<int> level) {
    const Node& g = fw.node(group);
    return cronbach_alpha(data, members(fw, g.code, level.value_or(g.level - 1)), g.code);
}

// --- weights -------------------------------------------------------------------------------------

Table index_weights(const Framework& fw, const std::map<std::string, double>& weights) {
    const auto weight_of = [&](const std::string& code) {
        const auto it = weights.find(code);
        if (it == weights.end())
            throw analysis_error(
                "index weights: no weight for " + in_quotes(code) + "; expected a weight for every tree node", code);
        if (!(it->second >= 0) || !std::isfinite(it->second))
            throw analysis_error("index weights: weight of " + in_quotes(code) + " is " + exact_number(it->second) +
                                     "; expected a finite number >= 0",
                                 code);
        return it->second;
    };
    std::map<std::string, double> share;
    share[fw.root()] = 1.0;
    for (int level = fw.max_level(); level >= 2; --level)
        for (const auto& parent : fw.level_codes(level)) {
            double total = 0;
            for (const auto& c : fw.children(parent)) total += weight_of(c);
            if (!(total > 0))
                throw analysis_error("index weights: every child of " + in_quotes(parent) +
                                         " has weight 0; expected a positive weight in the group",
                                     parent);
            for (const auto& c : fw.children(parent)) share[c] = weight_of(c) / total * share.at(parent);
        }
    std::vector<std::string> codes;
    std::vector<double> levels, given, eff;
    for (const auto& code : fw.tree_codes()) {
        codes.push_back(code);
        levels.push_back(fw.node(code).level);
        const auto it = weights.find(code);
        given.push_back(it == weights.end() ? nan : it->second);
        eff.push_back(share.at(code));
    }
    Table t;
    t.add("iCode", std::move(codes));
    t.add("Level", std::move(levels));
    t.add("Weight", std::move(given));
    t.add("EffWeight", std::move(eff));
    return t;
}

Table index_weights(const Results& results) {
    const auto& records = results.aggregation_records();
    if (records.empty())
        throw analysis_error("index weights: the run has not aggregated; expected a run with an aggregate step");
    const Framework& fw = results.framework();
    std::map<std::string, double> weights;
    weights[fw.root()] = fw.node(fw.root()).weight;
    for (const auto& rec : records)
        for (std::size_t i = 0; i < rec.children.size(); ++i)
            weights[rec.children[i]] = rec.weights[static_cast<Eigen::Index>(i)];
    return index_weights(fw, weights);
}

// --- influence -----------------------------------------------------------------------------------

ElementRemoval remove_elements(const Results& results, int level, std::string_view node) {
    const Framework& fw = results.framework();
    const auto& pipeline = results.pipeline();
    if (!pipeline)
        throw analysis_error(
            "remove elements: the run does not keep its pipeline; expected the Results of Pipeline::run");
    const auto& steps = pipeline->steps();
    std::optional<std::size_t> at;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (std::holds_alternative<Aggregate>(steps[i])) at = i;
    if (!at) throw analysis_error("remove elements: the run's pipeline has no aggregate step; expected one");
    if (results.data_sets().size() != steps.size() + 1)
        throw analysis_error(
            "remove elements: the run's data sets do not follow its steps; expected Raw and one per step");
    const Dataset& input = results.data_sets()[*at].second;
    if (input.is_panel())
        throw analysis_error(
            "remove elements: panel data is not supported yet; expected one year (Dataset::select_time)");
    check_level(fw, level, "remove elements", fw.max_level() - 1);
    const std::string target = node.empty() ? fw.root() : fw.node(node).code;
    const Aggregate& step = std::get<Aggregate>(steps[*at]);
    const Dataset& nominal = results.data_sets()[*at + 1].second;

    ElementRemoval out;
    out.node = target;
    out.removed = fw.level_codes(level);
    out.units = nominal.unit_codes();
    out.scores.resize(nominal.unit_count(), static_cast<Eigen::Index>(out.removed.size() + 1));
    out.scores.col(0) = nominal.column(target);
    for (std::size_t k = 0; k < out.removed.size(); ++k) {
        Aggregate changed = step;
        changed.weights[out.removed[k]] = 0.0;
        try {
            const StepOutput run = apply(changed, fw, input);
            out.scores.col(static_cast<Eigen::Index>(k + 1)) = run.data.column(target);
        } catch (const MethodError& e) {
            throw analysis_error("remove elements: removing " + in_quotes(out.removed[k]) + " fails: " + e.what(),
                                 e.location().node.empty() ? out.removed[k] : e.location().node);
        }
    }
    out.ranks.resize(out.scores.rows(), out.scores.cols());
    for (Eigen::Index j = 0; j < out.scores.cols(); ++j) out.ranks.col(j) = rank_descending(out.scores.col(j));
    out.mean_abs_rank_change.resize(out.ranks.cols());
    for (Eigen::Index j = 0; j < out.ranks.cols(); ++j) {
        double sum = 0, count = 0;
        for (Eigen::Index u = 0; u < out.ranks.rows(); ++u) {
            const double d = out.ranks(u, 0) - out.ranks(u, j);
            if (!std::isnan(d)) {
                sum += std::abs(d);
                count += 1;
            }
        }
        out.mean_abs_rank_change[j] = count > 0 ? sum / count : nan;
    }
    return out;
}

}  // namespace govindex
