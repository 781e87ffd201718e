"""Module 2 as HTML: tables, the grid figure, the model's output (widgets.level_of_care.render)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from widgets.core.svg_chart import contrast_ratio
from widgets.level_of_care import (
    DIMENSION_NAMES,
    DIMENSIONS,
    LEVELS,
    MODEL_NAME,
    levels_of_care,
    recommend,
)
from widgets.level_of_care.render import (
    CONTRASTS,
    LEVEL_FILLS,
    contrast_table_html,
    dimensions_table_html,
    interaction_figure,
    levels_table_html,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_dimensions_table_lists_the_six_third_edition_names_in_order():
    table = dimensions_table_html()
    positions = [table.index(name) for name in DIMENSION_NAMES.values()]
    assert positions == sorted(positions)
    assert "rated 0-4" in table


def test_levels_table_lists_every_third_edition_level_and_marks_the_model_s_levels():
    table = levels_table_html()
    for level in levels_of_care().levels:
        assert f'<th scope="row">{level.code}</th><td>{level.name}</td>' in table
    assert table.count("<td>no</td>") == 2  # 0.5 and 3.3 are not in the teaching model
    assert "At least 9 hours a week for adults, 6 for adolescents; fewer than 20." in table
    assert "Fewer than 9 hours a week for adults (fewer than 6 for adolescents)." in table
    assert "20 hours a week or more." in table and "check your own state" in table
    assert "A 24-hour setting." in table


def test_contrast_table_shows_average_highest_and_model_level_for_each_profile():
    table = contrast_table_html()
    assert MODEL_NAME in table
    number = '<td class="num">{}</td>'.format
    assert (f"<td>3, 0, 0, 0, 0, 0</td>{number('0.5')}{number(3)}<td>3.7</td>") in table
    assert (f"<td>0, 0, 0, 0, 3, 3</td>{number('1.0')}{number(3)}<td>3.1</td>") in table
    # every rating 2: partial hospitalization, only after the withdrawal-risk assessment
    assert (f"<td>2, 2, 2, 2, 2, 2</td>{number('2.0')}{number(2)}<td>2.5, only after a "
            f"medical withdrawal-risk assessment</td>") in table
    assert table.count("<tr><td>") == len(CONTRASTS)


def test_interaction_figure_describes_every_cell_in_its_alt_text():
    figure = interaction_figure()
    assert "environment 3: 2.1, 2.1, 2.1, 3.1, 3.1" in figure.alt
    assert "environment 4: 3.1, 3.1, 3.1, 3.1, 3.5" in figure.alt
    html = figure._repr_html_()
    assert html.startswith('<figure class="iop-figure')
    assert f'role="img" aria-label="{escape(figure.alt)}"' in html
    assert MODEL_NAME in figure.caption and escape(figure.caption) in html
    assert repr(figure) == f"Figure: {figure.alt}"


def test_interaction_figure_draws_each_cell_in_its_level_colour_with_its_level():
    figure = interaction_figure()
    root = ET.fromstring(figure._repr_html_())  # well-formed
    svg = root.find(f".//{SVG}svg")
    cells = [r for r in svg.iter(f"{SVG}rect") if r.get("stroke") == "#ffffff"]
    assert len(cells) == 25
    # Cells run row by row from environment 0 (bottom) to 4 (top), relapse 0 to 4.
    rows = sorted({float(c.get("y")) for c in cells}, reverse=True)
    columns = sorted({float(c.get("x")) for c in cells})
    assert len(rows) == len(columns) == 5
    grid = {(columns.index(float(c.get("x"))), rows.index(float(c.get("y")))): c.get("fill")
            for c in cells}
    assert grid[(4, 4)] == LEVEL_FILLS["3.5"] and grid[(0, 0)] == LEVEL_FILLS["1"]
    assert grid[(3, 3)] == LEVEL_FILLS["3.1"] and grid[(2, 3)] == LEVEL_FILLS["2.1"]
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "middle"
              and t.get("font-weight") == "700"]
    assert len(labels) == 25
    for t in labels:  # each cell is labelled with the model's level, readable on its fill
        x, y = float(t.get("x")), float(t.get("y")) - 4  # "middle": the baseline is 4 px down
        r = next(i for i, c in enumerate(columns) if c <= x <= c + (columns[1] - columns[0]))
        e = next(i for i, c in enumerate(rows) if c <= y <= c + (rows[0] - rows[1]))
        ratings = {**{d: 1 for d in DIMENSIONS}, "relapse_potential": r,
                   "recovery_environment": e}
        assert t.text == recommend(ratings).level
        assert grid[(r, e)] == LEVEL_FILLS[t.text]
        assert contrast_ratio(t.get("fill"), grid[(r, e)]) >= 4.2, (t.text, t.get("fill"))


def test_every_level_has_a_distinct_cell_colour():
    assert set(LEVEL_FILLS) == set(LEVELS)
    assert len(set(LEVEL_FILLS.values())) == len(LEVELS)
