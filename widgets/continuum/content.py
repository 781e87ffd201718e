"""Module 1's content bound to its model: the schedule builder's services, policy and example
weeks, and the levels of care (Module 2's ``levels-of-care`` content, which holds the
weekly-hour cut-offs).

The functions here are the model's, with the curriculum's data filled in:
``classify_hours(9.5)`` is ``model.classify_hours(9.5, intensity_scale())``.  Everything is
read on first use and kept (importing this module reads no file).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from widgets.continuum import model
from widgets.continuum.model import (
    Block,
    IntensityScale,
    LevelBand,
    Schedule,
    WeekAssessment,
)
from widgets.continuum.schemas import ExampleWeek, ScheduleBuilderContent, Service
from widgets.core.content import CheckContext, ContentError, content_check, content_root, load
from widgets.core.palette import OKABE_ITO
from widgets.level_of_care.content import LEVELS_OF_CARE_ID, levels_of_care
from widgets.level_of_care.schemas import CareLevel as Level
from widgets.level_of_care.schemas import LevelsOfCare

__all__ = [
    "assess",
    "assess_week",
    "build_week",
    "classify_hours",
    "continuum",
    "example_week",
    "example_weeks",
    "intensity_scale",
    "levels",
    "schedule_builder",
    "services",
]

CONTENT_ID = "schedule-builder"


def _root() -> Path:
    return content_root().resolve()


def schedule_builder() -> ScheduleBuilderContent:
    """The schedule builder's content (``curriculum/01_continuum/schedule-builder.yaml``)."""
    item = load("schedule-builder", CONTENT_ID)
    assert isinstance(item, ScheduleBuilderContent)
    return item


def services() -> dict[str, Service]:
    """The service blocks a week is built from, by id, in the content's order."""
    return _services(_root())


@functools.cache
def _services(root: Path) -> dict[str, Service]:
    return {s.id: s for s in schedule_builder().services}


def levels() -> LevelsOfCare:
    """The levels of care (Module 2's ``levels-of-care`` content): codes, names, settings
    and the weekly-hour cut-offs."""
    return levels_of_care()


def continuum() -> tuple[Level, ...]:
    """The levels of the continuum of care shown in Module 1, least intensive first."""
    return model.continuum_levels(levels())


def intensity_scale() -> IntensityScale:
    """The levels of care defined by weekly hours, with the builder's wording."""
    return _intensity_scale(_root())


@functools.cache
def _intensity_scale(root: Path) -> IntensityScale:
    return model.scale_from_levels(levels(), schedule_builder().intensity)


def classify_hours(total_hours: float, *, adolescent: bool = False) -> LevelBand:
    """The level of care matching ``total_hours`` (0-168) of services a week."""
    return model.classify_hours(total_hours, intensity_scale(), adolescent=adolescent)


def assess_week(hours_by_day: Mapping[str, float], *, adolescent: bool = False,
                services: Iterable[str] = ()) -> WeekAssessment:
    """Total a week given as ``{day: hours}``, match it to a level of care and check it
    against the illustrative program's policy (see :func:`widgets.continuum.model.assess_week`)."""
    return model.assess_week(hours_by_day, intensity_scale(), schedule_builder().program,
                             adolescent=adolescent, services=services)


def assess(week: Schedule, *, adolescent: bool = False) -> WeekAssessment:
    """Totals, level of care and warnings for a week of blocks."""
    if not isinstance(week, Schedule):
        raise TypeError(f"week must be a Schedule, got {type(week).__name__}")
    return week.assess(intensity_scale(), schedule_builder().program, adolescent=adolescent)


def build_week(blocks: Iterable[Block | Sequence[Any]]) -> Schedule:
    """A week from ``(day, service, start, hours)`` blocks, e.g. ``("Mon", "group", 18, 2)``."""
    return model.build_week(blocks, services())


def _built(week: ExampleWeek, known: Mapping[str, Service]) -> Schedule:
    return model.build_week([(b.day, b.service, b.start, b.hours) for b in week.blocks],
                            known)


def example_weeks() -> dict[str, tuple[ExampleWeek, Schedule]]:
    """The fictional example weeks, by id: their content and their schedule."""
    return _example_weeks(_root())


@functools.cache
def _example_weeks(root: Path) -> dict[str, tuple[ExampleWeek, Schedule]]:
    known = services()
    return {w.id: (w, _built(w, known)) for w in schedule_builder().example_weeks}


def example_week(week_id: str) -> Schedule:
    """The example week with this id, as a schedule."""
    weeks = example_weeks()
    if week_id not in weeks:
        raise KeyError(f"no example week {week_id!r}; example weeks are {', '.join(weeks)}")
    return weeks[week_id][1]


@content_check("schedule-builder")
def _colours_weeks_and_levels(item: ScheduleBuilderContent,  # type: ignore[misc]
                              context: CheckContext) -> None:
    """Colours are in the palette, example weeks can be built, and the explanations fit
    the levels of care defined by weekly hours."""
    for i, service in enumerate(item.services):
        if service.colour not in OKABE_ITO:
            raise ContentError(context.where, f"unknown colour {service.colour!r}; colours "
                               f"are {', '.join(OKABE_ITO)}", entry=service.id,
                               field=f"services.{i}.colour")
    known = {s.id: s for s in item.services}
    for i, week in enumerate(item.example_weeks):
        try:
            _built(week, known)
        except (TypeError, ValueError) as exc:
            raise ContentError(context.where, str(exc), entry=week.id,
                               field=f"example_weeks.{i}.blocks") from None
    try:
        known_levels = context.get("levels-of-care", LEVELS_OF_CARE_ID)
        assert isinstance(known_levels, LevelsOfCare)
        model.scale_from_levels(known_levels, item.intensity)
    except ContentError:
        raise
    except KeyError as exc:
        raise ContentError(context.where, f"needs the levels of care: {exc.args[0]}",
                           entry=item.id, field="intensity") from None
    except (TypeError, ValueError) as exc:
        raise ContentError(context.where, str(exc), entry=item.id,
                           field="intensity.explanations") from None
