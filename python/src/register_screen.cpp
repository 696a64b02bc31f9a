// The screen step (screen.hpp).
#include <pybind11/stl.h>

#include <govindex/steps/screen.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_screen(py::module_& m) {
    bind_step<Screen>(m, "Screen",
                      "Step: keep the units with enough data (COINr Screen). A unit is excluded when its data "
                      "availability is below min_availability (by_availability, COINr \"byNA\") and/or its share of "
                      "non-zero observed values is below min_nonzero (by_nonzero, \"byzeros\"); force maps unit codes "
                      "to True (always include) or False (always exclude).");
}

}  // namespace govindex::python
