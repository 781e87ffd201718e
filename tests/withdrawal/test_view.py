"""The COWS and CIWA-Ar forms, driven in plain pytest (no kernel, no browser)."""

from __future__ import annotations

from html import escape

import ipywidgets as W
import pytest

from widgets.withdrawal import CIWA_AR_ITEMS, COWS_ITEMS, load_case
from widgets.withdrawal.view import WithdrawalForm, ciwa_ar_form, cows_form


@pytest.fixture
def records():
    return []


@pytest.fixture
def cows(records):
    return cows_form(recorder=lambda *args: records.append(args))


@pytest.fixture
def ciwa(records):
    return ciwa_ar_form(recorder=lambda *args: records.append(args))


def test_form_has_one_labelled_control_per_item_with_anchors_as_options(cows):
    assert list(cows._items) == list(COWS_ITEMS)
    pulse = cows._items["resting_pulse"]
    assert pulse.description == "1. Resting pulse"
    assert [v for _, v in pulse.options] == [0, 1, 2, 4]
    assert pulse.options[3][0] == "4: above 120"
    assert all(c.value is None for c in cows._items.values())


def test_every_control_has_a_visible_description(cows, ciwa):
    for form in (cows, ciwa):
        controls = [*form._items.values(), form._bands, form._case, form._check_key,
                    form._clear]
        for control in controls:
            assert control.description.strip()


def test_total_shows_progress_while_the_form_is_incomplete(cows):
    cows.rate(resting_pulse=2, gooseflesh=3)
    assert "Rated <strong>2 of 11</strong>" in cows._total.value
    assert "subtotal so far <strong>5</strong>" in cows._total.value
    assert cows.progress.result is None


@pytest.mark.parametrize(("total", "band"), [
    (4, "none (0-4)"), (5, "mild (5-12)"), (12, "mild (5-12)"), (13, "moderate (13-24)"),
    (24, "moderate (13-24)"), (25, "moderately severe (25-36)"),
    (36, "moderately severe (25-36)"), (37, "severe (37 and above)")])
def test_live_total_shows_the_band_when_every_item_is_rated(cows, total, band):
    from tests.withdrawal.test_model import cows_answers_for

    cows.rate(**cows_answers_for(total))
    assert f"Total {total} of 48: {band}" in cows._total.value


def test_ciwa_total_names_the_band_source_and_the_other_published_bands(ciwa):
    ciwa.rate(**{**dict.fromkeys(CIWA_AR_ITEMS, 0), "tremor": 4, "anxiety": 4, "headache": 1})
    text = ciwa._total.value
    assert "Total 9 of 67: mild (0-9)" in text
    assert "ASAM Alcohol Withdrawal Management guideline (2020)" in text
    assert "VA PAWS (levels of risk): <strong>moderate (8-14)</strong>" in text
    assert "a choice each program makes in its protocol" in text


def test_changing_the_band_set_changes_the_band_when_sources_disagree(ciwa):
    ciwa.rate(**{**dict.fromkeys(CIWA_AR_ITEMS, 0), "tremor": 7, "anxiety": 7, "headache": 2})
    assert "Total 16 of 67: moderate (10-18)" in ciwa._total.value
    ciwa._bands.value = "va-paws"
    assert "Total 16 of 67: severe (15 and above)" in ciwa._total.value
    assert ciwa.progress.result.band_set == "va-paws"


def test_cows_band_choice_is_fixed_when_there_is_one_published_set(cows):
    assert cows._bands.disabled
    assert cows._bands.value == "wesson-ling-2003"


def test_selecting_a_case_shows_its_fictional_vignette_and_question(cows):
    cows._case.value = "cows-too-early"
    assert cows.case is not None and cows.case.id == "cows-too-early"
    assert "Fictional teaching case" in cows._vignette.value
    assert "fentanyl" in cows._vignette.value
    assert cows._case_box.layout.display is None
    assert len(cows._question.children) == 1


def test_selecting_the_blank_form_hides_the_case(cows):
    cows.select_case("cows-too-early")
    cows.select_case("")
    assert cows.case is None
    assert cows._case_box.layout.display == "none"


def test_selecting_a_case_clears_previous_ratings(cows):
    cows.rate(resting_pulse=4)
    cows.select_case("cows-scoring-rules")
    assert all(v is None for v in cows.answers.values())


def test_compare_lists_each_item_that_differs_with_the_key_and_its_note(cows, records):
    cows.select_case("cows-scoring-rules")
    key = load_case("cows-scoring-rules").ratings
    cows.rate(**{**key, "resting_pulse": 2})  # the exertion-raised pulse
    cows._check_key.click()
    text = cows._comparison.value
    assert "You matched 10 of 11 items." in text
    assert "Your total: 17; the answer key's total: 16." in text
    assert "Resting pulse" in text and "not the 112 raised by the stairs" in text
    assert records == [("m04", "cows-scoring-rules/ratings", False, {**key,
                                                                       "resting_pulse": 2})]


def test_compare_reports_unrated_items_and_records_nothing_until_complete(cows, records):
    cows.select_case("cows-ready-for-induction")
    cows.rate(resting_pulse=1)
    result = cows.compare()
    assert len(result.unrated) == 10
    assert "not rated" in cows._comparison.value
    assert records == []


def test_compare_says_so_when_every_item_matches(cows, records):
    cows.select_case("cows-ready-for-induction")
    cows.rate(**load_case("cows-ready-for-induction").ratings)
    cows.compare()
    assert "Every item matches the answer key." in cows._comparison.value
    assert records[-1][2] is True


def test_ciwa_compare_marks_a_near_miss_between_anchors_as_a_judgement_call(ciwa):
    ciwa.select_case("ciwa-same-score-two-bands")
    assert ciwa._bands.value == "asam-2020"
    ciwa.rate(**{**load_case("ciwa-same-score-two-bands").ratings, "tremor": 3})
    ciwa.compare()
    assert "close: a judgement call between the anchors" in ciwa._comparison.value


def test_case_selection_switches_to_the_cases_band_set(ciwa):
    ciwa.select_case("ciwa-shaky-in-group")
    assert ciwa._bands.value == "va-paws"


def test_compare_asks_for_a_case_on_the_blank_form(cows):
    assert cows.compare() is None
    assert "Choose a teaching case first" in cows._comparison.value


def test_answering_the_case_question_gives_feedback_and_records_it(cows, records):
    cows.select_case("cows-too-early")
    question = cows._question.children[0]
    question.select("low-score-go-ahead")
    question._submit.click()
    assert "Not quite." in question._feedback.value
    assert records[-1] == ("m04", "cows-too-early/too-early", False, ["low-score-go-ahead"])
    question.select("wait-tell-prescriber")
    question._submit.click()
    assert "Correct." in question._feedback.value
    assert records[-1][2] is True


def test_clear_resets_every_rating_and_the_total(cows):
    cows.rate(**{k: 1 for k in ("resting_pulse", "sweating")})
    cows._clear.click()
    assert all(v is None for v in cows.answers.values())
    assert "Rated <strong>0 of 11</strong>" in cows._total.value


@pytest.mark.parametrize("make", [cows_form, ciwa_ar_form])
def test_static_html_has_the_scale_table_the_bands_and_every_case_collapsed(make):
    form = make(recorder=None)
    text = form.static_html()
    for item in form.scale.items.values():
        assert escape(item.label) in text
    for case in form.cases:
        assert f'id="{case.id}"' in text
        assert "Fictional teaching case" in text
    assert text.count("<details>") == 2 * len(form.cases)
    for bands in form.scale.band_sets.values():
        assert escape(bands.title) in text


def test_static_html_shows_ciwa_intermediate_values_as_judgement(ciwa):
    assert "Other values allowed: 1, 2, 3, 5, 6 (between the anchors, by judgement)" in \
        ciwa.static_html()


def test_bundle_carries_the_static_html_for_the_book(cows):
    bundle = cows._repr_mimebundle_()
    assert bundle["text/html"] == cows.static_html()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_form_is_a_vbox_of_plain_ipywidgets(cows):
    assert isinstance(cows, W.VBox)
    assert isinstance(cows._items["tremor"], W.Dropdown)


def test_form_accepts_an_explicit_list_of_cases():
    form = WithdrawalForm("cows", cases=[load_case("cows-exercise-evening-visit")],
                          recorder=None)
    assert [c.id for c in form.cases] == ["cows-exercise-evening-visit"]


def test_comparing_a_case_records_practice_when_a_learner_is_set(learner_records):
    cows = cows_form(recorder=lambda *args: None)
    cows.select_case("cows-scoring-rules")
    key = load_case("cows-scoring-rules").ratings
    cows.rate(resting_pulse=1)
    cows.compare()  # incomplete ratings: nothing recorded yet
    cows.rate(**key)
    cows._check_key.click()
    ciwa = ciwa_ar_form(recorder=lambda *args: None)
    ciwa.select_case("ciwa-shaky-in-group")
    ciwa_key = load_case("ciwa-shaky-in-group").ratings
    ciwa.rate(**{k: 0 for k in ciwa_key})
    ciwa._check_key.click()
    recs = learner_records()
    assert [(r.module, r.item_id, r.correct, r.answer["case"]) for r in recs] == [
        ("m04", "sim/cows-form", True, "cows-scoring-rules"),
        ("m04", "sim/ciwa-ar-form", all(v == 0 for v in ciwa_key.values()),
         "ciwa-shaky-in-group")]
    assert recs[0].answer["ratings"] == dict(key) and recs[0].answer["matched"] == 11


def test_comparing_says_under_the_comparison_whether_it_was_saved(learner_records):
    cows = cows_form(recorder=lambda *args: None)
    cows.select_case("cows-ready-for-induction")
    cows.rate(**load_case("cows-ready-for-induction").ratings)
    cows.compare()
    assert "Saved to your progress (learner learner-test)" in cows._saved.value
    cows.select_case("cows-too-early")  # a new case starts with no status
    assert cows._saved.value == ""


def test_comparing_shows_an_alert_when_the_answer_could_not_be_saved(unusable_store):
    cows = cows_form(recorder=lambda *args: None)
    cows.select_case("cows-ready-for-induction")
    cows.rate(**load_case("cows-ready-for-induction").ratings)
    cows.compare()
    assert 'role="alert"' in cows._saved.value and "Not saved" in cows._saved.value


def test_the_case_question_says_whether_its_answer_was_saved(learner_records):
    cows = cows_form()  # the session recorder
    cows.select_case("cows-too-early")
    question = cows._question.children[0]
    question.select("wait-tell-prescriber")
    question._submit.click()
    assert "Saved to your progress" in question._saved.value
    assert [r.item_id for r in learner_records()] == ["cows-too-early/too-early"]


def test_notebook_helpers_show_the_vignette_and_the_band_edges_as_html():
    from widgets.withdrawal.view import band_edges, case_vignette

    vignette = case_vignette("cows-exercise-evening-visit")._repr_html_()
    assert "Fictional teaching case" in vignette and "Riley" in vignette
    assert "Answer key" not in vignette
    edges = band_edges("ciwa-ar")._repr_html_()
    assert "<th scope=\"col\" class=\"num\">CIWA-Ar total</th>" in edges
    assert "Band: VA PAWS (levels of risk)" in edges
