"""Learner records: an embedded SQLite store that loses nothing.

One learner on one machine records into ``ProgressStore()`` (path from ``IOP_PROGRESS_DB``
or ``progress.sqlite3`` in the user's data directory).  Every write is one committed
transaction in WAL mode with a busy timeout, so two kernels can write at once and a killed
kernel leaves every earlier record intact.

A file at the path that is not one of our stores is never touched: a file that is not
SQLite, an SQLite database of another program, a damaged store (one that fails SQLite's
``quick_check``) or one written by a newer version of this package all raise
:class:`ProgressStoreError` before anything is written.  The checks run on a read-only
connection, and the file is opened for writing only once they pass.

Who records, and what a widget does with an answer, is :mod:`widgets.progress.learner`.

Records travel to a trainer as JSON: :meth:`ProgressStore.export` writes one learner's
records, :func:`parse_export` validates such a document without a store (the cohort
dashboard uses it), and :meth:`ProgressStore.import_records` adds them to a store, all or
nothing.

Bounds: an id is at most :data:`MAX_ID_LENGTH` characters, an answer at most
:data:`MAX_ANSWER_CHARS` characters of JSON nested at most :data:`MAX_JSON_DEPTH` levels;
an export is at most :data:`MAX_EXPORT_BYTES` long, nests at most :data:`MAX_JSON_DEPTH`
levels and writes numbers of at most :data:`MAX_NUMBER_DIGITS` digits.  Whatever else
arrives, a failure is a :class:`ProgressStoreError` whose message says what and why.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from widgets.core.messages import names, shown
from widgets.core.scoring import DEFAULT_PASS_MARK, Score

__all__ = [
    "EXPORT_FORMAT",
    "MAX_ANSWER_CHARS",
    "MAX_EXPORT_BYTES",
    "MAX_ID_LENGTH",
    "MAX_JSON_DEPTH",
    "MAX_NUMBER_DIGITS",
    "SCHEMA_VERSION",
    "ModuleSummary",
    "ProgressStore",
    "ProgressStoreError",
    "Record",
    "default_path",
    "export_document",
    "knowledge_check_catalog",
    "parse_export",
]

APPLICATION_ID = 0x494F5031  # "IOP1" in the SQLite header: marks the file as ours
SCHEMA_VERSION = 1
EXPORT_FORMAT = "iop-progress-export"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_RECORD_KEYS = frozenset({"learner_id", "module", "item_id", "correct", "answer",
                          "recorded_at", "uid"})
_EXPORT_KEYS = frozenset({"format", "version", "learner_id", "exported_at", "records"})
_LEAVE_IT = "it was left untouched. Move it away or set IOP_PROGRESS_DB to another file."

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    learner_id TEXT NOT NULL,
    module TEXT NOT NULL,
    item_id TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answer TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_learner ON records (learner_id, seq);
"""
_OUR_TABLES = frozenset({"records", "sqlite_sequence"})
_RECORD_COLUMNS = ("seq", "uid", "learner_id", "module", "item_id", "correct", "answer",
                   "recorded_at")
_RECORD_TABLE_INFO = [  # PRAGMA table_info(records): name, type, not null, primary key
    ("seq", "INTEGER", 0, 1), ("uid", "TEXT", 1, 0), ("learner_id", "TEXT", 1, 0),
    ("module", "TEXT", 1, 0), ("item_id", "TEXT", 1, 0), ("correct", "INTEGER", 1, 0),
    ("answer", "TEXT", 0, 0), ("recorded_at", "TEXT", 1, 0)]


class ProgressStoreError(RuntimeError):
    """The store cannot be opened or an input cannot be recorded; nothing was changed."""


@dataclass(frozen=True)
class Record:
    """One recorded result.

    ``item_id`` is ``"<check-id>/<question-id>"`` for a knowledge-check question (see
    :mod:`widgets.knowledge_check.view`); a simulator uses its own item ids.  ``answer`` is any
    JSON value; knowledge checks record the list of chosen option ids.
    """

    learner_id: str
    module: str
    item_id: str
    correct: bool
    answer: Any
    recorded_at: str
    uid: str


@dataclass(frozen=True)
class ModuleSummary:
    """A learner's standing in one module (the latest answer to each item counts).

    Attributes
    ----------
    module : str
        The module id (``m01`` ...).
    attempted : int
        Knowledge-check items answered at least once.
    correct : int
        Knowledge-check items whose latest answer is correct.
    total : int or None
        Items the module's knowledge check has, when known from the content (else ``None``:
        then completion and score are relative to the items attempted).
    activities : int
        Other items recorded in the module (simulators and exercises), counted once each.
    """

    module: str
    attempted: int
    correct: int
    total: int | None
    activities: int = 0

    @property
    def completion(self) -> float:
        """Fraction of the module's check items attempted."""
        denominator = self.total if self.total is not None else self.attempted
        return self.attempted / denominator if denominator else 0.0

    @property
    def score(self) -> float:
        """Fraction of the module's check items whose latest answer is correct."""
        denominator = self.total if self.total is not None else self.attempted
        return self.correct / denominator if denominator else 0.0

    @property
    def passed(self) -> bool:
        """Whether the latest answers reach the module's pass mark (total known)."""
        return self.total is not None and self.as_score().passed

    def as_score(self) -> Score:
        """The knowledge-check score, at the pass mark of the module's ``module.yaml``."""
        from widgets.core.registry import module

        try:
            mark = module(self.module).pass_mark
        except KeyError:
            mark = DEFAULT_PASS_MARK
        total = self.total if self.total is not None else self.attempted
        return Score(self.correct, self.attempted, max(total, self.attempted), mark)


def default_path() -> Path:
    """``IOP_PROGRESS_DB`` if set, else ``progress.sqlite3`` in the user's data directory."""
    env = os.environ.get("IOP_PROGRESS_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("iop-curriculum", appauthor=False)) / "progress.sqlite3"


MAX_ID_LENGTH = 200
"""Longest learner, module or item id a store accepts (characters)."""
MAX_ANSWER_CHARS = 100_000
"""Longest answer a record keeps, as JSON text (a knowledge check's is a few dozen)."""
MAX_JSON_DEPTH = 20
"""Deepest nesting of an answer, and of an export document (lists and objects)."""
MAX_EXPORT_BYTES = 10_000_000
"""Longest export document read (bytes or characters); a learner's is a few hundred KB."""
MAX_NUMBER_DIGITS = 30
"""Most digits of a number in an export document."""


def _text(name: str, value: Any) -> str:
    """A non-empty id of printable text that UTF-8 can store, at most MAX_ID_LENGTH long."""
    if not isinstance(value, str) or not value.strip():
        raise ProgressStoreError(f"{name} must be a non-empty string, got {shown(value)}")
    if len(value) > MAX_ID_LENGTH:
        raise ProgressStoreError(f"{name} is {len(value):,} characters long; the most is "
                                 f"{MAX_ID_LENGTH}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ProgressStoreError(f"{name} {value!r} has a character that cannot be stored "
                                 f"(an unpaired surrogate); type it again") from None
    if any(not ch.isprintable() for ch in value):
        raise ProgressStoreError(f"{name} {value!r} has a control character (a tab, a new "
                                 f"line or similar); use letters, digits and punctuation")
    return value


def _depth(value: Any) -> int:  # noqa: ANN401 - JSON data
    """How deeply lists and mappings nest in ``value`` (iterative: no recursion limit)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list | tuple):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                break
            todo.extend((v, level + 1) for v in (item.values() if isinstance(item, dict)
                                                 else item))
    return deepest


def _answer_json(answer: Any) -> str:  # noqa: ANN401 - JSON data
    """``answer`` as the JSON text a record stores, within the bounds, else an error."""
    if _depth(answer) > MAX_JSON_DEPTH:
        raise ProgressStoreError(f"answer nests lists or mappings more than {MAX_JSON_DEPTH} "
                                 f"levels deep; record a simpler answer")
    try:
        text = json.dumps(answer, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        why = "a number that is not finite" if "Out of range float" in str(exc) else (
            "a number too long to write" if "integer string" in str(exc) else
            str(exc)[:120])
        raise ProgressStoreError(f"answer must be JSON-serialisable (text, numbers, true/"
                                 f"false, lists and mappings with text keys), got "
                                 f"{shown(answer)}: {why}") from None
    if len(text) > MAX_ANSWER_CHARS:
        raise ProgressStoreError(f"answer is {len(text):,} characters as JSON; the most a "
                                 f"record keeps is {MAX_ANSWER_CHARS:,}")
    return text


def _as_bool(value: Any) -> Any:
    """``numpy.bool_`` (what a simulator may compute) as a Python bool; else unchanged."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.bool_):
        return bool(value)
    return value


class ProgressStore:
    """Append-only learner records in one SQLite file.

    Parameters
    ----------
    path : path-like, optional
        The database file; defaults to :func:`default_path`.  Created if absent.
    timeout_s : float
        How long a writer waits for another writer before giving up.

    Raises
    ------
    ProgressStoreError
        When the file at ``path`` is not a readable progress store of this version; the
        file is left exactly as it was.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 timeout_s: float = 15.0) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._timeout_s = timeout_s
        self._db: sqlite3.Connection | None = None
        try:
            if b"\0" in os.fsencode(self.path):
                raise ValueError("a NUL character")
        except (UnicodeError, ValueError) as exc:
            problem = "a NUL character" if isinstance(exc, ValueError) and not isinstance(
                exc, UnicodeError) else "a character the file system cannot encode"
            raise ProgressStoreError(f"the store path {shown(str(self.path), 200)} has "
                                     f"{problem}; set IOP_PROGRESS_DB to a plain file "
                                     f"name") from None
        existing = self._check_header()
        if existing:
            self._probe()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressStoreError(f"the folder of {self.path} cannot be made "
                                     f"({exc.strerror or exc}); set IOP_PROGRESS_DB to a file in "
                                     f"a folder you can write") from None
        self._db = self._open_for_writing()

    # --------------------------------------------------------------- opening

    def _check_header(self) -> bool:
        """Refuse anything that is not SQLite; True when the file has content."""
        try:
            if not self.path.exists():
                return False
        except (OSError, ValueError) as exc:  # a parent that is a file, a NUL, a surrogate
            raise ProgressStoreError(f"{shown(str(self.path), 300)} cannot be used as a "
                                     f"progress store ({getattr(exc, 'strerror', None) or exc})"
                                     ) from None
        if not self.path.is_file():
            raise ProgressStoreError(f"{self.path} is not a file, so it cannot be a progress "
                                     f"store; {_LEAVE_IT}")
        try:
            with self.path.open("rb") as f:
                head = f.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise ProgressStoreError(f"{self.path} cannot be read ({exc.strerror or exc}); "
                                     f"{_LEAVE_IT}") from None
        if head and head != _SQLITE_MAGIC:
            raise ProgressStoreError(f"{self.path} is not a progress store (not an SQLite "
                                     f"file); {_LEAVE_IT}")
        return bool(head)

    def _probe(self) -> None:
        """Check an existing file on a read-only connection before anything can write."""
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            ro = sqlite3.connect(uri, uri=True, timeout=self._timeout_s)
        except sqlite3.Error as exc:
            raise ProgressStoreError(f"{self.path} cannot be opened ({exc}); "
                                     f"{_LEAVE_IT}") from None
        try:
            ro.execute("BEGIN")  # one read transaction: every check sees the same file
            self._check_identity(ro)
            problems = [r[0] for r in ro.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise ProgressStoreError(
                    f"{self.path} is a damaged progress store (SQLite quick_check: "
                    f"{'; '.join(problems)}); {_LEAVE_IT}")
        except sqlite3.DatabaseError as exc:
            raise ProgressStoreError(f"{self.path} is a damaged or unreadable SQLite file "
                                     f"({exc}); {_LEAVE_IT}") from None
        finally:
            ro.close()

    def _check_identity(self, db: sqlite3.Connection) -> int:
        """Raise unless ``db`` is empty or one of our stores; returns its application id."""
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == 0 and not tables:
            return 0  # a new, empty database: ours to initialise
        if app_id != APPLICATION_ID or not tables <= _OUR_TABLES:
            raise ProgressStoreError(f"{self.path} is an SQLite database of another program; "
                                     f"{_LEAVE_IT}")
        if version > SCHEMA_VERSION:
            raise ProgressStoreError(
                f"{self.path} was written by a newer version of the curriculum's widgets "
                f"(store version {version}, this one reads {SCHEMA_VERSION}); update the "
                f"package. The file was left untouched.")
        if "records" not in tables:
            raise ProgressStoreError(f"{self.path} is a damaged progress store (its records "
                                     f"table is missing); {_LEAVE_IT}")
        info = [tuple(r[1:4]) + (r[5],) for r in db.execute("PRAGMA table_info(records)")]
        columns = tuple(c[0] for c in info)
        if columns != _RECORD_COLUMNS:
            raise ProgressStoreError(f"{self.path} carries the progress store's mark but its "
                                     f"records table has other columns ({names(columns, 10)});"
                                     f" {_LEAVE_IT}")
        unique = {tuple(c[0] for c in db.execute("SELECT name FROM pragma_index_info(?)",
                                                  (i[0],)))
                  for i in db.execute("SELECT name, \"unique\" FROM pragma_index_list("
                                      "'records')") if i[1]}
        if info != _RECORD_TABLE_INFO or ("uid",) not in unique:
            raise ProgressStoreError(f"{self.path} carries the progress store's mark but its "
                                     f"records table is defined differently (column types, "
                                     f"required columns or the unique record id); "
                                     f"{_LEAVE_IT}")
        return app_id

    def _open_for_writing(self) -> sqlite3.Connection:
        """Open for writing; initialise a new file exactly once, whoever else opens it.

        Any number of processes may open the same new (or empty) file at the same moment:
        the schema is created inside one ``BEGIN IMMEDIATE`` transaction after checking,
        under that lock, whether another process has created it already; switching to
        write-ahead logging is retried while another connection holds the lock.  Each
        step waits within the store's timeout instead of failing.
        """
        try:
            db = sqlite3.connect(self.path, timeout=self._timeout_s, isolation_level=None)
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise ProgressStoreError(f"{self.path} cannot be opened ({exc})") from None
        deadline = time.monotonic() + self._timeout_s
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self._timeout_s * 1000)}")
            self._retrying(deadline, lambda: self._initialise(db))
            mode = self._retrying(
                deadline, lambda: db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if mode != "wal":
                raise ProgressStoreError(
                    f"{self.path}: SQLite could not use write-ahead logging here (journal "
                    f"mode {mode!r}); use a local disk, not a network share.")
            db.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise ProgressStoreError(f"{self.path} cannot be used as a progress store "
                                     f"({exc})") from None
        except BaseException:
            db.close()
            raise
        return db

    def _initialise(self, db: sqlite3.Connection) -> None:
        """Under the write lock: check the file is ours (or empty) and create the schema."""
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._check_identity(db) == 0:  # empty: nobody has initialised it yet
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)  # not executescript: it would commit first
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _retrying(self, deadline: float, step):  # noqa: ANN001, ANN202
        """Run ``step``, retrying while SQLite reports the file busy, until ``deadline``.

        SQLite does not call its busy handler for every lock (changing the journal mode,
        a lock upgrade that could deadlock), so those ``database is locked`` answers are
        retried here, with a short growing pause.
        """
        pause = 0.002
        while True:
            try:
                return step()
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.05)

    def close(self) -> None:
        """Close the connection (records are already committed); safe to call twice."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> sqlite3.Connection:
        """The open connection."""
        if self._db is None:
            raise ProgressStoreError(f"the progress store {self.path} is closed")
        return self._db

    # ------------------------------------------------------------------ writing

    def record(self, learner_id: str, module: str, item_id: str, *, correct: bool,
               answer: Any = None) -> Record:
        """Append one result in its own committed transaction and return it.

        Raises
        ------
        ProgressStoreError
            When an argument is invalid (empty ids, ``correct`` not a bool, ``answer``
            not JSON-serialisable); nothing is written.
        """
        rec = _make_record(learner_id, module, item_id, _as_bool(correct), answer,
                           datetime.now(UTC).isoformat(timespec="microseconds"),
                           uuid.uuid4().hex)
        self._insert([rec])
        return rec

    def _insert(self, recs: Iterable[Record]) -> int:
        rows = [(r.uid, r.learner_id, r.module, r.item_id, int(r.correct),
                 _answer_json(r.answer), r.recorded_at) for r in recs]
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO records (uid, learner_id, module, item_id, correct, "
                "answer, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            added = db.total_changes - before
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise ProgressStoreError(f"could not save to {self.path} ({exc}); nothing of this "
                                     f"answer was saved") from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return added

    # ------------------------------------------------------------------ reading

    def records(self, learner_id: str | None = None) -> list[Record]:
        """All records (of one learner, when given) in the order they were written."""
        sql = ("SELECT learner_id, module, item_id, correct, answer, recorded_at, uid "
               "FROM records")
        args: tuple[Any, ...] = ()
        if learner_id is not None:
            sql += " WHERE learner_id = ?"
            args = (learner_id,)
        try:
            rows = self.db.execute(sql + " ORDER BY seq", args).fetchall()
            return [Record(r[0], r[1], r[2], bool(r[3]), json.loads(r[4]) if r[4] else None,
                           r[5], r[6]) for r in rows]
        except (sqlite3.Error, ValueError, TypeError, RecursionError) as exc:
            raise ProgressStoreError(f"{self.path} holds a record that cannot be read "
                                     f"({str(exc)[:200]}); it may be damaged") from None

    def learners(self) -> list[str]:
        """Learner ids with at least one record, in order of their first record."""
        rows = self.db.execute("SELECT learner_id, MIN(seq) AS first FROM records "
                               "GROUP BY learner_id ORDER BY first").fetchall()
        return [r[0] for r in rows]

    def summary(self, learner_id: str,
                catalog: Mapping[str, Iterable[str]] | None = None) -> dict[str, ModuleSummary]:
        """Per-module completion and score, counting each item's latest answer.

        Parameters
        ----------
        learner_id : str
            Whose records to summarise.
        catalog : mapping of module id to item ids, optional
            The knowledge-check items of each module; default: every knowledge check in
            the curriculum (:func:`knowledge_check_catalog`).  Modules of the catalog the
            learner has not started are included (attempted 0); records of items outside
            the catalog count as ``activities``.

        Returns
        -------
        dict of str to ModuleSummary
            In catalog order, then modules only the records mention.
        """
        if catalog is None:
            catalog = knowledge_check_catalog()
        items = {m: set(ids) for m, ids in catalog.items()}
        # SQLite takes the bare column ``correct`` from the row holding MAX(seq): the
        # latest answer to each item.
        rows = self.db.execute(
            "SELECT module, item_id, correct, MAX(seq) FROM records WHERE learner_id = ? "
            "GROUP BY module, item_id", (learner_id,)).fetchall()
        counts: dict[str, list[int]] = {}
        for module, item, correct, _ in rows:
            c = counts.setdefault(module, [0, 0, 0])
            if module not in items or item in items[module]:
                c[0] += 1
                c[1] += int(correct)
            else:
                c[2] += 1
        out: dict[str, ModuleSummary] = {}
        for module in dict.fromkeys([*items, *counts]):
            attempted, correct, activities = counts.get(module, (0, 0, 0))
            known = items.get(module)
            out[module] = ModuleSummary(module, attempted, correct,
                                        len(known) if known is not None else None, activities)
        return out

    # ------------------------------------------------------- export and import

    def export(self, learner_id: str) -> str:
        """One learner's records as a JSON document, for handing to a trainer."""
        return json.dumps(export_document(_text("learner_id", learner_id),
                                          self.records(learner_id)), indent=1)

    def import_records(self, data: str | bytes) -> int:
        """Import an :meth:`export`; returns how many new records were added.

        The whole document is checked first (:func:`parse_export`): bad JSON, another
        format or a single bad record raises :class:`ProgressStoreError` and imports
        nothing.  The records are added in one transaction, and importing the same export
        twice adds nothing the second time (records keep their ``uid``).
        """
        _, recs = parse_export(data)
        return self._insert(recs)


def export_document(learner_id: str, records: Iterable[Record]) -> dict[str, Any]:
    """Records of one learner as the JSON document of :meth:`ProgressStore.export`."""
    return {"format": EXPORT_FORMAT, "version": SCHEMA_VERSION, "learner_id": learner_id,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "records": [asdict(r) for r in records]}


def parse_export(data: str | bytes) -> tuple[str, list[Record]]:
    """Validate an exported JSON document; returns ``(learner_id, records)``.

    Raises
    ------
    ProgressStoreError
        Naming the first problem: not JSON, not an export of this format or version, or
        a record with a missing, unknown or wrong-typed field, or of another learner.
    """
    nothing = "nothing was imported"
    payload = _read_json(data, nothing)
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ProgressStoreError(
            f"the import is not a progress export (expected a JSON object with "
            f"\"format\": \"{EXPORT_FORMAT}\"); {nothing}")
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not (
            1 <= version <= SCHEMA_VERSION):
        raise ProgressStoreError(f"the import has export version {shown(version)}; this "
                                 f"package reads versions 1-{SCHEMA_VERSION}; {nothing}")
    unknown = sorted(set(payload) - _EXPORT_KEYS)
    if unknown:
        raise ProgressStoreError(f"the import has unknown field(s) {names(unknown)}; "
                                 f"{nothing}")
    try:
        learner = _text("learner_id", payload.get("learner_id"))
    except ProgressStoreError as exc:
        raise ProgressStoreError(f"the import's {exc}; {nothing}") from None
    raw = payload.get("records")
    if not isinstance(raw, list):
        raise ProgressStoreError(f"the import has no \"records\" list; {nothing}")
    recs = []
    for n, item in enumerate(raw):
        where = f"record {n} of the import"
        if not isinstance(item, dict):
            raise ProgressStoreError(f"{where} is not a JSON object; {nothing}")
        missing = sorted(_RECORD_KEYS - set(item))
        extra = sorted(set(item) - _RECORD_KEYS)
        if missing or extra:
            what = "; ".join(filter(None, [
                f"missing field(s) {', '.join(missing)}" if missing else "",
                f"unknown field(s) {names(extra)}" if extra else ""]))
            raise ProgressStoreError(f"{where}: {what}; {nothing}")
        try:
            rec = _make_record(item["learner_id"], item["module"], item["item_id"],
                               item["correct"], item["answer"], item["recorded_at"],
                               item["uid"])
        except ProgressStoreError as exc:
            raise ProgressStoreError(f"{where}: {exc}; {nothing}") from None
        if rec.learner_id != learner:
            raise ProgressStoreError(f"{where} belongs to learner {rec.learner_id!r}, not to "
                                     f"{learner!r} whose export this is; {nothing}")
        recs.append(rec)
    return learner, recs


class _TooLarge(ValueError):
    """A number in an export is longer or larger than an export can hold."""


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _TooLarge(f"a number of {len(text):,} digits (at most {MAX_NUMBER_DIGITS})")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if len(text) > 2 * MAX_NUMBER_DIGITS or value in (float("inf"), float("-inf")):
        raise _TooLarge(f"the number {shown(text, 40)}, too long or too large")
    return value


def _json_constant(name: str) -> float:
    raise _TooLarge(f"{name}, which is not a number JSON allows")


def _read_json(data: Any, nothing: str) -> Any:  # noqa: ANN401 - JSON text in, data out
    """Parse an export document within MAX_EXPORT_BYTES, MAX_JSON_DEPTH, MAX_NUMBER_DIGITS."""
    if not isinstance(data, str | bytes | bytearray):
        raise ProgressStoreError(f"the import must be JSON text (str or bytes), not "
                                 f"{type(data).__name__}; {nothing}")
    if len(data) > MAX_EXPORT_BYTES:
        raise ProgressStoreError(f"the import is {len(data):,} characters long; an export is "
                                 f"at most {MAX_EXPORT_BYTES:,}; {nothing}")
    try:
        payload = json.loads(data, parse_int=_json_int, parse_float=_json_float,
                             parse_constant=_json_constant)
    except _TooLarge as exc:
        raise ProgressStoreError(f"the import has {exc}; {nothing}") from None
    except RecursionError:
        payload = None  # nested far too deep for the parser: reported just below
        deep = True
    except (ValueError, UnicodeError) as exc:  # JSONDecodeError is a ValueError
        raise ProgressStoreError(f"the import is not valid JSON ({str(exc)[:200]}); "
                                 f"{nothing}") from None
    else:
        deep = _depth(payload) > MAX_JSON_DEPTH
    if deep:
        raise ProgressStoreError(f"the import nests lists or objects more than "
                                 f"{MAX_JSON_DEPTH} levels deep; {nothing}")
    return payload


def _make_record(learner_id: Any, module: Any, item_id: Any, correct: Any, answer: Any,
                 recorded_at: Any, uid: Any) -> Record:
    if not isinstance(correct, bool):
        raise ProgressStoreError(f"correct must be true or false, got {shown(correct)}")
    _answer_json(answer)
    stamp = _text("recorded_at", recorded_at)
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        raise ProgressStoreError(f"recorded_at must be an ISO timestamp, got {stamp!r}") from None
    if when.tzinfo is None:
        raise ProgressStoreError(f"recorded_at must carry a time zone, got {stamp!r}")
    return Record(_text("learner_id", learner_id), _text("module", module),
                  _text("item_id", item_id), correct, answer, stamp, _text("uid", uid))


def knowledge_check_catalog() -> dict[str, list[str]]:
    """Module -> item ids (``<check-id>/<question-id>``) of every knowledge check."""
    from widgets.core.registry import knowledge_check_items

    return knowledge_check_items()
