"""The teaching model's condition language: what it accepts, what it refuses (naming the
token), and the rules of placement-rules.yaml checked when content loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from widgets.core.content import ContentError, ContentIndex, content_root
from widgets.level_of_care import RULES, teaching_model
from widgets.level_of_care.model.condition import (
    MAX_CONDITION_LENGTH,
    AllOf,
    AnyOf,
    AtLeast,
    ConditionError,
    DimensionsAtLeast,
    parse,
)
from widgets.level_of_care.model.placement import describe

DIMS = ("intoxication_withdrawal", "biomedical", "emotional_behavioral",
        "readiness_to_change", "relapse_potential", "recovery_environment")
SHORT = dict(zip(DIMS, ["Intoxication/withdrawal", "Biomedical", "Emotional/behavioral",
                        "Readiness to change", "Relapse potential", "Recovery environment"],
                 strict=True))
ROOT = content_root()


def ratings(**given: int) -> dict[str, int]:
    return {d: given.get(d, 0) for d in DIMS}


def test_the_example_of_the_brief_parses_and_reads_as_it_says():
    c = parse("intoxication_withdrawal >= 3 or (relapse_potential >= 3 and "
              "recovery_environment >= 3)", DIMS)
    assert c == AnyOf((AtLeast("intoxication_withdrawal", 3),
                       AllOf((AtLeast("relapse_potential", 3),
                              AtLeast("recovery_environment", 3)))))
    assert c.holds(ratings(intoxication_withdrawal=3))
    assert c.holds(ratings(relapse_potential=3, recovery_environment=4))
    assert not c.holds(ratings(relapse_potential=3, recovery_environment=2))
    assert c.dimensions == ("intoxication_withdrawal", "relapse_potential",
                            "recovery_environment")
    assert describe(c, SHORT) == ("Intoxication/withdrawal 3 or more or (relapse potential "
                                  "3 or more and recovery environment 3 or more)")


def test_and_binds_tighter_than_or():
    c = parse("biomedical >= 1 or relapse_potential >= 3 and recovery_environment >= 3", DIMS)
    assert isinstance(c, AnyOf) and isinstance(c.parts[1], AllOf)


def test_breadth_counts_the_dimensions_at_or_above_a_rating():
    c = parse("at least 3 dimensions >= 3", DIMS)
    assert c == DimensionsAtLeast(3, 3, DIMS)
    assert not c.holds(ratings(biomedical=3, relapse_potential=4))
    assert c.holds(ratings(biomedical=3, relapse_potential=4, readiness_to_change=3))
    assert describe(c, SHORT) == "3 or more dimensions rated 3 or more"


def test_words_of_single_ratings_match_the_rules_the_module_always_showed():
    assert describe(parse("relapse_potential >= 4", DIMS), SHORT) == "Relapse potential rated 4"
    assert (describe(parse("intoxication_withdrawal >= 2", DIMS), SHORT)
            == "Intoxication/withdrawal rated 2 or more")
    assert (describe(parse("relapse_potential >= 3 and recovery_environment >= 3", DIMS), SHORT)
            == "Relapse potential 3 or more and recovery environment 3 or more")


@pytest.mark.parametrize(("text", "token", "problem"), [
    ("relapse_potential > 3", ">", "only '>=' is allowed"),
    ("relapse_potential <= 3", "<=", "only '>=' is allowed"),
    ("relapse_potential == 3", "==", "only '>=' is allowed"),
    ("not relapse_potential >= 3", "not", "'not' is not allowed"),
    ("mood >= 2", "mood", "unknown dimension; the dimensions are intoxication_withdrawal"),
    ("relapse_potential >= 5", "5", "a rating must be from 0 to 4"),
    ("relapse_potential >= 99999999999999999999", "99999999999999999999", "from 0 to 4"),
    ("relapse_potential >= three", "three", "expected a rating"),
    ("at least 7 dimensions >= 3", "7", "the number of dimensions must be from 1 to 6"),
    ("at most 3 dimensions >= 3", "most", "expected 'least'"),
    ("relapse_potential >= 3 recovery_environment >= 3", "recovery_environment",
     "expected 'and', 'or' or the end"),
    ("__import__('os').system('true')", "__import__", "unknown dimension"),
    ("relapse_potential >= 3; biomedical >= 1", ";", "expected 'and', 'or'"),
    ("(relapse_potential >= 3))", ")", "expected 'and', 'or'"),
    ("and relapse_potential >= 3", "and", "expected a dimension"),
])
def test_refuses_anything_outside_the_language_naming_the_token(text, token, problem):
    with pytest.raises(ConditionError) as raised:
        parse(text, DIMS)
    assert raised.value.token == token
    assert problem in str(raised.value)
    assert f"bad token {token!r} at position {raised.value.position + 1}" in str(raised.value)
    assert text[raised.value.position:].startswith(token)


@pytest.mark.parametrize(("text", "problem"), [
    ("", "the condition is empty"),
    ("   ", "the condition is empty"),
    ("(relapse_potential >= 3", "ends too early: expected ')'"),
    ("relapse_potential >=", "ends too early: expected a rating"),
    ("relapse_potential >= 3 and", "ends too early"),
    ("x" * (MAX_CONDITION_LENGTH + 1), f"at most {MAX_CONDITION_LENGTH} characters"),
    ("(" * 11 + "biomedical >= 1" + ")" * 11, "nested at most 10 deep"),
])
def test_refuses_empty_unfinished_huge_or_deeply_nested_conditions(text, problem):
    with pytest.raises(ConditionError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse(text, DIMS)


def test_a_condition_must_be_text():
    with pytest.raises(TypeError, match="must be a string"):
        parse(3, DIMS)  # type: ignore[arg-type]


def test_every_rule_of_the_curriculum_only_asks_at_least_n():
    def nodes(c):
        yield c
        for part in getattr(c, "parts", ()):
            yield from nodes(part)

    model = teaching_model()
    for rule in [*RULES, *model.prerequisites]:
        for node in nodes(rule.condition):
            assert isinstance(node, AtLeast | DimensionsAtLeast | AllOf | AnyOf), rule.id
            if not isinstance(node, AllOf | AnyOf):
                assert 0 <= node.rating <= model.max_rating, rule.id


# ------------------------------------------------------- checked when content loads


@pytest.fixture
def curriculum(tmp_path: Path) -> Path:
    """A copy of the teaching model's data in a curriculum of its own."""
    folder = tmp_path / "curriculum" / "02_level_of_care"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    for name in ("placement-rules.yaml", "levels-of-care.yaml"):
        shutil.copy(ROOT / "curriculum/02_level_of_care" / name, folder / name)
    return folder


def _change(folder: Path, change) -> Path:
    path = folder / "placement-rules.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def test_a_bad_condition_is_refused_naming_file_rule_field_and_token(curriculum):
    path = _change(curriculum, lambda d: _rule(d, "relapse-at-home").update(
        when="relapse_potential >= 3 and recovery_environment > 3"))
    with pytest.raises(ContentError) as raised:
        ContentIndex(sorted(curriculum.glob("*.yaml")), curriculum.parents[1] / "references.bib")
    error = raised.value
    assert error.file.endswith("placement-rules.yaml") and error.entry == "relapse-at-home"
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    assert error.field == f"rules.{[r['id'] for r in rules].index('relapse-at-home')}.when"
    assert "bad token '>'" in error.problem and "only '>=' is allowed" in error.problem


def test_a_prerequisite_with_an_unknown_dimension_is_refused(curriculum):
    _change(curriculum, lambda d: d["prerequisites"][0].update(when="mood >= 4"))
    with pytest.raises(ContentError, match=r"field 'prerequisites\.0\.when'.*'mood'"):
        ContentIndex(sorted(curriculum.glob("*.yaml")), curriculum.parents[1] / "references.bib")


def test_a_rule_at_a_level_the_model_cannot_recommend_is_refused(curriculum):
    _change(curriculum, lambda d: _rule(d, "relapse-at-home").update(level="3.3"))
    with pytest.raises(ContentError, match=r"entry 'relapse-at-home': field 'rules\.\d+\.level'"
                                           r".*'3\.3' is not one the teaching model"):
        ContentIndex(sorted(curriculum.glob("*.yaml")), curriculum.parents[1] / "references.bib")


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d["rules"].append(dict(d["rules"][0])), "duplicate rule id"),
    (lambda d: d["ratings"].pop(2), "run 0, 1, 2"),
    (lambda d: d["dimensions"].append(dict(d["dimensions"][0])), "duplicate dimension key"),
    (lambda d: _rule(d, "breadth").update(applies_to="teens"), "applies_to"),
])
def test_the_model_file_s_shape_is_checked(curriculum, change, problem):
    _change(curriculum, change)
    with pytest.raises(ContentError, match=problem):
        ContentIndex(sorted(curriculum.glob("*.yaml")), curriculum.parents[1] / "references.bib")
