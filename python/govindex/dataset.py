"""Data sets: units x indicators (NaN = missing) with unit names, years, groups and denominators."""

from __future__ import annotations

import os
from collections.abc import Hashable
from html import escape

import numpy as np
import pandas as pd

from . import _core, _display
from ._errors import ArgumentTypeError, error, instance_argument, path_argument, shown
from .framework import Framework


def _index(impl: _core.Dataset) -> pd.Index:
    """uCode index, or a (uCode, Time) MultiIndex for panel data."""
    codes = pd.Index(impl.unit_codes, name="uCode")
    if impl.is_panel():
        return pd.MultiIndex.from_arrays([impl.unit_codes, impl.times], names=["uCode", "Time"])
    return codes


class Dataset:
    """Units x columns of numbers, with the units' codes, names, years, groups and denominators.

    Build it with :func:`read_dataset` (COINr iData CSV) or :meth:`Dataset.from_frame`. In both, a
    column ``<code>_se`` holds the standard errors of indicator ``<code>`` (numbers >= 0, empty =
    not known) and a column ``<code>_suppressed`` the reason its cells were withheld (non-empty text
    = suppressed; the value must then be empty). Guide: "Standard errors and suppressed cells".
    """

    __slots__ = ("_impl",)

    def __init__(self, impl: _core.Dataset) -> None:
        self._impl = impl

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, framework: Framework) -> Dataset:
        """A data set from a DataFrame in COINr's iData layout.

        Columns: uCode (or the index, if named uCode), optional uName and Time, then one column per
        indicator, group, denominator or other column described in `framework`. Errors name the
        DataFrame row (1-based) and column. A column label that is a list, dict, set or tuple (a
        MultiIndex) is an InputError naming its position. Unit codes must be text: a numeric uCode column (as
        ``pd.read_csv`` makes of "01", "02" ...) is an InputError, since its leading zeros are
        already lost; read such files with ``dtype={"uCode": str}``.
        """
        if not isinstance(frame, pd.DataFrame):
            raise ArgumentTypeError(f"frame: expected a pandas DataFrame, found {type(frame).__name__}")
        if not isinstance(framework, Framework):
            raise ArgumentTypeError(f"framework: expected a govindex.Framework, found {type(framework).__name__}")
        for position, label in enumerate(frame.columns, start=1):
            if isinstance(label, (list, dict, set, tuple)) or not isinstance(label, Hashable):
                raise error(
                    _core.InputError,
                    f"DataFrame column {position}: expected a column name (text), found {type(label).__name__} "
                    f"{shown(label)}",
                    source="DataFrame",
                    column=str(position),
                    expected="a column name (text)",
                    found=type(label).__name__,
                )
        if "uCode" not in frame.columns and frame.index.name == "uCode":
            frame = frame.reset_index()
        if "uCode" in frame.columns and pd.api.types.is_numeric_dtype(frame["uCode"]) and len(frame):
            raise error(
                _core.InputError,
                f'DataFrame column "uCode": expected unit codes as text, found numbers '
                f'({frame["uCode"].dtype}, e.g. {frame["uCode"].iloc[0]!r}): codes such as "01" have lost their '
                f'leading zeros; read the file with dtype={{"uCode": str}} or convert the column with .astype(str)',
                source="DataFrame",
                column="uCode",
                expected="unit codes as text",
                found=str(frame["uCode"].dtype),
            )
        return cls(_core.dataset_from_frame(framework._impl, frame))

    def to_frame(self) -> pd.DataFrame:
        """The data set in iData layout, indexed by uCode: uName, groups, denominators, values."""
        impl = self._impl
        out = pd.DataFrame(index=_index(impl))
        out["uName"] = impl.unit_names
        if impl.times and not impl.is_panel():
            out["Time"] = impl.times
        for code, cells in impl.groups:
            out[code] = cells
        for code, cells in impl.others:
            out[code] = cells
        denominators = impl.denominators
        for j, code in enumerate(impl.denominator_codes):
            out[code] = denominators[:, j]
        return pd.concat([out, self.values], axis=1)

    @property
    def values(self) -> pd.DataFrame:
        """The numbers: a DataFrame indexed by uCode (and Time for panels), one column per code."""
        return pd.DataFrame(self._impl.values, index=_index(self._impl), columns=self._impl.columns)

    def has_standard_errors(self) -> bool:
        """True when the data set holds standard errors (some cells may still be NaN = not known)."""
        return self._impl.has_standard_errors()

    @property
    def standard_errors(self) -> pd.DataFrame:
        """Standard errors, shaped as :attr:`values`; NaN = not known (every cell without any)."""
        impl = self._impl
        se = impl.standard_errors if impl.has_standard_errors() else np.full(impl.values.shape, np.nan)
        return pd.DataFrame(se, index=_index(impl), columns=impl.columns)

    @property
    def suppressed(self) -> pd.DataFrame:
        """True for the cells flagged suppressed (withheld at the source, or a child of an aggregate was)."""
        flags = np.asarray(self._impl.flags)
        return pd.DataFrame((flags & 4) != 0, index=_index(self._impl), columns=self._impl.columns)

    @property
    def suppression_reasons(self) -> pd.DataFrame:
        """Why cells were suppressed, as the data said: one row per cell (uCode, Time for panels, column, reason)."""
        impl = self._impl
        rows = impl.suppression_reasons
        out = pd.DataFrame({"uCode": [impl.unit_codes[r] for r, _, _ in rows]})
        if impl.is_panel():
            out["Time"] = [impl.times[r] for r, _, _ in rows]
        out["column"] = [impl.columns[c] for _, c, _ in rows]
        out["reason"] = [reason for _, _, reason in rows]
        return out

    def standard_error(self, unit: str, column: str) -> float:
        """The standard error of one cell, by unit code or name and column code (NaN = not known)."""
        return self._impl.standard_error(unit, column)

    @property
    def unit_codes(self) -> list[str]:
        """Unit codes, in row order."""
        return self._impl.unit_codes

    @property
    def unit_names(self) -> list[str]:
        """Unit names, in row order."""
        return self._impl.unit_names

    @property
    def columns(self) -> list[str]:
        """Column codes of the numbers."""
        return self._impl.columns

    @property
    def is_panel(self) -> bool:
        """True when the Time column holds more than one year (a property, like :attr:`unit_codes`)."""
        return self._impl.is_panel()

    @property
    def years(self) -> list[int]:
        """The distinct years of the Time column, ascending (empty without one)."""
        return self._impl.years()

    def select_time(self, year: int) -> Dataset:
        """The rows of one year of a panel."""
        return Dataset(self._impl.select_time(year))

    def value(self, unit: str, column: str) -> float:
        """One cell, by unit code or name and column code (NaN = missing)."""
        return self._impl.value(unit, column)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dataset) and self._impl == other._impl

    def __reduce__(self) -> tuple[type[Dataset], tuple[_core.Dataset]]:
        # Pickled through the compiled data set, whose state carries a format version.
        return (type(self), (self._impl,))

    def __repr__(self) -> str:
        return repr(self._impl)

    def _repr_html_(self) -> str:
        impl = self._impl
        values = np.asarray(impl.values, dtype=float)
        units = len(set(impl.unit_codes))
        facts = [f"{units} units × {len(impl.columns)} columns"]
        if impl.is_panel():
            years = impl.years()
            facts.append(f"panel {years[0]}–{years[-1]} ({len(years)} years, {values.shape[0]} rows)")
        elif impl.times:
            facts.append(f"year {escape(_display.codes_list([str(y) for y in impl.years()]))}")
        missing = float(np.isnan(values).mean()) if values.size else 0.0
        facts.append(f"{missing:.1%} missing")
        if impl.groups:
            facts.append("groups: " + escape(_display.codes_list([code for code, _ in impl.groups])))
        if impl.has_standard_errors():
            facts.append("with standard errors")
        first = self.values
        first.insert(0, "uName", impl.unit_names)
        return _display.block("Dataset", facts, _display.frame_table(first, rows=5, columns=7))


def with_denominators(data: Dataset, table: _core.DenominatorTable) -> Dataset:
    """The data set with its denominator columns taken from a table keyed by unit code.

    Columns of the same name are replaced, others kept; units missing from the table are an
    InputError listing them. ``govindex.datasets.world_denoms()`` is COINr's WorldDenoms table.
    """
    return Dataset(_core.with_denominators(data._impl, table))


def read_dataset(path: str | os.PathLike[str], framework: Framework) -> Dataset:
    """Read a data set in COINr's iData CSV layout, checked against `framework`."""
    path = path_argument("path", path)
    instance_argument("framework", framework, Framework)
    return Dataset(_core.read_dataset(path, framework._impl))
