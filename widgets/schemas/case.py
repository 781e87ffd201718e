"""Schema of ``kind: case`` files: fictional level-of-care teaching cases (Module 2).

A case holds an intake vignette, the facts that bear on each of the six dimensions, the
expert's rating (0-4) with a short rationale per dimension, the expert's level of care
and teaching points.  Rules beyond types:

- ``label`` is exactly "Fictional teaching case";
- every text is free of record-like details (dates, long numbers, "DOB", "MRN") and of
  the stigmatizing terms the curriculum avoids (:data:`AVOID_TERMS`); the error names the
  term and the person-first alternative;
- ``expert_level`` is a level the teaching model knows (:data:`widgets.level_of_care.LEVELS`);
- the teaching model, given the expert's ratings, recommends the expert's level, or
  ``model_departure`` explains why the expert departs from it; when they agree,
  ``model_departure`` must be absent, so an explanation never goes stale.

:data:`CaseText` is reused by the other Module 2 schemas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from widgets.core.content_schema import ContentFile, ContentModel, Ref, content_kind
from widgets.core.language import AVOID_TERMS  # re-exported for callers of this schema
from widgets.level_of_care import DIMENSIONS, LEVELS, recommend

__all__ = ["AVOID_TERMS", "Case", "CaseText", "DimensionAssessment", "Dimensions",
           "Summary", "Title", "check_text", "case_text"]


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


class Dimensions(ContentModel):
    """The six dimensions of the ASAM Criteria (3rd edition), every one required."""

    intoxication_withdrawal: DimensionAssessment
    biomedical: DimensionAssessment
    emotional_behavioral: DimensionAssessment
    readiness_to_change: DimensionAssessment
    relapse_potential: DimensionAssessment
    recovery_environment: DimensionAssessment


@content_kind("case")
class Case(ContentFile):
    """A fictional teaching case for the level-of-care simulator.

    ``role: exercise`` keeps a case out of the simulator's list (it is the "rate this new
    case" exercise).  Field order matters: ``model_departure`` is checked after the
    ratings and the expert's level it refers to.
    """

    kind: Literal["case"]
    module: Literal["m02"]
    role: Literal["simulator", "exercise"] = "simulator"
    label: Literal["Fictional teaching case"]
    title: Title
    summary: Summary
    adolescent: bool = False
    topics: list[CaseText] = Field(min_length=1)
    vignette: CaseText
    dimensions: Dimensions
    expert_level: str
    expert_summary: CaseText
    model_departure: CaseText | None = Field(default=None, validate_default=True)
    teaching_points: list[CaseText] = Field(min_length=1)
    cite: list[str] = Field(min_length=1)

    @field_validator("expert_level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        if level not in LEVELS:
            raise ValueError(f"expected one of the teaching model's levels "
                             f"{', '.join(LEVELS)}; got {level!r}")
        return level

    @field_validator("model_departure")
    @classmethod
    def _departure_explained(cls, departure: str | None, info: ValidationInfo) -> str | None:
        dims, level = info.data.get("dimensions"), info.data.get("expert_level")
        if dims is None or level is None:  # already reported on those fields
            return departure
        ratings = {d: getattr(dims, d).rating for d in DIMENSIONS}
        model = recommend(ratings, adolescent=info.data.get("adolescent", False))
        if model.level != level and departure is None:
            raise ValueError(
                f"is required here: the teaching model recommends Level {model.level} for "
                f"the expert's ratings but expert_level is {level}; explain why the expert "
                f"departs from the model (or correct the ratings or the level)")
        if model.level == level and departure is not None:
            raise ValueError(
                f"must be absent: the teaching model agrees with the expert (Level "
                f"{level}); remove model_departure")
        return departure

    def expert_ratings(self) -> dict[str, int]:
        """The expert's rating of each dimension."""
        return {d: getattr(self.dimensions, d).rating for d in DIMENSIONS}

    def refs(self) -> Iterable[Ref]:
        """Every citation key must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")
