#!/usr/bin/env bash
# Set up, then run every test: ruff, the import rules (lint-imports), content validation,
# nbval on every notebook, then unit, property, widget, book (0 warnings), journey
# (JupyterLab, Voila, the book in chromium) and JupyterHub tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  echo "test: installing Debian's chromium for the browser tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check widgets tests benchmarks
.venv/bin/lint-imports --no-cache
.venv/bin/python -m widgets.content check
# Two workers, each test file whole on one worker (--dist loadfile): a notebook's cells
# share one kernel, and a file's module fixtures (a JupyterHub, a built book) serve all its
# tests. (pytest-xdist 3.8's --dist loadgroup no longer groups anything under pytest 9: it
# renames items through an attribute pytest 9 stopped reading.)
.venv/bin/python -m pytest -n 2 --dist loadfile --nbval-lax -p no:cacheprovider \
  curriculum exercises
exec .venv/bin/python -m pytest -n 2 --dist loadfile -p no:cacheprovider tests "$@"
