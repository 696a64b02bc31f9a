"""Design-based estimates from survey microdata (điều tra xã hội học, sociological survey).

A :class:`Design` names the columns of a respondent-level DataFrame that describe how it was
sampled: weights, strata, clusters (PSUs, one stage) and finite population corrections, as R's
``svydesign(id=~clusters, strata=~strata, weights=~weights, fpc=~fpc)``. :func:`post_stratify`
calibrates it to population counts; :func:`estimate` gives means, totals, proportions, ratios or
quantiles, overall or per domain, with linearisation standard errors, confidence intervals and
design effects, as R's ``survey`` package (4.1-1) computes them. The work is done in C++ with the
GIL released. Guide: docs/guide/survey.md.

>>> import pandas as pd
>>> import govindex as gi
>>> data = pd.DataFrame({"w": [1.0, 1.0, 2.0, 2.0], "y": [1.0, 2.0, 3.0, 6.0]})
>>> gi.survey.estimate(gi.survey.Design(data, weights="w"), "y")[["estimate", "se"]].round(4)
   estimate      se
0       3.5  1.1304
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import ArgumentTypeError, error, located, require_int
from ._tables import codes_from_labels

#: The statistics :func:`estimate` computes.
STATISTICS = ("mean", "total", "proportion", "ratio", "quantile")
#: Policies for a stratum with a single PSU (R's ``survey.lonely.psu``).
LONELY_PSU = ("fail", "certainty", "adjust", "average")
#: The columns of :func:`estimate`'s result, in order.
COLUMNS = [
    "variable",
    "domain",
    "level",
    "prob",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "deff",
    "n",
    "n_psu",
    "df",
    "suppressed",
    "reason",
]


def _type_error(name: str, expected: str, value: object) -> TypeError:
    return ArgumentTypeError(f"{name}: expected {expected}, found {type(value).__name__} {value!r}"[:300])


def _choice(argument: str, value: object, allowed: Sequence[str]) -> str:
    """`value` when it is one of `allowed`: else a TypeError (not text) or a MethodError naming `argument`."""
    if not isinstance(value, str):
        raise _type_error(argument, "one of " + ", ".join(map(repr, allowed)), value)
    if value not in allowed:
        raise error(
            _core.MethodError,
            f"{argument}: expected one of {', '.join(map(repr, allowed))}, found {value!r}",
            column=argument,
            expected="one of " + ", ".join(allowed),
            found=value,
        )
    return value


def _at_least(argument: str, value: object, low: int) -> int:
    """`value` as an int >= `low`: else a TypeError (not an int) or a MethodError naming `argument`."""
    number = require_int(argument, value, f"an int >= {low}")
    if number < low:
        raise error(
            _core.MethodError,
            f"{argument}: expected an int >= {low}, found {number}",
            column=argument,
            expected=f"an int >= {low}",
            found=str(number),
        )
    return number


def _column_name(name: str, value: object, optional: bool = False) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _type_error(name, "a column name (str)" + (" or None" if optional else ""), value)
    return value


def _column(data: pd.DataFrame, argument: str, name: str) -> pd.Series:
    if name not in data.columns:
        shown = ", ".join(map(str, list(data.columns)[:20]))
        raise error(
            _core.UnknownCodeError,
            f'{argument}: column "{name}" is not in the data; expected one of: {shown}',
            source="DataFrame",
            column=name,
            expected="a column of the data",
            found=name,
        )
    return data[name]


def _numbers(data: pd.DataFrame, argument: str, name: str) -> np.ndarray:
    series = _column(data, argument, name)
    if series.dtype == bool or not (pd.api.types.is_numeric_dtype(series) or series.dtype == object):
        raise error(
            _core.InputError,
            f'DataFrame, column "{name}": expected numbers, found {series.dtype} values',
            source="DataFrame",
            column=name,
            expected="numbers",
            found=str(series.dtype),
        )
    try:
        return pd.to_numeric(series, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError) as e:
        raise error(
            _core.InputError,
            f'DataFrame, column "{name}": expected numbers, found {e}',
            source="DataFrame",
            column=name,
            expected="numbers",
        ) from None


def _factor(series: pd.Series) -> _core.Factor:
    """Codes and levels as text: a Categorical keeps its categories (used or not) and their order;
    other columns get their distinct values, sorted."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _core.Factor(
            codes=series.cat.codes.to_numpy(dtype=np.int32), levels=[str(c) for c in series.cat.categories]
        )
    codes, uniques = pd.factorize(series, sort=True)
    return _core.Factor(codes=codes.astype(np.int32), levels=[str(u) for u in uniques])


class Design:
    """A one-stage survey design over the rows of `data` (one row per respondent).

    Errors name the column and the row (1-based position in `data`), e.g.
    ``DataFrame row 2, column "pw": expected a weight > 0, found 0``.

    Parameters
    ----------
    data : pandas.DataFrame
        The respondents; estimates read their variables from it.
    weights : str, optional
        Column of sampling weights (finite, > 0). Without it the weights are derived from the fpc
        of every stage, as R's ``svydesign`` does when no weights are given:
        ``1 / prod_s (n_s / N_s)``, with ``N_s`` the stage's population count (or ``n_s / f`` for
        a sampling fraction f) and ``n_s`` the units sampled in the row's stratum (stage 1) or in
        its unit of the stage before; e.g. ``Design(data, clusters=["psu", "ssu"], fpc=["N1",
        "N2"])``. See :attr:`final_weights`.
    strata, clusters : str, optional
        Columns of strata and of PSUs (clusters; nested in strata: the same code in two strata is
        two PSUs). Without clusters every row is its own PSU.
    fpc : str, optional
        Finite population correction per row, constant in a stratum: population counts of PSUs
        (all > 1) or sampling fractions (all <= 1), as R reads them.
    lonely_psu : {"fail", "certainty", "adjust", "average"}
        What to do with a stratum of one PSU (R's ``survey.lonely.psu``); "fail" raises
        :class:`govindex.MethodError` naming the stratum.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        weights: Optional[str] = None,
        strata: Optional[str] = None,
        clusters: Union[str, Sequence[str], None] = None,
        fpc: Union[str, Sequence[str], None] = None,
        lonely_psu: str = "fail",
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise _type_error("data", "a pandas DataFrame", data)
        self._data = data
        self._weights = _column_name("weights", weights, optional=True)
        self._strata = _column_name("strata", strata, optional=True)
        stage_clusters = _stage_names("clusters", clusters)
        stage_fpc = _stage_names("fpc", fpc)
        if len(stage_fpc) > max(1, len(stage_clusters)):
            raise error(
                _core.MethodError,
                f"fpc: expected at most one column per stage ({max(1, len(stage_clusters))}), found {len(stage_fpc)}",
                column="fpc",
            )
        self._stages = (stage_clusters, stage_fpc)
        self._clusters = stage_clusters[0] if stage_clusters else None
        self._fpc = stage_fpc[0] if stage_fpc else None
        _choice("lonely_psu", lonely_psu, LONELY_PSU)
        self._lonely_psu = lonely_psu
        self._post: Optional[tuple[str, dict[str, float]]] = None
        self._rake: Optional[tuple[Any, ...]] = None
        if self._weights is None and len(stage_fpc) < max(1, len(stage_clusters)):
            raise error(
                _core.MethodError,
                "weights: expected a column of weights, or an fpc column for every stage to derive them from "
                f"(as R's svydesign), found no weights and {len(stage_fpc)} fpc column(s) for "
                f"{max(1, len(stage_clusters))} stage(s)",
                column="weights",
                expected="a column name, or fpc for every stage",
            )
        self._impl = _core.SurveyDesign(
            weights=None if self._weights is None else _numbers(data, "weights", self._weights),
            strata=None if self._strata is None else _factor(_column(data, "strata", self._strata)),
            clusters=None if self._clusters is None else _factor(_column(data, "clusters", self._clusters)),
            fpc=None if self._fpc is None else _numbers(data, "fpc", self._fpc),
            lonely_psu=getattr(_core.LonelyPsu, lonely_psu),
            weights_column=self._weights or "weights",
            strata_column=self._strata or "strata",
            clusters_column=self._clusters or "clusters",
            fpc_column=self._fpc or "fpc",
            later_stages=[
                (
                    _factor(_column(data, "clusters", c)),
                    _numbers(data, "fpc", stage_fpc[k + 1]) if k + 1 < len(stage_fpc) else None,
                    c,
                    stage_fpc[k + 1] if k + 1 < len(stage_fpc) else "fpc",
                )
                for k, c in enumerate(stage_clusters[1:])
            ],
        )

    @property
    def data(self) -> pd.DataFrame:
        """The respondents."""
        return self._data

    @property
    def columns(self) -> dict[str, Any]:
        """The design's column names: weights, strata, clusters, fpc (None when not given; a list
        per stage for a multistage design)."""
        clusters, fpc = self._stages
        return {
            "weights": self._weights,
            "strata": self._strata,
            "clusters": clusters if len(clusters) > 1 else self._clusters,
            "fpc": fpc if len(fpc) > 1 else self._fpc,
        }

    @property
    def variance_stages(self) -> int:
        """Sampling stages whose variance enters: 1 unless every stage up to a later one has an fpc
        (R's multistage; without fpc only the first stage counts)."""
        return int(self._impl.variance_stages)

    @property
    def lonely_psu(self) -> str:
        """The policy for a stratum with a single PSU."""
        return self._lonely_psu

    @property
    def post_strata(self) -> Optional[tuple[str, dict[str, float]]]:
        """(column, category -> population count) once post-stratified, else None."""
        return None if self._post is None else (self._post[0], dict(self._post[1]))

    @property
    def raking_margins(self) -> Optional[list[tuple[str, dict[str, float]]]]:
        """[(column, category -> population count), ...] once raked, else None."""
        return None if self._rake is None else [(c, dict(p)) for c, p in self._rake[0]]

    @property
    def calibration(self) -> Optional[dict[str, Any]]:
        """The raking report once raked, else None: method, iterations, max_relative_error,
        converged, worst_column, worst_category, margin_totals."""
        return self._impl.calibration

    @property
    def psus(self) -> int:
        """Number of sampled PSUs (clusters, or rows without clusters)."""
        return int(self._impl.psus)

    @property
    def strata_count(self) -> int:
        """Number of strata (1 without strata)."""
        return int(self._impl.strata)

    @property
    def degrees_of_freedom(self) -> float:
        """PSUs - strata (R's ``degf``); quantile intervals use t with these degrees of freedom."""
        return float(self._impl.degrees_of_freedom)

    def final_weights(self) -> pd.Series:
        """The weights estimates use: the design weights, or the calibrated weights once post-stratified."""
        return pd.Series(self._impl.weights, index=self._data.index, name="weight")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Design):
            return NotImplemented
        return (
            self.columns == other.columns
            and self._lonely_psu == other._lonely_psu
            and self._post == other._post
            and self._rake == other._rake
            and self._data.equals(other._data)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_restore, (self._data, self.columns, self._lonely_psu, self._post, self._rake))

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.columns.items() if v is not None]
        if self._lonely_psu != "fail":
            parts.append(f"lonely_psu={self._lonely_psu!r}")
        post = f", post-stratified on {self._post[0]!r}" if self._post else ""
        if self._rake:
            post = ", raked on " + ", ".join(repr(c) for c, _ in self._rake[0])
        return (
            f"Design({len(self._data)} rows, {', '.join(parts)}; {self.psus} PSUs in {self.strata_count} strata, "
            f"df {self.degrees_of_freedom:g}{post})"
        )


def _stage_names(argument: str, value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise _type_error(argument, "a column name, a list of column names (one per stage) or None", value)


def _restore(
    data: pd.DataFrame,
    columns: dict[str, Any],
    lonely_psu: str,
    post: Optional[tuple[str, dict[str, float]]],
    raking: Optional[tuple[Any, ...]] = None,
) -> Design:
    design = Design(
        data,
        weights=columns["weights"],
        strata=columns["strata"],
        clusters=columns["clusters"],
        fpc=columns["fpc"],
        lonely_psu=lonely_psu,
    )
    if raking is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            if len(raking) == 3:  # pickled before R's rule: (margins, max_iterations, tolerance)
                return rake(design, dict(raking[0]), max_iterations=raking[1], tolerance=raking[2])
            return rake(design, dict(raking[0]), max_iterations=raking[1], epsilon=raking[2], tolerance=raking[3])
    return design if post is None else post_stratify(design, post[0], post[1])


def _require_design(design: object) -> Design:
    if not isinstance(design, Design):
        raise _type_error("design", "a govindex.survey.Design", design)
    return design


#: Replicate types (R's svrepdesign / as.svrepdesign type).
REPLICATE_TYPES = ("jk1", "jkn", "bootstrap", "other")


class ReplicateDesign:
    """A replicate-weight design over the rows of `data`, as R's ``svrepdesign``: variances from
    the spread of the estimates under each replicate's weights,
    ``V = scale * sum_r rscales_r (theta_r - centre)^2`` (centre: the replicates' mean, or the
    full-sample estimate with ``mse=True``).

    Use :func:`replicate` to make replicates from a :class:`Design` (JK1, JKn, bootstrap).
    Errors name the column and row, e.g. ``DataFrame row 2, column "rep01": expected a replicate
    weight >= 0, found -1``.

    Parameters
    ----------
    data : pandas.DataFrame
        The respondents.
    weights : str
        Column of full-sample sampling weights (> 0).
    replicates : list of str
        Columns of replicate weights (numbers >= 0), one per replicate.
    type : {"jk1", "jkn", "bootstrap", "other"}
        Sets R's default `scale`/`rscales`: jk1 ``(R - 1) / R``, bootstrap ``1 / (R - 1)``,
        jkn needs `rscales` with combined weights, other 1.
    combined_weights : bool
        The replicate columns include the sampling weights (R's default); False: they are
        multipliers of `weights`.
    scale, rscales, mse
        As R's svrepdesign.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        weights: str,
        replicates: Sequence[str],
        type: str = "other",
        combined_weights: bool = True,
        scale: Optional[float] = None,
        rscales: Union[float, Sequence[float], None] = None,
        mse: bool = False,
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise _type_error("data", "a pandas DataFrame", data)
        weights = _column_name("weights", weights)  # type: ignore[assignment]
        names = _names("replicates", replicates)
        kind = _replicate_type(type, allow_other=True)
        for name, value in (("combined_weights", combined_weights), ("mse", mse)):
            if not isinstance(value, (bool, np.bool_)):
                raise _type_error(name, "True or False", value)
        if scale is not None:
            scale = _positive_number("scale", scale)
        if rscales is None:
            rscale_list: list[float] = []
        elif isinstance(rscales, (int, float, np.integer, np.floating)) and not isinstance(rscales, bool):
            rscale_list = [float(rscales)]
        elif isinstance(rscales, (Sequence, np.ndarray)) and not isinstance(rscales, str):
            rscale_list = [_positive_number("rscales", v) for v in rscales]
        else:
            raise _type_error("rscales", "a number, a list of numbers or None", rscales)
        matrix = np.asfortranarray(np.column_stack([_numbers(data, "replicates", c) for c in names]))
        self._data = data
        self._spec: dict[str, Any] = {
            "weights": weights,
            "replicates": names,
            "type": kind,
            "combined_weights": bool(combined_weights),
            "scale": scale,
            "rscales": rscale_list,
            "mse": bool(mse),
        }
        self._origin: Optional[tuple[Design, str, int, int, bool]] = None
        self._impl = _core.ReplicateDesign(
            weights=_numbers(data, "weights", weights),
            replicates=matrix,
            type=getattr(_core.ReplicateType, kind),
            combined_weights=bool(combined_weights),
            scale=scale,
            rscales=rscale_list,
            mse=bool(mse),
            weights_column=weights,
            replicate_columns=names,
        )

    @property
    def data(self) -> pd.DataFrame:
        """The respondents."""
        return self._data

    @property
    def type(self) -> str:
        """How the replicates were made: jk1, jkn, bootstrap or other."""
        return str(self._impl.type.name)

    @property
    def replicates(self) -> int:
        """Number of replicates."""
        return int(self._impl.replicates)

    @property
    def scale(self) -> float:
        """R's scale."""
        return float(self._impl.scale)

    @property
    def rscales(self) -> np.ndarray:
        """R's rscales, one per replicate."""
        return np.asarray(self._impl.rscales, dtype=float)

    @property
    def mse(self) -> bool:
        """Whether the replicates are centred at the full-sample estimate."""
        return bool(self._impl.mse)

    @property
    def degrees_of_freedom(self) -> float:
        """R's ``degf``: the rank of the replicate weights - 1 (quantile intervals use t with it)."""
        return float(self._impl.degrees_of_freedom)

    def replicate_weights(self) -> pd.DataFrame:
        """Every replicate's weights (sampling weights included), one column per replicate."""
        w = self._impl.replicate_weights()
        names = self._spec["replicates"] if self._origin is None else [f"rep{r + 1}" for r in range(w.shape[1])]
        return pd.DataFrame(w, index=self._data.index, columns=names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReplicateDesign):
            return NotImplemented
        return (
            self._origin == other._origin
            if self._origin is not None or other._origin is not None
            else self._spec == other._spec and self._data.equals(other._data)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if self._origin is not None:
            design, kind, count, seed, mse = self._origin
            return (replicate, (design, kind, count, seed, mse))
        spec = dict(self._spec)
        return (_restore_replicates, (self._data, spec))

    def __repr__(self) -> str:
        return (
            f"ReplicateDesign({len(self._data)} rows, {self.type}, {self.replicates} replicates, "
            f"scale {self.scale:.6g}, df {self.degrees_of_freedom:g}{', mse' if self.mse else ''})"
        )


def _restore_replicates(data: pd.DataFrame, spec: dict[str, Any]) -> ReplicateDesign:
    return ReplicateDesign(data, **spec)


def _replicate_type(value: object, allow_other: bool) -> str:
    allowed = REPLICATE_TYPES if allow_other else REPLICATE_TYPES[:3]
    _choice("type", value, allowed)
    return value


def replicate(
    design: Design, type: str = "jk1", replicates: int = 50, seed: int = 0, mse: bool = False
) -> ReplicateDesign:
    """Replicate weights made from `design`, as R's ``as.svrepdesign``.

    type
        ``"jk1"`` (delete-one-PSU jackknife, unstratified designs), ``"jkn"`` (stratified
        jackknife) or ``"bootstrap"`` (`replicates` resamples of the PSUs in each stratum, seeded
        by `seed`: the same weights on every platform and thread count, not R's random numbers).

    Only the first stage's PSUs and fpc are used (as R). A calibrated design is refused
    (:class:`govindex.MethodError`).
    """
    design = _require_design(design)
    kind = _replicate_type(type, allow_other=False)
    replicates = require_int("replicates", replicates, "an int >= 2")
    seed = require_int("seed", seed, "an int >= 0")
    if replicates < 1 or seed < 0:
        raise error(
            _core.MethodError,
            f"replicates, seed: expected replicates >= 1 and seed >= 0, found {replicates} and {seed}",
            column="replicates",
        )
    if not isinstance(mse, (bool, np.bool_)):
        raise _type_error("mse", "True or False", mse)
    if design._post is not None or design._rake is not None:
        raise error(
            _core.MethodError,
            f"replicates ({kind}): expected an uncalibrated design (make the replicates "
            "first; calibrating each replicate is not supported), found a calibrated design",
            column="type",
        )
    out = ReplicateDesign.__new__(ReplicateDesign)
    out._data = design.data
    out._spec = {}
    out._origin = (design, kind, replicates, seed, bool(mse))
    out._impl = _core.ReplicateDesign.from_design(
        design=design._impl, type=getattr(_core.ReplicateType, kind), replicates=replicates, seed=seed, mse=bool(mse)
    )
    return out


def post_stratify(design: Design, column: str, population: Union[Mapping[Any, float], pd.Series]) -> Design:
    """`design` calibrated to population counts per category of `column` (R's ``postStratify``).

    Each weight becomes ``w * N_g / Nhat_g`` (N_g the population count of the respondent's category,
    Nhat_g the sum of the design weights in it); variances use the residuals from the
    post-stratum means. Every category in the sample needs a count and every count a category in
    the sample (:class:`govindex.InputError` naming the category otherwise). Categories are matched
    as text (``str(value)``).
    """
    design = _require_design(design)
    column = _column_name("column", column)  # type: ignore[assignment]
    counts = _counts("population", population)
    if design._rake is not None:
        raise error(
            _core.MethodError,
            "post_stratify: the design is already raked; expected a design without "
            "calibration (rake the uncalibrated design on all the margins)",
            column=column,
        )
    categories = _factor(_column(design.data, "column", column))
    out = Design.__new__(Design)
    out.__dict__.update(design.__dict__)
    out._impl = design._impl.post_stratify(categories=categories, population=counts, column=column)
    out._post = (column, counts)
    return out


def _counts(argument: str, population: object) -> dict[str, float]:
    """category (as text) -> population count, from a Mapping or a Series."""
    if isinstance(population, (pd.Series, Mapping)):
        items = list(population.items())
    else:
        raise _type_error(argument, "a Mapping or a pandas Series of category -> population count", population)
    counts: dict[str, float] = {}
    for key, value in items:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise _type_error(f"{argument}[{key!r}]", "a number", value)
        counts[str(key)] = float(value)
    return counts


def _names(argument: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise _type_error(argument, "a column name or a non-empty list of column names", value)


def estimate(
    design: Union[Design, ReplicateDesign],
    variables: Union[str, Sequence[str]],
    statistic: str = "mean",
    by: Optional[str] = None,
    *,
    denominator: Union[str, Sequence[str], None] = None,
    probs: Sequence[float] = (0.5,),
    level: float = 0.95,
    min_count: int = 0,
    min_psu: int = 2,
    degenerate: str = "suppress",
    na_rm: bool = False,
    threads: int = 0,
) -> pd.DataFrame:
    """Estimates of `statistic` for each of `variables`, overall or per level of the column `by`.

    statistic
        ``"mean"``, ``"total"``, ``"proportion"`` (the share of every level of a categorical,
        boolean or 0/1 column; levels as text, sorted), ``"ratio"`` (total of each variable over
        the total of its `denominator`) or ``"quantile"`` (at `probs`, R's qrule "math", Woodruff's
        interval with t(df)).
    by
        Domains (R's ``svyby``): each level is estimated with the full design, zero outside the
        domain; a level without respondents (e.g. an unused category) gives NaN with a reason.
    level
        Confidence level of the intervals (Wald normal, except quantiles).
    min_count
        Estimates from fewer respondents are suppressed: NaN, ``suppressed`` True, ``reason`` kept.
    min_psu, degenerate
        A degenerate cell is never published as if it were an estimate with an interval: one
        whose respondents lie in fewer than `min_psu` PSUs (default 2; not checked for replicate
        weights given as columns), with an SE of 0 (no variation between PSUs: the interval
        ``[estimate, estimate]``, e.g. 0 +- 0 for an item nobody chose) or a proportion
        estimated at 0 or 1. ``degenerate="suppress"`` (the default) sets its values to NaN with
        ``suppressed`` True; ``"flag"`` keeps R's numbers and says why in ``reason``.
    na_rm
        Rows with a missing value count as outside every domain (they stay in the design); without
        it a missing value raises :class:`govindex.InputError` naming column and row.

    Returns a DataFrame with columns variable, domain ("" = whole population), level (a
    proportion's category, else ""), prob (quantiles, else NaN), estimate, se, ci_low, ci_high,
    deff (NaN for ratios and quantiles), n, n_psu, df, suppressed, reason. ``reason`` says why a
    cell is suppressed (no respondents, below min_count, a ratio whose denominator sums to 0, a
    degenerate cell) or what to know about published values (a flagged degenerate cell, a deff
    that is not defined, a quantile interval limit R leaves undefined); "" = nothing.

    No value is silently NaN or infinite: weights or values as large as 1e306 are summed with
    exact power-of-two scaling; an infinite value in a variable is an :class:`govindex.InputError`
    at its row; a result that still cannot be represented (a total beyond 1.8e308) is a
    :class:`govindex.NumericError` naming the statistic, variable and domain.

    With a :class:`ReplicateDesign` the standard errors come from the replicates (R's svymean etc.
    on an ``svyrep.design``; `threads` workers, 0 = every core, results identical for any
    count); ``df`` is R's ``degf`` (a domain quantile: the domain's), ``n_psu`` is 0 for
    replicates given as columns.
    """
    if not isinstance(design, ReplicateDesign):
        design = _require_design(design)
    names = _names("variables", variables)
    _choice("statistic", statistic, STATISTICS)
    if statistic != "ratio" and denominator is not None:
        raise error(
            _core.MethodError,
            f'denominator: only used with statistic="ratio", found statistic={statistic!r}',
            column="denominator",
        )
    threads = _at_least("threads", threads, 0)
    common = _check_common(by, level, min_count, na_rm, min_psu, degenerate)
    data = design.data
    common["by"] = None if common["by"] is None else _factor(_column(data, "by", common["by"]))
    common["threads"] = threads

    def matrix(columns: list[str], argument: str) -> np.ndarray:
        for c in columns:
            _column(data, argument, c)
        block = data[columns]
        if all(
            pd.api.types.is_float_dtype(t) or (pd.api.types.is_integer_dtype(t) and t.kind in "iu")
            for t in block.dtypes
        ):
            return np.asfortranarray(block.to_numpy(dtype=float))  # plain numpy dtypes: one copy, no checks
        return np.asfortranarray(np.column_stack([_numbers(data, argument, c) for c in columns]))

    # The _core estimators take either kind of design (linearisation or replicate SEs).
    if statistic in ("mean", "total"):
        fn = _core.survey_mean if statistic == "mean" else _core.survey_total
        result = fn(design._impl, matrix(names, "variables"), names, **common)
    elif statistic == "proportion":
        parts = [
            _core.survey_proportion(design._impl, _factor(_column(data, "variables", n)), n, **common) for n in names
        ]
        result = {
            k: np.concatenate([np.asarray(p[k], dtype=object if isinstance(p[k], list) else None) for p in parts])
            for k in parts[0]
        }
    elif statistic == "ratio":
        if denominator is None:
            raise _type_error("denominator", 'a column name (statistic="ratio" needs one)', denominator)
        denominators = _names("denominator", denominator)
        if len(denominators) == 1 and len(names) > 1:
            denominators = denominators * len(names)
        if len(denominators) != len(names):
            raise error(
                _core.MethodError,
                f"denominator: expected one column per variable ({len(names)}), found {len(denominators)}",
                column="denominator",
            )
        result = _core.survey_ratio(
            design._impl, matrix(names, "variables"), matrix(denominators, "denominator"), names, denominators, **common
        )
    else:
        if (
            isinstance(probs, (str, bytes))
            or not isinstance(probs, Sequence)
            or not probs
            or not all(isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(p, bool) for p in probs)
        ):
            raise _type_error("probs", "a non-empty list of probabilities", probs)
        result = _core.survey_quantile(
            design._impl, matrix(names, "variables"), names, [float(p) for p in probs], **common
        )
    return pd.DataFrame({c: result[c] for c in COLUMNS})


class ConvergenceWarning(UserWarning):
    """Raking stopped without meeting its rule or its margins (see ``Design.calibration``)."""


def rake(
    design: Design,
    margins: Mapping[str, Union[Mapping[Any, float], pd.Series]],
    *,
    max_iterations: int = 10,
    epsilon: Optional[float] = None,
    tolerance: Optional[float] = None,
) -> Design:
    """`design` raked to population margins by iterative proportional fitting (R's ``rake``).

    margins
        column -> (category -> population count), e.g. ``{"sex": {"F": 510, "M": 490},
        "area": {"urban": 380, "rural": 620}}``. Each sweep post-stratifies on every margin in
        turn, starting from the design weights. Categories are matched as text; a category in the
        sample without a count, or a count without a respondent, is an
        :class:`govindex.InputError` naming the column and the category.
    max_iterations
        Sweeps allowed (R's ``maxit``, default 10).
    epsilon
        R's stopping rule, the default (``control = list(maxit = 10, epsilon = 1)``, survey
        4.1-1): stop after the sweep in which no cell of the weighted cross-table of all the
        margins' columns moves by `epsilon` or more. ``epsilon >= 1`` is a weighted count; below
        1 it is a fraction of the sum of the design weights (as R). None = 1. Results then equal
        R's default ``rake()`` (4 sweeps on R's ``apiclus1`` raked on stype and sch.wide).
    tolerance
        The stricter rule instead of `epsilon`: stop once every margin's ``|Nhat - N| / N <=
        tolerance`` after a sweep (e.g. ``max_iterations=1000, tolerance=1e-14`` converges to
        rounding). Giving both is a :class:`govindex.MethodError`.

    The result's :attr:`Design.calibration` reports the rule and its bound (``threshold``, the
    absolute epsilon), sweeps made, the last sweep's largest cell move (``max_change``), the
    largest margin error relative and absolute (with its column and category), ``converged``
    (the rule was met), ``margins_met`` and each margin's total. :class:`ConvergenceWarning` is
    raised when the rule was not met within `max_iterations`, and also when R's rule stopped with
    a margin missed by `epsilon` or more (categories no respondent combines, or margins with
    different totals), where R reports convergence silently. Variances follow R's ``svyrecvar``
    for raked designs (the linearised values projected off each margin in turn, ten times).
    """
    design = _require_design(design)
    if not isinstance(margins, Mapping) or not margins:
        raise _type_error("margins", "a non-empty Mapping of column -> population counts", margins)
    max_iterations = _at_least("max_iterations", max_iterations, 1)
    for name, value in (("epsilon", epsilon), ("tolerance", tolerance)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating))
        ):
            raise _type_error(name, "a number" + (" > 0" if name == "epsilon" else " >= 0") + " or None", value)
    if design._post is not None:
        raise error(
            _core.MethodError,
            "rake: the design is already post-stratified; expected a design without "
            "calibration (rake on the post-strata as one more margin instead)",
            column="margins",
        )
    parsed: list[tuple[str, dict[str, float]]] = []
    for column, population in margins.items():
        column = _column_name("margins key", column)  # type: ignore[assignment]
        parsed.append((column, _counts(f"margins[{column!r}]", population)))  # type: ignore[arg-type]
    triples = [(_factor(_column(design.data, "margins", c)), counts, c) for c, counts in parsed]
    out = Design.__new__(Design)
    out.__dict__.update(design.__dict__)
    eps = None if epsilon is None else float(epsilon)
    tol = None if tolerance is None else float(tolerance)
    out._impl = design._impl.rake(margins=triples, max_iterations=max_iterations, epsilon=eps, tolerance=tol)
    out._rake = (parsed, max_iterations, eps, tol)
    report = out._impl.calibration
    totals = report["margin_totals"]
    hint = (
        " (the margins' totals differ: " + ", ".join(f"{c} {t:g}" for (c, _), t in zip(parsed, totals)) + ")"
        if max(totals) - min(totals) > 1e-9 * max(totals)
        else ""
    )
    where = f"(column {report['worst_column']!r}, category {report['worst_category']!r})"
    if not report["converged"]:
        rule = (
            f"the largest relative margin error is {report['max_relative_error']:.3g} {where}"
            if report["rule"] == "tolerance"
            else f"the last sweep moved a cell by {report['max_change']:.3g} (epsilon {report['threshold']:.3g})"
        )
        warnings.warn(
            f"rake: not converged after {report['iterations']} iterations: {rule}{hint}; see design.calibration",
            ConvergenceWarning,
            stacklevel=2,
        )
    elif not report["margins_met"]:
        warnings.warn(
            f"rake: R's rule stopped after {report['iterations']} iterations (no cell moved by "
            f"{report['threshold']:.3g}), but a margin is missed by {report['max_error']:.3g} "
            f"(relative {report['max_relative_error']:.3g}) {where}{hint}: categories no respondent "
            "combines cannot meet every margin (R reports convergence here); see design.calibration",
            ConvergenceWarning,
            stacklevel=2,
        )
    return out


# --- survey items to indicators ------------------------------------------------------------------


def _scale(scale: object) -> tuple[int, int]:
    if (
        not isinstance(scale, Sequence)
        or isinstance(scale, str)
        or len(scale) != 2
        or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in scale)
        or not scale[0] < scale[1]
    ):
        raise _type_error("scale", "a pair of ints (lowest, highest), lowest < highest", scale)
    return int(scale[0]), int(scale[1])


def _likert(data: pd.DataFrame, argument: str, name: str, low: int, high: int) -> np.ndarray:
    """A Likert column as floats (NaN = missing); an answer outside low..high or not whole is an
    InputError naming the column and the row."""
    values = _numbers(data, argument, name)
    bad = ~np.isnan(values) & ((values < low) | (values > high) | (values != np.round(values)))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise located(
            _core.InputError,
            f"expected a Likert answer in {low}..{high} (whole numbers), found {values[row]:g}",
            source="DataFrame",
            line=row + 1,
            column=name,
            expected=f"a Likert answer in {low}..{high}",
            found=f"{values[row]:g}",
        )
    return values


#: What happens to a degenerate cell (C++ DegenerateCells).
DEGENERATE = ("suppress", "flag")


def _check_common(
    by: object, level: object, min_count: object, na_rm: object, min_psu: object = 2, degenerate: object = "suppress"
) -> dict[str, Any]:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.integer, np.floating)):
        raise _type_error("level", "a number in (0, 1)", level)
    min_count = _at_least("min_count", min_count, 0)
    if not isinstance(na_rm, (bool, np.bool_)):
        raise _type_error("na_rm", "True or False", na_rm)
    min_psu = _at_least("min_psu", min_psu, 0)
    _choice("degenerate", degenerate, DEGENERATE)
    return {
        "by": _column_name("by", by, optional=True),
        "level": float(level),
        "min_count": min_count,
        "min_psu": min_psu,
        "degenerate": getattr(_core.DegenerateCells, degenerate),
        "na_rm": bool(na_rm),
    }


def _means(design: Design, matrix: np.ndarray, names: list[str], common: dict[str, Any], factor: float) -> pd.DataFrame:
    by = common["by"]
    result = _core.survey_mean(
        design._impl,
        np.asfortranarray(matrix),
        names,
        by=None if by is None else _factor(_column(design.data, "by", by)),
        level=common["level"],
        min_count=common["min_count"],
        min_psu=common["min_psu"],
        degenerate=common["degenerate"],
        na_rm=common["na_rm"],
    )
    frame = pd.DataFrame({c: result[c] for c in COLUMNS})
    for c in ("estimate", "se", "ci_low", "ci_high"):
        frame[c] = frame[c] * factor
    return frame


def top_box(
    design: Design,
    columns: Union[str, Sequence[str]],
    *,
    scale: Sequence[int] = (1, 5),
    top: int = 2,
    by: Optional[str] = None,
    percent: bool = True,
    level: float = 0.95,
    min_count: int = 0,
    min_psu: int = 2,
    degenerate: str = "suppress",
    na_rm: bool = False,
) -> pd.DataFrame:
    """Satisfaction rates: the share of answers in the `top` highest levels of a Likert `scale`
    (e.g. 4 or 5 on 1..5), per item and domain, with linearisation SEs (the mean of a 0/1
    indicator). In percent unless ``percent=False``. An answer outside the scale or not a whole
    number is an :class:`govindex.InputError` naming the column and row. Columns as
    :func:`estimate`'s.
    """
    design = _require_design(design)
    names = _names("columns", columns)
    low, high = _scale(scale)
    top = require_int("top", top, "an int >= 1")
    if not 1 <= top <= high - low:
        raise error(
            _core.MethodError,
            f"top: expected 1 to {high - low} levels of the scale {low}..{high}, found {top}",
            column="top",
            expected=f"1 to {high - low}",
            found=str(top),
        )
    if not isinstance(percent, (bool, np.bool_)):
        raise _type_error("percent", "True or False", percent)
    common = _check_common(by, level, min_count, na_rm, min_psu, degenerate)
    matrix = np.column_stack([_likert(design.data, "columns", n, low, high) for n in names])
    indicator = np.where(np.isnan(matrix), np.nan, (matrix > high - top).astype(float))
    return _means(design, indicator, names, common, 100.0 if percent else 1.0)


def rescaled_mean(
    design: Design,
    columns: Union[str, Sequence[str]],
    *,
    scale: Sequence[int] = (1, 5),
    by: Optional[str] = None,
    level: float = 0.95,
    min_count: int = 0,
    min_psu: int = 2,
    degenerate: str = "suppress",
    na_rm: bool = False,
) -> pd.DataFrame:
    """Means of Likert items on 0..100: each answer x becomes 100 (x - lowest) / (highest - lowest),
    per item and domain, with linearisation SEs. Answers out of the scale: as :func:`top_box`."""
    design = _require_design(design)
    names = _names("columns", columns)
    low, high = _scale(scale)
    common = _check_common(by, level, min_count, na_rm, min_psu, degenerate)
    matrix = np.column_stack([_likert(design.data, "columns", n, low, high) for n in names])
    return _means(design, (matrix - low) / (high - low), names, common, 100.0)


#: Answers :func:`yes_share` reads as yes and as no (text compared case-insensitively).
YES = (1, True, "yes", "y", "có", "co")
NO = (0, False, "no", "n", "không", "khong")


def yes_share(
    design: Design,
    columns: Union[str, Sequence[str]],
    *,
    yes: Sequence[Any] = YES,
    no: Sequence[Any] = NO,
    by: Optional[str] = None,
    percent: bool = True,
    level: float = 0.95,
    min_count: int = 0,
    min_psu: int = 2,
    degenerate: str = "suppress",
    na_rm: bool = False,
) -> pd.DataFrame:
    """The share of yes answers to yes/no items, per item and domain, with linearisation SEs (in
    percent unless ``percent=False``). An answer in neither `yes` nor `no` (text compared without
    case) is an :class:`govindex.InputError` naming the column and row; missing answers need
    ``na_rm=True``."""
    design = _require_design(design)
    names = _names("columns", columns)
    if not isinstance(percent, (bool, np.bool_)):
        raise _type_error("percent", "True or False", percent)
    for argument, values in (("yes", yes), ("no", no)):
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
            raise _type_error(argument, "a non-empty list of answers", values)

    def key(v: Any) -> Any:
        return v.strip().casefold() if isinstance(v, str) else v

    yes_keys, no_keys = {key(v) for v in yes}, {key(v) for v in no}
    common = _check_common(by, level, min_count, na_rm, min_psu, degenerate)
    matrix = np.empty((len(design.data), len(names)))
    for j, name in enumerate(names):
        series = _column(design.data, "columns", name)
        codes, uniques = pd.factorize(series)  # -1 = missing; each distinct answer read once
        table = np.empty(len(uniques))
        for u, value in enumerate(uniques):
            k = key(value.item() if isinstance(value, np.generic) else value)
            if k in yes_keys:
                table[u] = 1.0
            elif k in no_keys:
                table[u] = 0.0
            else:
                i = int(np.flatnonzero(codes == u)[0])
                raise located(
                    _core.InputError,
                    f"expected a yes/no answer (yes: {list(yes)}, no: {list(no)}), found {series.iloc[i]!r}",
                    source="DataFrame",
                    line=i + 1,
                    column=name,
                    expected="a yes/no answer",
                    found=repr(series.iloc[i]),
                )
        col = np.where(codes < 0, np.nan, table[np.maximum(codes, 0)] if len(table) else np.nan)
        matrix[:, j] = col
    return _means(design, matrix, names, common, 100.0 if percent else 1.0)


def _sipas_parts(
    design: object, elements: object, scale: object, top: object, name: object, common: tuple
) -> tuple[Design, list[str], np.ndarray, np.ndarray, dict[str, Any]]:
    """The checked arguments of :func:`sipas_index`: the design, the element columns, their weights
    as used (divided by the largest when their sum is huge or subnormal: only shares count), the
    0/1 top-box matrix (NaN = missing) and the common settings (`common`: by, level, min_count,
    na_rm, min_psu, degenerate)."""
    design = _require_design(design)
    if not isinstance(elements, Mapping) or not elements:
        raise _type_error("elements", "a non-empty Mapping of column -> weight", elements)
    names = [_column_name("elements key", k) for k in elements]
    weights = []
    for k, w in elements.items():
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)):
            raise _type_error(f"elements[{k!r}]", "a weight (number > 0)", w)
        if not (np.isfinite(w) and w > 0):
            raise error(
                _core.MethodError,
                f"elements[{k!r}]: expected a weight > 0, found {w}",
                column=str(k),
                expected="a weight > 0",
                found=str(w),
            )
        weights.append(float(w))
    _column_name("name", name)
    low, high = _scale(scale)
    top = require_int("top", top, "an int >= 1")
    if not 1 <= top <= high - low:
        raise error(
            _core.MethodError,
            f"top: expected 1 to {high - low} levels of the scale {low}..{high}, found {top}",
            column="top",
            expected=f"1 to {high - low}",
            found=str(top),
        )
    settings = _check_common(*common)
    matrix = np.column_stack([_likert(design.data, "elements", n, low, high) for n in names])  # type: ignore[arg-type]
    indicator = np.where(np.isnan(matrix), np.nan, (matrix > high - top).astype(float))
    w = np.asarray(weights)
    with np.errstate(over="ignore"):
        total = w.sum()
    if not 1e-290 < total < 1e290:  # huge or subnormal weights (a sum that overflows): only their shares count
        w = w / w.max()
    return design, names, w, indicator, settings  # type: ignore[return-value]


def _sipas_run(
    design: Design, names: list[str], w: np.ndarray, indicator: np.ndarray, name: str, common: dict[str, Any]
) -> Any:
    """The pipeline of a SIPAS-style index: element rates per domain (a Dataset) through
    ``Aggregate(ArithmeticMean())`` with the element weights; returns its Results."""
    from ._core import Aggregate, ArithmeticMean
    from .dataset import Dataset
    from .framework import Framework
    from .pipeline import Pipeline

    codes = codes_from_labels([*names, name], [*(f"element {k}" for k in range(1, len(names) + 1)), "index"])
    # The rates of the respondents the index is estimated on: with na_rm, those who answered every
    # element (as the per-respondent score); without, a missing answer is an InputError naming it.
    complete = ~np.isnan(indicator).any(axis=1)
    matrix = np.where(complete[:, None], indicator, np.nan) if common["na_rm"] else indicator
    # Point estimates only: no publication rule (suppression) applies to the rates themselves.
    rates = _means(
        design, matrix, codes[:-1], {**common, "min_count": 0, "degenerate": _core.DegenerateCells.flag}, 100
    )
    domains = list(dict.fromkeys(rates["domain"]))
    frame = pd.DataFrame(
        {
            "uCode": ["all"]
            if domains == [""]
            else codes_from_labels(domains, [f"domain {k}" for k in range(1, len(domains) + 1)]),
            "uName": ["whole sample"] if domains == [""] else domains,
        }
    )
    for code in codes[:-1]:
        frame[code] = rates.loc[rates["variable"] == code].set_index("domain")["estimate"].reindex(domains).to_numpy()
    rows = [[c, n, 1, codes[-1], 1, float(x), "Indicator"] for c, n, x in zip(codes, names, w)]
    rows.append([codes[-1], name, 2, None, 1, 1.0, "Aggregate"])
    framework = Framework.from_frame(
        pd.DataFrame(rows, columns=["iCode", "iName", "Level", "Parent", "Direction", "Weight", "Type"])
    )
    return Pipeline([Aggregate(ArithmeticMean())]).run(framework, Dataset.from_frame(frame, framework))


def sipas_index(
    design: Design,
    elements: Mapping[str, float],
    *,
    scale: Sequence[int] = (1, 5),
    top: int = 2,
    by: Optional[str] = None,
    name: str = "index",
    level: float = 0.95,
    min_count: int = 0,
    min_psu: int = 2,
    degenerate: str = "suppress",
    na_rm: bool = False,
) -> pd.DataFrame:
    """A SIPAS-style satisfaction index: the weighted mean of element satisfaction rates (share in
    the `top` levels of `scale`, in percent) with declared weights, ``sum_j w_j rate_j / sum_j w_j``.

    elements
        Likert column -> weight (> 0), e.g. the five SIPAS elements (access to information,
        administrative procedures, civil servants, results, feedback) and their weights.

    The estimate per domain (each level of `by`, or the whole sample) comes from a pipeline
    (:func:`sipas_results`): the element rates as a data set, aggregated by
    ``Aggregate(ArithmeticMean())`` with the element weights. Its SE comes from the per-respondent
    score ``100 sum_j w_j [x_ij in the top levels] / sum_j w_j`` estimated as a mean, so it
    accounts for the correlation between elements answered by the same respondents; the score's
    mean and the weighted mean of the rates are the same number (to rounding), the interval is
    centred on the estimate. With ``na_rm=True`` a respondent missing any element is left out (of
    the score and of every element's rate); without it a missing answer is an
    :class:`govindex.InputError` naming the column and row. The official SIPAS formula (its
    elements' weights and aggregation) is not public: this is a documented stand-in, not a
    reproduction of the Ministry of Home Affairs' published scores.
    """
    design, names, w, indicator, common = _sipas_parts(
        design, elements, scale, top, name, (by, level, min_count, na_rm, min_psu, degenerate)
    )
    results = _sipas_run(design, names, w, indicator, name, common)
    score = (indicator @ w) / w.sum()  # NaN where any element is missing
    table = _means(design, score[:, None], [name], common, 100.0)
    index = results.scores.iloc[:, -1].to_numpy()  # the root, per domain in the table's order
    published = table["estimate"].notna().to_numpy()
    shift = np.where(published, index - table["estimate"].to_numpy(), 0.0)
    for c in ("estimate", "ci_low", "ci_high"):
        table[c] = table[c].to_numpy() + shift
    return table


def sipas_results(
    design: Design,
    elements: Mapping[str, float],
    *,
    scale: Sequence[int] = (1, 5),
    top: int = 2,
    by: Optional[str] = None,
    name: str = "index",
    na_rm: bool = False,
) -> Any:
    """The pipeline run behind :func:`sipas_index`'s estimates, as :class:`govindex.Results`.

    Its framework has the elements as indicators (codes: the column names) under the index (code
    `name`) with the declared weights; its data set has one unit per domain (code: the level of
    `by`, or ``"all"`` for the whole sample) and the element satisfaction rates in percent; the
    step is ``Aggregate(ArithmeticMean())``. So ``results.contributions(domain, name)`` splits a
    domain's index into its elements' contributions (weight share x rate, adding up to the
    index) and ``results.explain(domain, name)`` shows the rates, weights and shares.

    Point estimates only, from the respondents the index uses (with ``na_rm=True``, those who
    answered every element: a rate here can differ from :func:`top_box`'s, which keeps everyone who
    answered that element). No suppression rule applies and no standard error is carried: the
    engine would combine the rates' SEs as independent, while the elements answered by one
    respondent are correlated; :func:`sipas_index` gives the design-based SE. Arguments and errors
    as :func:`sipas_index`.
    """
    design, names, w, indicator, common = _sipas_parts(design, elements, scale, top, name, (by, 0.95, 0, na_rm))
    return _sipas_run(design, names, w, indicator, name, common)


# --- into the index ------------------------------------------------------------------------------


def to_dataset(
    estimates: pd.DataFrame,
    framework: Any,
    *,
    codes: Optional[Mapping[str, str]] = None,
    unit_names: Optional[Mapping[str, str]] = None,
) -> Any:
    """Domain estimates as a :class:`govindex.Dataset`: one unit per domain, one indicator per
    variable, standard errors from ``se`` and suppressed estimates as suppressed cells (NaN, the
    reason kept), ready for ``Pipeline.run`` and the uncertainty engine's ``DataNoise``.

    estimates
        A table of :func:`estimate` (or :func:`top_box`, :func:`rescaled_mean`,
        :func:`yes_share`, :func:`sipas_index`) made with ``by=``: one row per domain and
        variable. A proportion's rows are named ``variable=level``.
    framework
        The index's framework; every (renamed) variable must be one of its indicators.
    codes
        variable -> indicator code, for variables not named as the indicators.
    unit_names
        domain -> unit name (default: the domain).
    """
    from .dataset import Dataset
    from .framework import Framework

    if not isinstance(estimates, pd.DataFrame):
        raise _type_error("estimates", "a DataFrame of govindex.survey.estimate", estimates)
    if not isinstance(framework, Framework):
        raise _type_error("framework", "a govindex.Framework", framework)
    missing = [c for c in ("variable", "domain", "estimate", "se") if c not in estimates.columns]
    if missing:
        raise error(
            _core.InputError,
            f"estimates: expected the columns of govindex.survey.estimate, found none "
            f"named {', '.join(map(repr, missing))}",
            source="estimates",
            column=missing[0],
        )
    if codes is not None and not isinstance(codes, Mapping):
        raise _type_error("codes", "a Mapping of variable -> indicator code, or None", codes)
    if unit_names is not None and not isinstance(unit_names, Mapping):
        raise _type_error("unit_names", "a Mapping of domain -> unit name, or None", unit_names)
    table = estimates.reset_index(drop=True)
    variable = table["variable"].astype(str)
    if "level" in table.columns:
        level = table["level"].fillna("").astype(str)
        variable = variable.where(level == "", variable + "=" + level)
    code = variable.map(lambda v: (codes or {}).get(v, v))
    domain = table["domain"].astype(str)
    if (domain == "").any():
        row = int(np.flatnonzero((domain == "").to_numpy())[0])
        raise located(
            _core.InputError,
            "expected domain estimates (made with by=), found an estimate for the whole population",
            source="estimates",
            line=row + 1,
            column="domain",
            expected="a domain",
            found="",
        )
    indicators = set(framework.indicators)
    for row, c in enumerate(code):
        if c not in indicators:
            raise error(
                _core.UnknownCodeError,
                f'estimates row {row + 1}: variable "{variable.iloc[row]}" is not an '
                f"indicator of the framework; expected one of: {', '.join(sorted(indicators)[:20])} (rename "
                f"with codes=)",
                source="estimates",
                line=row + 1,
                column="variable",
                expected="an indicator code",
                found=c,
            )
    duplicated = pd.Series(list(zip(domain, code))).duplicated()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated.to_numpy())[0])
        raise located(
            _core.InputError,
            f"expected one estimate per domain and indicator, found a second for domain "
            f'"{domain.iloc[row]}" and indicator "{code.iloc[row]}" (several probabilities or levels?)',
            source="estimates",
            line=row + 1,
            column="variable",
        )
    units = list(dict.fromkeys(domain))
    order = list(dict.fromkeys(code))
    frame = pd.DataFrame({"uCode": units, "uName": [str((unit_names or {}).get(u, u)) for u in units]})
    position = {u: i for i, u in enumerate(units)}
    suppressed = (
        table["suppressed"].to_numpy(dtype=bool) if "suppressed" in table.columns else np.zeros(len(table), bool)
    )
    reasons = table["reason"].fillna("").astype(str) if "reason" in table.columns else pd.Series([""] * len(table))
    for c in order:
        values = np.full(len(units), np.nan)
        ses = np.full(len(units), np.nan)
        why = [""] * len(units)
        for r in np.flatnonzero((code == c).to_numpy()):
            i = position[domain.iloc[r]]
            if suppressed[r]:
                why[i] = reasons.iloc[r] or "suppressed"
            else:
                values[i] = float(table["estimate"].iloc[r])
                ses[i] = float(table["se"].iloc[r])
        frame[c] = values
        frame[f"{c}_se"] = ses
        if any(why):
            frame[f"{c}_suppressed"] = why
    return Dataset.from_frame(frame, framework)


# --- sampling helpers ----------------------------------------------------------------------------


def _positive_number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise _type_error(name, "a number", value)
    return float(value)


def slovin(population: float, margin: float) -> int:
    """Slovin's sample size ``n = N / (1 + N e^2)``, rounded up: e.g. ``slovin(1000, 0.05) == 286``.
    It assumes a simple random sample and p = 0.5 at about 95% confidence; for a design effect or
    another level use :func:`sample_size`."""
    return int(
        _core.slovin_sample_size(
            population=_positive_number("population", population), margin=_positive_number("margin", margin)
        )
    )


def sample_size(
    margin: float,
    *,
    proportion: float = 0.5,
    sd: Optional[float] = None,
    deff: float = 1.0,
    level: float = 0.95,
    population: Optional[float] = None,
) -> int:
    """Respondents for a confidence interval of half-width `margin` (absolute, on the scale of the
    proportion or of the mean when `sd` is given): ``n0 = deff z^2 S^2 / e^2`` with
    ``S^2 = p (1 - p)`` or ``sd^2`` and ``z = qnorm(1 - (1 - level) / 2)``; with a finite
    `population` N, ``n = n0 / (1 + (n0 - 1) / N)``; rounded up.
    ``sample_size(0.05) == 385``, ``sample_size(0.05, deff=2) == 769``."""
    return int(
        _core.sample_size(
            margin=_positive_number("margin", margin),
            proportion=_positive_number("proportion", proportion),
            sd=0.0 if sd is None else _positive_number("sd", sd),
            deff=_positive_number("deff", deff),
            level=_positive_number("level", level),
            population=0.0 if population is None else _positive_number("population", population),
        )
    )


def pps_systematic(
    sizes: Union[pd.Series, Sequence[float], np.ndarray],
    n: int,
    *,
    seed: Optional[int] = None,
    start: Optional[float] = None,
) -> pd.DataFrame:
    """Systematic selection of `n` units with probability proportional to `sizes` (e.g. communes by
    population, PAPI's design), in list order (sort the list to stratify implicitly).

    Units whose size reaches the sampling interval are taken with certainty (repeatedly, as the
    interval shrinks); the others are selected from a random start ``r I``, ``I = S / k``, with
    ``r`` drawn from `seed` (the same on every platform) or given as `start` in [0, 1).

    Returns the selected units, indexed as `sizes` (a Series keeps its labels), with columns size,
    certainty, probability (inclusion probability: 1 for certainty units, else ``k size / S``)
    and weight (1 / probability).
    """
    if isinstance(sizes, pd.Series):
        index = sizes.index
        values = pd.to_numeric(sizes, errors="coerce").to_numpy(dtype=float)
    elif isinstance(sizes, (Sequence, np.ndarray)) and not isinstance(sizes, (str, bytes)):
        values = np.asarray(sizes, dtype=float)
        index = pd.RangeIndex(len(values))
    else:
        raise _type_error("sizes", "a Series or list of sizes", sizes)
    n = _at_least("n", n, 1)
    if seed is None and start is None:
        raise _type_error("seed", "an int (or a start in [0, 1))", seed)
    seed_value = 0 if seed is None else _at_least("seed", seed, 0)
    start_value = -1.0 if start is None else _positive_number("start", start)
    if start is not None and not 0 <= start_value < 1:
        raise error(_core.MethodError, f"start: expected a number in [0, 1), found {start_value:g}", column="start")
    result = _core.pps_systematic(sizes=values, n=n, seed=seed_value, start=start_value)
    units = np.asarray(result["unit"], dtype=np.int64)
    return pd.DataFrame(
        {
            "size": values[units],
            "certainty": np.asarray(result["certainty"], dtype=bool),
            "probability": result["probability"],
            "weight": result["weight"],
        },
        index=index[units],
    )


__all__ = [
    "COLUMNS",
    "ConvergenceWarning",
    "DEGENERATE",
    "Design",
    "LONELY_PSU",
    "NO",
    "REPLICATE_TYPES",
    "ReplicateDesign",
    "STATISTICS",
    "YES",
    "estimate",
    "replicate",
    "post_stratify",
    "pps_systematic",
    "rake",
    "rescaled_mean",
    "sample_size",
    "sipas_index",
    "sipas_results",
    "slovin",
    "to_dataset",
    "top_box",
    "yes_share",
]
