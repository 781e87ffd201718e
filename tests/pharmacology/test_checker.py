"""Module 4 exercise checkers: stubs are "not yet complete", solutions pass, mistakes explain."""

from __future__ import annotations

import pytest

from widgets.pharmacology.checker import check_m04_dosing, check_m04_response, flag_terms
from widgets.withdrawal import COWS_ITEMS, load_case
from widgets.withdrawal.checker import EXERCISE_CASE, check_m04_cows

KEY = dict(load_case(EXERCISE_CASE).ratings)
EXPLANATION = ("The same dose each day adds to what is still in the body, so the level keeps "
               "rising for about five half-lives, here ten days, and settles about 3.4 times "
               "higher than after the first dose. That is why dose changes are made slowly, "
               "and why I tell the prescriber the same day if a client feels more sedated.")
RESPONSE = ("Thanks for raising that, it's a common worry. Being physically dependent on a "
            "medication taken as prescribed is not the same as addiction, which is compulsive "
            "use despite harm. People in treatment with methadone or buprenorphine die far less "
            "often than people out of treatment. Decisions about medication belong to each "
            "person and their prescriber. Let's come back to tonight's topic.")


def test_cows_stub_with_placeholders_is_not_yet_complete():
    result = check_m04_cows({**KEY, "tremor": ..., "yawning": ...})
    assert not result.complete and not result.passed
    assert repr(result).startswith("Not yet complete.")


def test_cows_exercise_passes_when_every_item_matches_the_key():
    result = check_m04_cows(KEY)
    assert result.passed
    assert "total 10, mild" in result.messages[0]


def test_cows_exercise_names_wrong_items_with_a_hint_not_the_answer():
    wrong = {**KEY, "restlessness": 1, "gooseflesh": 3}
    result = check_m04_cows(wrong)
    assert result.complete and not result.passed
    assert result.messages[0] == "9 of 11 items match."
    assert any(m.startswith("Restlessness:") for m in result.messages)
    assert not any(str(KEY["restlessness"]) + " points" in m for m in result.messages)


@pytest.mark.parametrize(("answers", "words"), [
    ({**KEY, "resting_pulse": 3}, "does not allow 3"),
    ({**KEY, "tremor": 1.0}, "must be a whole number"),
    ({**KEY, "pulse": 1}, "unknown item 'pulse'"),
    ([1, 2, 3], "dictionary"),
])
def test_cows_exercise_reports_invalid_ratings_without_raising(answers, words):
    result = check_m04_cows(answers)
    assert result.complete and not result.passed
    assert words in result.messages[0]


def test_cows_exercise_asks_for_missing_items():
    partial = {k: KEY[k] for k in list(COWS_ITEMS)[:5]}
    result = check_m04_cows(partial)
    assert not result.complete
    assert result.messages[0] == ("Rate every item; missing: runny_nose_tearing, gi_upset, "
                                  "tremor, yawning, anxiety_irritability, gooseflesh.")


def test_dosing_stub_with_placeholders_is_not_yet_complete():
    assert not check_m04_dosing(..., ..., ...).complete


def test_dosing_exercise_passes_with_the_closed_form_numbers():
    result = check_m04_dosing(3.414, 10, EXPLANATION)
    assert result.passed
    assert "3.41 times" in result.messages[0]


@pytest.mark.parametrize(("ratio", "days", "explanation", "words"), [
    (2.0, 10, EXPLANATION, "steady-state ratio"),
    (3.41, 5, EXPLANATION, "five half-lives"),
    (3.41, 10, "Too short.", "25 words or more"),
    (True, 10, EXPLANATION, "steady-state ratio"),
    (3.41, 10, EXPLANATION + " It is not a replacement therapy.", "medication for opioid"),
])
def test_dosing_exercise_explains_what_is_wrong(ratio, days, explanation, words):
    result = check_m04_dosing(ratio, days, explanation)
    assert result.complete and not result.passed
    assert any(words in m for m in result.messages)


def test_response_stub_is_not_yet_complete():
    assert not check_m04_response(...).complete


def test_response_passes_with_a_self_check_list_when_language_is_person_first():
    result = check_m04_response(RESPONSE)
    assert result.passed
    assert len(result.messages) == 5


@pytest.mark.parametrize("text", [
    RESPONSE + " Methadone is not for junkies.",
    RESPONSE.replace("People in treatment", "Addicts in treatment"),
    RESPONSE + " Being clean is not the only goal.",
])
def test_response_flags_stigmatizing_terms(text):
    result = check_m04_response(text)
    assert result.complete and not result.passed
    assert "instead" in result.messages[0]


def test_response_asks_for_more_when_too_short():
    assert "30 words" in check_m04_response("MOUD saves lives.").messages[0]


def test_flag_terms_suggests_the_person_first_alternative():
    assert flag_terms("detox and substance abuse") == [
        '"substance abuse": say "substance use; substance use disorder" instead.',
        '"detox": say "withdrawal management" instead.']
