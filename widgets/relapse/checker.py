"""Checkers for the Module 5 exercises (shared by the stubs, the solutions and the tests).

A checker never raises on an unfinished answer: a ``...`` placeholder gets "not yet
complete", so learner notebooks run cleanly under nbval.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed
from widgets.relapse.content import VIGNETTE_ID, load_vignette, review
from widgets.relapse.model.plan import RelapsePreventionPlan

__all__ = ["check_m05_plan", "check_m05_vignette"]

_MAX_IDS = 20
"""Most sentence ids read from one answer (a vignette has a handful of sentences)."""


def _ids(value: Any) -> tuple[str, ...] | None:  # noqa: ANN401 - a learner's answer
    """Sentence ids from a string or a list of strings; ``None`` if unfinished."""
    if value is None or is_placeholder(value):
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return ()
    out = [str(item).strip().lower() for _, item in zip(range(_MAX_IDS), value, strict=False)]
    return tuple(dict.fromkeys(out)) or None


def check_m05_vignette(high_risk_situation: Any, coping_response: Any, *,  # noqa: ANN401
                       vignette_id: str = VIGNETTE_ID) -> ExerciseResult:
    """Check exercise m05-ex1: which sentences are the high-risk situation and the coping.

    Each answer is a sentence id (``"s2"``) or a list of them.
    """
    hrs, coping = _ids(high_risk_situation), _ids(coping_response)
    if hrs is None or coping is None:
        return incomplete("Replace each ... with the sentence id(s), for example \"s1\".")
    v = load_vignette(vignette_id)
    known = {s.id for s in v.sentences}
    problems: list[str] = []
    for part, given, expected in (("high-risk situation", hrs, v.answers.high_risk_situation),
                                  ("coping response", coping, v.answers.coping_response)):
        unknown = [i for i in given if i not in known]
        if unknown:
            problems.append(f"{', '.join(unknown)} is not a sentence of the vignette; use "
                            f"one of {', '.join(sorted(known))}.")
            continue
        for ident in given:
            if ident not in expected:
                problems.append(f"{ident} as the {part}: {v.sentence(ident).note}")
        for ident in expected:
            if ident not in given:
                problems.append(f"The {part} also includes a sentence you did not name. "
                                f"Read the vignette again for it.")
                break
    if problems:
        return failed(problems)
    return passed(v.explanation)


_CASE_TRIGGERS = {
    "evenings alone": re.compile(r"\b(alone|evening|evenings|night|nights|asleep|bedtime)\b"),
    "the friend on her block": re.compile(r"\b(friend|neighbou?r|block|street|used with)\b"),
    "back pain after long shifts": re.compile(r"\b(pain|back|shift|shifts|hurt|hurts|sore)\b"),
}
"""Marisol's three triggers (exercise m05-ex2) and words that show each is on the plan."""
_CASE_MEDICATION = re.compile(r"\b(buprenorphine|suboxone|sublocade|bup)\b")
_NALOXONE = re.compile(r"\b(naloxone|narcan)\b")


def check_m05_plan(plan: Any) -> ExerciseResult:  # noqa: ANN401 - a learner's answer
    """Check exercise m05-ex2: a relapse-prevention plan for Marisol (fictional case)."""
    if plan is Ellipsis:
        return incomplete("Build the plan with RelapsePreventionPlan(...).")
    if not isinstance(plan, RelapsePreventionPlan):
        return failed(["The answer should be a RelapsePreventionPlan."])
    if plan.placeholders:
        names = ", ".join(sorted(plan.placeholders))
        return incomplete(f"Replace every ... with Marisol's words ({names}).")
    problems = [n.message for n in review(plan) if n.level in ("missing", "contradiction")]
    text = " ".join(plan.triggers).lower()
    missing = [name for name, pattern in _CASE_TRIGGERS.items() if not pattern.search(text)]
    if missing:
        problems.append(f"Marisol named three triggers; the plan does not yet include "
                        f"{' or '.join(missing)}.")
    if len(plan.coping_actions) < len(plan.triggers):
        problems.append("Give each trigger at least one coping action.")
    if len(plan.people_to_call) < 2:
        problems.append("Marisol named three supports; list at least two people to call.")
    if plan.medication_safety:
        safety = " ".join(plan.medication_safety).lower()
        if not _CASE_MEDICATION.search(safety):
            problems.append("Marisol takes buprenorphine: name it, and who prescribes it, in "
                            "the medication and overdose safety part.")
        if not _NALOXONE.search(safety):
            problems.append("Add where Marisol's naloxone is and who knows how to use it: "
                            "after a slip her tolerance is lower.")
    if problems:
        return failed(problems)
    return passed(
        f"{len(plan.triggers)} triggers, {len(plan.coping_actions)} coping actions, "
        f"{len(plan.people_to_call)} people to call, a plan for a slip, medication and "
        f"overdose safety, and 988.")
