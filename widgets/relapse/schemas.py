"""Content kinds of Module 5: relapse-prevention vignettes and the plan's worksheet.

``kind: rp-vignette``
    A fictional teaching case told in numbered sentences.  The learner names the
    sentence(s) that describe the **high-risk situation** and the **coping response**
    (exercise m05-ex1).  Rules, each an error naming file, entry and field: sentence ids
    unique; every answer id is the id of a sentence (``answers.<part>.<n>``); a sentence is
    not both the high-risk situation and the coping response; at least one citation key,
    each in ``references.bib``; no unknown keys or wrong types anywhere.

``kind: relapse-plan``
    The relapse-prevention plan's worksheet: its title, the crisis and emergency lines
    always printed, and each section's heading, prompt, the gentle note shown when it is
    empty, lines always printed under it (with their sources), and suggestions made when
    the client's entries leave a point out.  A clinician rewords the worksheet here, not
    in Python; :mod:`widgets.relapse.content` checks that the sections are exactly the
    plan's fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = ["Answers", "FixedLine", "PlanSection", "PlanTemplate", "Sentence", "Suggestion",
           "Vignette"]

def _matching(pattern: str, what: str) -> AfterValidator:
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise ValueError(f"expected {what}, got {value!r}")
        return value

    return AfterValidator(check)


Text = Annotated[str, Field(min_length=1)]
FieldName = Annotated[str, _matching(r"[a-z]+(_[a-z]+)*", "a plan field's name (lower-case "
                                     "words joined by underscores, e.g. 'warning_signs')")]
"""A plan field's Python name: lower-case words joined by underscores."""
Word = Annotated[str, _matching(r"[a-z0-9][a-z0-9' -]*", "a lower-case word or phrase "
                                "(letters, digits, spaces, hyphens, apostrophes)")]
"""A lower-case word or phrase that shows a point is covered (matched at a word start)."""


# ------------------------------------------------------------------- vignettes


class Sentence(ContentModel):
    """One numbered sentence of the vignette, with what it shows (for feedback)."""

    id: Id
    text: Text
    note: Text
    """What the sentence shows in the model, given as feedback when it is chosen wrongly."""


class Answers(ContentModel):
    """The sentence ids that make up each part of the analysis."""

    high_risk_situation: list[Id] = Field(min_length=1)
    coping_response: list[Id] = Field(min_length=1)


@content_kind("rp-vignette")
class Vignette(ContentFile):
    """A fictional vignette with the high-risk situation and coping response marked."""

    kind: Literal["rp-vignette"]
    title: Text
    label: Literal["Fictional teaching case"]
    sentences: list[Sentence] = Field(min_length=2)
    answers: Answers
    explanation: Text
    cite: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _answers_are_sentences(self) -> Vignette:
        ids = [s.id for s in self.sentences]
        for i, ident in enumerate(ids):
            if ids.index(ident) != i:
                _fail("Vignette", ("sentences", i, "id"),
                      f"duplicate sentence id {ident!r}; sentence ids must be unique "
                      f"within a vignette")
        for part in ("high_risk_situation", "coping_response"):
            for n, ident in enumerate(getattr(self.answers, part)):
                if ident not in ids:
                    _fail("Vignette", ("answers", part, n),
                          f"{ident!r} is not the id of a sentence; sentences are "
                          f"{', '.join(ids)}")
        for n, ident in enumerate(self.answers.coping_response):
            if ident in self.answers.high_risk_situation:
                _fail("Vignette", ("answers", "coping_response", n),
                      f"sentence {ident!r} is already the high-risk situation; a sentence "
                      f"cannot be both the high-risk situation and the coping response")
        return self

    def refs(self) -> Iterable[Ref]:
        """Every citation key must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")

    def sentence(self, ident: str) -> Sentence:
        """The sentence with this id."""
        for s in self.sentences:
            if s.id == ident:
                return s
        raise KeyError(f"vignette {self.id!r} has no sentence {ident!r}")


# ------------------------------------------------------------------ the plan


class FixedLine(ContentModel):
    """A line printed under a section on every plan, with the sources it rests on."""

    text: Text
    cite: list[str] = Field(min_length=1)


class Suggestion(ContentModel):
    """A gentle suggestion made when none of a section's entries mentions a point.

    The point counts as covered when an entry has a word starting with one of ``words``
    (case does not matter: ``prescrib`` matches "prescribes" and "prescriber").
    """

    words: list[Word] = Field(min_length=1)
    note: Text


class PlanSection(ContentModel):
    """One part of the plan, in the order it is shown and printed."""

    field: FieldName
    """The plan's field that holds the client's entries for this part."""
    heading: Text
    prompt: Text
    """What to write here, shown in the builder and printed under the heading."""
    empty_note: Text
    """The gentle note when the section is empty."""
    empty_level: Literal["missing", "suggestion"] = "missing"
    """``missing``: an empty section leaves the plan unfinished; ``suggestion``: it does
    not (the crisis resources, which always carry the crisis line)."""
    always: list[FixedLine] = []
    suggestions: list[Suggestion] = []


@content_kind("relapse-plan")
class PlanTemplate(ContentFile):
    """The relapse-prevention plan's worksheet (one per curriculum)."""

    kind: Literal["relapse-plan"]
    title: Text
    footer: Text
    crisis_line: Text
    """Printed first under the crisis resources of every plan (988)."""
    crisis_field: FieldName
    """The section the crisis line heads."""
    emergency_line: Text
    """Printed at the end of every plan (911)."""
    sections: list[PlanSection] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> PlanTemplate:
        names = [s.field for s in self.sections]
        for i, name in enumerate(names):
            if names.index(name) != i:
                _fail("PlanTemplate", ("sections", i, "field"),
                      f"section {name!r} is listed twice; each plan field has one section")
        if self.crisis_field not in names:
            _fail("PlanTemplate", ("crisis_field",),
                  f"{self.crisis_field!r} is not one of the sections ({', '.join(names)})")
        if "988" not in self.crisis_line:
            _fail("PlanTemplate", ("crisis_line",), "the crisis line must give 988")
        if "911" not in self.emergency_line:
            _fail("PlanTemplate", ("emergency_line",), "the emergency line must give 911")
        return self

    def refs(self) -> Iterable[Ref]:
        """Every citation key of a fixed line must be in references.bib."""
        for i, section in enumerate(self.sections):
            for j, line in enumerate(section.always):
                for k, key in enumerate(line.cite):
                    yield Ref("cite", key, self.id, f"sections.{i}.always.{j}.cite.{k}")

    def section(self, field: str) -> PlanSection:
        """The section of this plan field."""
        for s in self.sections:
            if s.field == field:
                return s
        raise KeyError(f"the plan has no section {field!r}; sections are "
                       f"{', '.join(s.field for s in self.sections)}")


def _fail(model: str, loc: tuple[str | int, ...], message: str) -> None:
    """Raise a validation error at ``loc`` (so the error names the exact field)."""
    text = f"Value error, {message}".replace("{", "{{").replace("}", "}}")
    raise ValidationError.from_exception_data(
        model, [InitErrorDetails(type=PydanticCustomError("value_error", text), loc=loc,
                                 input=None)])
