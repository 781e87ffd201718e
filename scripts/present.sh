#!/usr/bin/env bash
# Presenter view: serve a module notebook with Voilà (widgets and prose, no code cells),
# offline (no CDN), for projecting in a workshop.
#   bash scripts/present.sh curriculum/01_continuum/01_iop_in_the_continuum.ipynb [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
notebook=${1:?usage: scripts/present.sh NOTEBOOK [PORT]}
port=${2:-8866}
bash scripts/setup.sh
echo "Presenter view: http://127.0.0.1:${port}/  (Ctrl+C to stop)"
exec .venv/bin/python -m widgets.book.present "$notebook" --port "$port"
