"""The trainer's data: learners' exported records, the curriculum's checks and competency
map, and the demo cohort.

A trainer collects each learner's export (:meth:`widgets.progress.ProgressStore.export`,
one JSON file per learner) in a folder and loads it with :func:`load_cohort`.  **The
loader skips and lists any bad file, whatever is wrong with it**: not JSON, not an
export, nested too deeply, a number too long to read, bad text encoding, too large, not
a regular file (a folder, a FIFO, a device), unreadable; one bad file never hides the
rest of the cohort.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from widgets.core import registry
from widgets.core.content import ContentIndex, index
from widgets.core.schemas import CompetencyMap
from widgets.knowledge_check.schemas import KnowledgeCheck
from widgets.progress import EXPORT_FORMAT, SCHEMA_VERSION, ProgressStoreError, parse_export
from widgets.trainer.model.coverage import Coverage, coverage
from widgets.trainer.model.demo import demo_records, simulate_cohort_records
from widgets.trainer.model.statistics import MAX_LEARNERS, Cohort, Course, merge_records

__all__ = [
    "MAP_ID",
    "MAX_EXPORT_BYTES",
    "MAX_EXPORT_FILES",
    "CohortError",
    "cohort_from_exports",
    "competency_lookup",
    "coverage_data",
    "curriculum_course",
    "default_checks",
    "demo_cohort",
    "demo_exports",
    "load_cohort",
    "load_map",
    "validate_map",
]

MAX_EXPORT_BYTES = 20 * 1024**2
"""Largest export file read (20 MB; a learner's whole record is a few hundred kB)."""
MAX_EXPORT_FILES = MAX_LEARNERS
"""Most export files in one cohort folder."""
MAP_ID = "competency-map"


class CohortError(ValueError):
    """The cohort folder or an export in it cannot be used."""


# ------------------------------------------------------------------- exports


def _parse(label: str, data: str | bytes) -> tuple[str, str, list]:
    """``(label, learner, records)`` of one export; :class:`CohortError` naming the problem.

    Every failure of a bad file becomes a message: the export format's own errors, and
    what the JSON reader raises on hostile input (deep nesting, huge numbers, bad bytes).
    """
    try:
        learner, records = parse_export(data)
    except ProgressStoreError as exc:
        problem = str(exc).replace("; nothing was imported", "")
    except RecursionError:
        problem = "the file is nested too deeply to be an export"
    except MemoryError:
        problem = "the file is too large to read"
    except UnicodeError as exc:
        problem = f"the file is not UTF-8 text ({exc.reason})"
    except ValueError as exc:  # e.g. a number with thousands of digits
        problem = f"the file cannot be read as an export ({exc})"
    except Exception as exc:  # noqa: BLE001 - skip and list any bad file, whatever is wrong
        problem = f"the file cannot be read as an export ({type(exc).__name__}: {exc})"
    else:
        return label, learner, records
    raise CohortError(f"{label}: {problem}")


def cohort_from_exports(exports: Iterable[tuple[str, str | bytes]], *,
                        strict: bool = True) -> Cohort:
    """A cohort from ``(label, export JSON)`` pairs.

    The same learner may appear in several exports (say, one a month): their records are
    merged, each record once (by ``uid``), in time order.  With ``strict`` the first bad
    export raises :class:`CohortError`; otherwise bad exports are skipped and listed in
    :attr:`Cohort.problems`.
    """
    parsed, problems = [], []
    for label, data in exports:
        try:
            parsed.append(_parse(label, data))
        except CohortError as exc:
            if strict:
                raise
            problems.append((label, str(exc).removeprefix(f"{label}: ")))
    try:
        return merge_records(parsed, problems)
    except ValueError as exc:
        raise CohortError(str(exc)) from None


def _read_export(path: Path) -> bytes:
    """The bytes of one export file; :class:`CohortError` if it is not one to read.

    Opened without blocking and checked on the open file, so a FIFO or device named
    ``*.json`` is refused rather than read (or waited on), even if it replaced a file
    after the folder was listed.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise CohortError(f"{path}: the file cannot be read (permission denied)") from None
    except OSError as exc:
        reason = ("a folder, not a file" if exc.errno == errno.EISDIR
                  else exc.strerror or str(exc))
        raise CohortError(f"{path}: the file cannot be opened ({reason})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else
                    "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else
                    "a device or socket")
            raise CohortError(f"{path}: not a regular file ({kind})")
        if info.st_size > MAX_EXPORT_BYTES:
            raise CohortError(f"{path}: the file is {info.st_size / 1024**2:.0f} MB; an "
                              f"export is at most {MAX_EXPORT_BYTES // 1024**2} MB")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_EXPORT_BYTES + 1)
        if len(data) > MAX_EXPORT_BYTES:
            raise CohortError(f"{path}: the file is larger than "
                              f"{MAX_EXPORT_BYTES // 1024**2} MB, the most an export is")
        return data
    except OSError as exc:
        raise CohortError(f"{path}: the file cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def load_cohort(directory: str | os.PathLike[str], *, strict: bool = False) -> Cohort:
    """Load every ``*.json`` export in a folder (not its sub-folders).

    Parameters
    ----------
    directory : path
        The folder of exports (``~`` is expanded).
    strict : bool
        Raise :class:`CohortError` on the first bad file; by default bad files are
        skipped and listed in :attr:`Cohort.problems`, so one bad file does not hide the
        rest of the cohort.

    Raises
    ------
    CohortError
        The folder does not exist or holds no ``*.json`` file, or more than
        :data:`MAX_EXPORT_FILES` of them (and, with ``strict``, a bad file).
    """
    folder = Path(directory).expanduser()
    if not folder.is_dir():
        raise CohortError(f"{folder} is not a folder")
    try:
        files = sorted(folder.glob("*.json"))
    except OSError as exc:
        raise CohortError(f"{folder} cannot be listed ({exc.strerror or exc})") from None
    if not files:
        raise CohortError(f"{folder} holds no exported records (*.json files)")
    if len(files) > MAX_EXPORT_FILES:
        raise CohortError(f"{folder} holds {len(files)} *.json files; a cohort folder holds "
                          f"at most {MAX_EXPORT_FILES}")
    readable, problems = [], []
    for path in files:
        try:
            readable.append((str(path), _read_export(path)))
        except CohortError as exc:
            if strict:
                raise
            problems.append((str(path), str(exc).removeprefix(f"{path}: ")))
    cohort = cohort_from_exports(readable, strict=strict)
    listed = dict(problems)
    listed.update(cohort.problems)
    skipped = tuple((name, listed[name]) for name in (str(p) for p in files) if name in listed)
    return Cohort(cohort.learners, cohort.sources, skipped)


# -------------------------------------------------------------- the curriculum


def default_checks(root: Path | None = None) -> dict[str, KnowledgeCheck]:
    """Every knowledge check of the curriculum, by id."""
    return {c.id: c for c in index(root).of_kind("knowledge-check")}  # type: ignore[misc]


def curriculum_course(checks: Mapping[str, KnowledgeCheck] | None = None) -> Course:
    """The course the statistics read: each module's check items and pass mark.

    Parameters
    ----------
    checks : mapping of check id to KnowledgeCheck, optional
        The checks (default: the curriculum's); each one's module is the module whose
        ``module.yaml`` lists it.
    """
    checks = checks if checks is not None else default_checks()
    owners = {cid: registry.module_of_check(cid) for cid in checks}
    return Course.from_checks(checks, lambda cid: owners[cid].id,
                              {m.id: m.pass_mark for m in owners.values()})


def competency_lookup() -> dict[str, tuple[int, ...]]:
    """Recorded item id -> the TAP 21 competencies it practises (from ``module.yaml``)."""
    return registry.item_competencies()


def load_map(idx: ContentIndex | None = None) -> CompetencyMap:
    """The curriculum's competency map (``kind: competency-map``, ``id: competency-map``)."""
    cmap = (idx or index()).get("competency-map", MAP_ID)
    assert isinstance(cmap, CompetencyMap)
    return cmap


def validate_map(idx: ContentIndex | None = None, root: Path | None = None) -> CompetencyMap:
    """The competency map, after checking the whole curriculum's content.

    Each module's competencies are in its ``module.yaml``; the content checks of
    :mod:`widgets.core.registry` (run by the index) check them against this catalogue.

    Raises
    ------
    ContentError
        Naming the file, the entry and the field of the first problem.
    """
    return load_map(idx or index(root))


def coverage_data(cmap: CompetencyMap | None = None,
                  idx: ContentIndex | None = None) -> Coverage:
    """The coverage page's data for a curriculum (default: this one, validated)."""
    idx = idx or index()
    cmap = cmap or validate_map(idx)
    return coverage(cmap, list(idx.of_kind("module")))  # type: ignore[arg-type]


# ------------------------------------------------------------------ demo cohort


def demo_cohort(n_learners: int = 30, seed: int = 2026, course: Course | None = None) -> Cohort:
    """A seeded synthetic cohort of fictional learners, built in memory (no files)."""
    return demo_records(course or curriculum_course(), n_learners, seed)


def demo_exports(n_learners: int = 30, seed: int = 2026,
                 course: Course | None = None) -> list[str]:
    """The demo cohort as export documents (JSON), one per learner, as learners export."""
    records = simulate_cohort_records(course or curriculum_course(), n_learners, seed)
    return [json.dumps({"format": EXPORT_FORMAT, "version": SCHEMA_VERSION,
                        "learner_id": learner,
                        "records": [{"learner_id": r.learner_id, "module": r.module,
                                     "item_id": r.item_id, "correct": r.correct,
                                     "answer": r.answer, "recorded_at": r.recorded_at,
                                     "uid": r.uid} for r in recs]}, indent=1)
            for learner, recs in records.items()]
