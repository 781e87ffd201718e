"""The checker of Module 1's exercise (Dana's IOP week)."""

from __future__ import annotations

import pytest

from widgets.continuum import build_week
from widgets.continuum.checker import check_m01_week
from widgets.core.exercise import ExerciseResult

SOLUTION = [("Mon", "group", 18, 2), ("Mon", "family", 20, 1),
            ("Wed", "medication", 17, 0.5), ("Wed", "group", 18, 2),
            ("Thu", "group", 18, 2), ("Thu", "individual", 20, 1),
            ("Sat", "group", 10, 2)]


def test_the_module_solution_passes():
    result = check_m01_week(SOLUTION)
    assert isinstance(result, ExerciseResult)
    assert result.complete and result.passed
    assert result.messages == ("10.5 hours over 4 days: Intensive outpatient (Level 2.1).",)
    assert check_m01_week(build_week(SOLUTION)).passed


@pytest.mark.parametrize("stub", [[("Mon", "group", 18, 2), ...], [...], ...,
                                  [("Mon", "group", ..., 2)]])
def test_a_stub_is_not_yet_complete(stub):
    result = check_m01_week(stub)
    assert not result.complete and not result.passed
    assert result.messages == ("Replace every ... with your blocks.",)


@pytest.mark.parametrize(("answer", "message"), [
    ([("Mon", "yoga", 18, 2)], "The week cannot be built: block 1: unknown service 'yoga'"),
    ([("Mon", "group", 18, 2), ("Mon", "family", 19, 1)], "block 2: Mon 19:00-20:00 "
                                                          "Family session overlaps"),
    ([("Mon", "group", 18, 1e12)], "hours must be from 0.25 to 24 hours"),
    ("Mon group", "The week cannot be built: blocks must be a collection"),
    (None, "The week cannot be built: blocks must be a collection"),
])
def test_a_week_that_cannot_be_built_says_why(answer, message):
    result = check_m01_week(answer)
    assert result.complete and not result.passed
    assert message in result.messages[0]


def test_each_requirement_is_reported():
    result = check_m01_week([("Mon", "individual", 9, 2)])
    assert not result.passed
    assert result.messages == (
        "The week has 2 hours, which matches Outpatient (Level 1); Dana needs IOP intensity "
        "(9-19 hours).",
        "Services fall on 1 day(s); spread them over at least 3.",
        "Every program day should include group therapy; Mon has none.",
        "Include a family session.",
        "Include a medication visit.",
        "These clash with Dana's work hours (weekdays until 16:30, services from 17:00): "
        "Mon 09:00-11:00 Individual counseling.",
    )


def test_too_many_hours_is_not_iop():
    week = [(d, "group", 17, 5) for d in ("Mon", "Tue", "Wed", "Thu")] + [
        ("Sat", "family", 9, 1), ("Sat", "medication", 10, 1), ("Sat", "group", 11, 1)]
    result = check_m01_week(week)
    assert result.messages == ("The week has 23 hours, which matches Partial "
                               "hospitalization (Level 2.5); Dana needs IOP intensity "
                               "(9-19 hours).",)


def test_the_result_reads_as_text_not_a_repr():
    text = repr(check_m01_week(SOLUTION))
    assert text == ("All requirements met.\n- 10.5 hours over 4 days: Intensive outpatient "
                    "(Level 2.1).")
    assert "<li>10.5 hours over 4 days" in check_m01_week(SOLUTION)._repr_html_()
