"""The committed SDL is the schema the code builds, and every part of it is described."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from genegraph.cli import main
from genegraph.schema import SDL_PATH
from genegraph.schema.root import schema


def test_committed_sdl_matches_the_code() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        "schema/schema.graphql is out of date: run `genegraph export-schema -o "
        "schema/schema.graphql` and commit it"
    )


def test_export_schema_command_prints_the_sdl(capsys: object) -> None:
    assert main(["export-schema"]) == 0
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert printed == SDL_PATH.read_text(encoding="utf-8")


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    """What graphql-schema-linter's description rules check (types-, fields-,
    arguments- and enum-values-have-descriptions), over the whole schema, the federation
    specification's types included."""
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{v}" for v, value in graphql_type.values.items() if not value.description
            ]
            continue
        if isinstance(
            graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType
        ):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []
