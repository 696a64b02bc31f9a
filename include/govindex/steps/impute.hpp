#pragma once
/// \file impute.hpp
/// The Impute step and its methods (COINr `Impute`, impute.R). Each method is a small value
/// type plus one pure function that fills the missing cells (NaN) of a column, a row block or a
/// unit's time series; observed values are never changed. Cross-section methods work within each
/// year of panel data; panel methods (COINr impute_panel) work along each unit's years.
/// To add a method: a struct with `method_name` and `fields()`, its `check` and imputing function,
/// and an entry in ImputeMethod. See docs/guide/screen-denominate-impute.md.

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/step.hpp"

namespace govindex {

/// Missing values take the mean of the indicator's observed values (all units; within each year
/// of panel data). COINr `i_mean` (R's mean: long-double sum and one correction pass).
struct IndicatorMean {
    static constexpr std::string_view method_name = "indicator_mean";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const IndicatorMean&, const IndicatorMean&) = default;
};

/// Missing values take the median of the indicator's observed values. COINr `i_median`.
struct IndicatorMedian {
    static constexpr std::string_view method_name = "indicator_median";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const IndicatorMedian&, const IndicatorMedian&) = default;
};

/// Missing values take the mean of the observed values of the units in the same group of the unit
/// group column `group` (e.g. "EurAsia_group"). A unit without a group value is not imputed.
/// COINr `i_mean_grp` with `use_group`.
struct GroupMean {
    static constexpr std::string_view method_name = "group_mean";
    std::string group;  ///< a unit group column of the data set (framework Type "Group")
    static constexpr auto fields() {
        return std::tuple{
            detail::field("group", &GroupMean::group, "unit group column whose groups are averaged within")};
    }
    friend bool operator==(const GroupMean&, const GroupMean&) = default;
};

/// As GroupMean with the median. COINr `i_median_grp`.
struct GroupMedian {
    static constexpr std::string_view method_name = "group_median";
    std::string group;  ///< a unit group column of the data set (framework Type "Group")
    static constexpr auto fields() {
        return std::tuple{
            detail::field("group", &GroupMedian::group, "unit group column whose groups are taken the median within")};
    }
    friend bool operator==(const GroupMedian&, const GroupMedian&) = default;
};

/// A missing value takes the mean of the same unit's observed values of the indicators that share
/// its ancestor at `level` (level 2 = the same parent). With normalise_first, every such indicator
/// is first scaled as (x * direction - min) / (max - min) over its observed values, the row mean is
/// taken on that scale and mapped back with the imputed indicator's own min and max:
/// (m * (max - min) + min) * direction. COINr `Impute(impute_by = "row", group_level,
/// normalise_first, f_i = "i_mean")`.
struct RowMean {
    static constexpr std::string_view method_name = "row_mean";
    int level = 2;                ///< framework level of the shared ancestor, 2 .. max level
    bool normalise_first = true;  ///< min-max scale the indicators before averaging (COINr default for rows)
    static constexpr auto fields() {
        return std::tuple{
            detail::field("level", &RowMean::level, "framework level of the group averaged within (2 = parent)"),
            detail::field("normalise_first", &RowMean::normalise_first,
                          "min-max scale each indicator (direction-adjusted) before averaging, then scale back")};
    }
    friend bool operator==(const RowMean&, const RowMean&) = default;
};

/// Panel data: a missing value takes the unit's most recent observed value from an earlier year,
/// looking back at most `max_time` years of the data set (0 = no limit). The first year stays
/// missing. COINr `impute_panel(imp_type = "latest", max_time)`.
struct PanelLatest {
    static constexpr std::string_view method_name = "panel_latest";
    int max_time = 0;  ///< how many earlier years (of those in the data set) to look back; 0 = all
    static constexpr auto fields() {
        return std::tuple{
            detail::field("max_time", &PanelLatest::max_time, "earlier years of the data set to look back (0 = all)")};
    }
    friend bool operator==(const PanelLatest&, const PanelLatest&) = default;
};

/// Panel data: the unit's last observed value carried forward; before its first observation, the
/// first observed value. COINr `impute_panel(imp_type = "constant")` (stats::approx, method
/// "constant", rule 2).
struct PanelConstant {
    static constexpr std::string_view method_name = "panel_constant";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const PanelConstant&, const PanelConstant&) = default;
};

/// Panel data: linear interpolation in time between the unit's observed years; before the first
/// and after the last observation, the nearest observed value. A series with one observed value is
/// a NumericError (use PanelLinearConstant). COINr `impute_panel(imp_type = "linear")`.
struct PanelLinear {
    static constexpr std::string_view method_name = "panel_linear";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const PanelLinear&, const PanelLinear&) = default;
};

/// Panel data: PanelLinear, or PanelConstant for a series with a single observed value.
/// COINr `impute_panel(imp_type = "linear-constant")`.
struct PanelLinearConstant {
    static constexpr std::string_view method_name = "panel_linear_constant";
    static constexpr auto fields() { return std::tuple{}; }
    friend bool operator==(const PanelLinearConstant&, const PanelLinearConstant&) = default;
};

/// Every imputation method.
using ImputeMethod = std::variant<IndicatorMean, IndicatorMedian, GroupMean, GroupMedian, RowMean, PanelLatest,
                                  PanelConstant, PanelLinear, PanelLinearConstant>;

/// Throw MethodError if the parameters are unusable (empty group name, level < 2, max_time < 0).
void check(const IndicatorMean& method);
void check(const IndicatorMedian& method);
void check(const GroupMean& method);
void check(const GroupMedian& method);
void check(const RowMean& method);
void check(const PanelLatest& method);
void check(const PanelConstant& method);
void check(const PanelLinear& method);
void check(const PanelLinearConstant& method);
void check(const ImputeMethod& method);

/// True for the methods that need panel data (several years).
[[nodiscard]] bool is_panel_method(const ImputeMethod& method);

// ---- the pure functions. Each returns the column with its missing cells filled where it can
// (a cell with nothing to impute from stays NaN); observed cells are returned unchanged.

/// Indicator mean / median over the observed values of `x`.
[[nodiscard]] Eigen::VectorXd impute_column(const IndicatorMean& method, const Eigen::VectorXd& x);
[[nodiscard]] Eigen::VectorXd impute_column(const IndicatorMedian& method, const Eigen::VectorXd& x);
/// Group mean / median; `groups[i]` is the group of row i ("" = none: not imputed, not used).
[[nodiscard]] Eigen::VectorXd impute_column(const GroupMean& method, const Eigen::VectorXd& x,
                                            const std::vector<std::string>& groups);
[[nodiscard]] Eigen::VectorXd impute_column(const GroupMedian& method, const Eigen::VectorXd& x,
                                            const std::vector<std::string>& groups);

/// The indicators a row mean averages over: units x indicators, with codes (for messages) and
/// directions (+1/-1).
struct RowBlock {
    std::vector<std::string> codes;
    std::vector<int> directions;
    Eigen::MatrixXd values;
};
/// Row mean for column `target` of `block`. With normalise_first, an indicator of the block with
/// fewer than two distinct observed values makes min-max scaling undefined: NumericError naming it.
[[nodiscard]] Eigen::VectorXd impute_column(const RowMean& method, const RowBlock& block, Eigen::Index target);

/// One unit's time series: `times[i]` (distinct) and values `y[i]`, in any order.
/// `data_years` (PanelLatest only): the distinct years of the whole data set, which `max_time` counts.
[[nodiscard]] Eigen::VectorXd impute_series(const PanelLatest& method, const std::vector<int>& times,
                                            const Eigen::VectorXd& y, const std::vector<int>& data_years);
[[nodiscard]] Eigen::VectorXd impute_series(const PanelConstant& method, const std::vector<int>& times,
                                            const Eigen::VectorXd& y);
/// NumericError if exactly one value is observed (linear interpolation needs two).
[[nodiscard]] Eigen::VectorXd impute_series(const PanelLinear& method, const std::vector<int>& times,
                                            const Eigen::VectorXd& y);
[[nodiscard]] Eigen::VectorXd impute_series(const PanelLinearConstant& method, const std::vector<int>& times,
                                            const Eigen::VectorXd& y);

/// Impute every indicator column: the method (per-indicator override if given) fills the missing
/// cells from the observed values of the input; imputed cells get cell_imputed. Output data set:
/// "Imputed"; side table "ImputationDetails" (one row per missing input cell: Time for panel data,
/// uCode, iCode, Method, Value, Imputed, Reason). A cell with nothing to impute from stays missing
/// and is listed with the reason (COINr leaves it missing with a warning). Standard errors:
/// observed cells keep theirs, imputed cells get NaN (the imputation's uncertainty is not modelled);
/// a suppressed cell is missing like any other, so it may be imputed (then flagged both).
struct Impute {
    static constexpr std::string_view step_name = "impute";
    static constexpr std::string_view data_set_name = "Imputed";
    ImputeMethod method = IndicatorMean{};         ///< default for every indicator (COINr default i_mean)
    std::map<std::string, ImputeMethod> per_node;  ///< indicator code -> method
    static constexpr auto fields() {
        return std::tuple{detail::field("method", &Impute::method, "default imputation method for every indicator"),
                          detail::field("per_node", &Impute::per_node, "indicator code -> imputation method")};
    }
    /// True if a panel method is used: the step needs every year of a panel at once (a pipeline
    /// runs it on the whole panel; cross-section methods still work year by year inside it).
    [[nodiscard]] bool uses_all_years() const;
    friend bool operator==(const Impute&, const Impute&) = default;
};

/// Checks the step's parameters alone (every method, by check(method)); throws MethodError.
void check(const Impute& step);
/// Throws MethodError for unusable parameters, an override naming an unknown or non-indicator
/// code, or a RowMean level outside 2 .. the framework's max level.
void check(const Impute& step, const Framework& framework);

/// Imputes; throws MethodError for a data column that is not an indicator, an unknown group
/// column, or a panel method on data without several years; NumericError from the methods (and if
/// an observed value were changed).
[[nodiscard]] StepOutput apply(const Impute& step, const Framework& framework, const Dataset& data);

}  // namespace govindex
