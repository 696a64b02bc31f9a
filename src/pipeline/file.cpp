// Pipeline files: TOML read with toml++ (data only, never evaluated). Reading and writing are
// generic over each step's fields() (toml_fields.hpp): a new step or method needs no code here.
#include <fstream>
#include <sstream>
#include <toml++/toml.hpp>

#include "detail/toml_support.hpp"
#include "pipeline/toml_fields.hpp"

#include "govindex/model/io.hpp"
#include "govindex/pipeline/file.hpp"

namespace govindex {

Pipeline parse_pipeline(std::string_view text, const std::string& source) {
    const toml::table root = detail::parse_toml(text, source);
    const detail::FieldReader reader{source};
    for (const auto& [key, value] : root)
        if (key.str() != "steps") reader.fail(value, std::string(key.str()), "unknown key; expected steps");
    const auto* steps = root["steps"].as_array();
    if (steps == nullptr)
        throw MethodError(
            source + ": missing [[steps]]; expected an array of steps",
            ErrorLocation{.source = source, .column = "steps", .expected = "an array of steps", .found = "no steps"});
    std::vector<Step> out(steps->size());
    for (std::size_t i = 0; i < steps->size(); ++i)
        reader.read(out[i], *steps->get(i), "steps[" + std::to_string(i + 1) + "]");
    return Pipeline(std::move(out));
}

Pipeline read_pipeline(const std::filesystem::path& path) {
    return parse_pipeline(read_text_file(path, "a readable pipeline file (TOML)", max_toml_bytes), path.string());
}

std::string format_pipeline(const Pipeline& pipeline) {
    toml::array steps;
    for (const auto& step : pipeline.steps())
        detail::FieldWriter::emit(
            step, [&](auto&& t) { steps.push_back(std::forward<decltype(t)>(t)); }, "steps");
    toml::table root;
    root.insert("steps", std::move(steps));
    std::ostringstream os;
    os << "# govindex pipeline: steps run in order\n" << detail::toml_text(root) << "\n";
    return os.str();
}

void write_pipeline(const Pipeline& pipeline, const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw InputError(
            path.string() + ": cannot write the file",
            ErrorLocation{.source = path.string(), .expected = "a writable file", .found = "cannot write the file"});
    out << format_pipeline(pipeline);
}

}  // namespace govindex
