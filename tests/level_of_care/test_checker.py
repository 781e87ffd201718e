"""Module 2 exercise checkers (widgets.level_of_care.checker): never raise on unfinished
stubs, accept the solutions."""

from __future__ import annotations

import pytest

from widgets.level_of_care import DIMENSIONS, load_case
from widgets.level_of_care.checker import (
    M02_RATE_CASE,
    M02_STEP_DOWN_CASE,
    check_m02_rating,
    check_m02_step_down,
)


@pytest.fixture(scope="module")
def expert():
    return load_case(M02_RATE_CASE).expert_ratings()


@pytest.fixture(scope="module")
def housing():
    return load_case(M02_STEP_DOWN_CASE).expert_ratings()


def test_rating_check_is_not_yet_complete_when_the_stub_has_placeholders():
    result = check_m02_rating({d: ... for d in DIMENSIONS}, ...)
    assert not result.complete and not result.passed
    assert repr(result).startswith("Not yet complete.")


def test_rating_check_is_not_yet_complete_when_only_the_level_is_missing(expert):
    assert not check_m02_rating(expert, ...).complete


def test_rating_check_passes_when_answer_is_the_expert_answer(expert):
    result = check_m02_rating(expert, "2.1")
    assert result.passed
    assert "You rated 6 of 6 dimensions as the expert did." in result.messages


def test_rating_check_passes_when_every_rating_is_within_one_point(expert):
    near = {**expert, "emotional_behavioral": 1, "relapse_potential": 2}
    assert check_m02_rating(near, "2.1").passed


def test_rating_check_points_at_far_ratings_without_giving_the_answer(expert):
    result = check_m02_rating({**expert, "recovery_environment": 4}, "3.1")
    assert result.complete and not result.passed
    text = " ".join(result.messages)
    assert "Recovery environment: your rating is at least two points higher" in text
    assert "more intensive than the expert's" in text
    assert "Level 3.1" in text  # the model's output for the trainee's own ratings


@pytest.mark.parametrize(("ratings", "level", "message"), [
    ({"a": 1}, "2.1", "unknown dimension"),
    ({d: 1.0 for d in DIMENSIONS}, "2.1", "must be an integer"),
    ({d: 1 for d in DIMENSIONS}, 2.1, "as a string"),
])
def test_rating_check_reports_bad_answers_instead_of_raising(ratings, level, message):
    result = check_m02_rating(ratings, level)
    assert result.complete and not result.passed
    assert message in " ".join(result.messages)


@pytest.mark.parametrize("dim", ["recovery_environment", "relapse_potential"])
def test_step_down_check_passes_when_one_point_lower_ends_the_combination(housing, dim):
    result = check_m02_step_down({**housing, dim: housing[dim] - 1}, "step-down")
    assert result.passed
    assert "Level 2.1" in result.messages[0]


def test_step_down_check_is_not_yet_complete_with_placeholders(housing):
    stub = dict(housing)
    stub[...] = ...
    assert not check_m02_step_down(stub, ...).complete


def test_step_down_check_asks_for_the_smallest_change(housing):
    result = check_m02_step_down({**housing, "recovery_environment": 1}, "step-down")
    assert not result.passed
    assert "one point in one dimension is enough" in " ".join(result.messages)


def test_step_down_check_rejects_raised_ratings_and_the_wrong_direction(housing):
    result = check_m02_step_down({**housing, "recovery_environment": 2, "biomedical": 2},
                                 "step-up")
    text = " ".join(result.messages)
    assert not result.passed
    assert "Only lower ratings" in text and "Biomedical" in text
    assert "less intensive level" in text


def test_step_down_check_says_what_the_model_recommends_when_still_residential(housing):
    result = check_m02_step_down(housing, "step-down")
    assert "Level 3.1" in " ".join(result.messages)


def test_step_down_check_rejects_an_unknown_decision(housing):
    result = check_m02_step_down({**housing, "recovery_environment": 2}, "discharge")
    assert "must be one of" in " ".join(result.messages)


def test_step_down_success_still_says_the_withdrawal_risk_assessment_comes_first(housing):
    assert housing["intoxication_withdrawal"] >= 2
    result = check_m02_step_down({**housing, "recovery_environment": 2}, "step-down")
    assert result.passed
    assert "a medical withdrawal-risk assessment first" in result.messages[-1]
    assert "relapse potential 3 or more and recovery environment 3 or more" in result.messages[0]


@pytest.mark.parametrize("answer", [None, 3, "abc", [1, 2], {"a": ...}, {1: 2},
                                    {d: 10 ** 100 for d in DIMENSIONS}, object()])
def test_checkers_never_raise_on_any_answer(answer):
    for result in (check_m02_rating(answer, "2.1"), check_m02_rating({}, answer),
                   check_m02_step_down(answer, "step-down"), check_m02_step_down({}, answer)):
        assert isinstance(result.messages, tuple) and not result.passed
