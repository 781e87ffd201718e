"""Content kinds of the level-of-care topic (Modules 1 and 2).

``kind: levels-of-care``
    The levels of care of the ASAM Criteria, 3rd edition: code, name as published, the
    short name figures use, setting, the weekly hours a level is described with (adults;
    adolescents enter IOP at a lower minimum), whether the teaching model can recommend
    it, and the sources of each fact.  One file,
    ``curriculum/02_level_of_care/levels-of-care.yaml``; read it with
    :func:`widgets.level_of_care.levels_of_care`.
``kind: placement-model``
    The teaching model: its name and disclaimer, the six dimensions (keys, names, short
    names, what each asks about), the words for each rating, the rules (a condition in
    the model's condition language, a floor level, the teaching reason, sources) and the
    prerequisites (what a client needs before, or instead of, a placement).
    ``curriculum/02_level_of_care/placement-rules.yaml``.
``kind: case``
    A fictional level-of-care teaching case: vignette, the facts and the expert's rating
    for each dimension, the expert's level and teaching points.
``kind: continued-stay-review``
    One fictional client's weeks in care, with review points and the expert's decisions.

These schemas check each file's shape.  Whatever needs the teaching model or another file
(a rule's condition parses; a case's expert level is one the model knows, and the model
agrees with the expert or the case says why; a review's level changes go the way its
decisions say) is checked in :mod:`widgets.level_of_care.content`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind
from widgets.core.language import AVOID_TERMS

__all__ = ["DECISIONS", "AVOID_TERMS", "Attendance", "CareLevel", "Case", "CaseText",
           "DimensionAssessment", "DimensionSpec", "HourBand", "LevelsOfCare",
           "PlacementModelSpec", "PrerequisiteSpec", "RatingAnchor", "ReviewPoint",
           "RuleSpec", "StayReview", "Summary", "Text", "Title", "Week", "case_text",
           "check_text", "is_bool", "weekly_hours"]

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""A non-empty text."""

Citations = Annotated[list[str], Field(min_length=1)]
"""Keys of ``references.bib`` (at least one)."""

LevelCode = Annotated[str, StringConstraints(pattern=r"^[0-9](\.[0-9])?$")]
"""A level number as the ASAM Criteria, 3rd edition, writes it: ``"1"``, ``"2.1"``."""

MAX_WEEKLY_HOURS = 168
"""Hours in a week: no band reaches beyond it."""


def is_bool(value: object) -> bool:
    """A Python or numpy boolean (never a string or a number standing in for one)."""
    kind = type(value)
    return isinstance(value, bool) or (kind.__module__ == "numpy"
                                       and kind.__name__ in {"bool", "bool_"})


def weekly_hours(hours: object) -> float:
    """``hours`` as a float, checked to be a finite number of hours in a week (0-168).

    Raises
    ------
    ValueError
        Naming the value and the allowed range.
    """
    if is_bool(hours) or not isinstance(hours, numbers.Real):
        raise ValueError(f"hours must be a number of hours a week from 0 to "
                         f"{MAX_WEEKLY_HOURS}, got {hours!r:.40}")
    value = float(hours)
    if not math.isfinite(value) or not 0 <= value <= MAX_WEEKLY_HOURS:
        raise ValueError(f"hours must be from 0 to {MAX_WEEKLY_HOURS} a week, got {hours!r:.40}")
    return value


class HourBand(ContentModel):
    """Scheduled service hours a week at which a level is described, for adults.

    ``min`` is inclusive and ``max`` exclusive (``None``: open-ended), so the bands of
    consecutive levels meet without overlapping (an adult week of 19.5 hours is IOP).
    """

    min: float = Field(ge=0, le=MAX_WEEKLY_HOURS)
    max: float | None = Field(default=None, gt=0, le=MAX_WEEKLY_HOURS)
    cite: Citations
    source_note: Text | None = None
    """Said wherever the band is taught when a number rests only on a secondary source."""

    @model_validator(mode="after")
    def _ordered(self) -> HourBand:
        if self.max is not None and self.max <= self.min:
            raise ValueError(f"max ({self.max:g}) must be more than min ({self.min:g}): "
                             f"min is inclusive, max exclusive")
        return self

    def contains(self, hours: float) -> bool:
        """Whether ``hours`` a week fall in this band (``min <= hours < max``).

        Raises
        ------
        ValueError
            When ``hours`` is not a finite number from 0 to 168 (ints, floats and numpy
            numbers are accepted; booleans are not).
        """
        return self.min <= weekly_hours(hours) and (self.max is None or hours < self.max)


class CareLevel(ContentModel):
    """One level of care of the ASAM Criteria, 3rd edition."""

    code: LevelCode
    name: Text
    """The level's name as the ASAM Criteria, 3rd edition, publishes it."""
    short_name: Text
    """The name figures and tight tables use, e.g. "Intensive outpatient (IOP)"."""
    setting: Text
    """Where the client lives and how the care is delivered (no hours: see ``hours``)."""
    hours: HourBand | Literal["24-hour"] | None
    """Weekly hours for adults, ``"24-hour"`` for a 24-hour setting, or ``None`` when the
    curriculum gives no hours for the level."""
    in_teaching_model: bool
    """Whether the Module 2 teaching model can recommend this level."""
    cite: Citations
    """Sources of the code, the name and the setting."""

    @property
    def is_24_hour(self) -> bool:
        """Whether the level is a 24-hour setting."""
        return self.hours == "24-hour"

    @property
    def band(self) -> HourBand | None:
        """The weekly hour band for adults, or ``None`` (24-hour or not given)."""
        return self.hours if isinstance(self.hours, HourBand) else None


@content_kind("levels-of-care")
class LevelsOfCare(ContentFile):
    """The levels of care, from least to most intensive, and the adolescent IOP minimum.

    Rules beyond types: codes are unique and in increasing order; the hour bands of the
    levels that have one meet end to end (each band's ``max`` is the next band's ``min``,
    starting at 0 and ending open), and the adolescent IOP minimum lies inside the band
    below intensive outpatient.
    """

    kind: Literal["levels-of-care"]
    title: Text
    intensive_outpatient: LevelCode
    """The code of intensive outpatient care (IOP), whose minimum the adolescent one lowers."""
    adolescent_iop_min_hours: float = Field(gt=0, le=MAX_WEEKLY_HOURS)
    """Weekly hours at which intensive outpatient care starts for adolescents."""
    adolescent_cite: Citations
    levels: list[CareLevel] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> LevelsOfCare:
        codes = [level.code for level in self.levels]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"duplicate level code(s) {', '.join(dupes)}")
        numbers = [float(c) for c in codes]
        if numbers != sorted(numbers):
            raise ValueError(f"levels must run from least to most intensive (increasing "
                             f"codes); got {', '.join(codes)}")
        if self.intensive_outpatient not in codes:
            raise ValueError(f"intensive_outpatient {self.intensive_outpatient!r} is not "
                             f"one of the levels ({', '.join(codes)})")
        banded = [level for level in self.levels if level.band is not None]
        if banded:
            if banded[0].band.min != 0:  # type: ignore[union-attr]
                raise ValueError(f"the first hour band (Level {banded[0].code}) must start "
                                 f"at 0 hours, not {banded[0].band.min:g}")  # type: ignore[union-attr]
            for lower, upper in zip(banded, banded[1:], strict=False):
                if lower.band.max != upper.band.min:  # type: ignore[union-attr]
                    raise ValueError(
                        f"hour bands must meet end to end: Level {lower.code} ends at "
                        f"{lower.band.max} hours but Level {upper.code} starts at "  # type: ignore[union-attr]
                        f"{upper.band.min:g}")  # type: ignore[union-attr]
            if banded[-1].band.max is not None:  # type: ignore[union-attr]
                raise ValueError(f"the last hour band (Level {banded[-1].code}) must be "
                                 f"open-ended (no max)")
        iop = self.level(self.intensive_outpatient).band
        if iop is None:
            raise ValueError(f"intensive outpatient (Level {self.intensive_outpatient}) "
                             f"needs an hour band")
        if not 0 < self.adolescent_iop_min_hours <= iop.min:
            raise ValueError(f"adolescent_iop_min_hours ({self.adolescent_iop_min_hours:g}) "
                             f"must be above 0 and at most the adult IOP minimum "
                             f"({iop.min:g})")
        return self

    def level(self, code: str) -> CareLevel:
        """The level with this code (``KeyError`` naming the codes there are)."""
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(f"no level {code!r}; levels are "
                       f"{', '.join(lv.code for lv in self.levels)}")

    @property
    def codes(self) -> tuple[str, ...]:
        """Every level's code, least intensive first."""
        return tuple(level.code for level in self.levels)

    @property
    def teaching_model_levels(self) -> tuple[CareLevel, ...]:
        """The levels the Module 2 teaching model can recommend, least intensive first."""
        return tuple(level for level in self.levels if level.in_teaching_model)

    def iop_min_hours(self, *, adolescent: bool = False) -> float:
        """Weekly hours at which intensive outpatient care starts.

        Raises
        ------
        ValueError
            When ``adolescent`` is not a boolean (``"no"`` is not ``False``).
        """
        if not is_bool(adolescent):
            raise ValueError(f"adolescent must be True or False, got {adolescent!r:.40}")
        if adolescent:
            return self.adolescent_iop_min_hours
        return self.level(self.intensive_outpatient).band.min  # type: ignore[union-attr]

    def iop_max_hours(self) -> float | None:
        """Weekly hours at which intensive outpatient care ends and the next level starts
        (``None`` if the band were open-ended)."""
        return self.level(self.intensive_outpatient).band.max  # type: ignore[union-attr]

    def refs(self) -> Iterable[Ref]:
        """Every citation key must be in references.bib."""
        for i, key in enumerate(self.adolescent_cite):
            yield Ref("cite", key, self.id, f"adolescent_cite.{i}")
        for level in self.levels:
            for i, key in enumerate(level.cite):
                yield Ref("cite", key, f"level {level.code}", f"cite.{i}")
            if level.band is not None:
                for i, key in enumerate(level.band.cite):
                    yield Ref("cite", key, f"level {level.code}", f"hours.cite.{i}")


def _unique(values: Iterable[str], what: str) -> None:
    values = list(values)
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"duplicate {what} {', '.join(dupes)}")


# ------------------------------------------------------------ the teaching model

DimensionKey = Annotated[str, StringConstraints(pattern=r"^[a-z]+(_[a-z]+)*$", max_length=40)]
"""A dimension key: lower-case words joined by underscores (``relapse_potential``)."""

ConditionText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
"""A condition in the teaching model's condition language (parsed when the model is
built: :mod:`widgets.level_of_care.model.condition`)."""


class DimensionSpec(ContentModel):
    """One assessment dimension."""

    key: DimensionKey
    name: Text
    """The dimension's name in the ASAM Criteria, 3rd edition."""
    short_name: Text
    """For controls, tables and charts ("Relapse potential")."""
    focus: Text
    """What the dimension asks about, in the module's own words."""


class RatingAnchor(ContentModel):
    """The model's words for one point of the rating scale."""

    rating: int = Field(ge=0, le=10)
    anchor: Text


class RuleSpec(ContentModel):
    """A rule: when its condition holds, the level is at least ``level``."""

    id: Id
    when: ConditionText
    level: LevelCode
    why: Text
    applies_to: Literal["everyone", "adults", "adolescents"] = "everyone"
    cite: Citations


class PrerequisiteSpec(ContentModel):
    """What a client needs before (or instead of) a placement when ``when`` holds."""

    id: Id
    when: ConditionText
    first: Text
    """A noun phrase: "A medical withdrawal-risk assessment"."""
    says: Text
    """The explanation shown with every recommendation it applies to."""
    unless_level: LevelCode | None = None
    """Not needed when the recommended level is this one or more intensive."""
    instead_of_placement: bool = False
    """An emergency that replaces the placement decision."""
    cite: Citations


@content_kind("placement-model")
class PlacementModelSpec(ContentFile):
    """The teaching model's data (``placement-rules.yaml``).

    Rules beyond types: dimension keys, rule ids and prerequisite ids are unique, and the
    rating anchors run 0, 1, 2 ... without gaps.
    """

    kind: Literal["placement-model"]
    name: Text
    note: Text
    """One sentence shown next to every output: the model is not the ASAM Criteria."""
    dimensions: list[DimensionSpec] = Field(min_length=1, max_length=12)
    ratings: list[RatingAnchor] = Field(min_length=2, max_length=11)
    rules: list[RuleSpec] = Field(min_length=1, max_length=200)
    prerequisites: list[PrerequisiteSpec] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _consistent(self) -> PlacementModelSpec:
        _unique((d.key for d in self.dimensions), "dimension key(s)")
        _unique((r.id for r in self.rules), "rule id(s)")
        _unique((p.id for p in self.prerequisites), "prerequisite id(s)")
        points = [a.rating for a in self.ratings]
        if points != list(range(len(points))):
            raise ValueError(f"ratings must run 0, 1, 2 ... without gaps, in order; got "
                             f"{', '.join(map(str, points))}")
        return self

    def refs(self) -> Iterable[Ref]:
        """Every citation key must be in references.bib."""
        for entry in [*self.rules, *self.prerequisites]:
            for i, key in enumerate(entry.cite):
                yield Ref("cite", key, entry.id, f"cite.{i}")


# ------------------------------------------------------------------------- cases

_RECORD_LIKE: tuple[tuple[str, str], ...] = (
    (r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", "a calendar date"),
    (r"\b(19|20)\d\d-\d\d-\d\d\b", "a calendar date"),
    (r"\b(January|February|March|April|May|June|July|August|September|October|November|"
     r"December) \d{1,2}\b", "a calendar date"),
    (r"\b\d{6,}\b", "a long number that could be a record number"),
    (r"\b(DOB|MRN|SSN)\b|date of birth|record number|social security", "a record detail"),
)


def check_text(text: str) -> str:
    """Reject stigmatizing terms and record-like details in a content text."""
    for pattern, prefer in AVOID_TERMS:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            raise ValueError(f"uses the term {found.group(0)!r}, which the curriculum "
                             f"avoids; write {prefer!r} instead (person-first language)")
    for pattern, what in _RECORD_LIKE:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            raise ValueError(f"contains {found.group(0)!r}, which looks like {what}; "
                             f"cases are fictional and carry no dates, names or record "
                             f"numbers")
    return text


CaseText = Annotated[str, Field(min_length=1), AfterValidator(check_text)]
"""A non-empty text in person-first language with no record-like details."""


def case_text(max_length: int) -> Any:
    """:data:`CaseText` of at most ``max_length`` characters."""
    return Annotated[str, Field(min_length=1, max_length=max_length),
                     AfterValidator(check_text)]


ShortRationale = case_text(400)
Title = case_text(80)
Summary = case_text(200)


class DimensionAssessment(ContentModel):
    """What the assessment found in one dimension, and the expert's rating of it."""

    facts: list[CaseText] = Field(min_length=1)
    rating: int = Field(ge=0, le=4)
    rationale: ShortRationale

    @field_validator("rationale")
    @classmethod
    def _one_or_two_sentences(cls, text: str) -> str:
        sentences = len(re.findall(r"[.!?](?=\s|$)", text.strip()))
        if sentences > 2:
            raise ValueError(f"expected a rationale of one or two sentences; found "
                             f"{sentences}")
        return text


@content_kind("case")
class Case(ContentFile):
    """A fictional teaching case for the level-of-care simulator.

    ``dimensions`` maps every dimension of the teaching model, in order, to what the
    assessment found; ``role: exercise`` keeps a case out of the simulator's list (it is
    the "rate this new case" exercise).  Which dimensions there are, which levels exist
    and whether the model agrees with the expert are checked against the teaching model
    (:mod:`widgets.level_of_care.content`).
    """

    kind: Literal["case"]
    role: Literal["simulator", "exercise"] = "simulator"
    label: Literal["Fictional teaching case"]
    title: Title
    summary: Summary
    adolescent: bool = False
    topics: list[CaseText] = Field(min_length=1)
    vignette: CaseText
    dimensions: dict[DimensionKey, DimensionAssessment] = Field(min_length=1, max_length=12)
    expert_level: LevelCode
    expert_summary: CaseText
    model_departure: CaseText | None = None
    """Why the expert's level differs from the model's (only when it does)."""
    teaching_points: list[CaseText] = Field(min_length=1)
    cite: Citations

    def expert_ratings(self) -> dict[str, int]:
        """The expert's rating of each dimension."""
        return {d: assessment.rating for d, assessment in self.dimensions.items()}

    def refs(self) -> Iterable[Ref]:
        """Every citation key must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")


# ------------------------------------------------------------ continued-stay reviews

Decision = Literal["continue", "step-down", "step-up", "transition-to-aftercare"]
DECISIONS: tuple[str, ...] = ("continue", "step-down", "step-up", "transition-to-aftercare")
"""The four decisions of a continued-stay review, in display order."""


class Attendance(ContentModel):
    """Sessions attended out of sessions scheduled in one week."""

    attended: int = Field(ge=0, le=50)
    scheduled: int = Field(ge=1, le=50)

    @model_validator(mode="after")
    def _not_more_than_scheduled(self) -> Attendance:
        if self.attended > self.scheduled:
            raise ValueError(f"attended ({self.attended}) cannot exceed scheduled "
                             f"({self.scheduled})")
        return self


class Week(ContentModel):
    """What happened in one week of care."""

    week: int = Field(ge=1)
    level: LevelCode
    attendance: Attendance
    toxicology: Literal["negative", "positive", "not-collected"]
    toxicology_note: CaseText | None = None
    cravings: int = Field(ge=0, le=10)
    housing: CaseText
    mood: CaseText
    note: CaseText | None = None


class ReviewPoint(ContentModel):
    """A review at the end of one week: the expert's decision and feedback on each choice."""

    week: int = Field(ge=1)
    prompt: CaseText
    expert: Decision
    rationale: CaseText
    feedback: dict[Decision, CaseText]
    cite: Citations

    @field_validator("feedback")
    @classmethod
    def _every_decision(cls, feedback: dict[str, str]) -> dict[str, str]:
        missing = [d for d in DECISIONS if d not in feedback]
        if missing:
            raise ValueError(f"needs feedback for every decision; missing: "
                             f"{', '.join(missing)}")
        return feedback


@content_kind("continued-stay-review")
class StayReview(ContentFile):
    """One client's weeks in care with review points (field order matters: weeks first).

    Rules beyond types: 8 to 12 weeks, numbered 1, 2, 3 ... without gaps; review points
    fall on weeks of the timeline, in order; the level only changes in the week after a
    review, stays the same after "continue", and "transition-to-aftercare" ends the
    timeline.  That a step up goes to a more intensive level (and a step down to a less
    intensive one) is checked against the levels of care in
    :mod:`widgets.level_of_care.content`.
    """

    kind: Literal["continued-stay-review"]
    label: Literal["Fictional teaching case"]
    title: Title
    summary: Summary
    client: CaseText
    goals: list[CaseText] = Field(min_length=1)
    weeks: list[Week] = Field(min_length=8, max_length=12)
    reviews: list[ReviewPoint] = Field(min_length=2)
    teaching_points: list[CaseText] = Field(min_length=1)

    @field_validator("weeks")
    @classmethod
    def _numbered(cls, weeks: list[Week]) -> list[Week]:
        for n, week in enumerate(weeks, start=1):
            if week.week != n:
                raise ValueError(f"weeks must be numbered 1, 2, 3 ... without gaps; "
                                 f"entry {n - 1} is week {week.week}, expected week {n}")
        return weeks

    @field_validator("reviews")
    @classmethod
    def _follow_timeline(cls, reviews: list[ReviewPoint], info: Any) -> list[ReviewPoint]:
        weeks: list[Week] | None = info.data.get("weeks")
        if weeks is None:  # already reported on weeks
            return reviews
        last = len(weeks)
        previous = 0
        for review in reviews:
            if review.week <= previous:
                raise ValueError(f"review weeks must increase; week {review.week} comes "
                                 f"after week {previous}")
            if review.week > last:
                raise ValueError(f"the review at week {review.week} is after the last week "
                                 f"of the timeline (week {last})")
            previous = review.week
        by_week = {r.week: r for r in reviews}
        for before, after in zip(weeks, weeks[1:], strict=False):
            review = by_week.get(before.week)
            changed = after.level != before.level
            if review is None:
                if changed:
                    raise ValueError(f"the level changes from {before.level} in week "
                                     f"{before.week} to {after.level} in week {after.week} "
                                     f"without a review at week {before.week}")
            elif review.expert == "transition-to-aftercare":
                raise ValueError(f"the review at week {review.week} transitions to "
                                 f"aftercare, so the timeline must end at week "
                                 f"{review.week} (it runs to week {last})")
            elif (review.expert == "continue") == changed:
                raise ValueError(f"the review at week {review.week} decides "
                                 f"{review.expert!r} but the level goes from {before.level} "
                                 f"to {after.level} in week {after.week}")
        return reviews

    def refs(self) -> Iterable[Ref]:
        """Every review's citation keys must be in references.bib."""
        for review in self.reviews:
            for i, key in enumerate(review.cite):
                yield Ref("cite", key, self.id, f"reviews.week-{review.week}.cite.{i}")
