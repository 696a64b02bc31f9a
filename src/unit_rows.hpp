#pragma once
// Private helpers of planning.cpp and attribution.cpp: the rows of one year of a data set, and a
// unit's row among them by code or name (NFC).
#include <optional>
#include <string_view>
#include <vector>

#include "govindex/dataset.hpp"
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
        if (same_text(data.unit_codes()[k], unit) || (!data.unit_names()[k].empty() && same_text(data.unit_names()[k], unit)))
            return r;
    }
    return std::nullopt;
}

}  // namespace govindex::detail
