"""The scenario player widget, driven in plain pytest (no kernel, no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets.scenarios import load_scenario_file
from widgets.scenarios.render import graph_alt, graph_html, graph_svg, node_labels, static_html
from widgets.scenarios.view import ScenarioPlayerView, scenario_player

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "valid-scenario.yaml"


@pytest.fixture
def small():
    return load_scenario_file(FIXTURE)


@pytest.fixture
def view(small):
    return ScenarioPlayerView(small)


def test_player_shows_first_situation_and_its_choices_when_created(view):
    assert "Decision 1 (point D1)" in view._situation.value
    assert "The group begins." in view._situation.value
    assert view._choices.options == (("A", "welcome"), ("B", "lecture"))
    assert view._choice_list.value == ('<ol type="A"><li>Welcome everyone.</li>'
                                       "<li>Start lecturing.</li></ol>")
    assert view._choices.value is None
    assert view._choices.description == "Your choice:"
    assert view._submit.description == "Choose"
    assert "<svg" in view._chart.value and "started at 50" in view._chart.value


def test_submit_asks_for_a_choice_when_nothing_is_selected(view):
    assert view.submit() is None
    assert "Choose an option first." in view._feedback.value
    assert view.player.history == ()


def test_feedback_and_climate_update_when_a_choice_is_submitted(view):
    view._choices.value = "lecture"
    view._submit.click()
    assert "A poor choice." in view._feedback.value
    assert "A cold start." in view._feedback.value
    assert "engagement -60" in view._feedback.value
    assert "engagement 35 (started at 95)" in view._chart.value
    assert "The room is flat." in view._situation.value
    assert [o[1] for o in view._choices.options] == ["re-engage", "give-up"]


def test_debrief_shows_path_and_better_alternatives_when_run_ends(view):
    for choice in ("lecture", "re-engage", "ignore"):
        view.choose(choice)
    assert view.player.is_over
    debrief = view._debrief.value
    assert "Debrief: Group flat" in debrief
    assert "Some missed chances." in debrief
    assert "Your path: D1 → D2 → D3 → E2" in debrief
    assert "Welcome everyone." in debrief  # better than lecturing at D1
    assert "Reflect what they said." in debrief  # better than moving on at D2
    assert "Your choice was the best here." in debrief  # re-engage was best
    assert "1 best, 1 acceptable, 1 poor" in debrief
    assert "path taken" in debrief or "Path taken" in debrief
    assert view._choices.layout.display == "none"
    assert view._submit.layout.display == "none"
    assert view._choice_list.value == ""


def test_restart_keeps_finished_runs_for_comparison_when_clicked(view):
    for choice in ("welcome", "reflect"):
        view.choose(choice)
    view._restart.click()
    assert view.player.history == ()
    assert view._debrief.value == ""
    assert view._feedback.value == ""
    assert "The group begins." in view._situation.value
    assert view._choices.layout.display is None
    for choice in ("lecture", "give-up"):
        view.choose(choice)
    table = view._runs_table.value
    assert len(view.runs) == 2
    assert _row(table, "Run 1") == ["Run 1", "Group intact", "2", "0", "0", "60", "70",
                                    "100", "D1 → D3 → E1"]
    assert _row(table, "Run 2")[:5] == ["Run 2", "Group flat", "0", "0", "2"]
    assert _row(table, "Run 2")[-1] == "D1 → D2 → E2"
    assert "Compare your runs (final climate 0-100)" in table


def _row(table: str, first: str) -> list[str]:
    """The cells' text of the table row whose first cell is ``first``."""
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in {table}")


def test_submit_does_nothing_when_run_is_over(view):
    view.choose("welcome")
    view.choose("reflect")
    assert view.submit() is None
    assert len(view.player.history) == 2


def test_each_finished_run_is_recorded_once_under_the_simulation_when_a_learner_is_set(
        small, learner_records):
    view = ScenarioPlayerView(small)
    for choice in ("welcome", "reflect"):
        view.choose(choice)
    view.restart()
    for choice in ("lecture", "give-up"):
        view.choose(choice)
    assert [(r.module, r.item_id, r.correct, r.answer["ending"]) for r in learner_records()] \
        == [("m03", "sim/scenario-player", True, "good-end"),
            ("m03", "sim/scenario-player", False, "mixed-end")]
    assert "Saved to your progress (learner learner-test)." in view._status.value


def test_a_run_is_recorded_under_the_simulation_the_view_is_given(small, learner_records):
    view = ScenarioPlayerView(small, simulation="lapse-chain")
    for choice in ("welcome", "reflect"):
        view.choose(choice)
    assert [(r.module, r.item_id) for r in learner_records()] == [("m05", "sim/lapse-chain")]


def test_a_simulation_no_module_lists_is_refused_when_the_view_is_made(small):
    with pytest.raises(KeyError, match="no module lists the simulation 'no-such-sim'"):
        ScenarioPlayerView(small, simulation="no-such-sim")


def test_a_failed_save_is_shown_to_the_learner_when_the_run_ends(small, monkeypatch):
    from widgets.progress import SaveStatus
    from widgets.scenarios import view as player_view

    failed = SaveStatus(recording=True, saved=False, learner="learner-test",
                        problem="the progress file is read-only")
    monkeypatch.setattr(player_view, "record_simulation", lambda *a, **k: failed)
    view = ScenarioPlayerView(small)
    view.choose("welcome")
    assert view._status.value == ""
    view.choose("reflect")
    assert view.saved is failed
    assert 'role="alert"' in view._status.value
    assert "Not saved: the progress file is read-only" in view._status.value
    view.restart()
    assert view._status.value == ""


def test_nothing_is_said_about_saving_when_no_learner_is_set(small):
    view = ScenarioPlayerView(small)
    for choice in ("welcome", "reflect"):
        view.choose(choice)
    assert view.saved is not None and not view.saved.recording
    assert view._status.value == ""


def test_learner_text_in_a_scenario_is_escaped_when_played(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "The group begins.", "The group begins <script>alert(1)</script>.")
    path = tmp_path / "valid-scenario.yaml"
    path.write_text(text, encoding="utf-8")
    view = ScenarioPlayerView(load_scenario_file(path))
    assert "&lt;script&gt;" in view._situation.value
    assert "<script>" not in view._situation.value + view.static_html()


def test_static_fallback_carries_every_decision_and_feedback_when_displayed(view, small):
    bundle = view._repr_mimebundle_()
    page = bundle["text/html"]
    assert page == static_html(small)
    for node in small.decision_points:
        assert node.situation in page
        for choice in node.choices:
            assert choice.feedback in page
    assert page.count("<details>") == sum(len(n.choices) for n in small.decision_points) + len(
        small.endings)
    assert 'href="#valid-scenario-low-energy"' in page
    assert "if engagement is then at most 40" in page
    assert 'role="img" aria-label="Decision graph' in page


def test_graph_labels_read_left_to_right_when_drawn(small):
    # Columns by longest distance from the start: low-energy sits before second.
    assert node_labels(small) == {"first": "D1", "low-energy": "D2", "second": "D3",
                                  "good-end": "E1", "mixed-end": "E2"}
    alt = graph_alt(small, ["first", "second", "good-end"])
    assert "3 decision points" in alt and "Path taken: D1 to D3 to E1." in alt


def test_graph_svg_draws_every_node_edge_and_the_path(small):
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    plain = ET.fromstring(graph_svg(small))
    texts = [t.text for t in plain.iter(ns + "text")]
    assert sorted(t for t in texts if t[0] in "DE" and t[1:].isdigit()) == \
        ["D1", "D2", "D3", "E1", "E2"]
    assert len(plain.findall(ns + "circle")) == 3  # decision points
    assert len(plain.findall(ns + "rect")) == 1 + 2  # background and two endings
    edges = [p for p in plain.findall(ns + "path") if "Q" in p.get("d")]
    drawn = {(s.id, t) for s in small.nodes for c in s.choices for t in c.targets}
    assert len(edges) >= len(drawn) - 1 and len(edges) <= sum(
        len(c.targets) for n in small.nodes for c in n.choices)
    assert "path taken" not in texts
    walked = ET.fromstring(graph_svg(small, ["first", "second", "good-end"]))
    path_lines = [p for p in walked.findall(ns + "path") if p.get("stroke-width") == "3.2"]
    assert len(path_lines) == 2 and "path taken" in [t.text for t in walked.iter(ns + "text")]
    highlighted = [c for c in walked.findall(ns + "circle") if c.get("stroke-width") == "2.2"]
    assert len(highlighted) == 2  # D1 and D3; the ending's box is highlighted too
    assert graph_svg(small) == graph_svg(small)  # deterministic


def test_graph_html_is_described_by_its_alt_text(small):
    page = graph_html(small, ["first", "second", "good-end"], caption="Your path")
    from html import escape

    assert f'aria-label="{escape(graph_alt(small, ["first", "second", "good-end"]))}"' in page
    assert "<figcaption>Your path</figcaption>" in page and "<img" not in page


def test_scenario_player_loads_by_id_when_called():
    view = scenario_player("telehealth-privacy")
    assert view.scenario.id == "telehealth-privacy"
    assert "Scenario: A video group member" in view.children[0].value


def test_a_finished_run_records_practice_when_a_learner_is_set(small, learner_records):
    view = ScenarioPlayerView(small)
    view.choose("welcome")
    assert learner_records() == []  # nothing until the run ends
    view.choose("reflect")
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer) for r in recs] == [
        ("m03", "sim/scenario-player", True,
         {"scenario": "valid-scenario", "choices": ["welcome", "reflect"],
          "ending": "good-end"})]
