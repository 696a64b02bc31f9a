// The screen step (screen.hpp).
#include <pybind11/stl.h>

#include <map>
#include <string>
#include <utility>

#include <govindex/screen.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_screen(py::module_& m) {
    bind_step<Screen>(m, "Screen",
                      "Step: keep the units with enough data (COINr Screen). A unit is excluded when its data "
                      "availability is below min_availability (by_availability, COINr \"byNA\") and/or its share of "
                      "non-zero observed values is below min_nonzero (by_nonzero, \"byzeros\"); force maps unit codes "
                      "to True (always include) or False (always exclude).")
        .def(py::init([](bool by_availability, double min_availability, bool by_nonzero, double min_nonzero,
                         std::map<std::string, bool> force) {
                 return checked(Screen{by_availability, min_availability, by_nonzero, min_nonzero, std::move(force)});
             }),
             py::kw_only(), "by_availability"_a = true, "min_availability"_a = 2.0 / 3.0, "by_nonzero"_a = false,
             "min_nonzero"_a = 0.05, "force"_a = std::map<std::string, bool>{});
}

}  // namespace govindex::python
