#pragma once
/// \file aggregate_methods.hpp
/// Aggregation methods. Each is a small value type plus a pure function that combines the
/// children's columns (units x children) with the children's weights into the parent's column.
/// To add a method: a struct with `method_name` and `fields()`, its `aggregate_rows` and `check`
/// overloads, and an entry in AggregateMethod. Formulas, missing values and the differences from
/// COINr are in docs/guide/aggregate.md.
///
/// Common rules: the children's columns are direction-adjusted (higher is better) and NaN is
/// missing; per unit, missing children are skipped and the weights of the present ones rescaled;
/// a child of weight 0 takes no part at all (its values are neither used nor checked); a unit
/// with no present child of positive weight gets a missing aggregate.
///
/// AggregationRecord, what the aggregate step (aggregate.hpp) keeps of each aggregate, is here too:
/// StepOutput (step.hpp) holds it, and aggregate.hpp includes step.hpp.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"

namespace govindex {

/// What an aggregation method sees besides the numbers: the aggregate, its children's codes (in
/// the column order of the children matrix) and the units (in row order), for error messages.
struct AggregateContext {
    const Node& parent;
    const std::vector<std::string>& children;
    const Units& units;
};

/// Weighted arithmetic mean, per unit over its non-missing children: weights of the present
/// children are rescaled to sum to 1, then sum(w * x). All children missing gives missing.
/// COINr `a_amean`.
struct ArithmeticMean {
    static constexpr std::string_view method_name = "amean";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const ArithmeticMean&, const ArithmeticMean&) = default;
};

/// Weighted geometric mean exp(sum(w * log x) / sum(w)) over the present children. COINr `a_gmean`.
/// Values must be > 0; `zero_policy` decides what a 0 does: "error" (default: NumericError naming
/// the aggregate and every unit concerned), "zero" (the aggregate is 0, the value of the product
/// prod(x ^ (w / sum(w)))), "offset" (shifted mean exp(sum(w * log(x + offset)) / sum(w)) - offset
/// for every unit). Negative values are always a NumericError.
struct GeometricMean {
    static constexpr std::string_view method_name = "gmean";
    std::string zero_policy = "error";  ///< "error", "zero" or "offset"
    double offset = 0.0;                ///< > 0 with zero_policy "offset"; must stay 0 otherwise
    static constexpr auto fields() {
        return std::tuple{
            detail::field("zero_policy", &GeometricMean::zero_policy,
                          "what a child value of 0 does: \"error\", \"zero\" (the mean is 0) or \"offset\""),
            detail::field("offset", &GeometricMean::offset,
                          "constant added before the logarithms and subtracted after (zero_policy \"offset\")")};
    }
    friend bool operator==(const GeometricMean&, const GeometricMean&) = default;
};

/// Weighted harmonic mean sum(w) / sum(w / x) over the present children. COINr `a_hmean`.
/// Values must be > 0 (NumericError naming the aggregate and the units otherwise).
struct HarmonicMean {
    static constexpr std::string_view method_name = "hmean";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const HarmonicMean&, const HarmonicMean&) = default;
};

/// Weighted generalised (power) mean (sum(w * x^p) / sum(w))^(1/p) over the present children.
/// COINr `a_genmean`. p = 1 is the arithmetic mean (any values), p = 0 the geometric mean (its
/// limit), p = -1 the harmonic mean. Values must be >= 0 for p > 0 (p != 1) and > 0 for p <= 0.
struct GeneralisedMean {
    static constexpr std::string_view method_name = "genmean";
    double p = 1.0;  ///< exponent, finite
    static constexpr auto fields() {
        return std::tuple{detail::field("p", &GeneralisedMean::p,
                                        "exponent: 1 arithmetic, 0 geometric, -1 harmonic, 2 quadratic ...")};
    }
    friend bool operator==(const GeneralisedMean&, const GeneralisedMean&) = default;
};

/// Weighted median of the present children: sorted by value, the first value at which the
/// cumulative weight reaches half the total; if it reaches exactly half, the mean of that value
/// and the next. Equals matrixStats::weightedMedian(x, w, na.rm = TRUE, interpolate = FALSE,
/// ties = "mean"). Not built into COINr.
struct WeightedMedian {
    static constexpr std::string_view method_name = "wmedian";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const WeightedMedian&, const WeightedMedian&) = default;
};

/// Copeland score against the other units: for each other unit, compare the children both have
/// (weight where this unit is higher vs weight where it is lower; equal values count for
/// neither); +1 per unit it outranks, -1 per unit that outranks it. Output: whole numbers in
/// [-(n - 1), n - 1]. COINr `a_copeland` / `outrankMatrix` (whose missing-value handling differs).
struct Copeland {
    static constexpr std::string_view method_name = "copeland";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const Copeland&, const Copeland&) = default;
};

/// Mazziotta-Pareto index (Mazziotta & Pareto 2016): each child standardised across the units
/// (MPI: z = 100 + 10 (x - mean) / sd, population sd; AMPI, `adjusted`: r = 100 + 60 (x - mean) /
/// (max - min), goalposts mean -/+ half the range), then per unit M -/+ S * S / M with M, S the
/// weighted mean and population sd of the unit's standardised children. `penalty` "subtract"
/// (MPI-/AMPI-, for an index where higher is better) or "add" (MPI+/AMPI+).
/// Compind `ci_mpi` / `ci_ampi` (see the guide for the differences).
struct MazziottaPareto {
    static constexpr std::string_view method_name = "mpi";
    bool adjusted = false;             ///< false: MPI (z-scores); true: AMPI (rescaled to goalposts)
    std::string penalty = "subtract";  ///< "subtract" (higher is better) or "add"
    static constexpr auto fields() {
        return std::tuple{
            detail::field("adjusted", &MazziottaPareto::adjusted,
                          "false: MPI (z-scores 100 +- 10); true: AMPI (min-max around the mean, 70..130)"),
            detail::field("penalty", &MazziottaPareto::penalty,
                          "\"subtract\" (MPI-, higher is better) or \"add\" (MPI+)")};
    }
    friend bool operator==(const MazziottaPareto&, const MazziottaPareto&) = default;
};

/// Weighted sum scale * sum(w * x) with the weights as given (not rescaled to sum to 1); a unit
/// missing any child of positive weight gets a missing aggregate (nothing is rescaled). Points
/// that add up the tree (PAR INDEX: weights 1), additive scales (PAPI: dimensions 1-10 add up to
/// the total) and fixed-scale weighted means (PCI = 10 * sum(w_k s_k): weights w_k, scale 10) are
/// this method. Not built into COINr.
struct WeightedSum {
    static constexpr std::string_view method_name = "sum";
    double scale = 1.0;  ///< finite, > 0: multiplies the weighted sum
    static constexpr auto fields() {
        return std::tuple{detail::field("scale", &WeightedSum::scale,
                                        "factor applied to the weighted sum (PCI: 10 with weights summing to 1)")};
    }
    friend bool operator==(const WeightedSum&, const WeightedSum&) = default;
};

/// Every aggregation method.
using AggregateMethod = std::variant<ArithmeticMean, GeometricMean, HarmonicMean, GeneralisedMean, WeightedMedian,
                                     Copeland, MazziottaPareto, WeightedSum>;

/// A weighted power mean in closed form: M = (Σ w (x + offset)^p / Σ w)^(1/p) − offset, the
/// geometric mean exp(Σ w log(x + offset) / Σ w) − offset for p = 0. What the engines that work
/// with the formula (the uncertainty kernel, marginal effects) know of a method.
struct PowerMeanForm {
    double p = 1;                        ///< the exponent: 1 arithmetic, 0 geometric, −1 harmonic
    double offset = 0;                   ///< added before the power, subtracted after
    bool zero_child_gives_zero = false;  ///< a child of 0 makes the mean 0 (gmean, zero_policy "zero")
    friend bool operator==(const PowerMeanForm&, const PowerMeanForm&) = default;
};

/// The power-mean form of `method`: `amean` p = 1, `gmean` p = 0 (with its offset), `hmean`
/// p = −1, `genmean` its p; nullopt for every other method (`sum` is a scaled sum, not a mean).
[[nodiscard]] inline std::optional<PowerMeanForm> power_mean_form(const AggregateMethod& method) {
    return std::visit(detail::overloaded{
                          [](const ArithmeticMean&) { return std::optional{PowerMeanForm{}}; },
                          [](const GeometricMean& m) {
                              return std::optional{PowerMeanForm{.p = 0,
                                                                 .offset = m.zero_policy == "offset" ? m.offset : 0.0,
                                                                 .zero_child_gives_zero = m.zero_policy == "zero"}};
                          },
                          [](const HarmonicMean&) { return std::optional{PowerMeanForm{.p = -1}}; },
                          [](const GeneralisedMean& m) { return std::optional{PowerMeanForm{.p = m.p}}; },
                          [](const auto&) { return std::optional<PowerMeanForm>{}; },
                      },
                      method);
}

/// Throw MethodError if the parameters are unusable.
void check(const ArithmeticMean& method);
void check(const GeometricMean& method);
void check(const HarmonicMean& method);
void check(const GeneralisedMean& method);
void check(const WeightedMedian& method);
void check(const Copeland& method);
void check(const MazziottaPareto& method);
void check(const WeightedSum& method);

/// Aggregate the children (units x k, NaN = missing) of `context.parent` with weights (k, >= 0)
/// into the parent's column (NaN = missing). Values a method cannot use are a NumericError naming
/// the aggregate and the units (and children) concerned.
[[nodiscard]] Eigen::VectorXd aggregate_rows(const ArithmeticMean& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const GeometricMean& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const HarmonicMean& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const GeneralisedMean& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const WeightedMedian& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const Copeland& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const MazziottaPareto& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
[[nodiscard]] Eigen::VectorXd aggregate_rows(const WeightedSum& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);

/// Dispatches on the method held.
[[nodiscard]] Eigen::VectorXd aggregate_rows(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const AggregateContext& context);
void check(const AggregateMethod& method);

/// Each child's contribution to its parent, in the parent's units: units x children, each row
/// adding up to the parent's value (`parent`, as aggregate_rows gave it); 0 for a child that takes
/// no part (missing or weight 0), NaN in a row whose parent is missing. The rule per method is
/// contribution_rule(); nullopt for a method with no sound additive split (Copeland,
/// Mazziotta-Pareto). Guide: docs/guide/aggregate.md, "Contributions".
[[nodiscard]] std::optional<Eigen::MatrixXd> contributions(const AggregateMethod& method,
                                                           const Eigen::MatrixXd& children,
                                                           const Eigen::VectorXd& weights,
                                                           const Eigen::VectorXd& parent);
/// How a method's value splits into contributions, in words, or why it does not.
[[nodiscard]] std::string contribution_rule(const AggregateMethod& method);
/// The weights as a unit's aggregate used them (units x children): the weights of the present
/// children rescaled to sum to 1 (WeightedSum: as given, times its scale); 0 where a child takes no
/// part.
[[nodiscard]] Eigen::MatrixXd used_weights(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                           const Eigen::VectorXd& weights);
/// The marginal effect of each child on its parent, d parent / d child (units x children), at the
/// values given (`children`, `parent` as aggregate_rows gave it, `used` the weights as used, see
/// used_weights): g_i = w_i for ArithmeticMean, WeightedSum (w_i includes its scale) and
/// GeneralisedMean with p = 1 (exact: the map is linear); (M + o)^(1 - p) w_i (x_i + o)^(p - 1) for
/// GeometricMean (p = 0, o its offset), HarmonicMean (p = -1) and GeneralisedMean; 0 for a child
/// taking no part; NaN where the parent is missing, a value is <= 0 where the power needs it
/// positive, or for WeightedMedian, Copeland and MazziottaPareto (not differentiable, or depending
/// on every unit).
[[nodiscard]] Eigen::MatrixXd marginal_effects(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                               const Eigen::VectorXd& parent, const Eigen::MatrixXd& used);

/// Standard errors of an aggregate (units), from its children's values and standard errors (units
/// x children, NaN = not known), its value `parent` and the weights as used (`used`, see
/// used_weights): sqrt(sum((g_i * se_i)^2)) over the children taking part, assuming independent
/// errors. g_i = w_i for ArithmeticMean, WeightedSum and GeneralisedMean with p = 1 (exact: the
/// map is linear); first-order delta method g_i = (M + o)^(1 - p) w_i (x_i + o)^(p - 1) for
/// GeometricMean (p = 0, o its offset), HarmonicMean (p = -1) and GeneralisedMean (NaN if a value
/// is <= 0 there). NaN when the aggregate is missing, a child taking part has no standard error,
/// or for WeightedMedian, Copeland and MazziottaPareto (not differentiable, or depending on every
/// unit).
[[nodiscard]] Eigen::VectorXd aggregate_standard_errors(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                                        const Eigen::VectorXd& parent, const Eigen::MatrixXd& used,
                                                        const Eigen::MatrixXd& children_standard_errors);

/// What the aggregate step did at one aggregate, kept by the run: the method and the weights it
/// was given there, its children and the units the data-availability threshold blanked. With the
/// children's values in the step's data set this is everything the aggregate was computed from;
/// Results::explain and Results::contributions read it (nothing is taken again from the pipeline).
struct AggregationRecord {
    std::string node;                   ///< the aggregate's code
    AggregateMethod method;             ///< the method used there (after per-node overrides)
    std::vector<std::string> children;  ///< children codes, in the order of `weights`
    Eigen::VectorXd weights;            ///< the weights given to the method (weight set and step overrides)
    std::vector<bool>
        below_availability;  ///< per unit (rows of the step's data set): blanked by min_availability; empty = none

    /// True when the data-availability threshold blanked the unit in `row`.
    [[nodiscard]] bool blanked(std::size_t row) const {
        return row < below_availability.size() && below_availability[row];
    }

    /// The children's values as the method saw them: the columns of `children` in `data` (the
    /// step's data set), NaN in the rows the threshold blanked.
    [[nodiscard]] Eigen::MatrixXd inputs(const Dataset& data) const;
    /// True when the method splits its value into the children's contributions.
    [[nodiscard]] bool has_split() const;
    /// How the value splits, or why it does not (contribution_rule(method)).
    [[nodiscard]] std::string contribution_rule() const { return govindex::contribution_rule(method); }
    friend bool operator==(const AggregationRecord& a, const AggregationRecord& b);
};

}  // namespace govindex
