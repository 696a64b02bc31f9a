#pragma once
// Counter-based random numbers (private to the library): a stream is a pure function of
// (seed, stream id, purpose), so replicate i draws the same numbers whichever thread runs it and
// however the replicates are split. Philox4x32-10 from Random123 (Debian librandom123-dev).

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include <Random123/philox.h>
#include <boost/math/special_functions/erf.hpp>

namespace govindex::detail {

/// One stream of draws, keyed by (seed, stream, purpose): each Philox block (4 x 32 bits) gives
/// two 64-bit words; a uniform takes 53 bits of one word, an integer below n one word or more.
/// The purpose words in use: 0 the uncertainty engine's replicates, 1 and 2 its sensitivity
/// base matrices, 0x5A4C attribution, 0x534F424C "SOBL" the Sobol' bootstrap, 0x424F4F54 "BOOT"
/// survey bootstrap replicates, 0x50505353 "PPSS" the systematic PPS start.
class CounterRandom {
public:
    CounterRandom(std::uint64_t seed, std::uint64_t stream, std::uint32_t purpose = 0) {
        key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
        counter_ = {{static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32), purpose, 0}};
    }

    /// The next 64 random bits.
    std::uint64_t bits() {
        if (left_ == 0) {
            block_ = philox_(counter_, key_);
            ++counter_.v[3];
            left_ = 2;
        }
        const unsigned k = 2 - left_--;
        return (static_cast<std::uint64_t>(block_.v[2 * k]) << 32) | block_.v[2 * k + 1];
    }

    /// A uniform draw in (0, 1), never 0 or 1: the top 53 bits of one word, plus half a step.
    double uniform() { return (static_cast<double>(bits() >> 11) + 0.5) * 0x1.0p-53; }

    /// A uniform integer in [0, n), n > 0, without bias: words above the largest multiple of n
    /// are drawn again (rejection), so the result is the same on every platform.
    std::uint64_t below(std::uint64_t n) {
        constexpr std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
        const std::uint64_t limit = top - (top % n + 1) % n;  // [0, limit] holds a multiple of n words
        std::uint64_t v = bits();
        while (v > limit) v = bits();
        return v % n;
    }

    /// A standard normal draw (inverse of the normal distribution function at a uniform draw).
    double normal() { return standard_normal_quantile(uniform()); }

    /// The standard normal quantile of p in (0, 1): -sqrt(2) erfc^-1(2p) (Boost.Math).
    static double standard_normal_quantile(double p) { return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p); }

private:
    r123::Philox4x32 philox_;
    r123::Philox4x32::key_type key_{};
    r123::Philox4x32::ctr_type counter_{};
    r123::Philox4x32::ctr_type block_{};
    unsigned left_ = 0;
};

}  // namespace govindex::detail
