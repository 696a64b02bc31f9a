// The screen step and its methods (screen.hpp).
#include "bindings.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_screen(py::module_&) {}

}  // namespace govindex::python
