#include "govindex/pipeline.hpp"
#include "govindex/detail/format.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "govindex/detail/fields.hpp"
#include "govindex/detail/methods.hpp"
#include "govindex/errors.hpp"

namespace govindex {

using detail::in_quotes;

namespace {


void check_step(const Normalise& step, const Framework& fw, const std::string& where) {
    try {
        check(step.method);
        for (const auto& [code, method] : step.per_node) check(method);
    } catch (const MethodError& e) {
        throw MethodError(where + e.what());
    }
    for (const auto& [code, method] : step.per_node) {
        const Node* n = fw.find(code);
        if (n == nullptr || n->type != NodeType::indicator)
            throw MethodError(where + "per-node method for " + in_quotes(code) + ": " +
                              (n == nullptr ? "unknown node" : "node is of type " + std::string(to_string(n->type))) +
                              "; expected an indicator code");
    }
    // What a method needs from each indicator's framework row (a target, goalposts) is checked
    // before any data is seen.
    std::map<std::string, const NormaliseMethod*> overrides;
    for (const auto& [code, method] : step.per_node) overrides[fw.node(code).code] = &method;
    for (const auto& code : fw.indicators()) {
        const auto it = overrides.find(code);
        try {
            check(it == overrides.end() ? step.method : *it->second, fw.node(code));
        } catch (const MethodError& e) {
            throw MethodError(where + e.what());
        }
    }
}

std::map<std::string, double> effective_weights(const Aggregate& step, const Framework& fw, const std::string& where) {
    std::map<std::string, double> weights;
    try {
        weights = fw.weights(step.weight_set);
    } catch (const UnknownCodeError& e) {
        throw MethodError(where + e.what());
    }
    for (const auto& [code, w] : step.weights) {
        const Node* n = fw.find(code);
        if (n == nullptr || !n->in_tree())
            throw MethodError(where + "weight for " + in_quotes(code) + ": " + (n == nullptr ? "unknown node" : "not a tree node") +
                              "; expected an indicator or aggregate code");
        if (!std::isfinite(w) || w < 0) {
            std::ostringstream os;
            os << w;
            throw MethodError(where + "weight for " + in_quotes(code) + ": expected a finite number >= 0, found " + os.str());
        }
        weights[n->code] = w;
    }
    for (int level = 2; level <= fw.max_level(); ++level)
        for (const auto& parent : fw.level_codes(level)) {
            bool positive = false;
            for (const auto& c : fw.children(parent)) positive = positive || weights.at(c) > 0;
            if (!positive)
                throw MethodError(where + "every child of " + in_quotes(parent) +
                                  " has weight 0; expected at least one positive weight in the group");
        }
    return weights;
}

// Steps whose check(step, framework) does all the checking before data is seen.
template <class S>
    requires(std::is_same_v<S, Score> || std::is_same_v<S, Denominate> || std::is_same_v<S, Impute> || std::is_same_v<S, Screen> ||
             std::is_same_v<S, Treat>)
void check_step(const S& step, const Framework& fw, const std::string& where) {
    try {
        check(step, fw);
    } catch (const MethodError& e) {
        throw MethodError(where + e.what());
    }
}

void check_step(const Aggregate& step, const Framework& fw, const std::string& where) {
    try {
        check(step.method);
        for (const auto& [code, method] : step.per_node) check(method);
    } catch (const MethodError& e) {
        throw MethodError(where + e.what());
    }
    for (const auto& [code, method] : step.per_node) {
        const Node* n = fw.find(code);
        if (n == nullptr || n->type != NodeType::aggregate)
            throw MethodError(where + "per-node method for " + in_quotes(code) + ": " +
                              (n == nullptr ? "unknown node" : "node is of type " + std::string(to_string(n->type))) +
                              "; expected an aggregate code");
    }
    if (!(step.min_availability >= 0.0 && step.min_availability <= 1.0))
        throw MethodError(where + "min_availability: expected a share in [0, 1], found " + std::to_string(step.min_availability));
    (void)effective_weights(step, fw, where);
}

// The method of every node, per-node overrides keyed by the node's canonical (NFC) code.
template <class Method>
class MethodsByNode {
public:
    MethodsByNode(const std::map<std::string, Method>& per_node, const Method& fallback, const Framework& fw)
        : fallback_(fallback) {
        for (const auto& [code, method] : per_node) by_code_.emplace(fw.node(code).code, &method);
    }
    const Method& operator()(const std::string& code) const {
        const auto it = by_code_.find(code);
        return it == by_code_.end() ? fallback_ : *it->second;
    }

private:
    const Method& fallback_;
    std::map<std::string, const Method*> by_code_;
};

// The steps proper, for inputs already checked (Pipeline::run checks every step once up front).
StepOutput apply_checked(const Normalise& step, const Framework& fw, const Dataset& data) {
    const MethodsByNode method_for(step.per_node, step.method, fw);
    const auto& indicators = fw.indicators();
    Eigen::MatrixXd out(data.unit_count(), static_cast<Eigen::Index>(indicators.size()));
    CellFlags flags(data.unit_count(), static_cast<Eigen::Index>(indicators.size()));
    for (std::size_t j = 0; j < indicators.size(); ++j) {
        const Node& node = fw.node(indicators[j]);
        const Eigen::VectorXd x = data.column(node.code) * static_cast<double>(node.direction);
        out.col(static_cast<Eigen::Index>(j)) = normalise_column(method_for(node.code), x, ColumnContext{node, data.units()});
        flags.col(static_cast<Eigen::Index>(j)) = data.flags().col(data.column_index(node.code));
    }
    return {data.with_values(indicators, std::move(out), std::move(flags)), {}};
}

StepOutput apply_checked(const Aggregate& step, const Framework& fw, const Dataset& data) {
    const auto weights = effective_weights(step, fw, "aggregate step: ");
    const MethodsByNode method_for(step.per_node, step.method, fw);
    const auto& codes = fw.tree_codes();
    Eigen::MatrixXd out(data.unit_count(), static_cast<Eigen::Index>(codes.size()));
    CellFlags flags = CellFlags::Zero(data.unit_count(), static_cast<Eigen::Index>(codes.size()));
    std::map<std::string, Eigen::Index> col;
    for (std::size_t j = 0; j < codes.size(); ++j) col.emplace(codes[j], static_cast<Eigen::Index>(j));
    for (const auto& code : fw.indicators()) {
        out.col(col.at(code)) = data.column(code);
        flags.col(col.at(code)) = data.flags().col(data.column_index(code));
    }
    for (int level = 2; level <= fw.max_level(); ++level) {
        for (const auto& parent : fw.level_codes(level)) {
            const auto& children = fw.children(parent);
            Eigen::MatrixXd x(out.rows(), static_cast<Eigen::Index>(children.size()));
            Eigen::VectorXd w(static_cast<Eigen::Index>(children.size()));
            for (std::size_t k = 0; k < children.size(); ++k) {
                x.col(static_cast<Eigen::Index>(k)) = out.col(col.at(children[k]));
                flags.col(col.at(parent)) = flags.col(col.at(parent)).cwiseMax(flags.col(col.at(children[k])));
                w[static_cast<Eigen::Index>(k)] = weights.at(children[k]);
            }
            // Units below the data-availability threshold take no part (COINr blanks them first).
            if (step.min_availability > 0.0) {
                for (Eigen::Index i = 0; i < x.rows(); ++i) {
                    const double available = static_cast<double>((x.row(i).array() == x.row(i).array()).count()) /
                                             static_cast<double>(x.cols());
                    if (available < step.min_availability) x.row(i).setConstant(std::numeric_limits<double>::quiet_NaN());
                }
            }
            out.col(col.at(parent)) =
                aggregate_rows(method_for(parent), x, w, AggregateContext{fw.node(parent), children, data.units()});
        }
    }
    return {data.with_values(codes, std::move(out), std::move(flags)), {}};
}

}  // namespace

StepOutput apply(const Normalise& step, const Framework& fw, const Dataset& data) {
    check_step(step, fw, "normalise step: ");
    return apply_checked(step, fw, data);
}

StepOutput apply(const Aggregate& step, const Framework& fw, const Dataset& data) {
    check_step(step, fw, "aggregate step: ");
    return apply_checked(step, fw, data);
}

StepOutput apply(const Step& step, const Framework& fw, const Dataset& data) {
    return std::visit([&](const auto& s) { return apply(s, fw, data); }, step);
}

namespace {

// A step that needs every year at once (pooled normalisation, panel imputation) says so with a
// member `uses_all_years()`; every other step runs on each year of a panel separately.
template <class S>
bool uses_all_years(const S& step) {
    if constexpr (requires { step.uses_all_years(); }) return step.uses_all_years();
    else return false;
}

template <class S>
StepOutput apply_step(const S& step, const Framework& fw, const Dataset& data) {
    if constexpr (requires { apply_checked(step, fw, data); }) return apply_checked(step, fw, data);
    else return apply(step, fw, data);
}

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

StepOutput run_step(const Step& step, const Framework& fw, const Dataset& data) {
    return std::visit(
        [&](const auto& s) -> StepOutput {
            if (!data.is_panel() || uses_all_years(s)) return apply_step(s, fw, data);
            std::vector<std::pair<int, StepOutput>> years;
            std::vector<Dataset> parts;
            for (const int year : data.years()) {
                years.emplace_back(year, apply_step(s, fw, data.select_time(year)));
                parts.push_back(years.back().second.data);
            }
            return {concatenate(parts), stack_tables(years)};
        },
        step);
}

}  // namespace

void Pipeline::check(const Framework& fw) const {
    std::set<std::string_view> names{"Raw"};
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        std::visit(
            [&](const auto& s) {
                const std::string where = "step " + std::to_string(i + 1) + " (" + std::string(s.step_name) + "): ";
                if (!names.insert(s.data_set_name).second)
                    throw MethodError(where + "a second " + std::string(s.step_name) + " step; expected each step type once");
                if constexpr (requires { check_step(s, fw, where); }) check_step(s, fw, where);
            },
            steps_[i]);
    }
}

Results Pipeline::run(const Framework& fw, const Dataset& data) const {
    check(fw);
    std::vector<std::pair<std::string, Dataset>> sets;
    std::vector<std::pair<std::string, Table>> tables;
    sets.emplace_back("Raw", data);
    for (const auto& step : steps_) {
        StepOutput next = run_step(step, fw, sets.back().second);
        sets.emplace_back(std::string(std::visit([](const auto& s) { return s.data_set_name; }, step)), std::move(next.data));
        for (auto& t : next.tables) tables.push_back(std::move(t));
    }
    return Results(fw, std::move(sets), std::move(tables), std::make_shared<const Pipeline>(*this));
}

std::vector<std::string> normalise_method_names() { return detail::method_names<NormaliseMethod>(); }
std::vector<std::string> aggregate_method_names() { return detail::method_names<AggregateMethod>(); }

NormaliseMethod make_normalise_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return detail::make_method<NormaliseMethod>(name, parameters, where);
}
AggregateMethod make_aggregate_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return detail::make_method<AggregateMethod>(name, parameters, where);
}
std::vector<std::string> impute_method_names() { return detail::method_names<ImputeMethod>(); }
ImputeMethod make_impute_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return detail::make_method<ImputeMethod>(name, parameters, where);
}
std::string method_name(const ImputeMethod& m) { return detail::name_of(m); }
Parameters method_parameters(const ImputeMethod& m) { return detail::parameters_of(m); }
std::string method_name(const NormaliseMethod& m) { return detail::name_of(m); }
std::string method_name(const AggregateMethod& m) { return detail::name_of(m); }
Parameters method_parameters(const NormaliseMethod& m) { return detail::parameters_of(m); }
Parameters method_parameters(const AggregateMethod& m) { return detail::parameters_of(m); }

}  // namespace govindex
