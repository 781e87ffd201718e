"""Checkers for Module 3's exercises (the stubs, the solutions and the tests share them).

- :func:`check_next_decision_point` (exercise m03-ex1): the trainee adds a decision point
  to a scenario starter file; the checker runs the scenario validator on it and reports
  exactly what is wrong (file, node, field) until it is right, then checks the new node.
- :func:`check_m03_plan` (exercise m03-ex2): a 3-hour IOP evening plan for a skills
  group, checked with :func:`widgets.group_facilitation.check_plan`.

A checker never raises on an unfinished answer: it reports "Not yet complete"
(:mod:`widgets.core.exercise`), so the learner notebooks run cleanly under nbval.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from widgets.core.content import ContentError, content_root
from widgets.core.exercise import ExerciseResult, failed, incomplete, is_placeholder, passed
from widgets.core.language import STIGMATIZING
from widgets.group_facilitation import model
from widgets.group_facilitation.content import check_plan, planning
from widgets.scenarios import load_scenario_file

__all__ = [
    "EX1_NODE",
    "EX1_SOLUTION",
    "EX1_STARTER",
    "check_m03_plan",
    "check_next_decision_point",
]

EXERCISES = Path("exercises") / "03_group_facilitation"
EX1_STARTER = EXERCISES / "_new-member-first-group.yaml"
"""The starter file of exercise m03-ex1 (relative to the repository root)."""
EX1_SOLUTION = EXERCISES / "_solutions" / "new-member-first-group.yaml"
"""A worked solution of exercise m03-ex1."""
EX1_NODE = "first-share"
"""The id of the decision point the trainee writes."""


def _resolve(path: Path | str | None, default: Path) -> Path:
    candidate = Path(path) if path is not None else default
    if candidate.is_absolute() or candidate.exists():
        return candidate
    for base in (content_root(), content_root() / EXERCISES):
        if (base / candidate).exists():
            return base / candidate
    return candidate


def check_next_decision_point(path: Path | str | None = None) -> ExerciseResult:
    """Check exercise m03-ex1: the decision point ``first-share`` added to the starter.

    ``path`` is the trainee's scenario file (default: the starter in
    ``exercises/03_group_facilitation/``).
    """
    file = _resolve(path, EX1_STARTER)
    if not file.is_file():
        return incomplete(f"There is no file {file}.")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return failed([f"{file.name} cannot be read as UTF-8 text ({exc}); save it as "
                       f"plain text and run this cell again."])
    if not re.search(rf"^\s*-\s*id:\s*{EX1_NODE}\s*$", text, re.MULTILINE):
        try:
            load_scenario_file(file)
            said = "The validator finds no other problem."
        except ContentError as exc:
            said = f"The validator says: {exc}"
        # Not yet complete, with what the validator says so far (two lines, so no
        # incomplete(): it takes one message).
        return ExerciseResult(False, False, (
            f"Add the decision point with id '{EX1_NODE}' where the comment in "
            f"{file.name} shows, then run this cell again.", said))
    if "TODO" in text:
        return incomplete("Replace every TODO in the file.")
    try:
        scenario = load_scenario_file(file)
    except ContentError as exc:
        return failed([
            f"The validator says: {exc}",
            "Fix that line and run this cell again (the message names the node and the "
            "field)."])
    node = scenario.node(EX1_NODE)
    problems: list[str] = []
    if node.ending:
        problems.append(f"'{EX1_NODE}' should be a decision point with choices, not an ending.")
    if len(node.choices) < 2:
        problems.append(f"Give '{EX1_NODE}' at least two choices; it has {len(node.choices)}.")
    qualities = {c.quality for c in node.choices}
    if "best" not in qualities:
        problems.append("Mark one choice 'best': the response you would teach.")
    if not qualities - {"best"}:
        problems.append("Add a tempting weaker choice ('acceptable' or 'poor'), the kind of "
                        "thing a new counselor might really do.")
    for choice in node.choices:
        if not choice.effects:
            problems.append(f"Choice '{choice.id}' has no effects: say how it moves safety, "
                            f"cohesion or engagement.")
        if choice.feedback.strip() == choice.text.strip():
            problems.append(f"Choice '{choice.id}': the feedback should explain why, not "
                            f"repeat the choice.")
    if len(node.situation.split()) < 8:
        problems.append("Describe the situation in a sentence or two (what the trainee sees "
                        "and hears).")
    words = [node.situation] + [t for c in node.choices for t in (c.text, c.feedback)]
    for found in sorted({m.group(0).lower() for w in words for m in STIGMATIZING.finditer(w)}):
        problems.append(f"Use person-first language: replace '{found}'.")
    if problems:
        return failed(problems)
    best = next(c for c in node.choices if c.quality == "best")
    return passed(f"The scenario is valid and '{EX1_NODE}' has {len(node.choices)} choices.",
                  f"Best choice: {best.text.strip()}")


def check_m03_plan(plan: Any) -> ExerciseResult:
    """Check exercise m03-ex2: the Tuesday 3-hour skills-development evening, week 2.

    Requirements: the skills-development model and the 3-hour evening format; no errors
    or warnings from :func:`~widgets.group_facilitation.check_plan` (time budget, opening
    and closing, break, balance, topics); a skills practice on turning down an offer to
    use; and the co-facilitator leading at least one block.
    """
    if is_placeholder(plan):
        return incomplete("Replace every ... with your blocks.")
    if not isinstance(plan, model.Plan):
        return failed(["Build the answer with Plan(title, model, format, blocks)."])
    problems: list[str] = []
    if plan.model != "skills-development":
        problems.append(f"The group is a skills development group; the plan says "
                        f"'{plan.model}'.")
    if plan.format != "evening-3h":
        problems.append(f"The session is a {planning().format('evening-3h').label} "
                        f"(format 'evening-3h').")
    try:
        problems += [i.message for i in check_plan(plan).issues]
    except ValueError as exc:  # a plan built without the curriculum's names
        return failed([str(exc)])
    skills = [b for b in plan.blocks if b.kind == "skills-practice"]
    if not any(re.search(r"offer|refus|turn(ing)? down|say(ing)? no", b.topic, re.I)
               for b in skills):
        problems.append(f"Include a {planning().block('skills-practice').label.lower()} "
                        f"block on turning down an offer to use (say so in its topic).")
    if not any(b.lead in ("co-lead", "both") for b in plan.blocks):
        problems.append("Share the leading: give your co-facilitator at least one block.")
    if problems:
        return failed(problems)
    return passed(f"{plan.total} minutes in {len(plan.blocks)} blocks; every check passes.")
