#pragma once
// One register_<concept> function per binding file; module.cpp only wires them.
#include <pybind11/pybind11.h>

#include "checked_calls.hpp"

namespace govindex::python {
void register_errors(pybind11::module_& m);
void register_framework(pybind11::module_& m);
void register_dataset(pybind11::module_& m);
void register_normalise(pybind11::module_& m);
void register_aggregate(pybind11::module_& m);
void register_screen(pybind11::module_& m);
void register_denominate(pybind11::module_& m);
void register_impute(pybind11::module_& m);
void register_treat(pybind11::module_& m);
void register_pipeline(pybind11::module_& m);
void register_io(pybind11::module_& m);
void register_weights_recovery(pybind11::module_& m);
void register_provinces(pybind11::module_& m);
void register_geography(pybind11::module_& m);
void register_ranking(pybind11::module_& m);
void register_scoring(pybind11::module_& m);
void register_methodology(pybind11::module_& m);
void register_sensitivity(pybind11::module_& m);
void register_uncertainty(pybind11::module_& m);
void register_planning(pybind11::module_& m);
void register_plan(pybind11::module_& m);
void register_attribution(pybind11::module_& m);
void register_survey(pybind11::module_& m);
void register_analysis(pybind11::module_& m);
void register_analysis_structure(pybind11::module_& m);
void register_unit_report(pybind11::module_& m);
}  // namespace govindex::python
