"""Inline SVG charts: scales, series, legend, accessibility and bad input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from widgets.svg_chart import Axis, LineChart, bar_panel, chart_figure

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the markup is well-formed XML


def chart(**kwargs) -> LineChart:
    return LineChart(Axis(0, 10, [0, 5, 10], "x label"), Axis(0, 100, [0, 50, 100], "y label"),
                     **kwargs)


def frame(c: LineChart) -> tuple[float, float, float, float]:
    return c._frame()


def test_linear_axis_maps_values_to_fractions_and_clamps():
    axis = Axis(0, 10)
    assert axis.fraction(0) == 0 and axis.fraction(10) == 1 and axis.fraction(2.5) == 0.25
    assert axis.fraction(-5) == 0 and axis.fraction(50) == 1


def test_log_axis_spaces_decades_evenly():
    axis = Axis(0.01, 1000, log=True)
    assert [round(axis.fraction(v), 6) for v in (0.01, 0.1, 1, 10, 100, 1000)] == \
        [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert axis.fraction(0) == 0  # below the range: clamped, not a math error


@pytest.mark.parametrize("lo, hi, log, expected", [
    (1, 1, False, "lo < hi"), (2, 1, False, "lo < hi"), (0, float("nan"), False, "finite"),
    (0, 10, True, "log axis needs lo > 0"), (-1, 10, True, "log axis needs lo > 0")])
def test_bad_axes_are_refused_with_the_reason(lo, hi, log, expected):
    with pytest.raises(ValueError, match=expected):
        Axis(lo, hi, label="dose", log=log)


def test_a_line_goes_through_its_points_in_pixels():
    c = chart(legend=None)
    c.line([0, 5, 10], [0, 50, 100], colour="#0072B2")
    left, top, right, bottom = frame(c)
    path = parse(c.svg()).find("s:path[@stroke='#0072B2']", NS).get("d")
    points = [tuple(map(float, p.split(","))) for p in path[1:].split("L")]
    assert points[0] == pytest.approx((left, bottom), abs=0.06)
    assert points[1] == pytest.approx(((left + right) / 2, (top + bottom) / 2), abs=0.06)
    assert points[2] == pytest.approx((right, top), abs=0.06)


def test_a_step_line_holds_each_value_until_the_next_x():
    c = chart(legend=None)
    c.line([0, 5, 10], [100, 50, 0], colour="#D55E00", step=True)
    path = parse(c.svg()).find("s:path[@stroke='#D55E00']", NS).get("d")
    points = [tuple(map(float, p.split(","))) for p in path[1:].split("L")]
    assert len(points) == 5
    assert points[1][1] == points[0][1] and points[1][0] == points[2][0]


def test_band_polygon_runs_along_the_highs_and_back_along_the_lows():
    c = chart(legend=None)
    c.band([0, 10], [0, 0], [100, 50], colour="#56B4E9")
    left, top, right, bottom = frame(c)
    poly = parse(c.svg()).find("s:polygon", NS).get("points").split()
    pts = [tuple(map(float, p.split(","))) for p in poly]
    assert pts[0] == pytest.approx((left, top), abs=0.06)
    assert pts[-1] == pytest.approx((left, bottom), abs=0.06)
    assert len(pts) == 4


def test_reference_lines_span_the_axes_and_dashes_follow_the_style():
    c = chart(legend=None)
    c.hline(50, colour="#009E73", dash="-.")
    c.vline(5, colour="#CC79A7", dash=":")
    left, top, right, bottom = frame(c)
    root = parse(c.svg())
    h = root.find("s:line[@stroke='#009E73']", NS)
    v = root.find("s:line[@stroke='#CC79A7']", NS)
    assert (float(h.get("x1")), float(h.get("x2"))) == pytest.approx((left, right), abs=0.06)
    assert (float(v.get("y1")), float(v.get("y2"))) == pytest.approx((top, bottom), abs=0.06)
    assert h.get("stroke-dasharray") == "7 3 1.5 3" and v.get("stroke-dasharray") == "1.5 3"


def test_ticks_labels_title_and_legend_are_drawn_as_text():
    c = chart(title="Levels over time", legend="right")
    c.line([0, 10], [0, 100], colour="#0072B2", label="first\nsecond line", marker="o")
    c.line([0, 10], [10, 20], colour="#E69F00", label="other")
    texts = [t.text for t in parse(c.svg()).iter("{http://www.w3.org/2000/svg}text")]
    for expected in ("Levels over time", "0", "5", "10", "50", "100", "x label", "y label",
                     "first", "second line", "other"):
        assert expected in texts


def test_legend_right_narrows_the_plot_and_legend_below_shortens_it():
    plain = frame(chart(legend=None))
    right, below = chart(legend="right"), chart(legend="below")
    for c in (right, below):
        c.line([0, 10], [0, 1], colour="#000", label="a fairly long legend label")
    assert frame(right)[2] < plain[2] and frame(right)[3] == plain[3]
    assert frame(below)[3] < plain[3] and frame(below)[2] == plain[2]


def test_markers_only_when_width_is_zero_and_every_marker_shape_draws():
    c = chart(legend="below")
    for i, shape in enumerate("osD^vP"):
        c.line([1, 2], [i, i], colour=f"#00000{i}", marker=shape, width=0, label=shape)
    svg = c.svg()
    parse(svg)
    assert not re.search(r'<path d="M[^"]*" fill="none" stroke="#000000"', svg)
    assert svg.count("<circle") == 3  # two points and the legend sample


def test_text_is_escaped():
    c = chart(title="<b>&", legend=None)
    c.text(1, 1, 'a "quote" <tag>')
    svg = c.svg()
    parse(svg)
    assert "<b>" not in svg and "&lt;tag&gt;" in svg


@pytest.mark.parametrize("call, expected", [
    (lambda c: c.line([1, 2], [1], colour="#000", label="x"), "2 x values but 1 y values"),
    (lambda c: c.band([1, 2], [1, 2], [1], colour="#000"), "differ in length"),
    (lambda c: c.line([1], [1], colour="#000", marker="*"), "unknown marker"),
    (lambda c: c.hline(1, colour="#000", dash="~"), None),
])
def test_bad_series_are_refused(call, expected):
    c = chart()
    if expected is None:  # an unknown dash is caught when drawn
        call(c)
        with pytest.raises(ValueError, match="unknown line style"):
            c.svg()
    else:
        with pytest.raises(ValueError, match=expected):
            call(c)


def test_bad_legend_position_is_refused():
    with pytest.raises(ValueError, match="legend must be"):
        chart(legend="left")


def test_the_same_chart_gives_the_same_bytes():
    def build() -> str:
        c = chart()
        c.line([0, 3.3333, 10], [1, 2.25, 99.95], colour="#0072B2", label="a")
        return c.svg()

    assert build() == build()


def test_bar_panel_draws_one_bar_per_name_in_proportion():
    svg = bar_panel(["safety", "cohesion"], [100, 50], ["#0072B2", "#009E73"], title="Now")
    widths = [float(r.get("width")) for r in parse(svg).findall("s:rect", NS)[1:]]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.1)
    assert ">safety<" in svg and ">50<" in svg
    with pytest.raises(ValueError, match="differ in length"):
        bar_panel(["a"], [1, 2], ["#000"])


def test_chart_figure_carries_the_alt_text_and_hides_the_svg():
    c = chart()
    html = chart_figure('Line chart of "levels" <rising>', c.svg(), caption="A & B")
    assert 'role="img" aria-label="Line chart of &quot;levels&quot; &lt;rising&gt;"' in html
    assert 'aria-hidden="true"' in html and "<figcaption>A &amp; B</figcaption>" in html
    with pytest.raises(ValueError, match="alt text"):
        chart_figure("  ", c.svg())
