// Aggregation methods (aggregate.hpp).
#include <govindex/aggregate.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_aggregate(py::module_& m) {
    bind_method<ArithmeticMean>(m, "ArithmeticMean",
                                "Weighted arithmetic mean over non-missing children (COINr a_amean).")
        .def(py::init<>());
}

}  // namespace govindex::python
