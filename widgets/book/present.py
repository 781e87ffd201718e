"""Presenter view: a module notebook served by Voilà, offline, with no code shown.

``python -m widgets.book.present NOTEBOOK [--port N]`` runs Voilà with the
``iop-presenter`` template (Voilà's ``lab`` template without its CDN stylesheets) found
through ``JUPYTER_PATH``.  Voilà renders Markdown without MyST, so every Markdown cell is
first rendered to finished HTML by :class:`widgets.book.myst_html.MystPreprocessor`
(admonitions, citations as author-year text, links by title; no raw MyST on the
projector).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "iop-presenter"
TEMPLATES_PATH = ROOT / "deploy" / "voila"
VOILA_SKIPS = ("jupyterlab-myst", "@jupyterlite/pyodide-kernel-extension",
               "@voila-dashboards/jupyterlab-preview")
"""JupyterLab extensions of the environment that Voilà must not load."""


def voila_command(notebook: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The Voilà command line and environment for one notebook."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES_PATH), env.get("JUPYTER_PATH", "")) if p)
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
           f"--template={TEMPLATE}", "--Voila.ip=127.0.0.1", "--strip_sources=True",
           "--show_tracebacks=False", "--theme=light",
           "--VoilaExporter.preprocessors", "widgets.book.myst_html.MystPreprocessor",
           # JupyterLab extensions that do not run in Voilà (they log errors on the page)
           *(arg for name in VOILA_SKIPS
             for arg in ("--VoilaConfiguration.extension_denylist", name))]
    return cmd, env


def main(argv: Sequence[str] | None = None) -> int:
    """Run Voilà on one notebook until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m widgets.book.present")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--port", type=int, default=8866)
    args = parser.parse_args(argv)
    if not args.notebook.is_file():
        print(f"no such notebook: {args.notebook}", file=sys.stderr)
        return 2
    cmd, env = voila_command(args.notebook.resolve(), args.port)
    os.chdir(args.notebook.resolve().parent)
    os.execvpe(cmd[0], cmd, env)
    return 0  # pragma: no cover - exec does not return


if __name__ == "__main__":
    sys.exit(main())
