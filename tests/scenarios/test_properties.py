"""Property tests of the scenario engine: arbitrary inputs give a valid result or a
documented exception, and every walk over a graph stays within its bounds."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from widgets.core.content import ContentError, validate
from widgets.scenarios import (
    MAX_MOVES,
    MAX_PATHS,
    MAX_STEPS,
    ScenarioPlayer,
    all_paths,
    apply_effects,
    count_paths,
    next_node_id,
    playable_paths,
    replay,
)
from widgets.scenarios.render import graph_svg, layout, node_labels, static_html
from widgets.scenarios.schemas import MAX_CHOICES, MAX_NODES, MAX_RULES, Scenario

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.glob("curriculum/*/scenarios/*.yaml")) + [
    Path(__file__).resolve().parent / "fixtures" / "valid-scenario.yaml"]
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@cache
def library(index: int) -> Scenario:
    from widgets.scenarios import load_scenario_file

    return load_scenario_file(FILES[index])


# ------------------------------------------------------------------- playing


@FAST
@given(index=st.integers(0, len(FILES) - 1),
       picks=st.lists(st.integers(0, 1_000), max_size=30))
def test_any_sequence_of_choices_keeps_meters_in_range_and_replays(index, picks):
    scenario = library(index)
    player = ScenarioPlayer(scenario)
    taken = []
    for pick in picks:
        if player.is_over:
            with pytest.raises(ValueError, match="is over"):
                player.choose("any-choice")
            break
        choice = player.choices[pick % len(player.choices)]
        step = player.choose(choice.id)
        taken.append(choice.id)
        assert all(0 <= v <= 100 for v in step.meters.values())
        assert step.meters.keys() == scenario.meters.keys()
        assert step.next_id in {n.id for n in scenario.nodes}
    assert len(player.history) == len(taken)
    assert len(player.meter_series()) == len(taken) + 1
    assert player.path[0] == scenario.start and len(player.path) == len(taken) + 1
    again = replay(scenario, taken)
    assert again.path == player.path and again.meters == player.meters
    if player.is_over:
        debrief = player.debrief()
        assert debrief.path == player.path and sum(debrief.counts.values()) == len(taken)
    else:
        with pytest.raises(ValueError, match="not over yet"):
            player.debrief()


@FAST
@given(index=st.integers(0, len(FILES) - 1), choice_id=st.text(max_size=300))
def test_an_unknown_choice_is_refused_and_changes_nothing(index, choice_id):
    player = ScenarioPlayer(library(index))
    assume(choice_id not in {c.id for c in player.choices})
    with pytest.raises(ValueError, match="has no choice"):
        player.choose(choice_id)
    assert player.history == () and player.meters == dict(library(index).meters)


@pytest.mark.parametrize("bad", [None, 3, b"welcome", ["welcome"]])
def test_a_choice_that_is_not_a_string_is_a_type_error(bad):
    with pytest.raises(TypeError, match="choice_id must be"):
        ScenarioPlayer(library(len(FILES) - 1)).choose(bad)


def test_a_run_stops_at_its_step_limit_in_a_loop():
    player = ScenarioPlayer(_graph(2, [[0]]))  # at d0, choice c1 leads back to d0
    with pytest.raises(ValueError, match=f"at most {MAX_STEPS} steps; call restart"):
        for _ in range(MAX_STEPS + 1):
            player.choose("c1")
    assert len(player.history) == MAX_STEPS and player.node.id == "d0"


def test_replay_refuses_a_single_string():
    with pytest.raises(TypeError, match=r"write \['welcome'\]"):
        replay(library(len(FILES) - 1), "welcome")


# -------------------------------------------------------------- one step alone

LEVEL = st.one_of(st.integers(-300, 300), st.floats(allow_nan=True), st.booleans(),
                  st.none(), st.text(max_size=3),
                  st.integers(-300, 300).map(np.int64), st.integers(-300, 300).map(float))
NAMES = st.sampled_from(["safety", "cohesion", "engagement", "craving", "x"])


@FAST
@given(meters=st.dictionaries(NAMES, LEVEL, max_size=5),
       effects=st.dictionaries(NAMES, LEVEL, max_size=5))
def test_apply_effects_gives_levels_in_range_or_names_the_bad_value(meters, effects):
    try:
        after = apply_effects(meters, effects)
    except (TypeError, ValueError) as exc:
        assert any(word in str(exc) for word in ("meters", "effects")), exc
        return
    assert after.keys() == meters.keys()
    assert all(type(v) is int and 0 <= v <= 100 for v in after.values())
    for name, value in after.items():
        assert value == min(100, max(0, int(meters[name]) + int(effects.get(name, 0))))


def test_apply_effects_accepts_numpy_integers_and_whole_floats():
    assert apply_effects({"safety": np.int64(95), "cohesion": 40.0},
                         {"safety": np.int32(10), "cohesion": -50.0}) == {
        "safety": 100, "cohesion": 0}


@pytest.mark.parametrize(("meters", "effects", "words"), [
    ({"safety": 101}, {}, "meters['safety'] must be from 0 to 100; got 101"),
    ({"safety": 50}, {"safety": 101}, "effects['safety'] must be from -100 to 100; got 101"),
    ({"safety": math.nan}, {}, "meters['safety'] must be a whole number from 0 to 100"),
    ({"safety": 50.5}, {}, "must be a whole number from 0 to 100; got 50.5"),
    ({"safety": True}, {}, "must be a whole number from 0 to 100, not bool"),
    ({"safety": 50}, {"trust": 5}, "effects name meter(s) 'trust'"),
    ({f"m{i}": 1 for i in range(7)}, {}, "meters has 7 meters; a scenario has at most 6"),
    ([50], {}, "meters must be a mapping"),
])
def test_apply_effects_names_the_argument_value_and_range(meters, effects, words):
    with pytest.raises((TypeError, ValueError)) as info:
        apply_effects(meters, effects)
    assert words in str(info.value)


@FAST
@given(meters=st.dictionaries(NAMES, LEVEL, max_size=5))
def test_next_node_id_gives_a_target_or_names_the_bad_meter(meters):
    choice = library(len(FILES) - 1).node("first").choices[1]  # has a next_if on engagement
    try:
        target = next_node_id(choice, meters)
    except (TypeError, ValueError) as exc:
        assert "meters_after" in str(exc) or "engagement" in str(exc)
        return
    assert target in choice.targets


# ---------------------------------------------------------- graphs and walks


def _graph(n_decisions: int, targets: list[list[int]], *, endings: int = 1,
           rules: list[list[tuple[int, int]]] | None = None,
           effects: list[list[int]] | None = None) -> Scenario:
    """A valid scenario: decision i's choice j leads to node ``targets[i][j]`` (indices
    past the decisions are endings); choice 0 of decision i always chains to i + 1 and
    the last decision reaches every ending, so every node is reachable and can end."""
    ids = [f"d{i}" for i in range(n_decisions)] + [f"e{i}" for i in range(endings)]
    nodes = []
    for i in range(n_decisions):
        outs = [i + 1, *(targets[i % len(targets)] if targets else [])]
        if i == n_decisions - 1:
            outs += range(n_decisions + 1, n_decisions + endings)
        outs = outs[:MAX_CHOICES]
        choices = []
        for j, t in enumerate(outs):
            rule_list = (rules[i % len(rules)] if rules and j else [])[:MAX_RULES]
            choices.append({
                "id": f"c{j}", "text": f"choice {j}", "next": ids[t % len(ids)],
                "feedback": f"feedback {i}.{j}", "quality": ("best", "acceptable", "poor")[j % 3],
                "effects": {"m": (effects[i % len(effects)][j % len(effects[i % len(effects)])]
                                  if effects and effects[i % len(effects)] else 0)},
                "next_if": [{"meter": "m", "at_least": lim, "next": ids[t2 % len(ids)]}
                            for t2, lim in rule_list]})
        nodes.append({"id": ids[i], "situation": f"situation {i}", "choices": choices})
    for k in range(endings):
        nodes.append({"id": f"e{k}", "situation": "end", "ending": True, "outcome": f"o{k}",
                      "debrief": "d", "quality": ("best", "poor", None)[k % 3]})
    return Scenario.model_validate({
        "kind": "scenario", "id": "generated", "title": "Generated", "summary": "s",
        "cite": ["TIP41"], "meters": {"m": 50}, "start": "d0", "nodes": nodes})


GRAPHS = st.builds(
    _graph, n_decisions=st.integers(1, 12),
    targets=st.lists(st.lists(st.integers(0, 20), max_size=4), max_size=12),
    endings=st.integers(1, 3),
    rules=st.lists(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 100)), max_size=2),
                   max_size=5),
    effects=st.lists(st.lists(st.integers(-100, 100), max_size=4), max_size=5))


@FAST
@given(scenario=GRAPHS, limit=st.integers(1, 300))
def test_walks_list_valid_paths_within_their_limit_or_say_so(scenario, limit):
    nodes = {n.id: n for n in scenario.nodes}
    try:
        paths = all_paths(scenario, limit=limit)
    except ValueError as exc:
        assert f"more than {limit} paths" in str(exc)
        with pytest.raises(ValueError, match="more than"):
            count_paths(scenario, limit=limit)
        return
    assert 1 <= len(paths) <= limit
    assert count_paths(scenario, limit=limit) == len(paths)
    for path in paths:
        visited = [scenario.start, *(e.target for e in path)]
        assert len(visited) == len(set(visited))  # a path never visits a node twice
        assert nodes[visited[-1]].ending
    try:
        plays = playable_paths(scenario, limit=limit)
    except ValueError as exc:
        assert f"more than {limit} runs" in str(exc)
        return
    for play in plays:
        player = replay(scenario, play.choices)
        assert player.is_over and player.path == play.path
        assert all(0 <= v <= 100 for v in player.meters.values())


@FAST
@given(scenario=GRAPHS)
def test_every_graph_draws_every_node_once(scenario):
    pos = layout(scenario)
    assert pos.keys() == {n.id for n in scenario.nodes}
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    labels = node_labels(scenario, pos)
    assert labels[scenario.start] == "D1"
    svg = ET.fromstring(graph_svg(scenario))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert sorted(t for t in texts if t in labels.values()) == sorted(labels.values())
    assert static_html(scenario).count('class="iop-decision"') == len(scenario.decision_points)


@pytest.mark.parametrize("limit", [0, -1, MAX_PATHS + 1, 2.5, "10", None, True])
def test_a_limit_out_of_range_names_the_range(limit):
    scenario = library(len(FILES) - 1)
    for walk in (all_paths, count_paths, playable_paths):
        with pytest.raises((TypeError, ValueError), match=f"limit must be .*1 .*{MAX_PATHS}"):
            walk(scenario, limit=limit)


@pytest.mark.parametrize("walk", [all_paths, count_paths, playable_paths, ScenarioPlayer])
def test_a_scenario_that_is_not_one_is_a_type_error(walk):
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        walk({"kind": "scenario"})


# ----------------------------------------------------------- schema bounds

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(),
                    st.text(max_size=20))
FIELDS = st.sampled_from(["kind", "id", "title", "summary", "cite", "meters", "start",
                          "nodes", "module", "situation", "choices", "next", "effects"])
JSONISH = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(FIELDS, inner, max_size=5)), max_leaves=20)


@FAST
@given(data=st.dictionaries(FIELDS, JSONISH, max_size=9))
def test_arbitrary_scenario_data_is_valid_or_a_content_error(data):
    data = {"kind": "scenario", **data}
    try:
        validate(data, "fuzz.yaml", Scenario)
    except ContentError as exc:
        assert str(exc).startswith("fuzz.yaml")


@pytest.mark.parametrize(("what", "words"), [
    ("nodes", f"at most {MAX_NODES} items"),
    ("choices", f"at most {MAX_CHOICES} items"),
    ("next_if", f"at most {MAX_RULES} items"),
    ("meters", "at most 6 items"),
])
def test_a_scenario_beyond_its_bounds_is_refused_by_name(what, words):
    chain = [[]]
    if what == "nodes":
        make = lambda: _graph(MAX_NODES, chain)  # noqa: E731 - MAX_NODES decisions + 1 ending
    elif what == "choices":
        make = lambda: _big_node_scenario(MAX_CHOICES + 1, 0)  # noqa: E731
    elif what == "next_if":
        make = lambda: _big_node_scenario(2, MAX_RULES + 1)  # noqa: E731
    else:
        make = lambda: Scenario.model_validate({  # noqa: E731
            **_graph(1, chain).model_dump(), "meters": {f"m{i}": 1 for i in range(7)}})
    with pytest.raises(ValidationError, match=words):
        make()


def _big_node_scenario(n_choices: int, n_rules: int) -> Scenario:
    base = _graph(1, [[]]).model_dump()
    choice = base["nodes"][0]["choices"][0]
    base["nodes"][0]["choices"] = [
        {**choice, "id": f"c{j}",
         "next_if": [{"meter": "m", "at_least": 10, "at_most": None, "next": "e0"}] * n_rules}
        for j in range(n_choices)]
    return Scenario.model_validate(base)


# ---------------------------------------------- the worst graph, time and memory

WORST = textwrap.dedent(f"""
    import random, resource, time
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
    from widgets.scenarios import all_paths, count_paths, playable_paths
    from widgets.scenarios.render import graph_svg, layout, static_html
    from widgets.scenarios.schemas import Scenario
    rng = random.Random(7)
    ids = [f"n{{i}}" for i in range({MAX_NODES})]
    nodes = [{{"id": ids[i], "situation": "s", "choices": [
        {{"id": f"c{{j}}", "text": "t", "feedback": "f", "quality": "best",
          "next": ids[i + 1] if j == 0 else rng.choice(ids),
          "effects": {{"m": rng.randint(-30, 30)}},
          "next_if": [{{"meter": "m", "at_least": rng.randint(0, 100),
                       "next": rng.choice(ids)}} for _ in range({MAX_RULES})]}}
        for j in range({MAX_CHOICES})]}} for i in range({MAX_NODES} - 1)]
    nodes.append({{"id": ids[-1], "situation": "s", "ending": True, "outcome": "o",
                  "debrief": "d"}})
    s = Scenario.model_validate({{"kind": "scenario", "id": "dense", "title": "t",
        "summary": "s", "cite": ["TIP41"], "meters": {{"m": 50}}, "start": "n0",
        "nodes": nodes}})
    for walk in (all_paths, count_paths, playable_paths):
        try:
            walk(s)
        except ValueError as exc:
            print(walk.__name__, "refused:", exc)
    layout(s), graph_svg(s), static_html(s)
    print("drawn")
""")


def test_the_densest_scenario_is_walked_and_drawn_within_time_and_memory():
    """Every node with every choice and rule the schema allows, loops everywhere: each
    walk stops at its bound with a message, and the drawing is linear in the graph."""
    done = subprocess.run([sys.executable, "-c", WORST], capture_output=True, text=True,
                          timeout=20, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("all_paths", "count_paths", "playable_paths"):
        assert f"{name} refused: scenario 'dense'" in done.stdout
    assert f"more than {MAX_MOVES:,} moves" in done.stdout
    assert "drawn" in done.stdout
