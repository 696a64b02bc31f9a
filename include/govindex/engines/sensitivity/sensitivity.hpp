#pragma once
/// \file sensitivity.hpp
/// Variance-based sensitivity analysis: the Sobol' low-discrepancy sequence for a Saltelli design
/// and the first-order and total Sobol' indices estimated from the model outputs at that design,
/// with percentile-bootstrap intervals. Pure functions, independent of frameworks and pipelines:
/// the uncertainty engine builds the design, runs the model and calls sobol_indices.
///
/// The estimators are those of SALib 1.6 (`SALib.analyze.sobol.analyze` without second order):
/// each output is standardised over all its N(d + 2) values, then
///     S_i  = mean(y_B (y_ABi - y_A)) / var([y_A; y_B])        (Saltelli et al. 2010)
///     S_Ti = 0.5 mean((y_A - y_ABi)^2) / var([y_A; y_B])      (Jansen 1999)
/// with population variances. See docs/guide/sensitivity.md.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace govindex {

/// The largest number of dimensions sobol_points supports: that of Boost.Random's default Sobol'
/// direction numbers (Joe and Kuo 2008, primitive polynomials below 2^16), 3667.
inline constexpr std::size_t sobol_max_dimensions = 3667;

/// n points (rows) of the unscrambled Sobol' sequence in `dimensions` dimensions (columns), from
/// Boost.Random's `sobol` engine (Joe-Kuo direction numbers, 64-bit integers). The sequence's
/// first point, the origin (all zeros), is skipped, so row 0 is point 1 of the sequence:
/// (0.5, 0.5, ...), then (0.75, 0.25, ...), (0.25, 0.75, ...); `skip` skips that many further
/// points (row 0 is then point skip + 1). An integer x of the engine maps to x / 2^64, which is
/// exact (points below 2^53 have at most 53 significant bits) and strictly inside (0, 1): only
/// the skipped origin is 0, and every value is at most 1 - 2^-53. Throws MethodError for
/// dimensions = 0 or above sobol_max_dimensions, or skip + n >= 2^53.
[[nodiscard]] Eigen::MatrixXd sobol_points(std::size_t n, std::size_t dimensions, std::uint64_t skip = 0);

/// Options of sobol_indices.
struct SobolOptions {
    std::size_t resamples = 1000;  ///< bootstrap resamples; 0 = no intervals (NaN)
    double confidence = 0.95;      ///< level of the percentile-bootstrap intervals, in (0, 1)
    std::uint64_t seed = 0;        ///< seed of the bootstrap's row draws
    unsigned threads = 0;          ///< worker threads; 0 = all cores. Results do not depend on it.
};

/// First-order and total Sobol' indices of `outputs` model outputs for `factors` factors (or
/// groups): every matrix is outputs x factors, row k = output column k of the inputs.
struct SobolIndices {
    Eigen::MatrixXd first;       ///< first-order indices S_i (point estimates)
    Eigen::MatrixXd total;       ///< total indices S_Ti (point estimates)
    Eigen::MatrixXd first_low;   ///< lower end of the bootstrap interval of S_i (NaN without resamples)
    Eigen::MatrixXd first_high;  ///< upper end of the bootstrap interval of S_i
    Eigen::MatrixXd total_low;   ///< lower end of the bootstrap interval of S_Ti
    Eigen::MatrixXd total_high;  ///< upper end of the bootstrap interval of S_Ti
    Eigen::VectorXd variance;    ///< per output, the population variance of [y_A; y_B] in model units
    std::size_t n = 0;           ///< base sample size N (rows of y_A)
    std::size_t resamples = 0;   ///< bootstrap resamples drawn
    double confidence = 0.95;    ///< level of the intervals
    std::uint64_t seed = 0;      ///< seed of the bootstrap

    /// Same shapes and every value identical (NaN equals NaN): bit-for-bit reproduction.
    friend bool operator==(const SobolIndices& a, const SobolIndices& b);
};

/// The Sobol' indices from a Saltelli design (Saltelli 2002, 2010) without second order:
/// `y_a` and `y_b` (N x outputs) are the model outputs at the base matrices A and B, and `y_ab[i]`
/// (N x outputs) the outputs at A with the columns of factor (or group) i taken from B.
///
/// Estimators as SALib 1.6: each output column is standardised, (y - mean) / std over all its
/// N(d + 2) values (population std), then S_i = mean(y_B (y_ABi - y_A)) / V and
/// S_Ti = 0.5 mean((y_A - y_ABi)^2) / V with V = var([y_A; y_B]) (population). An output whose
/// [y_A; y_B] is constant after standardisation (range <= DBL_EPSILON, or V <= DBL_EPSILON, as
/// SALib) or whose N(d + 2) values are all equal (where SALib divides by a zero std) gets 0 for
/// every index and interval bound.
///
/// Intervals: percentile bootstrap with `options.resamples` resamples; resample r draws N rows
/// with replacement, the same rows of A, B and every AB_i (as SALib), from
/// detail::CounterRandom(seed, r, purpose 0x534F424C "SOBL"); each resample's indices use the
/// standardisation of the full sample and V of the resampled rows (0 where it is <= DBL_EPSILON);
/// the bounds are the type-7 quantiles (1 - confidence) / 2 and (1 + confidence) / 2 of the
/// resampled indices. The result is identical, bit for bit, for any `options.threads`.
///
/// Throws MethodError (location().column names the argument) for N < 2, no output column, no
/// factor, shapes that differ, confidence outside (0, 1), or a value that is not finite (the
/// message names the matrix, row and output column, 0-based; location().line is the row, 1-based).
[[nodiscard]] SobolIndices sobol_indices(const Eigen::MatrixXd& y_a, const Eigen::MatrixXd& y_b,
                                         const std::vector<Eigen::MatrixXd>& y_ab, const SobolOptions& options = {});

}  // namespace govindex
