"""GraphiQL in a real browser: `genegraph serve` on a new SQLite database (seeded with
data/il2.txt on start), Debian's Chromium driven by playwright-core
(tests/browser/graphiql.mjs) opens /graphql, runs the starting query with the Run button
and reads the answer from the result pane. Every request the page makes must go to the
server itself. The screenshot is saved to test-artifacts/graphiql-il2.png.

`make test` installs Chromium, Node.js and playwright-core (scripts/install-test-tools.sh).
Where they are missing the test skips, except under CI (CI=true), where it fails.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.browser import ARTIFACTS, BROWSER, CHROMIUM, NODE
from tests.helpers.servers import running_server


@pytest.fixture(scope="module")
def server(browser_tools: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`genegraph serve` on a free port and a new SQLite database; its address."""
    folder = tmp_path_factory.mktemp("graphiql")
    with running_server(f"sqlite:///{folder}/g.db", folder / "serve.log") as base:
        yield base


def test_graphiql_runs_the_il2_card_in_chromium(server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "graphiql-il2.png"
    screenshot.unlink(missing_ok=True)
    arguments = ["--url", f"{server}/graphql", "--chromium", CHROMIUM]
    arguments += ["--screenshot", str(screenshot), "--timeout-ms", "90000"]
    run = subprocess.run(
        [NODE, "graphiql.mjs", *arguments],
        cwd=BROWSER,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, f"{run.stderr}\n{run.stdout[-3000:]}"
    report: dict[str, Any] = json.loads(run.stdout)

    # No network beyond the server: every request went to it, none elsewhere.
    assert report["foreign"] == []
    assert report["requests"], "the page made no request"
    for request in report["requests"]:
        url = request.split(" ", 1)[1]
        assert url.startswith(server + "/") or url.startswith("data:"), request
    assert report["pageErrors"] == []
    # GraphiQL introspected the schema, then ran the card; both answered without errors.
    introspection, card = report["graphql"]
    assert "IntrospectionQuery" in introspection["query"]
    assert "IL2 gene card" in card["query"]
    assert (introspection["status"], introspection["errors"]) == (200, False)
    assert (card["status"], card["errors"]) == (200, False)

    # The result pane shows IL2's card.
    gene = json.loads(report["result"])["data"]["gene"]
    assert (gene["symbol"], gene["name"]) == ("IL2", "interleukin 2")
    assert gene["species"] == {"scientificName": "Homo sapiens"}
    assert len(gene["goTerms"]) == 28
    assert {o["gene"]["species"]["scientificName"] for o in gene["orthologs"]} == {
        "Mus musculus",
        "Rattus norvegicus",
    }
    assert '"symbol": "IL2"' in report["visibleText"].replace("\xa0", " ")

    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a rendered page, not a blank one
