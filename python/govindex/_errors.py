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
    """An instance of `cls` with `message` (made one line: a quoted name's line breaks escaped, see
    :func:`one_line`) and the attributes source, line, column, node, expected, found."""
    err = cls(one_line(message))
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


def one_line(text: str) -> str:
    """`text` with line breaks and control characters escaped (\\n, \\t, \\x01, \\u2028 ...), as
    the C++ messages show them: a quoted name never breaks a message over lines."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if c.isprintable() or c == " ":
            out.append(c)
        elif c in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c])
        elif ord(c) < 0x80:
            out.append(f"\\x{ord(c):02x}")
        elif 0x80 <= ord(c) < 0xA0 or c in "\u2028\u2029":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)  # other non-printable characters (format, unassigned) do not break a line
    return "".join(out)


def shown(value: object, limit: int = 57) -> str:
    """`value` as a message quotes it: its repr (a failing repr named as such) on one line, at
    most `limit` characters, then "..."."""
    try:
        text = repr(value)
    except Exception:  # a repr that fails (an int of more than 4,300 digits ...)
        text = f"<{type(value).__name__} whose repr failed>"
    text = one_line(text)
    return text if len(text) <= limit else text[:limit] + "..."


#: The ranges of the compiled calls' integer types, for :func:`require_int`'s bounds.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # C++ int (years, ranks, levels)
UINT_MAX = 2**32 - 1  # C++ unsigned (threads)
UINT64_MAX = 2**64 - 1  # C++ std::uint64_t (seeds) and std::size_t (counts, sizes)


def _int_text(value: int) -> str:
    """`value` as a message shows it: its digits, or its size when they would not fit on a line
    (str() of an int of more than 4,300 digits is itself an error)."""
    return str(value) if value.bit_length() <= 256 else f"an int of {value.bit_length()} bits"


def require_int(
    name: str,
    value: object,
    expected: str = "an int",
    *,
    low: int | None = None,
    high: int | None = None,
) -> int:
    """`value` as an int (numpy integers too, not bools) within [`low`, `high`] (None: no bound);
    else an ArgumentTypeError naming the argument, ``year: expected an
    int, found str '2021'``, or an ArgumentValueError, ``replicates: expected an int >= 2, found 1``,
    ``seed: expected an int from 0 to 18446744073709551615, found 18446744073709551616``: never a
    compiled call's signature dump."""
    import numpy as np  # local: the error helpers stay import-light

    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name}: expected {expected}, found {type(value).__name__} {shown(value)}")
    number = int(value)
    if low is not None and number < low:
        raise ArgumentValueError(f"{name}: expected an int >= {low}, found {_int_text(number)}")
    if high is not None and number > high:
        bounds = f"an int from {low} to {high}" if low is not None else f"an int <= {high}"
        raise ArgumentValueError(f"{name}: expected {bounds}, found {_int_text(number)}")
    return number


def unsigned_argument(function: str, name: str, value: object, bits: int = 64) -> int:
    """`value` for a compiled call's unsigned integer of `bits` bits (a count, a seed): an int (numpy
    integers too, not bools) from 0 to 2^bits - 1; else ``sobol_points(): argument n: expected an
    int within [0, 2^64 - 1], found -1`` (ArgumentValueError; ArgumentTypeError for another type)."""
    import numpy as np  # local: the error helpers stay import-light

    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise ArgumentTypeError(
            f"{function}(): argument {name}: expected an int, found {type(value).__name__} {shown(value)}"
        )
    number = int(value)
    if not 0 <= number < 2**bits:
        raise ArgumentValueError(
            f"{function}(): argument {name}: expected an int within [0, 2^{bits} - 1], found {_int_text(number)}"
        )
    return number


def require_int32(name: str, value: object, expected: str = "an int", *, low: int = INT_MIN) -> int:
    """`value` for a compiled call's int (a year, rank, level): an int from `low` to 2^31 - 1."""
    return require_int(name, value, expected, low=low, high=INT_MAX)


def require_count(name: str, value: object, least: int = 0) -> int:
    """`value` as a count or size (an int from `least` to a C++ size_t's maximum): see require_int."""
    return require_int(name, value, f"an int >= {least}", low=least, high=UINT64_MAX)


def require_seed(name: str, value: object) -> int:
    """`value` as a seed (an int from 0 to 2^64 - 1): see require_int."""
    return require_int(name, value, low=0, high=UINT64_MAX)


def require_threads(name: str, value: object) -> int:
    """`value` as a thread count (an int from 0, every core, to 2^32 - 1): see require_int."""
    return require_int(name, value, "an int >= 0", low=0, high=UINT_MAX)


def _lone_surrogate(text: str) -> str:
    """A description of the first lone surrogate in `text` (it cannot be UTF-8, so it cannot cross
    into C++), ``text with a lone surrogate '\\ud800' at character 1 (not UTF-8)``; "" if none."""
    for i, c in enumerate(text):
        if 0xD800 <= ord(c) <= 0xDFFF:
            return f"text with a lone surrogate '\\u{ord(c):04x}' at character {i + 1} (not UTF-8)"
    return ""


def text_argument(function: str, name: str, value: object, expected: str = "a str") -> str:
    """`value` if it is text that can cross into C++; else an ArgumentTypeError,
    ``Results.explain(): argument unit: expected a str, found int 5``, or an ArgumentValueError for
    text with a lone surrogate."""
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{function}(): argument {name}: expected {expected}, found {type(value).__name__} {shown(value)}"
        )
    bad = _lone_surrogate(value)
    if bad:
        raise ArgumentValueError(f"{function}(): argument {name}: {bad}")
    return value


def path_argument(name: str, value: object) -> str:
    """`value` as a file path (str, bytes or os.PathLike); else an ArgumentTypeError naming the
    argument, or an ArgumentValueError for text that cannot be a path (a NUL, a lone surrogate)."""
    import os

    try:
        path = os.fspath(value)  # type: ignore[arg-type]
    except TypeError:
        raise ArgumentTypeError(
            f"{name}: expected a file path (str or os.PathLike), found {type(value).__name__} {shown(value, 120)}"
        ) from None
    text = os.fsdecode(path) if isinstance(path, bytes) else path
    if "\x00" in text:
        raise ArgumentValueError(f"{name}: a NUL character at character {text.index(chr(0)) + 1} of a file name")
    try:
        os.fsencode(text)  # what the compiled call does with it
    except UnicodeEncodeError:
        raise ArgumentValueError(f"{name}: {_lone_surrogate(text) or 'not a file name of this system'}") from None
    return text


def require_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """`value` when it is one of `choices`; else an ArgumentTypeError (not a str) or an
    ArgumentValueError: ``unknown: expected one of 'refuse', 'missing', found 'skip'``."""
    expected = "one of " + ", ".join(map(repr, choices))
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name}: expected {expected}, found {type(value).__name__} {shown(value)}")
    if value not in choices:
        raise ArgumentValueError(f"{name}: expected {expected}, found {shown(value)}")
    return value


def instance_argument(name: str, value: object, cls: type, what: str | None = None) -> object:
    """`value` if it is a `cls`; else an ArgumentTypeError: ``framework: expected a govindex.Framework, found str``."""
    if not isinstance(value, cls):
        raise ArgumentTypeError(
            f"{name}: expected {what or 'a govindex.' + cls.__name__}, found {type(value).__name__}"
        )
    return value
