"""Relapse-prevention plan builder: fill in, review gently, export as PDF and Markdown.

A thin layer over :mod:`widgets.relapse_plan`.  Each section is a text box with one item
per line; "Review plan" lists gentle notes; "Export" offers a one-page PDF and a Markdown
file as downloads.  Each review and each export is recorded for the session learner, if
one is set, as ``sim/plan-builder``: correct when the plan is complete (no section missing
or contradicting another).  The record keeps which sections were filled and the notes'
kinds, never the text typed into the plan.
"""

from __future__ import annotations

import base64
from html import escape

import ipywidgets as W

from widgets.core.view import StaticFallback, button, html
from widgets.progress import record_simulation
from widgets.relapse_plan import (
    CRISIS_988,
    EMERGENCY_911,
    SECTIONS,
    Note,
    PlanTooLongError,
    RelapsePreventionPlan,
    review,
    to_markdown,
    to_pdf,
)

__all__ = ["PlanBuilderView", "notes_html", "worksheet_html"]

MODULE = "m05"
SIMULATION = "plan-builder"
"""The builder's simulation id in the competency map."""

_STYLE = {"description_width": "13em"}
_LEVEL_LABEL = {"missing": "Still to fill in", "contradiction": "Worth talking over",
                "suggestion": "A suggestion"}


def notes_html(notes: tuple[Note, ...]) -> str:
    """The review notes as a gentle HTML list."""
    if not notes:
        return ('<div role="status"><p><strong>Nothing stands out.</strong> Read the plan '
                "through with the client once more, in their words, and agree when you will "
                "review it together.</p></div>")
    items = "".join(f"<li><strong>{_LEVEL_LABEL[n.level]}:</strong> {escape(n.message)}</li>"
                    for n in notes)
    return (f'<div role="status"><p>A few things to look at together '
            f"({len(notes)}):</p><ul>{items}</ul></div>")


def worksheet_html(plan: RelapsePreventionPlan | None = None) -> str:
    """The plan (blank by default) as HTML, for reading and printing without a kernel."""
    plan = plan or RelapsePreventionPlan()
    parts = ['<section class="iop-plan" aria-label="Relapse-prevention plan">',
             "<p><strong>My relapse-prevention plan</strong></p>",
             f"<p>Name: {escape(plan.client) or '____________'}<br>"
             f"Completed with: {escape(plan.counselor) or '____________'}</p>"]
    for section in SECTIONS:
        items = plan.section(section.name)
        lines = "".join(f"<li>{escape(i)}</li>" for i in items) or \
            "<li>____________</li><li>____________</li>"
        parts.append(f"<p><strong>{escape(section.heading)}</strong><br>"
                     f"<em>{escape(section.prompt)}</em></p><ul>{lines}</ul>")
    parts.append(f"<p><strong>{escape(EMERGENCY_911)}</strong></p></section>")
    return "".join(parts)


class PlanBuilderView(StaticFallback, W.VBox):
    """The plan builder.

    Attributes
    ----------
    notes : tuple of Note
        Notes from the latest review (empty before the first review).
    pdf : bytes or None
        The latest exported PDF.
    markdown : str or None
        The latest exported Markdown.
    """

    def __init__(self, plan: RelapsePreventionPlan | None = None) -> None:
        self.notes: tuple[Note, ...] = ()
        self.pdf: bytes | None = None
        self.markdown: str | None = None
        self._client = W.Text(description="Name on the plan",
                              placeholder="The name the client chooses", style=_STYLE,
                              layout=W.Layout(width="36em"))
        self._counselor = W.Text(description="Completed with", placeholder="Counselor",
                                 style=_STYLE, layout=W.Layout(width="36em"))
        self._sections: dict[str, W.Textarea] = {}
        rows: list[W.Widget] = [self._client, self._counselor]
        for section in SECTIONS:
            prompt = section.prompt + " One per line."
            if section.name == "crisis_resources":
                prompt = "988 is always on the plan. Add others, one per line."
            area = W.Textarea(description=section.heading, placeholder=prompt, rows=3,
                              style=_STYLE, layout=W.Layout(width="36em"))
            self._sections[section.name] = area
            rows.append(area)
        rows.append(html(f"<p><small>Always printed: {escape(CRISIS_988)} "
                         f"{escape(EMERGENCY_911)}</small></p>"))
        self._review = button("Review plan", style="primary")
        self._export = button("Export PDF and Markdown")
        self._review.on_click(lambda _: self.review())
        self._export.on_click(lambda _: self.export())
        self._notes = html()
        self._downloads = html()
        if plan is not None:
            self.fill(plan)
        super().__init__([*rows, W.HBox([self._review, self._export]), self._notes,
                          self._downloads])

    def fill(self, plan: RelapsePreventionPlan) -> None:
        """Put a plan's contents into the text boxes."""
        self._client.value = plan.client
        self._counselor.value = plan.counselor
        for name, area in self._sections.items():
            area.value = "\n".join(getattr(plan, name))

    @property
    def plan(self) -> RelapsePreventionPlan:
        """The plan as currently typed."""
        return RelapsePreventionPlan(
            client=self._client.value, counselor=self._counselor.value,
            **{name: area.value.splitlines() for name, area in self._sections.items()})

    def review(self) -> tuple[Note, ...]:
        """Show gentle notes on the current plan and return them."""
        self._show_notes()
        self._record("review")
        return self.notes

    def _show_notes(self) -> None:
        self.notes = review(self.plan)
        self._notes.value = notes_html(self.notes)

    def _record(self, action: str, **extra: object) -> None:
        plan = self.plan
        complete = not any(n.level in ("missing", "contradiction") for n in self.notes)
        record_simulation(SIMULATION, correct=complete, answer={
            "action": action,
            "filled": [name for name in self._sections if getattr(plan, name)],
            "notes": [[n.section, n.level] for n in self.notes], **extra})

    def export(self) -> bool:
        """Make the PDF and Markdown and offer them as downloads; ``False`` if too long."""
        plan = self.plan
        self._show_notes()
        try:
            self.pdf = to_pdf(plan)
        except PlanTooLongError as exc:
            self.pdf = None
            self._downloads.value = f'<p role="status">{escape(str(exc)).capitalize()}.</p>'
            self._record("export", exported=False)
            return False
        self.markdown = to_markdown(plan)
        pdf64 = base64.b64encode(self.pdf).decode("ascii")
        md64 = base64.b64encode(self.markdown.encode("utf-8")).decode("ascii")
        self._downloads.value = (
            '<p role="status">Your plan is ready: '
            f'<a download="relapse-prevention-plan.pdf" href="data:application/pdf;base64,'
            f'{pdf64}">download the one-page PDF</a> or '
            f'<a download="relapse-prevention-plan.md" href="data:text/markdown;'
            f'charset=utf-8;base64,{md64}">download the Markdown</a>.</p>')
        self._record("export", exported=True)
        return True

    def static_html(self) -> str:
        """The plan's sections as a readable worksheet (what the boxes hold now)."""
        return (worksheet_html(self.plan) + "<p><em>Run the notebook to fill in the plan, "
                "review it and export it as a PDF.</em></p>")
