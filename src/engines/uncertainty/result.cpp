// What an uncertainty analysis gives: exact sums, statistics read from rank counts and score
// histograms, and the exact merge of partial results.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "govindex/detail/format.hpp"
#include "govindex/engines/uncertainty/uncertainty.hpp"
#include "govindex/text.hpp"

namespace govindex {

namespace {
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
using detail::in_quotes;
}  // namespace

// Shewchuk's algorithm as in Python's math.fsum: `partials` are non-overlapping, increasing in
// magnitude, and add up exactly to the sum of everything added.
void ExactSum::add(double x) {
    std::size_t i = 0;
    for (double y : partials) {
        if (std::abs(x) < std::abs(y)) std::swap(x, y);
        const double hi = x + y;
        const double lo = y - (hi - x);
        if (lo != 0.0) partials[i++] = lo;
        x = hi;
    }
    partials.resize(i);
    partials.push_back(x);
}

double ExactSum::value() const {
    if (partials.empty()) return 0.0;
    std::size_t n = partials.size();
    double hi = partials[--n];
    double lo = 0.0;
    while (n > 0) {  // add from the top until the sum is inexact
        const double x = hi;
        const double y = partials[--n];
        hi = x + y;
        lo = y - (hi - x);
        if (lo != 0.0) break;
    }
    // Round half-even correctly: if the rest has the sign of lo, the tie breaks away.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
        const double y = lo * 2;
        const double x = hi + y;
        if (y == x - hi) hi = x;
    }
    return hi;
}

UncertaintyResult::UncertaintyResult(std::vector<std::string> unit_codes, std::vector<std::string> unit_names,
                                     std::vector<std::string> input_names, std::vector<NodeUncertainty> nodes,
                                     ExactSum rank_shift_sum, std::uint64_t seed, std::size_t replicates,
                                     std::size_t begin, std::size_t end)
    : unit_codes_(std::move(unit_codes)),
      unit_names_(std::move(unit_names)),
      input_names_(std::move(input_names)),
      nodes_(std::move(nodes)),
      rank_shift_sum_(std::move(rank_shift_sum)),
      seed_(seed),
      replicates_(replicates),
      begin_(begin),
      end_(end) {}

const NodeUncertainty& UncertaintyResult::node(std::string_view code) const {
    if (nodes_.empty()) throw MethodError("uncertainty result: no node was tracked");
    if (code.empty()) return nodes_.front();
    const std::string wanted = to_nfc(code);
    for (const auto& n : nodes_)
        if (n.node == wanted) return n;
    std::string known;
    for (const auto& n : nodes_) known += (known.empty() ? "" : ", ") + in_quotes(n.node);
    throw error_at<UnknownCodeError>(
        {.column = "node", .node = wanted, .expected = "a tracked node: " + known},
        "uncertainty result: node " + in_quotes(wanted) + " was not tracked; expected one of " + known);
}

double UncertaintyResult::mean_rank_shift() const {
    return done() == 0 ? nan_value : rank_shift_sum_.value() / static_cast<double>(done());
}

double UncertaintyResult::rank_quantile(std::string_view code, Eigen::Index unit, double p) const {
    const NodeUncertainty& n = node(code);
    const Eigen::Index units = n.rank_counts.rows();
    std::uint64_t total = 0;
    for (Eigen::Index r = 0; r < units; ++r) total += n.rank_counts(unit, r);
    if (total == 0) return nan_value;
    // R type 7: h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]), 0-based.
    const double h = static_cast<double>(total - 1) * p;
    const auto lower = static_cast<std::uint64_t>(std::floor(h));
    const auto order_statistic = [&](std::uint64_t j) {
        std::uint64_t seen = 0;
        for (Eigen::Index r = 0; r < units; ++r) {
            seen += n.rank_counts(unit, r);
            if (seen > j) return static_cast<double>(r + 1);
        }
        return static_cast<double>(units);
    };
    const double a = order_statistic(lower);
    const double b = lower + 1 < total ? order_statistic(lower + 1) : a;
    return a + (h - std::floor(h)) * (b - a);
}

ScoreFrame score_frame(double score_low, double score_high) {
    const double largest = std::max(std::abs(score_low), std::abs(score_high));
    ScoreFrame f;
    if (largest > 0x1p500 || (largest < 0x1p-500 && largest > 0)) {
        int exponent = 0;
        (void)std::frexp(largest, &exponent);
        f.scale = std::ldexp(1.0, std::min(-exponent, 1000));  // 2^1073 (subnormals) is no double
    }
    f.centre = score_low * f.scale / 2 + score_high * f.scale / 2;
    return f;
}

double UncertaintyResult::score_quantile(std::string_view code, Eigen::Index unit, double p) const {
    const NodeUncertainty& n = node(code);
    const Eigen::Index columns = n.score_histogram.cols();
    const auto bins = columns - 2;
    std::uint64_t total = 0;
    for (Eigen::Index c = 0; c < columns; ++c) total += n.score_histogram(unit, c);
    if (total == 0) return nan_value;
    // In the unit's frame's scale (a power of 2), so that high - low cannot overflow.
    const double f = score_frame(n.score_low[unit], n.score_high[unit]).scale;
    const double low = n.score_low[unit] * f, high = n.score_high[unit] * f;
    const double score_min = n.score_min[unit] * f, score_max = n.score_max[unit] * f;
    const double width = (high - low) / static_cast<double>(bins);
    // The j-th smallest score (0-based), taking the scores in a bin as spread evenly over it.
    const auto order_statistic = [&](std::uint64_t j) {
        std::uint64_t seen = 0;
        for (Eigen::Index c = 0; c < columns; ++c) {
            const std::uint64_t count = n.score_histogram(unit, c);
            if (seen + count > j) {
                double from = 0, to = 0;
                if (c == 0)
                    from = score_min, to = low;
                else if (c == columns - 1)
                    from = high, to = score_max;
                else
                    from = low + static_cast<double>(c - 1) * width, to = from + width;
                from = std::max(from, score_min);
                to = std::min(to, score_max);
                const double position = (static_cast<double>(j - seen) + 0.5) / static_cast<double>(count);
                return from + position * (to - from);
            }
            seen += count;
        }
        return score_max;
    };
    const double h = static_cast<double>(total - 1) * p;
    const auto lower = static_cast<std::uint64_t>(std::floor(h));
    const double a = order_statistic(lower);
    const double b = lower + 1 < total ? order_statistic(lower + 1) : a;
    return (a + (h - std::floor(h)) * (b - a)) / f;
}

Table UncertaintyResult::summary(std::string_view code) const {
    const NodeUncertainty& n = node(code);
    const auto units = static_cast<Eigen::Index>(unit_codes_.size());
    std::vector<double> mean_rank(units), median_rank(units), q05_rank(units), q95_rank(units), mean_score(units),
        sd_score(units), median_score(units), q05_score(units), q95_score(units);
    for (Eigen::Index u = 0; u < units; ++u) {
        std::uint64_t ranked = 0;
        double rank_total = 0;
        for (Eigen::Index r = 0; r < units; ++r) {
            ranked += n.rank_counts(u, r);
            rank_total += static_cast<double>(n.rank_counts(u, r)) * static_cast<double>(r + 1);
        }
        mean_rank[u] = ranked == 0 ? nan_value : rank_total / static_cast<double>(ranked);
        median_rank[u] = rank_quantile(n.node, u, 0.5);
        q05_rank[u] = rank_quantile(n.node, u, 0.05);
        q95_rank[u] = rank_quantile(n.node, u, 0.95);
        // The sums are of score * scale - centre (score_frame): shifted near the mean, so the
        // squares do not cancel, and scaled, so they do not overflow.
        const auto count = static_cast<double>(n.score_histogram.row(u).sum());
        const ScoreFrame frame = score_frame(n.score_low[u], n.score_high[u]);
        const double sum = n.score_sum[static_cast<std::size_t>(u)].value();
        const double squares = n.score_square_sum[static_cast<std::size_t>(u)].value();
        mean_score[u] = count == 0 ? nan_value : (frame.centre + sum / count) / frame.scale;
        sd_score[u] = count < 2 ? nan_value
                                : std::sqrt(std::max(0.0, (squares - sum * (sum / count)) / (count - 1))) / frame.scale;
        for (const auto& [name, value] : {std::pair{"mean_score", mean_score[u]}, std::pair{"sd_score", sd_score[u]}})
            if (std::isinf(value))
                throw error_at<NumericError>({.source = "uncertainty summary",
                                              .column = name,
                                              .node = n.node,
                                              .expected = "a finite " + std::string(name),
                                              .found = value > 0 ? "inf" : "-inf"},
                                             "uncertainty summary of node " + in_quotes(n.node) + ", unit " +
                                                 in_quotes(unit_codes_[static_cast<std::size_t>(u)]) + ": " + name +
                                                 " exceeds the largest double; expected a finite " + name +
                                                 " (are the scores near the largest double?)");
        median_score[u] = score_quantile(n.node, u, 0.5);
        q05_score[u] = score_quantile(n.node, u, 0.05);
        q95_score[u] = score_quantile(n.node, u, 0.95);
    }
    const auto vec = [](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
    Table t;
    t.add("unit", unit_codes_);
    t.add("name", unit_names_);
    t.add("nominal_rank", vec(n.nominal_rank));
    t.add("mean_rank", mean_rank);
    t.add("median_rank", median_rank);
    t.add("q05_rank", q05_rank);
    t.add("q95_rank", q95_rank);
    t.add("nominal_score", vec(n.nominal_score));
    t.add("mean_score", mean_score);
    t.add("sd_score", sd_score);
    t.add("median_score", median_score);
    t.add("q05_score", q05_score);
    t.add("q95_score", q95_score);
    t.add("min_score", vec(n.score_min));
    t.add("max_score", vec(n.score_max));
    return t;
}

Eigen::MatrixXd UncertaintyResult::top_probabilities(std::string_view code) const {
    const NodeUncertainty& n = node(code);
    const Eigen::Index units = n.rank_counts.rows();
    Eigen::MatrixXd out(units, units);
    const double total = static_cast<double>(done());
    for (Eigen::Index u = 0; u < units; ++u) {
        std::uint64_t seen = 0;
        for (Eigen::Index k = 0; k < units; ++k) {
            seen += n.rank_counts(u, k);
            out(u, k) = total == 0 ? nan_value : static_cast<double>(seen) / total;
        }
    }
    return out;
}

void UncertaintyResult::keep(std::vector<Eigen::MatrixXd> scores, std::vector<Eigen::MatrixXd> ranks,
                             Eigen::MatrixXd parameters, std::vector<std::string> parameter_names) {
    replicate_scores_ = std::move(scores);
    replicate_ranks_ = std::move(ranks);
    replicate_parameters_ = std::move(parameters);
    parameter_names_ = std::move(parameter_names);
}

UncertaintyResult UncertaintyResult::merged(const UncertaintyResult& next) const {
    const auto fail = [](const std::string& what, const std::string& expected, const std::string& found) {
        return error_at<MethodError>(
            {.column = what, .expected = expected, .found = found},
            "merging uncertainty results: " + what + ": expected " + expected + ", found " + found);
    };
    if (next.seed_ != seed_) throw fail("seed", std::to_string(seed_), std::to_string(next.seed_));
    if (next.replicates_ != replicates_)
        throw fail("replicates", std::to_string(replicates_), std::to_string(next.replicates_));
    if (next.begin_ != end_)
        throw fail("begin", "the next range to start at " + std::to_string(end_), std::to_string(next.begin_));
    if (next.unit_codes_ != unit_codes_ || next.input_names_ != input_names_ || next.nodes_.size() != nodes_.size())
        throw fail("analysis", "the same units, inputs and tracked nodes", "another analysis");
    if (next.replicate_scores_.empty() != replicate_scores_.empty())
        throw fail("keep_replicates", "the same setting in both runs", "kept replicates in one only");
    UncertaintyResult out = *this;
    out.end_ = next.end_;
    out.rank_shift_sum_.add(next.rank_shift_sum_);
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
        NodeUncertainty& a = out.nodes_[k];
        const NodeUncertainty& b = next.nodes_[k];
        if (a.node != b.node || a.score_low != b.score_low || a.score_high != b.score_high)
            throw fail("nodes", "the same tracked nodes and score bins", "node " + in_quotes(b.node));
        a.rank_counts += b.rank_counts;
        a.score_histogram += b.score_histogram;
        for (std::size_t u = 0; u < a.score_sum.size(); ++u) {
            a.score_sum[u].add(b.score_sum[u]);
            a.score_square_sum[u].add(b.score_square_sum[u]);
        }
        for (Eigen::Index u = 0; u < a.score_min.size(); ++u) {
            // fmin/fmax skip NaN (no score yet).
            a.score_min[u] = std::fmin(a.score_min[u], b.score_min[u]);
            a.score_max[u] = std::fmax(a.score_max[u], b.score_max[u]);
        }
    }
    if (!replicate_scores_.empty()) {
        for (std::size_t k = 0; k < replicate_scores_.size(); ++k) {
            Eigen::MatrixXd s(replicate_scores_[k].rows() + next.replicate_scores_[k].rows(),
                              replicate_scores_[k].cols());
            s << replicate_scores_[k], next.replicate_scores_[k];
            out.replicate_scores_[k] = std::move(s);
            Eigen::MatrixXd r(replicate_ranks_[k].rows() + next.replicate_ranks_[k].rows(), replicate_ranks_[k].cols());
            r << replicate_ranks_[k], next.replicate_ranks_[k];
            out.replicate_ranks_[k] = std::move(r);
        }
        Eigen::MatrixXd p(replicate_parameters_.rows() + next.replicate_parameters_.rows(),
                          replicate_parameters_.cols());
        p << replicate_parameters_, next.replicate_parameters_;
        out.replicate_parameters_ = std::move(p);
    }
    return out;
}

}  // namespace govindex
