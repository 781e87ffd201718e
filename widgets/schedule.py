"""Module 1: a client's treatment week, its total hours and the level of care it matches.

The hour thresholds are those commonly described from the ASAM Criteria (3rd edition)
and SAMHSA's 2021 advisory: adults under 9 hours a week are outpatient (Level 1), 9-19
hours intensive outpatient (Level 2.1), 20 or more partial hospitalization (Level 2.5);
for adolescents IOP starts at 6 hours.  Hours between 19 and 20 count as IOP (the band is
[9, 20)).  Program-design warnings (e.g. fewer than 3 days) are an illustrative program
policy, set in :class:`ProgramRules`, not a standard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "DAYS",
    "SERVICES",
    "Block",
    "LevelBand",
    "ProgramRules",
    "Schedule",
    "WeekAssessment",
    "assess_week",
    "classify_hours",
]

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

SERVICES = {
    "group": "Group therapy",
    "individual": "Individual counseling",
    "family": "Family session",
    "psychoeducation": "Psychoeducation",
    "medication": "Medication visit",
}
"""Service blocks a week is built from (key -> label)."""

ADULT_IOP_MIN_H = 9.0
ADOLESCENT_IOP_MIN_H = 6.0
PHP_MIN_H = 20.0


@dataclass(frozen=True)
class LevelBand:
    """The level of care a weekly intensity matches."""

    code: str
    """``"none"``, ``"1"``, ``"2.1"`` or ``"2.5"``."""
    name: str
    explanation: str


def classify_hours(total_hours: float, *, adolescent: bool = False) -> LevelBand:
    """The level of care matching ``total_hours`` of services a week.

    Raises ``ValueError`` for negative, non-finite or non-numeric hours.
    """
    if isinstance(total_hours, bool) or not isinstance(total_hours, int | float):
        raise ValueError(f"total_hours must be a number of hours, got {total_hours!r}")
    if total_hours != total_hours or total_hours in (float("inf"), float("-inf")):
        raise ValueError(f"total_hours must be finite, got {total_hours!r}")
    if total_hours < 0:
        raise ValueError(f"total_hours cannot be negative, got {total_hours!r}")
    iop_min = ADOLESCENT_IOP_MIN_H if adolescent else ADULT_IOP_MIN_H
    who = "adolescents" if adolescent else "adults"
    h = f"{total_hours:g} h/week"
    if total_hours == 0:
        return LevelBand("none", "No services scheduled",
                         "Add service blocks to build the client's week.")
    if total_hours < iop_min:
        return LevelBand("1", "Outpatient (Level 1)",
                         f"{h} is under the {iop_min:g} hours a week at which intensive "
                         f"outpatient care starts for {who}.")
    if total_hours < PHP_MIN_H:
        return LevelBand("2.1", "Intensive outpatient (Level 2.1)",
                         f"{h} is within the IOP range for {who}: {iop_min:g} hours or more "
                         f"and under {PHP_MIN_H:g}.")
    return LevelBand("2.5", "Partial hospitalization (Level 2.5)",
                     f"{h} is {PHP_MIN_H:g} hours or more a week: the intensity of partial "
                     f"hospitalization, not IOP.")


@dataclass(frozen=True)
class ProgramRules:
    """An illustrative program's scheduling policy (local choices, not a standard)."""

    min_days: int = 3
    max_hours_per_day: float = 24.0
    require_group: bool = True


@dataclass(frozen=True)
class WeekAssessment:
    """Totals, level of care and warnings for one week."""

    total_hours: float
    days: int
    hours_by_day: Mapping[str, float]
    level: LevelBand
    warnings: tuple[str, ...] = field(default=())


def assess_week(hours_by_day: Mapping[str, float], *, adolescent: bool = False,
                rules: ProgramRules = ProgramRules(),
                services: Iterable[str] = ()) -> WeekAssessment:
    """Total a week given as ``{day: hours}`` and match it to a level of care.

    ``services`` (the service keys scheduled) lets the assessment warn about a week with
    no group therapy.  Unknown days and negative or non-numeric hours raise ``ValueError``.
    """
    hours: dict[str, float] = {}
    for day, value in hours_by_day.items():
        if day not in DAYS:
            raise ValueError(f"unknown day {day!r}; days are {', '.join(DAYS)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise ValueError(f"hours on {day} must be a number, got {value!r}")
        if value < 0:
            raise ValueError(f"hours on {day} cannot be negative, got {value!r}")
        hours[day] = float(value)
    total = round(sum(hours.values()), 4)
    days = sum(1 for v in hours.values() if v > 0)
    warnings = []
    for day in DAYS:
        if hours.get(day, 0) > rules.max_hours_per_day:
            warnings.append(f"{day} has {hours[day]:g} hours: a day has only "
                            f"{rules.max_hours_per_day:g}. No program can run this.")
    if 0 < days < rules.min_days:
        warnings.append(f"Services fall on {days} day{'s' if days != 1 else ''}. This "
                        f"illustrative program schedules IOP on at least {rules.min_days} "
                        f"days a week, so each day stays manageable.")
    chosen = set(services)
    if rules.require_group and total > 0 and chosen and "group" not in chosen:
        warnings.append("No group therapy is scheduled. Group therapy is the core of IOP.")
    return WeekAssessment(total, days, {d: hours.get(d, 0.0) for d in DAYS},
                          classify_hours(total, adolescent=adolescent), tuple(warnings))


@dataclass(frozen=True)
class Block:
    """One service on one day, from ``start`` for ``hours`` (clock hours, 0-24)."""

    day: str
    service: str
    start: float
    hours: float

    def __post_init__(self) -> None:
        if self.day not in DAYS:
            raise ValueError(f"unknown day {self.day!r}; days are {', '.join(DAYS)}")
        if self.service not in SERVICES:
            raise ValueError(f"unknown service {self.service!r}; services are "
                             f"{', '.join(SERVICES)}")
        for name in ("start", "hours"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number of hours, got {value!r}")
        if self.hours <= 0:
            raise ValueError(f"a block must last more than 0 hours, got {self.hours:g}")
        if not 0 <= self.start < 24 or self.start + self.hours > 24:
            raise ValueError(f"a block must start and end within the day (0-24 h); "
                             f"{self.start:g} + {self.hours:g} h does not")

    @property
    def end(self) -> float:
        """Clock hour at which the block ends."""
        return self.start + self.hours

    def label(self) -> str:
        """E.g. 'Mon 18:00-21:00 Group therapy'."""
        return f"{self.day} {_clock(self.start)}-{_clock(self.end)} {SERVICES[self.service]}"


def _clock(hour: float) -> str:
    h, m = divmod(round(hour * 60), 60)
    return f"{h:02d}:{m:02d}"


@dataclass(frozen=True)
class Schedule:
    """An immutable week of non-overlapping service blocks."""

    blocks: tuple[Block, ...] = ()

    def add(self, block: Block) -> Schedule:
        """A new schedule with ``block`` added; overlapping an existing block raises."""
        for other in self.blocks:
            if other.day == block.day and block.start < other.end and other.start < block.end:
                raise ValueError(f"{block.label()} overlaps {other.label()}: one client "
                                 f"cannot attend both")
        order = {d: i for i, d in enumerate(DAYS)}
        blocks = sorted((*self.blocks, block), key=lambda b: (order[b.day], b.start))
        return Schedule(tuple(blocks))

    def remove(self, index: int) -> Schedule:
        """A new schedule without the block at ``index``."""
        if not 0 <= index < len(self.blocks):
            raise ValueError(f"no block number {index}; the week has {len(self.blocks)}")
        return Schedule(self.blocks[:index] + self.blocks[index + 1:])

    def hours_by_day(self) -> dict[str, float]:
        """Scheduled hours per day."""
        out = dict.fromkeys(DAYS, 0.0)
        for b in self.blocks:
            out[b.day] += b.hours
        return out

    def hours_by_service(self) -> dict[str, float]:
        """Scheduled hours per service."""
        out = dict.fromkeys(SERVICES, 0.0)
        for b in self.blocks:
            out[b.service] += b.hours
        return out

    def assess(self, *, adolescent: bool = False,
               rules: ProgramRules = ProgramRules()) -> WeekAssessment:
        """Totals, level of care and warnings for this week."""
        return assess_week(self.hours_by_day(), adolescent=adolescent, rules=rules,
                           services={b.service for b in self.blocks})

    @classmethod
    def of(cls, *blocks: tuple[str, str, float, float]) -> Schedule:
        """Build from ``(day, service, start, hours)`` tuples."""
        week = cls()
        for spec in blocks:
            week = week.add(Block(*spec))
        return week


EXAMPLE_WEEKS: dict[str, Schedule] = {
    "evening-iop": Schedule.of(
        ("Mon", "group", 18, 2), ("Mon", "psychoeducation", 20, 1),
        ("Wed", "group", 18, 2), ("Wed", "individual", 20, 1),
        ("Thu", "group", 18, 2), ("Thu", "family", 20, 1),
        ("Fri", "medication", 17, 0.5)),
    "weekly-outpatient": Schedule.of(("Tue", "individual", 10, 1), ("Thu", "group", 18, 1.5)),
    "day-program": Schedule.of(*[(d, s, st, h) for d in DAYS[:5] for s, st, h in (
        ("group", 9, 2), ("psychoeducation", 11, 1), ("individual", 13, 1))]),
}
"""Fictional example weeks used in Module 1 (an illustrative program, not a standard)."""


def example_weeks_table() -> HtmlTable:
    """The example weeks with totals, days and matching level, as a table."""
    names = {"weekly-outpatient": "Weekly outpatient", "evening-iop": "Evening IOP",
             "day-program": "Day program"}
    rows = []
    for key, label in names.items():
        result = EXAMPLE_WEEKS[key].assess()
        rows.append((label, f"{result.total_hours:g}", str(result.days), result.level.name))
    return HtmlTable(("Example week", "Hours", "Days", "Matches"), rows)


def boundary_table(hours: tuple[float, ...] = (5.5, 6, 8.5, 9, 19, 19.5, 20)) -> HtmlTable:
    """The level each weekly total matches, for adults and for adolescents."""
    rows = [(f"{h:g}", classify_hours(h).name, classify_hours(h, adolescent=True).name)
            for h in hours]
    return HtmlTable(("Hours per week", "Adult", "Adolescent"), rows)


@dataclass(frozen=True)
class HtmlTable:
    """A small table that shows as HTML in notebooks and the book, and as text elsewhere."""

    header: tuple[str, ...]
    rows: list[tuple[str, ...]]

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(h)}</th>" for h in self.header)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                       for row in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        lines = [" | ".join(self.header)] + [" | ".join(r) for r in self.rows]
        return "\n".join(lines)
