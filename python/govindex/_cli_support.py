"""What every govindex command shares: the output file checked before anything is computed,
one-line errors for a file that cannot be written, and the exit codes. (A stdout whose reader went
away, ``| head``, is handled once for every command in :func:`govindex.cli.main`; commands write
their files first.)

Exit codes: 0 done; 2 a mistake on the command line (an unknown option, a missing or contradictory
one, an option's value that is not valid or names nothing: ``--output r.json``, ``--example vn``,
``--province "Ben Trea"``); 1 an error in the data or the computation (a file that does not read,
a value that does not validate, a file that cannot be written)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from . import _core
from ._errors import error

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
