"""Module 1: the continuum of care figure (inline SVG) and table (widgets.continuum.render)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

import pytest
from markupsafe import escape as markup_escape

from widgets.continuum import continuum, levels
from widgets.continuum.render import HOURS_SHOWN, continuum_figure, continuum_table
from widgets.core.svg_chart import TEXT, SvgFigure, contrast_ratio

CONTINUUM = continuum()
RESIDENTIAL_AND_INPATIENT = ("3.1", "3.3", "3.5", "3.7", "4")

SVG = "{http://www.w3.org/2000/svg}"
ALT = ("Horizontal bar chart of weekly service hours by level of care for adults: "
       "outpatient (Level 1) under 9 hours; intensive outpatient (Level 2.1) 9 to 19 "
       "hours; partial hospitalization (Level 2.5) 20 hours or more; residential and "
       "inpatient levels are 24-hour settings, not measured in weekly hours.")
CAPTION = ("Weekly hours for adults as this curriculum teaches them (their sources are listed "
           "under the table of levels); adolescents enter IOP from 6 hours a week.")


@pytest.fixture(scope="module")
def figure() -> SvgFigure:
    return continuum_figure()


@pytest.fixture(scope="module")
def svg(figure) -> ET.Element:
    root = ET.fromstring(figure._repr_html_())  # the whole figure is well-formed
    return root.find(f".//{SVG}svg")


def svg_of(figure: SvgFigure) -> ET.Element:
    return ET.fromstring(figure._repr_html_()).find(f".//{SVG}svg")


def hour_scale(svg: ET.Element) -> tuple[float, float]:
    """(x of 0 hours, pixels per hour), read off the x tick labels."""
    ticks = {t.text: float(t.get("x")) for t in svg.iter(f"{SVG}text")
             if t.get("text-anchor") == "middle"}
    return ticks["0"], (ticks[str(HOURS_SHOWN)] - ticks["0"]) / HOURS_SHOWN


def test_figure_carries_its_alt_text_caption_and_plain_repr(figure):
    assert figure.alt == ALT and figure.caption == CAPTION
    html = figure._repr_html_()
    assert html.startswith('<figure class="iop-figure')
    assert f'role="img" aria-label="{escape(ALT)}"' in html
    assert f"<figcaption>{escape(CAPTION)}</figcaption>" in html
    assert repr(figure) == f"Figure: {ALT}"
    assert "data:image/png" not in html and 'aria-hidden="true"' in html


def test_each_outpatient_level_is_a_bar_over_its_hours(svg):
    zero, per_hour = hour_scale(svg)
    colours = ("#56B4E9", "#0072B2", "#E69F00")
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") in colours]
    assert [b.get("fill") for b in bars] == list(colours)
    spans = [(round((float(b.get("x")) - zero) / per_hour, 1),
              round((float(b.get("x")) + float(b.get("width")) - zero) / per_hour, 1))
             for b in bars]
    assert spans == [(0, 9), (9, 20), (20, HOURS_SHOWN)]
    assert [level.band.max for level in CONTINUUM[:3]] == [9, 20, None]


def bar_spans(svg: ET.Element) -> list[tuple[float, float]]:
    zero, per_hour = hour_scale(svg)
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") in ("#56B4E9", "#0072B2",
                                                                   "#E69F00")]
    return [(round((float(b.get("x")) - zero) / per_hour, 1),
             round((float(b.get("x")) + float(b.get("width")) - zero) / per_hour, 1))
            for b in bars]


def test_the_figure_draws_the_levels_it_is_given():
    """The cut-offs are read from the levels of care, not written in the figure's code."""
    care = levels()
    moved = [lv.model_copy(update={"hours": lv.band.model_copy(update=change)})
             for lv, change in ((care.level("1"), {"max": 10}),
                                (care.level("2.1"), {"min": 10, "max": 18}),
                                (care.level("2.5"), {"min": 18}))]
    other = care.model_copy(update={
        "levels": [*moved, care.level("4")], "adolescent_iop_min_hours": 5})
    figure = continuum_figure(other)
    assert bar_spans(svg_of(figure)) == [(0, 10), (10, 18), (18, HOURS_SHOWN)]
    assert figure.caption.endswith("adolescents enter IOP from 5 hours a week.")
    assert "intensive outpatient (Level 2.1) 10 to 17 hours" in figure.alt


def test_only_the_open_ended_bar_is_hatched_and_its_hatch_stays_inside(svg):
    hatch = [p for p in svg.iter(f"{SVG}path") if p.get("stroke") == "#ffffff"]
    assert len(hatch) == 1
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#E69F00")
    x0, y0 = float(bar.get("x")), float(bar.get("y"))
    x1, y1 = x0 + float(bar.get("width")), y0 + float(bar.get("height"))
    moves = hatch[0].get("d").split("M")[1:]
    assert len(moves) > 10
    for move in moves:
        for point in move.split("L"):
            x, y = map(float, point.split(","))
            assert x0 < x < x1 and y0 < y < y1


def test_bar_labels_read_on_their_bars_and_24_hour_settings_are_noted(svg):
    texts = {t.text: t for t in svg.iter(f"{SVG}text") if t.text}
    for label, fill in (("under 9 h", "#56B4E9"), ("9-19 h", "#0072B2"),
                        ("20+ h", "#E69F00")):
        assert texts[label].get("font-weight") == "700"
        assert contrast_ratio(texts[label].get("fill"), fill) >= 4.5
    assert texts["9-19 h"].get("fill") == "#ffffff"  # white only on the dark blue bar
    assert texts["under 9 h"].get("fill") == texts["20+ h"].get("fill") == TEXT
    assert texts["20+ h"].get("stroke") == "#E69F00"  # a halo over the hatching
    notes = [t for t in svg.iter(f"{SVG}text")
             if t.text == "24-hour setting: not measured in weekly service hours"]
    assert len(notes) == len(RESIDENTIAL_AND_INPATIENT)
    assert all(n.get("font-style") == "italic" for n in notes)
    assert "Where IOP sits in the continuum of care" in texts
    assert "Scheduled service hours per week (adults)" in texts


def test_every_level_is_named_on_the_axis_from_level_1_at_the_top(svg):
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    lines = [[s.text for s in t.iter(f"{SVG}tspan")] for t in labels]
    first_lines = [ls[0] for ls in lines]
    assert sorted(first_lines) == sorted(f"Level {level.code}" for level in CONTINUUM)
    ys = {ls[0]: float(t.get("y")) for ls, t in zip(lines, labels, strict=True)}
    order = [ys[f"Level {code}"] for code in ("1", "2.1", "2.5", *RESIDENTIAL_AND_INPATIENT)]
    assert order == sorted(order)
    assert [level.code for level in CONTINUUM] == ["1", "2.1", "2.5",
                                                   *RESIDENTIAL_AND_INPATIENT]
    assert lines[first_lines.index("Level 4")][1:] == ["Medically managed", "inpatient"]
    assert lines[first_lines.index("Level 2.1")][1:] == ["Intensive outpatient"]


def test_table_lists_every_level_with_its_hours():
    shown = continuum_table()
    table = shown._repr_html_()
    assert table.count('<tr><th scope="row">') == len(CONTINUUM)
    assert "<td>9-19</td>" in table and "<td>20 or more</td>" in table
    assert table.count("24-hour setting") == len(RESIDENTIAL_AND_INPATIENT)
    assert repr(shown).splitlines()[2] == ("2.1 | Intensive outpatient | Lives at home; "
                                           "structured program | 9-19")


def test_the_table_says_where_each_number_comes_from():
    table = continuum_table()._repr_html_()
    assert "Sources of the weekly hours" in table
    for level in CONTINUUM[:3]:
        note = level.band.source_note
        assert note is None or str(markup_escape(note)) in table
    assert table.count("<li>") == 1 + sum(level.band is not None for level in CONTINUUM)
