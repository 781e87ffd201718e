"""Session planner widget: build a group session from blocks, check it, export it.

A thin layer over :mod:`widgets.group_facilitation` (model, content) and its rendering.
In the published book the planner shows its static rendering: the example plan, its
checks and its timeline.  Exporting a plan (handing it in) is recorded for the session
learner, if one is set, as ``sim/session-planner``: correct when the plan passes its
checks (no errors); the planner says whether it was saved.  A block or title the model
refuses (too long, too many minutes) is not applied, and the planner says why.
"""

from __future__ import annotations

import re

import ipywidgets as W

from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html
from widgets.group_facilitation.content import Block, Plan, check_plan, planning, template
from widgets.group_facilitation.model import MAX_BLOCK_MINUTES, block_label
from widgets.group_facilitation.render import (
    data_uri,
    issues_html,
    plan_html,
    plan_pdf,
    plan_table_html,
    timeline_html,
)
from widgets.progress import SaveStatus, record_simulation

__all__ = ["SIMULATION", "SessionPlannerView", "session_planner"]

SIMULATION = "session-planner"
"""The planner's simulation id in Module 3's ``module.yaml``."""


class SessionPlannerView(StaticFallback, W.VBox):
    """Plan a group session: choose model and length, add blocks, check, export.

    Attributes
    ----------
    plan : Plan
        The plan being edited (starts as the example plan for the chosen model and
        format).
    saved : SaveStatus or None
        What became of the last export's record (``None`` before the first).
    """

    def __init__(self, model: str = "skills-development", fmt: str = "90-minutes",
                 title: str = "") -> None:
        self.plan = template(model, fmt, title)
        self.saved: SaveStatus | None = None
        content = planning()
        style = {"description_width": "initial"}
        self._title = W.Text(value=self.plan.title, description="Session title:",
                             style=style, layout=W.Layout(width="32rem"))
        self._model = W.Dropdown(options=[(m.label, m.id) for m in content.group_models],
                                 value=model, description="Group model (TIP 41):", style=style)
        self._format = W.Dropdown(options=[(f.label, f.id) for f in content.formats],
                                  value=fmt, description="Session length:", style=style)
        self._example = button("Start from the example plan",
                               tooltip="Replace the blocks with the example for this model "
                                       "and length")
        teaching = next((b.id for b in content.blocks if b.topic), content.blocks[0].id)
        self._kind = W.Dropdown(options=[(b.label, b.id) for b in content.blocks],
                                value=teaching, description="Block:", style=style)
        self._minutes = W.BoundedIntText(value=15, min=1, max=MAX_BLOCK_MINUTES, step=5,
                                         description="Minutes:", style=style,
                                         layout=W.Layout(width="10rem"))
        self._topic = W.Text(value="", description="Topic:", style=style,
                             placeholder="e.g. coping with cravings")
        self._lead = W.Dropdown(options=[(lead.label, lead.id) for lead in content.leads],
                                value=content.leads[0].id, description="Led by:", style=style)
        self._add = button("Add block", style="primary")
        self._selected = W.Dropdown(options=[], description="Selected block:", style=style,
                                    layout=W.Layout(width="24rem"))
        self._up = button("Move up")
        self._down = button("Move down")
        self._remove = button("Remove block", style="warning")
        self._problem = html()
        self._table = html()
        self._chart = html()
        self._checks = html()
        self._export_html = button("Export printable HTML")
        self._export_pdf = button("Export PDF")
        self._download = html()
        self._status = html()
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
        row = W.Layout(flex_flow="row wrap")
        super().__init__([
            html(render("group_facilitation/planner_heading.html.j2")),
            W.HBox([self._model, self._format], layout=row),
            self._title, self._example,
            html(render("group_facilitation/subheading.html.j2", text="Add a block")),
            W.HBox([self._kind, self._minutes, self._lead], layout=row),
            W.HBox([self._topic, self._add], layout=row),
            html(render("group_facilitation/subheading.html.j2", text="Change a block")),
            W.HBox([self._selected, self._up, self._down, self._remove], layout=row),
            self._problem, self._chart, self._table, self._checks,
            W.HBox([self._export_html, self._export_pdf]), self._download, self._status])
        self._render()

    # -- actions --------------------------------------------------------------------
    def use_example(self) -> None:
        """Replace the blocks with the example plan for the chosen model and length."""
        self._apply(lambda: template(self._model.value, self._format.value,
                                     self._title.value))

    def add_block(self) -> None:
        """Add a block from the "Add a block" controls at the end of the plan."""
        if self._apply(lambda: self.plan.add(Block(
                self._kind.value, int(self._minutes.value), self._topic.value.strip(),
                self._lead.value)), select=len(self.plan.blocks)):
            self._topic.value = ""

    def _edit(self, action: str) -> None:
        index = self._selected.value
        if index is None:
            return
        if action == "remove":
            self._apply(lambda: self.plan.remove(index),
                        select=min(index, len(self.plan.blocks) - 2))
        else:
            offset = -1 if action == "up" else 1
            self._apply(lambda: self.plan.move(index, offset),
                        select=max(0, min(len(self.plan.blocks) - 1, index + offset)))

    def _apply(self, change, select: int | None = None) -> bool:  # noqa: ANN001 - a callable
        """Make the plan ``change()`` returns the plan; if the model refuses it (too long a
        topic or title, too many blocks or minutes), keep the plan and say why."""
        try:
            plan = change()
        except (TypeError, ValueError) as exc:
            self._problem.value = render("group_facilitation/problem.html.j2",
                                         message=f"Not changed: {exc}.")
            return False
        self.plan = plan
        self._problem.value = ""
        self._render(select=select)
        return True

    def export(self, kind: str) -> str:
        """Show a download link for the plan as ``html`` or ``pdf``; returns the link."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.plan.title.lower()).strip("-")[:40]
        slug = slug.rstrip("-") or "session-plan"
        if kind == "html":
            href = data_uri(plan_html(self.plan), "text/html")
            name, what = f"{slug}.html", "printable HTML plan"
        else:
            try:
                href = data_uri(plan_pdf(self.plan), "application/pdf")
            except ValueError as exc:  # a title or topic no font prints: say which
                self._download.value = render("group_facilitation/problem.html.j2",
                                              message=f"No PDF: {exc}")
                return ""
            name, what = f"{slug}.pdf", "PDF plan"
        link = render("group_facilitation/download.html.j2", name=name, href=href, what=what)
        self._download.value = link
        check = check_plan(self.plan)
        # What the learner planned, without the free text (title, topics) they typed.
        self.saved = record_simulation(
            SIMULATION, correct=check.ok,
            answer={"model": self.plan.model, "format": self.plan.format,
                    "blocks": [b.kind for b in self.plan.blocks],
                    "minutes": self.plan.total, "issues": check.codes, "export": kind})
        self._status.value = render("core/save_status.html.j2", status=self.saved)
        return link

    def _settings(self) -> None:
        old_default = template(self.plan.model, self.plan.format).title
        new_default = template(self._model.value, self._format.value).title
        title = self._title.value
        if title == old_default and new_default != old_default:
            title = new_default  # the title was the automatic one: keep it in step
        if self._apply(lambda: Plan(title, self._model.value, self._format.value,
                                    self.plan.blocks), select=self._selected.value):
            if self._title.value != title:
                self._title.value = title  # observed again; the plan is already up to date

    # -- rendering ------------------------------------------------------------------
    def _render(self, select: int | None = None) -> None:
        # What the learner looks at first goes first: each update is its own message,
        # and the page applies them in order.
        self._chart.value = timeline_html(self.plan)
        self._checks.value = render("group_facilitation/checks_status.html.j2",
                                    checks=issues_html(check_plan(self.plan)))
        self._table.value = plan_table_html(self.plan)
        content = planning()
        options = [(f"{i}. {block_label(b, content)} ({b.minutes} min)", i - 1)
                   for i, b in enumerate(self.plan.blocks, start=1)]
        self._selected.options = options
        self._selected.value = (select if select is not None and 0 <= select < len(options)
                                else (0 if options else None))
        self._download.value = ""
        self._status.value = ""

    def static_html(self) -> str:
        """The current plan (the example, in the book), its timeline and its checks."""
        content = planning()
        return render("group_facilitation/planner_static.html.j2",
                      model=content.group_model(self.plan.model),
                      fmt=content.format(self.plan.format), timeline=timeline_html(self.plan),
                      table=plan_table_html(self.plan),
                      checks=issues_html(check_plan(self.plan)))


def session_planner(model: str = "skills-development", fmt: str = "90-minutes",
                    title: str = "") -> SessionPlannerView:
    """The session planner, starting from the example plan for a model and format."""
    return SessionPlannerView(model, fmt, title)
