"""Breaking changes against the published schema, and how one is accepted on purpose.

``schema/schema.graphql`` follows the code (tests/schema/test_schema_sdl.py: regenerate it after
any change). ``schema/baseline.graphql`` is the schema clients were last promised: it moves
only when someone runs ``python -m schema.compatibility accept``, and that commit, the
baseline's diff, is the record that a breaking change was made on purpose. Until then
tests/schema/test_schema_compatibility.py fails on any change that can break a client (a type,
field or argument removed, a type changed, a new required argument ...). Additions are
not breaking and need no acceptance.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graphql import (
    BreakingChange,
    DangerousChange,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

BASELINE_PATH = Path(__file__).parent / "baseline.graphql"
ACCEPT_COMMAND = "python -m schema.compatibility accept"


def read_sdl(path: Path) -> GraphQLSchema:
    # The federation directives (@link, @key) are not defined in the SDL text itself.
    return build_schema(path.read_text(encoding="utf-8"), assume_valid_sdl=True)


def breaking_changes(old: GraphQLSchema, new: GraphQLSchema) -> list[BreakingChange]:
    return find_breaking_changes(old, new)


def dangerous_changes(old: GraphQLSchema, new: GraphQLSchema) -> list[DangerousChange]:
    return find_dangerous_changes(old, new)


def live_sdl() -> str:
    from genegraph.schema.root import schema

    return schema.as_str() + "\n"


def main(argv: list[str]) -> int:
    """``accept``: make the live schema the baseline; ``check``: list changes against it."""
    if argv == ["accept"]:
        BASELINE_PATH.write_text(live_sdl(), encoding="utf-8")
        print(f"{BASELINE_PATH.name} is now the live schema: commit it, saying why")
        return 0
    if argv == ["check"]:
        live = build_schema(live_sdl(), assume_valid_sdl=True)
        old = read_sdl(BASELINE_PATH)
        for change in breaking_changes(old, live):
            print(f"breaking: {change.type.name}: {change.description}")
        for danger in dangerous_changes(old, live):
            print(f"dangerous: {danger.type.name}: {danger.description}")
        return 1 if breaking_changes(old, live) else 0
    print("usage: python -m schema.compatibility check|accept", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
