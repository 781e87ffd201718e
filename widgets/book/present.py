"""Presenter view: a module notebook served by Voilà, offline, with no code shown.

``python -m widgets.book.present NOTEBOOK [--port N]`` runs Voilà with the
``iop-presenter`` template (Voilà's ``lab`` template without its CDN stylesheets) found
through ``JUPYTER_PATH``, and a preheated kernel so a projected page comes up fast.
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


def voila_command(notebook: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The Voilà command line and environment for one notebook."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES_PATH), env.get("JUPYTER_PATH", "")) if p)
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
           f"--template={TEMPLATE}", "--Voila.ip=127.0.0.1", "--strip_sources=True",
           "--show_tracebacks=False", "--theme=light"]
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
