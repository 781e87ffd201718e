"""The JupyterHub deployment, as far as it runs without a hub.

The config loads (traitlets' loader, as JupyterHub and TLJH load it) with a roster and
refuses to load without one, the Zero to JupyterHub values say the same thing (identity,
roles and scopes, the room service, the single-user command), no shared password or
committed secret appears anywhere, every setting is a real JupyterHub trait, the start-up
command copies the curriculum without overwriting a learner's files, and a single-user
Jupyter server started through that command on 127.0.0.1 serves a module notebook over its
REST API and opens JupyterLab at the default URL.  The hub itself runs in
``tests/hub/test_hub.py``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from firstuseauthenticator import FirstUseAuthenticator
from jupyterhub.app import JupyterHub
from jupyterhub.auth import Authenticator
from jupyterhub.spawner import Spawner
from traitlets.config.loader import PyFileConfigLoader

from widgets import room
from widgets.book.lite import toc_notebooks

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("deploy")]

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
ROSTER = "# a workshop\ntrainer tina\nadmin ada\nlea\nleo  # second learner\n"


def _load(roster_path: Path):
    saved = os.environ.get("IOP_HUB_ROSTER")
    os.environ["IOP_HUB_ROSTER"] = str(roster_path)
    try:
        return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    finally:
        if saved is None:
            os.environ.pop("IOP_HUB_ROSTER", None)
        else:
            os.environ["IOP_HUB_ROSTER"] = saved


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    roster = tmp_path_factory.mktemp("roster") / "roster.txt"
    roster.write_text(ROSTER, encoding="utf-8")
    return _load(roster)


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))


def _environment(config) -> dict:
    env = config.Spawner.environment  # a LazyConfigValue merged into the spawner's dict
    return env.get_value({})


def test_config_loads_and_opens_the_curriculum_in_jupyterlab(config):
    spawner = config.Spawner
    assert spawner.default_url == "/lab/tree/curriculum"
    assert spawner.notebook_dir == "~/iop-curriculum"
    assert spawner.cmd[:2] == ["/bin/sh", "-c"]
    assert 'exec jupyterhub-singleuser "$@"' in spawner.cmd[2]
    assert 'IOP_LEARNER="${IOP_LEARNER:-$JUPYTERHUB_USER}"' in spawner.cmd[2]
    assert "nbgitpuller" not in repr(config)  # content comes from the server, not git-pull
    env = _environment(config)
    assert env["IOP_CURRICULUM_SOURCE"] == "/srv/iop-curriculum"
    assert urlparse(env["IOP_ROOM_URL"]).path == f"/services/{room.SERVICE_NAME}/"


def test_one_identity_per_learner_from_the_roster(config):
    assert config.JupyterHub.authenticator_class == "firstuseauthenticator.FirstUseAuthenticator"
    assert config.FirstUseAuthenticator.create_users is False
    assert config.FirstUseAuthenticator.min_password_length >= 10
    assert config.Authenticator.allow_all is False
    assert config.Authenticator.allow_existing_users is False
    assert config.Authenticator.allowed_users == {"tina", "lea", "leo"}
    assert config.Authenticator.admin_users == {"ada"}
    assert config.JupyterHub.load_groups == {room.TRAINER_GROUP: {"users": ["tina"]}}


def test_trainers_get_the_room_and_nothing_more(config):
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert roles["user"]["scopes"] == ["self", room.ACCESS_SCOPE]
    assert roles["iop-trainer"]["scopes"] == [room.READ_SCOPE]
    assert roles["iop-trainer"]["groups"] == [room.TRAINER_GROUP]
    assert roles["iop-room"]["services"] == [room.SERVICE_NAME]
    assert set(config.JupyterHub.custom_scopes) == {room.READ_SCOPE}
    (service,) = config.JupyterHub.services
    assert service["name"] == room.SERVICE_NAME
    assert service["command"][1:] == ["-m", "widgets.room.service"]
    assert service["oauth_client_allowed_scopes"] == [room.READ_SCOPE]
    assert set(config.Spawner.server_token_scopes) == {
        "users:activity!user", "access:servers!server", room.ACCESS_SCOPE, room.READ_SCOPE}


@pytest.mark.parametrize("roster, problem", [
    (None, "no roster"),
    ("lea\nleo\n", "names no trainer"),
    ("trainer tina\nLea Smith\n", "line 2"),
    ("trainer tina\nboss lea\n", "line 2"),
])
def test_the_hub_refuses_to_start_without_a_usable_roster(tmp_path, roster, problem):
    path = tmp_path / "roster.txt"
    if roster is not None:
        path.write_text(roster, encoding="utf-8")
    with pytest.raises(SystemExit, match=problem):
        _load(path)


def test_z2jh_values_match_the_config(config, values):
    single = values["singleuser"]
    assert single["cmd"] == list(config.Spawner.cmd)
    assert single["defaultUrl"] == config.Spawner.default_url
    env, z2jh_env = _environment(config), single["extraEnv"]
    assert set(z2jh_env) == set(env)
    assert z2jh_env["IOP_CURRICULUM_SOURCE"] == env["IOP_CURRICULUM_SOURCE"]
    assert urlparse(z2jh_env["IOP_ROOM_URL"]).path == urlparse(env["IOP_ROOM_URL"]).path
    hub = values["hub"]
    kube = hub["config"]["KubeSpawner"]
    assert kube["notebook_dir"] == config.Spawner.notebook_dir
    assert kube["http_timeout"] == config.Spawner.http_timeout
    assert kube["server_token_scopes"] == list(config.Spawner.server_token_scopes)
    assert hub["config"]["JupyterHub"]["authenticator_class"] == \
        config.JupyterHub.authenticator_class
    assert hub["config"]["JupyterHub"]["custom_scopes"] == dict(config.JupyterHub.custom_scopes)
    for name in ("create_users", "min_password_length"):
        assert hub["config"]["FirstUseAuthenticator"][name] == \
            config.FirstUseAuthenticator[name]
    for name in ("allow_all", "allow_existing_users"):
        assert hub["config"]["Authenticator"][name] == config.Authenticator[name]
    assert set(hub["loadGroups"]) == set(config.JupyterHub.load_groups)
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert set(hub["loadRoles"]) == set(roles)
    for name, role in hub["loadRoles"].items():
        assert {k: v for k, v in role.items()} == {k: v for k, v in roles[name].items()
                                                  if k != "name"}, name
    (service,) = config.JupyterHub.services
    z2jh_service = hub["services"][service["name"]]
    assert z2jh_service["command"][1:] == service["command"][1:]
    assert urlparse(z2jh_service["url"]).port == urlparse(
        z2jh_env["IOP_ROOM_URL"]).port == hub["service"]["extraPorts"][0]["port"]
    for key in ("oauth_client_allowed_scopes", "oauth_no_confirm", "display"):
        assert z2jh_service[key] == service[key], key
    assert set(service["environment"]) <= set(z2jh_service["environment"])


def test_no_shared_password_or_committed_secret():
    text = "\n".join((DEPLOY / name).read_text(encoding="utf-8") for name in
                     ("jupyterhub_config.py", "z2jh-values.yaml", "Dockerfile",
                      "Dockerfile.hub"))
    assert "SharedPassword" not in text and "shared-password" not in text
    assert "allow_all: true" not in text and "allow_all = True" not in text
    for line in text.splitlines():  # nothing that looks like a credential's value
        assert not re.search(r"(password|secret|token)\w*\s*[:=]\s*b?[\"']?[^\s\"'#]{6,}",
                             line, re.IGNORECASE), line


def test_config_names_are_real_jupyterhub_traits(config, values):
    classes = {"JupyterHub": JupyterHub, "Authenticator": Authenticator,
               "FirstUseAuthenticator": FirstUseAuthenticator,
               "Spawner": Spawner, "KubeSpawner": Spawner}  # KubeSpawner's are inherited
    sections = {**{k: dict(v) for k, v in config.items()}, **values["hub"]["config"]}
    for section, traits in sections.items():
        names = classes[section].class_trait_names(config=True)
        assert set(traits) <= set(names), (section, set(traits) - set(names))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shim(folder: Path, body: str) -> Path:
    """A fake ``jupyterhub-singleuser`` on PATH (the real one needs a hub to talk to)."""
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "jupyterhub-singleuser"
    shim.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    shim.chmod(0o755)
    return folder


def _env(home: Path, bindir: Path, source: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IOP_"))}
    env.update(HOME=str(home), PATH=f"{bindir}:{env.get('PATH', '')}",
               IOP_CURRICULUM_SOURCE=str(source), JUPYTER_PLATFORM_DIRS="1")
    return env


def test_startup_copies_the_curriculum_and_keeps_learner_files(config, root, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    bindir = _shim(tmp_path / "bin", 'echo "singleuser $*" > "$HOME/started"')
    env = _env(home, bindir, root)
    notebook = toc_notebooks(root)[0]
    cmd = [*config.Spawner.cmd, "--port=1234"]
    subprocess.run(cmd, env=env, check=True, timeout=60)
    copy = home / "iop-curriculum"
    assert (copy / notebook).is_file()
    assert (copy / "references.bib").is_file()
    assert (home / "started").read_text().strip() == "singleuser --port=1234"
    (copy / notebook).write_text("a learner's edits", encoding="utf-8")
    subprocess.run(cmd, env=env, check=True, timeout=60)
    assert (copy / notebook).read_text(encoding="utf-8") == "a learner's edits"


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_singleuser_server_serves_a_module_notebook(config, root, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    jupyter = Path(sys.executable).with_name("jupyter")
    bindir = _shim(tmp_path / "bin", f'exec "{jupyter}" lab "$@"')
    port, token = _free_port(), secrets.token_hex(16)
    # What the spawner adds: where to listen, and notebook_dir (expanded as singleuser does)
    args = ["--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={config.Spawner.notebook_dir.replace('~', str(home), 1)}",
            f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([*config.Spawner.cmd, *args], env=_env(home, bindir, root),
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/api/status", token)[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.3)
        else:
            pytest.fail("the single-user server did not start:\n"
                        + (tmp_path / "server.log").read_text()[-3000:])
        notebook = toc_notebooks(root)[0].as_posix()
        status, body = _get(f"{base}/api/contents/{notebook}?content=1", token)
        assert status == 200, body[:500]
        model = json.loads(body)
        assert model["type"] == "notebook"
        source = json.loads((root / notebook).read_text(encoding="utf-8"))
        assert len(model["content"]["cells"]) == len(source["cells"])
        status, listing = _get(f"{base}/api/contents/curriculum", token)
        assert status == 200
        assert Path(notebook).parts[1] in {i["name"] for i in json.loads(listing)["content"]}
        status, page = _get(f"{base}{config.Spawner.default_url}", token)
        assert status == 200 and b"JupyterLab" in page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)
