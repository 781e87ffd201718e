"""Property tests of Module 1's model (issue 16): whatever it is given, every public
function returns a valid, finite result or raises the documented ``ValueError``/``TypeError``
naming the argument; and the work a call can do is bounded."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from widgets.continuum import (
    DAYS,
    Schedule,
    assess,
    assess_week,
    build_week,
    classify_hours,
    services,
)
from widgets.continuum.model import (
    HOURS_PER_DAY,
    HOURS_PER_WEEK,
    MIN_BLOCK_HOURS,
    clock_time,
    hours_range,
)

CODES = ("none", "1", "2.1", "2.5")
FAST = settings(max_examples=150, deadline=None)

scalars = st.one_of(
    st.none(), st.booleans(), st.text(max_size=8), st.binary(max_size=4),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.complex_numbers(allow_nan=True),
    st.integers(-10**6, 10**6).map(np.int64), st.floats(width=32).map(np.float32),
    st.booleans().map(np.bool_), st.fractions(),
)
"""Hashable values of many types (usable as keys)."""
anything = st.one_of(scalars, st.lists(st.integers(), max_size=3),
                     st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
hours_like = st.one_of(st.floats(-10, 200), st.sampled_from((math.nan, math.inf, -math.inf)),
                       st.integers(-10, 200), st.integers(-10, 200).map(np.int64), anything)
day_like = st.one_of(st.sampled_from(DAYS), st.sampled_from(("mon", "Monday", "")), scalars)
service_like = st.one_of(st.sampled_from(list(services())), st.text(max_size=6), scalars)
block_like = st.one_of(
    st.tuples(day_like, service_like, hours_like, hours_like),
    st.tuples(st.sampled_from(DAYS), st.sampled_from(list(services())),
              st.floats(0, 24) | st.integers(0, 23),
              st.floats(0.1, 6) | st.sampled_from((0.25, 0.5, 1, 2))),
    anything,
)


def names_the_problem(exc: Exception) -> bool:
    """A documented error: a ValueError or TypeError with a message."""
    return isinstance(exc, ValueError | TypeError) and len(str(exc)) > 10


@FAST
@given(hours=hours_like, adolescent=st.one_of(st.booleans(), anything))
def test_classify_hours_gives_a_level_or_a_clear_error(hours, adolescent):
    try:
        level = classify_hours(hours, adolescent=adolescent)
    except (ValueError, TypeError) as exc:
        assert names_the_problem(exc)
        assert "total_hours" in str(exc) or "adolescent" in str(exc)
        return
    assert level.code in CODES and level.name and level.explanation
    assert isinstance(adolescent, bool | np.bool_)
    assert 0 <= float(hours) <= HOURS_PER_WEEK


@FAST
@given(a=st.floats(0, HOURS_PER_WEEK), b=st.floats(0, HOURS_PER_WEEK))
def test_more_hours_never_match_a_less_intensive_level(a, b):
    low, high = sorted((a, b))
    for adolescent in (False, True):
        assert (CODES.index(classify_hours(low, adolescent=adolescent).code)
                <= CODES.index(classify_hours(high, adolescent=adolescent).code))
    # the adolescent cut-offs are never above the adult ones
    assert (CODES.index(classify_hours(a, adolescent=True).code)
            >= CODES.index(classify_hours(a).code))


@FAST
@given(hours=st.one_of(st.dictionaries(day_like, hours_like, max_size=9), anything),
       adolescent=st.booleans(),
       chosen=st.one_of(st.frozensets(service_like, max_size=4), anything))
def test_assess_week_gives_a_valid_week_or_a_clear_error(hours, adolescent, chosen):
    try:
        result = assess_week(hours, adolescent=adolescent, services=chosen)
    except (ValueError, TypeError) as exc:
        assert names_the_problem(exc)
        return
    assert math.isfinite(result.total_hours) and 0 <= result.total_hours <= HOURS_PER_WEEK
    assert math.isclose(result.total_hours, sum(result.hours_by_day.values()), abs_tol=1e-3)
    assert 0 <= result.days <= 7 and result.level.code in CODES
    assert all(isinstance(w, str) and w for w in result.warnings)


@FAST
@given(blocks=st.one_of(st.lists(block_like, max_size=12), anything))
def test_build_week_gives_a_valid_week_or_a_clear_error(blocks):
    try:
        week = build_week(blocks)
    except (ValueError, TypeError) as exc:
        assert names_the_problem(exc)
        return
    for b in week.blocks:
        assert b.day in DAYS and b.service.id in services()
        assert 0 <= b.start < HOURS_PER_DAY and MIN_BLOCK_HOURS <= b.hours <= HOURS_PER_DAY
        assert b.end <= HOURS_PER_DAY
    ordered = sorted(week.blocks, key=lambda b: (DAYS.index(b.day), b.start))
    assert list(week.blocks) == ordered
    assert not any(a.overlaps(b) for a, b in pairwise(ordered))
    result = assess(week)
    assert math.isclose(result.total_hours, sum(b.hours for b in week.blocks), abs_tol=1e-3)


@FAST
@given(blocks=st.lists(st.tuples(st.sampled_from(DAYS), st.sampled_from(list(services())),
                                 st.integers(0, 22), st.sampled_from((0.5, 1, 2))),
                       max_size=10),
       index=st.one_of(st.integers(-3, 12), anything))
def test_removing_a_block_keeps_the_rest(blocks, index):
    try:
        week = build_week(blocks)
    except ValueError:
        return  # overlapping draws
    try:
        smaller = week.remove(index)
    except (ValueError, TypeError) as exc:
        assert names_the_problem(exc)
        return
    assert len(smaller.blocks) == len(week.blocks) - 1
    assert set(smaller.blocks) < set(week.blocks)
    assert isinstance(smaller, Schedule)


@FAST
@given(hour=hours_like)
def test_clock_time_is_a_clock_or_a_clear_error(hour):
    try:
        text = clock_time(hour)
    except (ValueError, TypeError) as exc:
        assert names_the_problem(exc)
        return
    h, m = text.split(":")
    assert 0 <= int(h) <= 24 and 0 <= int(m) < 60 and len(text) == 5


@FAST
@given(start=st.floats(0, 100), width=st.one_of(st.none(), st.floats(1, 100)))
def test_hours_are_always_written_as_text(start, width):
    text = hours_range(start, None if width is None else start + width)
    assert text and "nan" not in text and "inf" not in text


BOUNDED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))   # 1 GB of memory
resource.setrlimit(resource.RLIMIT_CPU, (30, 30))            # 30 s of CPU
from widgets.continuum import assess_week, build_week, classify_hours
from widgets.continuum.model import Block
from widgets.continuum import services

def endless(item):
    while True:
        yield item

cases = [
    lambda: build_week(endless(("Mon", "group", 9, 1))),
    lambda: build_week([("Mon", "group", 0, 10**12)]),
    lambda: build_week([("Mon", "group", 0, 1e-12)]),
    lambda: assess_week({"Mon": 3}, services=endless("group")),
    lambda: assess_week({"Mon": 10**300}),
    lambda: classify_hours(10**4000),
    lambda: Block("Mon", services()["group"], 0, float("nan")),
]
for case in cases:
    start = time.perf_counter()
    try:
        case()
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__, round(time.perf_counter() - start, 3), str(exc)[:80])
    else:
        print("ACCEPTED")
"""


def test_the_work_of_a_call_is_bounded():
    """Endless or absurd inputs are refused at once, within 1 GB and 30 s of CPU."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(BOUNDED)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 7 and "ACCEPTED" not in done.stdout, done.stdout
    assert all(float(line.split()[1]) < 2 for line in lines), done.stdout
    assert "more than 672 items" in lines[0] and "from 0.25 to 24 hours" in lines[1]
