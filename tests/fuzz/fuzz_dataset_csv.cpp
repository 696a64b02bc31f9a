// Fuzz target: a data set in COINr's iData CSV layout against the ASEM framework, then the default
// pipeline run on what was read (every numeric path sees the hostile values).
#include "harness.hpp"

#include <govindex/errors.hpp>
#include <govindex/model/io.hpp>
#include <govindex/pipeline/pipeline.hpp>
#include <govindex/steps/normalise.hpp>

namespace {
const govindex::Framework& asem() {
    static const govindex::Framework framework = govindex::read_framework(GOVINDEX_FUZZ_ASEM_FRAMEWORK);
    return framework;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& framework = asem();
    try {
        const auto dataset = govindex::dataset_from_table(
            govindex::parse_csv(std::string(govindex::fuzz::as_text(data, size)), "fuzz.csv"), framework);
        static const govindex::Pipeline pipeline(
            {govindex::Normalise{govindex::MinMax{0, 100}, {}}, govindex::Aggregate{}});
        (void)pipeline.run(framework, dataset);
    } catch (const govindex::Error&) {}
    return 0;
}
