"""Module 4: the receptor explorer and the dosing explorer (thin views, static fallbacks).

Neither has a right answer: the first setting a learner changes in an explorer is recorded
for the session learner, if one is set, as practice (``sim/receptor-explorer``,
``sim/dosing-explorer``); later changes record nothing, so redrawing stays as fast.
"""

from __future__ import annotations

from html import escape

import ipywidgets as W

from widgets.core.references import short_label
from widgets.core.view import StaticFallback, html
from widgets.pharmacology import HALF_LIFE_RANGES, DosingSummary
from widgets.pharmacology_plot import DosingFigure, ReceptorFigure
from widgets.progress import record_simulation

__all__ = ["DosingExplorer", "ReceptorExplorer", "dosing_table_html", "receptor_summary_html"]

MODULE = "m04"

_WIDE = {"description_width": "initial"}
_TABLE_DAYS = (1, 2, 3, 4, 5, 7, 10, 14)
_ILLUSTRATION = ("<p><em>An illustration of how the drugs act, with made-up units: not a "
                 "measurement of any drug, and not dosing guidance.</em></p>")


def receptor_summary_html(partial_activity: float, full_occupancy: float, change: float) -> str:
    """What the right-hand panel shows for these settings, in words."""
    end = full_occupancy + change
    if change < -0.005:
        verdict = (f"The net effect <strong>falls</strong> from {full_occupancy:.0%} to "
                   f"{end:.0%}. In a person who is physically dependent on opioids, a sudden "
                   f"fall like this is felt as withdrawal: <strong>precipitated "
                   f"withdrawal</strong>.")
    elif change > 0.005:
        verdict = (f"The net effect <strong>rises</strong> from {full_occupancy:.0%} to "
                   f"{end:.0%}: with little full agonist left (withdrawal has begun), the "
                   f"partial agonist relieves it. This is why buprenorphine is started once "
                   f"withdrawal is objective.")
    else:
        verdict = (f"The net effect stays at about {full_occupancy:.0%}: the full agonist's "
                   f"effect equals the partial agonist's ceiling.")
    return (f'<div role="status"><p>Partial agonist ceiling: '
            f"<strong>{partial_activity:.0%}</strong>; full agonist on the receptors: "
            f"<strong>{full_occupancy:.0%}</strong>.</p><p>{verdict}</p></div>")


class ReceptorExplorer(StaticFallback, W.VBox):
    """Full, partial and antagonist dose-response, and displacement of a full agonist.

    Attributes
    ----------
    figure : ReceptorFigure
        The two-panel figure, updated in place.
    _activity : FloatSlider
        The partial agonist's ceiling (intrinsic activity), 0.1-0.9, default 0.4
        (illustrative).
    _bound : IntSlider
        Percent of receptors the full agonist still holds, 0-95, default 90.
    """

    SIMULATION = "receptor-explorer"
    """The explorer's simulation id in the competency map."""

    def __init__(self, partial_activity: float = 0.4, full_occupancy_percent: int = 90) -> None:
        self.figure = ReceptorFigure(partial_activity, full_occupancy_percent / 100)
        self._activity = W.FloatSlider(
            value=partial_activity, min=0.1, max=0.9, step=0.05, readout_format=".0%",
            description="Partial agonist's ceiling (share of the maximal effect)",
            style=_WIDE, layout=W.Layout(width="34em"), continuous_update=False)
        self._bound = W.IntSlider(
            value=full_occupancy_percent, min=0, max=95, step=5,
            description="Full agonist still on the receptors (%)", style=_WIDE,
            layout=W.Layout(width="34em"), continuous_update=False)
        self._figure = html()
        self._summary = html()
        self._practised = False
        self._activity.observe(lambda _: self._changed(), names="value")
        self._bound.observe(lambda _: self._changed(), names="value")
        super().__init__([html(_ILLUSTRATION), self._activity, self._bound, self._figure,
                          self._summary])
        self.update()

    def _changed(self) -> None:
        self.update()
        if not self._practised:  # the first change by the learner counts as practice
            self._practised = record_simulation(self.SIMULATION, correct=True,
                answer={"partial_activity": round(float(self._activity.value), 2),
                        "full_agonist_percent": int(self._bound.value)}).saved

    def update(self) -> None:
        """Recompute the model for the sliders and redraw."""
        self.figure.update(self._activity.value, self._bound.value / 100)
        self._figure.value = self.figure.html()
        self._summary.value = receptor_summary_html(self._activity.value,
                                                    self._bound.value / 100,
                                                    self.figure.change)

    def static_html(self) -> str:
        """One figure with two typical settings, for readers without a kernel."""
        fig = ReceptorFigure(0.4, 0.9)
        fig.add_comparison(0.2)
        caption = ("Right panel: with the full agonist holding 90% of receptors (recent use) "
                   "the net effect falls; holding only 20% (withdrawal has begun), it rises.")
        return "\n".join([_ILLUSTRATION, fig.html(caption=caption),
                          receptor_summary_html(0.4, 0.9, fig.change),
                          receptor_summary_html(0.4, 0.2, fig.comparison_change)])


def dosing_table_html(summary: DosingSummary, medication: str) -> str:
    """Levels just before and after the dose of selected days, as a table."""
    rows = "".join(
        f"<tr><td>{day}</td><td>{before:.2f}</td><td>{after:.2f}</td></tr>"
        for day in _TABLE_DAYS for before, after in [summary.before_and_after(day)])
    return (f"<table><caption>{escape(medication.capitalize())}, half-life "
            f"{summary.half_life_h:g} h, one dose every {summary.interval_h:g} h (levels in "
            f"multiples of the first dose's peak)</caption><thead><tr><th>Day</th>"
            f"<th>Just before the dose</th><th>Just after the dose</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _range_html(medication: str) -> str:
    rng = HALF_LIFE_RANGES[medication]
    sources = "; ".join(escape(short_label(k)) for k in rng.cite)
    reported = "; ".join(escape(r) for r in rng.reported)
    return (f"<p><strong>{escape(medication.capitalize())}</strong>: {escape(rng.wording)}. "
            f"Reported half-lives: {reported} <small>({sources})</small>. The slider stays "
            f"within {rng.low_h:g}-{rng.high_h:g} h.</p>")


def dosing_summary_html(summary: DosingSummary, medication: str) -> str:
    """The numbers the learner should take away, in words."""
    return (f'<div role="status"><p>With a half-life of <strong>{summary.half_life_h:g} '
            f"h</strong> and one dose a day, the level keeps building for about five "
            f"half-lives: <strong>about 97% of steady state after "
            f"{summary.days_to_97_percent:.1f} days</strong>. At steady state the peak is "
            f"<strong>{summary.accumulation_ratio:.2f} times</strong> the first dose's peak. "
            f"The same daily dose gives a higher level on day 5 than on day 1.</p></div>")


class DosingExplorer(StaticFallback, W.VBox):
    """Repeated once-daily dosing of methadone or buprenorphine over two weeks.

    Attributes
    ----------
    figure : DosingFigure
        The figure, updated in place.
    _medication : Dropdown
        ``"methadone"`` (default) or ``"buprenorphine"``.
    _half_life : FloatSlider
        The chosen half-life in hours, limited to the medication's reported range
        (default: methadone 24 h, buprenorphine 36 h; illustrative values in the range).
    """

    DEFAULT_HALF_LIFE = {"methadone": 24.0, "buprenorphine": 36.0}
    SIMULATION = "dosing-explorer"
    """The explorer's simulation id in the competency map."""

    def __init__(self, medication: str = "methadone") -> None:
        rng = HALF_LIFE_RANGES[medication]
        start = self.DEFAULT_HALF_LIFE[medication]
        self.figure = DosingFigure(medication, start)
        self._medication = W.Dropdown(options=[("Methadone", "methadone"),
                                               ("Buprenorphine", "buprenorphine")],
                                      value=medication, description="Medication")
        self._half_life = W.FloatSlider(value=start, min=rng.low_h, max=rng.high_h, step=1.0,
                                        readout_format=".0f", description="Half-life (hours)",
                                        style=_WIDE, layout=W.Layout(width="30em"),
                                        continuous_update=False)
        self._range = html()
        self._figure = html()
        self._summary = html()
        self._table = html()
        self._switching = False
        self._practised = False
        self._medication.observe(self._switch, names="value")
        self._half_life.observe(lambda _: None if self._switching else self._changed(),
                                names="value")
        super().__init__([html(_ILLUSTRATION), W.HBox([self._medication, self._half_life]),
                          self._range, self._figure, self._summary, self._table])
        self.update()

    def _switch(self, change: dict) -> None:
        rng = HALF_LIFE_RANGES[change["new"]]
        self._switching = True
        try:
            # widen first so the new value is always inside the old limits
            self._half_life.min, self._half_life.max = 0.0, 1000.0
            self._half_life.value = self.DEFAULT_HALF_LIFE[change["new"]]
            self._half_life.min, self._half_life.max = rng.low_h, rng.high_h
        finally:
            self._switching = False
        self._changed()

    def _changed(self) -> None:
        self.update()
        if not self._practised:  # the first change by the learner counts as practice
            self._practised = record_simulation(self.SIMULATION, correct=True,
                answer={"medication": self._medication.value,
                        "half_life_h": float(self._half_life.value)}).saved

    def update(self) -> None:
        """Recompute the model for the controls and redraw."""
        medication = self._medication.value
        self.figure.update(medication, self._half_life.value)
        self._range.value = _range_html(medication)
        self._figure.value = self.figure.html()
        self._summary.value = dosing_summary_html(self.figure.summary, medication)
        self._table.value = dosing_table_html(self.figure.summary, medication)

    def static_html(self) -> str:
        """Both medications at an illustrative half-life (range ends in grey), for the book."""
        parts = [_ILLUSTRATION]
        for medication in ("methadone", "buprenorphine"):
            fig = DosingFigure(medication, self.DEFAULT_HALF_LIFE[medication])
            parts.append(_range_html(medication))
            parts.append(fig.html(caption=f"{medication.capitalize()}, half-life "
                                          f"{fig.half_life_h:g} h (an illustrative value in "
                                          f"the reported range)."))
            parts.append(dosing_summary_html(fig.summary, medication))
            parts.append(dosing_table_html(fig.summary, medication))
        return "\n".join(parts)
