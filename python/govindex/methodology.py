"""Versioned methodologies: criteria trees, scoring rules, sources of points, crosswalks.

A :class:`Family` holds the versions of one index (PAR INDEX, PAPI, PCI); ``version_for(year)``
gives the version in force for an assessment year (năm đánh giá). Each version is a tree of
nodes (lĩnh vực / tiêu chí / tiêu chí thành phần, or dimensions / sub-dimensions, or sub-indices)
with maximum points or weights, scoring rules at the leaves, and explicit unknowns.

>>> import govindex.methodology as gm
>>> par = gm.family("par_index")
>>> par.version_for(2022).id
'876/QĐ-BNV'
>>> gm.nodes_frame(par.version_for(2017)).loc["3", "max_points"]
14.5

Guide: docs/guide/methodology.md and docs/guide/scoring.md.
"""

from __future__ import annotations

import math
import os
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Optional, Union

import pandas as pd

from . import _core
from ._errors import error, located, require_choice
from .dataset import Dataset
from .framework import Framework
from .pipeline import Pipeline
from .results import Results, table_frame

Family = _core.Family
Methodology = _core.Methodology
Assessment = _core.Assessment
LeafRecord = _core.LeafRecord
Evidence = _core.Evidence

#: Names of the methodology families shipped with govindex (data/vn/methodologies/<name>.toml).
SHIPPED = ("par_index", "papi", "pci")

PathLike = Union[str, "os.PathLike[str]"]


def _shipped_folder() -> Optional[Path]:
    """Folder of the shipped family files: installed package data, else the source checkout."""
    installed = Path(str(resources.files("govindex"))) / "data" / "vn" / "methodologies"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / "data" / "vn" / "methodologies"
    return checkout if checkout.is_dir() else None


def family_path(name: str, *, folder: Optional[PathLike] = None) -> Path:
    """Path of a shipped family file ("par_index", "papi", "pci"); UnknownCodeError (KeyError) if absent."""
    base = Path(folder) if folder is not None else _shipped_folder()
    path = base / f"{name}.toml" if base is not None else None
    if path is None or not path.is_file():
        where = str(base) if base is not None else "(no data folder installed)"
        raise error(
            _core.UnknownCodeError,
            f'no shipped methodology family "{name}" in {where}; expected one of {", ".join(SHIPPED)}',
            source=where,
            expected=f"one of {', '.join(SHIPPED)}",
            found=name,
        )
    return path


def family(name: str, *, folder: Optional[PathLike] = None) -> Family:
    """The shipped methodology family `name` ("par_index", "papi" or "pci").

    `folder` reads the file from another folder (e.g. a source checkout's data/vn/methodologies).
    """
    return _core.read_methodology_family(family_path(name, folder=folder))


def read_family(path: PathLike) -> Family:
    """Reads a methodology family file (TOML); errors name the file, line and field."""
    return _core.read_methodology_family(Path(path))


def write_family(fam: Family, path: PathLike) -> None:
    """Writes a family as TOML; :func:`read_family` gives it back equal."""
    _core.write_methodology_family(fam, Path(path))


def nodes_frame(version: Methodology) -> pd.DataFrame:
    """The version's nodes indexed by code: parent, depth, names, max/min points, weight, rule, source, note."""
    return table_frame(version.table()).set_index("code")


def leaves(version: Methodology) -> list[str]:
    """Codes of the leaves (nodes without children) in file order."""
    return list(version.leaves())


def weights(version: Methodology, code: Optional[str] = None) -> pd.Series:
    """Weights of the children of `code` (default: the root), NaN where unknown."""
    w = version.weights(code if code is not None else version.root)
    return pd.Series(w, dtype=float, name="weight")


def max_points(version: Methodology) -> pd.Series:
    """Maximum points of every node, NaN where unknown."""
    return pd.Series(version.max_points(), dtype=float, name="max_points")


_RECORD_COLUMNS = ("self", "appraised_1", "appraised_2", "survey")
_EVIDENCE_COLUMNS = ("yes", "level", "rate", "numerator", "denominator", "value", "items")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def assessment(
    records: Union[pd.DataFrame, Mapping[str, float]], *, unit: str = "", year: int = 0, column: str = "survey"
) -> Assessment:
    """An :class:`Assessment` from a DataFrame indexed by leaf code, or from a mapping code -> points.

    DataFrame columns (all optional): self, appraised_1, appraised_2, survey (points), evidence
    columns yes, level, rate, numerator, denominator, value, items (list of names), and
    evidence_note. A mapping gives one number per leaf, stored in `column` (default "survey":
    e.g. PAPI sub-dimension scores or PCI sub-indices).
    """
    out = _core.Assessment()
    out.unit = unit
    out.year = year
    result = {}
    if isinstance(records, pd.DataFrame):
        unknown = set(map(str, records.columns)) - set(_RECORD_COLUMNS) - set(_EVIDENCE_COLUMNS) - {"evidence_note"}
        if unknown:
            expected = f"some of {', '.join(_RECORD_COLUMNS + _EVIDENCE_COLUMNS)}, evidence_note"
            raise located(
                _core.InputError,
                f"unknown column; expected {expected}",
                source="DataFrame",
                column=sorted(unknown)[0],
                expected=expected,
                found=sorted(unknown)[0],
            )
        for code, row in records.iterrows():
            rec = _core.LeafRecord()
            ev = _core.Evidence()
            for name in _RECORD_COLUMNS:
                if name in row and not _is_missing(row[name]):
                    setattr(rec, name, float(row[name]))
            for name in _EVIDENCE_COLUMNS:
                if name not in row:
                    continue
                value = row[name]
                if name == "items":
                    if isinstance(value, (list, tuple)):
                        ev.items = [str(v) for v in value]
                    continue
                if _is_missing(value):
                    continue
                if name == "yes":
                    ev.yes = bool(value)
                elif name == "level":
                    ev.level = str(value)
                else:
                    setattr(ev, name, float(value))
            rec.evidence = ev
            if "evidence_note" in row and not _is_missing(row["evidence_note"]):
                rec.evidence_note = str(row["evidence_note"])
            result[str(code)] = rec
    else:
        if column not in _RECORD_COLUMNS:
            raise error(
                _core.MethodError,
                f'column "{column}": expected one of {", ".join(_RECORD_COLUMNS)}',
                column=column,
                expected=f"one of {', '.join(_RECORD_COLUMNS)}",
                found=column,
            )
        for code, value in records.items():
            if _is_missing(value):
                continue
            rec = _core.LeafRecord()
            setattr(rec, column, float(value))
            result[str(code)] = rec
    out.leaves = result
    return out


def score(
    version: Methodology, records: Union[Assessment, pd.DataFrame, Mapping[str, float]], **kwargs: object
) -> pd.DataFrame:
    """Every node's totals (obtained, percent, by source, deductions) as a DataFrame indexed by code.

    A view of a pipeline run: the same numbers as ``pipeline(version, unknown="missing").run(
    framework(version, unknown="missing"), assessment_data(version, [a], unknown="missing"))``,
    with the split by source aggregated by the same step. `records` is an :class:`Assessment` or
    anything :func:`assessment` accepts (keyword arguments are passed on to it).
    """
    a = records if isinstance(records, _core.Assessment) else assessment(records, **kwargs)  # type: ignore[arg-type]
    return table_frame(_core.score(version, a).table()).set_index("code")


def explain(version: Methodology, records: Union[Assessment, pd.DataFrame, Mapping[str, float]], code: str) -> str:
    """For a leaf: rule, raw value, points and source; for a node: how its children add up."""
    a = records if isinstance(records, _core.Assessment) else assessment(records)
    return _core.explain(version, a, code)


def comparable_part(fam: Family, from_version: str, to_version: str, a: Assessment, b: Assessment) -> pd.DataFrame:
    """One row per crosswalk mapping: points and percent on both sides, whether points compare, why not."""
    card_a = _core.score(fam.version(from_version), a)
    card_b = _core.score(fam.version(to_version), b)
    return table_frame(_core.comparable_part(fam.crosswalk(from_version, to_version), card_a, card_b))


def rescore(fam: Family, from_version: str, to_version: str, a: Assessment) -> tuple[pd.DataFrame, dict[str, str]]:
    """Re-scores an assessment made under `from_version` under `to_version`.

    Returns the node totals (NaN where not comparable) and a dict node code -> reason for every
    node that is not comparable.
    """
    r = _core.rescore(fam, from_version, to_version, a)
    return table_frame(r.scorecard.table()).set_index("code"), dict(r.not_comparable)


# --- a version is a framework plus a pipeline ---------------------------------------------------


_UNKNOWN_PARTS = ("refuse", "missing")


def _unknown_parts(unknown: object) -> _core.UnknownParts:
    return getattr(_core.UnknownParts, require_choice("unknown", unknown, _UNKNOWN_PARTS))


def framework(version: Methodology, *, depth: int = -1, unknown: str = "refuse") -> Framework:
    """The version's tree as a :class:`~govindex.Framework`: leaves are indicators, the rest aggregates.

    Weights: the node weights (weighted_mean) or 1 (points, additive_scale); node attributes keep
    max_points, min_points, name_vi, name_en, source and rule. ``depth`` >= 1 cuts the tree there,
    the nodes at that depth becoming indicators (e.g. the PAPI dimensions: ``depth=1``).

    What the aggregation needs but the version does not know (PCI 2022's weights, children not
    transcribed): with ``unknown="refuse"`` a MethodError naming node and field; with
    ``unknown="missing"`` the node's value is missing (NaN) and so are its ancestors' (an
    always-missing indicator ``<code>@unknown`` stands for the unknown part), which is how
    :func:`score` runs. Guide: docs/guide/methodology.md.
    """
    return Framework(version.framework(depth, _unknown_parts(unknown)))


def pipeline(version: Methodology, *, depth: int = -1, unknown: str = "refuse") -> Pipeline:
    """The :class:`~govindex.Pipeline` computing the version on :func:`framework` (same `depth` and
    `unknown`): a Score step when leaves have rules, then Aggregate with WeightedSum (PCI: scale 10
    with the version's weights)."""
    return Pipeline(version.pipeline(depth, _unknown_parts(unknown)))


def assessment_data(version: Methodology, assessments: Iterable[Assessment], *, unknown: str = "refuse") -> Dataset:
    """Assessments as the raw data set of :func:`pipeline` (one row per assessment, uCode = unit).

    Each leaf's column holds the points given directly (appraised, survey points) as :func:`score`
    takes them; the evidence columns ``<leaf>_yes``, ``_level``, ``_rate``, ``_num``/``_den``,
    ``_value``, ``_items`` hold the evidence for the leaf's rule. `unknown` as in :func:`framework`
    (``"missing"`` adds the always-missing ``<code>@unknown`` columns).
    """
    return Dataset(_core.assessment_data(version, list(assessments), _unknown_parts(unknown)))


def percent_of_max(results: Results, version: Methodology) -> pd.DataFrame:
    """Each node's index = obtained / maximum x 100 % from a run on :func:`framework`, indexed like
    :attr:`Results.scores`; one column per node of the version (NaN where the maximum is unknown)."""
    return Dataset(_core.percent_of_max(results._impl, version)).values


def versions_frame(fam: Family) -> pd.DataFrame:
    """One row per version: id, decision, signed_on, first_year, last_year, aggregation, nodes, complete."""
    rows = []
    for v in fam.versions:
        p = v.provenance
        rows.append(
            {
                "id": v.id,
                "decision": p.decision,
                "signed_on": p.signed_on.iso() or None,
                "first_year": p.first_year,
                "last_year": p.last_year or None,
                "aggregation": v.aggregation.name,
                "survey_points": v.survey_points,
                "nodes": len(v.nodes),
                "complete": v.complete(),
            }
        )
    return pd.DataFrame(rows).astype({"last_year": "Int64"})


def signing_table(fam: Family, years: Iterable[int], *, late_days: int = 60) -> pd.DataFrame:
    """Per assessment year: version in force, signing date, days before the year's end, late flag."""
    rows = []
    for y in years:
        v = fam.version_for(y)
        t = fam.signing_timing(y, late_days)
        rows.append(
            {
                "year": y,
                "version": v.id,
                "signed_on": v.provenance.signed_on.iso() or None,
                "days_before_year_end": t.days_before_year_end if t.known else None,
                "late": t.late if t.known else None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["days_before_year_end"] = frame["days_before_year_end"].astype("Int64")
    frame["late"] = frame["late"].astype("boolean")
    return frame.set_index("year")


__all__ = [
    "SHIPPED",
    "Assessment",
    "Evidence",
    "Family",
    "LeafRecord",
    "Methodology",
    "assessment",
    "assessment_data",
    "comparable_part",
    "explain",
    "family",
    "family_path",
    "framework",
    "leaves",
    "max_points",
    "nodes_frame",
    "percent_of_max",
    "pipeline",
    "read_family",
    "rescore",
    "score",
    "signing_table",
    "versions_frame",
    "weights",
    "write_family",
]
