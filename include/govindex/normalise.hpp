#pragma once
/// \file normalise.hpp
/// Normalisation methods. Each is a small value type plus a pure function on one column; the
/// Normalise step (pipeline.hpp) applies the indicator's direction (x * direction, as COINr does)
/// before calling it. To add a method: a struct with `method_name` and `fields()`, its
/// `normalise_column` overload and `check` overload, and an entry in NormaliseMethod.

#include <string_view>
#include <tuple>
#include <variant>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/framework.hpp"
#include "govindex/step.hpp"

namespace govindex {

/// Min-max: (x - min) / (max - min) * (high - low) + low; output range [low, high].
/// COINr `n_minmax`. A constant column is a NumericError (COINr returns NaN with a warning).
struct MinMax {
    static constexpr std::string_view method_name = "minmax";
    double low = 0.0;    ///< value given to the worst unit
    double high = 100.0; ///< value given to the best unit
    static constexpr auto fields() {
        return std::tuple{detail::field("low", &MinMax::low, "value given to the worst unit"),
                          detail::field("high", &MinMax::high, "value given to the best unit")};
    }
    friend bool operator==(const MinMax&, const MinMax&) = default;
};

/// Every normalisation method.
using NormaliseMethod = std::variant<MinMax>;

/// Throws MethodError if the parameters are unusable (here: low >= high or not finite).
void check(const MinMax& method);

/// Normalises one direction-adjusted column (NaN stays NaN); `context.node` names the indicator in errors.
[[nodiscard]] Eigen::VectorXd normalise_column(const MinMax& method, const Eigen::VectorXd& x, const ColumnContext& context);

/// Dispatches on the method held.
[[nodiscard]] Eigen::VectorXd normalise_column(const NormaliseMethod& method, const Eigen::VectorXd& x,
                                               const ColumnContext& context);
void check(const NormaliseMethod& method);

}  // namespace govindex
