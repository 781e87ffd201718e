"""Run a piece of Python in a child process with a memory and CPU-time limit.

A test that feeds hostile input (a YAML bomb, a deep document, a huge number) must not
take the test run down with it when the code under test fails to bound its work: the
child gets ``RLIMIT_AS`` (address space) and ``RLIMIT_CPU`` limits, and a wall-clock
timeout, so a regression shows up as a failed test, not as a hung or swapping machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_limited(code: str, *args: str, memory_mb: int = 1024, cpu_s: int = 30,
                timeout_s: float = 90, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``python -c code *args`` under the limits; returns the finished process.

    A child killed by a limit has a negative return code (the signal) or a
    ``MemoryError`` on stderr; past ``timeout_s`` :class:`subprocess.TimeoutExpired` is
    raised.  Callers assert ``returncode == 0``.
    """
    memory = memory_mb * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))

    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          preexec_fn=limit, capture_output=True, text=True,
                          timeout=timeout_s, check=False)


def report(done: subprocess.CompletedProcess) -> str:
    """The child's exit and the tail of its output, for an assertion message."""
    return f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
