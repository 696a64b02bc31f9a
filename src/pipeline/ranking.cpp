#include "govindex/pipeline/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"

namespace govindex {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string number(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}
}  // namespace

Eigen::VectorXd rank_ascending(const Eigen::VectorXd& x) { return rank_descending(-x); }

Eigen::VectorXd rank_within_groups(const Eigen::VectorXd& x, const std::vector<std::string>& groups, RankOrder order) {
    if (static_cast<std::size_t>(x.size()) != groups.size())
        throw MethodError("rank_within_groups: " + std::to_string(x.size()) + " values but " +
                          std::to_string(groups.size()) + " group labels; expected one label per value");
    std::map<std::string, std::vector<Eigen::Index>> members;
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!groups[static_cast<std::size_t>(i)].empty()) members[groups[static_cast<std::size_t>(i)]].push_back(i);
    Eigen::VectorXd out = Eigen::VectorXd::Constant(x.size(), nan);
    for (const auto& [label, idx] : members) {
        Eigen::VectorXd sub(static_cast<Eigen::Index>(idx.size()));
        for (std::size_t k = 0; k < idx.size(); ++k) sub[static_cast<Eigen::Index>(k)] = x[idx[k]];
        const Eigen::VectorXd r = order == RankOrder::descending ? rank_descending(sub) : rank_ascending(sub);
        for (std::size_t k = 0; k < idx.size(); ++k) out[idx[k]] = r[static_cast<Eigen::Index>(k)];
    }
    return out;
}

Eigen::VectorXd rank_change(const Eigen::VectorXd& before, const Eigen::VectorXd& after) {
    if (before.size() != after.size())
        throw MethodError("rank_change: " + std::to_string(before.size()) + " ranks before but " +
                          std::to_string(after.size()) + " after; expected the same units in both");
    return before - after;  // NaN propagates
}

void check_bands(const std::vector<Band>& bands) {
    if (bands.empty()) throw MethodError("bands: expected at least one band, found none");
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const Band& b = bands[i];
        if (b.label.empty())
            throw MethodError("band " + std::to_string(i + 1) + ": expected a label, found an empty one");
        if (std::isnan(b.low) || std::isnan(b.high) || !(b.low < b.high))
            throw MethodError("band " + detail::in_quotes(b.label) + ": expected low < high, found [" + number(b.low) +
                              ", " + number(b.high) + ")");
        for (std::size_t j = 0; j < i; ++j) {
            if (bands[j].label == b.label)
                throw MethodError("band " + detail::in_quotes(b.label) + ": label repeats; expected distinct labels");
            if (b.low < bands[j].high && bands[j].low < b.high)
                throw MethodError("band " + detail::in_quotes(b.label) + " [" + number(b.low) + ", " + number(b.high) +
                                  ") overlaps band " + detail::in_quotes(bands[j].label) + " [" + number(bands[j].low) +
                                  ", " + number(bands[j].high) + "); expected disjoint bands");
        }
    }
}

std::vector<std::string> assign_bands(const Eigen::VectorXd& x, const std::vector<Band>& bands,
                                      const std::vector<std::string>& unit_names) {
    check_bands(bands);
    if (!unit_names.empty() && unit_names.size() != static_cast<std::size_t>(x.size()))
        throw MethodError("assign_bands: " + std::to_string(x.size()) + " values but " +
                          std::to_string(unit_names.size()) + " unit names; expected one name per value or none");
    std::vector<std::string> out(static_cast<std::size_t>(x.size()));
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        const auto it =
            std::find_if(bands.begin(), bands.end(), [&](const Band& b) { return b.low <= x[i] && x[i] < b.high; });
        if (it == bands.end()) {
            std::string cover;
            for (const auto& b : bands)
                cover += (cover.empty() ? "" : ", ") + b.label + " [" + number(b.low) + ", " + number(b.high) + ")";
            const std::string who = unit_names.empty()
                                        ? "position " + std::to_string(i + 1)
                                        : "unit " + detail::in_quotes(unit_names[static_cast<std::size_t>(i)]);
            throw MethodError(who + ": value " + number(x[i]) + " falls in no band; expected a value in " + cover);
        }
        out[static_cast<std::size_t>(i)] = it->label;
    }
    return out;
}

double quantile(const Eigen::VectorXd& x, double p) {
    if (!(p >= 0.0 && p <= 1.0)) throw MethodError("quantile: expected p in [0, 1], found " + number(p));
    std::vector<double> v;
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!std::isnan(x[i])) v.push_back(x[i]);
    if (v.empty()) throw MethodError("quantile: expected at least one value that is not NaN, found none");
    std::sort(v.begin(), v.end());
    const double h = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace govindex
