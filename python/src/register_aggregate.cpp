// Aggregation (aggregate.hpp and the Aggregate step of pipeline.hpp): one class per method,
// its constructor made from its fields() (method_binding.hpp); then the step.
#include <govindex/pipeline/pipeline.hpp>
#include <govindex/steps/aggregate.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_aggregate(py::module_& m) {
    bind_method<ArithmeticMean>(m, "ArithmeticMean",
                                "Weighted arithmetic mean over non-missing children (COINr a_amean).");
    bind_method<GeometricMean>(m, "GeometricMean",
                               "Weighted geometric mean over non-missing children (COINr a_gmean). Values must be > 0; "
                               "zero_policy: \"error\" (default), \"zero\" (a 0 makes the mean 0) or \"offset\" "
                               "(exp(mean(log(x + offset))) - offset).");
    bind_method<HarmonicMean>(m, "HarmonicMean",
                              "Weighted harmonic mean over non-missing children (COINr a_hmean). Values must be > 0.");
    bind_method<GeneralisedMean>(m, "GeneralisedMean",
                                 "Weighted power mean (sum(w x^p) / sum(w))^(1/p) (COINr a_genmean): p = 1 arithmetic, "
                                 "p = 0 geometric, p = -1 harmonic.");
    bind_method<WeightedMedian>(m, "WeightedMedian",
                                "Weighted median over non-missing children; exactly half the weight on each side gives "
                                "the mean of the two middle values.");
    bind_method<Copeland>(m, "Copeland",
                          "Copeland score: units outranked minus units outranking, comparing the children both units "
                          "have by weight (COINr a_copeland).");
    bind_method<MazziottaPareto>(
        m, "MazziottaPareto",
        "Mazziotta-Pareto index (adjusted=False: MPI, z-scores 100 +- 10; adjusted=True: AMPI, "
        "min-max around the mean to 70..130), mean -/+ sd * cv; penalty \"subtract\" or \"add\".");
    bind_method<WeightedSum>(
        m, "WeightedSum",
        "Weighted sum scale * sum(w x), weights as given (not rescaled); a missing child of positive "
        "weight makes the aggregate missing. Points (PAR INDEX), additive scales (PAPI) and "
        "fixed-scale weighted means (PCI = 10 * sum(w s)).");

    bind_step<Aggregate>(m, "Aggregate",
                         "Step: aggregate level by level up to the root, each aggregate from its children with their "
                         "weights (the framework weight set weight_set, replaced by weights where given); a unit with "
                         "a share of non-missing children below min_availability gets a missing aggregate.",
                         {.positional = {"method"}});
}

}  // namespace govindex::python
