"""Module 1: the weekly schedule builder widget."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from widgets.core.view import button, html
from widgets.progress import record_simulation
from widgets.schedule import DAYS, EXAMPLE_WEEKS, SERVICES, Block, Schedule, WeekAssessment
from widgets.schedule_plot import calendar_html

__all__ = ["ScheduleBuilder", "summary_html"]

_TIMES = [(f"{int(h):02d}:{int(round((h % 1) * 60)):02d}", h)
          for h in [x / 2 for x in range(14, 44)]]
_DURATIONS = [(f"{h:g} h", h) for h in (0.5, 1, 1.5, 2, 2.5, 3, 4)]
_PRESETS = {"evening-iop": "Example: evening IOP week",
            "weekly-outpatient": "Example: weekly outpatient",
            "day-program": "Example: day program (5 days)"}


def summary_html(result: WeekAssessment) -> str:
    """Totals, the matching level of care and any warnings, as HTML."""
    warn = "".join(f"<li>{escape(w)}</li>" for w in result.warnings)
    warn_html = (f'<p><strong>Check this schedule:</strong></p><ul>{warn}</ul>'
                 if warn else "")
    return (f'<div role="status"><p><strong>{result.total_hours:g} hours</strong> over '
            f"<strong>{result.days} day{'s' if result.days != 1 else ''}</strong>. "
            f"Matches: <strong>{escape(result.level.name)}</strong>.</p>"
            f"<p>{escape(result.level.explanation)}</p>{warn_html}</div>")


class ScheduleBuilder(W.VBox):
    """Assemble a client's week from service blocks; see hours, days and level of care.

    Attributes
    ----------
    week : Schedule
        The current week (starts from the "evening IOP" example).
    """

    def __init__(self, preset: str | None = "evening-iop") -> None:
        self.week = EXAMPLE_WEEKS[preset] if preset else Schedule()
        self._day = W.Dropdown(options=DAYS, value="Mon", description="Day")
        self._service = W.Dropdown(options=[(v, k) for k, v in SERVICES.items()],
                                   value="group", description="Service")
        self._start = W.Dropdown(options=_TIMES, value=18.0, description="Starts at")
        self._hours = W.Dropdown(options=_DURATIONS, value=1.0, description="Lasts")
        self._add = button("Add block", style="primary")
        self._blocks = W.Dropdown(description="Block", options=[],
                                  layout=W.Layout(width="auto"))
        self._remove = button("Remove block")
        self._preset = W.Dropdown(options=[("Choose an example week...", "")]
                                  + [(v, k) for k, v in _PRESETS.items()],
                                  value="", description="Load")
        self._clear = button("Clear week")
        self._adolescent = W.Checkbox(value=False, description="Client is an adolescent",
                                      indent=False)
        self._message = html()
        self._summary = html()
        self._figure = html()
        self._add.on_click(lambda _: self.add_block())
        self._remove.on_click(lambda _: self.remove_block())
        self._clear.on_click(lambda _: self._set(Schedule()))
        self._preset.observe(self._load_preset, names="value")
        self._adolescent.observe(lambda _: self._render(), names="value")
        super().__init__([
            html("<strong>Add a service block</strong>"),
            W.HBox([self._day, self._service]), W.HBox([self._start, self._hours, self._add]),
            W.HBox([self._blocks, self._remove]),
            W.HBox([self._preset, self._clear]), self._adolescent,
            self._message, self._summary, self._figure,
        ])
        self._render()

    @property
    def assessment(self) -> WeekAssessment:
        """Totals, level and warnings of the current week."""
        return self.week.assess(adolescent=self._adolescent.value)

    def add_block(self) -> None:
        """Add the block described by the controls (overlaps are refused with a message)."""
        try:
            block = Block(self._day.value, self._service.value, self._start.value,
                          self._hours.value)
            week = self.week.add(block)
        except ValueError as exc:
            self._message.value = f'<p role="alert">Not added: {escape(str(exc))}</p>'
            return
        self._message.value = f"<p>Added {escape(block.label())}.</p>"
        self._set(week, keep_message=True)
        result = self.assessment
        record_simulation("schedule-builder", correct=not result.warnings,
                          answer={"hours": result.total_hours, "days": result.days,
                                  "level": result.level.code})

    def remove_block(self) -> None:
        """Remove the block chosen in the "Block" list."""
        if self._blocks.value is None:
            self._message.value = "<p>There is no block to remove.</p>"
            return
        removed = self.week.blocks[self._blocks.value]
        self._message.value = f"<p>Removed {escape(removed.label())}.</p>"
        self._set(self.week.remove(self._blocks.value), keep_message=True)

    def _load_preset(self, change: dict) -> None:
        if change["new"]:
            self._set(EXAMPLE_WEEKS[change["new"]])
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
