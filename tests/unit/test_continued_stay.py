"""Continued-stay reviews (widgets.continued_stay): stepping, judging and rendering."""

from __future__ import annotations

from html import escape

import pytest

from widgets import continued_stay as cs
from widgets.continued_stay import (
    DECISIONS,
    TimelineChart,
    answer,
    current_review,
    judge,
    load_review,
    start,
    static_html,
    timeline_table_html,
    visible_weeks,
)

REVIEW_ID = "eleven-weeks-in-care"


@pytest.fixture(scope="module")
def review():
    return load_review(REVIEW_ID)


def test_review_follows_one_client_over_8_to_12_weeks_with_every_decision(review):
    assert 8 <= len(review.weeks) <= 12
    assert {p.expert for p in review.reviews} == set(DECISIONS)
    assert review.label == "Fictional teaching case"


def test_every_week_reports_attendance_toxicology_cravings_housing_and_mood(review):
    for week in review.weeks:
        assert week.attendance.scheduled >= 1
        assert week.toxicology in {"negative", "positive", "not-collected"}
        assert 0 <= week.cravings <= 10
        assert week.housing and week.mood


@pytest.mark.parametrize("choice", DECISIONS)
def test_judge_returns_the_feedback_written_for_the_choice(review, choice):
    point = review.reviews[0]
    result = judge(review, point.week, choice)
    assert result.feedback == point.feedback[choice]
    assert result.agrees == (choice == point.expert)
    assert result.rationale == point.rationale
    assert result.cite == tuple(point.cite)


def test_judge_raises_value_error_when_the_decision_is_unknown(review):
    with pytest.raises(ValueError, match="unknown decision 'discharge'"):
        judge(review, 3, "discharge")


def test_judge_raises_value_error_when_there_is_no_review_that_week(review):
    with pytest.raises(ValueError, match="no review at week 4; reviews are at weeks 3, 5, 7, 11"):
        judge(review, 4, "continue")


def test_state_moves_through_every_review_point_in_order(review):
    state = start(review)
    assert [w.week for w in visible_weeks(state, review)] == [1, 2, 3]
    seen = []
    while (point := current_review(state, review)) is not None:
        seen.append(point.week)
        state, result = answer(state, review, point.expert)
        assert result.agrees
    assert seen == [3, 5, 7, 11]
    assert cs.agreement(state, review) == (4, 4)
    assert len(visible_weeks(state, review)) == len(review.weeks)


def test_agreement_counts_only_matching_decisions(review):
    state = start(review)
    state, _ = answer(state, review, "continue")
    state, result = answer(state, review, "continue")
    assert not result.agrees and result.expert == "step-up"
    assert cs.agreement(state, review) == (1, 2)
    assert [w.week for w in visible_weeks(state, review)][-1] == 7


def test_answer_raises_value_error_when_every_review_is_answered(review):
    state = start(review)
    for point in review.reviews:
        state, _ = answer(state, review, point.expert)
    with pytest.raises(ValueError, match="has been answered"):
        answer(state, review, "continue")


def test_answer_raises_value_error_when_state_belongs_to_another_review(review):
    with pytest.raises(ValueError, match="belongs to review 'other'"):
        answer(cs.ReviewState("other"), review, "continue")


def test_timeline_table_shows_only_the_weeks_asked_for(review):
    table = timeline_table_html(review, 5, from_week=4)
    assert "weeks 4 to 5" in table
    assert table.count('<th scope="row">') == 2
    assert "Tested positive (alcohol, on a breath test)" in table
    assert "Review point." in table


def test_static_html_puts_each_decision_in_a_collapsed_block_after_its_weeks(review):
    page = static_html(review, figure="<figure>chart</figure>")
    assert page.count("<details>") == len(review.reviews) + 1
    first_question = page.index(escape(review.reviews[0].prompt))
    assert page.index(">4</th>") > first_question  # week 4 comes after review 1
    for point in review.reviews:
        assert escape(point.rationale) in page
    assert page.index("<figure>chart</figure>") > page.index(escape(review.reviews[-1].prompt))


def test_feedback_html_says_what_the_expert_chose_when_the_trainee_differs(review):
    text = judge(review, 5, "continue").html()
    assert "The expert chose: step up to a more intensive level." in text
    assert 'role="status"' in text


def test_timeline_chart_hides_weeks_not_yet_reached(review):
    chart = TimelineChart(review)
    chart.update(3)
    heights = [bar.get_height() for bar in chart._bars]
    assert heights[:3] == [75, 100, 100] and heights[3:] == [0.0] * (len(review.weeks) - 3)
    assert "weeks 1 to 3" in chart.alt() and "week 4" not in chart.alt()
    assert [t.get_visible() for _, t in chart._level_text] == [True, False, False]
    chart.update(len(review.weeks))
    assert "Review points after week(s) 3, 5, 7, 11" in chart.alt()
