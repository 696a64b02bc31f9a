"""Executes notebooks with nbclient; fails (exit 1) on the first cell error."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main(paths: list[str]) -> int:
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
