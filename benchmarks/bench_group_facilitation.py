"""Benchmark Module 3's widgets: the time of one learner action, p50 and p95.

    python benchmarks/bench_group_facilitation.py [--runs 60] [--json]

Actions, each driven as in the widget tests (private controls, ``.click()``):

- scenario player, one choice: feedback, the next situation and the climate chart
  (alternating with a restart, which redraws the chart too);
- scenario player, the last choice of a run: the debrief with its table and the decision
  graph with the path drawn (inline SVG);
- session planner, one block added or removed: table, checks and timeline.

Baseline, in the same process and run: rendering an *empty* matplotlib figure of the size
these figures had as PNGs, through :func:`widgets.core.figures.figure_html`.  Ratios to it
compare across machines; the absolute times do not.  Goal (module 3): the per-choice
update well under 30 ms of Python (CPU) on the 2-core reference machine.
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

import numpy as np

from widgets.core.figures import figure_html, new_figure
from widgets.group_facilitation.view import SessionPlannerView
from widgets.scenarios import QUALITY_RANK, load_scenario
from widgets.scenarios.view import ScenarioPlayerView

WARMUP = 3


def _measure(step: Callable[[], None], runs: int,
             setup: Callable[[], None] | None = None) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``step()``; ``setup()`` runs untimed before each."""
    for _ in range(WARMUP):
        if setup:
            setup()
        step()
    gc.collect()
    wall, cpu = [], []
    for _ in range(runs):
        if setup:
            setup()
        start, start_cpu = time.perf_counter(), time.thread_time()
        step()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _best(view: ScenarioPlayerView) -> str:
    return max(view.player.choices, key=lambda c: QUALITY_RANK[c.quality]).id


def actions() -> dict[str, tuple[Callable[[], None], Callable[[], None] | None,
                                 tuple[float, float]]]:
    """name -> (timed step, untimed setup, size of the baseline PNG figure in inches).

    The sizes are those of the matplotlib figures these actions drew before the charts
    became inline SVG (:mod:`widgets.core.svg_chart`), so the ratio says how far below the
    floor of a PNG redraw they now are.
    """
    player = ScenarioPlayerView(load_scenario("intoxicated-member"))

    def choice_or_restart() -> None:
        if player.player.history:
            player.restart()
        else:
            player.choose(_best(player))

    ender = ScenarioPlayerView(load_scenario("intoxicated-member"))

    def to_last_choice() -> None:
        ender.restart()
        while True:
            best = _best(ender)
            target = next(c for c in ender.player.choices if c.id == best).next
            if ender.scenario.node(target).ending:
                return
            ender.choose(best)

    planner = SessionPlannerView("support", "90-minutes")
    planner._kind.value = "break"
    planner._minutes.value = 5

    def add_or_remove() -> None:
        if len(planner.plan.blocks) > 3:
            planner._selected.value = len(planner.plan.blocks) - 1
            planner._remove.click()
        else:
            planner._add.click()

    return {
        "scenario player: one choice / restart": (
            choice_or_restart, None, (7.0, 2.6)),
        "scenario player: last choice + debrief": (
            lambda: ender.choose(_best(ender)), to_last_choice, (8.0, 3.5)),
        "session planner: add / remove a block": (
            add_or_remove, None, (7.0, 1.5)),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    rows = []
    for name, (step, setup, size) in actions().items():
        wall, cpu = _measure(step, args.runs, setup)
        fig = new_figure(*size)
        base, base_cpu = _measure(lambda fig=fig: figure_html(fig, alt="empty"), args.runs)
        rows.append({
            "action": name, "runs": args.runs,
            "p50_ms": float(np.percentile(wall, 50)), "p95_ms": float(np.percentile(wall, 95)),
            "cpu_p50_ms": float(np.percentile(cpu, 50)),
            "cpu_p95_ms": float(np.percentile(cpu, 95)),
            "mean_ms": statistics.fmean(wall),
            "baseline_p50_ms": float(np.percentile(base, 50)),
            "ratio_p50": float(np.percentile(wall, 50) / np.percentile(base, 50)),
            "cpu_ratio_p50": float(np.percentile(cpu, 50) / np.percentile(base_cpu, 50)),
        })
    load = max(load_before, os.getloadavg()[0])
    if args.json:
        print(json.dumps({"load_average": load, "cores": os.cpu_count(), "rows": rows},
                         indent=2))
        return 0
    print(f"Module 3 widgets, {args.runs} runs each; baseline: an empty matplotlib figure "
          f"(PNG) of the size these charts had before they became SVG.")
    print(f"{'action':42} {'p50':>6} {'p95':>6} {'cpu50':>6} {'cpu95':>6} {'base50':>6} "
          f"{'x p50':>6} {'x cpu':>6}")
    for r in rows:
        print(f"{r['action']:42} {r['p50_ms']:6.1f} {r['p95_ms']:6.1f} {r['cpu_p50_ms']:6.1f} "
              f"{r['cpu_p95_ms']:6.1f} {r['baseline_p50_ms']:6.1f} {r['ratio_p50']:6.2f} "
              f"{r['cpu_ratio_p50']:6.2f}")
    print(f"Times in ms; load average {load:.1f} on {os.cpu_count()} cores during the run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
