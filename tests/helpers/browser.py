"""What the browser tests share (tests/server/test_graphiql_browser.py and
tests/server/test_web_browser.py):
Debian's Chromium driven by playwright-core from Node.js (scripts in tests/browser), where
their screenshots go, and the ``browser_tools`` fixture that skips a test where a tool is
missing, except under CI (CI=true), where it fails.

`make test` installs the tools (scripts/install-test-tools.sh).
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import REPO

BROWSER = REPO / "tests" / "browser"
ARTIFACTS = REPO / "test-artifacts"
UNDER_CI = os.environ.get("CI") == "true"
CHROMIUM = os.environ.get("GENEGRAPH_CHROMIUM") or shutil.which("chromium") or ""
NODE = shutil.which("node") or ""
PLAYWRIGHT = BROWSER / "node_modules" / "playwright-core" / "package.json"


def missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM:
        missing.append("chromium (apt-get install chromium, or set GENEGRAPH_CHROMIUM)")
    if not NODE:
        missing.append("node (apt-get install nodejs npm)")
    if not PLAYWRIGHT.exists():
        missing.append(f"playwright-core (npm ci in {BROWSER.relative_to(REPO)})")
    return missing


@pytest.fixture(scope="module")
def browser_tools() -> None:
    missing = missing_tools()
    if missing:
        message = "browser test tools missing: " + "; ".join(missing)
        message += " (scripts/install-test-tools.sh installs them, as root)"
        if UNDER_CI:
            pytest.fail(message + " (required under CI)")
        pytest.skip(message)
