// Normalisation methods (normalise.hpp).
#include <govindex/normalise.hpp>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_normalise(py::module_& m) {
    bind_method<MinMax>(m, "MinMax", "Min-max normalisation to [low, high] (COINr n_minmax).")
        .def(py::init([](double low, double high) {
                 MinMax method{low, high};
                 check(method);
                 return method;
             }),
             py::kw_only(), "low"_a = 0.0, "high"_a = 100.0);
}

}  // namespace govindex::python
