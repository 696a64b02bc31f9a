#pragma once
/// \file denominate.hpp
/// The Denominate step: divide indicators by a denominator column (GDP, population, area ...)
/// with a scale factor, x / (d / scale_factor), as COINr `Denominate` does. Denominator columns
/// come from the data set's units (iData columns of type Denominator) or from a denominators
/// table keyed by unit code (e.g. COINr's WorldDenoms) attached with with_denominators.
/// See docs/guide/screen-denominate-impute.md.

#include <filesystem>
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

/// Denominate indicators: x / (d / scale_factor), per unit. Which indicators and by what: the
/// framework's Denominator column (and a ScaleFactor column, if the framework has one), replaced
/// per indicator by `denominators` / `scale_factors`. Output data set: "Denominated" (same
/// columns; indicators without a denominator unchanged); side table "DenominationSummary".
/// Standard errors are divided like the values, se / |d / s| (the denominator taken as exact);
/// NaN where the denominator is missing.
/// COINr `Denominate(denomby = data.frame(iCode, Denominator, ScaleFactor))` with f_denom = `/`.
struct Denominate {
    static constexpr std::string_view step_name = "denominate";
    static constexpr std::string_view data_set_name = "Denominated";
    std::map<std::string, std::string> denominators;  ///< indicator code -> denominator code ("" = do not denominate)
    std::map<std::string, double> scale_factors;      ///< indicator code -> scale factor (finite, != 0; default 1)
    /// false: a missing denominator for a unit with a value is a NumericError. true: the result is
    /// missing (COINr's behaviour, needed for its example, where LAO has no Energy value), and the
    /// unit is listed in the summary table.
    bool missing_denominator_gives_missing = false;
    static constexpr auto fields() {
        return std::tuple{
            detail::field("denominators", &Denominate::denominators,
                          "indicator code -> denominator column code, replacing the framework's (\"\" = none)"),
            detail::field("scale_factors", &Denominate::scale_factors,
                          "indicator code -> scale factor s in x / (d / s), replacing the framework's (default 1)"),
            detail::field("missing_denominator_gives_missing", &Denominate::missing_denominator_gives_missing,
                          "a missing denominator makes the value missing instead of an error (COINr)")};
    }
    friend bool operator==(const Denominate&, const Denominate&) = default;
};

/// How one indicator is denominated, after merging the framework and the step.
struct DenominationSpec {
    std::string indicator;    ///< indicator code
    std::string denominator;  ///< denominator column code
    double scale_factor = 1;  ///< x / (d / scale_factor)
    friend bool operator==(const DenominationSpec&, const DenominationSpec&) = default;
};

/// The indicators to denominate, in framework order. Throws MethodError for a step entry naming
/// an unknown or non-indicator code, a scale factor that is not finite or is 0, a scale factor for
/// an indicator that is not denominated, or when no indicator is denominated; InputError for a
/// framework ScaleFactor cell that is not a number.
[[nodiscard]] std::vector<DenominationSpec> denomination_specs(const Denominate& step, const Framework& framework);

/// Throws MethodError for a scale factor that is not finite or is 0 (the checks that need no framework).
void check(const Denominate& step);
/// Throws MethodError if the step is unusable with the framework (see denomination_specs).
void check(const Denominate& step, const Framework& framework);

/// Denominates; throws MethodError if a denominator is not a column of the data set, NumericError
/// (naming indicator, unit and denominator) for a zero denominator, or a missing one for a unit
/// with a value (unless missing_denominator_gives_missing). A missing value stays missing.
[[nodiscard]] StepOutput apply(const Denominate& step, const Framework& framework, const Dataset& data);

/// Denominator columns keyed by unit code, e.g. COINr's WorldDenoms table.
struct DenominatorTable {
    std::string source;                   ///< file path, or "DataFrame"
    std::vector<std::string> unit_codes;  ///< uCode of each row (unique)
    std::vector<std::string> codes;       ///< denominator column codes
    Eigen::MatrixXd values;               ///< rows x codes, NaN = missing
    friend bool operator==(const DenominatorTable& a, const DenominatorTable& b);
};

/// Reads a denominators CSV: a uCode column, then denominator columns. `columns` empty: every
/// column except uCode and uName that holds numbers (a column of text only, such as WorldDenoms'
/// Income_Group, is left out); otherwise exactly these columns. Throws InputError naming file,
/// line and column for a missing uCode column, an empty or duplicate unit code, an unknown
/// requested column, or a cell that is not a number in a denominator column.
[[nodiscard]] DenominatorTable read_denominators(const std::filesystem::path& path,
                                                 const std::vector<std::string>& columns = {});

/// The same data set whose units take the table's denominator columns, matched by unit code;
/// a column of the same code replaces the data set's, other denominator columns are kept. Throws
/// InputError listing the units of the data set missing from the table (extra table rows are
/// fine), or for a table whose shape or unit codes are inconsistent.
[[nodiscard]] Dataset with_denominators(const Dataset& data, const DenominatorTable& table);

}  // namespace govindex
