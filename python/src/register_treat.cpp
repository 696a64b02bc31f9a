// The treat step and its methods (treat.hpp).
#include "bindings.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_treat(py::module_&) {}

}  // namespace govindex::python
