"""Module 3's scenarios: each validates, is rich enough, and every path reaches an ending."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.core.language import STIGMATIZING
from widgets.scenarios import ScenarioPlayer, all_paths, load_scenario_file, playable_paths
from widgets.scenarios.schemas import QUALITY_RANK

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "curriculum" / "03_group_facilitation" / "scenarios"
FILES = sorted(FOLDER.glob("*.yaml"))
IDS = [f.stem for f in FILES]

# Terms the curriculum avoids (shared/clinical-facts.md, section 7), as whole words.


@pytest.fixture(scope="module", params=FILES, ids=IDS)
def scenario(request):
    return load_scenario_file(request.param, bib=ROOT / "references.bib")


def test_module_has_at_least_six_scenarios_when_counted():
    assert len(FILES) >= 6


def test_scenario_ids_equal_file_names_when_loaded(scenario):
    assert (FOLDER / f"{scenario.id}.yaml").is_file()


def test_module_of_these_scenarios_comes_from_the_registry_when_asked():
    """A scenario names no module: Module 3 is the one whose module.yaml lists the player."""
    from widgets.core.registry import folder, module_of_simulation

    assert folder(module_of_simulation("scenario-player").id) == FOLDER.parent


def test_scenario_has_eight_decision_points_and_several_endings_when_loaded(scenario):
    assert len(scenario.decision_points) >= 8
    assert len(scenario.endings) >= 3
    assert {e.quality for e in scenario.endings} >= {"best", "poor"}


def test_group_scenarios_use_the_three_climate_meters_when_loaded(scenario):
    assert set(scenario.meters) == {"safety", "cohesion", "engagement"}


def test_each_decision_point_offers_a_better_and_a_weaker_choice_when_loaded(scenario):
    """Every decision matters; recovery points may offer only 'acceptable' at best."""
    for node in scenario.decision_points:
        qualities = {c.quality for c in node.choices}
        assert len(qualities) >= 2, node.id
    assert sum("best" in {c.quality for c in n.choices} for n in scenario.decision_points) >= 8


def test_scenario_graph_has_no_loops_when_checked(scenario):
    """Without loops, playable_paths lists every run a learner can make."""
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


def test_every_structural_path_ends_at_an_ending_when_enumerated(scenario):
    paths = all_paths(scenario)
    assert paths
    nodes = {n.id: n for n in scenario.nodes}
    for path in paths:
        assert path[0].node_id == scenario.start
        assert nodes[path[-1].target].ending
        for a, b in zip(path, path[1:], strict=False):
            assert a.target == b.node_id
        for edge in path:
            choice = next(c for c in nodes[edge.node_id].choices if c.id == edge.choice_id)
            assert edge.target in choice.targets


def test_every_playable_path_walks_to_its_ending_when_replayed(scenario):
    plays = playable_paths(scenario)
    for play in plays:
        player = ScenarioPlayer(scenario)
        for choice_id in play.choices:
            step = player.choose(choice_id)
            assert all(0 <= v <= 100 for v in step.meters.values())
        assert player.is_over
        assert player.path == play.path
        assert player.node.id == play.ending_id
        debrief = player.debrief()
        assert debrief.text and debrief.outcome


def test_every_node_and_ending_is_reached_in_real_play_when_meters_count(scenario):
    plays = playable_paths(scenario)
    visited = {n for p in plays for n in p.path}
    assert visited == {n.id for n in scenario.nodes}


def test_all_best_choices_reach_a_best_ending_when_played(scenario):
    player = ScenarioPlayer(scenario)
    while not player.is_over:
        best = max(player.choices, key=lambda c: QUALITY_RANK[c.quality])
        player.choose(best.id)
    assert player.node.quality == "best"
    assert all(not r.better for r in player.debrief().steps)


def test_scenario_is_labelled_fictional_when_loaded(scenario):
    assert scenario.summary.startswith("Fictional teaching case.")


def test_scenario_text_uses_person_first_language_when_scanned(scenario):
    texts = [scenario.title, scenario.summary]
    for node in scenario.nodes:
        texts += [node.situation, node.outcome or "", node.debrief or ""]
        for c in node.choices:
            texts += [c.text, c.feedback, c.id]
    for text in texts:
        assert not STIGMATIZING.search(text), text


def test_feedback_is_specific_to_each_choice_when_compared(scenario):
    feedback = [c.feedback for n in scenario.nodes for c in n.choices]
    assert len(feedback) == len(set(feedback))


def test_intoxicated_member_follows_tip_47_when_every_best_choice_is_taken():
    scenario = load_scenario_file(FOLDER / "intoxicated-member.yaml")
    player = ScenarioPlayer(scenario)
    while not player.is_over:
        player.choose(max(player.choices, key=lambda c: QUALITY_RANK[c.quality]).id)
    text = " ".join(s.feedback for s in player.history).lower()
    # The TIP 47 sequence, in order: keep group running and escort out, confirm use,
    # safe transport without driving, concern and invitation back, process next session.
    for phrase in ("keep the group running", "confirm use", "safe transport",
                   "invite the person back", "processed in the"):
        assert phrase in text, phrase
    assert "TIP47-Ch7" in scenario.cite



@pytest.mark.parametrize("path", sorted(ROOT.glob("curriculum/*/scenarios/*.yaml")),
                         ids=lambda p: p.stem)
def test_count_paths_equals_the_number_of_enumerated_paths(path):
    from widgets.scenarios import count_paths

    scenario = load_scenario_file(path)
    assert count_paths(scenario) == len(all_paths(scenario))
