"""The cohort dashboard view, driven in plain pytest (no kernel, no browser)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.trainer.test_statistics import (  # the tiny hand-checked cohort
    ANSWERS,
    CHECKS,
    COURSE,
    DAY,
    export,
    tiny_course,
)
from widgets import trainer as C
from widgets.trainer.view import CohortDashboard


def _demo_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("iop-demo-cohort-*")}


def test_demo_cohort_loads_when_no_cohort_is_given():
    before = _demo_folders()
    view = CohortDashboard(course=COURSE)
    assert view.cohort.size == 30
    assert "Demo cohort: 30 fictional learners" in view._status.value
    assert "Completion per module" in view._completion.value
    assert "<svg" in view._figure.value and 'role="img"' in view._figure.value
    view._demo.click()
    assert view.cohort.size == 30
    assert _demo_folders() == before  # built in memory: no temporary folder left behind


def test_folder_loads_and_bad_files_are_listed_when_load_is_clicked(tmp_path):
    for who, answers in ANSWERS.items():
        (tmp_path / f"{who}.json").write_text(export(who, answers, DAY.get(who, 20)))
    (tmp_path / "broken.json").write_text(json.dumps({"format": "gradebook"}))
    view = CohortDashboard(course=COURSE)
    view._folder.value = str(tmp_path)
    view._load.click()
    assert view.cohort.size == 6
    assert "broken.json" in view._status.value and "not a progress export" in view._status.value
    assert "5 (83%)" in view._completion.value  # 5 of 6 completed the check
    assert "L6" in view._follow_up.value


def test_missing_folder_is_reported_not_raised_when_load_is_clicked(tmp_path):
    view = CohortDashboard(C.cohort_from_exports([]), course=COURSE)
    view._folder.value = str(tmp_path / "nowhere")
    view._load.click()
    assert "Not loaded" in view._status.value and "is not a folder" in view._status.value
    view._folder.value = "  "
    view._load.click()
    assert "Type the folder" in view._status.value


def test_module_choice_filters_the_items_when_changed():
    checks = {**CHECKS, "c2": CHECKS["c"].model_copy(update={"id": "c2"})}
    view = CohortDashboard(course=tiny_course(checks))
    assert "c2/q1" in view._items.value and "c/q1" in view._items.value
    view._module.value = "m02"
    assert "c2/q1" in view._items.value and '<th scope="row">c/q1</th>' not in view._items.value
    assert "Completion per module" in view.static_html()


def test_tables_scroll_in_their_own_box_and_the_static_page_has_no_python_values():
    view = CohortDashboard(course=COURSE)
    static = view.static_html()
    assert static.count('class="iop-scroll"') >= 3
    assert "[(" not in static and "{'" not in static


def test_dashboard_notebook_runs_without_matplotlib_and_shows_no_python_values():
    """The item chart is inline SVG now: the whole dashboard runs with matplotlib absent."""
    import subprocess
    import sys
    import textwrap

    from tests.conftest import ROOT

    code = textwrap.dedent("""
        import ast, json, sys
        from IPython.core.formatters import DisplayFormatter
        formatter, shown, namespace = DisplayFormatter(), [], {}
        path = "curriculum/trainer/cohort_dashboard.ipynb"
        for cell in json.load(open(path, encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            assert "remove-input" in cell["metadata"].get("tags", []), cell["source"]
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, path, "exec"), namespace)
            if last is not None:
                shown.append(formatter.format(eval(compile(ast.Expression(last.value), path,
                                                           "eval"), namespace))[0])
        plain = [b["text/plain"] for b in shown if "text/html" not in b]
        assert all(p.startswith("CohortDashboard(") for p in plain), plain
        html = "".join(b.get("text/html", "") for b in shown)
        assert "<svg" in html and "[(" not in html
        print("MATPLOTLIB:" + ",".join(m for m in sys.modules if m.startswith("matplotlib")))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("MATPLOTLIB:")
