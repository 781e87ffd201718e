"""Group session planner: build a session from blocks, check it, export a printable plan.

A plan is a group model (one of TIP 41's five), a format (a 90-minute group, or a
3-hour IOP evening with a break) and an ordered list of blocks (check-in,
psychoeducation topic, skills practice, process time, check-out, break).
:func:`check_plan` checks the time budget and the balance of the plan;
:func:`plan_html` and :func:`plan_pdf` export it for the facilitators.

The balance checks are this course's planning heuristics (the block that carries the
model's main work gets the most time; open and close the group; a break in a 3-hour
evening), not rules quoted from TIP 41.  The example templates are starting points with
illustrative minutes, to be adjusted to each program.

Pure logic: never imports ipywidgets.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Literal

__all__ = [
    "BLOCK_TYPES",
    "FORMATS",
    "GROUP_MODELS",
    "LEADS",
    "Block",
    "BlockType",
    "GroupModel",
    "Issue",
    "Plan",
    "SessionFormat",
    "check_plan",
    "group_models_html",
    "minutes_by_type",
    "plan_html",
    "plan_pdf",
    "schedule",
    "template",
    "write_html",
    "write_pdf",
]


@dataclass(frozen=True)
class BlockType:
    """A kind of block a session is built from."""

    id: str
    label: str
    purpose: str


BLOCK_TYPES: dict[str, BlockType] = {b.id: b for b in [
    BlockType("check-in", "Check-in",
              "Each member says briefly how they are arriving; the leader hears who needs "
              "attention today."),
    BlockType("psychoeducation", "Psychoeducation topic",
              "Teach one topic (information members can use), with questions."),
    BlockType("skills-practice", "Skills practice",
              "Practise a skill (for example turning down an offer, or a coping plan) in "
              "pairs or role-plays, with feedback."),
    BlockType("process-time", "Process time",
              "Members talk with each other about what is happening in their lives and in "
              "the group, here and now."),
    BlockType("break", "Break", "A pause: stretch, fresh air, a drink of water."),
    BlockType("check-out", "Check-out",
              "Each member names what they take away and their plan until the next "
              "session."),
]}
"""The building blocks of a session, in their usual order."""


@dataclass(frozen=True)
class GroupModel:
    """One of TIP 41's five group models, and the block that carries its main work."""

    id: str
    label: str
    main: tuple[str, ...]
    description: str


GROUP_MODELS: dict[str, GroupModel] = {m.id: m for m in [
    GroupModel("psychoeducational", "Psychoeducational", ("psychoeducation",),
               "Teaches information about substance use, its consequences and recovery."),
    GroupModel("skills-development", "Skills development", ("skills-practice",),
               "Builds and practises skills for recovery, such as turning down an offer."),
    GroupModel("cognitive-behavioral", "Cognitive-behavioral / problem-solving",
               ("skills-practice", "psychoeducation"),
               "Works on thoughts, beliefs and behaviour, and on solving concrete problems."),
    GroupModel("support", "Support", ("process-time",),
               "Members support each other in day-to-day recovery."),
    GroupModel("interpersonal-process", "Interpersonal process", ("process-time",),
               "Uses the relationships in the group, here and now, as the way to change."),
]}
"""TIP 41's five group models (names from TIP 41; descriptions are this course's)."""


@dataclass(frozen=True)
class SessionFormat:
    """How long a session is and whether it needs a break."""

    id: str
    label: str
    minutes: int
    needs_break: bool


FORMATS: dict[str, SessionFormat] = {f.id: f for f in [
    SessionFormat("90-minutes", "90-minute group", 90, False),
    SessionFormat("evening-3h", "3-hour IOP evening", 180, True),
]}

LEADS: dict[str, str] = {"lead": "Lead facilitator", "co-lead": "Co-facilitator",
                         "both": "Both facilitators"}
"""Who leads a block."""


@dataclass(frozen=True)
class Block:
    """One block of a session."""

    kind: str
    minutes: int
    topic: str = ""
    lead: str = "lead"

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_TYPES:
            raise ValueError(f"unknown block kind {self.kind!r}; kinds are: "
                             f"{', '.join(BLOCK_TYPES)}")
        if self.lead not in LEADS:
            raise ValueError(f"unknown lead {self.lead!r}; choose one of: {', '.join(LEADS)}")

    @property
    def label(self) -> str:
        """The block's name, with its topic when it has one."""
        name = BLOCK_TYPES[self.kind].label
        return f"{name}: {self.topic}" if self.topic else name


@dataclass(frozen=True)
class Plan:
    """A whole session plan."""

    title: str
    model: str
    format: str
    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        if self.model not in GROUP_MODELS:
            raise ValueError(f"unknown group model {self.model!r}; models are: "
                             f"{', '.join(GROUP_MODELS)}")
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; formats are: "
                             f"{', '.join(FORMATS)}")

    @property
    def total(self) -> int:
        """Minutes planned."""
        return sum(b.minutes for b in self.blocks)

    @property
    def budget(self) -> int:
        """Minutes available in the chosen format."""
        return FORMATS[self.format].minutes

    def with_blocks(self, blocks: Iterable[Block]) -> Plan:
        """A copy with other blocks."""
        return replace(self, blocks=tuple(blocks))

    def add(self, block: Block) -> Plan:
        """A copy with ``block`` added at the end."""
        return self.with_blocks((*self.blocks, block))

    def remove(self, index: int) -> Plan:
        """A copy without the block at ``index``."""
        self._index(index)
        return self.with_blocks(b for i, b in enumerate(self.blocks) if i != index)

    def move(self, index: int, offset: int) -> Plan:
        """A copy with the block at ``index`` moved ``offset`` places (clamped)."""
        self._index(index)
        blocks = list(self.blocks)
        block = blocks.pop(index)
        blocks.insert(max(0, min(len(blocks), index + offset)), block)
        return self.with_blocks(blocks)

    def _index(self, index: int) -> None:
        if not 0 <= index < len(self.blocks):
            raise IndexError(f"the plan has {len(self.blocks)} blocks; no block {index}")


@dataclass(frozen=True)
class Issue:
    """A finding of :func:`check_plan`: ``error`` (must fix) or ``warning`` (consider)."""

    level: Literal["error", "warning"]
    code: str
    message: str


@dataclass(frozen=True)
class PlanCheck:
    """The result of checking a plan."""

    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(i.level == "error" for i in self.issues)

    @property
    def codes(self) -> list[str]:
        """The codes of the issues, in order."""
        return [i.code for i in self.issues]


def minutes_by_type(plan: Plan) -> dict[str, int]:
    """Minutes per block kind (kinds not used are left out), in block-type order."""
    out = {k: 0 for k in BLOCK_TYPES}
    for b in plan.blocks:
        out[b.kind] += b.minutes
    return {k: v for k, v in out.items() if v}


def check_plan(plan: Plan) -> PlanCheck:
    """Check the time budget and the balance of a plan."""
    issues: list[Issue] = []
    fmt = FORMATS[plan.format]
    model = GROUP_MODELS[plan.model]
    if not plan.blocks:
        return PlanCheck((Issue("error", "empty", "The plan has no blocks yet."),))
    for i, b in enumerate(plan.blocks, start=1):
        if b.minutes <= 0:
            issues.append(Issue("error", "block-minutes",
                                f"Block {i} ({b.label}) has {b.minutes} minutes; give every "
                                f"block at least one minute."))
    if plan.total > fmt.minutes:
        issues.append(Issue("error", "over-time",
                            f"The plan takes {plan.total} minutes: {plan.total - fmt.minutes} "
                            f"over the {fmt.minutes} minutes of a {fmt.label}."))
    elif plan.total < fmt.minutes:
        issues.append(Issue("warning", "under-time",
                            f"{fmt.minutes - plan.total} of the {fmt.minutes} minutes are not "
                            f"planned yet."))
    kinds = [b.kind for b in plan.blocks]
    if kinds[0] != "check-in":
        issues.append(Issue("warning", "no-opening",
                            "Open with a check-in, so you hear how every member is arriving."))
    if kinds[-1] != "check-out":
        issues.append(Issue("warning", "no-closing",
                            "Close with a check-out, so members leave with a plan until the "
                            "next session."))
    if fmt.needs_break and "break" not in kinds:
        issues.append(Issue("error", "no-break",
                            f"A {fmt.label} needs a break block."))
    if kinds[0] == "break" or kinds[-1] == "break":
        issues.append(Issue("warning", "break-at-edge",
                            "A break belongs in the middle of the session, not at its start "
                            "or end."))
    by_type = minutes_by_type(plan)
    main = sum(by_type.get(k, 0) for k in model.main)
    main_names = " and ".join(BLOCK_TYPES[k].label.lower() for k in model.main)
    if main == 0:
        issues.append(Issue("error", "no-main-work",
                            f"{_a(model.label).capitalize()} group does its main work in "
                            f"{main_names}; add a block for it."))
    else:
        others = {k: v for k, v in by_type.items() if k not in model.main and k != "break"}
        if others:
            kind, minutes = max(others.items(), key=lambda kv: kv[1])
            if minutes > main:
                issues.append(Issue("warning", "balance",
                                    f"In {_a(model.label)} group the main work is "
                                    f"{main_names} ({main} min), but "
                                    f"{BLOCK_TYPES[kind].label.lower()} has more time "
                                    f"({minutes} min)."))
        frame = by_type.get("check-in", 0) + by_type.get("check-out", 0)
        if frame > main:
            issues.append(Issue("warning", "frame-heavy",
                                f"Check-in and check-out together ({frame} min) take more "
                                f"time than the main work ({main} min)."))
    for i, b in enumerate(plan.blocks, start=1):
        if b.kind in ("psychoeducation", "skills-practice") and not b.topic.strip():
            issues.append(Issue("warning", "no-topic",
                                f"Block {i} ({BLOCK_TYPES[b.kind].label}) has no topic; "
                                f"name what you will teach or practise."))
    return PlanCheck(tuple(issues))


def _a(label: str) -> str:
    """'a support', 'an interpersonal process' (lower case)."""
    word = label.lower()
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def schedule(plan: Plan) -> list[tuple[int, int, Block]]:
    """(start minute, end minute, block) for each block, from minute 0."""
    out, t = [], 0
    for b in plan.blocks:
        out.append((t, t + b.minutes, b))
        t += b.minutes
    return out


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


_TEMPLATES: dict[str, list[tuple[str, int, str]]] = {
    # "MAIN" is replaced by the model's main block; minutes are illustrative.
    "90-minutes": [("check-in", 15, "lead"), ("MAIN", 55, "both"), ("check-out", 20, "co-lead")],
    "evening-3h": [("check-in", 20, "lead"), ("psychoeducation", 40, "lead"),
                   ("break", 15, "both"), ("MAIN", 85, "both"), ("check-out", 20, "co-lead")],
}
_EVENING_PSYCHOEDUCATIONAL = [("check-in", 20, "lead"), ("psychoeducation", 50, "lead"),
                              ("break", 15, "both"), ("psychoeducation", 45, "co-lead"),
                              ("skills-practice", 30, "both"), ("check-out", 20, "co-lead")]


def template(model: str, fmt: str, title: str = "") -> Plan:
    """An example plan for a model and format: a starting point with illustrative minutes.

    Every template passes :func:`check_plan` except for the topics, which are left empty
    for the facilitators to fill in (the check asks for them).
    """
    group = GROUP_MODELS[model]
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are: {', '.join(FORMATS)}")
    rows = (_EVENING_PSYCHOEDUCATIONAL if (model, fmt) == ("psychoeducational", "evening-3h")
            else _TEMPLATES[fmt])
    blocks = []
    for kind, minutes, lead in rows:
        kind = group.main[0] if kind == "MAIN" else kind
        blocks.append(Block(kind, minutes, "", lead))
    name = title or f"{group.label} group, {FORMATS[fmt].label}"
    return Plan(name, model, fmt, tuple(blocks))


# --------------------------------------------------------------------------- export


_PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #111; }
h1 { font-size: 1.4rem; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; } .note { font-size: .85rem; color: #333; }
@media print { body { margin: 0; } a { color: inherit; } }
"""


def _table_rows(plan: Plan) -> list[str]:
    return [f"<tr><td>{_clock(a)}&ndash;{_clock(b)}</td><td>{blk.minutes}</td>"
            f"<td>{escape(BLOCK_TYPES[blk.kind].label)}</td><td>{escape(blk.topic)}</td>"
            f"<td>{escape(LEADS[blk.lead])}</td>"
            f"<td>{escape(BLOCK_TYPES[blk.kind].purpose)}</td></tr>"
            for a, b, blk in schedule(plan)]


def plan_table_html(plan: Plan) -> str:
    """The plan as an HTML table (for widgets and the printable page)."""
    return ('<table class="iop-table"><caption>Session plan: '
            f"{escape(plan.title)}</caption><thead><tr><th>Time</th><th>Min</th>"
            "<th>Block</th><th>Topic</th><th>Led by</th><th>Purpose</th></tr></thead>"
            f"<tbody>{''.join(_table_rows(plan))}</tbody></table>")


def issues_html(check: PlanCheck) -> str:
    """The findings of :func:`check_plan` as an HTML list."""
    if not check.issues:
        return "<p><strong>Checks:</strong> the plan fits its time and is balanced.</p>"
    items = "".join(f"<li><strong>{'Fix' if i.level == 'error' else 'Consider'}:</strong> "
                    f"{escape(i.message)}</li>" for i in check.issues)
    return f"<p><strong>Checks:</strong></p><ul>{items}</ul>"


def plan_html(plan: Plan) -> str:
    """A complete, printable HTML page of the plan, for the facilitators."""
    model = GROUP_MODELS[plan.model]
    fmt = FORMATS[plan.format]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(plan.title)}</title><style>{_PRINT_CSS}</style></head><body>"
        f"<h1>{escape(plan.title)}</h1>"
        f"<p><strong>Group model:</strong> {escape(model.label)} (TIP 41). "
        f"{escape(model.description)}<br><strong>Format:</strong> {escape(fmt.label)}"
        f"{' with a break' if fmt.needs_break else ''}, "
        f"{plan.total} of {fmt.minutes} minutes planned.</p>"
        f"{plan_table_html(plan)}{issues_html(check_plan(plan))}"
        "<p><strong>Facilitators' notes</strong> (roles agreed, who steps out if a member "
        "needs one-to-one time, debrief time after group):</p>"
        "<p>&nbsp;</p><p>&nbsp;</p>"
        '<p class="note">Made with the IOP staff-training session planner. Training '
        "material, not clinical guidance: follow your program's policies.</p>"
        "</body></html>\n")


def _latin1(text: str) -> str:
    """Text for the PDF core fonts (Latin-1): typographic characters made plain."""
    table = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
             "\u201d": '"', "\u2026": "...", "\u2192": "->", "\u00a0": " "}
    text = "".join(table.get(c, c) for c in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def plan_pdf(plan: Plan, *, created: datetime | None = None) -> bytes:
    """The plan as a one-page A4 PDF (fpdf2)."""
    from fpdf import FPDF

    model = GROUP_MODELS[plan.model]
    fmt = FORMATS[plan.format]
    pdf = FPDF(format="A4")
    pdf.set_creation_date(created or datetime(2026, 1, 1))
    pdf.set_title(_latin1(plan.title))
    pdf.set_author("IOP staff-training session planner")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, _latin1(plan.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(f"Group model: {model.label} (TIP 41). {model.description}"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, _latin1(f"Format: {fmt.label}; {plan.total} of {fmt.minutes} "
                                 f"minutes planned."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(col_widths=(16, 10, 30, 40, 28, 66), text_align="LEFT",
                   line_height=5) as table:
        table.row(["Time", "Min", "Block", "Topic", "Led by", "Purpose"])
        for a, b, blk in schedule(plan):
            table.row([f"{_clock(a)}-{_clock(b)}", str(blk.minutes),
                       _latin1(BLOCK_TYPES[blk.kind].label), _latin1(blk.topic),
                       _latin1(LEADS[blk.lead]), _latin1(BLOCK_TYPES[blk.kind].purpose)])
    pdf.ln(3)
    check = check_plan(plan)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Checks", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    lines = ([f"{'Fix' if i.level == 'error' else 'Consider'}: {i.message}"
              for i in check.issues] or ["The plan fits its time and is balanced."])
    for line in lines:
        pdf.multi_cell(0, 5, _latin1(f"- {line}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Facilitators' notes", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 5, "Roles agreed; who steps out if a member needs one-to-one time; "
                         "debrief time after group.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(25)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 4, "Made with the IOP staff-training session planner. Training "
                         "material, not clinical guidance: follow your program's policies.",
                   new_x="LMARGIN", new_y="NEXT")
    from widgets.core.pdf import pdf_bytes

    return pdf_bytes(pdf)


def write_html(plan: Plan, path: Path | str) -> Path:
    """Write :func:`plan_html` to a file; returns the path."""
    path = Path(path)
    path.write_text(plan_html(plan), encoding="utf-8")
    return path


def write_pdf(plan: Plan, path: Path | str) -> Path:
    """Write :func:`plan_pdf` to a file; returns the path."""
    path = Path(path)
    path.write_bytes(plan_pdf(plan))
    return path


def data_uri(content: bytes | str, mime: str) -> str:
    """A ``data:`` URI for a download link."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


def block_summary(blocks: Sequence[Block]) -> str:
    """One line per block: '1. Check-in (15 min)'."""
    return "\n".join(f"{i}. {b.label} ({b.minutes} min)" for i, b in enumerate(blocks, 1))


def group_models_html() -> str:
    """TIP 41's five group models, with the block that carries each one's main work."""
    rows = "".join(
        f"<tr><td>{escape(m.label)}</td><td>{escape(m.description)}</td>"
        f"<td>{escape(' and '.join(BLOCK_TYPES[k].label.lower() for k in m.main))}</td></tr>"
        for m in GROUP_MODELS.values())
    return ('<table class="iop-table"><caption>TIP 41\'s five group models</caption><thead>'
            "<tr><th>Model</th><th>What it does</th><th>Main work in the session planner"
            f"</th></tr></thead><tbody>{rows}</tbody></table>")
