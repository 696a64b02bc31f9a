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


def _blocks(lines: list[str]) -> list[tuple[int, int, int, str, bool]]:
    """(start, end, indent, name, is_catch_all) of every def with its decorators and body."""
    out = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].lstrip().startswith("@"):
            j += 1
        m = re.match(r"^(\s*)def (\w+)\((.*)$", lines[j]) if j < len(lines) else None
        if not m:
            i += 1
            continue
        indent = len(m.group(1))
        end = j + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        out.append((i, end, indent, m.group(2), "*args, **kwargs)" in lines[j]))
        i = end
    return out


def clean(text: str) -> str:
    """The stubs without the catch-all overloads (constructors and calls): a function left with one
    signature loses its @typing.overload."""
    lines = text.split("\n")
    blocks = _blocks(lines)
    drop: set[int] = set()
    undecorate: set[int] = set()
    k = 0
    while k < len(blocks):  # groups of consecutive blocks of one name at one indent
        g = k
        while g + 1 < len(blocks) and blocks[g + 1][2:4] == blocks[k][2:4] and blocks[g + 1][0] == blocks[g][1]:
            g += 1
        group = blocks[k : g + 1]
        if len(group) > 1:
            kept = [b for b in group if not b[4]]
            for b in group:
                if b[4] and kept:
                    drop.update(range(b[0], b[1]))
            if len(kept) == 1:
                undecorate.update(range(kept[0][0], kept[0][1]))
        k = g + 1
    out = []
    for i, line in enumerate(lines):
        if i in drop or (i in undecorate and line.strip() == "@typing.overload"):
            continue
        out.append(line)
    return "\n".join(out)


def generate() -> str:
    """The cleaned stubs of the installed govindex._core."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pybind11_stubgen", "govindex._core", "-o", folder],
            check=True,
            capture_output=True,
            text=True,
        )
        return clean((Path(folder) / "govindex" / "_core.pyi").read_text(encoding="utf-8"))


if __name__ == "__main__":
    STUB.write_text(generate(), encoding="utf-8")
    print(f"written {STUB.relative_to(ROOT)}")
