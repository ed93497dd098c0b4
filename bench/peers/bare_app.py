"""The limit: a bare Starlette endpoint that answers each benchmark request with the answer
genegraph gave to the same request body, precomputed (bench/run.py writes them to the file
named by $BENCH_BARE_ANSWERS). A request costs HTTP parsing, one dictionary look-up and
the response: what Python HTTP on this stack can do at all. bench/run.py serves it with
uvicorn's settings as `genegraph serve` uses them.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ANSWERS: dict[bytes, bytes] = {
    request.encode(): answer.encode()
    for request, answer in orjson.loads(Path(os.environ["BENCH_BARE_ANSWERS"]).read_bytes()).items()
}
UNKNOWN = b'{"errors":[{"message":"no precomputed answer for this request"}]}'


async def graphql(request: Request) -> Response:
    answer = ANSWERS.get(await request.body(), UNKNOWN)
    return Response(answer, media_type="application/json")


app = Starlette(routes=[Route("/graphql", graphql, methods=["GET", "POST"])])
