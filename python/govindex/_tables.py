"""The compiled core's tables as pandas frames, for every module that returns them.

:mod:`govindex.results` builds the analysis sheets of an export (:meth:`Results.export_frames`)
from here rather than from :mod:`govindex.analysis`, which imports :mod:`govindex.results`: the
dependency goes one way, analysis -> results -> this module.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

import pandas as pd

from . import _core

#: COINr ``get_stats``' flag thresholds: the defaults of :func:`govindex.indicator_statistics` and
#: the thresholds of the "Statistics" sheets of an export.
SKEW_THRESHOLD = 2.0
KURTOSIS_THRESHOLD = 3.5
AVAILABILITY_THRESHOLD = 0.65
NON_ZERO_THRESHOLD = 0.5
UNIQUE_THRESHOLD = 0.5


def table_frame(table: _core.Table) -> pd.DataFrame:
    """A side table as a DataFrame: numbers as float, text as object, logicals as pandas boolean."""
    data = {}
    for name, column in zip(table.names, table.columns):
        if column and all(v is None or isinstance(v, bool) for v in column):
            data[name] = pd.array(column, dtype="boolean")
        else:
            data[name] = column
    return pd.DataFrame(data)


def statistics_frame(
    data: _core.Dataset,
    columns: Sequence[str] = (),
    skew_threshold: float = SKEW_THRESHOLD,
    kurtosis_threshold: float = KURTOSIS_THRESHOLD,
    availability_threshold: float = AVAILABILITY_THRESHOLD,
    non_zero_threshold: float = NON_ZERO_THRESHOLD,
    unique_threshold: float = UNIQUE_THRESHOLD,
) -> pd.DataFrame:
    """:func:`govindex.indicator_statistics` of a compiled data set, its arguments already checked:
    indexed by iCode, the flags "ok", "LOW"/"OUT" or None."""
    table = _core.indicator_statistics(
        data,
        list(columns),
        skew_threshold,
        kurtosis_threshold,
        availability_threshold,
        non_zero_threshold,
        unique_threshold,
    )
    frame = table_frame(table).set_index("iCode")
    for name in ("Flag.Avail", "Flag.NonZero", "Flag.Unique", "Flag.SkewKurt"):
        frame[name] = pd.Series([v or None for v in frame[name]], index=frame.index, dtype=object)
    return frame


def pairs_frame(table: _core.Table) -> pd.DataFrame:
    """A table of correlations, one row per pair of nodes, with the number of complete pairs `n` as int."""
    frame = table_frame(table)
    frame["n"] = frame["n"].astype(int)
    return frame


def codes_from_labels(labels: Sequence[str], numbered: Sequence[str]) -> list[str]:
    """Codes for a framework or data set: the labels (NFC), or `numbered` when two labels are one
    code or a label is empty, padded with spaces or holds control characters."""
    codes = [unicodedata.normalize("NFC", label) for label in labels]
    if all(c and c == c.strip() and c.isprintable() for c in codes) and len(set(codes)) == len(codes):
        return codes
    return list(numbered)
