"""Schema of ``kind: continued-stay-review`` files: one client's weeks in care (Module 2).

A review file follows one fictional client week by week (attendance, toxicology result,
cravings, housing, mood) and stops at review points where the trainee decides to
continue, step down, step up or transition to aftercare.  Rules beyond types:

- 8 to 12 weeks, numbered 1, 2, 3 ... without gaps; attended sessions never exceed the
  scheduled ones; cravings are the client's own 0-10 rating;
- review points fall on weeks of the timeline, in order, and give feedback for every one
  of the four decisions;
- the timeline obeys the expert: the level only changes in the week after a review, and
  then in the direction the expert decided (same level after "continue", a more intensive
  one after "step-up", a less intensive one after "step-down"); "transition-to-aftercare"
  ends the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Ref, content_kind
from widgets.level_of_care import LEVELS, level_index
from widgets.schemas.case import CaseText, Summary, Title

__all__ = ["DECISIONS", "Attendance", "ReviewPoint", "StayReview", "Week"]

Decision = Literal["continue", "step-down", "step-up", "transition-to-aftercare"]
DECISIONS: tuple[str, ...] = ("continue", "step-down", "step-up", "transition-to-aftercare")
"""The four decisions of a continued-stay review, in display order."""


class Attendance(ContentModel):
    """Sessions attended out of sessions scheduled in one week."""

    attended: int = Field(ge=0)
    scheduled: int = Field(ge=1)

    @model_validator(mode="after")
    def _not_more_than_scheduled(self) -> Attendance:
        if self.attended > self.scheduled:
            raise ValueError(f"attended ({self.attended}) cannot exceed scheduled "
                             f"({self.scheduled})")
        return self


class Week(ContentModel):
    """What happened in one week of care."""

    week: int = Field(ge=1)
    level: str
    attendance: Attendance
    toxicology: Literal["negative", "positive", "not-collected"]
    toxicology_note: CaseText | None = None
    cravings: int = Field(ge=0, le=10)
    housing: CaseText
    mood: CaseText
    note: CaseText | None = None

    @field_validator("level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        if level not in LEVELS:
            raise ValueError(f"expected one of {', '.join(LEVELS)}; got {level!r}")
        return level


class ReviewPoint(ContentModel):
    """A review at the end of one week: the expert's decision and feedback on each choice."""

    week: int = Field(ge=1)
    prompt: CaseText
    expert: Decision
    rationale: CaseText
    feedback: dict[Decision, CaseText]
    cite: list[str] = Field(min_length=1)

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
    """One client's weeks in care with review points (field order matters: weeks first)."""

    kind: Literal["continued-stay-review"]
    module: Literal["m02"]
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
    def _follow_timeline(cls, reviews: list[ReviewPoint],
                         info: ValidationInfo) -> list[ReviewPoint]:
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
            step = level_index(after.level) - level_index(before.level)
            if review is None:
                if step:
                    raise ValueError(f"the level changes from {before.level} in week "
                                     f"{before.week} to {after.level} in week {after.week} "
                                     f"without a review at week {before.week}")
                continue
            expected = {"continue": step == 0, "step-up": step > 0, "step-down": step < 0,
                        "transition-to-aftercare": False}[review.expert]
            if not expected:
                if review.expert == "transition-to-aftercare":
                    raise ValueError(f"the review at week {review.week} transitions to "
                                     f"aftercare, so the timeline must end at week "
                                     f"{review.week} (it runs to week {last})")
                raise ValueError(f"the review at week {review.week} decides "
                                 f"{review.expert!r} but the level goes from {before.level} "
                                 f"to {after.level} in week {after.week}")
        return reviews

    def refs(self) -> Iterable[Ref]:
        """Every review's citation keys must be in references.bib."""
        for review in self.reviews:
            for i, key in enumerate(review.cite):
                yield Ref("cite", key, self.id, f"reviews.week-{review.week}.cite.{i}")
