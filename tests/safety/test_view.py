"""Module 6's simulators (widgets.safety.view): actions, feedback, records, static pages."""

from __future__ import annotations

import pytest

from widgets.safety.model import SafetyPlan
from widgets.safety.view import (
    AsqScreeningView,
    DrugTestView,
    OverdoseResponseView,
    SafetyPlanBuilderView,
    WithdrawalDangerView,
    asq_case_results,
    overdose_best_path,
)
from widgets.scenarios import QUALITY_RANK


def sims(records):
    return [(r.item_id, r.correct, r.answer) for r in records() if r.item_id.startswith("sim/")]


def test_asq_matching_answers_show_the_result_teaching_and_record(learner_records):
    view = AsqScreeningView()
    view.select_case("asq-calm-but-acute")
    for item, value in view.case.answers.items():
        view.answer(item, value)
    view.answer("thoughts-right-now", True)
    assert view.show_result().result == "acute-positive"
    assert "Your answers match" in view._result.value
    assert "Teaching point" in view._result.value
    (item, correct, answer), = sims(learner_records)
    assert (item, correct, answer["case"]) == ("sim/asq-screening", True, "asq-calm-but-acute")


def test_asq_mismatched_answers_are_shown_and_recorded_as_not_correct(learner_records):
    view = AsqScreeningView()
    view.select_case("asq-after-a-lapse")
    view.answer("wished-dead", True)
    view.answer("better-off-dead", False)  # Mo said "Maybe. I don't know"
    assert view.show_result().result == "positive-acuity-not-asked"
    assert "Compare with what the client said" in view._result.value
    assert "not answered" in view._result.value
    assert sims(learner_records)[0][1] is False


def test_asq_changing_the_client_clears_the_answers():
    view = AsqScreeningView()
    view.answer("ever-tried", True)
    view.select_case("asq-right-now")
    assert view.show_result().result == "incomplete"


def test_withdrawal_practice_with_the_cases_answers_matches_and_records(learner_records):
    view = WithdrawalDangerView()
    for case_id in view.cases:
        view.select_case(case_id)
        view.fill_from_case()
        _, assessment = view.assess()
        assert assessment.level == view.case.expected_level
    assert all(correct for _, correct, _ in sims(learner_records))
    assert len(sims(learner_records)) == len(view.cases)


def test_withdrawal_practice_treats_an_unfinished_pawss_as_needing_a_medical_look(
        learner_records):
    view = WithdrawalDangerView()
    view.select_case("withdrawal-weekend-drinker")  # the story answers every question
    score, assessment = view.assess()  # nothing recorded: every answer "not known"
    assert score.status == "incomplete"
    assert assessment.level == "medical-assessment-first"
    assert "For this client the answer is: No warning sign found" in view._result.value
    assert sims(learner_records)[0][1] is False


def test_drug_test_view_asks_for_an_answer_first_then_checks(learner_records):
    view = DrugTestView()
    view.select_case("test-result-methadone-on-quetiapine")
    assert view.check() is None and "first" in view._result.value
    view.answer(False, ["quetiapine"])
    assert view.check() is True
    view.answer(True, [])
    assert view.check() is False
    assert [c for _, c, _ in sims(learner_records)] == [True, False]
    assert "quetiapine" in view._result.value


def test_safety_plan_builder_reviews_exports_and_records_without_text(learner_records):
    view = SafetyPlanBuilderView(SafetyPlan(client="Luis", warning_signs=["Feeling low"]))
    notes = view.review()
    assert any(n.code == "empty" for n in notes)
    assert view.export() and view.pdf.startswith(b"%PDF") and "988" in view.markdown
    assert "download the one-page PDF" in view._downloads.value
    records = sims(learner_records)
    assert [a["action"] for _, _, a in records] == ["review", "export"]
    assert "Feeling low" not in repr(records)  # never the text typed into the plan


def test_overdose_view_best_run_records_and_shows_costs(learner_records):
    view = OverdoseResponseView()
    while not view.player.is_over:
        view.choose(max(view.player.choices, key=lambda c: QUALITY_RANK[c.quality]).id)
    assert "What each choice cost" in view._debrief.value
    assert ("sim/overdose-response", True) in [(i, c) for i, c, _ in sims(learner_records)]


@pytest.mark.parametrize("view_class", [AsqScreeningView, WithdrawalDangerView, DrugTestView,
                                        SafetyPlanBuilderView, OverdoseResponseView])
def test_every_view_has_a_static_page_for_the_book(view_class):
    bundle = view_class()._repr_mimebundle_()
    assert "text/html" in bundle and len(bundle["text/html"]) > 2000


def test_summary_tables_read_as_text_for_nbval():
    assert "Mo: the week after a lapse | question 1 yes" in repr(asq_case_results())
    assert repr(overdose_best_path()).splitlines()[-1].endswith("breathing 74, help 80, trust 80")


def test_drug_test_view_reads_any_result_beyond_the_cases():
    reading = DrugTestView().reading("benzodiazepines", "presumptive", "positive",
                                     ["sertraline"])
    assert reading.possible_false_positive_from == ("sertraline",)
    assert "maybe-false-positive" in reading.cannot_say
