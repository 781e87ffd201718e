"""Live knowledge check: answer, immediate per-option feedback, running score.

Each graded answer is recorded for the learner (:mod:`widgets.progress`) under
``<check-id>/<question-id>``, in the module whose ``module.yaml`` lists the check; the
question says whether it was saved.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W
from ipywidgets.widgets.widget_description import DescriptionStyle

from widgets.core.registry import module_of_check
from widgets.core.render import render
from widgets.core.view import StaticFallback, button, html, shared
from widgets.knowledge_check.content import load_check
from widgets.knowledge_check.model import Grade, Score, grade, score
from widgets.knowledge_check.render import feedback_html, question_html, static_html
from widgets.knowledge_check.schemas import KnowledgeCheck, Question
from widgets.progress import Recorder, SaveStatus, session_recorder

__all__ = ["KnowledgeCheckView", "QuestionView", "knowledge_check"]

class QuestionView(W.VBox):
    """One question: options, a "Check answer" button and the feedback it produces.

    Attributes
    ----------
    grade : Grade or None
        The latest grade, ``None`` until the learner checks an answer.
    """

    def __init__(self, question: Question, number: int,
                 on_graded: Callable[[QuestionView], SaveStatus | None]) -> None:
        self.question = question
        self.grade: Grade | None = None
        self._on_graded = on_graded
        letters = [chr(ord("A") + i) for i in range(len(question.options))]
        # Options are listed in full; the controls carry their letters, because ipywidgets
        # labels are one line high and would cut long option texts off.
        prompt = html(question_html(question, number))
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
            controls = [html(render("knowledge_check/answers_label.html.j2", number=number)),
                        W.HBox(self._boxes, layout=W.Layout(flex_flow="row wrap"))]
        self._submit = button("Check answer", style="primary")
        self._submit.on_click(lambda _: self.check())
        self._feedback = html()
        self._saved = html()
        super().__init__([prompt, *controls, self._submit, self._feedback, self._saved],
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
            self._feedback.value = render("knowledge_check/choose_first.html.j2")
            return None
        self.grade = grade(self.question, self.selected)
        self._feedback.value = feedback_html(self.grade, self.question)
        self.show_saved(self._on_graded(self))
        return self.grade

    def show_saved(self, status: SaveStatus | None) -> None:
        """Say under the feedback whether the answer was saved (and why not)."""
        self._saved.value = "" if status is None else render("core/save_status.html.j2",
                                                             status=status)

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
        self._module = module_of_check(check.id)
        self.questions = [QuestionView(q, n, self._graded)
                          for n, q in enumerate(check.questions, start=1)]
        self._score = html()
        self._update_score()
        title = html(render("knowledge_check/title.html.j2", check=check))
        super().__init__([title, *self.questions, self._score])

    def _graded(self, view: QuestionView) -> SaveStatus | None:
        self._update_score()
        if self._recorder is None or view.grade is None:
            return None
        return self._recorder(self._module.id, f"{self.check_data.id}/{view.question.id}",
                              view.grade.correct, list(view.grade.selected))

    def _update_score(self) -> None:
        self._score.value = render("knowledge_check/score.html.j2", score=self.score)

    @property
    def score(self) -> Score:
        """The running score, at the module's pass mark."""
        return score(self.check_data,
                     {v.question.id: v.grade for v in self.questions if v.grade is not None},
                     self._module.pass_mark)

    def static_html(self) -> str:
        """Every question with its answer and feedback in a collapsed block."""
        return static_html(self.check_data, pass_mark=self._module.pass_mark)


def knowledge_check(check_id: str, *, recorder: Recorder | None = None) -> KnowledgeCheckView:
    """The live knowledge check with this id (records answers when a learner is set)."""
    return KnowledgeCheckView(load_check(check_id), recorder=recorder or session_recorder())
