#pragma once
/// \file steps/score.hpp
/// The Score step: raw evidence -> points with each indicator's scoring rule (model/scoring.hpp).

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "govindex/detail/fields.hpp"
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/model/scoring.hpp"
#include "govindex/steps/step.hpp"

namespace govindex {

/// Turn raw evidence into points with a scoring rule per indicator (scoring.hpp); the first step
/// of a methodology version's pipeline (Methodology::pipeline). Per unit and indicator `c`: the
/// column `c` holds points given directly (appraised, survey points) and is used when not
/// missing; otherwise the rule scores the evidence columns it reads (see score_evidence_columns:
/// `c_yes`, `c_level`, `c_rate`, `c_num` + `c_den`, `c_value`, `c_items`), numeric columns of the
/// data set or "Other" text columns (yes: true/false/1/0; items separated by ";"). No points and
/// no evidence gives missing. Points above the indicator's "max_points" attribute are an
/// InputError naming unit and indicator. Output data set: "Scored" (the indicators).
struct Score {
    static constexpr std::string_view step_name = "score";
    static constexpr std::string_view data_set_name = "Scored";
    std::map<std::string, ScoringRule> rules;  ///< indicator code -> rule; indicators without one keep their points
    static constexpr auto fields() {
        return std::tuple{detail::field("rules", &Score::rules, "indicator code -> scoring rule")};
    }
    friend bool operator==(const Score&, const Score&) = default;
};

/// Checks the step's rules without a framework (run when a step is made); throws MethodError.
void check(const Score& step);
/// Checks the step against the framework: every rule's code an indicator (NFC, one rule per
/// node), every rule usable. Throws MethodError naming the node.
void check(const Score& step, const Framework& framework);

/// The evidence columns the rule reads for indicator `code`: yes_no `code_yes`, levels
/// `code_level`, completion_rate `code_rate`, ratio `code_num` and `code_den`, cap `code_value`,
/// bonus / penalty `code_items`.
[[nodiscard]] std::vector<std::string> score_evidence_columns(const std::string& code, const ScoringRule& rule);

/// Applies the step (checked first); for panel data each year on its own, as in a pipeline.
[[nodiscard]] StepOutput apply(const Score& step, const Framework& framework, const Dataset& data);

}  // namespace govindex
