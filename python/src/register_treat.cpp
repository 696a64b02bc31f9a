// The treat step and its methods (treat.hpp).
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <govindex/treat.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

// A fallback without parameters: a keyword-free constructor.
template <class Method>
void bind_plain_fallback(py::module_& m, const char* name, const char* doc) {
    bind_method<Method>(m, name, doc).def(py::init([] { return Method{}; }));
}

}  // namespace

void register_treat(py::module_& m) {
    bind_plain_fallback<LogCT>(m, "LogCT", "Fallback log(x - min + 0.01 (max - min)) (COINr log_CT).");
    bind_plain_fallback<LogCTPlus>(
        m, "LogCTPlus", "Skew-aware fallback: log_CT if skewness > 0, else -log(max + a - x) (COINr log_CT_plus).");
    bind_plain_fallback<LogCTOrig>(m, "LogCTOrig", "Fallback log(x - min + 1) (COINr log_CT_orig).");
    bind_plain_fallback<LogGII>(m, "LogGII", "Fallback log((max - 1)(x - min) / (max - min) + 1) (COINr log_GII).");
    bind_method<BoxCox>(m, "BoxCox", "Fallback Box-Cox transform with a fixed exponent (COINr boxcox).")
        .def(py::init([](double power, bool make_positive) {
                 return checked(BoxCox{power, make_positive});
             }),
             py::kw_only(), "power"_a = 0.5, "make_positive"_a = true);
    bind_plain_fallback<NoFallback>(m, "NoFallback", "No second stage: keep the Winsorised values.");

    bind_value_type<TreatSpec>(m, "TreatSpec",
                               "How one indicator is treated: Winsorisation up to winmax points, then a fallback.")
        .def(py::init([](int winmax, double skew_threshold, double kurtosis_threshold, bool force_winsorise,
                         TreatFallback fallback, bool fallback_on_winsorised) {
                 return checked(TreatSpec{winmax, skew_threshold, kurtosis_threshold, force_winsorise,
                                          std::move(fallback), fallback_on_winsorised});
             }),
             py::kw_only(), "winmax"_a = 5, "skew_threshold"_a = 2.0, "kurtosis_threshold"_a = 3.5,
             "force_winsorise"_a = false, "fallback"_a = TreatFallback{LogCT{}}, "fallback_on_winsorised"_a = false);

    bind_step<Treat>(m, "Treat", "Step: treat every indicator for outliers (COINr Treat).")
        .def(py::init([](TreatSpec spec, std::map<std::string, TreatSpec> per_node, std::vector<std::string> exclude) {
                 return checked(Treat{std::move(spec), std::move(per_node), std::move(exclude)});
             }),
             "spec"_a = TreatSpec{}, py::kw_only(), "per_node"_a = std::map<std::string, TreatSpec>{},
             "exclude"_a = std::vector<std::string>{});

    m.def("skewness", &skewness, "x"_a,
          "Sample skewness of the non-missing values (e1071 type 2, COINr skew); NaN if undefined.");
    m.def("kurtosis", &kurtosis, "x"_a,
          "Sample excess kurtosis of the non-missing values (e1071 type 2, COINr kurt); NaN if undefined.");
}

}  // namespace govindex::python
