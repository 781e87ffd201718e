"""Line and bar charts as inline SVG: for figures that a slider redraws.

A simulator's chart is rebuilt on every control change, and the learner waits for it.
Drawing with matplotlib and encoding a PNG costs 10-20 ms per update plus the import of
matplotlib itself; writing the same chart as SVG text costs well under a millisecond,
stays sharp at any zoom and prints cleanly.  This module draws only what the simulators
need: linear or log axes with ticks, lines (dashed, stepped, with markers), shaded
bands, reference lines, text labels, a legend, and horizontal bars.

Every chart is shown through :func:`chart_figure`, which carries the alt text
(``role="img"`` with ``aria-label``), so a screen-reader user hears what the chart
shows; the SVG elements themselves are hidden from assistive technology.

Pure Python: no matplotlib, no ipywidgets.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

__all__ = ["Axis", "LineChart", "bar_panel", "chart_figure", "DASHES", "MARKERS"]

TEXT = "#222222"
MUTED = "#595959"
FONT = "11px"
CHAR_W = 6.2
"""Approximate width of one character at the chart's 11 px font, for layout."""

DASHES = {"-": "", "--": "6 4", "-.": "7 3 1.5 3", ":": "1.5 3"}
"""Line styles, in matplotlib's notation, as SVG ``stroke-dasharray`` values."""

MARKERS = ("o", "s", "D", "^", "v", "P", "")
"""Marker shapes: circle, square, diamond, triangles up and down, plus, none."""


def _num(value: float) -> str:
    """A coordinate with one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def default_format(value: float) -> str:
    """A tick label: ``0.5``, ``2``, ``1000``, ``0.01``."""
    return f"{value:g}"


@dataclass(frozen=True)
class Axis:
    """One axis: its range, ticks, label, tick format, and linear or log scale."""

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

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between ``lo`` (0) and ``hi`` (1), clamped to [0, 1]."""
        if self.log:
            value = max(value, self.lo)
            f = math.log(value / self.lo) / math.log(self.hi / self.lo)
        else:
            f = (value - self.lo) / (self.hi - self.lo)
        return min(1.0, max(0.0, f))


@dataclass
class _Series:
    kind: str  # line, band, hline, vline, text
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

    Add series with :meth:`line`, :meth:`band`, :meth:`hline`, :meth:`vline` and
    :meth:`text`, then call :meth:`svg`.  Values outside an axis are clamped to its edge.
    """

    def __init__(self, x: Axis, y: Axis, *, width: int = 640, height: int = 260,
                 title: str = "", legend: str | None = "right") -> None:
        if legend not in ("right", "below", None):
            raise ValueError(f"legend must be 'right', 'below' or None, got {legend!r}")
        self.x, self.y = x, y
        self.width, self.height = width, height
        self.title, self.legend = title, legend
        self.series: list[_Series] = []

    # ----------------------------------------------------------------- adding series
    def line(self, xs: Sequence[float], ys: Sequence[float], *, colour: str, label: str = "",
             dash: str = "-", width: float = 2.0, marker: str = "", step: bool = False,
             opacity: float = 1.0) -> None:
        """A line through (xs, ys); ``step`` holds each value until the next x."""
        if len(xs) != len(ys):
            raise ValueError(f"line {label!r}: {len(xs)} x values but {len(ys)} y values")
        if marker not in MARKERS:
            raise ValueError(f"line {label!r}: unknown marker {marker!r}; expected one of "
                             f"{MARKERS}")
        self.series.append(_Series("line", colour, label, (tuple(xs), tuple(ys)), dash, width,
                                   marker, opacity, {"step": step}))

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
             anchor: str = "start") -> None:
        """A label at data coordinates (x, y); its baseline sits on y."""
        self.series.append(_Series("text", colour, "", (x, y, text), extra={"anchor": anchor}))

    # ----------------------------------------------------------------------- layout
    def _legend_items(self) -> list[_Series]:
        return [s for s in self.series if s.label and s.kind != "text"] if self.legend else []

    def _legend_lines(self, item: _Series) -> list[str]:
        return item.label.split("\n")

    def _frame(self) -> tuple[float, float, float, float]:
        """Plot area (left, top, right, bottom) in pixels."""
        y_labels = [self.y.fmt(t) for t in self.y.ticks] or [""]
        left = 14 + max(len(s) for s in y_labels) * CHAR_W + (18 if self.y.label else 0)
        top = 24 if self.title else 10
        right = self.width - 12
        bottom = self.height - (20 + (16 if self.x.label else 0))
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
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} '
               f'{self.height}" width="{self.width}" height="{self.height}" '
               f'aria-hidden="true" focusable="false" class="iop-svg-chart" '
               f'style="max-width:100%;height:auto;background:#fff;font-family:inherit;'
               f'font-size:{FONT}">',
               f'<rect width="{self.width}" height="{self.height}" fill="#fff"/>']
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
        out += [f'<line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(py(t))}" '
                f'y2="{_num(py(t))}"/>' for t in self.y.ticks]
        out.append("</g>")
        out.append(f'<path d="M{_num(left)},{_num(top)}V{_num(bottom)}H{_num(right)}" '
                   f'fill="none" stroke="{MUTED}" stroke-width="1"/>')
        out.append(f'<g fill="{TEXT}">')
        for t in self.x.ticks:
            out.append(f'<text x="{_num(px(t))}" y="{_num(bottom + 14)}" '
                       f'text-anchor="middle">{escape(self.x.fmt(t))}</text>')
        for t in self.y.ticks:
            out.append(f'<text x="{_num(left - 5)}" y="{_num(py(t) + 4)}" '
                       f'text-anchor="end">{escape(self.y.fmt(t))}</text>')
        if self.x.label:
            out.append(f'<text x="{_num((left + right) / 2)}" y="{_num(bottom + 31)}" '
                       f'text-anchor="middle">{escape(self.x.label)}</text>')
        if self.y.label:
            mid = (top + bottom) / 2
            out.append(f'<text transform="translate(11 {_num(mid)}) rotate(-90)" '
                       f'text-anchor="middle">{escape(self.y.label)}</text>')
        out.append("</g>")
        return out

    def _series_svg(self, s: _Series, left, top, right, bottom, px, py) -> str:  # noqa: ANN001
        if s.kind == "line":
            xs, ys = s.data
            if not xs:
                return ""
            pts = [(px(x), py(y)) for x, y in zip(xs, ys, strict=True)]
            if s.extra["step"]:
                stepped = [pts[0]]
                for (_, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
                    stepped += [(x1, y0), (x1, y1)]
                pts = stepped
            path = "M" + "L".join(f"{_num(x)},{_num(y)}" for x, y in pts)
            line = (f'<path d="{path}" {_stroke(s.colour, s.width, s.dash, s.opacity)}/>'
                    if s.width > 0 else "")  # width 0: markers only
            if s.marker:
                line += "".join(_marker(s.marker, px(x), py(y), s.colour)
                                for x, y in zip(xs, ys, strict=True))
            return line
        if s.kind == "band":
            xs, lows, highs = s.data
            if not xs:
                return ""
            upper = [f"{_num(px(x))},{_num(py(h))}" for x, h in zip(xs, highs, strict=True)]
            lower = [f"{_num(px(x))},{_num(py(lo))}" for x, lo in zip(xs, lows, strict=True)]
            return (f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{s.colour}" '
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
        return (f'<text x="{_num(px(x))}" y="{_num(py(y))}" fill="{s.colour}" '
                f'text-anchor="{s.extra["anchor"]}">{escape(text)}</text>')

    def _sample(self, s: _Series, x: float, y: float) -> str:
        """The legend's picture of a series, 24 px wide, centred on y."""
        if s.kind == "band":
            return (f'<rect x="{_num(x)}" y="{_num(y - 5)}" width="24" height="10" '
                    f'fill="{s.colour}" fill-opacity="{s.opacity:g}"/>')
        if s.kind == "vline":
            return (f'<line x1="{_num(x + 12)}" x2="{_num(x + 12)}" y1="{_num(y - 6)}" '
                    f'y2="{_num(y + 6)}" {_stroke(s.colour, s.width, s.dash)}/>')
        sample = ""
        if s.width > 0:
            sample = (f'<line x1="{_num(x)}" x2="{_num(x + 24)}" y1="{_num(y)}" y2="{_num(y)}" '
                      f'{_stroke(s.colour, s.width, s.dash, s.opacity)}/>')
        if s.kind == "line" and s.marker:
            sample += _marker(s.marker, x + 12, y, s.colour)
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
            y = bottom + (36 if self.x.label else 22) + 6
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
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" aria-hidden="true" focusable="false" '
           f'class="iop-svg-chart" style="max-width:100%;height:auto;background:#fff;'
           f'font-family:inherit;font-size:{FONT}"><rect width="{width}" height="{height}" '
           f'fill="#fff"/>']
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
                 max_width: int = 760) -> str:
    """A ``<figure>`` holding one or more SVG charts side by side, described by ``alt``."""
    if not alt.strip():
        raise ValueError("a chart needs alt text that says what it shows")
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="iop-figure iop-chart" style="margin:0;max-width:{max_width}px">'
            f'<div role="img" aria-label="{escape(alt)}" style="display:flex;flex-wrap:wrap;'
            f'align-items:flex-start">{"".join(svgs)}</div>{cap}</figure>')
