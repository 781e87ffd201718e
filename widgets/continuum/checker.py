"""Checker of Module 1's exercise (m01-ex1): an IOP week for Dana, a fictional client.

The exercise notebook, the module's solution and the tests share it.  An answer that still
holds a ``...`` gets "not yet complete" (never an error), so the learner's notebook runs
cleanly under nbval.
"""

from __future__ import annotations

from typing import Any

from widgets.continuum.content import assess, build_week, levels, schedule_builder
from widgets.continuum.model import DAYS, Schedule, hours_range
from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed

__all__ = ["WORK_ENDS", "check_m01_week"]

WORK_ENDS = 17.0
"""Dana works weekdays until 16:30; with travel, weekday services start at 17:00 or later."""

REQUIRED = (("family", "a family session"), ("medication", "a medication visit"))
"""Services Dana's week must include, with how the feedback names them."""


def check_m01_week(answer: Any) -> ExerciseResult:
    """Check exercise m01-ex1: an IOP week for Dana (fictional teaching case).

    ``answer`` is a list of ``(day, service, start, hours)`` blocks or a
    :class:`~widgets.continuum.model.Schedule`.
    """
    if is_placeholder(answer):
        return incomplete("Replace every ... with your blocks.")
    try:
        week = answer if isinstance(answer, Schedule) else build_week(answer)
    except (TypeError, ValueError) as exc:
        return failed([f"The week cannot be built: {exc}"])
    result = assess(week)
    problems = []
    care = levels()
    if result.level.code != care.intensive_outpatient:  # Dana is an adult
        iop = hours_range(care.iop_min_hours(), care.iop_max_hours())
        problems.append(f"The week has {result.total_hours:g} hours, which matches "
                        f"{result.level.name}; Dana needs IOP intensity ({iop} hours).")
    min_days = schedule_builder().program.min_days
    if result.days < min_days:
        problems.append(f"Services fall on {result.days} day(s); spread them over at least "
                        f"{min_days}.")
    group_days = {b.day for b in week.blocks if b.service.id == "group"}
    service_days = {b.day for b in week.blocks}
    if missing := sorted(service_days - group_days, key=DAYS.index):
        problems.append(f"Every program day should include group therapy; "
                        f"{', '.join(missing)} has none.")
    for service, name in REQUIRED:
        if not any(b.service.id == service for b in week.blocks):
            problems.append(f"Include {name}.")
    clashes = [b.label() for b in week.blocks if b.day in DAYS[:5] and b.start < WORK_ENDS]
    if clashes:
        problems.append("These clash with Dana's work hours (weekdays until 16:30, services "
                        "from 17:00): " + "; ".join(clashes) + ".")
    if problems:
        return failed(problems)
    return passed(f"{result.total_hours:g} hours over {result.days} days: "
                  f"{result.level.name}.")
