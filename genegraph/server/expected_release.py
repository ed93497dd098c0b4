"""A client's expected release: the request extension ``expectRelease`` (a release number,
from an earlier answer's ``extensions.release.number``). When the release that would answer
differs, the request fails as a whole with HTTP 409 and one ``RELEASE_CHANGED`` error
naming both, so a client paging through results never mixes two releases. Why an
extension and not a header: ARCHITECTURE.md, "The release on every answer"."""

from __future__ import annotations

from graphql import GraphQLError

from genegraph.caching.persisted_queries import BAD_USER_INPUT, Refusal

EXPECT_RELEASE = "expectRelease"
RELEASE_CHANGED = "RELEASE_CHANGED"
CONFLICT = 409


def expected_release(extensions: object) -> int | None:
    """The release a request's extensions expect (None: any); ``Refusal`` when malformed."""
    value = extensions.get(EXPECT_RELEASE) if isinstance(extensions, dict) else None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Refusal(
            f"extensions.{EXPECT_RELEASE} must be a release number (1, 2, ...), as an "
            f"earlier answer's extensions.release.number; got {value!r}",
            BAD_USER_INPUT,
            400,
        )
    return value


def release_changed(expected: int, serving: int) -> GraphQLError:
    """The error of a request that expected release ``expected`` where ``serving`` answers."""
    now = f"release {serving}" if serving else "no release (none is loaded)"
    again = f"expecting release {serving}" if serving else f"without {EXPECT_RELEASE}"
    return GraphQLError(
        f"expectRelease is {expected}, but this server answers from {now}: "
        f"answers of release {expected} can no longer be given. Start again from the "
        f"first page, {again}.",
        extensions={
            "code": RELEASE_CHANGED,
            "expectedRelease": expected,
            "servingRelease": serving or None,
        },
    )


def is_release_changed(errors: list[GraphQLError] | None) -> bool:
    return any((error.extensions or {}).get("code") == RELEASE_CHANGED for error in errors or ())
