"""ASQ triage (widgets.safety.model.triage_asq): every combination of answers, and bad input.

The expected result of each combination is written out here independently of the model,
from the rules the module teaches (clinical-facts 10.5): a yes to any of the four
questions is a positive screen; the acuity question then makes it acute (yes) or
non-acute (no); our safe-practice rules add that a yes to the acuity question is never
screened out and that an unanswered question is never read as a no.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.safety.model import ASQ_ACUITY_ITEM, ASQ_RESULTS, ASQ_SCREEN_ITEMS, triage_asq

ANSWERS = (True, False, None)


def expected(four: tuple[bool | None, ...], acuity: bool | None) -> str:
    """The result the module teaches for one combination (an independent spec)."""
    if acuity is True:
        return "acute-positive"
    if True in four:
        return {False: "non-acute-positive", None: "positive-acuity-not-asked"}[acuity]
    if None in four:
        return "incomplete"
    return "negative"


COMBINATIONS = list(itertools.product(ANSWERS, repeat=5))


def test_the_items_are_the_four_questions_and_the_acuity_question():
    assert len(ASQ_SCREEN_ITEMS) == 4 and len(set(ASQ_SCREEN_ITEMS)) == 4
    assert ASQ_ACUITY_ITEM not in ASQ_SCREEN_ITEMS


@pytest.mark.parametrize("combo", COMBINATIONS,
                         ids=["-".join({True: "y", False: "n", None: "_"}[a] for a in c)
                              for c in COMBINATIONS])
def test_triage_gives_the_taught_result_for_every_combination(combo):
    *four, acuity = combo
    answers = dict(zip(ASQ_SCREEN_ITEMS, four, strict=True))
    triage = triage_asq(answers, acuity)
    assert triage.result == expected(tuple(four), acuity)
    assert triage.yes_items == tuple(i for i, a in answers.items() if a is True)
    assert triage.unanswered_items == tuple(i for i, a in answers.items() if a is None)
    assert triage.acuity is acuity
    assert triage.positive == (triage.result in ("acute-positive", "non-acute-positive",
                                                 "positive-acuity-not-asked"))
    assert triage.acuity_question_needed == (triage.result == "positive-acuity-not-asked")


def test_every_result_is_reached_by_some_combination():
    reached = {expected(tuple(c[:4]), c[4]) for c in COMBINATIONS}
    assert reached == set(ASQ_RESULTS)


def test_a_single_yes_to_any_question_makes_the_screen_positive():
    for item in ASQ_SCREEN_ITEMS:
        answers = {i: i == item for i in ASQ_SCREEN_ITEMS}
        assert triage_asq(answers, False).result == "non-acute-positive"
        assert triage_asq(answers).result == "positive-acuity-not-asked"


def test_a_yes_to_the_acuity_question_is_acute_even_after_four_noes():
    assert triage_asq(dict.fromkeys(ASQ_SCREEN_ITEMS, False), True).result == "acute-positive"


def test_four_noes_are_negative_whether_or_not_the_acuity_question_was_asked():
    noes = dict.fromkeys(ASQ_SCREEN_ITEMS, False)
    assert triage_asq(noes).result == triage_asq(noes, False).result == "negative"


def test_questions_left_out_count_as_not_answered():
    triage = triage_asq({"wished-dead": False})
    assert triage.result == "incomplete"
    assert triage.unanswered_items == ASQ_SCREEN_ITEMS[1:]


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("answers", [["wished-dead"], "yes", None, 4])
def test_answers_that_are_not_a_mapping_raise_type_error_naming_the_argument(answers):
    with pytest.raises(TypeError, match=r"answers must be a mapping.*got"):
        triage_asq(answers)


def test_an_unknown_item_raises_value_error_naming_it_and_the_allowed_items():
    with pytest.raises(ValueError, match=r"answers: unknown item 'wants-to-die'; the items "
                                         r"are wished-dead, better-off-dead"):
        triage_asq({"wants-to-die": True})


@pytest.mark.parametrize("value", ["yes", 1, 0, "no", 1.0])
def test_an_answer_that_is_not_yes_no_or_unanswered_raises_type_error(value):
    with pytest.raises(TypeError, match=rf"answers\['ever-tried'\] must be True \(yes\), "
                                        rf"False \(no\) or None \(not answered\); got "
                                        rf"{value!r}"):
        triage_asq({"ever-tried": value})


@pytest.mark.parametrize("acuity", ["yes", 1, 0])
def test_an_acuity_answer_that_is_not_yes_no_or_none_raises_type_error(acuity):
    with pytest.raises(TypeError, match=rf"acuity must be True .* got {acuity!r}"):
        triage_asq(dict.fromkeys(ASQ_SCREEN_ITEMS, False), acuity)


# ----------------------------------------------------------------------- properties

answer = st.sampled_from(ANSWERS)
four_answers = st.fixed_dictionaries({i: answer for i in ASQ_SCREEN_ITEMS})
URGENCY = {"negative": 0, "incomplete": 1, "positive-acuity-not-asked": 2,
           "non-acute-positive": 2, "acute-positive": 3}


@given(four_answers, answer, st.sampled_from(ASQ_SCREEN_ITEMS))
def test_changing_an_answer_to_yes_never_makes_the_result_less_urgent(answers, acuity, item):
    before = triage_asq(answers, acuity).result
    after = triage_asq({**answers, item: True}, acuity).result
    assert URGENCY[after] >= URGENCY[before]


@given(four_answers, answer)
def test_a_screen_with_a_yes_is_never_negative_or_incomplete(answers, acuity):
    if True in answers.values():
        assert triage_asq(answers, acuity).positive


@given(four_answers, answer)
def test_the_order_of_the_answers_does_not_matter(answers, acuity):
    reordered = dict(reversed(list(answers.items())))
    assert triage_asq(answers, acuity) == triage_asq(reordered, acuity)
