// The methodology part of a rank change through a Family's crosswalks: two years of assessments,
// each scored under the version in force for its year and carried to the other version by
// rescore(), the four runs handed to decompose_change (attribution.hpp).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "govindex/detail/format.hpp"
#include "govindex/engines/attribution/attribution.hpp"
#include "govindex/model/methodology.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/text.hpp"

namespace govindex {

namespace {

using detail::in_quotes;

constexpr const char* what = "decompose methodology change";

// The family's crosswalk from -> to, or nullptr.
const Crosswalk* find_crosswalk(const Family& family, const std::string& from, const std::string& to) {
    for (const Crosswalk& c : family.crosswalks())
        if (same_text(c.from_version(), from) && same_text(c.to_version(), to)) return &c;
    return nullptr;
}

// Every assessment is of `year` (or has no year, 0).
void check_years(const std::vector<Assessment>& assessments, int year, const std::string& side) {
    for (const Assessment& a : assessments)
        if (a.year != 0 && a.year != year)
            throw error_at<InputError>(
                {.source = a.unit, .column = "year", .expected = std::to_string(year), .found = std::to_string(a.year)},
                std::string(what) + ": the assessment of " + in_quotes(a.unit) + " among the assessments_" + side +
                    " is for " + std::to_string(a.year) + "; expected year_" + side + " " + std::to_string(year) +
                    " (or 0)");
}

// The node's canonical code in `version`; UnknownCodeError naming the version when absent.
std::string node_code(const Methodology& version, const std::string& code) {
    const MethodNode* n = version.find(code);
    if (n == nullptr)
        throw error_at<UnknownCodeError>({.source = version.family() + " " + version.id(),
                                          .column = "node",
                                          .node = code,
                                          .expected = "a node of both versions",
                                          .found = code},
                                         std::string(what) + ": node " + in_quotes(code) + " is not in " +
                                             version.family() + " " + version.id() +
                                             "; expected a node with the same code in both versions");
    return n->code;
}

Results run(const Methodology& version, const std::vector<Assessment>& assessments) {
    return version.pipeline().run(version.framework(), assessment_data(version, assessments));
}

// The assessments carried from `from` to `to`. A unit with a value on `code` in `original` (its run
// under `from`) that the crosswalk leaves not comparable there is a MethodError; `unit` (code or
// name of the decomposed unit) is reported first when it is one of them.
std::vector<Assessment> carry(const Family& family, const Methodology& from, const Methodology& to,
                              const std::vector<Assessment>& assessments, const Results& original,
                              const std::string& code, std::string_view unit) {
    const Dataset& scores = original.scores();
    const Eigen::Index column = scores.column_index(code);
    const auto scored = [&](const std::string& u) {
        for (std::size_t r = 0; r < scores.unit_codes().size(); ++r)
            if (scores.unit_codes()[r] == u) return !std::isnan(scores.values()(static_cast<Eigen::Index>(r), column));
        return false;
    };
    std::vector<Assessment> out;
    std::optional<std::size_t> failed;  // the first assessment whose node is not comparable
    std::vector<Rescored> rescored;
    for (const Assessment& a : assessments) {
        rescored.push_back(rescore(family, from.id(), to.id(), a));
        out.push_back(rescored.back().assessment);
        if (!rescored.back().not_comparable.count(code) || !scored(a.unit)) continue;
        if (!failed || same_text(a.unit, unit)) failed = rescored.size() - 1;
        if (same_text(a.unit, unit)) break;
    }
    if (!failed) return out;
    const Rescored& r = rescored[*failed];
    std::vector<std::string> leaves;
    for (const std::string& leaf : to.leaves_under(code))
        if (r.not_comparable.count(leaf)) leaves.push_back(leaf);
    if (leaves.empty()) leaves.push_back(code);  // rescore flags the leaves below; kept for safety
    std::string list;
    for (const std::string& leaf : leaves)
        list += (list.empty() ? "" : ", ") + leaf + " (" + r.not_comparable.at(leaf) + ")";
    const Assessment& a = assessments[*failed];
    const std::string crosswalk = "crosswalk " + from.id() + " -> " + to.id();
    throw error_at<MethodError>(
        {.source = crosswalk,
         .node = leaves.front(),
         .expected = "a node the crosswalk carries over",
         .found = r.not_comparable.at(leaves.front())},
        std::string(what) + ": the " + crosswalk + " leaves node " + in_quotes(code) + " of unit " + in_quotes(a.unit) +
            (a.year ? " (" + std::to_string(a.year) + ")" : std::string()) + " not comparable: " + list +
            "; expected every leaf under " + in_quotes(code) +
            " carried over (decompose a node it covers, or complete the crosswalk or the evidence)");
}

}  // namespace

ChangeDecomposition decompose_methodology_change(const Family& family,
                                                 const std::vector<Assessment>& assessments_before,
                                                 const std::vector<Assessment>& assessments_after,
                                                 std::string_view unit, std::string_view node, int year_before,
                                                 int year_after, bool to_leaves, const DecomposeOptions& options) {
    for (const auto& [field, set] : {std::pair{"before_rescored", options.before_rescored != nullptr},
                                     std::pair{"after_rescored", options.after_rescored != nullptr}})
        if (set)
            throw error_at<MethodError>(
                {.column = field, .expected = "none", .found = "a run"},
                std::string(what) + ": options." + field +
                    " is set; expected none (the re-scored runs are built from the crosswalks)");
    check_years(assessments_before, year_before, "before");
    check_years(assessments_after, year_after, "after");
    const Methodology& version_before = family.version_for(year_before);
    const Methodology& version_after = family.version_for(year_after);
    std::string code = node.empty() ? version_before.root() : std::string(node);
    code = node_code(version_before, code);
    (void)node_code(version_after, code);

    const Results before = run(version_before, assessments_before);
    const Results after = run(version_after, assessments_after);
    if (same_text(version_before.id(), version_after.id()))  // one methodology: nothing to re-score
        return decompose_change(before, after, unit, code, std::nullopt, std::nullopt, to_leaves, options);

    const Crosswalk* forward = find_crosswalk(family, version_before.id(), version_after.id());
    const Crosswalk* backward = find_crosswalk(family, version_after.id(), version_before.id());
    if (forward == nullptr && backward == nullptr)
        throw error_at<UnknownCodeError>(
            {.source = family.name(),
             .expected = "a crosswalk " + version_before.id() + " -> " + version_after.id() + " or back",
             .found = "none"},
            std::string(what) + ": family " + family.name() + " has no crosswalk between " +
                in_quotes(version_before.id()) + " (" + std::to_string(year_before) + ") and " +
                in_quotes(version_after.id()) + " (" + std::to_string(year_after) +
                "); expected one from either version to the other");
    std::optional<Results> before_rescored, after_rescored;
    if (forward != nullptr)
        before_rescored =
            run(version_after, carry(family, version_before, version_after, assessments_before, before, code, unit));
    if (backward != nullptr)
        after_rescored =
            run(version_before, carry(family, version_after, version_before, assessments_after, after, code, unit));
    DecomposeOptions with_runs = options;
    with_runs.before_rescored = before_rescored ? &*before_rescored : nullptr;
    with_runs.after_rescored = after_rescored ? &*after_rescored : nullptr;
    return decompose_change(before, after, unit, code, std::nullopt, std::nullopt, to_leaves, with_runs);
}

}  // namespace govindex
