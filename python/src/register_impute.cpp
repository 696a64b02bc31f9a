// The impute step and its methods (impute.hpp).
#include <pybind11/stl.h>

#include <govindex/steps/impute.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;

namespace govindex::python {

namespace {

template <class Method>
void bind_plain(py::module_& m, const char* name, const char* doc) {
    bind_method<Method>(m, name, doc);
}

template <class Method>
void bind_grouped(py::module_& m, const char* name, const char* doc) {
    bind_method<Method>(m, name, doc, {.required = {"group"}});
}

}  // namespace

void register_impute(py::module_& m) {
    bind_plain<IndicatorMean>(m, "IndicatorMean",
                              "Missing values take the indicator's mean over all units (COINr i_mean).");
    bind_plain<IndicatorMedian>(m, "IndicatorMedian",
                                "Missing values take the indicator's median over all units (COINr i_median).");
    bind_grouped<GroupMean>(m, "GroupMean",
                            "Missing values take the indicator's mean within the unit's group of a group column "
                            "(COINr i_mean_grp).");
    bind_grouped<GroupMedian>(m, "GroupMedian",
                              "Missing values take the indicator's median within the unit's group of a group column "
                              "(COINr i_median_grp).");
    bind_method<RowMean>(m, "RowMean",
                         "A missing value takes the mean of the unit's other indicators sharing its ancestor at level, "
                         "min-max scaled first and scaled back if normalise_first (COINr impute_by = \"row\").");
    bind_method<PanelLatest>(
        m, "PanelLatest",
        "Panel data: the unit's latest earlier observed value, looking back at most max_time years "
        "of the data set (0 = all) (COINr impute_panel \"latest\").");
    bind_plain<PanelConstant>(
        m, "PanelConstant",
        "Panel data: last observation carried forward, first one carried back (COINr impute_panel "
        "\"constant\").");
    bind_plain<PanelLinear>(m, "PanelLinear",
                            "Panel data: linear interpolation in time, nearest value outside the observed years (COINr "
                            "impute_panel \"linear\").");
    bind_plain<PanelLinearConstant>(m, "PanelLinearConstant",
                                    "Panel data: PanelLinear, or PanelConstant for a series with one observed value "
                                    "(COINr impute_panel \"linear-constant\").");

    bind_step<Impute>(m, "Impute",
                      "Step: fill missing indicator values with a method (per-indicator overrides by code); "
                      "observed values are never changed (COINr Impute).",
                      {.positional = {"method"}});
}

}  // namespace govindex::python
