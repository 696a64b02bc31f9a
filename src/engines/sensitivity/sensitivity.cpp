#include "govindex/engines/sensitivity/sensitivity.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include <boost/random/sobol.hpp>

#include "detail/parallel_for.hpp"
#include "detail/random.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/detail/sizes.hpp"
#include "govindex/errors.hpp"
#include "govindex/pipeline/ranking.hpp"  // quantile

namespace govindex {

using detail::exact_number;
using detail::parallel_for;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
/// The `purpose` word of the bootstrap's random streams ("SOBL"), apart from other uses of a seed.
constexpr std::uint32_t bootstrap_purpose = 0x534F424C;
/// Resamples per bootstrap task: the row counts of this many resamples times the per-row terms
/// of a chunk of outputs is one matrix product.
constexpr std::size_t resample_block = 60;  // a multiple of every kernel's tile height (3 and 6)
/// Per-row terms (columns) per bootstrap task, about: outputs are grouped into chunks of
/// max(1, chunk_terms / (2 + 2d)) outputs. Depends on d only, never on the thread count.
constexpr std::size_t chunk_terms = 96;
/// Tile width of the product kernels (terms per tile); chunks are padded to a multiple of it.
constexpr std::size_t tile_terms = 8;
/// Rows (j) per cache block of the product kernels.
constexpr std::size_t row_block = 128;

// The bootstrap's matrix product s += c^T p, with s (resamples x terms), c (rows x resamples) and
// p (rows x terms) row-major. Every s(r, k) is summed in row order j = 0, 1, ..., n - 1 in one
// accumulator, whatever the tiling, so the sums do not depend on how the work is split; only the
// instruction set (fused multiply-add or not) can change their last bits from machine to machine.
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define GOVINDEX_SOBOL_VECTOR_KERNELS 1
#endif

#ifdef GOVINDEX_SOBOL_VECTOR_KERNELS
using Vector2 = double __attribute__((vector_size(16)));
using Vector4 = double __attribute__((vector_size(32)));

/// The product with tiles of `tile_rows` resamples x tile_terms terms held in vectors V of W doubles.
template <class V, std::size_t W, std::size_t tile_rows>
__attribute__((always_inline)) inline void product_tiles(std::size_t n, std::size_t resamples, std::size_t terms,
                                                         const double* c, const double* p, double* s) {
    constexpr std::size_t vectors = tile_terms / W;
    for (std::size_t j0 = 0; j0 < n; j0 += row_block) {
        const std::size_t j1 = std::min(n, j0 + row_block);
        for (std::size_t k0 = 0; k0 < terms; k0 += tile_terms)
            for (std::size_t r0 = 0; r0 < resamples; r0 += tile_rows) {
                V sum[tile_rows][vectors];
                for (std::size_t r = 0; r < tile_rows; ++r)
                    for (std::size_t h = 0; h < vectors; ++h)
                        std::memcpy(&sum[r][h], s + (r0 + r) * terms + k0 + W * h, sizeof(V));
                for (std::size_t j = j0; j < j1; ++j) {
                    V pj[vectors];
                    for (std::size_t h = 0; h < vectors; ++h)
                        std::memcpy(&pj[h], p + j * terms + k0 + W * h, sizeof(V));
                    const double* cj = c + j * resamples + r0;
                    for (std::size_t r = 0; r < tile_rows; ++r) {
                        V count;
                        for (std::size_t w = 0; w < W; ++w) count[w] = cj[r];
                        for (std::size_t h = 0; h < vectors; ++h) sum[r][h] += count * pj[h];
                    }
                }
                for (std::size_t r = 0; r < tile_rows; ++r)
                    for (std::size_t h = 0; h < vectors; ++h)
                        std::memcpy(s + (r0 + r) * terms + k0 + W * h, &sum[r][h], sizeof(V));
            }
    }
}

__attribute__((target("avx2,fma"))) void product_avx2(std::size_t n, std::size_t resamples, std::size_t terms,
                                                      const double* c, const double* p, double* s) {
    product_tiles<Vector4, 4, 6>(n, resamples, terms, c, p, s);
}

void product_sse2(std::size_t n, std::size_t resamples, std::size_t terms, const double* c, const double* p,
                  double* s) {
    product_tiles<Vector2, 2, 3>(n, resamples, terms, c, p, s);
}

/// s += c^T p; resamples a multiple of 6, terms a multiple of tile_terms.
void product(std::size_t n, std::size_t resamples, std::size_t terms, const double* c, const double* p, double* s) {
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2)
        product_avx2(n, resamples, terms, c, p, s);
    else
        product_sse2(n, resamples, terms, c, p, s);
}
#else
/// s += c^T p (portable loops, the same order of summation).
void product(std::size_t n, std::size_t resamples, std::size_t terms, const double* c, const double* p, double* s) {
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t r = 0; r < resamples; ++r)
            for (std::size_t k = 0; k < terms; ++k) s[r * terms + k] += c[j * resamples + r] * p[j * terms + k];
}
#endif

static_assert(sobol_max_dimensions == boost::random::detail::qrng_tables::sobol::max_dimension);

MethodError argument_error(const std::string& argument, const std::string& expected, const std::string& found,
                           long row = 0, const std::string& where = "") {
    return MethodError("sobol_indices: " + argument + where + ": expected " + expected + ", found " + found,
                       ErrorLocation{.line = row, .column = argument, .expected = expected, .found = found});
}

/// Standardisation of one output column: z = (y - mean) / sd over all N(d + 2) values.
struct Scale {
    double factor = 1.0;  ///< a power of 2 the outputs are multiplied by first (1 unless they are extreme)
    double mean = 0.0;    ///< of factor * y
    double sd = 0.0;      ///< of factor * y
    bool zero = false;    ///< indices 0: constant output, or [z_A; z_B] of range or variance <= DBL_EPSILON
};

void check_inputs(const Eigen::MatrixXd& y_a, const Eigen::MatrixXd& y_b, const std::vector<Eigen::MatrixXd>& y_ab,
                  const SobolOptions& options) {
    const auto shape = [](const Eigen::MatrixXd& m) {
        return std::to_string(m.rows()) + " x " + std::to_string(m.cols());
    };
    if (y_a.rows() < 2)
        throw argument_error("y_a", "at least 2 rows (base sample size N >= 2)", std::to_string(y_a.rows()) + " rows");
    if (y_a.cols() < 1) throw argument_error("y_a", "at least one output column", "0 columns");
    if (y_b.rows() != y_a.rows() || y_b.cols() != y_a.cols())
        throw argument_error("y_b", "the shape of y_a, " + shape(y_a), shape(y_b));
    if (y_ab.empty()) throw argument_error("y_ab", "at least one factor (one matrix per factor or group)", "none");
    for (std::size_t i = 0; i < y_ab.size(); ++i)
        if (y_ab[i].rows() != y_a.rows() || y_ab[i].cols() != y_a.cols())
            throw argument_error("y_ab[" + std::to_string(i) + "]", "the shape of y_a, " + shape(y_a), shape(y_ab[i]));
    if (!(options.confidence > 0.0 && options.confidence < 1.0))
        throw argument_error("confidence", "a level in (0, 1)", exact_number(options.confidence));
    const auto check_finite = [](const Eigen::MatrixXd& m, const std::string& name) {
        if (m.allFinite()) return;
        for (Eigen::Index k = 0; k < m.cols(); ++k)
            for (Eigen::Index j = 0; j < m.rows(); ++j)
                if (!std::isfinite(m(j, k)))
                    throw argument_error(name, "a finite model output", exact_number(m(j, k)), static_cast<long>(j + 1),
                                         " row " + std::to_string(j) + ", output " + std::to_string(k) + " (0-based)");
    };
    check_finite(y_a, "y_a");
    check_finite(y_b, "y_b");
    // The bootstrap keeps S_i and S_Ti of every output, factor and resample.
    detail::check_size("sobol_indices", "resamples", options.resamples,
                       {static_cast<std::size_t>(y_a.cols()) * y_ab.size() * 2});
    for (std::size_t i = 0; i < y_ab.size(); ++i) check_finite(y_ab[i], "y_ab[" + std::to_string(i) + "]");
}

/// The point estimates of output k (row k of first, total, variance) and its standardisation.
Scale point_estimates(const Eigen::MatrixXd& y_a, const Eigen::MatrixXd& y_b, const std::vector<Eigen::MatrixXd>& y_ab,
                      Eigen::Index k, SobolIndices& out, double factor = 1.0) {
    const Eigen::Index n = y_a.rows();
    const auto d = static_cast<Eigen::Index>(y_ab.size());
    const auto a = y_a.col(k).array() * factor;
    const auto b = y_b.col(k).array() * factor;

    // variance of [y_A; y_B] in model units (reported)
    const double raw_mean = (a.sum() + b.sum()) / static_cast<double>(2 * n);
    const double variance =
        ((a - raw_mean).square().sum() + (b - raw_mean).square().sum()) / static_cast<double>(2 * n);
    out.variance[k] = variance / factor / factor;

    // standardisation over all N(d + 2) values, as SALib: (y - mean) / std (ddof = 0)
    const auto count = static_cast<double>(n * (d + 2));
    double sum = a.sum() + b.sum();
    for (const auto& m : y_ab) sum += (m.col(k).array() * factor).sum();
    Scale s;
    s.factor = factor;
    s.mean = sum / count;
    double squares = (a - s.mean).square().sum() + (b - s.mean).square().sum();
    for (const auto& m : y_ab) squares += (m.col(k).array() * factor - s.mean).square().sum();
    s.sd = std::sqrt(squares / count);
    if (factor == 1.0 && (!std::isfinite(variance) || !std::isfinite(s.sd) || s.sd < 0x1p-500)) {
        // Outputs near the limits of double (squares that overflow or underflow): the same
        // indices from the outputs times a power of 2 (exact), the variance scaled back.
        double largest = std::max(y_a.col(k).cwiseAbs().maxCoeff(), y_b.col(k).cwiseAbs().maxCoeff());
        for (const auto& m : y_ab) largest = std::max(largest, m.col(k).cwiseAbs().maxCoeff());
        if (largest > 0x1p500 || (largest < 0x1p-500 && largest > 0)) {
            int exponent = 0;
            (void)std::frexp(largest, &exponent);
            return point_estimates(y_a, y_b, y_ab, k, out, std::ldexp(1.0, std::min(-exponent, 1000)));
        }
    }
    if (!std::isfinite(out.variance[k]))
        throw error_at<NumericError>({.source = "sobol_indices", .column = "variance", .found = "inf"},
                                     "sobol_indices: output " + std::to_string(k) +
                                         " (0-based): the variance of the outputs exceeds the largest double; "
                                         "expected outputs whose variance is finite (rescale them)");
    out.first.row(k).setZero();
    out.total.row(k).setZero();
    if (!(s.sd > 0.0)) {  // all N(d + 2) values equal: SALib divides by zero; here 0 indices
        s.zero = true;
        return s;
    }
    const Eigen::ArrayXd za = (a - s.mean) / s.sd;
    const Eigen::ArrayXd zb = (b - s.mean) / s.sd;
    const double range = std::max(za.maxCoeff(), zb.maxCoeff()) - std::min(za.minCoeff(), zb.minCoeff());
    const double mean_ab = (za.sum() + zb.sum()) / static_cast<double>(2 * n);
    const double v = ((za - mean_ab).square().sum() + (zb - mean_ab).square().sum()) / static_cast<double>(2 * n);
    if (range <= DBL_EPSILON || v <= DBL_EPSILON) {
        s.zero = true;
        return s;
    }
    for (Eigen::Index i = 0; i < d; ++i) {
        const Eigen::ArrayXd zab = (y_ab[static_cast<std::size_t>(i)].col(k).array() * factor - s.mean) / s.sd;
        out.first(k, i) = (zb * (zab - za)).sum() / static_cast<double>(n) / v;
        out.total(k, i) = 0.5 * ((za - zab).square().sum() / static_cast<double>(n)) / v;
    }
    return s;
}

}  // namespace

Eigen::MatrixXd sobol_points(std::size_t n, std::size_t dimensions, std::uint64_t skip) {
    if (dimensions < 1 || dimensions > sobol_max_dimensions)
        throw MethodError("sobol_points: dimensions: expected 1 to " + std::to_string(sobol_max_dimensions) +
                              " (Boost.Random's Sobol' direction numbers), found " + std::to_string(dimensions),
                          ErrorLocation{.column = "dimensions",
                                        .expected = "1 to " + std::to_string(sobol_max_dimensions),
                                        .found = std::to_string(dimensions)});
    // points 1 ... 2^53 - 1 have at most 53 significant bits: exact as doubles, below 1
    constexpr std::uint64_t limit = (std::uint64_t{1} << 53) - 1;
    if (skip > limit || n > limit - skip)
        throw MethodError("sobol_points: skip + n: expected less than 2^53 points, found " + std::to_string(skip) +
                              " + " + std::to_string(n),
                          ErrorLocation{.column = "skip",
                                        .expected = "skip + n < 2^53",
                                        .found = std::to_string(skip) + " + " + std::to_string(n)});
    detail::check_size("sobol_points", "n", n, {dimensions});
    Eigen::MatrixXd points(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dimensions));
    if (n == 0) return points;
    boost::random::sobol engine(dimensions);  // starts at point 1: Boost skips the origin
    if (skip > 0) engine.seed(skip);          // point skip + 1
    constexpr double scale = 0x1.0p-64;
    for (Eigen::Index i = 0; i < points.rows(); ++i)
        for (Eigen::Index j = 0; j < points.cols(); ++j) points(i, j) = static_cast<double>(engine()) * scale;
    return points;
}

bool operator==(const SobolIndices& a, const SobolIndices& b) {
    const auto same = [](const auto& x, const auto& y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) return false;
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            const double u = x.data()[i];
            const double v = y.data()[i];
            if (!(u == v || (std::isnan(u) && std::isnan(v)))) return false;
        }
        return true;
    };
    return same(a.first, b.first) && same(a.total, b.total) && same(a.first_low, b.first_low) &&
           same(a.first_high, b.first_high) && same(a.total_low, b.total_low) && same(a.total_high, b.total_high) &&
           same(a.variance, b.variance) && a.n == b.n && a.resamples == b.resamples &&
           (a.confidence == b.confidence || (std::isnan(a.confidence) && std::isnan(b.confidence))) && a.seed == b.seed;
}

SobolIndices sobol_indices(const Eigen::MatrixXd& y_a, const Eigen::MatrixXd& y_b,
                           const std::vector<Eigen::MatrixXd>& y_ab, const SobolOptions& options) {
    check_inputs(y_a, y_b, y_ab, options);
    const Eigen::Index n = y_a.rows();
    const Eigen::Index outputs = y_a.cols();
    const auto d = static_cast<Eigen::Index>(y_ab.size());
    const std::size_t resamples = options.resamples;

    SobolIndices out;
    out.first.resize(outputs, d);
    out.total.resize(outputs, d);
    out.first_low = Eigen::MatrixXd::Constant(outputs, d, nan);
    out.first_high = Eigen::MatrixXd::Constant(outputs, d, nan);
    out.total_low = Eigen::MatrixXd::Constant(outputs, d, nan);
    out.total_high = Eigen::MatrixXd::Constant(outputs, d, nan);
    out.variance.resize(outputs);
    out.n = static_cast<std::size_t>(n);
    out.resamples = resamples;
    out.confidence = options.confidence;
    out.seed = options.seed;

    std::vector<Scale> scales(static_cast<std::size_t>(outputs));
    parallel_for(static_cast<std::size_t>(outputs), options.threads, [&](std::size_t k, std::size_t) {
        scales[k] = point_estimates(y_a, y_b, y_ab, static_cast<Eigen::Index>(k), out);
    });
    if (resamples == 0) return out;

    // Bootstrap. Per row j and output k the terms s = z_A + z_B, t = z_A^2 + z_B^2,
    // p_i = z_B (z_ABi - z_A) and q_i = (z_A - z_ABi)^2; a resample's sums of them are its row
    // counts times the terms: one matrix product per block of resamples and chunk of outputs.
    const auto rows_n = static_cast<std::size_t>(n);
    const auto rows = static_cast<double>(n);
    const Eigen::Index terms = 2 + 2 * d;
    const Eigen::Index per_chunk = std::max<Eigen::Index>(1, static_cast<Eigen::Index>(chunk_terms) / terms);
    const auto chunks = static_cast<std::size_t>((outputs + per_chunk - 1) / per_chunk);
    const auto width = [&](std::size_t chunk) {  // columns of a chunk's terms, padded to tiles
        const Eigen::Index nk = std::min(per_chunk, outputs - static_cast<Eigen::Index>(chunk) * per_chunk);
        return (static_cast<std::size_t>(nk * terms) + tile_terms - 1) / tile_terms * tile_terms;
    };

    // the terms of each chunk of outputs: rows x width(chunk), row-major, zero in padding columns
    // and for outputs with 0 indices
    std::vector<std::vector<double>> chunk_terms_of(chunks);
    parallel_for(chunks, options.threads, [&](std::size_t chunk, std::size_t) {
        const std::size_t w = width(chunk);
        std::vector<double>& t = chunk_terms_of[chunk];
        t.assign(rows_n * w, 0.0);
        const Eigen::Index k0 = static_cast<Eigen::Index>(chunk) * per_chunk;
        const Eigen::Index nk = std::min(per_chunk, outputs - k0);
        for (std::size_t j = 0; j < rows_n; ++j) {
            const auto jj = static_cast<Eigen::Index>(j);
            for (Eigen::Index c = 0; c < nk; ++c) {
                const Scale& sc = scales[static_cast<std::size_t>(k0 + c)];
                if (sc.zero) continue;
                double* row = t.data() + j * w + static_cast<std::size_t>(c * terms);
                const double za = (y_a(jj, k0 + c) * sc.factor - sc.mean) / sc.sd;
                const double zb = (y_b(jj, k0 + c) * sc.factor - sc.mean) / sc.sd;
                row[0] = za + zb;
                row[1] = za * za + zb * zb;
                for (Eigen::Index i = 0; i < d; ++i) {
                    const double zab = (y_ab[static_cast<std::size_t>(i)](jj, k0 + c) * sc.factor - sc.mean) / sc.sd;
                    row[2 + i] = zb * (zab - za);
                    row[2 + d + i] = (za - zab) * (za - zab);
                }
            }
        }
    });

    // estimates[(k * d + i) * resamples + r]: S_i and S_Ti of output k in resample r
    std::vector<double> first(static_cast<std::size_t>(outputs * d) * resamples);
    std::vector<double> total(first.size());
    struct Scratch {
        std::vector<double> counts, sums;  // rows x resample_block (row-major); resample_block x width
    };
    const std::size_t blocks = (resamples + resample_block - 1) / resample_block;
    std::vector<Scratch> scratch(detail::worker_count(options.threads, blocks));
    parallel_for(blocks, options.threads, [&](std::size_t block, std::size_t worker) {
        // row counts of the block's resamples: resample r draws N rows uniformly with replacement
        // from CounterRandom(seed, r, bootstrap_purpose); resamples past the last are zero
        const std::size_t r0 = block * resample_block;
        const std::size_t nr = std::min(resample_block, resamples - r0);
        std::vector<double>& counts = scratch[worker].counts;
        counts.assign(rows_n * resample_block, 0.0);
        for (std::size_t r = 0; r < nr; ++r) {
            detail::CounterRandom random(options.seed, r0 + r, bootstrap_purpose);
            for (std::size_t j = 0; j < rows_n; ++j) {
                // u < 1, but u * N may round up to N: clamp
                const auto pick = std::min(static_cast<std::size_t>(random.uniform() * rows), rows_n - 1);
                counts[pick * resample_block + r] += 1.0;
            }
        }
        std::vector<double>& sums = scratch[worker].sums;
        for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
            const std::size_t w = width(chunk);
            sums.assign(resample_block * w, 0.0);
            product(rows_n, resample_block, w, counts.data(), chunk_terms_of[chunk].data(), sums.data());
            const Eigen::Index k0 = static_cast<Eigen::Index>(chunk) * per_chunk;
            const Eigen::Index nk = std::min(per_chunk, outputs - k0);
            for (Eigen::Index c = 0; c < nk; ++c) {
                const Eigen::Index k = k0 + c;
                const bool zero = scales[static_cast<std::size_t>(k)].zero;
                for (std::size_t r = 0; r < nr; ++r) {
                    const double* sum = sums.data() + r * w + static_cast<std::size_t>(c * terms);
                    const double mean = sum[0] / (2.0 * rows);
                    const double v = sum[1] / (2.0 * rows) - mean * mean;
                    for (Eigen::Index i = 0; i < d; ++i) {
                        const std::size_t at = static_cast<std::size_t>(k * d + i) * resamples + r0 + r;
                        const bool none = zero || v <= DBL_EPSILON;
                        first[at] = none ? 0.0 : sum[2 + i] / rows / v;
                        total[at] = none ? 0.0 : 0.5 * (sum[2 + d + i] / rows) / v;
                    }
                }
            }
        }
    });

    const double low = (1.0 - options.confidence) / 2.0;
    const double high = (1.0 + options.confidence) / 2.0;
    parallel_for(static_cast<std::size_t>(outputs), options.threads, [&](std::size_t k, std::size_t) {
        for (Eigen::Index i = 0; i < d; ++i) {
            const std::size_t at = (k * static_cast<std::size_t>(d) + static_cast<std::size_t>(i)) * resamples;
            const auto r = static_cast<Eigen::Index>(resamples);
            const Eigen::VectorXd f = Eigen::Map<const Eigen::VectorXd>(first.data() + at, r);
            const Eigen::VectorXd t = Eigen::Map<const Eigen::VectorXd>(total.data() + at, r);
            const auto row = static_cast<Eigen::Index>(k);
            out.first_low(row, i) = quantile(f, low);
            out.first_high(row, i) = quantile(f, high);
            out.total_low(row, i) = quantile(t, low);
            out.total_high(row, i) = quantile(t, high);
        }
    });
    return out;
}

}  // namespace govindex
