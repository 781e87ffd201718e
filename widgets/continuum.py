"""Module 1: the continuum of care as data and as a figure (inline SVG, no matplotlib)."""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import wrap

from widgets.core.palette import OKABE_ITO
from widgets.core.svg_chart import TEXT, Axis, LineChart, SvgFigure, text_colour_on

__all__ = ["CONTINUUM", "CareLevel", "continuum_figure", "continuum_table_html"]


@dataclass(frozen=True)
class CareLevel:
    """One level of the continuum, as commonly described (ASAM Criteria, 3rd edition)."""

    code: str
    name: str
    setting: str
    min_hours: float | None
    """Weekly service hours at which the level starts (None: a 24-hour setting)."""
    max_hours: float | None
    """Weekly hours at which the next level starts (None: open-ended)."""


CONTINUUM = (
    CareLevel("1", "Outpatient", "Lives at home; scheduled sessions", 0, 9),
    CareLevel("2.1", "Intensive outpatient (IOP)", "Lives at home; structured program", 9, 20),
    CareLevel("2.5", "Partial hospitalization (PHP)", "Lives at home; day program", 20, None),
    CareLevel("3.x", "Residential (3.1, 3.3, 3.5; 3.7 medically monitored)",
              "24-hour care in a residential setting", None, None),
    CareLevel("4", "Medically managed intensive inpatient", "24-hour medical care in a hospital",
              None, None),
)
"""Adult hour bands; adolescents enter IOP from 6 hours a week."""


HOURS_SHOWN = 30
"""The figure's x axis ends here; an open-ended level's bar runs to it, hatched."""


def _hours_text(level: CareLevel) -> str:
    if level.max_hours is None:
        return f"{level.min_hours:g}+ h"
    if level.min_hours == 0:
        return f"under {level.max_hours:g} h"
    return f"{level.min_hours:g}-{level.max_hours - 1:g} h"


def continuum_figure() -> SvgFigure:
    """Weekly service hours across the continuum, with 24-hour settings marked as such.

    An inline SVG chart (no matplotlib): horizontal bars of each level's hours, the
    open-ended one hatched, and an italic note on the 24-hour settings.
    """
    colours = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["orange"],
               OKABE_ITO["grey"], OKABE_ITO["grey"]]
    names = [f"Level {level.code}\n" + "\n".join(wrap(level.name.split(" (")[0], 24))
             for level in CONTINUUM]
    rows = Axis.categorical(names, top_down=True)
    chart = LineChart(Axis(0, HOURS_SHOWN, range(0, HOURS_SHOWN + 1, 5),
                           "Scheduled service hours per week (adults)"),
                      rows, width=750, height=340,
                      title="Where IOP sits in the continuum of care", legend=None, grid=None)
    for i, (level, colour) in enumerate(zip(CONTINUUM, colours, strict=True)):
        y = rows.slot(i)
        if level.min_hours is None:
            chart.text(0.5, y, "24-hour setting: not measured in weekly service hours",
                       colour=TEXT, middle=True, italic=True)
            continue
        upper = level.max_hours if level.max_hours is not None else HOURS_SHOWN
        hatched = level.max_hours is None
        chart.bars([y], [upper], base=level.min_hours, colour=colour, thickness=0.6,
                   orientation="horizontal", hatch="#ffffff" if hatched else None)
        chart.text(level.min_hours + 0.3, y, _hours_text(level), colour=text_colour_on(colour),
                   middle=True, bold=True, halo=colour if hatched else None)
    alt = ("Horizontal bar chart of weekly service hours by level of care for adults: "
           "outpatient (Level 1) under 9 hours; intensive outpatient (Level 2.1) 9 to 19 "
           "hours; partial hospitalization (Level 2.5) 20 hours or more; residential and "
           "inpatient levels are 24-hour settings, not measured in weekly hours.")
    return SvgFigure(alt, chart.svg(), caption="Adult weekly hours as commonly described "
                     "from the ASAM Criteria (3rd edition); adolescents enter IOP from 6 "
                     "hours a week.")


def continuum_table_html() -> str:
    """The continuum as an HTML table (readable without the figure)."""
    rows = []
    for level in CONTINUUM:
        if level.min_hours is None:
            hours = "24-hour setting"
        elif level.max_hours is None:
            hours = f"{level.min_hours:g} or more"
        elif level.min_hours == 0:
            hours = f"under {level.max_hours:g}"
        else:
            hours = f"{level.min_hours:g}-{level.max_hours - 1:g}"
        rows.append(f"<tr><td>{level.code}</td><td>{level.name}</td><td>{level.setting}</td>"
                    f"<td>{hours}</td></tr>")
    return ("<table><thead><tr><th>Level</th><th>Name</th><th>Setting</th>"
            "<th>Hours per week (adults)</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")
