"""Module 6's HTML, Markdown and PDF (widgets.safety.render)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from widgets.safety import content, render
from widgets.safety.model import SafetyPlan, review_safety_plan
from widgets.scenarios import ScenarioPlayer, load_scenario

ASQ = content.asq()
GUIDE = content.safety_plan_guide()
PLAN = SafetyPlan(client="Luis", warning_signs=["Feeling like a burden"],
                  internal_coping=["Walk the dog"], social_distraction=["Marta's kitchen"],
                  family_and_friends=["Tomas 555-0110"],
                  professionals_and_agencies=["Program 555-0100"],
                  safe_environment=["Tomas keeps the rifle at his house"])


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_asq_reference_lists_the_questions_and_labels_secondary_and_teaching_rules():
    html = str(render.asq_reference_html(ASQ))
    for q in (*ASQ.questions, ASQ.acuity):
        assert q.text in text(html).replace("&#39;", "'")
    assert html.count("(secondary source)") >= 5
    assert "(our teaching rule)" in html
    assert "<caption>ASQ results and what a counselor does</caption>" in html


def test_every_static_page_shows_every_case_with_its_answer_collapsed():
    cases = content.asq_cases()
    html = str(render.asq_static_html(ASQ, cases, [content.case_triage(c) for c in cases]))
    assert html.count("<details>") == len(cases)
    spec = content.withdrawal_danger()
    wcases = content.withdrawal_danger_cases()
    whtml = str(render.withdrawal_static_html(
        spec, wcases, [content.case_assessment(c, spec) for c in wcases]))
    assert whtml.count("<details>") == len(wcases)
    dspec = content.drug_testing()
    dcases = content.drug_test_cases()
    dhtml = str(render.drug_static_html(
        dspec, dcases, [content.case_interpretations(c, dspec) for c in dcases]))
    assert dhtml.count("<details>") == len(dcases)


def test_case_text_is_escaped_never_injected_as_markup():
    case = content.asq_case("asq-right-now")
    evil = case.model_copy(update={"title": "<script>alert(1)</script>"})
    html = str(render.asq_case_html(evil, ASQ))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_drug_test_table_says_when_a_window_is_not_in_our_sources():
    html = str(render.drug_reference_html(content.drug_testing()))
    assert "not given in our sources" in html  # methadone, oxycodone, amphetamines
    assert "fentanyl, tramadol, buprenorphine" in html


def test_withdrawal_result_names_the_reasons_in_words():
    case = content.withdrawal_danger_case("withdrawal-past-seizure")
    spec = content.withdrawal_danger()
    score, assessment = content.case_assessment(case, spec)
    html = text(str(render.withdrawal_result_html(score, assessment, spec)))
    assert "3 of 10: under the cut-off of 4" in html
    assert "Risk factor: Withdrawal delirium or a withdrawal seizure in the past" in html


@pytest.mark.parametrize(("status", "phrase"), [
    ("withdrawal-stopping-clonazepam", "stops at its first question"),
    ("withdrawal-seizure-in-lobby", "not finished: 2 so far"),
    ("withdrawal-morning-shakes", "4 of 10: high risk"),
])
def test_pawss_text_describes_each_status(status, phrase):
    spec = content.withdrawal_danger()
    score, _ = content.case_assessment(content.withdrawal_danger_case(status), spec)
    assert phrase in render.pawss_text(score, spec)


def test_the_plan_worksheet_always_carries_988_and_the_emergency_line():
    html = str(render.plan_worksheet_html(SafetyPlan(), GUIDE))
    assert "988" in html and GUIDE.emergency.text in html
    assert html.count("____________") == 2 + 2 * 6  # name lines, then two per empty step


def test_plan_notes_use_the_guides_words():
    notes = review_safety_plan(SafetyPlan(safe_environment=["a gun in the closet"]))
    html = str(render.plan_notes_html(notes, GUIDE))
    assert GUIDE.notes["means-without-plan"][:40] in html
    assert "6. Making my surroundings safer" in html


def test_plan_markdown_escapes_markup_and_lists_every_step():
    md = render.plan_markdown(SafetyPlan(warning_signs=["*not* a heading # 1"]), GUIDE)
    assert r"\*not\* a heading \# 1" in md
    assert md.count("\n## ") == 6 and "988" in md


def test_plan_pdf_is_one_page_with_the_plan_and_988():
    data = render.plan_pdf(PLAN, GUIDE)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    words = reader.pages[0].extract_text()
    assert "Tomas keeps the rifle" in words and "988" in words
    assert render.plan_pdf(PLAN, GUIDE) == data  # the same plan, the same bytes


def test_a_plan_too_long_for_one_page_raises_a_clear_error():
    long_plan = SafetyPlan(warning_signs=[f"Warning sign number {i}, " + "word " * 30
                                          for i in range(40)])
    with pytest.raises(render.PlanTooLongError, match="does not fit on one page"):
        render.plan_pdf(long_plan, GUIDE)


def test_overdose_costs_list_each_action_with_its_meter_changes():
    scenario = load_scenario("overdose-response")
    player = ScenarioPlayer(scenario)
    for choice in ("check", "wait-to-be-sure", "call-and-get-kit"):
        player.choose(choice)
    while not player.is_over:
        player.choose(player.choices[0].id)
    html = text(str(render.overdose_costs_html(scenario, player.debrief())))
    assert "breathing -15" in html and "help +50" in html
    assert html.count("poor") >= 1 and "What each action cost or gained" in html
