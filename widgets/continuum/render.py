"""Module 1 as HTML: the week's calendar, the builder's summary, the tables of example weeks
and of hour boundaries, and the continuum of care as a figure and a table.

The calendar is HTML and CSS rather than an image: it redraws in well under a millisecond,
stays sharp at any zoom, and every block carries its own text (service and times), so it
reads the same with a screen reader, without colour vision, and in print.  Services differ
by pattern as well as by colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from textwrap import wrap
from typing import Any

from widgets.continuum.content import (
    assess,
    build_week,
    classify_hours,
    continuum_levels,
    example_weeks,
    intensity_scale,
    schedule_builder,
)
from widgets.continuum.model import (
    DAYS,
    CareLevel,
    Schedule,
    WeekAssessment,
    boundary_hours,
    clock_time,
)
from widgets.continuum.schemas import Service
from widgets.core.exercise import is_placeholder
from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.core.svg_chart import TEXT, Axis, LineChart, SvgFigure, text_colour_on

__all__ = [
    "Display",
    "alt_text",
    "boundary_table",
    "calendar_html",
    "continuum_figure",
    "continuum_table",
    "draw_week",
    "example_weeks_table",
    "message_html",
    "summary_html",
]

PATTERNS = {
    "solid": "",
    "diagonal": "repeating-linear-gradient(45deg, transparent 0 6px, #fff5 6px 8px)",
    "reverse-diagonal": "repeating-linear-gradient(-45deg, transparent 0 6px, #fff6 6px 8px)",
    "dots": "radial-gradient(#fff6 1px, transparent 1.5px) 0 0 / 6px 6px",
    "vertical": "repeating-linear-gradient(90deg, transparent 0 6px, #fff6 6px 8px)",
}
"""CSS drawn over a service's colour (the schema's ``pattern`` names)."""

HOUR_PX = 22
"""Height of one hour on the calendar."""


@dataclass(frozen=True)
class Display:
    """Something a notebook cell shows: HTML where HTML renders, plain text elsewhere
    (never a Python repr)."""

    html: Markup
    text: str

    def _repr_html_(self) -> str:
        return str(self.html)

    def __repr__(self) -> str:
        return self.text


def fill(service: Service) -> str:
    """The CSS background of a service's blocks: its pattern over its colour."""
    colour = OKABE_ITO[service.colour]
    pattern = PATTERNS[service.pattern]
    return f"{pattern}, {colour}" if pattern else colour


def alt_text(week: Schedule) -> str:
    """A sentence listing every block, for readers who cannot see the calendar."""
    if not week.blocks:
        return "Weekly calendar with no service blocks scheduled."
    return "Weekly calendar: " + "; ".join(b.label() for b in week.blocks) + "."


def calendar_html(week: Schedule, title: str = "", first_hour: int = 8,
                  last_hour: int = 22) -> Markup:
    """The week as an HTML calendar: one column per day, blocks placed by clock time.

    Hours outside ``first_hour``-``last_hour`` (whole hours, 0-24) are cut off.
    """
    if not (isinstance(first_hour, int) and isinstance(last_hour, int)
            and 0 <= first_hour < last_hour <= 24):
        raise ValueError(f"first_hour and last_hour must be whole hours with "
                         f"0 <= first_hour < last_hour <= 24; got {first_hour!r}, "
                         f"{last_hour!r}")
    days = []
    for day in DAYS:
        blocks = []
        for block in (b for b in week.blocks if b.day == day):
            start, end = max(block.start, first_hour), min(block.end, last_hour)
            if end <= start:
                continue
            tall = max((end - start) * HOUR_PX - 2, 10)
            ink = text_colour_on(OKABE_ITO[block.service.colour])
            times = f"{clock_time(block.start)}-{clock_time(block.end)}"
            blocks.append({
                "title": block.label(), "top": (start - first_hour) * HOUR_PX,
                "height": tall, "background": fill(block.service), "ink": ink,
                "plate": ink != "#ffffff", "size": 11 if tall >= 14 else 9,
                "text": f"{block.service.short} {times}" if tall >= 28 else block.service.short,
            })
        days.append({"name": day, "blocks": blocks})
    ticks = [{"top": (h - first_hour) * HOUR_PX - 7, "text": f"{h:02d}:00"}
             for h in range(first_hour, last_hour + 1, 2)]
    grid = (f"repeating-linear-gradient(to bottom, #d9d9d9 0 1px, transparent 1px "
            f"{2 * HOUR_PX}px)")
    legend = [{"label": s.label, "background": fill(s)}
              for s in schedule_builder().services]
    return render("continuum/calendar.html.j2", alt=alt_text(week), title=title, days=days,
                  ticks=ticks, grid=grid, legend=legend,
                  height=(last_hour - first_hour) * HOUR_PX)


def summary_html(result: WeekAssessment) -> Markup:
    """Totals, the matching level of care and any warnings."""
    return render("continuum/summary.html.j2", result=result)


def message_html(text: str, *, alert: bool = False) -> Markup:
    """One line of feedback (an alert when something was refused)."""
    return render("continuum/message.html.j2", text=text, alert=alert)


def draw_week(blocks: Schedule | Iterable[Any], title: str = "") -> Display:
    """A learner's week as a calendar, or a sentence saying why it cannot be drawn yet.

    ``blocks`` is a :class:`~widgets.continuum.model.Schedule` or a list of
    ``(day, service, start, hours)`` blocks, as in the exercises.
    """
    if is_placeholder(blocks):
        text = "Replace every ... with your blocks, then draw the week."
        return Display(render("continuum/note.html.j2", text=text), text)
    try:
        week = blocks if isinstance(blocks, Schedule) else build_week(blocks)
    except (TypeError, ValueError) as exc:
        text = f"The week cannot be drawn yet: {exc}"
        return Display(render("continuum/note.html.j2", text=text), text)
    return Display(calendar_html(week, title), alt_text(week))


def _text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return "\n".join(" | ".join(r) for r in [headers, *rows])


def example_weeks_table() -> Display:
    """The example weeks with their hours, days and the level of care they match."""
    headers = ("Example week", "Hours", "Days", "Matches")
    rows = []
    for content, week in example_weeks().values():
        result = assess(week)
        rows.append((content.name, f"{result.total_hours:g}", str(result.days),
                     result.level.name))
    return Display(table(rows, headers=headers, caption="Example weeks (fictional)",
                         numeric=(1, 2)), _text_table(headers, rows))


def boundary_table(hours: Sequence[float] | None = None) -> Display:
    """The level each weekly total matches, for adults and for adolescents.

    ``hours`` (at most 50 totals) defaults to the totals on either side of each cut-off
    (:func:`~widgets.continuum.model.boundary_hours`).
    """
    if hours is None:
        hours = boundary_hours(intensity_scale())
    if len(hours) > 50:
        raise ValueError(f"boundary_table shows at most 50 totals, got {len(hours)}")
    headers = ("Hours per week", "Adult", "Adolescent")
    rows = [(f"{h:g}", classify_hours(h).name, classify_hours(h, adolescent=True).name)
            for h in hours]
    return Display(table(rows, headers=headers, caption="Level matched at each weekly total",
                         numeric=(0,)), _text_table(headers, rows))


# ------------------------------------------------------------------- the continuum

HOURS_SHOWN = 30
"""The continuum figure's x axis ends here; an open-ended level's bar runs to it, hatched."""

BAR_COLOURS = ("sky_blue", "blue", "orange")
"""Colours of the levels measured in weekly hours, least intensive first (then repeated)."""


def _short_name(level: CareLevel) -> str:
    """A level's name without its parenthesis: "Intensive outpatient"."""
    return level.name.split(" (")[0]


def _bar_label(level: CareLevel) -> str:
    """The hours written on a level's bar: "under 9 h", "9-19 h", "20+ h"."""
    if level.max_hours is None:
        return f"{level.min_hours:g}+ h"
    return f"{level.hours} h"


def _spoken_hours(level: CareLevel) -> str:
    """A level's hours in a sentence: "under 9 hours", "9 to 19 hours", "20 hours or more"."""
    assert level.min_hours is not None
    if level.max_hours is None:
        return f"{level.min_hours:g} hours or more"
    if level.min_hours == 0:
        return f"under {level.max_hours:g} hours"
    return f"{level.min_hours:g} to {level.max_hours - 1:g} hours"


def continuum_alt(levels: Sequence[CareLevel]) -> str:
    """The continuum figure's text alternative: every level with its hours."""
    parts = [f"{_short_name(level).lower()} (Level {level.code}) {_spoken_hours(level)}"
             for level in levels if level.min_hours is not None]
    text = ("Horizontal bar chart of weekly service hours by level of care for adults: "
            + "; ".join(parts))
    if any(level.min_hours is None for level in levels):
        text += ("; residential and inpatient levels are 24-hour settings, not measured "
                 "in weekly hours")
    return text + "."


def continuum_figure(levels: Sequence[CareLevel] | None = None) -> SvgFigure:
    """Weekly service hours across the continuum, with 24-hour settings marked as such.

    An inline SVG chart (no matplotlib): horizontal bars of each level's adult hours, the
    open-ended one hatched, and an italic note on the 24-hour settings.
    """
    levels = tuple(continuum_levels() if levels is None else levels)
    names = [f"Level {level.code}\n" + "\n".join(wrap(_short_name(level), 24))
             for level in levels]
    rows = Axis.categorical(names, top_down=True)
    chart = LineChart(Axis(0, HOURS_SHOWN, range(0, HOURS_SHOWN + 1, 5),
                           "Scheduled service hours per week (adults)"),
                      rows, width=750, height=340,
                      title="Where IOP sits in the continuum of care", legend=None, grid=None)
    banded = 0
    for i, level in enumerate(levels):
        y = rows.slot(i)
        if level.min_hours is None:
            chart.text(0.5, y, "24-hour setting: not measured in weekly service hours",
                       colour=TEXT, middle=True, italic=True)
            continue
        colour = OKABE_ITO[BAR_COLOURS[banded % len(BAR_COLOURS)]]
        banded += 1
        open_ended = level.max_hours is None
        upper = HOURS_SHOWN if open_ended else level.max_hours
        chart.bars([y], [upper], base=level.min_hours, colour=colour, thickness=0.6,
                   orientation="horizontal", hatch="#ffffff" if open_ended else None)
        chart.text(level.min_hours + 0.3, y, _bar_label(level), colour=text_colour_on(colour),
                   middle=True, bold=True, halo=colour if open_ended else None)
    return SvgFigure(continuum_alt(levels), chart.svg(), caption=continuum_caption(levels))


def _abbreviation(level: CareLevel) -> str:
    """What a level is called for short: "IOP" for "Intensive outpatient (IOP)"."""
    name, _, rest = level.name.partition(" (")
    short = rest.rstrip(")")
    return short if short.isalpha() and short.isupper() else name[0].lower() + name[1:]


def continuum_caption(levels: Sequence[CareLevel] | None = None) -> str:
    """The figure's caption: where the hours come from, and the adolescent cut-offs."""
    by_code = {level.code: level for level in (continuum_levels() if levels is None
                                                else levels)}
    lower = [f"{_abbreviation(by_code[b.code])} from {b.adolescent_min:g} hours a week"
             for b in intensity_scale().bands
             if b.adolescent_min != b.adult_min and b.code in by_code]
    text = "Adult weekly hours as commonly described from the ASAM Criteria (3rd edition)"
    return text + (f"; adolescents enter {', '.join(lower)}." if lower else ".")


def continuum_table(levels: Sequence[CareLevel] | None = None) -> Display:
    """The continuum as a table (readable without the figure)."""
    levels = tuple(continuum_levels() if levels is None else levels)
    headers = ("Level", "Name", "Setting", "Hours per week (adults)")
    rows = [(level.code, level.name, level.setting, level.hours) for level in levels]
    return Display(table(rows, headers=headers, caption="The continuum of care",
                         row_headers=True), _text_table(headers, rows))
