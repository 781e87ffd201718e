"""Adding a module is a recipe: copy the template, fill it in, and it validates and runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from widgets.book.new_module import new_module
from widgets.core import registry
from widgets.core.content import ContentIndex

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.notebooks


@pytest.fixture
def curriculum(tmp_path: Path) -> Path:
    """A copy of the curriculum (content and bibliography) to add a module to."""
    shutil.copytree(ROOT / "curriculum", tmp_path / "curriculum",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    shutil.copy(ROOT / "references.bib", tmp_path)
    return tmp_path


def test_a_module_made_from_the_template_validates_and_its_notebook_runs(curriculum):
    folder = new_module(9, "harm_reduction", "Harm reduction in IOP", curriculum)
    assert folder.name == "09_harm_reduction"
    assert {p.name for p in folder.iterdir()} >= {"module.yaml", "facilitator.md", "checks",
                                                  "09_harm_reduction.ipynb"}
    registry._modules.cache_clear()
    index = ContentIndex.from_root(curriculum)  # every cross-file rule, the new module's too
    spec = registry.module("m09", curriculum)
    assert spec.label == "Module 9: Harm reduction in IOP"
    assert index.get("knowledge-check", "m09-check").title.endswith("Harm reduction in IOP")
    notebook = nbformat.read(folder / "09_harm_reduction.ipynb", as_version=4)
    assert notebook.cells[0].source == "# Module 9: Harm reduction in IOP"
    env = {**os.environ, "IOP_CONTENT_ROOT": str(curriculum)}
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)  # the kernel runs in the module folder, on the copy
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    html = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Module 9: Harm reduction in IOP" in html and "Time to learn" in html
    assert "Check your understanding: Harm reduction in IOP" in html
    assert not [o for o in outputs if o.get("output_type") == "error"]


def test_the_command_says_what_is_wrong_and_refuses_a_taken_number(curriculum):
    with pytest.raises(ValueError, match="module number 1 is taken by curriculum/01_continuum"):
        new_module(1, "again", "Again", curriculum)
    with pytest.raises(ValueError, match="slug must be lower-case"):
        new_module(9, "Harm-Reduction", "Harm reduction", curriculum)
    with pytest.raises(ValueError, match="number must be a whole number from 1 to 99"):
        new_module(100, "x", "X", curriculum)
    done = subprocess.run([sys.executable, "-m", "widgets.book.new_module", "9", "a b", "X"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "slug must be" in done.stderr


def test_the_template_itself_is_not_a_module():
    assert "_template" not in [registry.folder(m.id).name for m in registry.modules()]
