// Aggregation (aggregate.hpp and the Aggregate step of pipeline.hpp): one class per method,
// keyword-only arguments, checked at construction; then the step.
#include <govindex/aggregate.hpp>
#include <govindex/pipeline.hpp>

#include <map>

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
                 return checked(GeometricMean{std::move(zero_policy), offset});
             }),
             py::kw_only(), "zero_policy"_a = "error", "offset"_a = 0.0);

    bind_method<HarmonicMean>(m, "HarmonicMean",
                              "Weighted harmonic mean over non-missing children (COINr a_hmean). Values must be > 0.")
        .def(py::init<>());

    bind_method<GeneralisedMean>(m, "GeneralisedMean",
                                 "Weighted power mean (sum(w x^p) / sum(w))^(1/p) (COINr a_genmean): p = 1 arithmetic, "
                                 "p = 0 geometric, p = -1 harmonic.")
        .def(py::init([](double p) { return checked(GeneralisedMean{p}); }), py::kw_only(), "p"_a = 1.0);

    bind_method<WeightedMedian>(m, "WeightedMedian",
                                "Weighted median over non-missing children; exactly half the weight on each side gives "
                                "the mean of the two middle values.")
        .def(py::init<>());

    bind_method<Copeland>(m, "Copeland",
                          "Copeland score: units outranked minus units outranking, comparing the children both units "
                          "have by weight (COINr a_copeland).")
        .def(py::init<>());

    bind_method<MazziottaPareto>(
        m, "MazziottaPareto",
        "Mazziotta-Pareto index (adjusted=False: MPI, z-scores 100 +- 10; adjusted=True: AMPI, "
        "min-max around the mean to 70..130), mean -/+ sd * cv; penalty \"subtract\" or \"add\".")
        .def(py::init([](bool adjusted, std::string penalty) {
                 return checked(MazziottaPareto{adjusted, std::move(penalty)});
             }),
             py::kw_only(), "adjusted"_a = false, "penalty"_a = "subtract");

    bind_method<WeightedSum>(
        m, "WeightedSum",
        "Weighted sum scale * sum(w x), weights as given (not rescaled); a missing child of positive "
        "weight makes the aggregate missing. Points (PAR INDEX), additive scales (PAPI) and "
        "fixed-scale weighted means (PCI = 10 * sum(w s)).")
        .def(py::init([](double scale) { return checked(WeightedSum{scale}); }), py::kw_only(), "scale"_a = 1.0);

    bind_step<Aggregate>(m, "Aggregate",
                         "Step: aggregate level by level up to the root, each aggregate from its children with their "
                         "weights (the framework weight set weight_set, replaced by weights where given); a unit with "
                         "a share of non-missing children below min_availability gets a missing aggregate.")
        .def(py::init([](AggregateMethod method, std::map<std::string, AggregateMethod> per_node,
                         std::map<std::string, double> weights, std::string weight_set, double min_availability) {
                 return checked(Aggregate{std::move(method), std::move(per_node), std::move(weights),
                                          std::move(weight_set), min_availability});
             }),
             "method"_a = AggregateMethod{ArithmeticMean{}}, py::kw_only(),
             "per_node"_a = std::map<std::string, AggregateMethod>{}, "weights"_a = std::map<std::string, double>{},
             "weight_set"_a = "Original", "min_availability"_a = 0.0);
}

}  // namespace govindex::python
