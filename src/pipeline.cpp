#include "govindex/pipeline.hpp"

#include <cmath>
#include <optional>
#include <set>
#include <sstream>

#include "govindex/detail/fields.hpp"
#include "govindex/errors.hpp"

namespace govindex {

namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string prefix(const std::string& where) { return where.empty() ? std::string() : where + ": "; }

template <class T>
void assign_parameter(T& target, const ParameterValue& value, std::string_view method, std::string_view name,
                      const std::string& where) {
    auto wrong = [&](const char* expected) {
        throw MethodError(prefix(where) + "method " + quoted(method) + ", parameter " + quoted(name) + ": expected " + expected);
    };
    if constexpr (std::is_same_v<T, double>) {
        if (const auto* d = std::get_if<double>(&value)) target = *d;
        else if (const auto* i = std::get_if<std::int64_t>(&value)) target = static_cast<double>(*i);
        else wrong("a number");
    } else if constexpr (std::is_same_v<T, bool>) {
        if (const auto* b = std::get_if<bool>(&value)) target = *b;
        else wrong("true or false");
    } else if constexpr (std::is_integral_v<T>) {
        if (const auto* i = std::get_if<std::int64_t>(&value)) target = static_cast<T>(*i);
        else wrong("a whole number");
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (const auto* s = std::get_if<std::string>(&value)) target = *s;
        else wrong("text");
    } else {
        static_assert(sizeof(T) == 0, "unsupported parameter type");
    }
}

template <class T>
ParameterValue to_parameter(const T& v) {
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, bool> || std::is_same_v<T, std::string>) return v;
    else return static_cast<std::int64_t>(v);
}

template <class Variant>
std::vector<std::string> names_of() {
    std::vector<std::string> out;
    detail::for_each_alternative<Variant>([&](auto tag) { out.emplace_back(decltype(tag)::type::method_name); });
    return out;
}

template <class Variant>
Variant make_method(std::string_view kind, std::string_view name, const Parameters& parameters, const std::string& where) {
    std::optional<Variant> out;
    detail::for_each_alternative<Variant>([&](auto tag) {
        using M = typename decltype(tag)::type;
        if (M::method_name != name) return;
        M method{};
        std::vector<std::string> known;
        detail::for_each_field<M>([&](const auto& f) {
            known.emplace_back(f.name);
            if (auto it = parameters.find(std::string(f.name)); it != parameters.end())
                assign_parameter(method.*(f.member), it->second, name, f.name, where);
        });
        for (const auto& [key, value] : parameters)
            if (std::find(known.begin(), known.end(), key) == known.end())
                throw MethodError(prefix(where) + std::string(kind) + " method " + quoted(name) + ": unknown parameter " +
                                  quoted(key) + "; expected " + (known.empty() ? "no parameters" : "one of " + join(known)));
        try {
            check(method);
        } catch (const MethodError& e) {
            throw MethodError(prefix(where) + e.what());
        }
        out = method;
    });
    if (!out)
        throw MethodError(prefix(where) + "unknown " + std::string(kind) + " method " + quoted(name) + "; expected one of " +
                          join(names_of<Variant>()));
    return *out;
}

template <class Variant>
Parameters parameters_of(const Variant& v) {
    return std::visit(
        [](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            Parameters out;
            detail::for_each_field<M>([&](const auto& f) { out.emplace(std::string(f.name), to_parameter(m.*(f.member))); });
            return out;
        },
        v);
}

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
            throw MethodError(where + "per-node method for " + quoted(code) + ": " +
                              (n == nullptr ? "unknown node" : "node is of type " + std::string(to_string(n->type))) +
                              "; expected an indicator code");
    }
}

std::map<std::string, double> effective_weights(const Aggregate& step, const Framework& fw, const std::string& where) {
    auto weights = fw.weights();
    for (const auto& [code, w] : step.weights) {
        const Node* n = fw.find(code);
        if (n == nullptr || !n->in_tree())
            throw MethodError(where + "weight for " + quoted(code) + ": " + (n == nullptr ? "unknown node" : "not a tree node") +
                              "; expected an indicator or aggregate code");
        if (!std::isfinite(w) || w < 0) {
            std::ostringstream os;
            os << w;
            throw MethodError(where + "weight for " + quoted(code) + ": expected a finite number >= 0, found " + os.str());
        }
        weights[n->code] = w;
    }
    for (int level = 2; level <= fw.max_level(); ++level)
        for (const auto& parent : fw.level_codes(level)) {
            bool positive = false;
            for (const auto& c : fw.children(parent)) positive = positive || weights.at(c) > 0;
            if (!positive)
                throw MethodError(where + "every child of " + quoted(parent) +
                                  " has weight 0; expected at least one positive weight in the group");
        }
    return weights;
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
            throw MethodError(where + "per-node method for " + quoted(code) + ": " +
                              (n == nullptr ? "unknown node" : "node is of type " + std::string(to_string(n->type))) +
                              "; expected an aggregate code");
    }
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
            out.col(col.at(parent)) = aggregate_rows(method_for(parent), x, w, fw.node(parent));
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

void Pipeline::check(const Framework& fw) const {
    std::set<std::string_view> names{"Raw"};
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        std::visit(
            [&](const auto& s) {
                const std::string where = "step " + std::to_string(i + 1) + " (" + std::string(s.step_name) + "): ";
                if (!names.insert(s.data_set_name).second)
                    throw MethodError(where + "a second " + std::string(s.step_name) + " step; expected each step type once");
                check_step(s, fw, where);
            },
            steps_[i]);
    }
}

Results Pipeline::run(const Framework& fw, const Dataset& data) const {
    if (data.is_panel())
        throw MethodError("the data set has a Time column (panel data); expected one cross-section: select a year with select_time");
    check(fw);
    std::vector<std::pair<std::string, Dataset>> sets;
    std::vector<std::pair<std::string, Table>> tables;
    sets.emplace_back("Raw", data);
    for (const auto& step : steps_) {
        StepOutput next = std::visit([&](const auto& s) { return apply_checked(s, fw, sets.back().second); }, step);
        sets.emplace_back(std::string(std::visit([](const auto& s) { return s.data_set_name; }, step)), std::move(next.data));
        for (auto& t : next.tables) tables.push_back(std::move(t));
    }
    return Results(fw, std::move(sets), std::move(tables));
}

std::vector<std::string> normalise_method_names() { return names_of<NormaliseMethod>(); }
std::vector<std::string> aggregate_method_names() { return names_of<AggregateMethod>(); }

NormaliseMethod make_normalise_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return make_method<NormaliseMethod>("normalisation", name, parameters, where);
}
AggregateMethod make_aggregate_method(std::string_view name, const Parameters& parameters, const std::string& where) {
    return make_method<AggregateMethod>("aggregation", name, parameters, where);
}
std::string method_name(const NormaliseMethod& m) { return std::string(detail::method_name_of(m)); }
std::string method_name(const AggregateMethod& m) { return std::string(detail::method_name_of(m)); }
Parameters method_parameters(const NormaliseMethod& m) { return parameters_of(m); }
Parameters method_parameters(const AggregateMethod& m) { return parameters_of(m); }

}  // namespace govindex
