"""The 2025 geography: the 63 pre-2025 provinces and the 34 provincial units from 1 July 2025.

On 1 July 2025 Vietnam's 63 provinces became 34 provincial units (28 provinces, 6 centrally-run
cities): 11 units kept their territory (Thừa Thiên Huế became the city of Huế), the other 52
provinces formed 23 new units, e.g. Bến Tre, Trà Vinh and Vĩnh Long formed the new Vĩnh Long.
The mapping is shipped as ``govindex/data/vn-admin/province_merger_2025.csv`` (sources: the annex
of Nghị quyết 60-NQ/TW of 12/4/2025 and the National Assembly's Nghị quyết 202/2025/QH15; see
``data/vn-admin/README.md``).

**Unit codes.** A 2025 unit is identified here by the 2-digit GSO code of the pre-2025 province
whose name it keeps (Vĩnh Long = ``"86"``, Hồ Chí Minh = ``"79"``, Tuyên Quang = ``"08"``); Huế,
the one renamed unit, has the code of its only former province, Thừa Thiên Huế (``"46"``). Every
unit keeps the name of one of its former provinces, so the code is stable and needs no new table,
and a unit's code is also a valid pre-2025 province code. These are govindex's codes, **not** the
official 2025 codes of Quyết định 19/2025/QĐ-TTg, which are not in the shipped data and may differ.

**Derived figures.** Index results up to assessment year 2024 are published for the 63
provinces. No official rule exists for recomputing them on the 2025 geography: :func:`to_2025`
and :func:`side_by_side` compute a weighted mean of the former provinces with weights that the
caller states (equal, population, respondents ...) and label the result as derived. The means
are computed by govindex's engine (an Aggregate step over :func:`merger_framework`), and
:func:`to_2025_results` returns that run, so a merged unit's figure splits into its former
provinces' contributions (``Results.contributions``, ``Results.explain``).

>>> from govindex.vn import geography
>>> geography.unit_2025("Ben Tre").name
'Vĩnh Long'
>>> geography.members_2025("Vinh Long")
['83', '84', '86']
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import _core
from .._core import Aggregate, ArithmeticMean
from .._errors import error, located
from .._tables import codes_from_labels
from ..dataset import Dataset
from ..framework import Framework
from ..pipeline import Pipeline
from ..results import Results
from .provinces import province, registry

__all__ = [
    "DERIVED_NOTE",
    "MERGER_ROOT",
    "Unit2025",
    "data_folder",
    "find_unit_2025",
    "members_2025",
    "merger_2025",
    "merger_framework",
    "merger_node",
    "side_by_side",
    "to_2025",
    "to_2025_results",
    "unit_2025",
    "units_2025",
]

#: The label :func:`to_2025` and :func:`side_by_side` attach to their figures.
DERIVED_NOTE = (
    "derived by govindex: weighted mean of the former provinces' published figures with "
    "weights stated by the user; no official rule exists for the 2025 geography"
)


class Unit2025(NamedTuple):
    """A provincial unit of the 2025 geography.

    ``code``: govindex's unit code (the code of the former province whose name the unit keeps; see
    the module docstring); ``name`` (with diacritics, NFC); ``name_ascii``; ``type`` (tỉnh / thành
    phố trực thuộc trung ương); ``members``: the pre-2025 province codes forming it, ascending;
    ``merged``: True when it joins several former provinces.
    """

    code: str
    name: str
    name_ascii: str
    type: str
    members: tuple[str, ...]
    merged: bool


def data_folder() -> Path:
    """Folder of the shipped administrative geography (``govindex/data/vn-admin``)."""
    folder = Path(str(resources.files("govindex"))) / "data" / "vn-admin"
    if not folder.is_dir():
        raise error(
            _core.UnknownCodeError,
            f"the shipped data folder {folder} is missing; reinstall govindex",
            source=str(folder),
            expected="the shipped data folder",
            found="missing",
        )
    return folder


@lru_cache(maxsize=1)
def _merger() -> _core.Merger2025:
    """The shipped mapping, read and checked by the compiled core (vn/geography.hpp)."""
    return _core.read_merger_2025(data_folder() / "province_merger_2025.csv", registry())


@lru_cache(maxsize=1)
def merger_2025() -> pd.DataFrame:
    """The shipped mapping (63 rows) indexed by ``province_code``, checked on load.

    Columns: ``name_vi`` (pre-2025 province), ``unit_code`` (its 2025 unit's code), ``unit`` (the
    unit's name), ``unit_type``, ``merged`` (bool), ``unit_members`` (number of former provinces).
    A file that disagrees with the province registry or with itself raises
    :class:`govindex.InputError` naming the line and column.
    """
    unit_codes = _merger().unit_codes()
    units = _units()
    rows = [units[unit_codes[code]] for code in unit_codes]
    return pd.DataFrame(
        {
            "name_vi": [province(code).name_vi for code in unit_codes],
            "unit_code": [u.code for u in rows],
            "unit": [u.name for u in rows],
            "unit_type": [u.type for u in rows],
            "merged": np.array([u.merged for u in rows], dtype=bool),
            "unit_members": np.array([len(u.members) for u in rows], dtype=np.int64),
        },
        index=pd.Index(list(unit_codes), name="province_code"),
    )


@lru_cache(maxsize=1)
def _units() -> dict[str, Unit2025]:
    return {
        u.code: Unit2025(u.code, u.name, u.name_ascii, u.type, tuple(u.members), u.merged) for u in _merger().units()
    }


def units_2025() -> pd.DataFrame:
    """The 34 provincial units of the 2025 geography, indexed by ``unit_code`` (ascending).

    Columns: ``name`` (with diacritics), ``name_ascii``, ``type`` (tỉnh / thành phố trực thuộc
    trung ương), ``members`` (tuple of the former provinces' codes), ``member_names`` (their
    names), ``merged`` (bool). ``unit_code`` is the code of the former province whose name the unit
    keeps (Huế: Thừa Thiên Huế's ``"46"``); it is not the official 2025 code.
    """
    units = list(_units().values())
    return pd.DataFrame(
        {
            "name": [u.name for u in units],
            "name_ascii": [u.name_ascii for u in units],
            "type": [u.type for u in units],
            "members": [u.members for u in units],
            "member_names": [tuple(province(c).name_vi for c in u.members) for u in units],
            "merged": [u.merged for u in units],
        },
        index=pd.Index([u.code for u in units], name="unit_code"),
    )


def unit_2025(province_name_or_code: str | int) -> Unit2025:
    """The 2025 unit of a pre-2025 province given by code (``"83"``, 83) or any accepted name.

    Names are resolved by :func:`govindex.vn.provinces.province` ("Bến Tre", "Ben Tre", "BEN TRE",
    "TT-Huế" ...); an unknown name raises :class:`govindex.UnknownCodeError` listing the nearest.
    """
    code = province(province_name_or_code).code
    return _units()[_merger().unit_2025(code).code]


def find_unit_2025(name_or_code: str | int) -> Unit2025:
    """The 2025 unit with this name or unit code, matched as province names are.

    Accepted: the unit's name with or without diacritics, any case, with or without spaces,
    hyphens, dots or a leading "Tỉnh", "Thành phố" or "TP." ("Vĩnh Long", "vinh long",
    "TP. Hồ Chí Minh"); its unit code (``"86"``); or any spelling of the former province whose name
    the unit keeps ("TP.HCM", "Sài Gòn", "Thừa Thiên Huế" -> Huế). A pre-2025 province that is not
    the name of a 2025 unit ("Bến Tre") and an unknown name raise :class:`govindex.UnknownCodeError`
    (a ``KeyError``) saying which unit the province joined, or listing the nearest unit names.
    """
    return _units()[_merger().find_unit_2025(name_or_code).code]


def members_2025(unit: str | int) -> list[str]:
    """The codes of the pre-2025 provinces forming a 2025 unit given by name or unit code, ascending.

    ``members_2025("Vĩnh Long") == ["83", "84", "86"]`` (Bến Tre, Trà Vinh, Vĩnh Long). The name is
    matched as by :func:`find_unit_2025` (NFC, diacritics and case optional); unknown names raise
    :class:`govindex.UnknownCodeError` listing the nearest unit names.
    """
    return list(find_unit_2025(unit).members)


# --- derived figures ------------------------------------------------------------------------------


def _table_codes(table: pd.DataFrame) -> list[str]:
    """The index of `table` as province codes; InputError naming the rows that are not codes."""
    if not isinstance(table, pd.DataFrame):
        raise error(
            _core.InputError,
            f"expected a DataFrame indexed by province code, found {type(table).__name__}",
            expected="a DataFrame indexed by province code",
            found=type(table).__name__,
        )
    known = {p.code for p in registry().provinces()}
    codes, bad = [], []
    for label in table.index:
        code = f"{label:02d}" if isinstance(label, (int, np.integer)) and not isinstance(label, bool) else label
        codes.append(code)
        if not isinstance(code, str) or code not in known:
            bad.append(repr(label))
    if bad:
        hint = ""
        if "province_code" in table.columns:
            hint = '; the table has a province_code column: use table.set_index("province_code")'
        elif all(isinstance(label, str) and registry().find_code(label) is not None for label in table.index):
            hint = "; the index holds province names: use table.rename(index=lambda n: provinces.province(n).code)"
        raise located(
            _core.InputError,
            f"the table must be indexed by 2-digit province codes; not a province code: "
            f"{', '.join(bad[:5])}{' ...' if len(bad) > 5 else ''} ({len(bad)} rows){hint}",
            source="DataFrame",
            column="index",
            expected="2-digit province codes (provinces.csv)",
            found=", ".join(bad[:5]),
        )
    duplicated = sorted({c for c in codes if codes.count(c) > 1})
    if duplicated:
        raise located(
            _core.InputError,
            f"province codes repeated in the index: {', '.join(duplicated)}",
            source="DataFrame",
            column="index",
            expected="each province at most once",
            found=", ".join(duplicated),
        )
    return codes


def _values(table: pd.DataFrame, value_columns: list[str] | None) -> pd.DataFrame:
    codes = _table_codes(table)
    if value_columns is None:
        columns = [
            c
            for c in table.columns
            if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
        ]
        if not columns:
            raise located(
                _core.InputError,
                "the table has no numeric column; name value_columns",
                source="DataFrame",
                expected="numeric columns",
                found="none",
            )
    else:
        columns = [value_columns] if isinstance(value_columns, str) else list(value_columns)
        missing = [str(c) for c in columns if c not in table.columns]
        if missing:
            raise located(
                _core.InputError,
                f"value_columns not in the table: {', '.join(missing)}",
                source="DataFrame",
                column=missing[0],
                expected="columns of the table",
                found=", ".join(missing),
            )
        text = [
            str(c)
            for c in columns
            if not pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c])
        ]
        if text:
            raise located(
                _core.InputError,
                f"value_columns are not numeric: {', '.join(text)}",
                source="DataFrame",
                column=text[0],
                expected="numeric columns",
                found=", ".join(text),
            )
    values = table[columns].astype(float)
    values.index = pd.Index(codes, name="province_code")
    infinite = np.isinf(values.to_numpy())
    if infinite.any():
        row, col = (int(i) for i in np.argwhere(infinite)[0])
        raise located(
            _core.InputError,
            f"province {codes[row]}, column {columns[col]}: expected a finite value (or a missing one), "
            f"found {values.iat[row, col]:g} ({int(infinite.sum())} infinite values in all)",
            source="DataFrame",
            line=row + 1,
            column=str(columns[col]),
            expected="a finite value or a missing one",
            found=f"{values.iat[row, col]:g}",
        )
    return values.reindex(merger_2025().index)


def _stated(weights: object, table: pd.DataFrame | None) -> tuple[list[tuple[str, float]], str]:
    """The stated weights as (province code or name, weight) pairs, and their label; the compiled
    core (``merger_weights``, ``merger_framework``) resolves the names and checks the weights."""
    if isinstance(weights, str) and weights == "equal":
        return [(code, 1.0) for code in _merger().unit_codes()], "equal"
    if isinstance(weights, str) and table is not None:
        if weights not in table.columns:
            raise located(
                _core.InputError,
                f'weights "{weights}" is neither "equal" nor a column of the table; expected '
                '"equal", a column name, or a Series/dict of weights by province code',
                source="DataFrame",
                column=weights,
                expected='"equal", a column, a Series or dict',
                found=weights,
            )
        series, label, keys = table[weights], f"column {weights}", _table_codes(table)
    elif isinstance(weights, (pd.Series, Mapping)):
        series = pd.Series(dict(weights), dtype=object) if isinstance(weights, Mapping) else weights
        label = str(weights.name) if isinstance(weights, pd.Series) and weights.name is not None else "stated weights"
        keys = [
            f"{key:02d}" if isinstance(key, (int, np.integer)) and not isinstance(key, bool) else str(key)
            for key in series.index
        ]
    else:
        raise error(
            _core.InputError,
            f'weights must be "equal", a column name, or a Series/dict by province code; found '
            f"{type(weights).__name__}",
            expected='"equal", a column, a Series or dict',
            found=type(weights).__name__,
        )
    numbers = pd.to_numeric(pd.Series(series.to_numpy(), dtype=object), errors="coerce").astype(float)
    return list(zip(keys, numbers.tolist())), label


def _checked(pairs: list[tuple[str, float]], label: str, values: pd.DataFrame) -> pd.Series:
    """The stated weights by province code (NaN where none is stated), checked for the provinces
    with a value in `values`: InputError naming bad provinces."""
    with_data = [str(c) for c in values.index[values.notna().any(axis=1)]]
    checked = _core.merger_weights(_merger(), pairs, label=label, with_data=with_data)
    return pd.Series(checked, dtype=float).reindex(values.index)


def _weights(weights: object, table: pd.DataFrame, values: pd.DataFrame) -> tuple[pd.Series, str]:
    """The checked weights (:func:`_checked`) and their label."""
    pairs, label = _stated(weights, table)
    return _checked(pairs, label, values), label


#: Code of the root of :func:`merger_framework`: the 34 units' equal-weight mean, which only closes
#: the tree (no figure of interest).
MERGER_ROOT = _core.merger_root


def merger_node(unit: str | int) -> str:
    """The code of a 2025 unit's aggregate in :func:`merger_framework`: ``"unit <unit code>"``.

    ``merger_node("Vĩnh Long") == "unit 86"``; `unit` is matched as by :func:`find_unit_2025`.
    (The indicators are the former provinces' own codes, so the units need codes of their own.)
    """
    return _core.merger_node(_merger().find_unit_2025(unit))


def _framework(pairs: list[tuple[str, float]], label: str, with_data: list[str] | None) -> Framework:
    """The merger framework (provinces -> 34 units -> MERGER_ROOT) built by the compiled core;
    `with_data`: the provinces with a value (None: all)."""
    return Framework(_core.merger_framework(_merger(), pairs, label=label, with_data=with_data))


def _run(values: pd.DataFrame, framework: Framework) -> Results:
    """The Aggregate step (weighted arithmetic mean) on the value columns as units."""
    frame = pd.DataFrame(values.T.to_numpy(), columns=list(values.index))
    frame.insert(0, "uName", [str(c) for c in values.columns])
    # codes: the column names (NFC), numbered "column 1" ... when they are not usable as codes
    frame.insert(
        0,
        "uCode",
        codes_from_labels([str(c) for c in values.columns], [f"column {k}" for k in range(1, len(values.columns) + 1)]),
    )
    data = Dataset.from_frame(frame, framework)
    return Pipeline([Aggregate(ArithmeticMean())]).run(framework, data)


def _prepared(
    table: pd.DataFrame, weights: object, value_columns: list[str] | str | None
) -> tuple[pd.DataFrame, list[tuple[str, float]], str, Framework, list[int]]:
    """The values (63 provinces x value columns), the stated weights and their label, the
    framework, and the positions of the columns one framework cannot carry (see
    :func:`to_2025_results`).

    Raises InputError as :func:`to_2025` documents, the zero totals unit by unit and column by
    column (a unit's members with a value in a column whose weights are all 0)."""
    values = _values(table, None if value_columns is None else value_columns)
    pairs, label = _stated(weights, table)
    stated = _checked(pairs, label, values)
    has = values.notna().to_numpy()
    row = {code: i for i, code in enumerate(values.index)}
    merged = [(u, [row[m] for m in u.members]) for u in _units().values() if u.merged]
    positive = stated.to_numpy() > 0
    for unit, rows in merged:
        for k, column in enumerate(values.columns):
            present = has[rows, k]
            if present.any() and not positive[rows][present].any():
                raise located(
                    _core.InputError,
                    f"the weights ({label}) of {unit.name}'s members with a value in {column} sum to 0",
                    source="weights",
                    column=str(column),
                    expected="a positive total weight per unit",
                    found="0",
                )
    framework = _framework(pairs, label, [str(c) for c in values.index[has.any(axis=1)]])
    weights_used = framework.weights().reindex(values.index)
    # A column whose members with a value (in some unit) all have weights below 1e-323 times the
    # largest weight of a member with data elsewhere (shares beyond a double's range) needs its own
    # framework: the positions of such columns.
    used = weights_used.to_numpy() > 0
    apart = [
        k
        for k in range(values.shape[1])
        if any(has[rows, k].any() and not used[rows][has[rows, k]].any() for _, rows in merged)
    ]
    return values, pairs, label, framework, apart


def merger_framework(
    *, weights: object, table: pd.DataFrame | None = None, value_columns: list[str] | str | None = None
) -> Framework:
    """The 2025 re-aggregation as a framework: the 63 former provinces as indicators (their codes,
    names and stated weights), the 34 units of 2025 as aggregates (codes ``"unit <unit code>"``, see
    :func:`merger_node`, and names) and a root :data:`MERGER_ROOT` above them.

    :func:`to_2025` runs it with ``Aggregate(ArithmeticMean())`` on the value columns as units.
    `weights` as for :func:`to_2025`. Without `table` every former province of a merged unit needs
    a weight (a column name needs the table). With `table` (and `value_columns`) it is the
    framework :func:`to_2025_results` runs: a member without a value in any value column has
    weight 0 (it takes no part), a merged unit none of whose members has a value 1 each. A member
    of one of the 11 unchanged units has weight 1 whatever is stated. A unit whose weights sum
    beyond (1e-290, 1e290) has them divided by their largest (only shares count). The root, the
    equal-weight mean of the 34 units, only closes the tree: it is no figure to quote.
    """
    if table is None:
        if isinstance(weights, str) and weights != "equal":
            raise error(
                _core.InputError,
                f'weights "{weights}" names a column: pass the table too (table=...); expected '
                '"equal" or a Series/dict of weights by province code without a table',
                expected='"equal", a Series or dict',
                found=weights,
            )
        pairs, label = _stated(weights, None)
        return _framework(pairs, label, None)
    return _prepared(table, weights, value_columns)[3]


def to_2025_results(table: pd.DataFrame, *, weights: object, value_columns: list[str] | str | None = None) -> Results:
    """The run behind :func:`to_2025`: :class:`govindex.Results` of ``Aggregate(ArithmeticMean())``
    over :func:`merger_framework` on the value columns as units (codes: the column names).

    Its scores hold each former province (its published value) and each 2025 unit (aggregate
    ``"unit <unit code>"``, see :func:`merger_node`) per value column, so a merged unit's figure
    can be taken apart: ``results.contributions("score", "unit 86")`` gives each former province's
    weight share and contribution (adding up to the unit's value) and ``results.explain("score",
    "unit 86")`` the same step by step. Arguments and errors as :func:`to_2025`; in addition an
    InputError when a unit's weights differ by more than a double's range (a member's weight below
    1e-323 times another's) in a way one framework cannot hold for every column (:func:`to_2025`
    handles it column by column). The figures are **derived** (see :data:`DERIVED_NOTE`).
    """
    values, _, label, framework, apart = _prepared(table, weights, value_columns)
    if apart:
        raise located(
            _core.InputError,
            f"the weights ({label}) of a unit's members differ by more than a double's range, and the "
            f"members with a value in {values.columns[apart[0]]} have none but the smallest; one run cannot "
            "hold every column: to_2025() computes such columns one by one",
            source="weights",
            column=str(values.columns[apart[0]]),
            expected="weights within a double's range of each other in each unit",
            found=", ".join(str(values.columns[k]) for k in apart[:5]),
        )
    return _run(values, framework)


def to_2025(table: pd.DataFrame, *, weights: object, value_columns: list[str] | str | None = None) -> pd.DataFrame:
    """Maps a table of the 63 pre-2025 provinces onto the 34 units of 2025: a DERIVED figure.

    There is **no official rule** for recomputing an index published for the 63 provinces on the
    2025 geography. This function computes, for each unit and each value column, the weighted mean
    of its former provinces' values with the weights the caller states, and labels the result as
    derived; quote it as such ("derived: weighted mean of the former provinces, population weights").

    - `table`: indexed by 2-digit province code (e.g. :func:`govindex.vn.published.papi`); provinces
      absent from the table count as missing values.
    - `weights` (keyword, required): ``"equal"``; the name of a column of `table` (e.g.
      ``"observations"``, PAPI respondents); or a Series or dict of weights by province code (or
      name), such as population. Every province with a value in a merged unit needs a finite
      weight >= 0 (the 11 unchanged units take their province's value and need none).
    - `value_columns`: the columns to map (default: every numeric column).

    A province without a value in a column is dropped from that column's mean (the remaining
    weights are renormalised); a unit none of whose members has a value gets NaN.

    The means are computed by govindex's engine: an ``Aggregate(ArithmeticMean())`` step over
    :func:`merger_framework` (provinces -> units), run on the value columns as units;
    :func:`to_2025_results` returns that run, whose ``contributions`` and ``explain`` take a
    merged unit's figure apart province by province.

    Returns a DataFrame indexed by ``unit_code`` (34 rows, see :func:`units_2025`) with ``unit``
    (name), the value columns, ``members`` (tuple of former province codes), ``members_with_data``
    (how many have a value in every value column), ``members_missing`` (tuple of the codes lacking
    a value in at least one value column), ``derived`` (True where the unit joins several former
    provinces; the 11 unchanged units carry their province's own figure) and ``weights`` (the
    label: ``"equal"``, ``"column observations"``, the Series name or ``"stated weights"``).
    ``result.attrs["note"]`` is :data:`DERIVED_NOTE`.

    Raises :class:`govindex.InputError` naming the offending rows, columns or provinces for an index
    that is not province codes, unknown value columns, missing or negative weights, or a unit whose
    members with data all have weight 0.
    """
    values, pairs, label, framework, apart = _prepared(table, weights, value_columns)
    scores = _run(values, framework).scores
    node = {code: j for j, code in enumerate(scores.columns)}
    means = scores.to_numpy().copy()  # value columns x nodes
    for k in apart:  # weights beyond a double's range of each other: this column's own shares
        own = _framework(pairs, label, [str(c) for c in values.index[values.iloc[:, k].notna()]])
        means[k] = _run(values.iloc[:, [k]], own).scores.to_numpy()[0]
    units = _units()
    rows = {}
    for code, unit in units.items():
        block = values.loc[list(unit.members)]
        complete = block.notna().all(axis=1)
        rows[code] = {
            "unit": unit.name,
            **{column: float(means[k, node[f"unit {code}"]]) for k, column in enumerate(values.columns)},
            "members": unit.members,
            "members_with_data": int(complete.sum()),
            "members_missing": tuple(block.index[~complete]),
            "derived": unit.merged,
            "weights": label,
        }
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = "unit_code"
    result["members_with_data"] = result["members_with_data"].astype("int64")
    result["derived"] = result["derived"].astype(bool)
    result.attrs["note"] = DERIVED_NOTE
    result.attrs["weights"] = label
    return result


def side_by_side(
    unit: str | int, table: pd.DataFrame, *, weights: object = None, value_columns: list[str] | str | None = None
) -> pd.DataFrame:
    """The former provinces of a 2025 unit side by side, with their values from a 63-province table.

    One row per former province (indexed by its code) with ``name``, ``row`` (``"province"``) and
    the value columns (default: every numeric column of `table`); with `weights` (as for
    :func:`to_2025`) a ``weight`` column and a last row, indexed ``"unit <code>"``, holding the
    unit's derived weighted mean (``row`` = ``"derived 2025 unit (weights: <label>)"``). The
    province rows are the published values, unchanged; only the unit row is derived, and no
    official rule exists for it.

    >>> side_by_side("Vĩnh Long", published.papi(2023), value_columns=["score"])  # doctest: +SKIP
    """
    found = find_unit_2025(unit)
    values = _values(table, value_columns)
    members = list(found.members)
    out = values.loc[members].copy()
    out.insert(0, "row", "province")
    out.insert(0, "name", [province(c).name_vi for c in members])
    if weights is not None:
        mapped = to_2025(table, weights=weights, value_columns=list(values.columns))
        w, label = _weights(weights, table, values)
        out["weight"] = w.loc[members].to_numpy()
        derived = mapped.loc[found.code]
        unit_row = {
            "name": found.name,
            "row": f"derived 2025 unit (weights: {label})",
            **{c: derived[c] for c in values.columns},
            "weight": np.nan,
        }
        out = pd.concat([out, pd.DataFrame([unit_row], index=[f"unit {found.code}"])])
        out.attrs["note"] = DERIVED_NOTE
    out.index.name = "code"
    return out
