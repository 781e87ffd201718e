"""The JupyterHub deployment, as far as it runs here.

The config loads (traitlets' loader, as JupyterHub and TLJH load it), the Zero to
JupyterHub values say the same thing, the start-up command copies the curriculum without
overwriting a learner's files, and a single-user Jupyter server started through that
command on 127.0.0.1 serves a module notebook over its REST API and opens JupyterLab at the
default URL. The hub itself (and its proxy) cannot run here; when the ``jupyterhub``
package is importable, the config's trait names are also checked against its classes.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from widgets.book.lite import toc_notebooks

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("deploy")]

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"


@pytest.fixture(scope="module")
def config():
    return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()


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
    assert "nbgitpuller" not in repr(config)  # content comes from the server, not git-pull
    assert _environment(config) == {"IOP_CURRICULUM_SOURCE": "/srv/iop-curriculum"}


def test_z2jh_values_match_the_config(config, values):
    single = values["singleuser"]
    assert single["cmd"] == list(config.Spawner.cmd)
    assert single["defaultUrl"] == config.Spawner.default_url
    assert single["extraEnv"] == _environment(config)
    kube = values["hub"]["config"]["KubeSpawner"]
    assert kube["notebook_dir"] == config.Spawner.notebook_dir
    assert kube["http_timeout"] == config.Spawner.http_timeout


def test_config_names_are_real_jupyterhub_traits(config, values):
    pytest.importorskip("jupyterhub", reason="jupyterhub is not installed here")
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
    from jupyterhub.spawner import Spawner

    classes = {"JupyterHub": JupyterHub, "Authenticator": Authenticator,
               "SharedPasswordAuthenticator": SharedPasswordAuthenticator,
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
