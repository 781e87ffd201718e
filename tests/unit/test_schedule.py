"""Module 1 schedule logic: level boundaries, warnings and bad input."""

from __future__ import annotations

import pytest

from widgets.schedule import (
    EXAMPLE_WEEKS,
    Block,
    ProgramRules,
    Schedule,
    assess_week,
    classify_hours,
)

ADULT = [(0, "none"), (0.5, "1"), (8.5, "1"), (8.99, "1"), (9, "2.1"), (12, "2.1"),
         (19, "2.1"), (19.5, "2.1"), (19.99, "2.1"), (20, "2.5"), (35, "2.5")]
ADOLESCENT = [(0, "none"), (5.5, "1"), (5.99, "1"), (6, "2.1"), (8.5, "2.1"), (9, "2.1"),
              (19.99, "2.1"), (20, "2.5")]


@pytest.mark.parametrize(("hours", "code"), ADULT)
def test_adult_level_at_boundary(hours, code):
    assert classify_hours(hours).code == code


@pytest.mark.parametrize(("hours", "code"), ADOLESCENT)
def test_adolescent_level_at_boundary(hours, code):
    assert classify_hours(hours, adolescent=True).code == code


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "9", True, None])
def test_classify_rejects_bad_hours(bad):
    with pytest.raises(ValueError):
        classify_hours(bad)


def test_week_with_fewer_than_three_days_is_flagged():
    result = assess_week({"Mon": 5, "Tue": 5})
    assert result.level.code == "2.1" and result.days == 2
    assert any("at least 3 days" in w for w in result.warnings)


def test_day_over_24_hours_is_flagged_as_impossible():
    result = assess_week({"Mon": 25, "Tue": 1, "Wed": 1})
    assert any("a day has only 24" in w for w in result.warnings)


def test_program_rules_are_a_parameter():
    assert not assess_week({"Mon": 10}, rules=ProgramRules(min_days=1)).warnings


@pytest.mark.parametrize("hours", [{"Funday": 3}, {"Mon": -1}, {"Mon": "3"}, {"Mon": True}])
def test_assess_week_rejects_bad_input(hours):
    with pytest.raises(ValueError):
        assess_week(hours)


def test_week_without_group_is_flagged():
    week = Schedule.of(("Mon", "individual", 18, 3), ("Tue", "individual", 18, 3),
                       ("Wed", "individual", 18, 3))
    assert any("Group therapy is the core" in w for w in week.assess().warnings)


def test_overlapping_block_is_refused():
    week = Schedule.of(("Mon", "group", 18, 2))
    with pytest.raises(ValueError, match="overlaps"):
        week.add(Block("Mon", "family", 19, 1))
    assert len(week.add(Block("Mon", "family", 20, 1)).blocks) == 2  # touching is fine


@pytest.mark.parametrize("spec", [("Mon", "yoga", 9, 1), ("Mon", "group", 23, 2),
                                  ("Mon", "group", 9, 0), ("Xyz", "group", 9, 1)])
def test_bad_blocks_are_refused(spec):
    with pytest.raises(ValueError):
        Block(*spec)


def test_example_weeks_match_their_levels():
    assert EXAMPLE_WEEKS["weekly-outpatient"].assess().level.code == "1"
    assert EXAMPLE_WEEKS["evening-iop"].assess().level.code == "2.1"
    assert EXAMPLE_WEEKS["day-program"].assess().level.code == "2.5"
    assert EXAMPLE_WEEKS["evening-iop"].assess().total_hours == 9.5


def test_remove_block():
    week = EXAMPLE_WEEKS["evening-iop"]
    assert len(week.remove(0).blocks) == len(week.blocks) - 1
    with pytest.raises(ValueError):
        week.remove(99)
