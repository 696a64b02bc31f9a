#pragma once
/// \file screen.hpp
/// The Screen step: keep only the units (rows) with enough data. COINr `Screen` (screen_units.R):
/// data availability = 1 - missing / columns, non-zero share = 1 - zeros / observed, per unit
/// row, over every column of the data set; a unit is excluded when a chosen share is below its
/// threshold, unless forced in or out. See docs/guide/screen-denominate-impute.md.

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <Eigen/Core>

#include "govindex/detail/fields.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/steps/step.hpp"

namespace govindex {

/// Screen units by data availability and/or non-zero share. Output data set: "Screened" (the
/// included rows only, in input order); side table "ScreeningSummary" (one row per input row;
/// for panel data with a Time column first). Kept rows keep their standard errors, flags and
/// suppression reasons.
/// COINr `Screen(unit_screen = "byNA" | "byzeros" | "byNAandzeros", dat_thresh, nonzero_thresh, Force)`.
struct Screen {
    static constexpr std::string_view step_name = "screen";
    static constexpr std::string_view data_set_name = "Screened";
    bool by_availability = true;          ///< exclude units with data availability < min_availability ("byNA")
    double min_availability = 2.0 / 3.0;  ///< in [0, 1]; COINr dat_thresh (default 2/3)
    bool by_nonzero = false;              ///< exclude units with non-zero share < min_nonzero ("byzeros")
    double min_nonzero = 0.05;            ///< in [0, 1]; COINr nonzero_thresh (default 0.05)
    std::map<std::string, bool> force;    ///< unit code -> true (always include) / false (always exclude)
    static constexpr auto fields() {
        return std::tuple{
            detail::field("by_availability", &Screen::by_availability,
                          "exclude units whose data availability is below min_availability"),
            detail::field("min_availability", &Screen::min_availability, "lowest data availability kept, in [0, 1]"),
            detail::field("by_nonzero", &Screen::by_nonzero, "exclude units whose non-zero share is below min_nonzero"),
            detail::field("min_nonzero", &Screen::min_nonzero,
                          "lowest share of non-zero observed values kept, in [0, 1]"),
            detail::field("force", &Screen::force, "unit code -> true (always include) or false (always exclude)")};
    }
    /// Screens a panel row by row itself, with `force` codes checked against every year at once, so
    /// a pipeline gives it the whole panel (a unit absent in one year is not an unknown code).
    [[nodiscard]] bool uses_all_years() const { return true; }
    friend bool operator==(const Screen&, const Screen&) = default;
};

/// Throws MethodError if the parameters are unusable: a threshold outside [0, 1] or not finite,
/// or no criterion chosen (both by_availability and by_nonzero false).
void check(const Screen& step);
/// The same (the framework is not consulted; this overload keeps the steps' checks alike).
void check(const Screen& step, const Framework& framework);

/// Screens the units; throws MethodError for a force entry naming an unknown unit code, or when
/// every unit would be excluded.
[[nodiscard]] StepOutput apply(const Screen& step, const Framework& framework, const Dataset& data);

/// The given rows of a data set (units, values and flags), in the order given; every Units
/// field (codes, names, times, groups, denominators, others) is subset alike.
[[nodiscard]] Dataset select_rows(const Dataset& data, const std::vector<Eigen::Index>& rows);

}  // namespace govindex
