// Aggregation methods (aggregate.hpp).
#include <govindex/aggregate.hpp>

#include <string>
#include <utility>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_aggregate(py::module_& m) {
    bind_method<ArithmeticMean>(m, "ArithmeticMean",
                                "Weighted arithmetic mean over non-missing children (COINr a_amean).")
        .def(py::init<>());

    bind_method<GeometricMean>(m, "GeometricMean",
                               "Weighted geometric mean over non-missing children (COINr a_gmean). Values must be > 0; "
                               "zero_policy: \"error\" (default), \"zero\" (a 0 makes the mean 0) or \"offset\" "
                               "(exp(mean(log(x + offset))) - offset).")
        .def(py::init([](std::string zero_policy, double offset) {
                 GeometricMean method{std::move(zero_policy), offset};
                 check(method);
                 return method;
             }),
             py::kw_only(), "zero_policy"_a = "error", "offset"_a = 0.0);

    bind_method<HarmonicMean>(m, "HarmonicMean",
                              "Weighted harmonic mean over non-missing children (COINr a_hmean). Values must be > 0.")
        .def(py::init<>());

    bind_method<GeneralisedMean>(m, "GeneralisedMean",
                                 "Weighted power mean (sum(w x^p) / sum(w))^(1/p) (COINr a_genmean): p = 1 arithmetic, "
                                 "p = 0 geometric, p = -1 harmonic.")
        .def(py::init([](double p) {
                 GeneralisedMean method{p};
                 check(method);
                 return method;
             }),
             py::kw_only(), "p"_a = 1.0);

    bind_method<WeightedMedian>(m, "WeightedMedian",
                                "Weighted median over non-missing children; exactly half the weight on each side gives "
                                "the mean of the two middle values.")
        .def(py::init<>());

    bind_method<Copeland>(m, "Copeland",
                          "Copeland score: units outranked minus units outranking, comparing the children both units "
                          "have by weight (COINr a_copeland).")
        .def(py::init<>());

    bind_method<MazziottaPareto>(m, "MazziottaPareto",
                                 "Mazziotta-Pareto index (adjusted=False: MPI, z-scores 100 +- 10; adjusted=True: AMPI, "
                                 "min-max around the mean to 70..130), mean -/+ sd * cv; penalty \"subtract\" or \"add\".")
        .def(py::init([](bool adjusted, std::string penalty) {
                 MazziottaPareto method{adjusted, std::move(penalty)};
                 check(method);
                 return method;
             }),
             py::kw_only(), "adjusted"_a = false, "penalty"_a = "subtract");

    bind_method<WeightedSum>(m, "WeightedSum",
                             "Weighted sum scale * sum(w x), weights as given (not rescaled); a missing child of positive "
                             "weight makes the aggregate missing. Points (PAR INDEX), additive scales (PAPI) and "
                             "fixed-scale weighted means (PCI = 10 * sum(w s)).")
        .def(py::init([](double scale) {
                 WeightedSum method{scale};
                 check(method);
                 return method;
             }),
             py::kw_only(), "scale"_a = 1.0);
}

}  // namespace govindex::python
