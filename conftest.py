"""Every test run (unit tests, and nbval over the notebooks) records into a throw-away
store: a developer's own progress, and who they record as, are never touched."""

import atexit
import os
import shutil
import tempfile

_SCRATCH = tempfile.mkdtemp(prefix="iop-test-records-")
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)  # leave no folder behind
os.environ["IOP_PROGRESS_DB"] = os.path.join(_SCRATCH, "progress.sqlite3")
os.environ["IOP_LEARNER_FILE"] = os.path.join(_SCRATCH, "learner.json")
for name in ("IOP_LEARNER", "JUPYTERHUB_USER"):
    os.environ.pop(name, None)

# The module template has placeholders (``__TITLE__`` ...) until it is copied and filled in
# (tests/core/test_template.py runs a filled-in copy).
collect_ignore_glob = ["curriculum/_template/*"]
