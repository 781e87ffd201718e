"""Inline SVG charts: scales, series, legend, accessibility and bad input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from widgets.core.svg_chart import (
    TEXT,
    Axis,
    LineChart,
    SvgFigure,
    bar_panel,
    chart_figure,
    contrast_ratio,
    hatch_segments,
    text_colour_on,
)

NS = {"s": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


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


# ------------------------------------------------------------------------------ bars


def rects(svg: str, fill: str) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of every rect of this fill colour."""
    out = []
    for r in parse(svg).iter(f"{SVG}rect"):
        if r.get("fill") == fill:
            x, y = float(r.get("x")), float(r.get("y"))
            out.append((x, y, x + float(r.get("width")), y + float(r.get("height"))))
    return out


def segments(svg: str, colour: str) -> list[tuple[float, float, float, float]]:
    """The hatch path of this stroke colour, as (xa, ya, xb, yb) segments."""
    path = parse(svg).find(f"s:path[@stroke='{colour}']", NS).get("d")
    out = []
    for move in path.split("M")[1:]:
        a, b = move.split("L")
        out.append((*map(float, a.split(",")), *map(float, b.split(","))))
    return out


def test_vertical_bars_stand_on_their_positions_from_the_base_to_the_value():
    c = chart(legend=None)
    c.bars([2, 8], [50, 100], colour="#0072B2", thickness=2)
    left, top, right, bottom = frame(c)
    px = lambda v: left + v / 10 * (right - left)  # noqa: E731
    py = lambda v: bottom - v / 100 * (bottom - top)  # noqa: E731
    drawn = rects(c.svg(), "#0072B2")
    assert drawn[0] == pytest.approx((px(1), py(50), px(3), bottom), abs=0.06)
    assert drawn[1] == pytest.approx((px(7), top, px(9), bottom), abs=0.06)


def test_horizontal_bars_run_from_their_base_along_x():
    c = LineChart(Axis(0, 30, [0, 10, 20, 30]), Axis.categorical(["a", "b"]), legend=None)
    c.bars([0, 1], [9, 30], base=[0, 20], colour="#56B4E9", thickness=0.5,
           orientation="horizontal")
    left, top, right, bottom = frame(c)
    px = lambda v: left + v / 30 * (right - left)  # noqa: E731
    py = lambda v: bottom - (v + 0.5) / 2 * (bottom - top)  # noqa: E731
    drawn = rects(c.svg(), "#56B4E9")
    assert drawn[0] == pytest.approx((left, py(0.25), px(9), py(-0.25)), abs=0.06)
    assert drawn[1] == pytest.approx((px(20), py(1.25), right, py(0.75)), abs=0.06)


def test_bars_are_clamped_to_the_axes_and_empty_bars_are_left_out():
    c = chart(legend=None)
    c.bars([5, 6, 7], [250, -40, 0], colour="#009E73", thickness=1)
    left, top, right, bottom = frame(c)
    drawn = rects(c.svg(), "#009E73")
    assert len(drawn) == 1  # the bar below the axis and the zero bar are flat: not drawn
    assert drawn[0][1] == pytest.approx(top, abs=0.06)
    assert drawn[0][3] == pytest.approx(bottom, abs=0.06)


def test_bars_take_one_colour_each_and_an_outline():
    c = chart(legend=None)
    c.bars([1, 2, 3], [10, 20, 30], colour=["#000001", "#000002", "#000003"], edge="#ffffff")
    svg = c.svg()
    assert [len(rects(svg, f"#00000{i}")) for i in (1, 2, 3)] == [1, 1, 1]
    assert svg.count('stroke="#ffffff" stroke-width="1"') == 3


def test_hatch_lines_are_diagonal_and_stay_inside_their_bar():
    c = chart(legend=None)
    c.bars([2, 5, 8], [30, 100, 60], colour="#0072B2", hatch="#ffffff", thickness=1.5)
    svg = c.svg()
    bars = rects(svg, "#0072B2")
    lines = segments(svg, "#ffffff")
    assert len(lines) > 3 * 5
    for xa, ya, xb, yb in lines:
        assert xb > xa and yb < ya  # rising to the right: "/"
        assert (xa + ya) == pytest.approx(xb + yb, abs=0.25)  # at 45 degrees
        owners = [b for b in bars if all(b[0] + 0.5 <= x <= b[2] - 0.5 and
                                         b[1] + 0.5 <= y <= b[3] - 0.5
                                         for x, y in ((xa, ya), (xb, yb)))]
        assert len(owners) == 1, (xa, ya, xb, yb)
    for b in bars:  # every bar is hatched
        assert any(b[0] <= xa <= b[2] for xa, _, _, _ in lines)


def test_hatching_uses_no_pattern_clip_path_or_id():
    c = chart(legend="below")
    c.bars([2], [30], colour="#0072B2", hatch="#ffffff", label="hatched")
    svg = c.svg()
    assert "<pattern" not in svg and "clipPath" not in svg and " id=" not in svg


def test_hatch_segments_fill_a_rectangle_and_skip_an_empty_one():
    lines = hatch_segments(10, 10, 40, 20, spacing=5, inset=0)
    assert len(lines) == (40 + 20 - 10 - 10) // 5 - 1  # corners too short to draw
    for xa, ya, xb, yb in lines:
        assert 10 <= xa < xb <= 40 and 10 <= yb < ya <= 20
    assert hatch_segments(10, 10, 10.5, 20) == []  # narrower than the inset
    with pytest.raises(ValueError, match="spacing must be positive"):
        hatch_segments(0, 0, 10, 10, spacing=0)


def test_a_bar_series_in_the_legend_shows_a_hatched_sample():
    c = chart(legend="below")
    c.bars([1], [10], colour="#0072B2", hatch="#ffffff", label="yours")
    c.bars([], [], colour="#E69F00", label="only in the legend")
    svg = c.svg()
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "yours" in texts and "only in the legend" in texts
    assert len(rects(svg, "#0072B2")) == 2 and len(rects(svg, "#E69F00")) == 1
    assert svg.count('stroke="#ffffff" stroke-width="1.2"') == 2  # bar and sample


@pytest.mark.parametrize("kwargs, expected", [
    ({"positions": [1, 2], "values": [1]}, "2 positions but 1 values"),
    ({"positions": [1], "values": [1], "base": [0, 0]}, "2 bases but 1 values"),
    ({"positions": [1], "values": [1], "colour": ["#000", "#111"]}, "2 colours but 1"),
    ({"positions": [1], "values": [float("nan")]}, "finite number"),
    ({"positions": [float("inf")], "values": [1]}, "finite number"),
    ({"positions": [1], "values": ["3"]}, "finite number"),
    ({"positions": [1], "values": [True]}, "finite number"),
    ({"positions": [1], "values": [1], "thickness": 0}, "thickness must be a positive"),
    ({"positions": [1], "values": [1], "orientation": "diagonal"}, "orientation must be"),
])
def test_bad_bars_are_refused(kwargs, expected):
    kwargs = {"colour": "#000", **kwargs}
    with pytest.raises(ValueError, match=expected):
        chart().bars(**kwargs)


def test_bars_accept_numpy_numbers():
    np = pytest.importorskip("numpy")
    c = chart(legend=None)
    c.bars(np.arange(1, 3), np.array([10, 20]), colour="#000001")
    assert len(rects(c.svg(), "#000001")) == 2


# -------------------------------------------------------- categorical axes and labels


def test_categorical_axis_puts_one_name_per_slot():
    axis = Axis.categorical(["first", "second", "third"], "rows")
    assert (axis.lo, axis.hi, list(axis.ticks)) == (-0.5, 2.5, [0, 1, 2])
    assert [axis.fmt(t) for t in axis.ticks] == ["first", "second", "third"]
    assert axis.fmt(0.5) == "" and axis.fmt(7) == ""
    down = Axis.categorical(["first", "second", "third"], top_down=True)
    assert [down.fmt(t) for t in down.ticks] == ["third", "second", "first"]
    assert [down.slot(i) for i in range(3)] == [2, 1, 0]
    assert down.fmt(down.slot(0)) == "first"
    with pytest.raises(ValueError, match="no slot 3"):
        down.slot(3)
    with pytest.raises(ValueError, match="at least one name"):
        Axis.categorical([])


def test_multi_line_tick_labels_are_centred_on_their_tick_and_widen_the_margin():
    one = LineChart(Axis(0, 1), Axis.categorical(["Level 1", "Level 2"]), legend=None)
    two = LineChart(Axis(0, 1), Axis.categorical(["Level 1\nOutpatient care", "Level 2"]),
                    legend=None)
    assert frame(two)[0] > frame(one)[0]  # the longest line sets the margin
    root = parse(two.svg())
    label = next(t for t in root.iter(f"{SVG}text") if t.find("s:tspan", NS) is not None)
    spans = label.findall("s:tspan", NS)
    assert [s.text for s in spans] == ["Level 1", "Outpatient care"]
    left, top, right, bottom = frame(two)
    tick = bottom - 0.25 * (bottom - top)  # position 0 of the two slots
    first, second = (float(s.get("y")) for s in spans)
    assert second - first == 13
    assert (first + second) / 2 == pytest.approx(tick + 4, abs=0.1)


def test_multi_line_x_tick_labels_push_the_axis_label_down():
    plain = LineChart(Axis.categorical(["a", "b"], "groups"), Axis(0, 1), legend=None)
    tall = LineChart(Axis.categorical(["a\nA", "b\nB\nBB"], "groups"), Axis(0, 1),
                     legend=None)
    assert frame(plain)[3] - frame(tall)[3] == 26  # two more lines
    texts = {t.text: t for t in parse(tall.svg()).iter(f"{SVG}text")}
    assert float(texts["groups"].get("y")) == pytest.approx(frame(tall)[3] + 31 + 26)


def test_grid_lines_follow_the_chosen_axes():
    def grid_lines(grid):
        c = chart(legend=None, grid=grid)
        g = parse(c.svg()).find("s:g[@stroke='#c8c8c8']", NS)
        return [(ln.get("x1") == ln.get("x2")) for ln in g.findall("s:line", NS)]

    assert grid_lines("y") == [False] * 3
    assert grid_lines("x") == [True] * 3
    assert sorted(grid_lines("both")) == [False] * 3 + [True] * 3
    assert grid_lines(None) == []
    with pytest.raises(ValueError, match="grid must be"):
        chart(grid="z")


def test_a_fixed_left_edge_lines_up_stacked_panels():
    top = LineChart(Axis(0, 10), Axis(0, 100, [0, 100]), legend=None, left=60)
    bottom = LineChart(Axis(0, 10), Axis(0, 1, [0, 1]), legend=None, left=60)
    assert frame(top)[0] == frame(bottom)[0] == 60
    assert frame(top)[2] == frame(bottom)[2]
    with pytest.raises(ValueError, match="left must lie within"):
        LineChart(Axis(0, 10), Axis(0, 1), width=300, left=300)


def test_text_can_be_centred_bold_italic_and_haloed():
    c = chart(legend=None)
    c.text(5, 50, "note", colour="#ffffff", anchor="middle", middle=True, bold=True,
           italic=True, halo="#0072B2")
    c.text(5, 50, "plain")
    texts = {t.text: t for t in parse(c.svg()).iter(f"{SVG}text")}
    note, plain = texts["note"], texts["plain"]
    assert float(note.get("y")) == pytest.approx(float(plain.get("y")) + 4)
    assert note.get("font-weight") == "700" and note.get("font-style") == "italic"
    assert note.get("stroke") == "#0072B2" and note.get("paint-order") == "stroke"
    assert note.get("text-anchor") == "middle" and note.get("fill") == "#ffffff"
    assert plain.get("font-weight") is None and plain.get("stroke") is None
    with pytest.raises(ValueError, match="anchor must be"):
        c.text(1, 1, "x", anchor="left")


def test_marker_size_sets_the_marker_radius():
    c = chart(legend=None)
    c.line([5], [50], colour="#000001", marker="o", width=0, marker_size=6)
    assert parse(c.svg()).find("s:circle", NS).get("r") == "6"
    with pytest.raises(ValueError, match="marker_size must be"):
        c.line([5], [50], colour="#000", marker="o", marker_size=0)


# ---------------------------------------------------------------------- colours


@pytest.mark.parametrize("fill, expected", [
    ("#0072B2", "#ffffff"),  # Okabe-Ito blue: white reads at 5:1
    ("#000000", "#ffffff"),
    ("#E69F00", TEXT),  # orange, sky blue, yellow, green: light, so dark text
    ("#56B4E9", TEXT),
    ("#F0E442", TEXT),
    ("#009E73", TEXT),
    ("#eee", TEXT),
    ("#D55E00", "#000000"),  # vermillion: neither white nor #222 reaches 4.5:1, black does
])
def test_text_on_a_fill_is_white_only_where_white_reads(fill, expected):
    assert text_colour_on(fill) == expected
    assert contrast_ratio(text_colour_on(fill), fill) >= 4.5


def test_text_reads_at_4_5_to_1_on_every_palette_and_level_colour():
    from widgets.core.palette import OKABE_ITO
    from widgets.level_of_care.render import LEVEL_FILLS

    for fill in [*OKABE_ITO.values(), *LEVEL_FILLS.values()]:
        assert contrast_ratio(text_colour_on(fill), fill) >= 4.5, fill


def test_contrast_ratio_follows_wcag_and_bad_colours_are_refused():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#595959", "#ffffff") == pytest.approx(7.0, abs=0.05)
    for bad in ("blue", "#12345", "#ggg", "##fff"):
        with pytest.raises(ValueError, match="expected a colour"):
            text_colour_on(bad)


# ----------------------------------------------------------------------- figures


def test_svg_figure_shows_its_charts_with_alt_text_and_caption():
    c = chart()
    c.bars([1], [10], colour="#0072B2", hatch="#ffffff")
    figure = SvgFigure('Bars of "x" <1>', c.svg(), c.svg(), caption="Cap & more")
    html = figure._repr_html_()
    assert html.startswith('<figure class="iop-figure')
    assert 'role="img" aria-label="Bars of &quot;x&quot; &lt;1&gt;"' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert "<figcaption>Cap &amp; more</figcaption>" in html
    assert repr(figure) == 'Figure: Bars of "x" <1>'
    assert figure.alt == 'Bars of "x" <1>' and figure.caption == "Cap & more"
    ET.fromstring(html)  # the whole figure is well-formed
    with pytest.raises(ValueError, match="alt text"):
        SvgFigure(" ", c.svg())
    with pytest.raises(ValueError, match="at least one chart"):
        SvgFigure("alt")


def test_stacked_figure_puts_panels_in_one_column():
    c = chart()
    assert "flex-direction:column" in chart_figure("a", c.svg(), c.svg(), stacked=True)
    assert "flex-wrap:wrap" in chart_figure("a", c.svg(), c.svg())
    assert "flex-direction:column" in SvgFigure("a", c.svg(), stacked=True)._repr_html_()


@pytest.mark.parametrize("axis", [Axis(0, 10), Axis(-5, 5), Axis(0.01, 1000, log=True)],
                         ids=["linear", "signed", "log"])
def test_pixels_map_many_values_as_fraction_maps_one(axis):
    values = [axis.lo, axis.hi, (axis.lo + axis.hi) / 3, axis.lo - 7, axis.hi * 3,
              float("nan"), float("inf"), float("-inf"), 0.0, 1e-9]
    for start, end in ((40.0, 600.0), (300.0, 20.0)):  # x to the right, y upwards
        assert axis.pixels(values, start, end) == pytest.approx(
            [start + axis.fraction(v) * (end - start) for v in values])
