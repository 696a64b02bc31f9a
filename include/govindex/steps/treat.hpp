#pragma once
/// \file treat.hpp
/// Outlier treatment (COINr `Treat`): per indicator, a skewness/kurtosis check; if it fails,
/// Winsorisation one point at a time up to `winmax`; if it still fails, a fallback transform
/// (a log by default) of the untreated indicator. The numeric kernels (skewness, kurtosis, the
/// check, Winsorisation, the transforms) are public for reuse. Formulas: docs/guide/treat.md.
/// To add a fallback: a struct with `method_name` and `fields()`, its `transform_column` and
/// `check` overloads, and an entry in TreatFallback.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/detail/methods.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/step.hpp"

namespace govindex {

// --- numeric kernels ------------------------------------------------------------------------------

/// Sample skewness of the non-missing values, e1071 type 2 (Excel SKEW):
/// sqrt(n (n-1)) / (n-2) * m3 / m2^(3/2) with central moments m_k = sum((x - mean)^k) / n.
/// NaN if fewer than 3 values or all equal. COINr `skew`.
[[nodiscard]] double skewness(const Eigen::VectorXd& x);

/// Sample excess kurtosis of the non-missing values, e1071 type 2 (Excel KURT):
/// ((n+1) (m4 / m2^2 - 3) + 6) (n-1) / ((n-2) (n-3)). NaN if fewer than 4 values or all equal.
/// COINr `kurt`.
[[nodiscard]] double kurtosis(const Eigen::VectorXd& x);

/// Result of the skewness/kurtosis check (COINr `check_SkewKurt`).
struct SkewKurtosisCheck {
    std::optional<bool> pass;  ///< |skew| < skew threshold OR kurtosis < kurtosis threshold; nullopt = undefined
    double skew = 0.0;         ///< skewness (NaN if undefined)
    double kurtosis = 0.0;     ///< kurtosis (NaN if undefined)
    friend bool operator==(const SkewKurtosisCheck&, const SkewKurtosisCheck&) = default;
};

/// Passes when |skewness| < skew_threshold or kurtosis < kurtosis_threshold (R's three-valued OR:
/// a true comparison passes even if the other is undefined; otherwise undefined gives nullopt).
[[nodiscard]] SkewKurtosisCheck check_skew_kurtosis(const Eigen::VectorXd& x, double skew_threshold,
                                                    double kurtosis_threshold);

// --- fallback transforms (second stage) ---------------------------------------------------------------

/// log(x - min + 0.01 (max - min)). COINr `log_CT` (the default fallback).
struct LogCT {
    static constexpr std::string_view method_name = "log_CT";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const LogCT&, const LogCT&) = default;
};

/// Skew-aware log: if skewness > 0, log(x - min + a), else -log(max + a - x); a = 0.01 (max - min).
/// COINr `log_CT_plus`.
struct LogCTPlus {
    static constexpr std::string_view method_name = "log_CT_plus";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const LogCTPlus&, const LogCTPlus&) = default;
};

/// log(x - min + 1). COINr `log_CT_orig`.
struct LogCTOrig {
    static constexpr std::string_view method_name = "log_CT_orig";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const LogCTOrig&, const LogCTOrig&) = default;
};

/// "GII log": log((max - 1) (x - min) / (max - min) + 1). COINr `log_GII` (which computes this but
/// returns x unchanged; here the transform is applied). Needs max > 0; reverses order if max < 1.
struct LogGII {
    static constexpr std::string_view method_name = "log_GII";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const LogGII&, const LogGII&) = default;
};

/// Box-Cox with a fixed exponent (the literature's lambda): (y^power - 1) / power, or log(y) if
/// power = 0, where y = x - min + 1 if make_positive, else y = x. COINr `boxcox`.
struct BoxCox {
    static constexpr std::string_view method_name = "boxcox";
    double power = 0.5;         ///< Box-Cox exponent lambda (COINr `lambda`, which has no default)
    bool make_positive = true;  ///< shift to x - min + 1 first (COINr `makepos`)
    static constexpr auto fields() {
        return std::tuple{detail::field("power", &BoxCox::power, "Box-Cox exponent (lambda); 0 = log"),
                          detail::field("make_positive", &BoxCox::make_positive, "shift values to x - min + 1 first")};
    }
    friend bool operator==(const BoxCox&, const BoxCox&) = default;
};

/// No second stage: an indicator still failing after Winsorisation keeps its Winsorised values
/// (COINr `f2 = NULL`).
struct NoFallback {
    static constexpr std::string_view method_name = "none";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const NoFallback&, const NoFallback&) = default;
};

/// Every second-stage method.
using TreatFallback = std::variant<LogCT, LogCTPlus, LogCTOrig, LogGII, BoxCox, NoFallback>;
template <>
inline constexpr std::string_view detail::method_family<TreatFallback> = "treatment fallback";

/// Throw MethodError if the parameters are unusable (BoxCox: power not finite).
void check(const LogCT& method);
void check(const LogCTPlus& method);
void check(const LogCTOrig& method);
void check(const LogGII& method);
void check(const BoxCox& method);
void check(const NoFallback& method);
void check(const TreatFallback& method);

/// Transforms one column (NaN stays NaN); throws NumericError if the transform is undefined for
/// the data (no observed values, a non-finite result).
[[nodiscard]] Eigen::VectorXd transform_column(const LogCT& method, const Eigen::VectorXd& x);
[[nodiscard]] Eigen::VectorXd transform_column(const LogCTPlus& method, const Eigen::VectorXd& x);
[[nodiscard]] Eigen::VectorXd transform_column(const LogCTOrig& method, const Eigen::VectorXd& x);
[[nodiscard]] Eigen::VectorXd transform_column(const LogGII& method, const Eigen::VectorXd& x);
[[nodiscard]] Eigen::VectorXd transform_column(const BoxCox& method, const Eigen::VectorXd& x);
/// Returns x unchanged.
[[nodiscard]] Eigen::VectorXd transform_column(const NoFallback& method, const Eigen::VectorXd& x);
[[nodiscard]] Eigen::VectorXd transform_column(const TreatFallback& method, const Eigen::VectorXd& x);

// --- treatment of one column ------------------------------------------------------------------------

/// How one indicator is treated (COINr `global_specs` / one entry of `indiv_specs`).
struct TreatSpec {
    int winmax = 5;                       ///< most points to Winsorise (>= 0; 0 = go straight to the fallback)
    double skew_threshold = 2.0;          ///< fail needs |skewness| >= this ...
    double kurtosis_threshold = 3.5;      ///< ... and kurtosis >= this
    bool force_winsorise = false;         ///< once failing, Winsorise up to winmax even after passing
    TreatFallback fallback = LogCT{};     ///< second stage if still failing after Winsorisation
    bool fallback_on_winsorised = false;  ///< apply the fallback to the Winsorised, not the untreated, values
    static constexpr auto fields() {
        return std::tuple{
            detail::field("winmax", &TreatSpec::winmax, "most points to Winsorise (>= 0)"),
            detail::field("skew_threshold", &TreatSpec::skew_threshold,
                          "an indicator fails if abs(skewness) >= this ..."),
            detail::field("kurtosis_threshold", &TreatSpec::kurtosis_threshold, "... and kurtosis >= this"),
            detail::field("force_winsorise", &TreatSpec::force_winsorise,
                          "once failing, Winsorise up to winmax points even after passing"),
            detail::field("fallback", &TreatSpec::fallback, "second-stage transform if Winsorisation does not pass"),
            detail::field("fallback_on_winsorised", &TreatSpec::fallback_on_winsorised,
                          "apply the fallback to the Winsorised values instead of the untreated ones")};
    }
    friend bool operator==(const TreatSpec&, const TreatSpec&) = default;
};

/// Throws MethodError if the spec is unusable (winmax < 0, thresholds not finite, bad fallback).
void check(const TreatSpec& spec);

/// Which end a cell was Winsorised at.
enum class WinsorSide : std::int8_t { none = 0, low = -1, high = 1 };

/// A Winsorised column (COINr `winsorise` output).
struct Winsorised {
    Eigen::VectorXd x;              ///< the column with Winsorised cells replaced
    int count = 0;                  ///< number of cells replaced (COINr `nwin`)
    std::vector<WinsorSide> sides;  ///< per cell: replaced at the low or high end, or none
};

/// COINr `winsorise`: while the check fails (or force_winsorise) and fewer than winmax cells are
/// replaced, replace every cell equal to the maximum (skewness >= 0) or the minimum (skewness < 0)
/// by the next value in. Ties are replaced together, so `count` may end above winmax.
/// Throws NumericError if skewness or kurtosis becomes undefined.
[[nodiscard]] Winsorised winsorise(const Eigen::VectorXd& x, const TreatSpec& spec);

/// The full two-stage treatment of one column, with what each stage found.
struct TreatedColumn {
    Eigen::VectorXd x;                                   ///< treated column
    SkewKurtosisCheck before;                            ///< check of the input (COINr check_SkewKurt0)
    std::optional<int> winsorised;                       ///< cells Winsorised; nullopt if the input passed
    std::optional<SkewKurtosisCheck> after_winsorising;  ///< COINr check_SkewKurt1
    std::optional<SkewKurtosisCheck> after_fallback;     ///< COINr check_SkewKurt2; nullopt if no fallback ran
    std::string treatment;            ///< "none", "winsorise", the fallback name, or "winsorise+<fallback>"
    std::vector<std::string> points;  ///< per cell: "", "winlo", "winhi", "<fallback>" or "winhi+<fallback>"
};

/// COINr `Treat.numeric` with f1 = winsorise, f_pass = check_SkewKurt, f2 = the fallback.
/// Throws NumericError if skewness/kurtosis of the input or a treated version is undefined.
[[nodiscard]] TreatedColumn treat_column(const TreatSpec& spec, const Eigen::VectorXd& x);

// --- the step -----------------------------------------------------------------------------------------

/// Treat every indicator for outliers. Output data set "Treated" (the indicators, framework order);
/// side tables "TreatmentDetails" (one row per indicator) and "TreatedPoints" (uCode, then one
/// text column per indicator). Cells changed get the cell_treated flag; other cells are copied.
/// Standard errors: untreated cells keep theirs, treated cells get NaN (winsorising and
/// transforms are not linear in the value).
struct Treat {
    static constexpr std::string_view step_name = "treat";
    static constexpr std::string_view data_set_name = "Treated";
    TreatSpec spec;                             ///< default for every indicator
    std::map<std::string, TreatSpec> per_node;  ///< indicator code -> spec (replaces `spec` whole)
    std::vector<std::string> exclude;           ///< indicator codes left untreated
    static constexpr auto fields() {
        return std::tuple{detail::field("spec", &Treat::spec, "default treatment for every indicator"),
                          detail::field("per_node", &Treat::per_node, "indicator code -> treatment, replacing spec"),
                          detail::field("exclude", &Treat::exclude, "indicator codes left untreated")};
    }
    friend bool operator==(const Treat&, const Treat&) = default;
};

/// Checks the step against the framework (MethodError: bad spec; per_node or exclude naming an
/// unknown or non-indicator node, an indicator both excluded and given a spec, or excluded twice),
/// the data (InputError: panel data, a missing indicator column), then treats.
[[nodiscard]] StepOutput apply(const Treat& step, const Framework& framework, const Dataset& data);

/// Checks the step's parameters alone (the spec and every per-node spec); throws MethodError.
void check(const Treat& step);
/// Checks the step against the framework only (what apply checks before touching data).
void check(const Treat& step, const Framework& framework);

}  // namespace govindex
