// Results::explain: how one unit's value of one node came about, step by step (COINr issue #19).
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "govindex/detail/format.hpp"
#include "govindex/detail/methods.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/text.hpp"

#include "steps/score_explain.hpp"

namespace govindex {

namespace {

std::string fmt(double x) { return detail::shown_number(x, "missing"); }

std::string flag_text(std::uint8_t f) {
    std::string out;
    if (f & cell_imputed) out += "imputed";
    if (f & cell_treated) out += std::string(out.empty() ? "" : ", ") + "treated";
    if (f & cell_suppressed) out += std::string(out.empty() ? "" : ", ") + "suppressed";
    return out;
}

// "minmax(low=0, high=100)", parameters in their declared order.
template <class Variant>
std::string describe_method(const Variant& method) {
    return std::visit(
        [](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            std::string out = std::string(M::method_name) + "(";
            bool first = true;
            detail::for_each_field<M>([&](const auto& f) {
                using T = std::decay_t<decltype(m.*(f.member))>;
                const auto& v = m.*(f.member);
                out += (first ? "" : ", ") + std::string(f.name) + "=";
                if constexpr (std::is_same_v<T, std::string>)
                    out += "\"" + v + "\"";
                else if constexpr (std::is_same_v<T, bool>)
                    out += v ? "true" : "false";
                else
                    out += fmt(static_cast<double>(v));
                first = false;
            });
            return out + ")";
        },
        method);
}

// Every field of a step other than per-node maps, as "name=value" text.
template <class S>
std::string describe_step(const S& step) {
    std::string out = std::string(S::step_name);
    std::string params;
    detail::for_each_field<S>([&](const auto& f) {
        using T = std::decay_t<decltype(step.*(f.member))>;
        const auto& v = step.*(f.member);
        std::string text;
        if constexpr (std::is_same_v<T, bool>)
            text = v ? "true" : "false";
        else if constexpr (std::is_arithmetic_v<T>)
            text = fmt(static_cast<double>(v));
        else if constexpr (std::is_same_v<T, std::string>)
            text = "\"" + v + "\"";
        else if constexpr (detail::is_method_variant_v<T>)
            text = describe_method(v);
        else
            return;
        params += (params.empty() ? "" : ", ") + std::string(f.name) + "=" + text;
    });
    return out + (params.empty() ? "" : "(" + params + ")");
}

struct Stats {
    double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity(), mean = 0;
    int n = 0;
};
Stats column_stats(const Eigen::VectorXd& x) {
    Stats s;
    double sum = 0;
    for (const double v : x)
        if (!std::isnan(v)) {
            s.min = std::min(s.min, v);
            s.max = std::max(s.max, v);
            sum += v;
            ++s.n;
        }
    s.mean = s.n > 0 ? sum / s.n : std::nan("");
    return s;
}

struct Rows {
    std::vector<std::string> data_set, node, flags, text;
    std::vector<double> value, weight, contribution;
    void add(std::string d, std::string n, double v, double w, std::string f, std::string t,
             double c = std::numeric_limits<double>::quiet_NaN()) {
        data_set.push_back(std::move(d));
        node.push_back(std::move(n));
        value.push_back(v);
        weight.push_back(w);
        contribution.push_back(c);
        flags.push_back(std::move(f));
        text.push_back(std::move(t));
    }
    Table table() && {
        Table t;
        t.add("data_set", std::move(data_set));
        t.add("node", std::move(node));
        t.add("value", std::move(value));
        t.add("weight", std::move(weight));
        t.add("contribution", std::move(contribution));
        t.add("flags", std::move(flags));
        t.add("explanation", std::move(text));
        return t;
    }
};

// Rows of the units of one year (or all), so statistics are those the step saw.
std::vector<Eigen::Index> rows_of_year(const Dataset& d, std::optional<int> year) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < d.unit_count(); ++i)
        if (!year || d.units().times.empty() || d.units().times[static_cast<std::size_t>(i)] == *year)
            rows.push_back(i);
    return rows;
}

}  // namespace

Table Results::explain(std::string_view unit, std::string_view node_code, std::optional<int> year) const {
    const Node& node = framework_.node(node_code);
    if (!node.in_tree())
        throw UnknownCodeError(detail::in_quotes(node_code) + " is a data column, not an indicator or aggregate");
    const bool panel = data_sets_.front().second.is_panel();
    if (panel && !year) throw UnknownCodeError("panel data: give the year to explain");
    auto find_row = [&](const Dataset& d) { return unit_row(d, unit, panel ? year : std::nullopt); };
    if (!find_row(data_sets_.front().second))
        throw UnknownCodeError("no unit with code or name " + detail::in_quotes(unit) +
                               (year ? " in " + std::to_string(*year) : std::string()));

    Rows rows;
    // The step that made each data set, by data set name.
    auto step_for = [&](const std::string& name) -> const Step* {
        if (!pipeline_) return nullptr;
        for (const auto& s : pipeline_->steps())
            if (std::visit([](const auto& x) { return std::string(x.data_set_name); }, s) == name) return &s;
        return nullptr;
    };

    for (const auto& [name, d] : data_sets_) {
        if (!d.has_column(node.code)) continue;
        const auto row = find_row(d);
        if (!row) {
            rows.add(name, node.code, std::nan(""), std::nan(""), "", "unit removed at this step");
            continue;
        }
        const Eigen::Index j = d.column_index(node.code);
        const double value = d.values()(*row, j);
        const std::string flags = flag_text(d.flags()(*row, j));
        const Step* step = step_for(name);
        if (step == nullptr) {
            rows.add(name, node.code, value, std::nan(""), flags, name == "Raw" ? "value as read" : "");
            continue;
        }
        if (node.type == NodeType::aggregate && std::holds_alternative<Aggregate>(*step)) {
            // Children, their weights and contributions as the run recorded them, then the aggregate.
            const Aggregate& agg = std::get<Aggregate>(*step);
            const AggregationRecord& record = aggregation_record(node.code);
            const bool blanked = record.blanked(static_cast<std::size_t>(*row));
            const Eigen::MatrixXd used_weight = used_weights(node.code);
            const bool split = record.has_split();
            const Eigen::MatrixXd parts = split ? contribution_matrix(node.code) : Eigen::MatrixXd();
            const bool rescales = !std::holds_alternative<WeightedSum>(record.method);
            for (std::size_t k = 0; k < record.children.size(); ++k) {
                const auto j = static_cast<Eigen::Index>(k);
                const std::string& child = record.children[k];
                const double x = d.values()(*row, d.column_index(child));
                const double used = used_weight(*row, j);
                std::string text;
                if (blanked)
                    text = "below the data-availability threshold (min_availability " + fmt(agg.min_availability) +
                           "): not used";
                else if (std::isnan(x))
                    text = rescales ? "missing: skipped, the other weights rescaled" : "missing: the sum is missing";
                else if (record.weights[j] == 0)
                    text = "weight 0: takes no part";
                else if (const auto* sum = std::get_if<WeightedSum>(&record.method)) {
                    // Weights as given, nothing rescaled: the contribution is scale x weight x value.
                    text = "child of " + node.code + ": scale " + fmt(sum->scale) + " x weight " +
                           fmt(record.weights[j]) + " x value = " + fmt(parts(*row, j));
                } else {
                    text = "child of " + node.code + ": weight " + fmt(record.weights[j]) + ", share " + fmt(used);
                    if (split) text += ", contribution " + fmt(parts(*row, j));
                }
                rows.add(name, child, x, used, flag_text(d.flags()(*row, d.column_index(child))), text,
                         split ? parts(*row, j) : std::nan(""));
            }
            rows.add(
                name, node.code, value, std::nan(""), flags,
                describe_method(record.method) + " of the " + std::to_string(record.children.size()) +
                    " children above" +
                    (agg.weight_set != "Original" ? " with weight set \"" + agg.weight_set + "\"" : std::string()) +
                    "; contributions: " + record.contribution_rule());
            continue;
        }
        // The data set this step started from, and this unit's value there.
        const Dataset* input = nullptr;
        for (std::size_t s = 1; s < data_sets_.size(); ++s)
            if (data_sets_[s].first == name) input = &data_sets_[s - 1].second;
        double before = std::nan("");
        if (input != nullptr && input->has_column(node.code))
            if (const auto in_row = find_row(*input)) before = input->values()(*in_row, input->column_index(node.code));
        std::string text = std::visit([](const auto& s) { return describe_step(s); }, *step);
        if (std::holds_alternative<Aggregate>(*step)) {
            text = "indicator carried over from the previous data set";
        } else if (const auto* sc = std::get_if<Score>(step); sc != nullptr && input != nullptr) {
            const auto in_row = find_row(*input);
            text = "score: " + (in_row ? detail::explain_score(*sc, framework_, node, *input, *in_row)
                                       : std::string("unit not in the input"));
        } else if (const auto* norm = std::get_if<Normalise>(step);
                   norm != nullptr && node.type == NodeType::indicator) {
            // Statistics of the direction-adjusted input column, over the units the step saw.
            const auto it = norm->per_node.find(node.code);
            text = describe_method(it == norm->per_node.end() ? norm->method : it->second) + " of " +
                   (node.direction < 0 ? "-x (direction -1)" : "x (direction +1)");
            if (input != nullptr && input->has_column(node.code)) {
                const auto in_rows = norm->pool_years ? rows_of_year(*input, std::nullopt) : rows_of_year(*input, year);
                Eigen::VectorXd x(static_cast<Eigen::Index>(in_rows.size()));
                const Eigen::Index ij = input->column_index(node.code);
                for (std::size_t r = 0; r < in_rows.size(); ++r)
                    x[static_cast<Eigen::Index>(r)] = input->values()(in_rows[r], ij) * node.direction;
                const Stats st = column_stats(x);
                text += "; over " + std::to_string(st.n) + " units" + (norm->pool_years ? " (all years)" : "") +
                        " that column has min " + fmt(st.min) + ", max " + fmt(st.max) + ", mean " + fmt(st.mean);
            }
        } else {
            const bool same = value == before || (std::isnan(value) && std::isnan(before));
            text += same ? ": unchanged" : ": changed from " + fmt(before) + (flags.empty() ? "" : " (" + flags + ")");
        }
        rows.add(name, node.code, value, std::nan(""), flags, text);
    }
    return std::move(rows).table();
}

}  // namespace govindex
