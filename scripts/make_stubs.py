"""Writes python/govindex/_core.pyi: pybind11-stubgen's stubs of the installed govindex._core, as
they come (the constructors of value types carry their keyword signature written from their
fields, python/src/argument_errors.hpp).

    .venv/bin/python scripts/make_stubs.py            # regenerate the stub file
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "python" / "govindex" / "_core.pyi"


def generate() -> str:
    """The stubs of the installed govindex._core."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pybind11_stubgen", "govindex._core", "-o", folder],
            check=True,
            capture_output=True,
            text=True,
        )
        return (Path(folder) / "govindex" / "_core.pyi").read_text(encoding="utf-8")


if __name__ == "__main__":
    STUB.write_text(generate(), encoding="utf-8")
    print(f"written {STUB.relative_to(ROOT)}")
