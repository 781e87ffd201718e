"""Module 3 exercise checkers: the starter, the worked solution and typical mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.group_facilitation import Block, Plan
from widgets.group_facilitation.checker import (
    EX1_SOLUTION,
    EX1_STARTER,
    check_m03_plan,
    check_next_decision_point,
)

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = (ROOT / EX1_SOLUTION).read_text(encoding="utf-8")


def variant(tmp_path, old, new):
    assert old in SOLUTION
    path = tmp_path / "_attempt.yaml"
    path.write_text(SOLUTION.replace(old, new, 1), encoding="utf-8")
    return path


def test_starter_is_not_yet_complete_and_names_the_missing_node_when_checked():
    result = check_next_decision_point(ROOT / EX1_STARTER)
    assert not result.complete and not result.passed
    assert "Add the decision point with id 'first-share'" in result.messages[0]
    assert ("entry 'welcome': field 'choices.0.next': choice 'welcome-and-agreement' leads "
            "to node 'first-share', which does not exist") in result.messages[1]
    assert repr(result).startswith("Not yet complete.")


def test_default_path_is_the_starter_when_no_path_is_given():
    assert check_next_decision_point() == check_next_decision_point(ROOT / EX1_STARTER)


def test_worked_solution_passes_when_checked():
    result = check_next_decision_point(ROOT / EX1_SOLUTION)
    assert result.passed, result.messages
    assert "'first-share' has 3 choices" in result.messages[0]


def test_validator_message_names_node_and_field_when_next_is_misspelt(tmp_path):
    path = variant(tmp_path, "next: ravi-returns\n        feedback: >-\n          A reflection",
                   "next: ravi-return\n        feedback: >-\n          A reflection")
    result = check_next_decision_point(path)
    assert result.complete and not result.passed
    assert ("entry 'first-share': field 'choices.0.next': choice 'reflect-and-welcome' "
            "leads to node 'ravi-return', which does not exist") in result.messages[0]


def test_validator_message_names_the_field_when_a_key_is_misspelt(tmp_path):
    path = variant(tmp_path, "    situation: >-\n      Check-in reaches Ravi",
                   "    situtation: >-\n      Check-in reaches Ravi")
    result = check_next_decision_point(path)
    assert "entry 'first-share': field 'situtation': is not a known field" in result.messages[0]


def test_effect_on_unknown_meter_is_reported_when_checked(tmp_path):
    path = variant(tmp_path, "effects: {engagement: -5}", "effects: {trust: -5}")
    result = check_next_decision_point(path)
    assert "field 'choices.1.effects.trust': meter 'trust' is not declared" in result.messages[0]


def test_todo_left_in_the_file_is_not_yet_complete_when_checked(tmp_path):
    path = variant(tmp_path, "One member rolls her eyes.", "TODO")
    result = check_next_decision_point(path)
    assert not result.complete
    assert result.messages == ("Replace every TODO in the file.",)


def test_only_best_choices_are_reported_when_no_tempting_choice_exists(tmp_path):
    path = variant(tmp_path, "quality: acceptable", "quality: best")
    path.write_text(path.read_text().replace("quality: poor\n        effects: {safety: -15",
                                             "quality: best\n        effects: {safety: -15"))
    result = check_next_decision_point(path)
    assert not result.passed
    assert any("tempting weaker choice" in m for m in result.messages)


def test_choice_without_effects_is_reported_when_checked(tmp_path):
    path = variant(tmp_path, "        effects: {engagement: -5}\n", "")
    result = check_next_decision_point(path)
    assert "Choice 'explain-benefits' has no effects" in result.messages[0]


def test_stigmatizing_language_is_reported_when_used(tmp_path):
    path = variant(tmp_path, "One member rolls her eyes.",
                   "One member mutters that he is just another addict.")
    result = check_next_decision_point(path)
    assert "Use person-first language: replace 'addict'." in result.messages


def test_missing_file_is_not_yet_complete_when_checked(tmp_path):
    result = check_next_decision_point(tmp_path / "nope.yaml")
    assert not result.complete


GOOD_PLAN = Plan("Tuesday skills group, week 2", "skills-development", "evening-3h", (
    Block("check-in", 20, lead="lead"),
    Block("psychoeducation", 35, "Triggers and high-risk situations", "lead"),
    Block("break", 15, lead="both"),
    Block("skills-practice", 80, "Turning down an offer to use: role-plays in pairs", "both"),
    Block("check-out", 30, lead="co-lead"),
))


def test_good_evening_plan_passes_when_checked():
    result = check_m03_plan(GOOD_PLAN)
    assert result.passed, result.messages
    assert result.messages == ("180 minutes in 5 blocks; every check passes.",)


def test_placeholder_plan_is_not_yet_complete_when_checked():
    stub = Plan("Tuesday skills group, week 2", "skills-development", "evening-3h",
                (Block("check-in", 20), ...))
    result = check_m03_plan(stub)
    assert not result.complete
    assert result.messages == ("Replace every ... with your blocks.",)


@pytest.mark.parametrize(("change", "message"), [
    ({"model": "support"}, "The group is a skills development group"),
    ({"format": "90-minutes"}, "The plan takes 180 minutes: 90 over"),
])
def test_wrong_model_or_format_is_reported_when_checked(change, message):
    fields = {"title": GOOD_PLAN.title, "model": GOOD_PLAN.model, "format": GOOD_PLAN.format,
              "blocks": GOOD_PLAN.blocks, **change}
    result = check_m03_plan(Plan(**fields))
    assert not result.passed
    assert any(message in m for m in result.messages)


def test_missing_refusal_skills_and_co_lead_are_reported_when_checked():
    blocks = [Block(b.kind, b.minutes, "Coping with cravings" if b.topic else "", "lead")
              for b in GOOD_PLAN.blocks]
    result = check_m03_plan(GOOD_PLAN.with_blocks(blocks))
    assert any("turning down an offer to use" in m for m in result.messages)
    assert "Share the leading: give your co-facilitator at least one block." in result.messages


def test_non_plan_answer_is_reported_when_checked():
    result = check_m03_plan([("check-in", 20)])
    assert result.complete and not result.passed


def test_an_unreadable_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "_attempt.yaml"
    path.write_bytes(b"kind: scenario\n\xff\xfe not text")
    result = check_next_decision_point(path)
    assert result.complete and not result.passed
    assert "_attempt.yaml cannot be read as UTF-8 text" in result.messages[0]
