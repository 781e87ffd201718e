"""The curriculum's half-life ranges, read once on first use, and their check against the
model (every range end must be a half-life the model accepts)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from widgets.core.content import CheckContext, ContentError, content_check, load
from widgets.core.content import content_root as _content_root
from widgets.pharmacology.model import HalfLifeRange, dosing_summary
from widgets.pharmacology.schemas import HalfLifeRanges

__all__ = ["HALF_LIVES", "half_life_range", "half_life_ranges"]

HALF_LIVES = "half-lives"
"""The id of the curriculum's ``half-life-ranges`` file."""


@functools.cache
def _ranges(root: Path) -> Mapping[str, HalfLifeRange]:
    spec = load("half-life-ranges", HALF_LIVES, root)
    assert isinstance(spec, HalfLifeRanges)
    return MappingProxyType({m.id: HalfLifeRange(m.id, m.low_h, m.high_h, tuple(m.reported),
                                                 m.wording, tuple(m.cite), m.illustrative_h)
                             for m in spec.medications})


def half_life_ranges() -> Mapping[str, HalfLifeRange]:
    """Half-life ranges of methadone and buprenorphine, as the fact base reports them."""
    return _ranges(_content_root().resolve())


def half_life_range(medication: str) -> HalfLifeRange:
    """One medication's half-life range; ``KeyError`` lists the medications there are."""
    ranges = half_life_ranges()
    try:
        return ranges[medication]
    except (KeyError, TypeError):
        raise KeyError(f"no half-life range for {medication!r}; there are: "
                       f"{', '.join(ranges)}") from None


@content_check("half-life-ranges")
def _ranges_fit_the_model(spec: HalfLifeRanges, context: CheckContext) -> None:  # type: ignore[misc]
    """Every half-life in the file is one the dosing model accepts."""
    for i, medication in enumerate(spec.medications):
        for field in ("low_h", "illustrative_h", "high_h"):
            try:
                dosing_summary(getattr(medication, field))
            except ValueError as exc:
                raise ContentError(context.where, str(exc), entry=medication.id,
                                   field=f"medications.{i}.{field}") from None
