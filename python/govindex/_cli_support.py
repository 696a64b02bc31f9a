"""What every govindex command shares: the output file checked before anything is computed,
one-line errors for a file that cannot be written, and the exit codes. (A stdout whose reader went
away, ``| head``, is handled once for every command in :func:`govindex.cli.main`; commands write
their files first.)

Exit codes: 0 done; 2 a mistake on the command line (an unknown option, a missing or contradictory
one, an option's value that is not valid or names nothing: ``--output r.json``, ``--example vn``,
``--province "Ben Trea"``); 1 an error in the data or the computation (a file that does not read,
a value that does not validate, a file that cannot be written).

What a domain layer adds to the command line is registered here (the generic commands never
import it): subcommands of its own (:func:`register_subcommands`, read by
:func:`govindex.cli.build_parser`) and built-in indices that ``plan`` and ``explain-change`` offer
as ``--index NAME`` (:func:`register_builtin_indices`). :mod:`govindex.vn.cli` registers the
Vietnamese ones when :mod:`govindex.vn` is imported, which ``import govindex`` does."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple, Optional

from . import _core
from ._errors import ArgumentTypeError, ArgumentValueError, error

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .results import Results

#: Exit code of a command that did its work.
EXIT_OK = 0
#: Exit code of an error in the input files, the data or the computation.
EXIT_DATA_ERROR = 1
#: Exit code of a mistake on the command line (argparse uses it too).
EXIT_USAGE = 2


def usage_error(err: _core.Error) -> _core.Error:
    """Marks `err` as caused by a command-line value (exit code 2), e.g. a province that names nothing."""
    err.usage = True
    return err


def exit_code(err: _core.Error) -> int:
    """EXIT_USAGE for errors about the command line (source "command line" or marked by usage_error),
    EXIT_DATA_ERROR for the rest."""
    if getattr(err, "source", None) == "command line" or getattr(err, "usage", False):
        return EXIT_USAGE
    return EXIT_DATA_ERROR


#: Output files the commands write.
OUTPUT_TYPES = (".csv", ".xlsx")


def check_output(output: str | None, types: tuple[str, ...] = OUTPUT_TYPES) -> Path | None:
    """The output path, checked before anything is read or computed: one of `types`, openpyxl for
    .xlsx, an existing folder. Raises InputError naming the file."""
    if not output:
        return None
    path = Path(output)
    if path.is_dir():
        raise usage_error(
            error(
                _core.InputError,
                f"{output}: is a folder; expected a file name",
                source=output,
                column="--output",
                expected="a file name",
                found="a folder",
            )
        )
    if path.suffix.lower() not in types:
        expected = " or ".join(types)
        raise usage_error(
            error(
                _core.InputError,
                f'{output}: unknown output type "{path.suffix}"; expected {expected}',
                source=output,
                column="--output",
                expected=expected,
                found=path.suffix,
            )
        )
    if path.suffix.lower() == ".xlsx" and importlib.util.find_spec("openpyxl") is None:
        raise error(
            _core.InputError,
            f"{output}: writing .xlsx needs openpyxl; expected it installed (pip install openpyxl)",
            source=output,
            column="--output",
            expected="openpyxl installed",
            found="no openpyxl",
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise usage_error(
            error(
                _core.InputError,
                f"{output}: the folder {folder} does not exist; expected an existing folder",
                source=output,
                column="--output",
                expected="an existing folder",
                found=str(folder),
            )
        )
    return path


def writing_error(output: object, e: OSError) -> _core.InputError:
    """The InputError for a file that could not be written."""
    return error(
        _core.InputError,
        f"{output}: cannot write the file ({e.strerror or e}); expected a writable file",
        source=str(output),
        expected="a writable file",
        found=str(e.strerror or e),
    )


# --- what a domain layer adds ---------------------------------------------------------------------

#: Adds subcommands to the ``govindex`` parser's subparsers.
AddSubcommands = Callable[[argparse._SubParsersAction], None]


class DomainSubcommands(NamedTuple):
    """Subcommands a domain layer adds: `add` is called on the subparsers, just before the generic
    subcommand named `before` (where they are listed in ``govindex --help``), or after the generic
    ones when `before` is None."""

    add: AddSubcommands
    before: Optional[str]


class BuiltinIndices(NamedTuple):
    """Indices a domain layer ships, offered by ``plan`` and ``explain-change`` as ``--index NAME``.

    `results` maps each name to the run of an assessment year; `unit_code` gives the code of the
    unit named by ``--unit`` (any name the domain accepts), raising a govindex error when it names
    none; `help` is the option's help.
    """

    results: Mapping[str, Callable[[int], Results]]
    unit_code: Callable[[str], str]
    help: str


_domain_subcommands: list[DomainSubcommands] = []
_builtin_indices: list[BuiltinIndices] = []


def register_subcommands(add: AddSubcommands, *, before: str | None = None) -> None:
    """Adds a domain layer's subcommands to ``govindex``: :func:`govindex.cli.build_parser` calls
    `add(subparsers)` just before it adds the generic subcommand `before` (e.g. ``"plan"``), or after
    every generic one. Registering the same `add` again changes nothing."""
    if not callable(add):
        raise ArgumentTypeError(f"add: expected a function of the subparsers, found {type(add).__name__}")
    if all(entry.add is not add for entry in _domain_subcommands):
        _domain_subcommands.append(DomainSubcommands(add, before))


def domain_subcommands() -> list[DomainSubcommands]:
    """The registered subcommands, in registration order."""
    return list(_domain_subcommands)


def register_builtin_indices(
    results: Mapping[str, Callable[[int], Results]], unit_code: Callable[[str], str], help: str
) -> None:
    """Offers a domain layer's indices to ``plan`` and ``explain-change`` as ``--index NAME``
    (see :class:`BuiltinIndices`). A name registered twice is an ArgumentValueError."""
    taken = [name for name in results if name in builtin_index_names()]
    if taken:
        raise ArgumentValueError(f"results: --index {taken[0]} is already registered; expected a new name")
    _builtin_indices.append(BuiltinIndices(dict(results), unit_code, help))


def builtin_index_names() -> list[str]:
    """The ``--index`` choices, in registration order."""
    return [name for indices in _builtin_indices for name in indices.results]


def builtin_indices_help() -> str:
    """The help of ``--index``: each registration's, in order."""
    return "; ".join(indices.help for indices in _builtin_indices)


def builtin_index(name: str) -> BuiltinIndices:
    """The registration that offers ``--index NAME``; UnknownCodeError (a mistake on the command
    line) when none does."""
    for indices in _builtin_indices:
        if name in indices.results:
            return indices
    expected = " or ".join(builtin_index_names()) or "no built-in index (none registered)"
    raise error(
        _core.UnknownCodeError,
        f'--index "{name}": expected {expected}',
        source="command line",
        column="--index",
        expected=expected,
        found=name,
    )
