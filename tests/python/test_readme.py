"""The README's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_python_examples_run_in_order(capsys):
    namespace: dict[str, object] = {}
    for code in blocks("python"):
        exec(compile(code, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "Germany" in out and "['Raw', 'Normalised', 'Aggregated']" in out
    assert "Switzerland" in out and "step = 'denominate'" in out
    assert "Province(79, Hồ Chí Minh)" in out and "876/QĐ-BNV" in out


def test_cpp_example_is_the_built_consumer():
    (snippet,) = blocks("cpp")
    source = (ROOT / "examples" / "cpp" / "asem_top3.cpp").read_text(encoding="utf-8")
    for line in snippet.strip().splitlines():
        assert line.strip() in source, f"README C++ line not in examples/cpp/asem_top3.cpp: {line}"
