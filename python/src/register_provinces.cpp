// Vietnam's provinces and regions: Province, Region, ProvinceRegistry, read_provinces.
#include <pybind11/operators.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <govindex/vn/provinces.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

using namespace govindex::vn;

void register_provinces(py::module_& m) {
    checked_class<Region>(m, "Region", "One of Vietnam's 6 socio-economic regions (code, Vietnamese and English name).")
        .def_readonly("code", &Region::code)
        .def_readonly("name_vi", &Region::name_vi)
        .def_readonly("name_en", &Region::name_en)
        .def(py::self == py::self)
        .def("__repr__", [](const Region& r) { return "Region(" + r.code + ", " + r.name_vi + ")"; });

    checked_class<Province>(m, "Province", "A province or centrally-run city: GSO code, names, type, region, aliases.")
        .def_readonly("code", &Province::code)
        .def_readonly("name_vi", &Province::name_vi)
        .def_readonly("name_ascii", &Province::name_ascii)
        .def_readonly("type", &Province::type)
        .def_readonly("region_code", &Province::region_code)
        .def_readonly("region_vi", &Province::region_vi)
        .def_readonly("region_en", &Province::region_en)
        .def_readonly("aliases", &Province::aliases)
        .def(py::self == py::self)
        .def("__repr__", [](const Province& p) { return "Province(" + p.code + ", " + p.name_vi + ")"; });

    checked_class<ProvinceRegistry>(m, "ProvinceRegistry", "The provinces and regions with name look-up.")
        .def("provinces", &ProvinceRegistry::provinces, "Provinces in file order.")
        .def("regions", &ProvinceRegistry::regions, "The 6 regions.")
        .def("province", &ProvinceRegistry::province, "name_or_code"_a,
             "The province with this code, name, ASCII name, PAPI spelling or alias; raises UnknownCodeError "
             "listing the nearest names.")
        .def("find_code", &ProvinceRegistry::find_code, "name_or_code"_a, "The code a name resolves to, or None.")
        .def("codes", &ProvinceRegistry::codes, "names"_a,
             "Codes of several names; raises UnknownCodeError listing every name that failed.")
        .def("nearest", &ProvinceRegistry::nearest, "name"_a, "n"_a = 3, "Codes of the n nearest provinces.")
        .def("region", &ProvinceRegistry::region, "code_or_name"_a, "The region with this code or name.")
        .def(py::self == py::self)
        .def("__len__", [](const ProvinceRegistry& r) { return r.provinces().size(); })
        .def("__repr__", [](const ProvinceRegistry& r) {
            return "ProvinceRegistry(" + std::to_string(r.provinces().size()) + " provinces)";
        });

    def_function(m, "vietnam_regions", &vietnam_regions, "The 6 socio-economic regions, north to south.");
    def_function(m, "read_provinces", &read_provinces, "provinces_csv"_a, "aliases_csv"_a = py::none(),
                 "Reads provinces.csv and, if given, province_aliases.csv.");
    def_function(m, "province_key", &province_key, "name"_a,
                 "NFC, case-folded look-up key without spaces, hyphens, dots.");
    def_function(m, "province_ascii_key", &province_ascii_key, "name"_a, "province_key without diacritics (Đ -> d).");
}

}  // namespace govindex::python
