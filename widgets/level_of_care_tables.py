"""Static tables and figures of Module 2, generated from :mod:`widgets.level_of_care`.

Every number shown (levels, hours, the model's recommendations) comes from the model
module, so the notebook and the simulator can never disagree.  Pure: no ipywidgets,
and no matplotlib (the figure is inline SVG).
"""

from __future__ import annotations

from html import escape

from widgets.core.palette import OKABE_ITO
from widgets.core.svg_chart import Axis, LineChart, SvgFigure, text_colour_on
from widgets.level_of_care import (
    ASAM3_LEVELS,
    DIMENSION_NAMES,
    DIMENSION_SHORT_NAMES,
    DIMENSIONS,
    LEVEL_SETTINGS,
    LEVELS,
    MODEL_NAME,
    RATING_ANCHORS,
    recommend,
)

__all__ = [
    "CONTRASTS",
    "contrast_table_html",
    "dimensions_table_html",
    "interaction_figure",
    "levels_table_html",
]

DIMENSION_FOCUS: dict[str, str] = {
    "intoxication_withdrawal": "Is the person intoxicated now? How likely is withdrawal, "
                               "and how severe has it been before?",
    "biomedical": "Physical health conditions, and whether they need care that affects "
                  "where treatment can happen.",
    "emotional_behavioral": "Mental health, behaviour and thinking: symptoms, safety, and "
                            "how they affect treatment.",
    "readiness_to_change": "How the person sees the problem, and their interest in and "
                           "commitment to change.",
    "relapse_potential": "How likely continued use or a return to use is, and the skills "
                         "the person has to prevent it.",
    "recovery_environment": "Home, relationships, work or school, and whether they support "
                            "or work against recovery.",
}
"""What each dimension asks about, in this module's own words."""


def dimensions_table_html() -> str:
    """The six dimensions (3rd-edition names) with what each asks about."""
    rows = "".join(
        f"<tr><td>{i}</td><td>{escape(DIMENSION_NAMES[d])}</td>"
        f"<td>{escape(DIMENSION_FOCUS[d])}</td></tr>" for i, d in enumerate(DIMENSIONS, 1))
    anchors = "; ".join(f"{k} {escape(v)}" for k, v in RATING_ANCHORS.items())
    return ('<table class="iop-table"><caption>The six dimensions of the ASAM Criteria, '
            f"3rd edition. Each is rated 0-4 (this module's anchors: {anchors}).</caption>"
            '<thead><tr><th scope="col">#</th><th scope="col">Dimension</th>'
            '<th scope="col">What it asks about (in this module\'s words)</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def levels_table_html() -> str:
    """The 3rd-edition levels with their settings; the model's seven levels marked."""
    rows = []
    for code, name in ASAM3_LEVELS.items():
        setting = LEVEL_SETTINGS.get(code, "Not used by this module's teaching model.")
        used = "yes" if code in LEVELS else "no"
        rows.append(f"<tr><td>{escape(code)}</td><td>{escape(name)}</td>"
                    f"<td>{escape(setting)}</td><td>{used}</td></tr>")
    return ('<table class="iop-table"><caption>Levels of care, ASAM Criteria 3rd edition, '
            "from least to most intensive.</caption><thead><tr>"
            '<th scope="col">Level</th><th scope="col">Name</th>'
            '<th scope="col">Setting and hours, as this module teaches them</th>'
            '<th scope="col">In the teaching model</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _ratings(**given: int) -> dict[str, int]:
    return {d: given.get(d, 0) for d in DIMENSIONS}


CONTRASTS: tuple[tuple[str, dict[str, int]], ...] = (
    ("Significant withdrawal risk, nothing else", _ratings(intoxication_withdrawal=3)),
    ("High relapse potential alone", _ratings(relapse_potential=3)),
    ("Home works against recovery, alone", _ratings(recovery_environment=3)),
    ("Both together", _ratings(relapse_potential=3, recovery_environment=3)),
    ("Moderate (2) in every dimension", {d: 2 for d in DIMENSIONS}),
)
"""Rating profiles that show why placement is neither an average nor the highest rating."""


def contrast_table_html() -> str:
    """Average rating, highest rating and the model's level for each profile of CONTRASTS."""
    rows = []
    for label, ratings in CONTRASTS:
        rec = recommend(ratings)
        shown = ", ".join(str(ratings[d]) for d in DIMENSIONS)
        average = sum(ratings.values()) / len(ratings)
        rows.append(f"<tr><td>{escape(label)}</td><td>{shown}</td><td>{average:.1f}</td>"
                    f"<td>{max(ratings.values())}</td><td>{escape(rec.level)}</td></tr>")
    return (f'<table class="iop-table"><caption>{escape(MODEL_NAME)}: five rating '
            "profiles (dimensions 1 to 6, adult).</caption><thead><tr>"
            '<th scope="col">Profile</th><th scope="col">Ratings</th>'
            '<th scope="col">Average</th><th scope="col">Highest</th>'
            '<th scope="col">Model\'s level</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


LEVEL_FILLS: dict[str, str] = {
    "1": "#eeeeee",
    "2.1": OKABE_ITO["sky_blue"],
    "2.5": OKABE_ITO["bluish_green"],
    "3.1": OKABE_ITO["yellow"],
    "3.5": OKABE_ITO["orange"],
    "3.7": OKABE_ITO["vermillion"],
    "4": OKABE_ITO["reddish_purple"],
}
"""Cell colour of each level in :func:`interaction_figure` (the level is written in it too)."""


def interaction_figure(base: int = 1) -> SvgFigure:
    """The model's level over relapse potential x recovery environment (others = ``base``).

    A 5 by 5 grid of coloured cells, each labelled with its level (inline SVG, no
    matplotlib).
    """
    grid = [[recommend({**{d: base for d in DIMENSIONS},
                        "relapse_potential": r,
                        "recovery_environment": e}).level
             for r in range(5)] for e in range(5)]
    chart = LineChart(
        Axis(-0.5, 4.5, range(5),
             f"Dimension 5: {DIMENSION_SHORT_NAMES['relapse_potential']} (0-4)"),
        Axis(-0.5, 4.5, range(5),
             f"Dimension 6: {DIMENSION_SHORT_NAMES['recovery_environment']} (0-4)"),
        width=600, height=360, legend=None, grid=None)
    for e, row in enumerate(grid):
        chart.bars([e] * 5, [r + 0.5 for r in range(5)], base=[r - 0.5 for r in range(5)],
                   colour=[LEVEL_FILLS[level] for level in row], thickness=1.0,
                   orientation="horizontal", edge="#ffffff")
        for r, level in enumerate(row):
            chart.text(r, e, level, colour=text_colour_on(LEVEL_FILLS[level]),
                       anchor="middle", middle=True, bold=True)
    cells = "; ".join(f"environment {e}: " + ", ".join(row) for e, row in enumerate(grid))
    alt = (f"A 5 by 5 grid of the teaching model's level for relapse potential 0 to 4 "
           f"(columns) and recovery environment 0 to 4 (rows), other dimensions rated "
           f"{base}. Levels by row, relapse potential 0 to 4: {cells}.")
    caption = (f"{MODEL_NAME}: how dimensions 5 and 6 combine (the other four rated {base}). "
               "Either one rated 3 gives Level 2.1; both rated 3 give Level 3.1.")
    return SvgFigure(alt, chart.svg(), caption=caption)
