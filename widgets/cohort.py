"""Cohort statistics for trainers: a folder of learners' exported records, summarised.

A trainer collects each learner's export (:meth:`widgets.progress.ProgressStore.export`,
one JSON file per learner) in a folder and loads it with :func:`load_cohort`.  Then:

- :func:`completion`: per module, how many learners started, completed (answered every
  question of the module's knowledge check) and passed it (latest answers, at
  its `module.yaml` pass mark).
- :func:`item_statistics`: per knowledge-check item, its **difficulty** (proportion
  correct), its **discrimination** (point-biserial correlation between the item and the
  rest score) and its most chosen **distractors**.
- :func:`follow_up`: learners who may need a conversation, each with the reasons.
- :func:`by_competency`: item results grouped by TAP 21 competency (competency map).
- :func:`demo_cohort` / :func:`write_demo_cohort`: a seeded synthetic cohort of fictional
  learners, so the dashboard works out of the box.

Which attempt counts
--------------------
Learners may answer a question again after seeing its feedback, so a later answer says
more about the feedback than about what the learner knew.  Item statistics therefore use
each learner's **first attempt** at each item.  Completion and passing use the **latest**
answer, as the certificate does.

Discrimination is computed over the learners who answered every question of the item's
check at least once: the item's first-attempt score (0/1) against the learner's
first-attempt score on the *other* questions of the same check (the rest score, so the
item is not correlated with itself).  It is ``None`` with fewer than 3 such learners or
when either score does not vary.

This module is pure: it never imports ipywidgets (the view is :mod:`widgets.views.cohort`).
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from widgets.core.registry import module as registry_module
from widgets.core.registry import module_of_check
from widgets.core.schemas import CompetencyMap
from widgets.core.scoring import DEFAULT_PASS_MARK, Score
from widgets.knowledge_check.schemas import KnowledgeCheck
from widgets.progress import (
    EXPORT_FORMAT,
    SCHEMA_VERSION,
    ProgressStoreError,
    Record,
    parse_export,
)

__all__ = [
    "Cohort",
    "CohortError",
    "CompetencyResult",
    "Distractor",
    "FollowUp",
    "ItemStats",
    "ModuleCompletion",
    "REVIEW_DISCRIMINATION",
    "by_competency",
    "competency_html",
    "completion_html",
    "distractors_html",
    "follow_up_html",
    "item_figure",
    "items_html",
    "cohort_from_exports",
    "completion",
    "default_checks",
    "demo_cohort",
    "follow_up",
    "item_statistics",
    "load_cohort",
    "point_biserial",
    "review_flags",
    "write_demo_cohort",
]

Catalog = Mapping[str, Sequence[str]]
"""Module id -> its knowledge-check item ids (``<check-id>/<question-id>``), in order."""


class CohortError(ValueError):
    """The cohort folder or an export in it cannot be used."""


# ------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Cohort:
    """The records of a group of learners.

    Attributes
    ----------
    learners : dict of str to tuple of Record
        Each learner's records in the order they were made.
    sources : tuple of str
        The files (or labels) the records came from.
    problems : tuple of (str, str)
        Files that were skipped and why (only when loaded with ``strict=False``).
    """

    learners: Mapping[str, tuple[Record, ...]]
    sources: tuple[str, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        """Number of learners."""
        return len(self.learners)

    def latest_time(self) -> datetime | None:
        """The most recent record's time, over the whole cohort."""
        times = [datetime.fromisoformat(r.recorded_at)
                 for recs in self.learners.values() for r in recs]
        return max(times) if times else None


def cohort_from_exports(exports: Iterable[tuple[str, str | bytes]], *,
                        strict: bool = True) -> Cohort:
    """A cohort from ``(label, export JSON)`` pairs.

    The same learner may appear in several exports (say, one a month): their records are
    merged, each record once (by ``uid``), in time order.
    """
    merged: dict[str, dict[str, Record]] = {}
    sources, problems = [], []
    for label, data in exports:
        try:
            learner, recs = parse_export(data)
        except ProgressStoreError as exc:
            message = str(exc).replace("; nothing was imported", "")
            if strict:
                raise CohortError(f"{label}: {message}") from None
            problems.append((label, message))
            continue
        sources.append(label)
        mine = merged.setdefault(learner, {})
        for rec in recs:
            mine.setdefault(rec.uid, rec)
    learners = {}
    for learner in sorted(merged):
        recs = list(merged[learner].values())
        recs.sort(key=lambda r: datetime.fromisoformat(r.recorded_at))  # stable: ties keep order
        learners[learner] = tuple(recs)
    return Cohort(learners, tuple(sources), tuple(problems))


def load_cohort(directory: str | Path, *, strict: bool = False) -> Cohort:
    """Load every ``*.json`` export in a folder (not its sub-folders).

    Parameters
    ----------
    directory : path
        The folder of exports.
    strict : bool
        Raise :class:`CohortError` on the first bad file; by default bad files are
        skipped and listed in :attr:`Cohort.problems`, so one bad file does not hide the
        rest of the cohort.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise CohortError(f"{folder} is not a folder")
    files = sorted(p for p in folder.glob("*.json") if p.is_file())
    if not files:
        raise CohortError(f"{folder} holds no exported records (*.json files)")
    return cohort_from_exports(((str(p), p.read_bytes()) for p in files), strict=strict)


def default_checks() -> dict[str, KnowledgeCheck]:
    """Every knowledge check of the curriculum, by id."""
    from widgets.core.content import index

    return {c.id: c for c in index().of_kind("knowledge-check")}  # type: ignore[misc]


def _catalog(checks: Mapping[str, KnowledgeCheck]) -> dict[str, list[str]]:
    catalog: dict[str, list[str]] = {}
    for check in checks.values():
        catalog.setdefault(module_of_check(check.id).id, []).extend(
            f"{check.id}/{q.id}" for q in check.questions)
    return dict(sorted(catalog.items()))


def _first_and_latest(recs: Iterable[Record]) -> tuple[dict[str, Record], dict[str, Record]]:
    first: dict[str, Record] = {}
    latest: dict[str, Record] = {}
    for rec in recs:
        first.setdefault(rec.item_id, rec)
        latest[rec.item_id] = rec
    return first, latest


# ---------------------------------------------------------------- completion


@dataclass(frozen=True)
class ModuleCompletion:
    """How far a cohort is through one module's knowledge check."""

    module: str
    learners: int
    started: int
    """Learners who answered at least one question of the check."""
    completed: int
    """Learners who answered every question of the check."""
    passed: int
    """Learners whose latest answers reach the pass mark."""
    items: int

    @property
    def completion_rate(self) -> float:
        """Completed over all learners of the cohort."""
        return self.completed / self.learners if self.learners else 0.0

    @property
    def pass_rate(self) -> float:
        """Passed over all learners of the cohort."""
        return self.passed / self.learners if self.learners else 0.0


def _passes(module: str, correct: int, total: int) -> bool:
    try:
        mark = registry_module(module).pass_mark
    except KeyError:
        mark = DEFAULT_PASS_MARK
    return Score(correct, correct, total, mark).passed if total > 0 else False


def completion(cohort: Cohort, catalog: Catalog | None = None) -> list[ModuleCompletion]:
    """Per module (catalog order): learners who started, completed and passed its check."""
    catalog = catalog if catalog is not None else _catalog(default_checks())
    out = []
    for module, items in catalog.items():
        started = completed = passed = 0
        for recs in cohort.learners.values():
            _, latest = _first_and_latest(r for r in recs if r.item_id in items)
            if latest:
                started += 1
            if len(latest) == len(items):
                completed += 1
            if _passes(module, sum(r.correct for r in latest.values()), len(items)):
                passed += 1
        out.append(ModuleCompletion(module, cohort.size, started, completed, passed,
                                    len(items)))
    return out


# ---------------------------------------------------------------- item stats


def point_biserial(item: Sequence[int | bool], rest: Sequence[float]) -> float | None:
    """The point-biserial correlation of a 0/1 item score with a continuous score.

    ``r = (M1 - M0) / s * sqrt(p * q)``, with ``M1``/``M0`` the mean rest score of those
    who got the item right/wrong, ``p``/``q`` the proportions right/wrong and ``s`` the
    population standard deviation of the rest score (equal to Pearson's r).  ``None``
    when either score does not vary or there are fewer than 3 learners.
    """
    if len(item) != len(rest):
        raise ValueError("item and rest scores must have the same length")
    n = len(item)
    if n < 3:
        return None
    right = [y for x, y in zip(item, rest, strict=True) if x]
    wrong = [y for x, y in zip(item, rest, strict=True) if not x]
    if not right or not wrong:
        return None
    mean = sum(rest) / n
    sd = math.sqrt(sum((y - mean) ** 2 for y in rest) / n)
    if sd == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


@dataclass(frozen=True)
class Distractor:
    """A wrong option and how often it was chosen in wrong first attempts."""

    option_id: str
    text: str
    count: int
    share: float
    """Of the item's wrong first attempts, the fraction that chose this option."""


@dataclass(frozen=True)
class ItemStats:
    """First-attempt statistics of one knowledge-check item."""

    item_id: str
    module: str
    prompt: str
    attempts: int
    """Learners who answered the item at least once."""
    correct: int
    """Of those, correct on the first attempt."""
    discrimination: float | None
    n_discrimination: int
    """Learners the discrimination is computed over (those who answered the whole check)."""
    distractors: tuple[Distractor, ...]

    @property
    def difficulty(self) -> float | None:
        """Proportion correct on the first attempt (higher = easier); ``None`` if unseen."""
        return self.correct / self.attempts if self.attempts else None


def _question(checks: Mapping[str, KnowledgeCheck], item_id: str):  # noqa: ANN202
    check_id, _, question_id = item_id.partition("/")
    check = checks.get(check_id)
    if check is None:
        return None
    try:
        return check.question(question_id)
    except KeyError:
        return None


def item_statistics(cohort: Cohort, catalog: Catalog | None = None,
                    checks: Mapping[str, KnowledgeCheck] | None = None, *,
                    top: int = 3) -> list[ItemStats]:
    """Difficulty, discrimination and the ``top`` distractors of every catalog item.

    Parameters
    ----------
    cohort : Cohort
    catalog : mapping, optional
        Module -> check item ids (default: from ``checks``).
    checks : mapping of check id to KnowledgeCheck, optional
        For prompts, option texts and the correct options (default: the curriculum's).
    top : int
        How many distractors to keep per item, most chosen first.
    """
    checks = checks if checks is not None else default_checks()
    catalog = catalog if catalog is not None else _catalog(checks)
    firsts = {lid: _first_and_latest(recs)[0] for lid, recs in cohort.learners.items()}
    out = []
    for module, items in catalog.items():
        complete = [f for f in firsts.values() if all(i in f for i in items)]
        for item in items:
            question = _question(checks, item)
            seen = [f[item] for f in firsts.values() if item in f]
            xs = [int(f[item].correct) for f in complete]
            rest = [sum(int(f[i].correct) for i in items if i != item) for f in complete]
            chosen: dict[str, int] = {}
            wrong = [r for r in seen if not r.correct]
            right_ids = question.correct_ids if question is not None else frozenset()
            for rec in wrong:
                answer = rec.answer if isinstance(rec.answer, list) else [rec.answer]
                for option in dict.fromkeys(str(a) for a in answer):
                    if option not in right_ids:
                        chosen[option] = chosen.get(option, 0) + 1
            texts = {o.id: o.text for o in question.options} if question is not None else {}
            ranked = sorted(chosen.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            distractors = tuple(Distractor(o, texts.get(o, o), n, n / len(wrong))
                                for o, n in ranked)
            out.append(ItemStats(item, module, question.prompt if question else item,
                                 len(seen), sum(r.correct for r in seen),
                                 point_biserial(xs, rest), len(complete), distractors))
    return out


# ----------------------------------------------------------------- follow-up


@dataclass(frozen=True)
class FollowUp:
    """A learner who may need a conversation, with every reason found."""

    learner_id: str
    reasons: tuple[str, ...]


def follow_up(cohort: Cohort, catalog: Catalog | None = None, *,
              low_first_attempt: float = 0.5, stalled_days: int = 7) -> list[FollowUp]:
    """Learners who may need follow-up, most reasons first.

    Reasons (per module):

    - the whole check was answered but the latest answers are below the pass mark;
    - the first attempts on the whole check were below ``low_first_attempt``, even if
      retries then passed (answers may have been found by trial and error);
    - the check was started but not finished, and the learner has recorded nothing for
      ``stalled_days`` days before the cohort's most recent record.
    """
    catalog = catalog if catalog is not None else _catalog(default_checks())
    now = cohort.latest_time()
    out = []
    for learner, recs in cohort.learners.items():
        reasons = []
        last = max((datetime.fromisoformat(r.recorded_at) for r in recs), default=None)
        for module, items in catalog.items():
            first, latest = _first_and_latest(r for r in recs if r.item_id in items)
            total = len(items)
            if not latest:
                continue
            if len(latest) == total:
                right = sum(r.correct for r in latest.values())
                if not _passes(module, right, total):
                    reasons.append(f"{module}: answered the whole check, {right} of {total} "
                                   f"correct ({round(100 * right / total)}%), below the pass "
                                   f"mark")
                first_right = sum(r.correct for r in first.values())
                if first_right / total < low_first_attempt:
                    reasons.append(f"{module}: {first_right} of {total} right at the first "
                                   f"attempt ({round(100 * first_right / total)}%)")
            elif now is not None and last is not None and now - last >= timedelta(
                    days=stalled_days):
                reasons.append(f"{module}: {len(latest)} of {total} questions answered, "
                               f"nothing recorded for {(now - last).days} days")
        if reasons:
            out.append(FollowUp(learner, tuple(reasons)))
    out.sort(key=lambda f: (-len(f.reasons), f.learner_id))
    return out


# ---------------------------------------------------------------- competency


@dataclass(frozen=True)
class CompetencyResult:
    """First-attempt results of the check items mapped to one TAP 21 competency."""

    number: int
    area: str
    summary: str
    items: tuple[str, ...]
    attempts: int
    correct: int

    @property
    def proportion_correct(self) -> float | None:
        """Pooled first-attempt proportion correct over the competency's items."""
        return self.correct / self.attempts if self.attempts else None


def by_competency(stats: Iterable[ItemStats], cmap: CompetencyMap,
                  lookup: Mapping[str, Sequence[int]] | None = None) -> list[CompetencyResult]:
    """Group item results by the competencies each item practises (by number).

    ``lookup`` maps item ids to competency numbers (default: what the modules'
    ``module.yaml`` give, :func:`widgets.core.registry.item_competencies`).
    """
    if lookup is None:
        from widgets.core.registry import item_competencies

        lookup = item_competencies()
    grouped: dict[int, list[ItemStats]] = {}
    for s in stats:
        for n in lookup.get(s.item_id, ()):
            grouped.setdefault(n, []).append(s)
    out = []
    for n in sorted(grouped):
        comp = cmap.competency(n)
        members = grouped[n]
        out.append(CompetencyResult(n, comp.area, comp.summary,
                                    tuple(s.item_id for s in members),
                                    sum(s.attempts for s in members),
                                    sum(s.correct for s in members)))
    return out


# ------------------------------------------------------------ demo cohort

DEMO_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
"""When the fictional demo cohort starts (a fixed date: the demo is reproducible)."""


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _wrong_answer(question, rng: random.Random, attractive: str) -> list[str]:  # noqa: ANN001
    correct = [o.id for o in question.options if o.correct]
    wrong = [o.id for o in question.options if not o.correct]
    if question.type == "single" or not wrong:
        pick = attractive if rng.random() < 0.6 or not wrong else rng.choice(wrong)
        return [pick] if question.type == "single" else sorted(
            set(correct[:-1]) | {pick}, key=[o.id for o in question.options].index)
    if len(correct) > 1 and rng.random() < 0.5:  # left out one right option
        drop = rng.choice(correct)
        return [o for o in correct if o != drop]
    pick = attractive if rng.random() < 0.6 else rng.choice(wrong)
    order = [o.id for o in question.options]
    return sorted({*correct, pick}, key=order.index)


def demo_cohort(n_learners: int = 30, seed: int = 2026,
                checks: Mapping[str, KnowledgeCheck] | None = None) -> list[str]:
    """Exports (JSON) of a synthetic cohort of fictional learners ``learner-01`` ...

    Every random draw comes from a generator seeded by ``seed`` and the learner, module or
    item it concerns, so the cohort is reproducible, and adding a module to the
    curriculum does not change the results of the modules already there.

    The model: each learner has an ability, each item a difficulty and one attractive
    distractor; the first attempt is right with a logistic probability of their
    difference; a wrong answer is usually retried (up to three attempts), and later
    attempts are likelier to be right.  About one learner in eight stops partway through
    a module (and does not go on to later modules); a few never start.
    """
    checks = checks if checks is not None else default_checks()
    by_module: dict[str, list[KnowledgeCheck]] = {}
    for check in checks.values():
        by_module.setdefault(module_of_check(check.id).id, []).append(check)
    docs = []
    for k in range(1, n_learners + 1):
        learner = f"learner-{k:02d}"
        person = random.Random(f"{seed}:learner:{learner}")
        ability = person.gauss(0.4, 1.0)
        never_starts = person.random() < 0.07
        clock = DEMO_START + timedelta(days=person.randint(0, 6), hours=person.randint(0, 8))
        recs: list[dict] = []
        stopped = never_starts
        for m_index, module in enumerate(sorted(by_module)):
            if stopped:
                break
            rng = random.Random(f"{seed}:{learner}:{module}")
            items = [(c, q) for c in by_module[module] for q in c.questions]
            stop_at = rng.randint(1, len(items) - 1) if rng.random() < 0.12 else None
            when = clock + timedelta(days=7 * m_index + rng.randint(0, 3))
            for i, (check, question) in enumerate(items):
                if stop_at is not None and i >= stop_at:
                    stopped = True
                    break
                item_rng = random.Random(f"{seed}:item:{check.id}/{question.id}")
                difficulty = item_rng.uniform(-1.6, 1.2)
                wrong_ids = [o.id for o in question.options if not o.correct]
                attractive = item_rng.choice(wrong_ids) if wrong_ids else ""
                for attempt in range(3):
                    p = _logistic(1.7 * (ability + 1.2 * attempt - difficulty))
                    right = rng.random() < p
                    answer = ([o.id for o in question.options if o.correct] if right
                              else _wrong_answer(question, rng, attractive))
                    when += timedelta(seconds=rng.randint(20, 150))
                    recs.append({"learner_id": learner, "module": module,
                                 "item_id": f"{check.id}/{question.id}", "correct": right,
                                 "answer": answer,
                                 "recorded_at": when.isoformat(timespec="seconds"),
                                 "uid": uuid.UUID(int=rng.getrandbits(128)).hex})
                    if right or rng.random() < 0.15:  # most retry after a wrong answer
                        break
        docs.append(json.dumps({"format": EXPORT_FORMAT, "version": SCHEMA_VERSION,
                                "learner_id": learner, "records": recs}, indent=1))
    return docs


def write_demo_cohort(directory: str | Path, n_learners: int = 30, seed: int = 2026,
                      checks: Mapping[str, KnowledgeCheck] | None = None) -> Path:
    """Write :func:`demo_cohort` as ``learner-NN.json`` files into ``directory``."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for doc in demo_cohort(n_learners, seed, checks):
        learner = json.loads(doc)["learner_id"]
        (folder / f"{learner}.json").write_text(doc, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ rendering

REVIEW_DISCRIMINATION = 0.2
"""Items discriminating less than this are flagged for review (a setting, not a standard)."""
VERY_EASY, VERY_HARD = 0.9, 0.3
"""Items with a first-attempt proportion correct above/below these are flagged too."""


def review_flags(stats: ItemStats) -> list[str]:
    """Why an item may need review (empty when none applies)."""
    flags = []
    if stats.discrimination is not None and stats.discrimination < REVIEW_DISCRIMINATION:
        flags.append(f"discrimination below {REVIEW_DISCRIMINATION:g}")
    if stats.difficulty is not None and stats.difficulty > VERY_EASY:
        flags.append("very easy")
    if stats.difficulty is not None and stats.difficulty < VERY_HARD:
        flags.append("very hard")
    return flags


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{round(100 * value)}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    from html import escape

    # Inline alignment: notebook front ends right-align table cells by default.
    left = 'style="text-align:left;vertical-align:top"'
    body = "".join("<tr>" + "".join(f"<td {left}>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    cols = "".join(f'<th scope="col" {left}>{escape(h)}</th>' for h in head)
    return (f'<table class="iop-cohort"><caption>{escape(caption)}</caption>'
            f"<thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table>")


def completion_html(rows: Sequence[ModuleCompletion]) -> str:
    """Completion per module as an HTML table."""
    return _table("Completion per module (latest answers)",
                  ["Module", "Learners", "Started", "Completed the check", "Passed"],
                  [[r.module, str(r.learners), str(r.started),
                    f"{r.completed} ({_pct(r.completion_rate)})",
                    f"{r.passed} ({_pct(r.pass_rate)})"] for r in rows])


def items_html(stats: Sequence[ItemStats]) -> str:
    """Item difficulty and discrimination as an HTML table, with review flags."""
    from html import escape

    return _table("Knowledge-check items (first attempts)",
                  ["Item", "Answered", "Proportion correct", "Discrimination", "Review"],
                  [[f"<code>{escape(s.item_id)}</code>", str(s.attempts), _pct(s.difficulty),
                    f"{_num(s.discrimination)} (n={s.n_discrimination})",
                    escape(", ".join(review_flags(s))) or "&ndash;"] for s in stats])


def distractors_html(stats: Sequence[ItemStats]) -> str:
    """The most chosen wrong options of each item, as an HTML table."""
    from html import escape

    rows = []
    for s in stats:
        if not s.distractors:
            continue
        chosen = "<br>".join(f"{escape(d.text)} ({d.count}, {_pct(d.share)} of wrong "
                             f"answers)" for d in s.distractors)
        rows.append([f"<code>{escape(s.item_id)}</code>", escape(s.prompt), chosen])
    return _table("Most chosen distractors (wrong first attempts)",
                  ["Item", "Question", "Chosen instead"], rows)


def follow_up_html(people: Sequence[FollowUp]) -> str:
    """Learners who may need follow-up, as an HTML table."""
    from html import escape

    if not people:
        return "<p>No learner meets a follow-up rule.</p>"
    return _table("Learners who may need follow-up", ["Learner", "Why"],
                  [[escape(f.learner_id), "<br>".join(escape(r) for r in f.reasons)]
                   for f in people])


def competency_html(results: Sequence[CompetencyResult]) -> str:
    """Item results grouped by TAP 21 competency, as an HTML table."""
    from html import escape

    return _table("Results by TAP 21 competency (first attempts; our wording)",
                  ["No.", "Area", "Competency", "Items", "Proportion correct"],
                  [[str(r.number), escape(r.area), escape(r.summary), str(len(r.items)),
                    _pct(r.proportion_correct)] for r in results])


def item_figure(stats: Sequence[ItemStats]):  # noqa: ANN201 - widgets.core.figures.AltFigure
    """Difficulty against discrimination, one point per item, coloured by module."""
    from widgets.core.figures import OKABE_ITO, AltFigure, new_figure

    fig = new_figure(7.0, 3.6)
    ax = fig.add_subplot()
    palette = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "reddish_purple",
                                      "vermillion", "sky_blue")]
    markers = "osD^vP"
    shown = [s for s in stats if s.difficulty is not None and s.discrimination is not None]
    modules = list(dict.fromkeys(s.module for s in shown))
    for k, module in enumerate(modules):
        mine = [s for s in shown if s.module == module]
        ax.scatter([s.difficulty for s in mine], [s.discrimination for s in mine],
                   color=palette[k % len(palette)], marker=markers[k % len(markers)],
                   label=module, s=36, edgecolor="white", linewidth=0.5)
    flagged = [s for s in shown if review_flags(s)]
    weak = sorted((s for s in shown if s.discrimination < REVIEW_DISCRIMINATION),
                  key=lambda s: (s.difficulty, s.discrimination))
    for k, s in enumerate(weak):  # staggered labels, so close points stay readable
        ax.annotate(s.item_id.rpartition("/")[2], (s.difficulty, s.discrimination),
                    textcoords="offset points", xytext=(-4, 6 if k % 2 == 0 else -11),
                    ha="right", fontsize=7, color="#222222")
    ax.axhline(REVIEW_DISCRIMINATION, color=OKABE_ITO["grey"], linestyle="--", linewidth=1)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(min([-0.2, *(s.discrimination for s in shown)]) - 0.05, 1)
    ax.set_xlabel("Proportion correct at the first attempt (difficulty)")
    ax.set_ylabel("Point-biserial discrimination")
    ax.set_title("Knowledge-check items", fontsize=11)
    if modules:
        ax.legend(title="Module", fontsize=8, title_fontsize=8, loc="lower left")
    if shown:
        lo_d = min(s.difficulty for s in shown)
        hi_d = max(s.difficulty for s in shown)
        lo_r = min(s.discrimination for s in shown)
        hi_r = max(s.discrimination for s in shown)
        alt = (f"Scatter plot of {len(shown)} knowledge-check items from "
               f"{', '.join(modules)}: proportion correct from {lo_d:.2f} to {hi_d:.2f}, "
               f"discrimination from {lo_r:.2f} to {hi_r:.2f}. A dashed line marks "
               f"{REVIEW_DISCRIMINATION:g}; {len(flagged)} item(s) are flagged for review"
               + (": " + ", ".join(s.item_id for s in flagged) if flagged else "") + ".")
    else:
        alt = "Empty scatter plot: no item has enough answers yet."
    return AltFigure(fig, alt, caption="Each point is one question. Items below the dashed "
                     "line (the review threshold for discrimination) are labelled.")
