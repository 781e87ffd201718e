"""Knowledge checks: grading and the static (no-kernel) rendering.

The same :class:`~widgets.schemas.knowledge_check.KnowledgeCheck` data drives the live
widget (:mod:`widgets.views.quiz`) and the static HTML shown in the published book.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from html import escape

from widgets.content import load
from widgets.references import short_label
from widgets.schemas.knowledge_check import KnowledgeCheck, Question

__all__ = ["Grade", "Score", "grade", "load_check", "score", "static_html"]

PASS_THRESHOLD = 0.8
"""Fraction of a module's knowledge-check questions a learner must answer correctly."""


def load_check(check_id: str) -> KnowledgeCheck:
    """Load a validated knowledge check by id."""
    check = load("knowledge-check", check_id)
    assert isinstance(check, KnowledgeCheck)
    return check


@dataclass(frozen=True)
class Grade:
    """The result of answering one question."""

    question_id: str
    selected: tuple[str, ...]
    correct: bool
    feedback: tuple[tuple[str, bool, str], ...]
    """For each selected option: (option text, whether it is correct, its feedback)."""
    missed: tuple[str, ...]
    """Texts of correct options the learner did not select (multiple choice)."""
    explanation: str


def grade(question: Question, selected: Collection[str]) -> Grade:
    """Grade a selection of option ids; unknown ids or a wrong count raise ``ValueError``."""
    chosen = tuple(dict.fromkeys(selected))
    known = {o.id: o for o in question.options}
    unknown = [s for s in chosen if s not in known]
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


@dataclass(frozen=True)
class Score:
    """How many questions of a check were answered correctly."""

    correct: int
    answered: int
    total: int

    @property
    def fraction(self) -> float:
        """Correct answers over all questions of the check."""
        return self.correct / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        """Whether the fraction reaches :data:`PASS_THRESHOLD`."""
        return self.fraction >= PASS_THRESHOLD


def score(check: KnowledgeCheck, grades: Mapping[str, Grade]) -> Score:
    """Score a check from the latest grade of each answered question."""
    valid = {q.id for q in check.questions}
    counted = [g for qid, g in grades.items() if qid in valid]
    return Score(sum(g.correct for g in counted), len(counted), len(check.questions))


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def static_html(check: KnowledgeCheck) -> str:
    """The whole check as HTML readable without a kernel; answers in collapsed blocks."""
    parts = [f'<section class="iop-check" aria-label="{escape(check.title)}">',
             f'<p class="iop-check-title"><strong>{escape(check.title)}</strong> '
             f'({len(check.questions)} questions). Answer each one for yourself, then open '
             f'"Answer and feedback".</p>']
    for n, q in enumerate(check.questions, start=1):
        how = "Choose one." if q.type == "single" else "Choose all that apply."
        parts.append(f'<div class="iop-question" id="{escape(check.id)}-{escape(q.id)}">')
        parts.append(f"<p><strong>Question {n}.</strong> {escape(q.prompt)} <em>{how}</em></p>")
        parts.append('<ol type="A">')
        parts.extend(f"<li>{escape(o.text)}</li>" for o in q.options)
        parts.append("</ol>")
        right = ", ".join(_letter(i) for i, o in enumerate(q.options) if o.correct)
        parts.append(f"<details><summary>Answer and feedback for question {n}</summary>")
        parts.append(f"<p><strong>Correct: {right}.</strong> {escape(q.explanation)}</p><ul>")
        for i, o in enumerate(q.options):
            mark = "correct" if o.correct else "not correct"
            parts.append(f"<li><strong>{_letter(i)} ({mark}):</strong> {escape(o.feedback)}</li>")
        sources = "; ".join(escape(short_label(k)) for k in q.cite)
        parts.append(f'</ul><p class="iop-source">Source: {sources}</p></details></div>')
    parts.append("</section>")
    return "\n".join(parts)
