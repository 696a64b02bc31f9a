#pragma once
/// \file normalise.hpp
/// Normalisation methods (COINr 1.1.14 `n_*` catalogue). Each is a small value type plus a pure
/// function on one column; the Normalise step (below) applies the indicator's direction
/// (x * direction, as COINr does) before calling it, so "higher is better" inside every method.
/// Methods whose parameters are in the indicator's raw units (Scaled, DistanceToTarget, Goalposts)
/// flip them with `context.node.direction`, as COINr does when it reads them from iMeta.
/// Every method keeps NaN (missing) as NaN. Formulas and output ranges: docs/guide/normalise.md.
/// To add a method: a struct with `method_name` and `fields()`, its `normalise_column` overload and
/// `check` overload(s), and an entry in NormaliseMethod.

#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/step.hpp"

namespace govindex {

/// Min-max: (x - min) / (max - min) * (high - low) + low; output range [low, high].
/// COINr `n_minmax`. A constant column is a NumericError (COINr returns NaN with a warning).
struct MinMax {
    static constexpr std::string_view method_name = "minmax";
    double low = 0.0;     ///< value given to the worst unit
    double high = 100.0;  ///< value given to the best unit
    static constexpr auto fields() {
        return std::tuple{detail::field("low", &MinMax::low, "value given to the worst unit"),
                          detail::field("high", &MinMax::high, "value given to the best unit")};
    }
    friend bool operator==(const MinMax&, const MinMax&) = default;
};

/// Z-score: (x - mean) / sd * sd_target + mean_target, with the sample mean and the sample
/// standard deviation (n - 1, R's sd()) of the observed values. Output: mean `mean`, standard
/// deviation `sd`, unbounded (about mean +- 3 sd for bell-shaped data). COINr `n_zscore`.
struct ZScore {
    static constexpr std::string_view method_name = "zscore";
    double mean = 0.0;  ///< mean of the output
    double sd = 1.0;    ///< standard deviation of the output (> 0)
    static constexpr auto fields() {
        return std::tuple{detail::field("mean", &ZScore::mean, "mean of the output"),
                          detail::field("sd", &ZScore::sd, "standard deviation of the output (> 0)")};
    }
    friend bool operator==(const ZScore&, const ZScore&) = default;
};

/// Scaled: (x - lower) / (upper - lower) * scale, with lower and upper in the indicator's raw
/// units; for direction -1 the posts are flipped ((upper - raw) / (upper - lower) * scale), as
/// COINr does for iMeta parameters. Output: [0, scale] for raw values within [lower, upper],
/// unbounded outside (no truncation). COINr `n_scaled`.
struct Scaled {
    static constexpr std::string_view method_name = "scaled";
    double lower = 0.0;    ///< raw value scored 0 (direction +1) or `scale` (direction -1)
    double upper = 100.0;  ///< raw value scored `scale` (direction +1) or 0 (direction -1)
    double scale = 100.0;  ///< output value at the best post (> 0)
    static constexpr auto fields() {
        return std::tuple{detail::field("lower", &Scaled::lower, "raw value scored 0 (scale for direction -1)"),
                          detail::field("upper", &Scaled::upper, "raw value scored scale (0 for direction -1)"),
                          detail::field("scale", &Scaled::scale, "output value at the best post (> 0)")};
    }
    friend bool operator==(const Scaled&, const Scaled&) = default;
};

/// Distance to the maximum: 1 - (max - x) / (max - min); output range [0, 1] (1 = best unit).
/// COINr `n_dist2max`. A constant column is a NumericError.
struct DistanceToMax {
    static constexpr std::string_view method_name = "dist2max";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const DistanceToMax&, const DistanceToMax&) = default;
};

/// Distance to a reference unit: 1 - (x_ref - x) / (x_ref - min), x_ref the value of unit `unit`.
/// Output: 0 for the worst unit, 1 for the reference; units better than the reference score
/// above 1 unless `cap_max` (then the range is [0, 1]). COINr `n_dist2ref` (which takes a
/// position; here the unit's code). A missing reference value, or a reference that is the worst
/// unit, is a NumericError.
struct DistanceToReference {
    static constexpr std::string_view method_name = "dist2ref";
    std::string unit;      ///< code (uCode) of the reference unit
    bool cap_max = false;  ///< give 1 to units better than the reference
    static constexpr auto fields() {
        return std::tuple{
            detail::field("unit", &DistanceToReference::unit, "code (uCode) of the reference unit"),
            detail::field("cap_max", &DistanceToReference::cap_max, "give 1 to units better than the reference")};
    }
    friend bool operator==(const DistanceToReference&, const DistanceToReference&) = default;
};

/// Distance to target: (x - min) / (target - min), the target taken from the framework row
/// (`Node::target`, iMeta column Target, raw units; multiplied by the direction as COINr does).
/// Output: 0 for the worst unit, 1 at the target, above 1 beyond it unless `cap_max` (then
/// [0, 1]). COINr `n_dist2targ`. An indicator without a target is a MethodError; a target not
/// better than the worst observed value is a NumericError (COINr warns and returns negative or
/// infinite scores).
struct DistanceToTarget {
    static constexpr std::string_view method_name = "dist2targ";
    bool cap_max = false;  ///< give 1 to units beyond the target
    static constexpr auto fields() {
        return std::tuple{detail::field("cap_max", &DistanceToTarget::cap_max, "give 1 to units beyond the target")};
    }
    friend bool operator==(const DistanceToTarget&, const DistanceToTarget&) = default;
};

/// Fraction of the maximum: x / max. Output: 1 for the best unit, (0, 1] when every value is
/// positive, negative for negative values. COINr `n_fracmax`. Requires a positive maximum of the
/// direction-adjusted values, so in practice positive-direction indicators: a maximum <= 0 is a
/// NumericError (COINr returns Inf, NaN or scores that reverse the order).
struct FractionOfMax {
    static constexpr std::string_view method_name = "fracmax";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const FractionOfMax&, const FractionOfMax&) = default;
};

/// Rank: 1 for the worst unit up to n (the number of observed values) for the best; ties share
/// the lowest rank ("min", COINr's default), their mean ("average") or the highest ("max"), as
/// R's rank(ties.method). Output range [1, n]. COINr `n_rank`.
struct Rank {
    static constexpr std::string_view method_name = "rank";
    std::string ties = "min";  ///< "min", "average" or "max"
    static constexpr auto fields() {
        return std::tuple{detail::field("ties", &Rank::ties, "tied values: \"min\", \"average\" or \"max\"")};
    }
    friend bool operator==(const Rank&, const Rank&) = default;
};

/// Percentile rank: (rank - 1) / (n - 1), rank as in Rank; output range [0, 1]. Needs at least
/// two observed values. COINr `n_prank`.
struct PercentRank {
    static constexpr std::string_view method_name = "prank";
    std::string ties = "min";  ///< "min", "average" or "max"
    static constexpr auto fields() {
        return std::tuple{detail::field("ties", &PercentRank::ties, "tied values: \"min\", \"average\" or \"max\"")};
    }
    friend bool operator==(const PercentRank&, const PercentRank&) = default;
};

/// Borda score: rank - 1 (the number of units beaten, ties "min"); output range [0, n - 1].
/// COINr `n_borda`.
struct Borda {
    static constexpr std::string_view method_name = "borda";
    std::string ties = "min";  ///< "min", "average" or "max"
    static constexpr auto fields() {
        return std::tuple{detail::field("ties", &Borda::ties, "tied values: \"min\", \"average\" or \"max\"")};
    }
    friend bool operator==(const Borda&, const Borda&) = default;
};

/// Goalposts: (x - lower) / (upper - lower), truncated to [0, 1] if `truncate`, times `scale`;
/// lower and upper in the indicator's raw units (direction -1: (upper - raw) / (upper - lower)).
/// Output range [0, scale] with truncation, unbounded without. COINr `n_goalposts`.
/// `lower` and `upper` NaN (the default): every setting comes from the indicator's framework row,
/// attributes goalpost_lower, goalpost_upper, goalpost_scale, goalpost_trunc2posts (COINr's
/// f_n_para = "use_iMeta"); a missing or unparseable attribute is a MethodError. NaN compares
/// equal to NaN in operator== here, so Goalposts{} == Goalposts{}.
struct Goalposts {
    static constexpr std::string_view method_name = "goalposts";
    double lower = std::numeric_limits<double>::quiet_NaN();  ///< raw value scored 0; NaN = from the framework
    double upper = std::numeric_limits<double>::quiet_NaN();  ///< raw value scored `scale`; NaN = from the framework
    double scale = 100.0;                                     ///< output value at the upper post (> 0)
    bool truncate = true;                                     ///< clamp values beyond the posts to the posts
    static constexpr auto fields() {
        return std::tuple{
            detail::field("lower", &Goalposts::lower, "raw value scored 0; NaN = framework attribute goalpost_lower"),
            detail::field("upper", &Goalposts::upper,
                          "raw value scored scale; NaN = framework attribute goalpost_upper"),
            detail::field("scale", &Goalposts::scale, "output value at the upper post (> 0)"),
            detail::field("truncate", &Goalposts::truncate, "clamp values beyond the posts to the posts")};
    }
    friend bool operator==(const Goalposts& a, const Goalposts& b);
};

/// Every normalisation method.
using NormaliseMethod = std::variant<MinMax, ZScore, Scaled, DistanceToMax, DistanceToReference, DistanceToTarget,
                                     FractionOfMax, Rank, PercentRank, Borda, Goalposts>;

/// Throw MethodError if the parameters are unusable (non-finite or empty bounds, posts in the
/// wrong order, an unknown ties rule, ...).
void check(const MinMax& method);
void check(const ZScore& method);
void check(const Scaled& method);
void check(const DistanceToMax& method);
void check(const DistanceToReference& method);
void check(const DistanceToTarget& method);
void check(const FractionOfMax& method);
void check(const Rank& method);
void check(const PercentRank& method);
void check(const Borda& method);
void check(const Goalposts& method);

/// Throws MethodError if the method cannot be used for this indicator's framework row: no target
/// for DistanceToTarget, missing or unparseable goalpost attributes for Goalposts (other methods
/// need nothing from the row). Lets a pipeline be checked before it sees data.
void check(const NormaliseMethod& method, const Node& indicator);

/// The goalposts used for an indicator: the method's own, or read from the framework row.
struct ResolvedGoalposts {
    double lower = 0.0;
    double upper = 0.0;
    double scale = 100.0;
    bool truncate = true;
    friend bool operator==(const ResolvedGoalposts&, const ResolvedGoalposts&) = default;
};
/// The goalposts of `method` for `indicator` (attributes read when lower/upper are NaN);
/// throws MethodError naming the indicator and the attribute.
[[nodiscard]] ResolvedGoalposts resolve_goalposts(const Goalposts& method, const Node& indicator);

/// Normalises one direction-adjusted column (NaN stays NaN); `context.node` names the indicator in
/// errors and gives the direction, target and attributes; `context.units` the unit codes.
[[nodiscard]] Eigen::VectorXd normalise_column(const MinMax& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const ZScore& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const Scaled& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const DistanceToMax& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const DistanceToReference& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const DistanceToTarget& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const FractionOfMax& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const Rank& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const PercentRank& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const Borda& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
[[nodiscard]] Eigen::VectorXd normalise_column(const Goalposts& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);

/// Dispatches on the method held.
[[nodiscard]] Eigen::VectorXd normalise_column(const NormaliseMethod& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
void check(const NormaliseMethod& method);

/// Standard errors of a normalised column (`x` direction-adjusted, `se` its standard errors, NaN =
/// not known). Methods affine in the value (MinMax, ZScore, Scaled, DistanceToMax,
/// DistanceToReference, DistanceToTarget, FractionOfMax, Goalposts) give se * |slope|, treating
/// the column statistics (min, max, mean, sd, reference value) as fixed, not re-estimated; NaN
/// where a cap (`cap_max`) or truncation moved the value. Rank-based methods (Rank, PercentRank,
/// Borda) give NaN: a rank is not a linear function of one value, so no standard error carries.
[[nodiscard]] Eigen::VectorXd normalise_standard_errors(const NormaliseMethod& method, const Eigen::VectorXd& x,
                                                        const Eigen::VectorXd& se, const ColumnContext& context);

// --- the step ----------------------------------------------------------------------------------

/// Normalise every indicator: x * direction, then the method (per-indicator override if given).
/// Output data set: "Normalised". Standard errors: see normalise_standard_errors; flags and
/// suppression reasons are kept.
/// For panel data, parameters (min, max, mean ...) come from each year separately, or from all
/// years pooled when `pool_years` is true (COINr's global normalisation of a purse).
struct Normalise {
    static constexpr std::string_view step_name = "normalise";
    static constexpr std::string_view data_set_name = "Normalised";
    NormaliseMethod method = MinMax{};                ///< default for every indicator
    std::map<std::string, NormaliseMethod> per_node;  ///< indicator code -> method
    bool pool_years = false;                          ///< panel data: one set of parameters over all years
    static constexpr auto fields() {
        return std::tuple{
            detail::field("method", &Normalise::method, "default method for every indicator"),
            detail::field("per_node", &Normalise::per_node, "indicator code -> method"),
            detail::field("pool_years", &Normalise::pool_years, "panel data: one set of parameters over all years")};
    }
    [[nodiscard]] bool uses_all_years() const { return pool_years; }
    friend bool operator==(const Normalise&, const Normalise&) = default;
};

/// Checks what the step's own values must satisfy (its methods' parameters), without a framework:
/// run when a step is made (Python constructors) and again by check(step, framework).
/// Throws MethodError naming the field and node.
void check(const Normalise& step);

/// Checks the step against the framework: methods and parameters, per-node codes (indicators,
/// NFC, one entry per node) and what each method needs from the indicator's row (a target,
/// goalposts). Throws MethodError naming the node.
void check(const Normalise& step, const Framework& framework);

/// Applies the step (checked first). For panel data each year is normalised on its own unless
/// `pool_years`, as in a pipeline. Output data set: "Normalised".
[[nodiscard]] StepOutput apply(const Normalise& step, const Framework& framework, const Dataset& data);

namespace detail {
/// The step on one data set as it is (no year split), for a step already checked (Pipeline::run).
[[nodiscard]] StepOutput apply_checked(const Normalise& step, const Framework& framework, const Dataset& data);
}  // namespace detail

}  // namespace govindex
