"""Schema of ``kind: rp-vignette`` files: a short relapse-prevention vignette to analyse.

A vignette is a fictional teaching case told in numbered sentences.  The learner names
the sentence(s) that describe the **high-risk situation** and the **coping response**
(Module 5, exercise 1).  Rules, each an error naming file, entry and field:

- sentence ids unique within the vignette;
- every answer id is the id of a sentence (``answers.<part>.<n>``);
- a sentence is not both the high-risk situation and the coping response;
- at least one citation key, each in ``references.bib``;
- unknown keys and wrong types anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = ["Answers", "Sentence", "Vignette"]

Text = Annotated[str, Field(min_length=1)]


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
    module: Id
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
                _fail(("sentences", i, "id"), f"duplicate sentence id {ident!r}; sentence ids "
                                              f"must be unique within a vignette")
        for part in ("high_risk_situation", "coping_response"):
            for n, ident in enumerate(getattr(self.answers, part)):
                if ident not in ids:
                    _fail(("answers", part, n), f"{ident!r} is not the id of a sentence; "
                                                f"sentences are {', '.join(ids)}")
        for n, ident in enumerate(self.answers.coping_response):
            if ident in self.answers.high_risk_situation:
                _fail(("answers", "coping_response", n),
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


def _fail(loc: tuple[str | int, ...], message: str) -> None:
    """Raise a validation error at ``loc`` (so the error names the exact field)."""
    text = f"Value error, {message}".replace("{", "{{").replace("}", "}}")
    raise ValidationError.from_exception_data(
        "Vignette", [InitErrorDetails(type=PydanticCustomError("value_error", text), loc=loc,
                                      input=None)])
