"""Schema of ``kind: withdrawal-case`` files: fictional vignettes scored on COWS or CIWA-Ar.

A case carries the answer key (a rating for every item of its scale), the total and band
those ratings give (checked, so an author's arithmetic slip is an error), and one
question with per-option feedback, graded like a knowledge-check question.

Rules checked here, each with a broken fixture in ``tests/fixtures/withdrawal_cases/``:
the label is exactly "Fictional teaching case"; ``order`` is not negative; ``ratings``
has every item of the scale and only allowed values (whole numbers); ``notes`` name only
items of the scale; ``band_set`` names a published band set of the scale; ``total`` and
``band`` match the ratings; the question is single-choice; citation keys (case and
question) are in ``references.bib``; unknown and missing fields are errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from widgets.core.content_schema import ContentFile, Id, Ref, content_kind
from widgets.knowledge_check.schemas import Question
from widgets.withdrawal import SCALES, check_answers, resolve_bands

FICTIONAL_LABEL = "Fictional teaching case"


@content_kind("withdrawal-case")
class WithdrawalCase(ContentFile):
    """A fictional withdrawal-scale teaching case with its answer key and a question."""

    kind: Literal["withdrawal-case"]
    module: Id
    scale: Literal["cows", "ciwa-ar"]
    purpose: Literal["teaching", "exercise"] = "teaching"
    order: int = Field(default=0, ge=0)
    """Position among the scale's cases in the form (lower first; ties keep file order)."""
    label: Literal["Fictional teaching case"]
    title: str = Field(min_length=1)
    vignette: str = Field(min_length=1)
    ratings: dict[str, int]
    notes: dict[str, str] = Field(default_factory=dict)
    band_set: str | None = None
    total: int
    band: str = Field(min_length=1)
    question: Question
    cite: list[str] = Field(min_length=1)

    @field_validator("ratings")
    @classmethod
    def _ratings_fit_scale(cls, ratings: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        scale = info.data.get("scale")
        if scale is not None:
            check_answers(scale, ratings)
        return ratings

    @field_validator("notes")
    @classmethod
    def _notes_name_items(cls, notes: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        scale = info.data.get("scale")
        if scale is not None:
            items = SCALES[scale].items
            unknown = [k for k in notes if k not in items]
            if unknown:
                raise ValueError(f"note for unknown item {unknown[0]!r}; the items are "
                                 f"{', '.join(items)}")
        return notes

    @field_validator("band_set")
    @classmethod
    def _band_set_exists(cls, name: str | None, info: ValidationInfo) -> str | None:
        scale = info.data.get("scale")
        if name is not None and scale is not None:
            sets = SCALES[scale].band_sets
            if name not in sets:
                raise ValueError(f"unknown band set {name!r} for {SCALES[scale].name}; "
                                 f"expected one of: {', '.join(sets)}")
        return name

    @field_validator("total")
    @classmethod
    def _total_matches(cls, total: int, info: ValidationInfo) -> int:
        ratings = info.data.get("ratings")
        if ratings is not None and sum(ratings.values()) != total:
            raise ValueError(f"the ratings add up to {sum(ratings.values())}, not {total}")
        return total

    @field_validator("band")
    @classmethod
    def _band_matches(cls, band: str, info: ValidationInfo) -> str:
        scale, total = info.data.get("scale"), info.data.get("total")
        if scale is not None and total is not None and "band_set" in info.data:
            bands = resolve_bands(scale, info.data["band_set"])
            expected = bands.classify(total).label
            if band != expected:
                raise ValueError(f"a total of {total} is {expected!r} under {bands.title}, "
                                 f"not {band!r}")
        return band

    @field_validator("question")
    @classmethod
    def _single_choice(cls, question: Question) -> Question:
        if question.type != "single":
            raise ValueError("the case question must be single-choice (type: single), got "
                             f"{question.type!r}")
        return question

    @property
    def band_set_name(self) -> str:
        """The band set the case's band refers to (the scale's default when unset)."""
        return resolve_bands(self.scale, self.band_set).name

    def refs(self) -> Iterable[Ref]:
        """The case's and its question's citation keys must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")
        for i, key in enumerate(self.question.cite):
            yield Ref("cite", key, self.question.id, f"question.cite.{i}")
