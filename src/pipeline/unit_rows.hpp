#pragma once
// Private helpers of planning.cpp and attribution.cpp: the rows of one year of a data set, a
// unit's row among them by code or name (NFC), and a competition rank among other scores.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "govindex/model/dataset.hpp"
#include "govindex/text.hpp"

namespace govindex::detail {

/// The rows of `data` in `year` (every row when no year is given).
inline std::vector<Eigen::Index> rows_of(const Dataset& data, std::optional<int> year) {
    std::vector<Eigen::Index> rows;
    const auto& times = data.units().times;
    for (Eigen::Index r = 0; r < data.unit_count(); ++r)
        if (!year || (!times.empty() && times[static_cast<std::size_t>(r)] == *year)) rows.push_back(r);
    return rows;
}

/// The row among `rows` whose unit code or name is `unit` (NFC-compared); nullopt if none.
inline std::optional<Eigen::Index> find_unit_row(const Dataset& data, const std::vector<Eigen::Index>& rows,
                                                 std::string_view unit) {
    for (const Eigen::Index r : rows) {
        const auto k = static_cast<std::size_t>(r);
        if (same_text(data.unit_codes()[k], unit) ||
            (!data.unit_names()[k].empty() && same_text(data.unit_names()[k], unit)))
            return r;
    }
    return std::nullopt;
}

/// Competition rank ("min", as everywhere in govindex) of `score` among the other units' scores:
/// 1 + the number of higher ones; NaN for a missing score. `value` reads a score from an element
/// of `others` (a map's pair, say).
template <class Range, class Value = std::identity>
double competition_rank(double score, const Range& others, Value value = {}) {
    if (std::isnan(score)) return std::numeric_limits<double>::quiet_NaN();
    return 1.0 + static_cast<double>(std::count_if(std::begin(others), std::end(others),
                                                   [&](const auto& o) { return std::invoke(value, o) > score; }));
}

}  // namespace govindex::detail
