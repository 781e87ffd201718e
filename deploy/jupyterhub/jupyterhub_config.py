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

See ``README.md`` beside this file for the steps.
"""

import os
import shlex

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
    f"for item in {' '.join(shlex.quote(i) for i in COPIED)}; do",
    '  if [ -e "$src/$item" ]; then cp -Rn "$src/$item" "$dest/" 2>/dev/null || true; fi',
    "done",
    'exec jupyterhub-singleuser "$@"',
])
SINGLEUSER_CMD = ["/bin/sh", "-c", STARTUP, "iop-singleuser"]

c.Spawner.cmd = SINGLEUSER_CMD
c.Spawner.notebook_dir = f"~/{LEARNER_DIR}"
c.Spawner.default_url = f"/lab/tree/{START_PATH}"
c.Spawner.environment.update({"IOP_CURRICULUM_SOURCE": CURRICULUM_SOURCE})
# Start-up copies files and imports matplotlib once: give it longer than the 60 s default
# when 30 learners log in at the same moment.
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 300
