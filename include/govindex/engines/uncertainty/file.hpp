#pragma once
/// \file uncertainty_file.hpp
/// Uncertainty declaration files (TOML): what is uncertain (`[[inputs]]`, one table per
/// WeightNoise, StepChoice, IndicatorExclusion or DataNoise, `kind` naming which) and, optionally,
/// how to run the analysis (`[analysis]`: replicates, seed, nodes, year). Read and written
/// generically over each input's fields(), as pipeline files are over each step's; a StepChoice's
/// alternatives are written exactly like the steps of a pipeline file. Errors are MethodError (an
/// unreadable file: InputError) naming the file, the line and the key.
/// Guide: docs/guide/uncertainty.md, "Declaration files and the command line".

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "govindex/detail/fields.hpp"
#include "govindex/engines/uncertainty/uncertainty.hpp"

namespace govindex {

/// The optional `[analysis]` table of a declaration file: how to run it. Unset values are left to
/// the caller (the engine's defaults, or the command line's options, which win over the file).
struct AnalysisSettings {
    std::optional<std::size_t> replicates;  ///< N of an uncertainty analysis, >= 2
    std::optional<std::uint64_t> seed;      ///< at most 2^63 - 1 (a TOML integer)
    std::vector<std::string> nodes;         ///< tracked nodes (empty: the index)
    std::optional<int> year;                ///< the year of a panel to analyse
    static constexpr auto fields() {
        return std::tuple{
            detail::field("replicates", &AnalysisSettings::replicates, "replicates of an uncertainty analysis"),
            detail::field("seed", &AnalysisSettings::seed, "seed of the random draws"),
            detail::field("nodes", &AnalysisSettings::nodes, "tracked nodes (empty: the index)"),
            detail::field("year", &AnalysisSettings::year, "the year of a panel to analyse")};
    }
    friend bool operator==(const AnalysisSettings&, const AnalysisSettings&) = default;
};

/// A declaration file: the uncertain inputs and the analysis settings.
struct UncertaintyDeclaration {
    std::vector<UncertainInput> inputs;
    AnalysisSettings analysis;
    static constexpr auto fields() {
        return std::tuple{detail::field("inputs", &UncertaintyDeclaration::inputs, "the uncertain inputs"),
                          detail::field("analysis", &UncertaintyDeclaration::analysis, "how to run the analysis")};
    }
    friend bool operator==(const UncertaintyDeclaration&, const UncertaintyDeclaration&) = default;
};

/// Checks what settings must satisfy without a framework (replicates >= 2, a seed that fits a
/// TOML integer); throws MethodError naming the field.
void check(const AnalysisSettings& settings);
/// Checks every input (check(const WeightNoise&) ...) and the settings.
void check(const UncertaintyDeclaration& declaration);

/// Reads a declaration file (TOML); throws MethodError naming file, line and key (InputError if
/// the file cannot be read).
[[nodiscard]] UncertaintyDeclaration read_uncertain_inputs(const std::filesystem::path& path);
/// Parses declaration TOML text; `source` names it in errors.
[[nodiscard]] UncertaintyDeclaration parse_uncertain_inputs(std::string_view text, const std::string& source);
/// The declaration as TOML text: parse_uncertain_inputs(format_uncertain_inputs(d), s) == d.
[[nodiscard]] std::string format_uncertain_inputs(const UncertaintyDeclaration& declaration);
/// Inputs alone (no [analysis] table).
[[nodiscard]] std::string format_uncertain_inputs(const std::vector<UncertainInput>& inputs);
/// Writes a declaration file (TOML).
void write_uncertain_inputs(const UncertaintyDeclaration& declaration, const std::filesystem::path& path);
void write_uncertain_inputs(const std::vector<UncertainInput>& inputs, const std::filesystem::path& path);

}  // namespace govindex
