#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <govindex/model/io.hpp>
#include <govindex/pipeline/file.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_io(py::module_& m) {
    def_function(
        m, "framework_from_rows",
        [](std::string source, std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
           std::vector<long> lines) {
            CsvTable table;
            table.source = std::move(source);
            table.header = std::move(header);
            table.rows = std::move(rows);
            table.lines = std::move(lines);
            table.header_line = 0;
            for (std::size_t r = 0; r < table.rows.size(); ++r)
                if (table.rows[r].size() != table.header.size())
                    throw located_error<InputError>({.source = table.source,
                                                     .line = table.lines[r],
                                                     .expected = std::to_string(table.header.size()) + " cells",
                                                     .found = std::to_string(table.rows[r].size()) + " cells"},
                                                    "row has " + std::to_string(table.rows[r].size()) +
                                                        " cells; expected " + std::to_string(table.header.size()));
            return framework_from_table(table);
        },
        "source"_a, "header"_a, "rows"_a, "lines"_a, "A framework from iMeta-layout rows of text.");
    def_function(m, "read_pipeline", &read_pipeline, "path"_a, "Reads a pipeline file (TOML).");
    def_function(m, "parse_pipeline", &parse_pipeline, "text"_a, "source"_a = "<string>", "Parses pipeline TOML text.");
    def_function(m, "format_pipeline", &format_pipeline, "pipeline"_a, "The pipeline as TOML text.");
    def_function(m, "write_pipeline", &write_pipeline, "pipeline"_a, "path"_a, "Writes a pipeline file (TOML).");
}

}  // namespace govindex::python
