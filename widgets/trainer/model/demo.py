"""A seeded synthetic cohort of fictional learners, so the dashboard works out of the box.

The cohort is built in memory (no files, nothing left behind); see
:func:`widgets.trainer.content.demo_exports` for the same cohort as export files.
"""

from __future__ import annotations

import math
import numbers
import random
import uuid
from datetime import UTC, datetime, timedelta

from widgets.knowledge_check.schemas import Question
from widgets.trainer.model.statistics import Answer, Cohort, Course

__all__ = ["DEMO_START", "MAX_DEMO_LEARNERS", "demo_records", "simulate_cohort_records"]

DEMO_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
"""When the fictional demo cohort starts (a fixed date: the demo is reproducible)."""
MAX_DEMO_LEARNERS = 500
"""Most learners in a demo cohort."""


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _wrong_answer(question: Question, rng: random.Random, attractive: str) -> list[str]:
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


def simulate_cohort_records(course: Course, n_learners: int = 30,
                            seed: int = 2026) -> dict[str, list[Answer]]:
    """The records of a synthetic cohort of fictional learners ``learner-01`` ...

    Every random draw comes from a generator seeded by ``seed`` and the learner, module or
    item it concerns, so the cohort is reproducible, and adding a module to the
    curriculum does not change the results of the modules already there.

    The model: each learner has an ability, each item a difficulty and one attractive
    distractor; the first attempt is right with a logistic probability of their
    difference; a wrong answer is usually retried (up to three attempts), and later
    attempts are likelier to be right.  About one learner in eight stops partway through
    a module (and does not go on to later modules); a few never start.

    Parameters
    ----------
    course : Course
        The modules' items and checks (the demo answers their questions).
    n_learners : int
        1 to :data:`MAX_DEMO_LEARNERS`.
    seed : int
        Any whole number; same seed, same cohort.
    """
    if not isinstance(course, Course):
        raise TypeError(f"course must be a Course, got {type(course).__name__}")
    if isinstance(n_learners, bool) or not isinstance(n_learners, numbers.Integral):
        raise TypeError(f"n_learners must be a whole number from 1 to {MAX_DEMO_LEARNERS}, "
                        f"got {n_learners!r}")
    if not 1 <= n_learners <= MAX_DEMO_LEARNERS:
        raise ValueError(f"n_learners must be from 1 to {MAX_DEMO_LEARNERS}, got {n_learners}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be a whole number, got {seed!r}")
    seed = int(seed)
    out: dict[str, list[Answer]] = {}
    for k in range(1, int(n_learners) + 1):
        learner = f"learner-{k:02d}"
        person = random.Random(f"{seed}:learner:{learner}")
        ability = person.gauss(0.4, 1.0)
        never_starts = person.random() < 0.07
        clock = DEMO_START + timedelta(days=person.randint(0, 6), hours=person.randint(0, 8))
        recs: list[Answer] = []
        stopped = never_starts
        for m_index, module in enumerate(sorted(course.catalog)):
            if stopped:
                break
            rng = random.Random(f"{seed}:{learner}:{module}")
            items = [(item, course.question(item)) for item in course.catalog[module]]
            items = [(item, q) for item, q in items if q is not None]
            if not items:
                continue
            stop_at = (rng.randint(1, len(items) - 1)
                       if rng.random() < 0.12 and len(items) > 1 else None)
            when = clock + timedelta(days=7 * m_index + rng.randint(0, 3))
            for i, (item, question) in enumerate(items):
                if stop_at is not None and i >= stop_at:
                    stopped = True
                    break
                item_rng = random.Random(f"{seed}:item:{item}")
                difficulty = item_rng.uniform(-1.6, 1.2)
                wrong_ids = [o.id for o in question.options if not o.correct]
                attractive = item_rng.choice(wrong_ids) if wrong_ids else ""
                for attempt in range(3):
                    p = _logistic(1.7 * (ability + 1.2 * attempt - difficulty))
                    right = rng.random() < p
                    answer = ([o.id for o in question.options if o.correct] if right
                              else _wrong_answer(question, rng, attractive))
                    when += timedelta(seconds=rng.randint(20, 150))
                    recs.append(Answer(learner, module, item, right, answer,
                                       when.isoformat(timespec="seconds"),
                                       uuid.UUID(int=rng.getrandbits(128)).hex))
                    if right or rng.random() < 0.15:  # most retry after a wrong answer
                        break
        out[learner] = recs
    return out


def demo_records(course: Course, n_learners: int = 30, seed: int = 2026) -> Cohort:
    """:func:`simulate_cohort_records` as a :class:`Cohort` (labelled as the demo)."""
    records = simulate_cohort_records(course, n_learners, seed)
    return Cohort({learner: tuple(recs) for learner, recs in records.items()},
                  sources=(f"demo cohort (seed {seed})",))
