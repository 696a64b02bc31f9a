"""The ranking conventions of the Vietnamese indices: PAR INDEX groups A/B/C and PAPI quartile groups.

Built on the generic helpers of :mod:`govindex.ranking`. See docs/guide/vietnam-data.md.
"""

from __future__ import annotations

import pandas as pd

from .. import _core
from ..ranking import _ranks, _values

#: Labels of the PAPI groups returned by :func:`papi_quartile_groups` (1 = best).
PAPI_GROUP_LABELS: dict[int, str] = dict(enumerate(_core.papi_group_labels(), start=1))


def par_index_groups() -> list[_core.Band]:
    """PAR INDEX groups of the 876/QĐ-BNV era: A [90, inf), B [80, 90), C [70, 80) (in %)."""
    return _core.par_index_groups()


def papi_quartile_groups(values: pd.Series) -> pd.Series:
    """PAPI's four groups by score quartiles (type-7 quantiles of the non-missing values).

    1 = best performers (>= Q3), 2 = high average [Q2, Q3), 3 = low average [Q1, Q2), 4 = poor
    performers (< Q1); NaN stays <NA>. Labels: :data:`PAPI_GROUP_LABELS`. Reproduces the PAPI 2020
    group sizes 16/16/15/16.
    """
    return _ranks(_core.papi_quartile_groups(_values(values)), values.index, values.name)


__all__ = ["PAPI_GROUP_LABELS", "papi_quartile_groups", "par_index_groups"]
