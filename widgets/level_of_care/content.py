"""The level-of-care topic's content: loaders, the curriculum's teaching model, and the
checks that tie content to the model.

- :func:`levels_of_care` (``levels-of-care.yaml``), :func:`teaching_model` (built from
  ``placement-rules.yaml`` over those levels), :func:`load_case`, :func:`list_cases`,
  :func:`load_review`, :func:`list_reviews`;
- the convenient functions bound to the curriculum's model: :func:`recommend`,
  :func:`compare`, :func:`validate_ratings`, :func:`level_index`, :func:`level_label`;
- content checks (``@content_check``) that run wherever content is validated: a rule's
  condition parses and names a level the model knows; a case rates exactly the model's
  dimensions, its expert level is one of the model's and the model agrees with the
  expert (or the case says why); a review's levels are known and its steps go the way
  its decisions say.

Everything is loaded on first use and cached per content root, so importing is cheap.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path

from widgets.core.content import (
    CheckContext,
    ContentError,
    content_check,
    content_root,
    load,
    load_kind,
)
from widgets.level_of_care.model.placement import (
    CaseComparison,
    Recommendation,
    RuleError,
    TeachingModel,
)
from widgets.level_of_care.schemas import (
    Case,
    LevelsOfCare,
    PlacementModelSpec,
    StayReview,
)

__all__ = ["LEVELS_OF_CARE_ID", "PLACEMENT_MODEL_ID", "compare", "level_index",
           "level_label", "levels_of_care", "list_cases", "list_reviews", "load_case",
           "load_review", "recommend", "teaching_model", "validate_ratings"]

LEVELS_OF_CARE_ID = "levels-of-care"
"""Id (and file stem) of the curriculum's levels-of-care file."""
PLACEMENT_MODEL_ID = "placement-rules"
"""Id (and file stem) of the teaching model's data."""


def _root(root: Path | None) -> Path:
    if root is not None:
        return root.resolve()
    return _default_root(os.environ.get("IOP_CONTENT_ROOT"), os.getcwd())


@functools.lru_cache(maxsize=8)
def _default_root(env: str | None, cwd: str) -> Path:
    """The content root for this environment and working directory (found once)."""
    return content_root().resolve()


@functools.cache
def _levels_at(root: Path) -> LevelsOfCare:
    levels = load("levels-of-care", LEVELS_OF_CARE_ID, root)
    assert isinstance(levels, LevelsOfCare)
    return levels


def levels_of_care(root: Path | None = None) -> LevelsOfCare:
    """The levels of care of the ASAM Criteria, 3rd edition, as the curriculum teaches them
    (``curriculum/02_level_of_care/levels-of-care.yaml``; loaded once, then cached)."""
    return _levels_at(_root(root))


@functools.cache
def _model_at(root: Path) -> TeachingModel:
    spec = load("placement-model", PLACEMENT_MODEL_ID, root)
    assert isinstance(spec, PlacementModelSpec)
    return TeachingModel.build(spec, _levels_at(root))


def teaching_model(root: Path | None = None) -> TeachingModel:
    """The curriculum's teaching model (``placement-rules.yaml`` over the levels of care;
    built once, then cached)."""
    return _model_at(_root(root))


# ------------------------------------------------- the model, bound to the curriculum


def recommend(ratings: Mapping[str, int], *, adolescent: bool = False) -> Recommendation:
    """The teaching model's level of care for a rating of every dimension.

    See :meth:`TeachingModel.recommend`: ``ratings`` maps every key of ``DIMENSIONS`` to
    an integer from 0 to 4; raises ``ValueError`` naming the dimension, the value and the
    allowed range for anything else.
    """
    return teaching_model().recommend(ratings, adolescent=adolescent)


def validate_ratings(ratings: object) -> dict[str, int]:
    """Check ratings against the curriculum's model (see :meth:`TeachingModel.validate_ratings`)."""
    return teaching_model().validate_ratings(ratings)


def level_index(level: str) -> int:
    """Position of a level in the model's levels (0 = least intensive)."""
    return teaching_model().level_index(level)


def level_label(level: str) -> str:
    """``'Level 2.1 (Intensive outpatient)'``."""
    return teaching_model().level_label(level)


def compare(case: Case, ratings: Mapping[str, int], level: str) -> CaseComparison:
    """Compare a trainee's ratings and level with a case's expert answer
    (see :meth:`TeachingModel.compare`)."""
    return teaching_model().compare(case, ratings, level)


# ----------------------------------------------------------------------- cases, reviews


def load_case(case_id: str) -> Case:
    """One validated case by id."""
    case = load("case", case_id)
    assert isinstance(case, Case)
    return case


def list_cases(*, role: str | None = "simulator") -> list[Case]:
    """Every case of the content index (of one ``role``; ``None`` for all), in file order."""
    return [c for c in load_kind("case")
            if isinstance(c, Case) and (role is None or c.role == role)]


def load_review(review_id: str) -> StayReview:
    """One validated continued-stay review by id."""
    review = load("continued-stay-review", review_id)
    assert isinstance(review, StayReview)
    return review


def list_reviews() -> list[StayReview]:
    """Every continued-stay review of the content index, in file order."""
    return [r for r in load_kind("continued-stay-review") if isinstance(r, StayReview)]


# ----------------------------------------------------------------------- content checks


def _model_for(context: CheckContext, what: str) -> TeachingModel:
    try:
        return _model_at(context.root.resolve())
    except KeyError:
        raise ContentError(context.where, f"{what} needs the teaching model: "
                           f"curriculum/02_level_of_care/{PLACEMENT_MODEL_ID}.yaml and "
                           f"{LEVELS_OF_CARE_ID}.yaml were not found under "
                           f"{context.root}") from None


@content_check("placement-model")
def _rules_parse(spec: PlacementModelSpec, context: CheckContext) -> None:  # type: ignore[misc]
    """Every condition is in the condition language and every level one the model knows."""
    try:
        levels = context.get("levels-of-care", LEVELS_OF_CARE_ID)
    except KeyError:
        levels = _levels_at(context.root.resolve())
    assert isinstance(levels, LevelsOfCare)
    try:
        TeachingModel.build(spec, levels)
    except RuleError as exc:
        index = {e.id: (name, i) for name, entries in (("rules", spec.rules),
                                                        ("prerequisites", spec.prerequisites))
                 for i, e in enumerate(entries)}
        name, i = index[exc.entry]
        raise ContentError(context.where, exc.problem, entry=exc.entry,
                           field=f"{name}.{i}.{exc.field}") from None


@content_check("case")
def _case_fits_the_model(case: Case, context: CheckContext) -> None:  # type: ignore[misc]
    """The case rates the model's dimensions, at a level it knows, and the model agrees
    with the expert or ``model_departure`` says why (and is absent when they agree, so
    an explanation never goes stale)."""
    model = _model_for(context, "a case")
    for dim in model.dimensions:
        if dim not in case.dimensions:
            raise ContentError(context.where, "is required but missing", entry=case.id,
                               field=f"dimensions.{dim}")
    for dim in case.dimensions:
        if dim not in model.dimensions:
            raise ContentError(context.where, f"is not a dimension of the teaching model; "
                               f"the dimensions are {', '.join(model.dimensions)}",
                               entry=case.id, field=f"dimensions.{dim}")
    if list(case.dimensions) != list(model.dimensions):
        raise ContentError(context.where, f"list the dimensions in the model's order: "
                           f"{', '.join(model.dimensions)}", entry=case.id, field="dimensions")
    if case.expert_level not in model.levels:
        raise ContentError(context.where, f"expected one of the teaching model's levels "
                           f"{', '.join(model.levels)}; got {case.expert_level!r}",
                           entry=case.id, field="expert_level")
    level = model.recommend(case.expert_ratings(), adolescent=case.adolescent).level
    if level != case.expert_level and case.model_departure is None:
        raise ContentError(
            context.where, f"is required here: the teaching model recommends Level {level} "
            f"for the expert's ratings but expert_level is {case.expert_level}; explain why "
            f"the expert departs from the model (or correct the ratings or the level)",
            entry=case.id, field="model_departure")
    if level == case.expert_level and case.model_departure is not None:
        raise ContentError(
            context.where, f"must be absent: the teaching model agrees with the expert "
            f"(Level {level}); remove model_departure", entry=case.id, field="model_departure")


@content_check("continued-stay-review")
def _review_steps_follow_decisions(review: StayReview, context: CheckContext) -> None:  # type: ignore[misc]
    """Every week's level is one the model knows; after a step up the level is more
    intensive, after a step down less intensive."""
    model = _model_for(context, "a continued-stay review")
    for i, week in enumerate(review.weeks):
        if week.level not in model.levels:
            raise ContentError(context.where, f"expected one of {', '.join(model.levels)}; "
                               f"got {week.level!r}", entry=review.id, field=f"weeks.{i}.level")
    by_week = {r.week: r for r in review.reviews}
    for before, after in zip(review.weeks, review.weeks[1:], strict=False):
        point = by_week.get(before.week)
        if point is None or point.expert not in ("step-up", "step-down"):
            continue
        step = model.level_index(after.level) - model.level_index(before.level)
        if (step > 0) != (point.expert == "step-up"):
            raise ContentError(context.where, f"the review at week {point.week} decides "
                               f"{point.expert!r} but the level goes from {before.level} to "
                               f"{after.level} in week {after.week}", entry=review.id,
                               field="reviews")
