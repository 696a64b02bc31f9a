"""govindex: build, explain and stress-test composite indices.

A framework (tree of indicators and aggregates) and a data set (units x indicators) go through a
pipeline of typed steps; every step's data set is kept. Results match COINr's.

>>> import govindex
>>> framework, data = govindex.datasets.asem()
>>> pipeline = govindex.Pipeline([govindex.Normalise(govindex.MinMax(low=0, high=100)),
...                               govindex.Aggregate(govindex.ArithmeticMean())])
>>> results = pipeline.run(framework, data)
>>> results.results_table().head(3)  # doctest: +SKIP
"""

from __future__ import annotations

try:
    from . import _core
except ImportError as error:  # pragma: no cover - only without a compiled build
    raise ImportError(
        "govindex's compiled core (govindex._core) is missing or does not load: install the package "
        "with `pip install .` from the source tree (it builds the C++ core), not by adding the source "
        f"folder to sys.path. Original error: {error}"
    ) from error

from ._core import (
    Aggregate,
    ArithmeticMean,
    Borda,
    BoxCox,
    Copeland,
    Denominate,
    DenominationSpec,
    DenominatorTable,
    DistanceToMax,
    DistanceToReference,
    DistanceToTarget,
    Error,
    FractionOfMax,
    FrameworkError,
    GeneralisedMean,
    GeometricMean,
    Goalposts,
    GroupMean,
    GroupMedian,
    HarmonicMean,
    Impute,
    IndicatorMean,
    IndicatorMedian,
    InputError,
    LogCT,
    LogCTOrig,
    LogCTPlus,
    LogGII,
    MazziottaPareto,
    MethodError,
    MinMax,
    NoFallback,
    Node,
    NodeType,
    Normalise,
    NumericError,
    PanelConstant,
    PanelLatest,
    PanelLinear,
    PanelLinearConstant,
    PercentRank,
    Rank,
    RowMean,
    Scaled,
    Score,
    Screen,
    Treat,
    TreatSpec,
    UnknownCodeError,
    WeightedMedian,
    WeightedSum,
    ZScore,
    kurtosis,
    read_denominators,
    skewness,
)
from . import datasets, methodology, ranking, vn
from .dataset import Dataset, read_dataset, with_denominators
from .framework import Framework, denomination_specs, read_framework
from .pipeline import Pipeline, format_pipeline, parse_pipeline, read_pipeline, write_pipeline
from .results import Results

__version__: str = _core.__version__

__all__ = [
    "Aggregate",
    "ArithmeticMean",
    "Borda",
    "BoxCox",
    "Copeland",
    "Dataset",
    "Denominate",
    "DenominationSpec",
    "DenominatorTable",
    "DistanceToMax",
    "DistanceToReference",
    "DistanceToTarget",
    "Error",
    "FractionOfMax",
    "Framework",
    "FrameworkError",
    "GeneralisedMean",
    "GeometricMean",
    "Goalposts",
    "GroupMean",
    "GroupMedian",
    "HarmonicMean",
    "Impute",
    "IndicatorMean",
    "IndicatorMedian",
    "InputError",
    "LogCT",
    "LogCTOrig",
    "LogCTPlus",
    "LogGII",
    "MazziottaPareto",
    "MethodError",
    "MinMax",
    "NoFallback",
    "Node",
    "NodeType",
    "Normalise",
    "NumericError",
    "PanelConstant",
    "PanelLatest",
    "PanelLinear",
    "PanelLinearConstant",
    "PercentRank",
    "Pipeline",
    "Rank",
    "Results",
    "RowMean",
    "Scaled",
    "Score",
    "Screen",
    "Treat",
    "TreatSpec",
    "UnknownCodeError",
    "WeightedMedian",
    "WeightedSum",
    "ZScore",
    "datasets",
    "methodology",
    "ranking",
    "vn",
    "denomination_specs",
    "format_pipeline",
    "kurtosis",
    "parse_pipeline",
    "read_dataset",
    "read_denominators",
    "read_framework",
    "read_pipeline",
    "skewness",
    "with_denominators",
    "write_pipeline",
]
