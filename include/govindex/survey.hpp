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
    average,    ///< the variance is scaled by strata / strata with two or more PSUs (or sampled completely)
};

/// The columns of a one-stage design, one value per respondent (row), as R's
/// svydesign(id = ~clusters, strata = ~strata, weights = ~weights, fpc = ~fpc).
struct DesignColumns {
    Eigen::VectorXd weights;       ///< sampling weights, finite and > 0
    std::optional<Factor> strata;  ///< none = one stratum
    std::optional<Factor> clusters;  ///< PSUs, nested in strata (a code in two strata is two PSUs); none = each row is a PSU
    Eigen::VectorXd fpc;           ///< empty = no fpc; else per row, constant within a stratum: all > 1 = population
                                   ///< counts of PSUs (>= the PSUs sampled), all <= 1 = sampling fractions in (0, 1]
    LonelyPsu lonely_psu = LonelyPsu::fail;
    std::string source = "DataFrame";  ///< names the data in messages
    std::string weights_column = "weights", strata_column = "strata", clusters_column = "clusters",
                fpc_column = "fpc";  ///< names of the columns in messages
};

/// A checked design: strata, PSUs and their sampling fractions, weights (calibrated once
/// post-stratified). Immutable; post_stratify returns a new design.
class SurveyDesign {
public:
    /// Checks the columns (lengths, weights, missing codes, fpc, lonely PSUs) and indexes PSUs by
    /// stratum. Throws InputError (bad data, located by column and row) or MethodError (a lonely
    /// PSU under LonelyPsu::fail, naming the stratum).
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
    [[nodiscard]] double degrees_of_freedom() const { return static_cast<double>(psus()) - static_cast<double>(strata()); }
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

    // Internals used by the estimators (src/survey.cpp).
    [[nodiscard]] const std::vector<std::int32_t>& row_psu() const { return row_psu_; }
    [[nodiscard]] const std::vector<std::int32_t>& psu_stratum() const { return psu_stratum_; }
    [[nodiscard]] const std::vector<std::int32_t>& psu_row_begin() const { return psu_row_begin_; }
    [[nodiscard]] const std::vector<std::int32_t>& psu_rows() const { return psu_rows_; }
    [[nodiscard]] const std::vector<std::int32_t>& stratum_psu_begin() const { return stratum_psu_begin_; }
    [[nodiscard]] const std::vector<double>& stratum_fraction() const { return stratum_fraction_; }
    [[nodiscard]] const Factor& post_strata() const { return post_strata_; }
    [[nodiscard]] const std::vector<double>& post_stratum_base_sum() const { return post_stratum_base_sum_; }

private:
    SurveyDesign() = default;
    DesignColumns columns_;
    Eigen::VectorXd weights_;
    std::vector<std::string> stratum_labels_;
    std::vector<std::int32_t> row_psu_;            // PSU of each row; PSUs numbered stratum by stratum
    std::vector<std::int32_t> psu_stratum_;        // stratum of each PSU
    std::vector<std::int32_t> psu_row_begin_;      // rows of PSU c: psu_rows_[psu_row_begin_[c] .. [c + 1])
    std::vector<std::int32_t> psu_rows_;
    std::vector<std::int32_t> stratum_psu_begin_;  // PSUs of stratum h: [begin[h], begin[h + 1])
    std::vector<double> stratum_fraction_;         // f_h, 0 without fpc
    Factor post_strata_;                           // empty levels = not post-stratified
    std::vector<double> post_stratum_base_sum_;    // sum of the design weights per post-stratum
};

/// Settings shared by the estimators.
struct SurveyOptions {
    double level = 0.95;         ///< confidence level of the intervals, in (0, 1)
    std::size_t min_count = 0;   ///< an estimate from fewer respondents is suppressed (NaN, flagged)
    bool na_rm = false;          ///< rows with a missing value count as outside every domain (R's na.rm);
                                 ///< false: a missing value is an InputError naming column and row
    std::string source = "DataFrame";  ///< names the data in messages
};

/// One estimate with its uncertainty.
struct SurveyEstimate {
    std::string variable;  ///< column (a ratio: "numerator/denominator")
    std::string domain;    ///< level of the `by` factor; "" = the whole population
    std::string level;     ///< a proportion's category; else ""
    double prob = std::numeric_limits<double>::quiet_NaN();  ///< a quantile's probability; else NaN
    double estimate = 0, se = 0, ci_low = 0, ci_high = 0;
    double deff = 0;       ///< design effect (means, totals, proportions); NaN for ratios and quantiles
    double df = 0;         ///< the design's degrees of freedom (PSUs - strata); quantile intervals use t(df)
    std::size_t n = 0;     ///< respondents in the domain with the variable(s) present
    std::size_t n_psu = 0; ///< distinct PSUs among them
    bool suppressed = false;  ///< values set to NaN: no respondents, or n < min_count
    std::string reason;       ///< why suppressed; "" otherwise
};

/// Weighted means of each column of `y` (names: `names`), overall (`by` empty) or per level of
/// `by` with the full design (svyby: zeros outside the domain). SE by linearisation, Wald CI.
[[nodiscard]] std::vector<SurveyEstimate> survey_mean(const SurveyDesign& design, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                      const std::vector<std::string>& names,
                                                      const std::optional<Factor>& by = std::nullopt,
                                                      const SurveyOptions& options = {});
/// Weighted totals, as survey_mean.
[[nodiscard]] std::vector<SurveyEstimate> survey_total(const SurveyDesign& design, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                                       const std::vector<std::string>& names,
                                                       const std::optional<Factor>& by = std::nullopt,
                                                       const SurveyOptions& options = {});
/// The share of each level of the categorical `y` (the mean of its 0/1 indicator), one estimate
/// per level (in level order) and domain.
[[nodiscard]] std::vector<SurveyEstimate> survey_proportion(const SurveyDesign& design, const Factor& y, const std::string& name,
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

}  // namespace govindex
