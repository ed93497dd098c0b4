"""schemathesis fuzzes the GraphQL API of a running `genegraph serve` (the seed release), on
each backend: documents built from the schema by introspection, each root field with valid
arguments (positive) and invalid ones (negative). No answer may be a 5xx, no error raised
while executing may be left without a code (an unhandled exception), and the server's log
must hold no traceback.

``GENEGRAPH_FUZZ_EXAMPLES`` sets the examples per root field and mode (default 40: 720
requests per backend, 9 root fields x 2 modes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from tests.conftest import Database
from tests.helpers.servers import running_server

EXAMPLES = int(os.environ.get("GENEGRAPH_FUZZ_EXAMPLES", "40"))
# What the server log may never hold: the marks of an exception nobody handled.
UNHANDLED = ("Traceback (most recent call last)", "Exception in ASGI application")


@dataclass
class Tally:
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    unhandled: list[str] = field(default_factory=list)

    def record(self, label: str, body: str, response: schemathesis.Response) -> None:
        self.requests += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        try:
            answer: Any = response.json()
        except ValueError:
            self.unhandled.append(f"{label}: not JSON ({response.status_code}): {body[:300]}")
            return
        for error in answer.get("errors") or [] if isinstance(answer, dict) else []:
            # An error met while executing carries a path; each the resolvers raise on
            # purpose carries a code. One without is an exception nobody meant.
            if error.get("path") and not (error.get("extensions") or {}).get("code"):
                self.unhandled.append(f"{label}: {error['message'][:200]}\n  {body[:300]}")


def fuzz(
    operation: schemathesis.APIOperation[Any, Any, Any, Any],
    mode: GenerationMode,
    session: requests.Session,
    tally: Tally,
) -> None:
    """Send ``EXAMPLES`` documents for one root field in one mode; derandomized, so a
    failure comes back on the next run."""
    label = f"{operation.label} ({mode})"

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.generate],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case: schemathesis.Case[Any]) -> None:
        response = case.call(session=session, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])
        tally.record(label, str(case.body), response)

    send()


@pytest.fixture
def server(database: Database, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    log = tmp_path / "server.log"
    # The client budget off: a fuzzer is one client sending hundreds of invalid
    # documents, which the budget would answer 429 (455 of 720 with it on).
    with running_server(database.url, log, env={"GENEGRAPH_CLIENT_BUDGET": "off"}) as base:
        yield base, log


def test_schemathesis_finds_no_server_error(server: tuple[str, Path]) -> None:
    base, log = server
    schema = schemathesis.graphql.from_url(f"{base}/graphql", timeout=30)
    tally = Tally()
    session = requests.Session()
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # else the schema could not be read
        operations.append(result.ok())
    assert len(operations) >= 9  # the root fields, found by introspection
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, session, tally)
    server_log = log.read_text()
    assert not [mark for mark in UNHANDLED if mark in server_log], server_log[-5000:]
    assert tally.unhandled == [], "\n".join(tally.unhandled)
    assert not [status for status in tally.statuses if status >= 500], tally.statuses
    print(f"{tally.requests} requests, statuses {tally.statuses}")
