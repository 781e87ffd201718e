"""The room service's store: one record per uid, safe to open from many processes at once."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from widgets.progress import ProgressStore, Record, parse_export
from widgets.room.store import RoomStore, RoomStoreError


def _record(learner: str = "lea", item: str = "m01-check/adult-hours", correct: bool = True,
            answer: object = ("nine",), module: str = "m01") -> Record:
    return Record(learner, module, item, correct, list(answer),
                  datetime.now(UTC).isoformat(), uuid.uuid4().hex)


def test_a_record_sent_twice_is_stored_once(tmp_path):
    first, second = _record(), _record("leo", correct=False, answer=["six"])
    with RoomStore(tmp_path / "room.sqlite3") as store:
        assert store.add([first, second]) == 2
        assert store.add([first, second, first]) == 0
        assert store.count() == 2
        assert store.records() == [first, second]
        assert store.records(learner_id="leo") == [second]
        assert store.learners() == ["lea", "leo"]


def test_export_is_what_the_cohort_dashboard_parses(tmp_path):
    recs = [_record(), _record(item="sim/schedule-builder", answer=[])]
    with RoomStore(tmp_path / "room.sqlite3") as store:
        store.add(recs)
        learner, parsed = parse_export(json.dumps(store.export("lea")))
    assert learner == "lea" and parsed == recs


def test_modules_most_recent_first_and_filtering(tmp_path):
    with RoomStore(tmp_path / "room.sqlite3") as store:
        store.add([_record(module="m01"), _record(module="m02", item="m02-check/q")])
        assert store.modules() == ["m02", "m01"]
        assert [r.module for r in store.records(module="m01")] == ["m01"]


def _open_and_write(path: str, barrier, index: int) -> None:
    barrier.wait(timeout=30)
    with RoomStore(path) as store:
        store.add([_record(f"learner-{index}")])


@pytest.mark.parametrize("round_", range(3))
def test_many_processes_opening_a_new_file_at_once_all_succeed(tmp_path, round_):
    path = tmp_path / f"room-{round_}.sqlite3"
    ctx = multiprocessing.get_context("spawn")  # no fork of a threaded worker
    barrier = ctx.Barrier(8)
    procs = [ctx.Process(target=_open_and_write, args=(str(path), barrier, i))
             for i in range(8)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * 8
    with RoomStore(path) as store:
        assert store.count() == 8
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_another_programs_database_is_refused_untouched(tmp_path):
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = other.read_bytes()
    with pytest.raises(RoomStoreError, match="not a room store"):
        RoomStore(other)
    assert other.read_bytes() == before
    learner_store = tmp_path / "progress.sqlite3"
    ProgressStore(learner_store).close()  # a learner's own store is not a room store
    with pytest.raises(RoomStoreError, match="not a room store"):
        RoomStore(learner_store)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(RoomStoreError, match="cannot be used"):
        RoomStore(path)
    assert path.read_text(encoding="utf-8").startswith("not a database")


def test_default_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("IOP_ROOM_DB", str(tmp_path / "x" / "room.sqlite3"))
    with RoomStore() as store:
        assert store.path == Path(tmp_path / "x" / "room.sqlite3")
