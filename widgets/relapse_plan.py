"""The relapse-prevention plan a counselor completes with a client (Module 5).

A plan holds, in the client's own words: triggers (high-risk situations), early warning
signs, coping actions, people to call, reasons for recovery, what to do after a slip,
and crisis resources.  The 988 Suicide & Crisis Lifeline (US) is always on the plan.

- :class:`RelapsePreventionPlan`: the plan (a frozen dataclass; lists become tuples).
- :func:`review`: gentle notes on what is empty, unfinished or contradictory.  Notes never
  block anything: an empty plan still exports, as a blank worksheet to fill in by hand.
- :func:`to_markdown` and :func:`to_pdf`: the printable plan (the PDF is always one page).

The section list is a common-practice worksheet for teaching, not an authoritative
template.  This module is pure logic: it never imports ipywidgets or IPython.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "CRISIS_988",
    "EMERGENCY_911",
    "SECTIONS",
    "Note",
    "PlanTooLongError",
    "RelapsePreventionPlan",
    "Section",
    "from_mapping",
    "plan_is_complete",
    "review",
    "to_markdown",
    "to_pdf",
]

CRISIS_988 = "Call or text 988, the Suicide & Crisis Lifeline (US), any time, day or night."
"""The crisis line every plan carries."""

EMERGENCY_911 = "If someone's life is in danger right now, call 911."


@dataclass(frozen=True)
class Section:
    """One part of the plan: its field name, heading and the prompt shown to the client."""

    name: str
    heading: str
    prompt: str
    empty_note: str


SECTIONS: tuple[Section, ...] = (
    Section("triggers", "My triggers",
            "People, places, feelings and times when using feels more likely.",
            "No triggers yet. Together, name one or two situations where using has felt "
            "most likely."),
    Section("warning_signs", "My early warning signs",
            "Changes in my thoughts, mood or routine that can come before use.",
            "No warning signs yet. Ask what people close to the client notice first when "
            "things start to slide."),
    Section("coping_actions", "What I will do instead",
            "Coping actions for my triggers and warning signs.",
            "No coping actions yet. For each trigger, what could the client do in the "
            "moment instead?"),
    Section("people_to_call", "People I can call",
            "People who support my recovery, and how to reach them.",
            "No one to call yet. Is there one person, a peer, sponsor, or the program, the "
            "client could reach out to?"),
    Section("reasons_for_recovery", "My reasons for recovery",
            "What matters to me, in my own words.",
            "No reasons yet. Ask what the client wants their life to look like, in their "
            "own words."),
    Section("lapse_plan", "If I slip",
            "What I will do right away if I use, so a slip stays a slip.",
            "No plan for a slip yet. Plan the first steps after a slip (who to tell, what "
            "to do next) so one slip does not turn into a return to old patterns."),
    Section("crisis_resources", "Crisis resources",
            "988 is always here. Add other numbers, such as the program's after-hours line.",
            ""),
)
"""The plan's sections, in the order they are shown and printed."""

_SECTION = {s.name: s for s in SECTIONS}


class PlanTooLongError(ValueError):
    """The plan does not fit on one printed page even at the smallest font size."""


@dataclass(frozen=True)
class Note:
    """A gentle note about the plan.

    ``level`` is ``"missing"`` (an empty or unfinished section), ``"contradiction"`` (two
    parts of the plan pull against each other) or ``"suggestion"`` (worth a look).
    """

    section: str
    level: Literal["missing", "contradiction", "suggestion"]
    message: str


def _items(name: str, value: Any) -> tuple[tuple[str, ...], bool]:
    """Clean items of one section and whether it still holds a ``...`` placeholder."""
    if value is Ellipsis:
        return (), True
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of short texts, got {value!r}")
    items: list[str] = []
    placeholder = False
    for item in value:
        if item is Ellipsis:
            placeholder = True
            continue
        if not isinstance(item, str):
            raise TypeError(f"{name}: each entry must be text, got {item!r}")
        text = " ".join(item.split())
        if text:
            items.append(text)
    return tuple(items), placeholder


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
lapse_plan, crisis_resources : tuple of str
        The sections (see :data:`SECTIONS`).  988 is always added to the crisis resources.
    counselor : str
        Who completed the plan with the client.
    placeholders : frozenset of str
        Sections that still hold a ``...`` placeholder.
    """

    client: str = ""
    triggers: tuple[str, ...] = ()
    warning_signs: tuple[str, ...] = ()
    coping_actions: tuple[str, ...] = ()
    people_to_call: tuple[str, ...] = ()
    reasons_for_recovery: tuple[str, ...] = ()
    lapse_plan: tuple[str, ...] = ()
    crisis_resources: tuple[str, ...] = ()
    counselor: str = ""
    placeholders: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        unfinished = set(self.placeholders)
        for section in SECTIONS:
            items, placeholder = _items(section.name, getattr(self, section.name))
            object.__setattr__(self, section.name, items)
            if placeholder:
                unfinished.add(section.name)
        for name in ("client", "counselor"):
            value = getattr(self, name)
            if value is Ellipsis:
                object.__setattr__(self, name, "")
                unfinished.add(name)
            elif not isinstance(value, str):
                raise TypeError(f"{name} must be text, got {value!r}")
            else:
                object.__setattr__(self, name, " ".join(value.split()))
        object.__setattr__(self, "placeholders", frozenset(unfinished))

    def section(self, name: str) -> tuple[str, ...]:
        """The items of one section (crisis resources include 988 first)."""
        if name == "crisis_resources":
            return self.all_crisis_resources()
        if name not in _SECTION:
            raise KeyError(f"no plan section {name!r}; sections are "
                           f"{', '.join(_SECTION)}")
        return getattr(self, name)

    def all_crisis_resources(self) -> tuple[str, ...]:
        """988 first, then the plan's own crisis resources (without repeating 988)."""
        own = tuple(r for r in self.crisis_resources if not _mentions_988(r))
        return (CRISIS_988, *own)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain data (lists of texts)."""
        data: dict[str, Any] = {"client": self.client, "counselor": self.counselor}
        for section in SECTIONS:
            data[section.name] = list(getattr(self, section.name))
        return data


def from_mapping(data: Mapping[str, Any]) -> RelapsePreventionPlan:
    """A plan from a mapping of section name to list of texts; unknown keys raise."""
    known = {f.name for f in fields(RelapsePreventionPlan)} - {"placeholders"}
    unknown = sorted(set(data) - known)
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
    words = set()
    for w in _WORD.findall(text.lower().replace("\u2019", "'").replace("'s", "")):
        words.add(w)
    return words


def _person_name(entry: str) -> str:
    """The name part of a people-to-call entry ('Sam (cousin) 555-0100' -> 'Sam')."""
    return _SEPARATORS.split(entry, maxsplit=1)[0].strip()


def review(plan: RelapsePreventionPlan) -> tuple[Note, ...]:
    """Gentle notes on a plan: empty or unfinished sections, contradictions, suggestions.

    The notes are written for the counselor, to talk over with the client.  An empty
    list means nothing stands out; it is not a judgement of the plan's quality.
    """
    notes: list[Note] = []
    for section in SECTIONS:
        if section.name in plan.placeholders:
            notes.append(Note(section.name, "missing",
                              f"{section.heading}: this part still has a placeholder (...). "
                              f"Replace it with the client's own words."))
        elif section.empty_note and not getattr(plan, section.name):
            notes.append(Note(section.name, "missing", f"{section.heading}: "
                              f"{section.empty_note}"))
    for name in ("client", "counselor"):
        if name in plan.placeholders:
            notes.append(Note(name, "missing", f"The {name} line still has a placeholder "
                                               f"(...)."))

    for section in SECTIONS:
        seen: dict[str, str] = {}
        for item in getattr(plan, section.name):
            key = _norm(item)
            if key in seen:
                notes.append(Note(section.name, "suggestion",
                                  f"{section.heading}: '{item}' appears twice. Once is "
                                  f"enough; is something else worth adding?"))
            seen.setdefault(key, item)

    triggers = {_norm(t): t for t in plan.triggers}
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
    for entry in plan.people_to_call:
        name = _person_name(entry)
        name_words = {w for w in _tokens(name) if w not in _STOP and len(w) > 1}
        if not name_words:
            continue
        for trigger in plan.triggers:
            if name_words <= _tokens(trigger):
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
    if not plan.crisis_resources:
        notes.append(Note("crisis_resources", "suggestion",
                          "988 is on the plan. Consider adding the program's after-hours "
                          "number or another local contact next to it."))
    return tuple(notes)


def plan_is_complete(plan: RelapsePreventionPlan) -> bool:
    """No section is empty or unfinished and nothing contradicts (suggestions allowed)."""
    return not any(n.level in ("missing", "contradiction") for n in review(plan))


# ------------------------------------------------------------------- export

TITLE = "My relapse-prevention plan"
BLANK_LINE = "_" * 40
FOOTER = ("Keep this plan where you can see it. Review it with your counselor, and change "
          "it as you learn what works for you.")


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def to_markdown(plan: RelapsePreventionPlan) -> str:
    """The plan as Markdown (empty sections get blank lines to fill in by hand)."""
    blank = _md_escape("_" * 20)
    lines = [f"# {TITLE}", ""]
    lines.append(f"**Name:** {_md_escape(plan.client) if plan.client else blank}  ")
    lines.append(f"**Completed with:** "
                 f"{_md_escape(plan.counselor) if plan.counselor else blank}")
    for section in SECTIONS:
        lines += ["", f"## {section.heading}", "", f"*{section.prompt}*", ""]
        items = plan.section(section.name)
        if items:
            lines += [f"- {_md_escape(item)}" for item in items]
        else:
            lines += [f"- {blank}", f"- {blank}"]
    lines += ["", f"**{EMERGENCY_911}**", "", f"*{FOOTER}*", ""]
    return "\n".join(lines)


def _font_dir() -> Path:
    import matplotlib  # ships DejaVu Sans, a Unicode font, with every install

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


_FONT_SIZES = (11.0, 10.0, 9.0, 8.5, 8.0, 7.5, 7.0)
_CREATION_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # fixed: same plan, same bytes


def _render(plan: RelapsePreventionPlan, size: float):  # noqa: ANN202 - fpdf.FPDF
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="letter")
    pdf.set_creation_date(_CREATION_DATE)
    pdf.set_title(TITLE)
    pdf.set_lang("en-US")
    pdf.set_creator("IOP curriculum plan builder")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    line = size * 0.48  # mm per line, about 1.35 x the font size in points
    width = pdf.epw

    pdf.set_font("DejaVu", "B", size + 6)
    pdf.multi_cell(width, line * 1.6, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", size)
    pdf.multi_cell(width, line, f"Name: {plan.client or BLANK_LINE}", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.multi_cell(width, line, f"Completed with: {plan.counselor or BLANK_LINE}",
                   new_x="LMARGIN", new_y="NEXT")
    for section in SECTIONS:
        pdf.ln(line * 0.5)
        pdf.set_font("DejaVu", "B", size + 1.5)
        pdf.multi_cell(width, line * 1.2, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "I", size - 0.5)
        pdf.multi_cell(width, line, section.prompt, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", size)
        items = plan.section(section.name) or (BLANK_LINE, BLANK_LINE)
        for item in items:
            pdf.set_x(pdf.l_margin + 3)
            pdf.multi_cell(width - 3, line, f"\u2022 {item}", new_x="LMARGIN",
                           new_y="NEXT")
    pdf.ln(line * 0.6)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(width, line, EMERGENCY_911, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "I", size - 1)
    pdf.multi_cell(width, line, FOOTER, new_x="LMARGIN", new_y="NEXT")
    return pdf


def to_pdf(plan: RelapsePreventionPlan) -> bytes:
    """The plan as a one-page printable PDF (US Letter).

    The font shrinks (down to 7 pt) until the plan fits on one page.

    Raises
    ------
    PlanTooLongError
        The plan does not fit on one page even at the smallest size; shorten some items.
    """
    from widgets.core.pdf import close_fonts, pdf_bytes

    for size in _FONT_SIZES:
        pdf = _render(plan, size)
        if pdf.pages_count == 1:
            return pdf_bytes(pdf)
        close_fonts(pdf)
    raise PlanTooLongError("this plan does not fit on one page even in small print; "
                           "shorten or combine some items, then export again")
