"""Issue 19: any number of processes opening the same NEW store at the same moment all work.

Each round starts N processes (N = 2, 4, 8) on a file that does not exist yet; they wait
on one barrier, open the store at the same instant and each write 200 records.  Every
record of every process must be there and no process may fail.  Twenty rounds per N.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import pytest

from widgets.progress import ProgressStore

ROUNDS = 20
RECORDS = 200
FAST_DISK = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
"""Memory-backed files where the system has them: the race is in opening, not in fsync,
and twenty rounds of 2,800 committed records stay within a few seconds."""


def _open_and_write(path: str, barrier, worker: int, errors) -> None:  # noqa: ANN001
    try:
        barrier.wait(timeout=30)
        with ProgressStore(path) as store:
            for k in range(RECORDS):
                store.record(f"learner-{worker}", "m01", f"item-{k}", correct=k % 2 == 0)
    except BaseException as exc:  # reported to the parent, which fails the test
        errors.put(f"worker {worker}: {type(exc).__name__}: {exc}")
        raise


@pytest.mark.parametrize("writers", [2, 4, 8])
def test_every_process_opening_a_new_store_at_once_writes_all_its_records(writers):
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(dir=FAST_DISK) as folder:
        started = time.perf_counter()
        for round_ in range(ROUNDS):
            path = os.path.join(folder, f"round-{round_}.sqlite3")
            barrier = context.Barrier(writers)
            errors = context.Queue()
            procs = [context.Process(target=_open_and_write, args=(path, barrier, w, errors))
                     for w in range(writers)]
            for proc in procs:
                proc.start()
            for proc in procs:
                proc.join(timeout=60)
            failures = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
            assert not failures, f"round {round_}: " + "; ".join(failures)
            assert [p.exitcode for p in procs] == [0] * writers, f"round {round_}"
            with ProgressStore(path) as store:
                for w in range(writers):
                    items = {r.item_id for r in store.records(f"learner-{w}")}
                    assert len(items) == RECORDS, f"round {round_}: writer {w} has {len(items)}"
        elapsed = time.perf_counter() - started
    print(f"{writers} writers x {ROUNDS} rounds: {elapsed:.1f} s")
