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
    example_weeks,
    intensity_scale,
    levels,
    schedule_builder,
)
from widgets.continuum.model import (
    DAYS,
    Schedule,
    WeekAssessment,
    boundary_hours,
    clock_time,
    continuum_levels,
    level_hours,
)
from widgets.continuum.schemas import Service
from widgets.core.exercise import is_placeholder
from widgets.core.palette import OKABE_ITO
from widgets.core.render import Markup, render, table
from widgets.core.svg_chart import TEXT, Axis, LineChart, SvgFigure, text_colour_on
from widgets.level_of_care.schemas import CareLevel as Level
from widgets.level_of_care.schemas import LevelsOfCare

__all__ = [
    "Display",
    "alt_text",
    "boundary_table",
    "calendar_html",
    "continuum_figure",
    "continuum_table",
    "draw_week",
    "example_weeks_table",
    "hour_sources",
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
    html = Markup("\n").join([table(rows, headers=headers,
                                     caption="Level matched at each weekly total",
                                     numeric=(0,)), hour_sources()])
    return Display(html, _text_table(headers, rows))


# ------------------------------------------------------------------- the continuum

HOURS_SHOWN = 30
"""The continuum figure's x axis ends here; an open-ended level's bar runs to it, hatched."""

BAR_COLOURS = ("sky_blue", "blue", "orange")
"""Colours of the levels measured in weekly hours, least intensive first (then repeated)."""

ROW_PX = 48
"""Height of one level's row in the continuum figure."""


def _figure_name(level: Level) -> str:
    """A level's short name without its abbreviation: "Intensive outpatient"."""
    return level.short_name.split(" (")[0]


def _abbreviation(level: Level) -> str:
    """What a level is called for short: "IOP" for "Intensive outpatient (IOP)"."""
    _, _, rest = level.short_name.partition(" (")
    short = rest.rstrip(")")
    return short if short.isalpha() and short.isupper() else level.name.lower()


def _bar_label(level: Level) -> str:
    """The hours written on a level's bar: "under 9 h", "9-19 h", "20+ h"."""
    assert level.band is not None
    if level.band.max is None:
        return f"{level.band.min:g}+ h"
    return f"{level_hours(level)} h"


def _spoken_hours(level: Level) -> str:
    """A level's hours in a sentence: "under 9 hours", "9 to 19 hours", "20 hours or more"."""
    band = level.band
    assert band is not None
    if band.max is None:
        return f"{band.min:g} hours or more"
    if band.min == 0:
        return f"under {band.max:g} hours"
    return f"{band.min:g} to {band.max - 1:g} hours"


def continuum_alt(levels: Sequence[Level]) -> str:
    """The continuum figure's text alternative: every level with its hours."""
    parts = [f"{level.name.lower()} (Level {level.code}) {_spoken_hours(level)}"
             for level in levels if level.band is not None]
    text = ("Horizontal bar chart of weekly service hours by level of care for adults: "
            + "; ".join(parts))
    if any(level.is_24_hour for level in levels):
        text += ("; residential and inpatient levels are 24-hour settings, not measured "
                 "in weekly hours")
    return text + "."


def continuum_caption(all_levels: LevelsOfCare | None = None) -> str:
    """The figure's caption: whose hours, where their sources are, the adolescent cut-off
    (it names no source itself: the sources are data, listed by :func:`hour_sources`)."""
    all_levels = levels() if all_levels is None else all_levels
    iop = all_levels.level(all_levels.intensive_outpatient)
    return ("Weekly hours for adults as this curriculum teaches them (their sources are "
            f"listed under the table of levels); adolescents enter {_abbreviation(iop)} from "
            f"{all_levels.adolescent_iop_min_hours:g} hours a week.")


def continuum_figure(all_levels: LevelsOfCare | None = None) -> SvgFigure:
    """Weekly service hours across the continuum, with 24-hour settings marked as such.

    An inline SVG chart (no matplotlib): horizontal bars of each level's adult hours, the
    open-ended one hatched, and an italic note on each 24-hour setting.
    """
    all_levels = levels() if all_levels is None else all_levels
    shown = continuum_levels(all_levels)
    names = [f"Level {level.code}\n" + "\n".join(wrap(_figure_name(level), 24))
             for level in shown]
    rows = Axis.categorical(names, top_down=True)
    chart = LineChart(Axis(0, HOURS_SHOWN, range(0, HOURS_SHOWN + 1, 5),
                           "Scheduled service hours per week (adults)"),
                      rows, width=750, height=100 + ROW_PX * len(shown),
                      title="Where IOP sits in the continuum of care", legend=None, grid=None)
    banded = 0
    for i, level in enumerate(shown):
        y = rows.slot(i)
        band = level.band
        if band is None:
            chart.text(0.5, y, "24-hour setting: not measured in weekly service hours",
                       colour=TEXT, middle=True, italic=True)
            continue
        colour = OKABE_ITO[BAR_COLOURS[banded % len(BAR_COLOURS)]]
        banded += 1
        open_ended = band.max is None
        upper = HOURS_SHOWN if band.max is None else band.max
        chart.bars([y], [upper], base=band.min, colour=colour, thickness=0.6,
                   orientation="horizontal", hatch="#ffffff" if open_ended else None)
        chart.text(band.min + 0.3, y, _bar_label(level), colour=text_colour_on(colour),
                   middle=True, bold=True, halo=colour if open_ended else None)
    return SvgFigure(continuum_alt(shown), chart.svg(),
                     caption=continuum_caption(all_levels))


def hour_sources(all_levels: LevelsOfCare | None = None) -> Markup:
    """Where each weekly-hour figure comes from: the levels' source notes and citations
    (shown wherever the hours are taught)."""
    all_levels = levels() if all_levels is None else all_levels
    notes = [(level, level.band) for level in all_levels.levels if level.band is not None]
    return render("continuum/hour_sources.html.j2", notes=notes, levels=all_levels)


def continuum_table(all_levels: LevelsOfCare | None = None) -> Display:
    """The continuum as a table (readable without the figure), with the sources of its
    hours."""
    all_levels = levels() if all_levels is None else all_levels
    headers = ("Level", "Name", "Setting", "Hours per week (adults)")
    rows = [(level.code, level.name, level.setting, level_hours(level))
            for level in continuum_levels(all_levels)]
    html = Markup("\n").join([table(rows, headers=headers, caption="The continuum of care",
                                     row_headers=True), hour_sources(all_levels)])
    return Display(html, _text_table(headers, rows))
