"""The kernel side: a click never fails or hangs on the network, and nothing is lost."""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
import time

import pytest

from widgets import progress
from widgets.progress import sync as client
from widgets.room.service import load_or_create_secret


@pytest.fixture
def on_a_hub(monkeypatch, learner_records):
    """The kernel environment JupyterHub gives, for the learner ``learner-test``."""
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "a-token-from-the-hub")
    monkeypatch.setenv("JUPYTERHUB_USER", "learner-test")
    monkeypatch.setattr(client, "_retry", None)
    monkeypatch.setattr(client, "_RETRY_FIRST_S", 3600.0)  # no retry during the test
    return learner_records


def test_off_the_hub_forward_does_nothing(learner_records, monkeypatch):
    monkeypatch.delenv("IOP_ROOM_URL", raising=False)
    recorder = progress.session_recorder()
    recorder("m01", "m01-check/adult-hours", True, ["nine"])
    assert len(learner_records()) == 1
    assert client.forward(learner_records()[0]).state == "off"
    with pytest.raises(RuntimeError, match="IOP_ROOM_URL"):
        client.fetch_room_exports()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_with_the_service_down_the_answer_is_kept_and_pending(on_a_hub, monkeypatch):
    monkeypatch.setenv("IOP_ROOM_URL", f"http://127.0.0.1:{_closed_port()}/services/iop-room/")
    recorder = progress.session_recorder()
    recorder("m01", "m01-check/adult-hours", True, ["nine"])  # must not raise
    status = client.last_status()
    assert status.state == "pending" and status.pending == 1
    assert "not reachable" in status.message
    assert [r.item_id for r in on_a_hub()] == ["m01-check/adult-hours"]
    assert [r.uid for r in client.pending()] == [r.uid for r in on_a_hub()]
    recorder("m01", "m01-check/level-number", True, ["two-one"])  # retry pending: no wait
    assert client.last_status().pending == 2


def test_a_service_that_never_answers_cannot_hang_a_click(on_a_hub, monkeypatch):
    with socket.socket() as silent:  # accepts connections, never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        monkeypatch.setenv("IOP_ROOM_URL",
                           f"http://127.0.0.1:{silent.getsockname()[1]}/services/iop-room/")
        start = time.monotonic()
        progress.session_recorder()("m01", "m01-check/adult-hours", False, ["six"])
        took = time.monotonic() - start
    assert took < client.TIMEOUT_S + 2
    assert client.last_status().state == "pending"
    assert len(on_a_hub()) == 1


def test_records_of_another_learner_are_never_sent(on_a_hub, monkeypatch):
    monkeypatch.setenv("IOP_ROOM_URL", f"http://127.0.0.1:{_closed_port()}/services/iop-room/")
    monkeypatch.setenv("JUPYTERHUB_USER", "someone-else")
    progress.session_recorder()("m01", "m01-check/adult-hours", True, ["nine"])
    assert client.forward(on_a_hub()[0]).state == "off"


def test_the_cookie_secret_is_made_private_and_a_readable_one_is_refused(tmp_path):
    path = tmp_path / "state" / "iop-room-cookie-secret"
    secret = load_or_create_secret(path)
    assert len(secret) == 64 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == secret
    path.chmod(0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        load_or_create_secret(path)


def test_the_room_package_imports_no_widgets_ui_or_topic_model():
    code = ("import sys, widgets.room.service, widgets.progress.sync, widgets.room.store, "
            "widgets.room.summary\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', "
            "'IPython') or (m.startswith('widgets.') and not m.startswith(('widgets.room', "
            "'widgets.progress', 'widgets.core'))))\nprint(bad)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"
