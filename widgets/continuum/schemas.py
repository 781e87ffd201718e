"""Schema of Module 1's schedule-builder content (``kind: schedule-builder``).

One file, ``curriculum/01_continuum/schedule-builder.yaml``, holds what the schedule builder
teaches with: the service blocks a week is built from, an illustrative program's scheduling
policy and the wording of its warnings, the wording that explains which level of care a
week's hours match, and fictional example weeks.  The weekly-hour cut-offs themselves are
not here: they belong to the levels of care (Module 2's ``levels-of-care`` content).

Sentences with blanks (``{days}``) are filled in by the model; each sentence may use only
the blanks listed for it, so a typo in a blank is a content error, not a crash.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = ["DAYS", "Day", "ExampleBlock", "ExampleWeek", "IntensityWording", "ProgramPolicy",
           "ProgramWarnings", "ScheduleBuilderContent", "Service", "blanks"]

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""The days of a week, as the schedule builder names them."""

Day = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
Text = Annotated[str, Field(min_length=1, max_length=400)]
Label = Annotated[str, Field(min_length=1, max_length=60)]


def blanks(sentence: str) -> set[str]:
    """The names of the ``{blanks}`` in a sentence (``ValueError`` if it is malformed)."""
    try:
        parsed = list(string.Formatter().parse(sentence))
    except ValueError as exc:
        raise ValueError(f"the sentence has a broken {{blank}}: {exc}") from None
    names = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"write a blank as {{name}} (letters and underscores only); "
                             f"got {{{name}{'!' + conversion if conversion else ''}"
                             f"{':' + spec if spec else ''}}}")
        names.add(name)
    return names


def _sentence(*allowed: str) -> AfterValidator:
    """A sentence whose blanks are among ``allowed``."""

    def check(value: str) -> str:
        unknown = sorted(blanks(value) - set(allowed))
        if unknown:
            offer = ", ".join(f"{{{a}}}" for a in allowed) or "none"
            raise ValueError(f"unknown blank(s) {', '.join(f'{{{u}}}' for u in unknown)}; "
                             f"this sentence may use: {offer}")
        return value

    return AfterValidator(check)


class Service(ContentModel):
    """One kind of service block (group therapy, a medication visit ...)."""

    id: Id
    label: Label
    """The name learners see in controls and block labels ("Group therapy")."""
    short: Annotated[str, Field(min_length=1, max_length=12)]
    """The name written on the calendar's blocks ("Group")."""
    colour: Annotated[str, Field(pattern=r"^[a-z]+(_[a-z]+)*$")]
    """A colour of the Okabe-Ito palette (``widgets.core.palette.OKABE_ITO``)."""
    pattern: Literal["solid", "diagonal", "reverse-diagonal", "dots", "vertical"]
    """Drawn over the colour, so blocks differ without colour vision."""


class ProgramWarnings(ContentModel):
    """What the builder says when a week breaks the program's policy."""

    impossible_day: Annotated[Text, _sentence("day", "hours", "day_hours")]
    """A day with more hours than a day has."""
    too_few_days: Annotated[Text, _sentence("days", "min_days")]
    """Services on fewer days than the policy asks (``{days}`` is e.g. "2 days")."""
    no_core_service: Annotated[Text, _sentence()]
    """A week without the core service."""
    cite: list[str] = Field(default_factory=list)
    """Sources of the facts the warnings state (keys of references.bib)."""


class ProgramPolicy(ContentModel):
    """An illustrative program's scheduling policy: local choices, not a standard."""

    note: Text
    """Says that the policy is illustrative."""
    min_days: int = Field(ge=1, le=7)
    """Services should fall on at least this many days a week."""
    core_service: Id
    """The service every week should include (a service id)."""
    warnings: ProgramWarnings


class IntensityWording(ContentModel):
    """How the builder explains which level of care a week's hours match.

    ``explanations`` has one sentence per level of care that is defined by weekly hours
    (its code in the levels of care), with the blanks ``{hours}`` (e.g. "9.5 h/week"),
    ``{who}``, ``{min}`` (where the level starts) and ``{next_min}`` (where the next level
    starts; not for the last level).
    """

    adults: Label
    adolescents: Label
    no_services: Label
    """The name of an empty week's "level"."""
    no_services_explanation: Text
    explanations: dict[Annotated[str, Field(min_length=1, max_length=8)],
                       Annotated[Text, _sentence("hours", "who", "min", "next_min")]] = Field(
        min_length=1)


class ExampleBlock(ContentModel):
    """One service on one day of an example week (clock hours: 18 is 18:00)."""

    day: Day
    service: Id
    start: float = Field(ge=0, lt=24)
    hours: float = Field(gt=0, le=24)


class ExampleWeek(ContentModel):
    """A fictional example week of an illustrative program."""

    id: Id
    name: Label
    """Its name in the table of example weeks ("Evening IOP")."""
    menu: Label
    """Its name in the builder's list of examples ("Example: evening IOP week")."""
    blocks: list[ExampleBlock] = Field(min_length=1, max_length=200)


@content_kind("schedule-builder")
class ScheduleBuilderContent(ContentFile):
    """Module 1's schedule builder: services, program policy, wording, example weeks."""

    kind: Literal["schedule-builder"]
    services: list[Service] = Field(min_length=1, max_length=12)
    program: ProgramPolicy
    intensity: IntensityWording
    example_weeks: list[ExampleWeek] = Field(min_length=1, max_length=20)
    starting_week: Id
    """The example week the builder opens with."""

    @model_validator(mode="after")
    def _ids_agree(self) -> ScheduleBuilderContent:
        for what, ids in (("service", [s.id for s in self.services]),
                          ("example week", [w.id for w in self.example_weeks])):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {what} id(s) {', '.join(dupes)}")
        services = {s.id for s in self.services}
        if self.program.core_service not in services:
            raise ValueError(f"program.core_service {self.program.core_service!r} is not a "
                             f"service; services are {', '.join(services)}")
        for week in self.example_weeks:
            for i, block in enumerate(week.blocks):
                if block.service not in services:
                    raise ValueError(f"example week {week.id!r}, block {i}: unknown service "
                                     f"{block.service!r}; services are {', '.join(services)}")
        if self.starting_week not in {w.id for w in self.example_weeks}:
            raise ValueError(f"starting_week {self.starting_week!r} is not an example week")
        return self

    def refs(self) -> Iterable[Ref]:
        """The warnings' citation keys must be in references.bib."""
        for i, key in enumerate(self.program.warnings.cite):
            yield Ref("cite", key, self.id, f"program.warnings.cite.{i}")

    def service(self, service_id: str) -> Service:
        """The service with this id (``KeyError`` naming the services if there is none)."""
        for s in self.services:
            if s.id == service_id:
                return s
        raise KeyError(f"no service {service_id!r}; services are "
                       f"{', '.join(s.id for s in self.services)}")

    def example_week(self, week_id: str) -> ExampleWeek:
        """The example week with this id."""
        for w in self.example_weeks:
            if w.id == week_id:
                return w
        raise KeyError(f"no example week {week_id!r}; example weeks are "
                       f"{', '.join(w.id for w in self.example_weeks)}")
