#define BOOST_TEST_MODULE normalise_coinr
#include <boost/test/unit_test.hpp>

// Every normalisation method against COINr 1.1.14 on the ASEM raw data (the norm_*.csv files of
// tests/reference/coinr, made by Normalise(coin, dset = "Raw", global_specs = list(f_n = ...))
// with the directions of iMeta; see that folder's README.md and VERSIONS.txt). Tolerance 1e-9
// relative; missing where COINr has missing; ranks and Borda scores exactly equal.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "test_support.hpp"

using namespace govindex;
using namespace govindex::testing;

namespace {

// A reference CSV read cell by cell: "" and "NA" missing, R's "Inf", "-Inf" and "NaN" kept
// (norm_fracmax.csv has them), everything else a finite number.
struct RefTable {
    std::vector<std::string> units;
    std::vector<std::string> columns;
    std::vector<std::vector<double>> values;  // [unit][column]
};

double parse_r_number(const std::string& cell, const CsvTable& t, std::size_t r, const std::string& column) {
    if (cell == "Inf") return std::numeric_limits<double>::infinity();
    if (cell == "-Inf") return -std::numeric_limits<double>::infinity();
    if (cell == "NaN") return std::numeric_limits<double>::quiet_NaN();
    return parse_number(cell, {t.source, t.lines[r]}, column);
}

RefTable read_table(const std::string& file) {
    const CsvTable t = read_csv(coinr_dir() / file);
    RefTable out;
    BOOST_REQUIRE(t.header.at(0) == "uCode");
    out.columns.assign(t.header.begin() + 1, t.header.end());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        out.units.push_back(t.rows[r][0]);
        std::vector<double> row;
        for (std::size_t c = 1; c < t.header.size(); ++c)
            row.push_back(parse_r_number(t.rows[r][c], t, r, t.header[c]));
        out.values.push_back(std::move(row));
    }
    return out;
}

struct AsemNormalised : Asem {
    Dataset normalise(const NormaliseMethod& method) const {
        return apply(Normalise{method, {}}, framework, data).data;
    }
};

// Compares every unit and every reference column in `columns` (all when empty); returns the
// largest relative difference seen.
double compare(const Dataset& got, const RefTable& ref, bool exact, const std::set<std::string>& columns = {}) {
    BOOST_REQUIRE_EQUAL(static_cast<std::size_t>(got.unit_count()), ref.units.size());
    double worst = 0.0;
    std::size_t compared = 0, expected_count = 0;
    for (std::size_t c = 0; c < ref.columns.size(); ++c) {
        if (!columns.empty() && !columns.count(ref.columns[c])) continue;
        expected_count += ref.units.size();
        for (std::size_t u = 0; u < ref.units.size(); ++u) {
            const double expected = ref.values[u][c];
            const double actual = got.value(ref.units[u], ref.columns[c]);
            BOOST_TEST_CONTEXT(ref.units[u] << " " << ref.columns[c] << ": " << actual << " vs " << expected) {
                BOOST_TEST(std::isfinite(expected) == !std::isnan(actual));
                if (exact)
                    BOOST_TEST(((std::isnan(expected) && std::isnan(actual)) || expected == actual));
                else
                    BOOST_TEST(close(actual, expected));
            }
            if (!std::isnan(expected) && !std::isnan(actual) && expected != actual)
                worst = std::max(worst, std::abs(actual - expected) / std::max(std::abs(expected), 1e-300));
            ++compared;
        }
    }
    BOOST_TEST(compared == expected_count);
    BOOST_TEST(compared > 0u);
    return worst;
}

void report(const std::string& file, double worst) {
    BOOST_TEST_MESSAGE(file << ": max relative difference " << worst);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(asem_raw, AsemNormalised)

BOOST_AUTO_TEST_CASE(reference_has_every_indicator) {
    for (const char* file :
         {"norm_minmax_0_100.csv", "norm_zscore_0_1.csv", "norm_dist2max.csv", "norm_fracmax.csv", "norm_rank.csv",
          "norm_prank.csv", "norm_borda.csv", "norm_dist2targ.csv", "norm_goalposts.csv"}) {
        const RefTable ref = read_table(file);
        BOOST_TEST_CONTEXT(file) {
            BOOST_TEST(ref.columns == framework.indicators());
            BOOST_TEST(ref.units.size() == 51u);
        }
    }
}

BOOST_AUTO_TEST_CASE(minmax_0_100) {
    const double worst = compare(normalise(MinMax{0, 100}), read_table("norm_minmax_0_100.csv"), false);
    report("norm_minmax_0_100.csv", worst);
}

BOOST_AUTO_TEST_CASE(zscore_0_1) {
    const double worst = compare(normalise(ZScore{0, 1}), read_table("norm_zscore_0_1.csv"), false);
    report("norm_zscore_0_1.csv", worst);
}

BOOST_AUTO_TEST_CASE(dist2max) {
    const double worst = compare(normalise(DistanceToMax{}), read_table("norm_dist2max.csv"), false);
    report("norm_dist2max.csv", worst);
}

// COINr's n_rank default ties.method = "min" (norm_rank.csv has no half ranks: e.g. the 38 units
// with TIRcon = 1 all have rank 14).
BOOST_AUTO_TEST_CASE(rank) {
    const RefTable ref = read_table("norm_rank.csv");
    report("norm_rank.csv", compare(normalise(Rank{}), ref, true));
    BOOST_TEST(normalise(Rank{"min"}) == normalise(Rank{}));
    // The same data with averaged ties differs exactly where there are ties.
    const Dataset avg = normalise(Rank{"average"});
    // TIRcon: 13 zeros (AUS among them) share ranks 1..13, 38 ones (AUT) share 14..51.
    BOOST_TEST(avg.value("AUS", "TIRcon") == 7.0);
    BOOST_TEST(avg.value("AUT", "TIRcon") == 32.5);
    BOOST_TEST(normalise(Rank{"max"}).value("AUS", "TIRcon") == 13.0);
    BOOST_TEST(normalise(Rank{"max"}).value("AUT", "TIRcon") == 51.0);
    BOOST_TEST(normalise(Rank{}).value("AUS", "TIRcon") == 1.0);
    BOOST_TEST(normalise(Rank{}).value("AUT", "TIRcon") == 14.0);
}

BOOST_AUTO_TEST_CASE(prank) {
    const double worst = compare(normalise(PercentRank{}), read_table("norm_prank.csv"), false);
    report("norm_prank.csv", worst);
}

BOOST_AUTO_TEST_CASE(borda) {
    report("norm_borda.csv", compare(normalise(Borda{}), read_table("norm_borda.csv"), true));
}

// Target from iMeta's Target column (Node::target), no cap: (x - min) / (target - min) on the
// direction-adjusted values, with the target multiplied by the direction.
BOOST_AUTO_TEST_CASE(dist2targ) {
    const RefTable ref = read_table("norm_dist2targ.csv");
    const double worst = compare(normalise(DistanceToTarget{}), ref, false);
    report("norm_dist2targ.csv", worst);
    // Without a cap some units pass their target (Cov4G, AUT: 98 with target 95).
    BOOST_TEST(normalise(DistanceToTarget{}).value("AUT", "Cov4G") > 1.0);
    BOOST_TEST(normalise(DistanceToTarget{true}).value("AUT", "Cov4G") == 1.0);
}

// Goalposts from norm_goalposts_params.csv, put on the indicator rows as the attributes COINr's
// f_n_para = "use_iMeta" reads.
BOOST_AUTO_TEST_CASE(goalposts) {
    const CsvTable params = read_csv(coinr_dir() / "norm_goalposts_params.csv");
    BOOST_REQUIRE(params.header == (std::vector<std::string>{"iCode", "goalpost_lower", "goalpost_upper",
                                                             "goalpost_scale", "goalpost_trunc2posts"}));
    std::map<std::string, std::vector<std::string>> by_code;
    for (const auto& row : params.rows) by_code[row[0]] = row;
    std::vector<Node> nodes = framework.nodes();
    std::size_t given = 0;
    for (Node& n : nodes) {
        if (n.type != NodeType::indicator) continue;
        const auto& row = by_code.at(n.code);
        for (std::size_t c = 1; c < params.header.size(); ++c) n.attributes[params.header[c]] = row[c];
        ++given;
    }
    BOOST_TEST(given == 49u);
    const Framework with_posts(nodes);
    const Dataset got = apply(Normalise{Goalposts{}, {}}, with_posts, data).data;
    report("norm_goalposts.csv", compare(got, read_table("norm_goalposts.csv"), false));

    // The same posts given explicitly for one indicator (per-node) give the same column.
    Normalise explicit_posts{Goalposts{}, {}};
    explicit_posts.per_node["PrimEner"] = Goalposts{70.39, 159.5, 100, true};
    const Dataset again = apply(explicit_posts, with_posts, data).data;
    for (const auto& unit : data.unit_codes()) {
        const double a = again.value(unit, "PrimEner"), b = got.value(unit, "PrimEner");
        BOOST_TEST_CONTEXT(unit) BOOST_TEST(((std::isnan(a) && std::isnan(b)) || a == b));
    }

    // The ASEM framework has no goalpost columns: a MethodError naming the indicator and column.
    BOOST_CHECK_EXCEPTION((void)normalise(Goalposts{}), MethodError, [](const MethodError& e) {
        const std::string m = e.what();
        return m.find("\"LPI\"") != std::string::npos && m.find("goalpost_lower") != std::string::npos &&
               m.find("iMeta.csv line 2") != std::string::npos;
    });
}

// COINr's n_fracmax divides the direction-adjusted values by their maximum. For the 14
// negative-direction indicators that maximum is <= 0 (every raw value is >= 0), so COINr returns
// Inf, NaN or scores that reverse the order (norm_fracmax.csv: CostImpEx has Inf and NaN, TBTs
// 205 and 1144). govindex reproduces the 35 positive-direction columns and raises NumericError
// for the others.
BOOST_AUTO_TEST_CASE(fracmax) {
    const RefTable ref = read_table("norm_fracmax.csv");
    std::vector<Node> nodes;
    std::set<std::string> positive, negative;
    for (const Node& n : framework.nodes()) {
        if (n.type == NodeType::indicator && n.direction == -1) {
            negative.insert(n.code);
            continue;
        }
        if (n.type == NodeType::indicator) positive.insert(n.code);
        nodes.push_back(n);
    }
    BOOST_TEST(positive.size() == 35u);
    BOOST_TEST(negative.size() == 14u);
    const Framework positive_only(nodes);
    std::vector<std::string> columns(positive_only.indicators());
    Eigen::MatrixXd values(data.unit_count(), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) values.col(static_cast<Eigen::Index>(j)) = data.column(columns[j]);
    const Dataset positive_data(data.shared_units(), columns, values);
    const Dataset got = apply(Normalise{FractionOfMax{}, {}}, positive_only, positive_data).data;
    report("norm_fracmax.csv (35 positive-direction columns)", compare(got, ref, false, positive));

    // What COINr gives for the negative-direction columns is not a score ...
    const auto col = [&](const std::string& code) {
        return static_cast<std::size_t>(std::find(ref.columns.begin(), ref.columns.end(), code) - ref.columns.begin());
    };
    bool non_finite = false, above_one = false;
    for (const auto& code : negative)
        for (const auto& row : ref.values) {
            const double v = row[col(code)];
            non_finite = non_finite || (std::isinf(v) || (std::isnan(v)));
            above_one = above_one || (std::isfinite(v) && v > 1.0);
        }
    BOOST_TEST(non_finite);
    BOOST_TEST(above_one);
    // ... so every one of them is a NumericError naming the indicator.
    for (const auto& code : negative) {
        const Node& n = framework.node(code);
        const Eigen::VectorXd x = data.column(code) * -1.0;
        BOOST_CHECK_EXCEPTION((void)normalise_column(FractionOfMax{}, x, ColumnContext{n, data.units()}), NumericError,
                              [&](const NumericError& e) {
                                  return std::string(e.what()).find("fracmax of indicator \"" + code + "\"") !=
                                         std::string::npos;
                              });
    }
    BOOST_CHECK_THROW((void)normalise(FractionOfMax{}), NumericError);
}

// dist2ref has no COINr reference file; check it against its definition on the ASEM data:
// with the reference unit at the maximum it equals dist2max.
BOOST_AUTO_TEST_CASE(dist2ref_at_the_best_unit_equals_dist2max) {
    const Node& lpi = framework.node("LPI");
    const Eigen::VectorXd x = data.column("LPI");
    Eigen::Index best = 0;
    x.maxCoeff(&best);
    const std::string best_code = data.unit_codes()[static_cast<std::size_t>(best)];
    const ColumnContext context{lpi, data.units()};
    const Eigen::VectorXd a = normalise_column(DistanceToReference{best_code, false}, x, context);
    const Eigen::VectorXd b = normalise_column(DistanceToMax{}, x, context);
    for (Eigen::Index i = 0; i < x.size(); ++i) BOOST_TEST(close(a[i], b[i], 1e-15));
}

BOOST_AUTO_TEST_SUITE_END()
