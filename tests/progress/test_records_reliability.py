"""Learner records survive any input, and no answer is lost without a word (issue 16).

- the export parser and ``ProgressStore.import_records``: any document gives valid records
  or a :class:`ProgressStoreError` whose message names the problem (and the bound), and
  an import that fails adds nothing;
- every failure to save is a ``ProgressStoreError`` from the store, and a
  :class:`SaveStatus` that says "not saved" and why from the recording functions; a
  status that says saved means the record is in the store.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.limits import ROOT, report, run_limited
from widgets.progress import (
    ProgressStore,
    ProgressStoreError,
    Record,
    SaveStatus,
    parse_export,
    record_answer,
    record_simulation,
    session_recorder,
    set_learner,
)
from widgets.progress.store import (
    APPLICATION_ID,
    MAX_ANSWER_CHARS,
    MAX_EXPORT_BYTES,
    MAX_JSON_DEPTH,
    MAX_NUMBER_DIGITS,
)

STAMP = "2026-01-05T10:00:00+00:00"


def export(records: list[dict] | None = None, **top: Any) -> dict:  # noqa: ANN401
    """A valid export document of learner 'ana' (one record unless given)."""
    if records is None:
        records = [record()]
    return {"format": "iop-progress-export", "version": 1, "learner_id": "ana",
            "exported_at": STAMP, "records": records, **top}


def record(**fields: Any) -> dict:  # noqa: ANN401
    return {"learner_id": "ana", "module": "m01", "item_id": "m01-check/q1", "correct": True,
            "answer": ["a"], "recorded_at": STAMP, "uid": "u1", **fields}


def _with_answer(raw_answer: str) -> str:
    """An export whose one record's answer is the raw JSON text given."""
    return json.dumps(export()).replace('["a"]', raw_answer)


BAD_EXPORTS = {
    "an integer": (5, "must be JSON text"),
    "None": (None, "must be JSON text"),
    "a dict object": (export(), "must be JSON text"),
    "not JSON": ("{nope", "not valid JSON"),
    "non-UTF-8 bytes": (b'{"format": "\xff"}', "not valid JSON"),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, f"more than {MAX_JSON_DEPTH} levels"),
    "deep nesting in an answer": (_with_answer("[" * 500 + "]" * 500),
                                  f"more than {MAX_JSON_DEPTH} levels"),
    "a number of 5,000 digits": (_with_answer("9" * 5000), f"at most {MAX_NUMBER_DIGITS}"),
    "a version of 5,000 digits": (json.dumps(export()).replace('"version": 1', '"version": '
                                                              + "1" * 5000), "digits"),
    "a float too large": (_with_answer("1e400"), "too long or too large"),
    "NaN": (_with_answer("NaN"), "NaN, which is not a number JSON allows"),
    "Infinity": (_with_answer("-Infinity"), "not a number JSON allows"),
    "a document over the size bound": (json.dumps(export()).replace(
        '"a"', '"' + "x" * MAX_EXPORT_BYTES + '"'), f"at most {MAX_EXPORT_BYTES:,}"),
    "an escaped lone surrogate in the learner": (
        json.dumps(export(records=[])).replace('"ana"', '"an\\ud800a"'), "unpaired surrogate"),
    "a raw lone surrogate in an id": (
        json.dumps(export(records=[record(uid="u\ud800")]), ensure_ascii=False),
        "unpaired surrogate"),
    "a record of a wrong type": (json.dumps(export(records=[[1]])), "not a JSON object"),
    "correct as a string": (json.dumps(export(records=[record(correct="yes")])),
                            "correct must be true or false"),
    "a huge unknown key": (json.dumps({**export(), "k" * 1_000_000: 1}), "unknown field"),
    "a huge learner id": (json.dumps(export(learner_id="x" * 100_000)), "the most is 200"),
    "another learner's record": (json.dumps(export(records=[record(learner_id="bo")])),
                                 "belongs to learner 'bo'"),
    "a timestamp without zone": (json.dumps(export(records=[record(recorded_at="2026-01-05")])),
                                 "time zone"),
}


@pytest.mark.parametrize("data, expected", BAD_EXPORTS.values(), ids=BAD_EXPORTS.keys())
def test_a_bad_export_is_refused_with_its_reason_and_nothing_imported(tmp_path, data,
                                                                      expected):
    with pytest.raises(ProgressStoreError) as info:
        parse_export(data)
    message = str(info.value)
    assert expected in message and "nothing was imported" in message, message
    assert len(message) < 1000, "the message quotes a bounded part of the input"
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record("ana", "m01", "m01-check/q0", correct=False)
        with pytest.raises(ProgressStoreError):
            store.import_records(data)
        assert len(store.records()) == 1


# ---------------------------------------------------------------- property tests

JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec=None, categories=None), max_size=12),  # lone surrogates too
    st.sampled_from(["ana", "m01", "m01-check/q1", STAMP, "iop-progress-export", "u1"]))
JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8) | st.sampled_from(
                        ["format", "version", "learner_id", "records", "answer", "correct"]),
                        inner, max_size=5), max_leaves=20)
RAW = st.sampled_from(["[" * 3000 + "]" * 3000, "9" * 4400, "1e999", "NaN", '"\\ud800"',
                       '"' + "x" * 50_000 + '"', "-0", "1E-400", "{}", "[]", '"\\u0000"'])


def _parsed_or_refused(data: Any) -> tuple[str, list[Record]] | None:  # noqa: ANN401
    try:
        learner, recs = parse_export(data)
    except ProgressStoreError as exc:
        assert str(exc) and len(str(exc)) < 2000
        return None
    assert isinstance(learner, str) and all(isinstance(r, Record) for r in recs)
    assert all(r.learner_id == learner and isinstance(r.correct, bool) for r in recs)
    return learner, recs


FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(JSON)
def test_any_json_document_gives_records_or_a_store_error(document):
    text = json.dumps(document)
    _parsed_or_refused(text)
    _parsed_or_refused(text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.sampled_from(sorted(record())), st.one_of(JSON.map(lambda v: ("value", v)),
                                                    RAW.map(lambda r: ("raw", r))))
def test_a_valid_export_with_any_field_replaced_gives_records_or_a_store_error(field, new):
    """Mutations that pass the format check and reach every field of a record."""
    how, value = new
    if how == "raw":  # JSON text no json.dumps of Python data gives
        text = json.dumps(export(records=[record(**{field: "@"})])).replace('"@"', value)
    else:
        text = json.dumps(export(records=[record(**{field: value})]))
    _parsed_or_refused(text)
    if field == "learner_id":  # the document's own learner too
        _parsed_or_refused(json.dumps(export(records=[], learner_id=value)) if how == "value"
                           else json.dumps(export(records=[])).replace('"ana"', value))


@FAST
@given(JSON)
def test_an_import_adds_all_its_records_or_none(tmp_path, answer):
    with ProgressStore(tmp_path / "p.sqlite3") as store:  # one store for every example
        before = len(store.records())
        first, second = uuid.uuid4().hex, uuid.uuid4().hex
        text = json.dumps(export(records=[record(uid=first), record(uid=second,
                                                                     answer=answer)]))
        try:
            added = store.import_records(text)
        except ProgressStoreError:
            assert len(store.records()) == before
        else:
            recs = store.records()[before:]
            assert added == 2 and [r.uid for r in recs] == [first, second]
            assert recs[1].answer == answer


HUGE = st.just(5000).map(lambda n: 10**n)


@FAST
@given(st.one_of(JSON, HUGE, st.sampled_from([float("nan"), {1, 2}, b"x", object()]),
                 st.builds(lambda n: [[[]]] * n, st.integers(1, 3)),
                 st.integers(1, 5000).map(lambda d: _nested(d))))
def test_record_stores_any_answer_or_refuses_it_with_a_store_error(tmp_path, answer):
    with ProgressStore(tmp_path / "p.sqlite3") as store:  # one store for every example
        before = store.records()
        try:
            rec = store.record("ana", "m01", "m01-check/q1", correct=True, answer=answer)
        except ProgressStoreError as exc:
            assert "answer" in str(exc) and len(str(exc)) < 1000
            assert store.records() == before
        else:
            assert store.records() == [*before, rec]


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_IMPORT = '''
import sys
from widgets.progress.store import ProgressStoreError, parse_export
cases = ["[" * 2_000_000 + "]" * 2_000_000, "9" * 9_000_000,
         '{"format": "iop-progress-export", "version": 1, "learner_id": "' + "x" * 9_000_000
         + '"}', '{"a":' * 500_000 + "1" + "}" * 500_000, b"\\xff" * 9_000_000]
for case in cases:
    try:
        parse_export(case)
    except ProgressStoreError as exc:
        assert len(str(exc)) < 1000, str(exc)[:2000]
    else:
        raise SystemExit(f"accepted a hostile export of {len(case)} characters")
'''


def test_hostile_exports_are_refused_within_memory_and_time():
    """Nesting 2,000,000 deep, 9,000,000-digit numbers and strings: refused in a child
    limited to 1 GiB of memory and 30 s of CPU."""
    done = run_limited(HOSTILE_IMPORT, memory_mb=1024, cpu_s=30, timeout_s=90)
    assert done.returncode == 0, report(done)


# ------------------------------------------------- failures to save: the store's error


@pytest.mark.parametrize("name, expected", [
    ("a\x00b.sqlite3", "NUL character"),
    ("a\ud800b.sqlite3", "cannot encode"),
])
def test_a_store_path_the_file_system_cannot_take_is_a_store_error(tmp_path, name, expected):
    with pytest.raises(ProgressStoreError, match=expected):
        ProgressStore(tmp_path / name)


def test_a_store_path_whose_parent_is_a_file_is_a_store_error(tmp_path):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ProgressStoreError, match="cannot be made"):
        ProgressStore(tmp_path / "a-file" / "progress.sqlite3")


def test_a_learner_id_with_a_lone_surrogate_is_a_store_error(tmp_path):
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ProgressStoreError, match="unpaired surrogate"):
            store.record("an\ud800a", "m01", "m01-check/q1", correct=True)
        with pytest.raises(ProgressStoreError, match="unpaired surrogate"):
            store.export("an\ud800a")
        assert store.records() == []
    with pytest.raises(ProgressStoreError, match="unpaired surrogate"):
        set_learner("an\ud800a", tmp_path / "p.sqlite3")


@pytest.mark.parametrize("answer, expected", [
    (_nested(5000), f"more than {MAX_JSON_DEPTH} levels"),
    (10**5000, "a number of about 5,001 digits"),
    ("x" * (MAX_ANSWER_CHARS + 1), f"the most a record keeps is {MAX_ANSWER_CHARS:,}"),
    (float("inf"), "not finite"),
    ({("a", "b"): 1}, "JSON-serialisable"),
], ids=["deep", "huge number", "long", "infinity", "tuple key"])
def test_an_answer_that_cannot_be_stored_is_a_store_error(tmp_path, answer, expected):
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ProgressStoreError, match=expected):
            store.record("ana", "m01", "m01-check/q1", correct=True, answer=answer)
        assert store.records() == []


def _foreign(path: Path, create: str) -> None:
    db = sqlite3.connect(path)
    db.executescript(create)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


FOREIGN = {
    "other columns": "CREATE TABLE records (id INTEGER PRIMARY KEY, payload TEXT);",
    "uid not unique": "CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                      "uid TEXT NOT NULL, learner_id TEXT NOT NULL, module TEXT NOT NULL, "
                      "item_id TEXT NOT NULL, correct INTEGER NOT NULL, answer TEXT, "
                      "recorded_at TEXT NOT NULL);",
    "columns of other types": "CREATE TABLE records (seq INTEGER PRIMARY KEY, uid BLOB UNIQUE,"
                              " learner_id BLOB, module BLOB, item_id BLOB, correct BLOB, "
                              "answer BLOB, recorded_at BLOB);",
    "another table": "CREATE TABLE notes (x TEXT);",
    "no records table": "CREATE TABLE scratch (x TEXT); DROP TABLE scratch;",
}


@pytest.mark.parametrize("create", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_file_with_our_mark_and_a_foreign_schema_is_refused_untouched(tmp_path, create):
    path = tmp_path / "p.sqlite3"
    _foreign(path, create)
    before = path.read_bytes()
    with pytest.raises(ProgressStoreError, match="left untouched"):
        ProgressStore(path)
    assert path.read_bytes() == before


def test_an_unreadable_store_file_is_a_store_error(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    path.chmod(0)
    try:
        done = subprocess.run(
            [*_without_root_override(), sys.executable, "-c",
             "import sys; from widgets.progress import ProgressStore, ProgressStoreError\n"
             "try:\n    ProgressStore(sys.argv[1])\nexcept ProgressStoreError as e:\n"
             "    print(e); sys.exit(3)", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert done.returncode == 3 and "cannot be read" in done.stdout, report(done)


# ------------------------------------------ failures to save: the widget hears about it


def _without_root_override() -> list[str]:
    """A prefix that runs a command without root's power to read and write any file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_a_read_only_store_says_not_saved_even_as_root(tmp_path):
    """The probe's case: a read-only store file; the answer must say it was not saved."""
    path = tmp_path / "ro.sqlite3"
    set_learner("ana", path)
    path.chmod(stat.S_IRUSR)
    code = ("from widgets.progress import record_simulation\n"
            "s = record_simulation('schedule-builder')\n"
            "print(s.recording, s.saved, s.message)")
    try:
        done = subprocess.run([*_without_root_override(), sys.executable, "-c", code],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              check=False, env=os.environ)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert done.returncode == 0, report(done)
    assert done.stdout.startswith("True False Not saved:") and "readonly" in done.stdout, \
        report(done)
    with ProgressStore(path) as store:
        assert store.records() == []


def test_an_unknown_simulation_or_check_says_not_saved_instead_of_raising(tmp_path):
    set_learner("ana", tmp_path / "p.sqlite3")
    status = record_simulation("no-such-simulation")
    assert (status.recording, status.saved) == (True, False)
    assert "no-such-simulation" in status.message
    status = record_answer("no-such-check/q1", correct=True, answer=["a"])
    assert (status.recording, status.saved) == (True, False) and status.problem


def test_a_lone_surrogate_in_the_learner_file_says_not_saved(tmp_path, monkeypatch):
    choice = tmp_path / "learner.json"
    choice.write_text(json.dumps({"state": "started", "learner": "an\ud800a",
                                  "store": str(tmp_path / "p.sqlite3")}))
    monkeypatch.setenv("IOP_LEARNER_FILE", str(choice))
    status = record_simulation("schedule-builder")
    assert (status.recording, status.saved) == (True, False)
    assert "unpaired surrogate" in status.message


def test_an_unexpected_error_while_saving_says_not_saved(tmp_path, monkeypatch):
    set_learner("ana", tmp_path / "p.sqlite3")

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("simulated")

    monkeypatch.setattr(ProgressStore, "record", broken)
    status = session_recorder()("m01", "m01-check/q1", True, ["a"])
    assert (status.recording, status.saved) == (True, False)
    assert "RecursionError" in status.message


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(JSON, HUGE, st.sampled_from([float("nan"), {1}, object(),
                                              "x" * (MAX_ANSWER_CHARS + 1)]),
                 st.integers(15, 40).map(_nested)))
def test_saved_means_in_the_store_and_not_saved_says_why(tmp_path_factory, answer):
    folder = tmp_path_factory.mktemp("saved")
    set_learner("ana", folder / "p.sqlite3")
    status = record_simulation("schedule-builder", answer=answer)
    assert isinstance(status, SaveStatus) and status.recording
    with ProgressStore(folder / "p.sqlite3") as store:
        stored = store.records()
    if status.saved:
        assert [r.answer for r in stored] == [answer]
    else:
        assert stored == [] and status.problem and status.message.startswith("Not saved:")


def test_a_failed_set_learner_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "learner.json"
    target.mkdir()  # the learner file's place is taken by a folder: replace fails
    monkeypatch.setenv("IOP_LEARNER_FILE", str(target))
    with pytest.raises(ProgressStoreError, match="cannot save who is recording"):
        set_learner("ana", tmp_path / "p.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learner.json", "p.sqlite3"]
