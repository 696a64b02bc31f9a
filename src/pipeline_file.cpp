// Pipeline files: TOML read with toml++ (data only, never evaluated).
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "govindex/io.hpp"

namespace govindex {

namespace {

std::string at(const std::string& source, const toml::node& node, const std::string& key) {
    std::string out = source;
    if (node.source().begin.line > 0) out += " line " + std::to_string(node.source().begin.line);
    return out + ", key \"" + key + "\": ";
}

ParameterValue parameter_from(const toml::node& value, const std::string& where) {
    if (auto v = value.as_boolean()) return v->get();
    if (auto v = value.as_integer()) return static_cast<std::int64_t>(v->get());
    if (auto v = value.as_floating_point()) return v->get();
    if (auto v = value.as_string()) return v->get();
    throw MethodError(where + "expected a number, true/false or text");
}

void check_keys(const toml::table& table, const std::set<std::string>& allowed, const std::string& source,
                const std::string& path) {
    for (const auto& [key, value] : table) {
        if (allowed.count(std::string(key.str()))) continue;
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw MethodError(at(source, value, path + std::string(key.str())) + "unknown key; expected one of " + list);
    }
}

template <class Method, class Make>
Method method_from(const toml::node& node, const std::string& source, const std::string& path, Make make) {
    const auto* table = node.as_table();
    if (table == nullptr) throw MethodError(at(source, node, path) + "expected a table such as { name = \"...\", ... }");
    const auto* name = (*table)["name"].as_string();
    if (name == nullptr) throw MethodError(at(source, node, path + ".name") + "missing method name; expected text");
    Parameters params;
    for (const auto& [key, value] : *table)
        if (key.str() != "name")
            params.emplace(std::string(key.str()), parameter_from(value, at(source, value, path + "." + std::string(key.str()))));
    return make(name->get(), params, at(source, node, path).substr(0, at(source, node, path).size() - 2));
}

template <class Method, class Make>
std::map<std::string, Method> per_node_from(const toml::node& node, const std::string& source, const std::string& path,
                                           Make make) {
    const auto* table = node.as_table();
    if (table == nullptr) throw MethodError(at(source, node, path) + "expected a table of node code = method");
    std::map<std::string, Method> out;
    for (const auto& [key, value] : *table)
        out.emplace(std::string(key.str()), method_from<Method>(value, source, path + "." + std::string(key.str()), make));
    return out;
}

template <class MethodVariant>
toml::table method_to_table(const MethodVariant& method) {
    toml::table t;
    t.insert("name", method_name(method));
    for (const auto& [key, value] : method_parameters(method))
        std::visit([&, k = key](const auto& v) { t.insert(k, v); }, value);
    return t;
}

template <class MethodVariant>
toml::table per_node_to_table(const std::map<std::string, MethodVariant>& per_node) {
    toml::table t;
    for (const auto& [code, m] : per_node) t.insert(code, method_to_table(m));
    return t;
}

}  // namespace

Pipeline parse_pipeline(std::string_view text, const std::string& source) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw MethodError(source + " line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description()) +
                          "; expected TOML");
    }
    check_keys(root, {"steps"}, source, "");
    const auto* steps = root["steps"].as_array();
    if (steps == nullptr) throw MethodError(source + ": missing [[steps]]; expected an array of steps");
    std::vector<Step> out;
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const auto& node = (*steps)[i];
        const std::string path = "steps[" + std::to_string(i + 1) + "]";
        const auto* table = node.as_table();
        if (table == nullptr) throw MethodError(at(source, node, path) + "expected a table");
        const auto* kind = (*table)["step"].as_string();
        if (kind == nullptr) throw MethodError(at(source, node, path + ".step") + "missing step type; expected \"normalise\" or \"aggregate\"");
        if (kind->get() == Normalise::step_name) {
            check_keys(*table, {"step", "method", "per_node"}, source, path + ".");
            Normalise s;
            if (auto m = (*table)["method"].node()) s.method = method_from<NormaliseMethod>(*m, source, path + ".method", make_normalise_method);
            if (auto p = (*table)["per_node"].node()) s.per_node = per_node_from<NormaliseMethod>(*p, source, path + ".per_node", make_normalise_method);
            out.emplace_back(std::move(s));
        } else if (kind->get() == Aggregate::step_name) {
            check_keys(*table, {"step", "method", "per_node", "weights"}, source, path + ".");
            Aggregate s;
            if (auto m = (*table)["method"].node()) s.method = method_from<AggregateMethod>(*m, source, path + ".method", make_aggregate_method);
            if (auto p = (*table)["per_node"].node()) s.per_node = per_node_from<AggregateMethod>(*p, source, path + ".per_node", make_aggregate_method);
            if (auto w = (*table)["weights"].node()) {
                const auto* wt = w->as_table();
                if (wt == nullptr) throw MethodError(at(source, *w, path + ".weights") + "expected a table of node code = weight");
                for (const auto& [code, value] : *wt) {
                    const auto v = value.value<double>();
                    if (!v || value.is_boolean() || value.is_string())
                        throw MethodError(at(source, value, path + ".weights." + std::string(code.str())) + "expected a number >= 0");
                    s.weights.emplace(std::string(code.str()), *v);
                }
            }
            out.emplace_back(std::move(s));
        } else {
            throw MethodError(at(source, *(*table)["step"].node(), path + ".step") + "unknown step \"" + std::string(kind->get()) +
                              "\"; expected \"normalise\" or \"aggregate\"");
        }
    }
    return Pipeline(std::move(out));
}

Pipeline read_pipeline(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot open the file; expected a readable pipeline file (TOML)");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_pipeline(buffer.str(), path.string());
}

std::string format_pipeline(const Pipeline& pipeline) {
    toml::array steps;
    for (const auto& step : pipeline.steps()) {
        toml::table t;
        std::visit(detail::overloaded{
                       [&](const Normalise& s) {
                           t.insert("step", std::string(Normalise::step_name));
                           t.insert("method", method_to_table(s.method));
                           if (!s.per_node.empty()) t.insert("per_node", per_node_to_table(s.per_node));
                       },
                       [&](const Aggregate& s) {
                           t.insert("step", std::string(Aggregate::step_name));
                           t.insert("method", method_to_table(s.method));
                           if (!s.per_node.empty()) t.insert("per_node", per_node_to_table(s.per_node));
                           if (!s.weights.empty()) {
                               toml::table w;
                               for (const auto& [code, value] : s.weights) w.insert(code, value);
                               t.insert("weights", std::move(w));
                           }
                       }},
                   step);
        steps.push_back(std::move(t));
    }
    toml::table root;
    root.insert("steps", std::move(steps));
    std::ostringstream os;
    os << "# govindex pipeline: steps run in order\n" << root << "\n";
    return os.str();
}

void write_pipeline(const Pipeline& pipeline, const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw InputError(path.string() + ": cannot write the file");
    out << format_pipeline(pipeline);
}

}  // namespace govindex
