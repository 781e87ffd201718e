"""Cohort statistics for trainers: a group of learners' records, summarised.

- :func:`completion`: per module, how many learners started, completed (answered every
  question of the module's knowledge check) and passed it (latest answers, at the
  module's pass mark).
- :func:`item_statistics`: per knowledge-check item, its **difficulty** (proportion
  correct), its **discrimination** (point-biserial correlation between the item and the
  rest score) and its most chosen **distractors**.
- :func:`follow_up`: learners who may need a conversation, each with the reasons.
- :func:`by_competency`: item results grouped by TAP 21 competency.

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

Pure: the curriculum (which module owns which check, the pass marks) comes in as a
:class:`Course`; the records as any objects with the fields of a learner record.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from widgets.core.schemas import CompetencyMap
from widgets.core.scoring import DEFAULT_PASS_MARK, Score
from widgets.knowledge_check.schemas import KnowledgeCheck, Question

__all__ = [
    "MAX_LEARNERS",
    "MAX_STALLED_DAYS",
    "MAX_TOP",
    "REVIEW_DISCRIMINATION",
    "VERY_EASY",
    "VERY_HARD",
    "Answer",
    "AnswerRecord",
    "Cohort",
    "CompetencyResult",
    "Course",
    "Distractor",
    "FollowUp",
    "ItemStats",
    "ModuleCompletion",
    "by_competency",
    "completion",
    "follow_up",
    "item_statistics",
    "merge_records",
    "point_biserial",
    "review_flags",
]

MAX_LEARNERS = 5000
"""Most learners in one cohort (a trainer's groups are far smaller)."""
MAX_TOP = 20
"""Most distractors listed per item."""
MAX_STALLED_DAYS = 3650
"""Longest "nothing recorded for" period a follow-up rule may wait for (ten years)."""

REVIEW_DISCRIMINATION = 0.2
"""Items discriminating less than this are flagged for review (a setting, not a standard)."""
VERY_EASY, VERY_HARD = 0.9, 0.3
"""Items with a first-attempt proportion correct above/below these are flagged too."""


# ------------------------------------------------------------------- records


class AnswerRecord(Protocol):
    """What the statistics read of one learner record (``widgets.progress.Record`` has it)."""

    learner_id: str
    item_id: str
    correct: bool
    answer: Any
    recorded_at: str
    uid: str


@dataclass(frozen=True)
class Answer:
    """One recorded answer (the demo cohort's records; the same fields as a learner's)."""

    learner_id: str
    module: str
    item_id: str
    correct: bool
    answer: Any
    recorded_at: str
    uid: str


@dataclass(frozen=True)
class Cohort:
    """The records of a group of learners.

    Attributes
    ----------
    learners : dict of str to tuple of records
        Each learner's records in the order they were made.
    sources : tuple of str
        The files (or labels) the records came from.
    problems : tuple of (str, str)
        Files that were skipped and why.
    """

    learners: Mapping[str, tuple[AnswerRecord, ...]]
    sources: tuple[str, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if len(self.learners) > MAX_LEARNERS:
            raise ValueError(f"a cohort holds at most {MAX_LEARNERS} learners, got "
                             f"{len(self.learners)}")

    @property
    def size(self) -> int:
        """Number of learners."""
        return len(self.learners)

    def latest_time(self) -> datetime | None:
        """The most recent record's time, over the whole cohort."""
        times = [datetime.fromisoformat(r.recorded_at)
                 for recs in self.learners.values() for r in recs]
        return max(times) if times else None


def merge_records(batches: Iterable[tuple[str, str, Sequence[AnswerRecord]]],
                  problems: Iterable[tuple[str, str]] = ()) -> Cohort:
    """A cohort from ``(source, learner id, records)`` batches, one per export.

    The same learner may appear in several exports (say, one a month): their records are
    merged, each record once (by ``uid``), in time order.
    """
    merged: dict[str, dict[str, AnswerRecord]] = {}
    sources = []
    for source, learner, recs in batches:
        sources.append(source)
        mine = merged.setdefault(learner, {})
        if len(merged) > MAX_LEARNERS:
            raise ValueError(f"a cohort holds at most {MAX_LEARNERS} learners; "
                             f"{source} adds one more")
        for rec in recs:
            mine.setdefault(rec.uid, rec)
    learners = {}
    for learner in sorted(merged):
        recs = list(merged[learner].values())
        recs.sort(key=lambda r: datetime.fromisoformat(r.recorded_at))  # stable: ties keep order
        learners[learner] = tuple(recs)
    return Cohort(learners, tuple(sources), tuple(problems))


def _first_and_latest(recs: Iterable[AnswerRecord]
                      ) -> tuple[dict[str, AnswerRecord], dict[str, AnswerRecord]]:
    first: dict[str, AnswerRecord] = {}
    latest: dict[str, AnswerRecord] = {}
    for rec in recs:
        first.setdefault(rec.item_id, rec)
        latest[rec.item_id] = rec
    return first, latest


# -------------------------------------------------------------------- course


@dataclass(frozen=True)
class Course:
    """What the statistics need to know of a curriculum.

    Attributes
    ----------
    catalog : mapping of str to tuple of str
        Module id -> its knowledge-check item ids (``<check-id>/<question-id>``), in order.
    checks : mapping of str to KnowledgeCheck
        The checks by id (for prompts, option texts and the correct options).
    pass_marks : mapping of str to float
        Module id -> its pass mark (``DEFAULT_PASS_MARK`` for a module not listed).
    """

    catalog: Mapping[str, tuple[str, ...]]
    checks: Mapping[str, KnowledgeCheck] = field(default_factory=dict)
    pass_marks: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        catalog = {str(m): tuple(items) for m, items in self.catalog.items()}
        for module, items in catalog.items():
            if not all(isinstance(i, str) for i in items):
                raise TypeError(f"catalog: the items of module {module!r} must be item ids "
                                f"(text), got {list(items)!r}")
        for module, mark in self.pass_marks.items():
            if isinstance(mark, bool) or not isinstance(mark, numbers.Real) \
                    or not 0 < mark <= 1:
                raise ValueError(f"pass_marks: module {module!r} has pass mark {mark!r}; a "
                                 f"pass mark is a fraction in (0, 1]")
        object.__setattr__(self, "catalog", catalog)

    @classmethod
    def from_checks(cls, checks: Mapping[str, KnowledgeCheck],
                    module_of: Callable[[str], str],
                    pass_marks: Mapping[str, float] | None = None) -> Course:
        """The course of these checks; ``module_of(check_id)`` names each one's module."""
        catalog: dict[str, list[str]] = {}
        for check in checks.values():
            catalog.setdefault(module_of(check.id), []).extend(
                f"{check.id}/{q.id}" for q in check.questions)
        return cls({m: tuple(catalog[m]) for m in sorted(catalog)}, dict(checks),
                   dict(pass_marks or {}))

    def passes(self, module: str, correct: int, total: int) -> bool:
        """Whether ``correct`` of ``total`` reaches the module's pass mark."""
        mark = float(self.pass_marks.get(module, DEFAULT_PASS_MARK))
        return Score(correct, correct, total, mark).passed if total > 0 else False

    def question(self, item_id: str) -> Question | None:
        """The question of an item id, or ``None`` when the checks do not have it."""
        check_id, _, question_id = item_id.partition("/")
        check = self.checks.get(check_id)
        if check is None:
            return None
        try:
            return check.question(question_id)
        except KeyError:
            return None


def _cohort_and_course(cohort: object, course: object) -> None:
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort, got {type(cohort).__name__}")
    if not isinstance(course, Course):
        raise TypeError(f"course must be a Course, got {type(course).__name__}")


def _whole(name: str, value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number from {lo} to {hi}, got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, got {value}")
    return int(value)


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


def completion(cohort: Cohort, course: Course) -> list[ModuleCompletion]:
    """Per module (catalog order): learners who started, completed and passed its check."""
    _cohort_and_course(cohort, course)
    out = []
    for module, items in course.catalog.items():
        wanted = set(items)
        started = completed = passed = 0
        for recs in cohort.learners.values():
            _, latest = _first_and_latest(r for r in recs if r.item_id in wanted)
            if latest:
                started += 1
            if len(latest) == len(items):
                completed += 1
            if course.passes(module, sum(r.correct for r in latest.values()), len(items)):
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

    Raises
    ------
    ValueError
        Scores of different lengths or longer than :data:`MAX_LEARNERS`, an item score
        other than 0 or 1, a rest score that is not finite.
    TypeError
        A score that is not a number.
    """
    item, rest = list(item), list(rest)
    if len(item) != len(rest):
        raise ValueError(f"item and rest scores must have the same length, got "
                         f"{len(item)} and {len(rest)}")
    if len(item) > MAX_LEARNERS:
        raise ValueError(f"item and rest scores hold at most {MAX_LEARNERS} learners, got "
                         f"{len(item)}")
    for x in item:
        if not isinstance(x, numbers.Real) or x not in (0, 1):
            raise ValueError(f"item scores are 0 or 1 (or true/false), got {x!r}")
    for y in rest:
        if isinstance(y, bool) or not isinstance(y, numbers.Real):
            raise TypeError(f"rest scores are numbers, got {y!r}")
        if not math.isfinite(y) or abs(y) > 1e9:
            raise ValueError(f"rest scores are finite numbers from -1e9 to 1e9, got {y!r}")
    n = len(item)
    if n < 3:
        return None
    right = [float(y) for x, y in zip(item, rest, strict=True) if x]
    wrong = [float(y) for x, y in zip(item, rest, strict=True) if not x]
    if not right or not wrong:
        return None
    mean = math.fsum(right + wrong) / n
    sd = math.sqrt(math.fsum((y - mean) ** 2 for y in right + wrong) / n)
    if sd == 0:
        return None
    p = len(right) / n
    r = (math.fsum(right) / len(right) - math.fsum(wrong) / len(wrong)) / sd \
        * math.sqrt(p * (1 - p))
    return max(-1.0, min(1.0, r))  # rounding may land a hair outside [-1, 1]


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


def _chosen(answer: Any) -> list[str]:  # noqa: ANN401 - a record's answer is any JSON
    """The option ids of a knowledge-check answer (a list, or one value)."""
    values = answer if isinstance(answer, list) else [answer]
    return list(dict.fromkeys(str(a) for a in values))


def item_statistics(cohort: Cohort, course: Course, *, top: int = 3) -> list[ItemStats]:
    """Difficulty, discrimination and the ``top`` distractors of every catalog item.

    Parameters
    ----------
    cohort : Cohort
    course : Course
        The modules' items, and the checks for prompts, option texts and correct options.
    top : int
        How many distractors to keep per item, most chosen first (0 to :data:`MAX_TOP`).
    """
    _cohort_and_course(cohort, course)
    top = _whole("top", top, 0, MAX_TOP)
    firsts = {lid: _first_and_latest(recs)[0] for lid, recs in cohort.learners.items()}
    out = []
    for module, items in course.catalog.items():
        complete = [f for f in firsts.values() if all(i in f for i in items)]
        for item in items:
            question = course.question(item)
            seen = [f[item] for f in firsts.values() if item in f]
            xs = [int(f[item].correct) for f in complete]
            rest = [sum(int(f[i].correct) for i in items if i != item) for f in complete]
            chosen: dict[str, int] = {}
            wrong = [r for r in seen if not r.correct]
            right_ids = question.correct_ids if question is not None else frozenset()
            for rec in wrong:
                for option in _chosen(rec.answer):
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


# ----------------------------------------------------------------- follow-up


@dataclass(frozen=True)
class FollowUp:
    """A learner who may need a conversation, with every reason found."""

    learner_id: str
    reasons: tuple[str, ...]


def follow_up(cohort: Cohort, course: Course, *, low_first_attempt: float = 0.5,
              stalled_days: int = 7) -> list[FollowUp]:
    """Learners who may need follow-up, most reasons first.

    Reasons (per module):

    - the whole check was answered but the latest answers are below the pass mark;
    - the first attempts on the whole check were below ``low_first_attempt`` (a fraction
      from 0 to 1), even if retries then passed (answers may have been found by trial and
      error);
    - the check was started but not finished, and the learner has recorded nothing for
      ``stalled_days`` days (0 to :data:`MAX_STALLED_DAYS`) before the cohort's most
      recent record.
    """
    _cohort_and_course(cohort, course)
    if isinstance(low_first_attempt, bool) or not isinstance(low_first_attempt, numbers.Real) \
            or not 0 <= low_first_attempt <= 1:
        raise ValueError(f"low_first_attempt is a fraction from 0 to 1, got "
                         f"{low_first_attempt!r}")
    stalled = timedelta(days=_whole("stalled_days", stalled_days, 0, MAX_STALLED_DAYS))
    now = cohort.latest_time()
    out = []
    for learner, recs in cohort.learners.items():
        reasons = []
        last = max((datetime.fromisoformat(r.recorded_at) for r in recs), default=None)
        for module, items in course.catalog.items():
            wanted = set(items)
            first, latest = _first_and_latest(r for r in recs if r.item_id in wanted)
            total = len(items)
            if not latest:
                continue
            if len(latest) == total:
                right = sum(r.correct for r in latest.values())
                if not course.passes(module, right, total):
                    reasons.append(f"{module}: answered the whole check, {right} of {total} "
                                   f"correct ({round(100 * right / total)}%), below the pass "
                                   f"mark")
                first_right = sum(r.correct for r in first.values())
                if first_right / total < low_first_attempt:
                    reasons.append(f"{module}: {first_right} of {total} right at the first "
                                   f"attempt ({round(100 * first_right / total)}%)")
            elif now is not None and last is not None and now - last >= stalled:
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
                  lookup: Mapping[str, Sequence[int]]) -> list[CompetencyResult]:
    """Group item results by the competencies each item practises (by number).

    ``lookup`` maps item ids to competency numbers (what the modules' ``module.yaml``
    give, :func:`widgets.core.registry.item_competencies`).
    """
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
