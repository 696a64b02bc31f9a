#pragma once
/// \file vn.hpp
/// Umbrella header of the Vietnamese domain layer (namespace govindex::vn): the 63 provinces and
/// their regions, the 2025 geography (34 units, the merger framework), and the ranking conventions
/// of PAPI and PAR INDEX. The methodologies of PAR INDEX, PAPI and PCI are data
/// (data/vn/methodologies) read by the generic methodology.hpp.

#include "govindex/govindex.hpp"
#include "govindex/vn/geography.hpp"
#include "govindex/vn/provinces.hpp"
#include "govindex/vn/ranking.hpp"
