/// \file bench_uncertainty.cpp
/// Times the uncertainty engine (docs/guide/uncertainty.md). Workloads:
///   ua_asem_n1000        COINr's ASEM UA: weights +-25% at levels 2 and 3, normaliser in
///                        {min-max [0, 100], z-score (10, 2), percentile rank}, arithmetic mean; N = 1,000
///   ua_63x100_weights    synthetic 63 units x 100 indicators in 10 pillars (seeded), weights-only
///                        +-25% at levels 1 and 2, min-max, arithmetic mean; N = 200,000
///   ua_63x100_switch     the same plus a choice of 3 normalisers and arithmetic/geometric mean; N = 50,000
///   sa_63x100_n10000_d5  Sobol' SA on the synthetic index, N = 10,000, 5 inputs (weights of levels 1
///                        and 2, normaliser, aggregator, leave-one-out): 70,000 runs, per-unit indices
/// Usage: bench_uncertainty ASEM_DIR WORKLOAD THREADS [REPS [N]]   (THREADS 0 = every core; N overrides
/// the workload's replicates or base samples)
/// Prints: bench=<WORKLOAD> reps=N median_s=X min_s=X threads=T per_s=X   (per_s = replicates or runs per second)
/// then a comment line with the peak resident memory of the process: # bench=<WORKLOAD> n=N peak_rss_mib=X

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <sys/resource.h>
#include <vector>

#include "govindex/govindex.hpp"
#include "synthetic.hpp"

namespace {

using namespace govindex;
using govindex::bench::synthetic;

volatile double sink = 0.0;

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_uncertainty ASEM_DIR WORKLOAD THREADS [REPS]\n");
        return 2;
    }
    const std::filesystem::path asem = argv[1];
    const std::string workload = argv[2];
    const unsigned threads = static_cast<unsigned>(std::atoi(argv[3]));
    const int reps = argc > 4 ? std::max(3, std::atoi(argv[4])) : 7;
    const Step minmax = Normalise{.method = MinMax{0, 100}};
    const std::vector<Step> normalisers{minmax, Normalise{.method = ZScore{10, 2}}, Normalise{.method = PercentRank{}}};
    std::unique_ptr<UncertaintyEngine> engine;
    std::size_t n = 0;
    bool sensitivity = false;
    if (workload == "ua_asem_n1000") {
        const Framework fw = read_framework(asem / "iMeta.csv");
        const Dataset data = read_dataset(asem / "iData.csv", fw);
        engine = std::make_unique<UncertaintyEngine>(
            fw, Pipeline({minmax, Aggregate{}}), data,
            std::vector<UncertainInput>{WeightNoise{.factor = 0.25, .levels = {2, 3}},
                                        StepChoice{.name = "normalisation", .alternatives = normalisers}});
        n = 1000;
    } else {
        auto [fw, data] = synthetic();
        std::vector<UncertainInput> inputs;
        if (workload == "ua_63x100_weights") {
            inputs = {WeightNoise{.factor = 0.25, .levels = {1, 2}}};
            n = 200000;
        } else if (workload == "ua_63x100_switch") {
            inputs = {
                WeightNoise{.factor = 0.25, .levels = {1, 2}},
                StepChoice{.name = "normalisation",
                           .alternatives = {Normalise{.method = MinMax{1, 100}},
                                            Normalise{.method = Scaled{-1, 101, 100}}, Normalise{.method = Rank{}}}},
                StepChoice{
                    .name = "aggregation",
                    .alternatives = {Aggregate{.method = ArithmeticMean{}}, Aggregate{.method = GeometricMean{}}}}};
            n = 50000;
        } else if (workload == "sa_63x100_n10000_d5") {
            inputs = {
                WeightNoise{.name = "indicator weights", .factor = 0.25, .levels = {1}},
                WeightNoise{.name = "pillar weights", .factor = 0.25, .levels = {2}},
                StepChoice{.name = "normalisation",
                           .alternatives = {Normalise{.method = MinMax{1, 100}},
                                            Normalise{.method = Scaled{-1, 101, 100}}, Normalise{.method = Rank{}}}},
                StepChoice{
                    .name = "aggregation",
                    .alternatives = {Aggregate{.method = ArithmeticMean{}}, Aggregate{.method = GeometricMean{}}}},
                IndicatorExclusion{.leave_one_out = true}};
            n = 10000;
            sensitivity = true;
        } else {
            std::fprintf(stderr, "bench_uncertainty: unknown workload \"%s\"\n", workload.c_str());
            return 2;
        }
        engine = std::make_unique<UncertaintyEngine>(fw, Pipeline({minmax, Aggregate{}}), data, inputs);
    }
    if (argc > 5) n = static_cast<std::size_t>(std::atoll(argv[5]));
    std::vector<double> times;
    std::size_t runs = 0;
    for (int r = -1; r < reps; ++r) {  // one warm-up
        const auto start = std::chrono::steady_clock::now();
        if (sensitivity) {
            const SensitivityResult s = engine->sensitivity({.base_samples = n, .seed = 1, .threads = threads});
            runs = s.runs;
            sink = s.indices.total(0, 0);
        } else {
            const UncertaintyResult u = engine->uncertainty({.replicates = n, .seed = 1, .threads = threads});
            runs = n;
            sink = u.mean_rank_shift();
        }
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        if (r >= 0) times.push_back(elapsed.count());
    }
    const double med = median(times);
    const unsigned used = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
    std::printf("bench=%s reps=%d median_s=%.6g min_s=%.6g threads=%u per_s=%.6g\n", workload.c_str(), reps, med,
                *std::min_element(times.begin(), times.end()), used, static_cast<double>(runs) / med);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("# bench=%s n=%zu peak_rss_mib=%.1f\n", workload.c_str(), n,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
