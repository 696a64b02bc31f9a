"""What every govindex command shares: the output file checked before anything is computed, and
one-line errors for a file that cannot be written. (A stdout whose reader went away, ``| head``, is
handled once for every command in :func:`govindex.cli.main`; commands write their files first.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from . import _core
from ._errors import error

#: Output files the commands write.
OUTPUT_TYPES = (".csv", ".xlsx")


def check_output(output: str | None, types: tuple[str, ...] = OUTPUT_TYPES) -> Path | None:
    """The output path, checked before anything is read or computed: one of `types`, openpyxl for
    .xlsx, an existing folder. Raises InputError naming the file."""
    if not output:
        return None
    path = Path(output)
    if path.suffix.lower() not in types:
        expected = " or ".join(types)
        raise error(_core.InputError, f'{output}: unknown output type "{path.suffix}"; expected {expected}',
                    source=output, expected=expected, found=path.suffix)
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
