#pragma once
/// \file govindex.hpp
/// Umbrella header: everything public in govindex's generic library. The Vietnamese domain
/// layer (provinces, ranking conventions of PAPI and PAR INDEX) is govindex/vn.hpp.

// foundation
#include "govindex/errors.hpp"
#include "govindex/table.hpp"
#include "govindex/text.hpp"
#include "govindex/version.hpp"
// model: frameworks, data sets, files, methodologies and their scoring rules
#include "govindex/model/dataset.hpp"
#include "govindex/model/framework.hpp"
#include "govindex/model/io.hpp"
#include "govindex/model/methodology.hpp"
#include "govindex/model/scoring.hpp"
// steps
#include "govindex/steps/aggregate.hpp"
#include "govindex/steps/aggregate_methods.hpp"
#include "govindex/steps/denominate.hpp"
#include "govindex/steps/impute.hpp"
#include "govindex/steps/normalise.hpp"
#include "govindex/steps/score.hpp"
#include "govindex/steps/screen.hpp"
#include "govindex/steps/step.hpp"
#include "govindex/steps/treat.hpp"
// pipeline and results
#include "govindex/pipeline/file.hpp"
#include "govindex/pipeline/pipeline.hpp"
#include "govindex/pipeline/ranking.hpp"
#include "govindex/pipeline/results.hpp"
#include "govindex/pipeline/unit_report.hpp"
#include "govindex/pipeline/what_if.hpp"
// engines
#include "govindex/engines/analysis/analysis.hpp"
#include "govindex/engines/analysis/compare.hpp"
#include "govindex/engines/analysis/pca.hpp"
#include "govindex/engines/analysis/weights.hpp"
#include "govindex/engines/analysis/weights_recovery.hpp"
#include "govindex/engines/attribution/attribution.hpp"
#include "govindex/engines/planning/planning.hpp"
#include "govindex/engines/sensitivity/sensitivity.hpp"
#include "govindex/engines/survey/survey.hpp"
#include "govindex/engines/uncertainty/file.hpp"
#include "govindex/engines/uncertainty/uncertainty.hpp"
