/// \file bench_planning.cpp
/// Times why-a-rank-changed and what-it-takes on the synthetic index (synthetic.hpp: 63 units x
/// 100 indicators in 10 pillars), min-max [0, 100] then arithmetic mean. Workloads:
///   decompose_63x100          decompose_change of one unit (u0) from the synthetic run to a
///                             perturbed one (every value + normal(0, 5), seed 20261130), to the
///                             leaves, default options (rule auto = contributions here)
///   decompose_63x100_shapley  the same with DecomposeOptions{.rule = SplitRule::shapley} (10
///                             children per aggregate: exact, 2^10 coalitions each)
///   plan_63x100               plan_improvement of the unit ranked 32nd to rank 10, costs per
///                             indicator uniform in [0.5, 2] (seed 20261131), default options
///                             (an LP solved by Cbc, then the what-if re-score)
///   plan_all_63x100           a plan for each of the 63 units to rank 10 (units already there
///                             return at once); one timed run = all 63 plans
/// The runs are built once, before timing; only the calls are timed. One warm-up call, then REPS
/// timed ones (std::chrono::steady_clock). These calls are single-threaded (threads=1).
/// Usage: bench_planning WORKLOAD [REPS]   (REPS >= 3, default 11)
/// Prints: bench=<WORKLOAD> reps=N median_s=X min_s=X threads=1 per_s=X   (per_s = decompositions or
/// plans per second), then a comment line describing the result so a reader can check what was timed.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "govindex/govindex.hpp"
#include "synthetic.hpp"

namespace {

using namespace govindex;

volatile double sink = 0.0;

double median(std::vector<double> xs) {
    std::sort(xs.begin(), xs.end());
    const std::size_t n = xs.size();
    return n % 2 == 1 ? xs[n / 2] : 0.5 * (xs[n / 2 - 1] + xs[n / 2]);
}

// One warm-up call, then `reps` timed calls of `call`; returns the seconds of each timed call.
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

void report(const std::string& workload, int reps, const std::vector<double>& seconds, double calls_per_rep) {
    const double med = median(seconds);
    std::printf("bench=%s reps=%d median_s=%.6g min_s=%.6g threads=1 per_s=%.6g\n", workload.c_str(), reps, med,
                *std::min_element(seconds.begin(), seconds.end()), calls_per_rep / med);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_planning WORKLOAD [REPS]\n");
        return 2;
    }
    const std::string workload = argv[1];
    const int reps = argc > 2 ? std::max(3, std::atoi(argv[2])) : 11;
    const auto [fw, data] = bench::synthetic();
    const Pipeline pipeline({Normalise{.method = MinMax{0, 100}}, Aggregate{.method = ArithmeticMean{}}});
    const Results before = pipeline.run(fw, data);

    if (workload == "decompose_63x100" || workload == "decompose_63x100_shapley") {
        const Results after = pipeline.run(fw, bench::perturbed(data, 20261130, 5.0));
        DecomposeOptions options;
        if (workload == "decompose_63x100_shapley") options.rule = SplitRule::shapley;
        ChangeDecomposition d;
        const auto seconds = time_calls(reps, [&] {
            d = decompose_change(before, after, "u0", "", std::nullopt, std::nullopt, true, options);
            sink = d.own_part;
        });
        report(workload, reps, seconds, 1.0);
        std::printf("# bench=%s unit=%s rule=%s rows=%zu score %.4g -> %.4g rank %g -> %g\n", workload.c_str(),
                    d.unit.c_str(), d.rule.c_str(), d.parts.rows(), d.score_before, d.score_after, d.rank_before,
                    d.rank_after);
        return 0;
    }
    if (workload != "plan_63x100" && workload != "plan_all_63x100") {
        std::fprintf(stderr, "bench_planning: unknown workload \"%s\"\n", workload.c_str());
        return 2;
    }
    PlanOptions options;
    std::mt19937_64 random(20261131);
    std::uniform_real_distribution<double> cost(0.5, 2.0);
    for (const std::string& indicator : fw.indicators()) options.costs[indicator] = cost(random);
    const std::vector<std::string>& units = data.unit_codes();
    if (workload == "plan_63x100") {
        const Eigen::VectorXd ranks = before.ranks().column("Index");
        const auto row = std::find(ranks.begin(), ranks.end(), 32.0) - ranks.begin();
        const std::string unit = units.at(static_cast<std::size_t>(row));
        ImprovementPlan p;
        const auto seconds = time_calls(reps, [&] {
            p = plan_improvement(before, unit, 10, "", std::nullopt, options);
            sink = p.cost;
        });
        report(workload, reps, seconds, 1.0);
        std::printf("# bench=%s unit=%s rank=%g status=%s nodes_changed=%d cost=%.4g achieved_rank=%g\n",
                    workload.c_str(), unit.c_str(), p.gap.rank, p.status.c_str(), p.nodes_changed, p.cost,
                    p.achieved_rank);
        return 0;
    }
    std::map<std::string, int> statuses;
    const auto seconds = time_calls(reps, [&] {
        statuses.clear();
        for (const std::string& unit : units) {
            const ImprovementPlan p = plan_improvement(before, unit, 10, "", std::nullopt, options);
            sink = p.cost;
            ++statuses[p.status];
        }
    });
    report(workload, reps, seconds, static_cast<double>(units.size()));
    std::printf("# bench=%s plans=%zu", workload.c_str(), units.size());
    for (const auto& [status, count] : statuses) std::printf(" %s=%d", status.c_str(), count);
    std::printf("\n");
    return 0;
}
