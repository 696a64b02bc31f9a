// Finds a Vietnamese province by any accepted name (with or without diacritics) through the
// domain layer govindex::vn, and prints its code, name and region.
// Usage: province_code <data/vn folder> <name>
#include <cstdio>
#include <exception>
#include <filesystem>

#include <govindex/vn.hpp>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <folder with provinces.csv and province_aliases.csv> <name>\n", argv[0]);
        return 2;
    }
    try {
        const std::filesystem::path folder = argv[1];
        const govindex::vn::ProvinceRegistry registry =
            govindex::vn::read_provinces(folder / "provinces.csv", folder / "province_aliases.csv");
        const govindex::vn::Province& p = registry.province(argv[2]);
        std::printf("%s %s %s\n", p.code.c_str(), p.name_vi.c_str(), p.region_en.c_str());
    } catch (const govindex::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected error: %s\n", e.what());
        return 1;
    }
    return 0;
}
