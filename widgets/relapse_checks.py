"""Checkers for the Module 5 exercises (shared by the stubs, the solutions and the tests).

A checker never raises on an unfinished answer: a ``...`` placeholder gets "not yet
complete", so learner notebooks run cleanly under nbval.  Pure logic: no ipywidgets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from widgets.checks import ExerciseResult
from widgets.core.content import load
from widgets.relapse_plan import RelapsePreventionPlan, review
from widgets.schemas.rp_vignette import Vignette

__all__ = [
    "M05_PLAN_CASE",
    "VIGNETTE_ID",
    "check_m05_plan",
    "check_m05_vignette",
    "load_vignette",
    "vignette_html",
]

VIGNETTE_ID = "m05-payday-friday"
"""The vignette of exercise m05-ex1."""


def load_vignette(vignette_id: str = VIGNETTE_ID) -> Vignette:
    """Load a validated relapse-prevention vignette by id."""
    vignette = load("rp-vignette", vignette_id)
    assert isinstance(vignette, Vignette)
    return vignette


def vignette_html(vignette_id: str = VIGNETTE_ID) -> str:
    """The vignette's numbered sentences as HTML (no answers)."""
    from html import escape

    v = load_vignette(vignette_id)
    items = "".join(f"<li><strong>{escape(s.id)}</strong>: {escape(s.text)}</li>"
                    for s in v.sentences)
    return (f'<div class="iop-vignette"><p><strong>{escape(v.label)}: '
            f"{escape(v.title)}</strong></p><ul>{items}</ul></div>")


def _ids(value: Any) -> tuple[str, ...] | None:
    """Sentence ids from a string or a list of strings; ``None`` if unfinished."""
    if value is Ellipsis or value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return ()
    out = []
    for item in value:
        if item is Ellipsis:
            return None
        out.append(str(item).strip().lower())
    return tuple(dict.fromkeys(out)) or None


def check_m05_vignette(high_risk_situation: Any, coping_response: Any, *,
                       vignette_id: str = VIGNETTE_ID) -> ExerciseResult:
    """Check exercise m05-ex1: which sentences are the high-risk situation and the coping.

    Each answer is a sentence id (``"s2"``) or a list of them.
    """
    hrs, coping = _ids(high_risk_situation), _ids(coping_response)
    if hrs is None or coping is None:
        return ExerciseResult(False, False, ("Replace each ... with the sentence id(s), "
                                             "for example \"s1\".",))
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
        return ExerciseResult(True, False, tuple(problems))
    return ExerciseResult(True, True, (v.explanation,))


M05_PLAN_CASE = (
    "Fictional teaching case. Marisol, 29, is in IOP for opioid use disorder and takes "
    "buprenorphine. She names three triggers: evenings alone after her children are asleep; "
    "running into a friend she used to use with, who lives on her block; and back pain after "
    "long shifts. Her warning signs: skipping group, staying up late, and telling herself she "
    "'has it handled'. Her supports: her aunt, her peer recovery coach, and the program. She "
    "wants to stay well for her children and to go back to school."
)
"""The client of exercise m05-ex2."""

_CASE_TRIGGERS = {
    "evenings alone": re.compile(r"\b(alone|evening|evenings|night|nights|asleep|bedtime)\b"),
    "the friend on her block": re.compile(r"\b(friend|neighbou?r|block|street|used with)\b"),
    "back pain after long shifts": re.compile(r"\b(pain|back|shift|shifts|hurt|hurts|sore)\b"),
}


def check_m05_plan(plan: Any) -> ExerciseResult:
    """Check exercise m05-ex2: a relapse-prevention plan for Marisol (fictional case)."""
    if plan is Ellipsis:
        return ExerciseResult(False, False, ("Build the plan with RelapsePreventionPlan(...).",))
    if not isinstance(plan, RelapsePreventionPlan):
        return ExerciseResult(True, False, ("The answer should be a RelapsePreventionPlan.",))
    if plan.placeholders:
        names = ", ".join(sorted(plan.placeholders))
        return ExerciseResult(False, False, (f"Replace every ... with Marisol's words ({names}).",))
    problems = [n.message for n in review(plan) if n.level in ("missing", "contradiction")]
    text = " ".join(plan.triggers).lower()
    covered = [name for name, pattern in _CASE_TRIGGERS.items() if pattern.search(text)]
    if len(covered) < len(_CASE_TRIGGERS):
        missing = [name for name in _CASE_TRIGGERS if name not in covered]
        problems.append(f"Marisol named three triggers; the plan does not yet include "
                        f"{' or '.join(missing)}.")
    if len(plan.coping_actions) < len(plan.triggers):
        problems.append("Give each trigger at least one coping action.")
    if len(plan.people_to_call) < 2:
        problems.append("Marisol named three supports; list at least two people to call.")
    if problems:
        return ExerciseResult(True, False, tuple(problems))
    return ExerciseResult(True, True, (
        f"{len(plan.triggers)} triggers, {len(plan.coping_actions)} coping actions, "
        f"{len(plan.people_to_call)} people to call, a plan for a slip, and 988.",))
