"""Module 1: a week of service blocks drawn as a calendar (figure updated in place)."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from widgets.figure_layers import freeze_static_layer
from widgets.figures import OKABE_ITO, figure_html, new_figure
from widgets.schedule import DAYS, SERVICES, Schedule

__all__ = ["SERVICE_COLORS", "WeekCalendar"]

SERVICE_COLORS = {
    "group": OKABE_ITO["blue"],
    "individual": OKABE_ITO["orange"],
    "family": OKABE_ITO["reddish_purple"],
    "psychoeducation": OKABE_ITO["bluish_green"],
    "medication": OKABE_ITO["vermillion"],
}
SERVICE_HATCHES = {"group": "", "individual": "//", "family": "xx", "psychoeducation": "..",
                   "medication": "\\\\"}
"""Hatches as well as colours, so blocks differ without colour vision."""


class WeekCalendar:
    """A reusable calendar figure: :meth:`html` redraws only the blocks."""

    def __init__(self, first_hour: int = 8, last_hour: int = 22) -> None:
        self.first_hour, self.last_hour = first_hour, last_hour
        self.fig = new_figure(7.4, 3.6)
        self.ax = self.fig.add_subplot()
        ax = self.ax
        ax.set_xlim(-0.5, len(DAYS) - 0.5)
        ax.set_ylim(last_hour, first_hour)
        ax.set_xticks(range(len(DAYS)), DAYS)
        ax.set_yticks(range(first_hour, last_hour + 1, 2),
                      [f"{h:02d}:00" for h in range(first_hour, last_hour + 1, 2)])
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        handles = [Rectangle((0, 0), 1, 1, facecolor=SERVICE_COLORS[k], hatch=SERVICE_HATCHES[k],
                             edgecolor="white") for k in SERVICES]
        ax.legend(handles, list(SERVICES.values()), loc="upper left", bbox_to_anchor=(1.01, 1),
                  fontsize=8, frameon=False)
        self._patches: list[Rectangle] = []
        ax.set_title(" ", fontsize=10)  # reserves room for the changing title below
        self._title = self.fig.text(0.4, 0.985, "", ha="center", va="top", fontsize=10)
        freeze_static_layer(self.fig, [self._title])  # grid, ticks, legend drawn once

    def draw(self, week: Schedule, title: str = "") -> None:
        """Replace the drawn blocks with those of ``week``."""
        for patch in self._patches:
            patch.remove()
        self._patches = []
        lo, hi = self.first_hour, self.last_hour
        for block in week.blocks:
            x = DAYS.index(block.day)
            start, end = max(block.start, lo), min(block.end, hi)
            if end <= start:
                continue
            patch = Rectangle((x - 0.42, start), 0.84, end - start,
                              facecolor=SERVICE_COLORS[block.service],
                              hatch=SERVICE_HATCHES[block.service], edgecolor="white")
            self.ax.add_patch(patch)
            self._patches.append(patch)
        self._title.set_text(title)

    def html(self, week: Schedule, title: str = "") -> str:
        """The calendar of ``week`` as an HTML figure with alt text."""
        self.draw(week, title)
        return figure_html(self.fig, alt_text(week))


def alt_text(week: Schedule) -> str:
    """A sentence listing every block, for readers who cannot see the calendar."""
    if not week.blocks:
        return "Weekly calendar with no service blocks scheduled."
    return "Weekly calendar: " + "; ".join(b.label() for b in week.blocks) + "."
