"""Vietnam's provinces and regions as entities, and ranking helpers on pandas Series.

The 63 provinces (pre-2025 geography) with their 2-digit GSO codes, names with diacritics, ASCII
names, PAPI spellings and aliases ("TT-Huế", "BRVT", "TP.HCM" ...), and the 6 socio-economic
regions (vùng kinh tế - xã hội). Names are matched after NFC normalisation, case-insensitively,
ignoring spaces, hyphens and dots and a leading "Tỉnh", "Thành phố" or "TP."; an ASCII (or
mistyped-diacritics) name matches through its ASCII form. An unknown name raises
:class:`govindex.UnknownCodeError` (a ``KeyError``) listing the three nearest names.

>>> import govindex.provinces as vn
>>> vn.province("TT-Huế").code
'46'
>>> vn.resolve(["Hà Nội", "BRVT", "TP.HCM"])
['01', '77', '79']

The ranking helpers work on any index (Series indexed by unit code): competition ranks with ties,
unranked entities (NaN), ranks within a group column, rank change, value bands (PAR INDEX groups)
and PAPI quartile groups. See docs/guide/vietnam-data.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import _core
from ._errors import error

Province = _core.Province
Region = _core.Region

#: Labels of the PAPI groups returned by :func:`papi_quartile_groups` (1 = best).
PAPI_GROUP_LABELS: dict[int, str] = dict(enumerate(_core.papi_group_labels(), start=1))


def data_folder() -> Path:
    """Folder of the shipped Vietnamese data (``govindex/data/vn``): CSV files and their README."""
    folder = Path(str(resources.files("govindex"))) / "data" / "vn"
    if not folder.is_dir():
        raise error(_core.UnknownCodeError,
                    f"the shipped Vietnamese data folder {folder} is missing; reinstall govindex",
                    source=str(folder), expected="the shipped data folder", found="missing")
    return folder


@lru_cache(maxsize=1)
def registry() -> _core.ProvinceRegistry:
    """The shipped province registry (``provinces.csv`` + ``province_aliases.csv``), read once."""
    folder = data_folder()
    return _core.read_provinces(folder / "provinces.csv", folder / "province_aliases.csv")


def province(name_or_code: str | int) -> Province:
    """The province with this 2-digit code (or int), name, ASCII name, PAPI spelling or alias.

    Raises :class:`govindex.UnknownCodeError` listing the nearest names.
    """
    key = f"{name_or_code:02d}" if isinstance(name_or_code, (int, np.integer)) else str(name_or_code)
    return registry().province(key)


def resolve(names: Iterable[str]) -> list[str]:
    """The codes of several names, in order; raises UnknownCodeError listing every name that failed."""
    return registry().codes([str(n) for n in names])


def provinces() -> pd.DataFrame:
    """The 63 provinces indexed by ``province_code``: names (with diacritics), type, region, aliases."""
    rows = registry().provinces()
    return pd.DataFrame(
        {
            "name_vi": [p.name_vi for p in rows],
            "name_ascii": [p.name_ascii for p in rows],
            "type": [p.type for p in rows],
            "region_code": [p.region_code for p in rows],
            "region_vi": [p.region_vi for p in rows],
            "region_en": [p.region_en for p in rows],
            "aliases": [tuple(p.aliases) for p in rows],
        },
        index=pd.Index([p.code for p in rows], name="province_code"),
    )


def regions() -> pd.DataFrame:
    """The 6 socio-economic regions indexed by ``region_code``, with names and number of provinces."""
    counts = provinces()["region_code"].value_counts()
    rows = registry().regions()
    return pd.DataFrame(
        {
            "name_vi": [r.name_vi for r in rows],
            "name_en": [r.name_en for r in rows],
            "provinces": [int(counts.get(r.code, 0)) for r in rows],
        },
        index=pd.Index([r.code for r in rows], name="region_code"),
    )


# --- ranking helpers ------------------------------------------------------------------------------


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
