// Weight recovery from published composites (weights_recovery.hpp).
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <govindex/engines/analysis/weights_recovery.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_weights_recovery(py::module_& m) {
    checked_class<WeightFit>(m, "WeightFit", "Weights fitted to published composites and how well they reproduce them.")
        .def_readonly("components", &WeightFit::components, "component codes, in the order of weights")
        .def_readonly("weights", &WeightFit::weights, "one weight per component")
        .def_readonly("units", &WeightFit::units, "unit codes, in the order of the residuals")
        .def_readonly("fitted", &WeightFit::fitted, "scale * X w, in composite units")
        .def_readonly("residuals", &WeightFit::residuals, "composite - fitted")
        .def_readonly("rmse", &WeightFit::rmse, "root mean squared residual")
        .def_readonly("max_abs_residual", &WeightFit::max_abs_residual, "largest absolute residual")
        .def_readonly("rank", &WeightFit::rank, "rank of the design ([X; 1'] with the sum-to-one constraint)")
        .def_readonly("free_parameters", &WeightFit::free_parameters, "k - 1 with the constraint, k without")
        .def_readonly("condition_number", &WeightFit::condition_number,
                      "sigma_max / sigma_min of the solved least-squares matrix")
        .def_property_readonly("scale", [](const WeightFit& f) { return f.settings.scale; })
        .def_property_readonly("sum_to_one", [](const WeightFit& f) { return f.settings.sum_to_one; });

    def_function(
        m, "recover_weights",
        [](const Eigen::MatrixXd& components, const Eigen::VectorXd& composite,
           const std::vector<std::string>& component_codes, const std::vector<std::string>& unit_codes, double scale,
           bool sum_to_one) {
            return recover_weights(components, composite, component_codes, unit_codes,
                                   WeightRecovery{scale, sum_to_one});
        },
        "components"_a, "composite"_a, "component_codes"_a, "unit_codes"_a, py::kw_only(), "scale"_a = 1.0,
        "sum_to_one"_a = true,
        "Least-squares weights w with composite = scale * components @ w (sum(w) = 1 if sum_to_one).");
}

}  // namespace govindex::python
