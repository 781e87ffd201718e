"""Shared fixtures: the repository root and a built book (built once per test worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def own_records(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory,
                request: pytest.FixtureRequest):
    """Each test records into its own store, and nobody records until a test says so.

    (The repository's conftest.py already points every run at a throw-away folder.)
    """
    folder = tmp_path_factory.getbasetemp() / "records" / request.node.nodeid.replace(
        "/", "_").replace(":", "_")[-120:]
    monkeypatch.setenv("IOP_PROGRESS_DB", str(folder / "progress.sqlite3"))
    monkeypatch.setenv("IOP_LEARNER_FILE", str(folder / "learner.json"))
    monkeypatch.delenv("IOP_LEARNER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository checkout."""
    return ROOT


def _build(edition: str, out: Path) -> tuple[subprocess.CompletedProcess, Path]:
    args = [sys.executable, "-m", "widgets.book.build", "--output", str(out)]
    if edition == "trainer":
        args.append("--trainer")
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    return done, out / "_build" / "html"


def assert_clean_build(done: subprocess.CompletedProcess) -> None:
    """The build exited 0 and Sphinx logged no warning or error (jb builds with -W)."""
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    problems = [line for line in log.splitlines() if ("WARNING" in line or "ERROR" in line)
                and "running over TCP" not in line]  # the kernel's note is not Sphinx's
    assert not problems, "\n".join(problems[:20])


@pytest.fixture(scope="session")
def learner_book(tmp_path_factory: pytest.TempPathFactory):
    """A clean build of the learner edition: (completed process, html folder)."""
    return _build("learner", tmp_path_factory.mktemp("learner"))


@pytest.fixture(scope="session")
def trainer_book(tmp_path_factory: pytest.TempPathFactory):
    """A clean build of the trainer edition: (completed process, html folder)."""
    return _build("trainer", tmp_path_factory.mktemp("trainer"))


@pytest.fixture
def learner_records(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A session learner ("learner-test") recording into a fresh temporary store.

    Returns a function giving that learner's records (the learner file is the test's
    own, so nothing leaks into other tests).
    """
    from widgets import progress

    db = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("IOP_PROGRESS_DB", str(db))
    monkeypatch.setenv("IOP_LEARNER_FILE", str(tmp_path / "learner.json"))
    progress.set_learner("learner-test", db)

    def records() -> list:
        with progress.ProgressStore(db) as store:
            return store.records("learner-test")

    return records


@pytest.fixture
def unusable_store(learner_records, tmp_path: Path) -> Path:
    """The session learner's store moved to a path that cannot be a file (its parent is a
    file): every save fails, as on a full or read-only disk."""
    import json

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "progress.sqlite3"
    Path(os.environ["IOP_LEARNER_FILE"]).write_text(json.dumps(
        {"state": "started", "learner": "learner-test", "store": str(target)}),
        encoding="utf-8")
    return target
