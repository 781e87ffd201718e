"""Module 1's model: level boundaries, warnings, blocks and weeks, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from widgets.continuum import (
    Block,
    Schedule,
    assess,
    assess_week,
    build_week,
    classify_hours,
    example_week,
    intensity_scale,
    levels,
    model,
    schedule_builder,
    services,
)
from widgets.continuum.model import (
    IntensityBand,
    IntensityScale,
    boundary_hours,
    continuum_levels,
    hours_range,
    level_hours,
    scale_from_levels,
)

ADULT = [(0, "none"), (0.5, "1"), (8.5, "1"), (8.99, "1"), (9, "2.1"), (12, "2.1"),
         (19, "2.1"), (19.5, "2.1"), (19.99, "2.1"), (20, "2.5"), (35, "2.5")]
ADOLESCENT = [(0, "none"), (5.5, "1"), (5.99, "1"), (6, "2.1"), (8.5, "2.1"), (9, "2.1"),
              (19.99, "2.1"), (20, "2.5")]


def block(day: str, service: str, start: float, hours: float) -> Block:
    return Block(day, services()[service], start, hours)


def policy(**changes):
    return schedule_builder().program.model_copy(update=changes)


@pytest.mark.parametrize(("hours", "code"), ADULT)
def test_adult_level_at_boundary(hours, code):
    assert classify_hours(hours).code == code


@pytest.mark.parametrize(("hours", "code"), ADOLESCENT)
def test_adolescent_level_at_boundary(hours, code):
    assert classify_hours(hours, adolescent=True).code == code


def test_explanations_name_the_cut_offs_for_whom_they_apply():
    assert classify_hours(9.5).explanation == ("9.5 h/week is within the IOP range for "
                                               "adults: 9 hours or more and under 20.")
    assert classify_hours(5, adolescent=True).explanation == (
        "5 h/week is under the 6 hours a week at which intensive outpatient care starts "
        "for adolescents.")
    assert classify_hours(0).name == "No services scheduled"


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), float("-inf"), 168.5, 1e12])
def test_classify_refuses_hours_out_of_range_with_the_range(bad):
    with pytest.raises(ValueError, match=r"total_hours must be from 0 to 168 hours"):
        classify_hours(bad)


@pytest.mark.parametrize("bad", ["9", True, None, [9], 9j])
def test_classify_refuses_what_is_not_a_number(bad):
    with pytest.raises(TypeError, match="total_hours must be a number of hours"):
        classify_hours(bad)


@pytest.mark.parametrize("value", [np.int64(12), np.int32(12), np.float32(12.0),
                                   np.float64(12.0), 12])
def test_classify_accepts_numpy_and_int_hours(value):
    assert classify_hours(value).code == "2.1"


@pytest.mark.parametrize("flag", ["no", "yes", 1, 0, None, "False"])
def test_adolescent_must_be_true_or_false(flag):
    with pytest.raises(TypeError, match=r"adolescent must be True or False, got"):
        classify_hours(7, adolescent=flag)


def test_adolescent_accepts_numpy_bools():
    assert classify_hours(7, adolescent=np.bool_(True)).code == "2.1"
    assert classify_hours(7, adolescent=np.bool_(False)).code == "1"


def test_week_with_fewer_than_three_days_is_flagged():
    result = assess_week({"Mon": 5, "Tue": 5})
    assert result.level.code == "2.1" and result.days == 2
    assert any("at least 3 days" in w for w in result.warnings)
    assert "Services fall on 2 days." in result.warnings[0]


def test_day_over_24_hours_is_flagged_as_impossible():
    result = assess_week({"Mon": 25, "Tue": 1, "Wed": 1})
    assert any("a day has only 24" in w for w in result.warnings)


def test_program_rules_are_a_parameter():
    result = model.assess_week({"Mon": 10}, intensity_scale(), policy(min_days=1))
    assert not result.warnings
    assert assess_week({"Mon": 10}).warnings  # the curriculum's policy asks for 3 days


@pytest.mark.parametrize("hours", [{"Funday": 3}, {"Mon": -1}, {"Mon": float("nan")},
                                   {"Mon": 169}, {"Mon": 100, "Tue": 100}])
def test_assess_week_refuses_bad_values(hours):
    with pytest.raises(ValueError):
        assess_week(hours)


@pytest.mark.parametrize("hours", [{"Mon": "3"}, {"Mon": True}, {"Mon": None}, [("Mon", 3)],
                                   {3: 3}])
def test_assess_week_refuses_bad_types(hours):
    with pytest.raises(TypeError):
        assess_week(hours)


def test_assess_week_accepts_numpy_hours_and_bounds_services():
    assert assess_week({"Mon": np.int64(4), "Tue": np.float32(3)}).total_hours == 7
    with pytest.raises(ValueError, match="more than 672 items"):
        assess_week({"Mon": 3}, services=iter(lambda: "group", None))  # endless


def test_week_without_group_is_flagged():
    week = build_week([("Mon", "individual", 18, 3), ("Tue", "individual", 18, 3),
                       ("Wed", "individual", 18, 3)])
    assert any("Group therapy is the core" in w for w in assess(week).warnings)


def test_overlapping_block_is_refused():
    week = build_week([("Mon", "group", 18, 2)])
    with pytest.raises(ValueError, match="overlaps"):
        week.add(block("Mon", "family", 19, 1))
    assert len(week.add(block("Mon", "family", 20, 1)).blocks) == 2  # touching is fine


def test_a_schedule_made_directly_is_sorted_and_refuses_overlaps():
    late, early = block("Tue", "group", 18, 1), block("Mon", "family", 9, 1)
    assert Schedule((late, early)).blocks == (early, late)
    with pytest.raises(ValueError, match="overlaps"):
        Schedule((early, block("Mon", "group", 9.5, 1)))
    with pytest.raises(TypeError, match="a schedule holds Blocks"):
        Schedule((("Mon", "group", 9, 1),))


@pytest.mark.parametrize("spec", [("Mon", "yoga", 9, 1), ("Mon", "group", 23, 2),
                                  ("Mon", "group", 9, 0), ("Xyz", "group", 9, 1)])
def test_bad_blocks_are_refused(spec):
    with pytest.raises(ValueError):
        build_week([spec])


@pytest.mark.parametrize(("hours", "start"), [(1e12, 9), (0.1, 9), (-2, 9), (25, 0),
                                              (float("nan"), 9), (float("inf"), 9)])
def test_absurd_durations_are_refused_with_the_allowed_range(hours, start):
    with pytest.raises(ValueError, match=r"hours must be from 0.25 to 24 hours \(a block "
                                         r"lasts from 15 minutes to a whole day\)"):
        block("Mon", "group", start, hours)


@pytest.mark.parametrize("start", [-1, 24, 1e9, float("nan")])
def test_start_must_be_a_clock_hour(start):
    with pytest.raises(ValueError, match=r"start must be from 0 to under 24 hours"):
        block("Mon", "group", start, 1)


def test_blocks_accept_numpy_numbers_and_keep_floats():
    b = block("Mon", "group", np.int64(18), np.float32(1.5))
    assert (b.start, b.hours) == (18.0, 1.5) and type(b.start) is float
    assert b.label() == "Mon 18:00-19:30 Group therapy"


@pytest.mark.parametrize(("spec", "error", "message"), [
    ("Mon group 18 2", TypeError, "block 1: write a block as"),
    (("Mon", "group", 18), TypeError, "block 1: write a block as"),
    (("Mon", 3, 18, 2), TypeError, "block 1: service must be a service id"),
    (("Mon", "group", "18", 2), TypeError, "block 1: start must be a number of hours"),
    ((None, "group", 18, 2), TypeError, "block 1: day must be a day name"),
])
def test_block_specs_are_checked_and_named_by_number(spec, error, message):
    with pytest.raises(error, match=message):
        build_week([spec])


def test_too_many_blocks_are_refused_before_any_work():
    endless = iter(lambda: ("Mon", "group", 9, 1), None)
    with pytest.raises(ValueError, match="blocks has more than 672 items"):
        build_week(endless)


def test_example_weeks_match_their_levels():
    assert assess(example_week("weekly-outpatient")).level.code == "1"
    assert assess(example_week("evening-iop")).level.code == "2.1"
    assert assess(example_week("day-program")).level.code == "2.5"
    assert assess(example_week("evening-iop")).total_hours == 9.5


def test_remove_block():
    week = example_week("evening-iop")
    assert len(week.remove(0).blocks) == len(week.blocks) - 1
    assert len(week.remove(np.int64(1)).blocks) == len(week.blocks) - 1
    with pytest.raises(ValueError, match="no block number 99; the week has 7"):
        week.remove(99)
    with pytest.raises(TypeError, match="index must be a whole number"):
        week.remove(1.5)


def test_hours_are_written_as_commonly_described():
    assert [hours_range(0, 9), hours_range(9, 20), hours_range(20, None)] == [
        "under 9", "9-19", "20 or more"]
    assert boundary_hours(intensity_scale()) == (5.5, 6, 8.5, 9, 19, 19.5, 20)


def test_the_cut_offs_are_an_argument_of_the_model():
    words = "{hours} for {who}"
    scale = IntensityScale((IntensityBand("a", "Low", 0, 0, words),
                            IntensityBand("b", "High", 4, 2, words)))
    assert model.classify_hours(3, scale).code == "a"
    assert model.classify_hours(3, scale, adolescent=True).name == "High (Level b)"
    with pytest.raises(ValueError, match="must start at 0 and rise"):
        IntensityScale((IntensityBand("a", "Low", 0, 0, words),
                        IntensityBand("b", "High", 0, 2, words)))
    with pytest.raises(ValueError, match="cannot use {next_min}"):
        IntensityScale((IntensityBand("a", "Low", 0, 0, "{next_min}"),))


def test_the_scale_is_made_from_the_levels_of_care():
    care, wording = levels(), schedule_builder().intensity
    scale = scale_from_levels(care, wording)
    assert [(b.code, b.adult_min, b.adolescent_min) for b in scale.bands] == [
        ("1", 0, 0), ("2.1", care.iop_min_hours(), care.adolescent_iop_min_hours),
        ("2.5", care.iop_max_hours(), care.iop_max_hours())]
    fewer = wording.model_copy(update={"explanations": {"1": "{hours}"}})
    with pytest.raises(ValueError, match=r"one sentence for each level defined by weekly "
                                         r"hours \(1, 2.1, 2.5\); it has 1"):
        scale_from_levels(care, fewer)
    with pytest.raises(TypeError, match="levels must be LevelsOfCare"):
        scale_from_levels({"2.1": 9}, wording)


def test_the_continuum_leaves_out_levels_without_hours():
    shown = continuum_levels(levels())
    assert "0.5" in levels().codes and "0.5" not in [lv.code for lv in shown]
    assert [level_hours(lv) for lv in shown[:4]] == ["under 9", "9-19", "20 or more",
                                                    "24-hour setting"]
