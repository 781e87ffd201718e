"""Content kinds of Module 6 (Safety first): clinical content as validated data.

- ``asq-screener``: NIMH's ASQ, its questions, the acuity question and what a counselor
  does for each result (``curriculum/06_safety/asq.yaml``).
- ``asq-case``: a fictional client screened with the ASQ (``cases/asq-*.yaml``).
- ``safety-plan-guide``: the six Stanley-Brown steps, lethal-means counselling, 988 and
  the wording of the plan builder's notes (``safety-plan.yaml``).
- ``withdrawal-danger``: the PAWSS, risk factors for complicated alcohol withdrawal,
  emergency signs, sedative use and what a counselor does at each level
  (``dangerous-withdrawal.yaml``).
- ``withdrawal-danger-case``: a fictional client for the withdrawal-danger practice.
- ``drug-testing``: the tests, detection windows, what each result can and cannot say,
  and the conversation about a result (``drug-testing.yaml``).
- ``drug-test-case``: fictional results for the interpretation exercise.

Every clinical statement carries its citation keys and its ``evidence``: ``verified``
(checked against the cited source), ``secondary`` (seen only in a secondary summary: the
page says "(secondary source)") or ``teaching-rule`` (the curriculum's own safe-practice
rule, not a claim from a source: the page says so).  Schemas check one file's shape;
whether a file agrees with the rules of :mod:`widgets.safety.model` (ids, expected
results) is checked in :mod:`widgets.safety.content`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = [
    "AsqCase",
    "AsqScreener",
    "DrugTestCase",
    "DrugTesting",
    "SafetyPlanGuide",
    "Statement",
    "WithdrawalDanger",
    "WithdrawalDangerCase",
]

Text = Annotated[str, Field(min_length=1)]
Evidence = Literal["verified", "secondary", "teaching-rule"]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


def _cites(keys: Iterable[str], entry: str, field: str) -> Iterator[Ref]:
    for i, key in enumerate(keys):
        yield Ref("cite", key, entry, f"{field}.{i}")


def _unique(name: str, ids: list[str]) -> None:
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"duplicate {name} id(s) {', '.join(twice)}; ids must be unique")


class Statement(ContentModel):
    """A clinical statement with its sources and how well it is established."""

    text: Text
    cite: list[str] = Field(default_factory=list)
    evidence: Evidence

    @model_validator(mode="after")
    def _sourced(self) -> Statement:
        if self.evidence != "teaching-rule" and not self.cite:
            raise ValueError(f"a {self.evidence} statement needs at least one citation key "
                             f"in 'cite' (only a teaching-rule may have none)")
        return self


def _statement_refs(statements: Iterable[Statement], entry: str, field: str) -> Iterator[Ref]:
    for i, s in enumerate(statements):
        yield from _cites(s.cite, entry, f"{field}.{i}.cite")


class Item(ContentModel):
    """A yes/no question or a listed item, by id."""

    id: Id
    text: Text


# ------------------------------------------------------------------------------ ASQ


class AsqResultSpec(ContentModel):
    """One triage result: what it means and what a counselor does."""

    id: Id
    label: Text
    meaning: Statement
    actions: list[Statement] = Field(min_length=1)


@content_kind("asq-screener")
class AsqScreener(ContentFile):
    """NIMH's Ask Suicide-Screening Questions, as the module teaches them."""

    kind: Literal["asq-screener"]
    title: Text
    source_note: Text
    """How the wording was checked, and what to use in practice."""
    cite: list[str] = Field(min_length=1)
    evidence: Evidence
    questions: list[Item] = Field(min_length=1)
    acuity: Item
    results: list[AsqResultSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> AsqScreener:
        _unique("question", [q.id for q in self.questions] + [self.acuity.id])
        _unique("result", [r.id for r in self.results])
        return self

    def refs(self) -> Iterable[Ref]:
        """Citation keys of the screener and of every result."""
        yield from _cites(self.cite, self.id, "cite")
        for r in self.results:
            yield from _cites(r.meaning.cite, r.id, "meaning.cite")
            yield from _statement_refs(r.actions, r.id, "actions")

    def result(self, result_id: str) -> AsqResultSpec:
        """The result with this id."""
        for r in self.results:
            if r.id == result_id:
                return r
        raise KeyError(f"{self.id} has no result {result_id!r}")


class ClientWords(ContentModel):
    """What the client says when a question is asked."""

    question: Id
    says: Text


@content_kind("asq-case")
class AsqCase(ContentFile):
    """A fictional client screened with the ASQ: their words, answers and the result."""

    kind: Literal["asq-case"]
    title: Text
    summary: Text
    setting: Text
    dialogue: list[ClientWords] = Field(min_length=1)
    answers: dict[Id, bool | None]
    """The four screening questions as the client answered them (null: not answered)."""
    acuity: bool | None = None
    """The acuity question (null: not asked)."""
    expected: Id
    """The ASQ result these answers give (checked against the model)."""
    teaching: Text
    cite: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _fictional(self) -> AsqCase:
        if not self.summary.startswith("Fictional teaching case."):
            raise ValueError("the summary must start with 'Fictional teaching case.'")
        _unique("dialogue question", [d.question for d in self.dialogue])
        return self

    def refs(self) -> Iterable[Ref]:
        """The case's citation keys."""
        yield from _cites(self.cite, self.id, "cite")


# ----------------------------------------------------------------------- safety plan


class PlanStep(ContentModel):
    """One step of the safety plan: its field name, heading and prompts."""

    step: FieldName
    heading: Text
    prompt: Text
    """What the client reads on the plan."""
    staff_tip: Text
    """How a counselor helps the client fill it in."""


@content_kind("safety-plan-guide")
class SafetyPlanGuide(ContentFile):
    """The safety plan: six steps, lethal-means counselling, 988 and the builder's notes."""

    kind: Literal["safety-plan-guide"]
    title: Text
    cite: list[str] = Field(min_length=1)
    steps: list[PlanStep] = Field(min_length=1)
    crisis_line: Statement
    emergency: Statement
    lethal_means: list[Statement] = Field(min_length=1)
    notes: dict[Id, Text] = Field(min_length=1)
    """The plan builder's note for each note code of the model."""
    footer: Text

    @model_validator(mode="after")
    def _steps_unique(self) -> SafetyPlanGuide:
        _unique("step", [s.step for s in self.steps])
        return self

    def refs(self) -> Iterable[Ref]:
        """Citation keys of the guide, 988, the emergency line and lethal means."""
        yield from _cites(self.cite, self.id, "cite")
        yield from _cites(self.crisis_line.cite, self.id, "crisis_line.cite")
        yield from _cites(self.emergency.cite, self.id, "emergency.cite")
        yield from _statement_refs(self.lethal_means, self.id, "lethal_means")

    def step(self, name: str) -> PlanStep:
        """The step with this field name."""
        for s in self.steps:
            if s.step == name:
                return s
        raise KeyError(f"{self.id} has no step {name!r}")


# -------------------------------------------------------------------- withdrawal danger


class PawssSpec(ContentModel):
    """The PAWSS as the module teaches it."""

    name: Text
    source_note: Text
    cite: list[str] = Field(min_length=1)
    evidence: Evidence
    gate: Id
    gate_scores: bool
    threshold: int = Field(ge=1)
    items: list[Item] = Field(min_length=2)

    @model_validator(mode="after")
    def _gate_is_an_item(self) -> PawssSpec:
        ids = [i.id for i in self.items]
        _unique("PAWSS item", ids)
        if self.gate not in ids:
            raise ValueError(f"gate {self.gate!r} is not one of the items ({', '.join(ids)})")
        if self.threshold > len(ids):
            raise ValueError(f"threshold {self.threshold} is above the number of items "
                             f"({len(ids)})")
        return self


class Level(ContentModel):
    """One danger level: what it means and what a counselor does."""

    id: Id
    label: Text
    meaning: Text
    actions: list[Statement] = Field(min_length=1)


class Option(ContentModel):
    """A choice offered in the practice (e.g. how a client uses sedatives)."""

    id: Id
    label: Text


@content_kind("withdrawal-danger")
class WithdrawalDanger(ContentFile):
    """Dangerous withdrawal: the PAWSS, risk factors, emergency signs and the levels."""

    kind: Literal["withdrawal-danger"]
    title: Text
    pawss: PawssSpec
    risk_factors: list[Item] = Field(min_length=1)
    risk_factors_source: Statement
    emergency_signs: list[Item] = Field(min_length=1)
    emergency_signs_source: Statement
    sedative_use: list[Option] = Field(min_length=1)
    sedative_facts: list[Statement] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    reasons: dict[Id, Text]
    """Words for the reason codes that are not a risk factor or an emergency sign."""

    @model_validator(mode="after")
    def _ids_unique(self) -> WithdrawalDanger:
        _unique("risk factor", [r.id for r in self.risk_factors])
        _unique("emergency sign", [s.id for s in self.emergency_signs])
        _unique("sedative use", [o.id for o in self.sedative_use])
        _unique("level", [lv.id for lv in self.levels])
        return self

    def refs(self) -> Iterable[Ref]:
        """Citation keys of the PAWSS, the sources and every level's actions."""
        yield from _cites(self.pawss.cite, self.id, "pawss.cite")
        yield from _cites(self.risk_factors_source.cite, self.id, "risk_factors_source.cite")
        yield from _cites(self.emergency_signs_source.cite, self.id,
                          "emergency_signs_source.cite")
        yield from _statement_refs(self.sedative_facts, self.id, "sedative_facts")
        for lv in self.levels:
            yield from _statement_refs(lv.actions, lv.id, "actions")

    def level(self, level_id: str) -> Level:
        """The level with this id."""
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(f"{self.id} has no level {level_id!r}")


@content_kind("withdrawal-danger-case")
class WithdrawalDangerCase(ContentFile):
    """A fictional client for the dangerous-withdrawal practice."""

    kind: Literal["withdrawal-danger-case"]
    title: Text
    summary: Text
    vignette: Text
    pawss: dict[Id, bool | None]
    """PAWSS answers by item id (null or left out: not answered)."""
    risk_factors: list[Id] = Field(default_factory=list)
    emergency_signs: list[Id] = Field(default_factory=list)
    sedative_use: Id = "none"
    expected_pawss: Id
    """The PAWSS status these answers give (checked against the model)."""
    expected_level: Id
    """The danger level (checked against the model)."""
    teaching: Text
    cite: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _fictional(self) -> WithdrawalDangerCase:
        if not self.summary.startswith("Fictional teaching case."):
            raise ValueError("the summary must start with 'Fictional teaching case.'")
        return self

    def refs(self) -> Iterable[Ref]:
        """The case's citation keys."""
        yield from _cites(self.cite, self.id, "cite")


# ------------------------------------------------------------------------ drug testing


class Window(ContentModel):
    """An approximate urine detection window."""

    text: Text
    cite: list[str] = Field(min_length=1)
    evidence: Evidence


class PanelSpec(ContentModel):
    """One test of a panel."""

    id: Id
    name: Text
    detects: Text
    window: Window | None = None
    misses: list[Id] = Field(default_factory=list)
    misses_cite: list[str] = Field(default_factory=list)
    false_positive_from: list[Id] = Field(default_factory=list)
    false_positive_cite: list[str] = Field(default_factory=list)
    prescribed_as: list[Id] = Field(default_factory=list)
    overdose_warning: bool = False

    @model_validator(mode="after")
    def _lists_cited(self) -> PanelSpec:
        if self.misses and not self.misses_cite:
            raise ValueError("'misses' needs 'misses_cite' (the source that says so)")
        if self.false_positive_from and not self.false_positive_cite:
            raise ValueError("'false_positive_from' needs 'false_positive_cite'")
        return self


class MethodSpec(ContentModel):
    """Presumptive or definitive: what the method is."""

    id: Id
    name: Text
    description: Statement


@content_kind("drug-testing")
class DrugTesting(ContentFile):
    """Drug testing basics: methods, tests, windows, statements and the conversation."""

    kind: Literal["drug-testing"]
    title: Text
    methods: list[MethodSpec] = Field(min_length=2)
    panels: list[PanelSpec] = Field(min_length=1)
    substances: list[Item] = Field(min_length=1)
    """Names of the substances that tests miss and of medications (ids used above)."""
    statements: dict[Id, Statement] = Field(min_length=1)
    conversation: list[Statement] = Field(min_length=1)
    false_positive_note: Statement

    @model_validator(mode="after")
    def _known_ids(self) -> DrugTesting:
        _unique("method", [m.id for m in self.methods])
        _unique("panel", [p.id for p in self.panels])
        _unique("substance", [s.id for s in self.substances])
        names = {s.id for s in self.substances}
        for p in self.panels:
            for field in ("misses", "false_positive_from", "prescribed_as"):
                unknown = [i for i in getattr(p, field) if i not in names]
                if unknown:
                    raise ValueError(f"panel {p.id!r}: {field} names {', '.join(unknown)}, "
                                     f"not listed under 'substances'")
        return self

    def refs(self) -> Iterable[Ref]:
        """Every citation key of the file."""
        for m in self.methods:
            yield from _cites(m.description.cite, m.id, "description.cite")
        for p in self.panels:
            if p.window is not None:
                yield from _cites(p.window.cite, p.id, "window.cite")
            yield from _cites(p.misses_cite, p.id, "misses_cite")
            yield from _cites(p.false_positive_cite, p.id, "false_positive_cite")
        for code, s in self.statements.items():
            yield from _cites(s.cite, self.id, f"statements.{code}.cite")
        yield from _statement_refs(self.conversation, self.id, "conversation")
        yield from _cites(self.false_positive_note.cite, self.id, "false_positive_note.cite")

    def panel(self, panel_id: str) -> PanelSpec:
        """The panel with this id."""
        for p in self.panels:
            if p.id == panel_id:
                return p
        raise KeyError(f"{self.id} has no panel {panel_id!r}")

    def name(self, substance_id: str) -> str:
        """The display name of a substance or medication id."""
        for s in self.substances:
            if s.id == substance_id:
                return s.text
        raise KeyError(f"{self.id} has no substance {substance_id!r}")


class ResultSpec(ContentModel):
    """One fictional result."""

    panel: Id
    method: Literal["presumptive", "definitive"]
    result: Literal["positive", "negative"]


@content_kind("drug-test-case")
class DrugTestCase(ContentFile):
    """Fictional drug-test results for the interpretation exercise."""

    kind: Literal["drug-test-case"]
    title: Text
    summary: Text
    vignette: Text
    medications: list[Id] = Field(default_factory=list)
    results: list[ResultSpec] = Field(min_length=1)
    confirmed_use: bool
    """Whether these results alone confirm use (the exercise's first question)."""
    possible_false_positive_from: list[Id] = Field(default_factory=list)
    """Medications that could explain a presumptive positive (checked against the model)."""
    key_point: Text
    opening: Text
    """A non-punitive opening line for the conversation about these results."""
    cite: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _fictional(self) -> DrugTestCase:
        if not self.summary.startswith("Fictional teaching case."):
            raise ValueError("the summary must start with 'Fictional teaching case.'")
        return self

    def refs(self) -> Iterable[Ref]:
        """The case's citation keys."""
        yield from _cites(self.cite, self.id, "cite")
