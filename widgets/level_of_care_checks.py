"""Checkers for the Module 2 exercises (shared by the stubs, the solutions and the tests).

A checker never raises on an unfinished answer: a ``...`` placeholder gets "not yet
complete", so learner notebooks run cleanly under nbval.  Pure logic: no ipywidgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from widgets.core.exercise import ExerciseResult
from widgets.level_of_care import (
    DIMENSION_SHORT_NAMES,
    DIMENSIONS,
    LEVELS,
    compare,
    level_label,
    load_case,
    recommend,
    validate_ratings,
)

__all__ = [
    "M02_RATE_CASE",
    "M02_STEP_DOWN_CASE",
    "check_m02_rating",
    "check_m02_step_down",
]

M02_RATE_CASE = "exercise-return-after-job-loss"
"""The case of exercise m02-ex1 ("rate this new case")."""

M02_STEP_DOWN_CASE = "unstable-housing"
"""The case of exercise m02-ex2 (what would let the client step down)."""

DECISIONS = ("continue", "step-down", "step-up", "transition-to-aftercare")


def _placeholder(value: Any) -> bool:
    if value is Ellipsis:
        return True
    if isinstance(value, Mapping):
        return any(_placeholder(k) or _placeholder(v) for k, v in value.items())
    return False


def _ratings_or_problem(ratings: Any) -> tuple[dict[str, int] | None, str | None]:
    try:
        return validate_ratings(ratings), None
    except ValueError as exc:
        return None, f"The ratings cannot be used yet: {exc}."


def check_m02_rating(ratings: Any, level: Any) -> ExerciseResult:
    """Check exercise m02-ex1: six ratings and a level for the exercise case.

    Passes when the level is the expert's and every rating is within one point of the
    expert's; the messages say where the answer differs, without giving it away.
    """
    if _placeholder(ratings) or level is Ellipsis:
        return ExerciseResult(False, False, ("Replace every ... with a rating (0-4) and "
                                             "choose a level such as \"2.1\".",))
    valid, problem = _ratings_or_problem(ratings)
    if valid is None:
        return ExerciseResult(True, False, (problem or "",))
    if level not in LEVELS:
        return ExerciseResult(True, False, (
            f"The level must be one of {', '.join(LEVELS)} (as a string); got {level!r}.",))
    case = load_case(M02_RATE_CASE)
    result = compare(case, valid, level)
    messages = [f"You rated {result.agreements} of 6 dimensions as the expert did."]
    far = [d for d in result.dimensions if abs(d.difference) >= 2]
    for d in far:
        direction = "higher" if d.difference > 0 else "lower"
        messages.append(f"{DIMENSION_SHORT_NAMES[d.dimension]}: your rating is at least two "
                        f"points {direction} than the expert's; re-read the facts for it.")
    if not result.level_agrees:
        direction = "more" if result.level_steps > 0 else "less"
        messages.append(f"Your level is {direction} intensive than the expert's; compare the "
                        f"setting you chose with what the client needs now.")
    model = recommend(valid, adolescent=case.adolescent)
    messages.append(f"The teaching model, for your ratings: {model.label}.")
    passed = not far and result.level_agrees
    if passed:
        messages.insert(0, f"Your level matches the expert's ({level_label(level)}), and "
                           f"every rating is within one point.")
    return ExerciseResult(True, passed, tuple(messages))


def check_m02_step_down(new_ratings: Any, decision: Any) -> ExerciseResult:
    """Check exercise m02-ex2: the smallest change that lets the model recommend IOP.

    ``new_ratings`` are the unstable-housing client's ratings after the change (only
    lowered, by one point in total); ``decision`` is the continued-stay decision that
    change supports.
    """
    if _placeholder(new_ratings) or decision is Ellipsis:
        return ExerciseResult(False, False, ("Replace every ... : change one rating and "
                                             "choose a decision.",))
    valid, problem = _ratings_or_problem(new_ratings)
    if valid is None:
        return ExerciseResult(True, False, (problem or "",))
    case = load_case(M02_STEP_DOWN_CASE)
    before = case.expert_ratings()
    raised = [d for d in DIMENSIONS if valid[d] > before[d]]
    lowered = sum(before[d] - valid[d] for d in DIMENSIONS if valid[d] < before[d])
    model = recommend(valid, adolescent=case.adolescent)
    problems = []
    if raised:
        problems.append("Only lower ratings: a step-down follows improvement. Raised: "
                        + ", ".join(DIMENSION_SHORT_NAMES[d] for d in raised) + ".")
    if model.level != "2.1":
        problems.append(f"For these ratings the teaching model recommends {model.label}, "
                        f"not Level 2.1 (Intensive outpatient).")
    elif lowered > 1:
        problems.append(f"You lowered the ratings by {lowered} points in total; one point in "
                        f"one dimension is enough. Which one?")
    if decision not in DECISIONS:
        problems.append(f"The decision must be one of {', '.join(DECISIONS)}; got "
                        f"{decision!r}.")
    elif decision != "step-down":
        problems.append("Think about the direction: from Level 3.1 to Level 2.1 is a move "
                        "to a less intensive level.")
    if problems:
        return ExerciseResult(True, False, tuple(problems))
    changed = next(d for d in DIMENSIONS if valid[d] < before[d])
    return ExerciseResult(True, True, (
        f"Lowering {DIMENSION_SHORT_NAMES[changed]} from {before[changed]} to "
        f"{valid[changed]} ends the combination rule (relapse potential 3 or more and "
        f"recovery environment 3 or more), so the model recommends {model.label}: a "
        f"step-down.",))
