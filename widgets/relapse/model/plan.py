"""The relapse-prevention plan a counselor completes with a client (Module 5).

A plan holds, in the client's own words: triggers (high-risk situations), early warning
signs, coping actions, people to call, reasons for recovery, what to do after a slip,
medication and overdose safety, and crisis resources.  The worksheet's wording (headings,
prompts, the gentle notes, the lines always printed) is content, a
:class:`~widgets.relapse.schemas.PlanTemplate`, passed in by the caller.

- :class:`RelapsePreventionPlan`: the plan (a frozen dataclass; lists become tuples).
- :func:`review`: gentle notes on what is empty, unfinished or contradictory.  Notes never
  block anything: an empty plan still exports, as a blank worksheet to fill in by hand.

Bounds: at most :data:`MAX_ITEMS` entries per section and :data:`MAX_TEXT` characters per
entry or name (far more than a printed page holds; the printed plan has tighter limits,
:mod:`widgets.relapse.render`).  Pure: data in, results out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from widgets.core.worksheet import MAX_ITEMS, MAX_TEXT, clean_worksheet
from widgets.relapse.schemas import PlanSection, PlanTemplate

__all__ = [
    "MAX_ITEMS",
    "MAX_TEXT",
    "PLAN_FIELDS",
    "Note",
    "RelapsePreventionPlan",
    "from_mapping",
    "plan_is_complete",
    "review",
]

PLAN_FIELDS = ("triggers", "warning_signs", "coping_actions", "people_to_call",
               "reasons_for_recovery", "lapse_plan", "medication_safety", "crisis_resources")
"""The plan's sections (field names); the worksheet gives each a heading and a prompt."""



@dataclass(frozen=True)
class Note:
    """A gentle note about the plan.

    ``level`` is ``"missing"`` (an empty or unfinished section), ``"contradiction"`` (two
    parts of the plan pull against each other) or ``"suggestion"`` (worth a look).
    """

    section: str
    level: Literal["missing", "contradiction", "suggestion"]
    message: str


@dataclass(frozen=True)
class RelapsePreventionPlan:
    """A relapse-prevention plan, in the client's words.

    Lists (or one text per line) are accepted for every section and stored as tuples of
    trimmed, non-empty texts.  A ``...`` (Ellipsis), in a section or as one of its items,
    marks an unfinished section: :func:`review` reports it, nothing raises.

    Attributes
    ----------
    client : str
        How the client wants to be named on the plan (in training: a fictional first name).
    triggers, warning_signs, coping_actions, people_to_call, reasons_for_recovery, \
lapse_plan, medication_safety, crisis_resources : tuple of str
        The sections (:data:`PLAN_FIELDS`).  The crisis line (988) is printed on every
        plan, first among the crisis resources.
    counselor : str
        Who completed the plan with the client.
    placeholders : frozenset of str
        Sections that still hold a ``...`` placeholder.

    Raises
    ------
    TypeError
        A section that is not text or a list of texts, a name that is not text.
    ValueError
        More than :data:`MAX_ITEMS` entries in a section, an entry or name longer than
        :data:`MAX_TEXT` characters.
    """

    client: str = ""
    triggers: tuple[str, ...] = ()
    warning_signs: tuple[str, ...] = ()
    coping_actions: tuple[str, ...] = ()
    people_to_call: tuple[str, ...] = ()
    reasons_for_recovery: tuple[str, ...] = ()
    lapse_plan: tuple[str, ...] = ()
    medication_safety: tuple[str, ...] = ()
    crisis_resources: tuple[str, ...] = ()
    counselor: str = ""
    placeholders: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        clean_worksheet(self, PLAN_FIELDS)

    def section(self, name: str) -> tuple[str, ...]:
        """The client's entries of one section."""
        if name not in PLAN_FIELDS:
            raise KeyError(f"no plan section {name!r}; sections are {', '.join(PLAN_FIELDS)}")
        return getattr(self, name)

    def own_crisis_resources(self) -> tuple[str, ...]:
        """The plan's own crisis resources, without any that repeat 988 (always printed)."""
        return tuple(r for r in self.crisis_resources if not _mentions_988(r))

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain data (lists of texts)."""
        data: dict[str, Any] = {"client": self.client, "counselor": self.counselor}
        for name in PLAN_FIELDS:
            data[name] = list(getattr(self, name))
        return data


def from_mapping(data: Mapping[str, Any]) -> RelapsePreventionPlan:
    """A plan from a mapping of section name to list of texts; unknown keys raise."""
    if not isinstance(data, Mapping):
        raise TypeError(f"data must be a mapping of plan fields, got {data!r}")
    known = {f.name for f in fields(RelapsePreventionPlan)} - {"placeholders"}
    unknown = sorted(str(k) for k in set(data) - known)
    if unknown:
        raise KeyError(f"unknown plan field(s) {', '.join(unknown)}; fields are "
                       f"{', '.join(sorted(known))}")
    return RelapsePreventionPlan(**dict(data))


# ------------------------------------------------------------------- review

_WORD = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"\s*(?:[-\u2013\u2014:(,/]|\bat\b|\bon\b)\s*")
_STOP = frozenset("a an and at call or the my me to of on in with when i".split())
_USE_PHRASES = re.compile(
    r"\b(?:just one|only one|one more time|get high|getting high|use a little|"
    r"use less|drink less|a few drinks?|(?:have|grab|get|take|buy) (?:a|one|some|a few) "
    r"(?:drinks?|beers?|shots?|hits?|pills?|lines?)(?! of (?:water|tea|coffee|juice)))\b")


def _mentions_988(text: str) -> bool:
    return re.search(r"(?<!\d)988(?!\d)", text) is not None


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower().replace("\u2019", "'").replace("'s", "")))


def _person_name(entry: str) -> str:
    """The name part of a people-to-call entry ('Sam (cousin) 555-0100' -> 'Sam')."""
    return _SEPARATORS.split(entry, maxsplit=1)[0].strip()


def _mentions(items: Iterable[str], words: Iterable[str]) -> bool:
    """Whether an entry has a word starting with one of ``words`` (phrases too)."""
    text = " " + " ".join(_WORD.findall(" ".join(items).lower().replace("'", ""))) + " "
    return any(" " + " ".join(_WORD.findall(w.replace("'", ""))) in text for w in words)


def _section_notes(plan: RelapsePreventionPlan, section: PlanSection) -> list[Note]:
    name = section.field
    if name in plan.placeholders:
        return [Note(name, "missing", f"{section.heading}: this part still has a placeholder "
                                      f"(...). Replace it with the client's own words.")]
    items = plan.section(name)
    if not items:
        return [Note(name, section.empty_level, f"{section.heading}: {section.empty_note}")]
    return [Note(name, "suggestion", f"{section.heading}: {s.note}")
            for s in section.suggestions if not _mentions(items, s.words)]


def review(plan: RelapsePreventionPlan, template: PlanTemplate) -> tuple[Note, ...]:
    """Gentle notes on a plan: empty or unfinished sections, contradictions, suggestions.

    The notes are written for the counselor, to talk over with the client.  An empty
    list means nothing stands out; it is not a judgement of the plan's quality.

    Parameters
    ----------
    plan : RelapsePreventionPlan
    template : PlanTemplate
        The worksheet: each section's heading, empty note and suggestions.
    """
    if not isinstance(plan, RelapsePreventionPlan):
        raise TypeError(f"plan must be a RelapsePreventionPlan, got {plan!r}")
    notes: list[Note] = []
    for section in template.sections:
        notes += _section_notes(plan, section)
    for name in ("client", "counselor"):
        if name in plan.placeholders:
            notes.append(Note(name, "missing", f"The {name} line still has a placeholder "
                                               f"(...)."))

    for section in template.sections:
        seen: set[str] = set()
        for item in plan.section(section.field):
            key = _norm(item)
            if key in seen:
                notes.append(Note(section.field, "suggestion",
                                  f"{section.heading}: '{item}' appears twice. Once is "
                                  f"enough; is something else worth adding?"))
            seen.add(key)

    triggers = {_norm(t) for t in plan.triggers}
    for action in plan.coping_actions:
        if _norm(action) in triggers:
            notes.append(Note("coping_actions", "contradiction",
                              f"'{action}' is listed as a trigger and as a coping action. "
                              f"Talk it over: a coping action should lower the risk, not "
                              f"lead back into a trigger."))
        elif _USE_PHRASES.search(action.lower()):
            notes.append(Note("coping_actions", "contradiction",
                              f"'{action}' sounds like it may involve using. Explore it "
                              f"with curiosity, then look together for an action that "
                              f"keeps the client safe."))
    trigger_words = [_tokens(t) for t in plan.triggers]
    for entry in plan.people_to_call:
        name = _person_name(entry)
        name_words = {w for w in _tokens(name) if w not in _STOP and len(w) > 1}
        if not name_words:
            continue
        for trigger, words in zip(plan.triggers, trigger_words, strict=True):
            if name_words <= words:
                notes.append(Note("people_to_call", "contradiction",
                                  f"'{name}' is on the call list and also part of a trigger "
                                  f"('{trigger}'). That can be fine; check together that "
                                  f"calling them will help when an urge is strong."))
                break

    n_triggers, n_actions = len(plan.triggers), len(plan.coping_actions)
    if n_actions and n_triggers > n_actions:
        notes.append(Note("coping_actions", "suggestion",
                          f"There are {n_triggers} triggers and {n_actions} coping "
                          f"action{'s' if n_actions != 1 else ''}. Aim for at least one "
                          f"coping action for each trigger."))
    return tuple(notes)


def plan_is_complete(plan: RelapsePreventionPlan, template: PlanTemplate) -> bool:
    """No section is empty or unfinished and nothing contradicts (suggestions allowed)."""
    return not any(n.level in ("missing", "contradiction") for n in review(plan, template))
