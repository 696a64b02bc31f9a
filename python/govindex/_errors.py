"""Errors raised by the package's Python code, with the location attributes C++ errors carry."""

from __future__ import annotations

from typing import TypeVar

from . import _core

E = TypeVar("E", bound=_core.Error)

#: A Python argument of the wrong type (a govindex.Error and a TypeError).
ArgumentTypeError = _core.ArgumentTypeError
#: A Python argument of the right type but an invalid value (a govindex.Error and a ValueError).
ArgumentValueError = _core.ArgumentValueError


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
    return error(
        cls, f"{prefix}: {what}", source=source, line=line, column=column, node=node, expected=expected, found=found
    )


def require_int(name: str, value: object, expected: str = "an int") -> int:
    """`value` as an int (numpy integers too, not bools); else a TypeError naming the argument:
    ``year: expected an int, found str '2021'``."""
    import numpy as np  # local: the error helpers stay import-light

    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name}: expected {expected}, found {type(value).__name__} {value!r}")
    return int(value)


def path_argument(name: str, value: object) -> str:
    """`value` as a file path (str, bytes or os.PathLike); else an ArgumentTypeError naming the
    argument. (Text that cannot be a path, with a NUL or a lone surrogate, is refused by the
    compiled call as an ArgumentValueError naming the argument.)"""
    import os

    try:
        path = os.fspath(value)  # type: ignore[arg-type]
    except TypeError:
        raise ArgumentTypeError(
            f"{name}: expected a file path (str or os.PathLike), found {type(value).__name__} {value!r}"[:200]
        ) from None
    return os.fsdecode(path) if isinstance(path, bytes) else path


def instance_argument(name: str, value: object, cls: type, what: str | None = None) -> object:
    """`value` if it is a `cls`; else an ArgumentTypeError: ``framework: expected a govindex.Framework, found str``."""
    if not isinstance(value, cls):
        raise ArgumentTypeError(
            f"{name}: expected {what or 'a govindex.' + cls.__name__}, found {type(value).__name__}"
        )
    return value
