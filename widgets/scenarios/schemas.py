"""Schema of ``kind: scenario`` files: branching decision scenarios with climate meters.

A scenario is a directed graph of nodes.  A *decision point* has a situation and
choices; every choice names the node it leads to (``next``), optionally overridden by
``next_if`` rules evaluated on the meters after the choice's effects.  An *ending* has
``ending: true``, an ``outcome`` label and a ``debrief``.  Meters (for group scenarios
``safety``, ``cohesion``, ``engagement``; for relapse-prevention scenarios e.g.
``self_efficacy``, ``craving``) start at the values declared under ``meters`` and are
kept within 0-100 by the player (:mod:`widgets.scenarios.model`).  A scenario names no
module: the module whose ``module.yaml`` lists the simulation that plays it records the
learner's runs (:mod:`widgets.core.registry`).

Loading validates the whole graph.  Every failure is a
:class:`widgets.core.content.ContentError` whose *entry* is the node and whose *field* is the
path inside that node (e.g. ``choices.1.next_if.0.next``):

- duplicate node ids, duplicate choice ids within a node;
- ``start`` missing, or not the id of a node;
- a ``next`` or ``next_if`` target that is not a node;
- a node that cannot be reached from ``start``;
- a node from which no ending can be reached;
- an effect on a meter not declared under ``meters``, or outside -100..100;
- a ``next_if`` rule on an undeclared meter, without exactly one of ``at_least`` and
  ``at_most``, or with a threshold outside 0-100;
- an ending with choices, a decision point without choices, an ending without
  ``debrief``/``outcome``, a decision point with them;
- more than :data:`MAX_NODES` nodes, :data:`MAX_CHOICES` choices at a node,
  :data:`MAX_RULES` ``next_if`` rules on a choice or :data:`MAX_METERS` meters (the bounds
  that keep every walk over the graph, its drawing and the player's lettered choices
  small);
- unknown keys and wrong types anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from widgets.core.content_schema import ContentFile, ContentModel, Id, Ref, content_kind

__all__ = [
    "EFFECT_RANGE",
    "MAX_CHOICES",
    "MAX_METERS",
    "MAX_NODES",
    "MAX_RULES",
    "METER_RANGE",
    "QUALITY_RANK",
    "Choice",
    "Node",
    "Rule",
    "Scenario",
]

MeterName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
"""A meter name: lower-case snake_case (``safety``, ``self_efficacy``)."""

Quality = Literal["best", "acceptable", "poor"]
QUALITY_RANK: dict[str, int] = {"poor": 0, "acceptable": 1, "best": 2}
"""Order of choice qualities: a choice is a better alternative if its rank is higher."""

METER_RANGE = (0, 100)
"""Every meter value (initial, threshold, and after each step) lies in this range."""
EFFECT_RANGE = (-100, 100)
"""A single choice changes a meter by at most this much either way."""

MAX_NODES = 100
"""Most nodes in one scenario (the library's largest has 17)."""
MAX_CHOICES = 10
"""Most choices at one decision point (lettered A-J in the player)."""
MAX_RULES = 5
"""Most ``next_if`` rules on one choice."""
MAX_METERS = 6
"""Most meters in one scenario (each gets its own colour, marker and line style)."""

Text = Annotated[str, Field(min_length=1)]


class Rule(ContentModel):
    """Go to ``next`` instead of the choice's own ``next`` when a meter crosses a threshold.

    Exactly one of ``at_least`` (meter >= value) and ``at_most`` (meter <= value).
    """

    meter: MeterName
    at_least: int | None = None
    at_most: int | None = None
    next: Id

    @model_validator(mode="after")
    def _one_threshold(self) -> Rule:
        given = [v for v in (self.at_least, self.at_most) if v is not None]
        if len(given) != 1:
            raise ValueError("a next_if rule needs exactly one of 'at_least' and 'at_most'; "
                             f"found {len(given)}")
        lo, hi = METER_RANGE
        if not lo <= given[0] <= hi:
            raise ValueError(f"a next_if threshold must be within {lo}-{hi}; got {given[0]}")
        return self

    def matches(self, meters: dict[str, int]) -> bool:
        """Whether the rule fires for these meter values."""
        value = meters[self.meter]
        if self.at_least is not None:
            return value >= self.at_least
        assert self.at_most is not None
        return value <= self.at_most


class Choice(ContentModel):
    """One option at a decision point: where it leads, its feedback and its effects."""

    id: Id
    text: Text
    next: Id
    feedback: Text
    quality: Quality
    effects: dict[MeterName, int] = Field(default_factory=dict)
    next_if: list[Rule] = Field(default_factory=list, max_length=MAX_RULES)

    @property
    def targets(self) -> tuple[str, ...]:
        """Every node this choice can lead to: each ``next_if`` target, then ``next``."""
        return tuple(dict.fromkeys([*(r.next for r in self.next_if), self.next]))


class Node(ContentModel):
    """A decision point (``choices``) or an ending (``ending: true``, outcome, debrief)."""

    id: Id
    situation: Text
    choices: list[Choice] = Field(default_factory=list, max_length=MAX_CHOICES)
    ending: bool = False
    outcome: Text | None = None
    debrief: Text | None = None
    quality: Quality | None = None
    """Optional for endings: how good the outcome is (colours the graph and debrief)."""


@content_kind("scenario")
class Scenario(ContentFile):
    """A branching scenario: meters, a start node and a graph of nodes."""

    kind: Literal["scenario"]
    title: Text
    summary: Text
    cite: list[str] = Field(min_length=1)
    meters: dict[MeterName, int] = Field(min_length=1, max_length=MAX_METERS)
    start: Id
    nodes: list[Node] = Field(min_length=1, max_length=MAX_NODES)

    # -- error locations ------------------------------------------------------------
    @model_validator(mode="wrap")
    @classmethod
    def _errors_name_the_node(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Report errors inside a choice as (node, ``choices.N.field``), not (choice, field).

        :func:`widgets.core.content.validate` names the innermost entry with an ``id`` along
        an error's location; folding the part below the node into one location item
        makes that entry the node, and the field ``choices.1.next`` names the choice.
        """
        try:
            return handler(data)
        except ValidationError as exc:
            raise _relocated(exc) from None

    # -- whole-graph rules ----------------------------------------------------------
    @model_validator(mode="after")
    def _valid_graph(self) -> Scenario:
        problem = next(iter(self._graph_problems()), None)
        if problem is not None:
            loc, message = problem
            raise ValidationError.from_exception_data(
                "Scenario", [InitErrorDetails(type=PydanticCustomError("value_error", _lit(
                    f"Value error, {message}")), loc=loc, input=None)])
        return self

    def _graph_problems(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        lo, hi = METER_RANGE
        for name, value in self.meters.items():
            if not lo <= value <= hi:
                yield ("meters", name), f"a meter starts within {lo}-{hi}; got {value}"
        seen: dict[str, int] = {}
        for i, node in enumerate(self.nodes):
            if node.id in seen:
                yield (("nodes", i, "id"),
                       f"duplicate node id; node {seen[node.id] + 1} already uses it "
                       f"(node ids must be unique within a scenario)")
            seen.setdefault(node.id, i)
        for i, node in enumerate(self.nodes):
            yield from ((("nodes", i, f), m) for f, m in self._node_problems(node))
        if self.start not in seen:
            yield ("start",), (f"start {self.start!r} is not the id of a node; nodes are: "
                               f"{', '.join(seen)}")
            return
        for i, node in enumerate(self.nodes):
            for j, choice in enumerate(node.choices):
                if choice.next not in seen:
                    yield (("nodes", i, f"choices.{j}.next"),
                           f"choice {choice.id!r} leads to node {choice.next!r}, which does "
                           f"not exist")
                for k, rule in enumerate(choice.next_if):
                    if rule.next not in seen:
                        yield (("nodes", i, f"choices.{j}.next_if.{k}.next"),
                               f"choice {choice.id!r} can lead to node {rule.next!r}, which "
                               f"does not exist")
        reachable = _reachable(self.start, self._edges())
        for i, node in enumerate(self.nodes):
            if node.id not in reachable:
                yield (("nodes", i, "id"),
                       f"node {node.id!r} cannot be reached from the start node "
                       f"{self.start!r}: no choice on any path leads to it")
        back: dict[str, set[str]] = {n.id: set() for n in self.nodes}
        for source, targets in self._edges().items():
            for target in targets:
                back[target].add(source)
        can_end = _reachable_many((n.id for n in self.nodes if n.ending), back)
        for i, node in enumerate(self.nodes):
            if node.id not in can_end:
                yield (("nodes", i, "choices"),
                       f"no ending can be reached from node {node.id!r}: every path from "
                       f"it loops without reaching a node with 'ending: true'")

    def _node_problems(self, node: Node) -> Iterator[tuple[str, str]]:
        if node.ending:
            if node.choices:
                yield "choices", "an ending (ending: true) has no choices; remove them"
            for name in ("outcome", "debrief"):
                if getattr(node, name) is None:
                    yield name, "is required for an ending (ending: true) but missing"
        else:
            if not node.choices:
                yield "choices", ("a decision point needs at least one choice (or mark the "
                                  "node 'ending: true' with an outcome and a debrief)")
            for name in ("outcome", "debrief", "quality"):
                if getattr(node, name) is not None:
                    yield name, (f"only an ending (ending: true) has '{name}'; a decision "
                                 f"point gives feedback on each choice instead")
        ids = [c.id for c in node.choices]
        lo, hi = EFFECT_RANGE
        for j, choice in enumerate(node.choices):
            if ids.index(choice.id) != j:
                yield f"choices.{j}.id", (f"duplicate choice id {choice.id!r}; choice ids must "
                                          f"be unique within a node")
            for meter, delta in choice.effects.items():
                where = f"choices.{j}.effects.{meter}"
                if meter not in self.meters:
                    yield where, (f"meter {meter!r} is not declared under 'meters' "
                                  f"(declared: {', '.join(self.meters)})")
                elif not lo <= delta <= hi:
                    yield where, f"an effect must be within {lo}..{hi}; got {delta}"
            for k, rule in enumerate(choice.next_if):
                if rule.meter not in self.meters:
                    yield (f"choices.{j}.next_if.{k}.meter",
                           f"meter {rule.meter!r} is not declared under 'meters' "
                           f"(declared: {', '.join(self.meters)})")

    def _edges(self) -> dict[str, set[str]]:
        ids = {n.id for n in self.nodes}
        return {n.id: {t for c in n.choices for t in c.targets if t in ids} for n in self.nodes}

    # -- references and lookups -----------------------------------------------------
    def refs(self) -> Iterable[Ref]:
        """The scenario's citation keys must be in references.bib."""
        for i, key in enumerate(self.cite):
            yield Ref("cite", key, self.id, f"cite.{i}")

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(f"scenario {self.id!r} has no node {node_id!r}")

    @property
    def decision_points(self) -> list[Node]:
        """Nodes with choices, in file order."""
        return [n for n in self.nodes if not n.ending]

    @property
    def endings(self) -> list[Node]:
        """Ending nodes, in file order."""
        return [n for n in self.nodes if n.ending]


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    return _reachable_many([start], edges)


def _reachable_many(starts: Iterable[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(starts)
    todo = list(seen)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _lit(message: str) -> str:
    """A message safe to use as a pydantic message template (braces are literal)."""
    return message.replace("{", "{{").replace("}", "}}")


def _fold(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """``('nodes', 2, 'choices', 1, 'next')`` -> ``('nodes', 2, 'choices.1.next')``."""
    if len(loc) > 3 and loc[0] == "nodes" and isinstance(loc[1], int):
        return (*loc[:2], ".".join(str(p) for p in loc[2:]))
    return loc


def _relocated(exc: ValidationError) -> ValidationError:
    details = []
    # A misspelt key shows up twice: as an unknown key and as a missing field.  The
    # unknown key is the more useful message, so it is reported first.
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    for err in errors:
        details.append(InitErrorDetails(
            type=PydanticCustomError(err["type"], _lit(err["msg"])),
            loc=_fold(tuple(err["loc"])), input=err.get("input")))
    return ValidationError.from_exception_data(exc.title, details)
