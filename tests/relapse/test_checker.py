"""Module 5 exercise checkers (widgets.relapse.checker)."""

from __future__ import annotations

import pytest

from widgets.relapse import RelapsePreventionPlan, load_vignette
from widgets.relapse.checker import check_m05_plan, check_m05_vignette
from widgets.relapse.render import vignette_html

# ------------------------------------------------------------ exercise 1


def test_vignette_check_is_not_complete_when_answers_are_placeholders():
    result = check_m05_vignette(..., ...)
    assert not result.complete and not result.passed
    assert repr(result).startswith("Not yet complete.")
    assert not check_m05_vignette("s2", [...]).complete


def test_vignette_check_passes_when_situation_and_coping_are_right():
    result = check_m05_vignette("s2", "s4")
    assert result.complete and result.passed
    assert "self-efficacy" in result.messages[0]
    assert check_m05_vignette(["S2 "], ("s4",)).passed


def test_vignette_check_explains_when_learner_picks_the_urge_as_the_situation():
    result = check_m05_vignette("s3", "s4")
    assert result.complete and not result.passed
    assert any("inner reaction" in m for m in result.messages)


def test_vignette_check_explains_when_learner_picks_the_outcome_as_coping():
    result = check_m05_vignette("s2", "s6")
    assert not result.passed
    assert any("self-efficacy" in m for m in result.messages)


def test_vignette_check_names_unknown_sentence_ids():
    result = check_m05_vignette("s9", "s4")
    assert not result.passed and "s9 is not a sentence" in result.messages[0]


def test_vignette_html_lists_sentences_without_answers():
    text = vignette_html()
    assert "Fictional teaching case" in text
    assert text.count("<li>") == len(load_vignette().sentences)
    assert "high-risk situation" not in text


# ------------------------------------------------------------ exercise 2

SOLUTION = RelapsePreventionPlan(
    client="Marisol (fictional)",
    triggers=["Evenings alone after the kids are asleep",
              "Running into my old friend on the block",
              "Back pain after long shifts"],
    warning_signs=["Skipping group", "Staying up late", "Telling myself I have it handled"],
    coping_actions=["Text my peer coach and plan the evening", "Cross the street and call my aunt",
                    "Ask my prescriber about pain care; stretch after shifts"],
    people_to_call=["Aunt - 555-0142", "Peer recovery coach - 555-0177", "The program"],
    reasons_for_recovery=["My children", "Going back to school"],
    lapse_plan=["Call my coach the same day", "Come to group the next day"],
    medication_safety=["Buprenorphine, prescribed by Dr. Ortiz at the clinic",
                       "Naloxone in my bag; my aunt knows how to use it",
                       "If I use, I will not use alone"],
)


def test_plan_check_passes_when_plan_covers_the_case():
    result = check_m05_plan(SOLUTION)
    assert result.complete and result.passed, result


def test_plan_check_is_not_complete_when_plan_has_placeholders():
    result = check_m05_plan(RelapsePreventionPlan(triggers=[...], coping_actions=[...]))
    assert not result.complete
    assert "coping_actions" in result.messages[0]
    assert not check_m05_plan(...).complete


def test_plan_check_names_the_missing_trigger_when_one_is_left_out():
    plan = RelapsePreventionPlan(**(SOLUTION.to_dict() | {
        "triggers": ["Evenings alone", "Seeing my friend from the block"]}))
    result = check_m05_plan(plan)
    assert not result.passed
    assert any("back pain after long shifts" in m for m in result.messages)


def test_plan_check_fails_gently_when_plan_is_empty():
    result = check_m05_plan(RelapsePreventionPlan())
    assert result.complete and not result.passed
    assert len(result.messages) >= 6


def test_plan_check_asks_for_two_supports_when_only_one_is_listed():
    plan = RelapsePreventionPlan(**(SOLUTION.to_dict() | {"people_to_call": ["Aunt"]}))
    assert any("at least two people" in m for m in check_m05_plan(plan).messages)


def test_plan_check_rejects_answers_that_are_not_plans():
    result = check_m05_plan({"triggers": []})
    assert result.complete and not result.passed


def test_plan_check_asks_for_medication_safety_when_it_is_left_out():
    plan = RelapsePreventionPlan(**(SOLUTION.to_dict() | {"medication_safety": []}))
    result = check_m05_plan(plan)
    assert result.complete and not result.passed
    assert any(m.startswith("Medication and overdose safety:") for m in result.messages)


@pytest.mark.parametrize("entries, expected", [
    (["Naloxone in my bag; my aunt can use it"], "Marisol takes buprenorphine"),
    (["Buprenorphine from Dr. Ortiz"], "naloxone"),
])
def test_plan_check_asks_for_marisols_medication_and_naloxone(entries, expected):
    plan = RelapsePreventionPlan(**(SOLUTION.to_dict() | {"medication_safety": entries}))
    result = check_m05_plan(plan)
    assert not result.passed and any(expected in m for m in result.messages)
