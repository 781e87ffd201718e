"""Module 5 widgets in plain pytest: cohort simulator, plan builder, lapse-chain player."""

from __future__ import annotations

import base64
import io
import re
import time

import pytest
from pypdf import PdfReader

from widgets.relapse import (
    ILLUSTRATION_LABEL,
    REPORT_WEEK,
    RelapsePreventionPlan,
    plan_template,
    simulate_cohort,
)
from widgets.relapse.render import lapse_chain_static_html, notes_html, worksheet_html
from widgets.relapse.view import CohortSimulatorView, LapseChainView, PlanBuilderView, lapse_chain
from widgets.scenarios import all_paths, load_scenario

SCENARIOS = ["lapse-chain-payday", "lapse-chain-pain-and-a-text", "lapse-chain-good-news"]


def week12(view: CohortSimulatorView) -> list[str]:
    """The simulated week-12 percentages shown in the table, in group order."""
    cells = re.findall(r"</span> Group [AB]</th><td>[^<]*</td><td class=\"num\">(\d+%)</td>",
                       view._table.value)
    return cells


# ---------------------------------------------------------------- cohort simulator


def test_cohort_view_shows_week_12_for_each_group_when_created():
    view = CohortSimulatorView()
    shown = week12(view)
    assert len(shown) == 2
    expected = [f"{round(r.at_week(REPORT_WEEK) * 100)}%" for r in view.results]
    assert shown == expected
    assert ILLUSTRATION_LABEL in view._label.value
    assert "illustration, not a prediction" in view._table.value


def test_cohort_view_matches_simulate_cohort_with_the_same_seed():
    view = CohortSimulatorView(n_people=300, seed=7)
    direct = simulate_cohort(300, view.weeks, 0.06, seed=7, attendance=0.5)
    assert view.results[0].at_week(REPORT_WEEK) == direct.at_week(REPORT_WEEK)


def test_cohort_view_updates_group_a_when_a_slider_moves():
    view = CohortSimulatorView()
    before = view.results[0].expected_at_week(REPORT_WEEK)
    figure_before = view._figure.value
    view.groups[0]._coping.value = 1.0
    view.groups[0]._medication.value = True
    after = view.results[0].expected_at_week(REPORT_WEEK)
    assert after > before
    assert view._figure.value != figure_before
    assert "coping practice 100%, support 0%, medication" in view._table.value


def test_cohort_view_lowers_both_groups_when_baseline_hazard_rises():
    view = CohortSimulatorView()
    before = [r.expected_at_week(REPORT_WEEK) for r in view.results]
    view._hazard.value = 0.15
    after = [r.expected_at_week(REPORT_WEEK) for r in view.results]
    assert all(a < b for a, b in zip(after, before, strict=True))


def test_cohort_view_changes_cohort_size_when_size_slider_moves():
    view = CohortSimulatorView()
    view._size.value = 1000
    assert all(r.n_people == 1000 for r in view.results)
    assert "Simulated (1000 people)" in view._table.value


def test_cohort_view_figure_has_alt_text_naming_both_groups():
    view = CohortSimulatorView()
    alt = re.search(r'aria-label="([^"]*)"', view._figure.value).group(1)
    assert "Group A" in alt and "Group B" in alt and "not a prediction" in alt


def test_cohort_view_static_html_carries_figure_table_and_label():
    view = CohortSimulatorView()
    bundle = view._repr_mimebundle_()
    static = bundle["text/html"]
    assert "<svg" in static and "<table" in static and "not a prediction" in static


def test_cohort_view_controls_have_visible_descriptions():
    view = CohortSimulatorView()
    controls = [view._hazard, view._size, *(c for g in view.groups for c in g.controls)]
    assert all(c.description for c in controls)


def test_cohort_view_update_is_fast_when_a_slider_moves():
    view = CohortSimulatorView()
    times = []
    for level in (0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5):
        start = time.perf_counter()
        view.groups[1]._support.value = level
        times.append(time.perf_counter() - start)
    # Measured ~12 ms on an idle machine; generous here for a shared CI machine.
    assert sorted(times)[len(times) // 2] < 0.1


# ---------------------------------------------------------------- plan builder


def test_plan_builder_reviews_an_empty_plan_gently():
    view = PlanBuilderView()
    notes = view.review()
    assert len(notes) >= 6
    assert "A few things to look at together" in view._notes.value
    assert "Still to fill in" in view._notes.value


def test_plan_builder_reads_one_item_per_line_from_each_box():
    view = PlanBuilderView()
    view._client.value = "Rae (fictional)"
    view._sections["triggers"].value = "Payday\n\n Parties at Sam's place \n"
    assert view.plan.triggers == ("Payday", "Parties at Sam's place")
    assert view.plan.client == "Rae (fictional)"


def test_plan_builder_flags_contradiction_when_trigger_is_a_coping_action():
    view = PlanBuilderView()
    view._sections["triggers"].value = "Going to the bar"
    view._sections["coping_actions"].value = "Going to the bar"
    view._review.click()
    assert "Worth talking over" in view._notes.value


def test_plan_builder_says_nothing_stands_out_when_plan_is_complete():
    plan = RelapsePreventionPlan(
        client="Rae", counselor="J.", triggers=["Payday"], warning_signs=["Skipping meals"],
        coping_actions=["Call my sister"], people_to_call=["Sister 555-0101"],
        reasons_for_recovery=["My health"], lapse_plan=["Tell my counselor"],
        medication_safety=["No medication now", "Naloxone in my backpack; my sister knows it"],
        crisis_resources=["Program line 555-0199"])
    view = PlanBuilderView(plan)
    assert view.plan == plan
    view._review.click()
    assert "Nothing stands out" in view._notes.value


def test_plan_builder_export_offers_pdf_and_markdown_downloads():
    view = PlanBuilderView(RelapsePreventionPlan(triggers=["Payday Friday"]))
    view._export.click()
    assert view.pdf is not None and view.markdown is not None
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;(?:charset=utf-8;)?base64,'
                            r'([^"]+)"', view._downloads.value))
    assert set(links) == {"relapse-prevention-plan.pdf", "relapse-prevention-plan.md"}
    pdf = PdfReader(io.BytesIO(base64.b64decode(links["relapse-prevention-plan.pdf"])))
    assert len(pdf.pages) == 1 and "Payday Friday" in pdf.pages[0].extract_text()
    md = base64.b64decode(links["relapse-prevention-plan.md"]).decode()
    assert "- Payday Friday" in md and "988" in md


def test_plan_builder_explains_when_plan_is_too_long_for_one_page():
    view = PlanBuilderView()
    view._sections["triggers"].value = "\n".join(f"trigger {i} " * 16 for i in range(40))
    assert view.export() is False
    assert view.pdf is None
    assert "shorten" in view._downloads.value


def test_plan_builder_static_html_is_the_worksheet_with_988():
    static = PlanBuilderView()._repr_mimebundle_()["text/html"]
    assert "My relapse-prevention plan" in static and "988" in static
    assert worksheet_html().count("<ul>") == len(plan_template().sections) == 8


def test_plan_builder_controls_have_visible_descriptions():
    view = PlanBuilderView()
    assert view._client.description and view._counselor.description
    assert all(area.description for area in view._sections.values())


def test_notes_html_escapes_client_text():
    from widgets.relapse import review

    notes = review(RelapsePreventionPlan(triggers=["<b>x</b>"], coping_actions=["<b>x</b>"]))
    assert "<b>x</b>" not in notes_html(notes)
    assert "&lt;b&gt;" in notes_html(notes)


def test_crisis_line_is_always_shown_in_the_builder():
    from html import escape

    crisis = escape(plan_template().crisis_line)
    assert [c for c in PlanBuilderView().children if crisis in getattr(c, "value", "")]


# ---------------------------------------------------------------- lapse chain


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_lapse_chain_scenario_uses_self_efficacy_and_craving(scenario_id):
    from widgets.core.registry import folder, module_of_simulation

    scenario = load_scenario(scenario_id)
    home = folder(module_of_simulation("lapse-chain").id)  # a scenario names no module
    assert (home / "scenarios" / f"{scenario_id}.yaml").is_file()
    assert set(scenario.meters) == {"self_efficacy", "craving"}
    assert scenario.summary.startswith("Fictional teaching case.")


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_lapse_chain_scenario_reaches_a_lapse_through_a_meter_threshold(scenario_id):
    scenario = load_scenario(scenario_id)
    rules = [r for n in scenario.nodes for c in n.choices for r in c.next_if]
    assert any(r.next == "lapse" and r.meter == "craving" for r in rules)
    lapse = scenario.node("lapse")
    assert not lapse.ending and len(lapse.choices) >= 3
    assert "abstinence violation effect" in " ".join(c.feedback for c in lapse.choices)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_lapse_chain_scenario_has_a_path_with_no_lapse_and_one_through_it(scenario_id):
    paths = all_paths(load_scenario(scenario_id))
    through = [p for p in paths if any(e.target == "lapse" for e in p)]
    assert through and len(through) < len(paths)


def play(view: LapseChainView, *choices: str) -> None:
    for choice in choices:
        view.choose(choice)


def test_lapse_chain_reaches_a_lapse_when_craving_crosses_the_threshold():
    view = LapseChainView(load_scenario("lapse-chain-payday"))
    play(view, "store-parking-lot", "skip-group")
    assert view.player.meters == {"self_efficacy": 25, "craving": 75}
    step = view.choose("push-it-away")
    assert step.next_id == "lapse" and view.player.node.id == "lapse"
    assert "threshold was crossed" in view._feedback.value
    assert "Craving is now 85 (at least 70)" in view._feedback.value


def test_lapse_chain_avoids_a_lapse_when_coping_kept_craving_low():
    view = LapseChainView(load_scenario("lapse-chain-payday"))
    play(view, "breathe-and-text", "decline-go-to-group", "push-it-away")
    assert view.player.is_over and view.player.node.id == "coped-narrowly"
    assert "Debrief: No lapse, but a close call" in view._debrief.value


def test_lapse_chain_shows_the_abstinence_violation_effect_and_how_to_interrupt_it():
    view = LapseChainView(load_scenario("lapse-chain-payday"))
    play(view, "store-parking-lot", "skip-group", "push-it-away")
    assert "I might as well keep drinking" in view._situation.value
    play(view, "reach-out", "map-the-chain")
    assert view.player.node.id == "lapse-interrupted"
    assert "Debrief: A lapse, interrupted" in view._debrief.value
    assert "Better alternatives" in view._debrief.value


def test_lapse_chain_shaming_response_leads_to_relapse_when_self_efficacy_is_low():
    view = LapseChainView(load_scenario("lapse-chain-payday"))
    play(view, "store-parking-lot", "skip-group", "push-it-away", "tell-no-one",
         "warn-about-discharge")
    assert view.player.node.id == "relapse"


def test_lapse_chain_asks_for_a_choice_before_submitting():
    view = LapseChainView(load_scenario("lapse-chain-good-news"))
    assert view.submit() is None
    assert "Choose a response first" in view._feedback.value
    assert view.player.history == ()


def test_lapse_chain_shows_meters_and_chain_as_text():
    view = LapseChainView(load_scenario("lapse-chain-pain-and-a-text"))
    assert "Self efficacy:</strong> 45 of 100" in view._meters.value
    view.choose("ask-for-a-pain-plan")
    assert "60 of 100 (started at 45)" in view._meters.value
    assert "The chain so far" in view._chain.value
    assert re.search(r'aria-label="Line chart of the meters over 1 decisions', view._chart.value)


def test_lapse_chain_restart_returns_to_the_first_decision():
    view = LapseChainView(load_scenario("lapse-chain-good-news"))
    play(view, "suggest-another-way", "spot-the-sign", "leave-and-call")
    assert view.player.is_over and view._choices.layout.display == "none"
    view._restart.click()
    assert view.player.node.id == "promotion" and view._debrief.value == ""
    assert view._choices.layout.display is None
    assert [o[1] for o in view._choices.options] == ["suggest-another-way", "go-with-ally",
                                                     "strong-enough"]


def test_lapse_chain_records_the_run_under_its_simulation(learner_records):
    view = lapse_chain("lapse-chain-good-news")
    play(view, "suggest-another-way", "spot-the-sign", "leave-and-call")
    assert [(r.module, r.item_id, r.correct, r.answer["choices"]) for r in learner_records()] \
        == [("m05", "sim/lapse-chain", True,
             ["suggest-another-way", "spot-the-sign", "leave-and-call"])]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_lapse_chain_static_html_lists_every_node_and_threshold(scenario_id):
    scenario = load_scenario(scenario_id)
    static = LapseChainView(scenario)._repr_mimebundle_()["text/html"]
    assert static == lapse_chain_static_html(scenario)
    for node in scenario.nodes:
        assert f'id="{scenario.id}-{node.id}"' in static
    assert "if craving is then at least" in static
    assert "not measurements" in static


def test_lapse_chain_step_is_fast():
    view = LapseChainView(load_scenario("lapse-chain-payday"))
    start = time.perf_counter()
    view.choose("breathe-and-text")
    # Measured ~15-25 ms (most of it PNG encoding); generous here for a shared CI machine.
    assert time.perf_counter() - start < 0.2


# ----------------------------------------------------------------- learner records


def test_a_finished_lapse_chain_records_practice_when_a_learner_is_set(learner_records):
    view = LapseChainView(load_scenario("lapse-chain-good-news"))
    play(view, "suggest-another-way", "spot-the-sign", "leave-and-call")
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer) for r in recs] == [
        ("m05", "sim/lapse-chain", True,
         {"scenario": "lapse-chain-good-news",
          "choices": ["suggest-another-way", "spot-the-sign", "leave-and-call"],
          "ending": "coped-week"})]


def test_first_cohort_change_records_practice_once_when_a_learner_is_set(learner_records):
    view = CohortSimulatorView(n_people=100)
    assert learner_records() == []
    group_a = view.groups[0]
    group_a._support.value = 1.0
    group_a._coping.value = 1.0
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct) for r in recs] == [
        ("m05", "sim/cohort-simulator", True)]
    answer = recs[0].answer
    assert answer["groups"][group_a.name]["support"] == 1.0
    assert answer["people"] == 100
    assert set(answer[f"lapse_free_week_{REPORT_WEEK}"]) == {g.name for g in view.groups}


def test_reviewing_and_exporting_a_plan_records_practice_when_a_learner_is_set(
        learner_records):
    view = PlanBuilderView()
    view._review.click()  # an empty plan: not complete
    view.fill(RelapsePreventionPlan(
        client="Sam (fictional)", triggers=["Payday"], warning_signs=["Skipping group"],
        coping_actions=["Call my sponsor"], people_to_call=["My sister"],
        reasons_for_recovery=["My health"], lapse_plan=["Tell my counselor the same day"],
        medication_safety=["Methadone at the clinic", "Naloxone at home"]))
    view._export.click()
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer["action"]) for r in recs] == [
        ("m05", "sim/plan-builder", False, "review"),
        ("m05", "sim/plan-builder", True, "export")]
    assert recs[1].answer["exported"] is True and "triggers" in recs[1].answer["filled"]
    assert "Payday" not in str(recs[1].answer)  # the plan's text is never recorded


# ------------------------------------------------------------------- save status


def test_views_say_the_record_was_saved_when_a_learner_is_set(learner_records):
    cohort, builder = CohortSimulatorView(n_people=100), PlanBuilderView()
    cohort.groups[1]._support.value = 0.5
    builder._review.click()
    for view in (cohort, builder):
        assert "Saved to your progress (learner learner-test)" in view._saved.value


@pytest.mark.parametrize("make, act", [
    (lambda: CohortSimulatorView(n_people=100), lambda v: setattr(v._hazard, "value", 0.1)),
    (PlanBuilderView, lambda v: v._export.click()),
])
def test_views_show_an_alert_when_a_record_cannot_be_saved(monkeypatch, make, act):
    from widgets.progress import SaveStatus
    from widgets.relapse import view as module

    monkeypatch.setattr(module, "record_simulation", lambda *a, **k: SaveStatus(
        True, False, "learner-test", "the progress file is read-only"))
    view = make()
    act(view)
    assert 'role="alert"' in view._saved.value
    assert "Not saved: the progress file is read-only" in view._saved.value


def test_cohort_view_records_again_when_the_first_save_failed(monkeypatch):
    from widgets.progress import SaveStatus
    from widgets.relapse import view as module

    calls = []

    def record(*args, **kwargs):
        calls.append(args)
        return SaveStatus(True, len(calls) > 1, "learner-test", None if calls[1:] else "busy")

    monkeypatch.setattr(module, "record_simulation", record)
    view = CohortSimulatorView(n_people=100)
    view._hazard.value = 0.1
    view._hazard.value = 0.12
    view._hazard.value = 0.14
    assert len(calls) == 2 and "Saved to your progress" in view._saved.value


def test_plan_builder_says_what_is_too_long_when_a_box_holds_far_too_much():
    view = PlanBuilderView()
    view._sections["coping_actions"].value = "x" * 5000
    assert view.review() == ()
    assert "coping_actions entry 1 is 5000 characters long" in view._notes.value
    assert view.export() is False and view.pdf is None
    assert "My relapse-prevention plan" in view._repr_mimebundle_()["text/html"]


def test_plan_builder_names_an_over_long_entry_when_exporting():
    view = PlanBuilderView()
    view._sections["triggers"].value = "Payday\n" + "y" * 250
    assert view.export() is False
    assert "&#39;My triggers&#39;, entry 2, is 250 characters long" in view._downloads.value


def test_plan_builder_has_a_box_for_medication_and_overdose_safety():
    view = PlanBuilderView()
    area = view._sections["medication_safety"]
    assert area.description == "Medication and overdose safety"
    assert "naloxone" in area.placeholder
    area.value = "Buprenorphine from Dr. Lee\nNaloxone in my bag"
    assert view.plan.medication_safety == ("Buprenorphine from Dr. Lee", "Naloxone in my bag")
    assert "tolerance is lower" in view._repr_mimebundle_()["text/html"]
