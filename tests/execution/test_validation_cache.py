"""Validation results are cached by the parsed document's identity
(genegraph/execution/caches/validation.py)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse, specified_rules
from strawberry.schema.schema import validate_document

from genegraph.execution.caches import validation as validation_cache
from genegraph.schema.root import schema

RULES = tuple(specified_rules)


def test_a_document_object_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = validate_document

    def counting(*args: Any) -> Any:
        calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(validation_cache, "validate_document", counting)
    results = validation_cache.ValidationResults(maxsize=2)
    graphql_schema = schema._schema
    good = parse('{ gene(symbol: "IL2") { symbol } }')
    bad = parse('{ gene(symbol: "IL2") { nosuchfield } }')

    assert results.errors(graphql_schema, good, RULES) == []
    assert results.errors(graphql_schema, good, RULES) == []
    assert len(calls) == 1
    # An equal text parsed again is another object: validated again, and its errors kept.
    assert results.errors(graphql_schema, parse('{ gene(symbol: "IL2") { symbol } }'), RULES) == []
    errors = results.errors(graphql_schema, bad, RULES)
    assert [e.message for e in errors] == ["Cannot query field 'nosuchfield' on type 'Gene'."]
    assert results.errors(graphql_schema, bad, RULES) is errors
    assert len(calls) == 3
    # At most maxsize entries: the oldest (``good``) was dropped.
    assert len(results.cache.entries) == 2
    results.errors(graphql_schema, good, RULES)
    assert len(calls) == 4
