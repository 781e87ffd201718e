"""Benchmark Module 4's simulators: the time of one update (model + figure), p50 and p95.

    python benchmarks/bench_simulator_update.py [--runs 100] [--json] [--check]

One update is what a learner triggers by moving one control: the view's observer
recomputes the model, redraws the figure (in place) and re-encodes it as the HTML the
widget shows.  Each simulator is driven as in the widget tests, by setting a private
control's ``value``; every run uses a different value, so nothing is served from a cache.

Baseline, in the same process and run: rendering an *empty* matplotlib figure of the same
size at 80 dpi through :func:`widgets.core.figures.figure_html`, the floor of any update drawn
as a PNG on this machine (how these simulators were drawn before they wrote inline SVG,
:mod:`widgets.core.svg_chart`).  The ratio to it is comparable across machines; the absolute
times are not.
Goal (issue 6): p95 below 30 ms for every simulator.  ``--check`` exits 1 if one misses it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from itertools import cycle

import matplotlib
import numpy as np

from widgets.core.figures import figure_html, new_figure
from widgets.pharmacology.view import DosingExplorer, ReceptorExplorer
from widgets.withdrawal.view import ciwa_ar_form, cows_form

GOAL_P95_MS = 30.0
WARMUP = 5
DPI = 80
"""Resolution of the PNG baseline (the simulators' figures were drawn at 80 dpi)."""


def _time(step: Callable[[], None], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``step()`` over ``runs`` calls, after warm-up.

    CPU time (this thread's) is what the update itself costs; on a busy machine the wall
    time also includes waiting for a core.
    """
    for _ in range(WARMUP):
        step()
    gc.collect()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        step()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _setter(control, values) -> Callable[[], None]:
    it = cycle(values)

    def step() -> None:
        control.value = next(it)

    return step


def baseline(width: float, height: float) -> Callable[[], None]:
    """Render an empty figure of the given size at the simulators' resolution."""
    fig = new_figure(width, height)

    def step() -> None:
        with matplotlib.rc_context({"savefig.dpi": DPI}):
            figure_html(fig, alt="empty")

    return step


def simulators() -> dict[str, tuple[Callable[[], None], tuple[float, float] | None]]:
    """Each simulator's one-update step, and its figure size (None: no figure)."""
    receptor = ReceptorExplorer()
    dosing = DosingExplorer()
    cows = cows_form(recorder=None)
    ciwa = ciwa_ar_form(recorder=None)
    ciwa.rate(**dict.fromkeys(ciwa.scale.items, 1))
    size_r, size_d = (8.0, 3.6), (9.0, 3.3)  # the sizes of their former matplotlib figures
    return {
        "receptor explorer: full agonist slider": (
            _setter(receptor._bound, list(range(0, 96, 5)) + list(range(90, 0, -5))), size_r),
        "receptor explorer: ceiling slider": (
            _setter(receptor._activity, list(np.round(np.arange(0.1, 0.91, 0.05), 2))),
            size_r),
        "dosing explorer: half-life slider": (
            _setter(dosing._half_life, list(range(8, 60)) + list(range(58, 8, -1))), size_d),
        "COWS form: one item rated": (
            _setter(cows._items["resting_pulse"], [0, 1, 2, 4, None]), None),
        "CIWA-Ar form: band set changed": (
            _setter(ciwa._bands, ["va-paws", "asam-2020"]), None),
    }


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) of the samples."""
    return float(np.percentile(samples, q))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="timed updates per simulator "
                                                                "(at least 50)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if a simulator's p95 is {GOAL_P95_MS:g} ms or more")
    args = parser.parse_args(argv)
    if args.runs < 50:
        parser.error("--runs must be at least 50")

    rows = []
    baselines: dict[tuple[float, float], tuple[list[float], list[float]]] = {}
    load_before = os.getloadavg()[0]
    for name, (step, size) in simulators().items():
        wall, cpu = _time(step, args.runs)
        row = {"simulator": name, "runs": args.runs, "p50_ms": percentile(wall, 50),
               "p95_ms": percentile(wall, 95), "mean_ms": statistics.fmean(wall),
               "cpu_p50_ms": percentile(cpu, 50), "cpu_p95_ms": percentile(cpu, 95)}
        if size is not None:
            if size not in baselines:
                baselines[size] = _time(baseline(*size), args.runs)
            base, base_cpu = baselines[size]
            row.update(baseline_p50_ms=percentile(base, 50), baseline_p95_ms=percentile(base, 95),
                       ratio_p50=row["p50_ms"] / percentile(base, 50),
                       ratio_p95=row["p95_ms"] / percentile(base, 95),
                       cpu_ratio_p50=row["cpu_p50_ms"] / percentile(base_cpu, 50))
        row["goal_met"] = row["p95_ms"] < GOAL_P95_MS
        rows.append(row)
    load = max(load_before, os.getloadavg()[0])
    cores = os.cpu_count() or 1

    if args.json:
        print(json.dumps({"load_average": load, "cores": cores, "rows": rows}, indent=2))
    else:
        print(f"One simulator update (model + figure), {args.runs} runs each; baseline: an "
              f"empty matplotlib figure (PNG) of the same size at {DPI} dpi. Goal: p95 < "
              f"{GOAL_P95_MS:g} ms (wall clock).")
        print(f"{'simulator':40} {'p50':>6} {'p95':>6} {'cpu50':>6} {'cpu95':>6} "
              f"{'base50':>6} {'base95':>6} {'x p50':>6} {'x p95':>6} {'x cpu':>6}  goal")
        for r in rows:
            base = (f"{r['baseline_p50_ms']:6.1f} {r['baseline_p95_ms']:6.1f} "
                    f"{r['ratio_p50']:6.2f} {r['ratio_p95']:6.2f} {r['cpu_ratio_p50']:6.2f}"
                    if "ratio_p50" in r else " ".join(f"{'-':>6}" for _ in range(5)))
            print(f"{r['simulator']:40} {r['p50_ms']:6.1f} {r['p95_ms']:6.1f} "
                  f"{r['cpu_p50_ms']:6.1f} {r['cpu_p95_ms']:6.1f} {base}  "
                  f"{'met' if r['goal_met'] else 'MISSED'}")
        print("Times in ms; cpu = this thread's CPU time; x = ratio to the baseline.")
        if load > cores:
            print(f"Note: load average {load:.1f} on {cores} cores during the run; wall times "
                  f"include waiting for a core. The CPU columns and ratios are the update's "
                  f"own cost; rerun on a quiet machine for the goal.")
    return 1 if args.check and not all(r["goal_met"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
