"""Computations on Vietnam's provincial governance indices: PAPI, PCI and PAR INDEX.

Each function takes the published table of one index and year (as loaded by
:mod:`govindex.vn.data`, or any DataFrame with the same columns) and recomputes what the
methodology says the published numbers are. The numbers are computed by ``Pipeline.run`` on the
framework a methodology version gives (:func:`govindex.methodology.framework`, aggregation
WeightedSum), as any index is:

- PAPI: the total is the plain sum of the dimensions in force (6 to 2017, 8 from 2018); each
  dimension is the sum of its sub-dimensions (:func:`papi_totals`, :func:`papi_subdimension_check`,
  :func:`papi_comparable_series`).
- PCI: the composite is ``10 * sum(w_k * s_k)`` over the ten sub-indices (:func:`pci_composite`);
  the weights can be recovered from published rows by least squares (:func:`recover_weights`).
- PAR INDEX: the 2020 top-ten split (appraised points + SIPAS part + leaders' survey +
  socio-economic impact) and the share of each total that rests on surveys
  (:func:`par_index_components`).

Sources and formulas: ``docs/guide/vietnam.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _core, methodology
from .._core import Aggregate, WeightedSum
from .._errors import error
from ..dataset import Dataset
from ..framework import Framework
from ..pipeline import Pipeline

# --- PAPI ---------------------------------------------------------------------------------------

#: The six dimensions (chỉ số nội dung) present in every PAPI year 2011-2024: participation,
#: transparency, vertical accountability, control of corruption, administrative procedures,
#: public service delivery. D7 (environment) and D8 (e-governance) exist from 2018 only.
PAPI_COMPARABLE_DIMENSIONS: tuple[str, ...] = ("d1", "d2", "d3", "d4", "d5", "d6")

#: Years with a PAPI data file in data/vn.
PAPI_YEARS: tuple[int, ...] = tuple(range(2015, 2025))


@lru_cache(maxsize=4)
def _family(name: str) -> methodology.Family:
    """The shipped methodology family ``name`` (data/vn/methodologies/<name>.toml), read once."""
    return methodology.family(name)


def papi_dimensions(year: int) -> list[str]:
    """Codes of the PAPI dimensions in force in assessment year ``year`` ("d1".."d6" or "d1".."d8").

    The children of the root of the PAPI methodology version in force (``data/vn/methodologies/
    papi.toml``): 6 dimensions 2011-2017, 8 from 2018. UnknownCodeError for a year no version covers.
    """
    version = _family("papi").version_for(year)
    return list(version.children(version.root))


def _subdimension_columns(frame: pd.DataFrame, dimension: str) -> list[str]:
    prefix = dimension + "_"
    return [c for c in frame.columns if c.startswith(prefix) and c[len(prefix) :].isdigit()]


def _labels(frame: pd.DataFrame) -> pd.Index:
    """Row labels for output: the province name when there is a column for it, else the index."""
    if "province" in frame.columns:
        return pd.Index(frame["province"], name="province")
    return frame.index


def _scores(framework: Framework, pipeline: Pipeline, frame: pd.DataFrame) -> pd.DataFrame:
    """``pipeline.run`` on the rows of ``frame`` (units numbered by position, the indicator columns
    of ``framework``); the scores of every node, one row per input row in input order."""
    data = pd.DataFrame({"uCode": [f"row{i + 1}" for i in range(len(frame))]})
    for code in framework.indicators:
        data[code] = frame[code].astype(float).to_numpy()
    if not len(data):
        return pd.DataFrame(columns=framework.tree_codes, dtype=float)
    return pipeline.run(framework, Dataset.from_frame(data, framework)).scores


def _without(pipeline: Pipeline, codes: Sequence[str]) -> Pipeline:
    """The pipeline with the given nodes weighted 0 in its Aggregate step (they take no part)."""
    steps = list(pipeline.steps)
    aggregate = steps[-1]
    aggregate.weights = {**aggregate.weights, **{c: 0.0 for c in codes}}
    return Pipeline(steps[:-1] + [aggregate])


def _papi_total(frame: pd.DataFrame, year: int, comparable: Sequence[str] | None = None) -> np.ndarray:
    """PAPI totals of the version in force in ``year`` by ``Pipeline.run`` on its dimensions (the
    framework cut at depth 1), over the ``comparable`` dimensions only when given."""
    version = _family("papi").version_for(year)
    framework = methodology.framework(version, depth=1)
    pipeline = methodology.pipeline(version, depth=1)
    if comparable is not None:
        pipeline = _without(pipeline, [d for d in framework.indicators if d not in comparable])
    return _scores(framework, pipeline, frame)[version.root].to_numpy(dtype=float)


def papi_totals(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """PAPI totals recomputed from the dimensions in force, next to the published total.

    Parameters
    ----------
    frame
        One year's PAPI table: columns ``d1``.. (dimension scores, 1-10 each) and ``score`` (the
        published unweighted total; empty for 2015-2017, where the workbooks print no total).
    year
        The assessment year; selects 6 (to 2017) or 8 (from 2018) dimensions.

    Returns
    -------
    DataFrame indexed like the input's provinces with columns ``dimensions`` (how many are summed),
    ``complete`` (every dimension present), ``computed`` (their sum; NaN unless complete),
    ``published`` (``score``, NaN where none is published) and ``difference`` (computed - published).
    """
    dims = papi_dimensions(year)
    missing = [d for d in dims if d not in frame.columns]
    if missing:
        raise error(
            _core.InputError,
            f"PAPI {year}: expected dimension columns {', '.join(dims)}; missing {', '.join(missing)}",
            source=f"PAPI {year}",
            column=missing[0],
            expected=f"dimension columns {', '.join(dims)}",
            found="missing",
        )
    complete = frame[dims].astype(float).notna().all(axis=1).to_numpy()
    computed = _papi_total(frame, year)  # NaN unless every dimension is present (WeightedSum)
    published = frame["score"].astype(float).to_numpy() if "score" in frame.columns else np.full(len(frame), np.nan)
    out = pd.DataFrame(
        {
            "dimensions": len(dims),
            "complete": complete,
            "computed": computed,
            "published": published,
            "difference": computed - published,
        },
        index=_labels(frame),
    )
    return out


def _additive_framework(groups: Mapping[str, Sequence[str]], *, root: str) -> Framework:
    """A framework of groups of parts under ``root`` (parts: indicators, groups: aggregates), weights 1."""
    parts = [p for members in groups.values() for p in members]
    meta = pd.DataFrame(
        {
            "iCode": parts + list(groups) + [root],
            "Level": [1] * len(parts) + [2] * len(groups) + [3],
            "Parent": [g for g, members in groups.items() for _ in members] + [root] * len(groups) + [None],
            "Direction": 1,
            "Weight": 1.0,
            "Type": ["Indicator"] * len(parts) + ["Aggregate"] * (len(groups) + 1),
        }
    )
    return Framework.from_frame(meta)


def papi_subdimension_check(frame: pd.DataFrame) -> pd.DataFrame:
    """Each dimension against the sum of its published sub-dimensions, one row per (province, dimension).

    Only dimensions whose sub-dimension columns (``d<k>_<j>``) exist are checked; a row is checked
    when the dimension and all its sub-dimensions are present. Columns: ``province`` (or the input's
    index label), ``dimension``, ``subdimensions`` (count), ``value``, ``sum``, ``difference``,
    ``checked`` (False where something is missing: nothing is compared then). The sums are
    ``Pipeline.run`` on a framework of the sub-dimension columns under their dimensions (WeightedSum).
    """
    records = []
    labels = _labels(frame)
    dims = sorted((c for c in frame.columns if c.startswith("d") and c[1:].isdigit()), key=lambda c: int(c[1:]))
    groups = {dim: _subdimension_columns(frame, dim) for dim in dims}
    groups = {dim: subs for dim, subs in groups.items() if subs}
    # The sums of the sub-dimensions by Pipeline.run (WeightedSum: NaN unless every part is present).
    sums = (
        _scores(_additive_framework(groups, root="papi"), Pipeline([Aggregate(WeightedSum())]), frame)
        if groups
        else None
    )
    for dim, subs in groups.items():
        for position, (label, (_, row)) in enumerate(zip(labels, frame.iterrows())):
            value = float(row[dim]) if pd.notna(row[dim]) else np.nan
            parts = row[subs].astype(float)
            checked = bool(pd.notna(value) and parts.notna().all())
            total = float(sums[dim].iloc[position]) if checked else np.nan
            records.append(
                {
                    "province": label,
                    "dimension": dim,
                    "subdimensions": len(subs),
                    "value": value,
                    "sum": total,
                    "difference": total - value if checked else np.nan,
                    "checked": checked,
                }
            )
    out = pd.DataFrame.from_records(
        records, columns=["province", "dimension", "subdimensions", "value", "sum", "difference", "checked"]
    )
    return out.astype({"subdimensions": int, "value": float, "sum": float, "difference": float, "checked": bool})


def _row_of(frame: pd.DataFrame, province: str) -> pd.DataFrame:
    """Rows of `frame` whose province (name, after NFC) or province_code (column or index) equals `province`."""
    import unicodedata

    key = unicodedata.normalize("NFC", province)
    hits = pd.Series(False, index=frame.index)
    if "province" in frame.columns:
        hits |= frame["province"].map(lambda s: unicodedata.normalize("NFC", str(s))) == key
    if "province_code" in frame.columns:
        hits |= frame["province_code"].astype(str) == key
    if frame.index.name == "province_code":
        hits |= pd.Series([str(i) == key for i in frame.index], index=frame.index)
    return frame[hits]


def papi_comparable_series(frames: Mapping[int, pd.DataFrame], province: str) -> pd.DataFrame:
    """One province's PAPI over several years, on the part comparable across the 6 -> 8 change.

    The comparable part is the set of dimensions in force in every year given (intersection of
    :func:`papi_dimensions`). Across 2015-2024 that is the six dimensions D1-D6 (participation,
    transparency, vertical accountability, control of corruption, administrative procedures,
    public service delivery, :data:`PAPI_COMPARABLE_DIMENSIONS`); D7 (environmental governance)
    and D8 (e-governance), added in 2018, are left out, and ``comparable_total`` is d1 + ... + d6
    (6-60 points) in every year. The total under the
    version in force is shown as well (``total_in_force``, 6 dimensions to 2017, 8 from 2018), but
    must not be compared across the change. Caveat: inside D1-D6 the sub-dimensions changed too
    (2.4 added in 2018, 5.2 dropped by 2022), each dimension keeping its 1-10 scale.

    Parameters
    ----------
    frames
        Year -> that year's PAPI table (columns ``province``/``province_code``, ``d1``..).
    province
        Province name (compared after NFC) or 2-digit code, as in the tables; resolve free-form
        names first with :func:`govindex.vn.provinces.resolve`.

    Returns
    -------
    DataFrame indexed by ``year`` with the comparable dimensions, ``comparable_total`` (NaN unless
    all of them are present),
    ``dimensions_in_force``, ``total_in_force`` (computed sum; NaN unless complete) and
    ``published_total`` (NaN where none is published).
    """
    if not frames:
        raise error(
            _core.InputError,
            "papi_comparable_series: no years given",
            source="papi_comparable_series",
            column="frames",
            expected="at least one year",
            found="no years",
        )
    comparable = [d for d in papi_dimensions(min(frames)) if all(d in papi_dimensions(y) for y in frames)]
    rows = []
    for year in sorted(frames):
        frame = frames[year]
        hit = _row_of(frame, province)
        if len(hit) > 1:
            raise error(
                _core.InputError,
                f'PAPI {year}: province "{province}" appears {len(hit)} times',
                source=f"PAPI {year}",
                column="province",
                expected="one row",
                found=f"{len(hit)} rows",
            )
        totals = papi_totals(hit, year) if len(hit) else None
        record: dict[str, float | int] = {"year": year}
        for d in comparable:
            record[d] = float(hit[d].iloc[0]) if len(hit) and pd.notna(hit[d].iloc[0]) else np.nan
        record["comparable_total"] = float(_papi_total(hit, year, comparable)[0]) if len(hit) else np.nan
        record["dimensions_in_force"] = len(papi_dimensions(year))
        record["total_in_force"] = float(totals["computed"].iloc[0]) if totals is not None else np.nan
        record["published_total"] = float(totals["published"].iloc[0]) if totals is not None else np.nan
        rows.append(record)
    if not any(len(_row_of(frames[y], province)) for y in frames):
        raise error(
            _core.UnknownCodeError,
            f'PAPI: no row for province "{province}" in any of the years {sorted(frames)}',
            source="PAPI",
            column="province",
            expected="a province of the tables",
            found=str(province),
        )
    return pd.DataFrame(rows).set_index("year")


# --- PCI ----------------------------------------------------------------------------------------

#: The ten PCI sub-indices (chỉ số thành phần) in the order of the published tables.
PCI_SUBINDICES: tuple[str, ...] = (
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
)


def pci_weights(year: int) -> pd.Series:
    """Weights of the ten PCI sub-indices in assessment year ``year`` (sum 1), indexed by code.

    The weights of the PCI methodology version in force (``data/vn/methodologies/pci.toml``):
    5/5/20/5/10/5/5/20/20/5 % for 2014-2021. Raises MethodError when the version's weights are
    unknown (PCI 2022: the weighting changed and is not published in the material here) and
    UnknownCodeError for a year no version covers (before 2014, after 2022).
    """
    version = _family("pci").version_for(year)
    weights = pd.Series(
        {str(k): float(v) for k, v in version.weights(version.root).items()}, name="weight", dtype=float
    )
    order = [c for c in PCI_SUBINDICES if c in weights.index] + [c for c in weights.index if c not in PCI_SUBINDICES]
    weights = weights[order]
    if weights.isna().any():
        unknown = ", ".join(weights.index[weights.isna()])
        raise error(
            _core.MethodError,
            f'PCI {year} (version "{version.id}"): the weights of {unknown} are unknown',
            source=f"PCI {year}",
            node=unknown,
            expected="known weights",
            found="unknown",
        )
    return weights


def _weighted_framework(weights: pd.Series, *, root: str) -> Framework:
    """A framework of the weighted components (indicators) under ``root``, weights as given."""
    codes = [str(c) for c in weights.index]
    meta = pd.DataFrame(
        {
            "iCode": codes + [root],
            "Level": [1] * len(codes) + [2],
            "Parent": [root] * len(codes) + [None],
            "Direction": 1,
            "Weight": list(weights.to_numpy(dtype=float)) + [1.0],
            "Type": ["Indicator"] * len(codes) + ["Aggregate"],
        }
    )
    return Framework.from_frame(meta)


def pci_composite(
    frame: pd.DataFrame, weights: pd.Series | Mapping[str, float] | None = None, *, year: int | None = None
) -> pd.DataFrame:
    """PCI composites recomputed as ``10 * sum(w_k * s_k)`` next to the published scores.

    Parameters
    ----------
    frame
        A PCI table: the ten sub-index columns (0-10 each, see :data:`PCI_SUBINDICES`) and ``score``.
    weights
        Weights keyed by sub-index code; default :func:`pci_weights` of ``year``.
    year
        Assessment year for the default weights (required when ``weights`` is None).

    Returns
    -------
    DataFrame indexed by province with ``recomputed``, ``published``, ``difference``
    (recomputed - published) and ``rank`` when the table has one. Rows without sub-indices give
    NaN (e.g. the TP HCM row of the 2019 table, shown as N/A without values).

    The composites are ``Pipeline.run`` on the version's framework (ten sub-indices weighted under
    the root, WeightedSum scale 10); with ``weights`` given, on a framework of those weights.
    MethodError (naming the sub-index) when the version's weights are unknown (PCI 2022).
    """
    if weights is None:
        if year is None:
            raise error(
                _core.MethodError,
                "pci_composite: give weights or the assessment year",
                source="pci_composite",
                column="weights",
                expected="weights or the assessment year",
                found="neither",
            )
        version = _family("pci").version_for(year)
        framework = methodology.framework(version)  # MethodError naming the node if a weight is unknown
        pipeline = methodology.pipeline(version)  # Aggregate(WeightedSum(scale=100 / 10))
        root = version.root
    else:
        framework = _weighted_framework(pd.Series(weights, dtype=float), root="pci")
        pipeline = Pipeline([Aggregate(WeightedSum(scale=10.0))])
        root = "pci"
    codes = framework.indicators
    missing = [c for c in codes if c not in frame.columns]
    if missing:
        raise error(
            _core.InputError,
            f"PCI table: expected sub-index columns {', '.join(codes)}; missing {', '.join(missing)}",
            source="PCI table",
            column=missing[0],
            expected=f"sub-index columns {', '.join(codes)}",
            found="missing",
        )
    recomputed = _scores(framework, pipeline, frame)[root].to_numpy(dtype=float)
    published = frame["score"].astype(float).to_numpy()
    out = pd.DataFrame(
        {
            "recomputed": recomputed,
            "published": published,
            "difference": recomputed - published,
        },
        index=_labels(frame),
    )
    if "rank" in frame.columns:
        out.insert(0, "rank", pd.array(frame["rank"].to_numpy(), dtype="Int64"))
    return out


# --- weight recovery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightRecoveryResult:
    """What :func:`recover_weights` returns.

    Attributes
    ----------
    weights
        Fitted weight per component (Series indexed by component code).
    fitted, residuals
        ``scale * X @ w`` and ``composite - fitted`` per unit (Series indexed by unit).
    rmse, max_abs_residual
        Root mean squared and largest absolute residual, in composite units.
    rank, free_parameters, condition_number
        Rank of the design ([X; 1'] under the sum-to-one constraint), number of free parameters
        (k - 1 constrained, k otherwise) and sigma_max / sigma_min of the solved problem.
    scale, sum_to_one
        The settings used.
    """

    weights: pd.Series
    fitted: pd.Series
    residuals: pd.Series
    rmse: float
    max_abs_residual: float
    rank: int
    free_parameters: int
    condition_number: float
    scale: float
    sum_to_one: bool


def recover_weights(
    components: pd.DataFrame, composite: pd.Series, *, scale: float = 1.0, sum_to_one: bool = True
) -> WeightRecoveryResult:
    """Least-squares weights of a weighted-mean index from published composites.

    Solves ``min ||composite / scale - components @ w||`` (subject to ``sum(w) = 1`` when
    ``sum_to_one``) with the C++ core (null-space reparametrisation + SVD). Units are the rows,
    matched between ``components`` and ``composite`` by index; every value must be present (drop
    units without a published composite first: nothing is skipped silently). Raises NumericError
    for fewer units than weights or collinear components, InputError for a missing value.

    Example: PCI, ``recover_weights(table[PCI_SUBINDICES], table["score"], scale=10)``.
    """
    if not components.index.equals(composite.index):
        raise error(
            _core.InputError,
            "recover_weights: components and composite must have the same index (units)",
            source="recover_weights",
            column="composite",
            expected="the same index (units)",
            found="a different index",
        )
    units = [str(u) for u in components.index]
    codes = [str(c) for c in components.columns]
    fit = _core.recover_weights(
        components.to_numpy(dtype=float),
        composite.to_numpy(dtype=float),
        codes,
        units,
        scale=scale,
        sum_to_one=sum_to_one,
    )
    return WeightRecoveryResult(
        weights=pd.Series(np.asarray(fit.weights), index=pd.Index(components.columns), name="weight"),
        fitted=pd.Series(np.asarray(fit.fitted), index=components.index, name="fitted"),
        residuals=pd.Series(np.asarray(fit.residuals), index=components.index, name="residual"),
        rmse=float(fit.rmse),
        max_abs_residual=float(fit.max_abs_residual),
        rank=int(fit.rank),
        free_parameters=int(fit.free_parameters),
        condition_number=float(fit.condition_number),
        scale=float(fit.scale),
        sum_to_one=bool(fit.sum_to_one),
    )


# --- PAR INDEX ----------------------------------------------------------------------------------

#: The published 2020 split of the PAR INDEX (par-index.md section 2), in points out of 100.
PAR_INDEX_COMPONENTS: tuple[str, ...] = (
    "appraisal_points",
    "sipas_points",
    "leader_survey_points",
    "socioecon_impact_points",
)

#: Components counted as survey-based: the SIPAS part (điều tra xã hội học of citizens and
#: organisations) and the survey of leaders and managers. The socio-economic-impact part is not:
#: par-index.md lists it as scored separately and no source describes it as a survey.
PAR_INDEX_SURVEY_COMPONENTS: tuple[str, ...] = ("sipas_points", "leader_survey_points")


#: Where the points of each published component come from (methodology.PointSource names).
_PAR_INDEX_COMPONENT_SOURCES = {
    "appraisal_points": "appraisal",
    "sipas_points": "survey_external",
    "leader_survey_points": "survey_internal",
    "socioecon_impact_points": "unknown",
}


@lru_cache(maxsize=1)
def _par_index_split() -> methodology.Methodology:
    """The published 2020 split as a methodology of its own (points: the four components add up
    to the index of 100 points), so that it runs through the same Framework -> Pipeline path.

    Decision 1149/QĐ-BNV (2020-2021) is in par_index.toml without its criteria; the split by
    source is what the 2020 report publishes (par-index.md section 2). Component maxima unknown.
    """
    provenance = _core.Provenance()
    provenance.decision = "1149/QĐ-BNV"
    provenance.first_year = 2020
    provenance.last_year = 2021
    root = _core.MethodNode()
    root.code = "par_index"
    root.name_en = "PAR INDEX"
    root.name_vi = "Chỉ số cải cách hành chính"
    root.max_points = 100.0
    nodes = [root]
    for code, source in _PAR_INDEX_COMPONENT_SOURCES.items():
        node = _core.MethodNode()
        node.code = code
        node.parent = "par_index"
        node.name_en = code.replace("_", " ")
        node.source = getattr(_core.PointSource, source)
        nodes.append(node)
    return methodology.Methodology(
        family="par_index",
        id="1149/QĐ-BNV published split",
        aggregation=_core.Aggregation.points,
        provenance=provenance,
        nodes=nodes,
    )


def par_index_components(frame: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The PAR INDEX split into its published parts, their sum and the share resting on surveys.

    Parameters
    ----------
    frame
        PAR INDEX points (:func:`govindex.vn.data.par_index_points`, or the CSV layout):
        ``province``, ``assessment_year`` (or ``year``), ``score``, ``rank`` and the four
        component columns of :data:`PAR_INDEX_COMPONENTS`.
    year
        Keep this assessment year only (None: every year).

    Returns
    -------
    DataFrame indexed by province (rows with all four components only) with the components,
    ``component_sum``, ``published`` (score), ``difference`` (sum - published),
    ``survey_points`` (SIPAS + leaders' survey) and ``survey_share`` (survey_points / published).

    The sums are ``Pipeline.run`` on the framework of the published split (four components under
    the index, WeightedSum); ``survey_points`` is the same run with the non-survey components
    weighted 0.
    """
    year_column = "assessment_year" if "assessment_year" in frame.columns else "year"
    rows = frame if year is None else frame[frame[year_column].astype(int) == year]
    missing = [c for c in PAR_INDEX_COMPONENTS + ("score",) if c not in rows.columns]
    if missing:
        raise error(
            _core.InputError,
            f"PAR INDEX table: missing columns {', '.join(missing)}",
            source="PAR INDEX table",
            column=missing[0],
            expected="columns " + ", ".join(PAR_INDEX_COMPONENTS) + ", score",
            found="missing",
        )
    parts = rows[list(PAR_INDEX_COMPONENTS)].astype(float)
    complete = parts.notna().all(axis=1).to_numpy()  # by position: labels (provinces) may repeat
    rows, parts = rows[complete], parts[complete]
    published = rows["score"].astype(float).to_numpy()
    version = _par_index_split()
    framework = methodology.framework(version)
    pipeline = methodology.pipeline(version)
    not_survey = [c for c in PAR_INDEX_COMPONENTS if c not in PAR_INDEX_SURVEY_COMPONENTS]
    total = _scores(framework, pipeline, parts)[version.root].to_numpy(dtype=float)
    survey = _scores(framework, _without(pipeline, not_survey), parts)[version.root].to_numpy(dtype=float)
    out = pd.DataFrame(index=_labels(rows))
    if year_column in rows.columns:
        out["year"] = rows[year_column].astype(int).to_numpy()
    if "rank" in rows.columns:
        out["rank"] = pd.array(rows["rank"].to_numpy(), dtype="Int64")
    for c in PAR_INDEX_COMPONENTS:
        out[c] = parts[c].to_numpy()
    out["component_sum"] = total
    out["published"] = published
    out["difference"] = out["component_sum"] - out["published"]
    out["survey_points"] = survey
    out["survey_share"] = survey / published
    return out


# --- methods by assessment year ----------------------------------------------------------------


def method_timeline(family_name: str, years: Sequence[int], *, late_days: int = 60) -> pd.DataFrame:
    """The methodology version in force in each assessment year, with its legal basis and signing date.

    Parameters
    ----------
    family_name
        A shipped methodology family ("par_index", "papi", "pci"; ``data/vn/methodologies``).
    years
        Assessment years (năm đánh giá).
    late_days
        A version signed fewer than this many days before the end of the year it scores (or after
        it) is flagged ``late``.

    Returns
    -------
    DataFrame indexed by ``assessment_year``: ``version``, ``decision`` ("" for survey indices),
    ``signed_on`` (ISO date, "" when unknown), ``days_before_year_end`` (<NA> when unknown),
    ``late`` and ``first_year``/``last_year`` of the version (``last_year`` <NA> = still in force).
    """
    family = _family(family_name)
    rows = []
    for year in years:
        version = family.version_for(year)
        p = version.provenance
        timing = family.signing_timing(year, late_days)
        rows.append(
            {
                "assessment_year": year,
                "version": version.id,
                "decision": p.decision,
                "signed_on": p.signed_on.iso() if p.signed_on.known else "",
                "days_before_year_end": timing.days_before_year_end if timing.known else None,
                "late": bool(timing.late) if timing.known else None,
                "first_year": p.first_year,
                "last_year": p.last_year if p.last_year else None,
            }
        )
    out = pd.DataFrame(rows).set_index("assessment_year")
    for column in ("days_before_year_end", "first_year", "last_year"):
        out[column] = pd.array(out[column].tolist(), dtype="Int64")
    out["late"] = pd.array(out["late"].tolist(), dtype="boolean")
    return out


__all__: Sequence[str] = [
    "PAPI_COMPARABLE_DIMENSIONS",
    "PAPI_YEARS",
    "PAR_INDEX_COMPONENTS",
    "PAR_INDEX_SURVEY_COMPONENTS",
    "PCI_SUBINDICES",
    "WeightRecoveryResult",
    "method_timeline",
    "papi_comparable_series",
    "papi_dimensions",
    "papi_subdimension_check",
    "papi_totals",
    "par_index_components",
    "pci_composite",
    "pci_weights",
    "recover_weights",
]


# --- whole runs (Results) for diagnosis and planning ---------------------------------------------


def _results_from(frame: pd.DataFrame, framework: Framework, pipeline: Pipeline):
    """``pipeline.run`` on a published table: units = province codes (names kept), one column per
    indicator of `framework`."""
    data = pd.DataFrame({"uCode": [str(c) for c in frame.index], "uName": frame["province"].to_numpy()})
    for code in framework.indicators:
        data[code] = frame[code].astype(float).to_numpy()
    return pipeline.run(framework, Dataset.from_frame(data, framework))


def papi_results(year: int, *, depth: int = 1):
    """PAPI of one assessment year as a full run (:class:`govindex.Results`) on the methodology
    version in force: the framework cut at `depth` (1: the dimensions are the indicators; 2: the
    sub-dimensions, for the years that publish them: 2015-2019, 2022, 2023), its WeightedSum.

    Units are the provinces by code (``uName`` = the name with diacritics); the total is the sum of
    the published dimensions (or sub-dimensions), so it may differ from the published, rounded total
    in the sixth decimal and a tie may rank differently. Provinces without data (2022: Bắc Giang,
    Bắc Ninh) have no score. Raises InputError when `depth` asks for sub-dimensions the year does
    not publish.
    """
    from .published import papi

    if depth not in (1, 2):
        raise error(
            _core.MethodError,
            f"PAPI results: depth {depth}; expected 1 (dimensions) or 2 (sub-dimensions)",
            column="depth",
            expected="1 or 2",
            found=str(depth),
        )
    frame = papi(year)
    version = _family("papi").version_for(year)
    framework = methodology.framework(version, depth=depth)
    missing = [c for c in framework.indicators if c not in frame.columns]
    if missing:
        raise error(
            _core.InputError,
            f"PAPI {year} publishes no {', '.join(missing[:3])}"
            f"{'…' if len(missing) > 3 else ''}: no sub-dimensions that year; expected depth=1",
            source=f"PAPI {year}",
            column=missing[0],
            expected="depth=1",
            found=f"depth={depth}",
        )
    return _results_from(frame, framework, methodology.pipeline(version, depth=depth))


def pci_results(year: int):
    """PCI of one assessment year as a full run (:class:`govindex.Results`): the ten sub-indices
    weighted by :func:`pci_weights` of the year, ``10 * sum(w_k * s_k)`` (WeightedSum scale 10), on
    the shipped rows (the top rows VCCI published: ranks are among those rows). Rows without
    sub-indices have no score."""
    from .published import pci

    frame = pci(year)
    weights = pci_weights(year)
    framework = _weighted_framework(weights, root="PCI")
    return _results_from(frame, framework, Pipeline([Aggregate(WeightedSum(scale=10.0))]))
