"""JupyterHub config for IOP curriculum workshops: each learner lands in the curriculum.

Works with The Littlest JupyterHub (copy it to ``/opt/tljh/config/jupyterhub_config.d/``)
and with any JupyterHub whose single-user environment was built from ``requirements.txt``
(``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``).  Zero to JupyterHub sets the
same things through ``z2jh-values.yaml`` (a test keeps the two in step).  No nbgitpuller:

- the curriculum sits read-only on the server at ``IOP_CURRICULUM_SOURCE`` (a clone of the
  repository for TLJH; baked into the image for Z2JH), with the environment installed from
  its ``requirements.txt`` (which also installs the ``widgets`` package);
- when a learner's server starts, the notebooks, their YAML content and the bibliography
  are copied into ``~/iop-curriculum`` (files the learner already has are left alone, so
  their work survives restarts and curriculum updates add only new files);
- JupyterLab opens on that copy's ``curriculum/`` folder.

Each learner is one person (``FirstUseAuthenticator``: only names on the roster can log
in, and the first login of a name sets its password; no shared password, no ``allow_all``),
trainers are the JupyterHub group ``trainers`` whose role grants the room service's read
scope and nothing else, and the room service (``widgets.room.service``) runs as a
hub-managed service at ``/services/iop-room/``.  The roster (``roster.txt`` in the hub's
state folder, or ``IOP_HUB_ROSTER``) is required: without it, or without a trainer in it,
the hub refuses to start.  Secrets are made on the server when it first starts (the hub's
cookie secret, the room service's cookie secret, each learner's password hash), never
written here.

Everything machine-specific comes from the environment (``IOP_HUB_STATE``,
``IOP_HUB_ROSTER``, ``IOP_ROOM_PORT``, ``IOP_ROOM_PYTHON``, ``IOP_CURRICULUM_SOURCE``), and
JupyterHub's own command-line options override anything set here (the hub tests run this
file with a local-process spawner on free ports that way).

See ``README.md`` beside this file for the steps.
"""

import os
import re
import shlex
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub's (and traitlets') config loader

#: where the curriculum is on the server (a checkout of the repository)
CURRICULUM_SOURCE = os.environ.get("IOP_CURRICULUM_SOURCE", "/srv/iop-curriculum")
#: each learner's own copy, relative to their home
LEARNER_DIR = "iop-curriculum"
#: what is copied: the module notebooks, the exercises, the content they read, the sources
COPIED = ("curriculum", "exercises", "references.bib")
#: where JupyterLab opens, relative to the learner's copy
START_PATH = "curriculum"

#: the single-user command: copy what is missing, then start the usual server with the
#: arguments the spawner passes ("$@"); ``cp -n`` never overwrites a learner's file
STARTUP = "\n".join([
    'src="${IOP_CURRICULUM_SOURCE:-' + CURRICULUM_SOURCE + '}"',
    f'dest="$HOME/{LEARNER_DIR}"',
    'mkdir -p "$dest"',
    # records are kept under the hub user's name (widgets.progress reads IOP_LEARNER)
    'export IOP_LEARNER="${IOP_LEARNER:-$JUPYTERHUB_USER}"',
    f"for item in {' '.join(shlex.quote(i) for i in COPIED)}; do",
    '  if [ -e "$src/$item" ]; then cp -Rn "$src/$item" "$dest/" 2>/dev/null || true; fi',
    "done",
    'exec jupyterhub-singleuser "$@"',
])
SINGLEUSER_CMD = ["/bin/sh", "-c", STARTUP, "iop-singleuser"]

#: the room service (names shared with ``widgets.room``; a test keeps them equal)
ROOM_SERVICE = "iop-room"
ROOM_PREFIX = f"/services/{ROOM_SERVICE}/"
ROOM_READ_SCOPE = "custom:iop-room:read"
ROOM_ACCESS_SCOPE = f"access:services!service={ROOM_SERVICE}"
TRAINER_GROUP = "trainers"
ROOM_URL = f"http://127.0.0.1:{int(os.environ.get('IOP_ROOM_PORT', '10541'))}"

c.Spawner.cmd = SINGLEUSER_CMD
c.Spawner.notebook_dir = f"~/{LEARNER_DIR}"
c.Spawner.default_url = f"/lab/tree/{START_PATH}"
c.Spawner.environment.update({"IOP_CURRICULUM_SOURCE": CURRICULUM_SOURCE,
                              "IOP_ROOM_URL": ROOM_URL + ROOM_PREFIX})
# Start-up copies files and imports matplotlib once: give it longer than the 60 s default
# when 30 learners log in at the same moment.
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 300


# ---------------------------------------------------------------- who logs in
#: the hub's own files: learners' password hashes, the room's records and cookie secret
STATE_DIR = Path(os.environ.get("IOP_HUB_STATE") or os.getcwd()).resolve()
ROSTER_FILE = Path(os.environ.get("IOP_HUB_ROSTER") or STATE_DIR / "roster.txt")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


def read_roster(path: Path) -> dict[str, list[str]]:
    """``roster.txt``: one user name a line; ``trainer NAME`` and ``admin NAME`` lines.

    Names are lower case letters, digits and ``. _ @ -``.  ``#`` starts a comment.
    Exits with a message (the hub does not start) when the file is missing, a line is
    not understood, or no trainer is named.
    """
    if not path.is_file():
        sys.exit(f"iop: no roster at {path}: write one name a line (and 'trainer NAME' "
                 f"for each trainer), or set IOP_HUB_ROSTER. See deploy/jupyterhub/README.md")
    roster: dict[str, list[str]] = {"learner": [], "trainer": [], "admin": []}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        role, name = ("learner", words[0]) if len(words) == 1 else (words[0].lower(), words[1])
        if role not in roster or len(words) > 2 or not _NAME.match(name):
            sys.exit(f"iop: {path}, line {number}: expected a user name (lower case letters, "
                     f"digits, . _ @ -), 'trainer NAME' or 'admin NAME'; got {line.strip()!r}")
        roster[role].append(name)
    if not roster["trainer"]:
        sys.exit(f"iop: {path} names no trainer ('trainer NAME'): nobody could see the room")
    return roster


ROSTER = read_roster(ROSTER_FILE)
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
# Only the roster's names exist; the first login of a name sets its password.
c.FirstUseAuthenticator.create_users = False
c.FirstUseAuthenticator.min_password_length = 10
c.FirstUseAuthenticator.dbm_path = str(STATE_DIR / "passwords.dbm")
c.Authenticator.allow_all = False
c.Authenticator.allow_existing_users = False  # the roster is the list of who may log in
c.Authenticator.allowed_users = set(ROSTER["learner"] + ROSTER["trainer"])
c.Authenticator.admin_users = set(ROSTER["admin"])

# ---------------------------------------------------------------- trainers and the room
c.JupyterHub.load_groups = {TRAINER_GROUP: {"users": ROSTER["trainer"]}}
c.JupyterHub.custom_scopes = {
    ROOM_READ_SCOPE: {"description": "See the room view and every learner's records in "
                                     "the room service."},
}
c.JupyterHub.load_roles = [
    # every user (and their server's token) may send records to the room service
    {"name": "user", "scopes": ["self", ROOM_ACCESS_SCOPE]},
    # trainers see the room; nothing else beyond a learner's rights
    {"name": "iop-trainer", "description": "Trainers: the room view and learners' records",
     "scopes": [ROOM_READ_SCOPE], "groups": [TRAINER_GROUP]},
    # the service lists the hub's users to know who has not answered yet
    {"name": "iop-room", "description": "The room service: who is in the room",
     "scopes": ["list:users", "read:users:groups"], "services": [ROOM_SERVICE]},
]
# The token in each learner's server (and kernels): its default rights plus sending to the
# room; a trainer's also reads the room (each user gets only the scopes they hold).
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 ROOM_ACCESS_SCOPE, ROOM_READ_SCOPE]

_TLJH_USER_PYTHON = "/opt/tljh/user/bin/python"
ROOM_PYTHON = os.environ.get("IOP_ROOM_PYTHON") or (
    _TLJH_USER_PYTHON if os.path.exists(_TLJH_USER_PYTHON) else sys.executable)
c.JupyterHub.services = [{
    "name": ROOM_SERVICE,
    "url": ROOM_URL,
    "command": [ROOM_PYTHON, "-m", "widgets.room.service"],
    "environment": {"IOP_HUB_STATE": str(STATE_DIR), "IOP_CONTENT_ROOT": CURRICULUM_SOURCE,
                    **{k: os.environ[k] for k in ("IOP_ROOM_DB", "IOP_ROOM_REFRESH_S")
                       if k in os.environ}},
    "oauth_client_allowed_scopes": [ROOM_READ_SCOPE],
    "oauth_no_confirm": True,
    "display": False,  # trainers open /services/iop-room/ (learners would get a 403)
}]
