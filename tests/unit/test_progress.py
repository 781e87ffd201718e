"""Learner records (widgets.progress): nothing is lost, nothing foreign is touched.

The concurrency and crash tests use real processes: two writer processes at once, and a
writer killed with SIGKILL in the middle of its write loop.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from widgets.progress import (
    EXPORT_FORMAT,
    ModuleSummary,
    ProgressStore,
    ProgressStoreError,
    current_learner,
    parse_export,
    record_simulation,
    session_recorder,
    set_learner,
)


@pytest.fixture(autouse=True)
def _no_session_learner(monkeypatch, tmp_path):
    """Every test starts with no learner set and the default store in tmp_path."""
    monkeypatch.delenv("IOP_LEARNER", raising=False)
    monkeypatch.setenv("IOP_PROGRESS_DB", str(tmp_path / "default.sqlite3"))
    monkeypatch.setenv("IOP_LEARNER_FILE", str(tmp_path / "learner.json"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()


# ----------------------------------------------------------------- basic behaviour


def test_records_come_back_in_write_order_when_read(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record("ana", "m01", "m01-check/a", correct=False, answer=["x"])
        store.record("ben", "m01", "m01-check/a", correct=True, answer=["y"])
        store.record("ana", "m01", "m01-check/a", correct=True, answer=["y"])
        ana = store.records("ana")
        assert [(r.item_id, r.correct, r.answer) for r in ana] == [
            ("m01-check/a", False, ["x"]), ("m01-check/a", True, ["y"])]
        assert [r.learner_id for r in store.records()] == ["ana", "ben", "ana"]
        assert store.learners() == ["ana", "ben"]


def test_record_rejects_bad_arguments_when_called(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ProgressStoreError, match="correct must be true or false"):
            store.record("ana", "m01", "q", correct=1)  # type: ignore[arg-type]
        with pytest.raises(ProgressStoreError, match="learner_id must be a non-empty"):
            store.record(" ", "m01", "q", correct=True)
        with pytest.raises(ProgressStoreError, match="JSON-serialisable"):
            store.record("ana", "m01", "q", correct=True, answer={1, 2})
        assert store.records() == []


def test_numpy_bool_is_accepted_when_a_simulator_records_it(tmp_path):
    np = pytest.importorskip("numpy")
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record("ana", "m01", "sim/schedule", correct=np.bool_(True))
        assert store.records()[0].correct is True


# ------------------------------------------------------------ real processes


def _write_500(path: str, learner: str, start: multiprocessing.synchronize.Event) -> None:
    from widgets.progress import ProgressStore

    start.wait(10)
    with ProgressStore(path) as store:
        for i in range(500):
            store.record(learner, "m01", f"item-{i:03d}", correct=i % 2 == 0, answer=[i])


def test_two_processes_writing_at_once_both_land_when_run_together(tmp_path):
    path = tmp_path / "shared.sqlite3"  # created by whichever process gets there first
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_write_500, args=(str(path), who, start))
             for who in ("kernel-a", "kernel-b")]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with ProgressStore(path) as store:
        rows = store.records()
    assert len(rows) == 1000
    assert len({r.uid for r in rows}) == 1000
    for who in ("kernel-a", "kernel-b"):
        mine = [r.item_id for r in rows if r.learner_id == who]
        assert mine == [f"item-{i:03d}" for i in range(500)]  # each writer's order kept
    assert integrity(path) == ["ok"]


_KILLED_WRITER = textwrap.dedent("""
    import sys
    from widgets.progress import ProgressStore
    store = ProgressStore(sys.argv[1])
    i = 0
    while True:
        store.record("learner", "m01", f"item-{i:05d}", correct=True, answer=[i])
        i += 1
        print(i, flush=True)  # i records are committed
""")


@pytest.mark.parametrize("kill_after", [40, 333])
def test_store_is_intact_when_a_writer_is_killed_mid_loop(tmp_path, kill_after):
    path = tmp_path / "killed.sqlite3"
    with ProgressStore(path) as store:  # an earlier session's records
        for i in range(10):
            store.record("earlier", "m01", f"old-{i}", correct=False)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(path)],
                            stdout=subprocess.PIPE, text=True)
    committed = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        committed = int(line)
        if committed >= kill_after:
            os.kill(proc.pid, signal.SIGKILL)  # no clean-up, no checkpoint
            break
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    # Lines the writer printed before it died but we had not read yet: records it had
    # committed too.
    for line in proc.stdout:
        committed = int(line)
    proc.stdout.close()
    assert Path(f"{path}-wal").exists()  # the killed writer left its log behind
    with ProgressStore(path) as store:  # opens (recovering the WAL) without complaint
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        mine = [r.item_id for r in store.records("learner")]
        earlier = store.records("earlier")
        assert len(earlier) == 10
        # Every record reported as committed is there; at most the one in flight more
        # (committed, but killed before it could say so).
        assert len(mine) in (committed, committed + 1)
        assert mine == [f"item-{i:05d}" for i in range(len(mine))]
        store.record("learner", "m01", "after", correct=True)  # and still takes writes
    assert integrity(path) == ["ok"]


# ------------------------------------------------------ foreign and corrupt files


def _damaged_store(path: Path) -> None:
    with ProgressStore(path) as store:
        for i in range(400):
            store.record("ana", "m01", f"item-{i}", correct=True, answer=["x" * 50])
    assert path.stat().st_size > 12 * 4096
    with path.open("r+b") as f:  # overwrite one whole page of the records table
        f.seek(9 * 4096)
        f.write(b"\xde\xad\xbe\xef" * 1024)


def _foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("INSERT INTO notes (body) VALUES ('someone else''s data')")
    db.commit()
    db.close()


def _other_application(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 1234")
    db.execute("CREATE TABLE records (x)")
    db.commit()
    db.close()


def _newer_store(path: Path) -> None:
    ProgressStore(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_text("learner,module\nana,m01\n"), "not an SQLite file"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + os.urandom(3000)), "damaged or unreadable"),
    (_damaged_store, "damaged"),
    (_foreign_sqlite, "another program"),
    (_other_application, "another program"),
    (_newer_store, "newer version"),
], ids=["text-file", "sqlite-header-garbage", "damaged-store", "foreign-sqlite",
        "other-application-id", "newer-version"])
def test_file_is_refused_and_unchanged_when_not_a_usable_store(tmp_path, make, message):
    path = tmp_path / "progress.sqlite3"
    make(path)
    before = sha256(path)
    with pytest.raises(ProgressStoreError, match=message) as err:
        ProgressStore(path)
    assert str(path) in str(err.value)
    assert sha256(path) == before
    # The learner-facing entry points refuse the same file, and still leave it alone.
    with pytest.raises(ProgressStoreError):
        set_learner("ana", path)
    assert sha256(path) == before


def test_folder_at_the_path_is_refused_when_opened(tmp_path):
    with pytest.raises(ProgressStoreError, match="not a file"):
        ProgressStore(tmp_path)


# ------------------------------------------------------------ export and import


def test_export_imports_into_another_store_once_when_imported_twice(tmp_path):
    with ProgressStore(tmp_path / "learner.sqlite3") as mine:
        mine.record("ana", "m01", "m01-check/a", correct=True, answer=["b"])
        mine.record("ana", "m01", "sim/schedule", correct=False, answer={"hours": 7})
        mine.record("ben", "m01", "m01-check/a", correct=False)
        exported = mine.export("ana")
        originals = mine.records("ana")
    doc = json.loads(exported)
    assert doc["format"] == EXPORT_FORMAT and doc["learner_id"] == "ana"
    with ProgressStore(tmp_path / "trainer.sqlite3") as trainer:
        assert trainer.import_records(exported) == 2
        assert trainer.import_records(exported.encode()) == 0
        assert trainer.records("ana") == originals
        assert trainer.records("ben") == []


def _export(records: list[dict], **top) -> str:
    doc = {"format": EXPORT_FORMAT, "version": 1, "learner_id": "ana", "records": records}
    doc.update(top)
    return json.dumps(doc)


_GOOD = {"learner_id": "ana", "module": "m01", "item_id": "m01-check/a", "correct": True,
         "answer": ["b"], "recorded_at": "2026-01-05T10:00:00+00:00", "uid": "u1"}


@pytest.mark.parametrize(("payload", "message"), [
    ('{"format": "iop-progress-export", "records": [', "not valid JSON"),
    (b"\xff\xfe not utf-8", "not valid JSON"),
    ("[1, 2, 3]", "not a progress export"),
    (json.dumps({"format": "gradebook", "records": []}), "not a progress export"),
    (_export([], version=99), "export version 99"),
    (_export([], extra=1), "unknown field"),
    (_export([], learner_id=""), "learner_id must be a non-empty"),
    (_export({"a": 1}), 'no "records" list'),  # type: ignore[arg-type]
    (_export([_GOOD, "not an object"]), "record 1 of the import is not a JSON object"),
    (_export([_GOOD, {**_GOOD, "uid": "u2", "correct": "yes"}]), "record 1.*correct"),
    (_export([_GOOD, {**_GOOD, "uid": "u2", "recorded_at": "yesterday"}]), "ISO timestamp"),
    (_export([_GOOD, {**_GOOD, "uid": "u2", "recorded_at": "2026-01-05T10:00:00"}]),
     "time zone"),
    (_export([_GOOD, {k: v for k, v in _GOOD.items() if k != "uid"}]), "missing field.*uid"),
    (_export([_GOOD, {**_GOOD, "uid": "u2", "score": 3}]), "unknown field.*score"),
    (_export([_GOOD, {**_GOOD, "uid": "u2", "learner_id": "ben"}]), "belongs to learner 'ben'"),
], ids=["truncated-json", "not-utf8", "json-array", "other-format", "newer-version",
        "unknown-top-field", "empty-learner", "records-not-list", "record-not-object",
        "correct-not-bool", "bad-timestamp", "naive-timestamp", "missing-uid",
        "unknown-record-field", "other-learner"])
def test_import_adds_nothing_when_the_document_is_bad(tmp_path, payload, message):
    with ProgressStore(tmp_path / "trainer.sqlite3") as store:
        store.record("zoe", "m01", "m01-check/a", correct=True)
        with pytest.raises(ProgressStoreError, match=message) as err:
            store.import_records(payload)
        assert "nothing was imported" in str(err.value)
        assert [r.learner_id for r in store.records()] == ["zoe"]


def test_parse_export_returns_learner_and_records_when_valid():
    learner, recs = parse_export(_export([_GOOD]))
    assert learner == "ana"
    assert [(r.item_id, r.correct, r.answer) for r in recs] == [("m01-check/a", True, ["b"])]


# ---------------------------------------------------------------------- summary


def test_summary_counts_latest_answer_per_item_when_retried(tmp_path):
    catalog = {"m01": ["c1/q1", "c1/q2", "c1/q3", "c1/q4", "c1/q5"], "m02": ["c2/q1"]}
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record("ana", "m01", "c1/q1", correct=False)
        store.record("ana", "m01", "c1/q1", correct=True)  # retried: latest counts
        store.record("ana", "m01", "c1/q2", correct=True)
        store.record("ana", "m01", "c1/q3", correct=True)
        store.record("ana", "m01", "c1/q4", correct=True)
        store.record("ana", "m01", "c1/q5", correct=True)
        store.record("ana", "m01", "c1/q5", correct=False)  # latest is wrong now
        store.record("ana", "m01", "sim/schedule", correct=True)
        store.record("ana", "m03", "sim/group", correct=True)
        store.record("ben", "m02", "c2/q1", correct=True)
        summary = store.summary("ana", catalog)
    assert list(summary) == ["m01", "m02", "m03"]
    assert summary["m01"] == ModuleSummary("m01", attempted=5, correct=4, total=5,
                                           activities=1)
    assert summary["m01"].completion == 1.0
    assert summary["m01"].score == pytest.approx(0.8)
    assert summary["m01"].passed  # 0.8 reaches widgets.knowledge_check.model.PASS_THRESHOLD
    assert summary["m02"] == ModuleSummary("m02", 0, 0, 1, 0)
    assert (summary["m02"].completion, summary["m02"].passed) == (0.0, False)
    # A module no catalog knows: relative to what was attempted, never "passed".
    assert summary["m03"] == ModuleSummary("m03", 1, 1, None, 0)
    assert not summary["m03"].passed


def test_summary_uses_the_curriculum_checks_when_no_catalog_given(tmp_path):
    from widgets.knowledge_check import load_check

    check = load_check("m01-check")
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record("ana", "m01", f"m01-check/{check.questions[0].id}", correct=True)
        m01 = store.summary("ana")["m01"]
    assert (m01.attempted, m01.correct, m01.total) == (1, 1, len(check.questions))


# ------------------------------------------------------ the session learner

M01_CHECK = Path(__file__).resolve().parents[2] / "curriculum/01_continuum/checks/m01-check.yaml"


def m01_view():
    """Module 1's live check wired as ``widgets.knowledge_check.view.knowledge_check`` wires it."""
    from widgets.core.content import load_file
    from widgets.knowledge_check.schemas import KnowledgeCheck
    from widgets.knowledge_check.view import KnowledgeCheckView

    check = load_file(M01_CHECK, KnowledgeCheck)
    return KnowledgeCheckView(check, recorder=session_recorder())


def test_nothing_is_recorded_when_no_learner_is_set(tmp_path):
    assert current_learner() is None
    view = m01_view()
    first = view.questions[0]
    first.select(next(o.id for o in first.question.options if o.correct))
    assert first.check() is not None and first.grade.correct
    assert not Path(os.environ["IOP_PROGRESS_DB"]).exists()  # no store was even created


def test_answers_are_recorded_when_a_learner_is_set(tmp_path):
    path = tmp_path / "mine.sqlite3"
    set_learner("ana", path)
    view = m01_view()
    first = view.questions[0]
    wrong = next(o.id for o in first.question.options if not o.correct)
    first.select(wrong)
    first.check()
    with ProgressStore(path) as store:
        [rec] = store.records()
    assert (rec.learner_id, rec.module, rec.item_id, rec.correct, rec.answer) == (
        "ana", "m01", f"m01-check/{first.question.id}", False, [wrong])


def test_environment_learner_records_and_set_learner_none_stops_it(tmp_path, monkeypatch):
    monkeypatch.setenv("IOP_LEARNER", "env-learner")
    recorder = session_recorder()
    assert recorder("m01", "sim/schedule", True, {"hours": 9}).saved
    set_learner(None)
    assert current_learner() is None
    status = recorder("m01", "sim/schedule", True, {"hours": 10})  # a recorder made earlier
    assert (status.recording, status.saved) == (False, False)      # stops too
    with ProgressStore() as store:  # IOP_PROGRESS_DB
        assert [(r.learner_id, r.answer) for r in store.records()] == [
            ("env-learner", {"hours": 9})]


def test_simulation_records_under_sim_id_only_when_a_learner_is_set(tmp_path):
    path = tmp_path / "mine.sqlite3"
    assert record_simulation("schedule-builder", answer={"hours": 10.5}).saved is False
    assert not Path(os.environ["IOP_PROGRESS_DB"]).exists()
    set_learner("ana", path)
    assert record_simulation("schedule-builder", answer={"hours": 10.5}).saved is True
    with ProgressStore(path) as store:
        [rec] = store.records("ana")
    assert (rec.module, rec.item_id, rec.correct, rec.answer) == (
        "m01", "sim/schedule-builder", True, {"hours": 10.5})
