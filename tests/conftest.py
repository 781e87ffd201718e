"""Shared fixtures: the repository root and a built book (built once per test worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Recording must never touch a real learner's store during tests.
os.environ.pop("IOP_LEARNER", None)


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


@pytest.fixture(scope="session")
def learner_book(tmp_path_factory: pytest.TempPathFactory):
    """A clean build of the learner edition: (completed process, html folder)."""
    return _build("learner", tmp_path_factory.mktemp("learner"))


@pytest.fixture(scope="session")
def trainer_book(tmp_path_factory: pytest.TempPathFactory):
    """A clean build of the trainer edition: (completed process, html folder)."""
    return _build("trainer", tmp_path_factory.mktemp("trainer"))
