"""Branching scenarios: play, debrief and enumerate paths (pure: data in, results out).

One engine serves every branching scenario of the curriculum: the group-session scenarios
of Module 3 (meters ``safety``, ``cohesion``, ``engagement``), the lapse chains of Module 5
(``self_efficacy``, ``craving``) and Module 6's overdose response.  A scenario is content
(``kind: scenario``, :class:`~widgets.scenarios.schemas.Scenario`, loaded by
:mod:`widgets.scenarios.content`); this module takes a validated scenario and never reads
a file.

Playing
-------
>>> player = ScenarioPlayer(scenario)                                # doctest: +SKIP
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
:func:`playable_paths` lists the runs a learner can really make (meters followed).
:func:`replay` plays a list of choice ids; :func:`summarize` and :func:`compare_runs`
set finished runs side by side.

Bounds
------
Every walk over a graph is bounded: at most ``limit`` paths (1 to :data:`MAX_PATHS`) and
:data:`MAX_MOVES` moves considered on the way, beyond which it raises ``ValueError``
saying so; a run is at most :data:`MAX_STEPS` choices long.  Scenarios themselves are
bounded by their schema (:data:`~widgets.scenarios.schemas.MAX_NODES` nodes and so on).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from widgets.scenarios.schemas import (
    EFFECT_RANGE,
    MAX_METERS,
    METER_RANGE,
    QUALITY_RANK,
    Choice,
    Node,
    Scenario,
)

__all__ = [
    "MAX_MOVES",
    "MAX_PATHS",
    "MAX_STEPS",
    "Debrief",
    "Edge",
    "Play",
    "RunSummary",
    "ScenarioPlayer",
    "Step",
    "StepReview",
    "all_paths",
    "apply_effects",
    "better_choices",
    "compare_runs",
    "count_paths",
    "next_node_id",
    "playable_paths",
    "replay",
    "summarize",
]

Meters = Mapping[str, int]

MAX_PATHS = 100_000
"""Most paths (or runs) one enumeration may list: the largest ``limit`` accepted."""
MAX_MOVES = 1_000_000
"""Most moves (a choice taken towards one of its targets) one enumeration may consider on
its way: a graph with loops can have few complete paths and very many dead ends.  The
library's largest scenario needs about 50,000."""
MAX_STEPS = 1_000
"""Most choices in one run (only a scenario with loops can come near it)."""


# ------------------------------------------------------------------ input checks


def _require(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, not {type(value).__name__} "
                        f"({value!r:.80})")


def _whole(value: object, name: str, lo: int, hi: int) -> int:
    """``value`` as an int within ``lo..hi``: ints, numpy integers and whole floats pass."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a whole number from {lo} to {hi}, not "
                        f"{type(value).__name__} ({value!r:.80})")
    if isinstance(value, numbers.Integral):
        number = int(value)
    else:
        real = float(value)
        if not math.isfinite(real) or real != int(real):
            raise ValueError(f"{name} must be a whole number from {lo} to {hi}; got {value!r}")
        number = int(real)
    if not lo <= number <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}; got {number}")
    return number


def _meters(values: object, name: str, lo: int, hi: int) -> dict[str, int]:
    """A mapping of meter name to a whole number within ``lo..hi`` (at most MAX_METERS)."""
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a mapping of meter name to level, not "
                        f"{type(values).__name__}")
    if len(values) > MAX_METERS:
        raise ValueError(f"{name} has {len(values)} meters; a scenario has at most "
                         f"{MAX_METERS}")
    out = {}
    for key, value in values.items():
        if not isinstance(key, str):
            raise TypeError(f"{name}: meter names are strings, not {type(key).__name__} "
                            f"({key!r:.80})")
        out[key] = _whole(value, f"{name}[{key!r}]", lo, hi)
    return out


def _limit(limit: object) -> int:
    return _whole(limit, "limit", 1, MAX_PATHS)


class _Budget:
    """Counts the moves a walk considers; raises past :data:`MAX_MOVES`."""

    def __init__(self, scenario: Scenario, what: str) -> None:
        self.left = MAX_MOVES
        self.scenario_id = scenario.id
        self.what = what

    def spend(self, moves: int) -> None:
        self.left -= moves
        if self.left < 0:
            raise ValueError(f"scenario {self.scenario_id!r}: listing its {self.what} takes "
                             f"more than {MAX_MOVES:,} moves (the limit of one walk); its "
                             f"graph has too many loops to list them all")


# ----------------------------------------------------------------------- one step


def apply_effects(meters: Meters, effects: Meters) -> dict[str, int]:
    """Meters after adding ``effects``, each clamped to 0-100.

    Parameters
    ----------
    meters : mapping of str to int
        Current levels, each 0-100 (at most :data:`~widgets.scenarios.schemas.MAX_METERS`).
    effects : mapping of str to int
        Changes, each -100..100, on meters that ``meters`` has.
    """
    lo, hi = METER_RANGE
    now = _meters(meters, "meters", lo, hi)
    change = _meters(effects, "effects", *EFFECT_RANGE)
    unknown = [k for k in change if k not in now]
    if unknown:
        raise ValueError(f"effects name meter(s) {', '.join(map(repr, unknown))}, which "
                         f"the meters do not have (meters: {', '.join(now) or 'none'})")
    return {name: min(hi, max(lo, value + change.get(name, 0))) for name, value in now.items()}


def next_node_id(choice: Choice, meters_after: Meters) -> str:
    """The node a choice leads to, given the meters after its effects."""
    _require(choice, Choice, "choice")
    lo, hi = METER_RANGE
    levels = _meters(meters_after, "meters_after", lo, hi)
    for rule in choice.next_if:
        if rule.meter not in levels:
            raise ValueError(f"choice {choice.id!r} has a rule on meter {rule.meter!r}, "
                             f"which meters_after lacks (it has: {', '.join(levels) or 'none'})")
        if rule.matches(levels):
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

    @property
    def rule_fired(self) -> bool:
        """Whether a ``next_if`` threshold sent the story away from the choice's ``next``."""
        return self.next_id != self.choice.next


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
        A validated scenario (from :func:`widgets.scenarios.load_scenario`).

    Attributes
    ----------
    scenario : Scenario
        The scenario being played.
    history : tuple of Step
        Every step taken since the start (or the last :meth:`restart`), at most
        :data:`MAX_STEPS`.
    """

    def __init__(self, scenario: Scenario) -> None:
        _require(scenario, Scenario, "scenario")
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
        if not isinstance(choice_id, str):
            raise TypeError(f"choice_id must be a choice's id (a string), not "
                            f"{type(choice_id).__name__} ({choice_id!r:.80})")
        if self.is_over:
            raise ValueError(f"scenario {self.scenario.id!r} is over (ending "
                             f"{self._node_id!r}); call restart() to play again")
        if len(self.history) >= MAX_STEPS:
            raise ValueError(f"a run of scenario {self.scenario.id!r} has at most "
                             f"{MAX_STEPS} steps; call restart() to play again")
        choice = next((c for c in self.node.choices if c.id == choice_id), None)
        if choice is None:
            have = ", ".join(c.id for c in self.node.choices)
            raise ValueError(f"node {self._node_id!r} has no choice {choice_id[:80]!r}; "
                             f"choices are: {have}")
        before = MappingProxyType(dict(self._meters))
        after = _apply(self._meters, choice.effects)
        target = _next(choice, after)
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


def _apply(meters: dict[str, int], effects: Mapping[str, int]) -> dict[str, int]:
    """:func:`apply_effects` on values a validated scenario guarantees (no checks)."""
    lo, hi = METER_RANGE
    return {name: min(hi, max(lo, value + effects.get(name, 0)))
            for name, value in meters.items()}


def _next(choice: Choice, meters_after: dict[str, int]) -> str:
    """:func:`next_node_id` on values a validated scenario guarantees (no checks)."""
    for rule in choice.next_if:
        if rule.matches(meters_after):
            return rule.next
    return choice.next


def better_choices(node: Node, chosen: Choice) -> tuple[Choice, ...]:
    """Choices at ``node`` of higher quality than ``chosen``, best first."""
    _require(node, Node, "node")
    _require(chosen, Choice, "chosen")
    if chosen not in node.choices:
        raise ValueError(f"choice {chosen.id!r} is not one of node {node.id!r}'s choices "
                         f"({', '.join(c.id for c in node.choices) or 'none'})")
    rank = QUALITY_RANK[chosen.quality]
    better = [c for c in node.choices if QUALITY_RANK[c.quality] > rank]
    return tuple(sorted(better, key=lambda c: -QUALITY_RANK[c.quality]))


def replay(scenario: Scenario, choice_ids: Iterable[str]) -> ScenarioPlayer:
    """A player that has taken these choices in order (at most :data:`MAX_STEPS`)."""
    if isinstance(choice_ids, str):
        raise TypeError(f"choice_ids must be a list of choice ids, not the string "
                        f"{choice_ids[:80]!r}; write [{choice_ids[:80]!r}]")
    player = ScenarioPlayer(scenario)
    for choice_id in choice_ids:
        player.choose(choice_id)
    return player


# ---------------------------------------------------------------------- all paths


@dataclass(frozen=True, slots=True)
class Edge:
    """One move of a path: at ``node_id`` take ``choice_id`` and arrive at ``target``."""

    node_id: str
    choice_id: str
    target: str


def all_paths(scenario: Scenario, *, limit: int = MAX_PATHS) -> list[tuple[Edge, ...]]:
    """Every path from the start to an ending, as tuples of :class:`Edge`.

    Every possible target of a choice counts (its ``next`` and each ``next_if``
    target), whatever the meters; a path never visits a node twice.  Raises
    ``ValueError`` if there are more than ``limit`` paths (1 to :data:`MAX_PATHS`) or
    the walk considers more than :data:`MAX_MOVES` moves.
    """
    _require(scenario, Scenario, "scenario")
    limit = _limit(limit)
    nodes = {n.id: n for n in scenario.nodes}
    # One Edge object per move, shared by every path through it.
    moves = {n.id: [Edge(n.id, c.id, t) for c in n.choices for t in c.targets]
             for n in scenario.nodes}
    paths: list[tuple[Edge, ...]] = []
    budget = _Budget(scenario, "paths")

    def walk(node_id: str, trail: tuple[Edge, ...], visited: frozenset[str]) -> None:
        budget.spend(1 + len(moves[node_id]))
        if nodes[node_id].ending:
            paths.append(trail)
            if len(paths) > limit:
                raise ValueError(f"scenario {scenario.id!r} has more than {limit} paths")
            return
        for edge in moves[node_id]:
            if edge.target not in visited:
                walk(edge.target, (*trail, edge), visited | {edge.target})

    walk(scenario.start, (), frozenset([scenario.start]))
    return paths


def count_paths(scenario: Scenario, *, limit: int = MAX_PATHS) -> int:
    """``len(all_paths(scenario))`` without building the paths.

    On a graph without loops each node's count is computed once (milliseconds for
    thousands of paths); a graph with a loop falls back to :func:`all_paths`.  Raises
    ``ValueError`` beyond ``limit`` paths, as :func:`all_paths` does.
    """
    _require(scenario, Scenario, "scenario")
    limit = _limit(limit)
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


def playable_paths(scenario: Scenario, *, limit: int = MAX_PATHS) -> list[Play]:
    """Every run a learner can actually make, following the meters through each choice.

    Unlike :func:`all_paths`, a ``next_if`` rule only branches when the meters really
    cross its threshold, so an ending missing from the result cannot be reached in
    play.  A run that would come back to a node it has already visited is cut there
    (a loop is followed at most once, as in :func:`all_paths`).  Raises
    ``ValueError`` beyond ``limit`` runs (1 to :data:`MAX_PATHS`) or
    :data:`MAX_MOVES` moves considered.
    """
    _require(scenario, Scenario, "scenario")
    limit = _limit(limit)
    nodes = {n.id: n for n in scenario.nodes}
    plays: list[Play] = []
    budget = _Budget(scenario, "runs")

    def walk(node_id: str, meters: dict[str, int], choices: tuple[str, ...],
             path: tuple[str, ...]) -> None:
        node = nodes[node_id]
        budget.spend(1 + len(node.choices) * (1 + max((len(c.next_if) for c in node.choices),
                                                      default=0)))
        if node.ending:
            plays.append(Play(choices, path, node_id, MappingProxyType(meters)))
            if len(plays) > limit:
                raise ValueError(f"scenario {scenario.id!r} has more than {limit} runs")
            return
        for choice in node.choices:
            after = _apply(meters, choice.effects)
            target = _next(choice, after)
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

    @property
    def path(self) -> tuple[str, ...]:
        """Node ids visited, from the start to the ending."""
        return (*(node_id for node_id, _, _ in self.choices), self.ending_id)


def summarize(player: ScenarioPlayer, label: str = "") -> RunSummary:
    """Summarize a finished run (raises ``ValueError`` if it is not over)."""
    _require(player, ScenarioPlayer, "player")
    _require(label, str, "label")
    d = player.debrief()
    return RunSummary(label, tuple((r.step.node.id, r.step.choice.text, r.step.quality)
                                   for r in d.steps),
                      d.outcome, d.ending.id, d.ending.quality, MappingProxyType(dict(d.meters)),
                      MappingProxyType(d.counts))


def compare_runs(runs: Sequence[RunSummary]) -> list[dict[str, object]]:
    """Rows for a side-by-side table: one row per run (label, ending, counts, meters)."""
    if isinstance(runs, str | bytes) or not isinstance(runs, Sequence):
        raise TypeError(f"runs must be a list of RunSummary, not {type(runs).__name__}")
    for i, run in enumerate(runs):
        _require(run, RunSummary, f"runs[{i}]")
    return [{"run": r.label, "outcome": r.outcome, "ending": r.ending_id,
             "steps": len(r.choices), **{f"{q} choices": r.counts.get(q, 0)
                                         for q in ("best", "acceptable", "poor")},
             **{f"final {k}": v for k, v in r.meters.items()}} for r in runs]
