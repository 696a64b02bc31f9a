#pragma once
/// \file table.hpp
/// A small table of named columns (numbers, text or logicals): the side outputs of steps,
/// e.g. the screening summary or the outlier-treatment details.

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace govindex {

/// One column: numbers (NaN = missing), text, or logicals (nullopt = missing).
using TableColumn = std::variant<std::vector<double>, std::vector<std::string>, std::vector<std::optional<bool>>>;

/// Named columns of equal length, in order.
class Table {
public:
    /// Appends a column; throws MethodError if the name repeats or the length differs.
    void add(std::string name, TableColumn column);
    [[nodiscard]] const std::vector<std::string>& names() const { return names_; }
    [[nodiscard]] const std::vector<TableColumn>& columns() const { return columns_; }
    /// The column with this name; throws UnknownCodeError.
    [[nodiscard]] const TableColumn& column(std::string_view name) const;
    /// Number of rows (0 for a table without columns).
    [[nodiscard]] std::size_t rows() const;
    friend bool operator==(const Table& a, const Table& b);

private:
    std::vector<std::string> names_;
    std::vector<TableColumn> columns_;
};

/// Prints `Table(rows x columns: a, b, c)`.
std::ostream& operator<<(std::ostream& os, const Table& table);

}  // namespace govindex
