#!/usr/bin/env bash
# Set up, then build the learner book into _build/html (0 warnings allowed).
# `scripts/build-book.sh --trainer` builds the trainer edition into _build/trainer/html.
# `scripts/build-book.sh --scorm` also writes SCORM 1.2 packages of the learner edition:
# _build/scorm/<module id>.zip and _build/scorm/course.zip (widgets/book/scorm.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m widgets.content check
.venv/bin/python -m widgets.book.build "$@"
