"""What a learner feels in JupyterLab: widget latency and time to first interactive widget.

    .venv/bin/python benchmarks/bench_jupyterlab.py [--samples 30] [--gap-ms 350]
        [--tti-runs 3] [--only TEXT] [--json FILE]

Starts JupyterLab on a free port of 127.0.0.1 (temporary root, settings, workspaces and
runtime folders; ``--allow-root`` when run as root), drives Debian's chromium with
Playwright (every request to another host aborted), and for each simulator listed in
``benchmarks/simulators.yaml``:

- **latency**: opens the notebook, runs all cells, then times a control change to the
  visible update of the simulator's output in the page's own clock: a capturing
  ``click``/``keydown``/``change`` listener on the document stamps the start, a
  ``MutationObserver`` on the watched output element stamps the end.  30+ samples per
  simulator (after 3 warm-up samples) with >= 300 ms between samples.  The baseline is a
  bare echo (an IntSlider whose value is copied into an HTML widget, ArrowRight/ArrowLeft
  on the focused handle), in a notebook created in a temporary folder in the same run.
  Printed: p50 and p95 per simulator and the ratio of medians to the echo's.
- **time to first interactive widget** after Run All, for each module notebook (every
  module in the registry; with ``--only``, the notebooks of the chosen simulators) and for a
  notebook that only imports ipywidgets and shows one slider: from the Run All command to
  the moment a widget control is on the page *and* every cell has run (so a click on it is
  handled at once; until then it queues behind the running cells).  Also printed: when
  the first control appears, and the whole path from loading JupyterLab on the notebook
  (kernel start included) to ready.  Median of ``--tti-runs`` fresh kernels.

Goals (issue 9): p95 <= 100 ms and p50 <= 2x the echo's p50 for every simulator; time to
first interactive widget <= 1.5x the one-slider notebook's.  Absolute times depend on the
machine (and on its load): compare the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
SIMULATORS = Path(__file__).with_name("simulators.yaml")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WARMUP = 3
#: a widget control a learner can use, inside a notebook output
CONTROL = (".jp-Notebook .jp-OutputArea-output :is(button.jupyter-button, "
           ".widget-dropdown select, .noUi-handle, .widget-checkbox input, "
           ".widget-radio-box input, .widget-text input, textarea)")
ECHO_NOTEBOOK = "bench_echo.ipynb"
FIRST_WIDGET_NOTEBOOK = "bench_first_widget.ipynb"
ECHO = {"name": "echo: IntSlider -> HTML (baseline)", "notebook": ECHO_NOTEBOOK,
        "ready": ".noUi-handle",
        "actions": [{"key": "ArrowRight", "focus": ".noUi-handle"},
                    {"key": "ArrowLeft", "focus": ".noUi-handle"}],
        "watch": ".widget-html:has(.bench-echo)"}

# ------------------------------------------------------------------ page-side code

INSTALL_PROBE = """(watchSel) => {
  const target = document.querySelector(watchSel);
  if (!target) return false;
  if (window.__bench && window.__bench.observer) window.__bench.observer.disconnect();
  const b = window.__bench = {armed: false, start: null, end: null};
  if (!window.__benchListeners) {
    window.__benchListeners = true;
    for (const type of ['click', 'keydown', 'change']) {
      document.addEventListener(type, () => {
        const s = window.__bench;
        if (s && s.armed && s.start === null) s.start = performance.now();
      }, true);
    }
  }
  b.observer = new MutationObserver(() => {
    if (b.start !== null && b.end === null) b.end = performance.now();
  });
  b.observer.observe(target, {childList: true, subtree: true, characterData: true,
                              attributes: true});
  return true;
}"""

ARM = "() => { const b = window.__bench; b.start = null; b.end = null; b.armed = true; }"
DONE = "() => window.__bench.end !== null"
READ = "() => { const b = window.__bench; b.armed = false; return [b.start, b.end]; }"

KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel;
  return !!(k && k.status === 'idle' && k.connectionStatus === 'connected');
}"""

# Clear outputs, then Run All (not awaited: awaiting can hang) and time, in the page's
# clock, (a) the first widget control on the page and (b) that control present with
# every code cell run (execution count set, none running); (c) is when Run All was issued,
# in ms since the page began loading (the page's time origin).
RUN_ALL = """async ([controlSel, timeoutMs]) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const cells = () => panel.content.widgets.filter((c) => c.model.type === 'code');
  const allRun = () => cells().every((c) => c.model.executionCount !== null
      && !(c.promptNode && c.promptNode.textContent.includes('*')));
  return await new Promise((resolve) => {
    const t0 = performance.now();
    let shown = null;
    const tick = () => {
      const now = performance.now();
      if (shown === null && document.querySelector(controlSel)) shown = now - t0;
      if (shown !== null && allRun()) { clearInterval(timer); resolve([shown, now - t0, t0]); }
      else if (now - t0 > timeoutMs) { clearInterval(timer); resolve([shown, null, t0]); }
    };
    const timer = setInterval(tick, 5);
    app.commands.execute('notebook:run-all-cells');
  });
}"""


# ------------------------------------------------------------------------ helpers


@dataclass
class Result:
    name: str
    samples: list[float] = field(default_factory=list)
    timeouts: int = 0
    error: str | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def write_notebooks(folder: Path) -> None:
    """The echo notebook and the one-slider notebook, in ``folder``."""
    v4 = nbformat.v4
    echo = v4.new_notebook(cells=[v4.new_code_cell(
        "import ipywidgets as W\n"
        "slider = W.IntSlider(value=50, min=0, max=100, description='Echo')\n"
        "out = W.HTML('<span class=\"bench-echo\">50</span>')\n"
        "def copy(change):\n"
        "    out.value = f'<span class=\"bench-echo\">{change.new}</span>'\n"
        "slider.observe(copy, names='value')\n"
        "W.VBox([slider, out])")])
    first = v4.new_notebook(cells=[v4.new_code_cell(
        "import ipywidgets as W\nW.IntSlider(description='Slider')")])
    for nb, name in ((echo, ECHO_NOTEBOOK), (first, FIRST_WIDGET_NOTEBOOK)):
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / name)


def lab_settings(folder: Path) -> None:
    """User settings for a quiet, offline JupyterLab (no news, update checks or toasts)."""
    notif = folder / "@jupyterlab" / "apputils-extension"
    notif.mkdir(parents=True, exist_ok=True)
    (notif / "notification.jupyterlab-settings").write_text(json.dumps(
        {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(base: str, token: str, path: str, method: str = "GET") -> object:
    req = urllib.request.Request(f"{base}{path}", method=method,
                                 headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read()
    return json.loads(body) if body else None


@contextlib.contextmanager
def jupyterlab(tmp: Path) -> Iterator[tuple[str, str]]:
    """JupyterLab on 127.0.0.1 with a temporary root holding a copy of the curriculum.

    A copy, not a link: JupyterLab writes checkpoints (and autosaves run notebooks) next
    to the notebooks it opens, which must never touch the checkout.
    """
    root = tmp / "root"
    root.mkdir()
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "_build")
    for name in ("curriculum", "exercises"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=skip)
    shutil.copyfile(ROOT / "references.bib", root / "references.bib")
    write_notebooks(root)
    lab_settings(tmp / "settings")
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
           f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           f"--LabApp.user_settings_dir={tmp / 'settings'}",
           f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
           "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    env = {k: v for k, v in os.environ.items() if k != "IOP_LEARNER"}
    env.update(JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IOP_PROGRESS_DB=str(tmp / "p.db"))
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(base, token, "/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (tmp / "lab.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def shutdown_sessions(base: str, token: str) -> None:
    for session in api(base, token, "/api/sessions") or []:
        api(base, token, f"/api/sessions/{session['id']}", method="DELETE")


def new_page(browser, base: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})

    def route(r):
        if urlparse(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(
                ("data:", "blob:")):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    return page


def open_notebook(page, base: str, token: str, path: str) -> None:
    """Open ``path`` alone in a fresh workspace and wait for its kernel."""
    shutdown_sessions(base, token)
    page.goto(f"{base}/lab/tree/{quote(path)}?reset&token={token}",
              wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell "
                           "&& window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext",
                           timeout=60000)
    page.wait_for_function(KERNEL_IDLE, timeout=60000, polling=100)


def run_all(page, control: str,
            timeout_ms: int = 120000) -> tuple[float | None, float | None, float]:
    """Run All; (first control shown, control shown and every cell run, Run All issued).

    The first two are ms after Run All; the third is ms after the page began loading.
    """
    return tuple(page.evaluate(RUN_ALL, [control, timeout_ms]))


def run_until_ready(page, ready: str) -> None:
    """Run All, retrying while the kernel is not really connected yet (no widgets)."""
    scoped = f".jp-Notebook .jp-OutputArea-output {ready}"
    for _ in range(3):
        _, done, _ = run_all(page, scoped, timeout_ms=90000)
        if done is not None:
            return
        page.wait_for_function(KERNEL_IDLE, timeout=60000, polling=100)
    raise RuntimeError(f"{ready!r} never appeared after Run All")


def act(page, action: dict) -> None:
    """One action of ``simulators.yaml`` (see its header), on the first match."""
    if "click" in action:
        targets = page.locator(scope(action["click"]))
        for target in (targets.all() if action.get("all") else [targets.first]):
            target.click()
    elif "key" in action:
        target = page.locator(scope(action["focus"])).first
        target.focus()
        page.keyboard.press(action["key"])
    elif "select" in action:
        target = page.locator(scope(action["select"])).first
        if "index" in action:
            target.select_option(index=action["index"])
        else:
            target.select_option(value=action["option"])
    else:
        raise ValueError(f"unknown action {action!r}")


def scope(selector: str) -> str:
    return f".jp-Notebook .jp-OutputArea-output {selector}"


def measure(page, sim: dict, samples: int, gap_ms: int) -> Result:
    """Latency samples (ms) of one simulator on the open, fully run notebook."""
    result = Result(sim["name"])
    for action in sim.get("setup", []):
        act(page, action)
        page.wait_for_timeout(gap_ms)
    page.locator(scope(sim["watch"])).first.scroll_into_view_if_needed()
    if not page.evaluate(INSTALL_PROBE, scope(sim["watch"])):
        raise RuntimeError(f"watched element {sim['watch']!r} not found")
    actions = sim["actions"]
    for i in range(samples + WARMUP):
        action = actions[i % len(actions)]
        for step in action.get("before", []):  # untimed preparation of this sample
            act(page, step)
        page.wait_for_timeout(gap_ms)
        page.evaluate(ARM)
        act(page, action)
        try:
            page.wait_for_function(DONE, timeout=5000, polling="raf")
        except Exception:  # noqa: BLE001 - a lost sample is counted, not fatal
            result.timeouts += 1
            page.evaluate(READ)
            continue
        start, end = page.evaluate(READ)
        if i >= WARMUP and start is not None:
            result.samples.append(end - start)
    return result


# ------------------------------------------------------------------------- report


def load_simulators(only: str | None) -> tuple[list[dict], list[str]]:
    entries = yaml.safe_load(SIMULATORS.read_text(encoding="utf-8"))["simulators"] or []
    present, missing = [], []
    for sim in entries:
        if only and only.lower() not in sim["name"].lower():
            continue
        (present if (ROOT / sim["notebook"]).is_file() else missing).append(sim)
    return present, [f"{s['name']} ({s['notebook']})" for s in missing]


def module_notebooks() -> list[str]:
    """Every module's notebook, from the module registry (with or without simulators)."""
    from widgets.core.registry import modules, notebook_path

    return [notebook_path(m.id, ROOT).relative_to(ROOT).as_posix() for m in modules(ROOT)]


def machine(browser_version: str) -> str:
    import jupyterlab

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else math.nan
    return (f"{platform.platform()}, {os.cpu_count()} CPUs (load {load:.1f}), "
            f"Python {platform.python_version()}, JupyterLab {jupyterlab.__version__}, "
            f"chromium {browser_version}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=30, help="timed samples per simulator")
    parser.add_argument("--gap-ms", type=int, default=350,
                        help="pause between samples (>= 300 ms)")
    parser.add_argument("--tti-runs", type=int, default=3,
                        help="fresh-kernel Run All timings per notebook")
    parser.add_argument("--only", help="measure only simulators whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.gap_ms < 300:
        parser.error("--gap-ms must be at least 300 (shorter gaps make echo times bimodal)")
    sims, missing = load_simulators(args.only)
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    latency: list[Result] = []
    tti: dict[str, list[tuple[float | None, float | None, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-lab-") as tmp, \
            jupyterlab(Path(tmp)) as (base, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        page = new_page(browser, base)
        # Latency: the echo first, then each notebook's simulators on one Run All.
        by_notebook: dict[str, list[dict]] = {}
        for sim in [ECHO, *sims]:
            by_notebook.setdefault(sim["notebook"], []).append(sim)
        for notebook, group in by_notebook.items():
            open_notebook(page, base, token, notebook)
            run_until_ready(page, group[0]["ready"])
            page.wait_for_function(KERNEL_IDLE, timeout=60000, polling=100)
            for sim in group:
                try:
                    latency.append(measure(page, sim, args.samples, args.gap_ms))
                except Exception as exc:  # noqa: BLE001 - reported in the table
                    latency.append(Result(sim["name"], error=str(exc).splitlines()[0]))
                print(f"  measured {sim['name']}", file=sys.stderr)
        # Time to first interactive widget: alternate baseline and module notebooks.
        notebooks = [FIRST_WIDGET_NOTEBOOK, *(dict.fromkeys(s["notebook"] for s in sims)
                                              if args.only else module_notebooks())]
        for _ in range(args.tti_runs):
            for notebook in notebooks:
                open_notebook(page, base, token, notebook)
                tti.setdefault(notebook, []).append(run_all(page, CONTROL))
        shutdown_sessions(base, token)
        browser.close()
    took = time.perf_counter() - started
    return report(latency, tti, missing, machine(version), args, took)


def _median(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else math.nan


def report(latency: list[Result], tti: dict, missing: list[str], machine_line: str,
           args: argparse.Namespace, took: float) -> int:
    echo = latency[0]
    print(f"\nJupyterLab benchmark ({took:.0f} s) on {machine_line}")
    print(f"Latency: control change -> visible output update (page clock), {args.samples} "
          f"samples after {WARMUP} warm-up, >= {args.gap_ms} ms apart")
    print(f"{'simulator':<66} {'p50 ms':>7} {'p95 ms':>7} {'p50/echo':>8}  goal")
    rows = []
    for res in latency:
        if res.error or not res.samples:
            print(f"{res.name:<66} {'-':>7} {'-':>7} {'-':>8}  "
                  f"ERROR: {res.error or 'no samples'}")
            rows.append({"name": res.name, "error": res.error or "no samples"})
            continue
        ratio = res.p50 / echo.p50 if echo.samples else math.nan
        ok = res is echo or (res.p95 <= 100 and ratio <= 2)
        lost = f" ({res.timeouts} lost)" if res.timeouts else ""
        print(f"{res.name:<66} {res.p50:7.1f} {res.p95:7.1f} {ratio:8.2f}  "
              f"{'-' if res is echo else ('met' if ok else 'MISSED')}{lost}")
        rows.append({"name": res.name, "p50_ms": res.p50, "p95_ms": res.p95,
                     "ratio_to_echo": ratio, "n": len(res.samples), "lost": res.timeouts})
    print(f"\nTime to first interactive widget (median of {args.tti_runs} fresh kernels): "
          f"a control shown and every cell run")
    print("  shown, ready: seconds after Run All (kernel started); open->ready: seconds "
          "from loading JupyterLab on the notebook")
    print(f"{'notebook':<62} {'shown':>6} {'ready':>6} {'ratio':>6} {'open->ready':>11} "
          f"{'ratio':>6}  goal")
    base_runs = tti.get(FIRST_WIDGET_NOTEBOOK, [])
    base_ready = _median([r[1] for r in base_runs])
    base_open = _median([r[1] + r[2] for r in base_runs if r[1] is not None])
    tti_rows = []
    for notebook, runs in tti.items():
        shown, ready = _median([r[0] for r in runs]), _median([r[1] for r in runs])
        opened = _median([r[1] + r[2] for r in runs if r[1] is not None])
        ratio = ready / base_ready if base_ready else math.nan
        open_ratio = opened / base_open if base_open else math.nan
        label = ("one slider (baseline)" if notebook == FIRST_WIDGET_NOTEBOOK else notebook)
        goal = "-" if notebook == FIRST_WIDGET_NOTEBOOK else (
            "met" if ratio <= 1.5 else ("MISSED (met from open)" if open_ratio <= 1.5
                                        else "MISSED"))
        print(f"{label:<62} {shown / 1000:6.2f} {ready / 1000:6.2f} {ratio:6.2f} "
              f"{opened / 1000:11.2f} {open_ratio:6.2f}  {goal}")
        tti_rows.append({"notebook": notebook, "shown_s": shown / 1000,
                         "ready_s": ready / 1000, "ratio": ratio,
                         "open_to_ready_s": opened / 1000, "open_ratio": open_ratio,
                         "runs_ms": [list(r) for r in runs]})
    if missing:
        print("\nNot measured (notebook not there yet): " + "; ".join(missing))
    print("Goals: p95 <= 100 ms and p50 <= 2x echo per simulator; "
          "ready <= 1.5x the one-slider notebook.")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine_line, "latency": rows,
                                         "tti": tti_rows, "missing": missing}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
