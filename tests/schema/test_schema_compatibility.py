"""No breaking change against the published schema unless accepted on purpose
(schema/compatibility.py says how)."""

from __future__ import annotations

from graphql import BreakingChangeType, build_schema

from genegraph.schema.compatibility import (
    ACCEPT_COMMAND,
    BASELINE_PATH,
    breaking_changes,
    live_sdl,
    read_sdl,
)


def test_no_breaking_change_against_the_baseline() -> None:
    live = build_schema(live_sdl(), assume_valid_sdl=True)
    changes = breaking_changes(read_sdl(BASELINE_PATH), live)
    assert changes == [], (
        "breaking changes against schema/baseline.graphql:\n"
        + "\n".join(f"  {c.type.name}: {c.description}" for c in changes)
        + f"\nIf they are on purpose, run `{ACCEPT_COMMAND}` and commit the baseline, "
        "saying why; else keep the old fields (deprecate them with @deprecated(reason:))."
    )


def test_a_removed_field_is_breaking() -> None:
    """The check can fail: on the baseline itself, edited as a careless change would."""
    text = BASELINE_PATH.read_text(encoding="utf-8")
    field = '  """Cytogenetic location, e.g. "4q27"."""\n  mapLocation: String\n'
    assert field in text
    without_field = text.replace(field, "", 1)
    changes = breaking_changes(
        read_sdl(BASELINE_PATH), build_schema(without_field, assume_valid_sdl=True)
    )
    assert [(c.type, c.description) for c in changes] == [
        (BreakingChangeType.FIELD_REMOVED, "Field Gene.mapLocation was removed.")
    ]


def test_additions_are_not_breaking() -> None:
    text = BASELINE_PATH.read_text(encoding="utf-8")
    added = text.replace("  mapLocation: String\n", "  mapLocation: String\n  band: String\n", 1)
    assert added != text
    assert (
        breaking_changes(read_sdl(BASELINE_PATH), build_schema(added, assume_valid_sdl=True)) == []
    )
