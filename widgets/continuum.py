"""Module 1: the continuum of care as data and as a figure."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.figures import OKABE_ITO, AltFigure, new_figure

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


def continuum_figure() -> AltFigure:
    """Weekly service hours across the continuum, with 24-hour settings marked as such."""
    fig = new_figure(7.5, 3.2)
    ax = fig.add_subplot()
    colors = [OKABE_ITO["sky_blue"], OKABE_ITO["blue"], OKABE_ITO["orange"],
              OKABE_ITO["grey"], OKABE_ITO["grey"]]
    labels = []
    for row, (level, color) in enumerate(zip(CONTINUUM, colors, strict=True)):
        y = len(CONTINUUM) - 1 - row
        labels.append((y, f"Level {level.code}\n{level.name.split(' (')[0]}"))
        if level.min_hours is None:
            ax.text(0.5, y, "24-hour setting: not measured in weekly service hours",
                    va="center", fontsize=9, color="#222222", style="italic")
            continue
        upper = level.max_hours if level.max_hours is not None else 30
        ax.barh(y, upper - level.min_hours, left=level.min_hours, color=color, height=0.6,
                hatch="//" if level.max_hours is None else None, edgecolor="white")
        text = (f"{level.min_hours:g}+ h" if level.max_hours is None
                else f"under {level.max_hours:g} h" if level.min_hours == 0
                else f"{level.min_hours:g}-{level.max_hours - 1:g} h")
        ax.text(level.min_hours + 0.3, y, text, va="center", fontsize=9,
                color="white" if color == OKABE_ITO["blue"] else "#111111", weight="bold")
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels], fontsize=8)
    ax.set_xlim(0, 30)
    ax.set_xlabel("Scheduled service hours per week (adults)")
    ax.set_title("Where IOP sits in the continuum of care", fontsize=11)
    alt = ("Horizontal bar chart of weekly service hours by level of care for adults: "
           "outpatient (Level 1) under 9 hours; intensive outpatient (Level 2.1) 9 to 19 "
           "hours; partial hospitalization (Level 2.5) 20 hours or more; residential and "
           "inpatient levels are 24-hour settings, not measured in weekly hours.")
    return AltFigure(fig, alt, caption="Adult weekly hours as commonly described from the "
                     "ASAM Criteria (3rd edition); adolescents enter IOP from 6 hours a week.")


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
