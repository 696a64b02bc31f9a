"""Results of a pipeline run: every step's data set, scores, ranks, and the results table."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from . import _core, _display
from ._errors import require_int32, text_argument
from ._excel import excel_safe
from ._tables import pairs_frame, statistics_frame, table_frame
from .dataset import Dataset
from .framework import Framework


def _selection(name: str, value: object, every: list, kind: type | tuple[type, ...], what: str) -> list:
    """The analysis sheets asked for: none (False), `every` one (True) or those listed (checked
    against `every`, in the order given)."""
    from ._errors import ArgumentTypeError, error

    if isinstance(value, bool):
        return list(every) if value else []
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, Sequence)
        or not all(isinstance(v, kind) and not isinstance(v, bool) for v in value)
    ):
        raise ArgumentTypeError(
            f"{name}: expected True, False or a list of {what}, found {type(value).__name__} {value!r}"
        )
    unknown = [v for v in value if v not in every]
    if unknown:
        cls = _core.UnknownCodeError if kind is str else _core.MethodError
        raise error(
            cls,
            f"{name}: {', '.join(map(repr, unknown))} not found; expected one of {', '.join(map(str, every))}",
            column=name,
            found=str(unknown[0]),
        )
    return [v if isinstance(v, str) else int(v) for v in value]


def _unit_node_year(function: str, unit: object, node: object, year: object) -> tuple[str, str, int | None]:
    """The arguments of a question about one unit's value of one node, checked (one-line errors)."""
    unit = text_argument(function, "unit", unit, "a unit code or name (str)")
    node = text_argument(function, "node", node, "a node code (str)")
    return unit, node, None if year is None else require_int32("year", year, "an int or None")


def _as_ranks(frame: pd.DataFrame) -> pd.DataFrame:
    """Float ranks (NaN = missing) as pandas nullable integers."""
    return frame.round().astype("Int64")


class Results:
    """What :meth:`Pipeline.run` returns. Data sets are kept by name ("Raw", "Normalised", ...).

    Results compare equal when their framework, data sets, side tables and pipeline are equal,
    and they pickle (to ship a run to another process or machine).
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.Results) -> None:
        self._impl = impl

    @property
    def framework(self) -> Framework:
        """The framework the pipeline ran on."""
        return Framework(self._impl.framework)

    @property
    def data_set_names(self) -> list[str]:
        """Names of the kept data sets, in step order."""
        return self._impl.data_set_names()

    def data_set(self, name: str) -> Dataset:
        """One kept data set by name; raises UnknownCodeError listing the names there are."""
        return Dataset(self._impl.data_set(text_argument("Results.data_set", "name", name)))

    @property
    def scores(self) -> pd.DataFrame:
        """Scores of every node: indexed by uCode, columns indicators then aggregates by level."""
        return Dataset(self._impl.scores()).values

    @property
    def standard_errors(self) -> pd.DataFrame:
        """Standard errors of :attr:`scores` (NaN = not known; every cell when the data had none).

        What each step does with standard errors: guide, "Standard errors and suppressed cells".
        """
        return Dataset(self._impl.scores()).standard_errors

    @property
    def ranks(self) -> pd.DataFrame:
        """Ranks of every column of :attr:`scores` (1 = best; ties share the lowest rank)."""
        return _as_ranks(Dataset(self._impl.ranks()).values)

    def results_table(self) -> pd.DataFrame:
        """Index score and rank per unit, best first (COINr ``get_results`` "Summ"), indexed by uCode.

        For panel data the index is (uCode, Time) and units are ranked within each year.
        """
        rows = self._impl.results_table()
        root = self._impl.framework.root
        codes = [r.unit_code for r in rows]
        if rows and rows[0].year is not None:
            index: pd.Index = pd.MultiIndex.from_arrays([codes, [r.year for r in rows]], names=["uCode", "Time"])
        else:
            index = pd.Index(codes, name="uCode")
        return pd.DataFrame(
            {
                "uName": [r.unit_name for r in rows],
                root: [r.score for r in rows],
                "Rank": pd.array([None if r.rank != r.rank else int(r.rank) for r in rows], dtype="Int64"),
            },
            index=index,
        )

    @property
    def table_names(self) -> list[str]:
        """Names of the steps' side tables (e.g. "ScreeningSummary"), in step order."""
        return self._impl.table_names()

    def table(self, name: str) -> pd.DataFrame:
        """One side table of a step as a DataFrame; raises UnknownCodeError listing the names."""
        return table_frame(self._impl.table(text_argument("Results.table", "name", name)))

    def explain(self, unit: str, node: str, year: int | None = None) -> pd.DataFrame:
        """How one unit's value of one node came about, step by step.

        One row per kept data set: the value, the method and parameters used and the column
        statistics it saw; for an aggregate, each child's score, weight and contribution first.
        `unit` is a unit code or name; `year` selects the year of panel data.
        """
        unit, node, year = _unit_node_year("Results.explain", unit, node, year)
        return table_frame(self._impl.explain(unit, node, year))

    def contributions(self, unit: str, node: str, *, year: int | None = None, leaves: bool = False) -> pd.DataFrame:
        """Each child's contribution to one unit's value of an aggregate, adding up to that value.

        Parameters
        ----------
        unit
            Unit code or name.
        node
            Code of an aggregate.
        year
            The year, for panel data.
        leaves
            Go down to the indicators: each child's contribution is passed on to its own children
            in proportion to theirs, so the leaves' contributions add up to ``node``'s value.

        Returns
        -------
        DataFrame indexed by the children's (or leaves') codes with ``parent``, ``value`` (the
        child's score), ``weight`` (as the unit's aggregate used it: rescaled over the present
        children; for leaves, the product down the tree), ``contribution`` (in the aggregate's
        units) and ``share`` (contribution / the aggregate's value). The rule of each method is in
        ``docs/guide/aggregate.md`` ("Contributions"); a method without an additive split
        (Copeland, Mazziotta-Pareto) raises MethodError saying so.
        """
        unit, node, year = _unit_node_year("Results.contributions", unit, node, year)
        frame = table_frame(self._impl.contributions(unit, node, year, bool(leaves)))
        return frame.set_index("node")

    def aggregation_record(self, node: str) -> _core.AggregationRecord:
        """What the aggregate step did at one aggregate, as the run recorded it: ``method``,
        ``children``, ``weights`` (as given) and ``below_availability`` (units blanked by the
        data-availability threshold); ``has_split`` and ``contribution_rule`` say how its value splits."""
        return self._impl.aggregation_record(text_argument("Results.aggregation_record", "node", node))

    def full_table(self) -> pd.DataFrame:
        """The results table followed by the score of every aggregate and indicator, best first."""
        table = self.results_table()
        scores = self.scores
        framework = self._impl.framework
        order = [c for level in range(framework.max_level - 1, 0, -1) for c in framework.level_codes(level)]
        return table.join(scores[order], how="left")

    def export_frames(
        self, *, statistics: bool | Sequence[str] = False, correlations: bool | Sequence[int] = False
    ) -> dict[str, tuple[pd.DataFrame, bool]]:
        """What :meth:`to_excel` and :meth:`to_csv` write, by sheet name, in order.

        "Results" (the :meth:`full_table`), "Scores", "Ranks", then every kept data set in iData
        layout (:meth:`Dataset.to_frame`) and every side table, under their own names made
        Excel-safe (at most 31 characters, no ``[]:*?/\\``, unique ignoring case). Each value is
        (frame, whether its index is written).

        Parameters
        ----------
        statistics
            Also "Statistics <name>": :func:`indicator_statistics` of data set <name>, for every
            kept data set (True) or for the names listed.
        correlations
            Also "Correlations level <n>": :func:`parent_correlations` of the scores at level n
            (each node against its parent, Pearson), for every level below the top (True) or for
            the levels listed.
        """
        statistics_sets = _selection("statistics", statistics, self.data_set_names, str, "data set names (str)")
        levels = list(range(1, self._impl.framework.max_level))
        correlation_levels = _selection("correlations", correlations, levels, (int, np.integer), "levels (int)")
        entries: list[tuple[str, pd.DataFrame, bool]] = [
            ("Results", self.full_table(), True),
            ("Scores", self.scores, True),
            ("Ranks", self.ranks, True),
        ]
        entries += [(name, self.data_set(name).to_frame(), True) for name in self.data_set_names]
        entries += [(name, self.table(name), False) for name in self.table_names]
        # What indicator_statistics(self, data_set=name) and parent_correlations(self, level=level) return.
        entries += [
            (f"Statistics {name}", statistics_frame(self._impl.data_set(name)), True) for name in statistics_sets
        ]
        entries += [
            (
                f"Correlations level {level}",
                pairs_frame(
                    _core.parent_correlations(self._impl.scores(), self._impl.framework, level, "pearson", None)
                ),
                False,
            )
            for level in correlation_levels
        ]
        names = _display.sheet_names([name for name, _, _ in entries])
        return {sheet: (frame, index) for sheet, (_, frame, index) in zip(names, entries)}

    def to_excel(
        self,
        path: str | os.PathLike[str],
        *,
        statistics: bool | Sequence[str] = False,
        correlations: bool | Sequence[int] = False,
    ) -> None:
        """Write one workbook (openpyxl): the sheets of :meth:`export_frames` (`statistics` and
        `correlations` add the analysis sheets described there).

        Data sets and score tables keep their uCode (and Time) index as the first column(s);
        missing values are empty cells. Control characters, which a worksheet cannot hold, are
        written as visible escapes (``\\x01``); the rest of the text is kept as it is.
        """
        frames = self.export_frames(statistics=statistics, correlations=correlations)
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for sheet, (frame, index) in frames.items():
                excel_safe(frame).to_excel(writer, sheet_name=sheet, index=index)

    def to_csv(
        self,
        folder: str | os.PathLike[str],
        *,
        encoding: str = "utf-8",
        statistics: bool | Sequence[str] = False,
        correlations: bool | Sequence[int] = False,
    ) -> list[Path]:
        """Write one CSV per sheet of :meth:`export_frames` into `folder` (made if missing), named
        ``<sheet>.csv``; UTF-8 by default, so names with diacritics are kept. `statistics` and
        `correlations` add the analysis sheets described there. Returns the paths."""
        frames = self.export_frames(statistics=statistics, correlations=correlations)
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for sheet, (frame, index) in frames.items():
            path = folder / f"{sheet}.csv"
            frame.to_csv(path, index=index, encoding=encoding)
            written.append(path)
        return written

    def _repr_html_(self) -> str:
        framework = self._impl.framework
        names = self.data_set_names
        sets = [(name, *self._impl.data_set(name).values.shape) for name in names]
        facts = [f"index {escape(framework.root)}", f"{len(names)} data sets"]
        if self.table_names:
            facts.append("side tables: " + escape(_display.codes_list(self.table_names)))
        table = self.results_table()
        top = _display.table(
            [*table.index.names, "uName", framework.root, "Rank"],
            [
                [*(k if isinstance(k, tuple) else (k,)), *row]
                for k, row in zip(table.index[:10], table.head(10).itertuples(index=False, name=None))
            ],
            more=max(0, len(table) - 10),
        )
        return _display.block(
            "Results",
            facts,
            _display.table(["data set", "rows", "columns"], sets),
            f"<p>Top {min(10, len(table))} of {len(table)}</p>",
            top,
        )

    def __eq__(self, other: object) -> bool:
        """Same framework, data sets, side tables and pipeline."""
        return isinstance(other, Results) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[Results], tuple[_core.Results]]:
        # Pickled through the compiled results (framework, data sets, tables, pipeline), whose
        # state carries a format version.
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return f"Results(data sets: {', '.join(self.data_set_names)})"
