"""Checkers for the Module 2 exercises (shared by the stubs, the solutions and the tests).

A checker never raises on an unfinished answer: a ``...`` placeholder gets "not yet
complete" (:func:`widgets.core.exercise.incomplete`), and a malformed answer gets a
message saying what is wrong, so learner notebooks run cleanly under nbval.
"""

from __future__ import annotations

from typing import Any

from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed
from widgets.level_of_care.content import levels_of_care, load_case, teaching_model
from widgets.level_of_care.model.continued_stay import DECISIONS
from widgets.level_of_care.model.placement import Recommendation

__all__ = ["M02_RATE_CASE", "M02_STEP_DOWN_CASE", "check_m02_rating", "check_m02_step_down"]

M02_RATE_CASE = "exercise-return-after-job-loss"
"""The case of exercise m02-ex1 ("rate this new case")."""

M02_STEP_DOWN_CASE = "unstable-housing"
"""The case of exercise m02-ex2 (what would let the client step down)."""


def _ratings_or_problem(ratings: Any) -> tuple[dict[str, int] | None, str | None]:
    try:
        return teaching_model().validate_ratings(ratings), None
    except ValueError as exc:
        return None, f"The ratings cannot be used yet: {exc}."


def _model_says(rec: Recommendation) -> str:
    return f"The teaching model, for your ratings: {rec.summary}"


def check_m02_rating(ratings: Any, level: Any) -> ExerciseResult:
    """Check exercise m02-ex1: six ratings and a level for the exercise case.

    Passes when the level is the expert's and every rating is within one point of the
    expert's; the messages say where the answer differs, without giving it away.
    """
    if is_placeholder(ratings) or is_placeholder(level):
        return incomplete("Replace every ... with a rating (0-4) and choose a level such "
                          "as \"2.1\".")
    valid, problem = _ratings_or_problem(ratings)
    if valid is None:
        return failed([problem or ""])
    model = teaching_model()
    if not isinstance(level, str) or level not in model.levels:
        return failed([f"The level must be one of {', '.join(model.levels)} (as a string); "
                       f"got {level!r:.40}."])
    case = load_case(M02_RATE_CASE)
    result = model.compare(case, valid, level)
    messages = [f"You rated {result.agreements} of {len(result.dimensions)} dimensions as "
                f"the expert did."]
    far = [d for d in result.dimensions if abs(d.difference) >= 2]
    for d in far:
        direction = "higher" if d.difference > 0 else "lower"
        messages.append(f"{model.short_names[d.dimension]}: your rating is at least two "
                        f"points {direction} than the expert's; re-read the facts for it.")
    if not result.level_agrees:
        direction = "more" if result.level_steps > 0 else "less"
        messages.append(f"Your level is {direction} intensive than the expert's; compare the "
                        f"setting you chose with what the client needs now.")
    messages.append(_model_says(result.trainee_model))
    if far or not result.level_agrees:
        return failed(messages)
    return passed(f"Your level matches the expert's ({model.level_label(level)}), and every "
                  f"rating is within one point.", *messages)


def check_m02_step_down(new_ratings: Any, decision: Any) -> ExerciseResult:
    """Check exercise m02-ex2: the smallest change that lets the model recommend IOP.

    ``new_ratings`` are the ``unstable-housing`` client's ratings after the change (only
    lowered, by one point in total); ``decision`` is the continued-stay decision that
    change supports.
    """
    if is_placeholder(new_ratings) or is_placeholder(decision):
        return incomplete("Replace every ... : change one rating and choose a decision.")
    valid, problem = _ratings_or_problem(new_ratings)
    if valid is None:
        return failed([problem or ""])
    model = teaching_model()
    iop = levels_of_care().intensive_outpatient
    case = load_case(M02_STEP_DOWN_CASE)
    before = model.validate_ratings(case.expert_ratings())
    was = model.recommend(before, adolescent=case.adolescent)
    raised = [d for d in model.dimensions if valid[d] > before[d]]
    lowered = sum(before[d] - valid[d] for d in model.dimensions if valid[d] < before[d])
    now = model.recommend(valid, adolescent=case.adolescent)
    problems = []
    if raised:
        problems.append("Only lower ratings: a step-down follows improvement. Raised: "
                        + ", ".join(model.short_names[d] for d in raised) + ".")
    if now.level != iop:
        problems.append(f"For these ratings the teaching model recommends {now.label}, "
                        f"not {model.level_label(iop)}.")
    elif lowered > 1:
        problems.append(f"You lowered the ratings by {lowered} points in total; one point in "
                        f"one dimension is enough. Which one?")
    if not isinstance(decision, str) or decision not in DECISIONS:
        problems.append(f"The decision must be one of {', '.join(DECISIONS)}; got "
                        f"{decision!r:.40}.")
    elif decision != "step-down":
        problems.append(f"Think about the direction: from Level {was.level} to Level {iop} "
                        f"is a move to a less intensive level.")
    if problems:
        return failed(problems)
    changed = next(d for d in model.dimensions if valid[d] < before[d])
    ended = " and ".join(rule.when[:1].lower() + rule.when[1:] for rule in was.rules)
    messages = [f"Lowering {model.short_names[changed]} from {before[changed]} to "
                f"{valid[changed]} ends the rule that set Level {was.level} ({ended}), so "
                f"the model recommends {now.label}: a step-down."]
    for first in now.needs_first:
        messages.append(f"The model still asks for {first.first[:1].lower()}{first.first[1:]} "
                        f"first: {first.when.lower()}.")
    return passed(*messages)
