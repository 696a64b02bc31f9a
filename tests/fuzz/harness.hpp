// Shared by the fuzz targets (issue 12). Each target defines LLVMFuzzerTestOneInput; it is linked
// either with libFuzzer (scripts/fuzz, clang, -fsanitize=fuzzer) or with replay_main.cpp, which runs
// it over the seed corpus and the kept regression inputs as an ordinary ctest (and under the
// sanitizer stage of scripts/test).
//
// The contract a target checks: any input is either accepted or rejected with a govindex::Error.
// Anything else (another exception type, a crash, a sanitizer report, a round trip that changes
// the text) ends the process: libFuzzer records the input, replay reports the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace govindex::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Ends the process with `what` on stderr: a broken invariant is a finding like a crash.
[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n%s\n", what, detail.c_str());
    std::abort();
}

/// A writer and a reader must agree: the text written for what was read reads back, and writing
/// that gives the same text again (text, not values: NaN != NaN).
template <class ReadAndFormat>
void check_round_trip(const std::string& written, ReadAndFormat read_and_format) {
    std::string again;
    try {
        again = read_and_format(written);
    } catch (const std::exception& e) {
        fail("the written text does not read back", std::string(e.what()) + "\n--- text ---\n" + written);
    }
    if (again != written)
        fail("the text changes on a round trip", "--- first ---\n" + written + "\n--- second ---\n" + again);
}

}  // namespace govindex::fuzz
