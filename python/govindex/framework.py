"""The framework: a tree of indicators and aggregates, plus data-column descriptions."""

from __future__ import annotations

import math
import os
from html import escape
from typing import Iterator, Mapping

import numpy as np
import pandas as pd

from . import _core, _display
from ._errors import ArgumentTypeError, error, path_argument, shown, text_argument

#: iMeta columns in COINr's order; other columns are kept as node attributes.
IMETA_COLUMNS = ["iCode", "iName", "Level", "Parent", "Direction", "Weight", "Type", "Unit", "Target", "Denominator"]


def _cell_text(value: object) -> str:
    """A DataFrame cell as the text a CSV file would hold ('' for missing)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


class Framework:
    """A validated tree of nodes (indicators at level 1, aggregates above, one root).

    Build it with :func:`read_framework` (COINr iMeta CSV) or :meth:`Framework.from_frame`.
    Codes and names are compared after Unicode NFC normalisation.
    """

    __slots__ = ("_impl",)

    def __init__(self, nodes: list[_core.Node] | _core.Framework) -> None:
        """Validate `nodes` (a list of :class:`govindex.Node`); raises FrameworkError."""
        self._impl = nodes if isinstance(nodes, _core.Framework) else _core.Framework(list(nodes))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Framework:
        """A framework from a DataFrame in COINr's iMeta layout (one row per node).

        Errors name the DataFrame row (1-based) and column. Codes must be text: a numeric iCode or
        Parent column (as ``pd.read_csv`` makes of "01", "02" ...) is an InputError, since leading
        zeros are already lost; read such files with ``dtype={"iCode": str, "Parent": str}``.
        """
        if not isinstance(frame, pd.DataFrame):
            raise ArgumentTypeError(f"frame: expected a pandas DataFrame, found {type(frame).__name__}")
        for column in ("iCode", "Parent"):
            if column in frame.columns and pd.api.types.is_numeric_dtype(frame[column]) and frame[column].notna().any():
                raise error(
                    _core.InputError,
                    f'DataFrame column "{column}": expected codes as text, found numbers ({frame[column].dtype}): '
                    f'codes such as "01" have lost their leading zeros; read the file with '
                    f'dtype={{"{column}": str}} or convert the column with .astype(str)',
                    source="DataFrame",
                    column=column,
                    expected="codes as text",
                    found=str(frame[column].dtype),
                )
        header = [str(c) for c in frame.columns]
        rows = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        return cls(_core.framework_from_rows("DataFrame", header, rows, list(range(1, len(rows) + 1))))

    def to_frame(self) -> pd.DataFrame:
        """The framework as an iMeta-layout DataFrame (one row per node, input order)."""
        records = []
        for n in self._impl.nodes:
            in_tree = n.type in (_core.NodeType.indicator, _core.NodeType.aggregate)
            record = {
                "iCode": n.code,
                "iName": n.name,
                "Level": n.level if in_tree else None,
                "Parent": n.parent or None,
                "Direction": n.direction if in_tree else None,
                "Weight": None if math.isnan(n.weight) else n.weight,
                "Type": n.type.name.capitalize(),
                "Unit": n.unit or None,
                "Target": None if math.isnan(n.target) else n.target,
                "Denominator": n.denominator or None,
            }
            record.update(n.attributes)
            records.append(record)
        return pd.DataFrame.from_records(records)

    def node(self, code: str) -> _core.Node:
        """The node with this code (NFC-compared); raises UnknownCodeError."""
        return self._impl.node(code)

    @property
    def nodes(self) -> list[_core.Node]:
        """Every row, in input order."""
        return self._impl.nodes

    @property
    def indicators(self) -> list[str]:
        """Indicator codes, in input order."""
        return self._impl.indicators

    @property
    def tree_codes(self) -> list[str]:
        """Indicators, then aggregates level by level (the column order of scores)."""
        return self._impl.tree_codes

    @property
    def root(self) -> str:
        """Code of the root (the index)."""
        return self._impl.root

    @property
    def max_level(self) -> int:
        """Number of levels (the root's level)."""
        return self._impl.max_level

    def children(self, code: str) -> list[str]:
        """Codes of the children of an aggregate."""
        return self._impl.children(code)

    def level_codes(self, level: int) -> list[str]:
        """Codes of the nodes at `level`."""
        return self._impl.level_codes(level)

    def weights(self, set: str = "Original") -> pd.Series:
        """Weights of every tree node, indexed by node code: the framework's own or a named set."""
        return pd.Series(self._impl.weights(set), name=set, dtype=float)

    @property
    def weight_set_names(self) -> list[str]:
        """Names of the weight sets: "Original" first."""
        return self._impl.weight_set_names()

    def with_weight_set(self, name: str, weights: Mapping[str, float] | pd.Series) -> Framework:
        """A copy with a named weight set; nodes not named keep their Original weight.

        Use it in a run with ``Aggregate(weight_set=name)``. Raises FrameworkError for an unknown
        code, a negative weight, a group left without a positive weight, or two keys that are
        spellings of one code (NFC and NFD, or a number and its text): one weight per node, never
        one of two winning silently.
        """
        text_argument("Framework.with_weight_set", "name", name, "a weight set name (str)")
        if not isinstance(weights, (Mapping, pd.Series)):
            raise ArgumentTypeError(
                f"weights: expected a mapping of node code -> number, found {type(weights).__name__}"
            )
        numbers: dict[str, float] = {}
        for key, value in dict(weights).items():
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ArgumentTypeError(
                    f"weights[{shown(key)}]: expected a number, found {type(value).__name__} {shown(value)}"
                )
            if str(key) in numbers:
                raise error(
                    _core.FrameworkError,
                    f"weight set {shown(name)}: weight of {shown(key)}: given twice (as {str(key)!r} too); "
                    "expected one weight per node",
                    node=str(key),
                    expected="one weight per node",
                    found=f"two keys for {str(key)!r}",
                )
            try:
                numbers[str(key)] = float(value)
            except OverflowError:  # an int beyond a double's range
                raise error(
                    _core.FrameworkError,
                    f"weight set {shown(name)}: weight of {shown(key)}: an int beyond a double's range; "
                    "expected a finite number >= 0",
                    node=str(key),
                    expected="a finite number >= 0",
                ) from None
        return Framework(self._impl.with_weight_set(name, numbers))

    def __iter__(self) -> Iterator[_core.Node]:
        return iter(self._impl.nodes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Framework) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[Framework], tuple[_core.Framework]]:
        # Pickled through the compiled framework, whose state carries a format version.
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return repr(self._impl)

    def _repr_html_(self) -> str:
        impl = self._impl
        root = impl.node(impl.root)
        top = impl.max_level
        facts = [
            f"root {escape(root.code)}" + (f" ({escape(root.name)})" if root.name and root.name != root.code else ""),
            f"{top} levels",
            f"{len(impl.indicators)} indicators",
        ]
        others = {}
        for n in impl.nodes:
            if n.type not in (_core.NodeType.indicator, _core.NodeType.aggregate):
                others[n.type.name] = others.get(n.type.name, 0) + 1
        facts += [f"{count} {escape(kind)} columns" for kind, count in others.items()]
        if len(self.weight_set_names) > 1:
            facts.append("weight sets: " + escape(", ".join(self.weight_set_names)))
        levels = _display.table(
            ["level", "nodes", "codes"],
            [
                [level, len(codes), _display.codes_list(codes)]
                for level in range(top, 0, -1)
                for codes in [impl.level_codes(level)]
            ],
        )
        # The top levels below the root (at most 12 rows): what a reader looks at first.
        shown = [c for level in range(top - 1, max(top - 3, 1), -1) for c in impl.level_codes(level)]
        nodes = [impl.node(c) for c in shown]
        tops = (
            _display.table(
                ["code", "name", "level", "parent", "weight", "children"],
                [[n.code, n.name, n.level, n.parent, n.weight, len(impl.children(n.code))] for n in nodes[:12]],
                more=max(0, len(nodes) - 12),
            )
            if nodes
            else ""
        )
        return _display.block("Framework", facts, levels, tops)


def denomination_specs(step: _core.Denominate, framework: Framework) -> list[_core.DenominationSpec]:
    """What a Denominate step will divide: indicator, denominator and scale factor for each."""
    return _core.denomination_specs(step, framework._impl)


def read_framework(path: str | os.PathLike[str]) -> Framework:
    """Read a framework in COINr's iMeta CSV layout (iCode, Level, Parent, Direction, Weight, Type, ...)."""
    return Framework(_core.read_framework(path_argument("path", path)))
