"""Module 1: a week of service blocks drawn as a calendar, in plain HTML and CSS.

The calendar is HTML rather than a raster image: it redraws in well under a millisecond,
stays sharp at any zoom, and every block carries its own text (service and times), so it
reads the same with a screen reader, without colour vision, and in print.
"""

from __future__ import annotations

from html import escape

from widgets.core.palette import OKABE_ITO
from widgets.schedule import DAYS, SERVICES, Schedule, _clock

__all__ = ["SERVICE_COLORS", "alt_text", "calendar_html"]

SERVICE_COLORS = {
    "group": OKABE_ITO["blue"],
    "individual": OKABE_ITO["orange"],
    "family": OKABE_ITO["reddish_purple"],
    "psychoeducation": OKABE_ITO["bluish_green"],
    "medication": OKABE_ITO["vermillion"],
}
TEXT_COLORS = {"group": "#ffffff"}  # every other fill takes black text (WCAG AA contrast)
SERVICE_PATTERNS = {
    "group": "none",
    "individual": "repeating-linear-gradient(45deg, transparent 0 6px, #fff5 6px 8px)",
    "family": "repeating-linear-gradient(-45deg, transparent 0 6px, #fff6 6px 8px)",
    "psychoeducation": "radial-gradient(#fff6 1px, transparent 1.5px) 0 0 / 6px 6px",
    "medication": "repeating-linear-gradient(90deg, transparent 0 6px, #fff6 6px 8px)",
}
"""Patterns as well as colours, so blocks differ without colour vision."""
SHORT = {"group": "Group", "individual": "Individual", "family": "Family",
         "psychoeducation": "Psychoed.", "medication": "Medication"}

HOUR_PX = 22


def _fill(service: str) -> str:
    """CSS background of a service: its pattern over its colour."""
    pattern = SERVICE_PATTERNS[service]
    colour = SERVICE_COLORS[service]
    return colour if pattern == "none" else f"{pattern}, {colour}"


def alt_text(week: Schedule) -> str:
    """A sentence listing every block, for readers who cannot see the calendar."""
    if not week.blocks:
        return "Weekly calendar with no service blocks scheduled."
    return "Weekly calendar: " + "; ".join(b.label() for b in week.blocks) + "."


def calendar_html(week: Schedule, title: str = "", first_hour: int = 8,
                  last_hour: int = 22) -> str:
    """The week as an HTML calendar: one column per day, blocks placed by clock time."""
    span = last_hour - first_hour
    height = span * HOUR_PX
    grid = (f"repeating-linear-gradient(to bottom, #d9d9d9 0 1px, transparent 1px "
            f"{2 * HOUR_PX}px)")
    hours = "".join(
        f'<div style="position:absolute;top:{(h - first_hour) * HOUR_PX - 7}px;right:4px;'
        f'font-size:11px;color:#333">{h:02d}:00</div>'
        for h in range(first_hour, last_hour + 1, 2))
    columns = []
    for day in DAYS:
        blocks = []
        for block in (b for b in week.blocks if b.day == day):
            start, end = max(block.start, first_hour), min(block.end, last_hour)
            if end <= start:
                continue
            top = (start - first_hour) * HOUR_PX
            tall = max((end - start) * HOUR_PX - 2, 10)
            background = _fill(block.service)
            ink = TEXT_COLORS.get(block.service, "#000000")
            text = (f"{SHORT[block.service]} {_clock(block.start)}-{_clock(block.end)}"
                    if tall >= 28 else SHORT[block.service])
            size = 11 if tall >= 14 else 9
            plate = "" if block.service in TEXT_COLORS else "background:#ffffffd9;"
            blocks.append(
                f'<div title="{escape(block.label())}" style="position:absolute;top:{top}px;'
                f"left:3px;right:3px;height:{tall}px;background:{background};color:{ink};"
                f"border-radius:3px;font-size:{size}px;line-height:1.1;padding:0 3px;"
                f'overflow:hidden;box-sizing:border-box"><span style="{plate}padding:0 2px">'
                f"{escape(text)}</span></div>")
        columns.append(
            f'<div style="flex:1;min-width:0"><div style="text-align:center;font-size:12px;'
            f'font-weight:600;height:18px">{day}</div><div style="position:relative;'
            f'height:{height}px;background:{grid};border-left:1px solid #bbb">'
            f'{"".join(blocks)}</div></div>')
    legend = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:10px">'
        f'<span aria-hidden="true" style="display:inline-block;width:14px;height:14px;'
        f'margin-right:4px;border-radius:2px;background:{_fill(k)}"></span>'
        f"{escape(label)}</span>" for k, label in SERVICES.items())
    caption = f"<figcaption style=\"font-size:13px;font-weight:600\">{escape(title)}</figcaption>"
    return (f'<figure class="iop-figure iop-calendar" role="group" '
            f'aria-label="{escape(alt_text(week))}" style="margin:0;max-width:760px">'
            f"{caption if title else ''}"
            f'<div style="display:flex;gap:0"><div style="position:relative;width:44px;'
            f'margin-top:18px;height:{height}px">{hours}</div>{"".join(columns)}</div>'
            f'<div style="font-size:12px;margin-top:6px">{legend}</div></figure>')
