// Normalisation (normalise.hpp and the Normalise step of pipeline.hpp): one class per method,
// its constructor made from its fields() (method_binding.hpp); then the step.
#include <govindex/pipeline/pipeline.hpp>
#include <govindex/steps/normalise.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_normalise(py::module_& m) {
    bind_method<MinMax>(m, "MinMax", "Min-max normalisation to [low, high] (COINr n_minmax).");
    bind_method<ZScore>(m, "ZScore",
                        "Z-score with sample mean and sd (n - 1), rescaled to mean `mean` and standard deviation `sd`; "
                        "unbounded (COINr n_zscore).");
    bind_method<Scaled>(m, "Scaled",
                        "(x - lower) / (upper - lower) * scale with raw-unit posts, flipped for direction -1; "
                        "[0, scale] inside the posts, not truncated (COINr n_scaled).");
    bind_method<DistanceToMax>(m, "DistanceToMax", "1 - (max - x) / (max - min); range [0, 1] (COINr n_dist2max).");
    bind_method<DistanceToReference>(m, "DistanceToReference",
                                     "1 - (x_ref - x) / (x_ref - min), reference unit by code; 1 at the reference, "
                                     "above 1 beyond it unless cap_max (COINr n_dist2ref).",
                                     {.required = {"unit"}});
    bind_method<DistanceToTarget>(m, "DistanceToTarget",
                                  "(x - min) / (target - min), target from the framework (iMeta Target); 1 at the "
                                  "target, above 1 beyond it unless cap_max (COINr n_dist2targ).");
    bind_method<FractionOfMax>(m, "FractionOfMax",
                               "x / max; 1 for the best unit, needs a positive maximum (COINr n_fracmax).");
    bind_method<Rank>(m, "Rank", "Ranks, 1 = worst to n = best; ties 'min', 'average' or 'max' (COINr n_rank).");
    bind_method<PercentRank>(m, "PercentRank", "(rank - 1) / (n - 1); range [0, 1] (COINr n_prank).");
    bind_method<Borda>(m, "Borda", "Borda score rank - 1; range [0, n - 1] (COINr n_borda).");
    bind_method<Goalposts>(m, "Goalposts",
                           "(x - lower) / (upper - lower), truncated to [0, 1] if truncate, times scale; lower and "
                           "upper NaN read goalpost_* attributes of the framework (COINr n_goalposts).");

    bind_step<Normalise>(m, "Normalise",
                         "Step: normalise every indicator, x * direction then the method (per-indicator overrides by "
                         "code); pool_years takes one set of parameters over all years of panel data.",
                         {.positional = {"method"}});
}

}  // namespace govindex::python
