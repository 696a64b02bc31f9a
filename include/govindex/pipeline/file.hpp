#pragma once
/// \file pipeline/file.hpp
/// Pipeline files (TOML, src/pipeline/file.cpp): one table per step with its method and parameters,
/// read back to an equal pipeline.

#include <filesystem>
#include <string>
#include <string_view>

#include "govindex/pipeline/pipeline.hpp"

namespace govindex {

/// Reads a pipeline file (TOML); throws MethodError naming file, line and key.
[[nodiscard]] Pipeline read_pipeline(const std::filesystem::path& path);
/// Parses pipeline TOML text; `source` names it in errors.
[[nodiscard]] Pipeline parse_pipeline(std::string_view text, const std::string& source);
/// The pipeline as TOML text (parse_pipeline(format_pipeline(p)) == p).
[[nodiscard]] std::string format_pipeline(const Pipeline& pipeline);
/// Writes a pipeline file (TOML).
void write_pipeline(const Pipeline& pipeline, const std::filesystem::path& path);

}  // namespace govindex
