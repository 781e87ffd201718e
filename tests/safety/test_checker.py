"""Module 6's exercise checkers (widgets.safety.checker)."""

from __future__ import annotations

import pytest

from widgets.safety.checker import (
    check_m06_asq,
    check_m06_drug_test,
    check_m06_safety_plan,
    check_m06_withdrawal,
)
from widgets.safety.model import SafetyPlan

MO = {"wished-dead": True, "better-off-dead": None, "thoughts-of-killing-self": True,
      "ever-tried": False}
LUIS = dict(client="Luis", warning_signs=["Feeling like a burden"],
            internal_coping=["Walk the dog"], social_distraction=["Coffee at Marta's"],
            family_and_friends=["My brother Tomas"],
            professionals_and_agencies=["The program"],
            safe_environment=["Tomas keeps the rifle at his house",
                              "Take the pain pills to the pharmacy"])
OPENING = ("The opiates test doesn't look for fentanyl. I care about your safety: do you "
           "have naloxone at home?")


def test_asq_stub_is_incomplete_and_the_solution_passes():
    assert not check_m06_asq({k: ... for k in MO}, ..., ...).complete
    assert check_m06_asq(MO, False, "non-acute-positive").passed


def test_asq_an_unsure_answer_recorded_as_no_is_explained():
    result = check_m06_asq({**MO, "better-off-dead": False}, False, "non-acute-positive")
    assert not result.passed
    assert "record it as not answered, not no" in result.messages[0]


def test_asq_a_wrong_result_names_the_right_one():
    result = check_m06_asq(MO, False, "negative")
    assert "the result is 'non-acute-positive', not 'negative'" in result.messages[0]


def test_asq_an_unknown_result_lists_the_results():
    result = check_m06_asq(MO, False, "positive")
    assert "result must be one of negative" in result.messages[0]


def test_asq_missing_questions_are_named():
    assert "each of the four questions" in check_m06_asq({"wished-dead": True}, False,
                                                          "acute-positive").messages[0]


def test_withdrawal_stub_solution_and_the_under_the_cut_off_trap():
    assert not check_m06_withdrawal(..., ...).complete
    assert check_m06_withdrawal(3, "medical-assessment-first").passed
    trap = check_m06_withdrawal(3, "no-flag-found")
    assert "not a green light" in trap.messages[0]
    wrong = check_m06_withdrawal(2, "medical-assessment-first")
    assert "The PAWSS total is 3, not 2" in wrong.messages[0]


@pytest.mark.parametrize("total", ["3", 3.0, True])
def test_withdrawal_total_must_be_a_whole_number(total):
    assert "must be a whole number" in check_m06_withdrawal(total, "emergency").messages[0]


def test_safety_plan_stub_is_incomplete_and_a_full_plan_passes():
    stub = SafetyPlan(client="Luis", warning_signs=[...], safe_environment=[...])
    assert not check_m06_safety_plan(stub).complete
    assert check_m06_safety_plan(SafetyPlan(**LUIS)).passed


def test_safety_plan_needs_a_storage_plan_for_the_rifle_and_the_pills():
    plan = SafetyPlan(**{**LUIS, "safe_environment": ["The rifle is in the closet"]})
    messages = " ".join(check_m06_safety_plan(plan).messages)
    assert "hunting rifle" in messages and "pain pills" in messages


def test_safety_plan_coping_that_involves_using_fails():
    plan = SafetyPlan(**{**LUIS, "internal_coping": ["Have a few beers"]})
    result = check_m06_safety_plan(plan)
    assert not result.passed and "coping involves use" in result.messages[0]


def test_safety_plan_must_be_a_plan():
    assert "plan must be a SafetyPlan" in check_m06_safety_plan({"a": 1}).messages[0]


def test_drug_test_stub_and_solution():
    assert not check_m06_drug_test(..., ..., ...).complete
    assert check_m06_drug_test(False, False, OPENING).passed


def test_drug_test_wrong_readings_are_explained():
    messages = " ".join(check_m06_drug_test(True, True, OPENING).messages)
    assert "confirmed_use is False" in messages
    assert "opiates_screen_finds_fentanyl is False" in messages


def test_drug_test_opening_that_accuses_or_shames_is_caught():
    result = check_m06_drug_test(False, False,
                                 "You lied to me and your test was dirty, so that's it.")
    messages = " ".join(result.messages)
    assert '"dirty"' in messages and "'lied'" in messages
    assert "naloxone" in messages  # and it forgot his safety


def test_drug_test_opening_must_be_a_sentence():
    assert "opening must be" in check_m06_drug_test(False, False, "Hi").messages[0]
