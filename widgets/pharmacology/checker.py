"""Checkers of Module 4's exercises on dosing (m04-ex2) and on answering a stigmatizing
remark about medication in group (m04-ex3): the stubs, the worked solutions and the tests
share them.  A ``...`` placeholder gets "not yet complete"; a checker never raises.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed
from widgets.core.language import avoided_terms
from widgets.pharmacology.model import accumulation_ratio, dosing_summary

__all__ = ["EXERCISE_HALF_LIFE_H", "check_m04_dosing", "check_m04_response", "flag_terms"]

EXERCISE_HALF_LIFE_H = 48.0
"""The illustrative methadone half-life of exercise m04-ex2 (inside the ~8-59 h range)."""


def flag_terms(text: str) -> list[str]:
    """Messages for each avoided term found in ``text``, with the preferred wording."""
    return [f'"{term}": say "{prefer}" instead.' for term, prefer in avoided_terms(text)]


def _close(value: Any, expected: float, rel: float = 0.05) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return False
    return math.isfinite(number) and abs(number - expected) <= rel * expected


def check_m04_dosing(steady_state_ratio: Any, days_to_97_percent: Any,
                     explanation: Any) -> ExerciseResult:
    """Check exercise m04-ex2: the numbers behind a dosing curve and a plain explanation.

    Once-daily doses with the illustrative half-life :data:`EXERCISE_HALF_LIFE_H`.
    """
    if is_placeholder([steady_state_ratio, days_to_97_percent, explanation]):
        return incomplete()
    ratio = accumulation_ratio(24.0, EXERCISE_HALF_LIFE_H)
    days = dosing_summary(EXERCISE_HALF_LIFE_H).days_to_97_percent
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
        return failed(problems)
    return passed(
        f"Steady state is {ratio:.2f} times the first dose's level, about 97% reached after "
        f"{days:g} days.",
        "Check your explanation: does it say the level keeps rising on the same dose, that "
        "this is why changes are made slowly, and that a client who feels more sedated is "
        "passed on to the prescriber the same day?")


def check_m04_response(response: Any) -> ExerciseResult:
    """Check exercise m04-ex3: a reply to a stigmatizing remark about MOUD in group.

    Free text cannot be graded automatically: the checker flags avoided terms and a too
    short reply, and lists what a strong reply contains so the learner can self-check.
    """
    if is_placeholder(response):
        return incomplete("Replace ... with what you would say to the group.")
    if not isinstance(response, str) or len(response.split()) < 30:
        return failed(["Write what you would say, in 30 words or more."])
    flagged = flag_terms(response)
    if flagged:
        return failed(flagged)
    return passed(
        "No stigmatizing terms found. Now check your reply against the worked solution:",
        "Is it calm and respectful to both group members?",
        "Does it say that physical dependence on a prescribed medication is not addiction?",
        "Does it mention that people in treatment with methadone or buprenorphine die far "
        "less often than people out of treatment?",
        "Does it leave medication decisions to the client and the prescriber, and bring "
        "the group back to its topic?")
