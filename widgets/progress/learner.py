"""Who is recording, and what becomes of each answer: recording follows the learner.

Each notebook runs in its own kernel, so who records cannot live in a kernel.  It lives
in a small file in the user's data folder (``learner.json`` beside the default store;
``IOP_LEARNER_FILE`` overrides the path), written when a learner starts or stops
recording from any notebook, and read again at every answer by every kernel.  The learner
is, in order:

1. the learner started or stopped in that file (the progress page, a module's recording
   banner, or :func:`set_learner` in any notebook) — stopping wins over the rest;
2. the ``IOP_LEARNER`` environment variable;
3. on a JupyterHub, the hub's user name (``JUPYTERHUB_USER``): a hub learner records as
   themself without doing anything.

Knowledge checks record each question as ``<check-id>/<question-id>`` with the chosen
option ids; a simulator calls :func:`record_simulation` (``sim/<simulation-id>``).  Each
answer is one committed transaction.  Nothing here raises into a widget: every call
returns a :class:`SaveStatus`, and a failure to save says why, so the widget that tried
can show it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from widgets.progress.store import ProgressStore, ProgressStoreError, _text, default_path
from widgets.progress.sync import forward

__all__ = [
    "Recorder",
    "SaveStatus",
    "Source",
    "current_learner",
    "learner_file",
    "record_answer",
    "record_simulation",
    "recording",
    "session_recorder",
    "set_learner",
    "store_path",
]

Recorder = Callable[[str, str, bool, object], "SaveStatus"]
"""``recorder(module, item_id, correct, answer)``: records one answer, says what happened."""


@dataclass(frozen=True)
class Source:
    """Who records now, and why.

    Attributes
    ----------
    learner : str or None
        The learner answers are recorded for (``None``: not recording).
    how : str
        ``"started"`` (the learner started recording), ``"stopped"`` (they stopped it),
        ``"environment"`` (``IOP_LEARNER``), ``"hub"`` (the JupyterHub user) or ``"none"``.
    store : Path
        The store answers go to.
    """

    learner: str | None
    how: str
    store: Path


def learner_file() -> Path:
    """Where the current learner is kept: ``IOP_LEARNER_FILE``, else beside the store."""
    env = os.environ.get("IOP_LEARNER_FILE")
    if env:
        return Path(env).expanduser()
    if os.environ.get("IOP_PROGRESS_DB"):
        return Path(os.environ["IOP_PROGRESS_DB"]).expanduser().with_name("learner.json")
    return default_path().with_name("learner.json")


def _read_choice() -> dict[str, Any] | None:
    """The learner's own choice (started or stopped), or ``None`` if they made none."""
    path = learner_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no file yet, or one we cannot read: as if no choice was made
    if not isinstance(data, dict) or data.get("state") not in ("started", "stopped"):
        return None
    return data


def recording() -> Source:
    """Who records now (see the module docstring for the order), and into which store."""
    choice = _read_choice()
    if choice is not None:
        store = Path(choice["store"]) if isinstance(choice.get("store"), str) else None
        store = store or default_path()
        learner = choice.get("learner")
        if choice["state"] == "stopped":
            return Source(None, "stopped", store)
        if isinstance(learner, str) and learner.strip():
            return Source(learner, "started", store)
    env = os.environ.get("IOP_LEARNER", "").strip()
    if env:
        return Source(env, "environment", default_path())
    hub = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub:
        return Source(hub, "hub", default_path())
    return Source(None, "none", default_path())


def current_learner() -> str | None:
    """The learner answers are recorded for, in every notebook; ``None`` when nobody."""
    return recording().learner


def store_path() -> Path:
    """The store the current learner records into."""
    return recording().store


def set_learner(learner_id: str | None, path: str | os.PathLike[str] | None = None) -> None:
    """Start recording for ``learner_id`` in every notebook; ``None`` stops recording.

    Parameters
    ----------
    learner_id : str or None
        The learner to record for; ``None`` stops recording everywhere (even when
        ``IOP_LEARNER`` or a hub user name would otherwise apply) until started again.
    path : path-like, optional
        The store to record into (default: :func:`~widgets.progress.store.default_path`).
        It is opened here, so a file that is not a usable store raises now
        (:class:`ProgressStoreError`), not at the first answer.

    Raises
    ------
    ProgressStoreError
        When the learner id is not usable text, the store cannot be used, or the choice
        cannot be saved where every notebook finds it.
    """
    store = Path(path).expanduser() if path is not None else default_path()
    if learner_id is None:
        choice: dict[str, Any] = {"state": "stopped", "learner": None}
    else:
        learner_id = _text("learner id", learner_id).strip()
        ProgressStore(store).close()
        choice = {"state": "started", "learner": learner_id}
    try:
        where = str(store.resolve())
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: a symbolic-link loop
        raise ProgressStoreError(f"the store path {store} cannot be used ({exc})") from None
    choice |= {"store": where, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    target = learner_file()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(choice), encoding="utf-8")
        os.replace(temporary, target)  # atomic: a reader sees the old choice or the new
    except (OSError, ValueError) as exc:
        temporary.unlink(missing_ok=True)  # never leave the half-written file behind
        raise ProgressStoreError(f"cannot save who is recording to {target} "
                                 f"({getattr(exc, 'strerror', None) or exc})") from None


# ---------------------------------------------------------------- saving answers


@dataclass(frozen=True)
class SaveStatus:
    """What became of one answer: saved for a learner, not recorded, or not saved (why).

    Attributes
    ----------
    recording : bool
        Whether a learner was recording (otherwise nothing is recorded, by design).
    saved : bool
        Whether the answer is in the store (committed).
    learner : str or None
        Who it was recorded for.
    problem : str or None
        Why it could not be saved, when ``recording`` and not ``saved``.
    """

    recording: bool
    saved: bool
    learner: str | None = None
    problem: str | None = None

    @property
    def message(self) -> str:
        """One sentence for the learner."""
        if self.saved:
            return f"Saved to your progress (learner {self.learner})."
        if not self.recording:
            return ("Not recorded: start recording (at the top of the module, or on the "
                    "progress page) to keep your answers.")
        return f"Not saved: {self.problem}"


def _save(module: str, item_id: str, correct: bool, answer: object) -> SaveStatus:
    """Record one answer; ``saved`` is True only once the record is committed."""
    try:
        source = recording()
    except Exception as exc:  # noqa: BLE001 - the widget must hear about it, not crash
        return SaveStatus(True, False, None, f"who is recording could not be read ({exc})")
    if source.learner is None:
        return SaveStatus(False, False)
    try:
        with ProgressStore(source.store) as store:
            rec = store.record(source.learner, module, item_id, correct=correct,
                               answer=answer)
    except ProgressStoreError as exc:
        return SaveStatus(True, False, source.learner, str(exc))
    except (OSError, sqlite3.Error) as exc:
        return SaveStatus(True, False, source.learner,
                          f"could not save to {source.store} ({exc}); nothing of this "
                          f"answer was saved")
    except Exception as exc:  # noqa: BLE001 - never lose an answer without a word
        return SaveStatus(True, False, source.learner,
                          f"an unexpected error stopped the save ({type(exc).__name__}: "
                          f"{str(exc)[:200]}); nothing of this answer was saved")
    forward(rec, source.store)  # on to the hub's room service, when there is one (never raises)
    return SaveStatus(True, True, source.learner)


def _not_saved(problem: str) -> SaveStatus:
    """An answer that could not even be addressed (an unknown check or simulation id)."""
    learner = current_learner()
    return SaveStatus(learner is not None, False, learner, problem)


def session_recorder() -> Recorder:
    """The recorder for whoever records now: ``recorder(module, item_id, correct, answer)``.

    Each call is one committed transaction and returns a :class:`SaveStatus`; with no
    learner recording it records nothing and says so.  It never raises.
    """
    return _save


def record_answer(item_id: str, *, correct: bool, answer: Any = None) -> SaveStatus:
    """Record a knowledge-check answer (``<check-id>/<question-id>``) for the learner.

    The module is the one whose ``module.yaml`` lists the check.
    """
    from widgets.core.registry import module_of_check

    try:
        check_id = _text("item_id", item_id).partition("/")[0]
        module = module_of_check(check_id).id
    except (ProgressStoreError, KeyError) as exc:
        return _not_saved(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc))
    return _save(module, item_id, correct, answer)


def record_simulation(simulation_id: str, *, correct: bool = True,
                      answer: Any = None) -> SaveStatus:
    """Record a simulator result for the learner, under ``sim/<simulation_id>``.

    The one line a simulator needs; the module is the one whose ``module.yaml`` lists the
    simulation.  With no learner recording it records nothing (and says so).

    Parameters
    ----------
    simulation_id : str
        The simulation's id in its module's ``module.yaml``.
    correct : bool
        Whether the learner's result met the simulation's goal (``True`` for a simulator
        without a right answer: the record then means "practised").
    answer : JSON value, optional
        What the learner did, e.g. ``{"hours": 10.5, "days": 4}``.

    Returns
    -------
    SaveStatus
        Never raises: an unknown simulation id, an answer that cannot be stored or a
        store that cannot be written gives ``saved=False`` and the reason.
    """
    from widgets.core.registry import module_of_simulation

    try:
        simulation_id = _text("simulation_id", simulation_id)
        module = module_of_simulation(simulation_id).id
    except (ProgressStoreError, KeyError) as exc:
        return _not_saved(str(exc.args[0] if isinstance(exc, KeyError) and exc.args else exc))
    return _save(module, f"sim/{simulation_id}", correct, answer)
