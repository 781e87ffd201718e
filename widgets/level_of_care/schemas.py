"""Content kinds of the level-of-care topic (Modules 1 and 2).

``kind: levels-of-care``
    The levels of care of the ASAM Criteria, 3rd edition: code, name as published, the
    short name figures use, setting, the weekly hours a level is commonly described with
    (adults; adolescents enter IOP at a lower minimum), whether the teaching model can
    recommend it, and the sources of each fact.  One file,
    ``curriculum/02_level_of_care/levels-of-care.yaml``; read it with
    :func:`widgets.level_of_care.levels_of_care`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Ref, content_kind

__all__ = ["CareLevel", "HourBand", "LevelsOfCare", "Text"]

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""A non-empty text."""

Citations = Annotated[list[str], Field(min_length=1)]
"""Keys of ``references.bib`` (at least one)."""

LevelCode = Annotated[str, StringConstraints(pattern=r"^[0-9](\.[0-9])?$")]
"""A level number as the ASAM Criteria, 3rd edition, writes it: ``"1"``, ``"2.1"``."""

MAX_WEEKLY_HOURS = 168
"""Hours in a week: no band reaches beyond it."""


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
        """Whether ``hours`` a week fall in this band (``min <= hours < max``)."""
        return self.min <= hours and (self.max is None or hours < self.max)


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
        """Weekly hours at which intensive outpatient care starts."""
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
