"""Knowledge checks: grading, scoring and the static rendering for the book."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from widgets.core.scoring import DEFAULT_PASS_MARK as PASS_THRESHOLD
from widgets.knowledge_check import grade, load_check, score
from widgets.knowledge_check.render import static_html


@pytest.fixture(scope="module")
def check():
    return load_check("m01-check")


def test_single_choice_correct_answer_is_graded_correct(check):
    g = grade(check.question("adult-hours"), ["nine"])
    assert g.correct and g.feedback[0][1] is True and g.missed == ()


def test_single_choice_wrong_answer_gets_its_own_feedback(check):
    g = grade(check.question("adult-hours"), ["six"])
    assert not g.correct
    assert g.feedback == (("6 hours", False,
                           "Six hours is the threshold for adolescents, not adults."),)


def test_multiple_choice_needs_the_exact_set(check):
    q = check.question("entry-routes")
    assert grade(q, ["primary", "step-down", "step-up"]).correct
    partial = grade(q, ["primary"])
    assert not partial.correct and len(partial.missed) == 2


def test_grade_rejects_unknown_options_and_empty_and_double_single(check):
    with pytest.raises(ValueError, match="no option"):
        grade(check.question("adult-hours"), ["zzz"])
    with pytest.raises(ValueError, match="at least one"):
        grade(check.question("adult-hours"), [])
    with pytest.raises(ValueError, match="single-choice"):
        grade(check.question("adult-hours"), ["six", "nine"])


def test_score_counts_latest_grades(check):
    grades = {"adult-hours": grade(check.question("adult-hours"), ["nine"]),
              "evidence": grade(check.question("evidence"), ["inferior"])}
    s = score(check, grades)
    assert (s.correct, s.answered, s.total) == (1, 2, len(check.questions))
    assert s.passed is (1 / len(check.questions) >= PASS_THRESHOLD)


def test_static_html_has_every_question_option_and_collapsed_answer(check):
    page = static_html(check)
    assert page.count("<details>") == len(check.questions)
    assert page.count('class="iop-question"') == len(check.questions)
    for q in check.questions:
        for o in q.options:
            assert str(escape(o.feedback)) in page
    # the answer is inside the collapsed block, not in the visible question
    first = page.split("<details>")[0]
    assert "Correct:" not in first
    assert re.search(r"Source: [A-Z]", page)
