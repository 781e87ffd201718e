"""Checkers for the Module 6 exercises (shared by the stubs, the solutions and the tests).

A checker never raises on an unfinished answer: a ``...`` placeholder gets "not yet
complete" (:func:`widgets.core.exercise.incomplete`), so the learner notebook runs cleanly
under nbval.  Each checker compares the learner's answer with the fictional case's data
and the rules of :mod:`widgets.safety.model`, and says what to look at again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed
from widgets.core.language import avoided_terms
from widgets.safety.content import (
    asq,
    asq_case,
    case_assessment,
    drug_test_case,
    withdrawal_danger,
    withdrawal_danger_case,
)
from widgets.safety.model import (
    ASQ_RESULTS,
    ASQ_SCREEN_ITEMS,
    DANGER_LEVELS,
    SafetyPlan,
    review_safety_plan,
    safety_plan_is_complete,
    triage_asq,
)

__all__ = [
    "ASQ_EXERCISE_CASE",
    "DRUG_TEST_EXERCISE_CASE",
    "WITHDRAWAL_EXERCISE_CASE",
    "check_m06_asq",
    "check_m06_drug_test",
    "check_m06_safety_plan",
    "check_m06_withdrawal",
]

ASQ_EXERCISE_CASE = "asq-after-a-lapse"
"""The fictional client of exercise m06-ex1."""
WITHDRAWAL_EXERCISE_CASE = "withdrawal-past-seizure"
"""The fictional client of exercise m06-ex2."""
DRUG_TEST_EXERCISE_CASE = "test-result-fentanyl-not-on-opiates-screen"
"""The fictional client of exercise m06-ex4."""

ANSWER = {True: "yes", False: "no", None: "not answered"}


def check_m06_asq(answers: Any, acuity: Any, result: Any, *,
                  case_id: str = ASQ_EXERCISE_CASE) -> ExerciseResult:
    """Exercise m06-ex1: record a client's ASQ answers and name the result.

    ``answers`` maps each of the four question ids to ``True``, ``False`` or ``None``
    (not answered); ``acuity`` is the acuity answer (``None``: not asked); ``result`` is
    one of :data:`~widgets.safety.model.ASQ_RESULTS`.
    """
    if is_placeholder((answers, acuity, result)):
        return incomplete("Replace each ... with the client's answer (True, False or None) "
                          "and the result.")
    if not isinstance(answers, Mapping) or set(answers) != set(ASQ_SCREEN_ITEMS):
        return failed([f"answers must give each of the four questions: "
                       f"{', '.join(ASQ_SCREEN_ITEMS)}."])
    case = asq_case(case_id)
    screener = asq()
    words = {w.question: w.says for w in case.dialogue}
    texts = {q.id: q.text for q in (*screener.questions, screener.acuity)}
    problems = []
    for item in ASQ_SCREEN_ITEMS:
        given, said = answers[item], case.answers[item]
        if given is not said:
            problems.append(f"{texts[item]} The client said \"{words[item]}\": record it as "
                            f"{ANSWER[said]}, not {ANSWER.get(given, repr(given))}.")
    if acuity is not case.acuity:
        problems.append(f"Acuity question: the client said \"{words.get('thoughts-right-now', '')}"
                        f"\": record it as {ANSWER[case.acuity]}.")
    if result not in ASQ_RESULTS:
        problems.append(f"result must be one of {', '.join(ASQ_RESULTS)}; got {result!r}.")
    elif result != case.expected:
        try:
            own = triage_asq(answers, acuity).result
        except (TypeError, ValueError) as exc:
            own = str(exc)
        problems.append(f"With the client's answers the result is {case.expected!r}, not "
                        f"{result!r}" + ("." if own == case.expected else
                                         f" (your answers give {own!r})."))
    if problems:
        return failed(problems)
    spec = screener.result(case.expected)
    return passed(f"{spec.label}: {spec.meaning.text}", case.teaching)


def check_m06_withdrawal(pawss_total: Any, level: Any, *,
                         case_id: str = WITHDRAWAL_EXERCISE_CASE) -> ExerciseResult:
    """Exercise m06-ex2: score the client's PAWSS and choose what the counselor does.

    ``level`` is one of :data:`~widgets.safety.model.DANGER_LEVELS`.
    """
    if is_placeholder((pawss_total, level)):
        return incomplete("Replace each ... with the PAWSS total and the level.")
    case = withdrawal_danger_case(case_id)
    spec = withdrawal_danger()
    score, assessment = case_assessment(case, spec)
    problems = []
    if isinstance(pawss_total, bool) or not isinstance(pawss_total, int):
        problems.append(f"pawss_total must be a whole number; got {pawss_total!r}.")
    elif pawss_total != score.total:
        problems.append(f"The PAWSS total is {score.total}, not {pawss_total}: one point for "
                        f"each yes, counting the first question.")
    if level not in DANGER_LEVELS:
        problems.append(f"level must be one of {', '.join(DANGER_LEVELS)}; got {level!r}.")
    elif level != assessment.level:
        why = "; ".join(r.partition(":")[2] or r for r in assessment.reasons)
        problems.append(f"The level is {assessment.level!r}, not {level!r} (because of: "
                        f"{why}). A total under the cut-off is not a green light.")
    if problems:
        return failed(problems)
    return passed(f"{spec.level(assessment.level).label}.", case.teaching)


_RIFLE = re.compile(r"\b(?:rifle|guns?|firearms?)\b", re.IGNORECASE)
_PILLS = re.compile(r"\b(?:pills?|medicines?|medications?|painkillers?|opioids?)\b",
                    re.IGNORECASE)


def check_m06_safety_plan(plan: Any) -> ExerciseResult:
    """Exercise m06-ex3: a safety plan for Luis, with his rifle and the stored pills.

    The plan is a :class:`~widgets.safety.model.SafetyPlan`; it passes when every step is
    filled in, nothing works against it, and step 6 plans how both the rifle and the pills
    will be stored away.
    """
    if is_placeholder(plan) or (isinstance(plan, SafetyPlan) and plan.placeholders):
        return incomplete("Replace every ... with Luis's words.")
    if not isinstance(plan, SafetyPlan):
        return failed([f"plan must be a SafetyPlan; got {type(plan).__name__}."])
    problems = []
    notes = review_safety_plan(plan)
    for note in notes:
        if note.level != "suggestion":
            problems.append(f"{note.step.replace('_', ' ')}: {note.code.replace('-', ' ')}"
                            + (f" ('{note.item}')" if note.item else "") + ".")
    unsafe = {n.item for n in notes if n.code == "means-without-plan"}
    safe_items = [i for i in plan.safe_environment if i not in unsafe]
    if not any(_RIFLE.search(i) for i in safe_items):
        problems.append("Step 6 needs a plan for the hunting rifle: who will store it, and "
                        "where, away from home or locked.")
    if not any(_PILLS.search(i) for i in safe_items):
        problems.append("Step 6 needs a plan for his father's pain pills too (for example, "
                        "taking them to a pharmacy for disposal).")
    if problems or not safety_plan_is_complete(plan):
        return failed(problems or ["Every step needs at least one item in Luis's words."])
    return passed("All six steps are filled in, with a plan for the rifle and the pills. "
                  "988 is printed on every plan.")


_ACCUSING = re.compile(r"\b(?:lie|lied|lying|liar|caught|busted|admit|discharg\w*|kick\w* "
                       r"out|consequences?|violat\w*|failed|dishonest)\b", re.IGNORECASE)
_SAFETY = re.compile(r"\b(?:naloxone|narcan|safe|safety|overdose)\b", re.IGNORECASE)


def check_m06_drug_test(confirmed_use: Any, opiates_screen_finds_fentanyl: Any,
                        opening: Any, *,
                        case_id: str = DRUG_TEST_EXERCISE_CASE) -> ExerciseResult:
    """Exercise m06-ex4: read Cody's results and open the conversation without blame."""
    if is_placeholder((confirmed_use, opiates_screen_finds_fentanyl, opening)):
        return incomplete("Replace each ... with True or False, and your opening words.")
    case = drug_test_case(case_id)
    problems = []
    if confirmed_use is not case.confirmed_use:
        problems.append("These are screening (presumptive) results: they do not confirm use "
                        "until a definitive test does. confirmed_use is False.")
    if opiates_screen_finds_fentanyl is not False:
        problems.append("An opiates screen does not find fentanyl, so its negative says "
                        "nothing about fentanyl: opiates_screen_finds_fentanyl is False.")
    if not isinstance(opening, str) or len(opening.split()) < 5:
        problems.append("opening must be what you would say, in a sentence or two.")
    else:
        problems += [f'"{term}": say "{prefer}" instead.'
                     for term, prefer in avoided_terms(opening)]
        accusing = sorted({m.group(0).lower() for m in _ACCUSING.finditer(opening)})
        if accusing:
            problems.append(f"Open with curiosity, not accusation: leave out "
                            f"{', '.join(repr(a) for a in accusing)}.")
        if not _SAFETY.search(opening):
            problems.append("Bring in his safety: fentanyl raises the risk of overdose, so "
                            "ask about naloxone.")
    if problems:
        return failed(problems)
    return passed(case.key_point)
