"""The TAP 21 competency map: schema rules, cross-checks against the curriculum, coverage."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from widgets.competency import (
    coverage_html,
    coverage_markdown,
    module_info,
    notebook_objectives,
    uncovered,
    validate_map,
)
from widgets.content import ContentError, ContentIndex, read_yaml
from widgets.schemas.competency_map import AREAS, CompetencyMap

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "curriculum/competency-map.yaml"
M01_CHECK = ROOT / "curriculum/01_continuum/checks/m01-check.yaml"
M01_NOTEBOOK = ROOT / "curriculum/01_continuum/01_iop_in_the_continuum.ipynb"
BIB = ROOT / "references.bib"
FULL = read_yaml(MAP)
RAW = {**FULL, "modules": [m for m in FULL["modules"] if m["id"] == "m01"]}
"""The real map with module 1 only: these tests index module 1's check and nothing else
(every module of the real map: tests/content/test_competency_map.py)."""
N_CATALOGUE = len(RAW["competencies"])


def index_with(data: dict, tmp_path: Path, *extra: Path) -> ContentIndex:
    """An index of a (modified) map, module 1's check and any extra content files."""
    path = tmp_path / "competency-map.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return ContentIndex([path, M01_CHECK, *extra], BIB)


def changed(edit) -> dict:  # noqa: ANN001
    data = copy.deepcopy(RAW)
    edit(data)
    return data


def m01(data: dict) -> dict:
    return next(m for m in data["modules"] if m["id"] == "m01")


# ----------------------------------------------------------------- the real map


def test_curriculum_map_is_valid_when_checked_against_module_1(tmp_path):
    cmap = validate_map(index_with(RAW, tmp_path), ROOT)
    assert [m.id for m in cmap.modules] == ["m01"]
    numbers = {c.number for c in cmap.competencies}
    assert all(1 <= n <= 123 for n in numbers)
    assert {c.area for c in cmap.competencies} <= set(AREAS)


def test_every_module_1_objective_item_and_simulation_is_mapped_when_read(tmp_path):
    cmap = validate_map(index_with(RAW, tmp_path), ROOT)
    mod = cmap.module("m01")
    assert [o.text for o in mod.objectives] == notebook_objectives(M01_NOTEBOOK)
    check = read_yaml(M01_CHECK)
    assert set(mod.checks[0].items) == {q["id"] for q in check["questions"]}
    assert [s.view for s in mod.simulations] == ["widgets.views.schedule.ScheduleBuilder"]
    assert cmap.item_competencies()["sim/schedule-builder"] == (9, 13)
    assert cmap.item_competencies()["m01-check/evidence"] == (5, 7)


def test_module_info_reads_title_and_time_when_given_the_notebook():
    cmap = CompetencyMap.model_validate(RAW)
    info = module_info(cmap.module("m01"), ROOT)
    assert (info.title, info.minutes, info.hours) == (
        "Module 1: IOP in the continuum of care", 45, 0.75)


@pytest.mark.parametrize(("line", "minutes"), [
    ("**Time to learn:** about 90 minutes, plus 10 minutes for each case you rate.", 90),
    ("**Time to learn:** 1.5 hours.", 90),
    ("Time to learn: approximately 2 h", 120),
])
def test_module_info_reads_an_approximate_time_when_the_notebook_says_about(tmp_path, line,
                                                                            minutes):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        f"# Module 9: Test\n\n## Prerequisites\n\n{line}")])
    (tmp_path / "curriculum").mkdir()
    nbformat.write(nb, tmp_path / "curriculum/test.ipynb")
    mod = CompetencyMap.model_validate(RAW).module("m01").model_copy(
        update={"notebook": "curriculum/test.ipynb"})
    assert module_info(mod, tmp_path).minutes == minutes


# --------------------------------------------------------------- schema rules


@pytest.mark.parametrize(("edit", "where", "message"), [
    (lambda d: d["competencies"].append({"number": 124, "area": "Referral", "summary": "x"}),
     f"competency-map:competencies.{N_CATALOGUE}.number",
     "TAP 21 competencies are numbered 1-123; got 124"),
    (lambda d: m01(d)["objectives"][0].update(competencies=[0]),
     "m01:objectives.0.competencies.0", "numbered 1-123; got 0"),
    (lambda d: m01(d)["objectives"][1].update(competencies=[9, 77]),
     "m01:objectives.1.competencies.1", "competency 77 is not in the catalogue"),
    (lambda d: m01(d)["checks"][0]["items"].update({"evidence": [5, 5]}),
     "m01:checks.0.items.evidence.1", "competency 5 is listed twice"),
    (lambda d: d["competencies"].append(dict(d["competencies"][0])),
     f"competency-map:competencies.{N_CATALOGUE}.number",
     f"competency {RAW['competencies'][0]['number']} is already in the catalogue"),
    (lambda d: d["competencies"][0].update(area="Documentation"),
     "competency-map:competencies.1.area", "comes later in TAP 21"),
    (lambda d: d["competencies"][0].update(area="Screening"),
     "competency-map:competencies.0.area", "expected 'Understanding Addiction'"),
    (lambda d: m01(d)["objectives"][2].update(number=4),
     "m01:objectives.2.number", "expected 3, got 4"),
    (lambda d: m01(d)["simulations"][0].update(view="ScheduleBuilder"),
     "schedule-builder:view", "expected the view class as widgets.views.<topic>.<Class>"),
    (lambda d: m01(d).update(notes="x"), "m01:notes", "is not a known field"),
    (lambda d: d["modules"].append(copy.deepcopy(m01(d))), "m01:id",
     "module 'm01' is mapped twice"),
], ids=["above-123", "zero", "not-in-catalogue", "listed-twice", "catalogue-duplicate",
        "area-out-of-order", "unknown-area", "objective-numbering", "view-not-dotted",
        "unknown-key", "module-twice"])
def test_map_is_rejected_when_a_rule_is_broken(tmp_path, edit, where, message):
    with pytest.raises(ContentError) as err:
        index_with(changed(edit), tmp_path)
    assert f"{err.value.entry}:{err.value.field}" == where
    assert re.search(message, err.value.problem, re.I), err.value.problem


def test_missing_check_is_rejected_when_the_index_resolves_refs(tmp_path):
    data = changed(lambda d: m01(d)["checks"][0].update(check="m09-check"))
    with pytest.raises(ContentError, match="refers to knowledge-check 'm09-check', which "
                                           "does not exist") as err:
        index_with(data, tmp_path)
    assert (err.value.entry, err.value.field) == ("m01", "checks.0.check")


# --------------------------------------------------------- against the curriculum


@pytest.mark.parametrize(("edit", "field", "message"), [
    (lambda d: m01(d)["checks"][0]["items"].pop("evidence"),
     "modules.0.checks.0.items", "question.s. evidence of check 'm01-check' are not mapped"),
    (lambda d: m01(d)["checks"][0]["items"].update({"made-up": [9]}),
     "modules.0.checks.0.items.made-up", "has no question.s. made-up"),
    (lambda d: m01(d)["objectives"][0].update(text="Define IOP."),
     "modules.0.objectives.0.text", "reads 'Say what an IOP is, and what it is not.'"),
    (lambda d: m01(d)["objectives"].pop(),
     "modules.0.objectives", "Overview lists 7 objectives, the map 6"),
    (lambda d: m01(d)["simulations"][0].update(view="widgets.views.schedule.Missing"),
     "modules.0.simulations.0.view", "does not exist"),
    (lambda d: m01(d).update(notebook="curriculum/01_continuum/missing.ipynb"),
     "modules.0.notebook", "does not exist"),
], ids=["item-unmapped", "item-not-in-check", "objective-text", "objective-count",
        "view-missing", "notebook-missing"])
def test_map_is_rejected_when_it_disagrees_with_the_curriculum(tmp_path, edit, field,
                                                                message):
    idx = index_with(changed(edit), tmp_path)
    with pytest.raises(ContentError) as err:
        validate_map(idx, ROOT)
    assert (err.value.entry, err.value.field) == ("m01", field)
    assert re.search(message, err.value.problem), err.value.problem


def test_check_of_another_module_is_rejected_when_mapped_under_m01(tmp_path):
    other = tmp_path / "checks" / "m01-check.yaml"
    other.parent.mkdir()
    other.write_text(M01_CHECK.read_text().replace("module: m01", "module: m02"))
    path = tmp_path / "competency-map.yaml"
    path.write_text(yaml.safe_dump(RAW, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match="belongs to module 'm02', not 'm01'"):
        validate_map(ContentIndex([path, other], BIB), ROOT)


# ------------------------------------------------------------------ coverage


def test_coverage_markdown_shows_matrix_and_gaps_when_rendered(tmp_path):
    m02_check = tmp_path / "m02-check.yaml"
    m02_check.write_text(M01_CHECK.read_text().replace("id: m01-check", "id: m02-check")
                         .replace("module: m01", "module: m02"))
    idx = index_with(RAW, tmp_path, m02_check)
    page = coverage_markdown(validate_map(idx, ROOT), idx)
    assert ("| Module | Foundations | Clinical Evaluation | Treatment Planning | Referral | "
            "Service Coordination | Counseling | Client, Family, and Community Education | "
            "Documentation | Professional and Ethical Responsibilities |") in page
    assert "| m01 | 5, 6, 7, 8, 9, 12, 13, 14 | - | - | - | - | - | - | - | - |" in page
    assert "| m02 | not mapped yet |" in page
    assert "**8 of 123** competencies" in page
    assert "TAP 21 competencies 1-4, 10-11, 15-123." in page
    assert "m01: objective 6" in page  # where 12 is practised
    assert "`m01-check/screen-wording`" in page  # the item no competency fits yet
    assert "{cite}`TAP21`" in page


def test_coverage_html_is_an_accessible_table_when_rendered(tmp_path):
    idx = index_with(RAW, tmp_path)
    page = coverage_html(validate_map(idx, ROOT), idx)
    assert '<th scope="col">Clinical Evaluation</th>' in page
    assert '<th scope="row">m01</th><td>5, 6, 7, 8, 9, 12, 13, 14</td>' in page
    assert "<caption>" in page and "1-4, 10-11, 15-123" in page


def test_uncovered_lists_every_number_when_nothing_is_mapped():
    empty = CompetencyMap.model_validate({**RAW, "modules": []})
    assert uncovered(empty) == list(range(1, 124))
