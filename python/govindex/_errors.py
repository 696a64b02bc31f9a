"""Errors raised by the package's Python code, with the location attributes C++ errors carry."""

from __future__ import annotations

from typing import TypeVar

from . import _core

E = TypeVar("E", bound=_core.Error)


def error(
    cls: type[E],
    message: str,
    *,
    source: str | None = None,
    line: int | None = None,
    column: str | None = None,
    node: str | None = None,
    expected: str | None = None,
    found: str | None = None,
) -> E:
    """An instance of `cls` with `message` and the attributes source, line, column, node, expected, found."""
    err = cls(message)
    err.source, err.line, err.column, err.node = source, line, column, node
    err.expected, err.found = expected, found
    return err


def located(
    cls: type[E],
    what: str,
    *,
    source: str | None = None,
    line: int | None = None,
    column: str | None = None,
    node: str | None = None,
    expected: str | None = None,
    found: str | None = None,
) -> E:
    """`cls` whose message is ``source line N, column "C": what`` ("row" for a DataFrame), as in C++."""
    prefix = source or "input"
    if line:
        prefix += f" {'row' if source == 'DataFrame' else 'line'} {line}"
    if column:
        prefix += f', column "{column}"'
    return error(cls, f"{prefix}: {what}", source=source, line=line, column=column, node=node,
                 expected=expected, found=found)


def require_int(name: str, value: object, expected: str = "an int") -> int:
    """`value` as an int (numpy integers too, not bools); else a TypeError naming the argument:
    ``year: expected an int, found str '2021'``."""
    import numpy as np  # local: the error helpers stay import-light

    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{name}: expected {expected}, found {type(value).__name__} {value!r}")
    return int(value)
