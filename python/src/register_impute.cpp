// The impute step and its methods (impute.hpp).
#include "bindings.hpp"

namespace py = pybind11;

namespace govindex::python {

void register_impute(py::module_&) {}

}  // namespace govindex::python
