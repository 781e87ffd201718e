"""Module 2 static tables and figure (widgets.level_of_care_tables)."""

from __future__ import annotations

from widgets.level_of_care import ASAM3_LEVELS, DIMENSION_NAMES, MODEL_NAME
from widgets.level_of_care_tables import (
    CONTRASTS,
    contrast_table_html,
    dimensions_table_html,
    interaction_figure,
    levels_table_html,
)


def test_dimensions_table_lists_the_six_third_edition_names_in_order():
    table = dimensions_table_html()
    positions = [table.index(name) for name in DIMENSION_NAMES.values()]
    assert positions == sorted(positions)
    assert "rated 0-4" in table


def test_levels_table_lists_every_third_edition_level_and_marks_the_model_s_levels():
    table = levels_table_html()
    for code, name in ASAM3_LEVELS.items():
        assert f"<td>{code}</td><td>{name}</td>" in table
    assert table.count("<td>no</td>") == 2  # 0.5 and 3.3 are not in the teaching model
    assert "At least 9 hours a week for adults, 6 for adolescents" in table


def test_contrast_table_shows_average_highest_and_model_level_for_each_profile():
    table = contrast_table_html()
    assert MODEL_NAME in table
    assert "<td>3, 0, 0, 0, 0, 0</td><td>0.5</td><td>3</td><td>3.7</td>" in table
    assert "<td>0, 0, 0, 0, 3, 3</td><td>1.0</td><td>3</td><td>3.1</td>" in table
    assert table.count("<tr><td>") == len(CONTRASTS)


def test_interaction_figure_describes_every_cell_in_its_alt_text():
    figure = interaction_figure()
    assert "environment 3: 2.1, 2.1, 2.1, 3.1, 3.1" in figure.alt
    assert "environment 4: 3.1, 3.1, 3.1, 3.1, 3.5" in figure.alt
    assert figure._repr_html_().startswith('<figure class="iop-figure"')
    assert MODEL_NAME in figure.caption
