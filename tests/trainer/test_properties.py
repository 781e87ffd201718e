"""Arbitrary inputs to the trainer's pure functions give a documented exception or a valid,
finite result (hypothesis); the work is bounded (learners, distractors, days, demo size)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trainer.test_statistics import ANSWERS, COURSE, DAY, export
from widgets import trainer as C
from widgets.trainer.model import MAX_STALLED_DAYS, MAX_TOP, number_ranges

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TINY = C.cohort_from_exports((f"{w}.json", export(w, a, DAY.get(w, 20)))
                             for w, a in ANSWERS.items())

scores = st.one_of(st.integers(-2, 3), st.booleans(), st.floats(allow_nan=True),
                   st.none(), st.text(max_size=2), st.integers(0, 1).map(np.int64))


@FAST
@given(item=st.lists(scores, max_size=12), rest=st.lists(scores, max_size=12))
def test_point_biserial_is_a_correlation_or_a_documented_error(item, rest):
    try:
        r = C.point_biserial(item, rest)
    except (TypeError, ValueError) as exc:
        assert "item" in str(exc) or "rest" in str(exc)
        return
    assert r is None or (math.isfinite(r) and -1 <= r <= 1)


@FAST
@given(item=st.lists(st.integers(0, 1), min_size=3, max_size=40),
       rest=st.lists(st.floats(-1e9, 1e9), min_size=40, max_size=40))
def test_point_biserial_stays_within_minus_one_and_one(item, rest):
    r = C.point_biserial(item, rest[:len(item)])
    assert r is None or -1 <= r <= 1


@FAST
@given(low=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                     st.none()),
       days=st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=True), st.none()),
       top=st.one_of(st.integers(-3, 50), st.floats(allow_nan=True), st.text(max_size=2)))
def test_follow_up_and_item_statistics_give_results_or_documented_errors(low, days, top):
    try:
        found = C.follow_up(TINY, COURSE, low_first_attempt=low, stalled_days=days)
    except (TypeError, ValueError) as exc:
        assert "low_first_attempt" in str(exc) or "stalled_days" in str(exc)
    else:
        assert {f.learner_id for f in found} <= set(TINY.learners)
        assert 0 <= low <= 1 and 0 <= days <= MAX_STALLED_DAYS
    try:
        stats = C.item_statistics(TINY, COURSE, top=top)
    except (TypeError, ValueError) as exc:
        assert "top" in str(exc)
        return
    assert all(len(s.distractors) <= top <= MAX_TOP for s in stats)
    assert all(s.difficulty is None or 0 <= s.difficulty <= 1 for s in stats)


@FAST
@given(n=st.one_of(st.integers(-3, 600), st.booleans(), st.floats(allow_nan=True)),
       seed=st.one_of(st.integers(-2**70, 2**70), st.text(max_size=2), st.none()))
def test_demo_cohort_is_built_or_refused_with_its_bound(n, seed):
    if isinstance(n, int) and not isinstance(n, bool) and n > 40:
        n = 600 if n > 500 else n  # keep the examples quick: one over the bound
    try:
        cohort = C.demo_cohort(n, seed, course=COURSE)
    except (TypeError, ValueError) as exc:
        assert "n_learners" in str(exc) or "seed" in str(exc)
        return
    assert cohort.size == n and [c.learners for c in C.completion(cohort, COURSE)] == [n]


@pytest.mark.parametrize("call, bound", [
    (lambda: C.demo_cohort(501, 1, course=COURSE), "from 1 to 500"),
    (lambda: C.item_statistics(TINY, COURSE, top=21), "from 0 to 20"),
    (lambda: C.follow_up(TINY, COURSE, stalled_days=3651), "from 0 to 3650"),
    (lambda: C.point_biserial([0, 1] * 2501, [0.0] * 5002), "at most 5000 learners"),
    (lambda: C.Cohort({f"L{i}": () for i in range(5001)}), "at most 5000 learners"),
    (lambda: C.Course({"m01": ("c/q1",)}, pass_marks={"m01": 1.5}), "pass mark"),
])
def test_every_bound_is_named_in_its_message(call, bound):
    with pytest.raises(ValueError, match=bound):
        call()


def test_statistics_refuse_what_is_not_a_cohort_or_a_course():
    with pytest.raises(TypeError, match="cohort must be a Cohort"):
        C.completion({"L1": ()}, COURSE)
    with pytest.raises(TypeError, match="course must be a Course"):
        C.item_statistics(TINY, {"m01": ["c/q1"]})


@FAST
@given(numbers=st.lists(st.integers(1, 123), unique=True, max_size=30).map(sorted))
def test_number_ranges_lists_every_number_once(numbers):
    text = number_ranges(numbers)
    back = []
    for part in filter(None, text.split(", ")):
        lo, _, hi = part.partition("-")
        back += list(range(int(lo), int(hi or lo) + 1))
    assert back == numbers
