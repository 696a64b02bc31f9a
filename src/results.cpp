#include "govindex/results.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace govindex {

Eigen::VectorXd rank_descending(const Eigen::VectorXd& x) {
    std::vector<Eigen::Index> order;
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!std::isnan(x[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return x[a] > x[b]; });
    Eigen::VectorXd r = Eigen::VectorXd::Constant(x.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tie = k > 0 && x[order[k]] == x[order[k - 1]];
        r[order[k]] = tie ? r[order[k - 1]] : static_cast<double>(k + 1);
    }
    return r;
}

Results::Results(Framework framework, std::vector<std::pair<std::string, Dataset>> data_sets,
                 std::vector<std::pair<std::string, Table>> tables)
    : framework_(std::move(framework)), data_sets_(std::move(data_sets)), tables_(std::move(tables)) {}

std::vector<std::string> Results::table_names() const {
    std::vector<std::string> out;
    for (const auto& [name, t] : tables_) out.push_back(name);
    return out;
}

const Table& Results::table(std::string_view name) const {
    for (const auto& [n, t] : tables_)
        if (n == name) return t;
    std::string names;
    for (const auto& [n, t] : tables_) names += (names.empty() ? "" : ", ") + n;
    throw UnknownCodeError("no table \"" + std::string(name) + "\"; expected one of " + (names.empty() ? "(none)" : names));
}

std::vector<std::string> Results::data_set_names() const {
    std::vector<std::string> out;
    for (const auto& [name, d] : data_sets_) out.push_back(name);
    return out;
}

const Dataset& Results::data_set(std::string_view name) const {
    for (const auto& [n, d] : data_sets_)
        if (n == name) return d;
    std::string names;
    for (const auto& [n, d] : data_sets_) names += (names.empty() ? "" : ", ") + n;
    throw UnknownCodeError("no data set \"" + std::string(name) + "\"; expected one of " + names);
}

const Dataset& Results::scores() const {
    for (auto it = data_sets_.rbegin(); it != data_sets_.rend(); ++it)
        if (it->second.has_column(framework_.root())) return it->second;
    throw MethodError("no step has aggregated up to the root \"" + framework_.root() + "\"; expected an Aggregate step");
}

Dataset Results::ranks() const {
    const Dataset& s = scores();
    Eigen::MatrixXd r(s.unit_count(), s.column_count());
    for (Eigen::Index j = 0; j < s.column_count(); ++j) r.col(j) = rank_descending(s.values().col(j));
    return s.with_values(s.columns(), std::move(r));
}

std::vector<ResultRow> Results::results_table() const {
    const Dataset& s = scores();
    const Eigen::VectorXd score = s.column(framework_.root());
    const Eigen::VectorXd rank = rank_descending(score);
    std::vector<std::size_t> order(static_cast<std::size_t>(score.size()));
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double ra = rank[static_cast<Eigen::Index>(a)], rb = rank[static_cast<Eigen::Index>(b)];
        if (std::isnan(ra) || std::isnan(rb)) return !std::isnan(ra) && std::isnan(rb);
        return ra < rb;
    });
    std::vector<ResultRow> rows;
    for (const auto i : order) {
        const auto e = static_cast<Eigen::Index>(i);
        rows.push_back({s.unit_codes()[i], s.unit_names()[i], score[e], rank[e]});
    }
    return rows;
}

}  // namespace govindex
