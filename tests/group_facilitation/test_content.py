"""The session-planning content: TIP 41's models and the block types as data, validated,
each fact written once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from widgets.core.content import ContentError, ContentIndex, validate
from widgets.group_facilitation import planning
from widgets.group_facilitation.render import group_models_html
from widgets.group_facilitation.schemas import SessionPlanning

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "curriculum" / "03_group_facilitation" / "session-planning.yaml"
DATA = yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_the_five_tip_41_models_cite_tip_41_when_loaded():
    models = planning().group_models
    assert [m.label for m in models] == [
        "Psychoeducational", "Skills development", "Cognitive-behavioral / problem-solving",
        "Support", "Interpersonal process"]
    assert all(m.cite == ["TIP41"] for m in models)
    assert "TIP 41&#39;s five group models" in group_models_html()


def test_each_clinical_text_is_written_once_when_the_code_is_searched():
    """Labels, purposes, descriptions and advice live in the YAML, not in Python."""
    p = planning()
    texts = [*(b.purpose for b in p.blocks), *(m.description for m in p.group_models),
             *(r.advice for r in (p.opening, p.closing, p.pause)),
             *(m.label for m in p.group_models), *(f.label for f in p.formats),
             *(b.label for b in p.blocks), *(lead.label for lead in p.leads)]
    code = "\n".join(_strings(path) for path in (ROOT / "widgets").rglob("*.py"))
    assert [t for t in texts if t in code] == []
    assert FILE.read_text(encoding="utf-8").count("Teaches information about substance") == 1


def _strings(path: Path) -> str:
    """Every string literal of a Python file but its docstrings, one per line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)}
    return "\n".join(node.value for node in ast.walk(tree)
                     if isinstance(node, ast.Constant) and isinstance(node.value, str)
                     and id(node) not in docs)


def _broken(change) -> dict:  # noqa: ANN001 - a function changing the data in place
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    change(data)
    return data


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["group_models"][0].update(main=["lecture"]),
     "group model 'psychoeducational': main: unknown id 'lecture'"),
    (lambda d: d["blocks"].append(dict(d["blocks"][0])), "blocks: duplicate id(s) check-in"),
    (lambda d: d["blocks"][0].update(id="main"), "'main' is reserved"),
    (lambda d: d["opening"].update(block="welcome"), "opening.block: unknown id 'welcome'"),
    (lambda d: d["examples"][0].update(format="2-hours"),
     "examples.0.format: unknown id '2-hours'"),
    (lambda d: d["examples"][1]["blocks"][0].update(lead="boss"),
     "examples.1: lead: unknown id 'boss'"),
    (lambda d: d["examples"].pop(0),
     "format '90-minutes' needs exactly one example without a model (found 0)"),
    (lambda d: d["blocks"][0].update(purpose="x" * 301), "at most 300 characters"),
    (lambda d: d["formats"][0].update(minutes=0), "greater than or equal to 1"),
    (lambda d: d.update(author="me"), "is not a known field here"),
])
def test_a_broken_planning_file_names_the_problem(change, words):
    with pytest.raises(ContentError) as info:
        validate(_broken(change), "session-planning.yaml", SessionPlanning)
    assert words in str(info.value)


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["examples"][0]["blocks"][1].update(minutes=65),
     "the example plan for psychoeducational in 90-minutes does not pass the planner's "
     "checks: it plans 100 of 90 minutes The plan takes 100 minutes: 10 over"),
    (lambda d: d["examples"][1]["blocks"].pop(2),
     "does not pass the planner's checks: it plans 165 of 180 minutes"),
    (lambda d: d["formats"][1].update(minutes=600), "a format lasts at most 480 minutes"),
])
def test_an_example_plan_that_fails_the_planner_is_refused_by_the_content_check(
        tmp_path, change, words):
    folder = tmp_path / "curriculum" / "03_group_facilitation"
    folder.mkdir(parents=True)
    path = folder / "session-planning.yaml"
    path.write_text(yaml.safe_dump(_broken(change), sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        ContentIndex([path], ROOT / "references.bib")
    assert words in str(info.value)
    assert info.value.field in ("examples", "minutes")
