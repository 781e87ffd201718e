#!/usr/bin/env bash
# Set up everything the book and the tests need, idempotently:
# a Python 3.11 virtual environment with requirements.txt, and the vendored JavaScript
# from npm (package-lock.json). Re-running skips what is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "setup: installing Debian packages: $*"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

PY=${PYTHON:-$(command -v python3.11 || command -v python3 || true)}
if [ -z "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "setup: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then apt_install python3.11-venv; fi
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
# PDFs print names in any script: DejaVu Sans comes with matplotlib; Chinese, Japanese and
# Korean need WenQuanYi Micro Hei (widgets/core/pdf.py looks for it here).
CJK_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if [ ! -f "$CJK_FONT" ]; then
  apt_install fonts-wqy-microhei
  [ -f "$CJK_FONT" ] || { echo "setup: fonts-wqy-microhei did not install $CJK_FONT;" \
    "PDFs cannot print Chinese, Japanese or Korean names" >&2; exit 1; }
fi

if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages into .venv (requirements.txt)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  echo "$want" > .venv/.installed
fi

# JupyterLab: no "get notified about Jupyter news?" prompt over the learner's notebook.
overrides=.venv/share/jupyter/lab/settings/overrides.json
if [ ! -f "$overrides" ]; then
  mkdir -p "$(dirname "$overrides")"
  echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}' > "$overrides"
fi

want=$(sha256sum package-lock.json | cut -c1-16)
if [ "$(cat node_modules/.installed 2>/dev/null)" != "$want" ]; then
  echo "setup: installing vendored JavaScript into node_modules (package-lock.json)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$want" > node_modules/.installed
fi
