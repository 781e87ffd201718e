"""Recording follows the learner, not the kernel; a failed save is said, never silent."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from widgets.progress import (
    ProgressStore,
    ProgressStoreError,
    current_learner,
    record_simulation,
    recording,
    session_recorder,
    set_learner,
)


def other_kernel(code: str) -> str:
    """Run ``code`` in a separate Python process (a second kernel), same environment."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=os.environ.copy())
    return done.stdout.strip()


def test_a_learner_started_in_one_kernel_records_in_another():
    set_learner("ana-r")
    assert other_kernel("from widgets.progress import current_learner as c; print(c())") \
        == "ana-r"
    out = other_kernel("from widgets.progress import record_simulation as r; "
                       "print(r('schedule-builder', answer={'hours': 10}).saved)")
    assert out == "True"
    with ProgressStore() as store:
        [rec] = store.records("ana-r")
    assert (rec.module, rec.item_id) == ("m01", "sim/schedule-builder")


def test_stopping_in_one_kernel_stops_every_kernel_even_with_a_hub_user(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ana")
    assert recording().how == "hub" and current_learner() == "hub-ana"
    other_kernel("from widgets.progress import set_learner; set_learner(None)")
    assert current_learner() is None and recording().how == "stopped"
    assert record_simulation("schedule-builder").recording is False


def test_order_is_own_choice_then_environment_then_hub(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ana")
    monkeypatch.setenv("IOP_LEARNER", "env-ana")
    assert (current_learner(), recording().how) == ("env-ana", "environment")
    set_learner("chosen-ana")
    assert (current_learner(), recording().how) == ("chosen-ana", "started")


def test_a_damaged_learner_file_counts_as_no_choice(monkeypatch):
    Path(os.environ["IOP_LEARNER_FILE"]).parent.mkdir(parents=True, exist_ok=True)
    Path(os.environ["IOP_LEARNER_FILE"]).write_text("{not json", encoding="utf-8")
    assert current_learner() is None
    monkeypatch.setenv("IOP_LEARNER", "env-ana")
    assert current_learner() == "env-ana"


@pytest.mark.parametrize("bad", ["", "   ", "a\ud800b", "tab\there", "x" * 201, 42])
def test_unusable_learner_ids_are_refused_by_name(bad):
    with pytest.raises(ProgressStoreError, match="learner id"):
        set_learner(bad)


def test_a_read_only_store_says_not_saved_and_why(tmp_path):
    path = tmp_path / "ro.sqlite3"
    set_learner("ana", path)
    path.chmod(stat.S_IRUSR)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as a user who can write read-only files (root)")
        status = record_simulation("schedule-builder")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert (status.recording, status.saved) == (True, False)
    assert status.message.startswith("Not saved:") and "readonly" in status.message


def test_a_store_that_cannot_be_opened_says_not_saved_and_why(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    set_learner("ana")
    monkeypatch.setenv("IOP_LEARNER_FILE", str(tmp_path / "learner.json"))
    (tmp_path / "learner.json").write_text(
        '{"state": "started", "learner": "ana", "store": "%s"}' % (blocker / "p.sqlite3"))
    status = session_recorder()("m01", "m01-check/evidence", True, ["a"])
    assert (status.recording, status.saved) == (True, False)
    assert "cannot" in status.problem


def test_knowledge_check_shows_when_an_answer_is_not_saved(tmp_path, monkeypatch):
    from widgets.knowledge_check.view import knowledge_check

    set_learner("ana")
    monkeypatch.setattr("widgets.progress.learner.ProgressStore", _FailingStore)
    view = knowledge_check("m01-check")
    first = view.questions[0]
    first.select(next(o.id for o in first.question.options if o.correct))
    first.check()
    assert "Correct." in first._feedback.value
    assert "Not saved: the disk is full" in first._saved.value and 'role="alert"' in \
        first._saved.value


class _FailingStore:
    def __init__(self, *args, **kwargs) -> None:
        raise ProgressStoreError("the disk is full")


def test_banner_starts_recording_in_one_click_and_the_book_gets_no_buttons():
    from widgets.progress.view import RecordingBanner

    banner = RecordingBanner()
    assert "Not recording" in banner._status.value
    banner._controls.learner.value = "ana"
    banner._controls.start.click()
    assert "Recording your answers as ana" in banner._status.value
    assert current_learner() == "ana"
    banner._stop.click()
    assert current_learner() is None and "you stopped recording" in banner._status.value
    static = banner._repr_mimebundle_()["text/html"]
    assert "<button" not in static and "kept in this browser only" in static


def test_a_write_the_database_refuses_is_a_progress_store_error(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.db.execute("PRAGMA query_only = ON")  # as a read-only file answers writes
        with pytest.raises(ProgressStoreError, match="could not save .* nothing of this"):
            store.record("ana", "m01", "m01-check/evidence", correct=True)
        store.db.execute("PRAGMA query_only = OFF")
        assert store.records() == []
