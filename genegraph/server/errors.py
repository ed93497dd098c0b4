"""Requests refused before GraphQL sees them (a body that is not a JSON object, batching,
a media type not served), answered as GraphQL errors in JSON with a code, not as
Strawberry's plain-text reason, so a client reads every refusal the same way.

The body's JSON is checked here too: Strawberry's view took any JSON value for an object
(a JSON string body raised AttributeError and a number as `operationName` a TypeError in
the metrics: HTTP 500 both, found by tests/test_hostile_bodies.py)
and its JSON decoder failed with RecursionError on deeply nested arrays (orjson, which the
view now decodes with, stops at 1,024 levels with a decoding error: HTTP 400)."""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import HTTPException
from starlette.responses import Response

BAD_REQUEST = "BAD_REQUEST"
JSON_NAMES = {str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def checked_json(parsed: Any) -> Any:
    """A request body's JSON value when it can be one or several operations."""
    if not isinstance(parsed, dict | list):
        raise HTTPException(
            400,
            'The request body must be a JSON object such as {"query": "{ __typename }"}, '
            f"not a JSON {JSON_NAMES.get(type(parsed), type(parsed).__name__)}",
        )
    operation_name = parsed.get("operationName") if isinstance(parsed, dict) else None
    if not isinstance(operation_name, str | None):  # Strawberry checks the other members
        raise HTTPException(
            400, "The GraphQL operation's `operationName` must be a string or null, if provided."
        )
    return parsed


def refusal_response(error: HTTPException) -> Response:
    body = orjson.dumps(
        {"errors": [{"message": error.reason, "extensions": {"code": BAD_REQUEST}}]}
    )
    return Response(body, status_code=error.status_code, media_type="application/json")
