"""Checkers for the exercises: the stubs, the solutions and the tests share them.

A checker never raises on an unfinished stub: a ``...`` placeholder gets "not yet
complete", so learner notebooks run cleanly under nbval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from widgets.schedule import DAYS, Schedule

__all__ = ["ExerciseResult", "check_m01_week"]


@dataclass(frozen=True)
class ExerciseResult:
    """The outcome of checking an exercise answer."""

    complete: bool
    passed: bool
    messages: tuple[str, ...]

    def __repr__(self) -> str:
        if not self.complete:
            head = "Not yet complete."
        else:
            head = "All requirements met." if self.passed else "Not there yet:"
        return "\n".join([head, *(f"- {m}" for m in self.messages)])

    def _repr_html_(self) -> str:
        from html import escape

        items = "".join(f"<li>{escape(m)}</li>" for m in self.messages)
        head = escape(repr(self).splitlines()[0])
        return f'<div role="status"><p><strong>{head}</strong></p><ul>{items}</ul></div>'


def _has_placeholder(value: Any) -> bool:
    if value is Ellipsis:
        return True
    if isinstance(value, list | tuple):
        return any(_has_placeholder(v) for v in value)
    return False


WORK_ENDS = 17.0
"""Dana works weekdays until 16:30; with travel, weekday services start at 17:00 or later."""


def check_m01_week(answer: Any) -> ExerciseResult:
    """Check exercise m01-ex1: an IOP week for Dana (fictional teaching case).

    ``answer`` is a list of ``(day, service, start, hours)`` tuples or a
    :class:`~widgets.schedule.Schedule`.
    """
    if _has_placeholder(answer):
        return ExerciseResult(False, False, ("Replace every ... with your blocks.",))
    try:
        week = answer if isinstance(answer, Schedule) else Schedule.of(*answer)
    except (TypeError, ValueError) as exc:
        return ExerciseResult(True, False, (f"The week cannot be built: {exc}",))
    result = week.assess()
    problems = []
    if result.level.code != "2.1":
        problems.append(f"The week has {result.total_hours:g} hours, which matches "
                        f"{result.level.name}; Dana needs IOP intensity (9-19 hours).")
    if result.days < 3:
        problems.append(f"Services fall on {result.days} day(s); spread them over at least 3.")
    group_days = {b.day for b in week.blocks if b.service == "group"}
    service_days = {b.day for b in week.blocks}
    if missing := sorted(service_days - group_days, key=DAYS.index):
        problems.append(f"Every program day should include group therapy; "
                        f"{', '.join(missing)} has none.")
    for service, name in (("family", "a family session"), ("medication", "a medication visit")):
        if not any(b.service == service for b in week.blocks):
            problems.append(f"Include {name}.")
    clashes = [b.label() for b in week.blocks if b.day in DAYS[:5] and b.start < WORK_ENDS]
    if clashes:
        problems.append("These clash with Dana's work hours (weekdays until 16:30, services "
                        "from 17:00): " + "; ".join(clashes) + ".")
    if problems:
        return ExerciseResult(True, False, tuple(problems))
    return ExerciseResult(True, True, (
        f"{result.total_hours:g} hours over {result.days} days: {result.level.name}.",))
