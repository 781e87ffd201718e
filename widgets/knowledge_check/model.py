"""Knowledge checks: grading one answer and scoring a check (pure: data in, results out).

The same :class:`~widgets.knowledge_check.schemas.KnowledgeCheck` data drives the live
widget (:mod:`widgets.knowledge_check.view`), the static page of the book and the check
answered in the browser (:mod:`widgets.knowledge_check.render`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from widgets.core.scoring import DEFAULT_PASS_MARK, Score
from widgets.knowledge_check.schemas import KnowledgeCheck, Question

__all__ = ["Grade", "Score", "grade", "score"]


@dataclass(frozen=True)
class Grade:
    """The result of answering one question."""

    question_id: str
    selected: tuple[str, ...]
    correct: bool
    feedback: tuple[tuple[str, bool, str], ...]
    """For each selected option: (option text, whether it is correct, its feedback)."""
    missed: tuple[str, ...]
    """Texts of correct options the learner did not select."""
    explanation: str


def grade(question: Question, selected: Collection[str]) -> Grade:
    """Grade a selection of option ids; unknown ids or a wrong count raise ``ValueError``."""
    if isinstance(selected, str):
        raise TypeError(f"selected must be a collection of option ids, not the string "
                        f"{selected!r}; write [{selected!r}]")
    chosen = tuple(dict.fromkeys(selected))
    known = {o.id: o for o in question.options}
    unknown = [str(s) for s in chosen if s not in known]
    if unknown:
        raise ValueError(f"question {question.id!r} has no option(s) {', '.join(unknown)}; "
                         f"options are {', '.join(known)}")
    if not chosen:
        raise ValueError(f"question {question.id!r}: choose at least one option")
    if question.type == "single" and len(chosen) != 1:
        raise ValueError(f"question {question.id!r} is single-choice: choose one option, "
                         f"not {len(chosen)}")
    correct = frozenset(chosen) == question.correct_ids
    feedback = tuple((known[s].text, known[s].correct, known[s].feedback) for s in chosen)
    missed = tuple(o.text for o in question.options if o.correct and o.id not in chosen)
    return Grade(question.id, chosen, correct, feedback, missed, question.explanation)


def score(check: KnowledgeCheck, grades: Mapping[str, Grade],
          pass_mark: float = DEFAULT_PASS_MARK) -> Score:
    """Score a check from the latest grade of each answered question."""
    valid = {q.id for q in check.questions}
    counted = [g for qid, g in grades.items() if qid in valid]
    return Score(sum(g.correct for g in counted), len(counted), len(check.questions),
                 pass_mark)
