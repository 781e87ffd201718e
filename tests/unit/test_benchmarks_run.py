"""The quick benchmarks still run against today's code (tiny run counts; no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script, args, rows", [
    ("bench_group_facilitation.py", ["--runs", "2", "--json"], 3),
    ("bench_simulator_update.py", ["--runs", "50", "--json"], 5),
])
def test_benchmark_runs_and_reports_every_row(script, args, rows):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert len(report["rows"]) == rows
    assert all(r["p50_ms"] > 0 for r in report["rows"])


def test_progress_benchmark_runs(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_progress.py"),
                           "--records", "50", "--dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "record" in done.stdout.lower()


@pytest.mark.parametrize("script", ["bench_jupyterlab.py", "bench_book_build.py",
                                    "bench_room.py"])
def test_slow_benchmarks_at_least_parse_their_arguments(script):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--help"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_first_widget_benchmark_times_every_module_notebook_in_the_registry():
    done = subprocess.run([sys.executable, "-c", (
        "import json, sys; sys.path.insert(0, 'benchmarks'); import bench_jupyterlab as b; "
        "print(json.dumps(b.module_notebooks()))")],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    notebooks = json.loads(done.stdout)
    expected = sorted(p.relative_to(ROOT).as_posix()
                      for p in ROOT.glob("curriculum/[0-9][0-9]_*/module.yaml"))
    assert len(notebooks) == len(expected) >= 6
    assert all((ROOT / nb).is_file() and nb.endswith(".ipynb") for nb in notebooks)
    assert sorted(str(Path(nb).parent) for nb in notebooks) == [
        str(Path(m).parent) for m in expected]
