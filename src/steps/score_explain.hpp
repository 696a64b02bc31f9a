#pragma once
// The Score step's explanation of one cell, for Results::explain. Private to src/.
#include <string>

#include "govindex/steps/score.hpp"

namespace govindex::detail {

/// How the Score step got the unit's (row of `input`) points for an indicator: points given
/// directly, the rule's explanation of the evidence, or why the cell is missing.
[[nodiscard]] std::string explain_score(const Score& step, const Framework& framework, const Node& node,
                                        const Dataset& input, Eigen::Index row);

}  // namespace govindex::detail
