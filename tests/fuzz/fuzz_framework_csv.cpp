// Fuzz target: a framework in COINr's iMeta CSV layout (parse_csv + framework_from_table).
#include "harness.hpp"

#include <govindex/errors.hpp>
#include <govindex/model/io.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto framework = govindex::framework_from_table(
            govindex::parse_csv(std::string(govindex::fuzz::as_text(data, size)), "fuzz.csv"));
        // What users do next with a framework: walk it.
        for (const auto& code : framework.indicators()) (void)framework.node(code);
    } catch (const govindex::Error&) {}
    return 0;
}
