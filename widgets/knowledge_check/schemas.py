"""Schema of ``kind: knowledge-check`` files: questions with per-option feedback."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

NonEmpty = Field(min_length=1)


class Option(ContentModel):
    """One answer option, with the feedback a learner sees after choosing it."""

    id: Id
    text: str = Field(min_length=1)
    correct: bool
    feedback: str = Field(min_length=1)


class Question(ContentModel):
    """A single-choice (exactly one correct option) or multiple-choice question."""

    id: Id
    type: Literal["single", "multiple"]
    prompt: str = Field(min_length=1)
    options: list[Option] = Field(min_length=2)
    explanation: str = Field(min_length=1)
    cite: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _options_fit_type(self) -> Question:
        ids = [o.id for o in self.options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate option id(s) {', '.join(dupes)}; option ids must "
                             f"be unique within a question")
        n_correct = sum(o.correct for o in self.options)
        if self.type == "single" and n_correct != 1:
            raise ValueError(f"a single-choice question needs exactly one option with "
                             f"correct: true; found {n_correct}")
        if self.type == "multiple" and n_correct < 1:
            raise ValueError("a multiple-choice question needs at least one option with "
                             "correct: true; found 0")
        return self

    @property
    def correct_ids(self) -> frozenset[str]:
        """Ids of the correct options."""
        return frozenset(o.id for o in self.options if o.correct)


@content_kind("knowledge-check")
class KnowledgeCheck(ContentFile):
    """A module's knowledge check: an ordered list of questions.

    Which module it belongs to is said once, in that module's ``module.yaml``.
    """

    kind: Literal["knowledge-check"]
    title: str = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_questions(self) -> KnowledgeCheck:
        ids = [q.id for q in self.questions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate question id(s) {', '.join(dupes)}; question ids "
                             f"must be unique within a check")
        return self

    def refs(self) -> Iterable[Ref]:
        """Every question's citation keys must be in references.bib."""
        for q in self.questions:
            for i, key in enumerate(q.cite):
                yield Ref("cite", key, q.id, f"cite.{i}")

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"{self.id} has no question {question_id!r}")
