"""Content kind of the pharmacology topic: ``kind: half-life-ranges``.

``curriculum/04_mat_basics/half-lives.yaml`` gives, per medication, the half-life as the
fact base reports it: the reported ranges with their sources, their envelope (which the
dosing explorer's slider stays within) and an illustrative value inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field, field_validator, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = ["HalfLifeRangeSpec", "HalfLifeRanges"]

Hours = Field(gt=0)
"""A half-life in hours (the model's own bounds are checked in ``content.py``)."""


class HalfLifeRangeSpec(ContentModel):
    """One medication's half-life: the reported ranges, their envelope, their sources."""

    id: Id
    """The medication, e.g. ``methadone``."""
    low_h: float = Hours
    high_h: float = Hours
    reported: list[str] = Field(min_length=1)
    """The ranges as the sources report them, for display."""
    wording: str = Field(min_length=1)
    """How the fact base lets us phrase it."""
    illustrative_h: float = Hours
    """An illustrative half-life inside the range (where the explorer starts)."""
    cite: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> HalfLifeRangeSpec:
        if not self.low_h < self.high_h:
            raise ValueError(f"low_h ({self.low_h:g}) must be below high_h ({self.high_h:g})")
        if not self.low_h <= self.illustrative_h <= self.high_h:
            raise ValueError(f"illustrative_h ({self.illustrative_h:g}) must lie in the range "
                             f"{self.low_h:g}-{self.high_h:g} h")
        return self


@content_kind("half-life-ranges")
class HalfLifeRanges(ContentFile):
    """The half-life ranges of the medications the dosing explorer shows."""

    kind: Literal["half-life-ranges"]
    medications: list[HalfLifeRangeSpec] = Field(min_length=1)

    @field_validator("medications")
    @classmethod
    def _unique(cls, medications: list[HalfLifeRangeSpec]) -> list[HalfLifeRangeSpec]:
        ids = [m.id for m in medications]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate medication id(s) {', '.join(dupes)}")
        return medications

    def refs(self) -> Iterable[Ref]:
        """Every medication's citation keys must be in references.bib."""
        for medication in self.medications:
            for i, key in enumerate(medication.cite):
                yield Ref("cite", key, medication.id, f"cite.{i}")
