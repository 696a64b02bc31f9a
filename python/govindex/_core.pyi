"""
govindex compiled core (use the govindex package, not this module directly)
"""
from __future__ import annotations
import collections.abc
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
__all__: list[str] = ['Aggregate', 'ArithmeticMean', 'Dataset', 'Error', 'Framework', 'FrameworkError', 'InputError', 'MethodError', 'MinMax', 'Node', 'NodeType', 'Normalise', 'NumericError', 'Pipeline', 'ResultRow', 'Results', 'UnknownCodeError', 'aggregate_method_names', 'format_pipeline', 'framework_from_rows', 'make_aggregate_method', 'make_dataset', 'make_normalise_method', 'normalise_method_names', 'parse_pipeline', 'rank_descending', 'read_dataset', 'read_framework', 'read_pipeline', 'write_pipeline']
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
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
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
    def __init__(self, nodes: collections.abc.Sequence[Node]) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def children(self, code: str) -> list[str]:
        ...
    def level_codes(self, level: typing.SupportsInt | typing.SupportsIndex) -> list[str]:
        ...
    def node(self, code: str) -> Node:
        ...
    def weights(self) -> dict[str, float]:
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
    def __repr__(self) -> str:
        ...
    def is_panel(self) -> bool:
        ...
    def select_time(self, year: typing.SupportsInt | typing.SupportsIndex) -> Dataset:
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
    def groups(self) -> list[tuple[str, list[str]]]:
        ...
    @property
    def others(self) -> list[tuple[str, list[str]]]:
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
    def __init__(self, *, low: typing.SupportsFloat | typing.SupportsIndex = 0.0, high: typing.SupportsFloat | typing.SupportsIndex = 100.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def high(self) -> float:
        """
        value given to the best unit
        """
    @high.setter
    def high(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    @property
    def low(self) -> float:
        """
        value given to the worst unit
        """
    @low.setter
    def low(self, arg0: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
class ArithmeticMean:
    """
    Weighted arithmetic mean over non-missing children (COINr a_amean).
    """
    __hash__: typing.ClassVar[None] = None
    method_name: typing.ClassVar[str] = 'amean'
    def __eq__(self, arg0: ArithmeticMean) -> bool:
        ...
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
class Normalise:
    """
    Step: normalise every indicator (x * direction, then the method).
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Normalise) -> bool:
        ...
    def __init__(self, method: MinMax = ..., *, per_node: collections.abc.Mapping[str, MinMax] = {}) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def method(self) -> MinMax:
        """
        Default method for every indicator.
        """
    @method.setter
    def method(self, arg0: MinMax) -> None:
        ...
    @property
    def per_node(self) -> dict[str, MinMax]:
        """
        Indicator code -> method.
        """
    @per_node.setter
    def per_node(self, arg0: collections.abc.Mapping[str, MinMax]) -> None:
        ...
class Aggregate:
    """
    Step: aggregate level by level up to the root.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Aggregate) -> bool:
        ...
    def __init__(self, method: ArithmeticMean = ..., *, per_node: collections.abc.Mapping[str, ArithmeticMean] = {}, weights: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex] = {}) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def method(self) -> ArithmeticMean:
        """
        Default method for every aggregate.
        """
    @method.setter
    def method(self, arg0: ArithmeticMean) -> None:
        ...
    @property
    def per_node(self) -> dict[str, ArithmeticMean]:
        """
        Aggregate code -> method.
        """
    @per_node.setter
    def per_node(self, arg0: collections.abc.Mapping[str, ArithmeticMean]) -> None:
        ...
    @property
    def weights(self) -> dict[str, float]:
        """
        Node code -> weight, replacing the framework's.
        """
    @weights.setter
    def weights(self, arg0: collections.abc.Mapping[str, typing.SupportsFloat | typing.SupportsIndex]) -> None:
        ...
class ResultRow:
    """
    One row of the results table.
    """
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
class Results:
    """
    Every step's data set, scores, ranks and the results table.
    """
    def data_set(self, name: str) -> Dataset:
        ...
    def data_set_names(self) -> list[str]:
        ...
    def ranks(self) -> Dataset:
        ...
    def results_table(self) -> list[ResultRow]:
        ...
    def scores(self) -> Dataset:
        ...
    @property
    def framework(self) -> Framework:
        ...
class Pipeline:
    """
    An ordered list of steps.
    """
    __hash__: typing.ClassVar[None] = None
    def __eq__(self, arg0: Pipeline) -> bool:
        ...
    def __init__(self, steps: collections.abc.Sequence[Normalise | Aggregate]) -> None:
        ...
    def check(self, framework: Framework) -> None:
        ...
    def run(self, framework: Framework, data: Dataset) -> Results:
        ...
    @property
    def steps(self) -> list[Normalise | Aggregate]:
        ...
def aggregate_method_names() -> list[str]:
    """
    Names of the aggregation methods.
    """
def format_pipeline(pipeline: Pipeline) -> str:
    """
    The pipeline as TOML text.
    """
def framework_from_rows(source: str, header: collections.abc.Sequence[str], rows: collections.abc.Sequence[collections.abc.Sequence[str]], lines: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> Framework:
    """
    A framework from iMeta-layout rows of text.
    """
def make_aggregate_method(name: str, parameters: collections.abc.Mapping[str, bool | typing.SupportsInt | typing.SupportsIndex | typing.SupportsFloat | typing.SupportsIndex | str], where: str = '') -> ArithmeticMean:
    """
    An aggregation method from its name and parameters.
    """
def make_dataset(framework: Framework, source: str, columns: collections.abc.Sequence[str], text: collections.abc.Mapping[str, collections.abc.Sequence[str]], numbers: collections.abc.Mapping[str, collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]], row_lines: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> Dataset:
    """
    Builds a data set from columns already parsed by role (text or numbers).
    """
def make_normalise_method(name: str, parameters: collections.abc.Mapping[str, bool | typing.SupportsInt | typing.SupportsIndex | typing.SupportsFloat | typing.SupportsIndex | str], where: str = '') -> MinMax:
    """
    A normalisation method from its name and parameters.
    """
def normalise_method_names() -> list[str]:
    """
    Names of the normalisation methods.
    """
def parse_pipeline(text: str, source: str = '<string>') -> Pipeline:
    """
    Parses pipeline TOML text.
    """
def rank_descending(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
    """
    Descending ranks, ties share the lowest rank, NaN stays NaN.
    """
def read_dataset(path: os.PathLike | str | bytes, framework: Framework) -> Dataset:
    """
    Reads a data set in COINr's iData CSV layout.
    """
def read_framework(path: os.PathLike | str | bytes) -> Framework:
    """
    Reads a framework in COINr's iMeta CSV layout.
    """
def read_pipeline(path: os.PathLike | str | bytes) -> Pipeline:
    """
    Reads a pipeline file (TOML).
    """
def write_pipeline(pipeline: Pipeline, path: os.PathLike | str | bytes) -> None:
    """
    Writes a pipeline file (TOML).
    """
__version__: str = '0.1.0'
