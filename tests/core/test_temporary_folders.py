"""Nothing in the core or the records leaves temporary files or folders behind (issue 16).

Each test runs its work in a child process whose ``TMPDIR`` is an empty folder of its
own, and looks at that folder after the child has exited.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.limits import ROOT

WORK = textwrap.dedent("""
    import sys, tempfile
    from datetime import date
    from pathlib import Path
    work = Path(sys.argv[1])

    from widgets.content import main
    assert main(["check"]) == 0
    (work / "bad.yaml").write_text("kind: [a]\\n")
    assert main(["check", str(work / "bad.yaml")]) == 1

    from widgets.core.registry import knowledge_check_items
    from widgets.core.content import load
    from widgets.progress import (ProgressStore, ProgressStoreError, record_simulation,
                                  set_learner)
    from widgets.progress.certificate import certificate_data, render_pdf
    set_learner("ana", work / "p.sqlite3")
    assert record_simulation("schedule-builder", answer={"hours": 9}).saved
    with ProgressStore(work / "p.sqlite3") as store:
        for item in knowledge_check_items()["m01"]:
            store.record("ana", "m01", item, correct=True, answer=["x"])
        exported = store.export("ana")
        with ProgressStore(work / "copy.sqlite3") as copy:
            assert copy.import_records(exported) > 0
            try:
                copy.import_records("[" * 10000)
            except ProgressStoreError:
                pass
        data = certificate_data("ana", "李小龙", store=store,
                                catalog={"m01": knowledge_check_items()["m01"]},
                                cmap=load("competency-map", "competency-map"),
                                issued=date(2026, 1, 5))
        assert render_pdf(data).startswith(b"%PDF-")

    from widgets.safety import content
    from widgets.safety.model import SafetyPlan
    from widgets.safety.render import plan_pdf
    assert plan_pdf(SafetyPlan(client="محمد"), content.safety_plan_guide())

    from widgets.group_facilitation.content import template
    from widgets.group_facilitation.render import plan_pdf as session_pdf
    assert session_pdf(template("support", "90-minutes", "Группа"))
    print("done", tempfile.gettempdir())
    """)


def _run(code: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TMPDIR=str(tmp), IOP_PROGRESS_DB=str(tmp.parent / "p.sqlite3"),
               IOP_LEARNER_FILE=str(tmp.parent / "learner.json"))
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_content_records_and_pdfs_leave_no_temporary_folder(tmp_path):
    tmp, work = tmp_path / "tmp", tmp_path / "work"
    tmp.mkdir()
    work.mkdir()
    done = _run(WORK, tmp, str(work))
    assert done.returncode == 0 and f"done {tmp}\n" in done.stdout, done.stderr[-3000:]
    assert sorted(tmp.iterdir()) == []


def test_the_test_runs_own_scratch_records_folder_is_removed_at_exit(tmp_path):
    """The repository's conftest.py made a folder per test run and never removed it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    done = _run("import conftest, os; print(os.environ['IOP_PROGRESS_DB'])", tmp)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith(str(tmp / "iop-test-records-"))
    assert sorted(tmp.iterdir()) == []
