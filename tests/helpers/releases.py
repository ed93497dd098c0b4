"""The release an answer carries in ``extensions.release`` (issue #18), taken from the
schema's own `releases { number loadedAt }`, so whole answers can be compared strictly."""

from __future__ import annotations

from typing import Any

import httpx

RELEASES = "{ releases { number loadedAt } }"


async def release_stamps(client: httpx.AsyncClient) -> dict[int, dict[str, Any]]:
    """Each release's stamp by number, newest first."""
    body = (await client.post("/graphql", json={"query": RELEASES})).json()
    return {release["number"]: release for release in body["data"]["releases"]}


async def newest_stamp(client: httpx.AsyncClient) -> dict[str, Any]:
    return next(iter((await release_stamps(client)).values()))


def stamped(data: dict[str, Any], stamp: dict[str, Any]) -> dict[str, Any]:
    """A whole answer: ``data`` from the release of ``stamp``."""
    return {"data": data, "extensions": {"release": stamp}}
