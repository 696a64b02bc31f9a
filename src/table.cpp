#include "govindex/table.hpp"

#include <cmath>
#include <ostream>

#include "govindex/detail/format.hpp"
#include "govindex/errors.hpp"

namespace govindex {

namespace {
std::size_t length(const TableColumn& c) {
    return std::visit([](const auto& v) { return v.size(); }, c);
}
bool same(const TableColumn& a, const TableColumn& b) {
    if (a.index() != b.index()) return false;
    if (const auto* x = std::get_if<std::vector<double>>(&a)) {
        const auto& y = std::get<std::vector<double>>(b);
        if (x->size() != y.size()) return false;
        for (std::size_t i = 0; i < x->size(); ++i)
            if (!((*x)[i] == y[i] || (std::isnan((*x)[i]) && std::isnan(y[i])))) return false;
        return true;
    }
    return a == b;
}
}  // namespace

void Table::add(std::string name, TableColumn column) {
    for (const auto& n : names_)
        if (n == name)
            throw MethodError("table column " + detail::in_quotes(name) + " added twice; expected unique column names");
    if (!columns_.empty() && length(column) != rows())
        throw MethodError("table column " + detail::in_quotes(name) + " has " + std::to_string(length(column)) +
                          " rows; expected " + std::to_string(rows()));
    names_.push_back(std::move(name));
    columns_.push_back(std::move(column));
}

const TableColumn& Table::column(std::string_view name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return columns_[i];
    throw UnknownCodeError("table has no column " + detail::in_quotes(name));
}

std::size_t Table::rows() const { return columns_.empty() ? 0 : length(columns_.front()); }

bool operator==(const Table& a, const Table& b) {
    if (a.names_ != b.names_ || a.columns_.size() != b.columns_.size()) return false;
    for (std::size_t i = 0; i < a.columns_.size(); ++i)
        if (!same(a.columns_[i], b.columns_[i])) return false;
    return true;
}

std::ostream& operator<<(std::ostream& os, const Table& table) {
    os << "Table(" << table.rows() << " rows x " << table.names().size() << " columns:";
    for (const auto& n : table.names()) os << " " << n;
    return os << ")";
}

}  // namespace govindex
