"""Module 2 widgets in plain pytest: set values, click, assert what they show."""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET

import ipywidgets as W
import pytest
from markupsafe import escape

from widgets.core.content import content_root
from widgets.level_of_care import (
    DIMENSIONS,
    LEVELS,
    MODEL_NAME,
    list_cases,
    load_case,
    load_review,
)
from widgets.level_of_care.render import RatingsChart
from widgets.level_of_care.view import (
    CaseSimulator,
    ContinuedStayView,
    case_simulator,
    continued_stay_review,
)
from widgets.progress import SaveStatus

ROOT = content_root()


@pytest.fixture
def recorded():
    """(calls, record): a stand-in for record_simulation that keeps what it was given."""
    calls = []

    def record(simulation_id, *, correct, answer):
        calls.append((simulation_id, correct, answer))
        return SaveStatus(recording=False, saved=False)

    return calls, record


@pytest.fixture
def sim(recorded):
    return CaseSimulator(record=recorded[1])


def rate_as_expert(view, case):
    view.rate(**case.expert_ratings())
    view._level.value = case.expert_level


# ------------------------------------------------------------------ case simulator


def test_simulator_lists_every_simulator_case_from_the_content_index(sim):
    ids = [value for _, value in sim._case.options]
    assert ids == [c.id for c in list_cases()]
    assert "exercise-return-after-job-loss" not in ids


def test_simulator_lists_a_new_case_file_without_code_changes(tmp_path, monkeypatch):
    folder = tmp_path / "curriculum" / "02_level_of_care" / "cases"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    for model_file in ("placement-rules.yaml", "levels-of-care.yaml"):  # the model it needs
        shutil.copy(ROOT / "curriculum/02_level_of_care" / model_file, folder.parent)
    source = (ROOT / "curriculum/02_level_of_care/cases/rural-telehealth-iop.yaml")
    text = source.read_text(encoding="utf-8")
    (folder / "rural-telehealth-iop.yaml").write_text(text, encoding="utf-8")
    new = (text.replace("id: rural-telehealth-iop", "id: a-new-teaching-case")
               .replace("title: Ninety minutes from the nearest program",
                        "title: A case added later"))
    (folder / "a-new-teaching-case.yaml").write_text(new, encoding="utf-8")
    monkeypatch.setenv("IOP_CONTENT_ROOT", str(tmp_path))
    view = CaseSimulator()
    assert ("A case added later", "a-new-teaching-case") in view._case.options
    view._case.value = "a-new-teaching-case"
    assert "A case added later" in view._vignette.value


def test_simulator_shows_the_first_case_vignette_without_the_answer(sim):
    case = list_cases()[0]
    assert escape(case.title) in sim._vignette.value
    assert "Fictional teaching case" in sim._vignette.value
    assert escape(case.expert_summary) not in sim._vignette.value
    assert sim._feedback.value == "" and sim._chart.value == ""


def test_every_control_has_a_visible_description(sim):
    controls = [sim._case, *sim._ratings.values(), sim._level, sim._submit]
    assert all(c.description for c in controls)
    assert [t.description for t in sim._ratings.values()][0] == "1. Intoxication/withdrawal"


def test_submit_asks_for_missing_ratings_and_level_when_incomplete(sim, recorded):
    sim._ratings["biomedical"].value = 2
    assert sim.submit() is None
    text = sim._feedback.value
    assert "rate Intoxication/withdrawal, Emotional/behavioral" in text
    assert "choose a level of care" in text
    assert "Biomedical," not in text
    assert recorded[0] == []


def test_submit_shows_full_agreement_when_trainee_matches_the_expert(sim, recorded):
    case = sim.case
    rate_as_expert(sim, case)
    result = sim.submit()
    assert result.agreements == 6 and result.level_agrees
    text = sim._feedback.value
    assert "You rated 6 of 6 dimensions as the expert did." in text
    assert "You rated every dimension as the expert did." in text
    assert f"you and the expert both chose Level {case.expert_level}" in text
    assert escape(MODEL_NAME) in text
    assert recorded[0] == [("case-simulator", True,
                            {"case": case.id, "ratings": case.expert_ratings(),
                             "level": case.expert_level, "agreements": 6})]


def test_submit_explains_every_difference_with_the_expert_rationale(sim):
    sim._case.value = "unstable-housing"
    case = load_case("unstable-housing")
    sim.rate(**{**case.expert_ratings(), "recovery_environment": 1, "biomedical": 3})
    sim._level.value = "2.1"
    sim.submit()
    text = sim._feedback.value
    assert "You rated 4 of 6 dimensions as the expert did." in text
    assert "You rated 2 higher" in text and "You rated 2 lower" in text
    assert escape(case.dimensions["recovery_environment"].rationale) in text
    assert escape(case.dimensions["biomedical"].rationale) in text
    assert escape(case.dimensions["relapse_potential"].rationale) not in text
    assert "2 step(s) less intensive than the expert" in text
    assert "recommends <strong>Level 3.7" in text  # the model, for the trainee's ratings


SVG = "{http://www.w3.org/2000/svg}"


def chart_bars(chart_html: str) -> dict[str, dict[str, float]]:
    """Bar lengths in rating units (0-4) by fill colour and dimension (no bar: rated 0)."""
    root = ET.fromstring(chart_html)  # the figure is well-formed
    svg = root.find(f".//{SVG}svg")
    texts = list(svg.iter(f"{SVG}text"))
    ticks = {t.text: float(t.get("x")) for t in texts
             if t.get("text-anchor") == "middle" and t.text in {"0", "4"}}
    unit = (ticks["4"] - ticks["0"]) / 4
    rows = {DIMENSIONS[int(t.text.split(".")[0]) - 1]: float(t.get("y")) - 4 for t in texts
            if t.get("text-anchor") == "end" and t.text[0].isdigit() and ". " in t.text}
    assert len(rows) == 6
    bars: dict[str, dict[str, float]] = {}
    for r in svg.iter(f"{SVG}rect"):
        if r.get("fill") in ("#0072B2", "#E69F00") and float(r.get("height")) != 10:
            mid = float(r.get("y")) + float(r.get("height")) / 2
            dim = min(rows, key=lambda d: abs(rows[d] - mid))
            assert abs(rows[dim] - mid) < 15  # the bar sits next to its dimension's label
            assert dim not in bars.get(r.get("fill"), {})
            bars.setdefault(r.get("fill"), {})[dim] = round(float(r.get("width")) / unit, 2)
    return bars


def test_submit_draws_the_chart_with_alt_text_of_both_sets_of_ratings(sim):
    case = sim.case
    expert = case.expert_ratings()
    rate_as_expert(sim, case)
    sim.rate(relapse_potential=0, biomedical=4)
    sim.submit()
    chart = sim._chart.value
    assert chart.startswith('<figure class="iop-figure') and "<svg" in chart
    assert "data:image/png" not in chart
    alt = re.search(r'role="img" aria-label="([^"]*)"', chart).group(1)
    assert alt.startswith("Bar chart of your ratings against the expert&#x27;s, 0 to 4.")
    assert f"Relapse potential: you 0, expert {expert['relapse_potential']}" in alt
    assert f"Biomedical: you 4, expert {expert['biomedical']}" in alt
    assert 'aria-hidden="true"' in chart and "Your rating (hatched)" in chart
    # one hatch over the trainee's bars, one over their legend sample; none for the expert
    assert chart.count('fill="none" stroke="#ffffff" stroke-width="1.2"') == 2
    trainee = {**expert, "relapse_potential": 0, "biomedical": 4}
    bars = chart_bars(chart)  # zero ratings draw no bar
    assert bars["#0072B2"] == {d: trainee[d] for d in DIMENSIONS if trainee[d]}
    assert bars["#E69F00"] == {d: expert[d] for d in DIMENSIONS if expert[d]}


def test_simulator_reuses_one_chart_across_submits_and_redraws_it(sim):
    rate_as_expert(sim, sim.case)
    sim.submit()
    chart, before = sim._chart_figure, sim._chart.value
    sim.rate(biomedical=4)
    sim.submit()
    assert sim._chart_figure is chart
    assert sim._chart.value != before and "Biomedical: you 4" in sim._chart.value
    assert chart_bars(sim._chart.value)["#0072B2"]["biomedical"] == 4


def test_ratings_chart_refuses_bad_ratings_and_drawing_before_any():
    chart = RatingsChart()
    with pytest.raises(ValueError, match="call update"):
        chart.html()
    good = {d: 1 for d in DIMENSIONS}
    with pytest.raises(ValueError, match="outside 0-4"):
        chart.update({**good, "biomedical": 5}, good)
    with pytest.raises(ValueError, match="missing dimension"):
        chart.update(good, {"biomedical": 1})
    chart.update(good, {**good, "biomedical": 4})
    assert "Biomedical: you 1, expert 4" in chart.alt()
    assert chart_bars(chart.html())["#E69F00"]["biomedical"] == 4


def test_submit_shows_the_departure_when_the_expert_departs_from_the_model(sim):
    sim._case.value = "early-readiness-mandated"
    rate_as_expert(sim, sim.case)
    sim.submit()
    text = sim._feedback.value
    assert "the expert departs from it" in text
    assert escape(sim.case.model_departure) in text


def test_changing_case_clears_the_previous_answer(sim):
    rate_as_expert(sim, sim.case)
    sim.submit()
    sim._case.value = "step-up-from-iop"
    assert all(t.value is None for t in sim._ratings.values())
    assert sim._level.value is None
    assert sim._feedback.value == "" and sim._chart.value == "" and sim.comparison is None
    assert "Five weeks into IOP" in sim._vignette.value


def test_simulator_static_html_shows_every_case_with_the_answer_collapsed(sim):
    page = sim.static_html()
    assert page.count("<details>") == len(list_cases())
    for case in list_cases():
        assert f'id="case-{case.id}"' in page
    assert escape(MODEL_NAME) in page


def test_simulator_bundle_carries_the_static_html_for_the_book(sim):
    bundle = sim._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == sim.static_html()


def test_simulator_update_is_fast_once_the_figure_exists(sim):
    rate_as_expert(sim, sim.case)
    sim.submit()
    start = time.process_time()
    for rating in range(5):
        sim.rate(biomedical=rating)
        sim.submit()
    per_update = (time.process_time() - start) / 5
    assert per_update < 0.1, f"{per_update * 1000:.0f} ms of CPU per update"


def test_case_simulator_factory_builds_the_view():
    assert isinstance(case_simulator(), CaseSimulator)


def test_simulator_refuses_an_empty_case_list():
    with pytest.raises(ValueError, match="no cases to show"):
        CaseSimulator(cases=[])


# ---------------------------------------------------------- continued-stay review


@pytest.fixture
def stay(recorded):
    return ContinuedStayView(load_review("eleven-weeks-in-care"), record=recorded[1])


def test_review_opens_at_the_first_review_point_with_weeks_1_to_3(stay):
    assert stay.shown_until == 3
    assert stay._table.value.count('<th scope="row">') == 3
    assert "Review 1 of 4, end of week 3." in stay._prompt.value
    assert not stay._submit.disabled and stay._next.disabled
    assert "weeks 1 to 3" in stay._chart.value


def test_decide_without_a_choice_asks_for_one(stay, recorded):
    assert stay.decide() is None
    assert "Choose a decision first." in stay._feedback.value
    assert recorded[0] == []


def test_decide_shows_feedback_and_unlocks_the_next_weeks(stay, recorded):
    stay._decision.value = "continue"
    stay._submit.click()
    assert stay.last_feedback.agrees
    assert "You chose what the expert chose." in stay._feedback.value
    assert stay._submit.disabled and stay._decision.disabled and not stay._next.disabled
    assert recorded[0] == [("continued-stay-review", True,
                            {"review": "eleven-weeks-in-care", "week": 3,
                             "decision": "continue"})]
    stay._next.click()
    assert stay.shown_until == 5
    assert "Review 2 of 4, end of week 5." in stay._prompt.value
    assert stay._decision.value is None and stay._feedback.value == ""


def test_a_different_decision_gets_its_own_feedback_and_the_expert_choice(stay):
    stay._decision.value = "step-up"
    stay.decide()
    review = stay.review
    assert escape(review.reviews[0].feedback["step-up"]) in stay._feedback.value
    assert "The expert chose: continue at the current level." in stay._feedback.value


def test_finishing_every_review_shows_the_score_and_teaching_points(stay):
    for _point in stay.review.reviews:
        stay._decision.value = "continue"
        stay._submit.click()
        if not stay._next.disabled:
            stay._next.click()
    text = stay._feedback.value
    assert "your decision matched the expert's at 1 of 4 review points" in text
    assert "Teaching points" in text
    assert stay._next.disabled and stay._submit.disabled
    assert stay._table.value.count('<th scope="row">') == len(stay.review.weeks)


def test_decide_twice_at_the_same_review_is_ignored(stay):
    stay._decision.value = "continue"
    stay.decide()
    assert stay.decide() is None
    assert stay.state.position == 1


def test_restart_returns_to_week_3(stay):
    stay._decision.value = "continue"
    stay.decide()
    stay._next.click()
    stay._restart.click()
    assert stay.shown_until == 3 and stay.state.position == 0
    assert "Review 1 of 4" in stay._prompt.value and not stay._submit.disabled


def test_review_controls_have_visible_labels(stay):
    assert stay._decision.description == "Your decision"
    assert all(b.description for b in (stay._submit, stay._next, stay._restart))


def test_review_static_html_has_the_whole_timeline_and_collapsed_decisions(stay):
    page = stay.static_html()
    assert page.count("<details>") == len(stay.review.reviews) + 1
    assert '<figure class="iop-figure' in page and "weeks 1 to 11" in page
    assert 'role="img" aria-label="Two panels over weeks 1 to 11' in page
    assert stay._repr_mimebundle_()["text/html"] == page


def test_continued_stay_review_factory_loads_by_id():
    view = continued_stay_review("eleven-weeks-in-care")
    assert isinstance(view, ContinuedStayView) and isinstance(view, W.VBox)


def test_views_render_html_into_html_widgets_never_output_widgets(sim, stay):
    for view in (sim, stay):
        stack = list(view.children)
        while stack:
            child = stack.pop()
            assert not isinstance(child, W.Output)
            stack.extend(getattr(child, "children", ()))


def test_rating_buttons_offer_0_to_4_with_anchor_tooltips(sim):
    toggle = sim._ratings[DIMENSIONS[0]]
    assert [v for _, v in toggle.options] == [0, 1, 2, 3, 4]
    assert toggle.tooltips[4] == "4: severe: imminent danger"


# ----------------------------------------------------------------- learner records


def test_submitting_a_case_records_practice_when_a_learner_is_set(learner_records):
    view = CaseSimulator()  # no recorder: only the simulation record
    case = view.case
    rate_as_expert(view, case)
    view._submit.click()
    view.rate(biomedical=(case.expert_ratings()["biomedical"] + 1) % 5)
    view._level.value = next(lv for lv in LEVELS if lv != case.expert_level)
    view._submit.click()
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer["case"]) for r in recs] == [
        ("m02", "sim/case-simulator", True, case.id),
        ("m02", "sim/case-simulator", False, case.id)]
    assert recs[0].answer["ratings"] == case.expert_ratings()
    assert recs[0].answer["level"] == case.expert_level and recs[0].answer["agreements"] == 6


def test_submitting_a_case_records_nothing_when_no_learner_is_set(tmp_path, monkeypatch):
    db = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("IOP_PROGRESS_DB", str(db))
    view = CaseSimulator()
    rate_as_expert(view, view.case)
    assert view.submit().level_agrees
    assert not db.exists()


def test_deciding_a_review_records_practice_when_a_learner_is_set(learner_records):
    view = ContinuedStayView(load_review("eleven-weeks-in-care"))
    view._decision.value = "continue"
    view._submit.click()
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer) for r in recs] == [
        ("m02", "sim/continued-stay-review", True,
         {"review": "eleven-weeks-in-care", "week": 3, "decision": "continue"})]


# ------------------------------------------------------------------- save status shown


def test_a_saved_case_answer_says_so_under_the_feedback(learner_records):
    view = CaseSimulator()
    rate_as_expert(view, view.case)
    view.submit()
    assert view.save_status.saved
    assert "Saved to your progress (learner learner-test)." in view._saved.value


def test_a_case_answer_that_could_not_be_saved_says_why(sim):
    def failing(simulation_id, *, correct, answer):
        return SaveStatus(recording=True, saved=False, learner="learner-x",
                          problem="the progress store is read-only")

    view = CaseSimulator(record=failing)
    rate_as_expert(view, view.case)
    view.submit()
    assert 'role="alert"' in view._saved.value
    assert "Not saved: the progress store is read-only" in view._saved.value
    view._case.value = "step-up-from-iop"
    assert view._saved.value == ""  # a new case clears the old answer's status


def test_nothing_is_said_about_saving_when_no_learner_records(sim):
    rate_as_expert(sim, sim.case)
    sim.submit()
    assert sim._saved.value == ""


def test_a_review_decision_that_could_not_be_saved_says_why():
    def failing(simulation_id, *, correct, answer):
        return SaveStatus(recording=True, saved=False, learner="learner-x",
                          problem="disk full")

    view = ContinuedStayView(load_review("eleven-weeks-in-care"), record=failing)
    view._decision.value = "continue"
    view.decide()
    assert "Not saved: disk full" in view._saved.value and 'role="alert"' in view._saved.value
    view._next.click()
    assert view._saved.value == ""


def test_the_model_s_output_for_the_trainee_shows_what_comes_first(sim):
    sim._case.value = "unstable-housing"
    rate_as_expert(sim, sim.case)  # withdrawal risk rated 2: an assessment comes first
    sim.submit()
    text = sim._feedback.value
    assert "only after a medical withdrawal-risk assessment" in text
    assert "First: A medical withdrawal-risk assessment" in text


def test_imminent_danger_shows_an_emergency_not_a_placement(sim):
    sim._case.value = "suicidal-thoughts-at-intake"
    rate_as_expert(sim, sim.case)
    sim.submit()
    text = sim._feedback.value
    assert "no placement yet" in text and "Emergency first: An emergency psychiatric" in text
