"""Loading a folder of exports (widgets.trainer.content): the loader skips and lists any bad
file, whatever is wrong with it (issue 16), and loads the rest."""

from __future__ import annotations

import json
import os
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trainer.test_statistics import ANSWERS, DAY, export
from widgets import trainer as C
from widgets.trainer.render import cohort_status_html

GOOD = {who: export(who, answers, DAY.get(who, 20)) for who, answers in ANSWERS.items()}


@pytest.fixture
def folder(tmp_path):
    for who, doc in GOOD.items():
        (tmp_path / f"{who}.json").write_text(doc)
    return tmp_path


def _header(records: str) -> bytes:
    return ('{"format": "iop-progress-export", "version": 1, "learner_id": "X", '
            f'"records": {records}}}').encode()


BAD_FILES = {
    "deep.json": lambda: b"[" * 100_000 + b"]" * 100_000,
    "deep-record.json": lambda: _header("[" + '{"a": ' * 5000 + "1" + "}" * 5000 + "]"),
    "huge-number.json": lambda: _header("[" + "9" * 50_000 + "]"),
    "huge-version.json": lambda: ('{"format": "iop-progress-export", "version": '
                                  + "1" * 10_000 + "}").encode(),
    "latin1.json": lambda: '{"learner_id": "Jos\xe9"}'.encode("latin-1"),
    "utf16.json": lambda: json.dumps({"format": "x"}).encode("utf-16"),
    "nul.json": lambda: b"\x00" * 64,
    "empty.json": lambda: b"",
    "not-json.json": lambda: b"learner,module\nL1,m01\n",
    "wrong-kind.json": lambda: b'{"format": "gradebook"}',
    "list.json": lambda: b"[1, 2, 3]",
    "nan.json": lambda: _header('[{"learner_id": "X", "module": "m01", "item_id": "c/q1", '
                                '"correct": true, "answer": NaN, "recorded_at": '
                                '"2026-01-01T00:00:00+00:00", "uid": "u"}]'),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_export_is_skipped_and_listed_when_the_folder_loads(folder, name):
    (folder / name).write_bytes(BAD_FILES[name]())
    cohort = C.load_cohort(folder)
    assert cohort.size == len(GOOD)
    [(path, why)] = cohort.problems
    assert path.endswith(name) and why
    assert "Traceback" not in why
    with pytest.raises(C.CohortError, match=name):
        C.load_cohort(folder, strict=True)


def test_every_bad_file_is_listed_with_its_reason_in_the_dashboard_status(folder):
    for name, make in BAD_FILES.items():
        (folder / name).write_bytes(make())
    cohort = C.load_cohort(folder)
    assert cohort.size == len(GOOD) and len(cohort.problems) == len(BAD_FILES)
    status = cohort_status_html(cohort, "6 learners")
    assert f"Files skipped ({len(BAD_FILES)})" in status
    assert "levels deep" in status  # the export parser names the nesting bound
    assert "deep.json" in status and "huge-number.json" in status


def test_folder_named_like_an_export_is_listed_not_read(folder):
    (folder / "sub.json").mkdir()
    cohort = C.load_cohort(folder)
    assert dict(cohort.problems)[str(folder / "sub.json")] == "not a regular file (a folder)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_named_like_an_export_is_listed_without_waiting_for_a_writer(folder):
    os.mkfifo(folder / "pipe.json")
    cohort = C.load_cohort(folder)  # a blocking open would hang here
    assert "FIFO" in dict(cohort.problems)[str(folder / "pipe.json")]
    assert cohort.size == len(GOOD)


def test_socket_and_device_named_like_exports_are_listed(folder):
    (folder / "zero.json").symlink_to("/dev/zero")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "s.json"))
        cohort = C.load_cohort(folder)
    problems = dict(cohort.problems)
    assert problems[str(folder / "zero.json")] == "not a regular file (a device or socket)"
    assert str(folder / "s.json") in problems


def test_broken_link_and_oversized_file_are_listed(folder):
    (folder / "gone.json").symlink_to(folder / "nowhere")
    with open(folder / "big.json", "wb") as handle:  # sparse: no disk space used
        handle.truncate(C.MAX_EXPORT_BYTES + 1)
    problems = dict(C.load_cohort(folder).problems)
    assert "cannot be opened" in problems[str(folder / "gone.json")]
    assert "an export is at most 20 MB" in problems[str(folder / "big.json")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_listed(folder):
    locked = folder / "locked.json"
    locked.write_text(GOOD["L1"])
    locked.chmod(0)
    try:
        assert "permission denied" in dict(C.load_cohort(folder).problems)[str(locked)]
    finally:
        locked.chmod(0o600)


def test_too_many_files_are_refused_with_the_bound(tmp_path, monkeypatch):
    from widgets.trainer import content

    monkeypatch.setattr(content, "MAX_EXPORT_FILES", 3)
    for k in range(4):
        (tmp_path / f"{k}.json").write_text("{}")
    with pytest.raises(C.CohortError, match="at most 3"):
        C.load_cohort(tmp_path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                 lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                 max_leaves=20).map(lambda v: json.dumps({"format": "iop-progress-export",
                                                          "version": 1, "learner_id": "P",
                                                          "records": [v]}))))
def test_any_export_text_is_loaded_or_skipped_with_a_reason(data):
    cohort = C.cohort_from_exports([("x.json", data), ("L1.json", GOOD["L1"])], strict=False)
    assert "L1" in cohort.learners
    assert len(cohort.problems) + len(cohort.sources) == 2
    for _, why in cohort.problems:
        assert isinstance(why, str) and why
