"""Analysis of a data set or a run, at parity with COINr's ``get_stats``, ``get_data_avail``,
``get_corr``, ``get_pvals``, ``get_denom_corr``, ``get_cronbach``, ``get_PCA``,
``get_eff_weights``, ``get_opt_weights``, ``remove_elements``, ``compare_coins`` and
``compare_df``: indicator statistics and flags, each unit's data availability, correlations
(Pearson, Spearman, Kendall) with p-values, correlations with the denominators, Cronbach's
alpha, PCA and PCA weights,
each node's share of the index, correlation-optimised weights, the effect of removing each
element of a level, and comparisons of variants and of data sets.
Every function returns pandas objects. Guide: docs/guide/analysis.md.

>>> import govindex as gi
>>> framework, data = gi.datasets.asem()
>>> results = gi.Pipeline([gi.Normalise(gi.MinMax(low=0, high=100)), gi.Aggregate()]).run(framework, data)
>>> gi.indicator_statistics(results, data_set="Raw").loc["Flights", "Flag.SkewKurt"]
'OUT'
>>> round(gi.cronbach_alpha(results, group="P2P"), 3)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Mapping, NamedTuple, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import ArgumentTypeError, require_int32
from ._tables import (
    AVAILABILITY_THRESHOLD,
    KURTOSIS_THRESHOLD,
    NON_ZERO_THRESHOLD,
    SKEW_THRESHOLD,
    UNIQUE_THRESHOLD,
    pairs_frame,
    statistics_frame,
    table_frame,
)
from .dataset import Dataset
from .framework import Framework
from .results import Results

METHODS = ("pearson", "spearman", "kendall")

Source = Union[Results, Dataset]
Selection = Union[int, Sequence[str]]


def _data(source: object, data_set: Optional[str], function: str) -> _core.Dataset:
    """The compiled data set of `source`: a Dataset, or a Results' data set `data_set` (default:
    its scores, every indicator and aggregate)."""
    if isinstance(source, Results):
        if data_set is None:
            return source._impl.scores()
        if not isinstance(data_set, str):
            raise ArgumentTypeError(f"data_set: expected a str, found {type(data_set).__name__} {data_set!r}")
        return source._impl.data_set(data_set)
    if isinstance(source, Dataset):
        if data_set is not None:
            raise ArgumentTypeError(
                f"{function}: data_set names a data set of a Results; found a Dataset with data_set={data_set!r}"
            )
        return source._impl
    raise ArgumentTypeError(f"{function}: expected a Results or a Dataset, found {type(source).__name__}")


def _framework(source: object, framework: Optional[Framework], function: str) -> _core.Framework:
    if framework is not None:
        if not isinstance(framework, Framework):
            raise ArgumentTypeError(f"framework: expected a Framework, found {type(framework).__name__}")
        return framework._impl
    if isinstance(source, Results):
        return source._impl.framework
    raise ArgumentTypeError(f"{function}: a Dataset needs framework= to select nodes by level or group")


def _method(method: object) -> str:
    if not isinstance(method, str):
        raise ArgumentTypeError(
            f"method: expected one of {', '.join(METHODS)} as a str, found {type(method).__name__} {method!r}"
        )
    return method


def _max_p(max_p: object) -> Optional[float]:
    if max_p is None:
        return None
    if isinstance(max_p, bool) or not isinstance(max_p, (int, float, np.integer, np.floating)):
        raise ArgumentTypeError(f"max_p: expected a number in [0, 1] or None, found {type(max_p).__name__} {max_p!r}")
    return float(max_p)


def _codes(name: str, value: object, framework: Optional[_core.Framework]) -> list[str]:
    """A selection of nodes: a level (int, needs a framework) or a list of codes."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if framework is None:
            raise ArgumentTypeError(f"{name}: a level needs a framework (a Results, or framework=)")
        level = int(value)
        codes = list(framework.level_codes(level))
        if not codes:
            raise _error(
                _core.MethodError,
                f"{name}: the framework has no nodes at level {level}; expected a level in 1..{framework.max_level}",
            )
        return codes
    if isinstance(value, str) or not isinstance(value, Sequence) or not all(isinstance(c, str) for c in value):
        raise ArgumentTypeError(
            f"{name}: expected a level (int) or a list of codes (str), found {type(value).__name__} {value!r}"
        )
    return list(value)


def _error(cls: type, message: str) -> Exception:
    from ._errors import error

    return error(cls, message, source="analysis")


def indicator_statistics(
    source: Source,
    *,
    data_set: Optional[str] = None,
    columns: Optional[Sequence[str]] = None,
    skew_threshold: float = SKEW_THRESHOLD,
    kurtosis_threshold: float = KURTOSIS_THRESHOLD,
    availability_threshold: float = AVAILABILITY_THRESHOLD,
    non_zero_threshold: float = NON_ZERO_THRESHOLD,
    unique_threshold: float = UNIQUE_THRESHOLD,
) -> pd.DataFrame:
    """Statistics of each column of a data set and COINr's flags (COINr ``get_stats``).

    Parameters
    ----------
    source
        A :class:`Results` (with `data_set`, default its scores: every indicator and aggregate)
        or a :class:`Dataset` (all its columns).
    columns
        Only these columns, in this order.
    skew_threshold, kurtosis_threshold
        ``Flag.SkewKurt`` is "OUT" when ``|Skew| > skew_threshold`` and ``Kurt > kurtosis_threshold``.
    availability_threshold
        ``Flag.Avail`` is "LOW" when ``Frc.Avail`` is below it.
    non_zero_threshold, unique_threshold
        ``Flag.NonZero`` / ``Flag.Unique`` are "LOW" when the non-zero / unique values per unit
        (of all units, as COINr) are below them.

    Returns
    -------
    DataFrame indexed by iCode: Min, Max, Mean, Median, Std (n - 1), Skew, Kurt (e1071 type 2),
    N.Avail, N.NonZero, N.Unique, N.Same, Frc.Avail, Frc.NonZero, Frc.Unique, Frc.Same (shares
    of the available values, Frc.Avail of all units), Flag.Avail, Flag.NonZero, Flag.Unique ("ok"
    or "LOW"), Flag.SkewKurt ("ok" or "OUT"; None where skew or kurtosis is undefined and decides).
    """
    data = _data(source, data_set, "indicator_statistics")
    if columns is not None and (isinstance(columns, str) or not all(isinstance(c, str) for c in columns)):
        raise ArgumentTypeError(f"columns: expected a list of codes (str), found {type(columns).__name__} {columns!r}")
    return statistics_frame(
        data,
        list(columns or []),
        float(skew_threshold),
        float(kurtosis_threshold),
        float(availability_threshold),
        float(non_zero_threshold),
        float(unique_threshold),
    )


def _input_data(source: object, data_set: Optional[str], function: str) -> _core.Dataset:
    """As :func:`_data`, but a Results' default is its input data set ("Raw"), not its scores."""
    if isinstance(source, Results) and data_set is None:
        return source._impl.data_set(source._impl.data_set_names()[0])
    return _data(source, data_set, function)


def data_availability(
    source: Source,
    framework: Optional[Framework] = None,
    *,
    level: int = 2,
    data_set: Optional[str] = None,
) -> pd.DataFrame:
    """Each unit's data availability, overall and by aggregation group (COINr ``get_data_avail``,
    its Summary and ByGroup tables side by side).

    Parameters
    ----------
    source
        A :class:`Results` (with `data_set`, default its input data set "Raw") or a
        :class:`Dataset` (then `framework` is needed).
    framework
        The framework whose indicators are counted and whose groups give the group columns
        (default: the Results' own).
    level
        The level of the groups (2..the top level; default 2, the groups of indicators).

    Returns
    -------
    DataFrame indexed by uCode ((uCode, Time) for panel data), over the framework's k indicators:
    N.Avail, N.Missing, N.Zero (zeros among the available values), Frc.Avail (N.Avail / k),
    Frc.NonZero (1 - N.Zero / N.Avail; NaN for a unit without values), then one column per group
    of `level`, named by its code: the share of the group's indicators available for the unit.
    An UnknownCodeError for an unknown data set, a MethodError for a level out of range.
    """
    data = _input_data(source, data_set, "data_availability")
    fw = _framework(source, framework, "data_availability")
    frame = table_frame(_core.data_availability(data, fw, require_int32("level", level)))
    for name in ("N.Avail", "N.Missing", "N.Zero"):
        frame[name] = frame[name].astype(int)
    if "Time" in frame.columns:
        frame["Time"] = frame["Time"].astype(int)
        return frame.set_index(["uCode", "Time"])
    return frame.set_index("uCode")


def denominator_correlations(
    source: Source,
    *,
    data_set: Optional[str] = None,
    columns: Optional[Sequence[str]] = None,
    method: str = "pearson",
    min_abs: Optional[float] = None,
) -> pd.DataFrame:
    """Correlations of indicators with every denominator of the data (COINr ``get_denom_corr``),
    each pair on the units where both are present: a strong one may suggest dividing the
    indicator by that denominator (:class:`Denominate`).

    Parameters
    ----------
    source
        A :class:`Results` (with `data_set`, default its input data set "Raw") or a
        :class:`Dataset`; its denominators are those it carries (a framework row of type
        Denominator, or :func:`with_denominators`).
    columns
        The columns to correlate (default: the framework's indicators for a Results, every column
        for a Dataset).
    method
        "pearson", "spearman" (Pearson on average ranks) or "kendall" (tau-b).
    min_abs
        Only the pairs with ``|correlation| >= min_abs`` (COINr's ``cor_thresh``, 0.6 there by
        default); None keeps every pair, undefined ones (NaN) last.

    Returns
    -------
    DataFrame with columns indicator, denominator, correlation, p_value, n (complete pairs),
    sorted by ``|correlation|`` descending. A MethodError when the data has no denominators or
    `min_abs` is outside [0, 1]; UnknownCodeError for an unknown column or data set.
    """
    data = _input_data(source, data_set, "denominator_correlations")
    if columns is None:
        codes = list(source._impl.framework.level_codes(1)) if isinstance(source, Results) else []
    elif isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
        raise ArgumentTypeError(f"columns: expected a list of codes (str), found {type(columns).__name__} {columns!r}")
    elif not columns:
        raise _error(_core.MethodError, "denominator_correlations: columns is empty; expected at least one code")
    else:
        codes = list(columns)
    if min_abs is not None:
        min_abs = _number("min_abs", min_abs)
    return pairs_frame(_core.denominator_correlations(data, codes, _method(method), min_abs))


def _correlations(source, data_set, framework, rows, columns, method) -> dict:
    data = _data(source, data_set, "correlations")
    by_level = any(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in (rows, columns))
    fw = _framework(source, framework, "correlations") if by_level else None
    row_codes = _codes("rows", rows, fw)
    column_codes = row_codes if columns is None else _codes("columns", columns, fw)
    return _core.correlations(data, row_codes, column_codes, _method(method))


def correlations(
    source: Source,
    *,
    rows: Selection = 1,
    columns: Optional[Selection] = None,
    method: str = "pearson",
    max_p: Optional[float] = None,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> pd.DataFrame:
    """Correlations of some nodes against others on pairwise complete units (COINr ``get_corr``,
    ``make_long = FALSE``).

    Parameters
    ----------
    source
        A :class:`Results` (with `data_set`, default its scores) or a :class:`Dataset`.
    rows, columns
        A level (int: its nodes in framework order) or a list of codes; `columns` defaults to `rows`.
    method
        "pearson", "spearman" (Pearson on average ranks) or "kendall" (tau-b).
    max_p
        Blank (NaN) the correlations whose p-value is above it (COINr's ``pval``, 0.05 there by
        default); None keeps every value. See :func:`correlation_p_values`.
    framework
        The framework, to select by level when `source` is a Dataset.

    Returns
    -------
    DataFrame rows x columns (NaN where undefined: fewer than 2 complete pairs, or a constant node).
    """
    c = _correlations(source, data_set, framework, rows, columns, method)
    r = np.array(c["r"], dtype=float)
    max_p = _max_p(max_p)
    if max_p is not None:
        if not 0 <= max_p <= 1:
            raise _error(
                _core.MethodError, f"correlations: max_p {max_p} is out of range; expected a p-value in [0, 1]"
            )
        r[np.asarray(c["p"]) > max_p] = np.nan
    return pd.DataFrame(r, index=pd.Index(c["rows"], name="iCode"), columns=c["columns"])


def correlation_p_values(
    source: Source,
    *,
    rows: Selection = 1,
    columns: Optional[Selection] = None,
    method: str = "pearson",
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> pd.DataFrame:
    """Two-sided p-values of :func:`correlations` (COINr ``get_pvals``): 0 for a node with itself,
    NaN with fewer than 3 complete pairs. Pearson and Spearman from the t approximation with n - 2
    degrees of freedom, Kendall from the normal approximation with ties corrected (R's
    ``cor.test(exact = FALSE)``)."""
    c = _correlations(source, data_set, framework, rows, columns, method)
    return pd.DataFrame(np.array(c["p"], dtype=float), index=pd.Index(c["rows"], name="iCode"), columns=c["columns"])


def parent_correlations(
    source: Source,
    *,
    level: int = 1,
    method: str = "pearson",
    max_p: Optional[float] = None,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> pd.DataFrame:
    """Each node of `level` against its parent (COINr ``get_corr(withparent = TRUE)``).

    Returns a DataFrame with columns parent, node, correlation (NaN where p > `max_p`), p_value, n
    (complete pairs), one row per node in framework order.
    """
    data = _data(source, data_set, "parent_correlations")
    fw = _framework(source, framework, "parent_correlations")
    return pairs_frame(
        _core.parent_correlations(data, fw, require_int32("level", level), _method(method), _max_p(max_p))
    )


def group_correlations(
    source: Source,
    *,
    level: int = 1,
    group_level: Optional[int] = None,
    group: Optional[str] = None,
    method: str = "pearson",
    max_p: Optional[float] = None,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> pd.DataFrame:
    """Correlations of the nodes of `level` within their groups at `group_level` (default
    ``level + 1``), each pair once (COINr ``get_corr(grouplev)``, ``get_corr_flags``).

    `group` keeps one group (a MethodError if it has fewer than two members at `level`); without it
    a group with one member gives no row. Returns columns group, node1, node2, correlation,
    p_value, n.
    """
    data = _data(source, data_set, "group_correlations")
    fw = _framework(source, framework, "group_correlations")
    level = require_int32("level", level)
    group_level = level + 1 if group_level is None else require_int32("group_level", group_level)
    if group is not None and not isinstance(group, str):
        raise ArgumentTypeError(f"group: expected a node code (str), found {type(group).__name__} {group!r}")
    return pairs_frame(
        _core.group_correlations(data, fw, level, group_level, _method(method), _max_p(max_p), group or "")
    )


def correlation_flags(
    source: Source,
    *,
    threshold: float = 0.9,
    flag: str = "high",
    level: int = 1,
    group_level: Optional[int] = None,
    method: str = "pearson",
    use_directions: bool = False,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> pd.DataFrame:
    """The pairs of :func:`group_correlations` whose correlation is strictly above (``flag="high"``:
    collinear, possibly double counting) or below (``flag="low"``, e.g. ``threshold=-0.4``:
    conflicting) `threshold` (COINr ``get_corr_flags``; defaults as there: 0.9, "high", indicators
    within their level-2 groups). Undefined correlations are never flagged.

    `use_directions` correlates direction-adjusted values (the correlation times both nodes'
    directions), so that a pair that pulls the index in opposite ways shows as negative. Returns
    columns group, node1, node2, correlation, p_value, n (empty when nothing is flagged).
    """
    data = _data(source, data_set, "correlation_flags")
    fw = _framework(source, framework, "correlation_flags")
    threshold = _number("threshold", threshold)
    flag = _choice("flag", flag, ("high", "low"))
    level = require_int32("level", level)
    group_level = level + 1 if group_level is None else require_int32("group_level", group_level)
    if not isinstance(use_directions, bool):
        raise ArgumentTypeError(
            f"use_directions: expected True or False, found {type(use_directions).__name__} {use_directions!r}"
        )
    return pairs_frame(
        _core.correlation_flags(data, fw, threshold, flag, level, group_level, _method(method), use_directions)
    )


def cronbach_alpha(
    source: Source,
    *,
    group: Optional[str] = None,
    columns: Optional[Sequence[str]] = None,
    level: Optional[int] = None,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> float:
    """Cronbach's alpha (COINr ``get_cronbach``): ``k / (k - 1) * (1 - sum_i var_i / sum_ij cov_ij)``
    over the members of `group` at `level` (default: its children) or over `columns`, with
    covariances on pairwise complete units. A MethodError for fewer than two members; NaN when the
    total variance is 0."""
    data = _data(source, data_set, "cronbach_alpha")
    if (group is None) == (columns is None):
        raise ArgumentTypeError("cronbach_alpha: give either group= (a node code) or columns= (a list of codes)")
    if columns is not None:
        if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
            raise ArgumentTypeError(
                f"columns: expected a list of codes (str), found {type(columns).__name__} {columns!r}"
            )
        return _core.cronbach_alpha(data, list(columns))
    if not isinstance(group, str):
        raise ArgumentTypeError(f"group: expected a node code (str), found {type(group).__name__} {group!r}")
    fw = _framework(source, framework, "cronbach_alpha")
    return _core.group_cronbach_alpha(data, fw, group, None if level is None else require_int32("level", level))


def index_weights(source: Union[Results, Framework], *, weights: Optional[Mapping[str, float]] = None) -> pd.DataFrame:
    """Each tree node's share of the index, its "effective weight" (COINr ``get_eff_weights``): its
    weight over the sum of its siblings' weights, times its parent's share (the root has 1).

    `source` is a :class:`Results` (the weights its aggregate step used) or a :class:`Framework`
    (its own weights, or `weights`: code -> weight for every tree node). Returns a DataFrame
    indexed by iCode with Level, Weight (as given) and EffWeight, in tree order.
    """
    if isinstance(source, Results):
        if weights is not None:
            raise ArgumentTypeError("index_weights: weights= goes with a Framework; a Results has its own")
        table = _core.index_weights(source._impl)
    elif isinstance(source, Framework):
        if weights is None:
            weights = {code: source._impl.node(code).weight for code in source._impl.tree_codes}
        if not isinstance(weights, Mapping):
            raise ArgumentTypeError(f"weights: expected a mapping code -> weight, found {type(weights).__name__}")
        table = _core.framework_index_weights(source._impl, {str(k): float(v) for k, v in weights.items()})
    else:
        raise ArgumentTypeError(f"index_weights: expected a Results or a Framework, found {type(source).__name__}")
    frame = table_frame(table).set_index("iCode")
    frame["Level"] = frame["Level"].astype(int)
    return frame


class ElementRemoval(NamedTuple):
    """What :func:`remove_elements` returns (COINr ``remove_elements``' Scores, Ranks, MeanAbsDiff)."""

    scores: pd.DataFrame
    """Indexed by uCode: "Nominal" (the run's scores of the node), then one column per element removed."""
    ranks: pd.DataFrame
    """Ranks of each column of :attr:`scores` (1 = best, ties share the lowest rank)."""
    mean_abs_rank_change: pd.Series
    """Per column of :attr:`ranks`: mean absolute change from the nominal rank ("Nominal": 0)."""


def remove_elements(results: Results, *, level: int, node: Optional[str] = None) -> ElementRemoval:
    """Remove each element of `level` in turn (weight 0), re-run the aggregate step and compare
    `node` (default: the index) with the run (COINr ``remove_elements``).

    A MethodError when a removal leaves a group with no positive weight (naming it), for panel
    data, or for a run without an aggregate step; UnknownCodeError for an unknown node.
    """
    if not isinstance(results, Results):
        raise ArgumentTypeError(f"remove_elements: expected a Results, found {type(results).__name__}")
    if node is not None and not isinstance(node, str):
        raise ArgumentTypeError(f"node: expected a node code (str), found {type(node).__name__} {node!r}")
    d = _core.remove_elements(results._impl, require_int32("level", level), node or "")
    columns = ["Nominal", *d["removed"]]
    index = pd.Index(d["units"], name="uCode")
    scores = pd.DataFrame(np.asarray(d["scores"]), index=index, columns=columns)
    ranks = pd.DataFrame(np.asarray(d["ranks"]), index=index, columns=columns).round().astype("Int64")
    change = pd.Series(
        np.asarray(d["mean_abs_rank_change"]), index=pd.Index(columns, name="iCode"), name="MeanAbsRankDiff"
    )
    return ElementRemoval(scores, ranks, change)


# --- PCA -----------------------------------------------------------------------------------------


class PrincipalComponents(NamedTuple):
    """What :func:`pca` returns for one group (COINr ``get_PCA``'s ``prcomp`` output, plus the
    units used and dropped)."""

    group: Optional[str]
    """The node whose members were analysed (None for columns given)."""
    summary: pd.DataFrame
    """Indexed by component ("PC1", ...): eigenvalue (the scores' variance, prcomp ``sdev**2``),
    proportion (of the total variance) and cumulative."""
    loadings: pd.DataFrame
    """Variables x components: unit eigenvectors of the correlation matrix (prcomp ``rotation``),
    each component's sign fixed so that its loadings add up to > 0 (first non-zero loading > 0
    when they add up to 0)."""
    scores: pd.DataFrame
    """Complete units (uCode) x components: standardised data times the loadings (prcomp ``x``)."""
    weights: pd.Series
    """COINr's "PCA weights": the first component's loadings (squares add up to 1; may be negative)."""
    dropped_units: list[str]
    """Units left out because one of the variables is missing there."""


def _pca_result(d: dict) -> PrincipalComponents:
    columns = list(d["columns"])
    components = [f"PC{j + 1}" for j in range(len(columns))]
    pcs = pd.Index(components, name="component")
    summary = pd.DataFrame(
        {
            "eigenvalue": np.asarray(d["eigenvalues"]),
            "proportion": np.asarray(d["proportion"]),
            "cumulative": np.asarray(d["cumulative"]),
        },
        index=pcs,
    )
    variables = pd.Index(columns, name="iCode")
    loadings = pd.DataFrame(np.asarray(d["loadings"]), index=variables, columns=pcs)
    scores = pd.DataFrame(np.asarray(d["scores"]), index=pd.Index(list(d["units"]), name="uCode"), columns=pcs)
    weights = pd.Series(loadings["PC1"].to_numpy(copy=True), index=variables, name="PCAWeight")
    return PrincipalComponents(d["group"] or None, summary, loadings, scores, weights, list(d["dropped_units"]))


def pca(
    source: Source,
    *,
    group: Optional[str] = None,
    columns: Optional[Sequence[str]] = None,
    level: Optional[int] = None,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> PrincipalComponents:
    """Principal component analysis of a group's members or of some columns (COINr ``get_PCA``,
    i.e. ``prcomp(center = TRUE, scale = TRUE)``): the eigen-decomposition of their correlation
    matrix on the complete units.

    Parameters
    ----------
    source
        A :class:`Results` (with `data_set`, default its scores) or a :class:`Dataset`.
    group, level
        The members of `group` at `level` (default: its children).
    columns
        Or these columns (give either `group` or `columns`).

    Units with a missing value in any variable are dropped (``dropped_units``; impute first to
    keep them). A MethodError for fewer than two variables or fewer than 3 complete units; a
    NumericError naming a variable that is constant on the complete units.
    """
    data = _data(source, data_set, "pca")
    if (group is None) == (columns is None):
        raise ArgumentTypeError("pca: give either group= (a node code) or columns= (a list of codes)")
    if columns is not None:
        if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
            raise ArgumentTypeError(
                f"columns: expected a list of codes (str), found {type(columns).__name__} {columns!r}"
            )
        return _pca_result(_core.principal_components(data, list(columns)))
    if not isinstance(group, str):
        raise ArgumentTypeError(f"group: expected a node code (str), found {type(group).__name__} {group!r}")
    fw = _framework(source, framework, "pca")
    return _pca_result(
        _core.group_principal_components(data, fw, group, None if level is None else require_int32("level", level))
    )


def pca_weights(
    source: Source,
    *,
    level: int = 1,
    data_set: Optional[str] = None,
    framework: Optional[Framework] = None,
) -> tuple[pd.Series, dict[str, PrincipalComponents]]:
    """COINr ``get_PCA(Level = level, by_groups = TRUE)``: one PCA per group of the nodes of
    `level` (the children of each node of level + 1; a group of one member has none) and the
    PCA weights of every node of `level` that has one.

    Returns ``(weights, by_group)``: a Series of the first component's loadings indexed by node
    code (read the caveats in the guide: a component's sign is a convention, loadings can be
    negative), and each group's :class:`PrincipalComponents` keyed by group code.
    """
    data = _data(source, data_set, "pca_weights")
    fw = _framework(source, framework, "pca_weights")
    results = [_pca_result(d) for d in _core.principal_components_by_group(data, fw, require_int32("level", level))]
    weights = pd.concat([r.weights for r in results]) if results else pd.Series(dtype=float, name="PCAWeight")
    weights.index.name = "iCode"
    return weights, {r.group: r for r in results}


# --- optimised weights ---------------------------------------------------------------------------


class OptimisedWeights(NamedTuple):
    """What :func:`optimise_weights` returns (COINr ``get_opt_weights``' WeightsOpt, OptResults
    and CorrResultsNorm)."""

    weights: pd.Series
    """The optimised weights keyed by node code, summing to 1 within each group of siblings."""
    table: pd.DataFrame
    """Indexed by node code: initial_weight, weight, correlation_before, correlation_after and,
    for "balance", target (the target shares)."""
    against: str
    """The node the correlations are taken with."""
    objective: str
    """ "balance" or "infomax"."""
    objective_before: float
    """The objective at the run's weights."""
    objective_value: float
    """The objective at the optimum (minimised; infomax's is minus the sum of correlations)."""
    evaluations: int
    """Re-aggregations made."""
    status: str
    """NLopt's result, e.g. "XTOL_REACHED", "FTOL_REACHED", "MAXEVAL_REACHED"."""
    converged: bool
    """Stopped by a tolerance, not by max_evaluations."""


_OBJECTIVES = ("balance", "infomax")
_OPTIMISERS = ("nelder_mead", "sbplx", "bobyqa")


def _choice(name: str, value: object, choices: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{name}: expected one of {', '.join(choices)} as a str, found {type(value).__name__} {value!r}"
        )
    return value


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ArgumentTypeError(f"{name}: expected a number, found {type(value).__name__} {value!r}")
    return float(value)


def optimise_weights(
    results: Results,
    *,
    group: Optional[str] = None,
    level: Optional[int] = None,
    nodes: Optional[Sequence[str]] = None,
    objective: str = "balance",
    target: Union[None, Sequence[float], Mapping[str, float]] = None,
    against: Optional[str] = None,
    method: str = "pearson",
    optimiser: str = "nelder_mead",
    lower: float = 0.0,
    relative_tolerance: float = 1e-6,
    max_evaluations: int = 2000,
) -> OptimisedWeights:
    """Correlation-optimised weights (COINr ``get_opt_weights``, after Becker et al. 2017).

    Finds the weights of the children of `group`, of every node of `level` (COINr's ``Level``),
    or of `nodes`, so that their correlations with `against` (default: `group` itself, else the
    index) are in the `target` shares ("balance", default equal) or add up to the most
    ("infomax"). Each evaluation re-runs the run's last aggregate step with the candidate weights,
    so any aggregation method works. Optimiser: NLopt's Nelder–Mead (default), Sbplx or BOBYQA,
    with every raw weight bounded to [`lower`, 1]; stops at `relative_tolerance` (on the weights
    and the objective) or after `max_evaluations`. See the guide for the objective and where it
    differs from COINr.
    """
    if not isinstance(results, Results):
        raise ArgumentTypeError(f"optimise_weights: expected a Results, found {type(results).__name__}")
    chosen = [g for g in (group, level, nodes) if g is not None]
    if len(chosen) != 1:
        raise ArgumentTypeError(
            "optimise_weights: give one of group= (a node code), level= (an int) or nodes= (a list of codes)"
        )
    if group is not None and not isinstance(group, str):
        raise ArgumentTypeError(f"group: expected a node code (str), found {type(group).__name__} {group!r}")
    if nodes is not None and (isinstance(nodes, str) or not all(isinstance(c, str) for c in nodes)):
        raise ArgumentTypeError(f"nodes: expected a list of codes (str), found {type(nodes).__name__} {nodes!r}")
    if against is not None and not isinstance(against, str):
        raise ArgumentTypeError(f"against: expected a node code (str), found {type(against).__name__} {against!r}")
    shares: list[float] = []
    if target is not None:
        if isinstance(target, Mapping):
            fw = results._impl.framework
            if group is not None:
                codes = list(fw.children(group))
            elif level is not None:
                codes = list(fw.level_codes(require_int32("level", level)))
            else:
                codes = list(nodes or [])
            missing = [c for c in codes if c not in target]
            if missing or len(target) != len(codes):
                raise _error(
                    _core.MethodError,
                    f"target: expected a share for each of {', '.join(codes)}; found {', '.join(map(str, target))}",
                )
            shares = [_number(f"target[{c!r}]", target[c]) for c in codes]
        elif isinstance(target, str) or not isinstance(target, Sequence):
            raise ArgumentTypeError(
                f"target: expected a list of shares or a mapping code -> share, found {type(target).__name__}"
            )
        else:
            shares = [_number("target", t) for t in target]
    d = _core.optimise_weights(
        results._impl,
        list(nodes or []),
        group or "",
        None if level is None else require_int32("level", level),
        _choice("objective", objective, _OBJECTIVES),
        shares,
        _method(method),
        against or "",
        _choice("optimiser", optimiser, _OPTIMISERS),
        _number("lower", lower),
        _number("relative_tolerance", relative_tolerance),
        require_int32("max_evaluations", max_evaluations),
    )
    index = pd.Index(list(d["nodes"]), name="iCode")
    weights = pd.Series(np.asarray(d["weights"]), index=index, name="OptWeight")
    table = pd.DataFrame(
        {
            "initial_weight": np.asarray(d["initial_weights"]),
            "weight": weights.to_numpy(),
            "correlation_before": np.asarray(d["correlations_before"]),
            "correlation_after": np.asarray(d["correlations_after"]),
        },
        index=index,
    )
    if d["objective"] == "balance":
        table["target"] = np.asarray(d["target"])
    return OptimisedWeights(
        weights,
        table,
        d["against"],
        d["objective"],
        float(d["objective_before"]),
        float(d["objective_value"]),
        int(d["evaluations"]),
        d["status"],
        bool(d["converged"]),
    )


# --- comparing variants and data sets ------------------------------------------------------------


class VariantComparison(NamedTuple):
    """What :func:`compare_variants` returns (COINr ``compare_coins_multi``' Values, Diffs and
    AbsDiffs, by scores and by ranks)."""

    scores: pd.DataFrame
    """uCode x variant: the node's score in each variant (NaN where a unit is not in it)."""
    ranks: pd.DataFrame
    """uCode x variant: ranks within each variant (1 = best, ties share the lowest; <NA> where absent)."""
    score_differences: pd.DataFrame
    """Scores minus the first variant's."""
    rank_differences: pd.DataFrame
    """Ranks minus the first variant's (positive: a worse rank)."""
    mean_abs_rank_change: pd.Series
    """Per variant: mean absolute rank difference over the units ranked in it and in the first."""
    partial_units: list[str]
    """Units missing from (or unscored in) at least one variant."""


def compare_variants(
    variants: Union[Mapping[str, Results], Sequence[Results]],
    *,
    node: Optional[str] = None,
    data_set: Optional[str] = None,
) -> VariantComparison:
    """Compare one node (default: the index) across two or more runs of an index, against the
    first (COINr ``compare_coins``, ``compare_coins_multi``).

    `variants` is a mapping name -> :class:`Results` (the names become the columns) or a list
    (named "variant1", "variant2", ...). Units are matched by code and kept when they are in some
    variants only (missing values there; listed in ``partial_units``). `data_set`: compare that
    data set of each run (default: their scores).
    """
    if isinstance(variants, Mapping):
        names, runs = [str(k) for k in variants], list(variants.values())
    elif isinstance(variants, Sequence) and not isinstance(variants, str):
        runs = list(variants)
        names = [f"variant{i + 1}" for i in range(len(runs))]
    else:
        raise ArgumentTypeError(
            f"variants: expected a mapping name -> Results or a list of Results, found {type(variants).__name__}"
        )
    for r in runs:
        if not isinstance(r, Results):
            raise ArgumentTypeError(f"variants: expected Results, found {type(r).__name__}")
    if node is not None and not isinstance(node, str):
        raise ArgumentTypeError(f"node: expected a node code (str), found {type(node).__name__} {node!r}")
    if data_set is not None and not isinstance(data_set, str):
        raise ArgumentTypeError(f"data_set: expected a str, found {type(data_set).__name__} {data_set!r}")
    d = _core.compare_variants([r._impl for r in runs], names, node or "", data_set or "")
    index = pd.Index(list(d["units"]), name="uCode")
    columns = pd.Index(list(d["variants"]), name="variant")

    def frame(key: str, ranks: bool = False) -> pd.DataFrame:
        f = pd.DataFrame(np.asarray(d[key]), index=index, columns=columns)
        return f.round().astype("Int64") if ranks else f

    change = pd.Series(np.asarray(d["mean_abs_rank_change"]), index=columns, name="MeanAbsRankDiff")
    return VariantComparison(
        frame("scores"),
        frame("ranks", True),
        frame("score_differences"),
        frame("rank_differences", True),
        change,
        list(d["partial_units"]),
    )


class DataDifference(NamedTuple):
    """What :func:`compare_data` returns (COINr ``compare_df``)."""

    cells: pd.DataFrame
    """The differing cells of the common units and columns: unit, column, first, second (NaN =
    missing), difference (second - first), in the first data set's order."""
    units_only_in_first: list[str]
    units_only_in_second: list[str]
    columns_only_in_first: list[str]
    columns_only_in_second: list[str]
    cells_compared: int
    """Cells of the units and columns in both."""

    @property
    def same(self) -> bool:
        """True when both have the same units, columns and cells (within the tolerances)."""
        return self.cells.empty and not (
            self.units_only_in_first
            or self.units_only_in_second
            or self.columns_only_in_first
            or self.columns_only_in_second
        )


def compare_data(
    first: Source,
    second: Source,
    *,
    data_set: Optional[str] = None,
    absolute_tolerance: float = 0.0,
    relative_tolerance: float = 0.0,
) -> DataDifference:
    """Where two data sets differ, cell by cell (COINr ``compare_df``): units matched by code,
    columns by name.

    `first`, `second`: a :class:`Dataset` or a :class:`Results` (its data set `data_set`, default
    its scores). Two cells differ when one is missing and the other not, or when
    ``|a - b| > max(absolute_tolerance, relative_tolerance * max(|a|, |b|))``; two missing cells
    are equal.
    """
    a = _data(first, data_set if isinstance(first, Results) else None, "compare_data")
    b = _data(second, data_set if isinstance(second, Results) else None, "compare_data")
    d = _core.compare_data(
        a, b, _number("absolute_tolerance", absolute_tolerance), _number("relative_tolerance", relative_tolerance)
    )
    return DataDifference(
        table_frame(d["cells"]),
        list(d["units_only_in_first"]),
        list(d["units_only_in_second"]),
        list(d["columns_only_in_first"]),
        list(d["columns_only_in_second"]),
        int(d["cells_compared"]),
    )
