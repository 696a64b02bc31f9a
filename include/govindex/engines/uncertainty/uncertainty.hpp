#pragma once
/// \file uncertainty.hpp
/// Uncertainty and sensitivity analysis of any index built by a Pipeline: a typed declaration of
/// what is uncertain (weights, a step's method, indicators kept, data values), an engine compiled
/// once from framework + pipeline + data that recomputes only what a replicate changes, and
/// streaming statistics per unit (rank and score intervals, rank frequencies, top-k
/// probabilities) or variance-based indices per unit (Sobol' first-order and total).
/// Deterministic: replicate i draws from a counter-based stream keyed by (seed, i), so results are
/// bit-identical for any number of threads and partial runs merge exactly.
/// Guide: docs/guide/uncertainty.md.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/engines/sensitivity/sensitivity.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/pipeline/results.hpp"

namespace govindex {

// --- what is uncertain -------------------------------------------------------------------------

/// Relative uniform noise on weights (COINr get_noisy_weights): each chosen node's weight becomes
/// w (1 + factor (2u - 1)), u uniform in (0, 1); then, if `renormalise`, the weights of each
/// group with a perturbed child are rescaled to the group's nominal sum (no effect on means;
/// keeps the maximum of a weighted sum). Applies to the weights of every Aggregate step.
struct WeightNoise {
    static constexpr std::string_view input_kind = "weights";  ///< `kind` in declaration files
    std::string name;                ///< label of this input in the results (default "weights")
    double factor = 0.25;            ///< relative half-width, in [0, 1)
    std::vector<int> levels;         ///< the weights of every node at these levels (1 = indicators)
    std::vector<std::string> nodes;  ///< and of these nodes (codes or names)
    bool renormalise = true;         ///< rescale each perturbed group to its nominal sum
    static constexpr auto fields() {
        return std::tuple{
            detail::field("name", &WeightNoise::name, "label of this input"),
            detail::field("factor", &WeightNoise::factor, "relative half-width of the noise, in [0, 1)"),
            detail::field("levels", &WeightNoise::levels, "levels whose nodes' weights vary (1 = indicators)"),
            detail::field("nodes", &WeightNoise::nodes, "nodes whose weights vary"),
            detail::field("renormalise", &WeightNoise::renormalise, "rescale each perturbed group to its nominal sum")};
    }
    friend bool operator==(const WeightNoise&, const WeightNoise&) = default;
};

/// A discrete choice for one pipeline step: each replicate uses one of the alternatives
/// (uniformly) in place of the pipeline's step of that type (a pipeline has each type once), e.g.
/// Normalise{MinMax{}}, Normalise{ZScore{10, 2}}, Normalise{PercentRank{}}; or Aggregate steps with
/// other methods or weight sets; or Treat steps with other Winsorisation limits.
struct StepChoice {
    static constexpr std::string_view input_kind = "choice";  ///< `kind` in declaration files
    std::string name;                ///< label of this input (default: the step's name, e.g. "normalise")
    std::vector<Step> alternatives;  ///< at least two, all of the same step type
    static constexpr auto fields() {
        return std::tuple{detail::field("name", &StepChoice::name, "label of this input"),
                          detail::field("alternatives", &StepChoice::alternatives, "steps of one type to choose from")};
    }
    friend bool operator==(const StepChoice&, const StepChoice&) = default;
};

/// Indicators left out of the index at random (weight 0 in every Aggregate step). An indicator is
/// never dropped when it is the last one of positive weight in its group.
struct IndicatorExclusion {
    static constexpr std::string_view input_kind = "exclusion";  ///< `kind` in declaration files
    std::string name;                                            ///< label of this input (default "exclusion")
    std::vector<std::string> indicators;  ///< candidates (codes or names); empty = every indicator
    double probability = 0.0;             ///< each candidate dropped independently, in (0, 1)
    bool leave_one_out = false;           ///< instead: exactly one candidate dropped per replicate
    static constexpr auto fields() {
        return std::tuple{
            detail::field("name", &IndicatorExclusion::name, "label of this input"),
            detail::field("indicators", &IndicatorExclusion::indicators, "candidates; empty = every indicator"),
            detail::field("probability", &IndicatorExclusion::probability,
                          "probability of dropping each candidate, in (0, 1)"),
            detail::field("leave_one_out", &IndicatorExclusion::leave_one_out,
                          "drop exactly one candidate per replicate instead")};
    }
    friend bool operator==(const IndicatorExclusion&, const IndicatorExclusion&) = default;
};

/// Normal noise from standard errors, z standard normal, independently per draw:
/// - on the pipeline's input values (`node` empty): x + se z per cell of `columns`, se from the data
///   set's standard errors; a cell with a value and no standard error is an error;
/// - or per unit on an aggregate's value (`node`): v + se z after the aggregate is computed, before
///   its parents are, se from `standard_errors` (unit code -> se) or, when that is empty, the
///   standard errors the nominal run gives the aggregate (propagated from the indicators').
/// Missing values stay missing. E.g. a published index total with its standard error (PAPI).
struct DataNoise {
    static constexpr std::string_view input_kind = "data";  ///< `kind` in declaration files
    std::string name;                                       ///< label of this input (default "data")
    std::vector<std::string> columns;  ///< indicator codes (or names); empty = every indicator with standard errors
    std::string node;                  ///< an aggregate whose value varies per unit instead (empty = cells)
    std::map<std::string, double> standard_errors;  ///< with `node`: unit code -> standard error (>= 0)
    static constexpr auto fields() {
        return std::tuple{detail::field("name", &DataNoise::name, "label of this input"),
                          detail::field("columns", &DataNoise::columns,
                                        "indicators whose values vary; empty = every one with standard errors"),
                          detail::field("node", &DataNoise::node, "an aggregate whose value varies per unit instead"),
                          detail::field("standard_errors", &DataNoise::standard_errors,
                                        "with node: unit code -> standard error; empty = the nominal run's")};
    }
    friend bool operator==(const DataNoise&, const DataNoise&) = default;
};

/// Check what an input's own values must satisfy, without a framework (noise factor in [0, 1),
/// two or more alternatives of one step type, a probability in (0, 1) or leave_one_out); run when
/// an input is made in Python and again by the engine. Throws MethodError naming the input.
void check(const WeightNoise& input);
void check(const StepChoice& input);
void check(const IndicatorExclusion& input);
void check(const DataNoise& input);

/// One uncertain input; in a sensitivity analysis each input is one factor (a group of draws).
using UncertainInput = std::variant<WeightNoise, StepChoice, IndicatorExclusion, DataNoise>;

// --- options and results --------------------------------------------------------------------------

/// Called about ten times a second from the calling thread with (replicates done, total); return
/// false to stop: the run then throws Cancelled and returns nothing.
using ProgressCallback = std::function<bool(std::size_t done, std::size_t total)>;

/// Replicates are processed in blocks of this many, aligned on multiples of it: a partial run must
/// start on a block boundary so that partial results merge exactly.
inline constexpr std::size_t replicate_block = 128;

/// Settings of an uncertainty analysis run.
struct UncertaintyOptions {
    std::size_t replicates = 1000;   ///< N, >= 2: the replicates [0, N) of the seed
    std::uint64_t seed = 0;          ///< replicate i draws from the stream (seed, i)
    unsigned threads = 0;            ///< 0 = every core; results do not depend on it
    std::size_t begin = 0;           ///< first replicate of this run (a multiple of replicate_block)
    std::optional<std::size_t> end;  ///< one past the last replicate of this run (default N)
    bool keep_replicates = false;    ///< keep every replicate's scores, ranks and sampled parameters
    ProgressCallback progress;       ///< optional
};

/// A sum of doubles kept exactly (Shewchuk's non-overlapping partials, as Python's math.fsum):
/// value() is the correctly rounded sum whatever the order of the additions, so partial results
/// merge into the same number as one run. Equality compares value().
struct ExactSum {
    std::vector<double> partials;
    void add(double x);
    void add(const ExactSum& other) {
        for (const double p : other.partials) add(p);
    }
    [[nodiscard]] double value() const;
    friend bool operator==(const ExactSum& a, const ExactSum& b) { return a.value() == b.value(); }
};

/// What is known of one tracked node after some replicates: integer counts and exact sums, so
/// partial results merge into the same numbers as one run.
struct NodeUncertainty {
    std::string node;
    Eigen::VectorXd nominal_score;  ///< the pipeline as given
    Eigen::VectorXd nominal_rank;
    /// rank_counts(u, r - 1): replicates in which unit u had rank r; column U: rank missing.
    Eigen::Matrix<std::uint64_t, Eigen::Dynamic, Eigen::Dynamic> rank_counts;
    /// Per unit, over replicates with a score: sums of the scores and of their squares, each score
    /// taken in the unit's score_frame (score * scale - centre), so the sums neither overflow nor
    /// cancel.
    std::vector<ExactSum> score_sum;
    std::vector<ExactSum> score_square_sum;
    Eigen::VectorXd score_min, score_max;  ///< per unit (NaN before any score)
    /// Score histogram per unit over [score_low, score_high] in (columns - 2) equal bins; column 0
    /// counts the scores below score_low, the last column those above score_high; a unit's row adds
    /// up to its replicates with a score.
    Eigen::Matrix<std::uint64_t, Eigen::Dynamic, Eigen::Dynamic> score_histogram;
    Eigen::VectorXd score_low, score_high;  ///< per unit, from the first block of replicates of the seed
    friend bool operator==(const NodeUncertainty&, const NodeUncertainty&) = default;
};

/// The frame in which a unit's score sums are kept: score * scale - centre, with scale a power of
/// 2 (1 unless the score bins reach beyond 2^500 or lie within 2^-500 of 0) and centre the middle
/// of the bins, scaled. A function of the bins alone, so every run of an analysis shares it.
struct ScoreFrame {
    double scale = 1.0;
    double centre = 0.0;
};
[[nodiscard]] ScoreFrame score_frame(double score_low, double score_high);

/// The result of an uncertainty analysis (or of a range of its replicates): statistics per unit for
/// every tracked node. Merging the results of adjacent ranges equals one run over both.
class UncertaintyResult {
public:
    UncertaintyResult() = default;
    UncertaintyResult(std::vector<std::string> unit_codes, std::vector<std::string> unit_names,
                      std::vector<std::string> input_names, std::vector<NodeUncertainty> nodes, ExactSum rank_shift_sum,
                      std::uint64_t seed, std::size_t replicates, std::size_t begin, std::size_t end);

    [[nodiscard]] const std::vector<std::string>& unit_codes() const { return unit_codes_; }
    [[nodiscard]] const std::vector<std::string>& unit_names() const { return unit_names_; }
    [[nodiscard]] const std::vector<std::string>& input_names() const { return input_names_; }
    [[nodiscard]] std::uint64_t seed() const { return seed_; }
    /// N of the analysis this result is (part of).
    [[nodiscard]] std::size_t replicates() const { return replicates_; }
    /// The replicates this result covers: [begin, end).
    [[nodiscard]] std::size_t begin() const { return begin_; }
    [[nodiscard]] std::size_t end() const { return end_; }
    [[nodiscard]] std::size_t done() const { return end_ - begin_; }
    [[nodiscard]] bool complete() const { return begin_ == 0 && end_ == replicates_; }
    /// Tracked nodes, in the order asked (the index when none was asked).
    [[nodiscard]] const std::vector<NodeUncertainty>& nodes() const { return nodes_; }
    /// The statistics of one tracked node ("" = the first); throws UnknownCodeError.
    [[nodiscard]] const NodeUncertainty& node(std::string_view code = "") const;
    /// The sum over replicates of the mean absolute rank shift of the first tracked node from its
    /// nominal ranks (COINr's scalar output); mean_rank_shift() = its mean.
    [[nodiscard]] const ExactSum& rank_shift_sum() const { return rank_shift_sum_; }
    [[nodiscard]] double mean_rank_shift() const;
    /// Per unit: nominal, mean, median, 5th and 95th percentile of rank and of score, sd and range
    /// of score. Columns unit, name, nominal_rank, mean_rank, median_rank, q05_rank, q95_rank,
    /// nominal_score, mean_score, sd_score, median_score, q05_score, q95_score, min_score,
    /// max_score. Rank quantiles are exact (R type 7, from the rank counts); score quantiles are read
    /// from the histogram, to within one bin.
    [[nodiscard]] Table summary(std::string_view node = "") const;
    /// Probability of each unit (rows) having rank <= k, for k = 1..U (columns).
    [[nodiscard]] Eigen::MatrixXd top_probabilities(std::string_view node = "") const;
    /// Type-7 quantile p of unit `unit`'s rank (row) over the replicates; NaN if it never had one.
    [[nodiscard]] double rank_quantile(std::string_view node, Eigen::Index unit, double p) const;
    /// Quantile p of unit `unit`'s score, from the histogram (to within one bin).
    [[nodiscard]] double score_quantile(std::string_view node, Eigen::Index unit, double p) const;

    /// Kept replicates (keep_replicates): per tracked node, replicates x units; empty otherwise.
    [[nodiscard]] const std::vector<Eigen::MatrixXd>& replicate_scores() const { return replicate_scores_; }
    [[nodiscard]] const std::vector<Eigen::MatrixXd>& replicate_ranks() const { return replicate_ranks_; }
    /// Kept replicates: the sampled parameters, replicates x parameter_names().
    [[nodiscard]] const Eigen::MatrixXd& replicate_parameters() const { return replicate_parameters_; }
    [[nodiscard]] const std::vector<std::string>& parameter_names() const { return parameter_names_; }
    /// Attaches kept replicates (the engine does, for keep_replicates).
    void keep(std::vector<Eigen::MatrixXd> scores, std::vector<Eigen::MatrixXd> ranks, Eigen::MatrixXd parameters,
              std::vector<std::string> parameter_names);

    /// This result followed by the result of the adjacent range of the same analysis (same seed,
    /// N, inputs, units and nodes); throws MethodError otherwise.
    [[nodiscard]] UncertaintyResult merged(const UncertaintyResult& next) const;

    friend bool operator==(const UncertaintyResult&, const UncertaintyResult&) = default;

private:
    std::vector<std::string> unit_codes_, unit_names_, input_names_;
    std::vector<NodeUncertainty> nodes_;
    ExactSum rank_shift_sum_;
    std::uint64_t seed_ = 0;
    std::size_t replicates_ = 0, begin_ = 0, end_ = 0;
    std::vector<Eigen::MatrixXd> replicate_scores_, replicate_ranks_;
    Eigen::MatrixXd replicate_parameters_;
    std::vector<std::string> parameter_names_;
};

/// Settings of a variance-based sensitivity analysis.
struct SensitivityOptions {
    std::size_t base_samples = 1000;  ///< N: N (d + 2) runs for d inputs
    std::uint64_t seed = 0;           ///< for the bootstrap (and the design when it is pseudo-random)
    unsigned threads = 0;             ///< 0 = every core; results do not depend on it
    std::size_t resamples = 1000;     ///< bootstrap resamples for the intervals (0 = none)
    double confidence = 0.95;         ///< interval level
    ProgressCallback progress;        ///< optional
};

/// First-order and total Sobol' indices of every input for COINr's scalar output (mean absolute
/// rank shift of the index from nominal) and for every unit's rank and score of every tracked node.
struct SensitivityResult {
    std::vector<std::string> input_names;  ///< the factors (columns of the index matrices)
    std::vector<std::string> unit_codes;
    std::vector<std::string> output_names;  ///< "rank_shift", then "<node>:rank:<unit>", "<node>:score:<unit>"
    SobolIndices indices;                   ///< outputs x inputs
    std::string design;                     ///< "sobol" or "pseudo-random"
    std::size_t runs = 0;                   ///< N (d + 2)
    friend bool operator==(const SensitivityResult&, const SensitivityResult&) = default;
};

// --- the engine --------------------------------------------------------------------------------

/// Sampled settings of one replicate as a plain pipeline and data set: running the pipeline on the
/// data gives what the engine computes for that replicate (the test of the engine).
struct SampledRun {
    Pipeline pipeline;
    Dataset data;
};

/// An uncertainty engine: the pipeline compiled once for a framework, a data set (one year of a
/// panel) and a list of uncertain inputs. Checks the inputs on construction (MethodError naming
/// the input for a bad value, an unknown node, or an input that touches no step) and runs the
/// nominal pipeline. Thread-safe for concurrent runs.
class UncertaintyEngine {
public:
    /// `nodes`: the nodes whose ranks and scores are tracked (default: the index alone).
    UncertaintyEngine(Framework framework, Pipeline pipeline, Dataset data, std::vector<UncertainInput> inputs,
                      std::vector<std::string> nodes = {}, std::optional<int> year = std::nullopt);
    ~UncertaintyEngine();
    UncertaintyEngine(const UncertaintyEngine&) = delete;
    UncertaintyEngine& operator=(const UncertaintyEngine&) = delete;

    [[nodiscard]] const Framework& framework() const;
    [[nodiscard]] const Pipeline& pipeline() const;
    [[nodiscard]] const Dataset& data() const;
    [[nodiscard]] const std::vector<UncertainInput>& inputs() const;
    [[nodiscard]] const std::vector<std::string>& tracked_nodes() const;
    [[nodiscard]] std::optional<int> year() const;
    /// Names of the inputs (factors), unique.
    [[nodiscard]] std::vector<std::string> input_names() const;
    /// Uniform draws one replicate takes (the dimension of the design).
    [[nodiscard]] std::size_t dimensions() const;
    /// The nominal run (the pipeline as given).
    [[nodiscard]] const Results& nominal() const;

    /// The replicate `index` of `seed` as a pipeline and data set.
    [[nodiscard]] SampledRun sampled_run(std::uint64_t seed, std::size_t index) const;
    /// The engine's scores of the tracked nodes for replicate `index` of `seed` (units x nodes).
    [[nodiscard]] Eigen::MatrixXd replicate_scores(std::uint64_t seed, std::size_t index) const;
    /// The engine's scores (units x tracked nodes) for explicit draws in (0, 1), dimensions() of them.
    [[nodiscard]] Eigen::MatrixXd evaluate(const Eigen::VectorXd& uniforms) const;

    /// Uncertainty analysis over the replicates [begin, end) of options.replicates.
    [[nodiscard]] UncertaintyResult uncertainty(const UncertaintyOptions& options) const;
    /// Sobol' sensitivity analysis (Saltelli design, first-order and total indices).
    [[nodiscard]] SensitivityResult sensitivity(const SensitivityOptions& options) const;

    struct Plan;  // internal

private:
    std::unique_ptr<const Plan> plan_;
};

}  // namespace govindex
