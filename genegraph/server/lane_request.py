"""What the planned lane (genegraph.server.planned_lane) reads of a request to /graphql: a
POST's JSON body or a GET's query string (``query``, ``variables``, ``operationName``,
``extensions``), read as Strawberry's view reads them, and the headers the answer
depends on. None for a request the lane leaves to the view before reading any further:
one the view reads another way or refuses (another Content-Type, a POST with a query
string, a streaming Accept, malformed JSON, members of the wrong types, a batch), or
that names no query and no persisted query (a GET without one is GraphiQL's page).
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from cross_web import HTTPException
from starlette.datastructures import QueryParams
from starlette.types import Scope
from strawberry.http import GraphQLRequestData

from genegraph.server.view import JSON, GraphQLView, response_media_type

JSON_TYPE = JSON.encode()
PERSISTED_QUERY = "persistedQuery"


@dataclass(frozen=True, slots=True)
class LaneRequest:
    """A request as its client sent it (``sent.query`` is None for a persisted query's
    hash sent alone), with what of its headers its answer depends on."""

    sent: GraphQLRequestData
    is_get: bool
    media_type: str  # the answer's, from Accept
    if_none_match: str  # a GET's
    content_type: bytes  # a POST's, for the response cache's hit index
    body: bytes | None  # a POST's


def read_post(scope: Scope, body: bytes) -> LaneRequest | None:
    """A POST to /graphql with its body (see the module)."""
    headers = _headers(scope)
    if headers is None or scope["query_string"]:
        return None
    content_type, media_type, _ = headers
    if content_type.split(b";")[0].strip().lower() != JSON_TYPE:
        return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    sent = _request_data(data)
    if sent is None:
        return None
    return LaneRequest(sent, False, media_type, "", content_type, body)


def read_get(scope: Scope, view: GraphQLView) -> LaneRequest | None:
    """A GET of /graphql: its query string parsed by the view's own function."""
    headers = _headers(scope)
    if headers is None:
        return None
    _, media_type, if_none_match = headers
    try:
        data = view.parse_query_params(QueryParams(scope["query_string"]))
    except HTTPException:  # malformed variables or extensions: the view's 400
        return None
    sent = _request_data(data)
    if sent is None:
        return None
    return LaneRequest(sent, True, media_type, if_none_match, b"", None)


def _headers(scope: Scope) -> tuple[bytes, str, str] | None:
    """Content-Type, the answer's media type and If-None-Match (the first of each, as
    Starlette reads them); None for a streaming Accept (Strawberry's multipart and
    server-sent events transports)."""
    content_type = b""
    accept: bytes | None = None
    if_none_match = b""
    for name, value in scope["headers"]:
        if name == b"content-type" and not content_type:
            content_type = value
        elif name == b"accept" and accept is None:
            accept = value
        elif name == b"if-none-match" and not if_none_match:
            if_none_match = value
    if accept is None:
        return content_type, JSON, if_none_match.decode("latin-1")
    if b"multipart" in accept or b"event-stream" in accept:
        return None
    media_type = response_media_type(accept.decode("latin-1"))
    return content_type, media_type, if_none_match.decode("latin-1")


def _request_data(data: dict[str, object]) -> GraphQLRequestData | None:
    """The operation of a request's members, when they are of the types the view takes
    and name a query or a persisted query."""
    query, variables = data.get("query"), data.get("variables")
    operation_name, extensions = data.get("operationName"), data.get("extensions")
    if (
        not isinstance(query, str | None)
        or not isinstance(variables, dict | None)
        or not isinstance(operation_name, str | None)
        or not isinstance(extensions, dict | None)
    ):
        return None
    if query is None and (extensions is None or PERSISTED_QUERY not in extensions):
        return None
    return GraphQLRequestData(query, variables, operation_name, extensions)
