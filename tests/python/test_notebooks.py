"""The notebooks in docs/notebooks are committed executed, with their outputs (issue 10), so that the
docs site (myst-nb, execution off) and a repository browser show what each cell gives.

scripts/test executes them again (scripts/run_notebooks.py); `--write` refreshes the committed copies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "docs" / "notebooks").glob("*.ipynb"))


def test_the_docs_have_notebooks():
    assert len(NOTEBOOKS) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_with_its_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code, f"{path.name}: no code cells"
    unexecuted = [i for i, cell in enumerate(code) if cell.get("execution_count") is None]
    assert not unexecuted, (
        f"{path.name}: code cells {unexecuted} were not executed; run "
        f"python scripts/run_notebooks.py --write docs/notebooks/{path.name}"
    )
    # executed in order, in one kernel session
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1))
    assert sum(bool(cell.get("outputs")) for cell in code) >= len(code) // 2, f"{path.name}: few outputs"
    errors = [o for cell in code for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: committed with an error output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_needs_no_checkout_paths(path):
    """Runnable from an installed package: no path into ../shared or the repository's data folder."""
    sources = "".join("".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"])
    assert "../shared" not in sources and "../data" not in sources and "/work/" not in sources
