// Attribution: why a unit's score and rank changed between two runs (attribution.hpp).
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <govindex/engines/attribution/attribution.hpp>
#include <govindex/model/methodology.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "method_binding.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace govindex::python {

void register_attribution(py::module_& m) {
    checked_class<ChangeDecomposition>(m, "ChangeDecomposition", "A unit's change between two runs on one node.")
        .def_readonly("unit", &ChangeDecomposition::unit)
        .def_readonly("node", &ChangeDecomposition::node)
        .def_readonly("score_before", &ChangeDecomposition::score_before)
        .def_readonly("score_after", &ChangeDecomposition::score_after)
        .def_readonly("rank_before", &ChangeDecomposition::rank_before)
        .def_readonly("rank_after", &ChangeDecomposition::rank_after)
        .def_readonly("own_part", &ChangeDecomposition::own_part)
        .def_readonly("others_part", &ChangeDecomposition::others_part)
        .def_readonly("methodology_part", &ChangeDecomposition::methodology_part)
        .def_readonly("score_data_part", &ChangeDecomposition::score_data_part)
        .def_readonly("score_methodology_part", &ChangeDecomposition::score_methodology_part)
        .def_readonly("sequence", &ChangeDecomposition::sequence)
        .def_readonly("rule", &ChangeDecomposition::rule)
        .def_readonly("parts", &ChangeDecomposition::parts)
        .def_readonly("only_before", &ChangeDecomposition::only_before)
        .def_readonly("only_after", &ChangeDecomposition::only_after)
        .def_readonly("methodology_differences", &ChangeDecomposition::methodology_differences)
        .def_readonly("rescoring", &ChangeDecomposition::rescoring)
        .def_readonly("rank_if_only_own", &ChangeDecomposition::rank_if_only_own)
        .def_readonly("rank_if_only_others", &ChangeDecomposition::rank_if_only_others)
        .def_readonly("own_alone_part", &ChangeDecomposition::own_alone_part)
        .def_readonly("others_alone_part", &ChangeDecomposition::others_alone_part)
        .def_readonly("interaction_part", &ChangeDecomposition::interaction_part)
        .def(py::self == py::self)
        .def(members_pickle<ChangeDecomposition>(
            "ChangeDecomposition", unchecked, &ChangeDecomposition::unit, &ChangeDecomposition::node,
            &ChangeDecomposition::score_before, &ChangeDecomposition::score_after, &ChangeDecomposition::rank_before,
            &ChangeDecomposition::rank_after, &ChangeDecomposition::own_part, &ChangeDecomposition::others_part,
            &ChangeDecomposition::methodology_part, &ChangeDecomposition::score_data_part,
            &ChangeDecomposition::score_methodology_part, &ChangeDecomposition::sequence, &ChangeDecomposition::rule,
            &ChangeDecomposition::parts, &ChangeDecomposition::only_before, &ChangeDecomposition::only_after,
            &ChangeDecomposition::methodology_differences, &ChangeDecomposition::rescoring,
            &ChangeDecomposition::rank_if_only_own, &ChangeDecomposition::rank_if_only_others,
            &ChangeDecomposition::own_alone_part, &ChangeDecomposition::others_alone_part,
            &ChangeDecomposition::interaction_part));
    def_function(
        m, "methodology_differences",
        [](const Results& before, const Results& after, const std::string& node) {
            return methodology_differences(before, after, node);
        },
        "before"_a, "after"_a, "node"_a = "",
        "What differs between the methodologies of two runs at and below a node, one sentence each.");
    def_function(
        m, "decompose_change",
        [](const Results& before, const Results& after, const std::string& unit, const std::string& node,
           std::optional<int> year_before, std::optional<int> year_after, bool to_leaves, const std::string& rule,
           std::size_t exact_limit, std::size_t permutations, std::uint64_t seed, const Results* before_rescored,
           const Results* after_rescored) {
            const std::optional<SplitRule> parsed = parse_split_rule(rule);
            if (!parsed)
                throw error_at<MethodError>({.column = "rule", .found = rule},
                                            "decompose change: unknown rule \"" + rule +
                                                "\"; expected \"auto\", \"contributions\" or \"shapley\"");
            return decompose_change(before, after, unit, node, year_before, year_after, to_leaves,
                                    {.rule = *parsed,
                                     .exact_limit = exact_limit,
                                     .permutations = permutations,
                                     .seed = seed,
                                     .before_rescored = before_rescored,
                                     .after_rescored = after_rescored});
        },
        "before"_a, "after"_a, "unit"_a, "node"_a = "", "year_before"_a = std::nullopt, "year_after"_a = std::nullopt,
        "to_leaves"_a = true, "rule"_a = "auto", "exact_limit"_a = 12, "permutations"_a = 1000, "seed"_a = 1,
        "before_rescored"_a = py::none(), "after_rescored"_a = py::none(),
        "A unit's score change split by node, and its rank change into its own, the others' and the methodology's "
        "parts.");
    def_function(
        m, "decompose_methodology_change",
        [](const Family& family, const std::vector<Assessment>& assessments_before,
           const std::vector<Assessment>& assessments_after, const std::string& unit, const std::string& node,
           int year_before, int year_after, bool to_leaves, const std::string& rule, std::size_t exact_limit,
           std::size_t permutations, std::uint64_t seed) {
            const std::optional<SplitRule> parsed = parse_split_rule(rule);
            if (!parsed)
                throw error_at<MethodError>({.column = "rule", .found = rule},
                                            "decompose methodology change: unknown rule \"" + rule +
                                                "\"; expected \"auto\", \"contributions\" or \"shapley\"");
            py::gil_scoped_release release;
            return decompose_methodology_change(
                family, assessments_before, assessments_after, unit, node, year_before, year_after, to_leaves,
                {.rule = *parsed, .exact_limit = exact_limit, .permutations = permutations, .seed = seed});
        },
        "family"_a, "assessments_before"_a, "assessments_after"_a, "unit"_a, "node"_a, "year_before"_a, "year_after"_a,
        "to_leaves"_a = true, "rule"_a = "auto", "exact_limit"_a = 12, "permutations"_a = 1000, "seed"_a = 1,
        "decompose_change for two years of assessments under a methodology Family, the methodology part through its "
        "crosswalks.");
}

}  // namespace govindex::python
