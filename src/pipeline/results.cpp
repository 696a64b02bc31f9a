#include "govindex/pipeline/results.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

#include "govindex/detail/format.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/text.hpp"

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
                 std::vector<std::pair<std::string, Table>> tables, std::shared_ptr<const Pipeline> pipeline,
                 std::vector<AggregationRecord> aggregation)
    : framework_(std::move(framework)),
      data_sets_(std::move(data_sets)),
      tables_(std::move(tables)),
      pipeline_(std::move(pipeline)),
      aggregation_(std::move(aggregation)) {}

const AggregationRecord& Results::aggregation_record(std::string_view node) const {
    if (aggregation_.empty())
        throw MethodError("no aggregate step in the pipeline: nothing was aggregated",
                          ErrorLocation{.node = std::string(node)});
    const Node& n = framework_.node(node);
    for (const auto& r : aggregation_)
        if (r.node == n.code) return r;
    throw UnknownCodeError(
        detail::in_quotes(n.code) + " is " + (n.type == NodeType::indicator ? "an indicator" : "not an aggregate") +
            "; expected the code of an aggregate",
        ErrorLocation{.node = n.code, .expected = "an aggregate code", .found = std::string(to_string(n.type))});
}

std::optional<Eigen::Index> Results::unit_row(const Dataset& data, std::string_view unit, std::optional<int> year) {
    const std::string key = to_nfc(unit);
    for (Eigen::Index i = 0; i < data.unit_count(); ++i) {
        const auto u = static_cast<std::size_t>(i);
        if ((data.unit_codes()[u] == key || data.unit_names()[u] == key) && (!year || data.units().times[u] == *year))
            return i;
    }
    return std::nullopt;
}

Eigen::MatrixXd Results::used_weights(std::string_view node) const {
    const AggregationRecord& r = aggregation_record(node);
    return govindex::used_weights(r.method, r.inputs(data_set("Aggregated")), r.weights);
}

Eigen::MatrixXd Results::contribution_matrix(std::string_view node) const {
    const AggregationRecord& r = aggregation_record(node);
    if (!r.has_split())
        throw MethodError(
            "aggregate " + detail::in_quotes(r.node) + " is made by " + method_name(r.method) + ", which has " +
                r.contribution_rule(),
            ErrorLocation{
                .node = r.node, .expected = "a method with an additive split", .found = method_name(r.method)});
    const Dataset& data = data_set("Aggregated");
    return *govindex::contributions(r.method, r.inputs(data), r.weights, data.column(r.node));
}

Table Results::contributions(std::string_view unit, std::string_view node, std::optional<int> year,
                             bool to_leaves) const {
    const AggregationRecord& top = aggregation_record(node);
    const Dataset& data = data_set("Aggregated");
    const bool panel = data.is_panel();
    if (panel && !year)
        throw UnknownCodeError("panel data: give the year of the contributions",
                               ErrorLocation{.column = "year", .expected = "a year"});
    const std::optional<Eigen::Index> row = unit_row(data, unit, panel ? year : std::nullopt);
    if (!row)
        throw UnknownCodeError(
            "no unit with code or name " + detail::in_quotes(unit) +
                (year ? " in " + std::to_string(*year) : std::string()),
            ErrorLocation{.column = "unit", .expected = "a unit code or name", .found = std::string(unit)});
    const Eigen::Index i = *row;

    std::vector<std::string> codes, parents;
    std::vector<double> values, weights, parts, shares;
    const double total = data.values()(i, data.column_index(top.node));
    // (record, the factor taking its contributions to the top node's units, weight to the top)
    std::vector<std::tuple<const AggregationRecord*, double, double>> stack{{&top, 1.0, 1.0}};
    while (!stack.empty()) {
        const auto [r, factor, path_weight] = stack.back();
        stack.pop_back();
        const Eigen::MatrixXd c = contribution_matrix(r->node);
        const Eigen::MatrixXd used = used_weights(r->node);
        std::vector<std::tuple<const AggregationRecord*, double, double>> below;
        for (std::size_t k = 0; k < r->children.size(); ++k) {
            const auto j = static_cast<Eigen::Index>(k);
            const std::string& child = r->children[k];
            const double part = c(i, j) * factor;
            const double weight = used(i, j) * path_weight;
            if (to_leaves && framework_.node(child).type == NodeType::aggregate) {
                const double value = data.values()(i, data.column_index(child));
                below.emplace_back(&aggregation_record(child), value != 0 && !std::isnan(value) ? part / value : 0.0,
                                   weight);
                continue;
            }
            codes.push_back(child);
            parents.push_back(r->node);
            values.push_back(data.values()(i, data.column_index(child)));
            weights.push_back(weight);
            parts.push_back(part);
            shares.push_back(total != 0 ? part / total : std::numeric_limits<double>::quiet_NaN());
        }
        for (auto it = below.rbegin(); it != below.rend(); ++it) stack.push_back(*it);  // keep the input order
    }
    Table t;
    t.add("node", std::move(codes));
    t.add("parent", std::move(parents));
    t.add("value", std::move(values));
    t.add("weight", std::move(weights));
    t.add("contribution", std::move(parts));
    t.add("share", std::move(shares));
    return t;
}

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
    throw UnknownCodeError("no table " + detail::in_quotes(name) + "; expected one of " +
                           (names.empty() ? "(none)" : names));
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
    throw UnknownCodeError("no data set " + detail::in_quotes(name) + "; expected one of " + names);
}

const Dataset& Results::scores() const {
    for (auto it = data_sets_.rbegin(); it != data_sets_.rend(); ++it)
        if (it->second.has_column(framework_.root())) return it->second;
    throw MethodError("no step has aggregated up to the root \"" + framework_.root() +
                      "\"; expected an Aggregate step");
}

namespace {
// Row positions of each year (one group of all rows for a cross-section).
std::vector<std::vector<Eigen::Index>> year_groups(const Dataset& d) {
    std::vector<std::vector<Eigen::Index>> groups;
    if (!d.is_panel()) {
        groups.emplace_back(static_cast<std::size_t>(d.unit_count()));
        std::iota(groups.back().begin(), groups.back().end(), Eigen::Index{0});
        return groups;
    }
    for (const int year : d.years()) {
        groups.emplace_back();
        for (std::size_t i = 0; i < d.units().times.size(); ++i)
            if (d.units().times[i] == year) groups.back().push_back(static_cast<Eigen::Index>(i));
    }
    return groups;
}
}  // namespace

Dataset Results::ranks() const {
    const Dataset& s = scores();
    Eigen::MatrixXd r(s.unit_count(), s.column_count());
    for (const auto& rows : year_groups(s)) {
        for (Eigen::Index j = 0; j < s.column_count(); ++j) {
            Eigen::VectorXd x(static_cast<Eigen::Index>(rows.size()));
            for (std::size_t k = 0; k < rows.size(); ++k) x[static_cast<Eigen::Index>(k)] = s.values()(rows[k], j);
            const Eigen::VectorXd rk = rank_descending(x);
            for (std::size_t k = 0; k < rows.size(); ++k) r(rows[k], j) = rk[static_cast<Eigen::Index>(k)];
        }
    }
    return s.with_values(s.columns(), std::move(r));
}

std::vector<ResultRow> Results::results_table() const {
    const Dataset& s = scores();
    const Eigen::Index root = s.column_index(framework_.root());
    const Dataset r = ranks();
    std::vector<ResultRow> rows;
    for (auto order : year_groups(s)) {
        std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
            const double ra = r.values()(a, root), rb = r.values()(b, root);
            if (std::isnan(ra) || std::isnan(rb)) return !std::isnan(ra) && std::isnan(rb);
            return ra < rb;
        });
        for (const auto i : order) {
            const auto u = static_cast<std::size_t>(i);
            rows.push_back({s.unit_codes()[u], s.unit_names()[u], s.values()(i, root), r.values()(i, root),
                            s.is_panel() ? std::optional<int>(s.units().times[u]) : std::nullopt});
        }
    }
    return rows;
}

}  // namespace govindex
