"""Benchmark the learner store: time per record and per summary, as ratios to bare SQLite.

    python benchmarks/bench_progress.py [--records 10000] [--dir DIR]

Records N results (one committed transaction each, as a kernel does) into a fresh
:class:`widgets.progress.ProgressStore`, then times :meth:`summary` for one learner. The
baselines run in the same process on the same disk: a bare ``sqlite3`` insert of the same
row in its own transaction with the same settings (WAL, ``synchronous=FULL``), and a bare
``SELECT`` of that learner's rows. Absolute times depend on the disk; the ratios show what
the store adds.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from widgets.progress import ProgressStore

MODULES = [f"m0{i}" for i in range(1, 6)]
ITEMS = [f"check/q{j}" for j in range(10)]
LEARNERS = [f"learner-{k:02d}" for k in range(20)]


def _plan(n: int) -> list[tuple[str, str, str, bool, list[str]]]:
    """N results spread over 20 learners, 5 modules and 10 items (deterministic)."""
    return [(LEARNERS[i % len(LEARNERS)], MODULES[(i // 20) % 5], ITEMS[(i // 100) % 10],
             i % 3 != 0, [f"opt-{i % 4}"]) for i in range(n)]


def bench_store(path: Path, plan: list) -> float:
    """Seconds per :meth:`ProgressStore.record`."""
    with ProgressStore(path) as store:
        start = time.perf_counter()
        for learner, module, item, correct, answer in plan:
            store.record(learner, module, item, correct=correct, answer=answer)
        return (time.perf_counter() - start) / len(plan)


def bench_bare_insert(path: Path, plan: list) -> float:
    """Seconds per bare insert of the same row, one transaction each, same pragmas."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE r (seq INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT UNIQUE, "
               "learner_id TEXT, module TEXT, item_id TEXT, correct INTEGER, answer TEXT, "
               "recorded_at TEXT)")
    db.execute("CREATE INDEX r_l ON r (learner_id, seq)")
    start = time.perf_counter()
    for learner, module, item, correct, answer in plan:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO r (uid, learner_id, module, item_id, correct, answer, "
                   "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (uuid.uuid4().hex, learner, module, item, int(correct), json.dumps(answer),
                    "2026-01-01T00:00:00+00:00"))
        db.execute("COMMIT")
    elapsed = (time.perf_counter() - start) / len(plan)
    db.close()
    return elapsed


def _timeit(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder for the database files (default: a temporary folder)")
    args = parser.parse_args()
    catalog = {m: ITEMS for m in MODULES}
    plan = _plan(args.records)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        bare = bench_bare_insert(folder / "bare.sqlite3", plan)
        per_record = bench_store(folder / "store.sqlite3", plan)
        with ProgressStore(folder / "store.sqlite3") as store:
            learner = LEARNERS[0]
            n_rows = len(store.records(learner))
            summary = _timeit(lambda: store.summary(learner, catalog), 50)
            select = _timeit(lambda: store.db.execute(
                "SELECT module, item_id, correct FROM records WHERE learner_id = ?",
                (learner,)).fetchall(), 50)
            records = _timeit(lambda: store.records(learner), 20)
            total = len(store.records())

        def open_record_close() -> None:  # what one answer in a notebook costs
            with ProgressStore(folder / "store.sqlite3") as s:
                s.record(learner, "m01", "check/q0", correct=True, answer=["a"])

        per_answer = _timeit(open_record_close, 30)
    print(f"records written: {total} (20 learners; summary of one learner with {n_rows} "
          f"records, 5 modules x 10 items)")
    print(f"{'operation':<34}{'time':>12}{'baseline':>12}{'ratio':>8}")
    print(f"{'record() per result':<34}{per_record * 1e3:>9.3f} ms{bare * 1e3:>9.3f} ms"
          f"{per_record / bare:>8.2f}   (baseline: bare sqlite3 insert, same pragmas)")
    print(f"{'summary() per call':<34}{summary * 1e3:>9.3f} ms{select * 1e3:>9.3f} ms"
          f"{summary / select:>8.2f}   (baseline: bare SELECT of the learner's rows)")
    print(f"{'records(learner) per call':<34}{records * 1e3:>9.3f} ms{select * 1e3:>9.3f} ms"
          f"{records / select:>8.2f}")
    print(f"{'open + record + close':<34}{per_answer * 1e3:>9.3f} ms{bare * 1e3:>9.3f} ms"
          f"{per_answer / bare:>8.2f}   (a notebook answer: the store is opened and its "
          f"file checked each time)")


if __name__ == "__main__":
    main()
