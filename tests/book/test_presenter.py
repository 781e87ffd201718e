"""Presenter view: Voilà serves a module notebook, widgets and no code, offline."""

from __future__ import annotations

import socket
import subprocess
import time

import pytest

from tests.book.browser import Traffic, offline_browser, open_offline
from tests.conftest import ROOT
from widgets.book.present import voila_command

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("voila")]

NOTEBOOK = ROOT / "curriculum/01_continuum/01_iop_in_the_continuum.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    port = free_port()
    cmd, env = voila_command(NOTEBOOK, port)
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with log.open("w") as sink:  # a file, not a pipe: an unread pipe would block Voilà
        proc = subprocess.Popen(cmd, env=env, cwd=NOTEBOOK.parent, stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break  # the server accepts connections
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"Voilà did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def test_presenter_view_renders_widgets_without_code_or_network(voila_url):
    traffic = Traffic()
    with offline_browser() as browser:
        page = open_offline(browser, voila_url, traffic, timeout_ms=240000)
        page.wait_for_selector(".widget-dropdown", timeout=90000)
        page.get_by_role("button", name="Add block").click()
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=30000)  # the kernel answered the click
        assert "overlaps Mon 18:00-20:00 Group therapy" in alert.inner_text()
        text = page.inner_text("body")
    assert "Module 1: IOP in the continuum of care" in text
    assert "from widgets" not in text and "ScheduleBuilder()" not in text
    assert traffic.external == [], traffic.external
