"""The in-browser engine (static/iop-check.js) on a small page holding one check as the
book renders it (``static_html``), in headless chromium: no book build needed."""

from __future__ import annotations

import json

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from widgets.knowledge_check import load_check
from widgets.knowledge_check.render import ASSETS, browser_data, static_html

pytestmark = pytest.mark.slow

CHECK = load_check("m01-check")
ENTRY = "#iop-m01-check--entry-routes"  # multiple choice: primary, step-down, step-up
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Check</title>
<link rel="stylesheet" href="iop-check.css"><script src="iop-check.js"></script></head>
<body><main>{check}</main></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    (folder / "index.html").write_text(PAGE.format(check=static_html(CHECK)),
                                       encoding="utf-8")
    for asset in ASSETS.iterdir():
        (folder / asset.name).write_bytes(asset.read_bytes())
    with serve(folder) as base, offline_browser() as browser:
        yield base, browser


def _open(site, init_script: str | None = None):
    base, browser = site
    context = browser.new_context()
    if init_script:
        context.add_init_script(init_script)
    traffic = Traffic()
    page = open_offline(context, f"{base}/index.html", traffic)
    page.wait_for_selector(".iop-check-live")
    return context, page, traffic


def test_page_data_is_the_grading_data_of_the_yaml(site):
    context, page, _ = _open(site)
    data = json.loads(page.text_content("script.iop-check-data"))
    context.close()
    assert data == json.loads(json.dumps(browser_data(CHECK, 0.8)))


def test_multiple_choice_names_what_was_missed(site):
    context, page, traffic = _open(site)
    page.check(f"{ENTRY}--primary")
    page.click(f"{ENTRY} .iop-check-answer")
    some = page.inner_text(f"{ENTRY} .iop-feedback")
    page.uncheck(f"{ENTRY}--primary")
    page.check(f"{ENTRY}--only-after-residential")
    page.click(f"{ENTRY} .iop-check-answer")
    none = page.inner_text(f"{ENTRY} .iop-feedback")
    context.close()
    assert some.startswith("Not quite.") and "Also correct:" in some
    assert "B. Stepping down from inpatient" in some.split("Also correct:")[1]
    assert "(correct)" in some and "The correct answers:" not in some
    assert "The correct answers:" in none and "Also correct" not in none
    assert traffic.console_errors == []


def test_checking_without_a_choice_asks_for_one(site):
    context, page, _ = _open(site)
    page.click(f"{ENTRY} .iop-check-answer")
    page.wait_for_timeout(200)
    hint, announced = page.inner_text(f"{ENTRY} .iop-hint"), page.inner_text(".iop-announce")
    hidden = page.is_hidden(f"{ENTRY} .iop-feedback")
    context.close()
    assert hint == announced == "Choose an answer first." and hidden


def test_passing_is_said_at_the_modules_pass_mark(site):
    context, page, _ = _open(site)
    for q in CHECK.questions[:8]:
        for o in q.options:
            if o.correct:
                page.check(f"#iop-m01-check--{q.id}--{o.id}")
        page.click(f"#iop-m01-check--{q.id} .iop-check-answer")
    passed = page.inner_text(".iop-pass")
    context.close()
    assert passed == "Passed: 8 of 10 correct reaches the pass mark of 8."


def test_stored_answers_that_no_longer_fit_are_ignored(site):
    stale = json.dumps({"answers": {"adult-hours": ["nine"], "evidence": ["gone"],
                                    "core-service": ["group", "medication"],
                                    "removed-question": ["x"]}})
    context, page, _ = _open(site, f"localStorage.setItem('iop-check:v1:m01-check', "
                                   f"{json.dumps(stale)});")
    score = page.inner_text(".iop-score")
    context.close()
    assert score == "Score: 1 of 10 correct (1 answered)."


def test_a_browser_that_refuses_storage_is_told_answers_will_not_last(site):
    context, page, traffic = _open(site, "Storage.prototype.setItem = function () {"
                                         " throw new Error('blocked'); };")
    note = page.inner_text(".iop-check-note")
    page.check("#iop-m01-check--adult-hours--nine")
    page.click("#iop-m01-check--adult-hours .iop-check-answer")
    score = page.inner_text(".iop-score")
    context.close()
    assert "lost when you leave" in note
    assert score == "Score: 1 of 10 correct (1 answered)."
    assert traffic.console_errors == []


def test_check_answer_waits_for_a_new_choice(site):
    context, page, _ = _open(site)
    button = "#iop-m01-check--adult-hours .iop-check-answer"
    page.check("#iop-m01-check--adult-hours--six")
    page.click(button)
    after_check = page.is_disabled(button)
    page.check("#iop-m01-check--adult-hours--nine")
    after_change = page.is_enabled(button)
    page.click(button)
    page.click(".iop-restart")
    after_restart = page.is_enabled(button)
    context.close()
    assert after_check and after_change and after_restart
