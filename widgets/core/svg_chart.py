"""Line and bar charts as inline SVG: for figures that a slider redraws.

A simulator's chart is rebuilt on every control change, and the learner waits for it.
Drawing with matplotlib and encoding a PNG costs 10-20 ms per update plus the import of
matplotlib itself; writing the same chart as SVG text costs well under a millisecond,
stays sharp at any zoom and prints cleanly.  This module draws only what the simulators
need: linear, log or categorical axes with ticks (labels may run over several lines),
lines (dashed, stepped, with markers), vertical and horizontal bars (optionally hatched),
shaded bands, reference lines, text labels, a legend, and a small panel of labelled bars.

Every chart is shown through :func:`chart_figure` (inside a widget) or :class:`SvgFigure`
(a notebook cell's value), which carry the alt text (``role="img"`` with ``aria-label``),
so a screen-reader user hears what the chart shows; the SVG elements themselves are
hidden from assistive technology.

Hatching is drawn as diagonal line segments clipped to each bar here, in Python, not with
an SVG ``<pattern>``: a pattern needs an ``id``, and several charts share one page.

Pure Python: no matplotlib, no ipywidgets.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

__all__ = ["Axis", "LineChart", "SvgFigure", "bar_panel", "chart_figure", "svg_open",
           "text_colour_on", "DASHES", "MARKERS"]

TEXT = "#222222"
MUTED = "#595959"
FONT = "11px"
CHAR_W = 6.2
"""Approximate width of one character at the chart's 11 px font, for layout."""

DASHES = {"-": "", "--": "6 4", "-.": "7 3 1.5 3", ":": "1.5 3"}
"""Line styles, in matplotlib's notation, as SVG ``stroke-dasharray`` values."""

MARKERS = ("o", "s", "D", "^", "v", "P", "")
"""Marker shapes: circle, square, diamond, triangles up and down, plus, none."""

LINE_H = 13
"""Line height of multi-line labels, in pixels."""

HATCH_SPACING = 7.0
"""Horizontal distance between two hatch lines of a bar, in pixels."""

HATCH_WIDTH = 1.2
"""Stroke width of hatch lines, in pixels."""

ORIENTATIONS = ("vertical", "horizontal")


def _num(value: float) -> str:
    """A coordinate with one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


_TRAILING_ZERO = re.compile(r"\.0(?![0-9])")


def _coords(points: Sequence[tuple[float, float]], sep: str) -> str:
    """``x,y`` pairs joined by ``sep``, each number as :func:`_num` writes it."""
    return _TRAILING_ZERO.sub("", sep.join([f"{x:.1f},{y:.1f}" for x, y in points]))


def default_format(value: float) -> str:
    """A tick label: ``0.5``, ``2``, ``1000``, ``0.01``."""
    return f"{value:g}"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _width(text: str) -> float:
    """Approximate width in pixels of a (possibly multi-line) label."""
    return max(len(line) for line in _lines(text)) * CHAR_W


def _text(x: float, y: float, text: str, attrs: str = "") -> str:
    """A ``<text>`` element whose first baseline is at y; one ``<tspan>`` per extra line."""
    lines = _lines(text)
    head = f'<text x="{_num(x)}" y="{_num(y)}"{attrs}>'
    if len(lines) == 1:
        return f"{head}{escape(text)}</text>"
    spans = "".join(f'<tspan x="{_num(x)}" y="{_num(y + LINE_H * i)}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f"{head}{spans}</text>"


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.strip()[1:]
    if colour.strip()[:1] != "#" or len(text) not in (3, 6) or any(
            c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"expected a colour as #rgb or #rrggbb, got {colour!r}")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(fill: str) -> str:
    """A text colour that reads on ``fill`` at 4.5:1 or more (WCAG AA, normal text).

    White when it reaches 4.5:1, else the chart's dark text colour, else black (on a
    mid-tone fill such as vermillion only black does): light bars always get dark text.
    """
    for colour in ("#ffffff", TEXT):
        if contrast_ratio(colour, fill) >= 4.5:
            return colour
    return "#000000"


@dataclass(frozen=True)
class Axis:
    """One axis: its range, ticks, label, tick format, and linear or log scale.

    A tick label may run over several lines (``"Level 1\\nOutpatient"``); see also
    :meth:`categorical`.
    """

    lo: float
    hi: float
    ticks: Sequence[float] = ()
    label: str = ""
    fmt: Callable[[float], str] = default_format
    log: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)) or self.hi <= self.lo:
            raise ValueError(f"axis {self.label!r}: need finite lo < hi, got {self.lo}, "
                             f"{self.hi}")
        if self.log and self.lo <= 0:
            raise ValueError(f"axis {self.label!r}: a log axis needs lo > 0, got {self.lo}")

    @classmethod
    def categorical(cls, names: Sequence[str], label: str = "", *,
                    top_down: bool = False) -> Axis:
        """One slot per name, at positions 0, 1, ... ``len(names) - 1``.

        Each slot spans its position +/- 0.5, so a bar of thickness up to 1 fits in it.
        With ``top_down`` (for a vertical axis) the first name is at the top: the i-th
        name is at position ``len(names) - 1 - i``, see :meth:`slot`.
        """
        names = tuple(names)
        if not names:
            raise ValueError(f"categorical axis {label!r}: needs at least one name")
        order = names[::-1] if top_down else names
        n = len(names)

        def fmt(value: float) -> str:
            i = round(value)
            return order[i] if 0 <= i < n and abs(value - i) < 1e-9 else ""

        return cls(-0.5, n - 0.5, tuple(range(n)), label, fmt)

    def slot(self, i: int) -> float:
        """Position of the i-th name of a :meth:`categorical` axis built ``top_down``."""
        n = len(self.ticks)
        if not 0 <= i < n:
            raise ValueError(f"axis {self.label!r}: no slot {i}; slots are 0 to {n - 1}")
        return float(n - 1 - i)

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between ``lo`` (0) and ``hi`` (1), clamped to [0, 1]."""
        if self.log:
            value = max(value, self.lo)
            f = math.log(value / self.lo) / math.log(self.hi / self.lo)
        else:
            f = (value - self.lo) / (self.hi - self.lo)
        return min(1.0, max(0.0, f))

    def pixels(self, values: Sequence[float], start: float, end: float) -> list[float]:
        """Pixel positions of many values, ``lo`` at ``start`` and ``hi`` at ``end``.

        The same as ``start + fraction(v) * (end - start)`` for each value (clamped; NaN
        at ``lo``), in one pass: a long curve is mapped without a call per point.
        """
        lo, hi = self.lo, self.hi
        if self.log:
            k, log = (end - start) / math.log(hi / lo), math.log
            return [start + log(min(max(v, lo), hi) / lo) * k if v == v else start
                    for v in values]
        k = (end - start) / (hi - lo)
        return [start + (min(max(v, lo), hi) - lo) * k if v == v else start for v in values]

    def tick_lines(self) -> int:
        """The most lines any tick label runs over (1 without ticks)."""
        return max((len(_lines(self.fmt(t))) for t in self.ticks), default=1)


@dataclass
class _Series:
    kind: str  # line, band, hline, vline, text, bars
    colour: str
    label: str = ""
    data: tuple = ()
    dash: str = "-"
    width: float = 2.0
    marker: str = ""
    opacity: float = 1.0
    extra: dict = field(default_factory=dict)


def _marker(shape: str, x: float, y: float, colour: str, r: float = 3.2) -> str:
    """One marker at pixel (x, y)."""
    fill = f'fill="{colour}"'
    if shape == "o":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{r}" {fill}/>'
    if shape == "s":
        return (f'<rect x="{_num(x - r)}" y="{_num(y - r)}" width="{_num(2 * r)}" '
                f'height="{_num(2 * r)}" {fill}/>')
    points = {
        "D": [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)],
        "^": [(0, -1.3), (1.2, 0.9), (-1.2, 0.9)],
        "v": [(0, 1.3), (1.2, -0.9), (-1.2, -0.9)],
        "P": [(-0.4, -1.2), (0.4, -1.2), (0.4, -0.4), (1.2, -0.4), (1.2, 0.4), (0.4, 0.4),
              (0.4, 1.2), (-0.4, 1.2), (-0.4, 0.4), (-1.2, 0.4), (-1.2, -0.4),
              (-0.4, -0.4)],
    }.get(shape)
    if points is None:
        raise ValueError(f"unknown marker {shape!r}; expected one of {MARKERS}")
    corners = " ".join(f"{_num(x + dx * r)},{_num(y + dy * r)}" for dx, dy in points)
    return f'<polygon points="{corners}" {fill}/>'


def _stroke(colour: str, width: float, dash: str, opacity: float = 1.0) -> str:
    if dash not in DASHES:
        raise ValueError(f"unknown line style {dash!r}; expected one of {list(DASHES)}")
    pattern = f' stroke-dasharray="{DASHES[dash]}"' if DASHES[dash] else ""
    alpha = f' stroke-opacity="{opacity:g}"' if opacity < 1 else ""
    return f'fill="none" stroke="{colour}" stroke-width="{width:g}"{pattern}{alpha}'


def hatch_segments(x0: float, y0: float, x1: float, y1: float,
                   spacing: float = HATCH_SPACING,
                   inset: float = HATCH_WIDTH / 2) -> list[tuple[float, float, float, float]]:
    """Diagonal ("/") hatch lines clipped to the pixel rectangle (x0, y0)-(x1, y1).

    Each segment is ``(xa, ya, xb, yb)``, rising from lower left to upper right, with both
    ends inside the rectangle shrunk by ``inset`` (so the stroke stays inside the bar).
    The lines lie on ``x + y = k * spacing``: bars side by side share one hatch grid.
    """
    if spacing <= 0:
        raise ValueError(f"hatch spacing must be positive, got {spacing}")
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return []
    segments = []
    for k in range(math.ceil((x0 + y0) / spacing), math.floor((x1 + y1) / spacing) + 1):
        c = k * spacing
        xa, xb = max(x0, c - y1), min(x1, c - y0)
        if xb - xa >= 0.5:  # skip slivers in the corners
            segments.append((xa, c - xa, xb, c - xb))
    return segments


def _hatch_path(segments: list[tuple[float, float, float, float]], colour: str) -> str:
    if not segments:
        return ""
    # Rounded inwards to the path's 0.1 px, so no end pokes out of its bar.
    d = "".join(f"M{_num(math.ceil(xa * 10) / 10)},{_num(math.floor(ya * 10) / 10)}"
                f"L{_num(math.floor(xb * 10) / 10)},{_num(math.ceil(yb * 10) / 10)}"
                for xa, ya, xb, yb in segments)
    return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{HATCH_WIDTH:g}"/>'


def _rect(x0: float, y0: float, x1: float, y1: float, colour: str, edge: str | None) -> str:
    stroke = f' stroke="{edge}" stroke-width="1"' if edge else ""
    return (f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" '
            f'height="{_num(y1 - y0)}" fill="{colour}"{stroke}/>')


def _finite(values: Sequence[float], what: str) -> tuple[float, ...]:
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise ValueError(f"{what}: every value must be a finite number, got {v!r}")
        out.append(float(v))
    return tuple(out)


def svg_open(width: float, height: float) -> str:
    """The opening ``<svg>`` tag of a chart, with its white background.

    Hidden from assistive technology (the figure around it carries the description),
    scaled down to fit narrow pages, in the page's font.
    """
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" aria-hidden="true" focusable="false" '
            f'class="iop-svg-chart" style="max-width:100%;height:auto;background:#fff;'
            f'font-family:inherit;font-size:{FONT}"><rect width="{width}" height="{height}" '
            f'fill="#fff"/>')


class LineChart:
    """One set of axes, drawn as an ``<svg>`` element.

    Parameters
    ----------
    x, y : Axis
        The axes (range, ticks, label, format, scale).
    width, height : int
        Size in CSS pixels (the SVG scales down to fit its container).
    title : str
        Shown above the axes, left-aligned.
    legend : {"right", "below", None}
        Where the legend of labelled series goes.
    grid : {"y", "x", "both", None}
        Light lines across the plot at the ticks of these axes (default: the y ticks).
    left : float, optional
        The plot area's left edge in pixels, instead of one fitted to the y tick labels:
        give stacked panels the same ``left`` (and width) and their x axes line up.

    Add series with :meth:`line`, :meth:`bars`, :meth:`band`, :meth:`hline`,
    :meth:`vline` and :meth:`text`, then call :meth:`svg`.  Values outside an axis are
    clamped to its edge.  A labelled series with no data draws nothing but still appears
    in the legend (one legend for stacked panels).
    """

    def __init__(self, x: Axis, y: Axis, *, width: int = 640, height: int = 260,
                 title: str = "", legend: str | None = "right", grid: str | None = "y",
                 left: float | None = None) -> None:
        if legend not in ("right", "below", None):
            raise ValueError(f"legend must be 'right', 'below' or None, got {legend!r}")
        if grid not in ("x", "y", "both", None):
            raise ValueError(f"grid must be 'x', 'y', 'both' or None, got {grid!r}")
        if left is not None and not 0 <= left < width:
            raise ValueError(f"left must lie within the chart's width 0-{width}, got {left}")
        self.x, self.y = x, y
        self.width, self.height = width, height
        self.title, self.legend, self.grid, self.left = title, legend, grid, left
        self.series: list[_Series] = []

    # ----------------------------------------------------------------- adding series
    def line(self, xs: Sequence[float], ys: Sequence[float], *, colour: str, label: str = "",
             dash: str = "-", width: float = 2.0, marker: str = "", step: bool = False,
             opacity: float = 1.0, marker_size: float = 3.2) -> None:
        """A line through (xs, ys); ``step`` holds each value until the next x.

        ``marker_size`` is the marker's radius in pixels.
        """
        if len(xs) != len(ys):
            raise ValueError(f"line {label!r}: {len(xs)} x values but {len(ys)} y values")
        if marker not in MARKERS:
            raise ValueError(f"line {label!r}: unknown marker {marker!r}; expected one of "
                             f"{MARKERS}")
        if not (math.isfinite(marker_size) and marker_size > 0):
            raise ValueError(f"line {label!r}: marker_size must be a positive number, got "
                             f"{marker_size}")
        self.series.append(_Series("line", colour, label, (tuple(xs), tuple(ys)), dash, width,
                                   marker, opacity, {"step": step, "size": marker_size}))

    def bars(self, positions: Sequence[float], values: Sequence[float], *,
             colour: str | Sequence[str], label: str = "",
             base: float | Sequence[float] = 0.0, thickness: float = 0.6,
             orientation: str = "vertical", hatch: str | None = None,
             edge: str | None = None) -> None:
        """Bars from ``base`` to ``values`` at ``positions`` (in data units).

        Parameters
        ----------
        positions, values : sequences of float
            Where each bar stands (on x for vertical bars, on y for horizontal ones) and
            where it ends on the other axis.
        colour : str or sequence of str
            One fill for every bar, or one per bar (the legend shows the first).
        base : float or sequence of float
            Where each bar starts (default 0): a bar spans ``base`` to ``value``.
        thickness : float
            The bar's breadth in data units of the position axis, centred on it.
        orientation : {"vertical", "horizontal"}
        hatch : str, optional
            Colour of diagonal hatch lines drawn over the bars (so a series differs from
            another by more than its colour).
        edge : str, optional
            Colour of a 1 px outline (e.g. white, to part adjacent cells).
        """
        what = f"bars {label!r}"
        if orientation not in ORIENTATIONS:
            raise ValueError(f"{what}: orientation must be one of {ORIENTATIONS}, got "
                             f"{orientation!r}")
        positions, values = _finite(positions, what), _finite(values, what)
        if len(positions) != len(values):
            raise ValueError(f"{what}: {len(positions)} positions but {len(values)} values")
        bases = (_finite([base] * len(values), what) if isinstance(base, numbers.Real)
                 else _finite(base, what))
        if len(bases) != len(values):
            raise ValueError(f"{what}: {len(bases)} bases but {len(values)} values")
        colours = (colour,) * len(values) if isinstance(colour, str) else tuple(colour)
        if len(colours) != len(values):
            raise ValueError(f"{what}: {len(colours)} colours but {len(values)} values")
        if not (math.isfinite(thickness) and thickness > 0):
            raise ValueError(f"{what}: thickness must be a positive number, got {thickness}")
        first = colour if isinstance(colour, str) else (colours[0] if colours else "#000")
        self.series.append(_Series("bars", first, label, (positions, values, bases, colours),
                                   width=0, extra={"thickness": float(thickness),
                                                   "horizontal": orientation == "horizontal",
                                                   "hatch": hatch, "edge": edge}))

    def band(self, xs: Sequence[float], lows: Sequence[float], highs: Sequence[float], *,
             colour: str, label: str = "", opacity: float = 0.35) -> None:
        """A shaded area between ``lows`` and ``highs``."""
        if not len(xs) == len(lows) == len(highs):
            raise ValueError(f"band {label!r}: xs, lows and highs differ in length "
                             f"({len(xs)}, {len(lows)}, {len(highs)})")
        self.series.append(_Series("band", colour, label, (tuple(xs), tuple(lows),
                                                           tuple(highs)), opacity=opacity))

    def hline(self, y: float, *, colour: str, label: str = "", dash: str = "-",
              width: float = 1.2, opacity: float = 1.0) -> None:
        """A horizontal reference line across the axes."""
        self.series.append(_Series("hline", colour, label, (y,), dash, width, opacity=opacity))

    def vline(self, x: float, *, colour: str, label: str = "", dash: str = "-",
              width: float = 1.2) -> None:
        """A vertical reference line across the axes."""
        self.series.append(_Series("vline", colour, label, (x,), dash, width))

    def text(self, x: float, y: float, text: str, *, colour: str = MUTED,
             anchor: str = "start", middle: bool = False, bold: bool = False,
             italic: bool = False, halo: str | None = None) -> None:
        """A label at data coordinates (x, y); its baseline sits on y.

        ``middle`` centres the text (all its lines, split at ``\\n``) vertically on y
        instead; ``halo`` draws a 3 px outline of that colour behind the letters, so they
        stay legible over hatching or lines.
        """
        if anchor not in ("start", "middle", "end"):
            raise ValueError(f"text {text!r}: anchor must be 'start', 'middle' or 'end', "
                             f"got {anchor!r}")
        self.series.append(_Series("text", colour, "", (x, y, text),
                                   extra={"anchor": anchor, "middle": middle, "bold": bold,
                                          "italic": italic, "halo": halo}))

    # ----------------------------------------------------------------------- layout
    def _legend_items(self) -> list[_Series]:
        return [s for s in self.series if s.label and s.kind != "text"] if self.legend else []

    def _legend_lines(self, item: _Series) -> list[str]:
        return item.label.split("\n")

    def _x_extra(self) -> float:
        """Height added below the axis by multi-line x tick labels."""
        return LINE_H * (self.x.tick_lines() - 1)

    def _frame(self) -> tuple[float, float, float, float]:
        """Plot area (left, top, right, bottom) in pixels."""
        if self.left is not None:
            left = self.left
        else:
            y_labels = [self.y.fmt(t) for t in self.y.ticks] or [""]
            left = 14 + max(_width(s) for s in y_labels) + (18 if self.y.label else 0)
        top = 24 if self.title else 10
        right = self.width - 12
        bottom = self.height - (20 + (16 if self.x.label else 0)) - self._x_extra()
        items = self._legend_items()
        if self.legend == "right" and items:
            longest = max(len(line) for s in items for line in self._legend_lines(s))
            right = self.width - (38 + longest * CHAR_W)
        elif self.legend == "below" and items:
            bottom -= 18 * len(self._legend_rows(items))
        return left, top, right, bottom

    def _legend_rows(self, items: list[_Series]) -> list[list[_Series]]:
        rows: list[list[_Series]] = [[]]
        used = 0.0
        for item in items:
            need = 34 + len(item.label) * CHAR_W + 14
            if rows[-1] and used + need > self.width - 20:
                rows.append([])
                used = 0.0
            rows[-1].append(item)
            used += need
        return rows

    # ------------------------------------------------------------------------ drawing
    def svg(self) -> str:
        """The chart as an ``<svg>`` element (hidden from assistive technology)."""
        left, top, right, bottom = self._frame()
        px = lambda v: left + self.x.fraction(v) * (right - left)  # noqa: E731
        py = lambda v: bottom - self.y.fraction(v) * (bottom - top)  # noqa: E731
        out = [svg_open(self.width, self.height)]
        if self.title:
            out.append(f'<text x="{_num(left)}" y="15" fill="{TEXT}" font-size="12" '
                       f'font-weight="600">{escape(self.title)}</text>')
        out.extend(self._axes_svg(left, top, right, bottom, px, py))
        for s in self.series:
            out.append(self._series_svg(s, left, top, right, bottom, px, py))
        out.extend(self._legend_svg(left, top, right, bottom))
        out.append("</svg>")
        return "".join(out)

    def _axes_svg(self, left, top, right, bottom, px, py) -> list[str]:  # noqa: ANN001
        out = ['<g stroke="#c8c8c8" stroke-width="1">']
        if self.grid in ("x", "both"):
            out += [f'<line x1="{_num(px(t))}" x2="{_num(px(t))}" y1="{_num(top)}" '
                    f'y2="{_num(bottom)}"/>' for t in self.x.ticks]
        if self.grid in ("y", "both"):
            out += [f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(py(t))}" '
                    f'y2="{_num(py(t))}"/>' for t in self.y.ticks]
        out.append("</g>")
        out.append(f'<path d="M{_num(left)},{_num(top)}V{_num(bottom)}H{_num(right)}" '
                   f'fill="none" stroke="{MUTED}" stroke-width="1"/>')
        out.append(f'<g fill="{TEXT}">')
        for t in self.x.ticks:
            out.append(_text(px(t), bottom + 14, self.x.fmt(t), ' text-anchor="middle"'))
        for t in self.y.ticks:
            label = self.y.fmt(t)
            first = py(t) + 4 - LINE_H * (len(_lines(label)) - 1) / 2
            out.append(_text(left - 5, first, label, ' text-anchor="end"'))
        if self.x.label:
            out.append(f'<text x="{_num((left + right) / 2)}" '
                       f'y="{_num(bottom + 31 + self._x_extra())}" '
                       f'text-anchor="middle">{escape(self.x.label)}</text>')
        if self.y.label:
            mid = (top + bottom) / 2
            out.append(f'<text transform="translate(11 {_num(mid)}) rotate(-90)" '
                       f'text-anchor="middle">{escape(self.y.label)}</text>')
        out.append("</g>")
        return out

    def _bar_rects(self, s: _Series, px, py) -> list[tuple[float, float, float, float, str]]:  # noqa: ANN001
        """Pixel rectangles (x0, y0, x1, y1, fill) of a bar series, empty bars left out."""
        positions, values, bases, colours = s.data
        half = s.extra["thickness"] / 2
        rects = []
        for p, v, b, c in zip(positions, values, bases, colours, strict=True):
            if s.extra["horizontal"]:
                xa, xb, ya, yb = px(b), px(v), py(p - half), py(p + half)
            else:
                xa, xb, ya, yb = px(p - half), px(p + half), py(b), py(v)
            x0, x1 = sorted((xa, xb))
            y0, y1 = sorted((ya, yb))
            if x1 - x0 >= 0.05 and y1 - y0 >= 0.05:
                rects.append((x0, y0, x1, y1, c))
        return rects

    def _series_svg(self, s: _Series, left, top, right, bottom, px, py) -> str:  # noqa: ANN001
        if s.kind == "line":
            xs, ys = s.data
            if not xs:
                return ""
            pts = list(zip(self.x.pixels(xs, left, right), self.y.pixels(ys, bottom, top),
                           strict=True))
            if s.extra["step"]:
                stepped = [pts[0]]
                for (_, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                    stepped += [(x1, y0), (x1, y1)]
                pts = stepped
            path = "M" + _coords(pts, "L")
            line = (f'<path d="{path}" {_stroke(s.colour, s.width, s.dash, s.opacity)}/>'
                    if s.width > 0 else "")  # width 0: markers only
            if s.marker:
                line += "".join(_marker(s.marker, px(x), py(y), s.colour, s.extra["size"])
                                for x, y in zip(xs, ys, strict=True))
            return line
        if s.kind == "bars":
            rects = self._bar_rects(s, px, py)
            out = [_rect(x0, y0, x1, y1, c, s.extra["edge"]) for x0, y0, x1, y1, c in rects]
            if s.extra["hatch"]:
                segments = [seg for x0, y0, x1, y1, _ in rects
                            for seg in hatch_segments(x0, y0, x1, y1)]
                out.append(_hatch_path(segments, s.extra["hatch"]))
            return "".join(out)
        if s.kind == "band":
            xs, lows, highs = s.data
            if not xs:
                return ""
            x_px = self.x.pixels(xs, left, right)
            upper = list(zip(x_px, self.y.pixels(highs, bottom, top), strict=True))
            lower = list(zip(x_px, self.y.pixels(lows, bottom, top), strict=True))
            return (f'<polygon points="{_coords(upper + lower[::-1], " ")}" fill="{s.colour}" '
                    f'fill-opacity="{s.opacity:g}"/>')
        if s.kind == "hline":
            y = _num(py(s.data[0]))
            return (f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{y}" y2="{y}" '
                    f'{_stroke(s.colour, s.width, s.dash, s.opacity)}/>')
        if s.kind == "vline":
            x = _num(px(s.data[0]))
            return (f'<line x1="{x}" x2="{x}" y1="{_num(top)}" y2="{_num(bottom)}" '
                    f'{_stroke(s.colour, s.width, s.dash)}/>')
        x, y, text = s.data
        e = s.extra
        y = py(y)
        if e.get("middle"):
            y += 4 - LINE_H * (len(_lines(text)) - 1) / 2
        attrs = f' fill="{s.colour}" text-anchor="{e["anchor"]}"'
        if e.get("bold"):
            attrs += ' font-weight="700"'
        if e.get("italic"):
            attrs += ' font-style="italic"'
        if e.get("halo"):
            attrs += (f' stroke="{e["halo"]}" stroke-width="3" stroke-linejoin="round" '
                      f'paint-order="stroke"')
        return _text(px(x), y, text, attrs)

    def _sample(self, s: _Series, x: float, y: float) -> str:
        """The legend's picture of a series, 24 px wide, centred on y."""
        if s.kind == "band":
            return (f'<rect x="{_num(x)}" y="{_num(y - 5)}" width="24" height="10" '
                    f'fill="{s.colour}" fill-opacity="{s.opacity:g}"/>')
        if s.kind == "bars":
            sample = _rect(x, y - 5, x + 24, y + 5, s.colour, s.extra["edge"])
            if s.extra["hatch"]:
                sample += _hatch_path(hatch_segments(x, y - 5, x + 24, y + 5, spacing=6),
                                      s.extra["hatch"])
            return sample
        if s.kind == "vline":
            return (f'<line x1="{_num(x + 12)}" x2="{_num(x + 12)}" y1="{_num(y - 6)}" '
                    f'y2="{_num(y + 6)}" {_stroke(s.colour, s.width, s.dash)}/>')
        sample = ""
        if s.width > 0:
            sample = (f'<line x1="{_num(x)}" x2="{_num(x + 24)}" y1="{_num(y)}" y2="{_num(y)}" '
                      f'{_stroke(s.colour, s.width, s.dash, s.opacity)}/>')
        if s.kind == "line" and s.marker:
            sample += _marker(s.marker, x + 12, y, s.colour, min(s.extra["size"], 6.0))
        return sample

    def _legend_svg(self, left, top, right, bottom) -> list[str]:  # noqa: ANN001
        items = self._legend_items()
        if not items:
            return []
        out = [f'<g fill="{TEXT}">']
        if self.legend == "right":
            y = top + 8
            for item in items:
                lines = self._legend_lines(item)
                out.append(self._sample(item, right + 14, y))
                for i, text in enumerate(lines):
                    out.append(f'<text x="{_num(right + 44)}" y="{_num(y + 4 + 13 * i)}">'
                               f"{escape(text)}</text>")
                y += 13 * len(lines) + 8
        else:
            y = bottom + (36 if self.x.label else 22) + self._x_extra() + 6
            for row in self._legend_rows(items):
                x = left
                for item in row:
                    out.append(self._sample(item, x, y))
                    out.append(f'<text x="{_num(x + 30)}" y="{_num(y + 4)}">'
                               f"{escape(item.label)}</text>")
                    x += 34 + len(item.label) * CHAR_W + 14
                y += 18
        out.append("</g>")
        return out


def bar_panel(names: Sequence[str], values: Sequence[float], colours: Sequence[str], *,
              hi: float = 100.0, title: str = "", width: int = 190, height: int = 260) -> str:
    """Horizontal bars with their values, one per name, as an ``<svg>`` element."""
    if not len(names) == len(values) == len(colours):
        raise ValueError(f"bar panel: names, values and colours differ in length "
                         f"({len(names)}, {len(values)}, {len(colours)})")
    label_w = 8 + max((len(n) for n in names), default=0) * CHAR_W
    left, right, top = label_w, width - 10, 24 if title else 8
    row = (height - top - 10) / max(1, len(names))
    bar_h = min(18.0, row * 0.7)
    out = [svg_open(width, height)]
    if title:
        out.append(f'<text x="{_num(left)}" y="15" fill="{TEXT}" font-size="12" '
                   f'font-weight="600">{escape(title)}</text>')
    out.append(f'<path d="M{_num(left)},{_num(top)}V{_num(height - 10)}" stroke="{MUTED}"/>')
    for i, (name, value, colour) in enumerate(zip(names, values, colours, strict=True)):
        mid = top + row * (i + 0.5)
        w = (right - left - 26) * min(1.0, max(0.0, value / hi))  # room for the value
        out.append(f'<text x="{_num(left - 5)}" y="{_num(mid + 4)}" fill="{TEXT}" '
                   f'text-anchor="end">{escape(name)}</text>'
                   f'<rect x="{_num(left)}" y="{_num(mid - bar_h / 2)}" width="{_num(w)}" '
                   f'height="{_num(bar_h)}" fill="{colour}"/>'
                   f'<text x="{_num(left + w + 4)}" y="{_num(mid + 4)}" fill="{TEXT}" '
                   f'font-weight="600">{value:g}</text>')
    out.append("</svg>")
    return "".join(out)


def chart_figure(alt: str, *svgs: str, caption: str | None = None,
                 max_width: int = 760, stacked: bool = False) -> str:
    """A ``<figure>`` holding one or more SVG charts, described by ``alt``.

    The charts sit side by side (wrapping on a narrow screen), or one above the other
    with ``stacked`` (panels that share an x axis).
    """
    if not alt.strip():
        raise ValueError("a chart needs alt text that says what it shows")
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    flow = "flex-direction:column" if stacked else "flex-wrap:wrap"
    return (f'<figure class="iop-figure iop-chart" style="margin:0;max-width:{max_width}px">'
            f'<div role="img" aria-label="{escape(alt)}" style="display:flex;{flow};'
            f'align-items:flex-start">{"".join(svgs)}</div>{cap}</figure>')


class SvgFigure:
    """A static SVG chart for a notebook cell: shown as HTML with its alt text.

    The SVG counterpart of :class:`widgets.core.figures.AltFigure`, without matplotlib.

    Parameters
    ----------
    alt : str
        What the figure shows, for readers who cannot see it.
    *svgs : str
        The ``<svg>`` elements (e.g. :meth:`LineChart.svg`).
    caption : str, optional
        A visible caption.
    max_width, stacked
        As for :func:`chart_figure`.
    """

    def __init__(self, alt: str, *svgs: str, caption: str | None = None,
                 max_width: int = 760, stacked: bool = False) -> None:
        if not alt.strip():
            raise ValueError("a chart needs alt text that says what it shows")
        if not svgs:
            raise ValueError("a figure needs at least one chart")
        self.alt, self.svgs, self.caption = alt, svgs, caption
        self.max_width, self.stacked = max_width, stacked

    def _repr_html_(self) -> str:
        return chart_figure(self.alt, *self.svgs, caption=self.caption,
                            max_width=self.max_width, stacked=self.stacked)

    def __repr__(self) -> str:
        return f"Figure: {self.alt}"
