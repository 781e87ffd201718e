"""Module 1's schedule builder: assemble a client's week from service blocks, see its hours,
days and the level of care its intensity matches."""

from __future__ import annotations

import ipywidgets as W

from widgets.continuum.content import assess, example_weeks, schedule_builder, services
from widgets.continuum.model import DAYS, Block, Schedule, WeekAssessment, clock_time
from widgets.continuum.render import calendar_html, message_html, summary_html
from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html, shared
from widgets.progress import record_simulation

__all__ = ["ScheduleBuilder"]

SIMULATION = "schedule-builder"
"""This simulator's id in its module's ``module.yaml``."""

START_TIMES = [x / 2 for x in range(14, 44)]
"""Start times offered: 07:00 to 21:30, every half hour."""
DURATIONS = (0.5, 1, 1.5, 2, 2.5, 3, 4)
"""Block lengths offered, in hours."""
STARTING_WEEK = "(the content's starting week)"
"""Default of ``ScheduleBuilder(preset=...)``: the example week named in the content."""


def _control_layout() -> W.Layout:
    """Controls keep their natural width but never overflow a narrow screen (390 px)."""
    return shared("continuum-control", lambda: W.Layout(flex="0 1 auto", max_width="100%"))


def _row(*children: W.Widget) -> W.HBox:
    """A row of controls that wraps onto the next line when the screen is narrow."""
    return W.HBox(children, layout=shared(
        "continuum-row", lambda: W.Layout(flex_flow="row wrap", align_items="center",
                                          max_width="100%")))


class ScheduleBuilder(StaticFallback, W.VBox):
    """Assemble a client's week from service blocks; see hours, days and level of care.

    Parameters
    ----------
    preset : str or None
        The example week to start from (an id in the schedule-builder content); by default
        the content's starting week; ``None`` for an empty week.

    Attributes
    ----------
    week : Schedule
        The current week.
    """

    def __init__(self, preset: str | None = STARTING_WEEK) -> None:
        content = schedule_builder()
        self._examples = example_weeks()
        if preset == STARTING_WEEK:
            preset = content.starting_week
        self.week = self._examples[preset][1] if preset else Schedule()
        control = _control_layout()
        self._day = W.Dropdown(options=DAYS, value="Mon", description="Day", layout=control)
        self._service = W.Dropdown(options=[(s.label, s.id) for s in content.services],
                                   value=content.services[0].id, description="Service",
                                   layout=control)
        self._start = W.Dropdown(options=[(clock_time(h), h) for h in START_TIMES],
                                 value=18.0, description="Starts at", layout=control)
        self._hours = W.Dropdown(options=[(f"{h:g} h", h) for h in DURATIONS], value=1.0,
                                 description="Lasts", layout=control)
        self._add = button("Add block", style="primary")
        self._blocks = W.Dropdown(description="Block", options=[], layout=control)
        self._remove = button("Remove block")
        self._preset = W.Dropdown(options=[("Choose an example week...", "")]
                                  + [(w.menu, key) for key, (w, _) in self._examples.items()],
                                  value="", description="Load", layout=control)
        self._clear = button("Clear week")
        self._adolescent = W.Checkbox(value=False, description="Client is an adolescent",
                                      indent=False, layout=control)
        self._message = html()
        self._saved = html()
        self._summary = html()
        self._figure = html()
        self._add.on_click(lambda _: self.add_block())
        self._remove.on_click(lambda _: self.remove_block())
        self._clear.on_click(lambda _: self._set(Schedule()))
        self._preset.observe(self._load_preset, names="value")
        self._adolescent.observe(lambda _: self._render(), names="value")
        super().__init__([
            html(render("continuum/heading.html.j2", text="Add a service block")),
            _row(self._day, self._service), _row(self._start, self._hours, self._add),
            _row(self._blocks, self._remove), _row(self._preset, self._clear),
            self._adolescent, self._message, self._saved, self._summary, self._figure,
        ], layout=shared("continuum-builder", lambda: W.Layout(max_width="100%")))
        self._render()

    @property
    def assessment(self) -> WeekAssessment:
        """Totals, level and warnings of the current week."""
        return assess(self.week, adolescent=self._adolescent.value)

    def add_block(self) -> None:
        """Add the block described by the controls (overlaps are refused with a message),
        and record the week for the learner (the view says whether it was saved)."""
        try:
            block = Block(self._day.value, services()[self._service.value],
                          self._start.value, self._hours.value)
            week = self.week.add(block)
        except (TypeError, ValueError) as exc:
            self._message.value = message_html(f"Not added: {exc}", alert=True)
            return
        self._message.value = message_html(f"Added {block.label()}.")
        self._set(week, keep_message=True)
        result = self.assessment
        status = record_simulation(SIMULATION, correct=not result.warnings,
                                   answer={"hours": result.total_hours, "days": result.days,
                                           "level": result.level.code})
        self._saved.value = render("core/save_status.html.j2", status=status)

    def remove_block(self) -> None:
        """Remove the block chosen in the "Block" list."""
        if self._blocks.value is None:
            self._message.value = message_html("There is no block to remove.")
            return
        removed = self.week.blocks[self._blocks.value]
        self._message.value = message_html(f"Removed {removed.label()}.")
        self._set(self.week.remove(self._blocks.value), keep_message=True)

    def _load_preset(self, change: dict) -> None:
        if change["new"]:
            self._set(self._examples[change["new"]][1])
            self._preset.value = ""

    def _set(self, week: Schedule, keep_message: bool = False) -> None:
        self.week = week
        if not keep_message:
            self._message.value = ""
        self._render()

    def _render(self) -> None:
        # The calendar first, the block list last: each update is its own message, and
        # the page applies them in order.
        result = self.assessment
        self._figure.value = calendar_html(
            self.week, f"{result.total_hours:g} h/week: {result.level.name}")
        self._summary.value = summary_html(result)
        self._blocks.options = [(b.label(), i) for i, b in enumerate(self.week.blocks)]
        self._blocks.value = 0 if self.week.blocks else None

    def static_html(self) -> str:
        """The book's version: the starting week drawn and summed, and where to build one.

        The published book has no kernel, so it shows no controls that would do nothing.
        """
        result = self.assessment
        return render("continuum/builder_static.html.j2", summary=summary_html(result),
                      calendar=calendar_html(self.week, f"{result.total_hours:g} h/week: "
                                                        f"{result.level.name}"))
