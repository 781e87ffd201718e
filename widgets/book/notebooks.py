"""Notebook tools: keep solutions folded in JupyterLab, store only compared outputs.

``python -m widgets.book.notebooks hide-solutions NOTEBOOK...`` splits markdown cells at
the ``{solution-start}`` / ``{solution-end}`` fences of sphinx-exercise and folds every
cell of a worked solution in JupyterLab (``jupyter.source_hidden`` and
``outputs_hidden``): hidden from learners by default, one click to reveal. The book is
unchanged (sphinx-exercise hides solutions in the learner edition).

``python -m widgets.book.notebooks store-outputs NOTEBOOK...`` executes each notebook in
a fresh kernel (working directory: the notebook's folder) and keeps the outputs of the
cells tagged ``nbval-check-output`` only; every other output, execution count and the
widget state are dropped, so committed notebooks stay small and diffs stay readable. It
folds the solutions too.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK_TAG = "nbval-check-output"
SOLUTION_START = re.compile(r"^```\{solution-start\}[^\n]*\n(?::[^\n]*\n)*```[ \t]*$", re.M)
SOLUTION_END = re.compile(r"^```\{solution-end\}[^\n]*\n```[ \t]*$", re.M)


def _split(text: str, inside: bool) -> tuple[list[tuple[str, bool]], bool]:
    """Pieces of a markdown text, each marked as inside a solution or not."""
    pieces, pos = [], 0
    while True:
        fence = (SOLUTION_END if inside else SOLUTION_START).search(text, pos)
        if fence is None:
            pieces.append((text[pos:], inside))
            return [(t.strip("\n"), h) for t, h in pieces if t.strip()], inside
        cut = fence.end() if inside else fence.start()
        pieces.append((text[pos:cut], inside))
        pos, inside = cut, not inside


def _fold(cell: nbformat.NotebookNode, hidden: bool) -> None:
    view = cell.metadata.setdefault("jupyter", {})
    if hidden:
        view["source_hidden"] = True
        if cell.cell_type == "code":
            view["outputs_hidden"] = True
    elif cell.cell_type == "markdown":
        view.pop("source_hidden", None)
    if not view:
        del cell.metadata["jupyter"]


def hide_solutions(nb: nbformat.NotebookNode) -> int:
    """Fold every worked-solution cell in JupyterLab; returns how many cells are folded."""
    cells, inside, folded = [], False, 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if inside:
                _fold(cell, True)
                folded += 1
            cells.append(cell)
            continue
        if not inside and SOLUTION_START.search(cell.source) is None:
            cells.append(cell)  # no solution here: leave the cell exactly as it is
            continue
        pieces, inside = _split(cell.source, inside)
        for n, (text, hidden) in enumerate(pieces):
            part = cell if n == 0 else nbformat.v4.new_markdown_cell()
            if n:
                part.id = hashlib.sha1(f"{cell.id}/{n}".encode()).hexdigest()[:8]
            part.source = text
            _fold(part, hidden)
            folded += hidden
            cells.append(part)
    nb.cells = cells
    return folded


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
    hide_solutions(nb)
    nbformat.write(nb, path)
    return kept


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m widgets.book.notebooks")
    sub = parser.add_subparsers(dest="command", required=True)
    store = sub.add_parser("store-outputs", help="execute and keep checked outputs only")
    store.add_argument("notebooks", nargs="+", type=Path)
    fold = sub.add_parser("hide-solutions", help="fold worked solutions in JupyterLab")
    fold.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if args.command == "hide-solutions":
            nb = nbformat.read(path, as_version=4)
            folded = hide_solutions(nb)
            nbformat.write(nb, path)
            print(f"{path}: {folded} solution cell(s) folded")
        else:
            kept = store_outputs(path)
            print(f"{path}: kept the outputs of {kept} checked cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
