// Comparing variants and data sets (analysis_compare.hpp): COINr compare_coins(_multi), compare_df.
#include "govindex/engines/analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"

#include "engines/analysis/support.hpp"

namespace govindex {

using detail::analysis_error;
using detail::exact_number;
using detail::in_quotes;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::unordered_map<std::string, Eigen::Index> row_of(const Dataset& d) {
    std::unordered_map<std::string, Eigen::Index> out;
    for (std::size_t i = 0; i < d.unit_codes().size(); ++i)
        out.emplace(d.unit_codes()[i], static_cast<Eigen::Index>(i));
    return out;
}

}  // namespace

VariantComparison compare_variants(const std::vector<const Results*>& variants, const std::vector<std::string>& names,
                                   std::string_view node, std::string_view data_set) {
    const std::string what = "compare variants";
    if (variants.size() < 2)
        throw analysis_error(what + ": " + std::to_string(variants.size()) + " variant; expected at least two");
    if (names.size() != variants.size())
        throw analysis_error(what + ": " + std::to_string(names.size()) + " names for " +
                             std::to_string(variants.size()) + " variants; expected one name per variant");
    for (const auto& n : names)
        if (std::count(names.begin(), names.end(), n) > 1)
            throw analysis_error(what + ": the name " + in_quotes(n) + " is given twice; expected distinct names");
    VariantComparison out;
    out.node = node.empty() ? variants.front()->framework().root() : std::string(node);
    out.variants = names;
    std::vector<const Dataset*> sets;
    for (std::size_t v = 0; v < variants.size(); ++v) {
        const Dataset& d = data_set.empty() ? variants[v]->scores() : variants[v]->data_set(data_set);
        if (d.is_panel())
            throw analysis_error(what + ": variant " + in_quotes(names[v]) +
                                 " has panel data, not supported yet; expected one year (Dataset::select_time)");
        (void)d.column_index(out.node);  // UnknownCodeError naming the node
        sets.push_back(&d);
    }
    std::unordered_map<std::string, Eigen::Index> index;
    for (const Dataset* d : sets)
        for (const auto& code : d->unit_codes())
            if (index.emplace(code, static_cast<Eigen::Index>(out.units.size())).second) out.units.push_back(code);
    const auto nu = static_cast<Eigen::Index>(out.units.size()), nv = static_cast<Eigen::Index>(sets.size());
    out.scores.setConstant(nu, nv, nan);
    out.ranks.setConstant(nu, nv, nan);
    for (Eigen::Index v = 0; v < nv; ++v) {
        const Dataset& d = *sets[static_cast<std::size_t>(v)];
        const Eigen::VectorXd s = d.column(out.node);
        const Eigen::VectorXd r = rank_descending(s);
        for (std::size_t u = 0; u < d.unit_codes().size(); ++u) {
            const Eigen::Index row = index.at(d.unit_codes()[u]);
            out.scores(row, v) = s[static_cast<Eigen::Index>(u)];
            out.ranks(row, v) = r[static_cast<Eigen::Index>(u)];
        }
    }
    out.score_differences = out.scores.colwise() - out.scores.col(0);
    out.rank_differences = out.ranks.colwise() - out.ranks.col(0);
    out.mean_abs_rank_change.resize(nv);
    for (Eigen::Index v = 0; v < nv; ++v) {
        double sum = 0, count = 0;
        for (Eigen::Index u = 0; u < nu; ++u)
            if (!std::isnan(out.rank_differences(u, v))) {
                sum += std::abs(out.rank_differences(u, v));
                count += 1;
            }
        out.mean_abs_rank_change[v] = count > 0 ? sum / count : nan;
    }
    for (Eigen::Index u = 0; u < nu; ++u)
        if (out.scores.row(u).hasNaN()) out.partial_units.push_back(out.units[static_cast<std::size_t>(u)]);
    return out;
}

DataDifference compare_data(const Dataset& first, const Dataset& second, double absolute_tolerance,
                            double relative_tolerance) {
    const std::string what = "compare data";
    for (const auto& [name, value] :
         {std::pair{"absolute_tolerance", absolute_tolerance}, std::pair{"relative_tolerance", relative_tolerance}})
        if (!(value >= 0))
            throw analysis_error(what + ": " + name + " " + exact_number(value) +
                                 " is out of range; expected a number >= 0");
    if (first.is_panel() || second.is_panel())
        throw analysis_error(what + ": panel data is not supported yet; expected one year (Dataset::select_time)");
    DataDifference out;
    const auto rows1 = row_of(first), rows2 = row_of(second);
    for (const auto& c : first.unit_codes())
        if (!rows2.count(c)) out.units_only_in_first.push_back(c);
    for (const auto& c : second.unit_codes())
        if (!rows1.count(c)) out.units_only_in_second.push_back(c);
    std::vector<std::pair<Eigen::Index, Eigen::Index>> common_columns;
    for (const auto& c : first.columns()) {
        if (second.has_column(c))
            common_columns.emplace_back(first.column_index(c), second.column_index(c));
        else
            out.columns_only_in_first.push_back(c);
    }
    for (const auto& c : second.columns())
        if (!first.has_column(c)) out.columns_only_in_second.push_back(c);
    std::vector<std::string> units, columns;
    std::vector<double> a_values, b_values, differences;
    for (std::size_t u = 0; u < first.unit_codes().size(); ++u) {
        const auto it = rows2.find(first.unit_codes()[u]);
        if (it == rows2.end()) continue;
        for (const auto& [c1, c2] : common_columns) {
            ++out.cells_compared;
            const double a = first.values()(static_cast<Eigen::Index>(u), c1), b = second.values()(it->second, c2);
            const bool differ =
                std::isnan(a) != std::isnan(b) ||
                (!std::isnan(a) && std::abs(a - b) > std::max(absolute_tolerance,
                                                              relative_tolerance * std::max(std::abs(a), std::abs(b))));
            if (!differ) continue;
            units.push_back(first.unit_codes()[u]);
            columns.push_back(first.columns()[static_cast<std::size_t>(c1)]);
            a_values.push_back(a);
            b_values.push_back(b);
            differences.push_back(b - a);
        }
    }
    out.cells.add("unit", std::move(units));
    out.cells.add("column", std::move(columns));
    out.cells.add("first", std::move(a_values));
    out.cells.add("second", std::move(b_values));
    out.cells.add("difference", std::move(differences));
    return out;
}

}  // namespace govindex
