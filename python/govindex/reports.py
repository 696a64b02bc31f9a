"""Unit reports and time trends, at parity with COINr's ``get_results``, ``get_unit_summary``,
``get_str_weak`` and ``get_trends``: results tables at any levels with scores or ranks (also
within unit groups such as a region), one unit's scores and ranks, its strengths and weaknesses by
direction-adjusted indicator rank, and per-unit trends (change, CAGR) and interpolation over a
panel. Computed in C++ (include/govindex/pipeline/unit_report.hpp); every function returns pandas objects.
Guide: docs/guide/analysis.md ("Unit reports", "Time trends").

Units are found by code or name (NFC-compared) and then by any name a domain layer registered
(:mod:`govindex.unit_names`: for Vietnamese provinces, any name :func:`govindex.vn.provinces.province`
accepts, "Ben Tre", "TT-Huế", the 2-digit code).

>>> import govindex as gi
>>> framework, data = gi.datasets.asem()
>>> results = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate()]).run(framework, data)
>>> gi.results_table(results).columns.tolist()
['uName', 'Rank', 'Index', 'Conn', 'Sust']
>>> gi.strengths_weaknesses(results, "Vietnam", top=3).strengths.index.tolist()  # doctest: +SKIP
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import ArgumentTypeError, ArgumentValueError, require_count, require_int32
from .dataset import Dataset
from .results import Results, table_frame
from .unit_names import resolve_unit

__all__ = ["StrengthsWeaknesses", "interpolate", "results_table", "strengths_weaknesses", "trends", "unit_summary"]

TABLES = ("summary", "aggregates", "full")


def _results(results: object, function: str) -> _core.Results:
    if not isinstance(results, Results):
        raise ArgumentTypeError(f"{function}: expected a Results, found {type(results).__name__}")
    return results._impl


def _optional_str(name: str, value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name}: expected a str or None, found {type(value).__name__} {value!r}")
    return value


def _optional_int(name: str, value: object) -> Optional[int]:
    return None if value is None else require_int32(name, value)


def _levels(value: object) -> list[int]:
    if value is None:
        return []
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return [require_int32("levels", value)]
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(
            f"levels: expected a level (int) or a list of levels, found {type(value).__name__} {value!r}"
        )
    return [require_int32("levels", v, "a list of levels (int)") for v in value]


def _unit(data: _core.Dataset, unit: object) -> str:
    """`unit` as the C++ side finds it: a code or name as given, or the code a registered unit
    resolver gives for it (:func:`govindex.unit_names.resolve_unit`) when that code is among the units."""
    if not isinstance(unit, str):
        raise ArgumentTypeError(f"unit: expected a unit code or name (str), found {type(unit).__name__} {unit!r}")
    key = unicodedata.normalize("NFC", unit)
    codes = list(data.unit_codes)
    if key in codes or key in data.unit_names:
        return unit
    code = resolve_unit(unit)
    return code if code in codes else unit


def results_table(
    results: Results,
    *,
    table: str = "summary",
    levels: Union[int, Sequence[int], None] = None,
    ranks: bool = False,
    group: Optional[str] = None,
) -> pd.DataFrame:
    """Units best first with the scores or ranks of every node of some levels (COINr ``get_results``).

    Parameters
    ----------
    results
        A pipeline run.
    table
        "summary" (the index and its children), "aggregates" (every aggregate level) or "full"
        (down to the indicators); ignored when `levels` is given.
    levels
        The levels shown, in this order (e.g. ``[4, 2]``).
    ranks
        Ranks (1 = best, ties share the lowest rank) instead of scores; the index column then holds
        the index rank and there is no "Rank" column.
    group
        A unit group column of the data (e.g. "EurAsia_group", a region): units sorted by group (in
        order of first appearance, units without a group last), ranks within their group (units
        without a group: no rank).

    Returns
    -------
    DataFrame indexed by uCode ((uCode, Time) for panel data, ranked within each year): uName, the
    group column, Rank (scores only), then one column per node (ranks as nullable integers).
    """
    impl = _results(results, "results_table")
    if not isinstance(table, str) or table not in TABLES:
        raise ArgumentValueError(f"table: expected one of {', '.join(repr(t) for t in TABLES)}, found {table!r}")
    if not isinstance(ranks, bool):
        raise ArgumentTypeError(f"ranks: expected a bool, found {type(ranks).__name__} {ranks!r}")
    chosen = _levels(levels) or list(_core.table_levels(impl.framework, table))
    frame = table_frame(_core.results_table(impl, chosen, ranks, _optional_str("group", group)))
    index = ["uCode", "Time"] if "Time" in frame.columns else ["uCode"]
    if "Time" in frame.columns:
        frame["Time"] = frame["Time"].astype(int)
    frame = frame.set_index(index)
    numeric = [c for c in frame.columns if c not in ("uName", group)]
    rank_columns = ["Rank"] if not ranks else numeric
    for c in rank_columns:
        if c in frame.columns:
            frame[c] = frame[c].round().astype("Int64")
    return frame


def unit_summary(
    results: Results,
    unit: str,
    *,
    levels: Union[int, Sequence[int], None] = None,
    group: Optional[str] = None,
    year: Optional[int] = None,
) -> pd.DataFrame:
    """One unit's score and rank at every node of `levels` (COINr ``get_unit_summary``).

    Parameters
    ----------
    results
        A pipeline run.
    unit
        Unit code or name (NFC-compared; Vietnamese provinces by any accepted spelling).
    levels
        Levels shown, in this order (default: every aggregate level, top first).
    group
        A unit group column: adds ``group_rank``, the rank within the unit's group.
    year
        The year, for panel data (required there).

    Returns
    -------
    DataFrame indexed by node code: name, level, score, rank (and group_rank).
    """
    impl = _results(results, "unit_summary")
    frame = table_frame(
        _core.unit_summary(
            impl,
            _unit(impl.scores(), unit),
            _levels(levels),
            _optional_str("group", group),
            _optional_int("year", year),
        )
    )
    frame["level"] = frame["level"].astype(int)
    for c in ("rank", "group_rank"):
        if c in frame.columns:
            frame[c] = frame[c].round().astype("Int64")
    return frame.set_index("code")


class StrengthsWeaknesses(NamedTuple):
    """What :func:`strengths_weaknesses` returns (COINr ``get_str_weak``'s Strengths, Weaknesses)."""

    strengths: pd.DataFrame
    """The best indicators, best first, indexed by code: name, ancestor, rank, value, unit."""
    weaknesses: pd.DataFrame
    """The worst indicators in ascending rank order (worst last), as :attr:`strengths`."""


def strengths_weaknesses(
    results: Results,
    unit: str,
    *,
    top: int = 5,
    bottom: Optional[int] = None,
    data_set: str = "Raw",
    adjust_direction: Optional[bool] = None,
    discard_minimum: bool = True,
    unique_share: Optional[float] = None,
    group: Optional[str] = None,
    report_level: int = 2,
    year: Optional[int] = None,
) -> StrengthsWeaknesses:
    """A unit's strengths and weaknesses: its best and worst indicators by rank (COINr ``get_str_weak``).

    Each indicator of `data_set` is ranked among all units (or the unit's `group`): 1 = best, ties
    share the lowest rank, an indicator with direction -1 ranking high when its value is low. The
    unit's indicators without a value are dropped and, with `discard_minimum`, those where it has
    the worst rank (the lowest value, shared or not: a zero that many units share, say). The rest
    are sorted by rank, ties in framework order; strengths are the first `top`, weaknesses the last
    `bottom` (default `top`).

    Parameters
    ----------
    adjust_direction
        Multiply values by the indicators' directions before ranking; default: True for "Raw",
        False otherwise (normalised data sets are already direction-adjusted), as COINr.
    unique_share
        Keep only indicators whose share of unique values (among the year's units) is above it
        (COINr ``unq_discard``).
    report_level
        The level of the ancestor reported beside each indicator (default 2, the pillars).
    year
        The year, for panel data (required there).

    Returns
    -------
    StrengthsWeaknesses of two DataFrames indexed by indicator code: name, ancestor, rank (int),
    value (as in `data_set`, not direction-adjusted) and unit (of measurement).
    """
    impl = _results(results, "strengths_weaknesses")
    top = require_count("top", top, 1)
    bottom = top if bottom is None else require_count("bottom", bottom, 1)
    if not isinstance(data_set, str):
        raise ArgumentTypeError(f"data_set: expected a str, found {type(data_set).__name__} {data_set!r}")
    if adjust_direction is not None and not isinstance(adjust_direction, bool):
        raise ArgumentTypeError(
            f"adjust_direction: expected a bool or None, found {type(adjust_direction).__name__} {adjust_direction!r}"
        )
    if not isinstance(discard_minimum, bool):
        raise ArgumentTypeError(
            f"discard_minimum: expected a bool, found {type(discard_minimum).__name__} {discard_minimum!r}"
        )
    if unique_share is not None:
        if isinstance(unique_share, bool) or not isinstance(unique_share, (int, float)):
            raise ArgumentTypeError(
                "unique_share: expected a number in [0, 1] or None, "
                f"found {type(unique_share).__name__} {unique_share!r}"
            )
        if not 0 <= unique_share <= 1:
            raise ArgumentValueError(f"unique_share: expected a number in [0, 1], found {unique_share!r}")
        unique_share = float(unique_share)
    strengths, weaknesses = _core.strengths_weaknesses(
        impl,
        _unit(impl.data_set(data_set), unit),
        top,
        bottom,
        data_set,
        adjust_direction,
        discard_minimum,
        unique_share,
        _optional_str("group", group),
        require_int32("report_level", report_level),
        _optional_int("year", year),
    )

    def frame(table: _core.Table) -> pd.DataFrame:
        f = table_frame(table)
        f["rank"] = f["rank"].round().astype("Int64")
        return f.set_index("code")

    return StrengthsWeaknesses(frame(strengths), frame(weaknesses))


def _panel(source: object, data_set: Optional[str], function: str) -> _core.Dataset:
    if isinstance(source, Dataset):
        if data_set is not None:
            raise ArgumentTypeError(
                f"{function}: data_set names a data set of a Results; found a Dataset with data_set={data_set!r}"
            )
        return source._impl
    if isinstance(source, Results):
        if data_set is None:
            return source._impl.scores()
        if not isinstance(data_set, str):
            raise ArgumentTypeError(f"data_set: expected a str, found {type(data_set).__name__} {data_set!r}")
        return source._impl.data_set(data_set)
    raise ArgumentTypeError(f"{function}: expected a Dataset or a Results, found {type(source).__name__}")


def _columns(columns: object) -> list[str]:
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    if not isinstance(columns, Sequence) or not all(isinstance(c, str) for c in columns):
        raise ArgumentTypeError(
            f"columns: expected a code or a list of codes (str), found {type(columns).__name__} {columns!r}"
        )
    return list(columns)


def trends(
    source: Union[Dataset, Results],
    *,
    columns: Union[str, Sequence[str], None] = None,
    start: Optional[int] = None,
    end: Optional[int] = None,
    data_set: Optional[str] = None,
) -> pd.DataFrame:
    """Per unit and column of panel data, the change and the compound annual growth rate (COINr
    ``get_trends`` with ``CAGR``).

    Parameters
    ----------
    source
        A panel :class:`Dataset`, or a :class:`Results` of one (`data_set`, default its scores).
    columns
        Indicator or aggregate codes (default: every column).
    start, end
        Two years of the panel (both or neither): the values at those years, NaN where one is
        missing (:func:`interpolate` first to fill interior gaps). Neither: each series' first
        and last observed years (NaN with fewer than two observations).

    Returns
    -------
    DataFrame indexed by (uCode, iCode), rows by unit then column: uName, start, end (years,
    nullable integers), start_value, end_value, change (end - start value) and cagr
    (``(end_value / start_value) ** (1 / (end - start)) - 1``; 0 when the values are equal, NaN
    when the start value is <= 0 or the end value < 0).
    """
    data = _panel(source, data_set, "trends")
    frame = table_frame(_core.trends(data, _columns(columns), _optional_int("start", start), _optional_int("end", end)))
    for c in ("start", "end"):
        frame[c] = frame[c].round().astype("Int64")
    return frame.set_index(["uCode", "iCode"])


def interpolate(data: Dataset, *, columns: Union[str, Sequence[str], None] = None) -> Dataset:
    """The panel with each unit's interior gaps filled by linear interpolation in the year.

    A missing value between two observed years of the same unit and column becomes the straight
    line between them; values before the first or after the last observation stay missing (no
    extrapolation), only the panel's existing rows are filled, and suppressed cells are left alone.
    Filled cells are flagged imputed. `columns` limits it to some codes (default: every column).
    A MethodError for data that is not a panel.
    """
    if not isinstance(data, Dataset):
        raise ArgumentTypeError(f"interpolate: expected a Dataset, found {type(data).__name__}")
    return Dataset(_core.interpolate(data._impl, _columns(columns)))
