"""Executes notebooks with nbclient; fails (exit 1) on the first cell error.

    python scripts/run_notebooks.py [--write] NOTEBOOK...

``--write`` saves each executed notebook in place with its outputs (how the notebooks in docs/ are
committed, so that the docs site and GitHub show them); cell timing metadata is dropped so that a
re-run only changes what the outputs say.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(arguments: list[str]) -> int:
    write = "--write" in arguments
    paths = [a for a in arguments if a != "--write"]
    if not paths:
        print("run_notebooks: no notebooks given", file=sys.stderr)
        return 1
    for name in paths:
        path = Path(name)
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        try:
            NotebookClient(
                notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            ).execute()
        except CellExecutionError as error:
            print(f"{path}: a cell failed:\n{error}", file=sys.stderr)
            return 1
        print(
            f"{path}: executed {sum(c.cell_type == 'code' for c in notebook.cells)} code cells "
            f"in {time.perf_counter() - start:.1f} s"
        )
        if write:
            for cell in notebook.cells:
                cell.metadata.pop("execution", None)
            nbformat.write(notebook, path)
            print(f"{path}: written with its outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
