#pragma once
/// \file version.hpp
/// Library version.

#define GOVINDEX_VERSION_MAJOR 0
#define GOVINDEX_VERSION_MINOR 1
#define GOVINDEX_VERSION_PATCH 0

namespace govindex {
/// "major.minor.patch"
inline constexpr const char* version = "0.1.0";
}  // namespace govindex
