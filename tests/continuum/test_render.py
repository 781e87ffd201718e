"""Module 1's HTML: the calendar, the builder's summary, the tables a notebook shows and
the drawing of a learner's week."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from widgets.continuum import assess, assess_week, build_week, example_week
from widgets.continuum.render import (
    Display,
    alt_text,
    boundary_table,
    calendar_html,
    draw_week,
    example_weeks_table,
    summary_html,
)
from widgets.core.svg_chart import contrast_ratio


def blocks_of(html: str) -> list[ET.Element]:
    root = ET.fromstring(html)  # the calendar is well-formed markup
    return [d for d in root.iter("div") if d.get("title")]


def test_calendar_places_each_block_by_clock_time_and_labels_it():
    week = example_week("evening-iop")
    html = calendar_html(week, "Evening IOP")
    assert html.startswith('<figure class="iop-figure iop-calendar" role="group"')
    assert f'aria-label="{alt_text(week)}"' in html
    blocks = blocks_of(html)
    assert [b.get("title") for b in blocks] == [b.label() for b in week.blocks]
    first = blocks[0].get("style")
    assert "top:220px" in first and "height:42px" in first  # Mon 18:00-20:00, 22 px/hour
    assert blocks[0].find("span").text == "Group 18:00-20:00"
    assert "<figcaption" in html and "Evening IOP" in html


def test_every_block_text_reads_on_its_colour():
    week = build_week([("Mon", s, 8 + 2 * i, 2) for i, s in enumerate(
        ("group", "individual", "family", "psychoeducation", "medication"))])
    for b in blocks_of(calendar_html(week)):
        style = dict(p.split(":", 1) for p in b.get("style").split(";") if p)
        plate = "background:#ffffffd9" in (b.find("span").get("style") or "")
        ground = "#ffffff" if plate else style["background"].split(", ")[-1]
        assert contrast_ratio(style["color"], ground) >= 4.5, b.get("title")


def test_calendar_escapes_titles_and_refuses_bad_hours():
    html = calendar_html(example_week("evening-iop"), "<script>x</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    with pytest.raises(ValueError, match="0 <= first_hour < last_hour <= 24"):
        calendar_html(example_week("evening-iop"), first_hour=22, last_hour=8)


def test_an_empty_week_says_so():
    assert alt_text(build_week([])) == "Weekly calendar with no service blocks scheduled."


def test_summary_gives_hours_days_level_and_warnings():
    html = summary_html(assess_week({"Mon": 5, "Tue": 5}))
    assert "<strong>10 hours</strong> over <strong>2 days</strong>" in html
    assert "Matches: <strong>Intensive outpatient (Level 2.1)</strong>" in html
    assert "<strong>Check this schedule:</strong>" in html and "at least 3 days" in html
    one = summary_html(assess(build_week([("Mon", "group", 9, 9.25)])))
    assert "<strong>9.25 hours</strong> over <strong>1 day</strong>" in one


def test_tables_show_as_html_and_as_plain_text_never_a_repr():
    weeks = example_weeks_table()
    assert isinstance(weeks, Display)
    assert repr(weeks) == ("Example week | Hours | Days | Matches\n"
                           "Weekly outpatient | 2.5 | 2 | Outpatient (Level 1)\n"
                           "Evening IOP | 9.5 | 4 | Intensive outpatient (Level 2.1)\n"
                           "Day program | 20 | 5 | Partial hospitalization (Level 2.5)")
    html = weeks._repr_html_()
    assert 'class="iop-scroll"' in html and 'class="iop-table"' in html
    bounds = boundary_table()
    assert repr(bounds).splitlines()[2] == ("6 | Outpatient (Level 1) | Intensive outpatient "
                                            "(Level 2.1)")
    assert repr(bounds).splitlines()[6] == ("19.5 | Intensive outpatient (Level 2.1) | "
                                            "Intensive outpatient (Level 2.1)")
    with pytest.raises(ValueError, match="at most 50"):
        boundary_table(range(51))


@pytest.mark.parametrize(("blocks", "text"), [
    ([("Mon", "group", 18, 2), ...], "Replace every ... with your blocks, then draw the week."),
    ([("Mon", "yoga", 18, 2)], "The week cannot be drawn yet: block 1: unknown service 'yoga'"),
    ([("Mon", "group", 18, 2)], "Weekly calendar: Mon 18:00-20:00 Group therapy."),
])
def test_draw_week_draws_or_says_why_not(blocks, text):
    shown = draw_week(blocks, "Dana's week")
    assert repr(shown).startswith(text)
    html = shown._repr_html_()
    assert ("iop-calendar" in html) == text.startswith("Weekly calendar")
    assert "Dana&#39;s week" in html or not text.startswith("Weekly calendar")
