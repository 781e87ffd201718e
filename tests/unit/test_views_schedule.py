"""The schedule builder widget, driven in plain pytest."""

from __future__ import annotations

from widgets.views.schedule import ScheduleBuilder


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
    assert view.assessment.total_hours == 9.5


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


def test_adding_a_block_records_practice_when_a_learner_is_set(monkeypatch, tmp_path):
    from widgets.progress import ProgressStore, set_learner

    db = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("IOP_PROGRESS_DB", str(db))
    set_learner("learner-test", db)
    try:
        view = ScheduleBuilder()
        view._day.value, view._start.value = "Sat", 10.0
        view._add.click()
    finally:
        set_learner(None)
    with ProgressStore(db) as store:
        recs = store.records("learner-test")
    assert [(r.module, r.item_id, r.answer["level"]) for r in recs] == [
        ("m01", "sim/schedule-builder", "2.1")]
