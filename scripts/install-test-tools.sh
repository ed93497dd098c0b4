#!/usr/bin/env bash
# Install what the browser test (tests/server/test_graphiql_browser.py) needs, where it is missing:
# Debian's chromium, Node.js and npm (apt), and the pinned playwright-core of
# tests/browser/package-lock.json (npm ci; it downloads no browser of its own), the web
# app's build tools of web/package-lock.json, and the client tests' tools: the codegen,
# TypeScript, Apollo Client, Federation and Relay compiler packages of
# tests/clients/package-lock.json and
# ariadne-codegen in a venv of its own (tests/clients/python/requirements.lock).
# Run by `make test`. Installing packages needs root: as another user a missing package is
# only reported, and the test then skips, except under CI (CI=true), where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# wrk: the load of the short soak (tests/test_soak.py, bench/soak.py).
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-tools: not root, not installing: ${missing[*]}" >&2
  else
    echo "install-test-tools: installing ${missing[*]} (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# playwright-core, again only when the lock file is newer than the last install.
browser=tests/browser
stamp=$browser/node_modules/.installed
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$stamp" ] || [ "$browser/package-lock.json" -nt "$stamp" ]; then
    echo "install-test-tools: npm ci in $browser"
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
fi

# The web app's tools (codegen, tsc, vite), for tests/server/test_web_app.py's codegen and type
# checks; pinned in web/package-lock.json. The served build itself is committed.
web=web
stamp=$web/node_modules/.installed
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
    # npm install, not ci: this npm leaves other platforms' optional packages (rollup's
    # native builds) out of the lock, which `npm ci` then refuses; versions stay the lock's.
    echo "install-test-tools: npm install in $web"
    (cd "$web" && npm install --no-save --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
fi

# The client tests' npm packages (tests/server/test_clients.py, tests/server/test_relay_client.py,
# tests/schema/test_federation_gateway.py).
clients=tests/clients
stamp=$clients/node_modules/.installed
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$stamp" ] || [ "$clients/package-lock.json" -nt "$stamp" ]; then
    echo "install-test-tools: npm ci in $clients"
    (cd "$clients" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
fi

# ariadne-codegen needs graphql-core<3.3 and ruff<0.16, older than genegraph's own, so it
# has a venv of its own, rebuilt when its lock file changes.
codegen=tests/clients/python
stamp=$codegen/.venv/.installed
if [ ! -f "$stamp" ] || [ "$codegen/requirements.lock" -nt "$stamp" ]; then
  echo "install-test-tools: ariadne-codegen venv in $codegen/.venv"
  rm -rf "$codegen/.venv"
  python3 -m venv "$codegen/.venv"
  "$codegen/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$codegen/requirements.lock"
  touch "$stamp"
fi
