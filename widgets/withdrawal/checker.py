"""The checker of Module 4's COWS exercise (m04-ex1): the stub, the solution and the tests
share it.  A ``...`` placeholder gets "not yet complete"; it never raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed
from widgets.withdrawal.content import load_case, partial_score, resolve_bands, scale, score

__all__ = ["EXERCISE_CASE", "check_m04_cows"]

EXERCISE_CASE = "cows-exercise-evening-visit"
"""The withdrawal case of exercise m04-ex1."""


def check_m04_cows(answers: Any) -> ExerciseResult:
    """Check exercise m04-ex1: Riley's COWS ratings (fictional teaching case).

    ``answers`` maps each COWS item to its points.  Wrong items are named with a hint,
    never with the answer.
    """
    if is_placeholder(answers):
        return incomplete("Replace every ... with the points you give that item.")
    if not isinstance(answers, Mapping):
        return failed(["Give the ratings as a dictionary of item to points."])
    cows = scale("cows")
    try:
        progress = partial_score(cows, answers)
    except ValueError as exc:
        return failed([str(exc)])
    if progress.missing:
        return incomplete(f"Rate every item; missing: {', '.join(progress.missing)}.")
    key = load_case(EXERCISE_CASE).ratings
    wrong = [k for k in cows.items if answers[k] != key[k]]
    if wrong:
        hints = [f"{cows.items[k].label}: look again at the vignette and the anchors "
                 f"({cows.items[k].prompt.rstrip('.')})." for k in wrong]
        return failed([f"{len(cows.items) - len(wrong)} of {len(cows.items)} items match.",
                       *hints])
    result = score(cows, answers)
    band = resolve_bands(cows).classify(result.total)
    return passed(f"Every item matches: total {result.total}, {result.band} withdrawal "
                  f"(COWS {band.range_text}).")
