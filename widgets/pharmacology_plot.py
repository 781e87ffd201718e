"""Figures of the receptor and dosing simulators, redrawn in place.

No ipywidgets here: the views in :mod:`widgets.views.pharmacology` own the controls and
call :meth:`ReceptorFigure.update` / :meth:`DosingFigure.update`.  Each figure is built
once; an update changes the data of its lines and redraws only those on top of a frozen
picture of the axes, labels and legend (:func:`widgets.figure_layers.freeze_static_layer`),
so a slider move costs a few milliseconds of drawing plus the PNG encoding.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from widgets.figure_layers import freeze_static_layer
from widgets.figures import OKABE_ITO, figure_html, new_figure
from widgets.pharmacology import (
    HALF_LIFE_RANGES,
    displacement_curve,
    dosing_summary,
    receptor_effect,
    repeated_dose_curve,
)

__all__ = ["DOSING_DAYS", "DOSING_Y_MAX", "DPI", "DosingFigure", "ReceptorFigure"]

DPI = 80
"""Resolution of the simulator figures: small enough that a redraw stays well under 30 ms."""

_DOSES = np.logspace(-2, 3, 160)
"""Dose axis of the receptor panels, in multiples of each drug's EC50."""

DOSING_DAYS = 14
"""The dosing figure shows the first two weeks."""

DOSING_Y_MAX = 4.5
"""Fixed y-axis top, above the steady state of the longest half-life in any range."""

_STEP_H = 0.5


def _freeze(fig: Figure, dynamic: list[Artist]) -> None:
    with matplotlib.rc_context({"savefig.dpi": DPI}):
        freeze_static_layer(fig, dynamic)


def _html(fig: Figure, alt: str, caption: str | None) -> str:
    with matplotlib.rc_context({"savefig.dpi": DPI}):
        return figure_html(fig, alt=alt, caption=caption)


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
        self.fig = new_figure(8.0, 3.6)
        left, right = self.fig.subplots(1, 2)
        full = receptor_effect(_DOSES, intrinsic_activity=1.0, ec50=1.0)
        left.plot(_DOSES, full, color=OKABE_ITO["blue"], lw=2, label="full agonist")
        (self._partial,) = left.plot(_DOSES, full, color=OKABE_ITO["orange"], lw=2,
                                     ls="--", label="partial agonist")
        left.plot(_DOSES, np.zeros_like(_DOSES), color=OKABE_ITO["grey"], lw=2, ls=":",
                  label="antagonist")
        self._ceiling = left.axhline(0.5, color=OKABE_ITO["orange"], lw=1, alpha=0.6)
        left.set(xscale="log", xlim=(_DOSES[0], _DOSES[-1]), ylim=(-0.03, 1.05),
                 xlabel="dose (multiples of the drug's EC50, log scale)",
                 ylabel="share of the maximal effect",
                 title="Each drug alone: the ceiling")
        left.legend(loc="upper left", frameon=False, fontsize=8)

        (self._net,) = right.plot(_DOSES, full, color=OKABE_ITO["vermillion"], lw=2,
                                  label="net effect")
        self._start = right.axhline(0.9, color=OKABE_ITO["blue"], lw=1.5, ls="--",
                                    label="full agonist alone")
        self._end = right.axhline(0.4, color=OKABE_ITO["orange"], lw=1, ls=":",
                                  label="partial agonist's ceiling")
        right.set(xscale="log", xlim=(_DOSES[0], _DOSES[-1]), ylim=(-0.03, 1.05),
                  xlabel="partial agonist added (x its EC50, log scale)",
                  title="Adding a partial agonist to a full one")
        right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, frameon=False,
                     fontsize=8)
        self._dynamic = [self._partial, self._ceiling, self._net, self._start, self._end]
        _freeze(self.fig, self._dynamic)
        self.partial_activity = partial_activity
        self.full_occupancy = full_occupancy
        self._comparison: tuple[float, float] | None = None
        self.update(partial_activity, full_occupancy)

    def update(self, partial_activity: float, full_occupancy: float) -> None:
        """Recompute the model and move the changing lines."""
        self.partial_activity, self.full_occupancy = partial_activity, full_occupancy
        self._partial.set_ydata(receptor_effect(_DOSES, intrinsic_activity=partial_activity,
                                                ec50=1.0))
        self._ceiling.set_ydata([partial_activity, partial_activity])
        self._net.set_ydata(displacement_curve(full_occupancy, _DOSES,
                                               partial_activity=partial_activity))
        self._start.set_ydata([full_occupancy, full_occupancy])
        self._end.set_ydata([partial_activity, partial_activity])

    def add_comparison(self, full_occupancy: float) -> None:
        """Draw a second net-effect curve (for the static figure), labelled in place."""
        right = self._net.axes
        net = displacement_curve(full_occupancy, _DOSES, partial_activity=self.partial_activity)
        right.plot(_DOSES, net, color=OKABE_ITO["bluish_green"], lw=2, ls="--")
        # labels on the side of each curve away from where it heads, so they never cross it
        right.text(1.2e-2, self.full_occupancy + 0.03,
                   f"full agonist at {self.full_occupancy:.0%}: falls",
                   color=OKABE_ITO["vermillion"], fontsize=8)
        right.text(1.2e-2, full_occupancy - 0.09, f"full agonist at {full_occupancy:.0%}: rises",
                   color=OKABE_ITO["bluish_green"], fontsize=8)
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
        return float(self._net.get_ydata()[-1]) - self.full_occupancy

    def alt(self) -> str:
        """What the figure shows, with the current numbers."""
        end = float(self._net.get_ydata()[-1])
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

    def html(self, caption: str | None = None) -> str:
        """The figure as an HTML ``<figure>`` with alt text."""
        return _html(self.fig, self.alt(), caption)


class DosingFigure:
    """Once-daily dosing over two weeks: the chosen half-life and the reported range.

    Levels are in multiples of the level just after the first dose (an illustration of
    accumulation, in no real unit).
    """

    def __init__(self, medication: str = "methadone", half_life_h: float | None = None) -> None:
        self.fig = new_figure(9.0, 3.3)
        ax = self.fig.subplots()
        self.ax = ax
        days = np.arange(0.0, DOSING_DAYS + 1e-9, _STEP_H / 24.0)
        trough_days = np.arange(1, DOSING_DAYS + 1, dtype=float)
        self._range = ax.fill_between(trough_days, 0.0, 0.0, color=OKABE_ITO["sky_blue"],
                                      alpha=0.35, lw=0,
                                      label="troughs across the\nreported half-lives")
        (self._curve,) = ax.plot(days, np.zeros_like(days), color=OKABE_ITO["blue"], lw=1.8,
                                 label="chosen half-life")
        (self._troughs,) = ax.plot(np.arange(1, DOSING_DAYS + 1), np.zeros(DOSING_DAYS),
                                   ls="none", marker="o", ms=4,
                                   color=OKABE_ITO["vermillion"],
                                   label="trough: just before a dose")
        self._steady = ax.axhline(1.0, color=OKABE_ITO["bluish_green"], lw=1.2, ls="-.",
                                  label="steady-state peak")
        self._ninety_seven = ax.axvline(5.0, color=OKABE_ITO["reddish_purple"], lw=1.2,
                                        label="5 half-lives: ~97% of\nsteady state")
        ax.set(xlim=(0, DOSING_DAYS), ylim=(0, DOSING_Y_MAX), xticks=range(0, 15, 2),
               xlabel="day (one dose every 24 hours)",
               ylabel="level (x the first dose's peak)",
               title="Once-daily dosing, first two weeks (illustration, not dosing guidance)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
        self._days = days
        self._dynamic: list[Artist] = [self._range, self._curve, self._troughs,
                                       self._steady, self._ninety_seven]
        _freeze(self.fig, self._dynamic)
        self.medication = ""
        rng = HALF_LIFE_RANGES[medication]
        self.update(medication, half_life_h if half_life_h is not None else rng.low_h)

    @staticmethod
    def _levels(half_life_h: float) -> np.ndarray:
        _, level = repeated_dose_curve(1.0, 24.0, half_life_h, DOSING_DAYS * 24.0,
                                       step_h=_STEP_H)
        return level

    def update(self, medication: str, half_life_h: float) -> None:
        """Recompute for a medication's range and a chosen half-life, move the lines."""
        rng = HALF_LIFE_RANGES[medication]
        if medication != self.medication:
            short = dosing_summary(rng.low_h, n_doses=DOSING_DAYS).troughs
            long = dosing_summary(rng.high_h, n_doses=DOSING_DAYS).troughs
            self._range.set_data(np.arange(1, DOSING_DAYS + 1, dtype=float), short, long)
            self.medication = medication
        self.half_life_h = float(half_life_h)
        self.summary = dosing_summary(half_life_h, n_doses=DOSING_DAYS)
        self._curve.set_ydata(self._levels(half_life_h))
        self._troughs.set_ydata(self.summary.troughs)
        peak = self.summary.accumulation_ratio
        self._steady.set_ydata([peak, peak])
        self._ninety_seven.set_xdata([self.summary.days_to_97_percent] * 2)

    def alt(self) -> str:
        """What the figure shows, with the current numbers."""
        s = self.summary
        rng = HALF_LIFE_RANGES[self.medication]
        return (f"Line chart of an illustrative level over 14 days of once-daily doses of "
                f"{self.medication} with a half-life of {self.half_life_h:g} hours. The level "
                f"just after each dose rises from 1.0 on day 1 to {s.peaks[-1]:.1f} on day 14; "
                f"the steady-state peak is {s.accumulation_ratio:.1f}, and about 97% of it is "
                f"reached after {s.days_to_97_percent:.1f} days. A shaded band shows the "
                f"troughs for every half-life from the shortest ({rng.low_h:g} h) to the "
                f"longest ({rng.high_h:g} h) in the reported range.")

    def html(self, caption: str | None = None) -> str:
        """The figure as an HTML ``<figure>`` with alt text."""
        return _html(self.fig, self.alt(), caption)
