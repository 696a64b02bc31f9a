"""Vietnam's provinces and regions as entities.

The 63 provinces (pre-2025 geography) with their 2-digit GSO codes, names with diacritics, ASCII
names, PAPI spellings and aliases ("TT-Huế", "BRVT", "TP.HCM" ...), and the 6 socio-economic
regions (vùng kinh tế - xã hội). Names are matched after NFC normalisation, case-insensitively,
ignoring spaces, hyphens and dots and a leading "Tỉnh", "Thành phố" or "TP."; an ASCII (or
mistyped-diacritics) name matches through its ASCII form. An unknown name raises
:class:`govindex.UnknownCodeError` (a ``KeyError``) listing the three nearest names.

>>> from govindex.vn import provinces
>>> provinces.province("TT-Huế").code
'46'
>>> provinces.resolve(["Hà Nội", "BRVT", "TP.HCM"])
['01', '77', '79']

Ranking helpers: :mod:`govindex.ranking` (any index) and :mod:`govindex.vn.ranking` (PAR INDEX
and PAPI conventions). See docs/guide/vietnam-data.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _core
from .._errors import ArgumentTypeError, error, shown, text_argument
from ..unit_names import register_unit_resolver

Province = _core.Province
Region = _core.Region


def data_folder() -> Path:
    """Folder of the shipped Vietnamese data (``govindex/data/vn``): CSV files and their README."""
    folder = Path(str(resources.files("govindex"))) / "data" / "vn"
    if not folder.is_dir():
        raise error(
            _core.UnknownCodeError,
            f"the shipped Vietnamese data folder {folder} is missing; reinstall govindex",
            source=str(folder),
            expected="the shipped data folder",
            found="missing",
        )
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
    if isinstance(name_or_code, bool) or not isinstance(name_or_code, (str, int, np.integer)):
        raise ArgumentTypeError(
            f"name_or_code: expected a province name or code (str or int), found "
            f"{type(name_or_code).__name__} {shown(name_or_code)}"
        )
    if isinstance(name_or_code, str):
        text_argument("province", "name_or_code", name_or_code)  # a lone surrogate cannot cross into C++
    key = f"{name_or_code:02d}" if isinstance(name_or_code, (int, np.integer)) else name_or_code
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


def province_code(name_or_code: object) -> str | None:
    """The code of the province `name_or_code` names (as :func:`province` finds it), or None: the
    unit resolver :mod:`govindex.unit_names` uses, so plots, unit reports and commands find a
    province by any accepted name."""
    try:
        return province(name_or_code).code
    except (KeyError, TypeError, ValueError):
        return None


register_unit_resolver(province_code)
