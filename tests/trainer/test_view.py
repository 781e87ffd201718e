"""The cohort dashboard view, driven in plain pytest (no kernel, no browser)."""

from __future__ import annotations

import json

from tests.unit.test_cohort import (  # the tiny hand-checked cohort
    ANSWERS,
    CATALOG,
    CHECKS,
    DAY,
    export,
    tiny_checks_have_modules,  # noqa: F401 - an autouse fixture
)
from widgets import cohort as C
from widgets.views.cohort import CohortDashboard


def test_demo_cohort_loads_when_no_cohort_is_given():
    view = CohortDashboard(checks=CHECKS)
    assert view.cohort.size == 30
    assert "Demo cohort: 30 fictional learners" in view._status.value
    assert "Completion per module" in view._completion.value
    assert '<img src="data:image/png;base64,' in view._figure.value


def test_folder_loads_and_bad_files_are_listed_when_load_is_clicked(tmp_path):
    for who, answers in ANSWERS.items():
        (tmp_path / f"{who}.json").write_text(export(who, answers, DAY.get(who, 20)))
    (tmp_path / "broken.json").write_text(json.dumps({"format": "gradebook"}))
    view = CohortDashboard(checks=CHECKS, catalog=CATALOG)
    view._folder.value = str(tmp_path)
    view._load.click()
    assert view.cohort.size == 6
    assert "broken.json" in view._status.value and "not a progress export" in view._status.value
    assert "5 (83%)" in view._completion.value  # 5 of 6 completed the check
    assert "L6" in view._follow_up.value


def test_missing_folder_is_reported_not_raised_when_load_is_clicked(tmp_path):
    view = CohortDashboard(C.cohort_from_exports([]), checks=CHECKS, catalog=CATALOG)
    view._folder.value = str(tmp_path / "nowhere")
    view._load.click()
    assert "Not loaded" in view._status.value and "is not a folder" in view._status.value


def test_module_choice_filters_the_items_when_changed():
    other = C.KnowledgeCheck.model_validate({**CHECKS["c"].model_dump(), "id": "c2"})
    checks = {**CHECKS, "c2": other}
    view = CohortDashboard(checks=checks)
    assert "c2/q1" in view._items.value and "c/q1" in view._items.value
    view._module.value = "m02"
    assert "c2/q1" in view._items.value and "<code>c/q1</code>" not in view._items.value
    assert "Completion per module" in view.static_html()
