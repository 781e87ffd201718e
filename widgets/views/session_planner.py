"""Session planner widget: build a group session from blocks, check it, export it.

A thin layer over :mod:`widgets.session_planner`.  In the published book the planner
shows its static rendering: the example plan, its checks and its timeline.  Exporting a
plan (handing it in) is recorded for the session learner, if one is set, as
``sim/session-planner``: correct when the plan passes its checks (no errors).
"""

from __future__ import annotations

import re
from html import escape

import ipywidgets as W

from widgets.core.palette import OKABE_ITO
from widgets.core.view import StaticFallback, button, html
from widgets.progress import record_simulation
from widgets.session_planner import (
    BLOCK_TYPES,
    FORMATS,
    GROUP_MODELS,
    LEADS,
    Block,
    Plan,
    check_plan,
    data_uri,
    issues_html,
    plan_html,
    plan_pdf,
    plan_table_html,
    schedule,
    template,
)

__all__ = ["SessionPlannerView", "session_planner"]

MODULE = "m03"
SIMULATION = "session-planner"
"""The planner's simulation id in the competency map."""

BLOCK_COLOURS = {
    "check-in": (OKABE_ITO["sky_blue"], "black"),
    "psychoeducation": (OKABE_ITO["blue"], "white"),
    "skills-practice": (OKABE_ITO["bluish_green"], "black"),
    "process-time": (OKABE_ITO["reddish_purple"], "black"),
    "break": (OKABE_ITO["grey"], "white"),
    "check-out": (OKABE_ITO["orange"], "black"),
}
"""Fill and text colour per block kind (Okabe-Ito)."""

SHORT = {"check-in": "In", "psychoeducation": "Teach", "skills-practice": "Skills",
         "process-time": "Process", "break": "Break", "check-out": "Out"}


class _Timeline:
    """The session as a bar of blocks against its time budget, drawn in HTML and CSS.

    HTML rather than a picture: it updates in a fraction of a millisecond, every block
    carries its own label, and it reads the same with a screen reader and in print.
    """

    def __init__(self, budget: int, xmax: int) -> None:
        self.key = (budget, xmax)

    @staticmethod
    def key_for(plan: Plan) -> tuple[int, int]:
        """(budget, axis end) for a plan: the axis ends a little past budget or total."""
        xmax = plan.budget + 30
        while plan.total + 5 > xmax:
            xmax += 60
        return plan.budget, xmax

    def html(self, plan: Plan) -> str:
        """The timeline of a plan, with its description as the accessible name."""
        budget, xmax = self.key

        def at(minute: float) -> str:
            return f"{100 * minute / xmax:.3f}%"

        bars = []
        for start, end, block in schedule(plan):
            fill, ink = BLOCK_COLOURS[block.kind]
            width = max(end - start, 0)
            label = SHORT[block.kind] if width >= xmax / 12 else ""
            bars.append(
                f'<div title="{escape(f"{start}-{end} min {block.label}")}" '
                f"style=\"position:absolute;top:4px;height:26px;left:{at(start)};"
                f"width:{at(width)};background:{fill};color:{ink};font-size:11px;"
                f"line-height:26px;text-align:center;overflow:hidden;white-space:nowrap;"
                f'box-sizing:border-box;border-right:2px solid #fff">{escape(label)}</div>')
        step = 15 if xmax <= 120 else 30
        ticks = "".join(
            f'<div style="position:absolute;top:0;left:{at(m)};transform:translateX(-50%);'
            f'font-size:11px;color:#333">{m}</div>' for m in range(0, xmax + 1, step))
        side = "right:0" if budget > xmax * 0.8 else "left:2px"
        parts = "; ".join(f"{a}-{b} min {blk.label}" for a, b, blk in schedule(plan))
        alt = (f"Timeline of the session: {parts or 'no blocks yet'}. The dashed line marks "
               f"the end of the {plan.budget}-minute session; {plan.total} minutes are "
               f"planned.")
        return (f'<figure class="iop-figure iop-timeline-chart" role="group" '
                f'aria-label="{escape(alt)}" style="margin:0;max-width:720px">'
                f'<div style="position:relative;height:34px;border-bottom:1px solid #555">'
                f"{''.join(bars)}<div style=\"position:absolute;top:0;bottom:-4px;"
                f'left:{at(budget)};border-left:2px dashed #000"><span style="position:absolute;'
                f'{side};top:-1px;font-size:11px;white-space:nowrap;background:#fffd;'
                f'padding:0 3px">end ({budget} min)</span></div></div>'
                f'<div style="position:relative;height:16px">{ticks}</div>'
                f'<div style="font-size:12px;text-align:center">minutes from the start of the '
                f"session</div></figure>")


class SessionPlannerView(StaticFallback, W.VBox):
    """Plan a group session: choose model and length, add blocks, check, export.

    Attributes
    ----------
    plan : Plan
        The plan being edited (starts as the example plan for the chosen model and
        format).
    """

    def __init__(self, model: str = "skills-development", fmt: str = "90-minutes",
                 title: str = "") -> None:
        self.plan = template(model, fmt, title)
        self._timelines: dict[tuple[int, int], _Timeline] = {}
        style = {"description_width": "initial"}
        self._title = W.Text(value=self.plan.title, description="Session title:",
                             style=style, layout=W.Layout(width="32rem"))
        self._model = W.Dropdown(options=[(m.label, m.id) for m in GROUP_MODELS.values()],
                                 value=model, description="Group model (TIP 41):", style=style)
        self._format = W.Dropdown(options=[(f.label, f.id) for f in FORMATS.values()],
                                  value=fmt, description="Session length:", style=style)
        self._example = button("Start from the example plan",
                               tooltip="Replace the blocks with the example for this model "
                                       "and length")
        self._kind = W.Dropdown(options=[(b.label, b.id) for b in BLOCK_TYPES.values()],
                                value="psychoeducation", description="Block:", style=style)
        self._minutes = W.BoundedIntText(value=15, min=1, max=180, step=5,
                                         description="Minutes:", style=style,
                                         layout=W.Layout(width="10rem"))
        self._topic = W.Text(value="", description="Topic:", style=style,
                             placeholder="e.g. coping with cravings")
        self._lead = W.Dropdown(options=[(v, k) for k, v in LEADS.items()], value="lead",
                                description="Led by:", style=style)
        self._add = button("Add block", style="primary")
        self._selected = W.Dropdown(options=[], description="Selected block:", style=style,
                                    layout=W.Layout(width="24rem"))
        self._up = button("Move up")
        self._down = button("Move down")
        self._remove = button("Remove block", style="warning")
        self._table = html()
        self._chart = html()
        self._checks = html()
        self._export_html = button("Export printable HTML")
        self._export_pdf = button("Export PDF")
        self._download = html()
        self._example.on_click(lambda _: self.use_example())
        self._add.on_click(lambda _: self.add_block())
        self._remove.on_click(lambda _: self._edit("remove"))
        self._up.on_click(lambda _: self._edit("up"))
        self._down.on_click(lambda _: self._edit("down"))
        self._export_html.on_click(lambda _: self.export("html"))
        self._export_pdf.on_click(lambda _: self.export("pdf"))
        self._title.observe(lambda _: self._settings(), names="value")
        self._model.observe(lambda _: self._settings(), names="value")
        self._format.observe(lambda _: self._settings(), names="value")
        heading = html("<p><strong>Session planner.</strong> Choose the group model and "
                       "length, start from the example or add blocks one by one, and watch "
                       "the checks. Export the plan for your co-facilitator.</p>")
        super().__init__([
            heading,
            W.HBox([self._model, self._format], layout=W.Layout(flex_flow="row wrap")),
            self._title, self._example,
            html("<p><strong>Add a block</strong></p>"),
            W.HBox([self._kind, self._minutes, self._lead],
                   layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self._topic, self._add], layout=W.Layout(flex_flow="row wrap")),
            html("<p><strong>Change a block</strong></p>"),
            W.HBox([self._selected, self._up, self._down, self._remove],
                   layout=W.Layout(flex_flow="row wrap")),
            self._chart, self._table, self._checks,
            W.HBox([self._export_html, self._export_pdf]), self._download])
        self._render()

    # -- actions --------------------------------------------------------------------
    def use_example(self) -> None:
        """Replace the blocks with the example plan for the chosen model and length."""
        self.plan = template(self._model.value, self._format.value, self._title.value)
        self._render()

    def add_block(self) -> None:
        """Add a block from the "Add a block" controls at the end of the plan."""
        block = Block(self._kind.value, int(self._minutes.value), self._topic.value.strip(),
                      self._lead.value)
        self.plan = self.plan.add(block)
        self._render(select=len(self.plan.blocks) - 1)
        self._topic.value = ""

    def _edit(self, action: str) -> None:
        index = self._selected.value
        if index is None:
            return
        if action == "remove":
            self.plan = self.plan.remove(index)
            self._render(select=min(index, len(self.plan.blocks) - 1))
        else:
            offset = -1 if action == "up" else 1
            self.plan = self.plan.move(index, offset)
            self._render(select=max(0, min(len(self.plan.blocks) - 1, index + offset)))

    def export(self, kind: str) -> str:
        """Show a download link for the plan as ``html`` or ``pdf``; returns the link."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.plan.title.lower()).strip("-")[:40]
        slug = slug.rstrip("-") or "session-plan"
        if kind == "html":
            href = data_uri(plan_html(self.plan), "text/html")
            name, what = f"{slug}.html", "printable HTML plan"
        else:
            href = data_uri(plan_pdf(self.plan), "application/pdf")
            name, what = f"{slug}.pdf", "PDF plan"
        link = (f'<a download="{escape(name)}" href="{href}">Download the {what} '
                f"({escape(name)})</a>")
        self._download.value = f'<p role="status">{link}</p>'
        check = check_plan(self.plan)
        # What the learner planned, without the free text (title, topics) they typed.
        record_simulation(SIMULATION, correct=check.ok,
                          answer={"model": self.plan.model, "format": self.plan.format,
                                  "blocks": [b.kind for b in self.plan.blocks],
                                  "minutes": self.plan.total, "issues": check.codes,
                                  "export": kind})
        return link

    def _settings(self) -> None:
        old_default = template(self.plan.model, self.plan.format).title
        new_default = template(self._model.value, self._format.value).title
        title = self._title.value
        if title == old_default and new_default != old_default:
            title = new_default  # the title was the automatic one: keep it in step
        self.plan = Plan(title, self._model.value, self._format.value, self.plan.blocks)
        if self._title.value != title:
            self._title.value = title  # observed again; the plan is already up to date
        self._render(select=self._selected.value)

    # -- rendering ------------------------------------------------------------------
    def _render(self, select: int | None = None) -> None:
        # What the learner looks at first goes first: each update is its own message,
        # and the page applies them in order.
        self._chart.value = self._timeline_html()
        check = check_plan(self.plan)
        self._checks.value = f'<div role="status">{issues_html(check)}</div>'
        self._table.value = plan_table_html(self.plan)
        options = [(f"{i}. {b.label} ({b.minutes} min)", i - 1)
                   for i, b in enumerate(self.plan.blocks, start=1)]
        self._selected.options = options
        self._selected.value = (select if select is not None and 0 <= select < len(options)
                                else (0 if options else None))
        self._download.value = ""

    def _timeline_html(self) -> str:
        key = _Timeline.key_for(self.plan)
        if key not in self._timelines:
            self._timelines[key] = _Timeline(*key)
        return self._timelines[key].html(self.plan)

    def static_html(self) -> str:
        """The current plan (the example, in the book), its timeline and its checks."""
        return ("<p><strong>Session planner</strong> (interactive in JupyterLab). The "
                f"example plan for {escape(GROUP_MODELS[self.plan.model].label.lower())} "
                f"groups, {escape(FORMATS[self.plan.format].label)}:</p>"
                f"{self._timeline_html()}{plan_table_html(self.plan)}"
                f"{issues_html(check_plan(self.plan))}")


def session_planner(model: str = "skills-development", fmt: str = "90-minutes",
                    title: str = "") -> SessionPlannerView:
    """The session planner, starting from the example plan for a model and format."""
    return SessionPlannerView(model, fmt, title)
