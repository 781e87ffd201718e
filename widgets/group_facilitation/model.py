"""Group session planning: build a session from blocks and check it (pure).

A plan is a group model (one of TIP 41's five), a format (a 90-minute group, or a 3-hour
IOP evening with a break) and an ordered list of blocks (check-in, psychoeducation topic,
skills practice, process time, check-out, break).  What those are is content
(:class:`~widgets.group_facilitation.schemas.SessionPlanning`, from
``session-planning.yaml``): every function that needs it takes it as ``planning``, and
:mod:`widgets.group_facilitation` binds the curriculum's for everyday use.

:func:`check_plan` checks the time budget and the balance of a plan: this course's
planning heuristics, not rules quoted from TIP 41.  :func:`example_plan` gives the
example plan for a model and a format.

Bounds: a block lasts 0 to :data:`MAX_BLOCK_MINUTES` minutes; a plan has at most
:data:`MAX_BLOCKS` blocks and :data:`MAX_PLAN_MINUTES` minutes in all; a title and a topic
are at most :data:`MAX_TITLE_CHARS` and :data:`MAX_TOPIC_CHARS` characters (a short phrase
that prints on one page).  Anything else raises ``ValueError`` or ``TypeError`` naming
the argument, the value and the allowed range.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, Self

from widgets.group_facilitation.schemas import MAIN, SessionPlanning

__all__ = [
    "MAX_BLOCKS",
    "MAX_BLOCK_MINUTES",
    "MAX_PLAN_MINUTES",
    "MAX_TITLE_CHARS",
    "MAX_TOPIC_CHARS",
    "Block",
    "Issue",
    "Plan",
    "PlanCheck",
    "block_label",
    "check_names",
    "check_plan",
    "example_plan",
    "minutes_by_type",
    "schedule",
]

MAX_BLOCK_MINUTES = 240
"""Longest block, in minutes (longer than any session format; 0 is allowed and flagged
by :func:`check_plan`)."""
MAX_BLOCKS = 24
"""Most blocks in one plan."""
MAX_PLAN_MINUTES = 480
"""Most minutes in one plan: a plan may run over its format (the check says so), up to
eight hours."""
MAX_TITLE_CHARS = 120
"""Longest session title, in characters."""
MAX_TOPIC_CHARS = 120
"""Longest topic of a block, in characters: a short phrase (it prints in a narrow table
column of the PDF plan)."""


def _text(value: object, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text (a string of at most {limit} characters), "
                        f"not {type(value).__name__} ({value!r:.80})")
    if len(value) > limit:
        raise ValueError(f"{name} has {len(value)} characters; at most {limit} are allowed "
                         f"(it starts {value[:40]!r})")
    return value


def _minutes(value: object, name: str) -> int:
    """Whole minutes, 0 to MAX_BLOCK_MINUTES: ints, numpy integers and whole floats pass."""
    allowed = f"a whole number of minutes from 0 to {MAX_BLOCK_MINUTES}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {allowed}, not {type(value).__name__} "
                        f"({value!r:.80})")
    if isinstance(value, numbers.Integral):
        number = int(value)
    else:
        real = float(value)
        if not math.isfinite(real) or real != int(real):
            raise ValueError(f"{name} must be {allowed}; got {value!r}")
        number = int(real)
    if not 0 <= number <= MAX_BLOCK_MINUTES:
        raise ValueError(f"{name} must be {allowed}; got {number}")
    return number


@dataclass(frozen=True)
class Block:
    """One block of a session: its kind, minutes, topic and who leads it.

    ``kind`` and ``lead`` are ids of the planning content (checked by
    :func:`check_names`; the curriculum's :class:`widgets.group_facilitation.Block`
    checks them when it is made).
    """

    kind: str
    minutes: int
    topic: str = ""
    lead: str = "lead"

    def __post_init__(self) -> None:
        _text(self.kind, "kind", 40)
        object.__setattr__(self, "minutes", _minutes(self.minutes, "minutes"))
        _text(self.topic, "topic", MAX_TOPIC_CHARS)
        _text(self.lead, "lead", 40)


@dataclass(frozen=True)
class Plan:
    """A whole session plan: a title, a group model, a format and its blocks.

    ``blocks`` may hold ``...`` while an exercise is unfinished (the exercise checker
    says so); every function that reads the blocks refuses such a plan.
    """

    title: str
    model: str
    format: str
    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        _text(self.title, "title", MAX_TITLE_CHARS)
        _text(self.model, "model", 40)
        _text(self.format, "format", 40)
        if isinstance(self.blocks, str | bytes) or not isinstance(self.blocks, Iterable):
            raise TypeError(f"blocks must be a list of Block, not "
                            f"{type(self.blocks).__name__}")
        blocks = tuple(self.blocks)
        for i, block in enumerate(blocks):
            if not isinstance(block, Block) and block is not Ellipsis:
                raise TypeError(f"blocks[{i}] must be a Block(kind, minutes, topic, lead), "
                                f"not {type(block).__name__} ({block!r:.80})")
        if len(blocks) > MAX_BLOCKS:
            raise ValueError(f"a plan has at most {MAX_BLOCKS} blocks; this one has "
                             f"{len(blocks)}")
        total = sum(b.minutes for b in blocks if isinstance(b, Block))
        if total > MAX_PLAN_MINUTES:
            raise ValueError(f"a plan has at most {MAX_PLAN_MINUTES} minutes in all "
                             f"(its blocks add up to {total})")
        object.__setattr__(self, "blocks", blocks)

    @property
    def complete(self) -> bool:
        """Whether every block is a :class:`Block` (no ``...`` left)."""
        return all(isinstance(b, Block) for b in self.blocks)

    @property
    def total(self) -> int:
        """Minutes planned."""
        return sum(b.minutes for b in self._blocks())

    def _blocks(self) -> tuple[Block, ...]:
        if not self.complete:
            raise ValueError("the plan still has a ... placeholder among its blocks; "
                             "replace it with Block(kind, minutes, topic, lead)")
        return self.blocks

    def with_blocks(self, blocks: Iterable[Block]) -> Self:
        """A copy with other blocks."""
        return replace(self, blocks=tuple(blocks))

    def add(self, block: Block) -> Self:
        """A copy with ``block`` added at the end."""
        return self.with_blocks((*self.blocks, block))

    def remove(self, index: int) -> Self:
        """A copy without the block at ``index``."""
        index = self._index(index)
        return self.with_blocks(b for i, b in enumerate(self.blocks) if i != index)

    def move(self, index: int, offset: int) -> Self:
        """A copy with the block at ``index`` moved ``offset`` places (clamped)."""
        index = self._index(index)
        if isinstance(offset, bool) or not isinstance(offset, numbers.Integral):
            raise TypeError(f"offset must be a whole number, not {type(offset).__name__}")
        blocks = list(self.blocks)
        block = blocks.pop(index)
        blocks.insert(max(0, min(len(blocks), index + int(offset))), block)
        return self.with_blocks(blocks)

    def _index(self, index: object) -> int:
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise TypeError(f"index must be a whole number, not {type(index).__name__}")
        if not 0 <= index < len(self.blocks):
            raise IndexError(f"the plan has {len(self.blocks)} blocks; no block {index}")
        return int(index)


@dataclass(frozen=True)
class Issue:
    """A finding of :func:`check_plan`: ``error`` (must fix) or ``warning`` (consider)."""

    level: Literal["error", "warning"]
    code: str
    message: str


@dataclass(frozen=True)
class PlanCheck:
    """The result of checking a plan."""

    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(i.level == "error" for i in self.issues)

    @property
    def codes(self) -> list[str]:
        """The codes of the issues, in order."""
        return [i.code for i in self.issues]


def _planning(planning: object) -> SessionPlanning:
    if not isinstance(planning, SessionPlanning):
        raise TypeError(f"planning must be the SessionPlanning content, not "
                        f"{type(planning).__name__}")
    return planning


def check_names(item: Block | Plan, planning: SessionPlanning) -> None:
    """Raise ``ValueError`` unless every id of a block or plan is in ``planning``."""
    planning = _planning(planning)
    if isinstance(item, Block):
        planning.block(item.kind)
        planning.lead(item.lead)
        return
    if not isinstance(item, Plan):
        raise TypeError(f"expected a Block or a Plan, not {type(item).__name__}")
    planning.group_model(item.model)
    planning.format(item.format)
    for block in item.blocks:
        if isinstance(block, Block):
            check_names(block, planning)


def block_label(block: Block, planning: SessionPlanning) -> str:
    """The block's name, with its topic when it has one."""
    name = _planning(planning).block(block.kind).label
    return f"{name}: {block.topic}" if block.topic else name


def minutes_by_type(plan: Plan, planning: SessionPlanning) -> dict[str, int]:
    """Minutes per block kind (kinds not used are left out), in block-type order."""
    check_names(plan, planning)
    out = {b.id: 0 for b in planning.blocks}
    for b in plan._blocks():
        out[b.kind] += b.minutes
    return {k: v for k, v in out.items() if v}


def schedule(plan: Plan) -> list[tuple[int, int, Block]]:
    """(start minute, end minute, block) for each block, from minute 0."""
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, not {type(plan).__name__}")
    out, t = [], 0
    for b in plan._blocks():
        out.append((t, t + b.minutes, b))
        t += b.minutes
    return out


def check_plan(plan: Plan, planning: SessionPlanning) -> PlanCheck:
    """Check the time budget and the balance of a plan."""
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, not {type(plan).__name__}")
    check_names(plan, planning)
    blocks = plan._blocks()
    if not blocks:
        return PlanCheck((Issue("error", "empty", "The plan has no blocks yet."),))
    fmt = planning.format(plan.format)
    model = planning.group_model(plan.model)

    def label(kind: str) -> str:
        return planning.block(kind).label

    issues: list[Issue] = []
    for i, b in enumerate(blocks, start=1):
        if b.minutes <= 0:
            issues.append(Issue("error", "block-minutes",
                                f"Block {i} ({block_label(b, planning)}) has {b.minutes} "
                                f"minutes; give every block at least one minute."))
    if plan.total > fmt.minutes:
        issues.append(Issue("error", "over-time",
                            f"The plan takes {plan.total} minutes: {plan.total - fmt.minutes} "
                            f"over the {fmt.minutes} minutes of a {fmt.label}."))
    elif plan.total < fmt.minutes:
        issues.append(Issue("warning", "under-time",
                            f"{fmt.minutes - plan.total} of the {fmt.minutes} minutes are not "
                            f"planned yet."))
    kinds = [b.kind for b in blocks]
    opening, closing, pause = planning.opening, planning.closing, planning.pause
    if kinds[0] != opening.block:
        issues.append(Issue("warning", "no-opening", opening.advice))
    if kinds[-1] != closing.block:
        issues.append(Issue("warning", "no-closing", closing.advice))
    if fmt.needs_break and pause.block not in kinds:
        issues.append(Issue("error", "no-break",
                            f"A {fmt.label} needs a {label(pause.block).lower()} block."))
    if pause.block in (kinds[0], kinds[-1]):
        issues.append(Issue("warning", "break-at-edge", pause.advice))
    by_type = minutes_by_type(plan, planning)
    main = sum(by_type.get(k, 0) for k in model.main)
    main_names = " and ".join(label(k).lower() for k in model.main)
    if main == 0:
        issues.append(Issue("error", "no-main-work",
                            f"{_a(model.label).capitalize()} group does its main work in "
                            f"{main_names}; add a block for it."))
    else:
        others = {k: v for k, v in by_type.items() if k not in model.main and k != pause.block}
        if others:
            kind, minutes = max(others.items(), key=lambda kv: kv[1])
            if minutes > main:
                issues.append(Issue("warning", "balance",
                                    f"In {_a(model.label)} group the main work is "
                                    f"{main_names} ({main} min), but "
                                    f"{label(kind).lower()} has more time ({minutes} min)."))
        frame = by_type.get(opening.block, 0) + by_type.get(closing.block, 0)
        if frame > main:
            issues.append(Issue("warning", "frame-heavy",
                                f"{label(opening.block)} and {label(closing.block).lower()} "
                                f"together ({frame} min) take more time than the main work "
                                f"({main} min)."))
    for i, b in enumerate(blocks, start=1):
        if planning.block(b.kind).topic and not b.topic.strip():
            issues.append(Issue("warning", "no-topic",
                                f"Block {i} ({label(b.kind)}) has no topic; name what you "
                                f"will teach or practise."))
    return PlanCheck(tuple(issues))


def _a(label: str) -> str:
    """'a support', 'an interpersonal process' (lower case)."""
    word = label.lower()
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def example_plan(planning: SessionPlanning, model: str, fmt: str, title: str = "") -> Plan:
    """The example plan for a model and format: a starting point with illustrative minutes.

    Every example passes :func:`check_plan` except for the topics, which are left empty
    for the facilitators to fill in (the check asks for them).
    """
    planning = _planning(planning)
    group = planning.group_model(model)
    session = planning.format(fmt)
    _text(title, "title", MAX_TITLE_CHARS)
    specific = [ex for ex in planning.examples if ex.format == fmt and ex.model == model]
    example = specific[0] if specific else next(
        ex for ex in planning.examples if ex.format == fmt and ex.model is None)
    blocks = tuple(Block(group.main[0] if b.kind == MAIN else b.kind, b.minutes, "", b.lead)
                   for b in example.blocks)
    return Plan(title or f"{group.label} group, {session.label}", model, fmt, blocks)
