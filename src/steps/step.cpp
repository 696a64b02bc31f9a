// What every step shares: running a cross-section step on each year of a panel.
#include "govindex/steps/step.hpp"

#include <utility>

namespace govindex {

namespace {

// Side tables of the years of a panel, one below the other, with a Time column in front.
std::vector<std::pair<std::string, Table>> stack_tables(const std::vector<std::pair<int, StepOutput>>& years) {
    std::vector<std::pair<std::string, Table>> out;
    if (years.empty()) return out;
    for (std::size_t t = 0; t < years.front().second.tables.size(); ++t) {
        const std::string& name = years.front().second.tables[t].first;
        const Table& first = years.front().second.tables[t].second;
        Table stacked;
        std::vector<double> time;
        for (const auto& [year, output] : years) time.insert(time.end(), output.tables[t].second.rows(), year);
        stacked.add("Time", std::move(time));
        for (std::size_t c = 0; c < first.names().size(); ++c) {
            TableColumn column = first.columns()[c];
            std::visit(
                [&](auto& col) {
                    col.clear();
                    for (const auto& [year, output] : years) {
                        const auto& part = std::get<std::decay_t<decltype(col)>>(output.tables[t].second.columns()[c]);
                        col.insert(col.end(), part.begin(), part.end());
                    }
                },
                column);
            stacked.add(first.names()[c], std::move(column));
        }
        out.emplace_back(name, std::move(stacked));
    }
    return out;
}

// Aggregation records of the years of a panel, rows stacked in the order of concatenate().
std::vector<AggregationRecord> stack_records(const std::vector<std::pair<int, StepOutput>>& years) {
    if (years.empty() || years.front().second.aggregation.empty()) return {};
    std::vector<AggregationRecord> out = years.front().second.aggregation;
    for (std::size_t r = 0; r < out.size(); ++r) {
        out[r].below_availability.clear();
        bool any = false;
        for (const auto& [year, output] : years) any = any || !output.aggregation[r].below_availability.empty();
        if (!any) continue;  // no unit blanked in any year
        for (const auto& [year, output] : years) {
            const auto& part = output.aggregation[r].below_availability;
            if (part.empty())
                out[r].below_availability.insert(out[r].below_availability.end(),
                                                 static_cast<std::size_t>(output.data.unit_count()), false);
            else
                out[r].below_availability.insert(out[r].below_availability.end(), part.begin(), part.end());
        }
    }
    return out;
}

}  // namespace

StepOutput detail::by_year(const Dataset& data, const std::function<StepOutput(const Dataset&)>& cross_section) {
    if (!data.is_panel()) return cross_section(data);
    std::vector<std::pair<int, StepOutput>> years;
    std::vector<Dataset> parts;
    for (const int year : data.years()) {
        years.emplace_back(year, cross_section(data.select_time(year)));
        parts.push_back(years.back().second.data);
    }
    return {concatenate(parts), stack_tables(years), stack_records(years)};
}

}  // namespace govindex
