"""Benchmark the curriculum's PDFs: time to make each, as a ratio to a bare fpdf2 page.

    python benchmarks/bench_pdf.py [--runs 10] [--json]

Documents, each made as a learner's click makes it:

- the certificate with a Latin, a Chinese and an Arabic name (fonts for other scripts are
  added only when a text needs them; Arabic and Hebrew are shaped with HarfBuzz);
- the one-page safety plan (Module 6);
- the session plan (Module 3).

Baseline, in the same process and run: one page of fpdf2's built-in Helvetica with about
as much text as the certificate (no font file to read or embed).  Ratios to it compare
across machines; the absolute times do not.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from widgets.core.content import content_root, load
from widgets.core.registry import knowledge_check_items
from widgets.group_facilitation.content import template
from widgets.group_facilitation.render import plan_pdf as session_plan_pdf
from widgets.progress import ProgressStore
from widgets.progress.certificate import certificate_data, render_pdf
from widgets.safety import content as safety_content
from widgets.safety.model import SafetyPlan
from widgets.safety.render import plan_pdf as safety_plan_pdf

NAMES = {"Latin": "Zoë Łukasz-Ruiz", "Chinese": "李小龙", "Arabic": "محمد علي"}
PLAN = SafetyPlan(client="Luis", warning_signs=["Feeling like a burden"],
                  internal_coping=["Walk the dog"], social_distraction=["Marta's kitchen"],
                  family_and_friends=["Tomas 555-0110"],
                  professionals_and_agencies=["Program 555-0100"],
                  safe_environment=["Tomas keeps the rifle at his house"])


def baseline() -> bytes:
    """One page of core-font text, about the certificate's amount."""
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    for line in range(30):
        pdf.multi_cell(0, 5, f"Line {line}: completed the modules of the curriculum and "
                             f"passed each module's knowledge check.", new_x="LMARGIN",
                       new_y="NEXT")
    return bytes(pdf.output())


def _measure(make: Callable[[], bytes], runs: int) -> list[float]:
    """Milliseconds per document (after one warm-up)."""
    make()
    gc.collect()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append((time.perf_counter() - start) * 1000)
    return times


def documents(store: ProgressStore) -> dict[str, Callable[[], bytes]]:
    """name -> a call that makes the document."""
    root = content_root()
    catalog = {"m01": knowledge_check_items()["m01"]}
    for item in catalog["m01"]:
        store.record("ana", "m01", item, correct=True, answer=["x"])
    cmap = load("competency-map", "competency-map", root)
    made: dict[str, Callable[[], bytes]] = {}
    for script, name in NAMES.items():
        data = certificate_data("ana", name, store=store, catalog=catalog, cmap=cmap,
                                root=root, issued=date(2026, 1, 5))
        made[f"certificate, {script} name"] = lambda data=data: render_pdf(data)
    guide = safety_content.safety_plan_guide()
    made["safety plan"] = lambda: safety_plan_pdf(PLAN, guide)
    session = template("support", "evening-3h", "Tuesday evening group - week 3")
    made["session plan"] = lambda: session_plan_pdf(session)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iop-bench-pdf-") as folder, \
            ProgressStore(Path(folder) / "p.sqlite3") as store:
        base = statistics.median(_measure(baseline, args.runs))
        rows = []
        for name, make in documents(store).items():
            times = _measure(make, args.runs)
            p50 = statistics.median(times)
            rows.append({"document": name, "p50_ms": round(p50, 1),
                         "max_ms": round(max(times), 1), "ratio": round(p50 / base, 1)})
    if args.json:
        print(json.dumps({"baseline_ms": round(base, 2), "rows": rows}))
        return
    print(f"baseline (core-font page): {base:.1f} ms")
    for row in rows:
        print(f"{row['document']:<28} p50 {row['p50_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms"
              f"  = {row['ratio']:5.1f} x baseline")


if __name__ == "__main__":
    main()
