"""Continued-stay reviews: stepping and judging (model.continued_stay), rendering (render)."""

from __future__ import annotations

import html as html_text
import xml.etree.ElementTree as ET

import pytest
from markupsafe import escape

from widgets.level_of_care import load_review
from widgets.level_of_care.model import continued_stay as cs
from widgets.level_of_care.model.continued_stay import (
    DECISIONS,
    answer,
    current_review,
    judge,
    start,
    visible_weeks,
)
from widgets.level_of_care.render import (
    TimelineChart,
    review_feedback_html,
    review_static_html,
    timeline_table_html,
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
    page = review_static_html(review)
    assert page.count("<details>") == len(review.reviews) + 1
    first_question = page.index(escape(review.reviews[0].prompt))
    assert page.index(">4</th>") > first_question  # week 4 comes after review 1
    for point in review.reviews:
        assert escape(point.rationale) in page
    assert page.index('<figure class="iop-figure') > page.index(escape(review.reviews[-1].prompt))


def test_feedback_html_says_what_the_expert_chose_when_the_trainee_differs(review):
    text = review_feedback_html(judge(review, 5, "continue"))
    assert "The expert chose: step up to a more intensive level." in text
    assert 'role="status"' in text


SVG = "{http://www.w3.org/2000/svg}"
BLUE, ORANGE, VERMILLION = "#0072B2", "#E69F00", "#D55E00"


def panels(chart: TimelineChart) -> tuple[ET.Element, ET.Element]:
    root = ET.fromstring(chart.html(caption="c"))  # the figure is well-formed
    top, bottom = root.iter(f"{SVG}svg")
    return top, bottom


def attendance_bars(top: ET.Element) -> list[float]:
    """Bar heights in percent, left to right (scale read off the 0 and 100 ticks)."""
    ticks = {t.text: float(t.get("y")) - 4 for t in top.iter(f"{SVG}text")
             if t.get("text-anchor") == "end"}
    per_percent = (ticks["0"] - ticks["100"]) / 100
    bars = sorted((float(r.get("x")), float(r.get("height"))) for r in top.iter(f"{SVG}rect")
                  if r.get("fill") == BLUE)
    return [round(h / per_percent) for _, h in bars]


def test_timeline_chart_hides_weeks_not_yet_reached(review):
    chart = TimelineChart(review)
    chart.update(3)
    top, bottom = panels(chart)
    assert attendance_bars(top) == [75, 100, 100]
    assert "weeks 1 to 3" in chart.alt() and "week 4" not in chart.alt()
    levels = [t.text for t in top.iter(f"{SVG}text") if (t.text or "").startswith("Level ")]
    assert levels == ["Level 2.1"]
    cravings = bottom.find(f"{{*}}path[@stroke='{ORANGE}']").get("d")
    assert cravings.count("L") == 2  # three weeks: two segments
    positive = [p for p in bottom.iter(f"{SVG}polygon") if p.get("fill") == VERMILLION]
    assert len(positive) == 1 + 1  # week 1's test, and the legend's sample
    chart.update(len(review.weeks))
    top, bottom = panels(chart)
    assert attendance_bars(top) == [cs.attendance_percent(w) for w in review.weeks]
    levels = [t.text for t in top.iter(f"{SVG}text") if (t.text or "").startswith("Level ")]
    assert levels == ["Level 2.1", "Level 2.5", "Level 2.1"]
    positive = [p for p in bottom.iter(f"{SVG}polygon") if p.get("fill") == VERMILLION]
    assert len(positive) == sum(w.toxicology == "positive" for w in review.weeks) + 1
    assert "Review points after week(s) 3, 5, 7, 11" in chart.alt()
    with pytest.raises(ValueError, match="cannot show up to week 12"):
        chart.update(len(review.weeks) + 1)


def test_timeline_panels_share_their_weeks_and_mark_every_review(review):
    chart = TimelineChart(review)
    top, bottom = panels(chart)
    for panel in (top, bottom):  # dashed lines after each review week, at the same x
        dashed = [ln for ln in panel.iter(f"{SVG}line") if ln.get("stroke-dasharray") == "6 4"]
        assert len(dashed) == len(review.reviews)
    xs = [[ln.get("x1") for ln in p.iter(f"{SVG}line") if ln.get("stroke-dasharray")]
          for p in (top, bottom)]
    assert xs[0] == xs[1][:len(review.reviews)]
    html = chart.html(caption="c")
    assert f'role="img" aria-label="{html_text.escape(chart.alt(), quote=True)}"' in html
    assert "flex-direction:column" in html and "data:image/png" not in html
