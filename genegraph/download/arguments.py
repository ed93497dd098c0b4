"""A download's query string, checked before any SQL: each problem is a ``BadArgument``
whose message names the parameter and the value."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from genegraph.db.identifiers import InvalidIdentifier, parse_go_curie
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.evidence import GROUP_OF_CODE
from genegraph.resolvers.taxon_arguments import taxon_for_name

SWITCHES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class BadArgument(ValueError):
    """A parameter a download cannot use; the message says which and why."""


class FileFormat(enum.Enum):
    GAF = "gaf"
    TSV = "tsv"


@dataclass(frozen=True, slots=True)
class DownloadArguments:
    file_format: FileFormat
    genes: tuple[str, ...]  # gene CURIEs as given, resolved against the database later
    taxa: tuple[int, ...]
    terms: tuple[str, ...]  # GO ids (any alt_id), each with its descendants
    with_regulates: bool
    evidence: tuple[str, ...]


PARAMETERS = ("format", "genes", "taxon", "term", "regulates", "evidence")


def values(params: Sequence[tuple[str, str]], name: str) -> tuple[str, ...]:
    """A list parameter's items: repeated (``genes=a&genes=b``), comma-separated, or both."""
    return tuple(
        item.strip()
        for key, value in params
        if key == name
        for item in value.split(",")
        if item.strip()
    )


def parse_arguments(params: Sequence[tuple[str, str]]) -> DownloadArguments:
    unknown = sorted({key for key, _ in params} - set(PARAMETERS))
    if unknown:
        raise BadArgument(
            f"unknown parameter {unknown[0]!r}: a download takes {', '.join(PARAMETERS)}"
        )
    arguments = DownloadArguments(
        file_format=_file_format(values(params, "format")),
        genes=values(params, "genes"),
        taxa=tuple(dict.fromkeys(_taxon(item) for item in values(params, "taxon"))),
        terms=tuple(dict.fromkeys(_term(item) for item in values(params, "term"))),
        with_regulates=_switch(values(params, "regulates")),
        evidence=tuple(dict.fromkeys(_evidence(item) for item in values(params, "evidence"))),
    )
    if not (arguments.genes or arguments.taxa or arguments.terms):
        raise BadArgument(
            "say which annotations to download: give genes (e.g. genes=NCBIGene:3558), "
            "taxon (e.g. taxon=9606) or term (e.g. term=GO:0006955), or several of them"
        )
    return arguments


def _file_format(given: tuple[str, ...]) -> FileFormat:
    if not given:
        return FileFormat.GAF
    if len(given) > 1:
        raise BadArgument(f"give one format, not {', '.join(given)}")
    try:
        return FileFormat(given[0].lower())
    except ValueError:
        raise BadArgument(f"unknown format {given[0]!r}: use gaf or tsv") from None


def _taxon(item: str) -> int:
    number = item.removeprefix("NCBITaxon:")
    if number.isdigit():
        return int(number)
    try:
        return taxon_for_name(item)
    except UserInputError as error:
        raise BadArgument(f"taxon: {error.message}") from None


def _term(item: str) -> str:
    try:
        return parse_go_curie(item)
    except InvalidIdentifier as error:
        raise BadArgument(f"term: {error}") from None


def _evidence(item: str) -> str:
    code = item.upper()
    if code not in GROUP_OF_CODE:
        raise BadArgument(
            f"unknown evidence code {item!r}: use GO evidence codes such as IDA, IMP, IEA "
            f"({', '.join(sorted(GROUP_OF_CODE))})"
        )
    return code


def _switch(given: tuple[str, ...]) -> bool:
    if not given:
        return False
    if len(given) > 1 or given[0].lower() not in SWITCHES:
        raise BadArgument(f"regulates must be true or false, not {','.join(given)!r}")
    return SWITCHES[given[0].lower()]
