"""Loading the level-of-care topic's content: the levels of care (and, from Module 2,
cases and reviews)."""

from __future__ import annotations

import functools

from widgets.core.content import load
from widgets.level_of_care.schemas import LevelsOfCare

__all__ = ["levels_of_care"]

LEVELS_OF_CARE_ID = "levels-of-care"
"""Id (and file stem) of the curriculum's levels-of-care file."""


@functools.cache
def levels_of_care() -> LevelsOfCare:
    """The levels of care of the ASAM Criteria, 3rd edition, as the curriculum teaches them
    (``curriculum/02_level_of_care/levels-of-care.yaml``; loaded once, then cached)."""
    levels = load("levels-of-care", LEVELS_OF_CARE_ID)
    assert isinstance(levels, LevelsOfCare)
    return levels
