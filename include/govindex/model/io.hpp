#pragma once
/// \file io.hpp
/// Files in and out: COINr-layout CSV (iMeta = framework, iData = data). Pipeline files (TOML) are
/// in pipeline/file.hpp, uncertainty declaration files in engines/uncertainty/file.hpp.
/// CSV: UTF-8 (a BOM is skipped), LF or CRLF line ends, RFC 4180 quoting; an empty cell or "NA"
/// is missing. Errors are InputError/FrameworkError/MethodError naming file, line and column.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"

namespace govindex {

/// The largest file the readers take: CSV files (data, frameworks) and TOML files (pipelines,
/// methodologies, uncertainty declarations). A larger file, or one that never ends (/dev/zero),
/// is an InputError naming it, not a machine that runs out of memory.
inline constexpr std::uintmax_t max_csv_bytes = std::uintmax_t{512} << 20;  // 512 MiB
inline constexpr std::uintmax_t max_toml_bytes = std::uintmax_t{64} << 20;  // 64 MiB

/// The text of a file read whole, at most `max_bytes`; `what` describes the file for messages
/// ("a readable CSV file"). Throws InputError naming the file when it cannot be opened, is a
/// folder, or is larger.
[[nodiscard]] std::string read_text_file(const std::filesystem::path& path, const std::string& what,
                                         std::uintmax_t max_bytes);

/// A CSV file as rows of UTF-8 fields, with the line each row starts on.
struct CsvTable {
    std::string source;                          ///< the file path as given
    std::vector<std::string> header;             ///< first row
    std::vector<std::vector<std::string>> rows;  ///< the other rows, each as long as the header
    std::vector<long> lines;                     ///< line of each row (the header is line 1 or later)
    long header_line = 1;
};

/// Reads a CSV file; throws InputError for an empty file, invalid UTF-8, bad quoting or a row
/// whose field count differs from the header's.
[[nodiscard]] CsvTable read_csv(const std::filesystem::path& path);
/// Parses CSV text; `source` names it in errors.
[[nodiscard]] CsvTable parse_csv(std::string text, const std::string& source);

/// Reads a framework in COINr's iMeta layout. Required columns: iCode, Level, Parent, Direction,
/// Weight, Type; optional: iName, Unit, Target, Denominator; others are kept as node attributes.
[[nodiscard]] Framework read_framework(const std::filesystem::path& path);
/// Builds a framework from an iMeta-layout table.
[[nodiscard]] Framework framework_from_table(const CsvTable& table);

/// Reads a data set in COINr's iData layout: uCode (required), uName, Time, then one column per
/// indicator, group, denominator or other column described in `framework`.
[[nodiscard]] Dataset read_dataset(const std::filesystem::path& path, const Framework& framework);
/// Builds a data set from an iData-layout table.
[[nodiscard]] Dataset dataset_from_table(const CsvTable& table, const Framework& framework);

/// Parses a cell as a number: "" and "NA" are missing (NaN); otherwise the whole cell must be a
/// finite decimal number. Throws InputError naming `where` and `column`.
[[nodiscard]] double parse_number(std::string_view cell, const SourceLocation& where, const std::string& column);

}  // namespace govindex
