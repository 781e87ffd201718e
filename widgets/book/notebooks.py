"""Notebook tools: store the outputs nbval compares, and nothing else.

``python -m widgets.book.notebooks store-outputs NOTEBOOK...`` executes each notebook in
a fresh kernel (working directory: the notebook's folder) and keeps the outputs of the
cells tagged ``nbval-check-output`` only; every other output, execution count and the
widget state are dropped, so committed notebooks stay small and diffs stay readable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK_TAG = "nbval-check-output"


def store_outputs(path: Path, timeout: int = 300) -> int:
    """Execute ``path`` and keep only the checked cells' outputs; returns their count."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    kept = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CHECK_TAG in cell.metadata.get("tags", []):
            kept += 1
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data"
                            or "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
        else:
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return kept


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m widgets.book.notebooks")
    sub = parser.add_subparsers(dest="command", required=True)
    store = sub.add_parser("store-outputs", help="execute and keep checked outputs only")
    store.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        kept = store_outputs(path)
        print(f"{path}: kept the outputs of {kept} checked cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
