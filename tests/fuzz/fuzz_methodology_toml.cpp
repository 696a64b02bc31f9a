// Fuzz target: a methodology family file (TOML: versions, nodes, crosswalks), and its round trip.
#include "harness.hpp"

#include <govindex/errors.hpp>
#include <govindex/model/methodology.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string written;
    try {
        written = govindex::format_methodology_family(
            govindex::parse_methodology_family(govindex::fuzz::as_text(data, size), "fuzz.toml"));
    } catch (const govindex::Error&) {
        return 0;
    }
    govindex::fuzz::check_round_trip(written, [](const std::string& text) {
        return govindex::format_methodology_family(govindex::parse_methodology_family(text, "written.toml"));
    });
    return 0;
}
