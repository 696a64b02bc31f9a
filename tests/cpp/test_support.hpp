#pragma once
// Shared helpers for the C++ tests: paths to the shipped data and the test references, reading
// COINr reference CSVs, temp files. Everything is inside the repository (no ../shared).
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <string>
#include <typeinfo>
#include <vector>

#include <govindex/govindex.hpp>

namespace govindex::testing {

/// The shipped ASEM example (data/asem: iMeta.csv, iData.csv, the panel iData_p.csv).
inline std::filesystem::path asem_dir() { return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "asem"; }
/// The shipped Vietnamese data (data/vn).
inline std::filesystem::path vn_dir() { return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "data" / "vn"; }
/// COINr 1.1.14's results on ASEM (tests/reference/coinr, README there).
inline std::filesystem::path coinr_dir() {
    return std::filesystem::path(GOVINDEX_SOURCE_DIR) / "tests" / "reference" / "coinr";
}

/// COINr's ASEM example as shipped (data/asem, iMeta.csv and iData.csv), e.g. a Boost.Test fixture.
struct Asem {
    Framework framework = read_framework(asem_dir() / "iMeta.csv");
    Dataset data = read_dataset(asem_dir() / "iData.csv", framework);
};

/// A framework row: `weight` for indicators and aggregates, NaN ("not given", as the readers
/// leave it) for data columns outside the tree (groups, denominators, other).
inline Node make_node(std::string code, NodeType type, int level, std::string parent, double weight = 1.0,
                      int direction = 1) {
    Node n;
    n.code = std::move(code);
    n.type = type;
    n.level = level;
    n.parent = std::move(parent);
    n.weight = n.in_tree() ? weight : std::numeric_limits<double>::quiet_NaN();
    n.direction = direction;
    return n;
}

/// A COINr reference table: uCode -> column -> value (NaN for an empty cell).
struct Reference {
    std::vector<std::string> units;
    std::vector<std::string> columns;
    std::vector<std::vector<double>> values;  // [unit][column]
};

inline Reference read_reference(const std::filesystem::path& path,
                                const std::vector<std::string>& text_columns = {"uName"}) {
    const CsvTable t = read_csv(path);
    Reference ref;
    std::vector<std::size_t> numeric;
    for (std::size_t c = 0; c < t.header.size(); ++c) {
        if (t.header[c] == "uCode" ||
            std::find(text_columns.begin(), text_columns.end(), t.header[c]) != text_columns.end())
            continue;
        numeric.push_back(c);
        ref.columns.push_back(t.header[c]);
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        ref.units.push_back(t.rows[r][0]);
        std::vector<double> row;
        for (auto c : numeric) row.push_back(parse_number(t.rows[r][c], {t.source, t.lines[r]}, t.header[c]));
        ref.values.push_back(row);
    }
    return ref;
}

/// A file in a fresh temporary directory, removed with the object.
class TempFile {
public:
    TempFile(const std::string& name, const std::string& content) {
        dir_ = std::filesystem::temp_directory_path() /
               ("govindex-test-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                std::to_string(++counter()));
        std::filesystem::create_directories(dir_);
        path_ = dir_ / name;
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { std::filesystem::remove_all(dir_); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    static int& counter() {
        static int n = 0;
        return n;
    }
    std::filesystem::path dir_, path_;
};

/// A column vector from a list, e.g. vec({1, 2, NaN}).
inline Eigen::VectorXd vec(std::initializer_list<double> values) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (const double x : values) v[i++] = x;
    return v;
}

/// A matrix from a list of rows, e.g. rows({{1, 2}, {3, 4}}).
inline Eigen::MatrixXd rows(std::initializer_list<std::initializer_list<double>> values) {
    const auto r = static_cast<Eigen::Index>(values.size());
    const auto c = r == 0 ? Eigen::Index{0} : static_cast<Eigen::Index>(values.begin()->size());
    Eigen::MatrixXd m(r, c);
    Eigen::Index i = 0;
    for (const auto& row : values) {
        Eigen::Index j = 0;
        for (const double x : row) m(i, j++) = x;
        ++i;
    }
    return m;
}

/// A predicate for BOOST_CHECK_EXCEPTION: the exception is exactly of type E and its message
/// contains every part (file, line, column, what was expected ...).
template <class E>
auto message_has(std::vector<std::string> parts) {
    return [parts = std::move(parts)](const E& e) {
        const std::string m = e.what();
        bool ok = typeid(e) == typeid(E);
        BOOST_CHECK_MESSAGE(ok, "thrown type " << typeid(e).name());
        for (const auto& p : parts) {
            const bool found = m.find(p) != std::string::npos;
            BOOST_CHECK_MESSAGE(found, "message [" << m << "] lacks [" << p << "]");
            ok = ok && found;
        }
        return ok;
    };
}

/// Relative difference |a - b| / max(|b|, 1e-300); both NaN counts as equal.
inline bool close(double a, double b, double rel = 1e-9) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300) || a == b;
}

}  // namespace govindex::testing
