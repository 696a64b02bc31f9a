#pragma once
/// \file detail/sizes.hpp
/// Sizes that come from arguments (replicates, samples, resamples) checked before anything is
/// allocated: a size that overflows, or that needs more memory than any run of this library
/// sensibly does, is a MethodError naming the argument, not std::bad_alloc (a bare MemoryError in
/// Python) or a wrapped-around size.

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>

#include "govindex/errors.hpp"

namespace govindex::detail {

/// The most values (doubles) one result or working array sized by an argument may hold: 2^31,
/// 16 GiB. Deterministic: the same arguments are refused on every machine.
inline constexpr std::size_t max_elements = std::size_t{1} << 31;

/// Checks that `value` of argument `argument` (e.g. replicates) times the other `factors` (e.g.
/// units, tracked nodes) is at most max_elements values; else throws MethodError
/// `<where>: replicates = 1099511627776 needs more than 2147483648 values (16 GiB); expected at most 34087042`.
inline void check_size(const std::string& where, const std::string& argument, std::size_t value,
                       std::initializer_list<std::size_t> factors) {
    std::size_t others = 1;
    for (const std::size_t f : factors) {
        if (f == 0) return;  // nothing is allocated
        others = others > max_elements / f ? max_elements + 1 : others * f;
    }
    const std::size_t most = others > max_elements ? 0 : max_elements / others;
    if (value <= most) return;
    throw MethodError(
        where + ": " + argument + " = " + std::to_string(value) + " needs more than " + std::to_string(max_elements) +
            " values (16 GiB); expected at most " + std::to_string(most),
        ErrorLocation{
            .column = argument, .expected = "at most " + std::to_string(most), .found = std::to_string(value)});
}

}  // namespace govindex::detail
