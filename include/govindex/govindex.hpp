#pragma once
/// \file govindex.hpp
/// Umbrella header: everything public in govindex's generic library. The Vietnamese domain
/// layer (provinces, ranking conventions of PAPI and PAR INDEX) is govindex/vn.hpp.

#include "govindex/aggregate.hpp"
#include "govindex/dataset.hpp"
#include "govindex/denominate.hpp"
#include "govindex/errors.hpp"
#include "govindex/framework.hpp"
#include "govindex/impute.hpp"
#include "govindex/io.hpp"
#include "govindex/methodology.hpp"
#include "govindex/normalise.hpp"
#include "govindex/planning.hpp"
#include "govindex/pipeline.hpp"
#include "govindex/ranking.hpp"
#include "govindex/results.hpp"
#include "govindex/scoring.hpp"
#include "govindex/screen.hpp"
#include "govindex/sensitivity.hpp"
#include "govindex/step.hpp"
#include "govindex/table.hpp"
#include "govindex/text.hpp"
#include "govindex/treat.hpp"
#include "govindex/uncertainty.hpp"
#include "govindex/uncertainty_file.hpp"
#include "govindex/version.hpp"
#include "govindex/weights_recovery.hpp"
