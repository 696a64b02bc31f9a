#include "bindings.hpp"
#include "method_binding.hpp"

#include <govindex/version.hpp>

PYBIND11_MODULE(_core, m) {
    m.doc() = "govindex compiled core (use the govindex package, not this module directly)";
    m.attr("__version__") = govindex::version;
    govindex::python::register_errors(m);
    govindex::python::register_framework(m);
    govindex::python::register_dataset(m);
    govindex::python::register_normalise(m);
    govindex::python::register_aggregate(m);
    govindex::python::register_screen(m);
    govindex::python::register_denominate(m);
    govindex::python::register_impute(m);
    govindex::python::register_treat(m);
    govindex::python::register_scoring(m);  // before the pipeline: the Score step holds rules
    govindex::python::register_pipeline(m);
    govindex::python::register_io(m);
    govindex::python::register_weights_recovery(m);
    govindex::python::register_provinces(m);
    govindex::python::register_geography(m);
    govindex::python::register_ranking(m);
    govindex::python::register_methodology(m);
    govindex::python::register_sensitivity(m);
    govindex::python::register_uncertainty(m);
    govindex::python::register_planning(m);
    govindex::python::register_plan(m);
    govindex::python::register_attribution(m);
    govindex::python::register_survey(m);
    govindex::python::register_analysis(m);
    govindex::python::register_analysis_structure(m);
    govindex::python::register_unit_report(m);
}
