"""Cohort simulator: lapse-free curves for two groups with different protective factors.

A thin layer over :mod:`widgets.relapse`.  Everything it shows is labelled as an
illustration of ideas, not a prediction.  It has no right answer: the first setting a
learner changes is recorded for the session learner, if one is set, as practice
(``sim/cohort-simulator``); later changes record nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from html import escape

import ipywidgets as W

from widgets.core.palette import OKABE_ITO
from widgets.core.svg_chart import Axis, LineChart, chart_figure
from widgets.core.view import StaticFallback, html
from widgets.progress import record_simulation
from widgets.relapse import (
    DEFAULT_WEEKLY_HAZARD,
    EXAMPLE_GROUPS,
    ILLUSTRATION_LABEL,
    CohortResult,
    Protection,
    compare_cohorts,
    percent,
)

__all__ = ["CohortSimulatorView", "GroupControls", "REPORT_WEEK"]

REPORT_WEEK = 12
"""The week at which each group's lapse-free fraction is reported."""
MODULE = "m05"
SIMULATION = "cohort-simulator"
"""The simulator's id in the competency map."""

_STYLE = {"description_width": "14em"}
_LAYOUT = {"width": "28em"}
_COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"])


class GroupControls(W.VBox):
    """The four factor controls of one group.

    Attributes
    ----------
    name : str
        The group's label ("Group A").
    """

    def __init__(self, name: str, colour: str, protection: Protection) -> None:
        self.name = name
        self.colour = colour

        def slider(label: str, value: float) -> W.FloatSlider:
            return W.FloatSlider(value=value, min=0.0, max=1.0, step=0.25,
                                 description=label, readout_format=".0%",
                                 continuous_update=False, style=_STYLE, layout=_LAYOUT)

        self._coping = slider(f"{name}: coping practice", protection.coping_practice)
        self._support = slider(f"{name}: support", protection.support)
        self._attendance = slider(f"{name}: attendance", protection.attendance)
        self._medication = W.Checkbox(value=protection.medication,
                                      description=f"{name}: takes a medication",
                                      indent=False, layout=W.Layout(width="auto"))
        header = html(f'<p><span style="color:{colour}" aria-hidden="true">\u25a0</span> '
                      f"<strong>{escape(name)}</strong></p>")
        super().__init__([header, self._coping, self._support, self._attendance,
                          self._medication])

    @property
    def controls(self) -> tuple[W.ValueWidget, ...]:
        """The value widgets of this group."""
        return (self._coping, self._support, self._attendance, self._medication)

    @property
    def protection(self) -> Protection:
        """The factors currently set."""
        return Protection(coping_practice=float(self._coping.value),
                          support=float(self._support.value),
                          medication=bool(self._medication.value),
                          attendance=float(self._attendance.value))


class CohortSimulatorView(StaticFallback, W.VBox):
    """Two cohorts side by side: lapse-free curves and the fraction at week 12.

    Attributes
    ----------
    groups : tuple of GroupControls
        Group A and Group B, each with coping practice, support and attendance sliders
        (0-100 %, default A: attendance 50 %; B: all 100 %) and a medication checkbox.
    results : tuple of CohortResult
        The latest simulation of each group.
    """

    def __init__(self, *, n_people: int = 500, weeks: int = 24,
                 weekly_hazard: float = DEFAULT_WEEKLY_HAZARD, seed: int = 5) -> None:
        self.weeks = weeks
        self.seed = seed
        self._hazard = W.FloatSlider(value=weekly_hazard, min=0.01, max=0.20, step=0.01,
                                     description="Baseline weekly hazard",
                                     readout_format=".0%", continuous_update=False,
                                     style=_STYLE, layout=_LAYOUT)
        self._size = W.IntSlider(value=n_people, min=50, max=2000, step=50,
                                 description="People per group", continuous_update=False,
                                 style=_STYLE, layout=_LAYOUT)
        self.groups = tuple(GroupControls(name, colour, protection) for (name, protection),
                            colour in zip(EXAMPLE_GROUPS.items(), _COLOURS, strict=True))
        self._label = html(f'<p class="iop-illustration"><strong>{escape(ILLUSTRATION_LABEL)}'
                           f"</strong></p>")
        self._figure = html()
        self._table = html()
        self._setup_axes()
        self.results: tuple[CohortResult, ...] = ()
        self._practised = False
        self.update()
        for control in (self._hazard, self._size,
                        *(c for g in self.groups for c in g.controls)):
            control.observe(self._changed, names="value")
        shared = W.VBox([html("<p><strong>Both groups</strong></p>"), self._hazard,
                         self._size])
        for column in (shared, *self.groups):
            column.layout.margin = "0 1.5em 0.5em 0"
        columns = W.HBox([shared, *self.groups], layout=W.Layout(flex_flow="row wrap"))
        super().__init__([self._label, columns, self._figure, self._table])

    def _setup_axes(self) -> None:
        step = 2 if self.weeks <= 16 else 4
        self._x = Axis(0, self.weeks, range(0, self.weeks + 1, step),
                       "Weeks since the start of treatment")
        self._y = Axis(0, 1.02, [i / 4 for i in range(5)], "Fraction still lapse-free",
                       fmt=lambda y: f"{y:.0%}")

    def figure_html(self) -> str:
        """The chart of the current results (inline SVG) with its alt text and caption."""
        chart = LineChart(self._x, self._y, width=700, height=330,
                          title="Illustration, not a prediction", legend="below")
        weeks = range(self.weeks + 1)
        chart.vline(REPORT_WEEK, colour=OKABE_ITO["grey"], dash=":", width=1)
        chart.text(REPORT_WEEK + 0.2, 0.97, f"week {REPORT_WEEK}")
        for g, result in zip(self.groups, self.results, strict=True):
            chart.line(weeks, result.lapse_free, colour=g.colour, step=True,
                       label=f"{g.name} (simulated)")
            chart.line(weeks, result.expected, colour=g.colour, width=1, dash="--",
                       label=f"{g.name} (expected)")
        return chart_figure(
            self.alt_text(), chart.svg(),
            caption=f"Share of each simulated group still lapse-free, week by week, over "
                    f"{self.weeks} weeks (illustration, not a prediction).")

    def _changed(self, _change: object) -> None:
        self.update()
        if not self._practised:  # the first change by the learner counts as practice
            self._practised = record_simulation(SIMULATION, correct=True,
                answer={"groups": {g.name: asdict(g.protection) for g in self.groups},
                        "weekly_hazard": round(float(self._hazard.value), 2),
                        "people": int(self._size.value),
                        f"lapse_free_week_{REPORT_WEEK}": {
                            g.name: round(r.at_week(REPORT_WEEK), 3)
                            for g, r in zip(self.groups, self.results, strict=True)}}).saved

    def update(self) -> None:
        """Simulate both groups and redraw the figure and the table."""
        results = compare_cohorts({g.name: g.protection for g in self.groups},
                                  n_people=int(self._size.value), weeks=self.weeks,
                                  weekly_hazard=float(self._hazard.value), seed=self.seed)
        self.results = tuple(results.values())
        self._figure.value = self.figure_html()
        self._table.value = self.table_html()

    def alt_text(self) -> str:
        """What the figure shows, in words."""
        parts = [f"{g.name} ({g.protection.describe()}): {percent(r.at_week(REPORT_WEEK))} "
                 f"still lapse-free at week {REPORT_WEEK}"
                 for g, r in zip(self.groups, self.results, strict=True)]
        return (f"Line chart of the fraction of each simulated group still lapse-free over "
                f"{self.weeks} weeks; both curves fall week by week. " + "; ".join(parts)
                + ". Illustration, not a prediction.")

    def table_html(self) -> str:
        """The lapse-free fraction at week 12 of each group, as an HTML table."""
        rows = "".join(
            f"<tr><th scope='row'><span style='color:{g.colour}' aria-hidden='true'>"
            f"\u25a0</span> {escape(g.name)}</th>"
            f"<td>{escape(g.protection.describe())}</td>"
            f"<td>{percent(r.at_week(REPORT_WEEK))}</td>"
            f"<td>{percent(r.expected_at_week(REPORT_WEEK))}</td></tr>"
            for g, r in zip(self.groups, self.results, strict=True))
        return (f"<table class='iop-table'><caption>Lapse-free at week {REPORT_WEEK} "
                f"(illustration, not a prediction)</caption><thead><tr><th scope='col'>Group"
                f"</th><th scope='col'>Factors</th><th scope='col'>Simulated ({self._size.value}"
                f" people)</th><th scope='col'>Expected</th></tr></thead><tbody>{rows}"
                f"</tbody></table>")

    def static_html(self) -> str:
        """The starting state (figure, table and label), readable without a kernel."""
        return (f"<div class='iop-cohort'>{self._label.value}{self._figure.value}"
                f"{self._table.value}<p><em>Run the notebook to change the factors of each "
                f"group.</em></p></div>")
