// Normalisation (normalise.hpp and the Normalise step of pipeline.hpp): one class per method,
// keyword-only arguments with the C++ defaults, checked at construction; then the step.
#include <govindex/normalise.hpp>
#include <govindex/pipeline.hpp>

#include <limits>
#include <map>
#include <string>
#include <utility>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_normalise(py::module_& m) {
    bind_method<MinMax>(m, "MinMax", "Min-max normalisation to [low, high] (COINr n_minmax).")
        .def(py::init([](double low, double high) {
                 return checked(MinMax{low, high});
             }),
             py::kw_only(), "low"_a = 0.0, "high"_a = 100.0);

    bind_method<ZScore>(m, "ZScore",
                        "Z-score with sample mean and sd (n - 1), rescaled to mean `mean` and standard deviation `sd`; "
                        "unbounded (COINr n_zscore).")
        .def(py::init([](double mean, double sd) {
                 return checked(ZScore{mean, sd});
             }),
             py::kw_only(), "mean"_a = 0.0, "sd"_a = 1.0);

    bind_method<Scaled>(m, "Scaled",
                        "(x - lower) / (upper - lower) * scale with raw-unit posts, flipped for direction -1; "
                        "[0, scale] inside the posts, not truncated (COINr n_scaled).")
        .def(py::init([](double lower, double upper, double scale) {
                 return checked(Scaled{lower, upper, scale});
             }),
             py::kw_only(), "lower"_a = 0.0, "upper"_a = 100.0, "scale"_a = 100.0);

    bind_method<DistanceToMax>(m, "DistanceToMax", "1 - (max - x) / (max - min); range [0, 1] (COINr n_dist2max).")
        .def(py::init([] { return DistanceToMax{}; }));

    bind_method<DistanceToReference>(m, "DistanceToReference",
                                     "1 - (x_ref - x) / (x_ref - min), reference unit by code; 1 at the reference, "
                                     "above 1 beyond it unless cap_max (COINr n_dist2ref).")
        .def(py::init([](std::string unit, bool cap_max) {
                 return checked(DistanceToReference{std::move(unit), cap_max});
             }),
             py::kw_only(), "unit"_a, "cap_max"_a = false);

    bind_method<DistanceToTarget>(m, "DistanceToTarget",
                                  "(x - min) / (target - min), target from the framework (iMeta Target); 1 at the "
                                  "target, above 1 beyond it unless cap_max (COINr n_dist2targ).")
        .def(py::init([](bool cap_max) { return checked(DistanceToTarget{cap_max}); }), py::kw_only(),
             "cap_max"_a = false);

    bind_method<FractionOfMax>(m, "FractionOfMax",
                               "x / max; 1 for the best unit, needs a positive maximum (COINr n_fracmax).")
        .def(py::init([] { return FractionOfMax{}; }));

    bind_method<Rank>(m, "Rank", "Ranks, 1 = worst to n = best; ties 'min', 'average' or 'max' (COINr n_rank).")
        .def(py::init([](std::string ties) { return checked(Rank{std::move(ties)}); }), py::kw_only(),
             "ties"_a = "min");

    bind_method<PercentRank>(m, "PercentRank", "(rank - 1) / (n - 1); range [0, 1] (COINr n_prank).")
        .def(py::init([](std::string ties) { return checked(PercentRank{std::move(ties)}); }), py::kw_only(),
             "ties"_a = "min");

    bind_method<Borda>(m, "Borda", "Borda score rank - 1; range [0, n - 1] (COINr n_borda).")
        .def(py::init([](std::string ties) { return checked(Borda{std::move(ties)}); }), py::kw_only(),
             "ties"_a = "min");

    bind_method<Goalposts>(m, "Goalposts",
                           "(x - lower) / (upper - lower), truncated to [0, 1] if truncate, times scale; lower and "
                           "upper NaN read goalpost_* attributes of the framework (COINr n_goalposts).")
        .def(py::init([](double lower, double upper, double scale, bool truncate) {
                 return checked(Goalposts{lower, upper, scale, truncate});
             }),
             py::kw_only(), "lower"_a = std::numeric_limits<double>::quiet_NaN(),
             "upper"_a = std::numeric_limits<double>::quiet_NaN(), "scale"_a = 100.0, "truncate"_a = true);

    bind_step<Normalise>(m, "Normalise",
                         "Step: normalise every indicator, x * direction then the method (per-indicator overrides by "
                         "code); pool_years takes one set of parameters over all years of panel data.")
        .def(py::init([](NormaliseMethod method, std::map<std::string, NormaliseMethod> per_node, bool pool_years) {
                 return checked(Normalise{std::move(method), std::move(per_node), pool_years});
             }),
             "method"_a = NormaliseMethod{MinMax{}}, py::kw_only(),
             "per_node"_a = std::map<std::string, NormaliseMethod>{}, "pool_years"_a = false);
}

}  // namespace govindex::python
