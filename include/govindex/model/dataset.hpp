#pragma once
/// \file dataset.hpp
/// A data set: units x columns of numbers (Eigen, column-major, NaN = missing), with the units'
/// codes, names, optional year (panel data), unit group columns and denominator columns; beside
/// each value an optional standard error and flags (imputed, treated, suppressed with a reason).
/// What each step does with standard errors: docs/guide/framework-and-data.md.

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "govindex/errors.hpp"
#include "govindex/model/framework.hpp"

namespace govindex {

/// The units of a data set and what is known about them besides the indicator values.
struct Units {
    std::vector<std::string> codes;  ///< unit codes (uCode), NFC; unique within a year
    std::vector<std::string> names;  ///< unit names (uName), NFC; may be empty strings
    std::vector<int> times;          ///< year of each unit row (Time); empty if not panel data
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;  ///< unit group columns
    std::vector<std::string> denominator_codes;                            ///< codes of the denominator columns
    Eigen::MatrixXd denominators;  ///< units x denominator columns, NaN = missing
    std::vector<std::pair<std::string, std::vector<std::string>>> others;  ///< "Other" columns, raw text

    friend bool operator==(const Units& a, const Units& b);
};

/// Flags of one cell: what a step did to it (bits; 0 = observed and untouched).
enum CellFlag : std::uint8_t {
    cell_imputed = 1,     ///< the value was missing and has been imputed
    cell_treated = 2,     ///< the value was changed by outlier treatment
    cell_suppressed = 4,  ///< the value was withheld at the source (missing); a reason may be kept
};
/// Units x columns of cell flags (CellFlag bits).
using CellFlags = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;
/// Why cells were suppressed: (row, column) -> reason as given in the data, for cells flagged
/// cell_suppressed (sparse; a cell flagged because a child was suppressed has no entry).
using SuppressionReasons = std::map<std::pair<Eigen::Index, Eigen::Index>, std::string>;

/// Units x columns of numbers. Columns are node codes (indicators, aggregates). Immutable:
/// steps make new data sets that share the units. Each cell carries flags (CellFlag) and,
/// optionally, a standard error (same units as the value; NaN = not known).
class Dataset {
public:
    /// Checks shapes and unique column codes; throws InputError. Empty `flags` = all zero; empty
    /// `standard_errors` = none known, else the shape of the values with cells NaN or finite >= 0;
    /// `suppression_reasons` only for cells flagged cell_suppressed.
    Dataset(std::shared_ptr<const Units> units, std::vector<std::string> columns, Eigen::MatrixXd values,
            CellFlags flags = {}, Eigen::MatrixXd standard_errors = {}, SuppressionReasons suppression_reasons = {});

    [[nodiscard]] const Units& units() const { return *units_; }
    [[nodiscard]] const std::shared_ptr<const Units>& shared_units() const { return units_; }
    [[nodiscard]] const std::vector<std::string>& unit_codes() const { return units_->codes; }
    [[nodiscard]] const std::vector<std::string>& unit_names() const { return units_->names; }
    /// True when the Time column holds more than one year (a single year is a cross-section).
    [[nodiscard]] bool is_panel() const;
    /// The distinct years of the Time column, ascending (empty without a Time column).
    [[nodiscard]] std::vector<int> years() const;
    [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }
    [[nodiscard]] const Eigen::MatrixXd& values() const { return values_; }
    /// Flags of every cell (CellFlag bits), same shape as values().
    [[nodiscard]] const CellFlags& flags() const { return flags_; }
    /// True when the data set holds standard errors (some cells may still be NaN = not known).
    [[nodiscard]] bool has_standard_errors() const { return standard_errors_.size() > 0; }
    /// Standard errors of every cell, same shape as values(); empty when has_standard_errors() is false.
    [[nodiscard]] const Eigen::MatrixXd& standard_errors() const { return standard_errors_; }
    /// The standard error of one cell (NaN = not known, or no standard errors at all).
    [[nodiscard]] double standard_error(std::string_view unit, std::string_view column) const;
    /// True if the cell is flagged cell_suppressed (withheld at the source, or a child was).
    [[nodiscard]] bool is_suppressed(Eigen::Index row, Eigen::Index column) const {
        return (flags_(row, column) & cell_suppressed) != 0;
    }
    /// Why a cell was suppressed, as the data said; empty if it is not, or no reason was given.
    [[nodiscard]] std::string suppression_reason(Eigen::Index row, Eigen::Index column) const;
    /// Every recorded suppression reason, by (row, column).
    [[nodiscard]] const SuppressionReasons& suppression_reasons() const { return suppression_reasons_; }
    [[nodiscard]] Eigen::Index unit_count() const { return values_.rows(); }
    [[nodiscard]] Eigen::Index column_count() const { return values_.cols(); }

    /// Position of a column; throws UnknownCodeError.
    [[nodiscard]] Eigen::Index column_index(std::string_view code) const;
    /// True if the data set has this column.
    [[nodiscard]] bool has_column(std::string_view code) const;
    /// The values of one column.
    [[nodiscard]] Eigen::VectorXd column(std::string_view code) const { return values_.col(column_index(code)); }
    /// Position of a unit by code or name (NFC-compared); throws UnknownCodeError. Not for panels.
    [[nodiscard]] Eigen::Index unit_index(std::string_view code_or_name) const;
    /// The value of one cell (NaN = missing).
    [[nodiscard]] double value(std::string_view unit, std::string_view column) const {
        return values_(unit_index(unit), column_index(column));
    }
    /// The rows of one year of a panel, as a data set of its own; throws UnknownCodeError if absent.
    [[nodiscard]] Dataset select_time(int year) const;
    /// The same units with other columns (what a step returns). Empty `flags` = all zero; empty
    /// `standard_errors` = none. Suppression reasons are kept for the cells whose column is still
    /// there and still flagged cell_suppressed.
    [[nodiscard]] Dataset with_values(std::vector<std::string> columns, Eigen::MatrixXd values, CellFlags flags = {},
                                      Eigen::MatrixXd standard_errors = {}) const;
    /// Other units (fewer rows after screening, say) with their values, flags, standard errors and
    /// suppression reasons (rows as in `units`).
    [[nodiscard]] Dataset with_units(std::shared_ptr<const Units> units, Eigen::MatrixXd values, CellFlags flags = {},
                                     Eigen::MatrixXd standard_errors = {},
                                     SuppressionReasons suppression_reasons = {}) const {
        return Dataset(std::move(units), columns_, std::move(values), std::move(flags), std::move(standard_errors),
                       std::move(suppression_reasons));
    }

    friend bool operator==(const Dataset& a, const Dataset& b);

private:
    std::shared_ptr<const Units> units_;
    std::vector<std::string> columns_;
    Eigen::MatrixXd values_;
    CellFlags flags_;
    Eigen::MatrixXd standard_errors_;
    SuppressionReasons suppression_reasons_;
    std::unordered_map<std::string, Eigen::Index> column_index_;
};

/// The rows of several data sets with the same columns, in order (e.g. the years of a panel,
/// each processed on its own). Group, denominator and other columns must match by name;
/// throws InputError otherwise.
[[nodiscard]] Dataset concatenate(const std::vector<Dataset>& parts);

/// Prints a one-line summary, e.g. `Dataset(51 units x 49 columns)`, or
/// `Dataset(63 units x 1 columns, standard errors, 2 suppressed cells)`.
std::ostream& operator<<(std::ostream& os, const Dataset& data);

/// A table as read from a file or a DataFrame, before it is checked against a framework.
struct DataTable {
    std::string source;                ///< file path, or "DataFrame"
    long header_line = 1;              ///< line of the header row (0 for a DataFrame)
    std::vector<long> row_lines;       ///< line (file) or 1-based row (DataFrame) of each unit row
    std::vector<std::string> columns;  ///< every column name, in input order
    /// Cell text by column, for the columns read as text (uCode, uName, groups, other).
    std::map<std::string, std::vector<std::string>> text;
    /// Cell values by column, for numeric columns (Time, indicators, denominators).
    std::map<std::string, std::vector<double>> numbers;
};

/// How a data column is used, from the framework. `<code>_se` (not itself a framework node) is
/// the standard error of indicator `<code>`; `<code>_suppressed` the reason its cells are
/// suppressed (non-empty text = suppressed, the value then empty).
enum class ColumnRole { unit_code, unit_name, time, indicator, denominator, group, other, standard_error, suppressed };

/// The role of every column of `table` (by the framework); throws InputError for a column that
/// the framework does not describe, an aggregate column, a missing uCode column, or an indicator
/// without a column.
[[nodiscard]] std::vector<ColumnRole> column_roles(const Framework& framework, const std::vector<std::string>& columns,
                                                   const std::string& source, long header_line);

/// Builds a data set from a table whose cells have been parsed by role (see column_roles):
/// checks the unit codes (non-empty, unique per year); throws InputError naming row and column.
[[nodiscard]] Dataset make_dataset(const Framework& framework, const DataTable& table);

/// One cell of a DataFrame as it arrives from Python, before its column's role is known.
struct FrameCell {
    enum class Kind { missing, number, boolean, text };
    Kind kind = Kind::missing;
    double number = 0.0;  ///< the value, for Kind::number
    std::string text;     ///< the cell as Python's str() prints it (empty when missing)
};

/// A data set from the columns of a DataFrame in iData layout (cells[c] is column c, one cell per
/// row). The framework decides which columns hold numbers (Time, indicators, denominators: a
/// number, or text that reads as one; missing, "" and "NA" are missing) and which text; errors
/// name `DataFrame row N, column "C"` (1-based rows) and carry that location.
[[nodiscard]] Dataset dataset_from_frame(const Framework& framework, const std::vector<std::string>& columns,
                                         const std::vector<std::vector<FrameCell>>& cells);

}  // namespace govindex
