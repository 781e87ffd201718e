"""Schema of ``kind: session-planning``: what Module 3's session planner builds from.

One file, ``curriculum/03_group_facilitation/session-planning.yaml``, holds the block
types of a session (check-in, psychoeducation topic, ...), which of them open, close and
pause a session (with the planner's advice), TIP 41's five group models and the block
that carries each one's main work, the session formats, who can lead a block, and the
example plans.  Validation checks that every id is unique within its list and that every
reference (a model's main block, an example's format, model, block and lead) exists;
that every example fits its format and passes the planner's checks is a cross-check in
:mod:`widgets.group_facilitation.content`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated

from pydantic import Field, model_validator

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = [
    "MAIN",
    "BlockType",
    "ExampleBlock",
    "ExamplePlan",
    "FrameRule",
    "GroupModel",
    "Lead",
    "SessionFormat",
    "SessionPlanning",
]

Label = Annotated[str, Field(min_length=1, max_length=60)]
"""A name shown in controls, tables and the printed plan."""
Sentence = Annotated[str, Field(min_length=1, max_length=300)]
"""A sentence or two (a block's purpose, a model's description, a piece of advice)."""

MAIN = "main"
"""In an example plan, the block kind that stands for the model's first main block."""


class BlockType(ContentModel):
    """A kind of block a session is built from."""

    id: Id
    label: Label
    short: Annotated[str, Field(min_length=1, max_length=12)]
    """The block's name on the session timeline, where space is short."""
    purpose: Sentence
    topic: bool = False
    """Whether the block teaches or practises something, and so should name a topic."""


class FrameRule(ContentModel):
    """The block that opens, closes or pauses a session, and the advice about it."""

    block: Id
    advice: Sentence


class GroupModel(ContentModel):
    """One of TIP 41's five group models, and the block(s) that carry its main work."""

    id: Id
    label: Label
    main: list[Id] = Field(min_length=1)
    description: Sentence
    cite: list[str] = Field(min_length=1)


class SessionFormat(ContentModel):
    """How long a session is and whether it needs a break."""

    id: Id
    label: Label
    minutes: int = Field(ge=1)
    needs_break: bool


class Lead(ContentModel):
    """Who leads a block."""

    id: Id
    label: Label


class ExampleBlock(ContentModel):
    """One block of an example plan; ``kind: main`` is the model's first main block."""

    kind: Id
    minutes: int = Field(ge=1)
    lead: Id


class ExamplePlan(ContentModel):
    """An example plan for a format: for every model, or (``model``) for one."""

    format: Id
    model: Id | None = None
    blocks: list[ExampleBlock] = Field(min_length=1)


@content_kind("session-planning")
class SessionPlanning(ContentFile):
    """Everything the session planner plans with (see the module docstring)."""

    blocks: list[BlockType] = Field(min_length=1)
    opening: FrameRule
    closing: FrameRule
    pause: FrameRule
    group_models: list[GroupModel] = Field(min_length=1)
    formats: list[SessionFormat] = Field(min_length=1)
    leads: list[Lead] = Field(min_length=1)
    examples: list[ExamplePlan] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_exist(self) -> SessionPlanning:
        problem = next(self._problems(), None)
        if problem is not None:
            raise ValueError(problem)
        return self

    def _problems(self) -> Iterator[str]:
        for name in ("blocks", "group_models", "formats", "leads"):
            ids = [item.id for item in getattr(self, name)]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                yield f"{name}: duplicate id(s) {', '.join(dupes)}"
        blocks = [b.id for b in self.blocks]
        if MAIN in blocks:
            yield f"blocks: {MAIN!r} is reserved (an example's stand-in for the main block)"
        for name in ("opening", "closing", "pause"):
            yield from _unknown(f"{name}.block", [getattr(self, name).block], blocks)
        for m in self.group_models:
            yield from _unknown(f"group model {m.id!r}: main", m.main, blocks)
        formats, models = [f.id for f in self.formats], [m.id for m in self.group_models]
        leads = [lead.id for lead in self.leads]
        for i, ex in enumerate(self.examples):
            where = f"examples.{i}"
            yield from _unknown(f"{where}.format", [ex.format], formats)
            if ex.model is not None:
                yield from _unknown(f"{where}.model", [ex.model], models)
            yield from _unknown(f"{where}: block kind", [b.kind for b in ex.blocks],
                                [*blocks, MAIN])
            yield from _unknown(f"{where}: lead", [b.lead for b in ex.blocks], leads)
        for f in self.formats:
            generic = [ex for ex in self.examples if ex.format == f.id and ex.model is None]
            if len(generic) != 1:
                yield (f"examples: format {f.id!r} needs exactly one example without a "
                       f"model (found {len(generic)})")
        pairs = [(ex.format, ex.model) for ex in self.examples if ex.model is not None]
        for pair in sorted({p for p in pairs if pairs.count(p) > 1}):
            yield f"examples: two examples for format {pair[0]!r} and model {pair[1]!r}"

    def refs(self) -> Iterable[Ref]:
        """The group models' citation keys must be in references.bib."""
        for m in self.group_models:
            for i, key in enumerate(m.cite):
                yield Ref("cite", key, m.id, f"cite.{i}")

    # -- lookups (a ValueError names what exists) ------------------------------------
    def block(self, block_id: str) -> BlockType:
        """The block type with this id."""
        return _find(self.blocks, block_id, "block kind")

    def group_model(self, model_id: str) -> GroupModel:
        """The group model with this id."""
        return _find(self.group_models, model_id, "group model")

    def format(self, format_id: str) -> SessionFormat:
        """The session format with this id."""
        return _find(self.formats, format_id, "format")

    def lead(self, lead_id: str) -> Lead:
        """Who leads, by id."""
        return _find(self.leads, lead_id, "lead")


def _unknown(where: str, used: Iterable[str], known: Sequence[str]) -> Iterator[str]:
    for value in used:
        if value not in known:
            yield f"{where}: unknown id {value!r}; known: {', '.join(known)}"


def _find(items: Sequence, item_id: object, what: str):  # noqa: ANN202 - the item's type
    for item in items:
        if item.id == item_id:
            return item
    raise ValueError(f"unknown {what} {item_id!r:.80}; choose one of: "
                     f"{', '.join(i.id for i in items)}")
