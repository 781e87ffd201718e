"""Notebook tools: worked solutions are folded in JupyterLab, in every notebook."""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.conftest import ROOT
from widgets.book.notebooks import hide_solutions

NOTEBOOKS = sorted((ROOT / "curriculum").rglob("*.ipynb"))


def test_solution_cells_are_split_out_and_folded():
    nb = new_notebook(cells=[
        new_markdown_cell("## Exercises\n\n```{exercise}\n:label: x-ex1\n\nDo it.\n```\n\n"
                          "```{solution-start} x-ex1\n:class: dropdown\n```\n\nThe answer."),
        new_code_cell("answer()"),
        new_markdown_cell("More answer.\n\n```{solution-end}\n```\n\n## Summary\n\nDone."),
    ])
    assert hide_solutions(nb) == 3
    shown = [(c.source.split("\n")[0], c.metadata.get("jupyter", {})) for c in nb.cells]
    assert shown == [
        ("## Exercises", {}),
        ("```{solution-start} x-ex1", {"source_hidden": True}),
        ("answer()", {"source_hidden": True, "outputs_hidden": True}),
        ("More answer.", {"source_hidden": True}),
        ("## Summary", {}),
    ]
    before = copy.deepcopy(nb)
    assert hide_solutions(nb) == 3 and nb == before  # idempotent


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_notebook_keeps_its_solutions_folded(path):
    nb = nbformat.read(path, as_version=4)
    before = copy.deepcopy(nb)
    hide_solutions(nb)
    assert nb == before, (f"{path}: run `python -m widgets.book.notebooks hide-solutions "
                          f"{path.relative_to(ROOT)}`")
