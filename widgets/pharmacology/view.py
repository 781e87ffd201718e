"""Module 4's receptor explorer and dosing explorer (thin views, static fallbacks).

Neither has a right answer: the first setting a learner changes in an explorer is recorded
as practice of its simulation (``receptor-explorer``, ``dosing-explorer`` in the module's
``module.yaml``), and the explorer says whether it was saved; later changes record
nothing, so redrawing stays as fast.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W
from IPython.display import HTML

from widgets.core.render import render
from widgets.core.view import StaticFallback, html
from widgets.pharmacology.content import half_life_range, half_life_ranges
from widgets.pharmacology.render import (
    SLIDER,
    DosingFigure,
    ReceptorFigure,
    dosing_static_html,
    dosing_summary_html,
    dosing_table_html,
    illustration_html,
    range_accumulation_table,
    range_html,
    receptor_static_html,
    receptor_summary_html,
)
from widgets.progress import SaveStatus, record_simulation

__all__ = ["DosingExplorer", "ReceptorExplorer", "accumulation"]

_WIDE = {"description_width": "initial"}


def _slider(kind: type[W.FloatSlider] | type[W.IntSlider], **kwargs: Any) -> W.Widget:
    """A slider whose track stays visible: full width up to a limit, the explorers' CSS
    class (a contrast-sufficient track, the label above it when space runs out)."""
    slider = kind(style=_WIDE, continuous_update=False,
                  layout=W.Layout(width="100%", max_width="46em"), **kwargs)
    slider.add_class(SLIDER.css_class)
    return slider


class _Practice:
    """The first change a learner makes counts as practice of the simulation."""

    SIMULATION = ""
    _practised = False
    _saved: W.HTML

    def _record_practice(self, answer: dict[str, Any]) -> None:
        if self._practised:
            return
        status: SaveStatus = record_simulation(self.SIMULATION, correct=True, answer=answer)
        self._practised = status.saved
        self._saved.value = render("core/save_status.html.j2", status=status)


class ReceptorExplorer(_Practice, StaticFallback, W.VBox):
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
    """The explorer's simulation id in its module's ``module.yaml``."""

    def __init__(self, partial_activity: float = 0.4, full_occupancy_percent: int = 90) -> None:
        self.figure = ReceptorFigure(partial_activity, full_occupancy_percent / 100)
        self._activity = _slider(
            W.FloatSlider, value=partial_activity, min=0.1, max=0.9, step=0.05,
            readout_format=".0%",
            description="Partial agonist's ceiling (share of the maximal effect)")
        self._bound = _slider(W.IntSlider, value=full_occupancy_percent, min=0, max=95, step=5,
                              description="Full agonist still on the receptors (%)")
        self._figure = html()
        self._summary = html()
        self._saved = html()
        self._activity.observe(lambda _: self._changed(), names="value")
        self._bound.observe(lambda _: self._changed(), names="value")
        super().__init__([html(illustration_html(sliders=True)), self._activity, self._bound,
                          self._figure, self._summary, self._saved])
        self.update()

    def _changed(self) -> None:
        self.update()
        self._record_practice({"partial_activity": round(float(self._activity.value), 2),
                               "full_agonist_percent": int(self._bound.value)})

    def update(self) -> None:
        """Recompute the model for the sliders and redraw."""
        self.figure.update(self._activity.value, self._bound.value / 100)
        self._figure.value = self.figure.html()
        self._summary.value = receptor_summary_html(self._activity.value,
                                                    self._bound.value / 100,
                                                    self.figure.change)

    def static_html(self) -> str:
        """One figure with two typical settings, for readers without a kernel."""
        return receptor_static_html()


class DosingExplorer(_Practice, StaticFallback, W.VBox):
    """Repeated once-daily dosing of methadone or buprenorphine over two weeks.

    Attributes
    ----------
    figure : DosingFigure
        The figure, updated in place.
    _medication : Dropdown
        ``"methadone"`` (default) or ``"buprenorphine"``.
    _half_life : FloatSlider
        The chosen half-life in hours, limited to the medication's reported range; it
        starts at the range's illustrative value (methadone 24 h, buprenorphine 36 h).
    """

    SIMULATION = "dosing-explorer"
    """The explorer's simulation id in its module's ``module.yaml``."""

    def __init__(self, medication: str = "methadone") -> None:
        rng = half_life_range(medication)
        start = rng.illustrative_h or rng.low_h
        self.figure = DosingFigure(medication, start)
        self._medication = W.Dropdown(options=[(m.capitalize(), m) for m in half_life_ranges()],
                                      value=medication, description="Medication")
        self._half_life = _slider(W.FloatSlider, value=start, min=rng.low_h, max=rng.high_h,
                                  step=1.0, readout_format=".0f",
                                  description="Half-life (hours)")
        self._range = html()
        self._figure = html()
        self._summary = html()
        self._table = html()
        self._saved = html()
        self._switching = False
        self._medication.observe(self._switch, names="value")
        self._half_life.observe(lambda _: None if self._switching else self._changed(),
                                names="value")
        super().__init__([html(illustration_html(sliders=True)), self._medication,
                          self._half_life, self._range, self._figure, self._summary,
                          self._table, self._saved])
        self.update()

    def _switch(self, change: dict) -> None:
        rng = half_life_range(change["new"])
        self._switching = True
        try:
            # widen first so the new value is always inside the old limits
            self._half_life.min, self._half_life.max = 0.0, 1000.0
            self._half_life.value = rng.illustrative_h or rng.low_h
            self._half_life.min, self._half_life.max = rng.low_h, rng.high_h
        finally:
            self._switching = False
        self._changed()

    def _changed(self) -> None:
        self.update()
        self._record_practice({"medication": self._medication.value,
                               "half_life_h": float(self._half_life.value)})

    def update(self) -> None:
        """Recompute the model for the controls and redraw."""
        medication = self._medication.value
        self.figure.update(medication, self._half_life.value)
        self._range.value = range_html(medication)
        self._figure.value = self.figure.html()
        self._summary.value = dosing_summary_html(self.figure.summary)
        self._table.value = dosing_table_html(self.figure.summary, medication)

    def static_html(self) -> str:
        """Both medications at an illustrative half-life, for readers without a kernel."""
        return dosing_static_html()


def accumulation(medication: str) -> HTML:
    """For a notebook cell: steady state and time to reach it across a medication's range."""
    return HTML(range_accumulation_table(medication))
