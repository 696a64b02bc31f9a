// A methodology version as a framework plus a pipeline: the generic Framework -> Pipeline ->
// Results path computes points (PAR INDEX), additive scales (PAPI) and fixed-scale weighted means
// (PCI) with the WeightedSum aggregation. Guide: docs/guide/methodology.md.
#include "govindex/model/methodology.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "govindex/detail/format.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/pipeline/results.hpp"

#include "steps/score_explain.hpp"

namespace govindex {

namespace {

using detail::exact_number;
using detail::in_quotes;

/// "" for an unknown number, else the number as it reads back.
std::string number_text(double x) { return std::isnan(x) ? std::string() : exact_number(x); }

[[noreturn]] void fail(const Methodology& m, const MethodNode& n, const std::string& field, const std::string& what,
                       const std::string& expected, const std::string& found) {
    const std::string label = m.family() + " " + m.id();
    std::string where = n.origin.file.empty() ? label : n.origin.file;
    if (n.origin.line > 0) where += " line " + std::to_string(n.origin.line);
    if (!n.origin.file.empty()) where += " (" + label + ")";
    throw MethodError(where + ", node " + in_quotes(n.code) + ", field " + in_quotes(field) + ": " + what +
                          "; expected " + expected + ", found " + found,
                      ErrorLocation{n.origin.file.empty() ? m.family() + " " + m.id() : n.origin.file, n.origin.line,
                                    field, n.code, expected, found});
}

/// The framework rows and the WeightedSum scale of every aggregate, shared by framework() and
/// pipeline() so that both check the same things.
struct Model {
    std::vector<Node> nodes;
    std::map<std::string, double> scales;      // aggregate code -> WeightedSum scale
    std::vector<std::string> leaves;           // methodology codes that are indicators
    std::map<std::string, ScoringRule> rules;  // leaf -> rule, for the Score step
    std::vector<Node> evidence;                // "Other" rows: the evidence columns the rules read
};

/// The code of the always-missing indicator that stands for what is unknown below an aggregate.
std::string unknown_part(const std::string& code) { return code + "@unknown"; }

/// For a weighted_mean aggregate: why its value cannot be computed (empty: it can), and whether
/// its children's maxima differ (then each child's weight carries parent max / child max).
struct WeightedParts {
    std::string unknown;
    bool rescaled = false;
    double child_max = std::numeric_limits<double>::quiet_NaN();
};

Model build_model(const Methodology& m, int cut, UnknownParts unknown) {
    const std::string label = m.family() + " " + m.id();
    if (cut == 0 || cut < -1)
        throw MethodError(label + ": depth " + std::to_string(cut) + "; expected -1 (the whole tree) or a depth >= 1",
                          ErrorLocation{label, 0, "depth", "", "-1 or a depth >= 1", std::to_string(cut)});
    const bool refuse = unknown == UnknownParts::refuse;
    const auto included = [&](const MethodNode& n) { return cut < 0 || m.depth(n.code) <= cut; };
    const auto is_leaf = [&](const MethodNode& n) { return m.children(n.code).empty() || m.depth(n.code) == cut; };
    const MethodNode& root = m.node(m.root());
    const bool root_is_leaf = is_leaf(root);
    if (root_is_leaf && refuse)
        fail(m, root, "children", "no node below the root is known, so there is nothing to aggregate",
             "children (a transcribed tree)",
             root.children_unknown ? "children_unknown = true and no children" : "no children");
    int deepest = 0;
    for (const auto& n : m.nodes())
        if (included(n) && is_leaf(n)) deepest = std::max(deepest, m.depth(n.code));
    const bool weighted = m.aggregation() == Aggregation::weighted_mean;

    // weighted_mean: what each aggregate's children need (refuse: the first gap is an error).
    std::map<std::string, WeightedParts> parts;
    if (weighted) {
        for (const auto& n : m.nodes()) {
            if (!included(n) || is_leaf(n)) continue;
            WeightedParts& p = parts[n.code];
            const auto gap = [&](const MethodNode& at, const std::string& field, const std::string& what,
                                 const std::string& expected, const std::string& found) {
                if (refuse) fail(m, at, field, what, expected, found);
                if (p.unknown.empty()) p.unknown = in_quotes(at.code) + " " + field + " " + found;
            };
            if (std::isnan(n.max_points))
                gap(n, "max_points", "the weighted mean scales the children to the parent's maximum", "a number",
                    "unknown");
            for (const auto& k : m.children(n.code)) {
                const MethodNode& c = m.node(k);
                if (std::isnan(c.weight))
                    gap(c, "weight", "the weighted mean needs every child's weight", "a weight in [0, 1]", "unknown");
                if (std::isnan(c.max_points)) {
                    gap(c, "max_points", "the weighted mean scales the children to the parent's maximum", "a number",
                        "unknown");
                } else if (std::isnan(p.child_max)) {
                    p.child_max = c.max_points;
                } else if (c.max_points != p.child_max) {
                    if (refuse)
                        fail(m, c, "max_points", "the children of " + in_quotes(n.code) + " are on different scales",
                             "the same maximum as its siblings (" + exact_number(p.child_max) + ")",
                             exact_number(c.max_points));
                    p.rescaled = true;
                }
            }
            for (const auto& k : m.children(n.code)) {
                const MethodNode& c = m.node(k);
                if (!std::isnan(c.max_points) && !(c.max_points > 0))
                    gap(c, "max_points", "the weighted mean divides by the children's maximum", "a number > 0",
                        exact_number(c.max_points));
            }
        }
    }

    Model out;
    // A leaf shallower than the deepest one is lifted to the level its parent needs by
    // pass-through aggregates (one child of weight 1, WeightedSum scale 1: the same value).
    const auto add_indicator = [&](Node row, int top) {
        if (top <= 1) {
            out.nodes.push_back(std::move(row));
            return;
        }
        const std::string code = row.code, parent = row.parent;
        const double parent_weight = row.weight;
        Node pass;
        pass.name = row.name;
        pass.type = NodeType::aggregate;
        pass.attributes = {{"pass_through", code}};
        if (const auto it = row.attributes.find("max_points"); it != row.attributes.end())
            pass.attributes.emplace("max_points", it->second);
        pass.origin = row.origin;
        row.parent = code + "@2";
        row.weight = 1.0;
        out.nodes.push_back(std::move(row));
        for (int level = 2; level <= top; ++level) {
            pass.code = code + "@" + std::to_string(level);
            pass.level = level;
            pass.parent = level == top ? parent : code + "@" + std::to_string(level + 1);
            pass.weight = level == top ? parent_weight : 1.0;
            out.scales.emplace(pass.code, 1.0);
            out.nodes.push_back(pass);
        }
    };
    for (const auto& n : m.nodes()) {
        if (!included(n)) continue;
        const int depth = m.depth(n.code);
        const bool leaf = is_leaf(n);
        std::string gap;  // why this aggregate's value is unknown (UnknownParts::missing)
        if (!leaf && n.children_unknown) {
            if (refuse)
                fail(m, n, "children",
                     "some children are not transcribed (children_unknown), so its points cannot be aggregated",
                     "a complete list of children, or a framework cut at depth " + std::to_string(depth),
                     "children_unknown = true");
            gap = "children not all transcribed";
        }
        double weight = 1.0;
        if (weighted && !n.parent.empty()) {
            const WeightedParts& p = parts.at(n.parent);
            weight = std::isnan(n.weight) ? 0.0 : n.weight;  // unknown: the parent is missing anyway
            if (p.rescaled && p.unknown.empty()) weight *= m.node(n.parent).max_points / n.max_points;
        }
        if (!leaf) {
            double scale = 1.0;
            if (weighted) {
                const WeightedParts& p = parts.at(n.code);
                if (!p.unknown.empty() && gap.empty()) gap = p.unknown;
                if (p.unknown.empty() && !p.rescaled) scale = n.max_points / p.child_max;
            }
            out.scales.emplace(n.code, scale);
        }
        Node row;
        row.code = n.code;
        row.name = n.name_en.empty() ? n.name_vi : n.name_en;
        row.type = leaf ? NodeType::indicator : NodeType::aggregate;
        row.level = leaf ? 1 : deepest - depth + 1;
        row.parent = n.parent;
        row.weight = weight;
        row.attributes = {{"max_points", number_text(n.max_points)},
                          {"min_points", number_text(n.min_points)},
                          {"name_vi", n.name_vi},
                          {"name_en", n.name_en}};
        if (leaf) {
            row.attributes.emplace("source", std::string(to_string(n.source)));
            if (n.rule && m.children(n.code).empty()) row.attributes.emplace("rule", describe(*n.rule));
            out.leaves.push_back(n.code);
        }
        if (!n.note.empty()) row.attributes.emplace("note", n.note);
        row.origin = n.origin;
        if (leaf && n.rule && m.children(n.code).empty()) {
            out.rules.emplace(n.code, *n.rule);
            for (const auto& column : score_evidence_columns(n.code, *n.rule)) {
                Node evidence;
                evidence.code = column;
                evidence.name = "evidence for " + n.code;
                evidence.type = NodeType::other;
                evidence.level = 0;
                evidence.origin = n.origin;
                out.evidence.push_back(std::move(evidence));
            }
        }
        if (!gap.empty()) {
            // The unknown part below: an indicator that is always missing, so the sum is missing.
            Node part;
            part.code = unknown_part(n.code);
            part.name = "unknown part of " + n.code;
            part.type = NodeType::indicator;
            part.level = 1;
            part.parent = n.code;
            part.weight = 1.0;
            part.attributes = {{"unknown", gap}};
            part.origin = n.origin;
            add_indicator(std::move(part), deepest - depth);
        }
        // the root alone (UnknownParts::missing) is an indicator under a pass-through root
        add_indicator(std::move(row), leaf ? std::max(deepest - depth + 1, root_is_leaf ? 2 : 1) : 1);
    }
    for (auto& e : out.evidence) out.nodes.push_back(std::move(e));
    out.evidence.clear();
    return out;
}

Pipeline pipeline_of(const Model& model) {
    Aggregate aggregate;
    std::optional<double> common;
    bool same = true;
    for (const auto& [code, scale] : model.scales) {
        if (!common)
            common = scale;
        else if (*common != scale)
            same = false;
    }
    if (same) {
        aggregate.method = WeightedSum{common.value_or(1.0)};
    } else {
        aggregate.method = WeightedSum{1.0};
        for (const auto& [code, scale] : model.scales)
            if (scale != 1.0) aggregate.per_node.emplace(code, WeightedSum{scale});
    }
    std::vector<Step> steps;
    if (!model.rules.empty()) steps.emplace_back(Score{model.rules});
    steps.emplace_back(std::move(aggregate));
    return Pipeline(std::move(steps));
}

bool from_survey(PointSource s) {
    return s == PointSource::survey || s == PointSource::survey_internal || s == PointSource::survey_external;
}

/// The points a record gives a leaf directly and where they come from (NaN and "" when none):
/// survey sources -> survey; otherwise appraised_2, else appraised_1, else survey for source unknown.
std::pair<double, std::string> given_points(const MethodNode& n, const LeafRecord& r) {
    const auto shown = [](const std::string& what, double x) { return what + " " + detail::shown_number(x); };
    if (from_survey(n.source)) {
        if (!std::isnan(r.survey)) return {r.survey, shown("survey points", r.survey)};
    } else if (!std::isnan(r.appraised_2)) {
        return {r.appraised_2, shown("appraised (round 2)", r.appraised_2)};
    } else if (!std::isnan(r.appraised_1)) {
        return {r.appraised_1, shown("appraised (round 1)", r.appraised_1)};
    } else if (n.source == PointSource::unknown && !std::isnan(r.survey)) {
        return {r.survey, shown("survey points", r.survey)};
    }
    return {std::numeric_limits<double>::quiet_NaN(), std::string()};
}

/// The assessments as rows of the raw data set of a run on `fw` (a framework of `version`).
Dataset assessment_rows(const Methodology& version, const Framework& fw, const std::vector<Assessment>& assessments) {
    const auto& leaves = fw.indicators();
    auto units = std::make_shared<Units>();
    Eigen::MatrixXd points =
        Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(assessments.size()),
                                  static_cast<Eigen::Index>(leaves.size()), std::numeric_limits<double>::quiet_NaN());
    std::map<std::string, std::vector<std::string>> text;
    for (const auto& n : fw.nodes())
        if (n.type == NodeType::other) text[n.code].assign(assessments.size(), "");
    for (std::size_t i = 0; i < assessments.size(); ++i) {
        const Assessment& a = assessments[i];
        const std::string label = a.unit + (a.year ? " " + std::to_string(a.year) : std::string());
        units->codes.push_back(a.unit);
        units->names.push_back(a.unit);
        for (const auto& [code, record] : a.leaves) {
            const MethodNode* n = version.find(code);
            if (n == nullptr || !version.children(n->code).empty())
                throw UnknownCodeError(
                    label + ": " + in_quotes(code) + " is not a leaf of " + version.family() + " " + version.id(),
                    ErrorLocation{a.unit, 0, "", code, "a leaf code", code});
            const auto j = std::find(leaves.begin(), leaves.end(), n->code) - leaves.begin();
            points(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = given_points(*n, record).first;
            if (!n->rule) continue;
            const Evidence& e = record.evidence;
            const auto set = [&](const std::string& suffix, std::string value) {
                if (auto it = text.find(n->code + suffix); it != text.end()) it->second[i] = std::move(value);
            };
            if (e.yes) set("_yes", *e.yes ? "true" : "false");
            set("_level", e.level);
            set("_rate", number_text(e.rate));
            set("_num", number_text(e.numerator));
            set("_den", number_text(e.denominator));
            set("_value", number_text(e.value));
            std::string items;
            for (const auto& item : e.items) {
                if (item.find(';') != std::string::npos)
                    throw InputError(
                        label + ", leaf " + in_quotes(n->code) + ": evidence item " + in_quotes(item) +
                            " contains ';'; expected items without ';' (they are joined by \"; \")",
                        ErrorLocation{a.unit, 0, n->code + "_items", n->code, "an item without ';'", item});
                items += (items.empty() ? "" : "; ") + item;
            }
            set("_items", items);
        }
    }
    for (const auto& n : fw.nodes())
        if (n.type == NodeType::other) units->others.emplace_back(n.code, std::move(text.at(n.code)));
    return Dataset(std::move(units), leaves, std::move(points));
}

}  // namespace

Framework Methodology::framework(int depth, UnknownParts unknown) const {
    return Framework(build_model(*this, depth, unknown).nodes);
}

Pipeline Methodology::pipeline(int depth, UnknownParts unknown) const {
    return pipeline_of(build_model(*this, depth, unknown));
}

Dataset assessment_data(const Methodology& version, const std::vector<Assessment>& assessments, UnknownParts unknown) {
    return assessment_rows(version, version.framework(-1, unknown), assessments);
}

Scorecard score(const Methodology& m, const Assessment& a) {
    const std::string label =
        (a.unit.empty() ? std::string("assessment") : a.unit) + (a.year ? " " + std::to_string(a.year) : "");
    for (const auto& [code, rec] : a.leaves) {
        const MethodNode* n = m.find(code);
        if (n == nullptr || !m.children(n->code).empty()) {
            std::string leaves;
            for (const auto& l : m.leaves()) leaves += (leaves.empty() ? "" : ", ") + l;
            throw UnknownCodeError(label + ": " + in_quotes(code) + " is not a leaf of " + m.family() + " " + m.id() +
                                       "; expected one of " + leaves,
                                   ErrorLocation{label, 0, "", code, "a leaf code", code});
        }
    }
    const Model model = build_model(m, -1, UnknownParts::missing);
    const Framework fw(model.nodes);
    const Pipeline pipeline = pipeline_of(model);
    Assessment named = a;
    if (named.unit.empty()) named.unit = "assessment";
    const Dataset input = assessment_rows(m, fw, {named});
    // The pipeline's steps in order: Score gives each leaf's points, then one run of the Aggregate
    // step adds up the points (row 0) and, in rows of their own, the leaves' points split by source,
    // so the parts of every node add up as its points do.
    const Score* rules = std::get_if<Score>(&pipeline.steps().front());
    const Dataset scored = rules != nullptr ? apply(*rules, fw, input).data : input;

    enum Row { points, appraised, internal, external, other, self, deduction, row_count };
    const auto& indicators = fw.indicators();
    const auto nan = std::numeric_limits<double>::quiet_NaN();
    Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(row_count, static_cast<Eigen::Index>(indicators.size()));
    std::map<const MethodNode*, const LeafRecord*> records;
    for (const auto& [code, record] : a.leaves) records.emplace(m.find(code), &record);
    std::map<std::string, std::string> how;
    for (std::size_t j = 0; j < indicators.size(); ++j) {
        const auto col = static_cast<Eigen::Index>(j);
        const MethodNode* n = m.find(indicators[j]);
        if (n == nullptr) {  // the unknown part of an aggregate
            rows.col(col).setConstant(nan);
            continue;
        }
        const auto found = records.find(n);
        const LeafRecord* rec = found == records.end() ? nullptr : found->second;
        const double obtained = scored.values()(0, scored.column_index(n->code));
        rows(points, col) = obtained;
        std::string& text = how[n->code];
        double claimed = nan;
        if (rec == nullptr) {
            text = "no record";
        } else {
            text = given_points(*n, *rec).second;
            if (text.empty() && n->rule && !rec->evidence.empty())
                text = detail::explain_score(*rules, fw, fw.node(n->code), input, 0);
            if (text.empty())
                text = from_survey(n->source) ? "no survey points or evidence" : "no appraised points or evidence";
            if (!rec->evidence_note.empty()) text += " [evidence: " + rec->evidence_note + "]";
            claimed = rec->self;
        }
        // Points given directly are checked here whether or not the pipeline has a Score step
        // (PAPI and PCI have none); the Score step has already refused rule points above it.
        for (const auto& [v, field, what] :
             {std::tuple{obtained, "points", "points"}, std::tuple{claimed, "self", "self-assessed points"}})
            if (!std::isnan(v) && !std::isnan(n->max_points) && v > n->max_points + 1e-9)
                throw InputError(
                    label + ", leaf " + in_quotes(n->code) + ": " + what + " " + detail::shown_number(v) +
                        " exceed the maximum " + detail::shown_number(n->max_points),
                    ErrorLocation{label, 0, field, n->code, "at most " + exact_number(n->max_points), exact_number(v)});
        switch (n->source) {
            case PointSource::appraisal:
                rows(appraised, col) = obtained;
                break;
            case PointSource::survey_internal:
                rows(internal, col) = obtained;
                break;
            case PointSource::survey_external:
                rows(external, col) = obtained;
                break;
            default:
                rows(other, col) = obtained;
                break;
        }
        if (!from_survey(n->source)) {
            rows(self, col) = claimed;
            rows(deduction, col) = claimed - obtained;  // NaN unless both are known
        }
    }
    auto row_units = std::make_shared<Units>();
    row_units->codes = {named.unit};
    for (const char* part : {"appraised", "survey_internal", "survey_external", "survey_other", "self", "deduction"})
        row_units->codes.push_back(named.unit + " (" + part + ")");
    row_units->names = row_units->codes;
    const Pipeline aggregate({pipeline.steps().back()});
    const Dataset split = aggregate.run(fw, Dataset(std::move(row_units), indicators, std::move(rows))).scores();
    const auto value = [&](const std::string& code) { return split.values()(points, split.column_index(code)); };

    Scorecard card;
    card.version = m.id();
    card.unit = a.unit;
    card.year = a.year;
    for (const auto& n : m.nodes()) {
        NodeScore s;
        s.code = n.code;
        s.max_points = n.max_points;
        const auto col = split.column_index(n.code);
        s.obtained = value(n.code);
        s.appraised = split.values()(appraised, col);
        s.survey_internal = split.values()(internal, col);
        s.survey_external = split.values()(external, col);
        s.survey_other = split.values()(other, col);
        s.self = split.values()(self, col);
        s.deduction = split.values()(deduction, col);
        if (!std::isnan(s.obtained) && !std::isnan(s.max_points) && s.max_points > 0)
            s.percent = s.obtained / s.max_points * 100.0;
        if (const auto& kids = m.children(n.code); kids.empty()) {
            s.explanation = how.at(n.code);
        } else {
            const bool weighted = m.aggregation() == Aggregation::weighted_mean;
            std::string terms;
            for (const auto& k : kids) {
                terms += terms.empty() ? "" : " + ";
                if (weighted) terms += detail::shown_number(m.node(k).weight, "unknown") + " x ";
                terms += k + " " + detail::shown_number(value(k), "unknown");
            }
            const std::string total = detail::shown_number(s.obtained, "unknown");
            s.explanation = weighted ? detail::shown_number(n.max_points, "unknown") + " x (" + terms +
                                           ") / child maximum = " + total
                                     : terms + " = " + total;
            if (n.children_unknown) s.explanation += "; children not all known";
        }
        card.nodes.push_back(std::move(s));
    }
    return card;
}

Dataset percent_of_max(const Results& results, const Methodology& version) {
    const Dataset& scores = results.scores();
    std::vector<std::string> columns;
    std::vector<double> maxima;
    for (const auto& n : version.nodes()) {
        if (!scores.has_column(n.code)) continue;
        columns.push_back(n.code);
        maxima.push_back(n.max_points);
    }
    if (columns.empty())
        throw MethodError(
            "percent_of_max: no scored column is a node of " + version.family() + " " + version.id() +
                "; expected the results of a run on its framework()",
            ErrorLocation{version.family() + " " + version.id(), 0, "", "", "a run on the version's framework()",
                          "no node of the version among the scores"});
    Eigen::MatrixXd values(scores.unit_count(), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) {
        const auto col = static_cast<Eigen::Index>(j);
        if (maxima[j] > 0)
            values.col(col) = scores.column(columns[j]) / maxima[j] * 100.0;
        else
            values.col(col).setConstant(std::numeric_limits<double>::quiet_NaN());
    }
    return scores.with_values(std::move(columns), std::move(values));
}

}  // namespace govindex
