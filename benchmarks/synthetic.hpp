#pragma once
/// \file synthetic.hpp
/// The synthetic index the 63x100 benchmarks share (bench_uncertainty.cpp, bench_planning.cpp):
/// 63 units x 100 indicators in 10 pillars of 10 under one index, values uniform in [0, 100) from a
/// fixed seed, so every program times the same data.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "govindex/govindex.hpp"

namespace govindex::bench {

/// The seed of the synthetic values (the figures in benchmarks/README.md use it).
inline constexpr std::uint64_t synthetic_seed = 20261129;

/// The synthetic framework (indicators i0..i99, pillars p0..p9, "Index") and its data set
/// (units u0..u62), values uniform in [0, 100) from `seed`.
inline std::pair<Framework, Dataset> synthetic(std::uint64_t seed = synthetic_seed) {
    std::vector<Node> nodes;
    const auto node = [](std::string code, NodeType type, int level, std::string parent) {
        Node n;
        n.code = std::move(code), n.type = type, n.level = level, n.parent = std::move(parent);
        return n;
    };
    for (int p = 0; p < 10; ++p)
        for (int i = 0; i < 10; ++i)
            nodes.push_back(node("i" + std::to_string(p * 10 + i), NodeType::indicator, 1, "p" + std::to_string(p)));
    for (int p = 0; p < 10; ++p) nodes.push_back(node("p" + std::to_string(p), NodeType::aggregate, 2, "Index"));
    nodes.push_back(node("Index", NodeType::aggregate, 3, ""));
    Framework fw(std::move(nodes));
    auto units = std::make_shared<Units>();
    for (int u = 0; u < 63; ++u) units->codes.push_back("u" + std::to_string(u)), units->names.push_back("");
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 100.0);
    Eigen::MatrixXd values(63, 100);
    for (Eigen::Index c = 0; c < 100; ++c)
        for (Eigen::Index r = 0; r < 63; ++r) values(r, c) = uniform(random);
    return {fw, Dataset(units, fw.indicators(), values)};
}

/// `data` with every value moved by a normal draw (mean 0, standard deviation `sd`) from `seed`:
/// a "later year" of the synthetic index for decomposing changes.
inline Dataset perturbed(const Dataset& data, std::uint64_t seed, double sd) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> noise(0.0, sd);
    Eigen::MatrixXd values = data.values();
    for (Eigen::Index c = 0; c < values.cols(); ++c)
        for (Eigen::Index r = 0; r < values.rows(); ++r) values(r, c) += noise(random);
    return Dataset(data.shared_units(), data.columns(), values);
}

}  // namespace govindex::bench
