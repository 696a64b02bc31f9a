/// \file bench_build_asem.cpp
/// Times one build of COINr's ASEM example. Variant "a": Normalise{MinMax{0, 100}} then
/// Aggregate{ArithmeticMean{}}; variant "example": COINr's full example build (denominate,
/// impute by group mean, screen at 0.9 availability, treat outliers, min-max, arithmetic mean).
/// Framework and data are read once; a build is one Pipeline::run.
/// Usage: bench_build_asem ASEM_DIR VARIANT [REPS]   (ASEM_DIR holds iMeta.csv and iData.csv;
/// REPS >= 20, default 50). Prints one line:
///   bench=build_asem_<VARIANT>_cpp reps=N median_s=X min_s=X threads=1 per_s=X

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "govindex/govindex.hpp"

namespace {

constexpr int warmup_runs = 3;
constexpr int default_reps = 50;
constexpr int min_reps = 20;

/// The value of the last run, read after the loop so no run can be dropped by the optimiser.
volatile double sink = 0.0;

/// One build: run the pipeline and touch the root score of the first unit.
double build(const govindex::Pipeline& pipeline, const govindex::Framework& framework, const govindex::Dataset& data) {
    const govindex::Results results = pipeline.run(framework, data);
    const govindex::Dataset& scores = results.scores();
    return scores.values()(0, scores.column_index(framework.root()));
}

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

govindex::Pipeline pipeline_for(const std::string& variant) {
    using namespace govindex;
    if (variant == "a") return Pipeline({Normalise{MinMax{0, 100}, {}}, Aggregate{}});
    if (variant == "example") {
        Denominate denominate;
        denominate.missing_denominator_gives_missing = true;
        Impute impute;
        impute.method = GroupMean{"EurAsia_group"};
        Screen screen;
        screen.min_availability = 0.9;
        return Pipeline({denominate, impute, screen, Treat{}, Normalise{MinMax{0, 100}, {}}, Aggregate{}});
    }
    std::fprintf(stderr, "bench_build_asem: VARIANT must be \"a\" or \"example\", found \"%s\"\n", variant.c_str());
    std::exit(2);
}

int parse_reps(const char* text) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < min_reps || value > 1'000'000) {
        std::fprintf(stderr, "bench_build_asem: REPS must be a whole number from %d to 1000000, found \"%s\"\n",
                     min_reps, text);
        std::exit(2);
    }
    return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::fprintf(stderr, "usage: %s ASEM_DIR VARIANT [REPS]   (VARIANT a or example; REPS >= %d, default %d)\n",
                     argc > 0 ? argv[0] : "bench_build_asem", min_reps, default_reps);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const std::string variant = argv[2];
    const int reps = argc == 4 ? parse_reps(argv[3]) : default_reps;

    try {
        const govindex::Framework framework = govindex::read_framework(dir / "iMeta.csv");
        const govindex::Dataset data = govindex::read_dataset(dir / "iData.csv", framework);
        const govindex::Pipeline pipeline = pipeline_for(variant);

        double total = 0.0;
        for (int i = 0; i < warmup_runs; ++i) total += build(pipeline, framework, data);

        using clock = std::chrono::steady_clock;
        std::vector<double> seconds;
        seconds.reserve(static_cast<std::size_t>(reps));
        for (int i = 0; i < reps; ++i) {
            const auto start = clock::now();
            total += build(pipeline, framework, data);
            const auto stop = clock::now();
            seconds.push_back(std::chrono::duration<double>(stop - start).count());
        }
        sink = total;

        const double median_s = median(seconds);
        const double min_s = *std::min_element(seconds.begin(), seconds.end());
        std::printf("bench=build_asem_%s_cpp reps=%d median_s=%.6g min_s=%.6g threads=1 per_s=%.6g\n", variant.c_str(),
                    reps, median_s, min_s, 1.0 / median_s);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_build_asem: %s\n", error.what());
        return 1;
    }
}
