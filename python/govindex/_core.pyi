"""
govindex compiled core (use the govindex package, not this module directly)
"""
from __future__ import annotations
import collections.abc
from govindex import ArgumentTypeError
from govindex import ArgumentValueError
from govindex import Cancelled
from govindex import Error
from govindex import FrameworkError
from govindex import InputError
from govindex import MethodError
from govindex import NumericError
from govindex import UnknownCodeError
import numpy
import numpy.typing
import os
import typing
__all__: list[str] = ['Aggregate', 'Aggregation', 'AggregationRecord', 'AnalysisSettings', 'ArgumentTypeError', 'ArgumentValueError', 'ArithmeticMean', 'Assessment', 'Band', 'Bonus', 'Borda', 'BoxCox', 'Cancelled', 'Cap', 'ChangeDecomposition', 'CompletionRate', 'Copeland', 'Crosswalk', 'DataNoise', 'Dataset', 'Date', 'DegenerateCells', 'Denominate', 'DenominationSpec', 'DenominatorTable', 'DistanceToMax', 'DistanceToReference', 'DistanceToTarget', 'Error', 'Evidence', 'Factor', 'Family', 'FractionOfMax', 'Framework', 'FrameworkError', 'GeneralisedMean', 'GeometricMean', 'Goalposts', 'GroupMean', 'GroupMedian', 'HarmonicMean', 'ImprovementPlan', 'Impute', 'IndicatorExclusion', 'IndicatorMean', 'IndicatorMedian', 'InputError', 'Item', 'LeafRecord', 'Level', 'Levels', 'LogCT', 'LogCTOrig', 'LogCTPlus', 'LogGII', 'LonelyPsu', 'Mapping', 'MappingKind', 'MazziottaPareto', 'Merger2025', 'MethodError', 'MethodNode', 'Methodology', 'MinMax', 'NoFallback', 'Node', 'NodeScore', 'NodeType', 'NodeUncertainty', 'Normalise', 'NumericError', 'PanelConstant', 'PanelLatest', 'PanelLinear', 'PanelLinearConstant', 'Penalty', 'PercentRank', 'Pipeline', 'PointSource', 'Provenance', 'Province', 'ProvinceRegistry', 'Rank', 'RankOrder', 'RateBand', 'Ratio', 'Region', 'ReplicateDesign', 'ReplicateType', 'Rescored', 'ResultRow', 'Results', 'RowMean', 'RuleResult', 'SampledRun', 'Scaled', 'Score', 'Scorecard', 'Screen', 'SensitivityResult', 'SigningTiming', 'SobolIndices', 'StepChoice', 'SurveyDesign', 'Table', 'TargetGap', 'Treat', 'TreatSpec', 'UncertaintyDeclaration', 'UncertaintyEngine', 'UncertaintyResult', 'Unit2025', 'UnknownCodeError', 'UnknownParts', 'WeightFit', 'WeightNoise', 'WeightedMedian', 'WeightedSum', 'WhatIf', 'YesNo', 'ZScore', 'aggregate_method_names', 'apply_plan', 'assessment_data', 'assign_bands', 'check_bands', 'comparable_part', 'compare_data', 'compare_variants', 'correlation_flags', 'correlations', 'cronbach_alpha', 'data_availability', 'dataset_from_frame', 'decompose_change', 'decompose_methodology_change', 'denomination_specs', 'denominator_correlations', 'describe_rule', 'explain', 'format_methodology_family', 'format_pipeline', 'format_uncertain_inputs', 'framework_from_rows', 'framework_index_weights', 'gap_to_target', 'group_correlations', 'group_cronbach_alpha', 'group_principal_components', 'index_weights', 'indicator_statistics', 'interpolate', 'kurtosis', 'make_aggregate_method', 'make_normalise_method', 'members', 'merger_framework', 'merger_node', 'merger_root', 'merger_weights', 'methodology_differences', 'normalise_method_names', 'optimise_weights', 'papi_group_labels', 'papi_quartile_groups', 'par_index_groups', 'parent_correlations', 'parse_methodology_family', 'parse_pipeline', 'parse_uncertain_inputs', 'percent_of_max', 'plan_improvement', 'pps_systematic', 'principal_components', 'principal_components_by_group', 'province_ascii_key', 'province_key', 'quantile', 'rank_ascending', 'rank_change', 'rank_descending', 'rank_within_groups', 'read_dataset', 'read_denominators', 'read_framework', 'read_merger_2025', 'read_methodology_family', 'read_pipeline', 'read_provinces', 'read_uncertain_inputs', 'recover_weights', 'remove_elements', 'replicate_block', 'rescore', 'results_table', 'rule_max_points', 'sample_size', 'score', 'score_evidence_columns', 'score_rule', 'scoring_rule_names', 'shipped_merger_2025', 'skewness', 'slovin_sample_size', 'sobol_indices', 'sobol_points', 'strengths_weaknesses', 'survey_mean', 'survey_proportion', 'survey_quantile', 'survey_ratio', 'survey_total', 'table_levels', 'trends', 'unit_summary', 'vietnam_regions', 'what_if', 'with_denominators', 'write_methodology_family', 'write_pipeline', 'write_uncertain_inputs']
class NodeType:
    """
    What a framework row describes.
    
    Members:
    
      indicator
    
      aggregate
    
      group
    
      denominator
    
      other
    """
    __members__: typing.ClassVar[dict[str, NodeType]]
    aggregate: typing.ClassVar[NodeType]
    denominator: typing.ClassVar[NodeType]
    group: typing.ClassVar[NodeType]
    indicator: typing.ClassVar[NodeType]
    other: typing.ClassVar[NodeType]
    @typing.overload
    def __eq__(self, other: NodeType) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: NodeType) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Node:
    """
    One row of a framework (COINr iMeta row).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Node) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def attributes(self) -> dict[str, str]:
        """
        Further framework columns, raw text.
        """
    @attributes.setter
    def attributes(self, arg0: collections.abc.Mapping[str, str]) -> None:
        ...
    @property
    def code(self) -> str:
        """
        Unique code (iCode).
        """
    @code.setter
    def code(self, arg0: str) -> None:
        ...
    @property
    def denominator(self) -> str:
        """
        Code of a denominator column; empty = none.
        """
    @denominator.setter
    def denominator(self, arg0: str) -> None:
        ...
    @property
    def direction(self) -> int:
        """
        +1: higher is better; -1: lower is better.
        """
    @direction.setter
    def direction(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def level(self) -> int:
        """
        1 = indicator; parent level = child level + 1; 0 outside the tree.
        """
    @level.setter
    def level(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def line(self) -> int:
        """
        Line (or row) the row came from; 0 = unknown.
        """
    @line.setter
    def line(self, arg1: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def name(self) -> str:
        """
        Display name (iName), UTF-8.
        """
    @name.setter
    def name(self, arg0: str) -> None:
        ...
    @property
    def parent(self) -> str:
        """
        Code of the parent; empty at the root.
        """
    @parent.setter
    def parent(self, arg0: str) -> None:
        ...
    @property
    def source(self) -> str:
        """
        File (or 'DataFrame') the row came from, for error messages.
        """
    @source.setter
    def source(self, arg1: str) -> None:
        ...
    @property
    def target(self) -> float:
        """
        Target value; NaN = none.
        """
    @target.setter
    def target(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def type(self) -> NodeType:
        """
        Indicator, aggregate, or a data-column type.
        """
    @type.setter
    def type(self, arg0: NodeType) -> None:
        ...
    @property
    def unit(self) -> str:
        """
        Unit of measurement.
        """
    @unit.setter
    def unit(self, arg0: str) -> None:
        ...
    @property
    def weight(self) -> float:
        """
        Weight >= 0, relative within the parent's children; NaN = not given.
        """
    @weight.setter
    def weight(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Framework:
    """
    A validated tree of indicators and aggregates.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Framework) -> bool:
        ...
    def __getstate__(self) -> tuple[int, list[Node], list[tuple[str, dict[str, float]]]]:
        ...
    def __init__(self, nodes: collections.abc.Sequence[Node]) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def children(self, code: str) -> list[str]:
        ...
    def level_codes(self, level: typing.SupportsInt | typing.SupportsIndex) -> list[str]:
        ...
    def node(self, code: str) -> Node:
        ...
    def weight_set_names(self) -> list[str]:
        ...
    def weights(self, set: str = 'Original') -> dict[str, float]:
        ...
    def with_weight_set(self, name: str, weights: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> Framework:
        ...
    @property
    def indicators(self) -> list[str]:
        ...
    @property
    def max_level(self) -> int:
        ...
    @property
    def nodes(self) -> list[Node]:
        ...
    @property
    def root(self) -> str:
        ...
    @property
    def tree_codes(self) -> list[str]:
        ...
class Dataset:
    """
    Units x columns of numbers (NaN = missing) with unit attributes.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Dataset) -> bool:
        ...
    def __getstate__(self) -> tuple[int, list[str], list[str], list[int], list[tuple[str, list[str]]], list[str], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], list[tuple[str, list[str]]], list[str], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], list[tuple[int, int, str]]]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def has_standard_errors(self) -> bool:
        ...
    def is_panel(self) -> bool:
        ...
    def select_time(self, year: typing.SupportsInt | typing.SupportsIndex) -> Dataset:
        ...
    def standard_error(self, unit: str, column: str) -> float:
        ...
    def value(self, unit: str, column: str) -> float:
        ...
    def years(self) -> list[int]:
        ...
    @property
    def columns(self) -> list[str]:
        ...
    @property
    def denominator_codes(self) -> list[str]:
        ...
    @property
    def denominators(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def flags(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint8], "[m, n]"]:
        ...
    @property
    def groups(self) -> list[tuple[str, list[str]]]:
        ...
    @property
    def others(self) -> list[tuple[str, list[str]]]:
        ...
    @property
    def standard_errors(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def suppression_reasons(self) -> list[tuple[int, int, str]]:
        ...
    @property
    def times(self) -> list[int]:
        ...
    @property
    def unit_codes(self) -> list[str]:
        ...
    @property
    def unit_names(self) -> list[str]:
        ...
    @property
    def values(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
class MinMax:
    """
    Min-max normalisation to [low, high] (COINr n_minmax).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'minmax'
    def __eq__(self, arg0: MinMax) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, low: typing.SupportsFloat | typing.SupportsIndex = 0.0, high: typing.SupportsFloat | typing.SupportsIndex = 100.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def high(self) -> float:
        """
        value given to the best unit
        """
    @high.setter
    def high(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def low(self) -> float:
        """
        value given to the worst unit
        """
    @low.setter
    def low(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class ZScore:
    """
    Z-score with sample mean and sd (n - 1), rescaled to mean `mean` and standard deviation `sd`; unbounded (COINr n_zscore).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'zscore'
    def __eq__(self, arg0: ZScore) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, mean: typing.SupportsFloat | typing.SupportsIndex = 0.0, sd: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def mean(self) -> float:
        """
        mean of the output
        """
    @mean.setter
    def mean(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def sd(self) -> float:
        """
        standard deviation of the output (> 0)
        """
    @sd.setter
    def sd(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Scaled:
    """
    (x - lower) / (upper - lower) * scale with raw-unit posts, flipped for direction -1; [0, scale] inside the posts, not truncated (COINr n_scaled).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'scaled'
    def __eq__(self, arg0: Scaled) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, lower: typing.SupportsFloat | typing.SupportsIndex = 0.0, upper: typing.SupportsFloat | typing.SupportsIndex = 100.0, scale: typing.SupportsFloat | typing.SupportsIndex = 100.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def lower(self) -> float:
        """
        raw value scored 0 (scale for direction -1)
        """
    @lower.setter
    def lower(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def scale(self) -> float:
        """
        output value at the best post (> 0)
        """
    @scale.setter
    def scale(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def upper(self) -> float:
        """
        raw value scored scale (0 for direction -1)
        """
    @upper.setter
    def upper(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class DistanceToMax:
    """
    1 - (max - x) / (max - min); range [0, 1] (COINr n_dist2max).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'dist2max'
    def __eq__(self, arg0: DistanceToMax) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class DistanceToReference:
    """
    1 - (x_ref - x) / (x_ref - min), reference unit by code; 1 at the reference, above 1 beyond it unless cap_max (COINr n_dist2ref).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'dist2ref'
    def __eq__(self, arg0: DistanceToReference) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, unit: str, cap_max: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def cap_max(self) -> bool:
        """
        give 1 to units better than the reference
        """
    @cap_max.setter
    def cap_max(self, value: bool) -> None:
        ...
    @property
    def unit(self) -> str:
        """
        code (uCode) of the reference unit
        """
    @unit.setter
    def unit(self, value: str) -> None:
        ...
class DistanceToTarget:
    """
    (x - min) / (target - min), target from the framework (iMeta Target); 1 at the target, above 1 beyond it unless cap_max (COINr n_dist2targ).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'dist2targ'
    def __eq__(self, arg0: DistanceToTarget) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, cap_max: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def cap_max(self) -> bool:
        """
        give 1 to units beyond the target
        """
    @cap_max.setter
    def cap_max(self, value: bool) -> None:
        ...
class FractionOfMax:
    """
    x / max; 1 for the best unit, needs a positive maximum (COINr n_fracmax).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'fracmax'
    def __eq__(self, arg0: FractionOfMax) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class Rank:
    """
    Ranks, 1 = worst to n = best; ties 'min', 'average' or 'max' (COINr n_rank).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'rank'
    def __eq__(self, arg0: Rank) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, ties: str = 'min') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def ties(self) -> str:
        """
        tied values: "min", "average" or "max"
        """
    @ties.setter
    def ties(self, value: str) -> None:
        ...
class PercentRank:
    """
    (rank - 1) / (n - 1); range [0, 1] (COINr n_prank).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'prank'
    def __eq__(self, arg0: PercentRank) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, ties: str = 'min') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def ties(self) -> str:
        """
        tied values: "min", "average" or "max"
        """
    @ties.setter
    def ties(self, value: str) -> None:
        ...
class Borda:
    """
    Borda score rank - 1; range [0, n - 1] (COINr n_borda).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'borda'
    def __eq__(self, arg0: Borda) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, ties: str = 'min') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def ties(self) -> str:
        """
        tied values: "min", "average" or "max"
        """
    @ties.setter
    def ties(self, value: str) -> None:
        ...
class Goalposts:
    """
    (x - lower) / (upper - lower), truncated to [0, 1] if truncate, times scale; lower and upper NaN read goalpost_* attributes of the framework (COINr n_goalposts).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'goalposts'
    def __eq__(self, arg0: Goalposts) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, lower: typing.SupportsFloat | typing.SupportsIndex = ..., upper: typing.SupportsFloat | typing.SupportsIndex = ..., scale: typing.SupportsFloat | typing.SupportsIndex = 100.0, truncate: bool = True) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def lower(self) -> float:
        """
        raw value scored 0; NaN = framework attribute goalpost_lower
        """
    @lower.setter
    def lower(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def scale(self) -> float:
        """
        output value at the upper post (> 0)
        """
    @scale.setter
    def scale(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def truncate(self) -> bool:
        """
        clamp values beyond the posts to the posts
        """
    @truncate.setter
    def truncate(self, value: bool) -> None:
        ...
    @property
    def upper(self) -> float:
        """
        raw value scored scale; NaN = framework attribute goalpost_upper
        """
    @upper.setter
    def upper(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Normalise:
    """
    Step: normalise every indicator, x * direction then the method (per-indicator overrides by code); pool_years takes one set of parameters over all years of panel data.
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Normalised'
    step_name: typing.ClassVar[str] = 'normalise'
    def __eq__(self, arg0: Normalise) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, method: MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts = ..., *, per_node: collections.abc.Mapping[str, MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts] = {}, pool_years: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def method(self) -> MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts:
        """
        default method for every indicator
        """
    @method.setter
    def method(self, value: MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts) -> None:
        ...
    @property
    def per_node(self) -> dict[str, MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts]:
        """
        indicator code -> method
        """
    @per_node.setter
    def per_node(self, value: collections.abc.Mapping[str, MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts]) -> None:
        ...
    @property
    def pool_years(self) -> bool:
        """
        panel data: one set of parameters over all years
        """
    @pool_years.setter
    def pool_years(self, value: bool) -> None:
        ...
class ArithmeticMean:
    """
    Weighted arithmetic mean over non-missing children (COINr a_amean).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'amean'
    def __eq__(self, arg0: ArithmeticMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class GeometricMean:
    """
    Weighted geometric mean over non-missing children (COINr a_gmean). Values must be > 0; zero_policy: "error" (default), "zero" (a 0 makes the mean 0) or "offset" (exp(mean(log(x + offset))) - offset).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'gmean'
    def __eq__(self, arg0: GeometricMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, zero_policy: str = 'error', offset: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def offset(self) -> float:
        """
        constant added before the logarithms and subtracted after (zero_policy "offset")
        """
    @offset.setter
    def offset(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def zero_policy(self) -> str:
        """
        what a child value of 0 does: "error", "zero" (the mean is 0) or "offset"
        """
    @zero_policy.setter
    def zero_policy(self, value: str) -> None:
        ...
class HarmonicMean:
    """
    Weighted harmonic mean over non-missing children (COINr a_hmean). Values must be > 0.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'hmean'
    def __eq__(self, arg0: HarmonicMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class GeneralisedMean:
    """
    Weighted power mean (sum(w x^p) / sum(w))^(1/p) (COINr a_genmean): p = 1 arithmetic, p = 0 geometric, p = -1 harmonic.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'genmean'
    def __eq__(self, arg0: GeneralisedMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, p: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def p(self) -> float:
        """
        exponent: 1 arithmetic, 0 geometric, -1 harmonic, 2 quadratic ...
        """
    @p.setter
    def p(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class WeightedMedian:
    """
    Weighted median over non-missing children; exactly half the weight on each side gives the mean of the two middle values.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'wmedian'
    def __eq__(self, arg0: WeightedMedian) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class Copeland:
    """
    Copeland score: units outranked minus units outranking, comparing the children both units have by weight (COINr a_copeland).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'copeland'
    def __eq__(self, arg0: Copeland) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class MazziottaPareto:
    """
    Mazziotta-Pareto index (adjusted=False: MPI, z-scores 100 +- 10; adjusted=True: AMPI, min-max around the mean to 70..130), mean -/+ sd * cv; penalty "subtract" or "add".
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'mpi'
    def __eq__(self, arg0: MazziottaPareto) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, adjusted: bool = False, penalty: str = 'subtract') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def adjusted(self) -> bool:
        """
        false: MPI (z-scores 100 +- 10); true: AMPI (min-max around the mean, 70..130)
        """
    @adjusted.setter
    def adjusted(self, value: bool) -> None:
        ...
    @property
    def penalty(self) -> str:
        """
        "subtract" (MPI-, higher is better) or "add" (MPI+)
        """
    @penalty.setter
    def penalty(self, value: str) -> None:
        ...
class WeightedSum:
    """
    Weighted sum scale * sum(w x), weights as given (not rescaled); a missing child of positive weight makes the aggregate missing. Points (PAR INDEX), additive scales (PAPI) and fixed-scale weighted means (PCI = 10 * sum(w s)).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'sum'
    def __eq__(self, arg0: WeightedSum) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, scale: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def scale(self) -> float:
        """
        factor applied to the weighted sum (PCI: 10 with weights summing to 1)
        """
    @scale.setter
    def scale(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Aggregate:
    """
    Step: aggregate level by level up to the root, each aggregate from its children with their weights (the framework weight set weight_set, replaced by weights where given); a unit with a share of non-missing children below min_availability gets a missing aggregate.
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Aggregated'
    step_name: typing.ClassVar[str] = 'aggregate'
    def __eq__(self, arg0: Aggregate) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, method: ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum = ..., *, per_node: collections.abc.Mapping[str, ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum] = {}, weights: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, weight_set: str = 'Original', min_availability: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def method(self) -> ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum:
        """
        default method for every aggregate
        """
    @method.setter
    def method(self, value: ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum) -> None:
        ...
    @property
    def min_availability(self) -> float:
        """
        minimum share of non-missing children, else missing (0 = none)
        """
    @min_availability.setter
    def min_availability(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def per_node(self) -> dict[str, ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum]:
        """
        aggregate code -> method
        """
    @per_node.setter
    def per_node(self, value: collections.abc.Mapping[str, ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum]) -> None:
        ...
    @property
    def weight_set(self) -> str:
        """
        framework weight set to use
        """
    @weight_set.setter
    def weight_set(self, value: str) -> None:
        ...
    @property
    def weights(self) -> dict[str, float]:
        """
        node code -> weight, replacing the set's
        """
    @weights.setter
    def weights(self, value: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
class Screen:
    """
    Step: keep the units with enough data (COINr Screen). A unit is excluded when its data availability is below min_availability (by_availability, COINr "byNA") and/or its share of non-zero observed values is below min_nonzero (by_nonzero, "byzeros"); force maps unit codes to True (always include) or False (always exclude).
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Screened'
    step_name: typing.ClassVar[str] = 'screen'
    def __eq__(self, arg0: Screen) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, by_availability: bool = True, min_availability: typing.SupportsFloat | typing.SupportsIndex = 0.6666666666666666, by_nonzero: bool = False, min_nonzero: typing.SupportsFloat | typing.SupportsIndex = 0.05, force: collections.abc.Mapping[str, bool] = {}) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def by_availability(self) -> bool:
        """
        exclude units whose data availability is below min_availability
        """
    @by_availability.setter
    def by_availability(self, value: bool) -> None:
        ...
    @property
    def by_nonzero(self) -> bool:
        """
        exclude units whose non-zero share is below min_nonzero
        """
    @by_nonzero.setter
    def by_nonzero(self, value: bool) -> None:
        ...
    @property
    def force(self) -> dict[str, bool]:
        """
        unit code -> true (always include) or false (always exclude)
        """
    @force.setter
    def force(self, value: collections.abc.Mapping[str, bool]) -> None:
        ...
    @property
    def min_availability(self) -> float:
        """
        lowest data availability kept, in [0, 1]
        """
    @min_availability.setter
    def min_availability(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def min_nonzero(self) -> float:
        """
        lowest share of non-zero observed values kept, in [0, 1]
        """
    @min_nonzero.setter
    def min_nonzero(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Denominate:
    """
    Step: divide indicators by a denominator column, x / (d / scale_factor) (COINr Denominate). Specs come from the framework's Denominator (and ScaleFactor) columns, replaced per indicator by denominators ("" = none) and scale_factors.
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Denominated'
    step_name: typing.ClassVar[str] = 'denominate'
    def __eq__(self, arg0: Denominate) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, denominators: collections.abc.Mapping[str, str] = {}, scale_factors: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, missing_denominator_gives_missing: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def denominators(self) -> dict[str, str]:
        """
        indicator code -> denominator column code, replacing the framework's ("" = none)
        """
    @denominators.setter
    def denominators(self, value: collections.abc.Mapping[str, str]) -> None:
        ...
    @property
    def missing_denominator_gives_missing(self) -> bool:
        """
        a missing denominator makes the value missing instead of an error (COINr)
        """
    @missing_denominator_gives_missing.setter
    def missing_denominator_gives_missing(self, value: bool) -> None:
        ...
    @property
    def scale_factors(self) -> dict[str, float]:
        """
        indicator code -> scale factor s in x / (d / s), replacing the framework's (default 1)
        """
    @scale_factors.setter
    def scale_factors(self, value: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
class DenominationSpec:
    """
    How one indicator is denominated: x / (d / scale_factor).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: DenominationSpec) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def denominator(self) -> str:
        ...
    @property
    def indicator(self) -> str:
        ...
    @property
    def scale_factor(self) -> float:
        ...
class DenominatorTable:
    """
    Denominator columns keyed by unit code (e.g. COINr's WorldDenoms).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: DenominatorTable) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, unit_codes: collections.abc.Sequence[str], codes: collections.abc.Sequence[str], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], source: str = 'DataFrame') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def codes(self) -> list[str]:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def unit_codes(self) -> list[str]:
        ...
    @property
    def values(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
class IndicatorMean:
    """
    Missing values take the indicator's mean over all units (COINr i_mean).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'indicator_mean'
    def __eq__(self, arg0: IndicatorMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class IndicatorMedian:
    """
    Missing values take the indicator's median over all units (COINr i_median).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'indicator_median'
    def __eq__(self, arg0: IndicatorMedian) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class GroupMean:
    """
    Missing values take the indicator's mean within the unit's group of a group column (COINr i_mean_grp).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'group_mean'
    def __eq__(self, arg0: GroupMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, group: str) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def group(self) -> str:
        """
        unit group column whose groups are averaged within
        """
    @group.setter
    def group(self, value: str) -> None:
        ...
class GroupMedian:
    """
    Missing values take the indicator's median within the unit's group of a group column (COINr i_median_grp).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'group_median'
    def __eq__(self, arg0: GroupMedian) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, group: str) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def group(self) -> str:
        """
        unit group column whose groups are taken the median within
        """
    @group.setter
    def group(self, value: str) -> None:
        ...
class RowMean:
    """
    A missing value takes the mean of the unit's other indicators sharing its ancestor at level, min-max scaled first and scaled back if normalise_first (COINr impute_by = "row").
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'row_mean'
    def __eq__(self, arg0: RowMean) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, level: typing.SupportsInt | typing.SupportsIndex = 2, normalise_first: bool = True) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def level(self) -> int:
        """
        framework level of the group averaged within (2 = parent)
        """
    @level.setter
    def level(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def normalise_first(self) -> bool:
        """
        min-max scale each indicator (direction-adjusted) before averaging, then scale back
        """
    @normalise_first.setter
    def normalise_first(self, value: bool) -> None:
        ...
class PanelLatest:
    """
    Panel data: the unit's latest earlier observed value, looking back at most max_time years of the data set (0 = all) (COINr impute_panel "latest").
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'panel_latest'
    def __eq__(self, arg0: PanelLatest) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, max_time: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def max_time(self) -> int:
        """
        earlier years of the data set to look back (0 = all)
        """
    @max_time.setter
    def max_time(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class PanelConstant:
    """
    Panel data: last observation carried forward, first one carried back (COINr impute_panel "constant").
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'panel_constant'
    def __eq__(self, arg0: PanelConstant) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class PanelLinear:
    """
    Panel data: linear interpolation in time, nearest value outside the observed years (COINr impute_panel "linear").
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'panel_linear'
    def __eq__(self, arg0: PanelLinear) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class PanelLinearConstant:
    """
    Panel data: PanelLinear, or PanelConstant for a series with one observed value (COINr impute_panel "linear-constant").
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'panel_linear_constant'
    def __eq__(self, arg0: PanelLinearConstant) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class Impute:
    """
    Step: fill missing indicator values with a method (per-indicator overrides by code); observed values are never changed (COINr Impute).
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Imputed'
    step_name: typing.ClassVar[str] = 'impute'
    def __eq__(self, arg0: Impute) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, method: IndicatorMean | IndicatorMedian | GroupMean | GroupMedian | RowMean | PanelLatest | PanelConstant | PanelLinear | PanelLinearConstant = ..., *, per_node: collections.abc.Mapping[str, IndicatorMean | IndicatorMedian | GroupMean | GroupMedian | RowMean | PanelLatest | PanelConstant | PanelLinear | PanelLinearConstant] = {}) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def method(self) -> IndicatorMean | IndicatorMedian | GroupMean | GroupMedian | RowMean | PanelLatest | PanelConstant | PanelLinear | PanelLinearConstant:
        """
        default imputation method for every indicator
        """
    @method.setter
    def method(self, value: IndicatorMean | IndicatorMedian | GroupMean | GroupMedian | RowMean | PanelLatest | PanelConstant | PanelLinear | PanelLinearConstant) -> None:
        ...
    @property
    def per_node(self) -> dict[str, IndicatorMean | IndicatorMedian | GroupMean | GroupMedian | RowMean | PanelLatest | PanelConstant | PanelLinear | PanelLinearConstant]:
        """
        indicator code -> imputation method
        """
    @per_node.setter
    def per_node(self, value: collections.abc.Mapping[str, IndicatorMean | IndicatorMedian | GroupMean | GroupMedian | RowMean | PanelLatest | PanelConstant | PanelLinear | PanelLinearConstant]) -> None:
        ...
class LogCT:
    """
    Fallback log(x - min + 0.01 (max - min)) (COINr log_CT).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'log_CT'
    def __eq__(self, arg0: LogCT) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class LogCTPlus:
    """
    Skew-aware fallback: log_CT if skewness > 0, else -log(max + a - x) (COINr log_CT_plus).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'log_CT_plus'
    def __eq__(self, arg0: LogCTPlus) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class LogCTOrig:
    """
    Fallback log(x - min + 1) (COINr log_CT_orig).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'log_CT_orig'
    def __eq__(self, arg0: LogCTOrig) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class LogGII:
    """
    Fallback log((max - 1)(x - min) / (max - min) + 1) (COINr log_GII).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'log_GII'
    def __eq__(self, arg0: LogGII) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class BoxCox:
    """
    Fallback Box-Cox transform with a fixed exponent (COINr boxcox).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'boxcox'
    def __eq__(self, arg0: BoxCox) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, power: typing.SupportsFloat | typing.SupportsIndex = 0.5, make_positive: bool = True) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def make_positive(self) -> bool:
        """
        shift values to x - min + 1 first
        """
    @make_positive.setter
    def make_positive(self, value: bool) -> None:
        ...
    @property
    def power(self) -> float:
        """
        Box-Cox exponent (lambda); 0 = log
        """
    @power.setter
    def power(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class NoFallback:
    """
    No second stage: keep the Winsorised values.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'none'
    def __eq__(self, arg0: NoFallback) -> bool:
        ...
    def __getstate__(self) -> tuple[int]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
class TreatSpec:
    """
    How one indicator is treated: Winsorisation up to winmax points, then a fallback.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: TreatSpec) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, winmax: typing.SupportsInt | typing.SupportsIndex = 5, skew_threshold: typing.SupportsFloat | typing.SupportsIndex = 2.0, kurtosis_threshold: typing.SupportsFloat | typing.SupportsIndex = 3.5, force_winsorise: bool = False, fallback: LogCT | LogCTPlus | LogCTOrig | LogGII | BoxCox | NoFallback = ..., fallback_on_winsorised: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def fallback(self) -> LogCT | LogCTPlus | LogCTOrig | LogGII | BoxCox | NoFallback:
        """
        second-stage transform if Winsorisation does not pass
        """
    @fallback.setter
    def fallback(self, value: LogCT | LogCTPlus | LogCTOrig | LogGII | BoxCox | NoFallback) -> None:
        ...
    @property
    def fallback_on_winsorised(self) -> bool:
        """
        apply the fallback to the Winsorised values instead of the untreated ones
        """
    @fallback_on_winsorised.setter
    def fallback_on_winsorised(self, value: bool) -> None:
        ...
    @property
    def force_winsorise(self) -> bool:
        """
        once failing, Winsorise up to winmax points even after passing
        """
    @force_winsorise.setter
    def force_winsorise(self, value: bool) -> None:
        ...
    @property
    def kurtosis_threshold(self) -> float:
        """
        ... and kurtosis >= this
        """
    @kurtosis_threshold.setter
    def kurtosis_threshold(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def skew_threshold(self) -> float:
        """
        an indicator fails if abs(skewness) >= this ...
        """
    @skew_threshold.setter
    def skew_threshold(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def winmax(self) -> int:
        """
        most points to Winsorise (>= 0)
        """
    @winmax.setter
    def winmax(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class Treat:
    """
    Step: treat every indicator for outliers (COINr Treat).
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Treated'
    step_name: typing.ClassVar[str] = 'treat'
    def __eq__(self, arg0: Treat) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, spec: TreatSpec = ..., *, per_node: collections.abc.Mapping[str, TreatSpec] = {}, exclude: collections.abc.Sequence[str] = []) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def exclude(self) -> list[str]:
        """
        indicator codes left untreated
        """
    @exclude.setter
    def exclude(self, value: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def per_node(self) -> dict[str, TreatSpec]:
        """
        indicator code -> treatment, replacing spec
        """
    @per_node.setter
    def per_node(self, value: collections.abc.Mapping[str, TreatSpec]) -> None:
        ...
    @property
    def spec(self) -> TreatSpec:
        """
        default treatment for every indicator
        """
    @spec.setter
    def spec(self, value: TreatSpec) -> None:
        ...
class Level:
    """
    One named level of a Levels rule with its fixed points.
    """
    __hash__: typing.ClassVar[None] = None
    name: str
    def __eq__(self, arg0: Level) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, name: str, points: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def points(self) -> float:
        ...
    @points.setter
    def points(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class RateBand:
    """
    Rates in [``from_``, ``to``) percent give ``points`` (or points x rate / 100 if proportional).
    """
    __hash__: typing.ClassVar[None] = None
    proportional: bool
    def __eq__(self, arg0: RateBand) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, from_: typing.SupportsFloat | typing.SupportsIndex, to: typing.SupportsFloat | typing.SupportsIndex, points: typing.SupportsFloat | typing.SupportsIndex, proportional: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def from_(self) -> float:
        ...
    @from_.setter
    def from_(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def points(self) -> float:
        ...
    @points.setter
    def points(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def to(self) -> float:
        ...
    @to.setter
    def to(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Item:
    """
    One bonus or penalty item with its points (>= 0).
    """
    __hash__: typing.ClassVar[None] = None
    name: str
    def __eq__(self, arg0: Item) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, name: str, points: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def points(self) -> float:
        ...
    @points.setter
    def points(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class YesNo:
    """
    Binary rule: `points` if the requirement is met, `no_points` if not.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'yes_no'
    def __eq__(self, arg0: YesNo) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, points: typing.SupportsFloat | typing.SupportsIndex = 1.0, no_points: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def no_points(self) -> float:
        """
        points when it is not (usually 0)
        """
    @no_points.setter
    def no_points(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def points(self) -> float:
        """
        points when the requirement is met
        """
    @points.setter
    def points(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Levels:
    """
    Graded levels with fixed points (names compared after NFC).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'levels'
    def __eq__(self, arg0: Levels) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, *, levels: collections.abc.Sequence[Level]) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def levels(self) -> list[Level]:
        """
        named levels, each with fixed points
        """
    @levels.setter
    def levels(self, value: collections.abc.Sequence[Level]) -> None:
        ...
class CompletionRate:
    """
    A rate in percent: `full` points at 100%, 0 below `floor`, bands [from, to) in between.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'completion_rate'
    def __eq__(self, arg0: CompletionRate) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, full: typing.SupportsFloat | typing.SupportsIndex = 1.0, floor: typing.SupportsFloat | typing.SupportsIndex = 0.0, bands: collections.abc.Sequence[RateBand] = []) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def bands(self) -> list[RateBand]:
        """
        bands [from, to) within [floor, 100)
        """
    @bands.setter
    def bands(self, value: collections.abc.Sequence[RateBand]) -> None:
        ...
    @property
    def floor(self) -> float:
        """
        rates below it score 0 (percent)
        """
    @floor.setter
    def floor(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def full(self) -> float:
        """
        points at a rate of 100%
        """
    @full.setter
    def full(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Ratio:
    """
    rate = 100 x numerator / denominator from counts, then banded like CompletionRate.
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'ratio'
    def __eq__(self, arg0: Ratio) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, numerator: str = 'numerator', denominator: str = 'denominator', full: typing.SupportsFloat | typing.SupportsIndex = 1.0, floor: typing.SupportsFloat | typing.SupportsIndex = 0.0, bands: collections.abc.Sequence[RateBand] = []) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def bands(self) -> list[RateBand]:
        """
        bands [from, to) within [floor, 100)
        """
    @bands.setter
    def bands(self, value: collections.abc.Sequence[RateBand]) -> None:
        ...
    @property
    def denominator(self) -> str:
        """
        label of the denominator
        """
    @denominator.setter
    def denominator(self, value: str) -> None:
        ...
    @property
    def floor(self) -> float:
        """
        rates below it score 0 (percent)
        """
    @floor.setter
    def floor(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def full(self) -> float:
        """
        points at a rate of 100%
        """
    @full.setter
    def full(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def numerator(self) -> str:
        """
        label of the numerator
        """
    @numerator.setter
    def numerator(self, value: str) -> None:
        ...
class Cap:
    """
    min(value x per_unit, max).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'cap'
    def __eq__(self, arg0: Cap) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, max: typing.SupportsFloat | typing.SupportsIndex = 1.0, per_unit: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def max(self) -> float:
        """
        the ceiling (>= 0)
        """
    @max.setter
    def max(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def per_unit(self) -> float:
        """
        points per unit of the evidence value
        """
    @per_unit.setter
    def per_unit(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Bonus:
    """
    Bonus items (điểm thưởng): their points added, at most `max` (NaN = no limit).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'bonus'
    def __eq__(self, arg0: Bonus) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, items: collections.abc.Sequence[Item], max: typing.SupportsFloat | typing.SupportsIndex = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def items(self) -> list[Item]:
        """
        items and their points
        """
    @items.setter
    def items(self, value: collections.abc.Sequence[Item]) -> None:
        ...
    @property
    def max(self) -> float:
        """
        ceiling of the total bonus (NaN = none)
        """
    @max.setter
    def max(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Penalty:
    """
    Penalty items (điểm trừ): their points deducted, at most `max` (NaN = no limit).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'penalty'
    def __eq__(self, arg0: Penalty) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, *, items: collections.abc.Sequence[Item], max: typing.SupportsFloat | typing.SupportsIndex = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def items(self) -> list[Item]:
        """
        items and their deducted points
        """
    @items.setter
    def items(self, value: collections.abc.Sequence[Item]) -> None:
        ...
    @property
    def max(self) -> float:
        """
        ceiling of the total deduction (NaN = none)
        """
    @max.setter
    def max(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Evidence:
    """
    Raw evidence for one leaf; each rule reads the part it needs (NaN / empty = not given).
    """
    __hash__: typing.ClassVar[None] = None
    level: str
    yes: bool | None
    def __eq__(self, arg0: Evidence) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, yes: bool | None = None, level: str = '', rate: typing.SupportsFloat | typing.SupportsIndex = ..., numerator: typing.SupportsFloat | typing.SupportsIndex = ..., denominator: typing.SupportsFloat | typing.SupportsIndex = ..., value: typing.SupportsFloat | typing.SupportsIndex = ..., items: collections.abc.Sequence[str] = []) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def empty(self) -> bool:
        ...
    @property
    def denominator(self) -> float:
        ...
    @denominator.setter
    def denominator(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def items(self) -> list[str]:
        ...
    @items.setter
    def items(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def numerator(self) -> float:
        ...
    @numerator.setter
    def numerator(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def rate(self) -> float:
        ...
    @rate.setter
    def rate(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def value(self) -> float:
        ...
    @value.setter
    def value(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class RuleResult:
    """
    Points a rule gave, the raw number used and an explanation.
    """
    def __repr__(self) -> str:
        ...
    @property
    def explanation(self) -> str:
        ...
    @property
    def points(self) -> float:
        ...
    @property
    def raw(self) -> float:
        ...
class Score:
    """
    Step: turn raw evidence into points with a scoring rule per indicator; the column <code> holds points given directly, else the rule reads <code>_yes, _level, _rate, _num + _den, _value or _items.
    """
    __hash__: typing.ClassVar[None] = None
    data_set_name: typing.ClassVar[str] = 'Scored'
    step_name: typing.ClassVar[str] = 'score'
    def __eq__(self, arg0: Score) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any]:
        ...
    def __init__(self, rules: collections.abc.Mapping[str, YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty] = {}) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def rules(self) -> dict[str, YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty]:
        """
        indicator code -> scoring rule
        """
    @rules.setter
    def rules(self, value: collections.abc.Mapping[str, YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty]) -> None:
        ...
class Table:
    """
    Named columns of numbers, text or logicals (a step's side output).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Table) -> bool:
        ...
    def __getstate__(self) -> tuple[int, list[str], list]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def columns(self) -> list[list[float] | list[str] | list[bool | None]]:
        ...
    @property
    def names(self) -> list[str]:
        ...
class ResultRow:
    """
    One row of the results table.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: ResultRow) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def rank(self) -> float:
        ...
    @property
    def score(self) -> float:
        ...
    @property
    def unit_code(self) -> str:
        ...
    @property
    def unit_name(self) -> str:
        ...
    @property
    def year(self) -> int | None:
        ...
class Results:
    """
    Every step's data set, scores, ranks and the results table.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Results) -> bool:
        ...
    def __getstate__(self) -> tuple[int, Framework, list[tuple[str, Dataset]], list[tuple[str, Table]], typing.Any, list]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def aggregation_record(self, node: str) -> ...:
        """
        What the aggregate step did at one aggregate, as the run recorded it.
        """
    def aggregation_records(self) -> list[...]:
        """
        The records of every aggregate, level by level.
        """
    def contribution_matrix(self, node: str) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Every unit's contributions of the children of an aggregate (units x children).
        """
    def contributions(self, unit: str, node: str, year: typing.SupportsInt | typing.SupportsIndex | None = None, to_leaves: bool = False) -> Table:
        """
        Each child's (or leaf's) contribution to one unit's value of an aggregate, adding up to it.
        """
    def data_set(self, name: str) -> Dataset:
        ...
    def data_set_names(self) -> list[str]:
        ...
    def explain(self, unit: str, node: str, year: typing.SupportsInt | typing.SupportsIndex | None = None) -> Table:
        ...
    def ranks(self) -> Dataset:
        ...
    def results_table(self) -> list[ResultRow]:
        ...
    def scores(self) -> Dataset:
        ...
    def table(self, name: str) -> Table:
        ...
    def table_names(self) -> list[str]:
        ...
    def used_weights(self, node: str) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        The weights as each unit's value of an aggregate used them (units x children).
        """
    @property
    def framework(self) -> Framework:
        ...
class AggregationRecord:
    """
    What the aggregate step did at one aggregate: method, weights, contributions.
    """
    def __repr__(self) -> str:
        ...
    @property
    def below_availability(self) -> list[bool]:
        ...
    @property
    def children(self) -> list[str]:
        ...
    @property
    def contribution_rule(self) -> str:
        ...
    @property
    def has_split(self) -> bool:
        ...
    @property
    def method(self) -> ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum:
        ...
    @property
    def node(self) -> str:
        ...
    @property
    def weights(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
class Pipeline:
    """
    An ordered list of steps.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Pipeline) -> bool:
        ...
    def __getstate__(self) -> tuple[int, list[Score | Denominate | Impute | Screen | Treat | Normalise | Aggregate]]:
        ...
    def __init__(self, steps: collections.abc.Sequence[Score | Denominate | Impute | Screen | Treat | Normalise | Aggregate]) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def check(self, framework: Framework) -> None:
        ...
    def run(self, framework: Framework, data: Dataset) -> Results:
        ...
    @property
    def steps(self) -> list[Score | Denominate | Impute | Screen | Treat | Normalise | Aggregate]:
        ...
class WeightFit:
    """
    Weights fitted to published composites and how well they reproduce them.
    """
    @property
    def components(self) -> list[str]:
        """
        component codes, in the order of weights
        """
    @property
    def condition_number(self) -> float:
        """
        sigma_max / sigma_min of the solved least-squares matrix
        """
    @property
    def fitted(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        scale * X w, in composite units
        """
    @property
    def free_parameters(self) -> int:
        """
        k - 1 with the constraint, k without
        """
    @property
    def max_abs_residual(self) -> float:
        """
        largest absolute residual
        """
    @property
    def rank(self) -> int:
        """
        rank of the design ([X; 1'] with the sum-to-one constraint)
        """
    @property
    def residuals(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        composite - fitted
        """
    @property
    def rmse(self) -> float:
        """
        root mean squared residual
        """
    @property
    def scale(self) -> float:
        ...
    @property
    def sum_to_one(self) -> bool:
        ...
    @property
    def units(self) -> list[str]:
        """
        unit codes, in the order of the residuals
        """
    @property
    def weights(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        one weight per component
        """
class Region:
    """
    One of Vietnam's 6 socio-economic regions (code, Vietnamese and English name).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Region) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def code(self) -> str:
        ...
    @property
    def name_en(self) -> str:
        ...
    @property
    def name_vi(self) -> str:
        ...
class Province:
    """
    A province or centrally-run city: GSO code, names, type, region, aliases.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Province) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def aliases(self) -> list[str]:
        ...
    @property
    def code(self) -> str:
        ...
    @property
    def name_ascii(self) -> str:
        ...
    @property
    def name_vi(self) -> str:
        ...
    @property
    def region_code(self) -> str:
        ...
    @property
    def region_en(self) -> str:
        ...
    @property
    def region_vi(self) -> str:
        ...
    @property
    def type(self) -> str:
        ...
class ProvinceRegistry:
    """
    The provinces and regions with name look-up.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: ProvinceRegistry) -> bool:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def codes(self, names: collections.abc.Sequence[str]) -> list[str]:
        """
        Codes of several names; raises UnknownCodeError listing every name that failed.
        """
    def find_code(self, name_or_code: str) -> str | None:
        """
        The code a name resolves to, or None.
        """
    def nearest(self, name: str, n: typing.SupportsInt | typing.SupportsIndex = 3) -> list[str]:
        """
        Codes of the n nearest provinces.
        """
    def province(self, name_or_code: str) -> Province:
        """
        The province with this code, name, ASCII name, PAPI spelling or alias; raises UnknownCodeError listing the nearest names.
        """
    def provinces(self) -> list[Province]:
        """
        Provinces in file order.
        """
    def region(self, code_or_name: str) -> Region:
        """
        The region with this code or name.
        """
    def regions(self) -> list[Region]:
        """
        The 6 regions.
        """
class Unit2025:
    """
    A provincial unit of the 2025 geography (govindex's unit code, names, type, former provinces, merged).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Unit2025) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def code(self) -> str:
        ...
    @property
    def members(self) -> list[str]:
        ...
    @property
    def merged(self) -> bool:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def name_ascii(self) -> str:
        ...
    @property
    def type(self) -> str:
        ...
class Merger2025:
    """
    The 63 pre-2025 provinces mapped onto the 34 units of 2025, with unit look-up.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Merger2025) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def find_unit_2025(self, name_or_code: typing.Any) -> Unit2025:
        """
        The unit with this name or unit code (NFC, diacritics and case optional, prefixes "Tỉnh", "Thành phố", "TP."); raises UnknownCodeError saying which unit a former province joined, or listing the nearest.
        """
    def registry(self) -> ProvinceRegistry:
        """
        The province registry the table was checked against.
        """
    def unit_2025(self, province_name_or_code: typing.Any) -> Unit2025:
        """
        The 2025 unit of a former province given by code or name; raises UnknownCodeError listing the nearest.
        """
    def unit_codes(self) -> dict[str, str]:
        """
        Province code -> code of its 2025 unit.
        """
    def units(self) -> list[Unit2025]:
        """
        The units, by code ascending.
        """
class RankOrder:
    """
    Which end of the scale ranks first.
    
    Members:
    
      descending
    
      ascending
    """
    __members__: typing.ClassVar[dict[str, RankOrder]]
    ascending: typing.ClassVar[RankOrder]
    descending: typing.ClassVar[RankOrder]
    @typing.overload
    def __eq__(self, other: RankOrder) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: RankOrder) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Band:
    """
    A value band [low, high) with a label; high may be inf.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Band) -> bool:
        ...
    def __init__(self, *, label: str, low: typing.SupportsFloat | typing.SupportsIndex, high: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def high(self) -> float:
        ...
    @property
    def label(self) -> str:
        ...
    @property
    def low(self) -> float:
        ...
class Aggregation:
    """
    How a methodology version aggregates its tree.
    
    Members:
    
      points
    
      weighted_mean
    
      additive_scale
    """
    __members__: typing.ClassVar[dict[str, Aggregation]]
    additive_scale: typing.ClassVar[Aggregation]
    points: typing.ClassVar[Aggregation]
    weighted_mean: typing.ClassVar[Aggregation]
    @typing.overload
    def __eq__(self, other: Aggregation) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Aggregation) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class PointSource:
    """
    Where a leaf's points come from.
    
    Members:
    
      appraisal
    
      survey_internal
    
      survey_external
    
      survey
    
      unknown
    """
    __members__: typing.ClassVar[dict[str, PointSource]]
    appraisal: typing.ClassVar[PointSource]
    survey: typing.ClassVar[PointSource]
    survey_external: typing.ClassVar[PointSource]
    survey_internal: typing.ClassVar[PointSource]
    unknown: typing.ClassVar[PointSource]
    @typing.overload
    def __eq__(self, other: PointSource) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: PointSource) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class UnknownParts:
    """
    What framework() and pipeline() do with a part of the tree the aggregation needs but the version does not know: refuse (a MethodError) or missing (the node's value is NaN).
    
    Members:
    
      refuse
    
      missing
    """
    __members__: typing.ClassVar[dict[str, UnknownParts]]
    missing: typing.ClassVar[UnknownParts]
    refuse: typing.ClassVar[UnknownParts]
    @typing.overload
    def __eq__(self, other: UnknownParts) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: UnknownParts) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class MappingKind:
    """
    How nodes of two versions correspond.
    
    Members:
    
      same
    
      renamed
    
      merged
    
      split
    
      dropped
    
      added
    """
    __members__: typing.ClassVar[dict[str, MappingKind]]
    added: typing.ClassVar[MappingKind]
    dropped: typing.ClassVar[MappingKind]
    merged: typing.ClassVar[MappingKind]
    renamed: typing.ClassVar[MappingKind]
    same: typing.ClassVar[MappingKind]
    split: typing.ClassVar[MappingKind]
    @typing.overload
    def __eq__(self, other: MappingKind) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: MappingKind) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class Date:
    """
    A calendar date; year 0 = unknown.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Date) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, year: typing.SupportsInt | typing.SupportsIndex = 0, month: typing.SupportsInt | typing.SupportsIndex = 0, day: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def iso(self) -> str:
        ...
    @property
    def day(self) -> int:
        ...
    @day.setter
    def day(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def known(self) -> bool:
        ...
    @property
    def month(self) -> int:
        ...
    @month.setter
    def month(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def year(self) -> int:
        ...
    @year.setter
    def year(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class MethodNode:
    """
    One node of a criteria tree; numbers NaN when unknown.
    """
    __hash__: typing.ClassVar[None] = None
    children_unknown: bool
    code: str
    name_en: str
    name_vi: str
    note: str
    parent: str
    rule: YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty | None
    source: PointSource
    def __eq__(self, arg0: MethodNode) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def file(self) -> str:
        ...
    @property
    def line(self) -> int:
        ...
    @property
    def max_points(self) -> float:
        ...
    @max_points.setter
    def max_points(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def min_points(self) -> float:
        ...
    @min_points.setter
    def min_points(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def weight(self) -> float:
        ...
    @weight.setter
    def weight(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Provenance:
    """
    Legal decision, signing date, assessment years, sources.
    """
    __hash__: typing.ClassVar[None] = None
    decision: str
    notes: str
    signed_on: Date
    def __eq__(self, arg0: Provenance) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def first_year(self) -> int:
        ...
    @first_year.setter
    def first_year(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def last_year(self) -> int:
        """
        0 = still in force
        """
    @last_year.setter
    def last_year(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def publication_lag(self) -> int:
        """
        -1 = unknown
        """
    @publication_lag.setter
    def publication_lag(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def sources(self) -> list[str]:
        ...
    @sources.setter
    def sources(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
class Methodology:
    """
    One validated version of a methodology.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Methodology) -> bool:
        ...
    def __getstate__(self) -> tuple[int, str, str, Aggregation, Provenance, list[MethodNode], list[str], list[int], float, typing.Any]:
        ...
    def __init__(self, *, family: str, id: str, aggregation: Aggregation, provenance: Provenance, nodes: collections.abc.Sequence[MethodNode], level_names: collections.abc.Sequence[str] = [], declared_counts: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] = [], survey_points: typing.SupportsFloat | typing.SupportsIndex = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def children(self, code: str) -> list[str]:
        ...
    def complete(self) -> bool:
        ...
    def depth(self, code: str) -> int:
        ...
    def framework(self, depth: typing.SupportsInt | typing.SupportsIndex = -1, unknown: UnknownParts = ...) -> Framework:
        """
        The version's tree as a framework (leaves = indicators; depth >= 1 cuts the tree there).
        """
    def leaves(self) -> list[str]:
        ...
    def leaves_under(self, code: str) -> list[str]:
        ...
    def max_points(self) -> dict[str, float]:
        ...
    def node(self, code: str) -> MethodNode:
        ...
    def pipeline(self, depth: typing.SupportsInt | typing.SupportsIndex = -1, unknown: UnknownParts = ...) -> Pipeline:
        """
        The pipeline computing the version on framework(depth, unknown): Score, then Aggregate with WeightedSum.
        """
    def table(self) -> Table:
        ...
    def unknowns(self) -> list[str]:
        ...
    def weights(self, code: str) -> dict[str, float]:
        ...
    @property
    def aggregation(self) -> Aggregation:
        ...
    @property
    def declared_counts(self) -> list[int]:
        ...
    @property
    def family(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def level_names(self) -> list[str]:
        ...
    @property
    def nodes(self) -> list[MethodNode]:
        ...
    @property
    def provenance(self) -> Provenance:
        ...
    @property
    def root(self) -> str:
        ...
    @property
    def survey_points(self) -> float:
        ...
class SigningTiming:
    """
    Signing date relative to the end of the assessment year.
    """
    @property
    def days_before_year_end(self) -> int:
        ...
    @property
    def known(self) -> bool:
        ...
    @property
    def late(self) -> bool:
        ...
class Mapping:
    """
    One correspondence between nodes of two versions.
    """
    __hash__: typing.ClassVar[None] = None
    kind: MappingKind
    note: str
    def __eq__(self, arg0: Mapping) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, from_: collections.abc.Sequence[str], to: collections.abc.Sequence[str], kind: MappingKind, note: str = '') -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def from_(self) -> list[str]:
        ...
    @from_.setter
    def from_(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def to(self) -> list[str]:
        ...
    @to.setter
    def to(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
class Crosswalk:
    """
    Node mappings from one version to another.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Crosswalk) -> bool:
        ...
    def __getstate__(self) -> tuple[int, str, str, list[Mapping], typing.Any]:
        ...
    def __init__(self, *, from_version: str, to_version: str, mappings: collections.abc.Sequence[Mapping]) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def from_version(self) -> str:
        ...
    @property
    def mappings(self) -> list[Mapping]:
        ...
    @property
    def to_version(self) -> str:
        ...
class Family:
    """
    The versions of one index, keyed by assessment year.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Family) -> bool:
        ...
    def __getstate__(self) -> tuple[int, str, list[Methodology], list[Crosswalk], str, str, str]:
        ...
    def __init__(self, *, name: str, versions: collections.abc.Sequence[Methodology], crosswalks: collections.abc.Sequence[Crosswalk] = [], name_vi: str = '', name_en: str = '', notes: str = '') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def crosswalk(self, from_version: str, to_version: str) -> Crosswalk:
        ...
    def signing_timing(self, assessment_year: typing.SupportsInt | typing.SupportsIndex, late_days: typing.SupportsInt | typing.SupportsIndex = 60) -> SigningTiming:
        ...
    def version(self, id: str) -> Methodology:
        ...
    def version_for(self, assessment_year: typing.SupportsInt | typing.SupportsIndex) -> Methodology:
        ...
    @property
    def crosswalks(self) -> list[Crosswalk]:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def name_en(self) -> str:
        ...
    @property
    def name_vi(self) -> str:
        ...
    @property
    def notes(self) -> str:
        ...
    @property
    def versions(self) -> list[Methodology]:
        ...
class LeafRecord:
    """
    One unit's scores for one leaf by source (NaN = not given).
    """
    __hash__: typing.ClassVar[None] = None
    evidence: Evidence
    evidence_note: str
    def __eq__(self, arg0: LeafRecord) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def appraised_1(self) -> float:
        ...
    @appraised_1.setter
    def appraised_1(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def appraised_2(self) -> float:
        ...
    @appraised_2.setter
    def appraised_2(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def self(self) -> float:
        ...
    @self.setter
    def self(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def survey(self) -> float:
        ...
    @survey.setter
    def survey(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class Assessment:
    """
    One unit's records for one assessment year, keyed by leaf code.
    """
    __hash__: typing.ClassVar[None] = None
    unit: str
    def __eq__(self, arg0: Assessment) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self) -> None:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def leaves(self) -> dict[str, LeafRecord]:
        ...
    @leaves.setter
    def leaves(self, arg0: collections.abc.Mapping[str, LeafRecord]) -> None:
        ...
    @property
    def year(self) -> int:
        ...
    @year.setter
    def year(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class NodeScore:
    """
    A node's totals, split by source.
    """
    @property
    def appraised(self) -> float:
        ...
    @property
    def code(self) -> str:
        ...
    @property
    def deduction(self) -> float:
        ...
    @property
    def explanation(self) -> str:
        ...
    @property
    def max_points(self) -> float:
        ...
    @property
    def obtained(self) -> float:
        ...
    @property
    def percent(self) -> float:
        ...
    @property
    def self(self) -> float:
        ...
    @property
    def survey_external(self) -> float:
        ...
    @property
    def survey_internal(self) -> float:
        ...
    @property
    def survey_other(self) -> float:
        ...
class Scorecard:
    """
    Every node's totals for one assessment.
    """
    def node(self, code: str) -> NodeScore:
        ...
    def table(self) -> Table:
        ...
    @property
    def nodes(self) -> list[NodeScore]:
        ...
    @property
    def unit(self) -> str:
        ...
    @property
    def version(self) -> str:
        ...
    @property
    def year(self) -> int:
        ...
class Rescored:
    """
    A year's evidence re-scored under another version.
    """
    @property
    def assessment(self) -> Assessment:
        ...
    @property
    def not_comparable(self) -> dict[str, str]:
        ...
    @property
    def scorecard(self) -> Scorecard:
        ...
class SobolIndices:
    """
    First-order and total Sobol' indices with percentile-bootstrap intervals; every matrix is outputs x factors (read-only arrays).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: SobolIndices) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def confidence(self) -> float:
        """
        Level of the intervals.
        """
    @property
    def first(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        First-order indices S_i (point estimates).
        """
    @property
    def first_high(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Upper bound of S_i's interval.
        """
    @property
    def first_low(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Lower bound of S_i's interval (NaN without resamples).
        """
    @property
    def n(self) -> int:
        """
        Base sample size N.
        """
    @property
    def resamples(self) -> int:
        """
        Bootstrap resamples drawn.
        """
    @property
    def seed(self) -> int:
        """
        Seed of the bootstrap.
        """
    @property
    def total(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Total indices S_Ti (point estimates).
        """
    @property
    def total_high(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Upper bound of S_Ti's interval.
        """
    @property
    def total_low(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Lower bound of S_Ti's interval.
        """
    @property
    def variance(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Per output, the population variance of [y_A; y_B] in model units.
        """
class WeightNoise:
    """
    Uncertain input: relative uniform noise on weights, w (1 + factor (2u - 1)), at levels and/or nodes, each perturbed group rescaled to its nominal sum (COINr get_noisy_weights).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: WeightNoise) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, factor: typing.SupportsFloat | typing.SupportsIndex = 0.25, *, name: str = '', levels: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] = [], nodes: collections.abc.Sequence[str] = [], renormalise: bool = True) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def factor(self) -> float:
        """
        relative half-width of the noise, in [0, 1)
        """
    @factor.setter
    def factor(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def levels(self) -> list[int]:
        """
        levels whose nodes' weights vary (1 = indicators)
        """
    @levels.setter
    def levels(self, value: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> None:
        ...
    @property
    def name(self) -> str:
        """
        label of this input
        """
    @name.setter
    def name(self, value: str) -> None:
        ...
    @property
    def nodes(self) -> list[str]:
        """
        nodes whose weights vary
        """
    @nodes.setter
    def nodes(self, value: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def renormalise(self) -> bool:
        """
        rescale each perturbed group to its nominal sum
        """
    @renormalise.setter
    def renormalise(self, value: bool) -> None:
        ...
class StepChoice:
    """
    Uncertain input: each replicate uses one of the alternatives (steps of one type, e.g. Normalise steps with other methods) in place of the pipeline's step of that type.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: StepChoice) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, alternatives: collections.abc.Sequence[Score | Denominate | Impute | Screen | Treat | Normalise | Aggregate], *, name: str = '') -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def alternatives(self) -> list[Score | Denominate | Impute | Screen | Treat | Normalise | Aggregate]:
        """
        steps of one type to choose from
        """
    @alternatives.setter
    def alternatives(self, value: collections.abc.Sequence[Score | Denominate | Impute | Screen | Treat | Normalise | Aggregate]) -> None:
        ...
    @property
    def name(self) -> str:
        """
        label of this input
        """
    @name.setter
    def name(self, value: str) -> None:
        ...
class IndicatorExclusion:
    """
    Uncertain input: indicators dropped at random (each with a probability, or exactly one per replicate with leave_one_out); never the last of its group.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: IndicatorExclusion) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, name: str = '', indicators: collections.abc.Sequence[str] = [], probability: typing.SupportsFloat | typing.SupportsIndex = 0.0, leave_one_out: bool = False) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def indicators(self) -> list[str]:
        """
        candidates; empty = every indicator
        """
    @indicators.setter
    def indicators(self, value: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def leave_one_out(self) -> bool:
        """
        drop exactly one candidate per replicate instead
        """
    @leave_one_out.setter
    def leave_one_out(self, value: bool) -> None:
        ...
    @property
    def name(self) -> str:
        """
        label of this input
        """
    @name.setter
    def name(self, value: str) -> None:
        ...
    @property
    def probability(self) -> float:
        """
        probability of dropping each candidate, in (0, 1)
        """
    @probability.setter
    def probability(self, value: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class DataNoise:
    """
    Uncertain input: normal noise from standard errors, x + se z, per cell of the input (columns) or per unit on an aggregate's value (node); missing values stay missing.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: DataNoise) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, name: str = '', columns: collections.abc.Sequence[str] = [], node: str = '', standard_errors: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def columns(self) -> list[str]:
        """
        indicators whose values vary; empty = every one with standard errors
        """
    @columns.setter
    def columns(self, value: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def name(self) -> str:
        """
        label of this input
        """
    @name.setter
    def name(self, value: str) -> None:
        ...
    @property
    def node(self) -> str:
        """
        an aggregate whose value varies per unit instead
        """
    @node.setter
    def node(self, value: str) -> None:
        ...
    @property
    def standard_errors(self) -> dict[str, float]:
        """
        with node: unit code -> standard error; empty = the nominal run's
        """
    @standard_errors.setter
    def standard_errors(self, value: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
class AnalysisSettings:
    """
    How to run an analysis, from a declaration file's [analysis] table: replicates, seed, tracked nodes, year (None or empty: not given).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: AnalysisSettings) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __init__(self, *, replicates: typing.SupportsInt | typing.SupportsIndex | None = None, seed: typing.SupportsInt | typing.SupportsIndex | None = None, nodes: collections.abc.Sequence[str] = [], year: typing.SupportsInt | typing.SupportsIndex | None = None) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def nodes(self) -> list[str]:
        """
        tracked nodes (empty: the index)
        """
    @nodes.setter
    def nodes(self, value: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def replicates(self) -> int | None:
        """
        replicates of an uncertainty analysis
        """
    @replicates.setter
    def replicates(self, value: typing.SupportsInt | typing.SupportsIndex | None) -> None:
        ...
    @property
    def seed(self) -> int | None:
        """
        seed of the random draws
        """
    @seed.setter
    def seed(self, value: typing.SupportsInt | typing.SupportsIndex | None) -> None:
        ...
    @property
    def year(self) -> int | None:
        """
        the year of a panel to analyse
        """
    @year.setter
    def year(self, value: typing.SupportsInt | typing.SupportsIndex | None) -> None:
        ...
class UncertaintyDeclaration:
    """
    An uncertainty declaration file: the uncertain inputs and the analysis settings.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: UncertaintyDeclaration) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any]:
        ...
    def __init__(self, inputs: collections.abc.Sequence[WeightNoise | StepChoice | IndicatorExclusion | DataNoise] = [], *, analysis: AnalysisSettings = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def analysis(self) -> AnalysisSettings:
        """
        how to run the analysis
        """
    @analysis.setter
    def analysis(self, value: AnalysisSettings) -> None:
        ...
    @property
    def inputs(self) -> list[WeightNoise | StepChoice | IndicatorExclusion | DataNoise]:
        """
        the uncertain inputs
        """
    @inputs.setter
    def inputs(self, value: collections.abc.Sequence[WeightNoise | StepChoice | IndicatorExclusion | DataNoise]) -> None:
        ...
class NodeUncertainty:
    """
    What an uncertainty analysis knows of one tracked node.
    """
    @property
    def node(self) -> str:
        ...
    @property
    def nominal_rank(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def nominal_score(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def rank_counts(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint64], "[m, n]"]:
        """
        units x (units + 1): replicates with rank r (last: missing)
        """
    @property
    def score_high(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def score_histogram(self) -> typing.Annotated[numpy.typing.NDArray[numpy.uint64], "[m, n]"]:
        ...
    @property
    def score_low(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def score_max(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
    @property
    def score_min(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        ...
class UncertaintyResult:
    """
    Statistics per unit of an uncertainty analysis (or of a range of it).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: UncertaintyResult) -> bool:
        ...
    def __getstate__(self) -> tuple[int, list[str], list[str], list[str], list, list[float], int, int, int, int, list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]], list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], list[str]]:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def mean_rank_shift(self) -> float:
        ...
    def merged(self, next: UncertaintyResult) -> UncertaintyResult:
        ...
    def node(self, code: str = '') -> NodeUncertainty:
        ...
    def rank_quantile(self, node: str, unit: typing.SupportsInt | typing.SupportsIndex, p: typing.SupportsFloat | typing.SupportsIndex) -> float:
        ...
    def score_quantile(self, node: str, unit: typing.SupportsInt | typing.SupportsIndex, p: typing.SupportsFloat | typing.SupportsIndex) -> float:
        ...
    def summary(self, node: str = '') -> Table:
        ...
    def top_probabilities(self, node: str = '') -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def begin(self) -> int:
        ...
    @property
    def complete(self) -> bool:
        ...
    @property
    def end(self) -> int:
        ...
    @property
    def input_names(self) -> list[str]:
        ...
    @property
    def nodes(self) -> list[NodeUncertainty]:
        ...
    @property
    def parameter_names(self) -> list[str]:
        ...
    @property
    def replicate_parameters(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    @property
    def replicate_ranks(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
    @property
    def replicate_scores(self) -> list[typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
    @property
    def replicates(self) -> int:
        ...
    @property
    def seed(self) -> int:
        ...
    @property
    def unit_codes(self) -> list[str]:
        ...
    @property
    def unit_names(self) -> list[str]:
        ...
class SensitivityResult:
    """
    Sobol' indices of every input for every output of a sensitivity analysis.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: SensitivityResult) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def design(self) -> str:
        ...
    @property
    def indices(self) -> SobolIndices:
        ...
    @property
    def input_names(self) -> list[str]:
        ...
    @property
    def output_names(self) -> list[str]:
        ...
    @property
    def runs(self) -> int:
        ...
    @property
    def unit_codes(self) -> list[str]:
        ...
class SampledRun:
    """
    One replicate's settings as a pipeline and a data set.
    """
    @property
    def data(self) -> Dataset:
        ...
    @property
    def pipeline(self) -> Pipeline:
        ...
class UncertaintyEngine:
    """
    The pipeline compiled once for a framework, a data set and uncertain inputs.
    """
    def __init__(self, framework: Framework, pipeline: Pipeline, data: Dataset, inputs: collections.abc.Sequence[WeightNoise | StepChoice | IndicatorExclusion | DataNoise], *, nodes: collections.abc.Sequence[str] = [], year: typing.SupportsInt | typing.SupportsIndex | None = None) -> None:
        ...
    def evaluate(self, uniforms: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    def nominal(self) -> Results:
        ...
    def replicate_scores(self, seed: typing.SupportsInt | typing.SupportsIndex, index: typing.SupportsInt | typing.SupportsIndex) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        ...
    def sampled_run(self, seed: typing.SupportsInt | typing.SupportsIndex, index: typing.SupportsInt | typing.SupportsIndex) -> SampledRun:
        ...
    def sensitivity(self, *, base_samples: typing.SupportsInt | typing.SupportsIndex = 1000, seed: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0, resamples: typing.SupportsInt | typing.SupportsIndex = 1000, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, progress: typing.Any = None) -> SensitivityResult:
        ...
    def uncertainty(self, *, replicates: typing.SupportsInt | typing.SupportsIndex = 1000, seed: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0, begin: typing.SupportsInt | typing.SupportsIndex = 0, end: typing.SupportsInt | typing.SupportsIndex | None = None, keep_replicates: bool = False, progress: typing.Any = None) -> UncertaintyResult:
        ...
    @property
    def data(self) -> Dataset:
        ...
    @property
    def dimensions(self) -> int:
        ...
    @property
    def framework(self) -> Framework:
        ...
    @property
    def input_names(self) -> list[str]:
        ...
    @property
    def inputs(self) -> list[WeightNoise | StepChoice | IndicatorExclusion | DataNoise]:
        ...
    @property
    def pipeline(self) -> Pipeline:
        ...
    @property
    def tracked_nodes(self) -> list[str]:
        ...
    @property
    def year(self) -> int | None:
        ...
class TargetGap:
    """
    A unit's distance to a target rank on one node, from a run's results.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: TargetGap) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def gap(self) -> float:
        ...
    @property
    def headroom(self) -> Table:
        ...
    @property
    def node(self) -> str:
        ...
    @property
    def rank(self) -> float:
        ...
    @property
    def reached(self) -> bool:
        ...
    @property
    def required_score(self) -> float:
        ...
    @property
    def score(self) -> float:
        ...
    @property
    def target_rank(self) -> int:
        ...
    @property
    def unit(self) -> str:
        ...
    @property
    def units(self) -> int:
        ...
    @property
    def year(self) -> int | None:
        ...
class WhatIf:
    """
    A re-run with one unit's inputs changed, and what moved.
    """
    def __getstate__(self) -> tuple[int, str, int | None, str, Results, Table]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def changes(self) -> Table:
        ...
    @property
    def data_set(self) -> str:
        ...
    @property
    def results(self) -> Results:
        ...
    @property
    def unit(self) -> str:
        ...
    @property
    def year(self) -> int | None:
        ...
class ImprovementPlan:
    """
    The least-cost set of improvements that reaches a target rank.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: ImprovementPlan) -> bool:
        ...
    def __getstate__(self) -> tuple[int, TargetGap, str, str, bool, float, Table, float, int, float, float, float, int, float, float, float, float, int]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def achieved_rank(self) -> float:
        ...
    @property
    def achieved_score(self) -> float:
        ...
    @property
    def best_rank(self) -> float:
        ...
    @property
    def best_score(self) -> float:
        ...
    @property
    def cost(self) -> float:
        ...
    @property
    def feasible(self) -> bool:
        ...
    @property
    def gap(self) -> TargetGap:
        ...
    @property
    def nodes_changed(self) -> int:
        ...
    @property
    def objective(self) -> str:
        ...
    @property
    def planned_score(self) -> float:
        ...
    @property
    def robust_score(self) -> float:
        ...
    @property
    def rounds(self) -> int:
        ...
    @property
    def status(self) -> str:
        ...
    @property
    def steps(self) -> Table:
        ...
    @property
    def success_probability(self) -> float:
        ...
    @property
    def target_score(self) -> float:
        ...
class ChangeDecomposition:
    """
    A unit's change between two runs on one node.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: ChangeDecomposition) -> bool:
        ...
    def __getstate__(self) -> tuple[int, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any, typing.Any]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def interaction_part(self) -> float:
        ...
    @property
    def methodology_differences(self) -> list[str]:
        ...
    @property
    def methodology_part(self) -> float:
        ...
    @property
    def node(self) -> str:
        ...
    @property
    def only_after(self) -> list[str]:
        ...
    @property
    def only_before(self) -> list[str]:
        ...
    @property
    def others_alone_part(self) -> float:
        ...
    @property
    def others_part(self) -> float:
        ...
    @property
    def own_alone_part(self) -> float:
        ...
    @property
    def own_part(self) -> float:
        ...
    @property
    def parts(self) -> Table:
        ...
    @property
    def rank_after(self) -> float:
        ...
    @property
    def rank_before(self) -> float:
        ...
    @property
    def rank_if_only_others(self) -> float:
        ...
    @property
    def rank_if_only_own(self) -> float:
        ...
    @property
    def rescoring(self) -> str:
        ...
    @property
    def rule(self) -> str:
        ...
    @property
    def score_after(self) -> float:
        ...
    @property
    def score_before(self) -> float:
        ...
    @property
    def score_data_part(self) -> float:
        ...
    @property
    def score_methodology_part(self) -> float:
        ...
    @property
    def sequence(self) -> str:
        ...
    @property
    def unit(self) -> str:
        ...
class Factor:
    """
    A categorical column as integer codes into levels; code -1 = missing.
    """
    def __init__(self, *, codes: typing.Annotated[numpy.typing.ArrayLike, numpy.int32, "[m, 1]"], levels: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def codes(self) -> typing.Annotated[numpy.typing.NDArray[numpy.int32], "[m, 1]"]:
        """
        Per row, an index into levels; -1 = missing.
        """
    @property
    def levels(self) -> list[str]:
        """
        The categories.
        """
class DegenerateCells:
    """
    What happens to a degenerate cell (fewer than min_psu PSUs, SE 0, a proportion at 0 or 1): suppress (NaN) or flag (values kept, the reason given).
    
    Members:
    
      suppress
    
      flag
    """
    __members__: typing.ClassVar[dict[str, DegenerateCells]]
    flag: typing.ClassVar[DegenerateCells]
    suppress: typing.ClassVar[DegenerateCells]
    @typing.overload
    def __eq__(self, other: DegenerateCells) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: DegenerateCells) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class LonelyPsu:
    """
    Policy for a stratum with a single sampled PSU (R's survey.lonely.psu).
    
    Members:
    
      fail
    
      certainty
    
      adjust
    
      average
    """
    __members__: typing.ClassVar[dict[str, LonelyPsu]]
    adjust: typing.ClassVar[LonelyPsu]
    average: typing.ClassVar[LonelyPsu]
    certainty: typing.ClassVar[LonelyPsu]
    fail: typing.ClassVar[LonelyPsu]
    @typing.overload
    def __eq__(self, other: LonelyPsu) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: LonelyPsu) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class SurveyDesign:
    """
    A checked one-stage stratified cluster design (use govindex.survey.Design).
    """
    def __init__(self, *, weights: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"] | None = None, strata: Factor | None = None, clusters: Factor | None = None, fpc: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"] | None = None, lonely_psu: LonelyPsu = ..., source: str = 'DataFrame', weights_column: str = 'weights', strata_column: str = 'strata', clusters_column: str = 'clusters', fpc_column: str = 'fpc', later_stages: collections.abc.Sequence[tuple[Factor, typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"] | None, str, str]] = []) -> None:
        ...
    def post_stratify(self, *, categories: Factor, population: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex], column: str) -> SurveyDesign:
        """
        A new design calibrated to population counts per category.
        """
    def rake(self, *, margins: collections.abc.Sequence[tuple[Factor, collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex], str]], max_iterations: typing.SupportsInt | typing.SupportsIndex = 10, epsilon: typing.SupportsFloat | typing.SupportsIndex | None = None, tolerance: typing.SupportsFloat | typing.SupportsIndex | None = None) -> SurveyDesign:
        """
        A new design raked to (categories, population counts, column) margins by iterative proportional fitting; stops by R's rule (epsilon, default 1) unless a tolerance is given.
        """
    @property
    def base_weights(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        The design weights before calibration.
        """
    @property
    def calibration(self) -> typing.Any:
        """
        The raking report (a dict), or None.
        """
    @property
    def degrees_of_freedom(self) -> float:
        """
        PSUs - strata.
        """
    @property
    def post_stratified(self) -> bool:
        """
        Whether the weights are calibrated.
        """
    @property
    def psus(self) -> int:
        """
        Number of sampled PSUs.
        """
    @property
    def raked(self) -> bool:
        """
        Whether the weights are raked.
        """
    @property
    def rows(self) -> int:
        """
        Number of respondents.
        """
    @property
    def strata(self) -> int:
        """
        Number of strata.
        """
    @property
    def stratum_labels(self) -> list[str]:
        """
        Label of each stratum.
        """
    @property
    def variance_stages(self) -> int:
        """
        Number of sampling stages whose variance enters (1 = the first stage only).
        """
    @property
    def weights(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        The weights estimates use (calibrated once post-stratified).
        """
class ReplicateType:
    """
    How replicate weights were made (R's svrepdesign type).
    
    Members:
    
      jk1
    
      jkn
    
      bootstrap
    
      other
    """
    __members__: typing.ClassVar[dict[str, ReplicateType]]
    bootstrap: typing.ClassVar[ReplicateType]
    jk1: typing.ClassVar[ReplicateType]
    jkn: typing.ClassVar[ReplicateType]
    other: typing.ClassVar[ReplicateType]
    @typing.overload
    def __eq__(self, other: ReplicateType) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: ReplicateType) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ReplicateDesign:
    """
    A replicate-weight design (use govindex.survey.ReplicateDesign).
    """
    @staticmethod
    def from_design(*, design: SurveyDesign, type: ReplicateType, replicates: typing.SupportsInt | typing.SupportsIndex = 50, seed: typing.SupportsInt | typing.SupportsIndex = 0, mse: bool = False) -> ReplicateDesign:
        """
        Replicates made from a design, as R's as.svrepdesign.
        """
    def __init__(self, *, weights: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"], replicates: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], type: ReplicateType = ..., combined_weights: bool = True, scale: typing.SupportsFloat | typing.SupportsIndex | None = None, rscales: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [], mse: bool = False, source: str = 'DataFrame', weights_column: str = 'weights', replicate_columns: collections.abc.Sequence[str] = []) -> None:
        ...
    def replicate_weights(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Every replicate's weights (rows x replicates).
        """
    @property
    def degrees_of_freedom(self) -> float:
        """
        R's degf: rank of the replicate weights - 1.
        """
    @property
    def mse(self) -> bool:
        """
        Whether replicates are centred at the full-sample estimate.
        """
    @property
    def psus(self) -> int:
        """
        PSUs when made from a design, else 0.
        """
    @property
    def replicates(self) -> int:
        """
        Number of replicates.
        """
    @property
    def rows(self) -> int:
        """
        Number of respondents.
        """
    @property
    def rscales(self) -> list[float]:
        """
        R's rscales, one per replicate.
        """
    @property
    def scale(self) -> float:
        """
        R's scale.
        """
    @property
    def type(self) -> ReplicateType:
        """
        How the replicates were made.
        """
    @property
    def weights(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        The full-sample weights.
        """
def aggregate_method_names() -> list[str]:
    """
    Names of the aggregation methods.
    """
def apply_plan(results: Results, plan: ImprovementPlan) -> WhatIf:
    """
    The plan's new values set, and the rest re-run.
    """
def assessment_data(version: Methodology, assessments: collections.abc.Sequence[Assessment], unknown: UnknownParts = ...) -> Dataset:
    """
    Assessments as the raw data set of version.pipeline(): given points per leaf, evidence as text columns.
    """
def assign_bands(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"], bands: collections.abc.Sequence[Band], unit_names: collections.abc.Sequence[str] = []) -> list[str]:
    """
    The band label of each value; NaN gives ''; a value in no band raises MethodError.
    """
def check_bands(bands: collections.abc.Sequence[Band]) -> None:
    """
    Raises MethodError for empty, repeated or overlapping bands.
    """
def comparable_part(crosswalk: Crosswalk, a: Scorecard, b: Scorecard) -> Table:
    """
    The comparable part of two scorecards through a crosswalk.
    """
def compare_data(first: Dataset, second: Dataset, absolute_tolerance: typing.SupportsFloat | typing.SupportsIndex = 0.0, relative_tolerance: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> dict:
    """
    Where two data sets differ, cell by cell: a dict (see analysis_compare.hpp).
    """
def compare_variants(variants: collections.abc.Sequence[Results], names: collections.abc.Sequence[str], node: str = '', data_set: str = '') -> dict:
    """
    One node's scores and ranks in two or more runs, against the first: a dict (see analysis_compare.hpp).
    """
def correlation_flags(data: Dataset, framework: Framework, threshold: typing.SupportsFloat | typing.SupportsIndex = 0.9, flag: str = 'high', level: typing.SupportsInt | typing.SupportsIndex = 1, group_level: typing.SupportsInt | typing.SupportsIndex = 2, method: str = 'pearson', use_directions: bool = False) -> Table:
    """
    COINr get_corr_flags: the within-group pairs of group_correlations whose correlation is above (high) or below (low) the threshold, a Table of group, node1, node2, correlation, p_value, n.
    """
def correlations(data: Dataset, rows: collections.abc.Sequence[str], columns: collections.abc.Sequence[str], method: str = 'pearson') -> dict:
    """
    Correlations of `rows` against `columns` on pairwise complete units: a dict of rows, columns, method, r, p, n.
    """
def cronbach_alpha(data: Dataset, columns: collections.abc.Sequence[str]) -> float:
    """
    Cronbach's alpha of some columns (pairwise complete covariances).
    """
def data_availability(data: Dataset, framework: Framework, level: typing.SupportsInt | typing.SupportsIndex = 2) -> Table:
    """
    COINr get_data_avail: one row per unit (uCode, Time for panel data), N.Avail, N.Missing, N.Zero, Frc.Avail, Frc.NonZero over the framework's indicators, then each group of `level`'s share of its indicators available, as a Table.
    """
def dataset_from_frame(framework: Framework, frame: typing.Any) -> Dataset:
    """
    Builds a data set from a pandas DataFrame in iData layout (uCode a column); C++ decides the numeric columns.
    """
def decompose_change(before: Results, after: Results, unit: str, node: str = '', year_before: typing.SupportsInt | typing.SupportsIndex | None = None, year_after: typing.SupportsInt | typing.SupportsIndex | None = None, to_leaves: bool = True, rule: str = 'auto', exact_limit: typing.SupportsInt | typing.SupportsIndex = 12, permutations: typing.SupportsInt | typing.SupportsIndex = 1000, seed: typing.SupportsInt | typing.SupportsIndex = 1, before_rescored: Results = None, after_rescored: Results = None) -> ChangeDecomposition:
    """
    A unit's score change split by node, and its rank change into its own, the others' and the methodology's parts.
    """
def decompose_methodology_change(family: Family, assessments_before: collections.abc.Sequence[Assessment], assessments_after: collections.abc.Sequence[Assessment], unit: str, node: str, year_before: typing.SupportsInt | typing.SupportsIndex, year_after: typing.SupportsInt | typing.SupportsIndex, to_leaves: bool = True, rule: str = 'auto', exact_limit: typing.SupportsInt | typing.SupportsIndex = 12, permutations: typing.SupportsInt | typing.SupportsIndex = 1000, seed: typing.SupportsInt | typing.SupportsIndex = 1) -> ChangeDecomposition:
    """
    decompose_change for two years of assessments under a methodology Family, the methodology part through its crosswalks.
    """
def denomination_specs(step: Denominate, framework: Framework) -> list[DenominationSpec]:
    """
    The indicators a Denominate step divides, with their denominator and scale factor, in framework order.
    """
def denominator_correlations(data: Dataset, columns: collections.abc.Sequence[str] = [], method: str = 'pearson', min_abs: typing.SupportsFloat | typing.SupportsIndex | None = None) -> Table:
    """
    COINr get_denom_corr: each column (default: all) against each denominator of the data set, a Table of indicator, denominator, correlation, p_value, n sorted by |correlation| descending.
    """
def describe_rule(rule: YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty) -> str:
    """
    One line describing a rule.
    """
def explain(version: Methodology, assessment: Assessment, code: str) -> str:
    """
    Rule, raw value, points and source of a leaf, or a node's sum.
    """
def format_methodology_family(family: Family) -> str:
    ...
def format_pipeline(pipeline: Pipeline) -> str:
    """
    The pipeline as TOML text.
    """
def format_uncertain_inputs(declaration: UncertaintyDeclaration) -> str:
    """
    The declaration as TOML text.
    """
def framework_from_rows(source: str, header: collections.abc.Sequence[str], rows: collections.abc.Sequence[collections.abc.Sequence[str]], lines: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> Framework:
    """
    A framework from iMeta-layout rows of text.
    """
def framework_index_weights(framework: Framework, weights: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> Table:
    """
    Each tree node's share of the index under `weights` (code -> weight of every tree node).
    """
def gap_to_target(results: Results, unit: str, target_rank: typing.SupportsInt | typing.SupportsIndex, node: str = '', year: typing.SupportsInt | typing.SupportsIndex | None = None, maxima: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}) -> TargetGap:
    """
    The score that reaches rank target_rank given the other units', the gap, and each node's headroom and effect.
    """
def group_correlations(data: Dataset, framework: Framework, level: typing.SupportsInt | typing.SupportsIndex, group_level: typing.SupportsInt | typing.SupportsIndex, method: str = 'pearson', max_p: typing.SupportsFloat | typing.SupportsIndex | None = None, group: str = '') -> Table:
    """
    Pairs of nodes of `level` within each group of `group_level`: a Table of group, node1, node2, correlation, p_value, n.
    """
def group_cronbach_alpha(data: Dataset, framework: Framework, group: str, level: typing.SupportsInt | typing.SupportsIndex | None = None) -> float:
    """
    Cronbach's alpha of the members of `group` at `level` (default: its children).
    """
def group_principal_components(data: Dataset, framework: Framework, group: str, level: typing.SupportsInt | typing.SupportsIndex | None = None) -> dict:
    """
    PCA of the members of `group` at `level` (default: its children): a dict of arrays.
    """
def index_weights(results: Results) -> Table:
    """
    Each tree node's share of the index under the weights the run used: a Table iCode, Level, Weight, EffWeight.
    """
def indicator_statistics(data: Dataset, columns: collections.abc.Sequence[str] = [], skew_threshold: typing.SupportsFloat | typing.SupportsIndex = 2.0, kurtosis_threshold: typing.SupportsFloat | typing.SupportsIndex = 3.5, availability_threshold: typing.SupportsFloat | typing.SupportsIndex = 0.65, non_zero_threshold: typing.SupportsFloat | typing.SupportsIndex = 0.5, unique_threshold: typing.SupportsFloat | typing.SupportsIndex = 0.5) -> Table:
    """
    COINr get_stats: one row per column (all of them when `columns` is empty) as a Table.
    """
def interpolate(data: Dataset, columns: collections.abc.Sequence[str] = []) -> Dataset:
    """
    The panel with interior gaps filled by linear interpolation in the year (no extrapolation).
    """
def kurtosis(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> float:
    """
    Sample excess kurtosis of the non-missing values (e1071 type 2, COINr kurt); NaN if undefined.
    """
def make_aggregate_method(name: str, parameters: collections.abc.Mapping[str, bool | typing.SupportsInt | typing.SupportsIndex | typing.SupportsFloat | typing.SupportsIndex | str], where: str = '') -> ArithmeticMean | GeometricMean | HarmonicMean | GeneralisedMean | WeightedMedian | Copeland | MazziottaPareto | WeightedSum:
    """
    An aggregation method from its name and parameters.
    """
def make_normalise_method(name: str, parameters: collections.abc.Mapping[str, bool | typing.SupportsInt | typing.SupportsIndex | typing.SupportsFloat | typing.SupportsIndex | str], where: str = '') -> MinMax | ZScore | Scaled | DistanceToMax | DistanceToReference | DistanceToTarget | FractionOfMax | Rank | PercentRank | Borda | Goalposts:
    """
    A normalisation method from its name and parameters.
    """
def members(framework: Framework, group: str, level: typing.SupportsInt | typing.SupportsIndex) -> list[str]:
    """
    The tree nodes below `group` at `level`, in framework order.
    """
def merger_framework(merger: Merger2025, weights: typing.Any, *, label: typing.Any = 'stated weights', with_data: typing.Any = None) -> Framework:
    """
    The merger framework: the former provinces (indicators, their weights) under the 34 units ("unit <code>") under the root "VN"; with_data: the provinces with a value (the others of a merged unit weigh 0).
    """
def merger_node(unit: Unit2025) -> str:
    """
    Code of a unit's aggregate in merger_framework: "unit <code>".
    """
def merger_weights(merger: Merger2025, weights: typing.Any, *, label: typing.Any = 'stated weights', with_data: typing.Any = None) -> dict[str, float]:
    """
    The stated weights (dict or (province, weight) pairs) by province code, NaN where none is stated; InputError for an unknown province, one named twice, or a missing, infinite or negative weight of a province with data in a merged unit.
    """
def methodology_differences(before: Results, after: Results, node: str = '') -> list[str]:
    """
    What differs between the methodologies of two runs at and below a node, one sentence each.
    """
def normalise_method_names() -> list[str]:
    """
    Names of the normalisation methods.
    """
def optimise_weights(results: Results, nodes: collections.abc.Sequence[str] = [], group: str = '', level: typing.SupportsInt | typing.SupportsIndex | None = None, objective: str = 'balance', target: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [], method: str = 'pearson', against: str = '', optimiser: str = 'nelder_mead', lower: typing.SupportsFloat | typing.SupportsIndex = 0.0, relative_tolerance: typing.SupportsFloat | typing.SupportsIndex = 1e-06, max_evaluations: typing.SupportsInt | typing.SupportsIndex = 2000) -> dict:
    """
    Correlation-optimised weights of `group`'s children, `level`'s nodes or `nodes`: a dict (see analysis_weights.hpp).
    """
def papi_group_labels() -> list[str]:
    """
    Labels of the PAPI groups 1-4.
    """
def papi_quartile_groups(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    PAPI groups by score quartiles: 1 best (>= Q3) ... 4 poor (< Q1); NaN stays NaN.
    """
def par_index_groups() -> list[Band]:
    """
    PAR INDEX groups A [90, inf), B [80, 90), C [70, 80).
    """
def parent_correlations(data: Dataset, framework: Framework, level: typing.SupportsInt | typing.SupportsIndex, method: str = 'pearson', max_p: typing.SupportsFloat | typing.SupportsIndex | None = None) -> Table:
    """
    Every node of `level` against its parent: a Table of parent, node, correlation, p_value, n.
    """
def parse_methodology_family(text: str, source: str = 'text') -> Family:
    ...
def parse_pipeline(text: str, source: str = '<string>') -> Pipeline:
    """
    Parses pipeline TOML text.
    """
def parse_uncertain_inputs(text: str, source: str = '<string>') -> UncertaintyDeclaration:
    """
    Parses uncertainty declaration TOML text.
    """
def percent_of_max(results: Results, version: Methodology) -> Dataset:
    """
    Each node's score as a percentage of its maximum (obtained / max x 100), NaN where the maximum is unknown.
    """
def plan_improvement(results: Results, unit: str, target_rank: typing.SupportsInt | typing.SupportsIndex, node: str = '', year: typing.SupportsInt | typing.SupportsIndex | None = None, nodes: collections.abc.Sequence[str] | None = None, costs: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, caps: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, levels: collections.abc.Mapping[str, collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]] = {}, maxima: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, objective: str = 'least_cost', standard_errors: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}, probability: typing.SupportsFloat | typing.SupportsIndex | None = None, replicates: typing.SupportsInt | typing.SupportsIndex = 10000, seed: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0, progress: typing.Any = None) -> ImprovementPlan:
    """
    The least-cost plan of improvements that reaches a target rank (GIL released while it runs).
    """
def pps_systematic(*, sizes: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"], n: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex = 0, start: typing.SupportsFloat | typing.SupportsIndex = -1.0) -> dict:
    """
    Systematic PPS selection with certainty units, as columns (unit, certainty, probability, weight).
    """
def principal_components(data: Dataset, columns: collections.abc.Sequence[str]) -> dict:
    """
    PCA of some columns on the complete units: a dict of arrays (see analysis_pca.hpp).
    """
def principal_components_by_group(data: Dataset, framework: Framework, level: typing.SupportsInt | typing.SupportsIndex) -> list:
    """
    One PCA per group of the nodes of `level` (groups of one member skipped).
    """
def province_ascii_key(name: str) -> str:
    """
    province_key without diacritics (Đ -> d).
    """
def province_key(name: str) -> str:
    """
    NFC, case-folded look-up key without spaces, hyphens, dots.
    """
def quantile(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"], p: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Type-7 quantile of the non-NaN values.
    """
def rank_ascending(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    Ascending ranks, ties share the lowest rank, NaN stays NaN.
    """
def rank_change(before: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"], after: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    before - after: positive = moved up.
    """
def rank_descending(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    Descending ranks, ties share the lowest rank, NaN stays NaN.
    """
def rank_within_groups(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"], groups: collections.abc.Sequence[str], order: RankOrder = ...) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    Competition ranks within each group; empty group or NaN stays unranked.
    """
def read_dataset(path: os.PathLike | str | bytes, framework: Framework) -> Dataset:
    """
    Reads a data set in COINr's iData CSV layout.
    """
def read_denominators(path: os.PathLike | str | bytes, columns: collections.abc.Sequence[str] = []) -> DenominatorTable:
    """
    Reads a denominators CSV (uCode plus numeric columns; all numeric columns if none are named).
    """
def read_framework(path: os.PathLike | str | bytes) -> Framework:
    """
    Reads a framework in COINr's iMeta CSV layout.
    """
def read_merger_2025(csv: os.PathLike | str | bytes, registry: ProvinceRegistry) -> Merger2025:
    """
    Reads and checks province_merger_2025.csv against the province registry (InputError naming file, line and column).
    """
def read_methodology_family(path: os.PathLike | str | bytes) -> Family:
    ...
def read_pipeline(path: os.PathLike | str | bytes) -> Pipeline:
    """
    Reads a pipeline file (TOML).
    """
def read_provinces(provinces_csv: os.PathLike | str | bytes, aliases_csv: os.PathLike | str | bytes | None = None) -> ProvinceRegistry:
    """
    Reads provinces.csv and, if given, province_aliases.csv.
    """
def read_uncertain_inputs(path: os.PathLike | str | bytes) -> UncertaintyDeclaration:
    """
    Reads an uncertainty declaration file (TOML).
    """
def recover_weights(components: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], composite: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"], component_codes: collections.abc.Sequence[str], unit_codes: collections.abc.Sequence[str], *, scale: typing.SupportsFloat | typing.SupportsIndex = 1.0, sum_to_one: bool = True) -> WeightFit:
    """
    Least-squares weights w with composite = scale * components @ w (sum(w) = 1 if sum_to_one).
    """
def remove_elements(results: Results, level: typing.SupportsInt | typing.SupportsIndex, node: str = '') -> dict:
    """
    Each element of `level` removed in turn (weight 0) and the aggregate step re-run: a dict of node, removed, units, scores, ranks, mean_abs_rank_change.
    """
def rescore(family: Family, from_version: str, to_version: str, assessment: Assessment) -> Rescored:
    """
    Re-scores an assessment made under one version under another, with the parts that are not comparable.
    """
def results_table(results: Results, levels: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], ranks: bool = False, group: str = '') -> Table:
    """
    Units best first with scores (or ranks) of the nodes of `levels`, ranks within `group`: a Table.
    """
def rule_max_points(rule: YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty) -> float:
    """
    The most points a rule can give.
    """
def sample_size(*, margin: typing.SupportsFloat | typing.SupportsIndex, proportion: typing.SupportsFloat | typing.SupportsIndex = 0.5, sd: typing.SupportsFloat | typing.SupportsIndex = 0.0, deff: typing.SupportsFloat | typing.SupportsIndex = 1.0, level: typing.SupportsFloat | typing.SupportsIndex = 0.95, population: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> int:
    """
    Respondents for a confidence interval of half-width margin, with a design effect.
    """
def score(version: Methodology, assessment: Assessment) -> Scorecard:
    """
    Scores an assessment under a methodology version.
    """
def score_evidence_columns(code: str, rule: YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty) -> list[str]:
    """
    The evidence columns a rule reads for indicator `code` in a Score step.
    """
def score_rule(rule: YesNo | Levels | CompletionRate | Ratio | Cap | Bonus | Penalty, evidence: Evidence) -> RuleResult:
    """
    Applies a scoring rule to raw evidence (InputError for bad evidence, MethodError for a rate no band covers).
    """
def scoring_rule_names() -> list[str]:
    ...
def shipped_merger_2025(data_dir: os.PathLike | str | bytes) -> Merger2025:
    """
    The shipped mapping: data_dir holds vn/provinces.csv, vn/province_aliases.csv and vn-admin/province_merger_2025.csv.
    """
def skewness(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> float:
    """
    Sample skewness of the non-missing values (e1071 type 2, COINr skew); NaN if undefined.
    """
def slovin_sample_size(*, population: typing.SupportsFloat | typing.SupportsIndex, margin: typing.SupportsFloat | typing.SupportsIndex) -> int:
    """
    Slovin's n = N / (1 + N e^2), rounded up.
    """
def sobol_indices(y_a: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], y_b: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"], y_ab: collections.abc.Sequence[typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, n]"]], *, resamples: typing.SupportsInt | typing.SupportsIndex = 1000, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, seed: typing.SupportsInt | typing.SupportsIndex = 0, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> SobolIndices:
    """
    First-order and total Sobol' indices (SALib 1.6's estimators) from a Saltelli design: y_a, y_b (N x outputs) are the outputs at A and B, y_ab[i] (N x outputs) at A with factor i's columns from B. Percentile-bootstrap intervals from `resamples` resamples; identical for any `threads` (0 = all cores).
    """
def sobol_points(n: typing.SupportsInt | typing.SupportsIndex, dimensions: typing.SupportsInt | typing.SupportsIndex, skip: typing.SupportsInt | typing.SupportsIndex = 0) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
    """
    n points (rows) of the unscrambled Sobol' sequence (Boost.Random, Joe-Kuo direction numbers) in `dimensions` columns, strictly inside (0, 1): the origin is skipped, row 0 is (0.5, ...); `skip` skips that many further points.
    """
def strengths_weaknesses(results: Results, unit: str, top: typing.SupportsInt | typing.SupportsIndex = 5, bottom: typing.SupportsInt | typing.SupportsIndex = 5, data_set: str = 'Raw', adjust_direction: bool | None = None, discard_minimum: bool = True, unique_share: typing.SupportsFloat | typing.SupportsIndex | None = None, group: str = '', report_level: typing.SupportsInt | typing.SupportsIndex = 2, year: typing.SupportsInt | typing.SupportsIndex | None = None) -> tuple[Table, Table]:
    """
    A unit's best and worst indicators by rank: a tuple (strengths, weaknesses) of Tables.
    """
def survey_mean(design: SurveyDesign | ReplicateDesign, y: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], names: collections.abc.Sequence[str], *, by: Factor | None = None, level: typing.SupportsFloat | typing.SupportsIndex = 0.95, min_count: typing.SupportsInt | typing.SupportsIndex = 0, min_psu: typing.SupportsInt | typing.SupportsIndex = 2, degenerate: DegenerateCells = ..., na_rm: bool = False, source: str = 'DataFrame', threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Weighted means with linearisation (SurveyDesign) or replicate-weight (ReplicateDesign) SEs, as columns.
    """
def survey_proportion(design: SurveyDesign | ReplicateDesign, y: Factor, name: str, *, by: Factor | None = None, level: typing.SupportsFloat | typing.SupportsIndex = 0.95, min_count: typing.SupportsInt | typing.SupportsIndex = 0, min_psu: typing.SupportsInt | typing.SupportsIndex = 2, degenerate: DegenerateCells = ..., na_rm: bool = False, source: str = 'DataFrame', threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    The share of every level of a categorical column with linearisation (SurveyDesign) or replicate-weight (ReplicateDesign) SEs, as columns.
    """
def survey_quantile(design: SurveyDesign | ReplicateDesign, y: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], names: collections.abc.Sequence[str], probs: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], *, by: Factor | None = None, level: typing.SupportsFloat | typing.SupportsIndex = 0.95, min_count: typing.SupportsInt | typing.SupportsIndex = 0, min_psu: typing.SupportsInt | typing.SupportsIndex = 2, degenerate: DegenerateCells = ..., na_rm: bool = False, source: str = 'DataFrame', threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Quantiles (qrule 'math'), Woodruff intervals with linearisation (SurveyDesign) or replicate-weight (ReplicateDesign) SEs, as columns.
    """
def survey_ratio(design: SurveyDesign | ReplicateDesign, numerators: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], denominators: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], numerator_names: collections.abc.Sequence[str], denominator_names: collections.abc.Sequence[str], *, by: Factor | None = None, level: typing.SupportsFloat | typing.SupportsIndex = 0.95, min_count: typing.SupportsInt | typing.SupportsIndex = 0, min_psu: typing.SupportsInt | typing.SupportsIndex = 2, degenerate: DegenerateCells = ..., na_rm: bool = False, source: str = 'DataFrame', threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Ratios of weighted totals with linearisation (SurveyDesign) or replicate-weight (ReplicateDesign) SEs, as columns.
    """
def survey_total(design: SurveyDesign | ReplicateDesign, y: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.f_contiguous"], names: collections.abc.Sequence[str], *, by: Factor | None = None, level: typing.SupportsFloat | typing.SupportsIndex = 0.95, min_count: typing.SupportsInt | typing.SupportsIndex = 0, min_psu: typing.SupportsInt | typing.SupportsIndex = 2, degenerate: DegenerateCells = ..., na_rm: bool = False, source: str = 'DataFrame', threads: typing.SupportsInt | typing.SupportsIndex = 0) -> dict:
    """
    Weighted totals with linearisation (SurveyDesign) or replicate-weight (ReplicateDesign) SEs, as columns.
    """
def table_levels(framework: Framework, kind: str) -> list[int]:
    """
    The levels of a results table kind (summary, aggregates, full), top level first.
    """
def trends(data: Dataset, columns: collections.abc.Sequence[str] = [], start: typing.SupportsInt | typing.SupportsIndex | None = None, end: typing.SupportsInt | typing.SupportsIndex | None = None) -> Table:
    """
    Per unit and column of panel data: change and CAGR between two years or over the whole panel (a Table).
    """
def unit_summary(results: Results, unit: str, levels: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] = [], group: str = '', year: typing.SupportsInt | typing.SupportsIndex | None = None) -> Table:
    """
    One unit's score and rank at every node of `levels`: a Table code, name, level, score, rank[, group_rank].
    """
def vietnam_regions() -> list[Region]:
    """
    The 6 socio-economic regions, north to south.
    """
def what_if(baseline: Results, unit: str, values: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex], data_set: str = '', year: typing.SupportsInt | typing.SupportsIndex | None = None, texts: collections.abc.Mapping[str, str] = {}) -> WhatIf:
    """
    One unit's values changed in a kept data set, the later steps re-run, and every score and rank that moved.
    """
def with_denominators(data: Dataset, table: DenominatorTable) -> Dataset:
    """
    The data set whose units take the table's denominator columns, matched by unit code.
    """
def write_methodology_family(family: Family, path: os.PathLike | str | bytes) -> None:
    ...
def write_pipeline(pipeline: Pipeline, path: os.PathLike | str | bytes) -> None:
    """
    Writes a pipeline file (TOML).
    """
def write_uncertain_inputs(declaration: UncertaintyDeclaration, path: os.PathLike | str | bytes) -> None:
    """
    Writes an uncertainty declaration file (TOML).
    """
__version__: str = '0.1.0'
merger_root: str = 'VN'
replicate_block: int = 128
