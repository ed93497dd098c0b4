"""Refusals answered as one GraphQL error in JSON with a code (``error_response``), by the
middleware and the view alike, so a client reads every refusal the same way; and the
request body's JSON checked before Strawberry reads it (``checked_json``): Strawberry took
any JSON value for an object (tests/execution/test_hostile_queries.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cross_web import HTTPException
from starlette.responses import JSONResponse

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


def error_response(
    status: int,
    message: str,
    code: str,
    extensions: Mapping[str, object] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """``{"errors": [{"message", "extensions": {"code", ...}}]}`` with ``status``."""
    error = {"message": message, "extensions": {"code": code, **(extensions or {})}}
    return JSONResponse({"errors": [error]}, status, headers)


def refusal_response(error: HTTPException) -> JSONResponse:
    """Strawberry's refusal (a plain-text reason) as a BAD_REQUEST error."""
    return error_response(error.status_code, error.reason, BAD_REQUEST)
