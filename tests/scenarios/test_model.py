"""The branching scenario engine: validation rules (one broken fixture each) and the player."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from widgets.core.content import ContentError, ContentIndex
from widgets.scenarios import (
    Edge,
    ScenarioPlayer,
    all_paths,
    apply_effects,
    better_choices,
    compare_runs,
    count_paths,
    load_scenario_file,
    next_node_id,
    replay,
    summarize,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scenario():
    return load_scenario_file(FIXTURES / "valid-scenario.yaml")


# ------------------------------------------------------------------- validation

BROKEN = [
    # fixture, entry (node or scenario id), field, words the message must contain
    ("dangling-next", "second", "choices.1.next", "leads to node 'nowhere', which does not exist"),
    ("dangling-next-if", "first", "choices.1.next_if.0.next",
     "can lead to node 'nowhere', which does not exist"),
    ("unreachable-node", "orphan", "id", "cannot be reached from the start node 'first'"),
    ("no-ending-reachable", "loop-a", "choices", "no ending can be reached from node 'loop-a'"),
    ("duplicate-node-id", "mixed-end", "id", "duplicate node id"),
    ("missing-start", "missing-start", "start", "is required but missing"),
    ("unknown-start", "unknown-start", "start", "start 'beginning' is not the id of a node"),
    ("effect-out-of-range", "second", "choices.0.effects.cohesion",
     "an effect must be within -100..100; got 150"),
    ("effect-undeclared-meter", "second", "choices.0.effects.trust",
     "meter 'trust' is not declared under 'meters'"),
    ("unknown-key", "second", "choices.1.feedbak", "is not a known field here"),
    ("unknown-top-level-key", "unknown-top-level-key", "author", "is not a known field here"),
    ("ending-with-choices", "good-end", "choices", "an ending (ending: true) has no choices"),
    ("decision-without-choices", "low-energy", "choices",
     "a decision point needs at least one choice"),
    ("ending-without-debrief", "mixed-end", "debrief", "is required for an ending"),
    ("next-if-undeclared-meter", "first", "choices.1.next_if.0.meter",
     "meter 'craving' is not declared"),
    ("next-if-two-thresholds", "first", "choices.1.next_if.0",
     "exactly one of 'at_least' and 'at_most'"),
    ("duplicate-choice-id", "second", "choices.1.id", "duplicate choice id 'reflect'"),
    ("meter-out-of-range", "meter-out-of-range", "meters.safety",
     "a meter starts within 0-100; got 120"),
    ("bad-quality", "first", "choices.0.quality", "'best', 'acceptable' or 'poor'"),
    ("unknown-citation", "unknown-citation", "cite.1", "'NoSuchKey2099' is not in references.bib"),
]


@pytest.mark.parametrize(("fixture", "entry", "field", "words"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_error_names_file_node_and_field_when_fixture_is_broken(fixture, entry, field, words):
    path = FIXTURES / f"{fixture}.yaml"
    with pytest.raises(ContentError) as info:
        load_scenario_file(path, bib=ROOT / "references.bib")
    err = info.value
    assert (err.entry, err.field) == (entry, field)
    assert words in err.problem
    assert err.file.endswith(f"{fixture}.yaml")
    assert str(err).startswith(err.file)


def test_every_fixture_but_the_valid_one_is_broken_when_listed():
    files = {p.stem for p in FIXTURES.glob("*.yaml")}
    assert files == {b[0] for b in BROKEN} | {"valid-scenario"}


def test_module_key_is_refused_when_a_scenario_names_its_module(tmp_path):
    """The registry knows which module plays a scenario; a file must not say it again."""
    text = (FIXTURES / "valid-scenario.yaml").read_text(encoding="utf-8")
    path = tmp_path / "valid-scenario.yaml"
    path.write_text(text.replace("kind: scenario\n", "kind: scenario\nmodule: m03\n", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_scenario_file(path, bib=ROOT / "references.bib")
    assert (info.value.field, info.value.problem) == (
        "module", "is not a known field here (check the spelling, or remove it)")


def test_graph_errors_reach_the_repository_validator_when_indexed():
    with pytest.raises(ContentError, match="choices.1.next"):
        ContentIndex([FIXTURES / "dangling-next.yaml"], ROOT / "references.bib")


def test_valid_fixture_loads_when_nothing_is_wrong(scenario):
    assert scenario.start == "first"
    assert [n.id for n in scenario.decision_points] == ["first", "second", "low-energy"]
    assert [n.id for n in scenario.endings] == ["good-end", "mixed-end"]


# ----------------------------------------------------------------------- player


def test_player_starts_at_start_with_initial_meters_when_created(scenario):
    player = ScenarioPlayer(scenario)
    assert player.node.id == "first"
    assert player.meters == {"safety": 50, "cohesion": 50, "engagement": 95}
    assert player.history == ()
    assert not player.is_over
    assert [c.id for c in player.choices] == ["welcome", "lecture"]


def test_choose_returns_step_record_when_choice_is_valid(scenario):
    player = ScenarioPlayer(scenario)
    step = player.choose("welcome")
    assert step.node.id == "first"
    assert step.choice.id == "welcome"
    assert step.feedback == "A warm start."
    assert step.quality == "best"
    assert dict(step.meters_before) == {"safety": 50, "cohesion": 50, "engagement": 95}
    assert dict(step.meters) == {"safety": 60, "cohesion": 50, "engagement": 100}
    assert step.changes == {"safety": 10, "cohesion": 0, "engagement": 5}
    assert step.next_id == "second"
    assert player.node.id == "second"
    assert player.history == (step,)


def test_meters_are_clamped_to_0_100_when_effects_overshoot():
    assert apply_effects({"a": 95, "b": 5, "c": 50}, {"a": 10, "b": -20}) == {
        "a": 100, "b": 0, "c": 50}


def test_next_if_fires_on_meters_after_effects_when_threshold_is_crossed(scenario):
    player = ScenarioPlayer(scenario)
    step = player.choose("lecture")  # engagement 95 - 60 = 35 <= 40
    assert step.meters["engagement"] == 35
    assert step.next_id == "low-energy"
    assert player.node.id == "low-energy"


def test_next_if_falls_back_to_next_when_no_rule_matches(scenario):
    lecture = scenario.node("first").choices[1]
    assert next_node_id(lecture, {"safety": 50, "cohesion": 50, "engagement": 41}) == "second"
    assert next_node_id(lecture, {"safety": 50, "cohesion": 50, "engagement": 40}) == "low-energy"


def test_first_matching_rule_wins_when_several_match():
    from widgets.scenarios.schemas import Choice

    choice = Choice.model_validate({
        "id": "c", "text": "t", "next": "fallback", "feedback": "f", "quality": "best",
        "next_if": [{"meter": "craving", "at_least": 70, "next": "lapse"},
                    {"meter": "craving", "at_least": 50, "next": "close-call"}]})
    assert next_node_id(choice, {"craving": 80}) == "lapse"
    assert next_node_id(choice, {"craving": 60}) == "close-call"
    assert next_node_id(choice, {"craving": 10}) == "fallback"
    assert choice.targets == ("lapse", "close-call", "fallback")


def test_choose_raises_when_choice_is_not_offered(scenario):
    player = ScenarioPlayer(scenario)
    with pytest.raises(ValueError, match="node 'first' has no choice 'reflect'; choices are: "
                                         "welcome, lecture"):
        player.choose("reflect")
    assert player.history == ()


def test_choose_raises_when_scenario_is_over(scenario):
    player = replay(scenario, ["welcome", "reflect"])
    assert player.is_over
    with pytest.raises(ValueError, match="is over"):
        player.choose("welcome")


def test_restart_resets_node_meters_and_history_when_called(scenario):
    player = replay(scenario, ["lecture", "re-engage"])
    player.restart()
    assert player.node.id == "first"
    assert player.meters == dict(scenario.meters)
    assert player.history == ()
    assert player.path == ("first",)


def test_meter_series_has_start_plus_one_entry_per_step_when_played(scenario):
    player = replay(scenario, ["lecture", "re-engage", "reflect"])
    assert [m["engagement"] for m in player.meter_series()] == [95, 35, 65, 65]
    assert [m["cohesion"] for m in player.meter_series()] == [50, 50, 50, 70]


def test_debrief_lists_path_and_better_alternatives_when_over(scenario):
    player = replay(scenario, ["lecture", "re-engage", "ignore"])
    debrief = player.debrief()
    assert debrief.path == ("first", "low-energy", "second", "mixed-end")
    assert debrief.outcome == "Group flat"
    assert debrief.text == "Some missed chances."
    assert [[c.id for c in r.better] for r in debrief.steps] == [["welcome"], [], ["reflect"]]
    assert debrief.counts == {"best": 1, "acceptable": 1, "poor": 1}
    assert dict(debrief.meters) == player.meters


def test_debrief_raises_when_not_over(scenario):
    with pytest.raises(ValueError, match="not over yet"):
        ScenarioPlayer(scenario).debrief()


def test_better_choices_are_best_first_when_poor_was_chosen():
    from widgets.scenarios.schemas import Node

    node = Node.model_validate({"id": "n", "situation": "s", "choices": [
        {"id": f"c-{q}", "text": q, "next": "x", "feedback": "f", "quality": q}
        for q in ("acceptable", "poor", "best")]})
    poor = node.choices[1]
    assert [c.id for c in better_choices(node, poor)] == ["c-best", "c-acceptable"]
    assert better_choices(node, node.choices[2]) == ()


# -------------------------------------------------------------------- all paths


def test_all_paths_counts_every_next_if_target_when_enumerating(scenario):
    paths = all_paths(scenario)
    assert [tuple(e.target for e in p) for p in paths] == [
        ("second", "good-end"), ("second", "mixed-end"),
        ("low-energy", "second", "good-end"), ("low-energy", "second", "mixed-end"),
        ("low-energy", "mixed-end"),
        ("second", "good-end"), ("second", "mixed-end"),
    ]
    assert paths[0][0] == Edge("first", "welcome", "second")
    assert count_paths(scenario) == len(paths) == 7


def test_all_paths_visits_no_node_twice_when_graph_has_a_loop():
    from widgets.scenarios.schemas import Scenario

    loop = Scenario.model_validate({
        "kind": "scenario", "id": "loop", "title": "t", "summary": "s",
        "cite": ["TIP41"], "meters": {"craving": 50}, "start": "a", "nodes": [
            {"id": "a", "situation": "s", "choices": [
                {"id": "on", "text": "t", "next": "b", "feedback": "f", "quality": "best"}]},
            {"id": "b", "situation": "s", "choices": [
                {"id": "back", "text": "t", "next": "a", "feedback": "f", "quality": "poor"},
                {"id": "end", "text": "t", "next": "z", "feedback": "f", "quality": "best"}]},
            {"id": "z", "situation": "s", "ending": True, "outcome": "o", "debrief": "d"}]})
    assert [[e.choice_id for e in p] for p in all_paths(loop)] == [["on", "end"]]
    assert count_paths(loop) == 1


def test_every_path_replays_to_its_ending_when_meters_allow(scenario):
    for path in all_paths(scenario):
        player = ScenarioPlayer(scenario)
        for edge in path:
            step = player.choose(edge.choice_id)
            if step.next_id != edge.target:  # this branch needs other meter values
                break
        else:
            assert player.is_over


def test_compare_runs_gives_one_row_per_run_when_runs_finish(scenario):
    a = summarize(replay(scenario, ["welcome", "reflect"]), "Run 1")
    b = summarize(replay(scenario, ["lecture", "give-up"]), "Run 2")
    rows = compare_runs([a, b])
    assert rows[0] == {"run": "Run 1", "outcome": "Group intact", "ending": "good-end",
                       "steps": 2, "best choices": 2, "acceptable choices": 0,
                       "poor choices": 0, "final safety": 60, "final cohesion": 70,
                       "final engagement": 100}
    assert rows[1]["poor choices"] == 2
    assert rows[1]["outcome"] == "Group flat"


def test_engine_never_imports_ipywidgets_when_imported():
    code = ("import sys, widgets.scenarios, widgets.scenarios.render; "
            "bad = [m for m in ('ipywidgets', 'IPython') if m in sys.modules]; "
            "print(', '.join(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
