"""Writes python/govindex/_core.pyi: pybind11-stubgen's stubs of govindex._core without the
catch-all constructors that only turn wrong arguments into one-line TypeErrors
(python/src/argument_errors.hpp), so type checkers see the real signatures.

    .venv/bin/python scripts/make_stubs.py            # regenerate the stub file
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "python" / "govindex" / "_core.pyi"

_CATCH_ALL = "    @typing.overload\n    def __init__(self, *args, **kwargs) -> None:\n        ...\n"


def clean(text: str) -> str:
    """The stubs without the catch-all __init__ overloads; a constructor left with one overload
    loses its @typing.overload."""
    text = text.replace(_CATCH_ALL, "")
    out = []
    for block in re.split(r"(?m)^(?=class )", text):
        if block.count("def __init__(") == 1:
            block = block.replace("    @typing.overload\n    def __init__(", "    def __init__(")
        out.append(block)
    return "".join(out)


def generate() -> str:
    """The cleaned stubs of the installed govindex._core."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pybind11_stubgen", "govindex._core", "-o", folder], check=True,
                       capture_output=True, text=True)
        return clean((Path(folder) / "govindex" / "_core.pyi").read_text(encoding="utf-8"))


if __name__ == "__main__":
    STUB.write_text(generate(), encoding="utf-8")
    print(f"written {STUB.relative_to(ROOT)}")
