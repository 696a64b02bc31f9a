// Finds a Vietnamese province by any accepted name (with or without diacritics) through the
// domain layer govindex::vn, and prints its code, name, region and the unit of 2025 it joined.
// Usage: province_code <data folder with vn/ and vn-admin/> <name>
#include <cstdio>
#include <exception>
#include <filesystem>

#include <govindex/vn.hpp>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <data folder with vn/ and vn-admin/> <name>\n", argv[0]);
        return 2;
    }
    try {
        const govindex::vn::Merger2025 merger = govindex::vn::shipped_merger_2025(argv[1]);
        const govindex::vn::Province& p = merger.registry().province(argv[2]);
        const govindex::vn::Unit2025& unit = merger.unit_2025(p.code);
        std::printf("%s %s, %s; 2025: %s (%s)\n", p.code.c_str(), p.name_vi.c_str(), p.region_en.c_str(),
                    unit.name.c_str(), unit.code.c_str());
    } catch (const govindex::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected error: %s\n", e.what());
        return 1;
    }
    return 0;
}
