// Fuzz target: a declaration of uncertain inputs (TOML), and its round trip.
#include "harness.hpp"

#include <govindex/engines/uncertainty/file.hpp>
#include <govindex/errors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string written;
    try {
        written = govindex::format_uncertain_inputs(
            govindex::parse_uncertain_inputs(govindex::fuzz::as_text(data, size), "fuzz.toml"));
    } catch (const govindex::Error&) {
        return 0;
    }
    govindex::fuzz::check_round_trip(written, [](const std::string& text) {
        return govindex::format_uncertain_inputs(govindex::parse_uncertain_inputs(text, "written.toml"));
    });
    return 0;
}
