"""Checkers for Module 4's exercises: the stubs, the worked solutions and the tests share them.

A checker never raises on an unfinished stub: a ``...`` placeholder gets "Not yet
complete", so the learner notebook runs cleanly under nbval.  Results are
:class:`widgets.core.exercise.ExerciseResult` objects, shown as a short list in a notebook.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from widgets.core.exercise import ExerciseResult
from widgets.core.language import AVOID_TERMS, avoided_terms
from widgets.pharmacology import accumulation_ratio
from widgets.withdrawal import COWS_ITEMS, load_case, partial_score, score_cows

__all__ = [
    "AVOID_TERMS",
    "EXERCISE_CASE",
    "EXERCISE_HALF_LIFE_H",
    "check_m04_cows",
    "check_m04_dosing",
    "check_m04_response",
    "flag_terms",
]

EXERCISE_CASE = "cows-exercise-evening-visit"
"""The withdrawal case of exercise m04-ex1."""

EXERCISE_HALF_LIFE_H = 48.0
"""The illustrative methadone half-life of exercise m04-ex2 (inside the ~8-59 h range)."""



def flag_terms(text: str) -> list[str]:
    """Messages for each avoided term found in ``text``, with the preferred wording."""
    return [f'"{term}": say "{prefer}" instead.' for term, prefer in avoided_terms(text)]


def _placeholder(value: Any) -> bool:
    if value is Ellipsis:
        return True
    if isinstance(value, Mapping):
        return any(_placeholder(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_placeholder(v) for v in value)
    return False


def check_m04_cows(answers: Any) -> ExerciseResult:
    """Check exercise m04-ex1: Riley's COWS ratings (fictional teaching case).

    ``answers`` maps each COWS item to its points.  Wrong items are named with a hint,
    never with the answer.
    """
    if _placeholder(answers):
        return ExerciseResult(False, False, ("Replace every ... with the points you give "
                                             "that item.",))
    if not isinstance(answers, Mapping):
        return ExerciseResult(True, False, ("Give the ratings as a dictionary of item to "
                                            "points.",))
    try:
        progress = partial_score("cows", answers)
    except ValueError as exc:
        return ExerciseResult(True, False, (str(exc),))
    if progress.missing:
        return ExerciseResult(False, False, (f"Rate every item; missing: "
                                             f"{', '.join(progress.missing)}.",))
    key = load_case(EXERCISE_CASE).ratings
    wrong = [k for k in COWS_ITEMS if answers[k] != key[k]]
    if wrong:
        hints = tuple(f"{COWS_ITEMS[k].label}: look again at the vignette and the anchors "
                      f"({COWS_ITEMS[k].prompt.rstrip('.')})." for k in wrong)
        return ExerciseResult(True, False, (f"{len(COWS_ITEMS) - len(wrong)} of "
                                            f"{len(COWS_ITEMS)} items match.", *hints))
    result = score_cows(answers)
    return ExerciseResult(True, True, (f"Every item matches: total {result.total}, "
                                       f"{result.band} withdrawal (COWS 5-12).",))


def _close(value: Any, expected: float, rel: float = 0.05) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value - expected) <= rel * expected)


def check_m04_dosing(steady_state_ratio: Any, days_to_97_percent: Any,
                     explanation: Any) -> ExerciseResult:
    """Check exercise m04-ex2: the numbers behind a dosing curve and a plain explanation.

    Once-daily doses with the illustrative half-life :data:`EXERCISE_HALF_LIFE_H`.
    """
    if _placeholder([steady_state_ratio, days_to_97_percent, explanation]):
        return ExerciseResult(False, False, ("Replace every ... with your answer.",))
    ratio = accumulation_ratio(24.0, EXERCISE_HALF_LIFE_H)
    days = 5 * EXERCISE_HALF_LIFE_H / 24.0
    problems = []
    if not _close(steady_state_ratio, ratio):
        problems.append("The steady-state ratio is 1 / (1 - exp(-k x 24)) with "
                        "k = ln 2 / half-life; try accumulation_ratio(24, 48).")
    if not _close(days_to_97_percent, days):
        problems.append("About 97% of steady state is reached after five half-lives: "
                        "convert 5 x 48 hours to days.")
    if not isinstance(explanation, str) or len(explanation.split()) < 25:
        problems.append("Write the explanation in two or three sentences (25 words or more).")
    else:
        problems.extend(flag_terms(explanation))
    if problems:
        return ExerciseResult(True, False, tuple(problems))
    return ExerciseResult(True, True, (
        f"Steady state is {ratio:.2f} times the first dose's level, about 97% reached after "
        f"{days:g} days.",
        "Check your explanation: does it say the level keeps rising on the same dose, that "
        "this is why changes are made slowly, and that a client who feels more sedated is "
        "passed on to the prescriber the same day?"))


def check_m04_response(response: Any) -> ExerciseResult:
    """Check exercise m04-ex3: a reply to a stigmatizing remark about MOUD in group.

    Free text cannot be graded automatically: the checker flags avoided terms and a too
    short reply, and lists what a strong reply contains so the learner can self-check.
    """
    if _placeholder(response):
        return ExerciseResult(False, False, ("Replace ... with what you would say to the "
                                             "group.",))
    if not isinstance(response, str) or len(response.split()) < 30:
        return ExerciseResult(True, False, ("Write what you would say, in 30 words or "
                                            "more.",))
    flagged = flag_terms(response)
    if flagged:
        return ExerciseResult(True, False, tuple(flagged))
    return ExerciseResult(True, True, (
        "No stigmatizing terms found. Now check your reply against the worked solution:",
        "Is it calm and respectful to both group members?",
        "Does it say that physical dependence on a prescribed medication is not addiction?",
        "Does it mention that people in treatment with methadone or buprenorphine die far "
        "less often than people out of treatment?",
        "Does it leave medication decisions to the client and the prescriber, and bring "
        "the group back to its topic?"))
