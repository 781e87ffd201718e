"""Level of care (Modules 1 and 2): the levels of care, the Illustrative Six-Dimension Risk
Model (a teaching model of placement, not the ASAM Criteria), fictional cases and
continued-stay reviews.

The contract ``DIMENSIONS``, ``LEVELS`` and ``recommend(ratings, *, adolescent=False)``
works from here, bound to the curriculum's data (``placement-rules.yaml`` and
``levels-of-care.yaml`` in ``curriculum/02_level_of_care/``), which is read on first use.

- model: :class:`TeachingModel` (``recommend``, ``compare``, ``validate_ratings``) and the
  continued-stay functions in :mod:`widgets.level_of_care.model.continued_stay`;
- content: :func:`levels_of_care`, :func:`teaching_model`, :func:`load_case`,
  :func:`list_cases`, :func:`load_review`, :func:`list_reviews`;
- HTML: :mod:`widgets.level_of_care.render`; exercise checkers:
  :mod:`widgets.level_of_care.checker`; widgets: :mod:`widgets.level_of_care.view`.
"""

from __future__ import annotations

from typing import Any

from widgets.level_of_care.content import (
    compare,
    level_index,
    level_label,
    levels_of_care,
    list_cases,
    list_reviews,
    load_case,
    load_review,
    recommend,
    teaching_model,
    validate_ratings,
)
from widgets.level_of_care.model import (
    CaseComparison,
    DimensionComparison,
    Prerequisite,
    Recommendation,
    Rule,
    TeachingModel,
)

__all__ = [
    "DIMENSIONS",
    "DIMENSION_NAMES",
    "DIMENSION_SHORT_NAMES",
    "LEVELS",
    "MODEL_NAME",
    "RATING_ANCHORS",
    "RULES",
    "CaseComparison",
    "DimensionComparison",
    "Prerequisite",
    "Recommendation",
    "Rule",
    "TeachingModel",
    "compare",
    "level_index",
    "level_label",
    "levels_of_care",
    "list_cases",
    "list_reviews",
    "load_case",
    "load_review",
    "recommend",
    "teaching_model",
    "validate_ratings",
]

_FROM_MODEL = {
    "DIMENSIONS": lambda m: m.dimensions,
    "DIMENSION_NAMES": lambda m: dict(m.names),
    "DIMENSION_SHORT_NAMES": lambda m: dict(m.short_names),
    "LEVELS": lambda m: m.levels,
    "MODEL_NAME": lambda m: m.name,
    "RATING_ANCHORS": lambda m: dict(m.anchors),
    "RULES": lambda m: m.rules,
}
"""Module attributes read from the curriculum's teaching model on first access (PEP 562)."""


def __getattr__(name: str) -> Any:
    if name in _FROM_MODEL:
        return _FROM_MODEL[name](teaching_model())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM_MODEL))
