"""Issue 15's findings on Module 2's cases, review and model (3, 4 and 10), kept fixed."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from widgets.level_of_care import list_cases, load_case, load_review, recommend
from widgets.level_of_care.render import case_answer_html, recommendation_html

WITHDRAWAL_SIGNS = re.compile(r"\b(shak\w*|tremor\w*|sweat\w*)", re.IGNORECASE)
CASES = list_cases(role=None)


@pytest.mark.parametrize("case_id", ["co-occurring-ptsd", "unstable-housing"])
def test_daily_heavy_drinking_with_morning_shakes_is_not_rated_withdrawal_risk_1(case_id):
    case = load_case(case_id)
    facts = " ".join(case.dimensions["intoxication_withdrawal"].facts)
    assert re.search(r"morning", facts) and WITHDRAWAL_SIGNS.search(facts)
    assert case.dimensions["intoxication_withdrawal"].rating >= 2


def test_daily_fentanyl_with_sedative_pills_is_not_rated_withdrawal_risk_1():
    case = load_case("multiple-barriers-residential")
    assert "sedative" in " ".join(case.dimensions["intoxication_withdrawal"].facts)
    assert case.dimensions["intoxication_withdrawal"].rating >= 2
    assert "FDA-2020" in case.cite


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_no_case_rates_withdrawal_signs_or_opioids_with_sedatives_below_2(case):
    facts = " ".join(case.dimensions["intoxication_withdrawal"].facts)
    signs = WITHDRAWAL_SIGNS.search(facts)
    opioids_with_sedatives = "fentanyl" in facts.lower() and "sedative" in facts.lower()
    if signs or opioids_with_sedatives:
        assert case.dimensions["intoxication_withdrawal"].rating >= 2, facts


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_expert_says_what_the_model_asks_for_first(case):
    """Wherever the model asks for something first, the expert's explanation says so."""
    rec = recommend(case.expert_ratings(), adolescent=case.adolescent)
    for first in rec.needs_first:
        phrase = re.sub(r"^(a|an) ", "", first.first.lower())
        assert phrase in case.expert_summary.lower(), (case.id, phrase)
        assert escape(first.says) in case_answer_html(case)


def test_imminent_suicide_risk_is_an_emergency_evaluation_not_a_placement():
    case = load_case("suicidal-thoughts-at-intake")
    rec = recommend(case.expert_ratings())
    assert rec.emergency
    assert "not a level-of-care decision" in case.expert_summary.lower()
    assert "emergency psychiatric evaluation" in case.expert_summary
    assert "TIP50" in case.cite
    shown = recommendation_html(rec)
    assert "no placement yet" in shown and "Emergency first: An emergency psychiatric" in shown
    assert "Expert's decision: no placement yet" in case_answer_html(case)


def test_the_review_and_the_unstable_housing_case_say_why_they_place_alike_situations_differently():
    review = load_review("eleven-weeks-in-care")
    week5 = next(p for p in review.reviews if p.week == 5)
    case = load_case("unstable-housing")
    assert week5.expert == "step-up" and case.expert_level == "3.1"
    assert "recovery residence" in week5.prompt  # the fact that decides it is in view
    assert "unstable-housing" in week5.rationale
    assert any(review.title in point for point in case.teaching_points)
    assert "recovery residence" in (review.weeks[4].note or "")
