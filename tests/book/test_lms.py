"""Each SCORM package inside a test LMS (scorm-again, headless chromium, offline): the
check answered in the package reaches the LMS as lesson status, score, session time and
suspend data; a relaunch resumes the answers; outside an LMS the package works as the
book does."""

from __future__ import annotations

import json
import math
import re
import zipfile

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline, serve
from tests.book.lms import launch_of, lms
from tests.conftest import ROOT
from widgets.core.registry import module, modules

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("learner-book")]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
NO_LMS_MODULE = "m02"  # a module page without widgets: quick to load


def sco_frame(page):
    """The SCO's frame once its knowledge check is running."""
    page.wait_for_function("window.lmsReady === true", timeout=20000)
    handle = page.wait_for_selector("iframe", timeout=20000)
    frame = handle.content_frame()
    frame.wait_for_selector(".iop-check-live", timeout=30000)
    return frame


def check_data(frame) -> list[dict]:
    """The grading data of every check on the page."""
    return [json.loads(t) for t in frame.eval_on_selector_all(
        "script.iop-check-data", "els => els.map(e => e.textContent)")]


def answer(frame, check: dict, question: dict, right: bool) -> None:
    """Answer one question as a learner does: tick, then press "Check answer"."""
    wrong = [o for o in question["options"] if o not in question["correct"]]
    chosen = question["correct"] if right else wrong[:1]
    box = f"#iop-{check['check']}--{question['id']}"
    for option in chosen:
        frame.check(f"{box}--{option}")
    frame.click(f"{box} .iop-check-answer")


def answer_all(frame, right: bool) -> int:
    """Answer every question of every check; returns how many."""
    count = 0
    for check in check_data(frame):
        for question in check["questions"]:
            answer(frame, check, question, right)
            count += 1
    return count


def settle(page, lms_state, commits: int) -> None:
    """Wait until the LMS has received at least ``commits`` commits."""
    for _ in range(100):
        if len(lms_state.commits) >= commits:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the LMS received {len(lms_state.commits)} commits, "
                         f"expected {commits}")


def _sco_ids() -> list[tuple[str, str]]:
    return [(f"{m.id}.zip", m.id) for m in modules()] + [("course.zip", m.id)
                                                        for m in modules()]


@pytest.mark.parametrize(("name", "sco"), _sco_ids())
def test_each_package_reports_its_check_to_the_lms(scorm_packages, tmp_path, name, sco):
    traffic = Traffic()
    with lms(scorm_packages[name].path, tmp_path / "lms", sco) as lms_state, \
            offline_browser() as browser:
        page = open_offline(browser, lms_state.url, traffic)
        frame = sco_frame(page)
        note = frame.inner_text(".iop-check-note")
        settle(page, lms_state, 1)
        assert lms_state.core()["lesson_status"] == "incomplete"  # launched: incomplete
        data = check_data(frame)
        total = sum(c["total"] for c in data)
        answer(frame, data[0], data[0]["questions"][0], right=True)
        settle(page, lms_state, 2)
        core = lms_state.core()
        suspend = json.loads(lms_state.last["suspend_data"])
    assert "learning management system" in note
    assert core["lesson_status"] == "incomplete"
    assert float(core["score"]["raw"]) == math.floor(10000 / total) / 100
    assert (core["score"]["min"], core["score"]["max"]) == ("0", "100")
    first = data[0]["questions"][0]
    assert suspend["a"] == {data[0]["check"]: {first["id"]: first["correct"]}}
    assert traffic.external == [] and traffic.failed == []


def test_a_passed_check_reports_passed_session_time_and_resumes(scorm_packages, tmp_path):
    traffic = Traffic()
    spec = module(NO_LMS_MODULE)
    with lms(scorm_packages[f"{spec.id}.zip"].path, tmp_path / "lms") as lms_state, \
            offline_browser() as browser:
        page = open_offline(browser, lms_state.url, traffic)
        frame = sco_frame(page)
        answered = answer_all(frame, right=True)
        settle(page, lms_state, answered + 1)
        passed = dict(lms_state.core())
        page.click("#exit")  # the LMS closes the module: the SCO finishes
        settle(page, lms_state, answered + 2)
        finished = dict(lms_state.core())
        calls = [c[0] for c in page.evaluate("window.lmsCalls")]
        # Relaunch: a new API from what the LMS kept; the answers come back.
        page.goto(lms_state.url)
        frame = sco_frame(page)
        score = frame.inner_text(".iop-score")
        checked = frame.eval_on_selector_all("input:checked", "els => els.length")
        feedback = frame.eval_on_selector_all(".iop-feedback:not([hidden])", "els => els.length")
        frame.click(".iop-restart")  # starting again keeps the pass in the LMS
        settle(page, lms_state, answered + 3)
        after_restart = dict(lms_state.core())
        suspend = json.loads(lms_state.last["suspend_data"])
    assert passed["lesson_status"] == "passed" and passed["score"]["raw"] == "100"
    assert calls[-1] == "LMSFinish" and calls[0] == "LMSInitialize"
    assert finished["exit"] == "suspend"
    assert TIMESPAN.match(finished["session_time"]) and finished["session_time"] != "00:00:00"
    assert score == f"Score: {answered} of {answered} correct ({answered} answered)."
    assert feedback == answered and checked >= answered
    assert after_restart["lesson_status"] == "passed" and after_restart["score"]["raw"] == "100"
    assert all(not answers for answers in suspend["a"].values())
    assert traffic.external == [] and traffic.failed == []


def test_a_failed_check_reports_failed(scorm_packages, tmp_path):
    with lms(scorm_packages[f"{NO_LMS_MODULE}.zip"].path, tmp_path / "lms") as lms_state, \
            offline_browser() as browser:
        page = open_offline(browser, lms_state.url, Traffic())
        frame = sco_frame(page)
        data = check_data(frame)
        questions = [(c, q) for c in data for q in c["questions"]]
        for check, question in questions[:-1]:
            answer(frame, check, question, right=False)
        settle(page, lms_state, len(questions))
        before_last = lms_state.core()["lesson_status"]
        answer(frame, *questions[-1], right=False)
        settle(page, lms_state, len(questions) + 1)
        core = lms_state.core()
        shown = frame.inner_text(".iop-pass")
    assert before_last == "incomplete"
    assert core["lesson_status"] == "failed" and core["score"]["raw"] == "0"
    assert shown.startswith("Not passed yet")


def test_a_package_opened_as_plain_files_works_like_the_book(scorm_packages, tmp_path):
    package = scorm_packages[f"{NO_LMS_MODULE}.zip"].path
    with zipfile.ZipFile(package) as zf:
        zf.extractall(tmp_path / "unzipped")
    launch = (tmp_path / "unzipped" / launch_of(package)).as_uri()
    external, errors = [], []
    with offline_browser() as browser:
        page = browser.new_page()
        page.route(re.compile(r"^https?://"), lambda r: (external.append(r.request.url),
                                                         r.abort()))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(launch)
        page.wait_for_selector(".iop-check-live", timeout=20000)
        note = page.inner_text(".iop-check-note")
        data = check_data(page)
        answer(page, data[0], data[0]["questions"][0], right=True)
        page.reload()
        page.wait_for_selector(".iop-check-live", timeout=20000)
        score = page.inner_text(".iop-score")
    assert "kept in this browser" in note
    assert score.startswith("Score: 1 of ") and "(1 answered)" in score
    assert external == []
    # The theme's own "invalid theme mode" message shows on every book page; ours none.
    assert [e for e in errors if "theme mode" not in e] == []


def test_packaged_module_pages_are_accessible_and_error_free(scorm_packages, tmp_path):
    problems = []
    with offline_browser() as browser:
        for spec in modules():
            package = scorm_packages[f"{spec.id}.zip"].path
            with zipfile.ZipFile(package) as zf:
                zf.extractall(tmp_path / spec.id)
            with serve(tmp_path / spec.id) as base:
                traffic = Traffic()
                page = open_offline(browser, f"{base}/{launch_of(package)}", traffic)
                errors = traffic.console_errors  # and uncaught errors, from here on
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.reload()
                page.wait_for_selector(".iop-check-live", timeout=20000)
                page.wait_for_timeout(500)  # the theme's late scripts
                page.add_script_tag(path=str(AXE))
                serious = page.evaluate(
                    "async () => (await axe.run(document, {resultTypes: ['violations']}))"
                    ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
                    ".map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ')))")
                # The theme's own "invalid theme mode" message shows on every book page.
                errors = [e for e in errors if "theme mode" not in e]
                problems += [f"{spec.id}: {p}" for p in
                             serious + errors + traffic.failed + traffic.external]
                page.close()
    assert problems == []
