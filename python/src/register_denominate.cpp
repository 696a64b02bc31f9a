// The denominate step and its methods (denominate.hpp).
#include "bindings.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_denominate(py::module_&) {}

}  // namespace govindex::python
