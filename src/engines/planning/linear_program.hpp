#pragma once
// Private: a small mixed-integer linear program and its solution by COIN-OR Cbc (Debian
// coinor-libcbc-dev, EPL-2.0) through Cbc's C interface. Used by planning.cpp.
#include <string>
#include <vector>

namespace govindex::detail {

/// minimise cost . x subject to lower <= x <= upper, x_j integer where `integer[j]`, and
/// rows[i].lower <= rows[i] . x <= rows[i].upper.
struct LinearProgram {
    struct Row {
        std::vector<int> columns;
        std::vector<double> coefficients;
        double lower = 0.0, upper = 0.0;  // +-infinity for one-sided rows
    };
    std::vector<double> cost, lower, upper;
    std::vector<bool> integer;
    std::vector<Row> rows;
    /// Adds a column; returns its index.
    int add_column(double cost_coefficient, double lower_bound, double upper_bound, bool is_integer);
};

struct LinearSolution {
    /// "optimal", "infeasible", "unbounded", or "stopped: <reason>" (the solver's status).
    std::string status;
    std::vector<double> x;  ///< the best solution found (empty when none)
    double objective = 0.0;
    [[nodiscard]] bool optimal() const { return status == "optimal"; }
};

/// Solves to proven optimality (no relative or absolute gap allowed), single-threaded and
/// deterministic, the solver's log silenced.
[[nodiscard]] LinearSolution solve(const LinearProgram& program);

}  // namespace govindex::detail
