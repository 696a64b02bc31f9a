#include "govindex/model/dataset.hpp"
#include "govindex/detail/format.hpp"

#include <fast_float/fast_float.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <ostream>
#include <set>

#include "govindex/model/io.hpp"
#include "govindex/text.hpp"

namespace govindex {

using detail::in_quotes;

namespace {

bool same_matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i)
            if (!(a(i, j) == b(i, j) || (std::isnan(a(i, j)) && std::isnan(b(i, j))))) return false;
    return true;
}

InputError cell_count_error(const DataTable& table, std::size_t c, const std::string& expected,
                            const std::string& found) {
    return located_error<InputError>({.source = table.source,
                                      .line = table.header_line,
                                      .column = to_nfc(table.columns[c]),
                                      .expected = expected,
                                      .found = found},
                                     "expected " + expected + ", found " + found);
}
// The indicator whose standard errors (`<code>_se`) or suppression reasons (`<code>_suppressed`)
// a column holds, or "" if the name has neither suffix or the rest is no framework node.
constexpr std::string_view se_suffix = "_se";
constexpr std::string_view suppressed_suffix = "_suppressed";

std::optional<ColumnRole> uncertainty_role(const Framework& framework, const std::string& name,
                                           const SourceLocation& header) {
    for (const auto& [suffix, role] :
         {std::pair{se_suffix, ColumnRole::standard_error}, std::pair{suppressed_suffix, ColumnRole::suppressed}}) {
        if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string base = name.substr(0, name.size() - suffix.size());
        const Node* node = framework.find(base);
        if (node == nullptr) return std::nullopt;
        if (node->type != NodeType::indicator) {
            const std::string found = detail::in_quotes(base) + " is " + std::string(to_string(node->type));
            throw InputError(
                located(header, name, "a " + std::string(suffix) + " column belongs to an Indicator; found " + found),
                ErrorLocation{.source = header.file,
                              .line = header.line,
                              .column = name,
                              .node = base,
                              .expected = "a column " + std::string(suffix) + " of an Indicator",
                              .found = found});
        }
        return role;
    }
    return std::nullopt;
}

// The indicator code of a `<code>_se` / `<code>_suppressed` column.
std::string uncertainty_base(const std::string& name, ColumnRole role) {
    const auto suffix = role == ColumnRole::standard_error ? se_suffix : suppressed_suffix;
    return name.substr(0, name.size() - suffix.size());
}

// The shortest text that reads back as `x` (0.3, not 0.29999999999999999), for messages.
std::string shortest(double x) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
    return ec == std::errc() ? std::string(buffer, end) : detail::exact_number(x);
}

InputError cell_error(const SourceLocation& where, const std::string& column, const std::string& expected,
                      const std::string& found) {
    return InputError(
        located(where, column, "expected " + expected + ", found " + found),
        ErrorLocation{
            .source = where.file, .line = where.line, .column = column, .expected = expected, .found = found});
}

}  // namespace

bool operator==(const Units& a, const Units& b) {
    return a.codes == b.codes && a.names == b.names && a.times == b.times && a.groups == b.groups &&
           a.denominator_codes == b.denominator_codes && same_matrix(a.denominators, b.denominators) &&
           a.others == b.others;
}

bool operator==(const Dataset& a, const Dataset& b) {
    return (a.units_ == b.units_ || *a.units_ == *b.units_) && a.columns_ == b.columns_ &&
           same_matrix(a.values_, b.values_) && a.flags_ == b.flags_ &&
           same_matrix(a.standard_errors_, b.standard_errors_) && a.suppression_reasons_ == b.suppression_reasons_;
}

Dataset concatenate(const std::vector<Dataset>& parts) {
    if (parts.empty())
        throw InputError("concatenate: no data sets; expected at least one",
                         ErrorLocation{.source = "concatenate", .expected = "at least one data set", .found = "none"});
    const Dataset& first = parts.front();
    const Units& u0 = first.units();
    auto units = std::make_shared<Units>();
    units->denominator_codes = u0.denominator_codes;
    for (const auto& [code, col] : u0.groups) units->groups.emplace_back(code, std::vector<std::string>{});
    for (const auto& [code, col] : u0.others) units->others.emplace_back(code, std::vector<std::string>{});
    Eigen::Index rows = 0;
    for (const auto& p : parts) {
        const Units& u = p.units();
        auto names_of = [](const auto& cols) {
            std::vector<std::string> n;
            for (const auto& [code, col] : cols) n.push_back(code);
            return n;
        };
        if (p.columns() != first.columns() || u.denominator_codes != u0.denominator_codes ||
            names_of(u.groups) != names_of(u0.groups) || names_of(u.others) != names_of(u0.others) ||
            u.times.empty() != u0.times.empty())
            throw InputError(
                "concatenate: data sets have different columns; expected the same columns in each",
                ErrorLocation{
                    .source = "concatenate", .expected = "the same columns in each", .found = "different columns"});
        rows += p.unit_count();
    }
    Eigen::MatrixXd values(rows, first.column_count());
    CellFlags flags(rows, first.column_count());
    // Standard errors if any part has them (NaN in the rows of parts without); reasons by row offset.
    const bool any_se =
        std::any_of(parts.begin(), parts.end(), [](const Dataset& p) { return p.has_standard_errors(); });
    Eigen::MatrixXd standard_errors;
    if (any_se) standard_errors.setConstant(rows, first.column_count(), std::nan(""));
    SuppressionReasons reasons;
    units->denominators.resize(rows, u0.denominators.cols());
    Eigen::Index at = 0;
    for (const auto& p : parts) {
        const Units& u = p.units();
        units->codes.insert(units->codes.end(), u.codes.begin(), u.codes.end());
        units->names.insert(units->names.end(), u.names.begin(), u.names.end());
        units->times.insert(units->times.end(), u.times.begin(), u.times.end());
        for (std::size_t g = 0; g < u.groups.size(); ++g)
            units->groups[g].second.insert(units->groups[g].second.end(), u.groups[g].second.begin(),
                                           u.groups[g].second.end());
        for (std::size_t g = 0; g < u.others.size(); ++g)
            units->others[g].second.insert(units->others[g].second.end(), u.others[g].second.begin(),
                                           u.others[g].second.end());
        if (u.denominators.cols() > 0) units->denominators.middleRows(at, p.unit_count()) = u.denominators;
        values.middleRows(at, p.unit_count()) = p.values();
        flags.middleRows(at, p.unit_count()) = p.flags();
        if (p.has_standard_errors()) standard_errors.middleRows(at, p.unit_count()) = p.standard_errors();
        for (const auto& [cell, reason] : p.suppression_reasons())
            reasons.emplace(std::make_pair(cell.first + at, cell.second), reason);
        at += p.unit_count();
    }
    // Unit codes must stay unique within a year.
    std::set<std::pair<int, std::string>> seen;
    for (std::size_t i = 0; i < units->codes.size(); ++i)
        if (!seen.emplace(units->times.empty() ? 0 : units->times[i], units->codes[i]).second)
            throw InputError("concatenate: unit " + detail::in_quotes(units->codes[i]) + " appears twice" +
                                 (units->times.empty() ? "" : " for Time " + std::to_string(units->times[i])) +
                                 "; expected each unit once per year",
                             ErrorLocation{.source = "concatenate",
                                           .column = "uCode",
                                           .expected = "each unit once per year",
                                           .found = units->codes[i]});
    return Dataset(std::move(units), first.columns(), std::move(values), std::move(flags), std::move(standard_errors),
                   std::move(reasons));
}

std::ostream& operator<<(std::ostream& os, const Dataset& data) {
    os << "Dataset(" << data.unit_count() << " units x " << data.column_count() << " columns";
    if (data.is_panel()) os << ", panel";
    if (data.has_standard_errors()) os << ", standard errors";
    long suppressed = 0;
    for (Eigen::Index j = 0; j < data.column_count(); ++j)
        for (Eigen::Index i = 0; i < data.unit_count(); ++i) suppressed += data.is_suppressed(i, j) ? 1 : 0;
    if (suppressed > 0) os << ", " << suppressed << " suppressed cell" << (suppressed == 1 ? "" : "s");
    return os << ")";
}

Dataset::Dataset(std::shared_ptr<const Units> units, std::vector<std::string> columns, Eigen::MatrixXd values,
                 CellFlags flags, Eigen::MatrixXd standard_errors, SuppressionReasons suppression_reasons)
    : units_(std::move(units)),
      columns_(std::move(columns)),
      values_(std::move(values)),
      flags_(std::move(flags)),
      standard_errors_(std::move(standard_errors)),
      suppression_reasons_(std::move(suppression_reasons)) {
    if (!units_)
        throw error_at<InputError>({.source = "Dataset", .expected = "units", .found = "none"},
                                   "data set without units");
    const auto n = static_cast<Eigen::Index>(units_->codes.size());
    if (values_.rows() != n || values_.cols() != static_cast<Eigen::Index>(columns_.size()))
        throw error_at<InputError>({.source = "Dataset"}, "data set values are " + std::to_string(values_.rows()) +
                                                              " x " + std::to_string(values_.cols()) + "; expected " +
                                                              std::to_string(n) + " units x " +
                                                              std::to_string(columns_.size()) + " columns");
    if (units_->names.size() != units_->codes.size() ||
        (!units_->times.empty() && units_->times.size() != units_->codes.size()))
        throw error_at<InputError>({.source = "Dataset", .column = "uName"},
                                   "unit names or times do not match the number of unit codes");
    if (flags_.size() == 0) flags_ = CellFlags::Zero(values_.rows(), values_.cols());
    if (flags_.rows() != values_.rows() || flags_.cols() != values_.cols())
        throw error_at<InputError>({.source = "Dataset"}, "data set flags are " + std::to_string(flags_.rows()) +
                                                              " x " + std::to_string(flags_.cols()) +
                                                              "; expected the shape of the values");
    for (Eigen::Index j = 0; j < values_.cols(); ++j) {
        if (!column_index_.emplace(columns_[static_cast<std::size_t>(j)], j).second)
            throw error_at<InputError>(
                {.source = "Dataset",
                 .column = columns_[static_cast<std::size_t>(j)],
                 .expected = "each column once",
                 .found = columns_[static_cast<std::size_t>(j)]},
                "duplicate column " + in_quotes(columns_[static_cast<std::size_t>(j)]) + " in a data set");
    }
    if (standard_errors_.size() > 0) {
        if (standard_errors_.rows() != values_.rows() || standard_errors_.cols() != values_.cols())
            throw InputError("data set standard errors are " + std::to_string(standard_errors_.rows()) + " x " +
                             std::to_string(standard_errors_.cols()) + "; expected the shape of the values (or none)");
        for (Eigen::Index j = 0; j < standard_errors_.cols(); ++j)
            for (Eigen::Index i = 0; i < standard_errors_.rows(); ++i) {
                const double se = standard_errors_(i, j);
                if (!std::isnan(se) && !(std::isfinite(se) && se >= 0.0))
                    throw InputError("standard error of unit " + in_quotes(units_->codes[static_cast<std::size_t>(i)]) +
                                     ", column " + in_quotes(columns_[static_cast<std::size_t>(j)]) +
                                     ": expected a finite number >= 0 (or NaN), found " + detail::exact_number(se));
            }
    }
    for (const auto& [cell, reason] : suppression_reasons_) {
        const auto [i, j] = cell;
        if (i < 0 || i >= values_.rows() || j < 0 || j >= values_.cols() || (flags_(i, j) & cell_suppressed) == 0)
            throw InputError("suppression reason for cell (" + std::to_string(i) + ", " + std::to_string(j) +
                             "): expected a cell of the data set flagged suppressed");
    }
}

double Dataset::standard_error(std::string_view unit, std::string_view column) const {
    const Eigen::Index i = unit_index(unit), j = column_index(column);
    return has_standard_errors() ? standard_errors_(i, j) : std::nan("");
}

std::string Dataset::suppression_reason(Eigen::Index row, Eigen::Index column) const {
    const auto it = suppression_reasons_.find({row, column});
    return it == suppression_reasons_.end() ? std::string() : it->second;
}

Dataset Dataset::with_values(std::vector<std::string> columns, Eigen::MatrixXd values, CellFlags flags,
                             Eigen::MatrixXd standard_errors) const {
    SuppressionReasons reasons;
    if (!suppression_reasons_.empty() && flags.size() > 0) {
        std::unordered_map<std::string, Eigen::Index> position;
        for (std::size_t j = 0; j < columns.size(); ++j) position.emplace(columns[j], static_cast<Eigen::Index>(j));
        for (const auto& [cell, reason] : suppression_reasons_) {
            const auto it = position.find(columns_[static_cast<std::size_t>(cell.second)]);
            if (it == position.end() || cell.first >= flags.rows() || it->second >= flags.cols()) continue;
            if ((flags(cell.first, it->second) & cell_suppressed) != 0)
                reasons.emplace(std::make_pair(cell.first, it->second), reason);
        }
    }
    return Dataset(units_, std::move(columns), std::move(values), std::move(flags), std::move(standard_errors),
                   std::move(reasons));
}

std::vector<int> Dataset::years() const {
    std::set<int> distinct(units_->times.begin(), units_->times.end());
    return {distinct.begin(), distinct.end()};
}

bool Dataset::is_panel() const {
    const auto& t = units_->times;
    return std::any_of(t.begin(), t.end(), [&](int y) { return y != t.front(); });
}

Eigen::Index Dataset::column_index(std::string_view code) const {
    auto it = column_index_.find(std::string(code));
    if (it == column_index_.end()) it = column_index_.find(to_nfc(code));
    if (it == column_index_.end())
        throw UnknownCodeError(
            "data set has no column " + in_quotes(code),
            ErrorLocation{
                .column = std::string(code), .expected = "a column of the data set", .found = std::string(code)});
    return it->second;
}

bool Dataset::has_column(std::string_view code) const {
    return column_index_.count(std::string(code)) > 0 || column_index_.count(to_nfc(code)) > 0;
}

Eigen::Index Dataset::unit_index(std::string_view code_or_name) const {
    if (is_panel())
        throw UnknownCodeError("unit look-up by code is ambiguous in panel data; select one year first",
                               ErrorLocation{.column = "uCode", .expected = "one year", .found = "panel data"});
    const std::string key = to_nfc(code_or_name);
    for (std::size_t i = 0; i < units_->codes.size(); ++i)
        if (units_->codes[i] == key) return static_cast<Eigen::Index>(i);
    for (std::size_t i = 0; i < units_->names.size(); ++i)
        if (units_->names[i] == key) return static_cast<Eigen::Index>(i);
    throw UnknownCodeError(
        "data set has no unit with code or name " + in_quotes(code_or_name),
        ErrorLocation{.column = "uCode", .expected = "a unit code or name", .found = std::string(code_or_name)});
}

Dataset Dataset::select_time(int year) const {
    if (units_->times.empty())
        throw UnknownCodeError("data set has no Time column; expected panel data",
                               ErrorLocation{.column = "Time", .expected = "panel data", .found = "no Time column"});
    std::vector<Eigen::Index> rows;
    for (std::size_t i = 0; i < units_->times.size(); ++i)
        if (units_->times[i] == year) rows.push_back(static_cast<Eigen::Index>(i));
    if (rows.empty())
        throw UnknownCodeError(
            "panel has no rows for Time " + std::to_string(year),
            ErrorLocation{.column = "Time", .expected = "a year of the panel", .found = std::to_string(year)});
    auto units = std::make_shared<Units>();
    units->denominator_codes = units_->denominator_codes;
    units->denominators.resize(static_cast<Eigen::Index>(rows.size()), units_->denominators.cols());
    for (const auto& [code, col] : units_->groups) units->groups.emplace_back(code, std::vector<std::string>{});
    for (const auto& [code, col] : units_->others) units->others.emplace_back(code, std::vector<std::string>{});
    Eigen::MatrixXd values(static_cast<Eigen::Index>(rows.size()), values_.cols());
    CellFlags flags(static_cast<Eigen::Index>(rows.size()), values_.cols());
    Eigen::MatrixXd standard_errors(has_standard_errors() ? static_cast<Eigen::Index>(rows.size()) : 0,
                                    has_standard_errors() ? values_.cols() : 0);
    SuppressionReasons reasons;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto r = rows[k];
        const auto i = static_cast<std::size_t>(r);
        units->codes.push_back(units_->codes[i]);
        units->names.push_back(units_->names[i]);
        units->times.push_back(units_->times[i]);
        for (std::size_t g = 0; g < units_->groups.size(); ++g)
            units->groups[g].second.push_back(units_->groups[g].second[i]);
        for (std::size_t g = 0; g < units_->others.size(); ++g)
            units->others[g].second.push_back(units_->others[g].second[i]);
        if (units_->denominators.cols() > 0)  // a data set built without denominators may hold a 0 x 0 matrix
            units->denominators.row(static_cast<Eigen::Index>(k)) = units_->denominators.row(r);
        values.row(static_cast<Eigen::Index>(k)) = values_.row(r);
        flags.row(static_cast<Eigen::Index>(k)) = flags_.row(r);
        if (has_standard_errors()) standard_errors.row(static_cast<Eigen::Index>(k)) = standard_errors_.row(r);
        for (auto it = suppression_reasons_.lower_bound({r, 0});
             it != suppression_reasons_.end() && it->first.first == r; ++it)
            reasons.emplace(std::make_pair(static_cast<Eigen::Index>(k), it->first.second), it->second);
    }
    return Dataset(std::move(units), columns_, std::move(values), std::move(flags), std::move(standard_errors),
                   std::move(reasons));
}

std::vector<ColumnRole> column_roles(const Framework& framework, const std::vector<std::string>& columns,
                                     const std::string& source, long header_line) {
    const SourceLocation header{source, header_line};
    std::vector<ColumnRole> roles;
    std::set<std::string> seen;
    for (const auto& raw : columns) {
        const std::string name = to_nfc(raw);
        if (!seen.insert(name).second)
            throw located_error<InputError>(location_of(header, name, "each column once", "a duplicate column"),
                                            "duplicate column; expected each column once");
        if (name == "uCode") {
            roles.push_back(ColumnRole::unit_code);
            continue;
        }
        if (name == "uName") {
            roles.push_back(ColumnRole::unit_name);
            continue;
        }
        if (name == "Time") {
            roles.push_back(ColumnRole::time);
            continue;
        }
        const Node* node = framework.find(name);
        if (node == nullptr)
            if (const auto role = uncertainty_role(framework, name, header)) {
                roles.push_back(*role);
                continue;
            }
        if (node == nullptr)
            throw located_error<InputError>(
                location_of(header, name, "a row with iCode " + in_quotes(name) + " (or one of uCode, uName, Time)",
                            "a column not described in the framework"),
                "column is not described in the framework; expected a row with iCode " + in_quotes(name) +
                    " (or one of uCode, uName, Time)");
        switch (node->type) {
            case NodeType::indicator:
                roles.push_back(ColumnRole::indicator);
                break;
            case NodeType::denominator:
                roles.push_back(ColumnRole::denominator);
                break;
            case NodeType::group:
                roles.push_back(ColumnRole::group);
                break;
            case NodeType::other:
                roles.push_back(ColumnRole::other);
                break;
            case NodeType::aggregate:
                throw located_error<InputError>(location_of(header, name, "data columns only", "an Aggregate column"),
                                                "column is an Aggregate in the framework; expected data columns only "
                                                "(aggregates are computed)");
        }
    }
    if (!seen.count("uCode"))
        throw located_error<InputError>(location_of(header, "uCode", "a uCode column of unit codes", "no uCode column"),
                                        "missing required column; expected a uCode column of unit codes");
    for (const auto& code : framework.indicators()) {
        if (!seen.count(code)) {
            const Node& n = framework.node(code);
            ErrorLocation at = location_of(header, code, "a column for every Indicator", "no data column");
            at.node = code;
            throw located_error<InputError>(std::move(at),
                                            "indicator " + in_quotes(code) + " has no data column" +
                                                (n.origin.line > 0 ? " (described in " + n.origin.file + " line " +
                                                                         std::to_string(n.origin.line) + ")"
                                                                   : std::string()) +
                                                "; expected a column for every Indicator");
        }
    }
    return roles;
}

Dataset make_dataset(const Framework& framework, const DataTable& table) {
    const auto roles = column_roles(framework, table.columns, table.source, table.header_line);
    auto where = [&](std::size_t row) {
        return SourceLocation{table.source,
                              row < table.row_lines.size() ? table.row_lines[row] : static_cast<long>(row + 1)};
    };
    // Cells of every column, looked up by the column's name as given; lengths must agree.
    std::size_t n = 0;
    for (std::size_t c = 0; c < roles.size(); ++c)
        if (roles[c] == ColumnRole::unit_code)
            n = table.text.count(table.columns[c]) ? table.text.at(table.columns[c]).size() : 0;
    auto text = [&](std::size_t c) -> const std::vector<std::string>& {
        const auto it = table.text.find(table.columns[c]);
        if (it == table.text.end() || it->second.size() != n)
            throw cell_count_error(table, c, std::to_string(n) + " text cells (one per unit)",
                                   std::to_string(it == table.text.end() ? 0 : it->second.size()));
        return it->second;
    };
    auto numbers = [&](std::size_t c) -> const std::vector<double>& {
        const auto it = table.numbers.find(table.columns[c]);
        if (it == table.numbers.end() || it->second.size() != n)
            throw cell_count_error(table, c, std::to_string(n) + " numbers (one per unit)",
                                   std::to_string(it == table.numbers.end() ? 0 : it->second.size()));
        return it->second;
    };

    auto units = std::make_shared<Units>();
    units->names.assign(n, std::string());
    std::map<std::string, const std::vector<double>*> indicator_cells;
    std::vector<const std::vector<double>*> denominator_cells;
    std::vector<std::pair<std::size_t, std::string>> se_columns, suppressed_columns;  // (column, indicator)
    for (std::size_t c = 0; c < roles.size(); ++c) {
        const std::string name = to_nfc(table.columns[c]);
        switch (roles[c]) {
            case ColumnRole::unit_code:
                for (const auto& s : text(c)) units->codes.push_back(to_nfc(s));
                break;
            case ColumnRole::unit_name:
                std::transform(text(c).begin(), text(c).end(), units->names.begin(),
                               [](const std::string& s) { return to_nfc(s); });
                break;
            case ColumnRole::time: {
                const auto& col = numbers(c);
                for (std::size_t i = 0; i < n; ++i) {
                    const double t = col[i];
                    if (!std::isfinite(t) || t != std::floor(t) || std::abs(t) > 1e6) {
                        const std::string found =
                            std::isnan(t) ? std::string("a missing value") : detail::exact_number(t);
                        throw located_error<InputError>(location_of(where(i), "Time", "a whole year", found),
                                                        "expected a whole year, found " + found);
                    }
                    units->times.push_back(static_cast<int>(t));
                }
                break;
            }
            case ColumnRole::indicator:
                indicator_cells.emplace(name, &numbers(c));
                break;
            case ColumnRole::denominator:
                units->denominator_codes.push_back(name);
                denominator_cells.push_back(&numbers(c));
                break;
            case ColumnRole::standard_error:
                se_columns.emplace_back(c, uncertainty_base(name, roles[c]));
                break;
            case ColumnRole::suppressed:
                suppressed_columns.emplace_back(c, uncertainty_base(name, roles[c]));
                break;
            case ColumnRole::group:
            case ColumnRole::other: {
                std::vector<std::string> cells;
                for (const auto& s : text(c)) cells.push_back(to_nfc(s));
                (roles[c] == ColumnRole::group ? units->groups : units->others).emplace_back(name, std::move(cells));
                break;
            }
        }
    }
    // Unit codes: non-empty, unique (within a year for panels).
    std::map<std::pair<int, std::string>, std::size_t> first_row;
    for (std::size_t i = 0; i < n; ++i) {
        if (units->codes[i].empty())
            throw located_error<InputError>(location_of(where(i), "uCode", "a unique code", "an empty unit code"),
                                            "empty unit code; expected a unique code");
        if (const auto bad = find_invisible_character(units->codes[i]))
            throw located_error<InputError>(
                location_of(where(i), "uCode", "a code of visible characters", bad->code_point),
                "unit code " + in_quotes(with_invisible_shown(units->codes[i])) + " holds the invisible character " +
                    bad->code_point + "; expected a code of visible characters");
        const int year = units->times.empty() ? 0 : units->times[i];
        const auto [it, inserted] = first_row.emplace(std::make_pair(year, units->codes[i]), i);
        if (!inserted)
            throw located_error<InputError>(location_of(where(i), "uCode", "unique codes", units->codes[i]),
                                            "duplicate unit code " + detail::in_quotes(units->codes[i]) +
                                                (units->times.empty() ? "" : " for Time " + std::to_string(year)) +
                                                "; expected unique codes (first on " +
                                                (table.source == "DataFrame" ? "row " : "line ") +
                                                std::to_string(where(it->second).line) + ")");
    }
    units->denominators.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(denominator_cells.size()));
    for (std::size_t d = 0; d < denominator_cells.size(); ++d)
        for (std::size_t i = 0; i < n; ++i)
            units->denominators(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(d)) =
                (*denominator_cells[d])[i];

    // Indicators in framework order.
    const auto& indicators = framework.indicators();
    Eigen::MatrixXd values(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(indicators.size()));
    for (std::size_t j = 0; j < indicators.size(); ++j) {
        const auto& col = *indicator_cells.at(indicators[j]);
        for (std::size_t i = 0; i < n; ++i) values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = col[i];
    }

    // Standard errors (`<code>_se`): text cells (CSV, DataFrame) or numbers; NaN = not known.
    Eigen::MatrixXd standard_errors;
    if (!se_columns.empty()) standard_errors.setConstant(values.rows(), values.cols(), std::nan(""));
    auto indicator_position = [&](const std::string& code) {
        return static_cast<Eigen::Index>(std::find(indicators.begin(), indicators.end(), code) - indicators.begin());
    };
    for (const auto& [c, code] : se_columns) {
        const std::string name = to_nfc(table.columns[c]);
        const Eigen::Index j = indicator_position(code);
        const bool as_text = table.text.count(table.columns[c]) > 0;
        for (std::size_t i = 0; i < n; ++i) {
            double se = 0.0;
            std::string given;  // the cell as written, for a message
            if (as_text) {
                const std::string& cell = text(c)[i];
                given = cell;
                try {
                    se = parse_number(cell, where(i), name);
                } catch (const InputError&) {
                    throw cell_error(where(i), name,
                                     "a standard error: a finite number >= 0 (or empty/NA for not known)",
                                     detail::in_quotes(cell));
                }
            } else {
                se = numbers(c)[i];
                given = shortest(se);
            }
            if (!std::isnan(se) && !(std::isfinite(se) && se >= 0.0))
                throw cell_error(where(i), name, "a standard error: a finite number >= 0 (or empty/NA for not known)",
                                 given);
            standard_errors(static_cast<Eigen::Index>(i), j) = se;
        }
    }
    // Suppressed cells (`<code>_suppressed`): non-empty text is the reason; the value must be empty.
    CellFlags flags = CellFlags::Zero(values.rows(), values.cols());
    SuppressionReasons reasons;
    for (const auto& [c, code] : suppressed_columns) {
        const std::string name = to_nfc(table.columns[c]);
        const Eigen::Index j = indicator_position(code);
        const auto& cells = text(c);
        for (std::size_t i = 0; i < n; ++i) {
            const std::string reason = to_nfc(cells[i]);
            if (reason.find_first_not_of(" \t") == std::string::npos) continue;
            const auto r = static_cast<Eigen::Index>(i);
            if (!std::isnan(values(r, j)))
                throw cell_error(where(i), code,
                                 "an empty value for a cell suppressed in column " + in_quotes(name) + " (reason " +
                                     in_quotes(reason) + ")",
                                 shortest(values(r, j)));
            if (!se_columns.empty() && !std::isnan(standard_errors(r, j)))
                throw cell_error(where(i), code + std::string(se_suffix),
                                 "an empty standard error for a cell suppressed in column " + in_quotes(name),
                                 shortest(standard_errors(r, j)));
            flags(r, j) = cell_suppressed;
            reasons.emplace(std::make_pair(r, j), reason);
        }
    }
    return Dataset(std::move(units), indicators, std::move(values), std::move(flags), std::move(standard_errors),
                   std::move(reasons));
}

namespace {

// A DataFrame cell of a numeric column as a double (NaN = missing).
double frame_number(const FrameCell& cell, const std::string& column, long row) {
    const ErrorLocation at{.source = "DataFrame", .line = row, .column = column};
    auto finite = [&](double x) {
        if (!std::isfinite(x)) {
            ErrorLocation bad = at;
            bad.expected = "a finite number";
            bad.found = cell.text;
            throw located_error<InputError>(std::move(bad), "expected a finite number, found " + cell.text);
        }
        return x;
    };
    switch (cell.kind) {
        case FrameCell::Kind::missing:
            return std::nan("");
        case FrameCell::Kind::number:
            return std::isnan(cell.number) ? cell.number : finite(cell.number);
        case FrameCell::Kind::boolean:  // a column with true/false values, reported for the column
            throw located_error<InputError>(
                {.source = "DataFrame", .column = column, .expected = "numbers", .found = "true/false values"},
                "expected numbers, found true/false values");
        case FrameCell::Kind::text:
            break;
    }
    const auto b = cell.text.find_first_not_of(" \t");
    if (b == std::string::npos) return std::nan("");
    const std::string_view s = std::string_view(cell.text).substr(b, cell.text.find_last_not_of(" \t") - b + 1);
    if (s == "NA") return std::nan("");
    double value = 0.0;
    const char* first = s.data();
    if (s.size() > 1 && s[0] == '+' && s[1] != '-' && s[1] != '+') ++first;
    const auto [ptr, ec] = fast_float::from_chars(first, s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || std::isnan(value)) {
        ErrorLocation bad = at;
        bad.expected = "a number (or missing)";
        bad.found = detail::excerpt(cell.text);
        throw located_error<InputError>(std::move(bad),
                                        "expected a number (or missing), found \"" + detail::excerpt(cell.text) + "\"");
    }
    return finite(value);
}

}  // namespace

Dataset dataset_from_frame(const Framework& framework, const std::vector<std::string>& columns,
                           const std::vector<std::vector<FrameCell>>& cells) {
    if (cells.size() != columns.size())
        throw InputError("DataFrame: " + std::to_string(columns.size()) + " column names but " +
                             std::to_string(cells.size()) + " columns of cells; expected one name per column",
                         ErrorLocation{.source = "DataFrame",
                                       .expected = std::to_string(columns.size()) + " columns",
                                       .found = std::to_string(cells.size())});
    const auto roles = column_roles(framework, columns, "DataFrame", 0);
    DataTable table;
    table.source = "DataFrame";
    table.header_line = 0;
    table.columns = columns;
    const std::size_t rows = cells.empty() ? 0 : cells.front().size();
    for (std::size_t r = 0; r < rows; ++r) table.row_lines.push_back(static_cast<long>(r + 1));
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto& column = cells[c];
        switch (roles[c]) {
            case ColumnRole::time:
            case ColumnRole::indicator:
            case ColumnRole::denominator: {
                auto& values = table.numbers[columns[c]];
                for (std::size_t r = 0; r < column.size(); ++r)
                    values.push_back(frame_number(column[r], to_nfc(columns[c]), static_cast<long>(r + 1)));
                break;
            }
            case ColumnRole::unit_code:
            case ColumnRole::unit_name:
            case ColumnRole::group:
            case ColumnRole::other:
            case ColumnRole::standard_error:  // parsed by make_dataset, as text (str() of a number reads back exactly)
            case ColumnRole::suppressed: {
                auto& text = table.text[columns[c]];
                for (const auto& cell : column)
                    text.push_back(cell.kind == FrameCell::Kind::missing ? std::string() : cell.text);
                break;
            }
        }
    }
    return make_dataset(framework, table);
}

}  // namespace govindex
