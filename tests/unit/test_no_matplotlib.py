"""The module notebooks run without matplotlib: their figures are inline SVG.

Importing matplotlib costs about 300 ms of a notebook's "Run All"; these modules' figures
and simulators are drawn as SVG text (:mod:`widgets.core.svg_chart`), so nothing they run may
import it.  Each check runs in a fresh interpreter, where ``sys.modules`` starts empty.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

SVG_MODULES = ("widgets.continuum.render", "widgets.level_of_care",
               "widgets.level_of_care.render", "widgets.level_of_care.view")

NOTEBOOKS = tuple(sorted(str(p.relative_to(ROOT)) for p in [
    *ROOT.glob("curriculum/0*/0*.ipynb"), *ROOT.glob("exercises/0*/0*.ipynb")]))
"""Every module notebook and its exercises (the trainer's dashboard draws a PNG scatter)."""


REPORT = """
import sys
bad = sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")
print("MATPLOTLIB:" + ",".join(bad[:5]))
sys.exit(1 if bad else 0)
"""
"""Appended to each check: exits 1 if any matplotlib module was imported."""


def run(code: str) -> subprocess.CompletedProcess:
    """Run ``code``, then :data:`REPORT`, in a fresh interpreter at the repository root."""
    env = {k: v for k, v in os.environ.items() if k not in ("IOP_LEARNER", "MPLBACKEND")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code) + REPORT], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", SVG_MODULES)
def test_module_imports_without_matplotlib(module):
    done = run(f"import {module}")
    assert done.returncode == 0, f"{module} imports {done.stdout.strip()}{done.stderr[-800:]}"


def test_the_check_fails_when_matplotlib_is_imported():
    """Proof that the check can fail."""
    done = run("import widgets.core.figures")
    assert done.returncode == 1 and "MATPLOTLIB:matplotlib" in done.stdout


def test_figures_and_simulators_draw_without_matplotlib():
    done = run("""
    from widgets.continuum.render import continuum_figure
    from widgets.level_of_care.render import interaction_figure
    from widgets.level_of_care.view import case_simulator, continued_stay_review

    assert "<svg" in continuum_figure()._repr_html_()
    assert "<svg" in interaction_figure()._repr_html_()
    sim = case_simulator()
    case = sim.case
    sim.rate(**case.expert_ratings())
    sim._level.value = case.expert_level
    sim.submit()
    sim.rate(biomedical=4)
    sim.submit()
    assert "<svg" in sim._chart.value
    stay = continued_stay_review("eleven-weeks-in-care")
    stay._decision.value = "continue"
    stay.decide()
    stay.next_weeks()
    assert "<svg" in stay._chart.value and "<svg" in stay.static_html()
    """)
    assert done.returncode == 0, f"imports {done.stdout.strip()}{done.stderr[-800:]}"


def test_module_notebooks_run_and_display_without_matplotlib():
    """Every code cell of the notebooks, each cell's value formatted as Jupyter would."""
    done = run(f"""
    import ast, json, sys
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    shown = []

    def display(*objects, **_):
        for obj in objects:
            shown.append(formatter.format(obj)[0])

    for path in {NOTEBOOKS!r}:
        namespace = {{"display": display}}
        cells = [c for c in json.load(open(path, encoding="utf-8"))["cells"]
                 if c["cell_type"] == "code"]
        for cell in cells:
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, path, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), path, "eval"), namespace)
                if value is not None:
                    display(value)
    html = "".join(b.get("text/html", "") for b in shown)
    assert html.count('<figure class="iop-figure iop-chart"') >= 10, "figures not displayed"
    assert "Where IOP sits in the continuum" in html and "5 by 5 grid" in html
    """)
    assert done.returncode == 0, f"imports {done.stdout.strip()}{done.stderr[-1500:]}"
