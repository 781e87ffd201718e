"""Live knowledge check: answer, immediate per-option feedback, running score."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as W
from ipywidgets.widgets.widget_description import DescriptionStyle

from widgets.quiz import Grade, grade, load_check, score, static_html
from widgets.references import short_label
from widgets.schemas.knowledge_check import KnowledgeCheck, Question
from widgets.views.base import StaticFallback, button, html, shared

__all__ = ["KnowledgeCheckView", "QuestionView", "knowledge_check"]

Recorder = Callable[[str, str, bool, object], None]
"""Called as ``recorder(module, item_id, correct, answer)`` after each graded answer."""

class QuestionView(W.VBox):
    """One question: options, a "Check answer" button and the feedback it produces.

    Attributes
    ----------
    grade : Grade or None
        The latest grade, ``None`` until the learner checks an answer.
    """

    def __init__(self, question: Question, number: int,
                 on_graded: Callable[[QuestionView], None]) -> None:
        self.question = question
        self.grade: Grade | None = None
        self._on_graded = on_graded
        how = "Choose one." if question.type == "single" else "Choose all that apply."
        letters = [chr(ord("A") + i) for i in range(len(question.options))]
        items = "".join(f"<li>{escape(o.text)}</li>" for o in question.options)
        # Options are listed in full; the controls carry their letters, because ipywidgets
        # labels are one line high and would cut long option texts off.
        prompt = html(f"<p><strong>Question {number}.</strong> {escape(question.prompt)} "
                      f'<em>{how}</em></p><ol type="A">{items}</ol>')
        if question.type == "single":
            self._choice: W.RadioButtons | None = W.RadioButtons(
                options=[(letter, o.id) for letter, o in zip(letters, question.options,
                                                             strict=True)],
                value=None, description=f"Answer to question {number}",
                layout=shared("auto-width", lambda: W.Layout(width="auto")),
                style=shared("initial-description",
                             lambda: DescriptionStyle(description_width="initial")))
            self._boxes: list[W.Checkbox] = []
            controls: list[W.Widget] = [self._choice]
        else:
            self._choice = None
            self._boxes = [W.Checkbox(value=False, description=letter, indent=False,
                                      tooltip=o.text,
                                      layout=shared("auto-width",
                                                    lambda: W.Layout(width="auto")))
                           for letter, o in zip(letters, question.options, strict=True)]
            controls = [html(f"Answers to question {number}:"),
                        W.HBox(self._boxes, layout=W.Layout(flex_flow="row wrap"))]
        self._submit = button("Check answer", style="primary")
        self._submit.on_click(lambda _: self.check())
        self._feedback = html()
        super().__init__([prompt, *controls, self._submit, self._feedback],
                         layout=shared("question-box", lambda: W.Layout(margin="0 0 1em 0")))

    @property
    def selected(self) -> tuple[str, ...]:
        """Option ids currently selected."""
        if self._choice is not None:
            return () if self._choice.value is None else (self._choice.value,)
        return tuple(o.id for o, box in zip(self.question.options, self._boxes, strict=True)
                     if box.value)

    def select(self, *option_ids: str) -> None:
        """Select these options (and only these)."""
        if self._choice is not None:
            self._choice.value = option_ids[0] if option_ids else None
        else:
            for o, box in zip(self.question.options, self._boxes, strict=True):
                box.value = o.id in option_ids

    def check(self) -> Grade | None:
        """Grade the current selection and show per-option feedback."""
        if not self.selected:
            self._feedback.value = '<p class="iop-hint">Choose an answer first.</p>'
            return None
        self.grade = grade(self.question, self.selected)
        self._feedback.value = feedback_html(self.grade, self.question)
        self._on_graded(self)
        return self.grade

def feedback_html(result: Grade, question: Question) -> str:
    """Feedback for one graded answer, as HTML."""
    verdict = "Correct." if result.correct else "Not quite."
    items = "".join(
        f"<li><strong>{escape(text)}</strong> ({'correct' if ok else 'not correct'}): "
        f"{escape(fb)}</li>" for text, ok, fb in result.feedback)
    missed = ""
    if result.missed:
        missed = ("<p>Also correct: " + "; ".join(escape(m) for m in result.missed) + "</p>")
    sources = "; ".join(escape(short_label(k)) for k in question.cite)
    return (f'<div role="status"><p><strong>{verdict}</strong></p><ul>{items}</ul>{missed}'
            f"<p>{escape(result.explanation)}</p><p><small>Source: {sources}</small></p></div>")

class KnowledgeCheckView(StaticFallback, W.VBox):
    """A whole knowledge check as a live widget, with a static fallback for the book.

    Attributes
    ----------
    questions : list of QuestionView
        One view per question, in order.
    """

    def __init__(self, check: KnowledgeCheck, *, recorder: Recorder | None = None) -> None:
        self.check_data = check
        self._recorder = recorder
        self.questions = [QuestionView(q, n, self._graded)
                          for n, q in enumerate(check.questions, start=1)]
        self._score = html()
        self._update_score()
        title = html(f"<h3>{escape(check.title)}</h3>")
        super().__init__([title, *self.questions, self._score])

    def _graded(self, view: QuestionView) -> None:
        self._update_score()
        if self._recorder is not None and view.grade is not None:
            self._recorder(self.check_data.module, f"{self.check_data.id}/{view.question.id}",
                           view.grade.correct, list(view.grade.selected))

    def _update_score(self) -> None:
        s = self.score
        self._score.value = (f'<p role="status"><strong>Score: {s.correct} of {s.total} '
                             f"correct</strong> ({s.answered} answered).</p>")

    @property
    def score(self):  # noqa: ANN201 - widgets.quiz.Score
        """The running score."""
        return score(self.check_data,
                     {v.question.id: v.grade for v in self.questions if v.grade is not None})

    def static_html(self) -> str:
        """Every question with its answer and feedback in a collapsed block."""
        return static_html(self.check_data)

def knowledge_check(check_id: str, *, recorder: Recorder | None = None) -> KnowledgeCheckView:
    """The live knowledge check with this id (records answers when a learner is set)."""
    if recorder is None:
        from widgets.progress import session_recorder

        recorder = session_recorder()
    return KnowledgeCheckView(load_check(check_id), recorder=recorder)
