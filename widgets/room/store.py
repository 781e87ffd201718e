"""The room service's records: one SQLite file (WAL) that many learners write into.

Every record keeps the ``uid`` it was given in the learner's own store
(:class:`widgets.progress.ProgressStore`), and the ``uid`` is the table's unique key:
a record sent twice (a retry after a lost reply, a kernel re-sending what it could not
confirm) is stored once.  Each batch is one ``BEGIN IMMEDIATE`` transaction.

Opening is safe when several processes open a new file at the same moment: the
write-ahead log is switched on under a retry, and the schema is created inside
``BEGIN IMMEDIATE`` (so exactly one opener creates it and the others wait for it, within
the busy timeout).  A file that is another program's database is refused untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from widgets.progress.store import Record, export_document

__all__ = ["ROOM_DB_ENV", "RoomStore", "RoomStoreError", "default_room_path"]

ROOM_DB_ENV = "IOP_ROOM_DB"
APPLICATION_ID = 0x494F5052  # "IOPR": marks the file as a room store
STORE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    learner_id TEXT NOT NULL,
    module TEXT NOT NULL,
    item_id TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answer TEXT,
    recorded_at TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS room_by_learner ON records (learner_id, seq);
CREATE INDEX IF NOT EXISTS room_by_module ON records (module, seq);
"""
_COLUMNS = "learner_id, module, item_id, correct, answer, recorded_at, uid"


class RoomStoreError(RuntimeError):
    """The room store cannot be opened; the file was left as it was."""


def default_room_path() -> Path:
    """``IOP_ROOM_DB`` if set, else ``iop-room.sqlite3`` in the working directory."""
    return Path(os.environ.get(ROOM_DB_ENV) or "iop-room.sqlite3").expanduser()


class RoomStore:
    """Records of a whole room, as the room service receives them.

    Parameters
    ----------
    path : path-like, optional
        The database file (default :func:`default_room_path`); created if absent.
    timeout_s : float
        How long a writer waits for another one (SQLite busy timeout).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 timeout_s: float = 10.0) -> None:
        self.path = Path(path) if path is not None else default_room_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None)
        except sqlite3.Error as exc:
            raise RoomStoreError(f"{self.path} cannot be opened ({exc})") from None
        try:
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
            # Identity and schema under one write lock, before anything writes the file:
            # checked apart, a second opener could read the mark before a first one's
            # commit and the tables after it, and take a new store for a foreign one.
            self._create_schema()
            self._use_wal(timeout_s)
            self.db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise RoomStoreError(f"{self.path} cannot be used as a room store ({exc}); "
                                 f"it was left untouched") from None
        except BaseException:
            self.db.close()
            raise

    def _use_wal(self, timeout_s: float) -> None:
        # Switching a new file to WAL needs a moment alone with it; another opener doing
        # the same gets "database is locked" at once, so retry within the timeout.
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        if mode != "wal":
            raise RoomStoreError(f"{self.path}: SQLite could not use write-ahead logging "
                                 f"(journal mode {mode!r}); use a local disk")

    def _check_identity(self) -> bool:
        """Raise unless the file is empty or a room store; True when it is empty."""
        db = self.db
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == 0 and not tables:
            return True
        if app_id != APPLICATION_ID or "records" not in tables:
            raise RoomStoreError(f"{self.path} is not a room store (another program's "
                                 f"database); it was left untouched")
        if db.execute("PRAGMA user_version").fetchone()[0] > STORE_VERSION:
            raise RoomStoreError(f"{self.path} was written by a newer version of the room "
                                 f"service; update the package")
        return False

    def _create_schema(self) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")  # one opener creates the schema; the others wait
        try:
            if self._check_identity():
                # one statement at a time: executescript() would commit first
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {STORE_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the connection (everything is committed already)."""
        self.db.close()

    def __enter__(self) -> RoomStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def add(self, records: Iterable[Record]) -> int:
        """Store records in one transaction; returns how many were new (by ``uid``)."""
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        rows = [(r.uid, r.learner_id, r.module, r.item_id, int(r.correct),
                 json.dumps(r.answer), r.recorded_at, now) for r in records]
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO records (uid, learner_id, module, item_id, correct, "
                "answer, recorded_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            added = db.total_changes - before
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return added

    # ------------------------------------------------------------------ reading

    def records(self, learner_id: str | None = None,
                module: str | None = None) -> list[Record]:
        """Records (of one learner and/or one module, when given) in arrival order."""
        where, args = [], []
        for column, value in (("learner_id", learner_id), ("module", module)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = f"SELECT {_COLUMNS} FROM records"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.db.execute(sql + " ORDER BY seq", args).fetchall()
        return [_record(row) for row in rows]

    def learners(self) -> list[str]:
        """Learners with at least one record, in order of their first record."""
        return [r[0] for r in self.db.execute(
            "SELECT learner_id, MIN(seq) AS first FROM records GROUP BY learner_id "
            "ORDER BY first")]

    def modules(self) -> list[str]:
        """Modules with records, the one answered most recently first."""
        return [r[0] for r in self.db.execute(
            "SELECT module, MAX(seq) AS last FROM records GROUP BY module ORDER BY last DESC")]

    def count(self) -> int:
        """How many records the room holds."""
        return self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def export(self, learner_id: str) -> dict[str, Any]:
        """One learner's records as the document :meth:`ProgressStore.export` writes.

        :func:`widgets.progress.parse_export` (and so the cohort dashboard) accepts it.
        """
        return export_document(learner_id, self.records(learner_id))


def _record(row: tuple) -> Record:
    learner, module, item, correct, answer, recorded_at, uid = row
    return Record(learner, module, item, bool(correct),
                  json.loads(answer) if answer else None, recorded_at, uid)
