#define BOOST_TEST_MODULE treat
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

#include <govindex/steps/treat.hpp>

#include "test_support.hpp"

// Reference values: COINr 1.1.14 (commit b9682034), see tests/reference/coinr/README.md:
//   f_treat_default_*: Treat(coin, dset = "Raw") with the default specs, then minmax [0, 100] and
//   arithmetic mean; h_example_*: build_example_coin(), whose Treat step treats the screened
//   (= imputed, no unit removed) data with the defaults. Tolerance: 1e-9 relative.

using namespace govindex;
using namespace govindex::testing;

namespace {

const double missing = std::numeric_limits<double>::quiet_NaN();

const Table& table_of(const StepOutput& out, const std::string& name) {
    for (const auto& [n, t] : out.tables)
        if (n == name) return t;
    throw std::runtime_error("no table " + name);
}

const std::vector<double>& numbers(const Table& t, const std::string& name) {
    return std::get<std::vector<double>>(t.column(name));
}
const std::vector<std::string>& texts(const Table& t, const std::string& name) {
    return std::get<std::vector<std::string>>(t.column(name));
}
const std::vector<std::optional<bool>>& logicals(const Table& t, const std::string& name) {
    return std::get<std::vector<std::optional<bool>>>(t.column(name));
}

std::size_t row_of(const Table& details, const std::string& code) {
    const auto& codes = texts(details, "iCode");
    const auto it = std::find(codes.begin(), codes.end(), code);
    if (it == codes.end()) throw std::runtime_error("no row " + code);
    return static_cast<std::size_t>(it - codes.begin());
}

// Every unit and column of a COINr data file, within 1e-9 relative, missing where COINr has missing.
void check_data(const Dataset& got, const std::filesystem::path& file, std::size_t columns) {
    const Reference ref = read_reference(file);
    BOOST_TEST(ref.columns.size() == columns);
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(got.unit_count()), ref.units.size());
    double worst = 0;
    for (std::size_t u = 0; u < ref.units.size(); ++u)
        for (std::size_t c = 0; c < ref.columns.size(); ++c) {
            const double expected = ref.values[u][c];
            const double actual = got.value(ref.units[u], ref.columns[c]);
            BOOST_TEST_CONTEXT(ref.units[u] << " " << ref.columns[c] << ": " << actual << " vs " << expected)
            BOOST_TEST(close(actual, expected));
            if (!std::isnan(expected) && expected != 0)
                worst = std::max(worst, std::abs(actual - expected) / std::abs(expected));
        }
    BOOST_TEST_MESSAGE(file.filename().string() << ": max relative difference " << worst);
}

// The details table against COINr's: same indicators in order, logicals equal, numbers within
// 1e-9 relative, missing where COINr has missing; our extra columns (check_SkewKurt2.*) are all
// missing because COINr's table has none (no indicator needed the log).
void check_details(const Table& got, const std::filesystem::path& file) {
    const CsvTable ref = read_csv(file);
    BOOST_REQUIRE_EQUAL(got.rows(), ref.rows.size());
    double worst = 0;
    for (std::size_t c = 0; c < ref.header.size(); ++c) {
        const std::string& name = ref.header[c];
        const TableColumn& column = got.column(name);
        for (std::size_t r = 0; r < ref.rows.size(); ++r) {
            const std::string& cell = ref.rows[r][c];
            BOOST_TEST_CONTEXT(name << " row " << r + 1 << " (" << ref.rows[r][0] << "): COINr \"" << cell << "\"") {
                if (const auto* t = std::get_if<std::vector<std::string>>(&column)) {
                    BOOST_TEST((*t)[r] == cell);
                } else if (const auto* b = std::get_if<std::vector<std::optional<bool>>>(&column)) {
                    BOOST_TEST((cell.empty() ? !(*b)[r].has_value() : (*b)[r] == std::optional<bool>(cell == "TRUE")));
                    if (!cell.empty()) BOOST_TEST((cell == "TRUE" || cell == "FALSE"));
                } else {
                    const double expected = parse_number(cell, {}, name);
                    const double actual = std::get<std::vector<double>>(column)[r];
                    BOOST_TEST(close(actual, expected));
                    if (!std::isnan(expected) && expected != 0)
                        worst = std::max(worst, std::abs(actual - expected) / std::abs(expected));
                }
            }
        }
    }
    for (const std::string name : {"check_SkewKurt2.Skew", "check_SkewKurt2.Kurt"})
        for (const double v : numbers(got, name)) BOOST_TEST(std::isnan(v));
    for (const auto& p : logicals(got, "check_SkewKurt2.Pass")) BOOST_TEST(!p.has_value());
    BOOST_TEST_MESSAGE(file.filename().string() << ": max relative difference " << worst);
}

// The points table against COINr's, cell by cell (text, rows matched by uCode: COINr's file is
// sorted by uCode), and the cell_treated flags exactly where a cell is marked.
void check_points(const Table& got, const Dataset& treated, const std::filesystem::path& file) {
    const CsvTable ref = read_csv(file);
    BOOST_REQUIRE_EQUAL(got.rows(), ref.rows.size());
    BOOST_TEST(got.names() == ref.header, boost::test_tools::per_element());
    const auto& codes = texts(got, "uCode");
    BOOST_TEST(codes == treated.unit_codes(), boost::test_tools::per_element());
    std::size_t marked = 0;
    for (const auto& row : ref.rows) {
        const auto it = std::find(codes.begin(), codes.end(), row[0]);
        BOOST_REQUIRE(it != codes.end());
        const auto r = static_cast<std::size_t>(it - codes.begin());
        for (std::size_t c = 1; c < ref.header.size(); ++c) {
            const auto& cell = texts(got, ref.header[c])[r];
            BOOST_TEST_CONTEXT(ref.header[c] << " " << row[0]) {
                BOOST_TEST(cell == row[c]);
                const auto flag = treated.flags()(static_cast<Eigen::Index>(r), treated.column_index(ref.header[c]));
                BOOST_TEST(((flag & cell_treated) != 0) == !cell.empty());
            }
            marked += cell.empty() ? 0 : 1;
        }
    }
    BOOST_TEST(marked > 0u);
}

}  // namespace

// --- numeric kernels ------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(kernels)

BOOST_AUTO_TEST_CASE(skewness_and_kurtosis_by_hand) {
    // x = 1, 2, 3, 10: mean 4, deviations -3, -2, -1, 6; sums of powers s2 = 50, s3 = 180, s4 = 1394.
    // skew = sqrt(4) * 180 / 50^1.5 * sqrt(4 * 3) / 2 = 1.763632614803888
    // kurt: r = 4 * 1394 / 50^2 = 2.2304; ((5) (2.2304 - 3) + 6) * 3 / (2 * 1) = 3.228
    const Eigen::VectorXd x = vec({1, 2, missing, 3, 10});  // the missing value is ignored
    BOOST_TEST(close(skewness(x), 1.763632614803888, 1e-14));
    BOOST_TEST(close(kurtosis(x), 3.228, 1e-14));
    // Too few values or all equal: undefined.
    BOOST_TEST(std::isnan(skewness(vec({1, 2, missing}))));
    BOOST_TEST(std::isnan(kurtosis(vec({1, 2, 3}))));
    BOOST_TEST(std::isnan(skewness(vec({4, 4, 4, 4, 4}))));
    BOOST_TEST(std::isnan(kurtosis(vec({4, 4, 4, 4, 4}))));
    // Mirror image: skewness changes sign, kurtosis does not.
    BOOST_TEST(close(skewness(vec({-1, -2, -3, -10})), -1.763632614803888, 1e-14));
    BOOST_TEST(close(kurtosis(vec({-1, -2, -3, -10})), 3.228, 1e-14));
}

BOOST_AUTO_TEST_CASE(check_uses_r_three_valued_or) {
    // x = 1, 2, 10: mean 13/3, s2 = 438/9, s3 = 3570/27; skew = sqrt(3) s3 / s2^1.5 * sqrt(6) / 1
    // = 1.6523167403329901; kurtosis undefined (n = 3).
    const Eigen::VectorXd x = vec({1, 2, 10});
    const auto c = check_skew_kurtosis(x, 2.0, 3.5);
    BOOST_TEST(close(c.skew, 1.6523167403329901, 1e-14));
    BOOST_TEST(std::isnan(c.kurtosis));
    BOOST_TEST((c.pass == std::optional<bool>(true)));               // |skew| < 2 is TRUE, TRUE | NA = TRUE
    BOOST_TEST(!check_skew_kurtosis(x, 1.0, 3.5).pass.has_value());  // FALSE | NA = NA
    // 1..9, 50: fails both (skew 2.975 >= 2, kurt 9.14 >= 3.5); passes with a higher skew threshold.
    const Eigen::VectorXd y = vec({1, 2, 3, 4, 5, 6, 7, 8, 9, 50});
    BOOST_TEST((check_skew_kurtosis(y, 2.0, 3.5).pass == std::optional<bool>(false)));
    BOOST_TEST((check_skew_kurtosis(y, 3.0, 3.5).pass == std::optional<bool>(true)));
    BOOST_TEST((check_skew_kurtosis(y, 2.0, 10.0).pass == std::optional<bool>(true)));
}

BOOST_AUTO_TEST_CASE(winsorise_one_high_outlier) {
    // 1..9, 50: mean 9.5, s2 = 1882.5, s3 = 64800: skew = sqrt(10) 64800 / 1882.5^1.5 * sqrt(90) / 8
    // = 2.975 > 0, so the maximum 50 is replaced by the next value in, 9. Then 1..9, 9 has
    // skew -0.151 and passes: one point Winsorised, at the high end.
    const Eigen::VectorXd x = vec({50, 1, 2, 3, missing, 4, 5, 6, 7, 8, 9});
    const Winsorised w = winsorise(x, TreatSpec{});
    BOOST_TEST(w.count == 1);
    BOOST_TEST(w.x[0] == 9.0);
    for (Eigen::Index i = 1; i < x.size(); ++i)
        BOOST_TEST(((std::isnan(x[i]) && std::isnan(w.x[i])) || w.x[i] == x[i]));
    BOOST_TEST((w.sides[0] == WinsorSide::high));
    for (std::size_t i = 1; i < w.sides.size(); ++i) BOOST_TEST((w.sides[i] == WinsorSide::none));
    BOOST_TEST(close(skewness(w.x), -0.15146310708295857, 1e-12));

    // The low end when the skew is negative.
    const Winsorised low = winsorise(-x, TreatSpec{});
    BOOST_TEST(low.count == 1);
    BOOST_TEST(low.x[0] == -9.0);
    BOOST_TEST((low.sides[0] == WinsorSide::low));

    // Tied maxima are replaced together, so the count may pass winmax (as in COINr): 1..20, 100, 100
    // fails (skew 2.82, kurt 7.13); both 100s become 20 in one round (then skew -0.094, passes).
    TreatSpec one;
    one.winmax = 1;
    Eigen::VectorXd t(22);
    for (Eigen::Index i = 0; i < 20; ++i) t[i] = static_cast<double>(i + 1);
    t[20] = t[21] = 100;
    const Winsorised tied = winsorise(t, one);
    BOOST_TEST(tied.count == 2);
    BOOST_TEST(tied.x[20] == 20.0);
    BOOST_TEST(tied.x[21] == 20.0);
    BOOST_TEST((tied.sides[20] == WinsorSide::high && tied.sides[21] == WinsorSide::high));
    BOOST_TEST(close(skewness(tied.x), -0.09449573196380336, 1e-12));

    // force_winsorise keeps going to winmax although the first round passes.
    TreatSpec forced;
    forced.force_winsorise = true;
    forced.winmax = 3;
    const Winsorised f = winsorise(x, forced);
    BOOST_TEST(f.count >= 3);
}

BOOST_AUTO_TEST_CASE(fallback_log_of_the_untreated_values) {
    // x = twelve 0s, 1, 100: skew 3.74, kurt 14.0, fails. winmax = 1: 100 -> 1, then skew 2.29,
    // kurt 3.79, still fails, so log_CT of the UNTREATED x: a = 0.01 (100 - 0) = 1, log(x + 1):
    // 0 -> 0, 1 -> log 2, 100 -> log 101.
    Eigen::VectorXd x = Eigen::VectorXd::Zero(14);
    x[12] = 1;
    x[13] = 100;
    TreatSpec spec;
    spec.winmax = 1;
    const TreatedColumn r = treat_column(spec, x);
    BOOST_TEST((r.before.pass == std::optional<bool>(false)));
    BOOST_TEST(r.winsorised.value_or(-1) == 1);
    BOOST_TEST((r.after_winsorising->pass == std::optional<bool>(false)));
    BOOST_TEST(close(r.after_winsorising->skew, 2.29482106136921, 1e-12));
    BOOST_TEST(r.after_fallback.has_value());
    BOOST_TEST(r.treatment == "log_CT");
    BOOST_TEST(r.x[0] == 0.0);
    BOOST_TEST(close(r.x[12], std::log(2.0), 1e-15));
    BOOST_TEST(close(r.x[13], std::log(101.0), 1e-15));
    for (const auto& p : r.points) BOOST_TEST(p == "log_CT");

    // Applied to the Winsorised values instead: 100 -> 1 first, a = 0.01, log(x + 0.01).
    spec.fallback_on_winsorised = true;
    const TreatedColumn c = treat_column(spec, x);
    BOOST_TEST(c.treatment == "winsorise+log_CT");
    BOOST_TEST(close(c.x[13], std::log(1.01), 1e-15));
    BOOST_TEST(c.points[13] == "winhi+log_CT");
    BOOST_TEST(c.points[0] == "log_CT");

    // No fallback: the Winsorised values stay.
    spec.fallback_on_winsorised = false;
    spec.fallback = NoFallback{};
    const TreatedColumn n = treat_column(spec, x);
    BOOST_TEST(n.x[13] == 1.0);
    BOOST_TEST(n.treatment == "winsorise");
    BOOST_TEST(n.points[13] == "winhi");
    BOOST_TEST(!n.after_fallback.has_value());
}

BOOST_AUTO_TEST_CASE(transforms_by_hand) {
    // x = 1, 2, 4 (min 1, max 4).
    const Eigen::VectorXd x = vec({1, 2, missing, 4});
    // log_CT: a = 0.03; log(x - 1 + 0.03).
    const Eigen::VectorXd ct = transform_column(LogCT{}, x);
    BOOST_TEST(close(ct[0], std::log(0.03), 1e-15));
    BOOST_TEST(close(ct[3], std::log(3.03), 1e-15));
    BOOST_TEST(std::isnan(ct[2]));
    // log_CT_plus: skew > 0 gives log_CT; for 1, 3, 4 (skew < 0): -log(4 + 0.03 - x).
    BOOST_TEST(close(transform_column(LogCTPlus{}, x)[1], std::log(1.03), 1e-15));
    const Eigen::VectorXd neg = transform_column(LogCTPlus{}, vec({1, 3, 4}));
    BOOST_TEST(close(neg[0], -std::log(3.03), 1e-15));
    BOOST_TEST(close(neg[2], -std::log(0.03), 1e-12));  // 4 + 0.03 - 4 is 0.03 to 1e-14
    // log_CT_orig: log(x - 1 + 1) = log x.
    BOOST_TEST(close(transform_column(LogCTOrig{}, x)[3], std::log(4.0), 1e-15));
    // log_GII: log((4 - 1)(x - 1) / 3 + 1) = log x.
    BOOST_TEST(close(transform_column(LogGII{}, x)[1], std::log(2.0), 1e-15));
    // Box-Cox, power 0.5, shifted to x - 1 + 1 = x: 2 (sqrt(x) - 1): 0, 2 (sqrt 2 - 1), 2.
    const Eigen::VectorXd bc = transform_column(BoxCox{}, x);
    BOOST_TEST(bc[0] == 0.0);
    BOOST_TEST(close(bc[1], 2 * (std::sqrt(2.0) - 1), 1e-15));
    BOOST_TEST(close(bc[3], 2.0, 1e-15));
    BOOST_TEST(close(transform_column(BoxCox{0.0, true}, x)[3], std::log(4.0), 1e-15));
    // Undefined results are errors: Box-Cox of a negative value unshifted, GII log with max < 0.
    BOOST_CHECK_THROW((void)transform_column(BoxCox{0.5, false}, vec({-1, 2, 3})), NumericError);
    BOOST_CHECK_THROW((void)transform_column(LogGII{}, vec({-3, -2, -1})), NumericError);
    BOOST_CHECK_THROW((void)transform_column(LogCT{}, vec({missing, missing})), NumericError);
}

BOOST_AUTO_TEST_CASE(undefined_check_is_an_error) {
    // Two observed values: skewness undefined, pass/fail cannot be decided.
    BOOST_CHECK_THROW((void)treat_column(TreatSpec{}, vec({1, missing, 2})), NumericError);
    BOOST_CHECK_THROW((void)treat_column(TreatSpec{}, vec({3, 3, 3, 3, 3})), NumericError);
}

BOOST_AUTO_TEST_CASE(spec_checks) {
    TreatSpec s;
    BOOST_CHECK_NO_THROW(check(s));
    s.winmax = -1;
    BOOST_CHECK_THROW(check(s), MethodError);
    s = TreatSpec{};
    s.skew_threshold = missing;
    BOOST_CHECK_THROW(check(s), MethodError);
    s = TreatSpec{};
    s.winmax = 0;
    s.fallback = NoFallback{};
    BOOST_CHECK_THROW(check(s), MethodError);  // treats nothing
    s = TreatSpec{};
    s.fallback = BoxCox{missing, true};
    BOOST_CHECK_THROW(check(s), MethodError);
}

BOOST_AUTO_TEST_SUITE_END()

// --- the step on the ASEM data --------------------------------------------------------------------

BOOST_FIXTURE_TEST_SUITE(asem_treat, Asem)

BOOST_AUTO_TEST_CASE(default_treated_matches_coinr) {
    const StepOutput out = apply(Treat{}, framework, data);
    check_data(out.data, coinr_dir() / "f_treat_default_treated.csv", 49);
    check_details(table_of(out, "TreatmentDetails"), coinr_dir() / "f_treat_default_details.csv");
    check_points(table_of(out, "TreatedPoints"), out.data, coinr_dir() / "f_treat_default_points.csv");
}

BOOST_AUTO_TEST_CASE(untouched_cells_are_bit_identical) {
    const StepOutput out = apply(Treat{}, framework, data);
    const auto& points = table_of(out, "TreatedPoints");
    std::size_t untouched = 0;
    for (const auto& code : framework.indicators()) {
        const auto& p = texts(points, code);
        for (Eigen::Index u = 0; u < data.unit_count(); ++u) {
            if (!p[static_cast<std::size_t>(u)].empty()) continue;
            const double a = data.values()(u, data.column_index(code));
            const double b = out.data.values()(u, out.data.column_index(code));
            BOOST_TEST(((std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0));
            ++untouched;
        }
    }
    BOOST_TEST(untouched > 2000u);
    BOOST_TEST(data == read_dataset(asem_dir() / "iData.csv", framework));  // input unchanged
}

BOOST_AUTO_TEST_CASE(default_scores_and_ranks_match_coinr) {
    const StepOutput treated = apply(Treat{}, framework, data);
    const StepOutput normalised = apply(Normalise{MinMax{0, 100}, {}}, framework, treated.data);
    const StepOutput aggregated = apply(Aggregate{ArithmeticMean{}, {}, {}}, framework, normalised.data);
    const Results r(
        framework,
        {{"Raw", data}, {"Treated", treated.data}, {"Normalised", normalised.data}, {"Aggregated", aggregated.data}});
    check_data(r.scores(), coinr_dir() / "f_treat_default_scores.csv", 60);
    const Reference ranks = read_reference(coinr_dir() / "f_treat_default_ranks.csv");
    const Dataset got = r.ranks();
    BOOST_REQUIRE_EQUAL(ranks.units.size(), static_cast<std::size_t>(got.unit_count()));
    for (std::size_t u = 0; u < ranks.units.size(); ++u)
        for (std::size_t c = 0; c < ranks.columns.size(); ++c) {
            const double e = ranks.values[u][c];
            const double a = got.value(ranks.units[u], ranks.columns[c]);
            BOOST_TEST_CONTEXT(ranks.units[u] << " " << ranks.columns[c])
            BOOST_TEST(((std::isnan(e) && std::isnan(a)) || e == a));
        }
}

BOOST_AUTO_TEST_CASE(example_build_matches_coinr) {
    // COINr's example treats the screened data, which equals the imputed data (no unit removed).
    const Dataset imputed = read_dataset(coinr_dir() / "h_example_imputed.csv", framework);
    const StepOutput out = apply(Treat{}, framework, imputed);
    check_data(out.data, coinr_dir() / "h_example_treated.csv", 49);
    check_details(table_of(out, "TreatmentDetails"), coinr_dir() / "h_example_treat_details.csv");
    check_points(table_of(out, "TreatedPoints"), out.data, coinr_dir() / "h_example_treat_points.csv");
}

BOOST_AUTO_TEST_CASE(per_indicator_specs_are_applied) {
    // Flights fails (skew 2.103, kurt 4.509) and needs one Winsorised point by default.
    // With a skew threshold of 3 it passes and stays untreated; with winmax = 0 it goes straight to
    // log_CT of the raw values. Other indicators are treated as by default.
    const StepOutput def = apply(Treat{}, framework, data);
    Treat step;
    TreatSpec lenient;
    lenient.skew_threshold = 3;
    TreatSpec log_only;
    log_only.winmax = 0;
    step.per_node = {{"Flights", lenient}, {"Gas", log_only}};
    const StepOutput out = apply(step, framework, data);
    const Table& details = table_of(out, "TreatmentDetails");

    BOOST_TEST((out.data.column("Flights") == data.column("Flights")));
    BOOST_TEST((def.data.column("Flights") != data.column("Flights")));
    BOOST_TEST((logicals(details, "check_SkewKurt0.Pass")[row_of(details, "Flights")] == std::optional<bool>(true)));
    BOOST_TEST(std::isnan(numbers(details, "winsorise.nwin")[row_of(details, "Flights")]));

    const Eigen::VectorXd gas = data.column("Gas");
    const Eigen::VectorXd logged = transform_column(LogCT{}, gas);
    const Eigen::VectorXd got = out.data.column("Gas");
    for (Eigen::Index u = 0; u < gas.size(); ++u)
        BOOST_TEST(((std::isnan(got[u]) && std::isnan(logged[u])) || got[u] == logged[u]));
    const std::size_t g = row_of(details, "Gas");
    BOOST_TEST(numbers(details, "winsorise.nwin")[g] == 0.0);
    BOOST_TEST(texts(details, "Treatment")[g] == "log_CT");
    BOOST_TEST(!std::isnan(numbers(details, "check_SkewKurt2.Skew")[g]));
    BOOST_TEST(texts(table_of(out, "TreatedPoints"), "Gas")[0] == (std::isnan(gas[0]) ? "" : "log_CT"));

    BOOST_TEST((out.data.column("Goods") == def.data.column("Goods")));
}

BOOST_AUTO_TEST_CASE(excluded_indicator_is_untouched) {
    Treat step;
    step.exclude = {"Goods"};
    const StepOutput out = apply(step, framework, data);
    const Eigen::Index in = data.column_index("Goods");
    const Eigen::Index col = out.data.column_index("Goods");
    for (Eigen::Index u = 0; u < data.unit_count(); ++u) {
        const double a = data.values()(u, in);
        const double b = out.data.values()(u, col);
        BOOST_TEST(((std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0));
        BOOST_TEST(out.data.flags()(u, col) == data.flags()(u, in));
    }
    const Table& details = table_of(out, "TreatmentDetails");
    const std::size_t r = row_of(details, "Goods");
    BOOST_TEST(texts(details, "Treatment")[r] == "excluded");
    BOOST_TEST(!logicals(details, "check_SkewKurt0.Pass")[r].has_value());
    for (const auto& p : texts(table_of(out, "TreatedPoints"), "Goods")) BOOST_TEST(p.empty());
    // By default Goods is Winsorised (2 points).
    BOOST_TEST((apply(Treat{}, framework, data).data.column("Goods") != data.column("Goods")));
}

BOOST_AUTO_TEST_CASE(flags_are_carried) {
    // An imputed flag on a cell that is then Winsorised keeps both bits.
    const StepOutput def = apply(Treat{}, framework, data);
    const auto& points = texts(table_of(def, "TreatedPoints"), "Flights");
    const auto u = static_cast<Eigen::Index>(std::find(points.begin(), points.end(), "winhi") - points.begin());
    BOOST_REQUIRE(u < data.unit_count());
    CellFlags flags = CellFlags::Zero(data.unit_count(), data.column_count());
    flags(u, data.column_index("Flights")) = cell_imputed;
    flags(0, data.column_index("LPI")) = cell_imputed;
    const Dataset flagged = data.with_values(data.columns(), data.values(), flags);
    const StepOutput out = apply(Treat{}, framework, flagged);
    BOOST_TEST(out.data.flags()(u, out.data.column_index("Flights")) == (cell_imputed | cell_treated));
    BOOST_TEST(out.data.flags()(0, out.data.column_index("LPI")) == cell_imputed);
}

BOOST_AUTO_TEST_CASE(standard_errors_are_kept_where_untouched_and_dropped_where_treated) {
    // Every cell with a standard error of 0.5: a treated cell's value is no longer the one the SE
    // describes, so its SE is unknown (NaN); an untouched cell keeps its own.
    const Eigen::MatrixXd se = Eigen::MatrixXd::Constant(data.unit_count(), data.column_count(), 0.5);
    const Dataset with_se = data.with_values(data.columns(), data.values(), data.flags(), se);
    const StepOutput out = apply(Treat{}, framework, with_se);
    BOOST_REQUIRE(out.data.has_standard_errors());
    const auto& points = table_of(out, "TreatedPoints");
    std::size_t treated = 0, kept = 0;
    for (const auto& code : framework.indicators()) {
        const auto& p = texts(points, code);
        const Eigen::Index j = out.data.column_index(code);
        for (Eigen::Index u = 0; u < data.unit_count(); ++u) {
            const double e = out.data.standard_errors()(u, j);
            if (p[static_cast<std::size_t>(u)].empty()) {
                BOOST_TEST(e == 0.5);
                ++kept;
            } else {
                BOOST_TEST(std::isnan(e), code << " unit " << u);
                ++treated;
            }
        }
    }
    BOOST_TEST(treated > 0u);
    BOOST_TEST(kept > 2000u);
}

BOOST_AUTO_TEST_CASE(bad_specs_are_errors) {
    Treat unknown;
    unknown.per_node = {{"NoSuchCode", TreatSpec{}}};
    BOOST_CHECK_THROW((void)apply(unknown, framework, data), MethodError);
    Treat aggregate;
    aggregate.per_node = {{"Conn", TreatSpec{}}};  // a pillar, not an indicator
    BOOST_CHECK_THROW((void)apply(aggregate, framework, data), MethodError);
    Treat bad_exclude;
    bad_exclude.exclude = {"NoSuchCode"};
    BOOST_CHECK_THROW((void)apply(bad_exclude, framework, data), MethodError);
    Treat twice;
    twice.exclude = {"LPI", "LPI"};
    BOOST_CHECK_THROW((void)apply(twice, framework, data), MethodError);
    Treat both;
    both.exclude = {"LPI"};
    both.per_node = {{"LPI", TreatSpec{}}};
    BOOST_CHECK_THROW((void)apply(both, framework, data), MethodError);
    Treat all;
    all.exclude = framework.indicators();
    BOOST_CHECK_THROW((void)apply(all, framework, data), MethodError);
    Treat bad_spec;
    bad_spec.per_node = {{"LPI", TreatSpec{}}};
    bad_spec.per_node["LPI"].winmax = -2;
    BOOST_CHECK_THROW((void)apply(bad_spec, framework, data), MethodError);
    try {
        (void)apply(unknown, framework, data);
    } catch (const MethodError& e) {
        BOOST_TEST(std::string(e.what()).find("NoSuchCode") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(undefined_indicator_is_an_error_naming_it) {
    // An indicator with all values missing: the check is undefined; the message names it.
    Eigen::MatrixXd values = data.values();
    values.col(data.column_index("LPI")).setConstant(missing);
    const Dataset holes = data.with_values(data.columns(), values);
    try {
        (void)apply(Treat{}, framework, holes);
        BOOST_FAIL("expected NumericError");
    } catch (const NumericError& e) {
        BOOST_TEST(std::string(e.what()).find("\"LPI\"") != std::string::npos);
    }
    // Excluding it is the way out.
    Treat step;
    step.exclude = {"LPI"};
    BOOST_CHECK_NO_THROW((void)apply(step, framework, holes));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(fallbacks_are_built_by_name) {
    // The generic method reader (files, CLI, Python) finds every fallback through fields().
    const TreatFallback b = detail::make_method<TreatFallback>("boxcox", {{"power", 0.0}});
    BOOST_TEST((b == TreatFallback{BoxCox{0.0, true}}));
    BOOST_TEST((detail::make_method<TreatFallback>("log_CT", {}) == TreatFallback{LogCT{}}));
    BOOST_TEST(detail::method_names<TreatFallback>().size() == 6u);
    try {
        (void)detail::make_method<TreatFallback>("log10", {});
        BOOST_FAIL("expected MethodError");
    } catch (const MethodError& e) {
        BOOST_TEST(std::string(e.what()).find("treatment fallback") != std::string::npos);
    }
    BOOST_CHECK_THROW((void)detail::make_method<TreatFallback>("boxcox", {{"power", std::string("x")}}), MethodError);
}

BOOST_AUTO_TEST_CASE(parameters_are_checked_without_a_framework) {
    // check(step) is what Python runs at construction: the spec and every per-node spec.
    BOOST_CHECK_NO_THROW(check(Treat{}));
    Treat bad_spec;
    bad_spec.spec.winmax = -1;
    BOOST_CHECK_EXCEPTION(check(bad_spec), MethodError,
                          message_has<MethodError>({"treat step, spec: ", "winmax >= 0", "-1"}));
    Treat bad_override;
    bad_override.per_node["LPI"].fallback = BoxCox{std::numeric_limits<double>::quiet_NaN(), true};
    BOOST_CHECK_EXCEPTION(check(bad_override), MethodError,
                          message_has<MethodError>({"per-node spec for \"LPI\"", "boxcox: expected a finite power"}));
}
