#pragma once
// Helpers shared by the analysis sources (analysis.cpp, analysis_pca.cpp, analysis_weights.cpp,
// analysis_compare.cpp): their error and the check of a level argument. Not installed.
#include <string>
#include <utility>

#include "govindex/errors.hpp"
#include "govindex/model/framework.hpp"

namespace govindex::detail {

/// A MethodError from an analysis function, located at `node` when given.
inline MethodError analysis_error(const std::string& what, std::string node = {}) {
    return error_at<MethodError>({.source = "analysis", .node = std::move(node)}, what);
}

/// Throws a MethodError unless 1 <= level <= top.
inline void check_level(const Framework& fw, int level, const std::string& what, int top) {
    if (level < 1 || level > top)
        throw analysis_error(what + ": level " + std::to_string(level) + " is out of range; expected a level in 1.." +
                             std::to_string(top) + " (the framework has " + std::to_string(fw.max_level()) +
                             " levels)");
}

}  // namespace govindex::detail
