"""Learner's journey, in a real JupyterLab with a new kernel per notebook.

The progress page -> *Start recording* -> Module 1 in its own kernel says it records,
and an answer there is saved -> the progress page counts it -> with every module
finished, *Make my certificate* gives a PDF naming the learner, with a certificate id
that checks against the records.

JupyterLab serves a copy of the curriculum (JupyterLab saves notebooks it opens), and
records go to a throw-away store.
"""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.book.browser import offline_browser
from tests.journeys.servers import ROOT, jupyterlab
from widgets.core.registry import knowledge_check_items
from widgets.knowledge_check import load_check
from widgets.progress import ProgressStore
from widgets.progress.certificate import verify_certificate

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("jupyterlab")]

LEARNER = "dana-lee"
MODULE_1 = "curriculum/01_continuum/01_iop_in_the_continuum.ipynb"
PROGRESS = "curriculum/progress.ipynb"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the curriculum for JupyterLab to serve, and a store of its own."""
    root = tmp_path_factory.mktemp("learner")
    for name in ("curriculum", "exercises"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "references.bib", root)
    records = root / "records"
    env = {"IOP_PROGRESS_DB": str(records / "progress.sqlite3"),
           "IOP_LEARNER_FILE": str(records / "learner.json"), "IOP_CONTENT_ROOT": str(root)}
    return root, env


@pytest.fixture(scope="module")
def lab(workspace):
    root, env = workspace
    with jupyterlab(env, root_dir=root) as server:
        yield server


def open_notebook(page, lab, path: str) -> None:
    """Open a notebook in JupyterLab, run every cell, wait until the kernel is idle."""
    page.goto(lab.open(path), wait_until="domcontentloaded", timeout=120000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120000)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session",
                           timeout=120000)
    select = page.get_by_role("button", name="Select")  # a kernel dialog may open first
    if select.count():
        select.first.click()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        "(() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext.session && w.sessionContext.session.kernel;"
        " return k && k.status === 'idle' && document.querySelectorAll("
        "'.jp-Notebook .jp-InputPrompt').length > 0 && ![...document.querySelectorAll("
        "'.jp-InputPrompt')].some(p => p.textContent.includes('*')); })()",
        timeout=240000, polling=500)


def test_a_learner_records_in_every_notebook_and_gets_a_certificate(lab, workspace,
                                                                     tmp_path):
    root, env = workspace
    with offline_browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
        page = context.new_page()

        # 1. The progress page: start recording.
        open_notebook(page, lab, PROGRESS)
        page.get_by_placeholder("e.g. your work e-mail or staff number").first.fill(LEARNER)
        page.get_by_role("button", name="Start recording").first.click()
        page.get_by_text(f"Recording as {LEARNER}").first.wait_for(timeout=30000)

        # 2. Module 1 in its own kernel says it records, and saves an answer.
        open_notebook(page, lab, MODULE_1)
        page.get_by_text(f"Recording your answers as {LEARNER}").first.wait_for(timeout=30000)
        check = load_check("m01-check")
        first = check.questions[0]
        right = next(i for i, o in enumerate(first.options) if o.correct)
        question = page.locator(".widget-vbox", has_text="Question 1.").filter(
            has=page.get_by_role("button", name="Check answer")).last
        question.get_by_role("radio").nth(right).check()
        question.get_by_role("button", name="Check answer").click()
        question.get_by_text("Correct.").first.wait_for(timeout=30000)
        question.get_by_text(f"Saved to your progress (learner {LEARNER})").wait_for(
            timeout=30000)
        page.screenshot(path=str(tmp_path / "module-1.png"))

        # 3. The progress page counts it (the learner reopens it: a new kernel).
        open_notebook(page, lab, PROGRESS)
        page.get_by_text(f"Recording as {LEARNER}").first.wait_for(timeout=30000)
        row = page.locator("tr", has_text="Module 1:").first
        total = len(check.questions)
        assert f"1 of {total}" in row.inner_text()

        # 4. Finishing: the other answers (as the learner would give them in each module).
        with ProgressStore(env["IOP_PROGRESS_DB"]) as store:
            for module, items in knowledge_check_items().items():
                for item in items:
                    if item != f"m01-check/{first.id}":
                        store.record(LEARNER, module, item, correct=True, answer=["x"])
        open_notebook(page, lab, PROGRESS)
        page.get_by_label("Name on the certificate").first.fill("Dana Lee")
        page.get_by_role("button", name="Make my certificate").first.click()
        link = page.get_by_role("link", name="download the PDF")
        link.wait_for(timeout=60000)
        with page.expect_download(timeout=60000) as download:
            link.click()
        pdf = Path(download.value.path()).read_bytes()
        page.screenshot(path=str(tmp_path / "progress.png"))
        context.close()

    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Certificate of completion" in text and "Dana Lee" in text
    found = re.search(r"Certificate id: (IOP-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})", text)
    assert found, text[:500]
    with ProgressStore(env["IOP_PROGRESS_DB"]) as store:
        assert verify_certificate(found.group(1), LEARNER, date.today(), store)
        mine = [r for r in store.records(LEARNER) if r.item_id == f"m01-check/{first.id}"]
    assert len(mine) == 1 and mine[0].correct  # the answer given in Module 1's kernel
