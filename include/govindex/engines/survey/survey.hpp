#pragma once
/// \file survey.hpp
/// Design-based estimates from respondent microdata (điều tra xã hội học, sociological survey):
/// a one-stage stratified cluster design with weights and finite population corrections,
/// optionally post-stratified to population counts; means, totals, proportions, ratios and
/// quantiles, overall or per domain, with Taylor-linearisation standard errors, confidence
/// intervals, design effects, counts and small-cell suppression. The formulas and conventions are
/// those of R's survey package (svydesign, svymean, svytotal, svyratio, svyquantile, svyby,
/// postStratify; survey 4.1-1). Guide: docs/guide/survey.md.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace govindex {

/// A categorical column as integer codes into `levels`; code -1 = missing.
struct Factor {
    Eigen::VectorXi codes;            ///< per row, in [-1, levels.size())
    std::vector<std::string> levels;  ///< the categories, each once
    friend bool operator==(const Factor&, const Factor&) = default;
};

/// A Factor of text values, levels sorted (as R's factor()); "" is a level, not missing.
[[nodiscard]] Factor make_factor(const std::vector<std::string>& values);

/// What to do with a stratum that has a single sampled PSU (R's option survey.lonely.psu). A
/// stratum sampled completely (fpc: sampling fraction 1) contributes no variance and is never lonely.
enum class LonelyPsu {
    fail,       ///< an error naming the stratum (the default, as R's)
    certainty,  ///< the stratum contributes no variance, as if its PSU were taken with certainty
    adjust,     ///< its PSU total is centred at the mean PSU total of the whole design, not its stratum's
    average,    ///< the variance is scaled by strata / strata with two or more PSUs (or sampled completely);
                ///< with none such (R: NaN SEs) the design is refused, a MethodError
};

/// A later stage (2, 3, ...) of a multistage design: its sampling units, nested in the units of
/// the stage before (the same code under two different parents is two units), as R's
/// svydesign(id = ~psu + ssu, fpc = ~fpc1 + fpc2).
struct DesignStage {
    Factor clusters;  ///< the stage's units (no missing codes)
    Eigen::VectorXd
        fpc;  ///< empty = none; else per row, constant within a unit of the stage before: population
              ///< counts of this stage's units in it (read as DesignColumns::fpc: counts > 1 or fractions <= 1)
    std::string clusters_column = "clusters", fpc_column = "fpc";  ///< names of the columns in messages
};

/// The columns of a design, one value per respondent (row), as R's
/// svydesign(id = ~clusters + later stages, strata = ~strata, weights = ~weights, fpc = ~fpc + ...).
struct DesignColumns {
    Eigen::VectorXd weights;       ///< sampling weights, finite and > 0; empty = derived from the fpc of every
                                   ///< stage as R's svydesign without weights: 1 / prod_s (n_s / N_s), n_s the
                                   ///< units sampled in the row's stratum (stage 1) or unit of the stage before
    std::optional<Factor> strata;  ///< none = one stratum
    std::optional<Factor>
        clusters;         ///< PSUs, nested in strata (a code in two strata is two PSUs); none = each row is a PSU
    Eigen::VectorXd fpc;  ///< empty = no fpc; else per row, constant within a stratum: all > 1 = population
                          ///< counts of PSUs (>= the PSUs sampled), all <= 1 = sampling fractions in (0, 1]
    /// Stages 2, 3, ... (needs `clusters`). Their variance is added as R's survey does (multistage,
    /// survey.ultimate.cluster = FALSE): only when the first stage has an fpc and stage s has one,
    /// each unit's within-unit variance of stage s, times the sampling fractions of the stages
    /// above; without an fpc the design is the first stage's (with-replacement ultimate clusters).
    std::vector<DesignStage> later_stages;
    LonelyPsu lonely_psu = LonelyPsu::fail;
    std::string source = "DataFrame";  ///< names the data in messages
    std::string weights_column = "weights", strata_column = "strata", clusters_column = "clusters",
                fpc_column = "fpc";  ///< names of the columns in messages
};

/// One population margin for raking: a categorical column and its population count per category.
struct RakeMargin {
    Factor categories;                         ///< one code per row (no missing codes)
    std::map<std::string, double> population;  ///< category -> population count > 0
    std::string column;                        ///< names the column in messages and reports
};

/// When iterative proportional fitting stops. The default is R's rake() rule (control =
/// list(maxit = 10, epsilon = 1), survey 4.1-1): stop after the sweep in which no cell of the
/// weighted cross-table of all the margins' columns (svytable) moves by `epsilon` or more, else
/// after max_iterations sweeps. `tolerance` selects the stricter rule instead.
struct RakeControl {
    std::size_t max_iterations = 10;  ///< sweeps at most (R's maxit), >= 1
    std::optional<double> epsilon;    ///< R's epsilon (none = 1): >= 1 a weighted count, < 1 a fraction of the
                                      ///< sum of the design weights; > 0. Not with `tolerance`
    std::optional<double> tolerance;  ///< the stricter rule: stop once every margin's |Nhat - N| / N <= tolerance
                                      ///< after a sweep; >= 0. Not with `epsilon`
};

/// How a calibration went. Raking that does not converge still returns its last weights; the
/// report says so (`converged` false) and callers must look (Python warns).
struct CalibrationReport {
    std::string method;             ///< "raking"
    std::string rule;               ///< "epsilon" (R's rule) or "tolerance"
    double threshold = 0;           ///< the rule's bound: the absolute epsilon (a weighted count) or the tolerance
    std::size_t iterations = 0;     ///< full sweeps over the margins made (R's iteration count + 1 when converged)
    double max_change = 0;          ///< largest move of a cell of the weighted cross-table in the last sweep
    double max_relative_error = 0;  ///< max over margins and categories of |Nhat - N| / N after the last sweep
    double max_error = 0;           ///< the same as a weighted count, |Nhat - N|
    bool converged = false;         ///< the rule was met: max_change < epsilon, or max_relative_error <= tolerance
    bool margins_met = false;       ///< every margin is met within the rule's bound after the last sweep
                                    ///< (max_error < epsilon or, for rounding, max_relative_error <= 1e-12; or
                                    ///< max_relative_error <= tolerance); R's rule alone
                                    ///< can stop with margins missed (categories no respondent combines)
    std::string worst_column, worst_category;  ///< where max_relative_error was found
    std::vector<double> margin_totals;         ///< population total of each margin (unequal totals cannot converge)
    friend bool operator==(const CalibrationReport&, const CalibrationReport&) = default;
};

/// A checked design: strata, PSUs and their sampling fractions, weights (calibrated once
/// post-stratified). Immutable; post_stratify returns a new design.
class SurveyDesign {
public:
    /// Checks the columns (lengths, weights, missing codes, fpc, lonely PSUs), indexes PSUs by
    /// stratum and, without weights, derives them from the fpc of every stage. Throws InputError
    /// (bad data, located by column and row; no weights and a stage without fpc) or MethodError (a
    /// lonely PSU under LonelyPsu::fail, naming the stratum; under LonelyPsu::average, every
    /// stratum lonely or a lonely unit of a later stage).
    explicit SurveyDesign(DesignColumns columns);

    [[nodiscard]] Eigen::Index rows() const { return static_cast<Eigen::Index>(row_psu_.size()); }
    /// The weights estimates use: the design weights, or the calibrated weights once post-stratified.
    [[nodiscard]] const Eigen::VectorXd& weights() const { return weights_; }
    /// The design weights before calibration.
    [[nodiscard]] const Eigen::VectorXd& base_weights() const { return columns_.weights; }
    [[nodiscard]] const DesignColumns& columns() const { return columns_; }
    [[nodiscard]] std::size_t strata() const { return stratum_psu_begin_.size() - 1; }
    [[nodiscard]] std::size_t psus() const { return psu_stratum_.size(); }
    /// Degrees of freedom: PSUs - strata (R's degf).
    [[nodiscard]] double degrees_of_freedom() const {
        return static_cast<double>(psus()) - static_cast<double>(strata());
    }
    [[nodiscard]] bool post_stratified() const { return !post_strata_.levels.empty(); }
    /// Label of each stratum (empty names when the design has no strata).
    [[nodiscard]] const std::vector<std::string>& stratum_labels() const { return stratum_labels_; }

    /// This design post-stratified on `categories` (one code per row, the column named `column`)
    /// to `population` (category -> population count > 0): w*_i = w_i N_g / Nhat_g. Every
    /// category in the sample needs a count and every count a category in the sample; a missing
    /// category is an error. Throws InputError located by column (and row); MethodError when the
    /// design is already post-stratified.
    [[nodiscard]] SurveyDesign post_stratify(const Factor& categories, const std::map<std::string, double>& population,
                                             const std::string& column) const;

    /// This design raked to several population margins by iterative proportional fitting (R's
    /// rake(); each pass post-stratifies on every margin in turn, starting from the design
    /// weights). Variances follow R's svyrecvar for raked designs: the linearised values are
    /// projected off each margin (x - w_m ave(x / w_m) within its categories, w_m the weights
    /// after margin m in the last pass), margin after margin, ten times. Each margin's categories
    /// must match its counts as in post_stratify (InputError naming the column and category).
    /// Throws MethodError for an already calibrated design, no margins or a bad control.
    [[nodiscard]] SurveyDesign rake(const std::vector<RakeMargin>& margins, const RakeControl& control = {}) const;
    [[nodiscard]] bool raked() const { return !rake_codes_.empty(); }
    /// The raking report; nullopt unless raked.
    [[nodiscard]] const std::optional<CalibrationReport>& calibration() const { return calibration_; }

    // Internals used by the estimators (src/engines/survey/survey.cpp).
    [[nodiscard]] const std::vector<std::int32_t>& row_psu() const { return row_psu_; }
    [[nodiscard]] const std::vector<std::int32_t>& psu_stratum() const { return psu_stratum_; }
    [[nodiscard]] const std::vector<std::int32_t>& psu_row_begin() const { return psu_row_begin_; }
    [[nodiscard]] const std::vector<std::int32_t>& psu_rows() const { return psu_rows_; }
    [[nodiscard]] const std::vector<std::int32_t>& stratum_psu_begin() const { return stratum_psu_begin_; }
    [[nodiscard]] const std::vector<double>& stratum_fraction() const { return stratum_fraction_; }
    [[nodiscard]] const Factor& post_strata() const { return post_strata_; }
    [[nodiscard]] const std::vector<double>& post_stratum_base_sum() const { return post_stratum_base_sum_; }
    /// A later stage whose variance enters (see DesignColumns::later_stages): the unit of each row,
    /// units numbered parent by parent (parents: the units of the stage before, PSUs for stage 2),
    /// and per parent its units [parent_begin[p], parent_begin[p + 1]) and the sampling fraction.
    struct StageIndex {
        std::vector<std::int32_t> row_unit;
        std::vector<std::int32_t> unit_parent;
        std::vector<std::int32_t> parent_begin;
        std::vector<double> parent_fraction;
    };
    /// Stages 2, 3, ... entering the variance (empty: the first stage only).
    [[nodiscard]] const std::vector<StageIndex>& variance_stages() const { return stages_; }
    /// Number of sampling stages declared (1 + later_stages).
    [[nodiscard]] std::size_t stage_count() const { return 1 + columns_.later_stages.size(); }

private:
    SurveyDesign() = default;
    DesignColumns columns_;
    Eigen::VectorXd weights_;
    std::vector<std::string> stratum_labels_;
    std::vector<std::int32_t> row_psu_;        // PSU of each row; PSUs numbered stratum by stratum
    std::vector<std::int32_t> psu_stratum_;    // stratum of each PSU
    std::vector<std::int32_t> psu_row_begin_;  // rows of PSU c: psu_rows_[psu_row_begin_[c] .. [c + 1])
    std::vector<std::int32_t> psu_rows_;
    std::vector<std::int32_t> stratum_psu_begin_;        // PSUs of stratum h: [begin[h], begin[h + 1])
    std::vector<double> stratum_fraction_;               // f_h, 0 without fpc
    Factor post_strata_;                                 // empty levels = not post-stratified
    std::vector<double> post_stratum_base_sum_;          // sum of the design weights per post-stratum
    std::vector<std::vector<std::int32_t>> rake_codes_;  // raking: category of each row, per margin
    std::vector<std::vector<double>> rake_group_rows_;   // rows per category, per margin
    std::vector<Eigen::VectorXd> rake_weights_;          // weights after each margin in the last pass
    std::optional<CalibrationReport> calibration_;
    std::vector<StageIndex> stages_;
    double weight_scale_ = 1, base_weight_scale_ = 1;
    void index_later_stages();
    void derive_weights();

public:
    [[nodiscard]] const std::vector<std::vector<std::int32_t>>& rake_codes() const { return rake_codes_; }
    [[nodiscard]] const std::vector<std::vector<double>>& rake_group_rows() const { return rake_group_rows_; }
    /// A power of two bringing the largest weight near 1 where the weights pass 2^+-200, else 1:
    /// estimates sum scaled weights (exact) so that weights as large as 1e306 do not overflow.
    [[nodiscard]] double weight_scale() const { return weight_scale_; }
    /// The same for the design weights before calibration.
    [[nodiscard]] double base_weight_scale() const { return base_weight_scale_; }
    [[nodiscard]] const std::vector<Eigen::VectorXd>& rake_weights() const { return rake_weights_; }
};

/// What to do with a degenerate cell: one from fewer than SurveyOptions::min_psu PSUs, with an SE
/// of 0 (no variation between PSUs, so the interval is a point) or a proportion estimated at 0
/// or 1. Such a cell is never published unflagged: its `reason` says why.
enum class DegenerateCells {
    suppress,  ///< values set to NaN, `suppressed` true (the default)
    flag,      ///< values kept (R's numbers), `suppressed` false, `reason` says why the cell is degenerate
};

/// Settings shared by the estimators.
struct SurveyOptions {
    double level = 0.95;        ///< confidence level of the intervals, in (0, 1)
    std::size_t min_count = 0;  ///< an estimate from fewer respondents is suppressed (NaN, flagged)
    std::size_t min_psu = 2;    ///< a cell whose respondents lie in fewer PSUs is degenerate (unknown for
                                ///< replicate weights given as columns: n_psu 0, not checked)
    DegenerateCells degenerate = DegenerateCells::suppress;  ///< what happens to degenerate cells
    bool na_rm = false;                ///< rows with a missing value count as outside every domain (R's na.rm);
                                       ///< false: a missing value is an InputError naming column and row
    std::string source = "DataFrame";  ///< names the data in messages
    unsigned threads = 0;  ///< replicate designs: worker threads (0 = every core); results do not depend on it
};

/// One estimate with its uncertainty.
struct SurveyEstimate {
    std::string variable;                                    ///< column (a ratio: "numerator/denominator")
    std::string domain;                                      ///< level of the `by` factor; "" = the whole population
    std::string level;                                       ///< a proportion's category; else ""
    double prob = std::numeric_limits<double>::quiet_NaN();  ///< a quantile's probability; else NaN
    double estimate = 0, se = 0, ci_low = 0, ci_high = 0;
    double deff = 0;          ///< design effect (means, totals, proportions); NaN for ratios and quantiles
    double df = 0;            ///< the design's degrees of freedom (PSUs - strata); quantile intervals use t(df)
    std::size_t n = 0;        ///< respondents in the domain with the variable(s) present
    std::size_t n_psu = 0;    ///< distinct PSUs among them
    bool suppressed = false;  ///< values set to NaN: no respondents, n < min_count, an estimate not defined
                              ///< (a ratio whose denominator sums to 0) or a degenerate cell
    std::string reason;       ///< why suppressed, or what to know about published values (a degenerate cell
                              ///< under DegenerateCells::flag, a design effect not defined); "" = nothing
};

/// Weighted means of each column of `y` (names: `names`), overall (`by` empty) or per level of
/// `by` with the full design (svyby: zeros outside the domain). SE by linearisation, Wald CI.
[[nodiscard]] std::vector<SurveyEstimate> survey_mean(const SurveyDesign& design,
                                                      const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                      const std::vector<std::string>& names,
                                                      const std::optional<Factor>& by = std::nullopt,
                                                      const SurveyOptions& options = {});
/// Weighted totals, as survey_mean.
[[nodiscard]] std::vector<SurveyEstimate> survey_total(const SurveyDesign& design,
                                                       const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                       const std::vector<std::string>& names,
                                                       const std::optional<Factor>& by = std::nullopt,
                                                       const SurveyOptions& options = {});
/// The share of each level of the categorical `y` (the mean of its 0/1 indicator), one estimate
/// per level (in level order) and domain.
[[nodiscard]] std::vector<SurveyEstimate> survey_proportion(const SurveyDesign& design, const Factor& y,
                                                            const std::string& name,
                                                            const std::optional<Factor>& by = std::nullopt,
                                                            const SurveyOptions& options = {});
/// Ratios of totals sum w y / sum w x, column j of `numerators` over column j of `denominators`.
[[nodiscard]] std::vector<SurveyEstimate> survey_ratio(const SurveyDesign& design,
                                                       const Eigen::Ref<const Eigen::MatrixXd>& numerators,
                                                       const Eigen::Ref<const Eigen::MatrixXd>& denominators,
                                                       const std::vector<std::string>& numerator_names,
                                                       const std::vector<std::string>& denominator_names,
                                                       const std::optional<Factor>& by = std::nullopt,
                                                       const SurveyOptions& options = {});
/// Quantiles (R's qrule "math": the smallest y with weighted share >= p) with Woodruff's interval
/// and t(df) quantile; one estimate per column, probability and domain.
[[nodiscard]] std::vector<SurveyEstimate> survey_quantile(const SurveyDesign& design,
                                                          const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                          const std::vector<std::string>& names,
                                                          const std::vector<double>& probs,
                                                          const std::optional<Factor>& by = std::nullopt,
                                                          const SurveyOptions& options = {});

// --- replicate-weight designs --------------------------------------------------------------------

/// How replicate weights were made, which sets R's default scale and rscales (svrepdesign).
enum class ReplicateType {
    jk1,        ///< delete-one-PSU jackknife: scale (R - 1) / R (combined weights), rscales 1
    jkn,        ///< stratified jackknife: rscales (n_h - 1) / n_h required for combined weights, scale 1
    bootstrap,  ///< bootstrap: scale 1 / (R - 1), rscales 1
    other,      ///< scale and rscales as given (default 1)
};

/// Replicate weights given as columns, as R's svrepdesign(repweights =, weights =, type =,
/// combined.weights =, scale =, rscales =, mse =).
struct ReplicateColumns {
    Eigen::VectorXd weights;     ///< full-sample sampling weights, finite and > 0
    Eigen::MatrixXd replicates;  ///< one column per replicate, one row per respondent; finite and >= 0
    ReplicateType type = ReplicateType::other;
    bool combined_weights = true;  ///< the replicate columns include the sampling weights; false: they are
                                   ///< multipliers of `weights` (R's combined.weights)
    std::optional<double>
        scale;  ///< none = R's default for the type (jk1 without combined weights: 1 / max of column 1)
    std::vector<double> rscales;  ///< empty = R's default (jkn without combined weights: 1 / max of each column)
    bool mse = false;             ///< centre the replicates at the full-sample estimate, not their mean (R's mse)
    std::string source = "DataFrame";
    std::string weights_column = "weights";
    std::vector<std::string> replicate_columns;  ///< names of the columns in messages; empty = "replicate 1", ...
};

/// A design whose variances come from replicate weights: theta_r is the estimate with replicate
/// r's weights and V = scale sum_r rscales_r (theta_r - centre)^2, the centre being the mean of
/// the theta_r (over replicates with rscales > 0) or, with mse, the full-sample estimate (R's
/// svrVar). Degrees of freedom as R's degf: the rank of the replicate (analysis) weights - 1
/// (LINPACK-style pivoted QR, tolerance 1e-5). Immutable.
class ReplicateDesign {
public:
    /// Checks the columns. InputError located by column and row for a weight that is not > 0 or a
    /// replicate weight that is negative or not finite, or a column of the wrong length;
    /// MethodError for rscales of the wrong length, scale not > 0, or jkn combined weights without rscales.
    explicit ReplicateDesign(ReplicateColumns columns);

    /// Replicates made from a one-stage (or, as R, the first stage of a multistage) design, as R's
    /// as.svrepdesign: jk1 (unstratified; scale (1 - f)(n - 1) / n), jkn (stratified; rscales
    /// (1 - f_h)(n_h - 1) / n_h, strata sampled completely make no replicate; a lonely PSU as the
    /// design's policy: certainty/average drop its stratum (average scales by PSUs / replicates),
    /// adjust deletes the stratum) or bootstrap (per stratum, n_h PSUs drawn with replacement, or
    /// without replacement from the PSUs repeated to the population size N_h when the design has
    /// an fpc; the multiplier of a PSU is the number of times it is drawn; scale
    /// nbar / ((nbar - 1)(R - 1)), nbar the harmonic mean of n_h). Replicate r draws from the
    /// counter-based Philox stream keyed by (seed, r), as the uncertainty engine's: the same on
    /// every platform and for any number of threads, but not R's draws. MethodError for a
    /// calibrated design, jk1 with strata, jkn without strata, or bootstrap with fewer than 2
    /// replicates.
    [[nodiscard]] static ReplicateDesign from_design(const SurveyDesign& design, ReplicateType type,
                                                     std::size_t replicates = 50, std::uint64_t seed = 0,
                                                     bool mse = false);

    [[nodiscard]] Eigen::Index rows() const { return weights_.size(); }
    [[nodiscard]] std::size_t replicates() const { return rscales_.size(); }
    [[nodiscard]] ReplicateType type() const { return type_; }
    [[nodiscard]] double scale() const { return scale_; }
    [[nodiscard]] const std::vector<double>& rscales() const { return rscales_; }
    [[nodiscard]] bool mse() const { return mse_; }
    /// R's degf: rank of the replicate weights - 1.
    [[nodiscard]] double degrees_of_freedom() const { return degf_; }
    /// The full-sample weights estimates use.
    [[nodiscard]] const Eigen::VectorXd& weights() const { return weights_; }
    /// Replicate r's weights (the analysis weights: sampling weights included).
    [[nodiscard]] Eigen::VectorXd replicate_weights(std::size_t r) const;
    /// Every replicate's weights, one column each (rows x replicates).
    [[nodiscard]] Eigen::MatrixXd replicate_weights() const;
    /// Number of PSUs when made from a design; 0 for replicates given as columns.
    [[nodiscard]] std::size_t psus() const { return psus_; }
    /// PSU of each row when made from a design (empty otherwise).
    [[nodiscard]] const std::vector<std::int32_t>& row_psu() const { return row_psu_; }
    [[nodiscard]] const std::string& source() const { return source_; }

    // Internals: replicate r's weight of row i is full_(i, r) or, made from a design,
    // weights_[i] * multipliers_(row_psu_[i], r).
    [[nodiscard]] bool compressed() const { return full_.size() == 0; }
    [[nodiscard]] const Eigen::MatrixXd& multipliers() const { return multipliers_; }
    [[nodiscard]] const Eigen::MatrixXd& full() const { return full_; }
    /// A power of two bringing the largest (replicate) weight near 1 where they pass 2^+-200, else 1.
    [[nodiscard]] double weight_scale() const { return weight_scale_; }

private:
    ReplicateDesign() = default;
    void finish();
    Eigen::VectorXd weights_;
    Eigen::MatrixXd full_, multipliers_;
    std::vector<std::int32_t> row_psu_;
    std::size_t psus_ = 0;
    ReplicateType type_ = ReplicateType::other;
    double scale_ = 1, degf_ = 0, weight_scale_ = 1;
    std::vector<double> rscales_;
    bool mse_ = false;
    std::string source_ = "DataFrame";
};

/// survey_mean, survey_total, survey_proportion, survey_ratio and survey_quantile with replicate
/// standard errors: the same estimators as the SurveyDesign overloads, with the variance from the
/// replicates instead of linearisation (R's svymean etc. on an svyrep.design; domains as svyby:
/// each domain's replicate estimates from its rows). CIs: Wald normal, as R's confint default; quantiles:
/// Woodruff's interval from the replicate SE of the share below, with t(degf). deff as R's for
/// replicate designs (the same formula as for linearisation). `df` of each row is the design's
/// degf. n_psu: PSUs among the domain's rows when made from a design, else 0. Replicates run on
/// `options.threads` threads, each replicate's sums in row order: bit-identical for any count.
[[nodiscard]] std::vector<SurveyEstimate> survey_mean(const ReplicateDesign& design,
                                                      const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                      const std::vector<std::string>& names,
                                                      const std::optional<Factor>& by = std::nullopt,
                                                      const SurveyOptions& options = {});
[[nodiscard]] std::vector<SurveyEstimate> survey_total(const ReplicateDesign& design,
                                                       const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                       const std::vector<std::string>& names,
                                                       const std::optional<Factor>& by = std::nullopt,
                                                       const SurveyOptions& options = {});
[[nodiscard]] std::vector<SurveyEstimate> survey_proportion(const ReplicateDesign& design, const Factor& y,
                                                            const std::string& name,
                                                            const std::optional<Factor>& by = std::nullopt,
                                                            const SurveyOptions& options = {});
[[nodiscard]] std::vector<SurveyEstimate> survey_ratio(const ReplicateDesign& design,
                                                       const Eigen::Ref<const Eigen::MatrixXd>& numerators,
                                                       const Eigen::Ref<const Eigen::MatrixXd>& denominators,
                                                       const std::vector<std::string>& numerator_names,
                                                       const std::vector<std::string>& denominator_names,
                                                       const std::optional<Factor>& by = std::nullopt,
                                                       const SurveyOptions& options = {});
[[nodiscard]] std::vector<SurveyEstimate> survey_quantile(const ReplicateDesign& design,
                                                          const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                          const std::vector<std::string>& names,
                                                          const std::vector<double>& probs,
                                                          const std::optional<Factor>& by = std::nullopt,
                                                          const SurveyOptions& options = {});

// --- sampling helpers -----------------------------------------------------------------------------

/// Slovin's sample size n = N / (1 + N e^2) for a population of N units and a margin of error e
/// in (0, 1), rounded up (values within 1e-9 of an integer are not rounded up). MethodError on
/// N < 1 or e outside (0, 1).
[[nodiscard]] std::size_t slovin_sample_size(double population, double margin);

/// Settings of sample_size.
struct SampleSizeOptions {
    double proportion = 0.5;  ///< anticipated proportion p in (0, 1): S^2 = p (1 - p) (0.5 = the largest)
    double sd = 0;            ///< > 0: a mean with this standard deviation (S^2 = sd^2) instead of a proportion
    double deff = 1;          ///< design effect >= 0 (clustered designs: 1 + (m - 1) rho)
    double level = 0.95;      ///< confidence level in (0, 1)
    double population = 0;    ///< N > 0: finite population correction n = n0 / (1 + (n0 - 1) / N); 0 = infinite
};

/// Respondents needed for a confidence interval of half-width `margin` (absolute, on the scale of
/// the proportion or mean): n0 = deff z^2 S^2 / e^2, z = qnorm(1 - (1 - level) / 2), then the
/// finite population correction; rounded up as slovin_sample_size. MethodError on bad settings.
[[nodiscard]] std::size_t sample_size(double margin, const SampleSizeOptions& options = {});

/// One unit selected by pps_systematic.
struct PpsSelection {
    std::size_t unit = 0;    ///< 0-based position in `sizes`
    bool certainty = false;  ///< taken with certainty (its size reached the sampling interval)
    double probability = 0;  ///< inclusion probability: 1 for certainty units, else k size / S
    double weight = 0;       ///< 1 / probability
};

/// Systematic PPS selection of n units (PAPI's design for communes): units whose size s_i reaches
/// the interval (k s_i / S >= 1, k the units still to select, S the total size of the units not
/// yet certain) are taken with certainty, repeatedly; the other k are selected systematically in
/// list order with interval I = S / k from start r I, r = `start` in [0, 1) or, when `start` is
/// negative, drawn from `seed` (a uniform of the Philox stream keyed by seed: the same on every platform).
/// Returns the selected units in list order. MethodError on a size <= 0 or not finite (naming the
/// position), n = 0 or n > units.
[[nodiscard]] std::vector<PpsSelection> pps_systematic(const Eigen::Ref<const Eigen::VectorXd>& sizes, std::size_t n,
                                                       std::uint64_t seed, double start = -1);

}  // namespace govindex
