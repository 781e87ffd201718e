"""The kernel side of the room service: send each new record, never lose one.

:func:`forward` is the one hook :mod:`widgets.progress` calls after a record is
committed to the learner's own store.  On a JupyterHub whose configuration starts the
room service (``IOP_ROOM_URL`` and the server's ``JUPYTERHUB_API_TOKEN`` in the
environment), it sends every record of the hub user that the service has not yet
confirmed, the new one included, in one request with a short timeout.  Elsewhere it
does nothing.

Nothing is lost when the service is down: the records are in the local store already.
The ``uid`` of each record the service confirmed is kept in a small SQLite file beside
the store, so the next attempt sends only the rest, and a background thread retries (with
a growing pause) until the service confirms them.  The service stores each ``uid`` once,
so a record sent twice (a reply lost on the way back) is not counted twice.
:func:`forward` never raises: it returns a :class:`RoomStatus` a widget can show.

:func:`fetch_room_exports` is the trainer's side: every learner's export document from the
service, for :func:`widgets.trainer.content.cohort_from_exports`.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from widgets.progress.store import ProgressStore, Record, default_path, export_document

__all__ = ["RoomStatus", "fetch_room_exports", "forward", "last_status", "pending", "room_url",
           "sync"]

log = logging.getLogger(__name__)
URL_ENV = "IOP_ROOM_URL"
#: seconds a send may take before the record is left for the retry thread
TIMEOUT_S = 2.0
#: records per request (a long-offline kernel catches up in several)
BATCH = 500
_RETRY_FIRST_S, _RETRY_MAX_S = 2.0, 60.0


@dataclass(frozen=True)
class RoomStatus:
    """What happened to the learner's records on the way to the room.

    Attributes
    ----------
    state : {"off", "sent", "pending"}
        ``off``: not on a hub with a room service (nothing to do); ``sent``: the service
        holds every record; ``pending``: some are only in the local store for now and will
        be sent when the service answers.
    pending : int
        Records not yet confirmed by the service.
    message : str
        One sentence for the learner.
    """

    state: Literal["off", "sent", "pending"]
    pending: int = 0
    message: str = ""


_OFF = RoomStatus("off", 0, "Answers are kept on this computer only (no room service).")
_lock = threading.Lock()
_retry: threading.Thread | None = None
_last: RoomStatus = _OFF


def room_url() -> str | None:
    """The room service's base URL when this kernel runs on a hub that has one."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url or not os.environ.get("JUPYTERHUB_API_TOKEN"):
        return None
    return url.rstrip("/") + "/"


def _acks_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.stem + ".room-sent.sqlite3")


def _acks(store_path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(_acks_path(store_path), timeout=5, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("CREATE TABLE IF NOT EXISTS sent (uid TEXT PRIMARY KEY)")
    return db


def pending(store_path: str | os.PathLike[str] | None = None,
            learner: str | None = None) -> list[Record]:
    """The hub user's records in the local store that the service has not confirmed."""
    path = Path(store_path) if store_path is not None else default_path()
    learner = learner or os.environ.get("JUPYTERHUB_USER", "")
    if not learner or not path.exists():
        return []
    with ProgressStore(path) as store:
        records = store.records(learner)
    db = _acks(path)
    try:
        sent = {r[0] for r in db.execute("SELECT uid FROM sent")}
    finally:
        db.close()
    return [r for r in records if r.uid not in sent]


def _post(url: str, learner: str, records: list[Record]) -> list[str]:
    """Send one batch; returns the uids the service confirmed."""
    body = json.dumps(export_document(learner, records)).encode()
    request = urllib.request.Request(
        url + "api/records", data=body, method="POST",
        headers={"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}",
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
        return list(json.loads(reply.read())["stored"])


def sync(store_path: str | os.PathLike[str] | None = None) -> RoomStatus:
    """Send every unconfirmed record of the hub user now; never raises."""
    global _last
    url = room_url()
    learner = os.environ.get("JUPYTERHUB_USER", "")
    if url is None or not learner:
        return _OFF
    path = Path(store_path) if store_path is not None else default_path()
    with _lock:
        try:
            todo = pending(path, learner)
            while todo:
                stored = _post(url, learner, todo[:BATCH])
                db = _acks(path)
                try:
                    db.executemany("INSERT OR IGNORE INTO sent (uid) VALUES (?)",
                                   [(u,) for u in stored])
                finally:
                    db.close()
                done = set(stored)
                if not done & {r.uid for r in todo[:BATCH]}:
                    raise RuntimeError("the room service confirmed none of the records")
                todo = [r for r in todo if r.uid not in done]
            _last = RoomStatus("sent", 0, "Your answers reached the trainer's room view.")
        except Exception as exc:  # noqa: BLE001 - a click must never fail on the network
            why = (f"the room service answered {exc.code}" if isinstance(
                exc, urllib.error.HTTPError) else f"the room service is not reachable ({exc})")
            left = len(pending(path, learner)) if path.exists() else 0
            _last = RoomStatus("pending", left, f"Saved on your server; {left} answer(s) "
                               f"will reach the room when it is back ({why}).")
            log.info("room: %s", _last.message)
    return _last


def _retry_until_sent(store_path: Path) -> None:
    global _retry
    pause = _RETRY_FIRST_S
    try:
        while True:
            time.sleep(pause)
            if sync(store_path).state != "pending":
                return
            pause = min(pause * 2, _RETRY_MAX_S)
    finally:
        with _lock:
            _retry = None


def forward(record: Record | None = None,
            store_path: str | os.PathLike[str] | None = None) -> RoomStatus:
    """Send ``record`` (and any earlier record the room missed); the hook for records.

    Called by :mod:`widgets.progress` right after a record is committed to the local
    store at ``store_path`` (default :func:`widgets.progress.default_path`).  A no-op
    (state ``"off"``) unless this kernel runs on a hub with the room service, and for a
    record of anyone but the hub user.  Takes at most about :data:`TIMEOUT_S` seconds
    per batch; when the service does not answer, a background thread keeps retrying.
    Never raises.
    """
    global _retry, _last
    try:
        if room_url() is None or (record is not None and record.learner_id
                                  != os.environ.get("JUPYTERHUB_USER")):
            return _OFF
        path = Path(store_path) if store_path is not None else default_path()
        if _retry is not None:  # the service was down a moment ago: don't make a click wait
            left = len(pending(path))
            _last = RoomStatus("pending", left, f"Saved on your server; {left} answer(s) "
                               f"will reach the room when it is back.")
            return _last
        status = sync(path)
        if status.state == "pending":
            with _lock:
                if _retry is None:
                    _retry = threading.Thread(target=_retry_until_sent, args=(path,),
                                              name="iop-room-retry", daemon=True)
                    _retry.start()
        return status
    except Exception as exc:  # noqa: BLE001 - the widget must keep working
        log.warning("room: could not forward a record: %s", exc)
        return RoomStatus("pending", 0, f"Saved on your server; not sent to the room ({exc}).")


def last_status() -> RoomStatus:
    """The outcome of the latest attempt in this kernel."""
    return _last


def fetch_room_exports(url: str | None = None, token: str | None = None, *,
                       timeout_s: float = 10.0) -> list[tuple[str, str]]:
    """Every learner's records from the room service, as ``(label, export JSON)`` pairs.

    For the trainer's cohort dashboard:
    ``cohort_from_exports(fetch_room_exports())``.  ``url`` and ``token`` default to the
    kernel's ``IOP_ROOM_URL`` and ``JUPYTERHUB_API_TOKEN`` (a trainer's server token
    carries the room's read scope).

    Raises
    ------
    RuntimeError
        When the service cannot be reached or refuses (403: not a trainer), naming which.
    """
    url = (url or room_url() or "").rstrip("/")
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not url or not token:
        raise RuntimeError(f"no room service here: {URL_ENV} and JUPYTERHUB_API_TOKEN are set "
                           f"on a JupyterHub that runs it")
    request = urllib.request.Request(url + "/api/records",
                                     headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as reply:
            data = json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        why = "only trainers can read the room" if exc.code == 403 else exc.reason
        raise RuntimeError(f"the room service at {url} refused ({exc.code}: {why})") from None
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"the room service at {url} could not be read ({exc})") from None
    exports: Iterable[dict] = data.get("exports", [])
    return [(f"room: {doc.get('learner_id')}", json.dumps(doc)) for doc in exports]
