// The treat step and its methods (treat.hpp).
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <govindex/steps/treat.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

// A fallback without parameters.
template <class Method>
void bind_plain_fallback(py::module_& m, const char* name, const char* doc) {
    bind_method<Method>(m, name, doc);
}

}  // namespace

void register_treat(py::module_& m) {
    bind_plain_fallback<LogCT>(m, "LogCT", "Fallback log(x - min + 0.01 (max - min)) (COINr log_CT).");
    bind_plain_fallback<LogCTPlus>(
        m, "LogCTPlus", "Skew-aware fallback: log_CT if skewness > 0, else -log(max + a - x) (COINr log_CT_plus).");
    bind_plain_fallback<LogCTOrig>(m, "LogCTOrig", "Fallback log(x - min + 1) (COINr log_CT_orig).");
    bind_plain_fallback<LogGII>(m, "LogGII", "Fallback log((max - 1)(x - min) / (max - min) + 1) (COINr log_GII).");
    bind_method<BoxCox>(m, "BoxCox", "Fallback Box-Cox transform with a fixed exponent (COINr boxcox).");
    bind_plain_fallback<NoFallback>(m, "NoFallback", "No second stage: keep the Winsorised values.");

    bind_value_type<TreatSpec>(m, "TreatSpec",
                               "How one indicator is treated: Winsorisation up to winmax points, then a fallback.");

    bind_step<Treat>(m, "Treat", "Step: treat every indicator for outliers (COINr Treat).", {.positional = {"spec"}});

    def_function(m, "skewness", &skewness, "x"_a,
                 "Sample skewness of the non-missing values (e1071 type 2, COINr skew); NaN if undefined.");
    def_function(m, "kurtosis", &kurtosis, "x"_a,
                 "Sample excess kurtosis of the non-missing values (e1071 type 2, COINr kurt); NaN if undefined.");
}

}  // namespace govindex::python
