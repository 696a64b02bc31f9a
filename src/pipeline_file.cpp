// Pipeline files: TOML read with toml++ (data only, never evaluated). Reading and writing are
// generic over each step's fields(): a new step or method needs no code here.
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "rule_toml.hpp"
#include "toml_support.hpp"

#include "govindex/detail/methods.hpp"
#include "govindex/io.hpp"

namespace govindex {

namespace {

template <class T>
concept HasFields = requires { T::fields(); } && !detail::Method<T>;

template <class T>
struct is_string_map : std::false_type {};
template <class V>
struct is_string_map<std::map<std::string, V>> : std::true_type {
    using value_type = V;
};

struct Reader {
    std::string source;

    std::string at(const toml::node& node, const std::string& key) const {
        return detail::toml_location(source, node, "key", key);
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& what) const {
        throw MethodError(at(node, key) + ": " + what, detail::toml_location_of(source, node, key, what));
    }

    ParameterValue parameter(const toml::node& value, const std::string& key) const {
        if (auto v = value.as_boolean()) return v->get();
        if (auto v = value.as_integer()) return static_cast<std::int64_t>(v->get());
        if (auto v = value.as_floating_point()) return v->get();
        if (auto v = value.as_string()) return v->get();
        fail(value, key, "expected a number, true/false or text");
    }

    template <class T>
    void read(T& out, const toml::node& node, const std::string& key) const {
        if constexpr (std::is_same_v<T, bool>) {
            if (!node.is_boolean()) fail(node, key, "expected true or false");
            out = *node.value<bool>();
        } else if constexpr (std::is_integral_v<T>) {
            if (!node.is_integer()) fail(node, key, "expected a whole number");
            out = static_cast<T>(*node.value<std::int64_t>());
        } else if constexpr (std::is_same_v<T, double>) {
            if (!node.is_number()) fail(node, key, "expected a number");
            out = *node.value<double>();
        } else if constexpr (std::is_same_v<T, std::string>) {
            if (!node.is_string()) fail(node, key, "expected text");
            out = *node.value<std::string>();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            const auto* array = node.as_array();
            if (array == nullptr) fail(node, key, "expected an array of text");
            out.clear();
            for (const auto& item : *array) {
                if (!item.is_string()) fail(item, key, "expected an array of text");
                out.push_back(*item.value<std::string>());
            }
        } else if constexpr (std::is_same_v<T, ScoringRule>) {
            out = detail::read_rule_toml(node, source, key);
        } else if constexpr (detail::is_method_variant_v<T>) {
            const auto* table = node.as_table();
            if (table == nullptr) fail(node, key, "expected a method such as { name = \"...\", ... }");
            const auto* name = (*table)["name"].as_string();
            if (name == nullptr) fail(node, key + ".name", "missing method name; expected text");
            Parameters params;
            for (const auto& [k, value] : *table)
                if (k.str() != "name") params.emplace(std::string(k.str()), parameter(value, key + "." + std::string(k.str())));
            try {
                out = detail::make_method<T>(name->get(), params, at(node, key));
            } catch (const Error& e) {  // the message names the key already; add it as data
                rethrow_with(e, "", {.source = source, .line = static_cast<long>(node.source().begin.line), .column = key});
            }
        } else if constexpr (HasFields<T>) {
            const auto* table = node.as_table();
            if (table == nullptr) fail(node, key, "expected a table");
            read_fields(out, *table, key, {});
        } else if constexpr (is_string_map<T>::value) {
            const auto* table = node.as_table();
            if (table == nullptr) fail(node, key, "expected a table of code = value");
            out.clear();
            for (const auto& [k, value] : *table) {
                typename is_string_map<T>::value_type item{};
                read(item, value, key + "." + std::string(k.str()));
                out.emplace(std::string(k.str()), std::move(item));
            }
        } else {
            static_assert(sizeof(T) == 0, "unsupported field type in a pipeline step");
        }
    }

    template <class S>
    void read_fields(S& out, const toml::table& table, const std::string& path, const std::set<std::string>& extra) const {
        std::set<std::string> known = extra;
        detail::for_each_field<S>([&](const auto& f) { known.emplace(f.name); });
        for (const auto& [key, value] : table)
            if (!known.count(std::string(key.str())))
                fail(value, path + "." + std::string(key.str()), "unknown key; expected one of " +
                                                                 detail::join(std::vector<std::string>(known.begin(), known.end())));
        detail::for_each_field<S>([&](const auto& f) {
            if (const auto* node = table.get(f.name)) read(out.*(f.member), *node, path + "." + std::string(f.name));
        });
    }
};

struct Writer {
    template <class T>
    static void insert(toml::table& into, const std::string& key, const T& value) {
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double> || std::is_same_v<T, std::string>) {
            into.insert(key, value);
        } else if constexpr (std::is_integral_v<T>) {
            into.insert(key, static_cast<std::int64_t>(value));
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            toml::array array;
            for (const auto& s : value) array.push_back(s);
            into.insert(key, std::move(array));
        } else if constexpr (std::is_same_v<T, ScoringRule>) {
            into.insert(key, detail::rule_toml(value));
        } else if constexpr (detail::is_method_variant_v<T>) {
            toml::table t;
            t.insert("name", detail::name_of(value));
            for (const auto& [k, v] : detail::parameters_of(value)) std::visit([&, kk = k](const auto& x) { t.insert(kk, x); }, v);
            into.insert(key, std::move(t));
        } else if constexpr (HasFields<T>) {
            into.insert(key, fields(value));
        } else if constexpr (is_string_map<T>::value) {
            if (value.empty()) return;
            toml::table t;
            for (const auto& [k, v] : value) insert(t, k, v);
            into.insert(key, std::move(t));
        } else {
            static_assert(sizeof(T) == 0, "unsupported field type in a pipeline step");
        }
    }

    template <class S>
    static toml::table fields(const S& value) {
        toml::table t;
        detail::for_each_field<S>([&](const auto& f) { insert(t, std::string(f.name), value.*(f.member)); });
        return t;
    }
};

std::vector<std::string> step_names() {
    std::vector<std::string> out;
    detail::for_each_alternative<Step>([&](auto tag) { out.emplace_back(decltype(tag)::type::step_name); });
    return out;
}

}  // namespace

Pipeline parse_pipeline(std::string_view text, const std::string& source) {
    const toml::table root = detail::parse_toml(text, source);
    const Reader reader{source};
    for (const auto& [key, value] : root)
        if (key.str() != "steps") reader.fail(value, std::string(key.str()), "unknown key; expected steps");
    const auto* steps = root["steps"].as_array();
    if (steps == nullptr)
        throw MethodError(source + ": missing [[steps]]; expected an array of steps",
                          ErrorLocation{.source = source, .column = "steps", .expected = "an array of steps", .found = "no steps"});
    std::vector<Step> out;
    for (std::size_t i = 0; i < steps->size(); ++i) {
        const auto& node = (*steps)[i];
        const std::string path = "steps[" + std::to_string(i + 1) + "]";
        const auto* table = node.as_table();
        if (table == nullptr) reader.fail(node, path, "expected a table");
        const auto* kind = (*table)["step"].as_string();
        if (kind == nullptr) reader.fail(node, path + ".step", "missing step type; expected one of " + detail::join(step_names()));
        bool found = false;
        detail::for_each_alternative<Step>([&](auto tag) {
            using S = typename decltype(tag)::type;
            if (found || kind->get() != S::step_name) return;
            S step{};
            reader.read_fields(step, *table, path, {"step"});
            out.emplace_back(std::move(step));
            found = true;
        });
        if (!found)
            reader.fail(*(*table)["step"].node(), path + ".step",
                        "unknown step \"" + kind->get() + "\"; expected one of " + detail::join(step_names()));
    }
    return Pipeline(std::move(out));
}

Pipeline read_pipeline(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string() + ": cannot open the file; expected a readable pipeline file (TOML)",
                         ErrorLocation{.source = path.string(), .expected = "a readable pipeline file (TOML)",
                                       .found = "cannot open the file"});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_pipeline(buffer.str(), path.string());
}

std::string format_pipeline(const Pipeline& pipeline) {
    toml::array steps;
    for (const auto& step : pipeline.steps()) {
        std::visit(
            [&](const auto& s) {
                using S = std::decay_t<decltype(s)>;
                toml::table t = Writer::fields(s);
                t.insert("step", std::string(S::step_name));
                steps.push_back(std::move(t));
            },
            step);
    }
    toml::table root;
    root.insert("steps", std::move(steps));
    std::ostringstream os;
    os << "# govindex pipeline: steps run in order\n" << root << "\n";
    return os.str();
}

void write_pipeline(const Pipeline& pipeline, const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw InputError(path.string() + ": cannot write the file",
                         ErrorLocation{.source = path.string(), .expected = "a writable file", .found = "cannot write the file"});
    out << format_pipeline(pipeline);
}

}  // namespace govindex
