"""Knowledge checks as HTML: the page of the book, and a graded answer's feedback.

:func:`static_html` is what the book shows (``text/html`` of the live widget): the
questions with their answers in collapsed blocks, readable without JavaScript, plus the
same check answerable in the browser.  The small engine that runs it,
``widgets/knowledge_check/static/iop-check.js`` (copied into the book by
:mod:`widgets.book.sphinx_ext`), swaps an inert ``<template>`` in for the readable
questions, grades with the data of :func:`browser_data` and keeps answers in the
browser's local storage, or reports them to an LMS inside a SCORM package
(:mod:`widgets.book.scorm`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from widgets.core.render import Markup, render
from widgets.core.scoring import needed_to_pass
from widgets.knowledge_check.content import check_pass_mark
from widgets.knowledge_check.model import Grade
from widgets.knowledge_check.schemas import KnowledgeCheck, Question

__all__ = ["ASSETS", "browser_data", "feedback_html", "letter", "question_html",
           "static_html"]

ASSETS = Path(__file__).resolve().parent / "static"
"""The browser engine (``iop-check.js``) and its stylesheet (``iop-check.css``)."""


def letter(index: int) -> str:
    """The letter of an option: 0 -> ``'A'``."""
    return chr(ord("A") + index)


def browser_data(check: KnowledgeCheck, pass_mark: float) -> dict[str, Any]:
    """What the browser engine needs to grade and score a check (no texts: those are in
    the page).

    ``needed`` is computed here, by the one pass rule (:func:`needed_to_pass`), so the
    browser never re-implements it.
    """
    total = len(check.questions)
    return {"check": check.id, "total": total, "passMark": pass_mark,
            "needed": needed_to_pass(total, pass_mark),
            "questions": [{"id": q.id, "type": q.type,
                           "options": [o.id for o in q.options],
                           "correct": [o.id for o in q.options if o.correct]}
                          for q in check.questions]}


def static_html(check: KnowledgeCheck, *, pass_mark: float | None = None) -> Markup:
    """The whole check for the book: readable without a kernel or JavaScript (answers in
    collapsed blocks), and answerable in the browser when JavaScript runs.

    ``pass_mark`` defaults to that of the module whose ``module.yaml`` lists the check.
    """
    if pass_mark is None:
        pass_mark = check_pass_mark(check.id)
    return render("knowledge_check/static.html.j2", check=check, letter=letter,
                  data=browser_data(check, pass_mark))


def question_html(question: Question, number: int) -> Markup:
    """A question's prompt and its lettered options (the live widget's header)."""
    return render("knowledge_check/question.html.j2", q=question, number=number)


def feedback_html(result: Grade, question: Question) -> Markup:
    """Feedback for one graded answer."""
    right = [o.text for o in question.options if o.correct]
    return render("knowledge_check/feedback.html.j2", result=result, question=question,
                  right=right)
