"""Module 5 as HTML, Markdown and PDF: the cohort simulator's chart and tables, the plan's
worksheet, review notes and printable exports, and the exercise vignette.

Every piece of HTML comes from the templates in ``widgets/relapse/templates/`` (through
:func:`widgets.core.render.render` and :func:`~widgets.core.render.table`); charts are
written by :mod:`widgets.core.svg_chart`; PDFs are finished by :mod:`widgets.core.pdf`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.core.svg_chart import Axis, LineChart, chart_figure
from widgets.relapse.content import load_vignette, plan_template, printed_items
from widgets.relapse.model.plan import Note, RelapsePreventionPlan
from widgets.relapse.model.simulation import (
    ILLUSTRATION_LABEL,
    REPORT_WEEK,
    CohortResult,
    percent,
)
from widgets.relapse.schemas import PlanTemplate
from widgets.scenarios.render import ScenarioWording, static_html
from widgets.scenarios.schemas import Scenario

__all__ = [
    "GROUP_COLOURS",
    "LAPSE_CHAIN",
    "PRINT_MAX_ENTRY",
    "PRINT_MAX_NAME",
    "CohortGroup",
    "PlanTooLongError",
    "always_printed_html",
    "cohort_alt_text",
    "cohort_figure",
    "downloads_html",
    "groups_of",
    "illustration_label",
    "lapse_chain_static_html",
    "lapse_free_table",
    "notes_html",
    "to_markdown",
    "to_pdf",
    "vignette_html",
    "week_table",
    "worksheet_html",
]

GROUP_COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"],
                 OKABE_ITO["reddish_purple"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"],
                 OKABE_ITO["grey"])
"""Each group's colour, in order (Group A, Group B, ...)."""


# ------------------------------------------------------------- cohort simulator


@dataclass(frozen=True)
class CohortGroup:
    """One simulated group as the simulator shows it: its name, colour and result."""

    name: str
    colour: str
    result: CohortResult


def groups_of(results: Mapping[str, CohortResult]) -> list[CohortGroup]:
    """The results of :func:`~widgets.relapse.compare_cohorts` with their colours."""
    return [CohortGroup(name, GROUP_COLOURS[i % len(GROUP_COLOURS)], result)
            for i, (name, result) in enumerate(results.items())]


def cohort_alt_text(groups: Sequence[CohortGroup], week: int = REPORT_WEEK) -> str:
    """What the cohort chart shows, in words."""
    weeks = groups[0].result.weeks if groups else 0
    parts = [f"{g.name} ({g.result.protection.describe()}): {percent(g.result.at_week(week))} "
             f"still lapse-free at week {week}" for g in groups]
    return (f"Line chart of the fraction of each simulated group still lapse-free over "
            f"{weeks} weeks; both curves fall week by week. " + "; ".join(parts)
            + ". Illustration, not a prediction.")


def cohort_figure(groups: Sequence[CohortGroup], week: int = REPORT_WEEK) -> Markup:
    """The lapse-free curves (simulated and expected) of each group, as an inline SVG."""
    weeks = groups[0].result.weeks if groups else 0
    step = 2 if weeks <= 16 else 4
    x = Axis(0, max(weeks, 1), range(0, weeks + 1, step), "Weeks since the start of treatment")
    y = Axis(0, 1.02, [i / 4 for i in range(5)], "Fraction still lapse-free",
             fmt=lambda v: f"{v:.0%}")
    chart = LineChart(x, y, width=700, height=330, title="Illustration, not a prediction",
                      legend="below")
    chart.vline(week, colour=OKABE_ITO["grey"], dash=":", width=1)
    chart.text(week + 0.2, 0.97, f"week {week}")
    for g in groups:
        chart.line(range(g.result.weeks + 1), g.result.lapse_free, colour=g.colour, step=True,
                   label=f"{g.name} (simulated)")
        chart.line(range(g.result.weeks + 1), g.result.expected, colour=g.colour, width=1,
                   dash="--", label=f"{g.name} (expected)")
    return Markup(chart_figure(
        cohort_alt_text(groups, week), chart.svg(),
        caption=f"Share of each simulated group still lapse-free, week by week, over "
                f"{weeks} weeks (illustration, not a prediction)."))


def week_table(groups: Sequence[CohortGroup] | Mapping[str, CohortResult],
               week: int = REPORT_WEEK) -> Markup:
    """Each group's factors and lapse-free share at ``week`` (simulated and expected)."""
    rows = groups_of(groups) if isinstance(groups, Mapping) else list(groups)
    people = sorted({g.result.n_people for g in rows})
    simulated = (f"Simulated ({people[0]} people)" if len(people) == 1 else "Simulated")
    return table(
        [[render("relapse/group_name.html.j2", name=g.name, colour=g.colour),
          g.result.protection.describe(), percent(g.result.at_week(week)),
          percent(g.result.expected_at_week(week))] for g in rows],
        headers=["Group", "Factors", simulated, "Expected"], row_headers=True,
        numeric=(2, 3),
        caption=f"Lapse-free at week {week} (illustration, not a prediction)")


def lapse_free_table(curve: Sequence[float], weeks: Sequence[int]) -> Markup:
    """The share still lapse-free after some weeks, from :func:`lapse_free_fraction`."""
    return table([[str(w), percent(curve[w])] for w in weeks],
                 headers=["After week", "Still lapse-free"], numeric=(0, 1),
                 caption="Share of a group still lapse-free (arithmetic example)")


def illustration_label() -> Markup:
    """The label every cohort output carries."""
    return render("relapse/illustration.html.j2", label=ILLUSTRATION_LABEL)


# ---------------------------------------------------------------------- the plan

PRINT_MAX_ENTRY = 200
"""Most characters of one entry on the printed plan (about three printed lines)."""
PRINT_MAX_NAME = 60
"""Most characters of the client's or counselor's name on the printed plan."""
BLANK_LINE = "_" * 40


class PlanTooLongError(ValueError):  # also: text the printed plan cannot show
    """The plan cannot be printed: an entry is too long, or it does not fit on one page."""


_LEVEL_LABEL = {"missing": "Still to fill in", "contradiction": "Worth talking over",
                "suggestion": "A suggestion"}


def notes_html(notes: Sequence[Note]) -> Markup:
    """The review notes as a gentle HTML list."""
    return render("relapse/notes.html.j2", notes=notes, labels=_LEVEL_LABEL)


def worksheet_html(plan: RelapsePreventionPlan | None = None,
                   template: PlanTemplate | None = None) -> Markup:
    """The plan (blank by default) as HTML, for reading and printing without a kernel."""
    template = template or plan_template()
    plan = plan or RelapsePreventionPlan()
    sections = [(s, printed_items(plan, s.field, template)) for s in template.sections]
    return render("relapse/worksheet.html.j2", plan=plan, template=template,
                  sections=sections)


def always_printed_html(template: PlanTemplate | None = None) -> Markup:
    """The lines the builder always prints (crisis and emergency lines)."""
    template = template or plan_template()
    return render("relapse/always_printed.html.j2", template=template)


def downloads_html(pdf: bytes, markdown: str) -> Markup:
    """Links that download the exported plan (PDF and Markdown)."""
    return render("relapse/downloads.html.j2",
                  pdf=base64.b64encode(pdf).decode("ascii"),
                  markdown=base64.b64encode(markdown.encode("utf-8")).decode("ascii"))


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def to_markdown(plan: RelapsePreventionPlan, template: PlanTemplate | None = None) -> str:
    """The plan as Markdown (empty sections get blank lines to fill in by hand)."""
    template = template or plan_template()
    blank = _md_escape("_" * 20)
    lines = [f"# {template.title}", ""]
    lines.append(f"**Name:** {_md_escape(plan.client) if plan.client else blank}  ")
    lines.append(f"**Completed with:** "
                 f"{_md_escape(plan.counselor) if plan.counselor else blank}")
    for section in template.sections:
        lines += ["", f"## {section.heading}", "", f"*{section.prompt}*", ""]
        for fixed in section.always:
            lines += [f"> {_md_escape(fixed.text)}", ">"]
        if section.always:
            lines[-1] = ""
        items = printed_items(plan, section.field, template)
        if items:
            lines += [f"- {_md_escape(item)}" for item in items]
        else:
            lines += [f"- {blank}", f"- {blank}"]
    lines += ["", f"**{template.emergency_line}**", "", f"*{template.footer}*", ""]
    return "\n".join(lines)


def _check_printable(plan: RelapsePreventionPlan, template: PlanTemplate) -> None:
    """Refuse, before rendering, any field too long for the printed page."""
    for name, label in (("client", "The name on the plan"),
                        ("counselor", "The 'Completed with' line")):
        value = getattr(plan, name)
        if len(value) > PRINT_MAX_NAME:
            raise PlanTooLongError(f"{label} is {len(value):,} characters long; the printed "
                                   f"plan takes at most {PRINT_MAX_NAME}. Shorten it, then "
                                   f"export again.")
    for section in template.sections:
        for n, item in enumerate(plan.section(section.field), start=1):
            if len(item) > PRINT_MAX_ENTRY:
                raise PlanTooLongError(
                    f"'{section.heading}', entry {n}, is {len(item):,} characters long; the "
                    f"printed plan takes at most {PRINT_MAX_ENTRY} characters per entry. "
                    f"Shorten it or split it into two entries, then export again.")


_FONT_SIZES = (11.0, 10.0, 9.0, 8.5, 8.0, 7.5, 7.0)
_CREATION_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # fixed: same plan, same bytes


def _render_pdf(plan: RelapsePreventionPlan, template: PlanTemplate,
                size: float) -> Any:  # noqa: ANN401 - fpdf.FPDF
    from widgets.core.pdf import FONT, new_document

    pdf = new_document(format="letter", title=template.title, lang="en-US",
                       creator="IOP curriculum plan builder")
    pdf.set_creation_date(_CREATION_DATE)
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    line = size * 0.48  # mm per line, about 1.35 x the font size in points
    width = pdf.epw

    def paragraph(text: str, style: str = "", font: float = size, height: float = line,
                  indent: float = 0.0) -> None:
        pdf.set_font(FONT, style, font)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, height, text, new_x="LMARGIN", new_y="NEXT")

    paragraph(template.title, "B", size + 6, line * 1.6)
    paragraph(f"Name: {plan.client or BLANK_LINE}")
    paragraph(f"Completed with: {plan.counselor or BLANK_LINE}")
    for section in template.sections:
        pdf.ln(line * 0.5)
        paragraph(section.heading, "B", size + 1.5, line * 1.2)
        paragraph(section.prompt, "I", size - 0.5)
        for fixed in section.always:
            paragraph(f"\u25b8 {fixed.text}", "", size - 0.5, indent=3)
        for item in printed_items(plan, section.field, template) or (BLANK_LINE, BLANK_LINE):
            paragraph(f"\u2022 {item}", indent=3)
    pdf.ln(line * 0.6)
    paragraph(template.emergency_line, "B")
    paragraph(template.footer, "I", size - 1)
    return pdf


def to_pdf(plan: RelapsePreventionPlan, template: PlanTemplate | None = None) -> bytes:
    """The plan as a one-page printable PDF (US Letter).

    The font shrinks (down to 7 pt) until the plan fits on one page.

    Raises
    ------
    PlanTooLongError
        Before rendering, when a name or an entry is longer than the printed plan takes
        (:data:`PRINT_MAX_NAME`, :data:`PRINT_MAX_ENTRY`), naming it; after, when the plan
        does not fit on one page even at the smallest size.
    """
    from widgets.core.pdf import PdfTextError, check_text, pdf_bytes

    template = template or plan_template()
    _check_printable(plan, template)
    try:
        for name, label in (("client", "The name on the plan"),
                            ("counselor", "The 'Completed with' line")):
            check_text(getattr(plan, name), field=label, limit=PRINT_MAX_NAME,
                       where="the printed plan")
        for section in template.sections:
            for item in plan.section(section.field):
                check_text(item, field=f"'{section.heading}'", limit=PRINT_MAX_ENTRY,
                           where="the printed plan")
    except PdfTextError as exc:  # a character no font prints, a control character
        raise PlanTooLongError(f"{exc}. Change it, then export again.") from None
    pdf = _largest_fitting(plan, template)
    if pdf is None:
        raise PlanTooLongError("This plan does not fit on one page even in small print; "
                               "shorten or combine some entries, then export again.")
    return pdf_bytes(pdf)


def _largest_fitting(plan: RelapsePreventionPlan,
                     template: PlanTemplate) -> Any:  # noqa: ANN401 - fpdf.FPDF or None
    """The document at the largest font size that fits one page (``None`` if none does).

    Whether a plan fits only gets easier as the font shrinks, so: the largest size first
    (most plans fit), then the smallest (a plan too long fails fast), then a bisection in
    between; at most five renders instead of seven.
    """
    from widgets.core.pdf import close_fonts

    sizes = list(_FONT_SIZES)  # largest first
    rendered: dict[int, Any] = {}

    def fits(i: int) -> bool:
        if i not in rendered:
            rendered[i] = _render_pdf(plan, template, sizes[i])
        return rendered[i].pages_count == 1

    best = None
    if fits(0):
        best = 0
    elif fits(len(sizes) - 1):
        lo, hi = 0, len(sizes) - 1  # sizes[lo] does not fit, sizes[hi] does
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if fits(mid) else (mid, hi)
        best = hi
    for i, pdf in rendered.items():
        if i != best:
            close_fonts(pdf)
    return rendered[best] if best is not None else None


# --------------------------------------------------------------------- exercises


def vignette_html(vignette_id: str | None = None) -> Markup:
    """The vignette's numbered sentences as HTML (no answers)."""
    vignette = load_vignette(vignette_id) if vignette_id else load_vignette()
    return render("relapse/vignette.html.j2", vignette=vignette)


# ------------------------------------------------------------------- lapse chains

METER_NOTE = "The meters are illustrative (0 to 100), not measurements."

LAPSE_CHAIN = ScenarioWording(
    heading="",
    section_label="Lapse-chain scenario",
    choice="response",
    prompt="Response:",
    hint="Choose a response first.",
    submit_tip="Take the selected response and see what follows",
    restart_tip="Play the week again from the start",
    how_to_read=("At each decision point choose a response for yourself, then open its "
                 "feedback and follow the link to where it leads. The meters start at "
                 "{meters}; each response moves them, and some turns depend on where a "
                 f"meter stands. {METER_NOTE}"),
    meters="Meters",
    chart_title="Self-efficacy and craving (illustrative)",
    chart_subject="the meters",
    turn="a threshold was crossed, and the story takes a different turn.",
    meter_note=METER_NOTE,
    history="The chain so far",
    graph=False,
)
"""Module 5's lapse chains (the scenario player's words): the meters are the client's
self-efficacy and craving; a ``next_if`` rule sends the story to a lapse when a meter
crosses a threshold."""


def lapse_chain_static_html(scenario: Scenario) -> Markup:
    """A lapse-chain scenario as HTML a reader can follow without a kernel."""
    return Markup(static_html(scenario, wording=LAPSE_CHAIN))
