// A mixed-integer linear program solved by COIN-OR Cbc's C interface (Cbc_C_Interface.h).
#include "engines/planning/linear_program.hpp"

#include <Cbc_C_Interface.h>

#include <cmath>
#include <limits>
#include <memory>
#include <mutex>

namespace govindex::detail {

int LinearProgram::add_column(double cost_coefficient, double lower_bound, double upper_bound, bool is_integer) {
    cost.push_back(cost_coefficient);
    lower.push_back(lower_bound);
    upper.push_back(upper_bound);
    integer.push_back(is_integer);
    return static_cast<int>(cost.size()) - 1;
}

namespace {

// Cbc's solver driver (CbcMain) keeps global state: one solve at a time in the process.
std::mutex& solver_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace

LinearSolution solve(const LinearProgram& p) {
    const auto model = std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)>(Cbc_newModel(), Cbc_deleteModel);
    const int n = static_cast<int>(p.cost.size());
    // Column-wise matrix from the rows.
    std::vector<std::vector<std::pair<int, double>>> by_column(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < p.rows.size(); ++i)
        for (std::size_t k = 0; k < p.rows[i].columns.size(); ++k)
            by_column[static_cast<std::size_t>(p.rows[i].columns[k])].emplace_back(static_cast<int>(i),
                                                                                   p.rows[i].coefficients[k]);
    std::vector<CoinBigIndex> start{0};
    std::vector<int> index;
    std::vector<double> value, row_lower, row_upper;
    for (const auto& column : by_column) {
        for (const auto& [i, v] : column) {
            index.push_back(i);
            value.push_back(v);
        }
        start.push_back(static_cast<CoinBigIndex>(index.size()));
    }
    const auto solver_value = [](double v) { return std::isinf(v) ? (v > 0 ? 1e30 : -1e30) : v; };  // Cbc's infinity
    for (const auto& row : p.rows) {
        row_lower.push_back(solver_value(row.lower));
        row_upper.push_back(solver_value(row.upper));
    }
    std::vector<double> lower, upper;
    for (int j = 0; j < n; ++j) {
        lower.push_back(solver_value(p.lower[static_cast<std::size_t>(j)]));
        upper.push_back(solver_value(p.upper[static_cast<std::size_t>(j)]));
    }
    Cbc_loadProblem(model.get(), n, static_cast<int>(p.rows.size()), start.data(), index.data(), value.data(),
                    lower.data(), upper.data(), p.cost.data(), row_lower.data(), row_upper.data());
    for (int j = 0; j < n; ++j)
        if (p.integer[static_cast<std::size_t>(j)]) Cbc_setInteger(model.get(), j);
    Cbc_setLogLevel(model.get(), 0);
    Cbc_setParameter(model.get(), "log", "0");
    Cbc_setParameter(model.get(), "slog", "0");
    Cbc_setParameter(model.get(), "primalTolerance", "1e-10");  // rows met to 1e-10, not Clp's default 1e-7
    Cbc_setAllowableGap(model.get(), 0.0);
    Cbc_setAllowableFractionGap(model.get(), 0.0);
    Cbc_setAllowablePercentageGap(model.get(), 0.0);
    LinearSolution out;
    {
        const std::lock_guard lock(solver_mutex());
        Cbc_solve(model.get());
    }
    if (Cbc_isProvenOptimal(model.get()))
        out.status = "optimal";
    else if (Cbc_isProvenInfeasible(model.get()))
        out.status = "infeasible";
    else if (Cbc_isContinuousUnbounded(model.get()))
        out.status = "unbounded";
    else
        out.status = "stopped: solver status " + std::to_string(Cbc_status(model.get())) + ", secondary status " +
                     std::to_string(Cbc_secondaryStatus(model.get()));
    if (out.status == "optimal" || out.status.starts_with("stopped")) {
        if (const double* x = Cbc_getColSolution(model.get()); x != nullptr && n > 0) {
            out.x.assign(x, x + n);
            out.objective = Cbc_getObjValue(model.get());
        }
    }
    return out;
}

}  // namespace govindex::detail
