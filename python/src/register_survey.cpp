// Survey designs and estimates (survey.hpp): the design checked and indexed in C++, estimates
// computed with the GIL released and returned as columns for a pandas DataFrame.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <govindex/engines/survey/survey.hpp>
#include <govindex/errors.hpp>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

namespace {

SurveyOptions options_of(double level, std::size_t min_count, std::size_t min_psu, DegenerateCells degenerate,
                         bool na_rm, std::string source) {
    SurveyOptions o;
    o.level = level;
    o.min_count = min_count;
    o.min_psu = min_psu;
    o.degenerate = degenerate;
    o.na_rm = na_rm;
    o.source = std::move(source);
    return o;
}

/// Estimates as columns (lists and arrays) for pandas.DataFrame.
py::dict columns(const std::vector<SurveyEstimate>& list) {
    const auto n = static_cast<Eigen::Index>(list.size());
    std::vector<std::string> variable, domain, level, reason;
    Eigen::VectorXd prob(n), estimate(n), se(n), low(n), high(n), deff(n), df(n);
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> count(n), psus(n);
    Eigen::Array<bool, Eigen::Dynamic, 1> suppressed(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const SurveyEstimate& e = list[static_cast<std::size_t>(i)];
        variable.push_back(e.variable);
        domain.push_back(e.domain);
        level.push_back(e.level);
        reason.push_back(e.reason);
        prob[i] = e.prob;
        estimate[i] = e.estimate;
        se[i] = e.se;
        low[i] = e.ci_low;
        high[i] = e.ci_high;
        deff[i] = e.deff;
        df[i] = e.df;
        count[i] = static_cast<std::int64_t>(e.n);
        psus[i] = static_cast<std::int64_t>(e.n_psu);
        suppressed[i] = e.suppressed;
    }
    py::dict out;
    out["variable"] = variable;
    out["domain"] = domain;
    out["level"] = level;
    out["prob"] = prob;
    out["estimate"] = estimate;
    out["se"] = se;
    out["ci_low"] = low;
    out["ci_high"] = high;
    out["deff"] = deff;
    out["n"] = count;
    out["n_psu"] = psus;
    out["df"] = df;
    out["suppressed"] = suppressed;
    out["reason"] = reason;
    return out;
}

using Matrix = Eigen::Ref<const Eigen::MatrixXd>;

/// A design of either kind, as a pointer to the caller's object (not a copy).
using AnyDesign = std::variant<const SurveyDesign*, const ReplicateDesign*>;

/// survey_mean, survey_total, survey_proportion, survey_ratio and survey_quantile, each one function
/// taking either kind of design (linearisation SEs for a SurveyDesign, replicate-weight SEs for a
/// ReplicateDesign). `threads` runs replicates (a SurveyDesign does not use it).
void def_estimators(py::module_& m) {
    auto run = [](auto&& estimator, double level, std::size_t min_count, std::size_t min_psu,
                  DegenerateCells degenerate, bool na_rm, std::string source, unsigned threads) {
        SurveyOptions o = options_of(level, min_count, min_psu, degenerate, na_rm, std::move(source));
        o.threads = threads;
        std::vector<SurveyEstimate> r;
        {
            py::gil_scoped_release release;
            r = estimator(o);
        }
        return columns(r);
    };
    auto options = [](const char* design, auto... head) {
        return std::make_tuple(py::arg(design).none(false), head..., py::kw_only(), "by"_a = py::none(),
                               "level"_a = 0.95, "min_count"_a = 0, "min_psu"_a = 2,
                               "degenerate"_a = DegenerateCells::suppress, "na_rm"_a = false, "source"_a = "DataFrame",
                               "threads"_a = 0);
    };
    auto def = [&](const char* name, auto fn, auto args, const std::string& doc) {
        std::apply(
            [&](auto... a) {
                def_function(m, name, fn, a...,
                             (doc + " with linearisation (SurveyDesign) or replicate-weight (ReplicateDesign) SEs, "
                                    "as columns.")
                                 .c_str());
            },
            args);
    };
    auto def_columns = [&](const char* name, auto estimator, const char* doc) {
        def(
            name,
            [run, estimator](AnyDesign design, const Matrix& y, const std::vector<std::string>& names,
                             const std::optional<Factor>& by, double level, std::size_t min_count, std::size_t min_psu,
                             DegenerateCells degenerate, bool na_rm, std::string source, unsigned threads) {
                return run(
                    [&](const SurveyOptions& o) {
                        return std::visit([&](const auto* d) { return estimator(*d, y, names, by, o); }, design);
                    },
                    level, min_count, min_psu, degenerate, na_rm, std::move(source), threads);
            },
            options("design", "y"_a, "names"_a), doc);
    };
    def_columns(
        "survey_mean", [](const auto& d, const auto&... a) { return survey_mean(d, a...); }, "Weighted means");
    def_columns(
        "survey_total", [](const auto& d, const auto&... a) { return survey_total(d, a...); }, "Weighted totals");
    def(
        "survey_proportion",
        [run](AnyDesign design, const Factor& y, const std::string& name, const std::optional<Factor>& by, double level,
              std::size_t min_count, std::size_t min_psu, DegenerateCells degenerate, bool na_rm, std::string source,
              unsigned threads) {
            return run(
                [&](const SurveyOptions& o) {
                    return std::visit([&](const auto* d) { return survey_proportion(*d, y, name, by, o); }, design);
                },
                level, min_count, min_psu, degenerate, na_rm, std::move(source), threads);
        },
        options("design", "y"_a, "name"_a), "The share of every level of a categorical column");
    def(
        "survey_ratio",
        [run](AnyDesign design, const Matrix& y, const Matrix& x, const std::vector<std::string>& y_names,
              const std::vector<std::string>& x_names, const std::optional<Factor>& by, double level,
              std::size_t min_count, std::size_t min_psu, DegenerateCells degenerate, bool na_rm, std::string source,
              unsigned threads) {
            return run(
                [&](const SurveyOptions& o) {
                    return std::visit([&](const auto* d) { return survey_ratio(*d, y, x, y_names, x_names, by, o); },
                                      design);
                },
                level, min_count, min_psu, degenerate, na_rm, std::move(source), threads);
        },
        options("design", "numerators"_a, "denominators"_a, "numerator_names"_a, "denominator_names"_a),
        "Ratios of weighted totals");
    def(
        "survey_quantile",
        [run](AnyDesign design, const Matrix& y, const std::vector<std::string>& names,
              const std::vector<double>& probs, const std::optional<Factor>& by, double level, std::size_t min_count,
              std::size_t min_psu, DegenerateCells degenerate, bool na_rm, std::string source, unsigned threads) {
            return run(
                [&](const SurveyOptions& o) {
                    return std::visit([&](const auto* d) { return survey_quantile(*d, y, names, probs, by, o); },
                                      design);
                },
                level, min_count, min_psu, degenerate, na_rm, std::move(source), threads);
        },
        options("design", "y"_a, "names"_a, "probs"_a), "Quantiles (qrule 'math'), Woodruff intervals");
}

}  // namespace

void register_survey(py::module_& m) {
    checked_class<Factor>(m, "Factor", "A categorical column as integer codes into levels; code -1 = missing.")
        .def(py::init([](Eigen::VectorXi codes, std::vector<std::string> levels) {
                 return Factor{std::move(codes), std::move(levels)};
             }),
             py::kw_only(), "codes"_a, "levels"_a)
        .def_readonly("codes", &Factor::codes, "Per row, an index into levels; -1 = missing.")
        .def_readonly("levels", &Factor::levels, "The categories.");

    checked_enum<DegenerateCells>(m, "DegenerateCells",
                                  "What happens to a degenerate cell (fewer than min_psu PSUs, SE 0, a proportion at 0 "
                                  "or 1): suppress (NaN) or flag (values kept, the reason given).")
        .value("suppress", DegenerateCells::suppress)
        .value("flag", DegenerateCells::flag);

    checked_enum<LonelyPsu>(m, "LonelyPsu", "Policy for a stratum with a single sampled PSU (R's survey.lonely.psu).")
        .value("fail", LonelyPsu::fail)
        .value("certainty", LonelyPsu::certainty)
        .value("adjust", LonelyPsu::adjust)
        .value("average", LonelyPsu::average);

    checked_class<SurveyDesign>(m, "SurveyDesign",
                                "A checked one-stage stratified cluster design (use govindex.survey.Design).")
        .def(
            py::init([](std::optional<Eigen::VectorXd> weights, std::optional<Factor> strata,
                        std::optional<Factor> clusters, std::optional<Eigen::VectorXd> fpc, LonelyPsu lonely_psu,
                        std::string source, std::string weights_column, std::string strata_column,
                        std::string clusters_column, std::string fpc_column,
                        const std::vector<std::tuple<Factor, std::optional<Eigen::VectorXd>, std::string, std::string>>&
                            later) {
                std::vector<DesignStage> stages;
                for (const auto& [clusters, stage_fpc, clusters_column, fpc_column_s] : later)
                    stages.push_back(DesignStage{.clusters = clusters,
                                                 .fpc = stage_fpc ? *stage_fpc : Eigen::VectorXd(),
                                                 .clusters_column = clusters_column,
                                                 .fpc_column = fpc_column_s});
                DesignColumns c{.weights = weights ? std::move(*weights) : Eigen::VectorXd(),
                                .strata = std::move(strata),
                                .clusters = std::move(clusters),
                                .fpc = fpc ? std::move(*fpc) : Eigen::VectorXd(),
                                .later_stages = std::move(stages),
                                .lonely_psu = lonely_psu,
                                .source = std::move(source),
                                .weights_column = std::move(weights_column),
                                .strata_column = std::move(strata_column),
                                .clusters_column = std::move(clusters_column),
                                .fpc_column = std::move(fpc_column)};
                py::gil_scoped_release release;
                return SurveyDesign(std::move(c));
            }),
            py::kw_only(), "weights"_a = py::none(), "strata"_a = py::none(), "clusters"_a = py::none(),
            "fpc"_a = py::none(), "lonely_psu"_a = LonelyPsu::fail, "source"_a = "DataFrame",
            "weights_column"_a = "weights", "strata_column"_a = "strata", "clusters_column"_a = "clusters",
            "fpc_column"_a = "fpc",
            "later_stages"_a =
                std::vector<std::tuple<Factor, std::optional<Eigen::VectorXd>, std::string, std::string>>{})
        .def_property_readonly("rows", &SurveyDesign::rows, "Number of respondents.")
        .def_property_readonly("weights", &SurveyDesign::weights,
                               "The weights estimates use (calibrated once post-stratified).")
        .def_property_readonly("base_weights", &SurveyDesign::base_weights, "The design weights before calibration.")
        .def_property_readonly("strata", &SurveyDesign::strata, "Number of strata.")
        .def_property_readonly("psus", &SurveyDesign::psus, "Number of sampled PSUs.")
        .def_property_readonly("degrees_of_freedom", &SurveyDesign::degrees_of_freedom, "PSUs - strata.")
        .def_property_readonly("post_stratified", &SurveyDesign::post_stratified, "Whether the weights are calibrated.")
        .def_property_readonly("stratum_labels", &SurveyDesign::stratum_labels, "Label of each stratum.")
        .def("post_stratify", &SurveyDesign::post_stratify, py::kw_only(), "categories"_a, "population"_a, "column"_a,
             "A new design calibrated to population counts per category.", py::call_guard<py::gil_scoped_release>())
        .def(
            "rake",
            [](const SurveyDesign& d,
               const std::vector<std::tuple<Factor, std::map<std::string, double>, std::string>>& margins,
               std::size_t max_iterations, std::optional<double> epsilon, std::optional<double> tolerance) {
                std::vector<RakeMargin> list;
                for (const auto& [categories, population, column] : margins)
                    list.push_back(RakeMargin{categories, population, column});
                py::gil_scoped_release release;
                return d.rake(
                    list, RakeControl{.max_iterations = max_iterations, .epsilon = epsilon, .tolerance = tolerance});
            },
            py::kw_only(), "margins"_a, "max_iterations"_a = 10, "epsilon"_a = py::none(), "tolerance"_a = py::none(),
            "A new design raked to (categories, population counts, column) margins by iterative proportional fitting; "
            "stops by R's rule (epsilon, default 1) unless a tolerance is given.")
        .def_property_readonly(
            "variance_stages", [](const SurveyDesign& d) { return d.variance_stages().size() + 1; },
            "Number of sampling stages whose variance enters (1 = the first stage only).")
        .def_property_readonly("raked", &SurveyDesign::raked, "Whether the weights are raked.")
        .def_property_readonly(
            "calibration",
            [](const SurveyDesign& d) -> py::object {
                if (!d.calibration()) return py::none();
                const CalibrationReport& r = *d.calibration();
                py::dict out;
                out["method"] = r.method;
                out["rule"] = r.rule;
                out["threshold"] = r.threshold;
                out["iterations"] = r.iterations;
                out["max_change"] = r.max_change;
                out["max_relative_error"] = r.max_relative_error;
                out["max_error"] = r.max_error;
                out["converged"] = r.converged;
                out["margins_met"] = r.margins_met;
                out["worst_column"] = r.worst_column;
                out["worst_category"] = r.worst_category;
                out["margin_totals"] = r.margin_totals;
                return out;
            },
            "The raking report (a dict), or None.");

    checked_enum<ReplicateType>(m, "ReplicateType", "How replicate weights were made (R's svrepdesign type).")
        .value("jk1", ReplicateType::jk1)
        .value("jkn", ReplicateType::jkn)
        .value("bootstrap", ReplicateType::bootstrap)
        .value("other", ReplicateType::other);

    checked_class<ReplicateDesign>(m, "ReplicateDesign",
                                   "A replicate-weight design (use govindex.survey.ReplicateDesign).")
        .def(py::init([](Eigen::VectorXd weights, Eigen::MatrixXd replicates, ReplicateType type, bool combined_weights,
                         std::optional<double> scale, std::vector<double> rscales, bool mse, std::string source,
                         std::string weights_column, std::vector<std::string> replicate_columns) {
                 ReplicateColumns c{.weights = std::move(weights),
                                    .replicates = std::move(replicates),
                                    .type = type,
                                    .combined_weights = combined_weights,
                                    .scale = scale,
                                    .rscales = std::move(rscales),
                                    .mse = mse,
                                    .source = std::move(source),
                                    .weights_column = std::move(weights_column),
                                    .replicate_columns = std::move(replicate_columns)};
                 py::gil_scoped_release release;
                 return ReplicateDesign(std::move(c));
             }),
             py::kw_only(), "weights"_a, "replicates"_a, "type"_a = ReplicateType::other, "combined_weights"_a = true,
             "scale"_a = py::none(), "rscales"_a = std::vector<double>{}, "mse"_a = false, "source"_a = "DataFrame",
             "weights_column"_a = "weights", "replicate_columns"_a = std::vector<std::string>{})
        .def_static("from_design", &ReplicateDesign::from_design, py::kw_only(), "design"_a, "type"_a,
                    "replicates"_a = 50, "seed"_a = 0, "mse"_a = false,
                    "Replicates made from a design, as R's as.svrepdesign.", py::call_guard<py::gil_scoped_release>())
        .def_property_readonly("rows", &ReplicateDesign::rows, "Number of respondents.")
        .def_property_readonly("replicates", &ReplicateDesign::replicates, "Number of replicates.")
        .def_property_readonly("type", &ReplicateDesign::type, "How the replicates were made.")
        .def_property_readonly("scale", &ReplicateDesign::scale, "R's scale.")
        .def_property_readonly("rscales", &ReplicateDesign::rscales, "R's rscales, one per replicate.")
        .def_property_readonly("mse", &ReplicateDesign::mse,
                               "Whether replicates are centred at the full-sample estimate.")
        .def_property_readonly("degrees_of_freedom", &ReplicateDesign::degrees_of_freedom,
                               "R's degf: rank of the replicate weights - 1.")
        .def_property_readonly("weights", &ReplicateDesign::weights, "The full-sample weights.")
        .def_property_readonly("psus", &ReplicateDesign::psus, "PSUs when made from a design, else 0.")
        .def("replicate_weights", py::overload_cast<>(&ReplicateDesign::replicate_weights, py::const_),
             "Every replicate's weights (rows x replicates).", py::call_guard<py::gil_scoped_release>());

    def_estimators(m);
    def_function(m, "slovin_sample_size", &slovin_sample_size, py::kw_only(), "population"_a, "margin"_a,
                 "Slovin's n = N / (1 + N e^2), rounded up.");
    def_function(
        m, "sample_size",
        [](double margin, double proportion, double sd, double deff, double level, double population) {
            return sample_size(
                margin,
                SampleSizeOptions{
                    .proportion = proportion, .sd = sd, .deff = deff, .level = level, .population = population});
        },
        py::kw_only(), "margin"_a, "proportion"_a = 0.5, "sd"_a = 0.0, "deff"_a = 1.0, "level"_a = 0.95,
        "population"_a = 0.0, "Respondents for a confidence interval of half-width margin, with a design effect.");
    def_function(
        m, "pps_systematic",
        [](const Eigen::Ref<const Eigen::VectorXd>& sizes, std::size_t n, std::uint64_t seed, double start) {
            std::vector<PpsSelection> r;
            {
                py::gil_scoped_release release;
                r = pps_systematic(sizes, n, seed, start);
            }
            const auto k = static_cast<Eigen::Index>(r.size());
            Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> unit(k);
            Eigen::Array<bool, Eigen::Dynamic, 1> certainty(k);
            Eigen::VectorXd probability(k), weight(k);
            for (Eigen::Index i = 0; i < k; ++i) {
                const PpsSelection& s = r[static_cast<std::size_t>(i)];
                unit[i] = static_cast<std::int64_t>(s.unit);
                certainty[i] = s.certainty;
                probability[i] = s.probability;
                weight[i] = s.weight;
            }
            py::dict out;
            out["unit"] = unit;
            out["certainty"] = certainty;
            out["probability"] = probability;
            out["weight"] = weight;
            return out;
        },
        py::kw_only(), "sizes"_a, "n"_a, "seed"_a = 0, "start"_a = -1.0,
        "Systematic PPS selection with certainty units, as columns (unit, certainty, probability, weight).");
}

}  // namespace govindex::python
