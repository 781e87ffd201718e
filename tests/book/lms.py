"""A test LMS on 127.0.0.1: serves an unpacked SCORM package beside a player page that
runs scorm-again (from npm, pinned in package-lock.json), and keeps every commit the
package's SCO makes, as an LMS would.

The player page (``lms_player.html``) puts a scorm-again ``Scorm12API`` on ``window.API``
and the SCO in an iframe; scorm-again posts each ``LMSCommit`` as JSON to ``/commit``.
Loading the page again starts a new API from the last commit (an LMS resuming an
attempt).  Open it with :func:`tests.book.browser.open_offline`, so nothing but
127.0.0.1 is reachable.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from tests.conftest import ROOT

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
PLAYER = Path(__file__).with_name("lms_player.html")
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
      "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}


@dataclass
class Lms:
    """What the LMS received: every commit's JSON body, in order."""

    base: str
    launch: str
    commits: list[dict] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The player page launching the package's first SCO."""
        return f"{self.base}/lms_player.html?launch={self.launch}"

    @property
    def last(self) -> dict:
        """``cmi`` of the last commit (``{}`` before any)."""
        return self.commits[-1]["cmi"] if self.commits else {}

    def core(self) -> dict:
        """``cmi.core`` of the last commit."""
        return self.last.get("core", {})


def launch_of(package: Path, identifier: str | None = None) -> str:
    """The launch page of a SCO of the package (the first, unless named)."""
    with zipfile.ZipFile(package) as zf:
        tree = ET.fromstring(zf.read("imsmanifest.xml"))
    for res in tree.iterfind(".//cp:resource", NS):
        if identifier is None or res.get("identifier") == f"res-{identifier}":
            return res.get("href")
    raise LookupError(f"no SCO {identifier} in {package}")


@contextlib.contextmanager
def lms(package: Path, folder: Path, identifier: str | None = None) -> Iterator[Lms]:
    """Serve ``package`` (unpacked into ``folder``) inside the test LMS."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "pkg").mkdir(parents=True)
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder / "pkg")
    shutil.copyfile(SCORM_AGAIN, folder / "scorm12.min.js")
    shutil.copyfile(PLAYER, folder / "lms_player.html")
    state = Lms("", launch_of(package, identifier))
    lock = threading.Lock()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _json(self, payload: object) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path.split("?")[0] == "/saved":
                with lock:
                    self._json(state.commits[-1] if state.commits else None)
                return
            super().do_GET()

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"null")
            if self.path.split("?")[0] != "/commit":
                self.send_error(404)
                return
            with lock:
                state.commits.append(body)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._json({"result": True, "errorCode": 0})

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
