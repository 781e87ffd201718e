#!/usr/bin/env bash
# Set up, then run every test: lint (ruff), content validation, unit and widget tests, nbval on every
# notebook, the book build with 0 warnings, and headless-chromium tests of the built book.
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
# Notebooks: every cell of a notebook shares one kernel, so each notebook stays on one
# worker (--dist loadfile); the other tests group by the book build they need (loadgroup).
.venv/bin/python -m pytest -n 2 --dist loadfile --nbval-lax -p no:cacheprovider \
  curriculum exercises
exec .venv/bin/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider tests "$@"
