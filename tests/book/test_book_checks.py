"""Knowledge checks in the built book, as a reader meets them in chromium (offline, no
kernel): answer, feedback, running score, kept across a reload, keyboard only, a narrow
phone screen, and readable with JavaScript off."""

from __future__ import annotations

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from tests.conftest import ROOT
from widgets.core.registry import modules, notebook_path

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("learner-book")]

MODULE1 = "curriculum/01_continuum/01_iop_in_the_continuum.html"
Q1 = "#iop-m01-check--adult-hours"


def test_check_answers_scores_and_survives_a_reload(learner_book, tmp_path_factory):
    _, html = learner_book
    traffic = Traffic()
    with serve(html) as base, offline_browser() as browser:
        page = open_offline(browser, f"{base}/{MODULE1}", traffic)
        page.wait_for_selector(".iop-check-live")
        assert page.locator(".iop-check-static").count() == 0  # the readable copy is gone
        assert "kept in this browser" in page.inner_text(".iop-check-note")
        page.check(f"{Q1}--six")
        page.click(f"{Q1} .iop-check-answer")
        feedback = page.inner_text(f"{Q1} .iop-feedback")
        score = page.inner_text(".iop-score")
        page.wait_for_timeout(200)
        announced = page.inner_text(".iop-announce")
        focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
        rechecked = page.is_disabled(f"{Q1} .iop-check-answer")  # until the choice changes
        shot = tmp_path_factory.getbasetemp() / "book-check.png"
        page.locator(Q1).screenshot(path=str(shot))
        page.check(f"{Q1}--nine")
        page.click(f"{Q1} .iop-check-answer")
        right = page.inner_text(f"{Q1} .iop-feedback")
        page.reload()
        page.wait_for_selector(".iop-check-live")
        kept = (page.is_checked(f"{Q1}--nine"), page.inner_text(".iop-score"),
                page.is_visible(f"{Q1} .iop-feedback"))
        page.click(".iop-restart")
        cleared = (page.is_checked(f"{Q1}--nine"), page.inner_text(".iop-score"),
                   page.evaluate("localStorage.getItem('iop-check:v1:m01-check')"))
    assert feedback.startswith("Not quite.")
    assert "B. 6 hours (not correct): Six hours is the threshold for adolescents" in feedback
    assert "The correct answer: C. 9 hours" in feedback and "Also correct" not in feedback
    assert "Source:" in feedback
    assert score == "Score: 0 of 10 correct (1 answered)."
    assert announced.startswith("Score: 0 of 10 correct (1 answered).")
    assert focused == "Feedback on question 1" and rechecked
    assert right.startswith("Correct.") and "The correct answer" not in right
    assert kept == (True, "Score: 1 of 10 correct (1 answered).", True)
    assert cleared == (False, "Score: 0 of 10 correct (0 answered).", None)
    assert traffic.external == [] and traffic.failed == []


def test_every_module_check_works_without_a_kernel(learner_book):
    _, html = learner_book
    with serve(html) as base, offline_browser() as browser:
        for spec in modules():
            path = notebook_path(spec.id).relative_to(ROOT).with_suffix(".html").as_posix()
            page = open_offline(browser, f"{base}/{path}", Traffic())
            page.wait_for_selector(".iop-check-live")
            shown = page.eval_on_selector_all("section[data-iop-check]",
                                              "els => els.map(e => e.dataset.iopCheck)")
            assert shown == [c.check for c in spec.checks], spec.id
            first = page.locator("fieldset.iop-q").first
            first.locator("input").first.check()
            first.locator(".iop-check-answer").click()
            assert first.locator(".iop-feedback").is_visible(), spec.id
            assert "(1 answered)" in page.inner_text(".iop-score"), spec.id
            page.close()


def test_check_works_with_the_keyboard_alone(learner_book):
    _, html = learner_book
    with serve(html) as base, offline_browser() as browser:
        page = open_offline(browser, f"{base}/{MODULE1}", Traffic())
        page.wait_for_selector(".iop-check-live")
        page.focus(f"{Q1}--three")
        page.keyboard.press("ArrowDown")  # radios: arrows move and select
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        page.keyboard.press("Enter")
        feedback = page.inner_text(f"{Q1} .iop-feedback")
        on_feedback = page.evaluate("document.activeElement.getAttribute('aria-label')")
        page.keyboard.press("Tab")
        next_stop = page.evaluate("document.activeElement.id")
        label = page.evaluate(f"document.querySelector('{Q1} .iop-check-answer')"
                              f".textContent")
    assert focused.startswith("Check answer")
    assert label == "Check answer to question 1"  # a name that says which question
    assert feedback.startswith("Correct.")
    assert on_feedback == "Feedback on question 1"  # read out; Tab goes on from there
    assert next_stop.startswith("iop-m01-check--adolescent-hours--")


def test_check_fits_a_390_px_screen(learner_book):
    _, html = learner_book
    with serve(html) as base, offline_browser() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{base}/{MODULE1}")
        page.wait_for_selector(".iop-check-live")
        page.check(f"{Q1}--six")
        page.click(f"{Q1} .iop-check-answer")
        overflow = page.evaluate("""() => [...document.querySelectorAll(
            'section[data-iop-check], section[data-iop-check] *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className)""")
        button = page.locator(f"{Q1} .iop-check-answer").bounding_box()
    assert overflow == []
    assert button["height"] >= 44  # a comfortable touch target


def test_without_javascript_the_check_is_readable(learner_book):
    _, html = learner_book
    with serve(html) as base, offline_browser() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{base}/{MODULE1}")
        questions = page.locator(".iop-check-static .iop-question").count()
        answers = page.locator(".iop-check-static details").count()
        controls = page.locator("section[data-iop-check] input:visible").count()
        context.close()
    assert questions == answers == 10
    assert controls == 0  # no control that would do nothing
