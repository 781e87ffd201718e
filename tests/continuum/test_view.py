"""The schedule builder widget, driven in plain pytest."""

from __future__ import annotations

import re

import ipywidgets as W
import pytest

from widgets.continuum.view import ScheduleBuilder


def test_starts_from_the_example_iop_week():
    view = ScheduleBuilder()
    assert "9.5 hours" in view._summary.value and "Level 2.1" in view._summary.value
    assert 'aria-label="Weekly calendar: Mon 18:00-20:00 Group therapy' in view._figure.value


def test_adding_blocks_moves_the_level():
    view = ScheduleBuilder(preset=None)
    assert "No services scheduled" in view._summary.value
    for day in ("Mon", "Tue", "Wed"):
        view._day.value, view._service.value = day, "group"
        view._start.value, view._hours.value = 9.0, 3
        view._add.click()
    assert "9 hours" in view._summary.value and "Level 2.1" in view._summary.value
    assert "Added Wed 09:00-12:00 Group therapy" in view._message.value


def test_overlap_is_refused_with_a_message():
    view = ScheduleBuilder()
    view._day.value, view._start.value, view._hours.value = "Mon", 18.5, 1
    view._add.click()
    assert "Not added" in view._message.value and "overlaps" in view._message.value
    assert 'role="alert"' in view._message.value
    assert view.assessment.total_hours == 9.5


def test_a_block_past_midnight_is_refused_with_the_range():
    view = ScheduleBuilder(preset=None)
    view._start.value, view._hours.value = 21.5, 4
    view._add.click()
    assert "Not added" in view._message.value and "ends after midnight" in view._message.value
    assert view.week.blocks == ()


def test_two_days_warns_and_adolescent_changes_threshold():
    view = ScheduleBuilder(preset=None)
    view._day.value, view._start.value, view._hours.value = "Mon", 17.0, 4
    view._add.click()
    view._day.value = "Tue"
    view._add.click()
    assert "Outpatient (Level 1)" in view._summary.value
    assert "at least 3 days" in view._summary.value
    view._adolescent.value = True
    assert "Intensive outpatient (Level 2.1)" in view._summary.value


def test_remove_and_presets_and_clear():
    view = ScheduleBuilder()
    n = len(view.week.blocks)
    view._remove.click()
    assert len(view.week.blocks) == n - 1 and "Removed" in view._message.value
    view._preset.value = "day-program"
    assert "Level 2.5" in view._summary.value and view._preset.value == ""
    view._clear.click()
    assert view.week.blocks == () and view._blocks.value is None
    view._remove.click()
    assert "no block to remove" in view._message.value


def test_the_example_weeks_are_offered_by_their_menu_labels():
    labels = [label for label, _ in ScheduleBuilder()._preset.options]
    assert labels == ["Choose an example week...", "Example: weekly outpatient",
                      "Example: evening IOP week", "Example: day program (5 days)"]


def test_adding_a_block_records_practice_and_says_so(learner_records):
    view = ScheduleBuilder()
    view._day.value, view._start.value = "Sat", 10.0
    view._add.click()
    recs = learner_records()
    assert [(r.module, r.item_id, r.answer["level"]) for r in recs] == [
        ("m01", "sim/schedule-builder", "2.1")]
    assert "Saved to your progress (learner learner-test)" in view._saved.value


def test_a_failed_save_is_shown_in_the_builder(learner_records, monkeypatch):
    from widgets import progress

    def refuse(*args, **kwargs):
        raise progress.ProgressStoreError("the progress file is read-only")

    monkeypatch.setattr(progress.ProgressStore, "record", refuse)
    view = ScheduleBuilder()
    view._day.value, view._start.value = "Sat", 10.0
    view._add.click()
    assert "Added Sat 10:00-11:00 Group therapy" in view._message.value
    assert 'role="alert"' in view._saved.value and "read-only" in view._saved.value


def test_without_a_learner_nothing_is_said_about_saving():
    view = ScheduleBuilder()
    view._day.value, view._start.value = "Sat", 10.0
    view._add.click()
    assert view._saved.value == ""


def _walk(widget: W.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


PHONE_CONTENT_PX = 358
"""Width of the content column on a 390 px screen (the page keeps 16 px each side)."""


@pytest.mark.parametrize("preset", ["evening-iop", None])
def test_controls_wrap_on_a_390_px_screen(preset):
    """Issue 14: rows of controls wrap instead of clipping; no control is wider than a
    phone's column.  (The browser check at 390 px is the journey test's.)"""
    view = ScheduleBuilder(preset=preset)
    rows = [w for w in _walk(view) if isinstance(w, W.HBox)]
    assert len(rows) == 4
    for row in rows:
        assert row.layout.flex_flow == "row wrap", row
        assert row.layout.max_width == "100%"
    for w in _walk(view):
        for size in (w.layout.width, w.layout.min_width):
            px = re.fullmatch(r"(\d+(?:\.\d+)?)px", size or "")
            assert px is None or float(px.group(1)) <= PHONE_CONTENT_PX, (w, size)
        if isinstance(w, W.Dropdown | W.Checkbox):
            assert w.layout.max_width == "100%", w
