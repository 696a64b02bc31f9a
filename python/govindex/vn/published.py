"""Loaders for the Vietnamese governance data shipped with govindex (``govindex/data/vn``).

Every table carries two year columns:

* ``assessment_year`` (năm đánh giá): the year whose work or survey is scored;
* ``publication_year``: the year the results were released, ``assessment_year + 1``. PAR INDEX,
  SIPAS, PAPI and PCI results are all published the following spring (April-May), e.g. PAPI 2022
  was released on 12 April 2023 and PCI 2021 in 2022. News items often label results by the
  publication year; see ``../shared/domain/vn-indices.md`` §4.4 for the trap.

Province names keep their diacritics (NFC). Missing or suppressed values are NaN (empty cells in
the files), never 0; nothing is interpolated. Sources of every file: ``data/vn/README.md``.
The file headers are checked on load: a malformed shipped file (or a copy passed with
``folder=``) raises :class:`govindex.InputError` naming the file, line and column.

>>> from govindex.vn import published
>>> published.papi(2022).loc["22", "score"]  # Quảng Ninh  # doctest: +SKIP
47.8763...
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _core
from .._errors import error, located, require_int
from ..dataset import Dataset
from ..framework import Framework
from .provinces import data_folder, province, registry

__all__ = [
    "PAPI_YEARS",
    "PCI_YEARS",
    "headline_points",
    "papi",
    "papi_total",
    "papi_total_framework",
    "par_index_points",
    "pci",
]

#: Assessment years of the shipped PAPI tables (``papi_YYYY.csv``).
PAPI_YEARS: tuple[int, ...] = tuple(range(2015, 2025))
#: Assessment years of the shipped (partial) PCI tables (``pci_YYYY_partial.csv``).
PCI_YEARS: tuple[int, ...] = (2019, 2021)

_PCI_SUBINDICES = [
    "entry_costs",
    "land_access",
    "transparency",
    "time_costs",
    "informal_charges",
    "policy_bias",
    "proactivity",
    "business_support",
    "labor_training",
    "law_and_order",
]
_PAPI_BASE = ["province", "province_code", "region", "score", "rank"]
_PAPI_OPTIONAL = re.compile(
    r"^(d[1-8]_[1-9]|ci_low|ci_high|se|weighted_score|weighted_ci_low|weighted_ci_high|weighted_se|observations)$"
)


def _folder(folder: str | Path | None) -> Path:
    return Path(folder) if folder is not None else data_folder()


def _read(
    path: Path,
    required: list[str],
    *,
    optional: re.Pattern[str] | None = None,
    numeric: list[str] | None = None,
    text: list[str] | None = None,
) -> pd.DataFrame:
    """Reads a shipped CSV as text, checks its header and parses the numeric columns."""
    if not path.is_file():
        raise error(
            _core.InputError,
            f"{path}: file not found; expected a shipped data file",
            source=str(path),
            expected="a shipped data file",
            found="file not found",
        )
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    header = [str(c) for c in frame.columns]
    for column in required:
        if column not in header:
            raise located(
                _core.InputError,
                f"missing column; expected columns {', '.join(required)}",
                source=str(path),
                line=1,
                column=column,
                expected=f"columns {', '.join(required)}",
                found="missing",
            )
    for column in header:
        if column not in required and not (optional is not None and optional.match(column)):
            expected = ", ".join(required) + (
                f" and columns matching {optional.pattern}" if optional is not None else ""
            )
            raise located(
                _core.InputError,
                f"unexpected column; expected {expected}",
                source=str(path),
                line=1,
                column=column,
                expected=expected,
                found=column,
            )
    text_columns = set(text or [])
    for column in numeric if numeric is not None else [c for c in header if c not in text_columns]:
        parsed = pd.to_numeric(frame[column], errors="coerce")
        bad = parsed.isna() & frame[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise located(
                _core.InputError,
                f'expected a number, found "{frame[column].iloc[row]}"',
                source=str(path),
                line=row + 2,
                column=column,
                expected="a number",
                found=str(frame[column].iloc[row]),
            )
        frame[column] = parsed.astype(float)
    return frame


def _check_codes(frame: pd.DataFrame, path: Path) -> None:
    known = {p.code for p in registry().provinces()}
    for row, code in enumerate(frame["province_code"]):
        if code not in known:
            raise located(
                _core.InputError,
                f'unknown province code "{code}"; expected a code of provinces.csv',
                source=str(path),
                line=row + 2,
                column="province_code",
                expected="a code of provinces.csv",
                found=str(code),
            )


def _years(frame: pd.DataFrame, year: pd.Series | int) -> pd.DataFrame:
    frame["assessment_year"] = year
    frame["assessment_year"] = frame["assessment_year"].astype("int64")
    frame["publication_year"] = frame["assessment_year"] + 1
    return frame


def _as_rank(column: pd.Series) -> pd.Series:
    return pd.array([None if pd.isna(v) else int(v) for v in column], dtype="Int64")


def _check_year(year: object) -> None:
    """A year must be an int: one line naming the argument otherwise (not "no table for 2021")."""
    require_int("year", year, "an int such as 2021")


def papi(year: int, *, folder: str | Path | None = None) -> pd.DataFrame:
    """PAPI (Provincial Governance and Public Administration Performance Index) of one assessment year.

    Indexed by ``province_code`` (63 rows). Columns: ``province`` (name with diacritics),
    ``region_code``, ``region``, ``score`` (unweighted total as published; empty for 2015-2017, where
    the total is the sum of the 6 dimensions), ``d1`` .. ``d6`` (``d7``, ``d8`` from 2018; 1-10
    each), sub-dimensions ``d<k>_<j>`` (2015-2019, 2022, 2023), ``ci_low``, ``ci_high``, ``se``
    (2019, 2022, 2023), ``weighted_*`` (2019), ``observations`` (2022, 2023), then
    ``assessment_year`` (= `year`) and ``publication_year`` (= `year` + 1: PAPI Y is released in
    April-May of Y + 1). PAPI publishes four quartile groups, not official ranks, so the file's
    empty ``rank`` column is not returned; see :func:`govindex.vn.ranking.papi_quartile_groups`.
    """
    _check_year(year)
    if year not in PAPI_YEARS:
        expected = f"one of {PAPI_YEARS[0]}-{PAPI_YEARS[-1]}"
        raise error(
            _core.UnknownCodeError,
            f"no shipped PAPI table for {year}; expected {expected}",
            column="year",
            expected=expected,
            found=str(year),
        )
    path = _folder(folder) / f"papi_{year}.csv"
    dims = [f"d{k}" for k in range(1, 9 if year >= 2018 else 7)]
    frame = _read(path, _PAPI_BASE + dims, optional=_PAPI_OPTIONAL, text=["province", "province_code", "region"])
    _check_codes(frame, path)
    frame = frame.drop(columns=["rank"])
    frame.insert(1, "region_code", [province(c).region_code for c in frame["province_code"]])
    frame = _years(frame.set_index("province_code"), year)
    return frame


def papi_total_framework() -> Framework:
    """The framework of :func:`papi_total`: indicator ``score`` (direction 1, weight 1) under ``PAPI``."""
    meta = pd.DataFrame(
        {
            "iCode": ["score", "PAPI"],
            "iName": ["PAPI total (unweighted, as published)", "PAPI"],
            "Level": [1, 2],
            "Parent": ["PAPI", ""],
            "Direction": [1, ""],
            "Weight": [1, ""],
            "Type": ["Indicator", "Aggregate"],
        }
    )
    return Framework.from_frame(meta)


def papi_total(year: int, *, folder: str | Path | None = None) -> Dataset:
    """PAPI's published total of one assessment year as a data set, with its standard errors.

    Units: the 63 provinces (uCode = ``province_code``, uName = ``province``); one indicator,
    ``score`` (:func:`papi_total_framework`). The published ``se`` (2019, 2022, 2023) is read as the
    standard error of ``score`` by the ``<code>_se`` column convention (a ``score_se`` column given
    to :meth:`Dataset.from_frame`), unchanged; other years have no standard errors.
    """
    table = papi(year, folder=folder)
    frame = pd.DataFrame(
        {"uCode": table.index, "uName": table["province"].to_numpy(), "score": table["score"].to_numpy()}
    )
    if "se" in table.columns:
        frame["score_se"] = table["se"].to_numpy()
    return Dataset.from_frame(frame, papi_total_framework())


def pci(year: int, *, folder: str | Path | None = None) -> pd.DataFrame:
    """PCI (Provincial Competitiveness Index) rows published for one assessment year: 2019 or 2021.

    Only the top rows of VCCI's table were available: 2019 = ranks 1-23 without 14, plus TP HCM
    shown as N/A (kept, with empty values); 2021 = ranks 1-21. Indexed by ``province_code``.
    Columns: ``province``, ``region``, ``score`` (0-100), ``rank`` (Int64, <NA> when not ranked),
    ``tier`` (Rất tốt, Tốt, Khá, ...), the ten sub-indices (0-10), ``source_label`` (the spelling in
    the source), ``assessment_year``, ``publication_year`` (= year + 1).
    """
    _check_year(year)
    if year not in PCI_YEARS:
        expected = f"one of {', '.join(map(str, PCI_YEARS))}"
        raise error(
            _core.UnknownCodeError,
            f"no shipped PCI table for {year}; expected {expected} (PCI 2022 headline points are in headline_points())",
            column="year",
            expected=expected,
            found=str(year),
        )
    path = _folder(folder) / f"pci_{year}_partial.csv"
    required = ["province", "province_code", "region", "score", "rank", "tier", *_PCI_SUBINDICES, "source_label"]
    frame = _read(path, required, numeric=["score", "rank", *_PCI_SUBINDICES])
    _check_codes(frame, path)
    frame["rank"] = _as_rank(frame["rank"])
    return _years(frame.set_index("province_code"), year)


def headline_points(*, folder: str | Path | None = None) -> pd.DataFrame:
    """Isolated published PAR INDEX, SIPAS and PCI figures, one source URL per row (48 rows).

    Columns: ``index`` (PAR_INDEX, SIPAS, PCI), ``assessment_year`` (the file's ``year``),
    ``publication_year``, ``province``, ``province_code``, ``region``, ``score``, ``rank`` (Int64),
    ``note``, ``source``.
    """
    path = _folder(folder) / "headline_points.csv"
    required = ["index", "year", "province", "province_code", "region", "score", "rank", "note", "source"]
    frame = _read(path, required, numeric=["year", "score", "rank"])
    _check_codes(frame, path)
    frame["rank"] = _as_rank(frame["rank"])
    years = frame.pop("year")
    frame = _years(frame, years)
    return frame[
        [
            "index",
            "assessment_year",
            "publication_year",
            "province",
            "province_code",
            "region",
            "score",
            "rank",
            "note",
            "source",
        ]
    ]


def par_index_points(*, folder: str | Path | None = None) -> pd.DataFrame:
    """Published PAR INDEX points of provinces, 2018-2023 (58 rows), one source URL per row.

    Columns: ``province``, ``province_code`` (resolved from the name), ``assessment_year``,
    ``publication_year``, ``score`` (%), ``rank`` (Int64), the 2020 top-ten components
    ``appraisal_points``, ``sipas_points``, ``leader_survey_points``, ``socioecon_impact_points``,
    ``tag`` (verified / inferred), ``note``, ``source``.
    """
    path = _folder(folder) / "par_index_points_partial.csv"
    components = ["appraisal_points", "sipas_points", "leader_survey_points", "socioecon_impact_points"]
    required = ["province", "year", "score", "rank", *components, "tag", "note", "source"]
    frame = _read(path, required, numeric=["year", "score", "rank", *components])
    codes = []
    for row, name in enumerate(frame["province"]):
        found = registry().find_code(name)
        if found is None:
            raise located(
                _core.InputError,
                f'unknown province "{name}"',
                source=str(path),
                line=row + 2,
                column="province",
                expected="a province name",
                found=str(name),
            )
        codes.append(found)
    frame.insert(1, "province_code", codes)
    frame["rank"] = _as_rank(frame["rank"])
    years = frame.pop("year")
    frame = _years(frame, years)
    return frame[
        [
            "province",
            "province_code",
            "assessment_year",
            "publication_year",
            "score",
            "rank",
            *components,
            "tag",
            "note",
            "source",
        ]
    ]
