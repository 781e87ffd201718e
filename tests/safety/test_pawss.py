"""PAWSS scoring (widgets.safety.model.score_pawss) and the scale's own checks."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.safety.model import PawssScale, score_pawss

ITEMS = ("gate", "a", "b", "c", "d", "e", "f", "g", "h", "i")
SCALE = PawssScale(ITEMS, "gate", 4)
NOT_SCORING_GATE = PawssScale(ITEMS, "gate", 4, gate_scores=False)


def answers(yes: str = "", no: str = "", gate: bool | None = True) -> dict[str, bool | None]:
    """Gate as given; items named in ``yes`` true, in ``no`` false, the rest not given."""
    out: dict[str, bool | None] = {"gate": gate}
    out.update({i: True for i in yes})
    out.update({i: False for i in no})
    return out


ALL_NO = "abcdefghi"


def test_a_no_to_the_gate_stops_the_scale_whatever_else_was_answered():
    score = score_pawss(SCALE, answers(yes="abcdef", gate=False))
    assert score.status == "gate-not-met" and score.total is None
    assert not score.high_risk and not score.gate_met


def test_an_unanswered_gate_is_incomplete():
    score = score_pawss(SCALE, answers(yes="abcdef", gate=None))
    assert score.status == "incomplete"


@pytest.mark.parametrize(("yes", "total", "status"), [
    ("", 1, "below-threshold"), ("a", 2, "below-threshold"), ("ab", 3, "below-threshold"),
    ("abc", 4, "high-risk"), ("abcdefghi", 10, "high-risk")])
def test_the_gate_scores_one_point_and_four_is_high_risk(yes, total, status):
    no = "".join(i for i in ALL_NO if i not in yes)
    score = score_pawss(SCALE, answers(yes=yes, no=no))
    assert (score.total, score.status) == (total, status)
    assert score.high_risk == (status == "high-risk")
    assert score.yes_items == ("gate", *yes)


def test_a_scale_whose_gate_does_not_score_counts_only_the_other_items():
    score = score_pawss(NOT_SCORING_GATE, answers(yes="abc", no="defghi"))
    assert (score.total, score.status) == (3, "below-threshold")
    assert NOT_SCORING_GATE.max_total == 9 and SCALE.max_total == 10


def test_unanswered_items_that_could_reach_the_threshold_make_it_incomplete():
    score = score_pawss(SCALE, answers(yes="a", no="bcdefg"))  # h, i unanswered: 2 + 2
    assert (score.total, score.status) == (2, "incomplete")
    assert score.unanswered_items == ("h", "i")


def test_unanswered_items_that_cannot_reach_the_threshold_leave_it_below():
    score = score_pawss(SCALE, answers(no="abcdefgh"))  # only i unanswered: 1 + 1 < 4
    assert (score.total, score.status) == (1, "below-threshold")
    assert score.unanswered_items == ("i",)


def test_yes_answers_that_reach_the_threshold_are_high_risk_even_with_gaps():
    score = score_pawss(SCALE, answers(yes="abc"))
    assert score.status == "high-risk" and len(score.unanswered_items) == 6


@pytest.mark.parametrize("gate", [True, False, None])
def test_every_gate_answer_with_every_item_pattern_is_consistent(gate):
    for pattern in itertools.product((True, False, None), repeat=3):
        ans = {"gate": gate, **dict(zip("abc", pattern, strict=True)),
               **{i: False for i in "defghi"}}
        score = score_pawss(SCALE, ans)
        if gate is False:
            assert score.status == "gate-not-met"
            continue
        yes = 1 + sum(p is True for p in pattern) if gate else sum(p is True for p in pattern)
        assert score.total == yes
        reachable = yes + sum(p is None for p in pattern) + (gate is None)
        want = ("incomplete" if gate is None else "high-risk" if yes >= 4
                else "incomplete" if reachable >= 4 else "below-threshold")
        assert score.status == want


# ------------------------------------------------------------------------ bad input


def test_scale_rejects_a_gate_that_is_not_an_item():
    with pytest.raises(ValueError, match=r"gate 'x' is not one of the items"):
        PawssScale(ITEMS, "x", 4)


@pytest.mark.parametrize("threshold", [0, 11, 4.0, True, "4"])
def test_scale_rejects_a_threshold_out_of_range(threshold):
    with pytest.raises(ValueError, match=r"threshold must be a whole number from 1 to 10"):
        PawssScale(ITEMS, "gate", threshold)


def test_scale_rejects_repeated_items():
    with pytest.raises(ValueError, match=r"items must be unique"):
        PawssScale(("gate", "a", "a"), "gate", 2)


def test_score_rejects_an_unknown_item_naming_it():
    with pytest.raises(ValueError, match=r"answers: unknown item 'seizure'"):
        score_pawss(SCALE, {"seizure": True})


def test_score_rejects_a_text_answer_naming_the_item():
    with pytest.raises(TypeError, match=r"answers\['a'\] must be True \(yes\).*got 'yes'"):
        score_pawss(SCALE, {"a": "yes"})


def test_score_rejects_something_that_is_not_a_scale():
    with pytest.raises(TypeError, match=r"scale must be a PawssScale; got dict"):
        score_pawss({"items": ITEMS}, {})  # type: ignore[arg-type]


# ----------------------------------------------------------------------- properties

answer = st.sampled_from((True, False, None))
answer_sets = st.fixed_dictionaries({i: answer for i in ITEMS})
RANK = {"gate-not-met": 0, "below-threshold": 1, "incomplete": 2, "high-risk": 3}


@given(answer_sets)
def test_total_is_the_number_of_yes_answers_when_the_gate_is_met(ans):
    score = score_pawss(SCALE, ans)
    if ans["gate"] is True:
        assert score.total == sum(v is True for v in ans.values())
        assert 1 <= score.total <= SCALE.max_total


@given(answer_sets, st.sampled_from(ITEMS[1:]))
def test_a_further_yes_never_lowers_the_risk(ans, item):
    before = score_pawss(SCALE, ans).status
    after = score_pawss(SCALE, {**ans, item: True}).status
    assert RANK[after] >= RANK[before]


@given(answer_sets)
def test_high_risk_exactly_when_the_total_reaches_the_threshold(ans):
    score = score_pawss(SCALE, ans)
    if score.total is not None and ans["gate"] is True:
        assert score.high_risk == (score.total >= SCALE.threshold)
