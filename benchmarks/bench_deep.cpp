/// \file bench_deep.cpp
/// Times deep trees (issue 12: a deep chain once crashed and took quadratic time). Workloads:
///   deep_framework_100k    a framework whose tree is a chain of 100,000 aggregates above one
///                          indicator, as iMeta CSV text (one row per node, 4 MB): parse_csv +
///                          framework_from_table (validation: unique codes, parents, cycles,
///                          levels) + the default pipeline run on 3 units (min-max, then the
///                          arithmetic mean up the whole chain)
///   deep_methodology_100k  a methodology family whose version is a chain of 100,000 nodes (TOML
///                          text): parse_methodology_family (validation) + score() of one
///                          assessment up the whole chain
/// The texts are built once, before timing; a timed call reads, validates and scores from text.
/// One warm-up call, then REPS timed ones (std::chrono::steady_clock), single-threaded.
/// Usage: bench_deep WORKLOAD [REPS [LEVELS]]   (REPS >= 3, default 5; LEVELS default 100000)
/// Prints: bench=<WORKLOAD> reps=N median_s=X min_s=X threads=1 per_s=X   (per_s = levels per second),
/// then a comment line describing what the last call produced.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "govindex/govindex.hpp"

namespace {

using namespace govindex;

int levels = 100000;  // the workloads' depth; a third argument overrides it (for profiling)

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

std::vector<double> time_calls(int reps, const std::function<void()>& call) {
    std::vector<double> seconds;
    for (int r = -1; r < reps; ++r) {
        const auto start = std::chrono::steady_clock::now();
        call();
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        if (r >= 0) seconds.push_back(elapsed.count());
    }
    return seconds;
}

void report(const std::string& workload, int reps, const std::vector<double>& seconds) {
    const double med = median(seconds);
    std::printf("bench=%s reps=%d median_s=%.6g min_s=%.6g threads=1 per_s=%.6g\n", workload.c_str(), reps, med,
                *std::min_element(seconds.begin(), seconds.end()), levels / med);
}

// iMeta: the indicator x at level 1 under a1, a1 under a2, ..., a100000 the root.
std::string chain_framework() {
    std::string text = "iCode,Level,Parent,Direction,Weight,Type\nx,1,a1,1,1,Indicator\n";
    for (int k = 1; k <= levels; ++k)
        text += "a" + std::to_string(k) + "," + std::to_string(k + 1) + "," +
                (k < levels ? "a" + std::to_string(k + 1) : std::string()) + ",1,1,Aggregate\n";
    return text;
}

std::string chain_methodology() {
    std::string text =
        "[family]\nname = \"deep\"\n\n[[versions]]\nid = \"v1\"\nfirst_year = 2020\npublication_lag = 1\n"
        "aggregation = \"points\"\nsurvey_points = 0\n";
    for (int k = 0; k < levels; ++k) {
        text += "\n[[versions.nodes]]\ncode = \"n" + std::to_string(k) + "\"\nname_vi = \"Mức " + std::to_string(k) +
                "\"\nmax_points = 1\n";
        if (k > 0) text += "parent = \"n" + std::to_string(k - 1) + "\"\n";
        if (k == levels - 1) text += "source = \"appraisal\"\nrule = { name = \"yes_no\", points = 1 }\n";
    }
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_deep deep_framework_100k|deep_methodology_100k [REPS]\n");
        return 2;
    }
    const std::string workload = argv[1];
    const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
    if (argc > 3) levels = std::atoi(argv[3]);
    if (levels < 1) {
        std::fprintf(stderr, "bench_deep: LEVELS must be >= 1\n");
        return 2;
    }
    if (reps < 3) {
        std::fprintf(stderr, "bench_deep: REPS must be >= 3\n");
        return 2;
    }
    if (workload == "deep_framework_100k") {
        const std::string text = chain_framework();
        const std::string data = "uCode,x\nu1,1\nu2,2\nu3,3\n";
        double top = 0.0;
        const auto seconds = time_calls(reps, [&] {
            const Framework framework = framework_from_table(parse_csv(text, "chain.csv"));
            const Dataset dataset = dataset_from_table(parse_csv(data, "data.csv"), framework);
            const Results results = Pipeline({Normalise{MinMax{0, 100}, {}}, Aggregate{}}).run(framework, dataset);
            top = results.scores().value("u3", "a" + std::to_string(levels));
        });
        report(workload, reps, seconds);
        std::printf("# bench=%s levels=%d csv_bytes=%zu root_score_u3=%g\n", workload.c_str(), levels + 1, text.size(),
                    top);
    } else if (workload == "deep_methodology_100k") {
        const std::string text = chain_methodology();
        double obtained = 0.0;
        const auto seconds = time_calls(reps, [&] {
            const Family family = parse_methodology_family(text, "deep.toml");
            Assessment a{.unit = "u", .year = 2020, .leaves = {}};
            a.leaves["n" + std::to_string(levels - 1)].evidence.yes = true;
            obtained = score(family.version("v1"), a).node("n0").obtained;
        });
        report(workload, reps, seconds);
        std::printf("# bench=%s levels=%d toml_bytes=%zu root_points=%g\n", workload.c_str(), levels, text.size(),
                    obtained);
    } else {
        std::fprintf(stderr, "bench_deep: unknown workload \"%s\"\n", workload.c_str());
        return 2;
    }
    return 0;
}
