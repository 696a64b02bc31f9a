// Survey estimates: a one-stage stratified cluster design, post-stratification, and means, totals,
// proportions, ratios and quantiles with Taylor-linearisation variances (R's survey package).
// Every estimate is a weighted sum over rows; its linearised variable u_i = a_d (y_i - b_d x_i)
// (zero outside domain d) is summed once per row into its (PSU, domain) cell, so a call costs two
// passes over the rows per variable whatever the number of domains, plus one pass over the cells.
// Guide: docs/guide/survey.md.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <type_traits>
#include <utility>

#include <Eigen/Householder>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "detail/parallel_for.hpp"
#include "detail/random.hpp"
#include "govindex/detail/format.hpp"
#include "govindex/engines/survey/survey.hpp"
#include "govindex/errors.hpp"

namespace govindex {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
using detail::exact_number;
using detail::in_quotes;

std::string count_text(std::size_t n, const char* what) { return std::to_string(n) + " " + what; }

/// A power of two that brings the largest finite |value| near 1 when it lies outside
/// [2^-200, 2^200] (about 1e+-60), else 1 (results then unchanged bit for bit). Scaling by a
/// power of two is exact, so sums and squares of products of weights and values as large as
/// 1e306 (or as small as 1e-306) are formed without overflow (underflow) and scaled back.
double scale_for(double top) {
    if (top == 0 || (top >= 0x1p-200 && top <= 0x1p200)) return 1.0;
    return std::ldexp(1.0, -std::ilogb(top));
}

double power_scale(const double* v, std::size_t n) {
    double top = 0;  // NaN (a missing value) never replaces it: max(top, NaN) is top
    for (std::size_t i = 0; i < n; ++i) top = std::max(top, std::abs(v[i]));
    return std::isfinite(top) ? scale_for(top) : 1.0;
}

InputError length_error(const std::string& source, const std::string& column, Eigen::Index expected, Eigen::Index found,
                        const std::string& of) {
    return located_error<InputError>(
        {.source = source, .column = column},
        "expected " + std::to_string(expected) + " values (as many as " + of + "), found " + std::to_string(found));
}

void check_codes(const Factor& f, Eigen::Index n, const std::string& source, const std::string& column,
                 const std::string& of, const char* what, bool allow_missing) {
    if (f.codes.size() != n) throw length_error(source, column, n, f.codes.size(), of);
    const int levels = static_cast<int>(f.levels.size());
    for (Eigen::Index i = 0; i < n; ++i) {
        const int c = f.codes[i];
        if (c == -1 && allow_missing) continue;
        if (c == -1)
            throw located_error<InputError>({.source = source, .line = static_cast<long>(i + 1), .column = column},
                                            std::string("expected ") + what + ", found a missing value");
        if (c < -1 || c >= levels)
            throw located_error<InputError>(
                {.source = source, .line = static_cast<long>(i + 1), .column = column},
                "expected a code in [-1, " + std::to_string(levels) + "), found " + std::to_string(c));
    }
}

}  // namespace

Factor make_factor(const std::vector<std::string>& values) {
    Factor f;
    const std::set<std::string> distinct(values.begin(), values.end());
    f.levels.assign(distinct.begin(), distinct.end());
    f.codes.resize(static_cast<Eigen::Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
        f.codes[static_cast<Eigen::Index>(i)] =
            static_cast<int>(std::lower_bound(f.levels.begin(), f.levels.end(), values[i]) - f.levels.begin());
    return f;
}

// --- the design -----------------------------------------------------------------------------------

SurveyDesign::SurveyDesign(DesignColumns columns) : columns_(std::move(columns)) {
    const DesignColumns& c = columns_;
    const bool derive = c.weights.size() == 0 && c.fpc.size() != 0;  // R: weights from the fpc of every stage
    const Eigen::Index n = derive ? c.fpc.size() : c.weights.size();
    const std::string of =
        derive ? "the fpc column " + in_quotes(c.fpc_column) : "the weights column " + in_quotes(c.weights_column);
    if (n == 0)
        throw located_error<InputError>({.source = c.source, .column = c.weights_column},
                                        "expected one weight per respondent (or, without weights, an fpc for every "
                                        "stage to derive them from), found no rows");
    if (n > std::numeric_limits<std::int32_t>::max() - 1)
        throw located_error<InputError>({.source = c.source, .column = c.weights_column},
                                        "expected fewer than 2^31 rows, found " + std::to_string(n));
    for (Eigen::Index i = 0; i < (derive ? 0 : n); ++i) {
        const double w = c.weights[i];
        if (!(std::isfinite(w) && w > 0))
            throw located_error<InputError>(
                {.source = c.source, .line = static_cast<long>(i + 1), .column = c.weights_column},
                "expected a weight > 0, found " + (std::isnan(w) ? std::string("a missing value") : exact_number(w)));
    }
    if (c.strata) check_codes(*c.strata, n, c.source, c.strata_column, of, "a stratum", false);
    if (c.clusters) check_codes(*c.clusters, n, c.source, c.clusters_column, of, "a cluster", false);
    if (c.fpc.size() != 0 && c.fpc.size() != n) throw length_error(c.source, c.fpc_column, n, c.fpc.size(), of);

    // Strata: the levels that occur, in level order.
    std::vector<std::int32_t> row_stratum(static_cast<std::size_t>(n), 0);
    if (c.strata) {
        std::vector<std::int32_t> renumber(c.strata->levels.size(), -1);
        for (Eigen::Index i = 0; i < n; ++i) renumber[static_cast<std::size_t>(c.strata->codes[i])] = 0;
        for (std::size_t l = 0; l < renumber.size(); ++l)
            if (renumber[l] == 0) {
                renumber[l] = static_cast<std::int32_t>(stratum_labels_.size());
                stratum_labels_.push_back(c.strata->levels[l]);
            }
        for (Eigen::Index i = 0; i < n; ++i)
            row_stratum[static_cast<std::size_t>(i)] = renumber[static_cast<std::size_t>(c.strata->codes[i])];
    } else {
        stratum_labels_.push_back("");
    }
    const std::size_t strata_count = stratum_labels_.size();

    // PSUs: (stratum, cluster) pairs, or rows, numbered stratum by stratum (then by cluster code or row).
    const std::int64_t width = c.clusters ? static_cast<std::int64_t>(c.clusters->levels.size()) : n;
    std::vector<std::int64_t> key(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i)
        key[static_cast<std::size_t>(i)] = row_stratum[static_cast<std::size_t>(i)] * width +
                                           (c.clusters ? c.clusters->codes[i] : static_cast<std::int64_t>(i));
    std::vector<std::int64_t> keys = key;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const std::size_t psu_count = keys.size();
    row_psu_.resize(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < key.size(); ++i)
        row_psu_[i] = static_cast<std::int32_t>(std::lower_bound(keys.begin(), keys.end(), key[i]) - keys.begin());
    psu_stratum_.resize(psu_count);
    for (std::size_t p = 0; p < psu_count; ++p) psu_stratum_[p] = static_cast<std::int32_t>(keys[p] / width);
    stratum_psu_begin_.assign(strata_count + 1, 0);
    for (const std::int32_t h : psu_stratum_) ++stratum_psu_begin_[static_cast<std::size_t>(h) + 1];
    std::partial_sum(stratum_psu_begin_.begin(), stratum_psu_begin_.end(), stratum_psu_begin_.begin());
    psu_row_begin_.assign(psu_count + 1, 0);
    for (const std::int32_t p : row_psu_) ++psu_row_begin_[static_cast<std::size_t>(p) + 1];
    std::partial_sum(psu_row_begin_.begin(), psu_row_begin_.end(), psu_row_begin_.begin());
    psu_rows_.resize(static_cast<std::size_t>(n));
    {
        std::vector<std::int32_t> next(psu_row_begin_.begin(), psu_row_begin_.end() - 1);
        for (std::size_t i = 0; i < row_psu_.size(); ++i)
            psu_rows_[static_cast<std::size_t>(next[static_cast<std::size_t>(row_psu_[i])]++)] =
                static_cast<std::int32_t>(i);
    }
    auto stratum_name = [&](std::size_t h) {
        return c.strata ? "stratum " + in_quotes(stratum_labels_[h]) : std::string("the design (one stratum)");
    };

    // Sampling fractions from the fpc: population counts (all > 1) or fractions (all <= 1), one per stratum.
    stratum_fraction_.assign(strata_count, 0.0);
    if (c.fpc.size() != 0) {
        const bool fractions = (c.fpc.array() <= 1.0).all();
        std::vector<Eigen::Index> first_row(strata_count, -1);
        for (Eigen::Index i = 0; i < n; ++i) {
            const double v = c.fpc[i];
            const auto h = static_cast<std::size_t>(row_stratum[static_cast<std::size_t>(i)]);
            const ErrorLocation at{.source = c.source, .line = static_cast<long>(i + 1), .column = c.fpc_column};
            if (!(std::isfinite(v) && v > 0))
                throw located_error<InputError>(
                    at, "expected a population count > 1 or a sampling fraction in (0, 1], found " +
                            (std::isnan(v) ? std::string("a missing value") : exact_number(v)));
            if (!fractions && v < 1)
                throw located_error<InputError>(
                    at,
                    "expected a population count >= 1 as in the other rows (a column holds counts or fractions, "
                    "not both), found " +
                        exact_number(v));
            if (first_row[h] < 0) {
                first_row[h] = i;
                const double sampled = stratum_psu_begin_[h + 1] - stratum_psu_begin_[h];
                if (!fractions && v < sampled)
                    throw located_error<InputError>(at, "expected a population count >= the " + exact_number(sampled) +
                                                            " PSUs sampled in " + stratum_name(h) + ", found " +
                                                            exact_number(v));
                stratum_fraction_[h] = fractions ? v : sampled / v;
            } else if (v != c.fpc[first_row[h]]) {
                throw located_error<InputError>(at, "expected the same fpc in every row of " + stratum_name(h) + " (" +
                                                        exact_number(c.fpc[first_row[h]]) + " in row " +
                                                        std::to_string(first_row[h] + 1) + "), found " +
                                                        exact_number(v));
            }
        }
    }

    // Lonely PSUs: a stratum with one sampled PSU that was not sampled completely.
    if (c.lonely_psu == LonelyPsu::fail)
        for (std::size_t h = 0; h < strata_count; ++h)
            if (stratum_psu_begin_[h + 1] - stratum_psu_begin_[h] == 1 && 1.0 - stratum_fraction_[h] >= 1e-7) {
                const auto p = static_cast<std::size_t>(stratum_psu_begin_[h]);
                const auto row = psu_rows_[static_cast<std::size_t>(psu_row_begin_[p])];
                std::string psu =
                    c.clusters
                        ? "cluster " + in_quotes(c.clusters->levels[static_cast<std::size_t>(c.clusters->codes[row])])
                        : "row " + std::to_string(row + 1);
                throw located_error<MethodError>(
                    {.source = c.source,
                     .line = static_cast<long>(row + 1),
                     .column = c.strata_column,
                     .node = stratum_labels_[h]},
                    stratum_name(h) + " has a single PSU (" + psu +
                        "), so its variance cannot be estimated; expected two or more PSUs per stratum, or "
                        "lonely_psu = certainty, adjust or average, found 1 PSU");
            }
    // lonely_psu = average scales the variance by strata / strata with a variance: with none (every
    // stratum a single PSU, not sampled completely) R's variance is 0 * inf = NaN; refused here.
    if (c.lonely_psu == LonelyPsu::average) {
        std::size_t lonely = 0;
        for (std::size_t h = 0; h < strata_count; ++h)
            if (stratum_psu_begin_[h + 1] - stratum_psu_begin_[h] == 1 && 1.0 - stratum_fraction_[h] >= 1e-7) ++lonely;
        if (lonely == strata_count)
            throw located_error<MethodError>(
                {.source = c.source, .column = c.strata ? c.strata_column : c.clusters_column},
                "lonely_psu = average: every stratum (" + std::to_string(strata_count) +
                    ") has a single PSU, so there is no stratum variance to average and every SE would be "
                    "NaN (as R's); expected at least one stratum with two or more PSUs, or lonely_psu = "
                    "certainty or adjust, found " +
                    std::to_string(lonely) + " single-PSU strata");
    }
    index_later_stages();
    if (derive) derive_weights();
    weights_ = columns_.weights;
    weight_scale_ = base_weight_scale_ = power_scale(weights_.data(), static_cast<std::size_t>(n));
}

void SurveyDesign::derive_weights() {
    // R's svydesign without weights: probs = 1 / (popsize / sampsize) per stage (as.fpc, with
    // popsize = sampsize / fpc for fractions), prob = their product, weight = 1 / prob; sampsize is
    // the number of units sampled in the row's stratum (stage 1) or in its unit of the stage before.
    DesignColumns& c = columns_;
    const Eigen::Index n = c.fpc.size();
    for (std::size_t k = 0; k < c.later_stages.size(); ++k)
        if (c.later_stages[k].fpc.size() == 0)
            throw located_error<InputError>(
                {.source = c.source, .column = c.weights_column},
                "expected weights, or an fpc for every stage to derive them from (as R's svydesign), found no fpc "
                "for stage " +
                    std::to_string(k + 2) + " (clusters " + in_quotes(c.later_stages[k].clusters_column) + ")");
    const bool fractions = (c.fpc.array() <= 1.0).all();
    std::vector<bool> stage_fractions;
    for (const DesignStage& s : c.later_stages) stage_fractions.push_back((s.fpc.array() <= 1.0).all());
    Eigen::VectorXd weights(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto row = static_cast<std::size_t>(i);
        const auto h = static_cast<std::size_t>(psu_stratum_[static_cast<std::size_t>(row_psu_[row])]);
        const double sampled = stratum_psu_begin_[h + 1] - stratum_psu_begin_[h];
        double popsize = fractions ? sampled / c.fpc[i] : c.fpc[i];
        double prob = 1.0 / (popsize / sampled);
        for (std::size_t k = 0; k < stages_.size(); ++k) {
            const StageIndex& st = stages_[k];
            const auto parent = static_cast<std::size_t>(k == 0 ? row_psu_[row] : stages_[k - 1].row_unit[row]);
            const double m = st.parent_begin[parent + 1] - st.parent_begin[parent];
            const double v = c.later_stages[k].fpc[i];
            popsize = stage_fractions[k] ? m / v : v;
            prob *= 1.0 / (popsize / m);
        }
        weights[i] = 1.0 / prob;
        if (!(std::isfinite(weights[i]) && weights[i] > 0))
            throw located_error<InputError>(
                {.source = c.source, .line = static_cast<long>(i + 1), .column = c.fpc_column},
                "expected an fpc that gives a finite weight > 0 (the product over stages of population / sample "
                "size), found weight " +
                    exact_number(weights[i]));
    }
    c.weights = std::move(weights);
}

void SurveyDesign::index_later_stages() {
    const DesignColumns& c = columns_;
    if (c.later_stages.empty()) return;
    const Eigen::Index n = rows();
    const std::string of = "the weights column " + in_quotes(c.weights_column);
    if (!c.clusters)
        throw located_error<InputError>({.source = c.source, .column = c.later_stages.front().clusters_column},
                                        "expected the first stage's clusters before later stages (R's ids = ~psu + "
                                        "ssu), found later stages without first-stage clusters");
    std::vector<std::int32_t> parent = row_psu_;  // each row's unit at the stage before
    std::size_t parents = psus();
    const Factor* parent_clusters = &*c.clusters;
    bool enters = c.fpc.size() != 0;  // R: later stages count only with an fpc at every stage above
    for (std::size_t k = 0; k < c.later_stages.size(); ++k) {
        const DesignStage& s = c.later_stages[k];
        const std::string stage_name = "stage " + std::to_string(k + 2);
        check_codes(s.clusters, n, c.source, s.clusters_column, of, "a cluster", false);
        if (s.fpc.size() != 0 && s.fpc.size() != n) throw length_error(c.source, s.fpc_column, n, s.fpc.size(), of);
        const auto width = static_cast<std::int64_t>(std::max<std::size_t>(1, s.clusters.levels.size()));
        std::vector<std::int64_t> key(static_cast<std::size_t>(n));
        for (Eigen::Index i = 0; i < n; ++i)
            key[static_cast<std::size_t>(i)] = parent[static_cast<std::size_t>(i)] * width + s.clusters.codes[i];
        std::vector<std::int64_t> keys = key;
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        StageIndex ix;
        ix.row_unit.resize(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < key.size(); ++i)
            ix.row_unit[i] =
                static_cast<std::int32_t>(std::lower_bound(keys.begin(), keys.end(), key[i]) - keys.begin());
        ix.unit_parent.resize(keys.size());
        ix.parent_begin.assign(parents + 1, 0);
        for (std::size_t u = 0; u < keys.size(); ++u) {
            ix.unit_parent[u] = static_cast<std::int32_t>(keys[u] / width);
            ++ix.parent_begin[static_cast<std::size_t>(ix.unit_parent[u]) + 1];
        }
        std::partial_sum(ix.parent_begin.begin(), ix.parent_begin.end(), ix.parent_begin.begin());
        enters = enters && s.fpc.size() != 0;
        if (enters) {
            auto parent_name = [&](Eigen::Index row) {
                return (k == 0 ? "cluster " : "unit ") +
                       in_quotes(parent_clusters->levels[static_cast<std::size_t>(parent_clusters->codes[row])]) +
                       " of stage " + std::to_string(k + 1);
            };
            const bool fractions = (s.fpc.array() <= 1.0).all();
            ix.parent_fraction.assign(parents, 0.0);
            std::vector<Eigen::Index> first_row(parents, -1);
            for (Eigen::Index i = 0; i < n; ++i) {
                const double v = s.fpc[i];
                const auto p = static_cast<std::size_t>(parent[static_cast<std::size_t>(i)]);
                const ErrorLocation at{.source = c.source, .line = static_cast<long>(i + 1), .column = s.fpc_column};
                if (!(std::isfinite(v) && v > 0))
                    throw located_error<InputError>(
                        at, stage_name + ": expected a population count > 1 or a sampling fraction in (0, 1], found " +
                                (std::isnan(v) ? std::string("a missing value") : exact_number(v)));
                if (!fractions && v < 1)
                    throw located_error<InputError>(
                        at, stage_name +
                                ": expected a population count >= 1 as in the other rows (a column holds "
                                "counts or fractions, not both), found " +
                                exact_number(v));
                if (first_row[p] < 0) {
                    first_row[p] = i;
                    const double sampled = ix.parent_begin[p + 1] - ix.parent_begin[p];
                    if (!fractions && v < sampled)
                        throw located_error<InputError>(at, stage_name + ": expected a population count >= the " +
                                                                exact_number(sampled) + " units sampled in " +
                                                                parent_name(i) + ", found " + exact_number(v));
                    ix.parent_fraction[p] = fractions ? v : sampled / v;
                } else if (v != s.fpc[first_row[p]]) {
                    throw located_error<InputError>(at, stage_name + ": expected the same fpc in every row of " +
                                                            parent_name(i) + " (" + exact_number(s.fpc[first_row[p]]) +
                                                            " in row " + std::to_string(first_row[p] + 1) +
                                                            "), found " + exact_number(v));
                }
            }
            if (c.lonely_psu == LonelyPsu::fail || c.lonely_psu == LonelyPsu::average)
                for (std::size_t p = 0; p < parents; ++p)
                    if (ix.parent_begin[p + 1] - ix.parent_begin[p] == 1 && 1.0 - ix.parent_fraction[p] >= 1e-7) {
                        const Eigen::Index row = first_row[p];
                        if (c.lonely_psu == LonelyPsu::average)
                            throw located_error<MethodError>(
                                {.source = c.source,
                                 .line = static_cast<long>(row + 1),
                                 .column = s.clusters_column,
                                 .node =
                                     parent_clusters->levels[static_cast<std::size_t>(parent_clusters->codes[row])]},
                                stage_name + ": " + parent_name(row) + " has a single sampled unit (" +
                                    in_quotes(s.clusters.levels[static_cast<std::size_t>(s.clusters.codes[row])]) +
                                    ") but was not sampled completely (fpc " + exact_number(s.fpc[row]) +
                                    "); lonely_psu = average has no other stratum within it to average over, so "
                                    "every SE would be NaN (as R's); expected two or more units, or lonely_psu = "
                                    "certainty or adjust, found 1 unit");
                        throw located_error<MethodError>(
                            {.source = c.source,
                             .line = static_cast<long>(row + 1),
                             .column = s.clusters_column,
                             .node = parent_clusters->levels[static_cast<std::size_t>(parent_clusters->codes[row])]},
                            stage_name + ": " + parent_name(row) + " has a single sampled unit (" +
                                in_quotes(s.clusters.levels[static_cast<std::size_t>(s.clusters.codes[row])]) +
                                ") but was not sampled completely (fpc " + exact_number(s.fpc[row]) +
                                "), so its variance cannot be estimated; expected two or more units, or lonely_psu "
                                "= certainty, adjust or average, found 1 unit");
                    }
            stages_.push_back(std::move(ix));
        }
        if (!enters) {  // the remaining stages do not enter the variance; their columns are still checked
            for (std::size_t j = k + 1; j < c.later_stages.size(); ++j) {
                const DesignStage& t = c.later_stages[j];
                check_codes(t.clusters, n, c.source, t.clusters_column, of, "a cluster", false);
                if (t.fpc.size() != 0 && t.fpc.size() != n)
                    throw length_error(c.source, t.fpc_column, n, t.fpc.size(), of);
            }
            break;
        }
        parent = stages_.back().row_unit;
        parents = stages_.back().unit_parent.size();
        parent_clusters = &s.clusters;
    }
}

namespace {

/// A calibration column matched to its population counts: categories renumbered in level order
/// (only those in the sample), one count each. Throws InputError naming the column and category
/// when the sample and the counts disagree.
struct MatchedCategories {
    std::vector<std::int32_t> codes;  // per row, into levels
    std::vector<std::string> levels;
    std::vector<double> counts;
};

MatchedCategories match_categories(const Factor& categories, const std::map<std::string, double>& population,
                                   const std::string& column, const std::string& source, Eigen::Index n) {
    check_codes(categories, n, source, column, "the design's rows", "a category", false);
    for (const auto& [name, count] : population)
        if (!(std::isfinite(count) && count > 0))
            throw located_error<InputError>(
                {.source = "population", .column = column, .node = name},
                "category " + in_quotes(name) + ": expected a population count > 0, found " + exact_number(count));
    std::vector<Eigen::Index> first_row(categories.levels.size(), -1);
    for (Eigen::Index i = n - 1; i >= 0; --i) first_row[static_cast<std::size_t>(categories.codes[i])] = i;
    MatchedCategories out;
    std::vector<std::int32_t> renumber(categories.levels.size(), -1);
    for (std::size_t l = 0; l < categories.levels.size(); ++l) {
        if (first_row[l] < 0) continue;
        const auto it = population.find(categories.levels[l]);
        if (it == population.end())
            throw located_error<InputError>(
                {.source = source,
                 .line = static_cast<long>(first_row[l] + 1),
                 .column = column,
                 .node = categories.levels[l]},
                "category " + in_quotes(categories.levels[l]) +
                    " is in the sample but has no population count; expected a count for every category in the "
                    "sample, found none");
        renumber[l] = static_cast<std::int32_t>(out.levels.size());
        out.levels.push_back(categories.levels[l]);
        out.counts.push_back(it->second);
    }
    for (const auto& [name, count] : population)
        if (std::find(out.levels.begin(), out.levels.end(), name) == out.levels.end())
            throw located_error<InputError>(
                {.source = "population", .column = column, .node = name},
                "category " + in_quotes(name) + " has a population count (" + exact_number(count) +
                    ") but no respondent in the sample; expected only categories present in column " +
                    in_quotes(column) + ", found none");
    out.codes.resize(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i)
        out.codes[static_cast<std::size_t>(i)] = renumber[static_cast<std::size_t>(categories.codes[i])];
    return out;
}

}  // namespace

SurveyDesign SurveyDesign::post_stratify(const Factor& categories, const std::map<std::string, double>& population,
                                         const std::string& column) const {
    const std::string& source = columns_.source;
    if (post_stratified() || raked())
        throw error_at<MethodError>({.source = source, .column = column},
                                    std::string("post_stratify: the design is already ") +
                                        (raked() ? "raked" : "post-stratified") +
                                        "; expected a design without calibration (to calibrate on several "
                                        "margins, rake the uncalibrated design on all of them)");
    const Eigen::Index n = rows();
    const MatchedCategories m = match_categories(categories, population, column, source, n);
    SurveyDesign out = *this;
    out.post_strata_ = Factor{};
    out.post_strata_.levels = m.levels;
    const std::size_t groups = m.counts.size();
    out.post_strata_.codes.resize(n);
    out.post_stratum_base_sum_.assign(groups, 0.0);
    // The design weights scaled by a power of two where extreme (exact: the same calibrated weights
    // bit for bit), so that their sums do not overflow.
    const double scale = std::ldexp(1.0, -std::ilogb(columns_.weights.maxCoeff()));
    for (Eigen::Index i = 0; i < n; ++i) {
        const std::int32_t g = m.codes[static_cast<std::size_t>(i)];
        out.post_strata_.codes[i] = g;
        out.post_stratum_base_sum_[static_cast<std::size_t>(g)] += columns_.weights[i] * scale;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto g = static_cast<std::size_t>(out.post_strata_.codes[i]);
        out.weights_[i] = columns_.weights[i] * scale * m.counts[g] / out.post_stratum_base_sum_[g];
    }
    for (double& sum : out.post_stratum_base_sum_) sum /= scale;  // may be inf; estimates rescale (linear)
    out.weight_scale_ = power_scale(out.weights_.data(), static_cast<std::size_t>(n));
    return out;
}

SurveyDesign SurveyDesign::rake(const std::vector<RakeMargin>& margins, const RakeControl& control) const {
    const std::string& source = columns_.source;
    if (post_stratified() || raked())
        throw error_at<MethodError>({.source = source, .column = "margins"},
                                    std::string("rake: the design is already ") +
                                        (raked() ? "raked" : "post-stratified") +
                                        "; expected a design without calibration");
    if (margins.empty())
        throw error_at<MethodError>({.source = source, .column = "margins"},
                                    "rake: expected one or more margins, found none");
    if (control.max_iterations < 1)
        throw error_at<MethodError>({.source = source, .column = "max_iterations"},
                                    "rake: max_iterations: expected an int >= 1, found 0");
    if (control.epsilon && control.tolerance)
        throw error_at<MethodError>({.source = source, .column = "tolerance"},
                                    "rake: expected one stopping rule, epsilon (R's) or tolerance, found both");
    if (control.tolerance && !(*control.tolerance >= 0 && std::isfinite(*control.tolerance)))
        throw error_at<MethodError>(
            {.source = source, .column = "tolerance"},
            "rake: tolerance: expected a number >= 0, found " + exact_number(*control.tolerance));
    if (control.epsilon && !(*control.epsilon > 0 && std::isfinite(*control.epsilon)))
        throw error_at<MethodError>({.source = source, .column = "epsilon"},
                                    "rake: epsilon: expected a number > 0, found " + exact_number(*control.epsilon));
    const Eigen::Index n = rows();
    std::vector<MatchedCategories> matched;
    for (const RakeMargin& margin : margins) {
        matched.push_back(match_categories(margin.categories, margin.population, margin.column, source, n));
    }
    SurveyDesign out = *this;
    const std::size_t M = margins.size();
    out.rake_weights_.assign(M, Eigen::VectorXd());
    // The design weights scaled by a power of two near 1 / their largest (exact: the first
    // post-stratification gives the same weights bit for bit), so that sums of weights as large as
    // 1e306 do not overflow.
    const double scale = std::ldexp(1.0, -std::ilogb(columns_.weights.maxCoeff()));
    Eigen::VectorXd w = columns_.weights * scale;
    CalibrationReport report;
    report.method = "raking";
    report.rule = control.tolerance ? "tolerance" : "epsilon";
    for (const MatchedCategories& m : matched)
        report.margin_totals.push_back(std::accumulate(m.counts.begin(), m.counts.end(), 0.0));
    // R's rule (survey 4.1-1 rake()): the cells of svytable(~ all margins' columns), i.e. the
    // combinations of categories that occur, compared sweep to sweep; epsilon < 1 is relative to
    // the sum of the design weights.
    std::vector<std::int32_t> row_cell(static_cast<std::size_t>(n));
    std::size_t cells = 0;
    {
        std::vector<std::int32_t> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        auto less = [&](std::int32_t i, std::int32_t j) {
            for (const MatchedCategories& m : matched) {
                const auto a = m.codes[static_cast<std::size_t>(i)], b = m.codes[static_cast<std::size_t>(j)];
                if (a != b) return a < b;
            }
            return false;
        };
        std::sort(order.begin(), order.end(), less);
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k > 0 && less(order[k - 1], order[k])) ++cells;
            row_cell[static_cast<std::size_t>(order[k])] = static_cast<std::int32_t>(cells);
        }
        ++cells;
    }
    auto cell_table = [&](const Eigen::VectorXd& weights, double factor) {
        std::vector<double> t(cells, 0.0);
        for (Eigen::Index i = 0; i < n; ++i)
            t[static_cast<std::size_t>(row_cell[static_cast<std::size_t>(i)])] += weights[i];
        for (double& v : t) v /= factor;
        return t;
    };
    std::vector<double> old_table = cell_table(w, scale);
    report.threshold = control.tolerance ? *control.tolerance : control.epsilon.value_or(1.0);
    if (!control.tolerance && report.threshold < 1) report.threshold *= w.sum() / scale;
    std::vector<std::vector<double>> sums(M);
    auto margin_sums = [&](std::size_t k) {
        const MatchedCategories& m = matched[k];
        sums[k].assign(m.counts.size(), 0.0);
        for (Eigen::Index i = 0; i < n; ++i)
            sums[k][static_cast<std::size_t>(m.codes[static_cast<std::size_t>(i)])] += w[i];
    };
    while (report.iterations < control.max_iterations) {
        for (std::size_t k = 0; k < M; ++k) {
            margin_sums(k);
            const MatchedCategories& m = matched[k];
            std::vector<double> factor(m.counts.size());
            for (std::size_t g = 0; g < factor.size(); ++g) factor[g] = m.counts[g] / sums[k][g];
            for (Eigen::Index i = 0; i < n; ++i)
                w[i] *= factor[static_cast<std::size_t>(m.codes[static_cast<std::size_t>(i)])];
            out.rake_weights_[k] = w;
        }
        ++report.iterations;
        report.max_relative_error = report.max_error = 0;
        report.worst_column.clear();
        for (std::size_t k = 0; k < M; ++k) {
            margin_sums(k);
            for (std::size_t g = 0; g < matched[k].counts.size(); ++g) {
                const double gap = std::abs(sums[k][g] - matched[k].counts[g]);
                const double e = gap / matched[k].counts[g];
                report.max_error = std::max(report.max_error, gap);
                if (e > report.max_relative_error || report.worst_column.empty()) {
                    report.max_relative_error = e;
                    report.worst_column = margins[k].column;
                    report.worst_category = matched[k].levels[g];
                }
            }
        }
        std::vector<double> new_table = cell_table(w, 1.0);
        report.max_change = 0;
        for (std::size_t c = 0; c < cells; ++c)
            report.max_change = std::max(report.max_change, std::abs(new_table[c] - old_table[c]));
        old_table = std::move(new_table);
        report.converged =
            control.tolerance ? report.max_relative_error <= report.threshold : report.max_change < report.threshold;
        if (report.converged) break;
    }
    report.margins_met = control.tolerance ? report.max_relative_error <= report.threshold
                                           : report.max_error < report.threshold || report.max_relative_error <= 1e-12;
    out.weights_ = w;
    out.weight_scale_ = power_scale(w.data(), static_cast<std::size_t>(n));
    out.rake_codes_.clear();
    out.rake_group_rows_.clear();
    for (MatchedCategories& m : matched) {
        std::vector<double> count(m.counts.size(), 0.0);
        for (const std::int32_t g : m.codes) count[static_cast<std::size_t>(g)] += 1;
        out.rake_group_rows_.push_back(std::move(count));
        out.rake_codes_.push_back(std::move(m.codes));
    }
    out.calibration_ = std::move(report);
    return out;
}

// --- estimation -----------------------------------------------------------------------------------

namespace {

/// Rows by domain and (PSU, domain) cells: cells sorted by domain, then PSU (so by stratum).
struct DomainIndex {
    std::size_t domains = 0;
    std::vector<std::string> labels;       // "" = whole population
    std::vector<std::int32_t> row_domain;  // -1 = outside every domain
    std::vector<std::int32_t> row_cell;    // -1 = outside
    std::vector<std::int32_t> cell_psu;
    std::vector<std::int32_t> domain_cell_begin;  // domains + 1
    std::vector<std::size_t> domain_rows;         // respondents per domain
};

DomainIndex make_index(const SurveyDesign& design, std::vector<std::int32_t> row_domain,
                       std::vector<std::string> labels) {
    DomainIndex ix;
    ix.domains = labels.size();
    ix.labels = std::move(labels);
    ix.row_domain = std::move(row_domain);
    const std::size_t n = ix.row_domain.size();
    const auto& psu_begin = design.psu_row_begin();
    const auto& psu_rows = design.psu_rows();
    std::vector<std::int32_t> stamp_psu(ix.domains, -1), stamp_cell(ix.domains, -1);
    std::vector<std::int32_t> tmp_cell(n, -1), tmp_psu, tmp_domain;
    for (std::size_t p = 0; p + 1 < psu_begin.size(); ++p)
        for (auto k = psu_begin[p]; k < psu_begin[p + 1]; ++k) {
            const auto i = static_cast<std::size_t>(psu_rows[static_cast<std::size_t>(k)]);
            const std::int32_t d = ix.row_domain[i];
            if (d < 0) continue;
            const auto du = static_cast<std::size_t>(d);
            if (stamp_psu[du] != static_cast<std::int32_t>(p)) {
                stamp_psu[du] = static_cast<std::int32_t>(p);
                stamp_cell[du] = static_cast<std::int32_t>(tmp_psu.size());
                tmp_psu.push_back(static_cast<std::int32_t>(p));
                tmp_domain.push_back(d);
            }
            tmp_cell[i] = stamp_cell[du];
        }
    ix.domain_cell_begin.assign(ix.domains + 1, 0);
    for (const auto d : tmp_domain) ++ix.domain_cell_begin[static_cast<std::size_t>(d) + 1];
    std::partial_sum(ix.domain_cell_begin.begin(), ix.domain_cell_begin.end(), ix.domain_cell_begin.begin());
    std::vector<std::int32_t> next(ix.domain_cell_begin.begin(), ix.domain_cell_begin.end() - 1);
    std::vector<std::int32_t> new_id(tmp_psu.size());
    ix.cell_psu.resize(tmp_psu.size());
    for (std::size_t t = 0; t < tmp_psu.size(); ++t) {
        const auto id = next[static_cast<std::size_t>(tmp_domain[t])]++;
        new_id[t] = id;
        ix.cell_psu[static_cast<std::size_t>(id)] = tmp_psu[t];
    }
    ix.row_cell.assign(n, -1);
    ix.domain_rows.assign(ix.domains, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (tmp_cell[i] >= 0) {
            ix.row_cell[i] = new_id[static_cast<std::size_t>(tmp_cell[i])];
            ++ix.domain_rows[static_cast<std::size_t>(ix.row_domain[i])];
        }
    return ix;
}

/// The domains of a call: the whole population, or the levels of `by`.
DomainIndex base_index(const SurveyDesign& design, const std::optional<Factor>& by, const SurveyOptions& options) {
    const Eigen::Index n = design.rows();
    if (!by) return make_index(design, std::vector<std::int32_t>(static_cast<std::size_t>(n), 0), {""});
    check_codes(*by, n, options.source, "by", "the design's rows", "a domain", options.na_rm);
    std::vector<std::int32_t> row_domain(by->codes.data(), by->codes.data() + n);
    return make_index(design, std::move(row_domain), by->levels);
}

/// An infinite value in a variable: an InputError at its row and column (sums of it have no finite
/// value; na_rm does not drop it, as it is not missing).
InputError infinite_value(const SurveyOptions& options, std::size_t row, const std::string& column, double value) {
    return located_error<InputError>({.source = options.source, .line = static_cast<long>(row + 1), .column = column},
                                     "expected a finite number (or a missing value), found " + exact_number(value));
}

/// The index for a variable: `base`, or (na_rm) a copy without the rows where a column is missing.
/// Without na_rm, a missing value is an InputError.
/// One pass over a variable's values: a missing value is an InputError unless na_rm (then
/// `missing` is set), an infinite one always; returns scale_for of the largest |value| (the
/// power-of-two scale its sums use, 1 for ordinary data).
double scan_column(const double* values, std::size_t n, const std::string& name, const SurveyOptions& options,
                   bool& missing) {
    // One pass: four independent maxima of |x| (no chain of dependent max operations) and a flag
    // for values that are not finite numbers (NaN, or inf: !(|x| <= max) is true for both), found
    // row by row only when the flag is set.
    double t[4] = {0, 0, 0, 0};
    bool odd[4] = {false, false, false, false};
    constexpr double largest = std::numeric_limits<double>::max();
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (std::size_t k = 0; k < 4; ++k) {
            const double a = std::abs(values[i + k]);
            t[k] = a > t[k] ? a : t[k];
            odd[k] = odd[k] | !(a <= largest);
        }
    for (; i < n; ++i) {
        const double a = std::abs(values[i]);
        t[0] = a > t[0] ? a : t[0];
        odd[0] = odd[0] | !(a <= largest);
    }
    bool nan_seen = false;
    if (odd[0] || odd[1] || odd[2] || odd[3])
        for (std::size_t r = 0; r < n && !nan_seen; ++r) nan_seen = std::isnan(values[r]);
    const double top = std::max(std::max(t[0], t[1]), std::max(t[2], t[3]));
    if (nan_seen) {
        if (!options.na_rm)
            for (std::size_t r = 0; r < n; ++r)
                if (std::isnan(values[r]))
                    throw located_error<InputError>(
                        {.source = options.source, .line = static_cast<long>(r + 1), .column = name},
                        "expected a number (or na_rm to leave missing values out), found a missing value");
        missing = true;
    }
    if (std::isinf(top))
        for (std::size_t r = 0; r < n; ++r)
            if (std::isinf(values[r])) throw infinite_value(options, r, name, values[r]);
    return scale_for(top);
}

const DomainIndex& index_for(const SurveyDesign& design, const DomainIndex& base, DomainIndex& scratch,
                             std::initializer_list<std::pair<const double*, const std::string*>> columns,
                             const SurveyOptions& options, double* scales = nullptr) {
    const auto n = base.row_domain.size();
    bool missing = false;
    std::size_t k = 0;
    for (const auto& [values, name] : columns) {
        const double scale = scan_column(values, n, *name, options, missing);
        if (scales) scales[k++] = scale;
    }
    if (!missing) return base;
    std::vector<std::int32_t> row_domain = base.row_domain;
    for (const auto& [values, name] : columns)
        for (std::size_t i = 0; i < n; ++i)
            if (std::isnan(values[i])) row_domain[i] = -1;
    scratch = make_index(design, std::move(row_domain), base.labels);
    return scratch;
}

/// sum_h (1 - f_h) n_h / (n_h - 1) sum_c (z_hc - zbar_h)^2 from the non-zero PSU totals of one
/// domain (`psu` ascending, `z` alongside); the other PSUs have z = 0. Lonely strata per policy.
double stratified_variance(const SurveyDesign& design, const std::int32_t* psu, const double* z, std::size_t k) {
    const auto& stratum = design.psu_stratum();
    const auto& begin = design.stratum_psu_begin();
    const auto& f = design.stratum_fraction();
    const LonelyPsu policy = design.columns().lonely_psu;
    double v = 0;
    std::size_t lonely = 0;
    for (std::size_t j = 0; j < k;) {
        const auto h = static_cast<std::size_t>(stratum[static_cast<std::size_t>(psu[j])]);
        std::size_t end = j;
        double sum = 0;
        while (end < k && static_cast<std::size_t>(stratum[static_cast<std::size_t>(psu[end])]) == h) sum += z[end++];
        const double n_h = begin[h + 1] - begin[h];
        if (n_h > 1) {
            const double mean = sum / n_h;
            double q = (n_h - static_cast<double>(end - j)) * mean * mean;
            for (std::size_t m = j; m < end; ++m) q += (z[m] - mean) * (z[m] - mean);
            v += (1.0 - f[h]) * n_h / (n_h - 1.0) * q;
        }
        j = end;
    }
    if (policy == LonelyPsu::fail || policy == LonelyPsu::certainty) return v;
    double grand = 0;
    if (policy == LonelyPsu::adjust) {
        for (std::size_t j = 0; j < k; ++j) grand += z[j];
        grand /= static_cast<double>(design.psus());
    }
    for (std::size_t h = 0; h + 1 < begin.size(); ++h) {
        if (begin[h + 1] - begin[h] != 1 || 1.0 - f[h] < 1e-7) continue;
        ++lonely;
        if (policy == LonelyPsu::adjust) {
            const std::int32_t p = begin[h];
            const auto* at = std::lower_bound(psu, psu + k, p);
            const double zc = (at != psu + k && *at == p) ? z[at - psu] : 0.0;
            v += (1.0 - f[h]) * (zc - grand) * (zc - grand);
        }
    }
    if (policy == LonelyPsu::average && lonely > 0) {
        const double strata = static_cast<double>(design.strata());
        v = strata > static_cast<double>(lonely) ? v * strata / (strata - static_cast<double>(lonely)) : nan_value;
    }
    return v;
}

/// The later stages' terms of R's multistage variance from the rows' linearised values `x`: per
/// unit of the stage before (a parent), (1 - f) m / (m - 1) times the sum of squared deviations
/// of its m units' totals from their mean, times the sampling fractions of the stages above.
double later_stage_variance(const SurveyDesign& design, const std::vector<double>& x) {
    const auto& stratum = design.psu_stratum();
    std::vector<double> scale(design.psus());  // product of the sampling fractions above each parent
    for (std::size_t p = 0; p < scale.size(); ++p)
        scale[p] = design.stratum_fraction()[static_cast<std::size_t>(stratum[p])];
    const LonelyPsu policy = design.columns().lonely_psu;
    double v = 0;
    std::vector<double> t;
    for (const auto& st : design.variance_stages()) {
        const std::size_t units = st.unit_parent.size();
        t.assign(units, 0.0);
        for (std::size_t i = 0; i < x.size(); ++i) t[static_cast<std::size_t>(st.row_unit[i])] += x[i];
        std::vector<double> next(units);
        for (std::size_t p = 0; p + 1 < st.parent_begin.size(); ++p) {
            const auto b = static_cast<std::size_t>(st.parent_begin[p]),
                       e = static_cast<std::size_t>(st.parent_begin[p + 1]);
            const double f = st.parent_fraction[p], m = static_cast<double>(e - b);
            for (std::size_t u = b; u < e; ++u) next[u] = scale[p] * f;
            if (1.0 - f < 1e-7 || scale[p] == 0) continue;  // sampled completely, or nothing above
            if (e - b == 1) {                               // a lonely unit (fail was refused when the design was made)
                if (policy == LonelyPsu::adjust) v += scale[p] * (1.0 - f) * t[b] * t[b];
                if (policy == LonelyPsu::average) return nan_value;
                continue;
            }
            double sum = 0;
            for (std::size_t u = b; u < e; ++u) sum += t[u];
            const double mean = sum / m;
            double q = 0;
            for (std::size_t u = b; u < e; ++u) q += (t[u] - mean) * (t[u] - mean);
            v += scale[p] * (1.0 - f) * m / (m - 1.0) * q;
        }
        scale = std::move(next);
    }
    return v;
}

enum class Linear { total, mean, ratio };

/// Per domain: the estimate, its SE, the variance of a mean or ratio (in the units of the scaled
/// values, see power_scale; used by quantiles), deff, and why the estimate is not defined ("" = it is).
struct LinearResult {
    std::vector<double> estimate, se, variance, deff;
    std::vector<std::string> undefined;
};

/// `v` times `scale` into `store` when scale != 1; returns the values to use.
const double* scaled(const double* v, std::size_t n, double scale, std::vector<double>& store) {
    if (scale == 1.0) return v;
    store.assign(v, v + n);
    for (double& x : store) x *= scale;
    return store.data();
}

/// R's raking variance in closed form. svyrecvar sweeps ten times over the margins, each step
/// x <- x - w_m ave(x / w_m) within margin m's categories (w_m: the weights after margin m in the
/// last pass). A step reads x only through its category sums of x / w_m, and subtracts w_m times
/// a per-category constant, so with x0 the domain's linearised values every step's constants
/// follow from the sums of x0 / w_m per category (one pass over the rows for all domains) and the
/// design's cross-tables cross[a][b](g, h) = sum of w_a / w_b over the rows in category g of
/// margin a and h of margin b; the PSU totals then subtract, per PSU, the sums of w_m per
/// category times the constants. Equal to the sweeps over the rows up to rounding, at O(rows)
/// per variable instead of O(rows x domains x 10 x margins).
struct RakeTables {
    std::size_t margins = 0;
    std::vector<std::size_t> categories;              // per margin
    std::vector<std::vector<Eigen::MatrixXd>> cross;  // [a][b]: categories[a] x categories[b]
    struct PsuSum {
        std::int32_t psu, margin, category;
        double sum;  // sum of w_margin over the PSU's rows in the category
    };
    std::vector<PsuSum> psu_sums;

    explicit RakeTables(const SurveyDesign& design) {
        const auto& codes = design.rake_codes();
        const auto& wm = design.rake_weights();
        margins = codes.size();
        const std::size_t n = static_cast<std::size_t>(design.rows());
        for (const auto& rows_in : design.rake_group_rows()) categories.push_back(rows_in.size());
        cross.assign(margins, std::vector<Eigen::MatrixXd>(margins));
        for (std::size_t a = 0; a < margins; ++a)
            for (std::size_t b = 0; b < margins; ++b) {
                Eigen::MatrixXd t = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(categories[a]),
                                                          static_cast<Eigen::Index>(categories[b]));
                for (std::size_t i = 0; i < n; ++i) {
                    const auto e = static_cast<Eigen::Index>(i);
                    t(codes[a][i], codes[b][i]) += wm[a][e] / wm[b][e];
                }
                cross[a][b] = std::move(t);
            }
        const auto& pb = design.psu_row_begin();
        const auto& pr = design.psu_rows();
        for (std::size_t m = 0; m < margins; ++m) {
            std::vector<std::int32_t> stamp(categories[m], -1), slot(categories[m], 0);
            for (std::size_t p = 0; p + 1 < pb.size(); ++p)
                for (auto k = pb[p]; k < pb[p + 1]; ++k) {
                    const auto i = static_cast<std::size_t>(pr[static_cast<std::size_t>(k)]);
                    const auto g = static_cast<std::size_t>(codes[m][i]);
                    if (stamp[g] != static_cast<std::int32_t>(p)) {
                        stamp[g] = static_cast<std::int32_t>(p);
                        slot[g] = static_cast<std::int32_t>(psu_sums.size());
                        psu_sums.push_back({static_cast<std::int32_t>(p), static_cast<std::int32_t>(m),
                                            static_cast<std::int32_t>(g), 0.0});
                    }
                    psu_sums[static_cast<std::size_t>(slot[g])].sum += wm[m][static_cast<Eigen::Index>(i)];
                }
        }
    }

    /// The summed per-category constants of each margin over the ten sweeps, for a domain whose
    /// category sums of x0 / w_m are `start[m]`.
    std::vector<Eigen::VectorXd> constants(const SurveyDesign& design,
                                           const std::vector<Eigen::VectorXd>& start) const {
        std::vector<Eigen::VectorXd> removed(margins), total(margins);
        for (std::size_t m = 0; m < margins; ++m) {
            removed[m] = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(categories[m]));
            total[m] = removed[m];
        }
        for (int pass = 0; pass < 10; ++pass)
            for (std::size_t k = 0; k < margins; ++k) {
                const auto& rows_in = design.rake_group_rows()[k];
                Eigen::VectorXd c(static_cast<Eigen::Index>(categories[k]));
                for (std::size_t g = 0; g < categories[k]; ++g) {
                    const auto e = static_cast<Eigen::Index>(g);
                    c[e] = (start[k][e] - removed[k][e]) / rows_in[g];
                }
                total[k] += c;
                for (std::size_t b = 0; b < margins; ++b) removed[b] += cross[k][b].transpose() * c;
            }
        return total;
    }
};

/// Totals, means or ratios of one column per domain, with linearisation variances and deff.
LinearResult linear(const SurveyDesign& design, const DomainIndex& ix, const double* y, const double* x, Linear kind,
                    double ys = 1.0, double xs = 1.0) {
    const std::size_t D = ix.domains, n = ix.row_domain.size();
    // Weights and values scaled by powers of two where they are extreme (power_scale), the
    // estimates and SEs scaled back at the end.
    const double ws = design.weight_scale();  // ys, xs: the values' scales (scan_column)
    std::vector<double> y_store, x_store;
    y = scaled(y, n, ys, y_store);
    if (x) x = scaled(x, n, xs, x_store);
    Eigen::VectorXd w_store;
    if (ws != 1.0) w_store = design.weights() * ws;
    const Eigen::VectorXd& w = ws != 1.0 ? w_store : design.weights();
    std::vector<double> sw(D, 0.0), swy(D, 0.0), swx(D, 0.0);
    if (D == 1) {  // one domain: sums in registers, not a chain of loads and stores to sw[0]
        double a0 = 0, b0 = 0, c0 = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (ix.row_domain[i] < 0) continue;
            const double wi = w[static_cast<Eigen::Index>(i)];
            a0 += wi;
            b0 += wi * y[i];
            if (x) c0 += wi * x[i];
        }
        sw[0] = a0, swy[0] = b0, swx[0] = c0;
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t d = ix.row_domain[i];
            if (d < 0) continue;
            const double wi = w[static_cast<Eigen::Index>(i)];
            sw[static_cast<std::size_t>(d)] += wi;
            swy[static_cast<std::size_t>(d)] += wi * y[i];
            if (x) swx[static_cast<std::size_t>(d)] += wi * x[i];
        }
    }
    LinearResult out;
    out.estimate.resize(D);
    out.undefined.assign(D, "");
    std::vector<double> a(D), b(D), ybar(D);
    for (std::size_t d = 0; d < D; ++d) {
        ybar[d] = swy[d] / sw[d];
        switch (kind) {
            case Linear::total:
                out.estimate[d] = swy[d], a[d] = 1, b[d] = 0;
                break;
            case Linear::mean:
                out.estimate[d] = ybar[d], a[d] = 1 / sw[d], b[d] = ybar[d];
                break;
            case Linear::ratio:
                out.estimate[d] = swy[d] / swx[d], a[d] = 1 / swx[d], b[d] = out.estimate[d];
                if (swx[d] == 0) out.undefined[d] = "the ratio is not defined: its denominator sums to 0";
                break;
        }
        if (!out.undefined[d].empty()) a[d] = b[d] = 0;  // no residuals: the variance is not used
    }
    // Residuals r_i = y_i - b_d x_i (x = 1 for a mean) into their cells; post-stratum sums with the base weights.
    const bool post = design.post_stratified();
    const std::size_t G = post ? design.post_strata().levels.size() : 0;
    const double w0s = post ? design.base_weight_scale() : 1.0;
    Eigen::VectorXd w0_store;
    if (w0s != 1.0) w0_store = design.base_weights() * w0s;
    const Eigen::VectorXd& w0 = w0s != 1.0 ? w0_store : design.base_weights();
    std::vector<double> base_sum = design.post_stratum_base_sum();  // of the (scaled) design weights
    if (w0s != 1.0) {
        base_sum.assign(G, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            base_sum[static_cast<std::size_t>(design.post_strata().codes[static_cast<Eigen::Index>(i)])] +=
                w0[static_cast<Eigen::Index>(i)];
    }
    std::vector<double> z(ix.cell_psu.size(), 0.0), ss(D, 0.0), ps(G * D, 0.0);
    double ss0 = 0;
    const bool raked = design.raked();
    std::optional<RakeTables> tables;
    std::vector<Eigen::MatrixXd> rake_start;  // per margin: domains x categories, sums of x0 / w_m
    if (raked) {
        tables.emplace(design);
        for (std::size_t m = 0; m < tables->margins; ++m)
            rake_start.push_back(
                Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(D), static_cast<Eigen::Index>(tables->categories[m])));
    }
    // The common case (a mean or total of one column, no post-strata, no raking, several domains)
    // in a loop of its own, free of the branches the general loop below carries.
    const bool plain = !raked && !post && x == nullptr && D > 1 && kind != Linear::ratio;
    if (plain) {
        const double keep = kind == Linear::total ? 0.0 : 1.0;  // r = y - keep * b[d]
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t d = ix.row_domain[i];
            if (d < 0) continue;
            const auto du = static_cast<std::size_t>(d);
            const double wi = w[static_cast<Eigen::Index>(i)];
            const double r = y[i] - keep * b[du];
            z[static_cast<std::size_t>(ix.row_cell[i])] += wi * r;
            const double e = y[i] - ybar[du];
            ss[du] += wi * e * e;
        }
    }
    for (std::size_t i = 0; i < n && !plain; ++i) {
        const std::int32_t d = ix.row_domain[i];
        if (d < 0) continue;
        const auto du = static_cast<std::size_t>(d);
        const double wi = w[static_cast<Eigen::Index>(i)];
        const double r = kind == Linear::total ? y[i] : y[i] - b[du] * (x ? x[i] : 1.0);
        z[static_cast<std::size_t>(ix.row_cell[i])] += wi * r;
        if (raked)
            for (std::size_t m = 0; m < rake_start.size(); ++m)
                rake_start[m](d, design.rake_codes()[m][i]) +=
                    wi * r / design.rake_weights()[m][static_cast<Eigen::Index>(i)];
        if (D == 1)
            ss0 += wi * (y[i] - ybar[0]) * (y[i] - ybar[0]);
        else
            ss[du] += wi * (y[i] - ybar[du]) * (y[i] - ybar[du]);
        if (post)
            ps[static_cast<std::size_t>(design.post_strata().codes[static_cast<Eigen::Index>(i)]) * D + du] +=
                w0[static_cast<Eigen::Index>(i)] * r;
    }
    if (D == 1) ss[0] = ss0;
    out.variance.resize(D);
    out.se.resize(D);
    out.deff.resize(D);
    std::vector<double> dense;
    std::vector<std::int32_t> all_psus;
    std::vector<std::pair<std::int32_t, std::int32_t>> psu_group;  // (PSU, post-stratum) pairs with their w* sums
    std::vector<double> psu_group_weight;
    if (post) {
        all_psus.resize(design.psus());
        std::iota(all_psus.begin(), all_psus.end(), 0);
        const auto& pb = design.psu_row_begin();
        const auto& pr = design.psu_rows();
        std::vector<std::int32_t> stamp(G, -1), slot(G, 0);
        for (std::size_t p = 0; p < design.psus(); ++p)
            for (auto k = pb[p]; k < pb[p + 1]; ++k) {
                const auto i = static_cast<Eigen::Index>(pr[static_cast<std::size_t>(k)]);
                const auto g = static_cast<std::size_t>(design.post_strata().codes[i]);
                if (stamp[g] != static_cast<std::int32_t>(p)) {
                    stamp[g] = static_cast<std::int32_t>(p);
                    slot[g] = static_cast<std::int32_t>(psu_group.size());
                    psu_group.emplace_back(static_cast<std::int32_t>(p), static_cast<std::int32_t>(g));
                    psu_group_weight.push_back(0.0);
                }
                psu_group_weight[static_cast<std::size_t>(slot[g])] += w[i];
            }
    }
    std::vector<double> rowx;
    for (std::size_t d = 0; d < D; ++d) {
        const auto cb = static_cast<std::size_t>(ix.domain_cell_begin[d]);
        const auto ce = static_cast<std::size_t>(ix.domain_cell_begin[d + 1]);
        double v;
        if (raked) {
            // R's svyrecvar for raking (RakeTables): the domain's PSU totals of x0, less each
            // PSU's sums of w_m per category times the sweeps' summed constants.
            std::vector<Eigen::VectorXd> start(tables->margins);
            for (std::size_t m = 0; m < tables->margins; ++m)
                start[m] = rake_start[m].row(static_cast<Eigen::Index>(d)).transpose();
            const std::vector<Eigen::VectorXd> c = tables->constants(design, start);
            dense.assign(design.psus(), 0.0);
            for (std::size_t k = cb; k < ce; ++k) dense[static_cast<std::size_t>(ix.cell_psu[k])] = z[k];
            for (const auto& e : tables->psu_sums)
                dense[static_cast<std::size_t>(e.psu)] -= e.sum * c[static_cast<std::size_t>(e.margin)][e.category];
            if (all_psus.empty()) {
                all_psus.resize(design.psus());
                std::iota(all_psus.begin(), all_psus.end(), 0);
            }
            v = stratified_variance(design, all_psus.data(), dense.data(), dense.size());
        } else if (!post) {
            v = stratified_variance(design, ix.cell_psu.data() + cb, z.data() + cb, ce - cb);
        } else {
            // z_hc = sum over the PSU of w*_i (r_i - rbar_g), rbar_g = sum_{g, d} w_i r_i / sum_g w_i.
            dense.assign(design.psus(), 0.0);
            for (std::size_t c = cb; c < ce; ++c) dense[static_cast<std::size_t>(ix.cell_psu[c])] = z[c];
            for (std::size_t k = 0; k < psu_group.size(); ++k) {
                const auto g = static_cast<std::size_t>(psu_group[k].second);
                dense[static_cast<std::size_t>(psu_group[k].first)] -=
                    psu_group_weight[k] * ps[g * D + d] / base_sum[g];
            }
            v = stratified_variance(design, all_psus.data(), dense.data(), dense.size());
        }
        if (!design.variance_stages().empty()) {
            // Later stages (R's multistage): each row's calibrated linearised value w_i e_i, zero
            // outside the domain, summed per unit of each stage.
            rowx.assign(n, 0.0);
            for (std::size_t i = 0; i < n; ++i) {
                const auto e = static_cast<Eigen::Index>(i);
                if (ix.row_domain[i] == static_cast<std::int32_t>(d))
                    rowx[i] = w[e] * (kind == Linear::total ? y[i] : y[i] - b[d] * (x ? x[i] : 1.0));
                if (post) {
                    const auto g = static_cast<std::size_t>(design.post_strata().codes[e]);
                    rowx[i] -= w[e] * ps[g * D + d] / base_sum[g];
                }
            }
            if (raked) {
                std::vector<Eigen::VectorXd> start(tables->margins);
                for (std::size_t m = 0; m < tables->margins; ++m)
                    start[m] = rake_start[m].row(static_cast<Eigen::Index>(d)).transpose();
                const std::vector<Eigen::VectorXd> c = tables->constants(design, start);
                for (std::size_t m = 0; m < tables->margins; ++m)
                    for (std::size_t i = 0; i < n; ++i)
                        rowx[i] -=
                            design.rake_weights()[m][static_cast<Eigen::Index>(i)] * c[m][design.rake_codes()[m][i]];
            }
            v += later_stage_variance(design, rowx);
        }
        // Back to the data's units: a total is in units of ws * ys, a mean of ys, a ratio of ys / xs.
        auto back = [&](double value) {
            return kind == Linear::total ? value / ws / ys : kind == Linear::mean ? value / ys : value / ys * xs;
        };
        out.variance[d] = a[d] * a[d] * v;
        out.se[d] = back(kind == Linear::total ? std::sqrt(v) : std::sqrt(out.variance[d]));
        out.estimate[d] = back(out.estimate[d]);
        // deff: V over the variance of a simple random sample without replacement of the same size
        // (both in the scaled units: the ratio is unchanged).
        const double m = static_cast<double>(ix.domain_rows[d]);
        const double s2 = m / (m - 1) * ss[d] / sw[d];
        const double srs_mean = (1 - m * ws / sw[d]) * s2 / m;
        switch (kind) {
            case Linear::total:
                out.deff[d] = v / (sw[d] * sw[d] * srs_mean);
                break;
            case Linear::mean:
                out.deff[d] = out.variance[d] / srs_mean;
                break;
            case Linear::ratio:
                out.deff[d] = nan_value;
                break;
        }
    }
    return out;
}

double normal_quantile(double level) {
    if (!(level > 0 && level < 1))
        throw error_at<MethodError>({.column = "level"},
                                    "level: expected a confidence level in (0, 1), found " + exact_number(level));
    return boost::math::quantile(boost::math::normal_distribution<double>(), 1 - (1 - level) / 2);
}

double t_quantile(double level, double df) {
    if (!(df >= 1)) return nan_value;
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), 1 - (1 - level) / 2);
}

/// A row for a domain of `n` respondents in `n_psu` PSUs (0 = not known), with suppression of
/// an empty or small domain.
SurveyEstimate start_row(const std::string& domain, double df, std::size_t n, std::size_t n_psu,
                         const std::string& variable, const SurveyOptions& options) {
    SurveyEstimate e;
    e.variable = variable;
    e.domain = domain;
    e.df = df;
    e.n = n;
    e.n_psu = n_psu;
    if (e.n == 0) {
        e.suppressed = true;
        e.reason = e.domain.empty() ? "no respondents" : "no respondents in domain " + in_quotes(e.domain);
    } else if (e.n < options.min_count) {
        e.suppressed = true;
        e.reason = count_text(e.n, "respondents") + ", below min_count = " + std::to_string(options.min_count);
    }
    return e;
}

/// What a row estimates, for messages and for the rules that depend on it.
enum class Statistic { mean, total, proportion, ratio, quantile };

const char* statistic_name(Statistic s) {
    switch (s) {
        case Statistic::mean:
            return "survey_mean";
        case Statistic::total:
            return "survey_total";
        case Statistic::proportion:
            return "survey_proportion";
        case Statistic::ratio:
            return "survey_ratio";
        case Statistic::quantile:
            return "survey_quantile";
    }
    return "survey";
}

void add_reason(std::string& reason, const std::string& why) { reason += (reason.empty() ? "" : "; ") + why; }

/// Fills a row's values, or suppresses it: an estimate that is not defined (`undefined`, e.g. a
/// ratio over a zero denominator) is suppressed with the reason; a value that is not finite
/// otherwise is a NumericError naming the statistic, variable and domain (never a silent
/// NaN/inf); a deff that is not defined is NaN with a reason; a degenerate cell (fewer than
/// min_psu PSUs, SE 0, a proportion at 0 or 1) is suppressed or flagged per options.degenerate.
void publish(SurveyEstimate& e, Statistic statistic, double estimate, double se, double ci_low, double ci_high,
             double deff, const std::string& undefined, const SurveyOptions& options,
             const std::string& limits_note = "") {
    const std::string where = e.domain.empty() ? "" : " in domain " + in_quotes(e.domain);
    if (!e.suppressed && !undefined.empty()) {
        e.suppressed = true;
        e.reason = undefined + where;
    }
    if (e.suppressed) {
        e.estimate = e.se = e.ci_low = e.ci_high = e.deff = nan_value;
        return;
    }
    const std::pair<const char*, double> values[] = {
        {"estimate", estimate}, {"SE", se}, {"lower confidence limit", ci_low}, {"upper confidence limit", ci_high}};
    for (std::size_t k = 0; k < 4; ++k) {
        const auto& [what, value] = values[k];
        if (!std::isfinite(value) && !(k > 0 && std::isnan(value) && !limits_note.empty()))
            throw located_error<NumericError>(
                {.source = options.source, .column = e.variable, .node = e.domain},
                std::string(statistic_name(statistic)) + " of " + in_quotes(e.variable) + where +
                    ": expected a finite " + what + ", found " + exact_number(value) +
                    " (a result beyond the largest double, 1.8e308, or of values that are not numbers)");
    }
    e.estimate = estimate;
    e.se = se;
    e.ci_low = ci_low;
    e.ci_high = ci_high;
    e.deff = deff;
    if (!limits_note.empty()) add_reason(e.reason, limits_note);
    const bool has_deff = statistic != Statistic::ratio && statistic != Statistic::quantile;
    if (has_deff && !std::isfinite(deff)) {
        e.deff = nan_value;
        add_reason(e.reason, "deff not defined (" +
                                 std::string(e.n < 2 ? "a single respondent"
                                                     : "no variance under simple random sampling: the weights sum "
                                                       "to the sample size, or the values are constant") +
                                 ")");
    }
    std::string degenerate;
    if (options.min_psu > 1 && e.n_psu > 0 && e.n_psu < options.min_psu)
        add_reason(degenerate, (e.n_psu == 1 ? std::string("1 PSU") : std::to_string(e.n_psu) + " PSUs") +
                                   ", below min_psu = " + std::to_string(options.min_psu));
    if (se == 0 || std::abs(se) <= 1e-12 * std::abs(estimate))
        add_reason(degenerate, "SE 0 (no variation between PSUs: the interval is a single point)");
    if (statistic == Statistic::proportion && (estimate == 0 || estimate == 1))
        add_reason(degenerate, std::string("a proportion estimated at ") + (estimate == 0 ? "0" : "1") +
                                   " (its interval from the SE says nothing)");
    if (degenerate.empty()) return;
    if (options.degenerate == DegenerateCells::suppress) {
        e.suppressed = true;
        e.reason = "degenerate cell: " + degenerate;
        e.estimate = e.se = e.ci_low = e.ci_high = e.deff = nan_value;
    } else {
        add_reason(e.reason, "degenerate cell (flagged): " + degenerate);
    }
}

/// publish() with a Wald interval estimate +- z se.
void finish_row(SurveyEstimate& e, Statistic statistic, const LinearResult& r, std::size_t d, double z,
                const SurveyOptions& options) {
    const double est = r.estimate[d], se = r.se[d];
    publish(e, statistic, est, se, est - z * se, est + z * se, r.deff[d], r.undefined[d], options);
}

/// R's qrule "math" on sorted values `ys` with cumulative weights `cum`: the smallest y_(k) with
/// cum_k / W >= p (if even cum_1 > p W, R returns y_(2)). NaN for p outside [0, 1] or no data.
double qrule_math(const std::vector<double>& ys, const std::vector<double>& cum, double p) {
    const std::size_t n = ys.size();
    if (n == 0 || !(p >= 0 && p <= 1)) return nan_value;
    const double total = cum.back();
    const auto k = static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), p * total) - cum.begin());
    if (k == 0) return ys[std::min<std::size_t>(1, n - 1)];
    if (p - cum[k - 1] / total == 0) return ys[k - 1];
    return ys[std::min(k, n - 1)];
}

/// A quantile's row: Woodruff's interval from the share F at or below the estimate and its SE,
/// F +- t SE mapped back through the quantile rule. As R's, a limit whose share falls outside
/// [0, 1] (or without degrees of freedom for t) is not defined: NaN, with the reason in the row.
void publish_quantile(SurveyEstimate& e, double estimate, const std::vector<double>& ys, const std::vector<double>& cum,
                      double share, double share_se, double t, const SurveyOptions& options) {
    double low = nan_value, high = nan_value, se = nan_value;
    std::string note;
    if (!(t > 0 && std::isfinite(t))) {
        note = "no confidence interval: no degrees of freedom for t (df " + exact_number(e.df) + ")";
    } else {
        const double a = share - t * share_se, b = share + t * share_se;
        if (a >= 0) low = qrule_math(ys, cum, a);
        if (b <= 1) high = qrule_math(ys, cum, b);
        if (std::isnan(low) || std::isnan(high))
            note = std::string("no ") + (std::isnan(low) ? "lower" : "upper") + " confidence limit: the share " +
                   (std::isnan(low) ? "below" : "above") + " the quantile +- t SE leaves [0, 1] (as R's svyquantile)";
        if (std::isnan(low) && std::isnan(high)) note = "no confidence limits: the share +- t SE leaves [0, 1]";
        se = (high - low) / (2 * t);
    }
    publish(e, Statistic::quantile, estimate, se, low, high, nan_value, "", options, note);
}

}  // namespace

// --- replicate-weight designs ---------------------------------------------------------------------

namespace {

/// The `purpose` word of the bootstrap replicates' random streams ("BOOT"): replicate r draws
/// from CounterRandom(seed, r, bootstrap_purpose), whichever thread makes it.
constexpr std::uint32_t bootstrap_purpose = 0x424F4F54;

/// Rank of `a` as R's qr(a, tol = 1e-5)$rank (LINPACK dqrdc2's limited pivoting: a column whose
/// norm below the rows already reduced falls under tol times its original norm is moved to the end).
std::size_t qr_rank(Eigen::MatrixXd a, double tol) {
    const Eigen::Index n = a.rows(), p = a.cols();
    if (n == 0 || p == 0) return 0;
    a *= power_scale(a.data(), static_cast<std::size_t>(a.size()));  // the rank is unchanged; norms stay finite
    std::vector<double> original(static_cast<std::size_t>(p)), current(static_cast<std::size_t>(p));
    std::vector<Eigen::Index> order(static_cast<std::size_t>(p));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    for (Eigen::Index j = 0; j < p; ++j) {
        const double v = a.col(j).norm();
        current[static_cast<std::size_t>(j)] = v;
        original[static_cast<std::size_t>(j)] = v == 0 ? 1.0 : v;
    }
    Eigen::Index k = p;  // columns [0, k) not (yet) negligible
    Eigen::VectorXd workspace(p);
    const Eigen::Index lup = std::min(n, p);
    for (Eigen::Index l = 0; l < lup; ++l) {
        while (l < k && current[static_cast<std::size_t>(l)] < original[static_cast<std::size_t>(l)] * tol) {
            // Move column l to the end.
            Eigen::VectorXd moved = a.col(l);
            for (Eigen::Index j = l; j + 1 < p; ++j) a.col(j) = a.col(j + 1);
            a.col(p - 1) = moved;
            std::rotate(current.begin() + l, current.begin() + l + 1, current.end());
            std::rotate(original.begin() + l, original.begin() + l + 1, original.end());
            --k;
        }
        if (l == n - 1 || l >= k) break;
        auto column = a.col(l).segment(l, n - l);
        double tau = 0, beta = 0;
        column.makeHouseholderInPlace(tau, beta);
        a(l, l) = beta;
        if (l + 1 < p)
            a.block(l, l + 1, n - l, p - l - 1)
                .applyHouseholderOnTheLeft(a.col(l).segment(l + 1, n - l - 1), tau, workspace.data());
        for (Eigen::Index j = l + 1; j < p; ++j)
            current[static_cast<std::size_t>(j)] = a.col(j).segment(l + 1, n - l - 1).norm();
    }
    return static_cast<std::size_t>(std::min(k, n));
}

const char* type_text(ReplicateType t) {
    switch (t) {
        case ReplicateType::jk1:
            return "jk1";
        case ReplicateType::jkn:
            return "jkn";
        case ReplicateType::bootstrap:
            return "bootstrap";
        case ReplicateType::other:
            return "other";
    }
    return "other";
}

}  // namespace

ReplicateDesign::ReplicateDesign(ReplicateColumns c) {
    const Eigen::Index n = c.weights.size();
    const Eigen::Index R = c.replicates.cols();
    source_ = c.source;
    if (n == 0)
        throw located_error<InputError>({.source = c.source, .column = c.weights_column},
                                        "expected one weight per respondent, found no rows");
    if (!c.replicate_columns.empty() && static_cast<Eigen::Index>(c.replicate_columns.size()) != R)
        throw error_at<MethodError>({.source = c.source, .column = "replicate_columns"},
                                    "replicate_columns: expected one name per replicate column (" + std::to_string(R) +
                                        "), found " + std::to_string(c.replicate_columns.size()));
    auto column_name = [&](Eigen::Index r) {
        return c.replicate_columns.empty() ? "replicate " + std::to_string(r + 1)
                                           : c.replicate_columns[static_cast<std::size_t>(r)];
    };
    if (R == 0)
        throw located_error<InputError>({.source = c.source, .column = "replicates"},
                                        "expected one or more replicate weight columns, found none");
    if (c.replicates.rows() != n)
        throw length_error(c.source, column_name(0), n, c.replicates.rows(),
                           "the weights column " + in_quotes(c.weights_column));
    for (Eigen::Index i = 0; i < n; ++i) {
        const double w = c.weights[i];
        if (!(std::isfinite(w) && w > 0))
            throw located_error<InputError>(
                {.source = c.source, .line = static_cast<long>(i + 1), .column = c.weights_column},
                "expected a weight > 0, found " + (std::isnan(w) ? std::string("a missing value") : exact_number(w)));
    }
    for (Eigen::Index r = 0; r < R; ++r)
        for (Eigen::Index i = 0; i < n; ++i) {
            const double v = c.replicates(i, r);
            if (!(std::isfinite(v) && v >= 0))
                throw located_error<InputError>(
                    {.source = c.source, .line = static_cast<long>(i + 1), .column = column_name(r)},
                    "expected a replicate weight >= 0, found " +
                        (std::isnan(v) ? std::string("a missing value") : exact_number(v)));
        }
    const auto Ru = static_cast<std::size_t>(R);
    if (!c.rscales.empty() && c.rscales.size() != Ru && c.rscales.size() != 1)
        throw error_at<MethodError>({.source = c.source, .column = "rscales"},
                                    "rscales: expected one per replicate column (" + std::to_string(R) +
                                        ") or one, found " + std::to_string(c.rscales.size()));
    for (const double s : c.rscales)
        if (!(std::isfinite(s) && s >= 0))
            throw error_at<MethodError>({.source = c.source, .column = "rscales"},
                                        "rscales: expected numbers >= 0, found " + exact_number(s));
    type_ = c.type;
    mse_ = c.mse;
    // R's svrepdesign defaults.
    std::vector<double> rscales = c.rscales.size() == 1 ? std::vector<double>(Ru, c.rscales[0]) : c.rscales;
    double scale = 1;
    switch (c.type) {
        case ReplicateType::bootstrap:
            scale = R > 1 ? 1.0 / static_cast<double>(R - 1) : nan_value;
            break;
        case ReplicateType::jk1:
            scale = c.combined_weights ? static_cast<double>(R - 1) / static_cast<double>(R)
                                       : 1.0 / c.replicates.col(0).maxCoeff();
            break;
        case ReplicateType::jkn:
            if (rscales.empty()) {
                if (c.combined_weights)
                    throw error_at<MethodError>(
                        {.source = c.source, .column = "rscales"},
                        "rscales: expected (n_h - 1) / n_h for each replicate of combined jkn "
                        "weights (R: \"Must provide rscales for combined JKn weights\"), found none");
                for (Eigen::Index r = 0; r < R; ++r) rscales.push_back(1.0 / c.replicates.col(r).maxCoeff());
            }
            break;
        case ReplicateType::other:
            break;
    }
    if (c.scale) scale = *c.scale;
    if (!(std::isfinite(scale) && scale > 0))
        throw error_at<MethodError>({.source = c.source, .column = "scale"},
                                    "scale: expected a number > 0, found " + exact_number(scale) +
                                        (R == 1 ? " (a bootstrap needs two or more replicates)" : ""));
    if (rscales.empty()) rscales.assign(Ru, 1.0);
    scale_ = scale;
    rscales_ = std::move(rscales);
    weights_ = std::move(c.weights);
    full_ = std::move(c.replicates);
    if (!c.combined_weights)
        for (Eigen::Index r = 0; r < R; ++r) full_.col(r).array() *= weights_.array();
    degf_ = static_cast<double>(qr_rank(full_, 1e-5)) - 1.0;
    weight_scale_ = std::min(power_scale(weights_.data(), static_cast<std::size_t>(weights_.size())),
                             power_scale(full_.data(), static_cast<std::size_t>(full_.size())));
}

ReplicateDesign ReplicateDesign::from_design(const SurveyDesign& design, ReplicateType type, std::size_t replicates,
                                             std::uint64_t seed, bool mse) {
    const DesignColumns& dc = design.columns();
    const std::string where = std::string("replicates (") + type_text(type) + ")";
    if (design.post_stratified() || design.raked())
        throw error_at<MethodError>({.source = dc.source, .column = "type"},
                                    where +
                                        ": expected an uncalibrated design (make the replicates first; calibrating "
                                        "each replicate is not supported), found a " +
                                        (design.raked() ? "raked" : "post-stratified") + " design");
    const bool stratified = dc.strata.has_value();
    if (type == ReplicateType::jk1 && stratified)
        throw error_at<MethodError>({.source = dc.source, .column = dc.strata_column},
                                    where +
                                        ": expected an unstratified design (R: \"Can't use JK1 for a stratified "
                                        "design\"), found strata " +
                                        in_quotes(dc.strata_column) + "; use jkn or bootstrap");
    if (type == ReplicateType::jkn && !stratified)
        throw error_at<MethodError>({.source = dc.source, .column = "type"},
                                    where +
                                        ": expected a stratified design (R: \"Must use JK1 or bootstrap for an "
                                        "unstratified design\"), found no strata");
    if (type == ReplicateType::other)
        throw error_at<MethodError>({.source = dc.source, .column = "type"},
                                    where + ": expected jk1, jkn or bootstrap, found other");
    if (type == ReplicateType::bootstrap && replicates < 2)
        throw error_at<MethodError>({.source = dc.source, .column = "replicates"},
                                    where + ": expected two or more replicates, found " + std::to_string(replicates));
    ReplicateDesign out;
    out.type_ = type;
    out.mse_ = mse;
    out.source_ = dc.source;
    out.weights_ = design.weights();
    out.weight_scale_ = design.weight_scale();  // the multipliers are PSU counts, far below 2^200
    out.row_psu_ = design.row_psu();
    const std::size_t C = design.psus(), H = design.strata();
    out.psus_ = C;
    const auto& begin = design.stratum_psu_begin();
    const auto& f = design.stratum_fraction();
    const auto Ci = static_cast<Eigen::Index>(C);
    std::vector<Eigen::VectorXd> columns;
    std::vector<double> rscales;
    double scale = 1;
    if (type == ReplicateType::jk1) {
        const double m = static_cast<double>(C);
        if (C < 2 || 1.0 - f[0] < 1e-7)
            throw error_at<MethodError>({.source = dc.source, .column = dc.clusters_column},
                                        where + ": expected two or more PSUs not sampled completely, found " +
                                            count_text(C, "PSUs") + (C >= 2 ? " sampled completely" : ""));
        for (std::size_t c = 0; c < C; ++c) {
            Eigen::VectorXd col = Eigen::VectorXd::Constant(Ci, m / (m - 1));
            col[static_cast<Eigen::Index>(c)] = 0;
            columns.push_back(std::move(col));
            rscales.push_back(1.0);
        }
        scale = (1.0 - f[0]) * (m - 1) / m;
    } else if (type == ReplicateType::jkn) {
        const double strata = static_cast<double>(H);
        for (std::size_t h = 0; h < H; ++h) {
            const std::size_t nh = static_cast<std::size_t>(begin[h + 1] - begin[h]);
            if (1.0 - f[h] < 1e-7) continue;  // sampled completely: no replicate (R's survey.drop.replicates)
            if (nh == 1) {
                if (dc.lonely_psu == LonelyPsu::adjust) {
                    Eigen::VectorXd col = Eigen::VectorXd::Constant(Ci, strata / (strata - 1));
                    col[begin[h]] = 0;
                    columns.push_back(std::move(col));
                    rscales.push_back((strata - 1) / strata);
                }
                continue;  // certainty, average: no replicate
            }
            const double m = static_cast<double>(nh);
            for (std::size_t c = 0; c < nh; ++c) {
                Eigen::VectorXd col = Eigen::VectorXd::Ones(Ci);
                col.segment(begin[h], static_cast<Eigen::Index>(nh)).setConstant(m / (m - 1));
                col[begin[h] + static_cast<Eigen::Index>(c)] = 0;
                columns.push_back(std::move(col));
                rscales.push_back((1.0 - f[h]) * (m - 1) / m);
            }
        }
        if (columns.empty())
            throw error_at<MethodError>({.source = dc.source, .column = dc.strata_column},
                                        where +
                                            ": expected a stratum not sampled completely, found every stratum "
                                            "sampled completely (R: \"you have the whole population\")");
        if (columns.size() < C && dc.lonely_psu == LonelyPsu::average)
            scale = static_cast<double>(C) / static_cast<double>(columns.size());
    } else {  // bootstrap
        double inverse = 0;
        for (std::size_t h = 0; h < H; ++h) inverse += 1.0 / static_cast<double>(begin[h + 1] - begin[h]);
        const double nbar = static_cast<double>(H) / inverse;
        if (!(nbar > 1))
            throw error_at<MethodError>({.source = dc.source, .column = dc.clusters_column},
                                        where + ": expected strata with two or more PSUs, found one PSU per stratum");
        const bool has_fpc = dc.fpc.size() != 0;
        columns.assign(replicates, Eigen::VectorXd::Zero(Ci));
        detail::parallel_for(replicates, 0, [&](std::size_t r, unsigned) {
            detail::CounterRandom g(seed, r, bootstrap_purpose);
            Eigen::VectorXd& col = columns[r];
            std::vector<std::uint64_t> pool;
            for (std::size_t h = 0; h < H; ++h) {
                const auto b = static_cast<std::uint64_t>(begin[h]);
                const auto nh = static_cast<std::uint64_t>(begin[h + 1] - begin[h]);
                if (!has_fpc) {
                    for (std::uint64_t k = 0; k < nh; ++k) col[static_cast<Eigen::Index>(b + g.below(nh))] += 1;
                    continue;
                }
                // Without replacement from the PSUs (in a random order) repeated to the population size.
                const auto N = static_cast<std::uint64_t>(std::floor(static_cast<double>(nh) / f[h] + 1e-9));
                std::vector<std::uint64_t> order(nh);
                std::iota(order.begin(), order.end(), std::uint64_t{0});
                for (std::uint64_t k = nh; k > 1; --k) std::swap(order[k - 1], order[g.below(k)]);
                pool.resize(N);
                std::iota(pool.begin(), pool.end(), std::uint64_t{0});
                for (std::uint64_t k = 0; k < nh; ++k) {
                    const std::uint64_t j = k + g.below(N - k);
                    std::swap(pool[k], pool[j]);
                    col[static_cast<Eigen::Index>(b + order[pool[k] % nh])] += 1;
                }
            }
        });
        rscales.assign(replicates, 1.0);
        scale = nbar / ((nbar - 1) * static_cast<double>(replicates - 1));
    }
    out.multipliers_.resize(Ci, static_cast<Eigen::Index>(columns.size()));
    for (std::size_t r = 0; r < columns.size(); ++r) out.multipliers_.col(static_cast<Eigen::Index>(r)) = columns[r];
    out.rscales_ = std::move(rscales);
    out.scale_ = scale;
    out.degf_ = static_cast<double>(qr_rank(out.multipliers_, 1e-5)) - 1.0;
    return out;
}

Eigen::VectorXd ReplicateDesign::replicate_weights(std::size_t r) const {
    const auto rr = static_cast<Eigen::Index>(r);
    if (!compressed()) return full_.col(rr);
    Eigen::VectorXd out(rows());
    for (Eigen::Index i = 0; i < rows(); ++i)
        out[i] = weights_[i] * multipliers_(row_psu_[static_cast<std::size_t>(i)], rr);
    return out;
}

Eigen::MatrixXd ReplicateDesign::replicate_weights() const {
    if (!compressed()) return full_;
    Eigen::MatrixXd out(rows(), static_cast<Eigen::Index>(replicates()));
    for (std::size_t r = 0; r < replicates(); ++r) out.col(static_cast<Eigen::Index>(r)) = replicate_weights(r);
    return out;
}

namespace {

/// The domains of a call on a replicate design: rows per domain (missing values: outside with
/// na_rm, else an InputError), with counts of rows and PSUs.
struct RepIndex {
    std::size_t domains = 0;
    std::vector<std::string> labels;
    std::vector<std::int32_t> row_domain;
    std::vector<std::size_t> rows, psus;
};

RepIndex rep_index(const ReplicateDesign& design, const std::optional<Factor>& by, const SurveyOptions& options,
                   std::initializer_list<std::pair<const double*, const std::string*>> columns,
                   double* scales = nullptr) {
    const Eigen::Index n = design.rows();
    RepIndex ix;
    if (by) {
        check_codes(*by, n, options.source, "by", "the design's rows", "a domain", options.na_rm);
        ix.row_domain.assign(by->codes.data(), by->codes.data() + n);
        ix.labels = by->levels;
    } else {
        ix.row_domain.assign(static_cast<std::size_t>(n), 0);
        ix.labels = {""};
    }
    ix.domains = ix.labels.size();
    std::size_t k = 0;
    for (const auto& [values, name] : columns) {
        bool missing = false;
        const double scale = scan_column(values, static_cast<std::size_t>(n), *name, options, missing);
        if (scales) scales[k++] = scale;
        if (missing)
            for (Eigen::Index i = 0; i < n; ++i)
                if (std::isnan(values[i])) ix.row_domain[static_cast<std::size_t>(i)] = -1;
    }
    ix.rows.assign(ix.domains, 0);
    ix.psus.assign(ix.domains, 0);
    std::vector<std::vector<std::int32_t>> seen(ix.domains);
    for (std::size_t i = 0; i < ix.row_domain.size(); ++i) {
        const std::int32_t d = ix.row_domain[i];
        if (d < 0) continue;
        ++ix.rows[static_cast<std::size_t>(d)];
        if (!design.row_psu().empty()) seen[static_cast<std::size_t>(d)].push_back(design.row_psu()[i]);
    }
    for (std::size_t d = 0; d < ix.domains; ++d) {
        auto& s = seen[d];
        std::sort(s.begin(), s.end());
        ix.psus[d] = static_cast<std::size_t>(std::unique(s.begin(), s.end()) - s.begin());
    }
    return ix;
}

/// Per domain, sums of w, w y and w x (x may be null) with the full-sample weights (r = R) or
/// replicate r's, in row order.
void rep_sums(const ReplicateDesign& design, std::size_t r, const RepIndex& ix, const double* y, const double* x,
              double scale, std::vector<double>& sw, std::vector<double>& swy, std::vector<double>& swx) {
    sw.assign(ix.domains, 0.0);
    swy.assign(ix.domains, 0.0);
    swx.assign(ix.domains, 0.0);
    const Eigen::VectorXd& w0 = design.weights();
    const bool full = r == design.replicates();
    const bool compressed = design.compressed();
    const auto rr = static_cast<Eigen::Index>(r);
    const double* column = !full && !compressed ? design.full().col(rr).data() : nullptr;
    const double* mult = !full && compressed ? design.multipliers().col(rr).data() : nullptr;
    const std::int32_t* psu = design.row_psu().data();
    auto run = [&](auto scaled) {  // the multiplication by `scale` only where weights are extreme
        for (std::size_t i = 0; i < ix.row_domain.size(); ++i) {
            const std::int32_t d = ix.row_domain[i];
            if (d < 0) continue;
            const auto e = static_cast<Eigen::Index>(i);
            double w = full ? w0[e] : column ? column[i] : w0[e] * mult[psu[i]];
            if constexpr (decltype(scaled)::value) w *= scale;
            const auto du = static_cast<std::size_t>(d);
            sw[du] += w;
            swy[du] += w * y[i];
            if (x) swx[du] += w * x[i];
        }
    };
    if (scale == 1.0)
        run(std::false_type{});
    else
        run(std::true_type{});
}

/// R's svrVar for one domain: scale sum_r rscales_r (theta_r - centre)^2 over the replicates
/// whose estimate is not NaN (R's na.omit), centre = mean over those with rscales > 0, or the
/// full-sample estimate (mse).
double replicate_variance(const ReplicateDesign& design, const std::vector<double>& thetas, double full) {
    const auto& rs = design.rscales();
    double sum = 0, count = 0;
    for (std::size_t r = 0; r < thetas.size(); ++r)
        if (!std::isnan(thetas[r]) && rs[r] > 0) sum += thetas[r], count += 1;
    const double centre = design.mse() ? full : sum / count;
    double v = 0;
    for (std::size_t r = 0; r < thetas.size(); ++r)
        if (!std::isnan(thetas[r])) v += (thetas[r] - centre) * (thetas[r] - centre) * rs[r];
    return v * design.scale();
}

/// Totals, means or ratios per domain with replicate variances and R's deff. Weights and values
/// are scaled by powers of two where extreme (power_scale) and the results scaled back.
LinearResult rep_linear(const ReplicateDesign& design, const RepIndex& ix, const double* y, const double* x,
                        Linear kind, unsigned threads, double ys = 1.0, double xs = 1.0) {
    const std::size_t D = ix.domains, R = design.replicates(), n = ix.row_domain.size();
    const double ws = design.weight_scale();  // ys, xs: the values' scales (scan_column)
    std::vector<double> y_store, x_store;
    y = scaled(y, n, ys, y_store);
    if (x) x = scaled(x, n, xs, x_store);
    auto estimate = [&](double sw, double swy, double swx) {
        switch (kind) {
            case Linear::total:
                return swy;
            case Linear::mean:
                return swy / sw;
            case Linear::ratio:
                return swy / swx;
        }
        return nan_value;
    };
    auto back = [&](double value) {
        return kind == Linear::total ? value / ws / ys : kind == Linear::mean ? value / ys : value / ys * xs;
    };
    std::vector<std::vector<double>> thetas(D, std::vector<double>(R));
    detail::parallel_for(R, threads, [&](std::size_t r, unsigned) {
        std::vector<double> sw, swy, swx;
        rep_sums(design, r, ix, y, x, ws, sw, swy, swx);
        for (std::size_t d = 0; d < D; ++d) thetas[d][r] = estimate(sw[d], swy[d], swx[d]);
    });
    std::vector<double> sw, swy, swx;
    rep_sums(design, R, ix, y, x, ws, sw, swy, swx);
    LinearResult out;
    out.estimate.resize(D);
    out.se.resize(D);
    out.variance.resize(D);
    out.deff.resize(D);
    out.undefined.assign(D, "");
    std::vector<double> ss(D, 0.0);
    const Eigen::VectorXd& w = design.weights();
    for (std::size_t i = 0; i < ix.row_domain.size(); ++i) {
        const std::int32_t d = ix.row_domain[i];
        if (d < 0) continue;
        const auto du = static_cast<std::size_t>(d);
        const double dev = y[i] - swy[du] / sw[du];
        ss[du] += (ws == 1.0 ? w[static_cast<Eigen::Index>(i)] : w[static_cast<Eigen::Index>(i)] * ws) * dev * dev;
    }
    for (std::size_t d = 0; d < D; ++d) {
        out.estimate[d] = estimate(sw[d], swy[d], swx[d]);
        if (kind == Linear::ratio && swx[d] == 0)
            out.undefined[d] = "the ratio is not defined: its denominator sums to 0";
        for (std::size_t r = 0; r < R && out.undefined[d].empty(); ++r)
            if (std::isinf(thetas[d][r]))
                out.undefined[d] =
                    "the SE is not defined: the denominator sums to 0 under replicate " + std::to_string(r + 1);
        out.variance[d] = replicate_variance(design, thetas[d], out.estimate[d]);
        out.se[d] = back(std::sqrt(out.variance[d]));
        // R: vsrs = svyvar / nobs * (npop - nobs) / npop (a total: times npop^2), in the scaled units.
        const double m = static_cast<double>(ix.rows[d]), npop = sw[d];
        const double srs_fraction = ws == 1.0 ? (npop - m) / npop : 1 - m * ws / npop;
        const double vsrs = m / (m - 1) * ss[d] / sw[d] / m * srs_fraction;
        switch (kind) {
            case Linear::total:
                out.deff[d] = out.variance[d] / (vsrs * npop * npop);
                break;
            case Linear::mean:
                out.deff[d] = out.variance[d] / vsrs;
                break;
            case Linear::ratio:
                out.deff[d] = nan_value;
                break;
        }
        out.estimate[d] = back(out.estimate[d]);
    }
    return out;
}

}  // namespace

// --- the estimators, once for both kinds of design -----------------------------------------------
//
// Each estimator below is written once over a variance strategy: Linearisation (a SurveyDesign:
// Taylor linearisation over (PSU, domain) cells) or Replication (a ReplicateDesign: the estimate
// under every replicate's weights). A strategy answers four questions: which rows form each domain
// for a variable (missing values out with na_rm), the estimates and variances of totals, means or
// ratios per domain (`linear`), a row's counts (`row`), and the degrees of freedom of each domain's
// quantile interval (`quantile_df`). Checks and messages, domains, suppression, intervals and
// quantile rules are the estimators' and so the same for both.

namespace {

/// The variance strategy of a SurveyDesign.
class Linearisation {
public:
    using Design = SurveyDesign;
    explicit Linearisation(const SurveyDesign& design, const SurveyOptions&) : design_(design) {}
    [[nodiscard]] const SurveyDesign& design() const { return design_; }
    /// The call's domains (checks `by`): indexed once, every variable starts from them.
    void domains(const std::optional<Factor>& by, const SurveyOptions& options) {
        base_ = base_index(design_, by, options);
    }
    /// The domains for the variable with `columns` (the scales of its values into `scales`).
    const DomainIndex& index(std::initializer_list<std::pair<const double*, const std::string*>> columns,
                             const SurveyOptions& options, double* scales = nullptr) {
        return index_for(design_, base_, scratch_, columns, options, scales);
    }
    [[nodiscard]] LinearResult linear(const DomainIndex& ix, const double* y, const double* x, Linear kind,
                                      double ys = 1.0, double xs = 1.0) const {
        return govindex::linear(design_, ix, y, x, kind, ys, xs);
    }
    [[nodiscard]] SurveyEstimate row(const DomainIndex& ix, std::size_t d, const std::string& variable,
                                     const SurveyOptions& options) const {
        return start_row(ix.labels[d], design_.degrees_of_freedom(), ix.domain_rows[d],
                         static_cast<std::size_t>(ix.domain_cell_begin[d + 1] - ix.domain_cell_begin[d]), variable,
                         options);
    }
    /// The design's degrees of freedom in every domain (R's svyby keeps the full design's).
    [[nodiscard]] std::vector<double> quantile_df(const DomainIndex& ix,
                                                  const std::vector<std::vector<std::int32_t>>&) const {
        return std::vector<double>(ix.domains, design_.degrees_of_freedom());
    }

private:
    const SurveyDesign& design_;
    DomainIndex base_, scratch_;
};

/// The variance strategy of a ReplicateDesign; replicates run on options.threads threads.
class Replication {
public:
    using Design = ReplicateDesign;
    Replication(const ReplicateDesign& design, const SurveyOptions& options)
        : design_(design), threads_(options.threads) {}
    [[nodiscard]] const ReplicateDesign& design() const { return design_; }
    /// The call's domains: `by` is checked with each variable's rows (rep_index).
    void domains(const std::optional<Factor>& by, const SurveyOptions&) { by_ = &by; }
    const RepIndex& index(std::initializer_list<std::pair<const double*, const std::string*>> columns,
                          const SurveyOptions& options, double* scales = nullptr) {
        current_ = rep_index(design_, *by_, options, columns, scales);
        return current_;
    }
    [[nodiscard]] LinearResult linear(const RepIndex& ix, const double* y, const double* x, Linear kind,
                                      double ys = 1.0, double xs = 1.0) const {
        return rep_linear(design_, ix, y, x, kind, threads_, ys, xs);
    }
    [[nodiscard]] SurveyEstimate row(const RepIndex& ix, std::size_t d, const std::string& variable,
                                     const SurveyOptions& options) const {
        return start_row(ix.labels[d], design_.degrees_of_freedom(), ix.rows[d], ix.psus[d], variable, options);
    }
    /// R's svyby subsets a replicate design, whose degf is recomputed from the domain's rows
    /// (`rows`: each domain's); without `by`, the design's.
    [[nodiscard]] std::vector<double> quantile_df(const RepIndex& ix,
                                                  const std::vector<std::vector<std::int32_t>>& rows) const {
        std::vector<double> df(ix.domains, design_.degrees_of_freedom());
        if (!*by_) return df;
        for (std::size_t d = 0; d < ix.domains; ++d) {
            const auto& r = rows[d];
            if (r.empty()) continue;
            if (design_.compressed()) {
                std::vector<std::int32_t> psus;
                for (const auto i : r) psus.push_back(design_.row_psu()[static_cast<std::size_t>(i)]);
                std::sort(psus.begin(), psus.end());
                psus.erase(std::unique(psus.begin(), psus.end()), psus.end());
                Eigen::MatrixXd sub(static_cast<Eigen::Index>(psus.size()), design_.multipliers().cols());
                for (std::size_t k = 0; k < psus.size(); ++k)
                    sub.row(static_cast<Eigen::Index>(k)) = design_.multipliers().row(psus[k]);
                df[d] = static_cast<double>(qr_rank(sub, 1e-5)) - 1.0;
            } else {
                Eigen::MatrixXd sub(static_cast<Eigen::Index>(r.size()), design_.full().cols());
                for (std::size_t k = 0; k < r.size(); ++k)
                    sub.row(static_cast<Eigen::Index>(k)) = design_.full().row(r[k]);
                df[d] = static_cast<double>(qr_rank(sub, 1e-5)) - 1.0;
            }
        }
        return df;
    }

private:
    const ReplicateDesign& design_;
    unsigned threads_;
    const std::optional<Factor>* by_ = nullptr;
    RepIndex current_;
};

template <class Design>
void check_columns(const Design& design, const Eigen::Ref<const Eigen::MatrixXd>& y,
                   const std::vector<std::string>& names, const SurveyOptions& options, const char* what) {
    if (static_cast<Eigen::Index>(names.size()) != y.cols())
        throw error_at<MethodError>({.source = options.source, .column = what},
                                    std::string(what) + ": expected " + std::to_string(y.cols()) +
                                        " names (one per column), found " + std::to_string(names.size()));
    if (y.rows() != design.rows())
        throw length_error(options.source, names.empty() ? std::string(what) : names.front(), design.rows(), y.rows(),
                           "the design's rows");
}

/// survey_mean and survey_total.
template <class Variance>
std::vector<SurveyEstimate> linear_estimates(Variance v, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                             const std::vector<std::string>& names, const std::optional<Factor>& by,
                                             const SurveyOptions& options, Linear kind) {
    check_columns(v.design(), y, names, options, "variables");
    const Statistic statistic = kind == Linear::total ? Statistic::total : Statistic::mean;
    const double z = normal_quantile(options.level);
    v.domains(by, options);
    std::vector<SurveyEstimate> out;
    out.reserve(static_cast<std::size_t>(y.cols()) * (by ? by->levels.size() : 1));
    for (Eigen::Index j = 0; j < y.cols(); ++j) {
        const std::string& name = names[static_cast<std::size_t>(j)];
        const double* col = y.col(j).data();
        double scale = 1;
        const auto& ix = v.index({{col, &name}}, options, &scale);
        const LinearResult r = v.linear(ix, col, nullptr, kind, scale);
        for (std::size_t d = 0; d < ix.domains; ++d) {
            SurveyEstimate e = v.row(ix, d, name, options);
            finish_row(e, statistic, r, d, z, options);
            out.push_back(std::move(e));
        }
    }
    return out;
}

template <class Variance>
std::vector<SurveyEstimate> proportion_estimates(Variance v, const Factor& y, const std::string& name,
                                                 const std::optional<Factor>& by, const SurveyOptions& options) {
    const Eigen::Index n = v.design().rows();
    check_codes(y, n, options.source, name, "the design's rows", "a category", options.na_rm);
    const double z = normal_quantile(options.level);
    v.domains(by, options);
    Eigen::VectorXd present(n);
    for (Eigen::Index i = 0; i < n; ++i) present[i] = y.codes[i] < 0 ? nan_value : 0.0;
    const auto& ix = v.index({{present.data(), &name}}, options);
    std::vector<LinearResult> per_level;
    Eigen::VectorXd indicator(n);
    for (std::size_t l = 0; l < y.levels.size(); ++l) {
        for (Eigen::Index i = 0; i < n; ++i) indicator[i] = y.codes[i] == static_cast<int>(l) ? 1.0 : 0.0;
        per_level.push_back(v.linear(ix, indicator.data(), nullptr, Linear::mean));
    }
    std::vector<SurveyEstimate> out;
    for (std::size_t d = 0; d < ix.domains; ++d)
        for (std::size_t l = 0; l < y.levels.size(); ++l) {
            SurveyEstimate e = v.row(ix, d, name, options);
            e.level = y.levels[l];
            finish_row(e, Statistic::proportion, per_level[l], d, z, options);
            out.push_back(std::move(e));
        }
    return out;
}

template <class Variance>
std::vector<SurveyEstimate> ratio_estimates(Variance v, const Eigen::Ref<const Eigen::MatrixXd>& numerators,
                                            const Eigen::Ref<const Eigen::MatrixXd>& denominators,
                                            const std::vector<std::string>& numerator_names,
                                            const std::vector<std::string>& denominator_names,
                                            const std::optional<Factor>& by, const SurveyOptions& options) {
    check_columns(v.design(), numerators, numerator_names, options, "numerators");
    check_columns(v.design(), denominators, denominator_names, options, "denominators");
    if (numerators.cols() != denominators.cols())
        throw error_at<MethodError>({.source = options.source, .column = "denominators"},
                                    "denominators: expected one per numerator (" + std::to_string(numerators.cols()) +
                                        "), found " + std::to_string(denominators.cols()));
    const double z = normal_quantile(options.level);
    v.domains(by, options);
    std::vector<SurveyEstimate> out;
    for (Eigen::Index j = 0; j < numerators.cols(); ++j) {
        const auto& yn = numerator_names[static_cast<std::size_t>(j)];
        const auto& xn = denominator_names[static_cast<std::size_t>(j)];
        const double* y = numerators.col(j).data();
        const double* x = denominators.col(j).data();
        double scales[2] = {1, 1};
        const auto& ix = v.index({{y, &yn}, {x, &xn}}, options, scales);
        const LinearResult r = v.linear(ix, y, x, Linear::ratio, scales[0], scales[1]);
        for (std::size_t d = 0; d < ix.domains; ++d) {
            SurveyEstimate e = v.row(ix, d, yn + "/" + xn, options);
            finish_row(e, Statistic::ratio, r, d, z, options);
            out.push_back(std::move(e));
        }
    }
    return out;
}

template <class Variance>
std::vector<SurveyEstimate> quantile_estimates(Variance v, const Eigen::Ref<const Eigen::MatrixXd>& y,
                                               const std::vector<std::string>& names, const std::vector<double>& probs,
                                               const std::optional<Factor>& by, const SurveyOptions& options) {
    const auto& design = v.design();
    check_columns(design, y, names, options, "variables");
    for (const double p : probs)
        if (!(p >= 0 && p <= 1))
            throw error_at<MethodError>({.column = "probs"},
                                        "probs: expected probabilities in [0, 1], found " + exact_number(p));
    normal_quantile(options.level);  // checks the level
    v.domains(by, options);
    const Eigen::Index n = design.rows();
    // Cumulative weights in scaled units (power_scale: the shares, and so the quantiles, are unchanged).
    const Eigen::VectorXd w = design.weights() * design.weight_scale();
    std::vector<SurveyEstimate> out;
    for (Eigen::Index j = 0; j < y.cols(); ++j) {
        const std::string& name = names[static_cast<std::size_t>(j)];
        const double* col = y.col(j).data();
        const auto& ix = v.index({{col, &name}}, options);
        // Each domain's values sorted (ties in data order) with cumulative weights.
        std::vector<std::vector<std::int32_t>> rows(ix.domains);
        for (Eigen::Index i = 0; i < n; ++i)
            if (ix.row_domain[static_cast<std::size_t>(i)] >= 0)
                rows[static_cast<std::size_t>(ix.row_domain[static_cast<std::size_t>(i)])].push_back(
                    static_cast<std::int32_t>(i));
        const std::vector<double> df = v.quantile_df(ix, rows);
        std::vector<double> t(ix.domains);
        for (std::size_t d = 0; d < ix.domains; ++d) t[d] = t_quantile(options.level, df[d]);
        std::vector<std::vector<double>> ys(ix.domains), cum(ix.domains);
        for (std::size_t d = 0; d < ix.domains; ++d) {
            auto& r = rows[d];
            std::stable_sort(r.begin(), r.end(), [&](std::int32_t a, std::int32_t b) { return col[a] < col[b]; });
            double c = 0;
            for (const auto i : r) {
                ys[d].push_back(col[i]);
                c += w[i];
                cum[d].push_back(c);
            }
        }
        std::vector<std::vector<SurveyEstimate>> per_domain(ix.domains);
        Eigen::VectorXd below(n);
        std::vector<double> q(ix.domains);
        for (const double p : probs) {
            for (std::size_t d = 0; d < ix.domains; ++d) q[d] = qrule_math(ys[d], cum[d], p);
            // F = the estimated share at or below Q(p), with its SE (Woodruff).
            for (Eigen::Index i = 0; i < n; ++i) {
                const std::int32_t d = ix.row_domain[static_cast<std::size_t>(i)];
                below[i] = d >= 0 && col[i] <= q[static_cast<std::size_t>(d)] ? 1.0 : 0.0;
            }
            const LinearResult f = v.linear(ix, below.data(), nullptr, Linear::mean);
            for (std::size_t d = 0; d < ix.domains; ++d) {
                SurveyEstimate e = v.row(ix, d, name, options);
                e.prob = p;
                e.df = df[d];
                publish_quantile(e, q[d], ys[d], cum[d], f.estimate[d], f.se[d], t[d], options);
                per_domain[d].push_back(std::move(e));
            }
        }
        for (auto& list : per_domain)
            for (auto& e : list) out.push_back(std::move(e));
    }
    return out;
}

/// The strategy for a design's kind.
Linearisation variance_of(const SurveyDesign& design, const SurveyOptions& options) {
    return Linearisation(design, options);
}
Replication variance_of(const ReplicateDesign& design, const SurveyOptions& options) {
    return Replication(design, options);
}

}  // namespace

// The public estimators: one pair of overloads per statistic, each choosing the strategy.

#define GOVINDEX_SURVEY_ESTIMATORS(Design)                                                                           \
    std::vector<SurveyEstimate> survey_mean(const Design& design, const Eigen::Ref<const Eigen::MatrixXd>& y,        \
                                            const std::vector<std::string>& names, const std::optional<Factor>& by,  \
                                            const SurveyOptions& options) {                                          \
        return linear_estimates(variance_of(design, options), y, names, by, options, Linear::mean);                  \
    }                                                                                                                \
    std::vector<SurveyEstimate> survey_total(const Design& design, const Eigen::Ref<const Eigen::MatrixXd>& y,       \
                                             const std::vector<std::string>& names, const std::optional<Factor>& by, \
                                             const SurveyOptions& options) {                                         \
        return linear_estimates(variance_of(design, options), y, names, by, options, Linear::total);                 \
    }                                                                                                                \
    std::vector<SurveyEstimate> survey_proportion(const Design& design, const Factor& y, const std::string& name,    \
                                                  const std::optional<Factor>& by, const SurveyOptions& options) {   \
        return proportion_estimates(variance_of(design, options), y, name, by, options);                             \
    }                                                                                                                \
    std::vector<SurveyEstimate> survey_ratio(                                                                        \
        const Design& design, const Eigen::Ref<const Eigen::MatrixXd>& numerators,                                   \
        const Eigen::Ref<const Eigen::MatrixXd>& denominators, const std::vector<std::string>& numerator_names,      \
        const std::vector<std::string>& denominator_names, const std::optional<Factor>& by,                          \
        const SurveyOptions& options) {                                                                              \
        return ratio_estimates(variance_of(design, options), numerators, denominators, numerator_names,              \
                               denominator_names, by, options);                                                      \
    }                                                                                                                \
    std::vector<SurveyEstimate> survey_quantile(                                                                     \
        const Design& design, const Eigen::Ref<const Eigen::MatrixXd>& y, const std::vector<std::string>& names,     \
        const std::vector<double>& probs, const std::optional<Factor>& by, const SurveyOptions& options) {           \
        return quantile_estimates(variance_of(design, options), y, names, probs, by, options);                       \
    }

GOVINDEX_SURVEY_ESTIMATORS(SurveyDesign)
GOVINDEX_SURVEY_ESTIMATORS(ReplicateDesign)
#undef GOVINDEX_SURVEY_ESTIMATORS

// --- sampling helpers -----------------------------------------------------------------------------

namespace {

/// The `purpose` word of pps_systematic's start ("PPSS"): the first uniform of CounterRandom(seed, 0, it).
constexpr std::uint32_t pps_start_purpose = 0x50505353;

std::size_t round_up(double n) {
    const double r = std::round(n);
    return static_cast<std::size_t>(std::abs(n - r) <= 1e-9 * std::max(1.0, r) ? r : std::ceil(n));
}

void require_range(bool ok, const char* function, const char* argument, const std::string& expected, double found) {
    if (!ok)
        throw error_at<MethodError>({.column = argument}, std::string(function) + ": " + argument + ": expected " +
                                                              expected + ", found " + exact_number(found));
}

}  // namespace

std::size_t slovin_sample_size(double population, double margin) {
    require_range(std::isfinite(population) && population >= 1, "slovin_sample_size", "population", "a count >= 1",
                  population);
    require_range(margin > 0 && margin < 1, "slovin_sample_size", "margin", "a margin of error in (0, 1)", margin);
    return round_up(population / (1 + population * margin * margin));
}

std::size_t sample_size(double margin, const SampleSizeOptions& o) {
    require_range(std::isfinite(margin) && margin > 0, "sample_size", "margin", "a margin of error > 0", margin);
    require_range(o.sd > 0 || (o.proportion > 0 && o.proportion < 1), "sample_size", "proportion",
                  "a proportion in (0, 1)", o.proportion);
    require_range(std::isfinite(o.sd) && o.sd >= 0, "sample_size", "sd", "a standard deviation >= 0 (0 = a proportion)",
                  o.sd);
    require_range(std::isfinite(o.deff) && o.deff > 0, "sample_size", "deff", "a design effect > 0", o.deff);
    require_range(o.level > 0 && o.level < 1, "sample_size", "level", "a confidence level in (0, 1)", o.level);
    require_range(std::isfinite(o.population) && (o.population == 0 || o.population >= 1), "sample_size", "population",
                  "a count >= 1 (0 = infinite)", o.population);
    const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 1 - (1 - o.level) / 2);
    const double s2 = o.sd > 0 ? o.sd * o.sd : o.proportion * (1 - o.proportion);
    double n = o.deff * z * z * s2 / (margin * margin);
    if (o.population > 0) n = n / (1 + (n - 1) / o.population);
    return round_up(n);
}

std::vector<PpsSelection> pps_systematic(const Eigen::Ref<const Eigen::VectorXd>& sizes, std::size_t n,
                                         std::uint64_t seed, double start) {
    const auto N = static_cast<std::size_t>(sizes.size());
    for (std::size_t i = 0; i < N; ++i) {
        const double v = sizes[static_cast<Eigen::Index>(i)];
        if (!(std::isfinite(v) && v > 0))
            throw error_at<MethodError>({.line = static_cast<long>(i + 1), .column = "sizes"},
                                        "pps_systematic: sizes: unit " + std::to_string(i + 1) +
                                            " (1-based): expected a size > 0, found " +
                                            (std::isnan(v) ? std::string("a missing value") : exact_number(v)));
    }
    if (n == 0 || n > N)
        throw error_at<MethodError>({.column = "n"}, "pps_systematic: n: expected 1 to " + std::to_string(N) +
                                                         " units (the list's length), found " + std::to_string(n));
    require_range(start < 1, "pps_systematic", "start", "a start in [0, 1) (negative: drawn from the seed)", start);
    std::vector<bool> certain(N, false);
    std::size_t k = n;
    double total = 0;
    for (bool changed = true; changed && k > 0;) {
        changed = false;
        total = 0;
        for (std::size_t i = 0; i < N; ++i)
            if (!certain[i]) total += sizes[static_cast<Eigen::Index>(i)];
        for (std::size_t i = 0; i < N && k > 0; ++i)
            if (!certain[i] && static_cast<double>(k) * sizes[static_cast<Eigen::Index>(i)] >= total) {
                certain[i] = true;
                --k;
                changed = true;
            }
    }
    if (k > 0) {
        total = 0;
        for (std::size_t i = 0; i < N; ++i)
            if (!certain[i]) total += sizes[static_cast<Eigen::Index>(i)];
    }
    double r = start;
    if (r < 0) {
        r = detail::CounterRandom(seed, 0, pps_start_purpose).uniform();
    }
    std::vector<PpsSelection> out;
    double cumulative = 0;
    std::size_t taken = 0;
    // The j-th point (r + j) I, computed afresh (no drift); kept below the total against rounding.
    auto point_at = [&](std::size_t j) {
        return std::min((r + static_cast<double>(j)) * total / static_cast<double>(k), std::nextafter(total, 0.0));
    };
    double point = k > 0 ? point_at(0) : 0;
    for (std::size_t i = 0; i < N; ++i) {
        const double s = sizes[static_cast<Eigen::Index>(i)];
        if (certain[i]) {
            out.push_back({.unit = i, .certainty = true, .probability = 1, .weight = 1});
            continue;
        }
        cumulative += s;
        if (taken < k && point < cumulative) {
            const double p = static_cast<double>(k) * s / total;
            out.push_back({.unit = i, .certainty = false, .probability = p, .weight = 1 / p});
            ++taken;
            if (taken < k) point = point_at(taken);
        }
    }
    return out;
}

}  // namespace govindex
