"""Package hygiene: shipped data, stubs in sync with the compiled module, public names documented."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import govindex as gi

STUB = Path(gi.__file__).parent / "_core.pyi"
SOURCE_STUB = Path(__file__).resolve().parents[2] / "python" / "govindex" / "_core.pyi"


def test_installed_asem_equals_repository_copy(asem):
    framework, data = gi.datasets.asem()
    assert framework == asem[0] and data == asem[1]


def test_stubs_match_the_compiled_module(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pybind11_stubgen", "govindex._core", "-o", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    generated = (tmp_path / "govindex" / "_core.pyi").read_text(encoding="utf-8")
    assert generated == SOURCE_STUB.read_text(encoding="utf-8"), (
        "python/govindex/_core.pyi is out of date: regenerate with "
        "`.venv/bin/pybind11-stubgen govindex._core -o /tmp/stubs` and copy it"
    )
    assert STUB.is_file() and (STUB.parent / "py.typed").is_file()


def test_public_names_have_docstrings():
    for name in gi.__all__:
        obj = getattr(gi, name)
        if inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj):
            assert (obj.__doc__ or "").strip(), f"govindex.{name} has no docstring"
