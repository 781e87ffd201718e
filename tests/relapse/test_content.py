"""Module 5's content kinds: ``rp-vignette`` (one broken fixture per rule) and
``relapse-plan`` (the plan's worksheet: its schema, and the check that its sections are
the plan's fields)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from widgets.core.content import ContentError, ContentIndex, load_file
from widgets.relapse import PLAN_FIELDS, plan_template
from widgets.relapse.schemas import PlanTemplate, Vignette

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
PLAN_FILE = ROOT / "curriculum" / "05_relapse_prevention" / "relapse-plan.yaml"

# ------------------------------------------------------------ schema fixtures


def test_valid_fixture_loads():
    v = load_file(FIXTURES / "valid-vignette.yaml")
    assert isinstance(v, Vignette)
    assert v.answers.high_risk_situation == ["s2"]


@pytest.mark.parametrize("name,entry,field,message", [
    ("duplicate-sentence-id", "s1", "id", "duplicate sentence id 's1'"),
    ("unknown-answer-sentence", "unknown-answer-sentence", "answers.coping_response.0",
     "'s9' is not the id of a sentence"),
    ("answer-in-both-parts", "answer-in-both-parts", "answers.coping_response.0",
     "cannot be both the high-risk situation and the coping response"),
    ("wrong-label", "wrong-label", "label", "Fictional teaching case"),
    ("unknown-key", "unknown-key", "difficulty", "is not a known field"),
    ("empty-answers", "empty-answers", "answers.high_risk_situation", "at least 1 item"),
])
def test_broken_fixture_raises_content_error_naming_entry_and_field(name, entry, field,
                                                                   message):
    with pytest.raises(ContentError) as info:
        load_file(FIXTURES / f"{name}.yaml")
    err = info.value
    assert err.file.endswith(f"{name}.yaml")
    assert (err.entry, err.field) == (entry, field)
    assert message in err.problem


def test_unknown_citation_fixture_raises_when_indexed_with_the_bibliography():
    with pytest.raises(ContentError) as info:
        ContentIndex([FIXTURES / "unknown-citation.yaml"], ROOT / "references.bib")
    assert info.value.field == "cite.0"
    assert "NoSuchKey2099" in info.value.problem



# ------------------------------------------------------------ the plan's worksheet


def test_curriculum_worksheet_has_one_section_per_plan_field():
    template = plan_template()
    assert isinstance(template, PlanTemplate)
    assert sorted(s.field for s in template.sections) == sorted(PLAN_FIELDS)
    assert template.section(template.crisis_field).empty_level == "suggestion"


def _broken_plan(tmp_path: Path, change) -> Path:  # noqa: ANN001 - a function of the data
    data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "relapse-plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _drop_section(name):  # noqa: ANN001, ANN202
    return lambda d: d.update(sections=[s for s in d["sections"] if s["field"] != name])


@pytest.mark.parametrize("change, field, message", [
    (lambda d: d["sections"].append(dict(d["sections"][0])), "sections.8.field",
     "'triggers' is listed twice"),
    (lambda d: d.update(crisis_line="Call a friend."), "crisis_line", "must give 988"),
    (lambda d: d.update(emergency_line="Call for help."), "emergency_line", "must give 911"),
    (lambda d: d.update(crisis_field="hobbies"), "crisis_field", "'hobbies' is not one of"),
    (lambda d: d["sections"][6]["always"][0].update(cite=[]), "sections.6.always.0.cite",
     "at least 1 item"),
    (lambda d: d["sections"][6]["suggestions"][0].update(words=["Naloxone!"]),
     "sections.6.suggestions.0.words.0", "expected a lower-case word or phrase"),
    (lambda d: d["sections"][0].update(field="Triggers"), "sections.0.field",
     "expected a plan field's name"),
    (lambda d: d["sections"][0].update(colour="red"), "sections.0.colour",
     "is not a known field"),
])
def test_broken_worksheet_raises_content_error_naming_the_field(tmp_path, change, field,
                                                                 message):
    with pytest.raises(ContentError) as info:
        load_file(_broken_plan(tmp_path, change))
    assert (info.value.entry, info.value.field) == ("relapse-plan", field)
    assert message in info.value.problem


@pytest.mark.parametrize("change, field, message", [
    (_drop_section("medication_safety"), "sections",
     "no section for the plan field(s) medication_safety"),
    (lambda d: d["sections"][2].update(field="hobbies"), "sections.2.field",
     "'hobbies' is not a field of the plan"),
])
def test_worksheet_sections_must_be_the_plan_fields(tmp_path, change, field, message):
    path = _broken_plan(tmp_path, change)
    if field == "sections.2.field":  # keep the crisis field valid
        assert load_file(path)
    with pytest.raises(ContentError) as info:
        ContentIndex([path], ROOT / "references.bib")
    assert (info.value.entry, info.value.field) == ("relapse-plan", field)
    assert message in info.value.problem


def test_worksheet_citation_must_be_in_the_bibliography(tmp_path):
    path = _broken_plan(tmp_path, lambda d: d["sections"][6]["always"][1].update(
        cite=["NoSuchKey2099"]))
    with pytest.raises(ContentError) as info:
        ContentIndex([path], ROOT / "references.bib")
    assert info.value.field == "sections.6.always.1.cite.0"
