"""Module 1's pure model: a client's week of service blocks, its hours, and the level of
care its intensity matches (data in, results out).

The clinical data comes in as arguments: the weekly-hour cut-offs of the levels of care as an
:class:`IntensityScale`, the services as :class:`~widgets.continuum.schemas.Service` entries
and the program's policy as a :class:`~widgets.continuum.schemas.ProgramPolicy`.
:mod:`widgets.continuum.content` binds the curriculum's data to them, so
``widgets.continuum.classify_hours(9.5)`` needs no more than the hours.

Bounds on inputs (a ``ValueError`` or ``TypeError`` names the argument, the value and
the range): weekly hours 0-168 (a week has 168 hours); a block starts at 0-24 h (clock
hours) and lasts 0.25-24 h within its day; a week holds at most :data:`MAX_BLOCKS` blocks.
Numbers may be ints, floats or numpy scalars; ``adolescent`` is ``True`` or ``False``.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from widgets.continuum.schemas import DAYS, IntensityWording, ProgramPolicy, Service, blanks
from widgets.level_of_care.schemas import CareLevel as Level
from widgets.level_of_care.schemas import LevelsOfCare

__all__ = [
    "DAYS",
    "HOURS_PER_DAY",
    "HOURS_PER_WEEK",
    "MAX_BLOCKS",
    "MIN_BLOCK_HOURS",
    "Block",
    "IntensityBand",
    "IntensityScale",
    "LevelBand",
    "Schedule",
    "WeekAssessment",
    "assess_week",
    "boundary_hours",
    "build_week",
    "classify_hours",
    "clock_time",
    "continuum_levels",
    "hours_range",
    "level_hours",
    "scale_from_levels",
]

HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 7 * HOURS_PER_DAY
MIN_BLOCK_HOURS = 0.25
"""The shortest service block: 15 minutes."""
MAX_BLOCKS = int(HOURS_PER_WEEK / MIN_BLOCK_HOURS)
"""The most blocks a week can hold (672: every quarter hour of every day)."""


# ----------------------------------------------------------------------------- inputs


def _show(value: Any) -> str:
    """A value as an error message shows it: numbers plainly, anything else short."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            return f"{float(value):g}"
        except OverflowError:
            return "a number too large to write"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(name: str, value: Any, low: float, high: float, *, unit: str = "hours",
            above_low: bool = False, below_high: bool = False, why: str = "") -> float:
    """``value`` as a float within [low, high] (ends open when asked), else a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number of {unit}, got {_show(value)} "
                        f"({type(value).__name__})")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    low_ok = number > low if above_low else number >= low
    high_ok = number < high if below_high else number <= high
    if not (math.isfinite(number) and low_ok and high_ok):
        span = (f"{'more than' if above_low else 'from'} {low:g} "
                f"{'to under' if below_high else 'to'} {high:g} {unit}")
        raise ValueError(f"{name} must be {span}{why}; got {_show(value)}")
    return number


def _flag(name: str, value: Any) -> bool:
    """``value`` as a bool: ``True``/``False`` (or numpy's), nothing else."""
    dtype = getattr(value, "dtype", None)
    if isinstance(value, bool) or (dtype is not None and dtype.kind == "b"
                                   and getattr(value, "shape", None) == ()):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {_show(value)} "
                    f"({type(value).__name__})")


def _day(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a day name ({', '.join(DAYS)}), got {_show(value)}")
    if value not in DAYS:
        raise ValueError(f"unknown day {_show(value)} in {name}; the days are "
                         f"{', '.join(DAYS)}")
    return value


def _bounded(name: str, items: Iterable[Any], limit: int, why: str) -> list[Any]:
    """At most ``limit`` items of ``items`` (an error, not a hang, when there are more)."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise TypeError(f"{name} must be a collection, got {_show(items)}")
    taken = list(islice(items, limit + 1))
    if len(taken) > limit:
        raise ValueError(f"{name} has more than {limit} items ({why})")
    return taken


_MAX_BLOCKS_WHY = (f"a week holds at most {MAX_BLOCKS} blocks of "
                   f"{MIN_BLOCK_HOURS * 60:g} minutes or more")


def clock_time(hour: float) -> str:
    """A clock hour as text: ``17.5`` -> ``'17:30'``."""
    hour = _number("hour", hour, 0, HOURS_PER_DAY)
    h, m = divmod(round(hour * 60), 60)
    return f"{h:02d}:{m:02d}"


def hours_range(start: float, end: float | None) -> str:
    """A weekly-hour band as commonly written: ``under 9``, ``9-19``, ``20 or more``.

    ``end`` is where the next band starts (``None``: open-ended); the band [9, 20) is
    written ``9-19``, as the hours are commonly described.
    """
    if end is None:
        return f"{start:g} or more"
    if start == 0:
        return f"under {end:g}"
    return f"{start:g}-{end - 1:g}"


# ------------------------------------------------------------------- level of care


@dataclass(frozen=True)
class IntensityBand:
    """A level of care defined by weekly service hours (an outpatient level).

    Attributes
    ----------
    code, name : str
        The level's code and name in the levels of care ("2.1", "Intensive outpatient").
    adult_min, adolescent_min : float
        Weekly hours at which the level starts, for adults and for adolescents.
    explanation : str
        The sentence explaining a match, with the blanks ``{hours}``, ``{who}``, ``{min}``
        and ``{next_min}`` (see :class:`~widgets.continuum.schemas.IntensityWording`).
    """

    code: str
    name: str
    adult_min: float
    adolescent_min: float
    explanation: str

    def start(self, adolescent: bool) -> float:
        """Weekly hours at which this level starts."""
        return self.adolescent_min if adolescent else self.adult_min

    @property
    def label(self) -> str:
        """``'Intensive outpatient (Level 2.1)'``."""
        return f"{self.name} (Level {self.code})"


@dataclass(frozen=True)
class IntensityScale:
    """The levels of care defined by weekly hours, least intensive first, and the wording
    for a week with no services.

    The first level starts at 0 hours; each next level starts later than the one before,
    for adults and for adolescents alike; only the last level may be open-ended.
    """

    bands: tuple[IntensityBand, ...]
    adults: str = "adults"
    adolescents: str = "adolescents"
    no_services: str = "No services scheduled"
    no_services_explanation: str = ""

    def __post_init__(self) -> None:
        bands = tuple(self.bands)
        object.__setattr__(self, "bands", bands)
        if not bands or not all(isinstance(b, IntensityBand) for b in bands):
            raise TypeError("an intensity scale needs at least one IntensityBand")
        for who in ("adult_min", "adolescent_min"):
            starts = [_number(f"{b.code}.{who}", getattr(b, who), 0, HOURS_PER_WEEK)
                      for b in bands]
            if starts[0] != 0 or any(a >= b for a, b in pairwise(starts)):
                raise ValueError(f"the levels' {who} must start at 0 and rise; got "
                                 f"{', '.join(f'{s:g}' for s in starts)}")
        if "next_min" in blanks(bands[-1].explanation):
            raise ValueError(f"level {bands[-1].code} is the last: its explanation cannot "
                             f"use {{next_min}}")
        for b in bands:
            blanks(b.explanation)  # a malformed sentence fails here, not mid-lesson


def boundary_hours(scale: IntensityScale) -> tuple[float, ...]:
    """Weekly totals that show where each level starts, for adults and adolescents.

    Each cut-off and half an hour below it, and the last whole hour below the top
    cut-off (e.g. 19: still intensive outpatient, as the hours are commonly described).
    """
    if not isinstance(scale, IntensityScale):
        raise TypeError(f"scale must be an IntensityScale, got {_show(scale)}")
    cuts = sorted({b.start(young) for b in scale.bands[1:] for young in (False, True)})
    shown = {h for c in cuts for h in (c - 0.5, c)}
    if cuts:
        shown.add(cuts[-1] - 1)
    return tuple(sorted(h for h in shown if h >= 0))


@dataclass(frozen=True)
class LevelBand:
    """The level of care a weekly intensity matches."""

    code: str
    """``"none"`` or a level code such as ``"2.1"``."""
    name: str
    """``"Intensive outpatient (Level 2.1)"``."""
    explanation: str


def classify_hours(total_hours: float, scale: IntensityScale, *,
                   adolescent: bool = False) -> LevelBand:
    """The level of care matching ``total_hours`` of services a week.

    Parameters
    ----------
    total_hours : float
        Scheduled service hours in the week, 0 to 168.
    scale : IntensityScale
        The levels defined by weekly hours and their cut-offs.
    adolescent : bool
        Use the adolescent cut-offs.
    """
    hours = _number("total_hours", total_hours, 0, HOURS_PER_WEEK,
                    why=f" (a week has {HOURS_PER_WEEK:g} hours)")
    young = _flag("adolescent", adolescent)
    if not isinstance(scale, IntensityScale):
        raise TypeError(f"scale must be an IntensityScale, got {_show(scale)}")
    if hours == 0:
        return LevelBand("none", scale.no_services, scale.no_services_explanation)
    index = max(i for i, b in enumerate(scale.bands) if b.start(young) <= hours)
    band = scale.bands[index]
    blanks_ = {"hours": f"{hours:g} h/week",
               "who": scale.adolescents if young else scale.adults,
               "min": f"{band.start(young):g}"}
    if index + 1 < len(scale.bands):
        blanks_["next_min"] = f"{scale.bands[index + 1].start(young):g}"
    return LevelBand(band.code, band.label, band.explanation.format_map(blanks_))


# ------------------------------------------------------------------- the continuum


def scale_from_levels(levels: LevelsOfCare, wording: IntensityWording) -> IntensityScale:
    """The levels defined by weekly hours, with their adult and adolescent cut-offs, from
    the levels of care (adolescents start intensive outpatient care at its own minimum;
    every other level starts where it does for adults)."""
    if not isinstance(levels, LevelsOfCare):
        raise TypeError(f"levels must be LevelsOfCare, got {_show(levels)}")
    if not isinstance(wording, IntensityWording):
        raise TypeError(f"wording must be IntensityWording, got {_show(wording)}")
    banded = [level for level in levels.levels if level.band is not None]
    codes = [level.code for level in banded]
    if sorted(wording.explanations) != sorted(codes):
        raise ValueError(f"intensity.explanations needs one sentence for each level defined "
                         f"by weekly hours ({', '.join(codes)}); it has "
                         f"{', '.join(wording.explanations)}")
    bands = []
    for level in banded:
        assert level.band is not None
        young = (levels.adolescent_iop_min_hours if level.code == levels.intensive_outpatient
                 else level.band.min)
        bands.append(IntensityBand(level.code, level.name, level.band.min, young,
                                   wording.explanations[level.code]))
    return IntensityScale(tuple(bands), wording.adults, wording.adolescents,
                          wording.no_services, wording.no_services_explanation)


def continuum_levels(levels: LevelsOfCare) -> tuple[Level, ...]:
    """The levels the continuum figure and table show, least intensive first: those with
    weekly hours and the 24-hour settings (a level the curriculum gives no hours for, such
    as early intervention, is left out)."""
    if not isinstance(levels, LevelsOfCare):
        raise TypeError(f"levels must be LevelsOfCare, got {_show(levels)}")
    return tuple(level for level in levels.levels if level.hours is not None)


def level_hours(level: Level) -> str:
    """A level's weekly hours for adults as commonly written: "under 9", "9-19",
    "20 or more" or "24-hour setting"."""
    if level.band is None:
        return "24-hour setting"
    return hours_range(level.band.min, level.band.max)


# ------------------------------------------------------------------------- the week


@dataclass(frozen=True)
class WeekAssessment:
    """Totals, level of care and warnings for one week."""

    total_hours: float
    days: int
    """Days with at least one service."""
    hours_by_day: Mapping[str, float]
    level: LevelBand
    warnings: tuple[str, ...] = field(default=())


def assess_week(hours_by_day: Mapping[str, float], scale: IntensityScale,
                policy: ProgramPolicy, *, adolescent: bool = False,
                services: Iterable[str] = ()) -> WeekAssessment:
    """Total a week given as ``{day: hours}`` and match it to a level of care.

    Parameters
    ----------
    hours_by_day : mapping of str to float
        Hours on each day named (``"Mon"`` ... ``"Sun"``), 0-168 each and 0-168 in all; a
        day over 24 hours is impossible and says so in the warnings.
    scale : IntensityScale
        The levels defined by weekly hours.
    policy : ProgramPolicy
        The (illustrative) program policy whose warnings apply.
    adolescent : bool
        Use the adolescent cut-offs.
    services : iterable of str
        The service ids scheduled (at most :data:`MAX_BLOCKS`): lets the assessment warn
        about a week without the policy's core service.
    """
    if not isinstance(hours_by_day, Mapping):
        raise TypeError(f"hours_by_day must be a mapping of day to hours, got "
                        f"{_show(hours_by_day)}")
    if not isinstance(policy, ProgramPolicy):
        raise TypeError(f"policy must be a ProgramPolicy, got {_show(policy)}")
    hours: dict[str, float] = {}
    for day, value in _bounded("hours_by_day", hours_by_day.items(), len(DAYS),
                                  "a week has 7 days"):
        hours[_day("hours_by_day", day)] = _number(f"hours on {day}", value, 0,
                                                   HOURS_PER_WEEK)
    total = round(sum(hours.values()), 4)
    if total > HOURS_PER_WEEK:
        raise ValueError(f"hours_by_day adds up to {total:g} hours; a week has "
                         f"{HOURS_PER_WEEK:g} at most")
    chosen = set(_bounded("services", services, MAX_BLOCKS, _MAX_BLOCKS_WHY))
    if not all(isinstance(s, str) for s in chosen):
        raise TypeError("services must be service ids (text)")
    level = classify_hours(total, scale, adolescent=adolescent)
    days = sum(1 for v in hours.values() if v > 0)
    said = policy.warnings
    warnings = [said.impossible_day.format(day=day, hours=f"{hours[day]:g}",
                                           day_hours=f"{HOURS_PER_DAY:g}")
                for day in DAYS if hours.get(day, 0) > HOURS_PER_DAY]
    if 0 < days < policy.min_days:
        warnings.append(said.too_few_days.format(
            days=f"{days} day{'s' if days != 1 else ''}", min_days=policy.min_days))
    if total > 0 and chosen and policy.core_service not in chosen:
        warnings.append(said.no_core_service.format())
    return WeekAssessment(total, days, {d: hours.get(d, 0.0) for d in DAYS}, level,
                          tuple(warnings))


@dataclass(frozen=True)
class Block:
    """One service on one day, from ``start`` for ``hours`` (clock hours, 0-24).

    A block lasts from :data:`MIN_BLOCK_HOURS` (15 minutes) to 24 hours and ends by
    midnight; numbers may be ints, floats or numpy scalars (kept as floats).
    """

    day: str
    service: Service
    start: float
    hours: float

    def __post_init__(self) -> None:
        _day("day", self.day)
        if not isinstance(self.service, Service):
            raise TypeError(f"service must be a Service, got {_show(self.service)}")
        start = _number("start", self.start, 0, HOURS_PER_DAY, below_high=True,
                        why=" (a clock hour: 18 is 18:00)")
        hours = _number("hours", self.hours, MIN_BLOCK_HOURS, HOURS_PER_DAY,
                        why=f" (a block lasts from {MIN_BLOCK_HOURS * 60:g} minutes to a "
                            f"whole day)")
        if start + hours > HOURS_PER_DAY:
            raise ValueError(f"a block must start and end within the day (0-24 h); "
                             f"{start:g} + {hours:g} h ends after midnight")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "hours", hours)

    @property
    def end(self) -> float:
        """Clock hour at which the block ends."""
        return self.start + self.hours

    def label(self) -> str:
        """E.g. ``'Mon 18:00-21:00 Group therapy'``."""
        return f"{self.day} {clock_time(self.start)}-{clock_time(self.end)} {self.service.label}"

    def overlaps(self, other: Block) -> bool:
        """Whether the two blocks share any time (touching blocks do not)."""
        return (self.day == other.day and self.start < other.end
                and other.start < self.end)


def _order(block: Block) -> tuple[int, float]:
    return DAYS.index(block.day), block.start


@dataclass(frozen=True)
class Schedule:
    """An immutable week of non-overlapping service blocks, in day and time order.

    At most :data:`MAX_BLOCKS` blocks; overlapping blocks are refused (one client cannot
    attend both).
    """

    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        blocks = _bounded("blocks", self.blocks, MAX_BLOCKS, _MAX_BLOCKS_WHY)
        for b in blocks:
            if not isinstance(b, Block):
                raise TypeError(f"a schedule holds Blocks, got {_show(b)}")
        blocks.sort(key=_order)
        for a, b in pairwise(blocks):
            if a.overlaps(b):
                raise ValueError(f"{b.label()} overlaps {a.label()}: one client cannot "
                                 f"attend both")
        object.__setattr__(self, "blocks", tuple(blocks))

    def add(self, block: Block) -> Schedule:
        """A new schedule with ``block`` added; overlapping an existing block raises."""
        for other in self.blocks:
            if block.overlaps(other):
                raise ValueError(f"{block.label()} overlaps {other.label()}: one client "
                                 f"cannot attend both")
        return Schedule((*self.blocks, block))

    def remove(self, index: int) -> Schedule:
        """A new schedule without the block at ``index`` (0 is the first)."""
        try:
            i = operator.index(index)
        except TypeError:
            raise TypeError(f"index must be a whole number, got {_show(index)}") from None
        if not 0 <= i < len(self.blocks):
            raise ValueError(f"no block number {i}; the week has {len(self.blocks)} "
                             f"(numbered from 0)")
        return Schedule(self.blocks[:i] + self.blocks[i + 1:])

    def hours_by_day(self) -> dict[str, float]:
        """Scheduled hours per day."""
        out = dict.fromkeys(DAYS, 0.0)
        for b in self.blocks:
            out[b.day] += b.hours
        return out

    def service_ids(self) -> frozenset[str]:
        """The services scheduled."""
        return frozenset(b.service.id for b in self.blocks)

    def assess(self, scale: IntensityScale, policy: ProgramPolicy, *,
               adolescent: bool = False) -> WeekAssessment:
        """Totals, level of care and warnings for this week."""
        return assess_week(self.hours_by_day(), scale, policy, adolescent=adolescent,
                           services=self.service_ids())


def build_week(blocks: Iterable[Block | Sequence[Any]],
               services: Mapping[str, Service]) -> Schedule:
    """A schedule from blocks given as :class:`Block` or ``(day, service, start, hours)``.

    ``services`` maps service ids to services.  A bad block raises ``ValueError`` or
    ``TypeError`` naming it by its number (1 is the first); more than :data:`MAX_BLOCKS`
    blocks are refused before any work.
    """
    built: list[Block] = []
    specs = _bounded("blocks", blocks, MAX_BLOCKS, _MAX_BLOCKS_WHY)
    for n, spec in enumerate(specs, start=1):
        try:
            built.append(_block(spec, services))
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"block {n}: {exc}") from None
    week = Schedule()
    for n, block in enumerate(built, start=1):
        try:
            week = week.add(block)
        except ValueError as exc:
            raise ValueError(f"block {n}: {exc}") from None
    return week


def _block(spec: Block | Sequence[Any], services: Mapping[str, Service]) -> Block:
    if isinstance(spec, Block):
        return spec
    if isinstance(spec, str | bytes) or not isinstance(spec, Sequence) or len(spec) != 4:
        raise TypeError(f"write a block as (day, service, start, hours), e.g. "
                        f"(\"Mon\", \"group\", 18, 2); got {_show(spec)}")
    day, service, start, hours = spec
    if not isinstance(service, str):
        raise TypeError(f"service must be a service id such as \"group\", got "
                        f"{_show(service)}")
    if service not in services:
        raise ValueError(f"unknown service {_show(service)}; services are "
                         f"{', '.join(services)}")
    return Block(day, services[service], start, hours)
