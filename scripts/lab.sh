#!/usr/bin/env bash
# Open the curriculum in JupyterLab (after the build command has set things up):
#   bash scripts/lab.sh            opens http://127.0.0.1:8888/lab in your browser
# Extra arguments go to `jupyter lab` (e.g. --port 8890 --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
args=(--ServerApp.root_dir="$PWD" --ip=127.0.0.1)
# JupyterLab refuses to run as root unless told; containers and CI often are root.
if [ "$(id -u)" = 0 ]; then args+=(--allow-root); fi
exec .venv/bin/jupyter lab "${args[@]}" "$@" curriculum/progress.ipynb
