#pragma once
// Private: the changed run of a what-if without the table of what moved (ranking every column of
// both runs), for callers that read one score and rank (planning.cpp re-scores each plan).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "govindex/pipeline/what_if.hpp"

namespace govindex::detail {

/// what_if() without `changes` (left empty): the same checks, errors and re-run.
[[nodiscard]] WhatIf changed_run(const Results& baseline, std::string_view unit,
                                 const std::map<std::string, double>& values, std::string_view data_set,
                                 std::optional<int> year, const std::map<std::string, std::string>& texts = {});

}  // namespace govindex::detail
