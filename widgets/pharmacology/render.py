"""Module 4's pharmacology as HTML: the receptor and dosing figures (inline SVG), their
summaries in words, the dosing tables, and the explorers' slider style.

No ipywidgets here: the views in :mod:`widgets.pharmacology.view` own the controls and
call :meth:`ReceptorFigure.update` / :meth:`DosingFigure.update`.  An update recomputes
the model and writes the chart as SVG text (:mod:`widgets.core.svg_chart`): well under a
millisecond of drawing, so a slider move shows at once.  Every other piece of HTML comes
from a template in ``widgets/pharmacology/templates/`` or the one table helper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.core.svg_chart import Axis, LineChart, chart_figure
from widgets.pharmacology.content import half_life_range
from widgets.pharmacology.model import (
    DosingSummary,
    accumulation_ratio,
    displacement_curve,
    dosing_summary,
    receptor_effect,
    repeated_dose_curve,
)

__all__ = [
    "DOSING_DAYS",
    "DOSING_Y_MAX",
    "SLIDER",
    "TABLE_DAYS",
    "DosingFigure",
    "ReceptorFigure",
    "SliderStyle",
    "accumulation_table",
    "dosing_static_html",
    "dosing_summary_html",
    "dosing_table_html",
    "illustration_html",
    "range_html",
    "receptor_static_html",
    "range_accumulation_table",
    "receptor_summary_html",
]

_DOSES = np.logspace(-2, 3, 160)
"""Dose axis of the receptor panels, in multiples of each drug's EC50."""

DOSING_DAYS = 14
"""The dosing figure shows the first two weeks."""

DOSING_Y_MAX = 4.5
"""Fixed y-axis top, above the steady state of the longest half-life in any range."""

_STEP_H = 0.5

_DOSE_TICKS = [0.01, 0.1, 1, 10, 100, 1000]
_SHARE = Axis(-0.03, 1.05, [0, 0.25, 0.5, 0.75, 1.0], "share of the maximal effect")
_DOSE_ALONE = Axis(_DOSES[0], _DOSES[-1], _DOSE_TICKS,
                   "dose (multiples of the drug's EC50, log scale)", log=True)
_DOSE_ADDED = Axis(_DOSES[0], _DOSES[-1], _DOSE_TICKS,
                   "partial agonist added (x its EC50, log scale)", log=True)
_DOSE_LIST = _DOSES.tolist()


class ReceptorFigure:
    """Left: dose-response of a full agonist, a partial agonist and an antagonist.
    Right: the net effect as a partial agonist displaces a full agonist.

    Parameters
    ----------
    partial_activity : float
        The partial agonist's intrinsic activity (its ceiling), illustrative.
    full_occupancy : float
        Share of receptors the full agonist still holds (0 to 0.95).
    """

    def __init__(self, partial_activity: float = 0.4, full_occupancy: float = 0.9) -> None:
        self._full = receptor_effect(_DOSES, intrinsic_activity=1.0, ec50=1.0).tolist()
        self._comparison: tuple[float, float] | None = None
        self._comparison_curve: list[float] = []
        self.update(partial_activity, full_occupancy)

    def update(self, partial_activity: float, full_occupancy: float) -> None:
        """Recompute the model for a new ceiling and starting occupancy."""
        self.partial_activity, self.full_occupancy = partial_activity, full_occupancy
        self.partial_curve = receptor_effect(_DOSES, intrinsic_activity=partial_activity,
                                             ec50=1.0).tolist()
        self.net_curve = displacement_curve(full_occupancy, _DOSES,
                                            partial_activity=partial_activity).tolist()

    def _panels(self) -> tuple[str, str]:
        doses = _DOSE_LIST
        left = LineChart(_DOSE_ALONE, _SHARE, width=380, height=300,
                         title="Each drug alone: the ceiling", legend="below")
        left.hline(self.partial_activity, colour=OKABE_ITO["orange"], width=1, opacity=0.6)
        left.line(doses, self._full, colour=OKABE_ITO["blue"], label="full agonist")
        left.line(doses, self.partial_curve, colour=OKABE_ITO["orange"], dash="--",
                  label="partial agonist")
        left.line(doses, [0.0] * len(doses), colour=OKABE_ITO["grey"], dash=":",
                  label="antagonist")
        right = LineChart(_DOSE_ADDED, _SHARE, width=380, height=300,
                          title="Adding a partial agonist to a full one", legend="below")
        right.line(doses, self.net_curve, colour=OKABE_ITO["vermillion"], label="net effect")
        right.hline(self.full_occupancy, colour=OKABE_ITO["blue"], width=1.5, dash="--",
                    label="full agonist alone")
        right.hline(self.partial_activity, colour=OKABE_ITO["orange"], width=1, dash=":",
                    label="partial agonist's ceiling")
        if self._comparison is not None:
            occupancy, _ = self._comparison
            right.line(doses, self._comparison_curve, colour=OKABE_ITO["bluish_green"],
                       dash="--")
            # labels on the side of each curve away from where it heads: they never cross it
            right.text(1.2e-2, self.full_occupancy + 0.03,
                       f"full agonist at {self.full_occupancy:.0%}: falls",
                       colour=OKABE_ITO["vermillion"])
            right.text(1.2e-2, occupancy - 0.06, f"full agonist at {occupancy:.0%}: rises",
                       colour=OKABE_ITO["bluish_green"])
        return left.svg(), right.svg()

    def add_comparison(self, full_occupancy: float) -> None:
        """Draw a second net-effect curve (for the static figure), labelled in place."""
        net = displacement_curve(full_occupancy, _DOSES, partial_activity=self.partial_activity)
        self._comparison_curve = net.tolist()
        self._comparison = (full_occupancy, float(net[-1]))

    @property
    def comparison_change(self) -> float:
        """Like :attr:`change`, for the curve added by :meth:`add_comparison`."""
        if self._comparison is None:
            raise ValueError("no comparison curve; call add_comparison() first")
        occupancy, last = self._comparison
        return last - occupancy

    @property
    def change(self) -> float:
        """Net effect at the largest partial dose shown minus the full agonist's alone."""
        return self.net_curve[-1] - self.full_occupancy

    def alt(self) -> str:
        """What the figure shows, with the current numbers."""
        end = self.net_curve[-1]
        trend = ("falls" if self.change < -0.005 else "rises" if self.change > 0.005
                 else "stays about level")
        extra = ""
        if self._comparison is not None:
            occupancy, last = self._comparison
            extra = (f" A second, dashed curve, with the full agonist holding {occupancy:.0%} "
                     f"of receptors, rises from {occupancy:.0%} to {last:.0%}.")
        return (f"Two line charts. Left: as the dose rises, the full agonist's effect climbs "
                f"towards 100% of the maximum, the partial agonist's levels off at its ceiling "
                f"of {self.partial_activity:.0%}, and the antagonist's stays at zero. Right: "
                f"with the full agonist holding {self.full_occupancy:.0%} of receptors, "
                f"as more and more partial agonist is added the net effect {trend} "
                f"from {self.full_occupancy:.0%} to {end:.0%}.{extra}")

    def html(self, caption: str | None = None) -> Markup:
        """The figure as an HTML ``<figure>`` with alt text."""
        return Markup(chart_figure(self.alt(), *self._panels(), caption=caption))


class DosingFigure:
    """Once-daily dosing over two weeks: the chosen half-life and the reported range.

    Levels are in multiples of the level just after the first dose (an illustration of
    accumulation, in no real unit).
    """

    def __init__(self, medication: str = "methadone", half_life_h: float | None = None) -> None:
        self._days = np.arange(0.0, DOSING_DAYS + 1e-9, _STEP_H / 24.0).tolist()
        self._dose_days = list(range(1, DOSING_DAYS + 1))
        self._x = Axis(0, DOSING_DAYS, range(0, DOSING_DAYS + 1, 2),
                       "day (one dose every 24 hours)")
        self._y = Axis(0, DOSING_Y_MAX, [0, 1, 2, 3, 4], "level (x the first dose's peak)")
        self.medication = ""
        rng = half_life_range(medication)
        self.update(medication, half_life_h if half_life_h is not None else rng.low_h)

    @staticmethod
    def _levels(half_life_h: float) -> list[float]:
        _, level = repeated_dose_curve(1.0, 24.0, half_life_h, DOSING_DAYS * 24.0,
                                       step_h=_STEP_H)
        return level.tolist()

    def update(self, medication: str, half_life_h: float) -> None:
        """Recompute for a medication's range and a chosen half-life."""
        rng = half_life_range(medication)
        if medication != self.medication:
            self.band_low = list(dosing_summary(rng.low_h, n_doses=DOSING_DAYS).troughs)
            self.band_high = list(dosing_summary(rng.high_h, n_doses=DOSING_DAYS).troughs)
            self.medication = medication
        self.half_life_h = float(half_life_h)
        self.summary = dosing_summary(half_life_h, n_doses=DOSING_DAYS)
        self.levels = self._levels(half_life_h)

    @property
    def steady_state_peak(self) -> float:
        """Where the dash-dotted line is drawn: the steady-state peak."""
        return float(self.summary.accumulation_ratio)

    @property
    def five_half_lives_day(self) -> float:
        """Where the vertical line is drawn: after 5 half-lives, ~97% of steady state."""
        return float(self.summary.days_to_97_percent)

    def _chart(self) -> str:
        chart = LineChart(self._x, self._y, width=760, height=300,
                          title="Once-daily dosing, first two weeks (illustration, not "
                                "dosing guidance)")
        chart.band(self._dose_days, self.band_low, self.band_high,
                   colour=OKABE_ITO["sky_blue"], label="troughs across the\nreported half-lives")
        chart.line(self._days, self.levels, colour=OKABE_ITO["blue"], width=1.8,
                   label="chosen half-life")
        chart.hline(self.steady_state_peak, colour=OKABE_ITO["bluish_green"], dash="-.",
                    label="steady-state peak")
        chart.vline(self.five_half_lives_day, colour=OKABE_ITO["reddish_purple"],
                    label="5 half-lives: ~97% of\nsteady state")
        chart.line(self._dose_days, list(self.summary.troughs),
                   colour=OKABE_ITO["vermillion"], width=0, marker="o",
                   label="trough: just before a dose")
        return chart.svg()

    def alt(self) -> str:
        """What the figure shows, with the current numbers."""
        s = self.summary
        rng = half_life_range(self.medication)
        return (f"Line chart of an illustrative level over 14 days of once-daily doses of "
                f"{self.medication} with a half-life of {self.half_life_h:g} hours. The level "
                f"just after each dose rises from 1.0 on day 1 to {s.peaks[-1]:.1f} on day 14; "
                f"the steady-state peak is {s.accumulation_ratio:.1f}, and about 97% of it is "
                f"reached after {s.days_to_97_percent:.1f} days. A shaded band shows the "
                f"troughs for every half-life from the shortest ({rng.low_h:g} h) to the "
                f"longest ({rng.high_h:g} h) in the reported range.")

    def html(self, caption: str | None = None) -> Markup:
        """The figure as an HTML ``<figure>`` with alt text."""
        return Markup(chart_figure(self.alt(), self._chart(), caption=caption))


# ------------------------------------------------------------------------- in words


@dataclass(frozen=True)
class SliderStyle:
    """How the explorers' sliders are drawn (CSS in :func:`illustration_html`).

    Attributes
    ----------
    css_class : str
        The class each slider carries (``slider.add_class(SLIDER.css_class)``).
    track_colour : str
        The track and the handle's rim: 4.5:1 against white, 4.2:1 against JupyterLab's
        dark background (WCAG 1.4.11 asks 3:1 of a control's parts).
    track_px : int
        Track thickness.
    min_track_em : float
        The track is never narrower: a long label moves above it instead.
    """

    css_class: str = "iop-slider"
    track_colour: str = "#767676"
    track_px: int = 6
    min_track_em: float = 12


SLIDER = SliderStyle()
"""The explorers' slider style."""

TABLE_DAYS = (1, 2, 3, 4, 5, 7, 10, 14)
"""The days the dosing table lists."""


def illustration_html(*, sliders: bool = False) -> Markup:
    """The line saying the explorers are an illustration (and, for live sliders, their CSS)."""
    return render("pharmacology/illustration.html.j2", slider=SLIDER if sliders else None)


def _trend(change: float) -> str:
    return "falls" if change < -0.005 else "rises" if change > 0.005 else "level"


def receptor_summary_html(partial_activity: float, full_occupancy: float,
                          change: float) -> Markup:
    """What the right-hand panel shows for these settings, in words."""
    return render("pharmacology/receptor_summary.html.j2", partial_activity=partial_activity,
                  full_occupancy=full_occupancy, end=full_occupancy + change,
                  trend=_trend(change))


def receptor_static_html() -> Markup:
    """One figure with two typical settings, for readers without a kernel."""
    fig = ReceptorFigure(0.4, 0.9)
    fig.add_comparison(0.2)
    caption = ("Right panel: with the full agonist holding 90% of receptors (recent use) "
               "the net effect falls; holding only 20% (withdrawal has begun), it rises.")
    return render("pharmacology/explorer_static.html.j2", parts=[
        illustration_html(), fig.html(caption=caption),
        receptor_summary_html(0.4, 0.9, fig.change),
        receptor_summary_html(0.4, 0.2, fig.comparison_change)])


def _name(medication: str) -> str:
    return medication.capitalize()


def range_html(medication: str) -> Markup:
    """A medication's reported half-lives, with their sources and the slider's limits."""
    return render("pharmacology/range.html.j2", name=_name(medication),
                  rng=half_life_range(medication))


def dosing_summary_html(summary: DosingSummary) -> Markup:
    """The numbers the learner should take away, in words."""
    return render("pharmacology/dosing_summary.html.j2", s=summary)


def dosing_table_html(summary: DosingSummary, medication: str) -> Markup:
    """Levels just before and after the dose of selected days, as a table."""
    rows = [(day, f"{before:.2f}", f"{after:.2f}")
            for day in TABLE_DAYS for before, after in [summary.before_and_after(day)]]
    return table(rows, headers=["Day", "Just before the dose", "Just after the dose"],
                 row_headers=True, numeric=[0, 1, 2],
                 caption=f"{_name(medication)}, half-life {summary.half_life_h:g} h, one "
                         f"dose every {summary.interval_h:g} h (levels in multiples of the "
                         f"first dose's peak)")


def dosing_static_html() -> Markup:
    """Both medications at their illustrative half-life, for readers without a kernel."""
    parts: list[Markup] = [illustration_html()]
    for medication in ("methadone", "buprenorphine"):
        fig = DosingFigure(medication, half_life_range(medication).illustrative_h)
        parts += [range_html(medication),
                  fig.html(caption=f"{_name(medication)}, half-life {fig.half_life_h:g} h "
                                   f"(an illustrative value in the reported range)."),
                  dosing_summary_html(fig.summary), dosing_table_html(fig.summary, medication)]
    return render("pharmacology/explorer_static.html.j2", parts=parts)


def accumulation_table(half_lives_h: Sequence[float], *, interval_h: float = 24.0,
                       caption: str | None = None) -> Markup:
    """For each half-life: how many times the first dose's level steady state is, and the
    days until about 97% of it (five half-lives), with one dose every ``interval_h``."""
    rows = [(f"{h:g}", f"{accumulation_ratio(interval_h, h):.2f}",
             f"{dosing_summary(h, interval_h=interval_h).days_to_97_percent:.1f}")
            for h in half_lives_h]
    return table(rows, numeric=[0, 1, 2], row_headers=True, caption=caption,
                 headers=["Half-life (hours)",
                          "Steady-state level (times the first dose's)",
                          "Days to about 97% of steady state"])


def range_accumulation_table(medication: str) -> Markup:
    """:func:`accumulation_table` for both ends of a medication's range and its
    illustrative half-life, once a day."""
    rng = half_life_range(medication)
    return accumulation_table(
        sorted({rng.low_h, rng.illustrative_h or rng.low_h, rng.high_h}),
        caption=f"{_name(medication)}, one dose a day: both ends of the reported range "
                f"and one value in between")
