"""Arbitrary inputs to Module 5's pure functions give a documented exception or a valid,
finite result (hypothesis), and the cohort simulator's work is bounded (a subprocess with
a memory limit proves that a cohort of ten million people is refused, not allocated)."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.relapse import (
    MAX_GROUPS,
    MAX_PEOPLE,
    MAX_WEEKS,
    NO_LAPSE,
    PLAN_FIELDS,
    Protection,
    RelapsePreventionPlan,
    adjusted_hazard,
    compare_cohorts,
    hazard_ratio,
    lapse_free_fraction,
    percent,
    review,
    simulate_cohort,
)
from widgets.relapse.render import PlanTooLongError, to_markdown, to_pdf

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

numbers_of_all_kinds = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
    st.booleans(), st.none(), st.text(max_size=5),
    st.integers(0, 2**31).map(np.int64), st.floats(0, 1).map(np.float32),
    st.floats(0, 1))
hazards = st.one_of(numbers_of_all_kinds,
                    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=30),
                    st.lists(st.floats(0, 1), min_size=0, max_size=30).map(np.array))
weeks = st.one_of(st.integers(-5, MAX_WEEKS + 5), st.integers(10**6, 10**12),
                  st.floats(allow_nan=True), st.booleans(), st.none(), st.text(max_size=3),
                  st.integers(0, 60).map(np.int32))


def _valid_curve(curve: np.ndarray, n: int) -> None:
    assert curve.shape == (n + 1,) and curve[0] == 1.0
    assert np.all(np.isfinite(curve)) and np.all((curve >= 0) & (curve <= 1))
    assert np.all(np.diff(curve) <= 1e-15)


@FAST
@given(hazard=hazards, n=weeks)
def test_lapse_free_fraction_gives_a_curve_or_a_documented_error(hazard, n):
    try:
        curve = lapse_free_fraction(hazard, n)
    except (TypeError, ValueError) as exc:
        assert any(word in str(exc) for word in ("weekly_hazard", "weeks"))
        return
    _valid_curve(curve, int(n))


levels = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 3),
                   st.booleans(), st.none(), st.text(max_size=3),
                   st.floats(0, 1).map(np.float64))


@FAST
@given(coping=levels, support=levels, attendance=levels,
       medication=st.one_of(st.booleans(), st.integers(0, 1), st.none(),
                            st.booleans().map(np.bool_)),
       hazard=hazards, n=weeks)
def test_protection_and_adjusted_hazard_stay_probabilities(coping, support, attendance,
                                                           medication, hazard, n):
    try:
        protection = Protection(coping_practice=coping, support=support,
                                attendance=attendance, medication=medication)
    except (TypeError, ValueError) as exc:
        assert any(name in str(exc) for name in
                   ("coping_practice", "support", "attendance", "medication"))
        return
    assert 0 < hazard_ratio(protection) <= 1
    try:
        adjusted = adjusted_hazard(hazard, n, protection)
    except (TypeError, ValueError) as exc:
        assert any(word in str(exc) for word in ("weekly_hazard", "weeks"))
        return
    assert adjusted.shape == (int(n),) and np.all((adjusted >= 0) & (adjusted <= 1))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.one_of(st.integers(-3, 3000), st.just(10**7), st.floats(allow_nan=True),
                        st.booleans(), st.text(max_size=2)),
       n=st.one_of(st.integers(-3, 60), st.just(MAX_WEEKS + 1)),
       hazard=st.one_of(st.floats(-0.5, 1.5), st.just(float("nan"))),
       seed=st.one_of(st.integers(-5, 2**64), st.floats(allow_nan=True), st.none()))
def test_simulate_cohort_gives_a_cohort_or_a_documented_error(people, n, hazard, seed):
    try:
        result = simulate_cohort(people, n, hazard, seed=seed)
    except (TypeError, ValueError) as exc:
        assert any(word in str(exc) for word in ("n_people", "weeks", "weekly_hazard",
                                                 "seed"))
        return
    _valid_curve(result.lapse_free, result.weeks)
    _valid_curve(result.expected, result.weeks)
    weeks_seen = result.first_lapse_week
    assert np.all((weeks_seen == NO_LAPSE) | ((weeks_seen >= 1) & (weeks_seen <= n)))


@FAST
@given(value=numbers_of_all_kinds)
def test_percent_gives_a_percentage_or_a_documented_error(value):
    try:
        text = percent(value)
    except (TypeError, ValueError) as exc:
        assert "fraction" in str(exc)
        return
    assert text.endswith("%") and math.isfinite(float(text[:-1]))


@FAST
@given(groups=st.dictionaries(st.one_of(st.text(max_size=4), st.integers()),
                              st.one_of(st.builds(Protection), st.none()), max_size=10))
def test_compare_cohorts_gives_one_cohort_per_group_or_a_documented_error(groups):
    try:
        results = compare_cohorts(groups, n_people=20, weeks=6)
    except (TypeError, ValueError) as exc:
        assert "group" in str(exc) or "protection" in str(exc)
        return
    assert list(results) == list(groups) and 1 <= len(results) <= MAX_GROUPS


entries = st.one_of(
    st.lists(st.one_of(st.text(max_size=300), st.just(...), st.integers(), st.none()),
             max_size=8),
    st.text(max_size=400), st.just(...), st.none(), st.integers(),
    st.just(["a lone surrogate \ud800 in the text"]), st.just({"a": "mapping"}),
    st.lists(st.text(min_size=1, max_size=5), min_size=41, max_size=45))


@FAST
@given(sections=st.fixed_dictionaries({}, optional={name: entries for name in PLAN_FIELDS}),
       client=st.one_of(st.text(max_size=80), st.just(...), st.integers()))
def test_plan_reviews_or_gives_a_documented_error(sections, client):
    try:
        plan = RelapsePreventionPlan(client=client, **sections)
    except (TypeError, ValueError) as exc:
        assert any(name in str(exc) for name in (*PLAN_FIELDS, "client"))
        return
    notes = review(plan)
    assert all(n.level in ("missing", "contradiction", "suggestion") for n in notes)
    assert to_markdown(plan).startswith("# ")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections=st.fixed_dictionaries({}, optional={
    name: st.lists(st.text(max_size=200), max_size=3) for name in PLAN_FIELDS}),
       client=st.text(max_size=80))
def test_plan_exports_a_pdf_or_gives_a_documented_error(sections, client):
    """Each export renders a few pages: few examples, any text of any script."""
    plan = RelapsePreventionPlan(client=client, **sections)
    try:
        pdf = to_pdf(plan)
    except PlanTooLongError as exc:
        assert "export again" in str(exc)
        return
    assert pdf.startswith(b"%PDF")


# ---------------------------------------------------------------- bounded work

_BOUNDED = textwrap.dedent("""
    import resource, sys
    limit = {limit}
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from widgets.relapse import simulate_cohort, compare_cohorts, Protection
    try:
        simulate_cohort(10_000_000, 24, 0.06, seed=1)
    except ValueError as exc:
        print("refused:", exc)
    else:
        sys.exit("a cohort of ten million people was simulated")
    biggest = simulate_cohort({people}, {weeks}, 0.001, seed=2)
    assert biggest.lapse_free.shape == ({weeks} + 1,)
    groups = {{f"G{{i}}": Protection(support=i / 8) for i in range({groups})}}
    compare_cohorts(groups, n_people=20_000, weeks={weeks}, weekly_hazard=0.001)
    print("largest allowed cohort simulated")
""")


def test_cohort_size_and_weeks_are_bounded_when_memory_is_limited():
    """Under a 512 MB address-space limit, ten million people are refused with a message
    naming the bound, and the largest allowed cohort still runs (in blocks)."""
    code = _BOUNDED.format(limit=512 * 1024**2, people=MAX_PEOPLE, weeks=MAX_WEEKS,
                           groups=MAX_GROUPS)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={"OPENBLAS_NUM_THREADS": "1",
                                            "OMP_NUM_THREADS": "1", "PATH": "/usr/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "refused: n_people must be from 1 to 100000 people, got 10000000" in done.stdout
    assert "largest allowed cohort simulated" in done.stdout


@pytest.mark.parametrize("call, bound", [
    (lambda: lapse_free_fraction(0.1, 10**9), "from 0 to 520 weeks"),
    (lambda: simulate_cohort(MAX_PEOPLE + 1, 4, 0.1, seed=0), "from 1 to 100000 people"),
    (lambda: compare_cohorts({str(i): Protection() for i in range(MAX_GROUPS + 1)}),
     "from 1 to 8 groups"),
])
def test_every_bound_is_named_in_its_message(call, bound):
    with pytest.raises(ValueError, match=bound):
        call()
