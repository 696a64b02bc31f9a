// Variance-based sensitivity: the Sobol' sequence and the Sobol' indices of a Saltelli design.
#include <pybind11/eigen.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/engines/sensitivity/sensitivity.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_sensitivity(py::module_& m) {
    checked_class<SobolIndices>(m, "SobolIndices",
                                "First-order and total Sobol' indices with percentile-bootstrap intervals; every "
                                "matrix is outputs x factors (read-only arrays).")
        .def_readonly("first", &SobolIndices::first, "First-order indices S_i (point estimates).")
        .def_readonly("total", &SobolIndices::total, "Total indices S_Ti (point estimates).")
        .def_readonly("first_low", &SobolIndices::first_low, "Lower bound of S_i's interval (NaN without resamples).")
        .def_readonly("first_high", &SobolIndices::first_high, "Upper bound of S_i's interval.")
        .def_readonly("total_low", &SobolIndices::total_low, "Lower bound of S_Ti's interval.")
        .def_readonly("total_high", &SobolIndices::total_high, "Upper bound of S_Ti's interval.")
        .def_readonly("variance", &SobolIndices::variance,
                      "Per output, the population variance of [y_A; y_B] in model units.")
        .def_readonly("n", &SobolIndices::n, "Base sample size N.")
        .def_readonly("resamples", &SobolIndices::resamples, "Bootstrap resamples drawn.")
        .def_readonly("confidence", &SobolIndices::confidence, "Level of the intervals.")
        .def_readonly("seed", &SobolIndices::seed, "Seed of the bootstrap.")
        .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
        .def("__repr__",
             [](const SobolIndices& s) {
                 return "SobolIndices(outputs=" + std::to_string(s.first.rows()) +
                        ", factors=" + std::to_string(s.first.cols()) + ", n=" + std::to_string(s.n) +
                        ", resamples=" + std::to_string(s.resamples) +
                        ", confidence=" + py::repr(py::float_(s.confidence)).cast<std::string>() +
                        ", seed=" + std::to_string(s.seed) + ")";
             })
        .def(members_pickle<SobolIndices>("SobolIndices", unchecked, &SobolIndices::first, &SobolIndices::total,
                                          &SobolIndices::first_low, &SobolIndices::first_high, &SobolIndices::total_low,
                                          &SobolIndices::total_high, &SobolIndices::variance, &SobolIndices::n,
                                          &SobolIndices::resamples, &SobolIndices::confidence, &SobolIndices::seed));

    def_function(
        m, "sobol_points", &sobol_points, "n"_a, "dimensions"_a, "skip"_a = 0,
        "n points (rows) of the unscrambled Sobol' sequence (Boost.Random, Joe-Kuo direction numbers) in "
        "`dimensions` columns, strictly inside (0, 1): the origin is skipped, row 0 is (0.5, ...); `skip` skips "
        "that many further points.",
        py::call_guard<py::gil_scoped_release>());

    def_function(
        m, "sobol_indices",
        [](const Eigen::MatrixXd& y_a, const Eigen::MatrixXd& y_b, const std::vector<Eigen::MatrixXd>& y_ab,
           std::size_t resamples, double confidence, std::uint64_t seed, unsigned threads) {
            return sobol_indices(
                y_a, y_b, y_ab,
                SobolOptions{.resamples = resamples, .confidence = confidence, .seed = seed, .threads = threads});
        },
        "y_a"_a, "y_b"_a, "y_ab"_a, py::kw_only(), "resamples"_a = 1000, "confidence"_a = 0.95, "seed"_a = 0,
        "threads"_a = 0,
        "First-order and total Sobol' indices (SALib 1.6's estimators) from a Saltelli design: y_a, y_b "
        "(N x outputs) are the outputs at A and B, y_ab[i] (N x outputs) at A with factor i's columns from B. "
        "Percentile-bootstrap intervals from `resamples` resamples; identical for any `threads` (0 = all cores).",
        py::call_guard<py::gil_scoped_release>());
}

}  // namespace govindex::python
