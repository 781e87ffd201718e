"""Session plans as HTML and PDF: the plan table, its checks, the timeline, the printable
page and the one-page PDF, and TIP 41's group models as a table.

Every piece of HTML comes from a template in ``widgets/group_facilitation/templates/``
(autoescaped); every table from :func:`widgets.core.render.table`.  The PDF is drawn with
fpdf2 on :func:`widgets.core.pdf.new_document` and finished by
:func:`widgets.core.pdf.pdf_bytes`.
"""

from __future__ import annotations

import base64
from datetime import datetime

from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.group_facilitation.content import check_plan, planning
from widgets.group_facilitation.model import (
    MAX_TITLE_CHARS,
    MAX_TOPIC_CHARS,
    Plan,
    PlanCheck,
    block_label,
    schedule,
)

__all__ = [
    "BLOCK_COLOURS",
    "data_uri",
    "group_models_html",
    "issues_html",
    "plan_html",
    "plan_pdf",
    "plan_table_html",
    "timeline_html",
]

BLOCK_COLOURS = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"],
                 OKABE_ITO["reddish_purple"], OKABE_ITO["grey"], OKABE_ITO["orange"],
                 OKABE_ITO["yellow"], OKABE_ITO["vermillion"]]
"""Fill of each block type on the timeline, in the order of the planning content."""


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _rows(plan: Plan) -> list[tuple[str, int, str, str, str, str]]:
    """(time, minutes, block, topic, led by, purpose) per block."""
    p = planning()
    return [(f"{_clock(a)}–{_clock(b)}", blk.minutes, p.block(blk.kind).label, blk.topic,
             p.lead(blk.lead).label, p.block(blk.kind).purpose)
            for a, b, blk in schedule(plan)]


def plan_table_html(plan: Plan) -> Markup:
    """The plan as a table (for the planner and the printable page)."""
    return table(_rows(plan), headers=["Time", "Min", "Block", "Topic", "Led by", "Purpose"],
                 caption=f"Session plan: {plan.title}", numeric=(1,))


def issues_html(check: PlanCheck) -> Markup:
    """The findings of :func:`~widgets.group_facilitation.check_plan` as a list."""
    return render("group_facilitation/issues.html.j2", check=check)


def group_models_html() -> Markup:
    """TIP 41's five group models, with the block that carries each one's main work."""
    p = planning()
    rows = [(m.label, m.description, " and ".join(p.block(k).label.lower() for k in m.main))
            for m in p.group_models]
    return table(rows, headers=["Model", "What it does", "Main work in the session planner"],
                 caption="TIP 41's five group models", row_headers=True)


def timeline_html(plan: Plan) -> Markup:
    """The session as a bar of blocks against its time budget, in HTML and CSS.

    HTML rather than a picture: it updates in a fraction of a millisecond, every block
    carries its own label, and it reads the same with a screen reader and in print.  The
    axis ends a little past the budget, or past the plan when it runs over.
    """
    from widgets.core.svg_chart import text_colour_on

    p = planning()
    budget, total = p.format(plan.format).minutes, plan.total
    xmax = budget + 30
    if total + 5 > xmax:  # run over: extend the axis in steps of an hour
        xmax += 60 * -(-(total + 5 - xmax) // 60)
    order = {b.id: i for i, b in enumerate(p.blocks)}
    bars = []
    for start, end, block in schedule(plan):
        fill = BLOCK_COLOURS[order[block.kind] % len(BLOCK_COLOURS)]
        bars.append({"left": 100 * start / xmax, "width": 100 * (end - start) / xmax,
                     "fill": fill, "ink": text_colour_on(fill),
                     "title": f"{start}-{end} min {block_label(block, p)}",
                     "label": p.block(block.kind).short if end - start >= xmax / 12 else ""})
    parts = "; ".join(f"{a}-{b} min {block_label(blk, p)}" for a, b, blk in schedule(plan))
    alt = (f"Timeline of the session: {parts or 'no blocks yet'}. The dashed line marks "
           f"the end of the {budget}-minute session; {total} minutes are planned.")
    step = 15 if xmax <= 120 else 30
    ticks = [{"minute": m, "left": 100 * m / xmax} for m in range(0, xmax + 1, step)]
    return render("group_facilitation/timeline.html.j2", alt=alt, bars=bars, ticks=ticks,
                  budget=budget, end=100 * budget / xmax,
                  end_side="right:0" if budget > xmax * 0.8 else "left:2px")


def plan_html(plan: Plan) -> Markup:
    """A complete, printable HTML page of the plan, for the facilitators."""
    p = planning()
    return render("group_facilitation/plan_page.html.j2", plan=plan,
                  model=p.group_model(plan.model), fmt=p.format(plan.format),
                  table=plan_table_html(plan), checks=issues_html(check_plan(plan)))


def plan_pdf(plan: Plan, *, created: datetime | None = None) -> bytes:
    """The plan as an A4 PDF (fpdf2): heading, the block table, checks and notes.

    Every text the plan holds is bounded by the model (a title of at most
    :data:`~widgets.group_facilitation.model.MAX_TITLE_CHARS` characters, topics of at
    most :data:`~widgets.group_facilitation.model.MAX_TOPIC_CHARS`), so every row fits a
    page; titles and topics print in any script (:func:`widgets.core.pdf.new_document`).

    Raises
    ------
    ValueError
        For an unfinished or unknown plan, and (:class:`~widgets.core.pdf.PdfTextError`)
        for a title or topic with characters no font prints, naming it.
    """
    from widgets.core.pdf import FONT, check_text, new_document, pdf_bytes

    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, not {type(plan).__name__}")
    p = planning()
    group, fmt = p.group_model(plan.model), p.format(plan.format)
    check = check_plan(plan)  # refuses an unfinished or unknown plan before drawing
    check_text(plan.title, field="the plan's title", limit=MAX_TITLE_CHARS,
               where="the session plan")
    for number, block in enumerate(plan.blocks, 1):
        check_text(block.topic, field=f"the topic of block {number}", limit=MAX_TOPIC_CHARS,
                   where="the session plan")
    pdf = new_document(format="A4", title=plan.title, lang="en",
                       creator="IOP staff-training session planner")
    pdf.set_creation_date(created or datetime(2026, 1, 1))
    pdf.set_author("IOP staff-training session planner")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, plan.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, f"Group model: {group.label} (TIP 41). {group.description}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, f"Format: {fmt.label}; {plan.total} of {fmt.minutes} minutes "
                         f"planned.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(col_widths=(16, 10, 30, 40, 28, 66), text_align="LEFT",
                   line_height=5) as rows:
        rows.row(["Time", "Min", "Block", "Topic", "Led by", "Purpose"])
        for row in _rows(plan):
            rows.row([str(cell) for cell in row])
    pdf.ln(3)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "Checks", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    lines = ([f"{'Fix' if i.level == 'error' else 'Consider'}: {i.message}"
              for i in check.issues] or ["The plan fits its time and is balanced."])
    for line in lines:
        pdf.multi_cell(0, 5, f"- {line}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, "Facilitators' notes", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, "Roles agreed; who steps out if a member needs one-to-one time; "
                         "debrief time after group.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(25)
    pdf.set_font(FONT, "I", 8)
    pdf.multi_cell(0, 4, "Made with the IOP staff-training session planner. Training "
                         "material, not clinical guidance: follow your program's policies.",
                   new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def data_uri(content: bytes | str, mime: str) -> str:
    """A ``data:`` URI for a download link."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
