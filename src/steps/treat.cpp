#include "govindex/steps/treat.hpp"
#include "govindex/detail/format.hpp"
#include "steps/per_node.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "govindex/errors.hpp"

namespace govindex {

using detail::exact_number;
using detail::in_quotes;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> observed(const Eigen::VectorXd& x) {
    std::vector<double> v;
    v.reserve(static_cast<std::size_t>(x.size()));
    for (const double e : x)
        if (!std::isnan(e)) v.push_back(e);
    return v;
}

// R's mean(): long double sum / n, then one refinement pass (summary.c, real_mean).
double r_mean(const std::vector<double>& v) {
    const auto n = static_cast<long double>(v.size());
    long double s = 0.0L;
    for (const double e : v) s += e;
    s /= n;
    if (std::isfinite(static_cast<double>(s))) {
        long double t = 0.0L;
        for (const double e : v) t += e - s;
        s += t / n;
    }
    return static_cast<double>(s);
}

// R's x^k for k = 3, 4 (R_pow uses powl on x86-64), rounded to double.
double r_pow(double x, int k) { return static_cast<double>(std::pow(static_cast<long double>(x), k)); }

// sum((x - mean)^k) accumulated in long double as R's sum() does, for k = 2 and `power`.
struct CentralSums {
    double s2;
    double sk;
};
CentralSums central_sums(const std::vector<double>& v, int power) {
    const double m = r_mean(v);
    long double s2 = 0.0L, sk = 0.0L;
    double largest = 0.0;
    for (const double e : v) {
        const double d = e - m;
        s2 += d * d;
        sk += r_pow(d, power);
        largest = std::max(largest, std::abs(d));
    }
    if (!(largest > 0x1p200 || largest < 0x1p-200) || largest == 0)
        return {static_cast<double>(s2), static_cast<double>(sk)};
    // Deviations whose powers overflow or underflow (values near the limits of double): the sums
    // of the values times a power of 2 (exact), which skewness and kurtosis do not depend on.
    double extent = 0.0;
    for (const double e : v) extent = std::max(extent, std::abs(e));
    int exponent = 0;
    (void)std::frexp(largest < 0x1p-200 ? largest : extent, &exponent);
    std::vector<double> scaled(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) scaled[i] = std::ldexp(v[i], -exponent);
    const double scaled_mean = r_mean(scaled);
    s2 = 0.0L, sk = 0.0L;
    for (const double e : scaled) {
        const double d = e - scaled_mean;
        s2 += d * d;
        sk += r_pow(d, power);
    }
    return {static_cast<double>(s2), static_cast<double>(sk)};
}

// min and max of the observed values; throws NumericError if there are none.
std::pair<double, double> observed_range(const Eigen::VectorXd& x, std::string_view method) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const double e : x) {
        if (std::isnan(e)) continue;
        lo = std::min(lo, e);
        hi = std::max(hi, e);
    }
    if (lo > hi) throw error_at<NumericError>({}, std::string(method) + ": no observed values; expected at least one");
    return {lo, hi};
}

// Applies f to every observed cell; throws NumericError naming the first input whose result is not finite.
template <class F>
Eigen::VectorXd map_observed(const Eigen::VectorXd& x, std::string_view method, const std::string& expected, F f) {
    Eigen::VectorXd out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) {
            out[i] = nan;
            continue;
        }
        out[i] = f(x[i]);
        if (!std::isfinite(out[i]))
            throw error_at<NumericError>({.line = static_cast<long>(i + 1), .found = exact_number(x[i])},
                                         std::string(method) + ": value " + exact_number(x[i]) + " (row " +
                                             std::to_string(i + 1) + ") gives " + exact_number(out[i]) + "; expected " +
                                             expected);
    }
    return out;
}

std::string describe(const SkewKurtosisCheck& c, std::size_t n) {
    return "skewness = " + exact_number(c.skew) + ", kurtosis = " + exact_number(c.kurtosis) + " over " +
           std::to_string(n) + " observed values";
}

// The check; throws NumericError when pass/fail is undefined. `when` says at which stage.
bool decided(const SkewKurtosisCheck& c, const Eigen::VectorXd& x, const std::string& when) {
    if (!c.pass)
        throw error_at<NumericError>(
            {}, "outlier check " + when + ": " + describe(c, observed(x).size()) +
                    ", so pass/fail is undefined; expected at least 4 observed values, not all equal "
                    "(exclude the indicator from treatment otherwise)");
    return *c.pass;
}

std::string count_points(int k) { return std::to_string(k) + (k == 1 ? " point" : " points"); }

}  // namespace

// --- numeric kernels ------------------------------------------------------------------------------

double skewness(const Eigen::VectorXd& x) {
    const auto v = observed(x);
    if (v.size() < 3) return nan;
    const double n = static_cast<double>(v.size());
    const auto [s2, s3] = central_sums(v, 3);
    // COINr skew(): sqrt(n) * sum(x^3) / sum(x^2)^(3/2) * sqrt(n (n-1)) / (n-2); 0/0 = NaN if constant.
    double y = std::sqrt(n) * s3 / std::pow(s2, 1.5);
    y = y * std::sqrt(n * (n - 1)) / (n - 2);
    return y;
}

double kurtosis(const Eigen::VectorXd& x) {
    const auto v = observed(x);
    if (v.size() < 4) return nan;
    const double n = static_cast<double>(v.size());
    const auto [s2, s4] = central_sums(v, 4);
    // COINr kurt(): r = n sum(x^4) / sum(x^2)^2; ((n+1)(r-3) + 6)(n-1) / ((n-2)(n-3)).
    const double r = n * s4 / (s2 * s2);
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
}

SkewKurtosisCheck check_skew_kurtosis(const Eigen::VectorXd& x, double skew_threshold, double kurtosis_threshold) {
    SkewKurtosisCheck c;
    c.skew = skewness(x);
    c.kurtosis = kurtosis(x);
    // R: (abs(sk) < st) | (kt < kt_th), with NA for comparisons involving NaN.
    const std::optional<bool> skew_ok =
        std::isnan(c.skew) ? std::nullopt : std::optional(std::abs(c.skew) < skew_threshold);
    const std::optional<bool> kurt_ok =
        std::isnan(c.kurtosis) ? std::nullopt : std::optional(c.kurtosis < kurtosis_threshold);
    if (skew_ok.value_or(false) || kurt_ok.value_or(false))
        c.pass = true;
    else if (skew_ok && kurt_ok)
        c.pass = false;
    return c;
}

// --- fallback transforms --------------------------------------------------------------------------------

void check(const LogCT&) {}
void check(const LogCTPlus&) {}
void check(const LogCTOrig&) {}
void check(const LogGII&) {}
void check(const NoFallback&) {}
void check(const BoxCox& m) {
    if (!std::isfinite(m.power))
        throw error_at<MethodError>({.column = "power"},
                                    "boxcox: expected a finite power, found " + exact_number(m.power));
}
void check(const TreatFallback& method) {
    std::visit([](const auto& m) { check(m); }, method);
}

Eigen::VectorXd transform_column(const LogCT&, const Eigen::VectorXd& x) {
    const auto range = observed_range(x, "log_CT");
    const double lo = range.first, hi = range.second;
    const double a = 0.01 * (hi - lo);
    return map_observed(x, "log_CT", "observed values that are not all equal",
                        [&](double e) { return std::log(e - lo + a); });
}

Eigen::VectorXd transform_column(const LogCTPlus&, const Eigen::VectorXd& x) {
    const auto range = observed_range(x, "log_CT_plus");
    const double lo = range.first, hi = range.second;
    const double a = 0.01 * (hi - lo);
    const double s = skewness(x);
    if (std::isnan(s))
        throw error_at<NumericError>({}, "log_CT_plus: skewness is undefined (" + std::to_string(observed(x).size()) +
                                             " observed values); expected at least 3 observed values, not all equal");
    if (s > 0)
        return map_observed(x, "log_CT_plus", "observed values that are not all equal",
                            [&](double e) { return std::log(e - lo + a); });
    return map_observed(x, "log_CT_plus", "observed values that are not all equal",
                        [&](double e) { return -std::log(hi + a - e); });
}

Eigen::VectorXd transform_column(const LogCTOrig&, const Eigen::VectorXd& x) {
    const double lo = observed_range(x, "log_CT_orig").first;
    return map_observed(x, "log_CT_orig", "a finite result", [&](double e) { return std::log(e - lo + 1); });
}

Eigen::VectorXd transform_column(const LogGII&, const Eigen::VectorXd& x) {
    const auto range = observed_range(x, "log_GII");
    const double lo = range.first, hi = range.second;
    if (!(hi > lo))
        throw error_at<NumericError>(
            {.found = exact_number(lo)},
            "log_GII: all observed values equal " + exact_number(lo) + "; expected at least two distinct values");
    return map_observed(x, "log_GII", "a maximum > 0 (the transform maps the maximum to log(max))",
                        [&](double e) { return std::log((hi - 1) * (e - lo) / (hi - lo) + 1); });
}

Eigen::VectorXd transform_column(const BoxCox& m, const Eigen::VectorXd& x) {
    const double lo = observed_range(x, "boxcox").first;
    return map_observed(x, "boxcox", m.make_positive ? "a finite result" : "values > 0 (or make_positive = true)",
                        [&](double e) {
                            const double y = m.make_positive ? e - lo + 1 : e;
                            return m.power == 0 ? std::log(y) : (std::pow(y, m.power) - 1) / m.power;
                        });
}

Eigen::VectorXd transform_column(const NoFallback&, const Eigen::VectorXd& x) { return x; }

Eigen::VectorXd transform_column(const TreatFallback& method, const Eigen::VectorXd& x) {
    return std::visit([&](const auto& m) { return transform_column(m, x); }, method);
}

// --- treatment of one column ------------------------------------------------------------------------

void check(const TreatSpec& s) {
    if (s.winmax < 0)
        throw error_at<MethodError>({.column = "winmax"},
                                    "treatment spec: expected winmax >= 0, found " + std::to_string(s.winmax));
    if (!std::isfinite(s.skew_threshold) || s.skew_threshold < 0)
        throw error_at<MethodError>(
            {.column = "skew_threshold"},
            "treatment spec: expected a finite skew_threshold >= 0, found " + exact_number(s.skew_threshold));
    if (!std::isfinite(s.kurtosis_threshold))
        throw error_at<MethodError>(
            {.column = "kurtosis_threshold"},
            "treatment spec: expected a finite kurtosis_threshold, found " + exact_number(s.kurtosis_threshold));
    check(s.fallback);
    if (s.winmax == 0 && std::holds_alternative<NoFallback>(s.fallback))
        throw error_at<MethodError>(
            {.column = "winmax", .found = "0"},
            "treatment spec: winmax = 0 with fallback \"none\" treats nothing; expected winmax > 0 or a "
            "fallback (to leave indicators untreated, exclude them)");
    if (s.fallback_on_winsorised && std::holds_alternative<NoFallback>(s.fallback))
        throw error_at<MethodError>(
            {.column = "fallback_on_winsorised", .found = "true"},
            "treatment spec: fallback_on_winsorised = true with fallback \"none\" has no effect; expected "
            "a fallback method or fallback_on_winsorised = false");
}

Winsorised winsorise(const Eigen::VectorXd& x, const TreatSpec& spec) {
    Winsorised w{x, 0, std::vector<WinsorSide>(static_cast<std::size_t>(x.size()), WinsorSide::none)};
    auto passes = [&](const std::string& when) {
        return decided(check_skew_kurtosis(w.x, spec.skew_threshold, spec.kurtosis_threshold), w.x, when);
    };
    bool passing = passes("before Winsorising");
    std::vector<Eigen::Index> imax, imin;  // cells replaced at the last high / low round (COINr imax, imin)
    auto extreme_cells = [&](bool high) {
        double m = high ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        for (const double e : w.x)
            if (!std::isnan(e)) m = high ? std::max(m, e) : std::min(m, e);
        std::vector<Eigen::Index> cells;
        for (Eigen::Index i = 0; i < w.x.size(); ++i)
            if (w.x[i] == m) cells.push_back(i);
        // The next value in: the extreme of the other cells.
        double next = high ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        std::size_t k = 0;
        for (Eigen::Index i = 0; i < w.x.size(); ++i) {
            if (k < cells.size() && cells[k] == i) {
                ++k;
                continue;
            }
            if (!std::isnan(w.x[i])) next = high ? std::max(next, w.x[i]) : std::min(next, w.x[i]);
        }
        if (!std::isfinite(next))
            throw error_at<NumericError>({.found = exact_number(m)}, "Winsorising: every observed value equals " +
                                                                         exact_number(m) +
                                                                         "; expected at least two distinct values");
        for (const auto i : cells) w.x[i] = next;
        return cells;
    };
    if (!passing || spec.force_winsorise) {
        while ((!passing || spec.force_winsorise) && w.count < spec.winmax) {
            const double s = skewness(w.x);
            if (std::isnan(s))
                throw error_at<NumericError>({}, "Winsorising after " + count_points(w.count) +
                                                     ": skewness is undefined; expected at "
                                                     "least 3 observed values, not all equal");
            if (s >= 0)
                imax = extreme_cells(true);
            else
                imin = extreme_cells(false);
            w.count = static_cast<int>(imax.size() + imin.size());
            passing = passes("after Winsorising " + count_points(w.count));
        }
    }
    for (const auto i : imax) w.sides[static_cast<std::size_t>(i)] = WinsorSide::high;
    for (const auto i : imin) w.sides[static_cast<std::size_t>(i)] = WinsorSide::low;
    return w;
}

TreatedColumn treat_column(const TreatSpec& spec, const Eigen::VectorXd& x) {
    check(spec);
    TreatedColumn r;
    const auto n = static_cast<std::size_t>(x.size());
    r.points.assign(n, "");
    r.before = check_skew_kurtosis(x, spec.skew_threshold, spec.kurtosis_threshold);
    if (decided(r.before, x, "of the untreated values")) {
        r.x = x;
        r.treatment = "none";
        return r;
    }
    const Winsorised w = winsorise(x, spec);
    r.winsorised = w.count;
    r.after_winsorising = check_skew_kurtosis(w.x, spec.skew_threshold, spec.kurtosis_threshold);
    const bool passing = decided(*r.after_winsorising, w.x, "after Winsorising " + count_points(w.count));
    auto side_label = [&](std::size_t i) -> std::string {
        switch (w.sides[i]) {
            case WinsorSide::low:
                return "winlo";
            case WinsorSide::high:
                return "winhi";
            case WinsorSide::none:
                break;
        }
        return "";
    };
    if (passing || std::holds_alternative<NoFallback>(spec.fallback)) {
        r.x = w.x;
        r.treatment = w.count > 0 ? "winsorise" : "none";
        for (std::size_t i = 0; i < n; ++i) r.points[i] = side_label(i);
        return r;
    }
    const std::string name(detail::method_name_of(spec.fallback));
    r.x = transform_column(spec.fallback, spec.fallback_on_winsorised ? w.x : x);
    r.after_fallback = check_skew_kurtosis(r.x, spec.skew_threshold, spec.kurtosis_threshold);
    (void)decided(*r.after_fallback, r.x, "after " + name);
    const bool combined = spec.fallback_on_winsorised && w.count > 0;
    r.treatment = combined ? "winsorise+" + name : name;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(x[static_cast<Eigen::Index>(i)])) continue;
        const std::string side = spec.fallback_on_winsorised ? side_label(i) : std::string();
        r.points[i] = side.empty() ? name : side + "+" + name;
    }
    return r;
}

// --- the step -----------------------------------------------------------------------------------------

namespace {}  // namespace

void check(const Treat& step) {
    try {
        check(step.spec);
    } catch (const MethodError& e) {
        rethrow_with(e, "treat step, spec: ", {.source = "treat step", .column = "spec"});
    }
    for (const auto& [code, spec] : step.per_node) {
        try {
            check(spec);
        } catch (const MethodError& e) {
            rethrow_with(e, "treat step, per-node spec for " + in_quotes(code) + ": ",
                         {.source = "treat step", .column = "per_node", .node = code});
        }
    }
}

void check(const Treat& step, const Framework& fw) {
    check(step);
    std::set<std::string> specified;
    for (const auto& [code, spec] : detail::resolve_per_node(step.per_node, fw, detail::NodeRole::indicator,
                                                             "treat step: ", "per-node spec", "treat step", "per_node"))
        specified.insert(code);
    const auto excluded = detail::resolve_codes(step.exclude, fw, detail::NodeRole::indicator,
                                                "treat step: ", "excluded", "treat step", "exclude");
    for (const auto& code : excluded)
        if (specified.count(code) != 0)
            throw MethodError("treat step: indicator " + in_quotes(code) +
                                  " is both excluded and given a per-node spec; expected one or the other",
                              ErrorLocation{.source = "treat step",
                                            .column = "exclude",
                                            .node = code,
                                            .expected = "excluded or a per-node spec",
                                            .found = "both"});
    if (excluded.size() == fw.indicators().size())
        throw error_at<MethodError>(
            {.source = "treat step", .column = "exclude"},
            "treat step: every indicator is excluded, so the step treats nothing; expected at least one "
            "indicator to treat");
}

StepOutput apply(const Treat& step, const Framework& fw, const Dataset& data) {
    check(step, fw);
    if (data.is_panel())
        throw error_at<InputError>(
            {.source = "treat step", .column = "Time", .found = std::to_string(data.years().size()) + " years"},
            "treat step: the data set holds " + std::to_string(data.years().size()) +
                " years; expected one cross-section (select a year first)");
    for (const auto& code : fw.indicators())
        if (!data.has_column(code))
            throw error_at<InputError>({.source = "treat step", .node = code, .found = "no column"},
                                       "treat step: the data set has no column for indicator " + in_quotes(code) +
                                           "; expected every indicator of the framework");

    std::map<std::string, const TreatSpec*> spec_of;
    for (const auto& [code, spec] : step.per_node) spec_of.emplace(fw.node(code).code, &spec);
    std::set<std::string> excluded;
    for (const auto& code : step.exclude) excluded.insert(fw.node(code).code);

    const auto& indicators = fw.indicators();
    const auto units = data.unit_count();
    const auto k = indicators.size();
    Eigen::MatrixXd out(units, static_cast<Eigen::Index>(k));
    CellFlags flags(units, static_cast<Eigen::Index>(k));
    // Untreated cells keep their standard errors; treated cells have none (NaN).
    Eigen::MatrixXd standard_errors(data.has_standard_errors() ? units : 0,
                                    data.has_standard_errors() ? static_cast<Eigen::Index>(k) : 0);

    std::vector<std::optional<bool>> pass0(k), pass1(k), pass2(k);
    std::vector<double> skew0(k, nan), kurt0(k, nan), nwin(k, nan), skew1(k, nan), kurt1(k, nan), skew2(k, nan),
        kurt2(k, nan);
    std::vector<std::string> treatment(k);
    Table points;
    points.add("uCode", data.unit_codes());

    for (std::size_t j = 0; j < k; ++j) {
        const auto col = static_cast<Eigen::Index>(j);
        const std::string& code = indicators[j];
        const Eigen::Index in = data.column_index(code);
        out.col(col) = data.values().col(in);
        flags.col(col) = data.flags().col(in);
        if (data.has_standard_errors()) standard_errors.col(col) = data.standard_errors().col(in);
        if (excluded.count(code) != 0) {
            treatment[j] = "excluded";
            points.add(code, std::vector<std::string>(static_cast<std::size_t>(units)));
            continue;
        }
        const auto it = spec_of.find(code);
        const TreatSpec& spec = it == spec_of.end() ? step.spec : *it->second;
        TreatedColumn r;
        try {
            r = treat_column(spec, data.values().col(in));
        } catch (const NumericError& e) {
            rethrow_with(e, "treat step, indicator " + in_quotes(code) + ": ", {.source = "treat step", .node = code});
        }
        for (Eigen::Index u = 0; u < units; ++u) {
            if (r.points[static_cast<std::size_t>(u)].empty()) continue;  // untouched: keep the input bits
            out(u, col) = r.x[u];
            flags(u, col) = static_cast<std::uint8_t>(flags(u, col) | cell_treated);
            if (data.has_standard_errors()) standard_errors(u, col) = std::numeric_limits<double>::quiet_NaN();
        }
        pass0[j] = r.before.pass;
        skew0[j] = r.before.skew;
        kurt0[j] = r.before.kurtosis;
        if (r.winsorised) nwin[j] = *r.winsorised;
        if (r.after_winsorising) {
            pass1[j] = r.after_winsorising->pass;
            skew1[j] = r.after_winsorising->skew;
            kurt1[j] = r.after_winsorising->kurtosis;
        }
        if (r.after_fallback) {
            pass2[j] = r.after_fallback->pass;
            skew2[j] = r.after_fallback->skew;
            kurt2[j] = r.after_fallback->kurtosis;
        }
        treatment[j] = r.treatment;
        points.add(code, std::move(r.points));
    }

    Table details;
    details.add("iCode", indicators);
    details.add("check_SkewKurt0.Pass", pass0);
    details.add("check_SkewKurt0.Skew", skew0);
    details.add("check_SkewKurt0.Kurt", kurt0);
    details.add("winsorise.nwin", nwin);
    details.add("check_SkewKurt1.Pass", pass1);
    details.add("check_SkewKurt1.Skew", skew1);
    details.add("check_SkewKurt1.Kurt", kurt1);
    details.add("check_SkewKurt2.Pass", pass2);
    details.add("check_SkewKurt2.Skew", skew2);
    details.add("check_SkewKurt2.Kurt", kurt2);
    details.add("Treatment", treatment);

    StepOutput result{
        data.with_values(indicators, std::move(out), std::move(flags), std::move(standard_errors)), {}, {}};
    result.tables.emplace_back("TreatmentDetails", std::move(details));
    result.tables.emplace_back("TreatedPoints", std::move(points));
    return result;
}

}  // namespace govindex
