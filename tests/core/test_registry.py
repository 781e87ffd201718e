"""The module registry: module.yaml files, their rules, and the coverage page built on them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from widgets.core import registry
from widgets.core.content import ContentError, ContentIndex, read_yaml
from widgets.core.schemas import AREAS
from widgets.trainer import uncovered, validate_map
from widgets.trainer.render import coverage_html, coverage_markdown

ROOT = Path(__file__).resolve().parents[2]
M01 = ROOT / "curriculum" / "01_continuum"


@pytest.fixture
def curriculum(tmp_path: Path) -> Path:
    """A copy of the curriculum with module 1 only (and what module 1 needs)."""
    (tmp_path / "curriculum").mkdir()
    shutil.copytree(M01, tmp_path / "curriculum" / M01.name)
    levels = ROOT / "curriculum" / "02_level_of_care" / "levels-of-care.yaml"  # M1's hours
    (tmp_path / "curriculum" / levels.parent.name).mkdir()
    shutil.copy(levels, tmp_path / "curriculum" / levels.parent.name)
    shutil.copytree(ROOT / "curriculum" / "handouts", tmp_path / "curriculum" / "handouts")
    shutil.copy(ROOT / "curriculum" / "competency-map.yaml", tmp_path / "curriculum")
    shutil.copytree(ROOT / "exercises" / "01_continuum", tmp_path / "exercises" / "01_continuum")
    shutil.copy(ROOT / "references.bib", tmp_path)
    return tmp_path


def edit_module(root: Path, change) -> None:  # noqa: ANN001
    path = root / "curriculum" / M01.name / "module.yaml"
    data = read_yaml(path)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def index(root: Path) -> ContentIndex:
    registry._modules.cache_clear()
    return ContentIndex.from_root(root)


# ------------------------------------------------------------------ the real curriculum


def test_registry_lists_every_module_in_order_of_its_number():
    mods = registry.modules(ROOT)
    assert [m.number for m in mods] == sorted(m.number for m in mods)
    assert [m.id for m in mods][:5] == ["m01", "m02", "m03", "m04", "m05"]
    assert registry.module("m02", ROOT).title == "Level-of-care decisions"
    assert registry.notebook_path("m01", ROOT) == M01 / "01_iop_in_the_continuum.ipynb"


def test_lookups_find_the_module_of_a_check_a_simulation_and_a_folder():
    assert registry.module_of_check("m03-check", ROOT).id == "m03"
    assert registry.module_of_simulation("case-simulator", ROOT).id == "m02"
    assert registry.this_module(M01 / "checks", ROOT).id == "m01"
    with pytest.raises(LookupError, match="not inside a module folder"):
        registry.this_module(ROOT / "tests", ROOT)
    with pytest.raises(KeyError, match="no module lists the simulation 'nope'"):
        registry.simulation("nope", ROOT)
    with pytest.raises(KeyError, match="no module 'm99'; the modules are m01"):
        registry.module("m99", ROOT)


def test_item_competencies_map_recorded_items_to_tap21_numbers():
    lookup = registry.item_competencies(ROOT)
    assert lookup["sim/schedule-builder"] == (9, 13)
    assert lookup["m01-check/evidence"] == (5, 7)


def test_knowledge_check_items_are_every_question_of_each_module_check():
    items = registry.knowledge_check_items(ROOT)["m01"]
    check = read_yaml(M01 / "checks" / "m01-check.yaml")
    assert items == [f"m01-check/{q['id']}" for q in check["questions"]]


def test_module_notebook_title_is_the_module_label():
    import nbformat

    for mod in registry.modules(ROOT):
        nb = nbformat.read(registry.notebook_path(mod.id, ROOT), as_version=4)
        h1 = [line[2:].strip() for c in nb.cells if c.cell_type == "markdown"
              for line in c.source.splitlines() if line.startswith("# ")]
        assert h1 == [mod.label], f"{mod.id}: the notebook's only H1 must be {mod.label!r}"


def test_toc_lists_the_module_notebooks_in_order():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [ch["file"] for part in toc["parts"] for ch in part.get("chapters", [])]
    expected = [str(registry.notebook_path(m.id, ROOT).relative_to(ROOT).with_suffix(""))
                for m in registry.modules(ROOT)]
    listed = [f for f in files if f in expected]
    assert listed == expected, "_toc.yml must list every module notebook, in module order"


# ------------------------------------------------------------------ rules of module.yaml


def test_copied_module_validates(curriculum):
    idx = index(curriculum)
    assert [m.id for m in registry.modules(curriculum)] == ["m01"]
    assert validate_map(idx, curriculum).competencies


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda d: d["objectives"][0].update(competencies=[0]),
     "objectives.0.competencies.0", "numbered 1-123; got 0"),
    (lambda d: d["objectives"][1].update(competencies=[9, 77]),
     "objectives.1.competencies.1", "competency 77 is not in the catalogue"),
    (lambda d: d["checks"][0]["items"].update({"evidence": [5, 5]}),
     "checks.0.items.evidence.1", "competency 5 is listed twice"),
    (lambda d: d["simulations"][0].update(view="ScheduleBuilder"),
     "view", "expected the view class as widgets.<topic>.view.<Class>"),
    (lambda d: d.update(notes="x"), "notes", "is not a known field"),
    (lambda d: d["checks"][0]["items"].pop("evidence"),
     "checks.0.items", "question.s. evidence of check 'm01-check' are not mapped"),
    (lambda d: d["checks"][0]["items"].update({"made-up": [9]}),
     "checks.0.items.made-up", "has no question.s. made-up"),
    (lambda d: d["simulations"][0].update(view="widgets.continuum.view.Missing"),
     "simulations.0.view", "does not exist"),
    (lambda d: d.update(notebook="missing.ipynb"), "notebook", "is not in 01_continuum"),
    (lambda d: d.update(number=7), "number", "lives in curriculum/07_<slug>"),
    (lambda d: d.update(handouts=["no_such_handout"]), "handouts.0", "no handout"),
    (lambda d: d.update(minutes=0), "minutes", "greater than or equal to 5"),
    (lambda d: d.update(pass_mark=1.5), "pass_mark", "less than or equal to 1"),
    (lambda d: d.update(id="module-one"), "id", "expected"),
    (lambda d: d["simulations"].append(dict(d["simulations"][0])), "",
     "simulation.s. listed twice: schedule-builder"),
], ids=["zero", "not-in-catalogue", "listed-twice", "view-not-dotted", "unknown-key",
        "item-unmapped", "item-not-in-check", "view-missing", "notebook-missing",
        "folder-number", "handout-missing", "minutes", "pass-mark", "id-pattern",
        "simulation-twice"])
def test_module_is_rejected_naming_the_field_when_a_rule_is_broken(curriculum, change, field,
                                                                    message):
    edit_module(curriculum, change)
    with pytest.raises(ContentError) as err:
        index(curriculum)
    assert err.value.field == field, str(err.value)
    assert re.search(message, err.value.problem, re.I), err.value.problem
    assert err.value.file.endswith("module.yaml")


def test_missing_check_is_rejected_when_the_index_resolves_refs(curriculum):
    edit_module(curriculum, lambda d: d["checks"][0].update(check="m09-check"))
    with pytest.raises(ContentError, match="refers to knowledge-check 'm09-check', which "
                                           "does not exist") as err:
        index(curriculum)
    assert (err.value.entry, err.value.field) == ("m01", "checks.0.check")


def test_check_no_module_lists_is_rejected(curriculum):
    extra = curriculum / "curriculum" / M01.name / "checks" / "m09-check.yaml"
    extra.write_text((M01 / "checks" / "m01-check.yaml").read_text()
                     .replace("id: m01-check", "id: m09-check"))
    with pytest.raises(ContentError, match="no module lists it") as err:
        index(curriculum)
    assert err.value.entry == "m09-check"


# ------------------------------------------------------------------ coverage


def test_coverage_markdown_shows_matrix_and_gaps_when_rendered(curriculum):
    idx = index(curriculum)
    page = coverage_markdown(validate_map(idx, curriculum), idx)
    assert ("| Module | Foundations | Clinical Evaluation | Treatment Planning | Referral | "
            "Service Coordination | Counseling | Client, Family, and Community Education | "
            "Documentation | Professional and Ethical Responsibilities |") in page
    assert "| m01 | 5, 6, 7, 8, 9, 12, 13, 14 | - | - | - | - | - | - | - | - |" in page
    assert "**8 of 123** competencies" in page
    assert "TAP 21 competencies 1-4, 10-11, 15-123." in page
    assert "m01: objective 6" in page  # where 12 is practised
    assert "`m01-check/screen-wording`" in page  # the item no competency fits yet
    assert "{cite}`TAP21`" in page


def test_coverage_html_is_an_accessible_table_when_rendered(curriculum):
    idx = index(curriculum)
    page = coverage_html(validate_map(idx, curriculum), idx)
    assert '<th scope="col">Clinical Evaluation</th>' in page
    assert '<th scope="row">m01</th><td>5, 6, 7, 8, 9, 12, 13, 14</td>' in page
    assert "<caption>" in page and "1-4, 10-11, 15-123" in page


def test_uncovered_lists_every_number_when_nothing_is_mapped():
    assert uncovered([]) == list(range(1, 124))
    assert {c.area for c in validate_map().competencies} <= set(AREAS)


def test_content_root_is_the_checkout_when_run_from_elsewhere(tmp_path):
    """A kernel started outside the curriculum (a hub user's home) still finds it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "IOP_CONTENT_ROOT"}
    done = subprocess.run([sys.executable, "-c", "from widgets.core.content import "
                           "content_root; print(content_root())"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(ROOT)
