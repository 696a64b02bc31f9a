// Fuzz target: a pipeline file (TOML), and the round trip of what it read.
#include "harness.hpp"

#include <govindex/errors.hpp>
#include <govindex/model/io.hpp>
#include <govindex/pipeline/file.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string written;
    try {
        written = govindex::format_pipeline(govindex::parse_pipeline(govindex::fuzz::as_text(data, size), "fuzz.toml"));
    } catch (const govindex::Error&) {
        return 0;
    }
    govindex::fuzz::check_round_trip(written, [](const std::string& text) {
        return govindex::format_pipeline(govindex::parse_pipeline(text, "written.toml"));
    });
    return 0;
}
