"""Knowledge checks as HTML: the static page of the book, and a graded answer's feedback."""

from __future__ import annotations

from widgets.core.render import Markup, render
from widgets.knowledge_check.model import Grade
from widgets.knowledge_check.schemas import KnowledgeCheck, Question

__all__ = ["feedback_html", "letter", "question_html", "static_html"]


def letter(index: int) -> str:
    """The letter of an option: 0 -> ``'A'``."""
    return chr(ord("A") + index)


def static_html(check: KnowledgeCheck) -> Markup:
    """The whole check as HTML readable without a kernel; answers in collapsed blocks."""
    return render("knowledge_check/static.html.j2", check=check, letter=letter)


def question_html(question: Question, number: int) -> Markup:
    """A question's prompt and its lettered options (the live widget's header)."""
    return render("knowledge_check/question.html.j2", q=question, number=number)


def feedback_html(result: Grade, question: Question) -> Markup:
    """Feedback for one graded answer."""
    right = [o.text for o in question.options if o.correct]
    return render("knowledge_check/feedback.html.j2", result=result, question=question,
                  right=right)
