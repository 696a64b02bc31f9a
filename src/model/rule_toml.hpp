#pragma once
// Scoring rules in TOML, shared by methodology files and pipeline files (Score step). Private to src/.
#include <string>
#include <toml++/toml.hpp>

#include "govindex/model/scoring.hpp"

namespace govindex::detail {

/// Reads `{ name = "yes_no", points = 1 }`; MethodError naming source, line and key.
[[nodiscard]] ScoringRule read_rule_toml(const toml::node& node, const std::string& source, const std::string& key);
/// The rule as an inline table (the inverse of read_rule_toml).
[[nodiscard]] toml::table rule_toml(const ScoringRule& rule);

}  // namespace govindex::detail
