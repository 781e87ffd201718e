"""Branching scenarios: load, play, debrief and enumerate paths (pure logic, no widgets).

One general engine serves every branching scenario of the curriculum: the group-session
scenarios of Module 3 (meters ``safety``, ``cohesion``, ``engagement``) and the
lapse-chain scenarios of Module 5 (e.g. ``self_efficacy``, ``craving``).

Content
-------
A scenario is a YAML file ``kind: scenario`` (schema and every validation rule:
:mod:`widgets.schemas.scenario`)::

    kind: scenario
    id: intoxicated-member              # = file name
    module: m03
    title: ...
    summary: ...
    cite: [TIP47-Ch7]                   # keys of references.bib
    meters: {safety: 60, cohesion: 50, engagement: 50}   # name -> initial value 0-100
    start: arrival                      # id of the first node
    nodes:
      - id: arrival
        situation: ...
        choices:
          - id: escort-out
            text: ...
            next: one-to-one
            feedback: ...
            quality: best               # best | acceptable | poor
            effects: {safety: 10, cohesion: 5}    # signed, -100..100, declared meters only
            next_if:                    # optional; first matching rule wins, else `next`
              - {meter: safety, at_most: 20, next: crisis}
      - id: good-ending
        situation: ...
        ending: true
        outcome: Member safe, group intact        # a short label
        quality: best                   # optional for endings
        debrief: ...

Loading (:func:`load_scenario` by id through the content index, or
:func:`load_scenario_file` for one file, e.g. an exercise starter) validates the whole
graph; every failure is a :class:`widgets.core.content.ContentError` naming file, node
(``entry``) and field.

Playing
-------
>>> player = ScenarioPlayer(load_scenario("intoxicated-member"))   # doctest: +SKIP
>>> player.node.situation, [c.id for c in player.choices]         # doctest: +SKIP
>>> step = player.choose("escort-out")      # -> Step: node, choice, feedback, meters after
>>> player.meters, player.history, player.is_over                  # doctest: +SKIP
>>> player.debrief()        # -> Debrief: ending, path taken, better alternatives per step
>>> player.restart()

A step applies the choice's effects to the meters, clamps every meter to 0-100, then
picks the next node: the first ``next_if`` rule that matches the meters *after* the
effects, otherwise the choice's ``next``.

Analysis
--------
:func:`all_paths` enumerates every path from the start to an ending, counting every
possible target of a choice (its ``next`` and each ``next_if`` target) regardless of
meter values; a path never visits a node twice, so loops are followed at most once.
:func:`replay` plays a list of choice ids; :func:`summarize` and :func:`compare_runs`
set finished runs side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from widgets.core.content import ContentError, bib_keys, content_root, load, load_file
from widgets.schemas.scenario import METER_RANGE, QUALITY_RANK, Choice, Node, Scenario

__all__ = [
    "Debrief",
    "Edge",
    "Play",
    "RunSummary",
    "ScenarioPlayer",
    "Step",
    "StepReview",
    "all_paths",
    "count_paths",
    "apply_effects",
    "better_choices",
    "compare_runs",
    "load_scenario",
    "load_scenario_file",
    "next_node_id",
    "playable_paths",
    "replay",
    "summarize",
]

Meters = Mapping[str, int]


# --------------------------------------------------------------------------- loading


def load_scenario(scenario_id: str, root: Path | None = None) -> Scenario:
    """Load a validated scenario by id from the repository's content index."""
    scenario = load("scenario", scenario_id, root)
    assert isinstance(scenario, Scenario)
    return scenario


def load_scenario_file(path: Path | str, *, bib: Path | None = None) -> Scenario:
    """Validate one scenario file on its own, including its citation keys.

    Files whose name starts with ``_`` (exercise starters) are skipped by the repository
    validator; this checks them the same way.  Raises :class:`ContentError`.
    """
    scenario = load_file(path, Scenario)
    assert isinstance(scenario, Scenario)
    keys = bib_keys(bib or content_root() / "references.bib")
    for ref in scenario.refs():
        if ref.target not in keys:
            raise ContentError(path, f"citation key {ref.target!r} is not in references.bib",
                               entry=ref.entry, field=ref.field)
    return scenario


# ----------------------------------------------------------------------- one step


def apply_effects(meters: Meters, effects: Meters) -> dict[str, int]:
    """Meters after adding ``effects``, each clamped to 0-100."""
    lo, hi = METER_RANGE
    return {name: min(hi, max(lo, value + effects.get(name, 0)))
            for name, value in meters.items()}


def next_node_id(choice: Choice, meters_after: Meters) -> str:
    """The node a choice leads to, given the meters after its effects."""
    for rule in choice.next_if:
        if rule.matches(dict(meters_after)):
            return rule.next
    return choice.next


@dataclass(frozen=True)
class Step:
    """One decision taken: where, what, the feedback, and the meters before and after."""

    node: Node
    choice: Choice
    meters_before: Mapping[str, int]
    meters: Mapping[str, int]
    next_id: str

    @property
    def feedback(self) -> str:
        """The feedback shown after this choice."""
        return self.choice.feedback

    @property
    def quality(self) -> str:
        """``best``, ``acceptable`` or ``poor``."""
        return self.choice.quality

    @property
    def changes(self) -> dict[str, int]:
        """Actual change of each meter (after clamping)."""
        return {k: self.meters[k] - self.meters_before[k] for k in self.meters}


@dataclass(frozen=True)
class StepReview:
    """A step of a finished run with the choices that would have been better there."""

    step: Step
    better: tuple[Choice, ...]


@dataclass(frozen=True)
class Debrief:
    """The end of a run: the ending reached, the path taken and better alternatives."""

    scenario_id: str
    ending: Node
    steps: tuple[StepReview, ...]
    meters: Mapping[str, int]

    @property
    def outcome(self) -> str:
        """The ending's outcome label."""
        return self.ending.outcome or ""

    @property
    def text(self) -> str:
        """The ending's debrief text."""
        return self.ending.debrief or ""

    @property
    def path(self) -> tuple[str, ...]:
        """Node ids visited, from the start to the ending."""
        return (*(r.step.node.id for r in self.steps), self.ending.id)

    @property
    def counts(self) -> dict[str, int]:
        """How many choices of each quality were made."""
        out = {q: 0 for q in ("best", "acceptable", "poor")}
        for r in self.steps:
            out[r.step.quality] += 1
        return out


# --------------------------------------------------------------------------- player


class ScenarioPlayer:
    """Steps through one scenario; keeps the meters, the history and the current node.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario (from :func:`load_scenario`).

    Attributes
    ----------
    scenario : Scenario
        The scenario being played.
    history : tuple of Step
        Every step taken since the start (or the last :meth:`restart`).
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._nodes = {n.id: n for n in scenario.nodes}
        self.restart()

    def restart(self) -> None:
        """Back to the start node with the initial meters and an empty history."""
        self._node_id = self.scenario.start
        self._meters = dict(self.scenario.meters)
        self.history: tuple[Step, ...] = ()

    @property
    def node(self) -> Node:
        """The current node (a decision point, or the ending once the run is over)."""
        return self._nodes[self._node_id]

    @property
    def choices(self) -> list[Choice]:
        """The choices available now (empty at an ending)."""
        return list(self.node.choices)

    @property
    def meters(self) -> dict[str, int]:
        """Current meter values (a copy)."""
        return dict(self._meters)

    @property
    def is_over(self) -> bool:
        """Whether the current node is an ending."""
        return self.node.ending

    def choose(self, choice_id: str) -> Step:
        """Take a choice at the current node and move on; returns the step record."""
        if self.is_over:
            raise ValueError(f"scenario {self.scenario.id!r} is over (ending "
                             f"{self._node_id!r}); call restart() to play again")
        choice = next((c for c in self.node.choices if c.id == choice_id), None)
        if choice is None:
            have = ", ".join(c.id for c in self.node.choices)
            raise ValueError(f"node {self._node_id!r} has no choice {choice_id!r}; "
                             f"choices are: {have}")
        before = MappingProxyType(dict(self._meters))
        after = apply_effects(self._meters, choice.effects)
        target = next_node_id(choice, after)
        step = Step(self.node, choice, before, MappingProxyType(dict(after)), target)
        self._meters = after
        self._node_id = target
        self.history = (*self.history, step)
        return step

    @property
    def path(self) -> tuple[str, ...]:
        """Node ids visited so far, including the current node."""
        return (*(s.node.id for s in self.history), self._node_id)

    def meter_series(self) -> list[dict[str, int]]:
        """Meter values at the start and after each step (for charts over time)."""
        return [dict(self.scenario.meters), *(dict(s.meters) for s in self.history)]

    def debrief(self) -> Debrief:
        """The debrief of a finished run; raises ``ValueError`` before an ending."""
        if not self.is_over:
            raise ValueError(f"scenario {self.scenario.id!r} is not over yet (at node "
                             f"{self._node_id!r}); the debrief comes at an ending")
        reviews = tuple(StepReview(s, better_choices(s.node, s.choice)) for s in self.history)
        return Debrief(self.scenario.id, self.node, reviews, MappingProxyType(self.meters))


def better_choices(node: Node, chosen: Choice) -> tuple[Choice, ...]:
    """Choices at ``node`` of higher quality than ``chosen``, best first."""
    rank = QUALITY_RANK[chosen.quality]
    better = [c for c in node.choices if QUALITY_RANK[c.quality] > rank]
    return tuple(sorted(better, key=lambda c: -QUALITY_RANK[c.quality]))


def replay(scenario: Scenario, choice_ids: Iterable[str]) -> ScenarioPlayer:
    """A player that has taken these choices in order."""
    player = ScenarioPlayer(scenario)
    for choice_id in choice_ids:
        player.choose(choice_id)
    return player


# ---------------------------------------------------------------------- all paths


@dataclass(frozen=True)
class Edge:
    """One move of a path: at ``node_id`` take ``choice_id`` and arrive at ``target``."""

    node_id: str
    choice_id: str
    target: str


def all_paths(scenario: Scenario, *, limit: int = 100_000) -> list[tuple[Edge, ...]]:
    """Every path from the start to an ending, as tuples of :class:`Edge`.

    Every possible target of a choice counts (its ``next`` and each ``next_if``
    target), whatever the meters; a path never visits a node twice.  Raises
    ``ValueError`` if there are more than ``limit`` paths.
    """
    nodes = {n.id: n for n in scenario.nodes}
    paths: list[tuple[Edge, ...]] = []

    def walk(node_id: str, trail: tuple[Edge, ...], visited: frozenset[str]) -> None:
        node = nodes[node_id]
        if node.ending:
            paths.append(trail)
            if len(paths) > limit:
                raise ValueError(f"scenario {scenario.id!r} has more than {limit} paths")
            return
        for choice in node.choices:
            for target in choice.targets:
                if target not in visited:
                    walk(target, (*trail, Edge(node_id, choice.id, target)), visited | {target})

    walk(scenario.start, (), frozenset([scenario.start]))
    return paths


def count_paths(scenario: Scenario, *, limit: int = 100_000) -> int:
    """``len(all_paths(scenario))`` without building the paths.

    On a graph without loops each node's count is computed once (milliseconds for
    thousands of paths); a graph with a loop falls back to :func:`all_paths`.
    """
    nodes = {n.id: n for n in scenario.nodes}
    memo: dict[str, int] = {}
    on_stack: set[str] = set()
    has_loop = False

    def count(node_id: str) -> int:
        nonlocal has_loop
        if node_id in memo:
            return memo[node_id]
        node = nodes[node_id]
        if node.ending:
            return 1
        on_stack.add(node_id)
        total = 0
        for choice in node.choices:
            for target in choice.targets:
                if target in on_stack:
                    has_loop = True
                else:
                    total += count(target)
        on_stack.discard(node_id)
        memo[node_id] = total
        return total

    total = count(scenario.start)
    if has_loop:
        return len(all_paths(scenario, limit=limit))
    if total > limit:
        raise ValueError(f"scenario {scenario.id!r} has more than {limit} paths")
    return total


@dataclass(frozen=True)
class Play:
    """One complete run a learner can actually make (meters taken into account)."""

    choices: tuple[str, ...]
    path: tuple[str, ...]
    ending_id: str
    meters: Mapping[str, int]


def playable_paths(scenario: Scenario, *, limit: int = 100_000) -> list[Play]:
    """Every run a learner can actually make, following the meters through each choice.

    Unlike :func:`all_paths`, a ``next_if`` rule only branches when the meters really
    cross its threshold, so an ending missing from the result cannot be reached in
    play.  A run that would come back to a node it has already visited is cut there
    (a loop is followed at most once, as in :func:`all_paths`).  Raises
    ``ValueError`` beyond ``limit`` runs.
    """
    nodes = {n.id: n for n in scenario.nodes}
    plays: list[Play] = []

    def walk(node_id: str, meters: dict[str, int], choices: tuple[str, ...],
             path: tuple[str, ...]) -> None:
        node = nodes[node_id]
        if node.ending:
            plays.append(Play(choices, path, node_id, MappingProxyType(meters)))
            if len(plays) > limit:
                raise ValueError(f"scenario {scenario.id!r} has more than {limit} runs")
            return
        for choice in node.choices:
            after = apply_effects(meters, choice.effects)
            target = next_node_id(choice, after)
            if target not in path:
                walk(target, after, (*choices, choice.id), (*path, target))

    walk(scenario.start, dict(scenario.meters), (), (scenario.start,))
    return plays


# ------------------------------------------------------------------ comparing runs


@dataclass(frozen=True)
class RunSummary:
    """A finished run in one line: the choices, their qualities, the ending and meters."""

    label: str
    choices: tuple[tuple[str, str, str], ...]
    """(node id, choice text, quality) for each step."""
    outcome: str
    ending_id: str
    ending_quality: str | None
    meters: Mapping[str, int]
    counts: Mapping[str, int] = field(default_factory=dict)


def summarize(player: ScenarioPlayer, label: str = "") -> RunSummary:
    """Summarize a finished run (raises ``ValueError`` if it is not over)."""
    d = player.debrief()
    return RunSummary(label, tuple((r.step.node.id, r.step.choice.text, r.step.quality)
                                   for r in d.steps),
                      d.outcome, d.ending.id, d.ending.quality, MappingProxyType(dict(d.meters)),
                      MappingProxyType(d.counts))


def compare_runs(runs: Sequence[RunSummary]) -> list[dict[str, object]]:
    """Rows for a side-by-side table: one row per run (label, ending, counts, meters)."""
    return [{"run": r.label, "outcome": r.outcome, "ending": r.ending_id,
             "steps": len(r.choices), **{f"{q} choices": r.counts.get(q, 0)
                                         for q in ("best", "acceptable", "poor")},
             **{f"final {k}": v for k, v in r.meters.items()}} for r in runs]
