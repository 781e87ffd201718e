"""Trainer's journey: the presenter view of every module, as projected in a workshop.

Voilà serves each module notebook (``scripts/present.sh``): finished prose and live
widgets, no code, no raw MyST (no admonition fences, ``{cite}`` or ``{doc}`` roles), no
request off the machine, no console error, and the widgets answer a click.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline
from tests.journeys.servers import free_port, wait_for
from widgets.book.myst_html import raw_myst
from widgets.book.present import voila_command
from widgets.core.registry import modules, notebook_path

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("voila")]

MODULES = [m.id for m in modules()]


@pytest.fixture(params=MODULES)
def presenter(request, tmp_path):
    notebook = notebook_path(request.param)
    port = free_port()
    cmd, env = voila_command(notebook, port)
    log = tmp_path / "voila.log"
    with log.open("w") as sink:  # a file, not a pipe: an unread pipe would block Voilà
        proc = subprocess.Popen(cmd, env=env, cwd=notebook.parent, stdout=sink, stderr=sink)
    try:
        wait_for(f"http://127.0.0.1:{port}/", timeout_s=120, proc=proc)
        yield f"http://127.0.0.1:{port}/", request.param
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_presenter_view_shows_finished_prose_and_answering_widgets(presenter):
    url, module_id = presenter
    traffic = Traffic()
    with offline_browser() as browser:
        page = open_offline(browser, url, traffic, timeout_ms=240000)
        check = page.get_by_role("button", name="Check answer").first
        check.wait_for(timeout=180000)  # every cell has run: the knowledge check is shown
        text = page.inner_text("body")
        check.scroll_into_view_if_needed()
        check.click()  # nothing chosen yet: the kernel answers with a hint
        page.get_by_text("Choose an answer first").first.wait_for(timeout=30000)
        screenshot = page.screenshot(full_page=False)
    assert raw_myst(text) == [], f"{module_id}: raw MyST on the projector: {raw_myst(text)}"
    assert "Training, not clinical guidance" in text
    assert "import " not in text and "from widgets" not in text, "code is shown"
    assert traffic.external == [], f"{module_id}: requests off the machine: {traffic.external}"
    assert traffic.console_errors == [], f"{module_id}: {traffic.console_errors}"
    assert screenshot
