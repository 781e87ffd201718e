"""Property tests (issue 16): any input to the level-of-care models gives a documented
exception or a valid result, within bounds of time and memory.

- ``recommend``, ``validate_ratings``, ``compare``: arbitrary mappings, values, levels
  and ``adolescent`` values; valid ratings in any integer type always give a level;
- the condition language: any text parses or is refused with ``ConditionError``; what
  parses is monotone;
- continued-stay reviews: arbitrary weeks, choices and states; any sequence of decisions;
- the charts' and figure's inputs;
- a subprocess with a memory limit and a timeout shows that huge or endless inputs are
  refused quickly.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.level_of_care import (
    DIMENSIONS,
    LEVELS,
    compare,
    levels_of_care,
    load_case,
    load_review,
    recommend,
    validate_ratings,
)
from widgets.level_of_care.checker import check_m02_rating, check_m02_step_down
from widgets.level_of_care.model import continued_stay as cs
from widgets.level_of_care.model.condition import ConditionError, parse
from widgets.level_of_care.render import RatingsChart, TimelineChart, interaction_figure

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

numpy_ints = st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint8]).flatmap(
    lambda kind: st.integers(0, 4).map(kind))
any_value = st.one_of(
    st.integers(-10 ** 30, 10 ** 30), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(), st.text(max_size=5), numpy_ints,
    st.lists(st.integers(0, 4), max_size=3), st.decimals(allow_nan=True))
any_key = st.one_of(st.sampled_from(DIMENSIONS), st.text(max_size=12), st.integers())
valid_ratings = st.fixed_dictionaries({d: st.one_of(st.integers(0, 4), numpy_ints)
                                       for d in DIMENSIONS})
any_ratings = st.one_of(
    valid_ratings,
    valid_ratings.flatmap(lambda r: st.sampled_from(DIMENSIONS).flatmap(
        lambda d: any_value.map(lambda v: {**r, d: v}))),
    st.dictionaries(any_key, any_value, max_size=30),
    any_value, st.lists(st.integers(0, 4), max_size=6))
any_adolescent = st.one_of(st.booleans(), st.integers(-2, 2), st.none(), st.text(max_size=3),
                           st.sampled_from([np.True_, np.False_]))


def check_recommendation(rec, ratings) -> None:
    assert rec.level in LEVELS
    assert set(rec.drivers) <= set(DIMENSIONS)
    assert rec.rationale and all(isinstance(line, str) and line for line in rec.rationale)
    assert rec.ratings == {d: int(ratings[d]) for d in DIMENSIONS}
    assert all(type(v) is int for v in rec.ratings.values())
    assert rec.summary.endswith(".")


@FAST
@given(ratings=any_ratings, adolescent=any_adolescent)
def test_recommend_gives_a_level_or_a_value_error(ratings, adolescent):
    try:
        rec = recommend(ratings, adolescent=adolescent)
    except ValueError as exc:
        assert str(exc)
        return
    check_recommendation(rec, ratings)
    assert rec.adolescent is bool(adolescent)


@FAST
@given(ratings=valid_ratings, adolescent=st.one_of(st.booleans(),
                                                    st.sampled_from([np.True_, np.False_])))
def test_recommend_always_answers_valid_ratings_of_any_integer_type(ratings, adolescent):
    check_recommendation(recommend(ratings, adolescent=adolescent), ratings)


@FAST
@given(ratings=any_ratings)
def test_validate_ratings_names_what_is_wrong(ratings):
    try:
        valid = validate_ratings(ratings)
    except ValueError as exc:
        message = str(exc)
        assert any(word in message for word in ("mapping", "dimension", "rating for",
                                                "entries"))
        return
    assert list(valid) == list(DIMENSIONS) and all(0 <= v <= 4 for v in valid.values())


@FAST
@given(ratings=any_ratings, level=st.one_of(st.sampled_from(LEVELS), st.text(max_size=4),
                                            st.integers(), st.none(), st.floats()))
def test_compare_gives_a_comparison_or_a_value_error(ratings, level):
    case = load_case("unstable-housing")
    try:
        result = compare(case, ratings, level)
    except ValueError:
        return
    assert result.trainee_level == level and result.expert_level == case.expert_level
    assert 0 <= result.agreements <= len(DIMENSIONS)
    assert result.level_steps == LEVELS.index(level) - LEVELS.index(case.expert_level)


@FAST
@given(ratings=any_ratings, level=st.one_of(st.sampled_from(LEVELS), any_value))
def test_exercise_checkers_never_raise(ratings, level):
    for result in (check_m02_rating(ratings, level), check_m02_step_down(ratings, level)):
        assert isinstance(result.passed, bool) and result.messages


# ------------------------------------------------------------------- levels of care


@FAST
@given(hours=st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(-10 ** 6, 10 ** 6), st.booleans(), st.none(),
                       st.text(max_size=3), st.floats(0, 168).map(np.float32)))
def test_an_hour_band_places_hours_of_a_week_or_refuses(hours):
    levels = levels_of_care()
    bands = [lv.band for lv in levels.levels if lv.band is not None]
    try:
        inside = [band.contains(hours) for band in bands]
    except ValueError as exc:
        assert "from 0 to 168" in str(exc)
        return
    assert sum(inside) == 1  # the bands meet end to end: every week falls in exactly one


@FAST
@given(adolescent=any_adolescent)
def test_the_iop_minimum_is_for_adults_or_adolescents_only_when_asked_plainly(adolescent):
    try:
        hours = levels_of_care().iop_min_hours(adolescent=adolescent)
    except ValueError as exc:
        assert "adolescent must be True or False" in str(exc)
        assert not isinstance(adolescent, bool | np.bool_)
        return
    assert hours == (6 if adolescent else 9)


# --------------------------------------------------------------- condition language

WORDS = st.sampled_from([*DIMENSIONS, "and", "or", "at", "least", "dimensions", ">=", ">",
                         "(", ")", "not", "0", "2", "3", "4", "7", "mood", ";"])


@FAST
@given(text=st.one_of(st.text(max_size=80),
                      st.lists(WORDS, max_size=14).map(" ".join)),
       ratings=valid_ratings, raise_dim=st.sampled_from(DIMENSIONS))
def test_a_condition_parses_or_is_refused_and_what_parses_is_monotone(text, ratings,
                                                                       raise_dim):
    try:
        condition = parse(text, DIMENSIONS)
    except ConditionError as exc:
        assert str(exc)
        return
    ratings = {d: int(v) for d, v in ratings.items()}
    higher = {**ratings, raise_dim: min(4, ratings[raise_dim] + 1)}
    if condition.holds(ratings):
        assert condition.holds(higher)  # raising a rating never makes it false


# ---------------------------------------------------------------- continued stay

REVIEW = load_review("eleven-weeks-in-care")


@FAST
@given(week=st.one_of(st.integers(-5, 20), st.floats(), st.text(max_size=3), st.none(),
                      st.booleans()),
       choice=st.one_of(st.sampled_from(cs.DECISIONS), st.text(max_size=10), st.none(),
                        st.integers()))
def test_judge_gives_feedback_or_a_documented_error(week, choice):
    try:
        result = cs.judge(REVIEW, week, choice)
    except (ValueError, TypeError) as exc:
        assert str(exc)
        return
    assert result.week in {p.week for p in REVIEW.reviews}
    assert result.agrees == (result.choice == result.expert)


@FAST
@given(choices=st.lists(st.sampled_from(cs.DECISIONS), max_size=6))
def test_any_sequence_of_decisions_walks_the_review_in_order(choices):
    state = cs.start(REVIEW)
    for n, choice in enumerate(choices):
        if n >= len(REVIEW.reviews):
            with pytest.raises(ValueError, match="has been answered"):
                cs.answer(state, REVIEW, choice)
            break
        state, result = cs.answer(state, REVIEW, choice)
        assert result.week == REVIEW.reviews[n].week
    matched, made = cs.agreement(state, REVIEW)
    assert 0 <= matched <= made == min(len(choices), len(REVIEW.reviews))
    assert 1 <= cs.shown_until(state, REVIEW) <= len(REVIEW.weeks)


@FAST
@given(answers=st.lists(st.tuples(st.integers(-3, 30), st.text(max_size=8)), max_size=8),
       review_id=st.one_of(st.just(REVIEW.id), st.text(max_size=8)))
def test_a_forged_state_is_refused_or_read_safely(answers, review_id):
    state = cs.ReviewState(review_id, tuple(answers))
    try:
        point = cs.current_review(state, REVIEW)
        matched, made = cs.agreement(state, REVIEW)
    except ValueError as exc:
        assert "belongs to review" in str(exc) or "review points" in str(exc)
        return
    assert point is None or point in REVIEW.reviews
    assert 0 <= matched <= made <= len(REVIEW.reviews)


@FAST
@given(upto=st.one_of(st.integers(-5, 30), st.floats(), st.none(), st.booleans()))
def test_timeline_chart_shows_known_weeks_or_refuses(upto):
    chart = TimelineChart(REVIEW)
    try:
        chart.update(upto)
    except ValueError:
        return
    assert 0 <= chart.upto <= len(REVIEW.weeks)
    assert "<svg" in chart.html()


@FAST
@given(trainee=any_ratings, expert=valid_ratings)
def test_ratings_chart_draws_valid_ratings_or_refuses(trainee, expert):
    chart = RatingsChart()
    try:
        chart.update(trainee, expert)
    except ValueError:
        return
    assert chart.html().count("<svg") == 1


@settings(max_examples=30, deadline=None)
@given(base=st.one_of(st.integers(-3, 8), st.floats(), st.none(), st.booleans()))
def test_interaction_figure_takes_a_rating_as_base_or_refuses(base):
    try:
        figure = interaction_figure(base)
    except ValueError as exc:
        assert "base must be a rating from 0 to 4" in str(exc)
        return
    assert figure.alt.count("environment") == 5 + 1


# ---------------------------------------------------------- bounded time and memory

BOUNDED = textwrap.dedent("""
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
    from widgets.level_of_care import DIMENSIONS, recommend
    from widgets.level_of_care.model.condition import ConditionError, parse

    class Endless(dict):
        '''A mapping that claims six entries and never stops iterating.'''
        def __len__(self):
            return 6
        def __iter__(self):
            n = 0
            while True:
                n += 1
                yield f"key-{n}"

    checks = {
        "a million dimensions": lambda: recommend({f"d{i}": 1 for i in range(1_000_000)}),
        "an endless mapping": lambda: recommend(Endless()),
        "a ten-million-character condition": lambda: parse("(" * 10_000_000, DIMENSIONS),
        "a huge rating": lambda: recommend({**{d: 0 for d in DIMENSIONS},
                                            "biomedical": 10 ** 4000}),
    }
    for name, call in checks.items():
        start = time.process_time()
        try:
            call()
        except (ValueError, ConditionError) as exc:
            message = str(exc)
        else:
            sys.exit(f"{name}: accepted")
        spent = time.process_time() - start
        print(f"{name}: refused in {spent:.2f} s: {message[:160]}")
        if spent > 2:
            sys.exit(f"{name}: took {spent:.1f} s")
""")


def test_huge_and_endless_inputs_are_refused_within_a_memory_and_time_bound():
    done = subprocess.run([sys.executable, "-c", BOUNDED], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout
    assert done.stdout.count("refused in") == 4
    assert "more than 24 entries" in done.stdout
    assert "at most 500 characters" in done.stdout
    assert "outside 0-4" in done.stdout and "of about 4001 digits" in done.stdout
