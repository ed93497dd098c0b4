#!/usr/bin/env bash
# What bench/run.py needs besides the project's own environment, installed when missing:
#   wrk (Debian package, as root), the bench-only Python packages of bench/requirements.txt
#   into .venv, and PostGraphile 5 with Node.js 22 under bench/peers/postgraphile (npm ci
#   from its package-lock.json). Quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk (apt)"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if ! command -v npm >/dev/null; then
    echo "bench: installing npm (apt)"
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
if ! .venv/bin/python -c 'import matplotlib' 2>/dev/null || [ ! -x .venv/bin/py-spy ]; then
    echo "bench: installing bench/requirements.txt into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
peer=bench/peers/postgraphile
if [ ! -x "$peer/node_modules/.bin/node" ] || [ "$peer/package-lock.json" -nt "$peer/node_modules/.package-lock.json" ]; then
    echo "bench: installing PostGraphile (npm ci in $peer)"
    (cd "$peer" && npm ci --no-audit --no-fund --loglevel=error)
fi
