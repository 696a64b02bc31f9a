"""What every govindex command shares: the output file checked before anything is computed, a stdout
whose reader may go away (``| head``), and one-line errors for a file that cannot be written."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from . import _core
from ._errors import error

#: Output files the commands write.
OUTPUT_TYPES = (".csv", ".xlsx")


def check_output(output: str | None) -> Path | None:
    """The output path, checked before anything is read or computed: a known type, openpyxl for
    .xlsx, an existing folder. Raises InputError naming the file."""
    if not output:
        return None
    path = Path(output)
    if path.suffix.lower() not in OUTPUT_TYPES:
        raise error(_core.InputError, f'{output}: unknown output type "{path.suffix}"; expected .csv or .xlsx',
                    source=output, expected=".csv or .xlsx", found=path.suffix)
    if path.suffix.lower() == ".xlsx" and importlib.util.find_spec("openpyxl") is None:
        raise error(_core.InputError, f"{output}: writing .xlsx needs openpyxl; expected it installed (pip install openpyxl)",
                    source=output, expected="openpyxl installed", found="no openpyxl")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise error(_core.InputError, f"{output}: the folder {folder} does not exist; expected an existing folder",
                    source=output, expected="an existing folder", found=str(folder))
    return path


def writing_error(output: object, e: OSError) -> _core.InputError:
    """The InputError for a file that could not be written."""
    return error(_core.InputError, f"{output}: cannot write the file ({e.strerror or e}); expected a writable file",
                 source=str(output), expected="a writable file", found=str(e.strerror or e))


class Stdout:
    """Prints lines to stdout until its reader goes away (``| head``); the rest is then dropped
    quietly and the command goes on (the output file is still written)."""

    def __init__(self) -> None:
        self.closed = False

    def __call__(self, text: str = "") -> None:
        if self.closed:
            return
        try:
            print(text, flush=True)
        except BrokenPipeError:
            self.closed = True
            try:  # Python flushes stdout again at exit: point it at devnull so that fails no more
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
