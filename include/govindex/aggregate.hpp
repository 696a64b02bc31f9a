#pragma once
/// \file aggregate.hpp
/// Aggregation methods. Each is a small value type plus a pure function that combines the
/// children's columns (units x children) with the children's weights into the parent's column.
/// To add a method: a struct with `method_name` and `fields()`, its `aggregate_rows` and `check`
/// overloads, and an entry in AggregateMethod.

#include <string_view>
#include <tuple>
#include <variant>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/framework.hpp"

namespace govindex {

/// Weighted arithmetic mean, per unit over its non-missing children: weights of the present
/// children are rescaled to sum to 1, then sum(w * x). All children missing gives missing.
/// COINr `a_amean`.
struct ArithmeticMean {
    static constexpr std::string_view method_name = "amean";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const ArithmeticMean&, const ArithmeticMean&) = default;
};

/// Every aggregation method.
using AggregateMethod = std::variant<ArithmeticMean>;

/// Throws MethodError if the parameters are unusable.
void check(const ArithmeticMean& method);

/// Aggregates the children (units x k, NaN = missing) of `parent` with weights (k, >= 0).
[[nodiscard]] Eigen::VectorXd aggregate_rows(const ArithmeticMean& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const Node& parent);

/// Dispatches on the method held.
[[nodiscard]] Eigen::VectorXd aggregate_rows(const AggregateMethod& method, const Eigen::MatrixXd& children,
                                             const Eigen::VectorXd& weights, const Node& parent);
void check(const AggregateMethod& method);

}  // namespace govindex
