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

from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import error, require_int

#: The statistics :func:`estimate` computes.
STATISTICS = ("mean", "total", "proportion", "ratio", "quantile")
#: Policies for a stratum with a single PSU (R's ``survey.lonely.psu``).
LONELY_PSU = ("fail", "certainty", "adjust", "average")
#: The columns of :func:`estimate`'s result, in order.
COLUMNS = ["variable", "domain", "level", "prob", "estimate", "se", "ci_low", "ci_high", "deff", "n", "n_psu", "df",
           "suppressed", "reason"]


def _type_error(name: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{name}: expected {expected}, found {type(value).__name__} {value!r}"[:300])


def _column_name(name: str, value: object, optional: bool = False) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _type_error(name, "a column name (str)" + (" or None" if optional else ""), value)
    return value


def _column(data: pd.DataFrame, argument: str, name: str) -> pd.Series:
    if name not in data.columns:
        shown = ", ".join(map(str, list(data.columns)[:20]))
        raise error(_core.UnknownCodeError, f'{argument}: column "{name}" is not in the data; expected one of: {shown}',
                    source="DataFrame", column=name, expected="a column of the data", found=name)
    return data[name]


def _numbers(data: pd.DataFrame, argument: str, name: str) -> np.ndarray:
    series = _column(data, argument, name)
    if series.dtype == bool or not (pd.api.types.is_numeric_dtype(series) or series.dtype == object):
        raise error(_core.InputError, f'DataFrame, column "{name}": expected numbers, found {series.dtype} values',
                    source="DataFrame", column=name, expected="numbers", found=str(series.dtype))
    try:
        return pd.to_numeric(series, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError) as e:
        raise error(_core.InputError, f'DataFrame, column "{name}": expected numbers, found {e}',
                    source="DataFrame", column=name, expected="numbers") from None


def _factor(series: pd.Series) -> _core.Factor:
    """Codes and levels as text: a Categorical keeps its categories (used or not) and their order;
    other columns get their distinct values, sorted."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _core.Factor(codes=series.cat.codes.to_numpy(dtype=np.int32),
                            levels=[str(c) for c in series.cat.categories])
    codes, uniques = pd.factorize(series, sort=True)
    return _core.Factor(codes=codes.astype(np.int32), levels=[str(u) for u in uniques])


class Design:
    """A one-stage survey design over the rows of `data` (one row per respondent).

    Parameters
    ----------
    data : pandas.DataFrame
        The respondents; estimates read their variables from it.
    weights : str
        Column of sampling weights (finite, > 0).
    strata, clusters : str, optional
        Columns of strata and of PSUs (clusters; nested in strata: the same code in two strata is
        two PSUs). Without clusters every row is its own PSU.
    fpc : str, optional
        Finite population correction per row, constant in a stratum: population counts of PSUs
        (all > 1) or sampling fractions (all <= 1), as R reads them.
    lonely_psu : {"fail", "certainty", "adjust", "average"}
        What to do with a stratum of one PSU (R's ``survey.lonely.psu``); "fail" raises
        :class:`govindex.MethodError` naming the stratum.

    Errors name the column and the row (1-based position in `data`), e.g.
    ``DataFrame row 2, column "pw": expected a weight > 0, found 0``.
    """

    def __init__(self, data: pd.DataFrame, *, weights: str, strata: Optional[str] = None,
                 clusters: Optional[str] = None, fpc: Optional[str] = None, lonely_psu: str = "fail") -> None:
        if not isinstance(data, pd.DataFrame):
            raise _type_error("data", "a pandas DataFrame", data)
        self._data = data
        self._weights = _column_name("weights", weights)
        self._strata = _column_name("strata", strata, optional=True)
        self._clusters = _column_name("clusters", clusters, optional=True)
        self._fpc = _column_name("fpc", fpc, optional=True)
        if not isinstance(lonely_psu, str):
            raise _type_error("lonely_psu", "one of " + ", ".join(map(repr, LONELY_PSU)), lonely_psu)
        if lonely_psu not in LONELY_PSU:
            raise error(_core.MethodError, f"lonely_psu: expected one of {', '.join(map(repr, LONELY_PSU))}, "
                        f"found {lonely_psu!r}", column="lonely_psu", expected="one of " + ", ".join(LONELY_PSU),
                        found=lonely_psu)
        self._lonely_psu = lonely_psu
        self._post: Optional[tuple[str, dict[str, float]]] = None
        assert self._weights is not None
        self._impl = _core.SurveyDesign(
            weights=_numbers(data, "weights", self._weights),
            strata=None if self._strata is None else _factor(_column(data, "strata", self._strata)),
            clusters=None if self._clusters is None else _factor(_column(data, "clusters", self._clusters)),
            fpc=None if self._fpc is None else _numbers(data, "fpc", self._fpc),
            lonely_psu=getattr(_core.LonelyPsu, lonely_psu),
            weights_column=self._weights, strata_column=self._strata or "strata",
            clusters_column=self._clusters or "clusters", fpc_column=self._fpc or "fpc")

    @property
    def data(self) -> pd.DataFrame:
        """The respondents."""
        return self._data

    @property
    def columns(self) -> dict[str, Optional[str]]:
        """The design's column names: weights, strata, clusters, fpc (None when not given)."""
        return {"weights": self._weights, "strata": self._strata, "clusters": self._clusters, "fpc": self._fpc}

    @property
    def lonely_psu(self) -> str:
        """The policy for a stratum with a single PSU."""
        return self._lonely_psu

    @property
    def post_strata(self) -> Optional[tuple[str, dict[str, float]]]:
        """(column, category -> population count) once post-stratified, else None."""
        return None if self._post is None else (self._post[0], dict(self._post[1]))

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
        return (self.columns == other.columns and self._lonely_psu == other._lonely_psu and self._post == other._post
                and self._data.equals(other._data))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_restore, (self._data, self.columns, self._lonely_psu, self._post))

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.columns.items() if v is not None]
        if self._lonely_psu != "fail":
            parts.append(f"lonely_psu={self._lonely_psu!r}")
        post = f", post-stratified on {self._post[0]!r}" if self._post else ""
        return (f"Design({len(self._data)} rows, {', '.join(parts)}; {self.psus} PSUs in {self.strata_count} strata, "
                f"df {self.degrees_of_freedom:g}{post})")


def _restore(data: pd.DataFrame, columns: dict[str, Optional[str]], lonely_psu: str,
             post: Optional[tuple[str, dict[str, float]]]) -> Design:
    design = Design(data, weights=columns["weights"] or "", strata=columns["strata"], clusters=columns["clusters"],
                    fpc=columns["fpc"], lonely_psu=lonely_psu)
    return design if post is None else post_stratify(design, post[0], post[1])


def _require_design(design: object) -> Design:
    if not isinstance(design, Design):
        raise _type_error("design", "a govindex.survey.Design", design)
    return design


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
    if isinstance(population, pd.Series):
        items = list(population.items())
    elif isinstance(population, Mapping):
        items = list(population.items())
    else:
        raise _type_error("population", "a Mapping or a pandas Series of category -> population count", population)
    counts: dict[str, float] = {}
    for key, value in items:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise _type_error(f"population[{key!r}]", "a number", value)
        counts[str(key)] = float(value)
    categories = _factor(_column(design.data, "column", column))
    out = Design.__new__(Design)
    out.__dict__.update(design.__dict__)
    out._impl = design._impl.post_stratify(categories=categories, population=counts, column=column)
    out._post = (column, counts)
    return out


def _names(argument: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value):
        return list(value)
    raise _type_error(argument, "a column name or a non-empty list of column names", value)


def estimate(design: Design, variables: Union[str, Sequence[str]], statistic: str = "mean",
             by: Optional[str] = None, *, denominator: Union[str, Sequence[str], None] = None,
             probs: Sequence[float] = (0.5,), level: float = 0.95, min_count: int = 0,
             na_rm: bool = False) -> pd.DataFrame:
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
    na_rm
        Rows with a missing value count as outside every domain (they stay in the design); without
        it a missing value raises :class:`govindex.InputError` naming column and row.

    Returns a DataFrame with columns variable, domain ("" = whole population), level (a
    proportion's category, else ""), prob (quantiles, else NaN), estimate, se, ci_low, ci_high,
    deff (NaN for ratios and quantiles), n, n_psu, df, suppressed, reason.
    """
    design = _require_design(design)
    names = _names("variables", variables)
    if not isinstance(statistic, str):
        raise _type_error("statistic", "one of " + ", ".join(map(repr, STATISTICS)), statistic)
    if statistic not in STATISTICS:
        raise error(_core.MethodError, f"statistic: expected one of {', '.join(map(repr, STATISTICS))}, "
                    f"found {statistic!r}", column="statistic", expected="one of " + ", ".join(STATISTICS),
                    found=statistic)
    if statistic != "ratio" and denominator is not None:
        raise error(_core.MethodError, f'denominator: only used with statistic="ratio", found statistic={statistic!r}',
                    column="denominator")
    by_name = _column_name("by", by, optional=True)
    if isinstance(level, bool) or not isinstance(level, (int, float, np.integer, np.floating)):
        raise _type_error("level", "a number in (0, 1)", level)
    min_count = require_int("min_count", min_count, "an int >= 0")
    if min_count < 0:
        raise error(_core.MethodError, f"min_count: expected an int >= 0, found {min_count}", column="min_count",
                    expected="an int >= 0", found=str(min_count))
    if not isinstance(na_rm, (bool, np.bool_)):
        raise _type_error("na_rm", "True or False", na_rm)
    data = design.data
    factor = None if by_name is None else _factor(_column(data, "by", by_name))
    common = {"by": factor, "level": float(level), "min_count": min_count, "na_rm": bool(na_rm)}

    def matrix(columns: list[str], argument: str) -> np.ndarray:
        for c in columns:
            _column(data, argument, c)
        block = data[columns]
        if all(pd.api.types.is_float_dtype(t) or (pd.api.types.is_integer_dtype(t) and t.kind in "iu")
               for t in block.dtypes):
            return np.asfortranarray(block.to_numpy(dtype=float))  # plain numpy dtypes: one copy, no checks
        return np.asfortranarray(np.column_stack([_numbers(data, argument, c) for c in columns]))

    if statistic in ("mean", "total"):
        fn = _core.survey_mean if statistic == "mean" else _core.survey_total
        result = fn(design._impl, matrix(names, "variables"), names, **common)
    elif statistic == "proportion":
        parts = [_core.survey_proportion(design._impl, _factor(_column(data, "variables", n)), n, **common)
                 for n in names]
        result = {k: np.concatenate([np.asarray(p[k], dtype=object if isinstance(p[k], list) else None)
                                     for p in parts]) for k in parts[0]}
    elif statistic == "ratio":
        if denominator is None:
            raise _type_error("denominator", 'a column name (statistic="ratio" needs one)', denominator)
        denominators = _names("denominator", denominator)
        if len(denominators) == 1 and len(names) > 1:
            denominators = denominators * len(names)
        if len(denominators) != len(names):
            raise error(_core.MethodError, f"denominator: expected one column per variable ({len(names)}), "
                        f"found {len(denominators)}", column="denominator")
        result = _core.survey_ratio(design._impl, matrix(names, "variables"), matrix(denominators, "denominator"),
                                    names, denominators, **common)
    else:
        if isinstance(probs, (str, bytes)) or not isinstance(probs, Sequence) or not probs or not all(
                isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(p, bool) for p in probs):
            raise _type_error("probs", "a non-empty list of probabilities", probs)
        result = _core.survey_quantile(design._impl, matrix(names, "variables"), names, [float(p) for p in probs],
                                       **common)
    frame = pd.DataFrame({c: result[c] for c in COLUMNS})
    return frame


__all__ = ["COLUMNS", "Design", "LONELY_PSU", "STATISTICS", "estimate", "post_stratify"]
