// Uncertainty declaration files: TOML read with toml++ (data only, never evaluated). Reading and
// writing are generic over each input's fields() (toml_fields.hpp), as pipeline files are over each
// step's; a StepChoice's alternatives are pipeline steps. Layout: docs/guide/uncertainty.md.
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <toml++/toml.hpp>

#include "detail/toml_support.hpp"
#include "pipeline/toml_fields.hpp"

#include "govindex/engines/uncertainty/file.hpp"
#include "govindex/model/io.hpp"

namespace govindex {

namespace detail {

/// Uncertain inputs: `kind = "weights"` and the input's fields.
template <>
struct TaggedVariant<UncertainInput> : std::true_type {
    static constexpr std::string_view key = "kind";
    static constexpr std::string_view missing = "missing input kind";
    static constexpr std::string_view unknown = "unknown input kind";
    template <class A>
    static constexpr std::string_view name() {
        return A::input_kind;
    }
};

}  // namespace detail

namespace {

constexpr auto largest_seed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

MethodError settings_error(const std::string& field, const std::string& found, const std::string& expected) {
    return MethodError(
        "analysis settings: " + field + " = " + found + "; expected " + expected,
        ErrorLocation{.source = "analysis settings", .column = field, .expected = expected, .found = found});
}

// Runs `check` on a value read from `node` (at `path`); a MethodError it throws is thrown again
// naming the file, the line and the key of the field it names (location().column), when the file
// has that field, else of the value.
template <class F>
void located_check(const detail::FieldReader& reader, const toml::node& node, const std::string& path, F&& check) {
    try {
        check();
    } catch (const MethodError& e) {
        const std::string& field = e.location().column;
        const toml::node* at = &node;
        std::string key = path;
        if (!field.empty()) {
            key = detail::key_path(path, field);
            if (const auto* table = node.as_table())
                if (const auto* value = table->get(field)) at = value;
        }
        throw MethodError(reader.at(*at, key) + ": " + e.what(),
                          ErrorLocation{.source = reader.source,
                                        .line = static_cast<long>(at->source().begin.line),
                                        .column = key,
                                        .node = e.location().node,
                                        .expected = e.location().expected,
                                        .found = e.location().found});
    }
}

// Drops the values that read back the same when absent: empty text and empty arrays.
void drop_empty(toml::table& table) {
    std::vector<std::string> empty;
    for (const auto& [key, value] : table) {
        const auto* text = value.as_string();
        const auto* array = value.as_array();
        if ((text != nullptr && text->get().empty()) || (array != nullptr && array->empty()))
            empty.emplace_back(key.str());
    }
    for (const auto& key : empty) table.erase(key);
}

}  // namespace

void check(const AnalysisSettings& settings) {
    if (settings.replicates && *settings.replicates < 2)
        throw settings_error("replicates", std::to_string(*settings.replicates), "at least 2");
    if (settings.seed && *settings.seed > largest_seed)
        throw settings_error("seed", std::to_string(*settings.seed),
                             "a whole number from 0 to " + std::to_string(largest_seed));
}

void check(const UncertaintyDeclaration& declaration) {
    for (const auto& input : declaration.inputs) std::visit([](const auto& in) { check(in); }, input);
    check(declaration.analysis);
}

UncertaintyDeclaration parse_uncertain_inputs(std::string_view text, const std::string& source) {
    const toml::table root = detail::parse_toml(text, source);
    const detail::FieldReader reader{source};
    UncertaintyDeclaration out;
    reader.read_fields(out, root, "", {});
    const auto* inputs = root["inputs"].as_array();
    if (inputs == nullptr)
        throw MethodError(source + ": missing [[inputs]]; expected an array of uncertain inputs",
                          ErrorLocation{.source = source,
                                        .column = "inputs",
                                        .expected = "an array of uncertain inputs",
                                        .found = "no inputs"});
    for (std::size_t i = 0; i < out.inputs.size(); ++i)
        located_check(reader, *inputs->get(i), "inputs[" + std::to_string(i + 1) + "]",
                      [&] { std::visit([](const auto& in) { check(in); }, out.inputs[i]); });
    if (const auto* analysis = root.get("analysis"))
        located_check(reader, *analysis, "analysis", [&] { check(out.analysis); });
    return out;
}

UncertaintyDeclaration read_uncertain_inputs(const std::filesystem::path& path) {
    return parse_uncertain_inputs(
        read_text_file(path, "a readable uncertainty declaration file (TOML)", max_toml_bytes), path.string());
}

std::string format_uncertain_inputs(const UncertaintyDeclaration& declaration) {
    check(declaration);  // what is written reads back
    toml::table root = detail::FieldWriter::fields(declaration);
    if (auto* inputs = root["inputs"].as_array())
        for (auto& input : *inputs)
            if (auto* table = input.as_table()) drop_empty(*table);
    if (auto* analysis = root["analysis"].as_table()) {
        drop_empty(*analysis);
        if (analysis->empty()) root.erase("analysis");
    }
    std::ostringstream os;
    os << "# govindex uncertainty declaration: what is uncertain and, optionally, run settings\n"
       << detail::toml_text(root) << "\n";
    return os.str();
}

std::string format_uncertain_inputs(const std::vector<UncertainInput>& inputs) {
    return format_uncertain_inputs(UncertaintyDeclaration{.inputs = inputs, .analysis = {}});
}

void write_uncertain_inputs(const UncertaintyDeclaration& declaration, const std::filesystem::path& path) {
    const std::string text =
        format_uncertain_inputs(declaration);  // a declaration that cannot be written leaves no file
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw InputError(
            path.string() + ": cannot write the file",
            ErrorLocation{.source = path.string(), .expected = "a writable file", .found = "cannot write the file"});
    out << text;
}

void write_uncertain_inputs(const std::vector<UncertainInput>& inputs, const std::filesystem::path& path) {
    write_uncertain_inputs(UncertaintyDeclaration{.inputs = inputs, .analysis = {}}, path);
}

}  // namespace govindex
