"""The overdose-response scenario: a sound graph, the steps in order, and what each costs."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.core.language import STIGMATIZING
from widgets.scenarios import (
    QUALITY_RANK,
    ScenarioPlayer,
    all_paths,
    load_scenario_file,
    playable_paths,
)

ROOT = Path(__file__).resolve().parents[2]
PATH = ROOT / "curriculum" / "06_safety" / "scenarios" / "overdose-response.yaml"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario_file(PATH, bib=ROOT / "references.bib")


@pytest.fixture(scope="module")
def plays(scenario):
    return playable_paths(scenario)


def best_run(scenario) -> ScenarioPlayer:
    player = ScenarioPlayer(scenario)
    while not player.is_over:
        player.choose(max(player.choices, key=lambda c: QUALITY_RANK[c.quality]).id)
    return player


def test_scenario_is_rich_enough_and_labelled_fictional(scenario):
    assert scenario.summary.startswith("Fictional teaching case.")
    assert len(scenario.decision_points) >= 10
    assert {e.quality for e in scenario.endings} == {"best", "acceptable", "poor"}
    assert set(scenario.meters) == {"breathing", "help", "trust"}


def test_every_decision_offers_a_better_and_a_weaker_choice(scenario):
    for node in scenario.decision_points:
        assert len({c.quality for c in node.choices}) >= 2, node.id


def test_the_graph_has_no_loops(scenario):
    edges = {n.id: {t for c in n.choices for t in c.targets} for n in scenario.nodes}
    state: dict[str, int] = {}

    def visit(node_id: str) -> None:
        state[node_id] = 1
        for nxt in edges[node_id]:
            assert state.get(nxt) != 1, f"loop through {node_id} -> {nxt}"
            if nxt not in state:
                visit(nxt)
        state[node_id] = 2

    visit(scenario.start)


def test_every_node_is_reached_in_real_play(scenario, plays):
    assert {n for p in plays for n in p.path} == {n.id for n in scenario.nodes}
    assert len(all_paths(scenario)) >= len(plays)


def test_the_best_choices_follow_the_steps_in_order_and_reach_the_best_ending(scenario):
    player = best_run(scenario)
    assert player.node.quality == "best"
    assert player.path == ("found", "signs", "naloxone", "after-first-dose", "two-minutes",
                           "responds", "ems-arrives", "the-next-morning", "safe")
    steps = [s.choice.id for s in player.history]
    # recognise, call 911, naloxone, on the side, second dose, stay, tell, record
    assert steps == ["check", "call-911-speaker", "give-naloxone", "recovery-position",
                     "second-dose", "stay-and-explain", "tell-what-is-needed",
                     "record-and-plan"]


def test_naloxone_before_911_never_reaches_the_best_ending(plays):
    for play in plays:
        if "naloxone-then-call" in play.choices:
            assert play.ending_id != "safe"
    assert any("naloxone-then-call" in p.choices and p.ending_id == "alive-with-gaps"
               for p in plays)


def test_skipping_the_second_dose_or_letting_him_leave_ends_badly(plays):
    for play in plays:
        if {"wait-longer", "search-bag"} & set(play.choices):
            assert play.ending_id == "ems-takes-over"
        if "let-him-leave" in play.choices:
            assert play.ending_id == "went-home"


def test_promising_immunity_or_discharge_never_reaches_the_best_ending(plays):
    for play in plays:
        if {"promise-immunity", "discharge", "tell-the-group", "say-nothing",
                "hand-over-file"} & set(play.choices):
            assert play.ending_id != "safe", play.choices


def test_delay_can_stop_his_breathing(scenario):
    player = ScenarioPlayer(scenario)
    for choice in ("let-him-rest", "call-and-get-kit"):
        step = player.choose(choice)
    assert step.next_id == "stops-breathing"
    assert step.meters["breathing"] <= 10


def test_every_poor_choice_costs_something_on_a_meter(scenario):
    for node in scenario.decision_points:
        for choice in node.choices:
            if choice.quality == "poor":
                assert any(v < 0 for v in choice.effects.values()), (node.id, choice.id)


def test_the_feedback_teaches_the_safety_facts(scenario):
    feedback = {c.id: c.feedback for n in scenario.nodes for c in n.choices}
    assert "If you are unsure, treat it as one" in feedback["let-him-rest"]
    assert "Never promise immunity" in feedback["promise-immunity"]
    assert "naloxone can wear off before the opioid" in feedback["let-him-leave"]
    assert "(secondary source)" in feedback["second-dose"]
    assert "2.51" in feedback["tell-what-is-needed"]


def test_text_is_person_first_and_feedback_specific(scenario):
    texts = [scenario.title, scenario.summary]
    for node in scenario.nodes:
        texts += [node.situation, node.outcome or "", node.debrief or ""]
        texts += [t for c in node.choices for t in (c.text, c.feedback, c.id)]
    assert not [t for t in texts if STIGMATIZING.search(t)]
    feedback = [c.feedback for n in scenario.nodes for c in n.choices]
    assert len(feedback) == len(set(feedback))
