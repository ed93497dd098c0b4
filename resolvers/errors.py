"""Errors a client can act on, with a machine-readable ``extensions.code``."""

from __future__ import annotations

from graphql import GraphQLError


class UserInputError(GraphQLError):
    """The request's arguments are wrong: the message says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})
