#!/usr/bin/env bash
# Set up, then build the learner book into _build/html (0 warnings allowed).
# `scripts/build-book.sh --trainer` builds the trainer edition into _build/trainer/html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m widgets.content check
.venv/bin/python -m widgets.book.build "$@"
