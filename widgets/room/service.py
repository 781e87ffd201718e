"""The room service: a hub-managed JupyterHub service that shows the trainer the room.

Run by JupyterHub (``python -m widgets.room.service``, see
``deploy/jupyterhub/jupyterhub_config.py``), under ``/services/iop-room/``:

``POST api/records``
    A learner's kernel sends its records, as the JSON document
    :meth:`widgets.progress.ProgressStore.export` writes, with the token JupyterHub gave
    the learner's server.  Only that learner's own records are accepted (403 otherwise);
    records already stored (same ``uid``) are not stored twice.  The reply lists every
    ``uid`` the room now holds from the batch, so the kernel can stop re-sending them.
``GET api/records/<learner>``
    One learner's records, as an export document: for that learner, or a trainer.
``GET api/records``
    Every learner's export document (trainers): what the cohort dashboard reads.
``GET`` (the service's root), ``GET fragment``, ``GET api/room``
    The room view (HTML, refreshing itself), its live part, and the same numbers as
    JSON: for trainers only (403 for learners).

Who may do what is JupyterHub's RBAC: every hub user (and their server's token) holds
``access:services!service=iop-room``; trainers hold the custom scope
``custom:iop-room:read`` (through the ``trainers`` group's role).  Browsers log in with
the hub's OAuth (:class:`jupyterhub.services.auth.HubOAuth`); kernels send a token.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import stat
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jupyterhub.services.auth import (
    HubOAuth,
    HubOAuthCallbackHandler,
    HubOAuthenticated,
    UserNotAllowed,
)
from tornado import web
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from widgets.core.render import render
from widgets.progress import ProgressStoreError, parse_export
from widgets.room import READ_SCOPE, SERVICE_NAME, TRAINER_GROUP
from widgets.room.store import RoomStore
from widgets.room.summary import ModulePlan, RoomSummary, plans_by_module, room_summary

__all__ = ["ROOMS_FORMAT", "Room", "load_or_create_secret", "load_plans", "main", "make_app"]

log = logging.getLogger("iop-room")
ROOMS_FORMAT = "iop-room-exports"
#: largest request body accepted (a batch of a few thousand records)
MAX_BODY = 2 * 1024 * 1024
_ROSTER_TTL_S = 15.0


def load_plans(root: Path | None = None) -> dict[str, ModulePlan]:
    """Each module's knowledge checks and simulations, from the module registry."""
    from widgets.core.content import load_kind
    from widgets.core.registry import modules

    checks = load_kind("knowledge-check", root)
    sims: dict[str, list[str]] = {}
    check_modules: dict[str, str] = {}
    for module in modules(root):
        sims[module.id] = [s.id for s in module.simulations]
        check_modules.update({c.check: module.id for c in module.checks})
    return plans_by_module(checks, sims, check_modules)


def load_or_create_secret(path: Path) -> bytes:
    """The cookie secret in ``path``, made (64 random hex digits, mode 0600) when absent.

    Raises
    ------
    PermissionError
        When the file can be read by others than its owner: the service refuses to
        start rather than use a secret that may have leaked.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise PermissionError(f"{path} is readable by others (mode {mode:o}); "
                              f"run `chmod 600 {path}` or delete it to make a new one")
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise PermissionError(f"{path} holds no usable secret; delete it to make a new one")
    return text.encode()


class Room:
    """What the handlers share: the store, the hub's auth, the plans and the roster."""

    def __init__(self, store: RoomStore, hub_auth: HubOAuth,
                 plans: Mapping[str, ModulePlan], refresh_s: float = 3.0) -> None:
        self.store = store
        self.hub_auth = hub_auth
        self.plans = dict(plans)
        self.refresh_s = refresh_s
        self._roster: tuple[str, ...] = ()
        self._roster_at = 0.0

    async def roster(self) -> tuple[str, ...]:
        """The hub's users but trainers and admins (cached; the last list on errors)."""
        if time.monotonic() - self._roster_at < _ROSTER_TTL_S:
            return self._roster
        url = self.hub_auth.api_url.rstrip("/") + "/users?limit=1000"
        try:
            reply = await AsyncHTTPClient().fetch(
                url, headers={"Authorization": f"token {self.hub_auth.api_token}"},
                request_timeout=5)
            users = json.loads(reply.body)
            users = users["items"] if isinstance(users, dict) else users
            self._roster = tuple(sorted(
                u["name"] for u in users if u.get("kind", "user") == "user"
                and not u.get("admin") and TRAINER_GROUP not in u.get("groups", [])))
        except (OSError, HTTPClientError, ValueError, KeyError) as exc:
            log.warning("could not list the hub's users (%s); using the last roster", exc)
        self._roster_at = time.monotonic()
        return self._roster

    def modules(self) -> tuple[str, ...]:
        """Modules with content or records, in order."""
        return tuple(sorted({*self.plans, *self.store.modules()}))

    async def summary(self, module: str | None) -> RoomSummary:
        """The room view of ``module`` (default: the module answered most recently)."""
        modules = self.modules()
        if module is None:
            recent = self.store.modules()
            module = recent[0] if recent else (modules[0] if modules else "m01")
        elif module not in modules:
            raise web.HTTPError(404, f"no module {module!r}; the room knows "
                                     f"{', '.join(modules) or 'none yet'}")
        plan = self.plans.get(module, ModulePlan(module))
        return room_summary(self.store.records(module=module), await self.roster(), plan,
                            modules)


class _Handler(HubOAuthenticated, web.RequestHandler):
    """Identifies the hub user (token or OAuth cookie) without blocking the loop."""

    api = True

    def initialize(self, room: Room) -> None:
        self.room = room
        self.hub_auth = room.hub_auth

    async def prepare(self) -> None:
        model = await self.hub_auth.get_user(self, sync=False)
        if model is not None:
            try:
                model = self.check_hub_user(model)
            except UserNotAllowed:  # no access to this service at all
                model = None
        self.current_user = model

    def user(self) -> dict[str, Any]:
        """The hub user, or 403 (an API is never redirected to a login page)."""
        if not self.current_user:
            raise web.HTTPError(403, "log in to the hub, or send your server's token")
        return self.current_user

    def is_trainer(self) -> bool:
        """Whether the user (or token) holds the room's read scope."""
        user = self.current_user
        return bool(user) and bool(self.hub_auth.check_scopes({READ_SCOPE}, user))

    def trainer(self) -> dict[str, Any]:
        """The user if a trainer, else 403."""
        user = self.user()
        if not self.is_trainer():
            raise web.HTTPError(403, "the room is for trainers; learners see their own "
                                     "results in their notebooks")
        return user

    def send_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None))[1]
        message = (exc.log_message if isinstance(exc, web.HTTPError) and exc.log_message
                   else self._reason)
        if self.api:
            self.send_json({"error": message, "status": status_code}, status_code)
        else:
            self.set_header("Cache-Control", "no-store")
            hub = os.environ.get("JUPYTERHUB_BASE_URL", "/").rstrip("/") + "/hub/home"
            self.finish(render("room/error.html.j2", status=status_code, message=message,
                               hub_home=hub))


class RecordsHandler(_Handler):
    """``api/records``: learners send theirs (POST); trainers read everyone's (GET)."""

    async def post(self) -> None:
        user = self.user()
        if not getattr(self, "_token_authenticated", False):
            raise web.HTTPError(403, "send records with your server's token")
        try:
            learner, records = parse_export(self.request.body)
        except ProgressStoreError as exc:
            raise web.HTTPError(400, str(exc)) from None
        if user.get("kind", "user") != "user" or learner != user["name"]:
            raise web.HTTPError(403, f"{user['name']} can only send their own records, "
                                     f"not those of {learner!r}")
        added = self.room.store.add(records)
        self.send_json({"learner_id": learner, "added": added,
                        "stored": [r.uid for r in records]})

    async def get(self) -> None:
        self.trainer()
        store = self.room.store
        self.send_json({"format": ROOMS_FORMAT,
                        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
                        "exports": [store.export(name) for name in store.learners()]})


class LearnerRecordsHandler(_Handler):
    """``api/records/<learner>``: the learner themself, or a trainer."""

    async def get(self, learner: str) -> None:
        user = self.user()
        if learner != user.get("name") and not self.is_trainer():
            raise web.HTTPError(403, f"{user.get('name')} cannot read the records of "
                                     f"another learner")
        self.send_json(self.room.store.export(learner))


class RoomJSONHandler(_Handler):
    """``api/room``: the room view's numbers as JSON (trainers)."""

    async def get(self) -> None:
        self.trainer()
        summary = await self.room.summary(self.get_argument("module", None))
        self.send_json(summary_json(summary))


class RoomPageHandler(_Handler):
    """The room view (trainers): the page, or (``fragment``) its live part."""

    api = False

    def initialize(self, room: Room, fragment: bool = False) -> None:  # type: ignore[override]
        super().initialize(room)
        self.fragment = fragment

    async def get(self) -> None:
        if not self.current_user and not self.fragment:  # a browser: log in with the hub
            self.redirect(self.get_login_url())
            return
        self.trainer()  # the live part is fetched by the page: 403, never a redirect loop
        summary = await self.room.summary(self.get_argument("module", None))
        template = "room/room_items.html.j2" if self.fragment else "room/room.html.j2"
        self.set_header("Cache-Control", "no-store")
        self.finish(render(template,
            room=summary, refresh_ms=int(self.room.refresh_s * 1000),
            updated=datetime.now().strftime("%H:%M:%S"), trainer=self.current_user["name"],
            xsrf=self.xsrf_token.decode()))


def summary_json(summary: RoomSummary) -> dict[str, Any]:
    """A room summary as JSON, with each item's shares."""
    data = asdict(summary)
    for item, raw in zip(summary.items, data["items"], strict=True):
        raw["share_correct_first"] = item.share_correct_first
        raw["share_correct_now"] = item.share_correct_now
    return data


def make_app(room: Room, prefix: str, cookie_secret: bytes) -> web.Application:
    """The tornado application, with every route under the service's URL ``prefix``."""
    prefix = "/" + prefix.strip("/") + "/"
    args = {"room": room}
    return web.Application([
        (prefix + "oauth_callback", HubOAuthCallbackHandler),
        (prefix + "api/records", RecordsHandler, args),
        (prefix + r"api/records/([^/]+)", LearnerRecordsHandler, args),
        (prefix + "api/room", RoomJSONHandler, args),
        (prefix + "fragment", RoomPageHandler, {**args, "fragment": True}),
        (prefix.rstrip("/") + "/?", RoomPageHandler, args),
    ], cookie_secret=cookie_secret, xsrf_cookies=False, hub_auth=room.hub_auth)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the service as JupyterHub configures it (environment variables)."""
    logging.basicConfig(level=logging.INFO, format="[%(levelname)s %(name)s] %(message)s")
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    state = Path(os.environ.get("IOP_HUB_STATE") or ".")
    secret_file = Path(os.environ.get("IOP_ROOM_COOKIE_SECRET_FILE")
                       or state / "iop-room-cookie-secret")
    try:
        cookie_secret = load_or_create_secret(secret_file)
    except PermissionError as exc:
        print(f"iop-room: not starting: {exc}", file=sys.stderr)
        return 2
    store = RoomStore(os.environ.get("IOP_ROOM_DB") or state / "iop-room.sqlite3")
    # the one HubOAuth of the process: the OAuth callback handler uses it too
    room = Room(store, HubOAuth.instance(cache_max_age=300), load_plans(),
                float(os.environ.get("IOP_ROOM_REFRESH_S", "3")))
    server = HTTPServer(make_app(room, prefix, cookie_secret), max_body_size=MAX_BODY,
                        xheaders=True)
    server.listen(url.port, os.environ.get("IOP_ROOM_BIND_IP") or url.hostname)
    log.info("room service on %s (records in %s)", url.geturl(), store.path)
    IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
