#pragma once
// Counter-based random numbers (private to the library): a stream is a pure function of
// (seed, stream id, purpose), so replicate i draws the same numbers whichever thread runs it and
// however the replicates are split. Philox4x32-10 from Random123 (Debian librandom123-dev).

#include <cmath>
#include <cstdint>
#include <numbers>

#include <Random123/philox.h>
#include <boost/math/special_functions/erf.hpp>

namespace govindex::detail {

/// One stream of uniform and normal draws, keyed by (seed, stream, purpose). Every 4 x 32 bits of
/// Philox output give two uniforms (53 bits each from 64) in the open interval (0, 1).
class CounterRandom {
public:
    CounterRandom(std::uint64_t seed, std::uint64_t stream, std::uint32_t purpose = 0) {
        key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
        counter_ = {{static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32), purpose, 0}};
    }

    /// A uniform draw in (0, 1), never 0 or 1.
    double uniform() {
        if (left_ == 0) {
            block_ = philox_(counter_, key_);
            ++counter_.v[3];
            left_ = 2;
        }
        const unsigned k = 2 - left_--;
        const std::uint64_t bits = (static_cast<std::uint64_t>(block_.v[2 * k]) << 32) | block_.v[2 * k + 1];
        return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
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
