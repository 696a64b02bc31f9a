#include "govindex/steps/normalise.hpp"
#include "govindex/detail/format.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <vector>

#include "govindex/errors.hpp"
#include "govindex/text.hpp"
#include "steps/per_node.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {

// "<method> of indicator "<code>": " - the prefix of every data-dependent message.
std::string where(std::string_view method, const Node& node) {
    return std::string(method) + " of indicator " + in_quotes(node.code) + ": ";
}

// The framework row of `node` (file, line, code) and one of its columns, for goalpost and target errors.
ErrorLocation framework_row(const Node& node, const std::string& column) {
    ErrorLocation at = location_of(node.origin, column);
    at.node = node.code;
    return at;
}

bool same_value(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Observed (non-NaN) values.
struct Observed {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    Eigen::Index count = 0;
};

Observed observed(const Eigen::VectorXd& x) {
    Observed o;
    for (const double v : x) {
        if (std::isnan(v)) continue;
        o.min = std::min(o.min, v);
        o.max = std::max(o.max, v);
        ++o.count;
    }
    return o;
}

// Throws NumericError if nothing is observed, or (distinct) all observed values are equal.
Observed require_observed(std::string_view method, const Eigen::VectorXd& x, const Node& node, bool distinct) {
    const Observed o = observed(x);
    if (o.count == 0)
        throw error_at<NumericError>({.source = "normalise step", .node = node.code},
                                     where(method, node) + "no observed values; expected at least " +
                                         (distinct ? "two distinct values" : "one value"));
    if (distinct && !(o.min < o.max))
        throw error_at<NumericError>({.source = "normalise step", .node = node.code, .found = exact_number(o.min)},
                                     where(method, node) + "all observed values equal " + exact_number(o.min) +
                                         "; expected at least two distinct values");
    return o;
}

// Sets y > 1 to 1 (NaN stays NaN).
void cap_at_one(Eigen::VectorXd& y) {
    for (double& v : y)
        if (v > 1.0) v = 1.0;
}

// (x - a) / (b - a) for a column, a < b: with x, a and b halved when b - a overflows (values near
// the largest double), which leaves every other column's result bit for bit as the plain formula.
struct Ratio {
    double factor = 1.0, a = 0.0, range = 1.0;
    Ratio(double a_, double b_) : a(a_), range(b_ - a_) {
        if (!std::isfinite(range)) factor = 0.5, a = a_ / 2, range = b_ / 2 - a_ / 2;
    }
    [[nodiscard]] double operator()(double x) const { return (x * factor - a) / range; }
    /// num / (b - a), finite where b - a overflows.
    [[nodiscard]] double over(double num) const { return num * factor / range; }
};

// low + t (high - low) for t in [0, 1] (and a little beyond), finite when high - low overflows.
double between(double low, double high, double t) {
    const double span = high - low;
    return std::isfinite(span) ? t * span + low : t * high + (1.0 - t) * low;
}

// R's mean(x, na.rm = TRUE): long double sum, then a second pass correcting the mean.
double r_mean(const std::vector<double>& v) {
    const auto n = static_cast<long double>(v.size());
    long double s = 0.0L;
    for (const double d : v) s += d;
    s /= n;
    if (std::isfinite(static_cast<double>(s))) {
        long double t = 0.0L;
        for (const double d : v) t += (d - s);
        s += t / n;
    }
    return static_cast<double>(s);
}

// R's sd(x, na.rm = TRUE): sqrt of var() as stats:::cov computes it (two-pass mean as double,
// long double sum of squared deviations, divided by n - 1).
double r_sd(const std::vector<double>& v) {
    const double m = r_mean(v);
    long double s = 0.0L;
    for (const double d : v) s += static_cast<long double>(d - m) * (d - m);
    return std::sqrt(static_cast<double>(s / static_cast<long double>(v.size() - 1)));
}

enum class Ties { min, average, max };

std::optional<Ties> parse_ties(std::string_view s) {
    if (s == "min") return Ties::min;
    if (s == "average") return Ties::average;
    if (s == "max") return Ties::max;
    return std::nullopt;
}

void check_ties(std::string_view method, const std::string& ties) {
    if (!parse_ties(ties))
        throw error_at<MethodError>({.column = "ties", .found = ties},
                                    std::string(method) + ": unknown ties rule " + in_quotes(ties) +
                                        "; expected \"min\", \"average\" or \"max\"");
}

// Ranks of the observed values, 1 = lowest (R's rank(x, ties.method, na.last = "keep")).
Eigen::VectorXd ranks(std::string_view method, const std::string& ties_name, const Eigen::VectorXd& x,
                      const Node& node) {
    const auto ties = parse_ties(ties_name);
    if (!ties) check_ties(method, ties_name);
    (void)require_observed(method, x, node, false);
    std::vector<Eigen::Index> order;
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!std::isnan(x[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return x[a] < x[b]; });
    Eigen::VectorXd out = Eigen::VectorXd::Constant(x.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t first = 0; first < order.size();) {
        std::size_t last = first;  // the tie group is order[first..last]
        while (last + 1 < order.size() && x[order[last + 1]] == x[order[first]]) ++last;
        const double low = static_cast<double>(first + 1), high = static_cast<double>(last + 1);
        const double r = *ties == Ties::min ? low : *ties == Ties::max ? high : (low + high) / 2.0;
        for (std::size_t k = first; k <= last; ++k) out[order[k]] = r;
        first = last + 1;
    }
    return out;
}

void check_finite(std::string_view method, std::string_view name, double value) {
    if (!std::isfinite(value))
        throw error_at<MethodError>(
            {.column = std::string(name)},
            std::string(method) + ": expected a finite " + std::string(name) + ", found " + exact_number(value));
}

// Posts on the direction-adjusted scale: COINr's get_iMeta_norm_paras gives a direction -1
// indicator the posts (upper * -1, lower * -1), so the formula stays (x - a) / (b - a).
std::pair<double, double> adjusted_posts(double lower, double upper, int direction) {
    const double d = static_cast<double>(direction);
    return direction == -1 ? std::pair{upper * d, lower * d} : std::pair{lower * d, upper * d};
}

// A goalpost attribute of the framework row, parsed; MethodError naming row and column if absent or bad.
const std::string& attribute(const Node& node, const std::string& column) {
    const auto it = node.attributes.find(column);
    if (it == node.attributes.end())
        throw located_error<MethodError>(framework_row(node, column),
                                         "goalposts of indicator " + in_quotes(node.code) +
                                             ": the framework row has no " + in_quotes(column) +
                                             " value; expected one when the goalposts lower and upper are "
                                             "left unset (NaN), or give lower and upper to the method");
    return it->second;
}

double number_attribute(const Node& node, const std::string& column) {
    const std::string& text = attribute(node, column);
    double v = 0.0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || !std::isfinite(v))
        throw located_error<MethodError>(
            framework_row(node, column),
            "goalposts of indicator " + in_quotes(node.code) + ": expected a finite number, found " + in_quotes(text));
    return v;
}

bool bool_attribute(const Node& node, const std::string& column) {
    const std::string& text = attribute(node, column);
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true" || lower == "t" || lower == "1") return true;
    if (lower == "false" || lower == "f" || lower == "0") return false;
    throw located_error<MethodError>(
        framework_row(node, column),
        "goalposts of indicator " + in_quotes(node.code) + ": expected TRUE or FALSE, found " + in_quotes(text));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// check

void check(const MinMax& m) {
    if (!std::isfinite(m.low) || !std::isfinite(m.high) || !(m.low < m.high))
        throw error_at<MethodError>({.column = "high"}, "minmax: expected finite low < high, found low=" +
                                                            exact_number(m.low) + ", high=" + exact_number(m.high));
}

void check(const ZScore& m) {
    check_finite("zscore", "mean", m.mean);
    if (!std::isfinite(m.sd) || !(m.sd > 0))
        throw error_at<MethodError>({.column = "sd"},
                                    "zscore: expected a finite sd > 0, found sd=" + exact_number(m.sd));
}

void check(const Scaled& m) {
    if (!std::isfinite(m.lower) || !std::isfinite(m.upper) || !(m.lower < m.upper))
        throw error_at<MethodError>({.column = "upper"},
                                    "scaled: expected finite lower < upper, found lower=" + exact_number(m.lower) +
                                        ", upper=" + exact_number(m.upper));
    if (!std::isfinite(m.scale) || !(m.scale > 0))
        throw error_at<MethodError>({.column = "scale"},
                                    "scaled: expected a finite scale > 0, found scale=" + exact_number(m.scale));
}

void check(const DistanceToMax&) {}

void check(const DistanceToReference& m) {
    if (m.unit.empty())
        throw error_at<MethodError>({.column = "unit"},
                                    "dist2ref: expected the code of the reference unit, found an empty unit");
    if (find_invalid_utf8(m.unit))
        throw error_at<MethodError>(
            {.column = "unit"}, "dist2ref: expected the code of the reference unit as UTF-8 text, found invalid UTF-8");
}

void check(const DistanceToTarget&) {}
void check(const FractionOfMax&) {}
void check(const Rank& m) { check_ties("rank", m.ties); }
void check(const PercentRank& m) { check_ties("prank", m.ties); }
void check(const Borda& m) { check_ties("borda", m.ties); }

void check(const Goalposts& m) {
    const bool from_framework = std::isnan(m.lower) && std::isnan(m.upper);
    if (from_framework) {
        if (m.scale != 100.0 || !m.truncate)
            throw error_at<MethodError>(
                {.column = "scale"},
                "goalposts: lower and upper are unset (NaN), so every goalpost setting comes from the "
                "framework (goalpost_lower, goalpost_upper, goalpost_scale, goalpost_trunc2posts); "
                "expected scale and truncate left at 100 and true, found scale=" +
                    exact_number(m.scale) + ", truncate=" + (m.truncate ? "true" : "false"));
        return;
    }
    if (!std::isfinite(m.lower) || !std::isfinite(m.upper) || !(m.lower < m.upper))
        throw error_at<MethodError>(
            {.column = "upper"},
            "goalposts: expected finite lower < upper (or both NaN to read them from the framework), "
            "found lower=" +
                exact_number(m.lower) + ", upper=" + exact_number(m.upper));
    if (!std::isfinite(m.scale) || !(m.scale > 0))
        throw error_at<MethodError>({.column = "scale"},
                                    "goalposts: expected a finite scale > 0, found scale=" + exact_number(m.scale));
}

bool operator==(const Goalposts& a, const Goalposts& b) {
    return same_value(a.lower, b.lower) && same_value(a.upper, b.upper) && same_value(a.scale, b.scale) &&
           a.truncate == b.truncate;
}

ResolvedGoalposts resolve_goalposts(const Goalposts& m, const Node& node) {
    if (!(std::isnan(m.lower) && std::isnan(m.upper))) return {m.lower, m.upper, m.scale, m.truncate};
    ResolvedGoalposts g;
    g.lower = number_attribute(node, "goalpost_lower");
    g.upper = number_attribute(node, "goalpost_upper");
    g.scale = number_attribute(node, "goalpost_scale");
    g.truncate = bool_attribute(node, "goalpost_trunc2posts");
    if (!(g.lower < g.upper))
        throw located_error<MethodError>(framework_row(node, "goalpost_upper"),
                                         "goalposts of indicator " + in_quotes(node.code) +
                                             ": expected goalpost_lower < "
                                             "goalpost_upper, found " +
                                             exact_number(g.lower) + " and " + exact_number(g.upper));
    if (!(g.scale > 0))
        throw located_error<MethodError>(framework_row(node, "goalpost_scale"),
                                         "goalposts of indicator " + in_quotes(node.code) +
                                             ": expected a scale > 0, found " + exact_number(g.scale));
    return g;
}

void check(const NormaliseMethod& method, const Node& node) {
    std::visit(detail::overloaded{
                   [&](const DistanceToTarget&) {
                       if (std::isnan(node.target))
                           throw located_error<MethodError>(
                               framework_row(node, "Target"),
                               "dist2targ of indicator " + in_quotes(node.code) +
                                   ": no target; expected a target value (iMeta column Target) "
                                   "for every indicator normalised by distance to target");
                   },
                   [&](const Goalposts& m) { (void)resolve_goalposts(m, node); },
                   [](const auto&) {},
               },
               method);
}

// ---------------------------------------------------------------------------------------------
// normalise_column

Eigen::VectorXd normalise_column(const MinMax& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    const Observed o = require_observed("minmax", x, context.node, true);
    const Ratio r(o.min, o.max);
    const double span = m.high - m.low;
    Eigen::VectorXd out(x.size());
    if (r.factor == 1.0 && std::isfinite(span))
        for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (x[i] - o.min) / (o.max - o.min) * span + m.low;
    else
        for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = between(m.low, m.high, r(x[i]));
    return out;
}

Eigen::VectorXd normalise_column(const ZScore& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    std::vector<double> v;
    for (const double d : x)
        if (!std::isnan(d)) v.push_back(d);
    if (v.size() < 2)
        throw error_at<NumericError>({.source = "normalise step", .node = context.node.code},
                                     where("zscore", context.node) + std::to_string(v.size()) +
                                         " observed value(s); expected at least two for a standard deviation");
    double mean = r_mean(v), sd = r_sd(v);
    if (!std::isfinite(sd) || !std::isfinite(mean) || sd == 0) {
        // Deviations that overflow (values near the largest double) or underflow (subnormal
        // values): the same z-scores from the values scaled by a power of 2 (exact).
        const Observed o = observed(x);
        if (o.min < o.max) {
            int exponent = 0;
            (void)std::frexp(std::max(std::abs(o.min), std::abs(o.max)), &exponent);
            for (double& d : v) d = std::ldexp(d, -exponent);
            const double scaled_mean = r_mean(v), scaled_sd = r_sd(v);
            Eigen::VectorXd out(x.size());
            for (Eigen::Index i = 0; i < x.size(); ++i)
                out[i] = (std::ldexp(x[i], -exponent) - scaled_mean) / scaled_sd * m.sd + m.mean;
            return out;
        }
    }
    if (!(sd > 0))
        throw error_at<NumericError>(
            {.source = "normalise step", .node = context.node.code, .found = exact_number(v.front())},
            where("zscore", context.node) + "all observed values equal " + exact_number(v.front()) +
                "; expected a standard deviation > 0");
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (x[i] - mean) / sd * m.sd + m.mean;
    return out;
}

Eigen::VectorXd normalise_column(const Scaled& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    const auto [a, b] = adjusted_posts(m.lower, m.upper, context.node.direction);
    const Ratio r(a, b);
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = r(x[i]) * m.scale;
    if (r.factor == 1.0 && out.array().isInf().any())  // x - a overflowed for a value far outside the posts
        for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (x[i] / 2 - a / 2) / (b / 2 - a / 2) * m.scale;
    return out;
}

Eigen::VectorXd normalise_column(const DistanceToMax&, const Eigen::VectorXd& x, const ColumnContext& context) {
    const Observed o = require_observed("dist2max", x, context.node, true);
    const Ratio r(o.min, o.max);
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i)
        out[i] = 1.0 - (o.max * r.factor - x[i] * r.factor) / (o.max * r.factor - r.a);
    return out;
}

Eigen::VectorXd normalise_column(const DistanceToReference& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    const Node& node = context.node;
    const std::string code = to_nfc(m.unit);
    std::vector<Eigen::Index> rows;
    for (std::size_t i = 0; i < context.units.codes.size(); ++i)
        if (context.units.codes[i] == code) rows.push_back(static_cast<Eigen::Index>(i));
    if (rows.empty())
        throw error_at<MethodError>({.source = "normalise step", .column = "unit", .node = node.code, .found = m.unit},
                                    where("dist2ref", node) + "reference unit " + in_quotes(m.unit) +
                                        " is not in the data; expected a unit code (uCode) of the data");
    if (rows.size() > 1)
        throw error_at<MethodError>({.source = "normalise step", .column = "unit", .node = node.code, .found = m.unit},
                                    where("dist2ref", node) + "reference unit " + in_quotes(m.unit) + " appears " +
                                        std::to_string(rows.size()) +
                                        " times (panel data); expected one cross-section");
    if (rows.front() >= x.size())
        throw error_at<MethodError>({.source = "normalise step",
                                     .node = node.code,
                                     .expected = std::to_string(context.units.codes.size()) + " values",
                                     .found = std::to_string(x.size()) + " values"},
                                    where("dist2ref", node) + "the column has " + std::to_string(x.size()) +
                                        " values but the data " + std::to_string(context.units.codes.size()) +
                                        " units");
    const double ref = x[rows.front()];
    if (std::isnan(ref))
        throw error_at<NumericError>(
            {.source = "normalise step", .column = "unit", .node = node.code, .found = "no value"},
            where("dist2ref", node) + "the reference unit " + in_quotes(m.unit) +
                " has no value; expected an observed reference value");
    const Observed o = require_observed("dist2ref", x, node, true);
    if (!(ref > o.min))
        throw error_at<NumericError>(
            {.source = "normalise step", .column = "unit", .node = node.code, .found = "the worst observed value"},
            where("dist2ref", node) + "the reference unit " + in_quotes(m.unit) +
                " has the worst observed value; expected a reference better than the worst unit");
    const Ratio r(o.min, o.max);  // |ref - x| <= max - min: halved where that overflows
    const double f = r.factor, ref_f = ref * f, range = ref * f - o.min * f;
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = 1.0 - (ref_f - x[i] * f) / range;
    if (m.cap_max) cap_at_one(out);
    return out;
}

Eigen::VectorXd normalise_column(const DistanceToTarget& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    const Node& node = context.node;
    check(NormaliseMethod{m}, node);
    // Targets are in raw units; COINr's get_iMeta_norm_paras multiplies them by the direction.
    const double target = node.target * static_cast<double>(node.direction);
    const Observed o = require_observed("dist2targ", x, node, false);
    if (!(target > o.min))
        throw error_at<NumericError>(
            {.source = "normalise step", .column = "Target", .node = node.code, .found = exact_number(node.target)},
            where("dist2targ", node) + "target " + exact_number(node.target) +
                " is not better than the worst "
                "observed value " +
                exact_number(o.min * static_cast<double>(node.direction)) + " (direction " +
                std::to_string(node.direction) + "); expected a target better than the worst unit");
    // x - min <= max - min; target - min may be larger: halved where either overflows.
    const double f = std::isfinite(target - o.min) && std::isfinite(o.max - o.min) ? 1.0 : 0.5;
    const double low = o.min * f, range = target * f - o.min * f;
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = (x[i] * f - low) / range;
    if (m.cap_max) cap_at_one(out);
    return out;
}

Eigen::VectorXd normalise_column(const FractionOfMax&, const Eigen::VectorXd& x, const ColumnContext& context) {
    const Observed o = require_observed("fracmax", x, context.node, false);
    if (!(o.max > 0))
        throw error_at<NumericError>(
            {.source = "normalise step", .node = context.node.code, .found = exact_number(o.max)},
            where("fracmax", context.node) + "the largest direction-adjusted value is " + exact_number(o.max) +
                " (direction " + std::to_string(context.node.direction) +
                "); expected a positive maximum (fraction of max suits positive-direction indicators "
                "with positive values)");
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = x[i] / o.max;
    return out;
}

Eigen::VectorXd normalise_column(const Rank& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    return ranks("rank", m.ties, x, context.node);
}

Eigen::VectorXd normalise_column(const PercentRank& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    Eigen::VectorXd r = ranks("prank", m.ties, x, context.node);
    const Observed o = observed(x);
    if (o.count < 2)
        throw error_at<NumericError>(
            {.source = "normalise step", .node = context.node.code, .found = "1 observed value"},
            where("prank", context.node) + "1 observed value; expected at least two for percentile ranks");
    const double n1 = static_cast<double>(o.count - 1);
    for (double& v : r) v = (v - 1.0) / n1;
    return r;
}

Eigen::VectorXd normalise_column(const Borda& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    Eigen::VectorXd r = ranks("borda", m.ties, x, context.node);
    for (double& v : r) v -= 1.0;
    return r;
}

Eigen::VectorXd normalise_column(const Goalposts& m, const Eigen::VectorXd& x, const ColumnContext& context) {
    const ResolvedGoalposts g = resolve_goalposts(m, context.node);
    const auto [a, b] = adjusted_posts(g.lower, g.upper, context.node.direction);
    // Halved where b - a overflows, or x - a does for any value (far outside the posts).
    bool halve = !std::isfinite(b - a);
    for (Eigen::Index i = 0; i < x.size() && !halve; ++i) halve = std::isinf(x[i] - a);
    const double f = halve ? 0.5 : 1.0, a_f = a * f, range = b * f - a * f;
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        double y = (x[i] * f - a_f) / range;
        if (g.truncate) {
            if (y > 1.0) y = 1.0;
            if (y < 0.0) y = 0.0;
        }
        out[i] = y * g.scale;
    }
    return out;
}

Eigen::VectorXd normalise_column(const NormaliseMethod& method, const Eigen::VectorXd& x,
                                 const ColumnContext& context) {
    return std::visit([&](const auto& m) { return normalise_column(m, x, context); }, method);
}

void check(const NormaliseMethod& method) {
    std::visit([](const auto& m) { check(m); }, method);
}

Eigen::VectorXd normalise_standard_errors(const NormaliseMethod& method, const Eigen::VectorXd& x,
                                          const Eigen::VectorXd& se, const ColumnContext& context) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // |slope| of the affine map (nullopt: not affine), and the method without cap or truncation
    // (to find the cells a cap or truncation moved).
    std::optional<double> slope;
    std::optional<NormaliseMethod> uncapped;
    std::visit(detail::overloaded{
                   [&](const MinMax& m) {
                       const Observed o = require_observed("minmax", x, context.node, true);
                       const double span = m.high - m.low;
                       const Ratio r(o.min, o.max);
                       slope = std::isfinite(span) ? r.over(span) : 2 * r.over(m.high / 2 - m.low / 2);
                   },
                   [&](const ZScore& m) {
                       std::vector<double> v;
                       for (const double d : x)
                           if (!std::isnan(d)) v.push_back(d);
                       const double sd = v.size() < 2 ? nan : r_sd(v);
                       slope = m.sd / sd;
                       if (v.size() >= 2 && (!std::isfinite(sd) || sd == 0)) {  // as normalise_column
                           int exponent = 0;
                           double largest = 0;
                           for (const double d : v) largest = std::max(largest, std::abs(d));
                           (void)std::frexp(largest, &exponent);
                           for (double& d : v) d = std::ldexp(d, -exponent);
                           slope = std::ldexp(m.sd / r_sd(v), -exponent);
                       }
                   },
                   [&](const Scaled& m) { slope = Ratio(m.lower, m.upper).over(m.scale); },
                   [&](const DistanceToMax&) {
                       const Observed o = require_observed("dist2max", x, context.node, true);
                       slope = Ratio(o.min, o.max).over(1.0);
                   },
                   [&](const DistanceToReference& m) {
                       // 1 / (ref - min); normalise_column has checked the reference unit.
                       DistanceToReference plain = m;
                       plain.cap_max = false;
                       const Observed o = require_observed("dist2ref", x, context.node, true);
                       const std::string code = to_nfc(m.unit);
                       double ref = nan;
                       for (std::size_t i = 0; i < context.units.codes.size(); ++i)
                           if (context.units.codes[i] == code && static_cast<Eigen::Index>(i) < x.size())
                               ref = x[static_cast<Eigen::Index>(i)];
                       slope = Ratio(o.min, ref).over(1.0);
                       if (m.cap_max) uncapped = plain;
                   },
                   [&](const DistanceToTarget& m) {
                       const Observed o = require_observed("dist2targ", x, context.node, false);
                       slope =
                           Ratio(o.min, context.node.target * static_cast<double>(context.node.direction)).over(1.0);
                       if (m.cap_max) uncapped = DistanceToTarget{false};
                   },
                   [&](const FractionOfMax&) { slope = 1.0 / require_observed("fracmax", x, context.node, false).max; },
                   [&](const Goalposts& m) {
                       const ResolvedGoalposts g = resolve_goalposts(m, context.node);
                       slope = Ratio(g.lower, g.upper).over(g.scale);
                       if (g.truncate) uncapped = Goalposts{g.lower, g.upper, g.scale, false};
                   },
                   [&](const auto&) {},  // rank-based: no slope
               },
               method);
    Eigen::VectorXd out = Eigen::VectorXd::Constant(x.size(), nan);
    if (!slope) return out;
    for (Eigen::Index i = 0; i < x.size(); ++i) out[i] = se[i] * std::abs(*slope);
    if (uncapped) {
        const Eigen::VectorXd with_cap = normalise_column(method, x, context);
        const Eigen::VectorXd without = normalise_column(*uncapped, x, context);
        for (Eigen::Index i = 0; i < x.size(); ++i)
            if (!(with_cap[i] == without[i])) out[i] = nan;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The Normalise step

namespace {

constexpr std::string_view normalise_prefix = "normalise step: ";

std::map<std::string, const NormaliseMethod*> normalise_overrides(const Normalise& step, const Framework& fw) {
    return detail::resolve_per_node(step.per_node, fw, detail::NodeRole::indicator, std::string(normalise_prefix),
                                    "per-node method", "normalise step", "per_node");
}

}  // namespace

namespace {

MethodError normalise_error(const MethodError& e, const std::string& node, const std::string& field) {
    ErrorLocation location = e.location();
    location.source = "normalise step";
    if (location.node.empty()) location.node = node;
    if (location.column.empty()) location.column = field;
    return MethodError(std::string(normalise_prefix) + e.what(), std::move(location));
}

}  // namespace

void check(const Normalise& step) {
    try {
        check(step.method);
    } catch (const MethodError& e) {
        throw normalise_error(e, "", "method");
    }
    for (const auto& [code, method] : step.per_node) {
        try {
            check(method);
        } catch (const MethodError& e) {
            throw normalise_error(MethodError("per-node method for " + in_quotes(code) + ": " + e.what(), e.location()),
                                  code, "per_node");
        }
    }
}

void check(const Normalise& step, const Framework& fw) {
    check(step);
    const auto overrides = normalise_overrides(step, fw);
    auto with_prefix = [](const MethodError& e, const std::string& node) { return normalise_error(e, node, ""); };
    // What a method needs from each indicator's framework row (a target, goalposts) is checked
    // before any data is seen.
    for (const auto& code : fw.indicators()) {
        const auto it = overrides.find(code);
        try {
            check(it == overrides.end() ? step.method : *it->second, fw.node(code));
        } catch (const MethodError& e) {
            throw with_prefix(e, code);
        }
    }
}

StepOutput detail::apply_checked(const Normalise& step, const Framework& fw, const Dataset& data) {
    const auto overrides = normalise_overrides(step, fw);
    const auto& indicators = fw.indicators();
    Eigen::MatrixXd out(data.unit_count(), static_cast<Eigen::Index>(indicators.size()));
    CellFlags flags(data.unit_count(), static_cast<Eigen::Index>(indicators.size()));
    Eigen::MatrixXd standard_errors(data.has_standard_errors() ? data.unit_count() : 0,
                                    data.has_standard_errors() ? static_cast<Eigen::Index>(indicators.size()) : 0);
    for (std::size_t j = 0; j < indicators.size(); ++j) {
        const Node& node = fw.node(indicators[j]);
        const auto it = overrides.find(node.code);
        const Eigen::VectorXd x = data.column(node.code) * static_cast<double>(node.direction);
        out.col(static_cast<Eigen::Index>(j)) =
            normalise_column(it == overrides.end() ? step.method : *it->second, x, ColumnContext{node, data.units()});
        flags.col(static_cast<Eigen::Index>(j)) = data.flags().col(data.column_index(node.code));
        if (data.has_standard_errors())
            standard_errors.col(static_cast<Eigen::Index>(j)) = normalise_standard_errors(
                it == overrides.end() ? step.method : *it->second, x,
                data.standard_errors().col(data.column_index(node.code)), ColumnContext{node, data.units()});
    }
    return {data.with_values(indicators, std::move(out), std::move(flags), std::move(standard_errors)), {}, {}};
}

StepOutput apply(const Normalise& step, const Framework& fw, const Dataset& data) {
    check(step, fw);
    if (step.pool_years) return detail::apply_checked(step, fw, data);
    return detail::by_year(data, [&](const Dataset& year) { return detail::apply_checked(step, fw, year); });
}

}  // namespace govindex
