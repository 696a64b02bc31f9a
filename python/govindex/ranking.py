"""Ranking helpers on pandas Series, for any index (Series indexed by unit code).

Competition ranks with ties (the highest value first, or the lowest), unranked entities (NaN stays
<NA>), ranks within a group column (e.g. a region), rank change between two years and value bands.
The ranking conventions of particular indices (PAR INDEX groups, PAPI quartile groups) are in
:mod:`govindex.vn.ranking`.

>>> import pandas as pd
>>> import govindex as gi
>>> gi.ranking.rank_descending(pd.Series({"A": 3.0, "B": 5.0, "C": 3.0})).tolist()
[3, 1, 2]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import _core

Band = _core.Band
RankOrder = _core.RankOrder


def _values(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="raise").to_numpy(dtype=float, na_value=np.nan)


def _ranks(ranks: np.ndarray, index: pd.Index, name: object) -> pd.Series:
    return pd.Series(pd.array([None if np.isnan(r) else int(r) for r in ranks], dtype="Int64"), index=index, name=name)


def rank_descending(values: pd.Series) -> pd.Series:
    """Competition ranks, highest value first; ties share the lowest rank; NaN stays unranked (<NA>)."""
    return _ranks(_core.rank_descending(_values(values)), values.index, values.name)


def rank_ascending(values: pd.Series) -> pd.Series:
    """Competition ranks, lowest value first; ties share the lowest rank; NaN stays unranked (<NA>)."""
    return _ranks(_core.rank_ascending(_values(values)), values.index, values.name)


def rank_within_groups(
    values: pd.Series, groups: pd.Series, *, order: _core.RankOrder = _core.RankOrder.descending
) -> pd.Series:
    """Competition ranks within each group (e.g. ``region_code``), aligned on the index of `values`.

    A unit without a group (missing in `groups` or NaN) or with a NaN value stays unranked.
    """
    labels = groups.reindex(values.index)
    text = ["" if pd.isna(g) else str(g) for g in labels]
    return _ranks(_core.rank_within_groups(_values(values), text, order), values.index, values.name)


def rank_change(before: pd.Series, after: pd.Series) -> pd.Series:
    """``before - after`` per unit: positive = moved up (improved), e.g. 44 -> 37 gives +7.

    Aligned on the union of the indices (order of `after`, then units only in `before`); a unit
    ranked in one year only gets <NA>.
    """
    index = after.index.append(before.index.difference(after.index, sort=False))
    b, a = _values(before.reindex(index)), _values(after.reindex(index))
    return _ranks(_core.rank_change(b, a), index, after.name)


def assign_bands(values: pd.Series, bands: Sequence[_core.Band]) -> pd.Series:
    """The label of the band [low, high) holding each value; NaN gives <NA>.

    A value in no band raises :class:`govindex.MethodError` naming the unit (index label).
    """
    labels = _core.assign_bands(_values(values), list(bands), [str(i) for i in values.index])
    return pd.Series(pd.array([lab or None for lab in labels], dtype="string"), index=values.index, name=values.name)


__all__ = [
    "Band",
    "RankOrder",
    "assign_bands",
    "rank_ascending",
    "rank_change",
    "rank_descending",
    "rank_within_groups",
]
