// A methodology version as a framework plus a pipeline: the generic Framework -> Pipeline ->
// Results path computes points (PAR INDEX), additive scales (PAPI) and fixed-scale weighted means
// (PCI) with the WeightedSum aggregation. Guide: docs/guide/methodology.md.
#include "govindex/methodology.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "govindex/detail/format.hpp"
#include "govindex/pipeline.hpp"
#include "govindex/results.hpp"

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

Model build_model(const Methodology& m, int cut) {
    const std::string label = m.family() + " " + m.id();
    if (cut == 0 || cut < -1)
        throw MethodError(label + ": depth " + std::to_string(cut) + "; expected -1 (the whole tree) or a depth >= 1",
                          ErrorLocation{label, 0, "depth", "", "-1 or a depth >= 1", std::to_string(cut)});
    const auto included = [&](const MethodNode& n) { return cut < 0 || m.depth(n.code) <= cut; };
    const auto is_leaf = [&](const MethodNode& n) { return m.children(n.code).empty() || m.depth(n.code) == cut; };
    const MethodNode& root = m.node(m.root());
    if (is_leaf(root))
        fail(m, root, "children", "no node below the root is known, so there is nothing to aggregate",
             "children (a transcribed tree)",
             root.children_unknown ? "children_unknown = true and no children" : "no children");
    int deepest = 0;
    for (const auto& n : m.nodes())
        if (included(n) && is_leaf(n)) deepest = std::max(deepest, m.depth(n.code));
    const bool weighted = m.aggregation() == Aggregation::weighted_mean;

    Model out;
    for (const auto& n : m.nodes()) {
        if (!included(n)) continue;
        const int depth = m.depth(n.code);
        const bool leaf = is_leaf(n);
        if (!leaf && n.children_unknown)
            fail(m, n, "children",
                 "some children are not transcribed (children_unknown), so its points cannot be aggregated",
                 "a complete list of children, or a framework cut at depth " + std::to_string(depth),
                 "children_unknown = true");
        double weight = 1.0;
        if (weighted && !n.parent.empty()) {
            if (std::isnan(n.weight))
                fail(m, n, "weight", "the weighted mean needs every child's weight", "a weight in [0, 1]", "unknown");
            weight = n.weight;
        }
        if (!leaf) {
            double scale = 1.0;
            if (weighted) {
                if (std::isnan(n.max_points))
                    fail(m, n, "max_points", "the weighted mean scales the children to the parent's maximum",
                         "a number", "unknown");
                double child_max = std::numeric_limits<double>::quiet_NaN();
                for (const auto& k : m.children(n.code)) {
                    const MethodNode& c = m.node(k);
                    if (std::isnan(c.max_points))
                        fail(m, c, "max_points", "the weighted mean scales the children to the parent's maximum",
                             "a number", "unknown");
                    if (std::isnan(child_max))
                        child_max = c.max_points;
                    else if (c.max_points != child_max)
                        fail(m, c, "max_points", "the children of " + in_quotes(n.code) + " are on different scales",
                             "the same maximum as its siblings (" + exact_number(child_max) + ")",
                             exact_number(c.max_points));
                }
                if (!(child_max > 0))
                    fail(m, m.node(m.children(n.code).front()), "max_points",
                         "the weighted mean divides by the children's maximum", "a number > 0",
                         exact_number(child_max));
                scale = n.max_points / child_max;
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
        // A shallow leaf is lifted to the level its parent needs by pass-through aggregates
        // (one child of weight 1, WeightedSum scale 1: the same value).
        const int top = leaf ? deepest - depth + 1 : row.level;
        if (leaf && top > 1) {
            const std::string parent = n.parent;
            const double parent_weight = weight;
            row.parent = n.code + "@2";
            row.weight = 1.0;
            out.nodes.push_back(row);
            for (int level = 2; level <= top; ++level) {
                Node pass;
                pass.code = n.code + "@" + std::to_string(level);
                pass.name = row.name;
                pass.type = NodeType::aggregate;
                pass.level = level;
                pass.parent = level == top ? parent : n.code + "@" + std::to_string(level + 1);
                pass.weight = level == top ? parent_weight : 1.0;
                pass.attributes = {{"pass_through", n.code}, {"max_points", number_text(n.max_points)}};
                pass.origin = n.origin;
                out.scales.emplace(pass.code, 1.0);
                out.nodes.push_back(std::move(pass));
            }
        } else {
            out.nodes.push_back(std::move(row));
        }
    }
    for (auto& e : out.evidence) out.nodes.push_back(std::move(e));
    out.evidence.clear();
    return out;
}

}  // namespace

Framework Methodology::framework(int depth) const { return Framework(build_model(*this, depth).nodes); }

Pipeline Methodology::pipeline(int depth) const {
    const Model model = build_model(*this, depth);
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

Dataset assessment_data(const Methodology& version, const std::vector<Assessment>& assessments) {
    const Framework fw = version.framework();
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
        units->codes.push_back(a.unit);
        units->names.push_back(a.unit);
        for (const auto& [code, record] : a.leaves) {
            const MethodNode* n = version.find(code);
            if (n == nullptr || !version.children(n->code).empty())
                throw UnknownCodeError(a.unit + (a.year ? " " + std::to_string(a.year) : std::string()) + ": " +
                                           in_quotes(code) + " is not a leaf of " + version.family() + " " +
                                           version.id(),
                                       ErrorLocation{a.unit, 0, "", code, "a leaf code", code});
            const bool survey = n->source == PointSource::survey || n->source == PointSource::survey_internal ||
                                n->source == PointSource::survey_external;
            double given = std::numeric_limits<double>::quiet_NaN();
            if (survey)
                given = record.survey;
            else if (!std::isnan(record.appraised_2))
                given = record.appraised_2;
            else if (!std::isnan(record.appraised_1))
                given = record.appraised_1;
            else if (n->source == PointSource::unknown)
                given = record.survey;
            const auto j = std::find(leaves.begin(), leaves.end(), n->code) - leaves.begin();
            points(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = given;
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
            for (const auto& item : e.items) items += (items.empty() ? "" : "; ") + item;
            set("_items", items);
        }
    }
    for (const auto& n : fw.nodes())
        if (n.type == NodeType::other) units->others.emplace_back(n.code, std::move(text.at(n.code)));
    return Dataset(std::move(units), leaves, std::move(points));
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
