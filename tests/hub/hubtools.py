"""A real JupyterHub on 127.0.0.1 with the project's configuration, for tests and benchmarks.

:class:`LocalHub` runs ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` with
JupyterHub's own command-line options for what differs on a test machine (free ports on
127.0.0.1, a local-process spawner with a home folder per user under a temporary folder)
and the config's environment variables for the rest (roster, state folder, curriculum,
room port).  ``configurable-http-proxy`` comes from ``node_modules/.bin``.  Stopping it
terminates the hub (which stops the servers it spawned) and then kills every process it
started that is still alive.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests
import websocket

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def password(name: str) -> str:
    """The password each test user sets at their first login."""
    return f"{name}-first-login-pw"


@dataclass
class LocalHub:
    """One JupyterHub, its proxy and room service, all on 127.0.0.1.

    Parameters
    ----------
    folder : Path
        Working folder: the hub's state (database, secrets, room store) and users' homes.
    roster : str
        The ``roster.txt`` text.
    """

    folder: Path
    roster: str
    url: str = ""
    room_port: int = 0
    proc: subprocess.Popen | None = None
    _children: set[int] = field(default_factory=set)

    def start(self, timeout_s: float = 60) -> LocalHub:
        """Start the hub and wait until the room service answers through the proxy."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "roster.txt").write_text(self.roster, encoding="utf-8")
        port, hub_port, api_port, self.room_port = (free_port() for _ in range(4))
        self.url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "IOP_"))}
        bindirs = [str(Path(sys.executable).parent), str(ROOT / "node_modules" / ".bin")]
        env.update(PATH=os.pathsep.join([*bindirs, env.get("PATH", "")]),
                   IOP_HUB_STATE=str(self.folder), IOP_CURRICULUM_SOURCE=str(ROOT),
                   IOP_ROOM_PORT=str(self.room_port), IOP_ROOM_PYTHON=sys.executable,
                   IOP_ROOM_REFRESH_S="1", JUPYTER_PLATFORM_DIRS="1")
        args = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG),
                f"--JupyterHub.bind_url={self.url}",
                f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
                f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}",
                "--JupyterHub.spawner_class=simple",
                f"--SimpleLocalProcessSpawner.home_dir_template={self.folder}/home/{{username}}",
                "--Spawner.ip=127.0.0.1",
                "--JupyterHub.cleanup_servers=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append('--Spawner.args=["--allow-root"]')
        self._log = (self.folder / "hub.log").open("w")
        self.proc = subprocess.Popen(args, cwd=self.folder, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.log()}")
            try:
                # the room service answers through the proxy: the whole stack is up
                if requests.get(f"{self.url}/services/iop-room/api/room",
                                timeout=2).status_code == 403:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the hub did not start in {timeout_s} s:\n{self.log()}")

    def log(self, tail: int = 4000) -> str:
        """The end of the hub's log (hub, proxy, room service, single-user servers)."""
        return (self.folder / "hub.log").read_text(errors="replace")[-tail:]

    def remember_children(self) -> None:
        """Note every process the hub started so far, to kill stragglers in :meth:`stop`."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                kids = psutil.Process(self.proc.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                return
            self._children.update(k.pid for k in kids)

    def stop(self) -> None:
        """Terminate the hub (it stops its servers), then kill whatever is left."""
        if self.proc is None:
            return
        self.remember_children()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pid in self._children:
            try:
                psutil.Process(pid).kill()
            except psutil.NoSuchProcess:
                pass
        self._log.close()
        self.proc = None

    # ------------------------------------------------------------- as a person

    def login(self, name: str, secret: str | None = None) -> requests.Session:
        """A browser-like session logged in through the hub's login form.

        Raises
        ------
        PermissionError
            When the hub refuses the name and password.
        """
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=10)
        reply = session.post(f"{self.url}/hub/login", allow_redirects=False, timeout=30,
                             data={"username": name, "password": secret or password(name),
                                   "_xsrf": session.cookies.get("_xsrf")})
        if reply.status_code != 302:
            raise PermissionError(f"{name}: login refused ({reply.status_code})")
        return session

    def token(self, session: requests.Session, name: str, **body: object) -> str:
        """A new API token of ``name``, made with their logged-in session."""
        reply = session.post(f"{self.url}/hub/api/users/{name}/tokens", json=body,
                             headers={"X-XSRFToken": session.cookies.get("_xsrf", "")},
                             timeout=30)
        reply.raise_for_status()
        return reply.json()["token"]

    def api(self, token: str, method: str, path: str, **kwargs: object) -> requests.Response:
        """A request to ``path`` (below the hub's URL) with ``token``."""
        return requests.request(method, self.url + path, timeout=30,
                                headers={"Authorization": f"token {token}"}, **kwargs)

    def start_server(self, name: str, token: str) -> None:
        """Ask the hub to start ``name``'s server (returns at once)."""
        reply = self.api(token, "POST", f"/hub/api/users/{name}/server")
        if reply.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"{name}: server not started ({reply.status_code}): "
                               f"{reply.text[:300]}")

    def wait_for_server(self, name: str, token: str, timeout_s: float = 60) -> None:
        """Wait until ``name``'s server is ready."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            server = self.api(token, "GET", f"/hub/api/users/{name}").json()["servers"].get("")
            if server and server.get("ready"):
                self.remember_children()
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name}'s server was not ready in {timeout_s} s:\n{self.log()}")


class Kernel:
    """A real kernel in a user's single-user server, driven over its websocket API."""

    def __init__(self, hub: LocalHub, name: str, token: str, notebook: str = "") -> None:
        self.hub, self.name, self.token = hub, name, token
        if notebook:  # a notebook's kernel, as JupyterLab opens it (runs in its folder)
            reply = hub.api(token, "POST", f"/user/{name}/api/sessions",
                            json={"path": notebook, "type": "notebook",
                                  "kernel": {"name": "python3"}})
            reply.raise_for_status()
            self.id = reply.json()["kernel"]["id"]
        else:
            reply = hub.api(token, "POST", f"/user/{name}/api/kernels",
                            json={"name": "python3"})
            reply.raise_for_status()
            self.id = reply.json()["id"]
        ws_url = hub.url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{ws_url}/user/{name}/api/kernels/{self.id}/channels",
            header=[f"Authorization: token {token}"], timeout=60)
        self.session = uuid.uuid4().hex
        hub.remember_children()

    def run(self, code: str, timeout_s: float = 60) -> str:
        """Execute ``code``; returns its stdout, raises with the traceback on an error."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        out: list[str] = []
        error = ""
        replied = idle = False  # the reply (shell) and the last output (iopub) may cross
        deadline = time.monotonic() + timeout_s
        while not (replied and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}'s kernel did not answer in {timeout_s} s")
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                error = "\n".join(content["traceback"])
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        if error:
            raise RuntimeError(error)
        return "".join(out)

    def close(self) -> None:
        """Close the websocket and shut the kernel down."""
        self.ws.close()
        self.hub.api(self.token, "DELETE", f"/user/{self.name}/api/kernels/{self.id}")
