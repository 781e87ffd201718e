"""Real servers for the journey tests, each on 127.0.0.1 and stopped afterwards:
JupyterLab (the learner's surface) and Voilà (the trainer's presenter view)."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout_s: float = 90, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers (any HTTP status below 500)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback
                if r.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s")


@dataclass
class Lab:
    """A running JupyterLab: its base URL and token."""

    url: str
    token: str
    env: dict[str, str]

    def open(self, path: str) -> str:
        """The URL opening ``path`` (relative to the repository) in JupyterLab."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"


@contextlib.contextmanager
def jupyterlab(env: dict[str, str] | None = None, root_dir: Path = ROOT) -> Iterator[Lab]:
    """JupyterLab serving ``root_dir`` (default: the repository), as a learner starts it."""
    port, token = free_port(), secrets.token_hex(16)
    settings = Path(tempfile.mkdtemp(prefix="iop-lab-"))
    full_env = {**os.environ, **(env or {}),
                "JUPYTERLAB_SETTINGS_DIR": str(settings / "settings"),
                "JUPYTERLAB_WORKSPACES_DIR": str(settings / "workspaces")}
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.token={token}", "--ServerApp.root_dir=" + str(root_dir),
           "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = settings / "jupyterlab.log"
    with log.open("w") as sink:  # a file, not a pipe: an unread pipe would block the server
        proc = subprocess.Popen(cmd, cwd=root_dir, env=full_env, stdout=sink, stderr=sink)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", proc=proc)
        yield Lab(f"http://127.0.0.1:{port}", token, full_env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
