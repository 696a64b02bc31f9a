"""Package hygiene: shipped data, stubs in sync with the compiled module, public names documented."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import govindex as gi

STUB = Path(gi.__file__).parent / "_core.pyi"
ROOT = Path(__file__).resolve().parents[2]
SOURCE_STUB = ROOT / "python" / "govindex" / "_core.pyi"


def test_installed_asem_equals_repository_copy(asem):
    framework, data = gi.datasets.asem()
    assert framework == asem[0] and data == asem[1]


def test_stubs_match_the_compiled_module():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_stubs
    finally:
        sys.path.pop(0)
    assert make_stubs.generate() == SOURCE_STUB.read_text(encoding="utf-8"), (
        "python/govindex/_core.pyi is out of date: regenerate with `.venv/bin/python scripts/make_stubs.py`"
    )
    assert "def __init__(self, *args, **kwargs)" not in SOURCE_STUB.read_text(encoding="utf-8")
    assert STUB.is_file() and (STUB.parent / "py.typed").is_file()


def test_public_names_have_docstrings():
    for name in gi.__all__:
        obj = getattr(gi, name)
        if inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj):
            assert (obj.__doc__ or "").strip(), f"govindex.{name} has no docstring"
