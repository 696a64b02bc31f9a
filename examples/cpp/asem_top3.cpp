// Builds the ASEM index (min-max [0, 100], arithmetic mean) and prints the top three.
// Usage: asem_top3 <folder with iMeta.csv and iData.csv>
#include <cstdio>
#include <exception>
#include <filesystem>

#include <govindex/govindex.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <folder with iMeta.csv and iData.csv>\n", argv[0]);
        return 2;
    }
    try {
        const std::filesystem::path folder = argv[1];
        const govindex::Framework framework = govindex::read_framework(folder / "iMeta.csv");
        const govindex::Dataset data = govindex::read_dataset(folder / "iData.csv", framework);
        const govindex::Pipeline pipeline({govindex::Normalise{govindex::MinMax{0.0, 100.0}, {}},
                                           govindex::Aggregate{govindex::ArithmeticMean{}, {}, {}}});
        const govindex::Results results = pipeline.run(framework, data);
        const auto table = results.results_table();
        for (std::size_t i = 0; i < 3 && i < table.size(); ++i)
            std::printf("%.0f %s %s %.4f\n", table[i].rank, table[i].unit_code.c_str(), table[i].unit_name.c_str(),
                        table[i].score);
    } catch (const govindex::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "unexpected error: %s\n", e.what());
        return 1;
    }
    return 0;
}
