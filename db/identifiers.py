"""CURIEs as the field writes them: ``NCBIGene:3558``, ``GO:0006955``, ``NCBITaxon:9606``,
and genegraph's own ``genegraph.release:3`` for a release."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import orjson

# A gene known only from a gene page has no GeneID; its stable id names its
# species and symbol instead: ``GeneSymbol:9606/IL2``.
NCBI_GENE = "NCBIGene"
GENE_SYMBOL = "GeneSymbol"
NCBI_TAXON = "NCBITaxon"
# A release has no id outside genegraph: its prefix names genegraph, lower case and dotted
# so that it is never mistaken for a public database's prefix.
RELEASE = "genegraph.release"
GO_ID_PATTERN = re.compile(r"GO:\d{7}")

_GENE_ID = re.compile(r"NCBIGene:(\d{1,12})")
# What ``gene_ids_in`` reads a batch's GeneID CURIEs by, as _GENE_ID does one's.
_GENE_PREFIX = f"{NCBI_GENE}:"
_GENE_SEPARATOR = f"\n{NCBI_GENE}:"
_GENE_ID_DIGITS = 12
_GENE_SYMBOL = re.compile(r"GeneSymbol:(\d{1,10})/(\S{1,100})")
_TAXON = re.compile(r"NCBITaxon:(\d{1,9})")
_RELEASE = re.compile(r"genegraph\.release:(\d{1,9})")


class InvalidIdentifier(ValueError):
    """An id that is not a CURIE genegraph knows how to read."""


@dataclass(frozen=True, slots=True)
class GeneRef:
    """What a gene CURIE points at: a GeneID, or a taxon and a symbol."""

    gene_id: int | None = None
    taxon_id: int | None = None
    symbol: str | None = None


class NamedGene(Protocol):
    """What names a gene in a CURIE (a gene's record, a download's row)."""

    @property
    def gene_id(self) -> int | None: ...
    @property
    def taxon_id(self) -> int: ...
    @property
    def symbol(self) -> str: ...


# What ``gene_curie`` reads of a gene (NamedGene's fields), for a statement that reads
# only the columns a selection needs (genegraph/execution/planned/statement.py).
GENE_CURIE_FIELDS = ("gene_id", "taxon_id", "symbol")


def gene_curie(gene: NamedGene) -> str:
    """The gene's CURIE (a Gene's ``id``). Takes the record itself: a Gene's reader is
    this function, one call per gene where a wrapper reading the three fields was two
    (BENCHMARKS.md, issue #17)."""
    gene_id = gene.gene_id
    if gene_id is not None:
        return f"{NCBI_GENE}:{gene_id}"
    return f"{GENE_SYMBOL}:{gene.taxon_id}/{gene.symbol}"


def gene_id_in(curie: str) -> int | None:
    """The GeneID an ``NCBIGene:`` CURIE names; None for any other text."""
    match = _GENE_ID.fullmatch(curie)
    return None if match is None else int(match.group(1))


def gene_ids_in(curies: Sequence[str], exact: bool = False) -> list[int] | None:
    """Each CURIE's GeneID, as ``gene_id_in`` reads it, when every one is an
    ``NCBIGene:`` CURIE written with 1 to 12 ASCII digits; None when any is something
    else (a batch's GeneIDs: None sends it to the look-ups that read each input by
    itself). The CURIEs joined by lines, each line's prefix replaced by a comma of one
    JSON array of the digits, read by orjson: string methods in C where a regular
    expression over the lines cost 55 K instructions for a batch of 100 and ``int`` per
    GeneID a third more (BENCHMARKS.md, issue #17). ``exact``: None too when a GeneID is
    written otherwise than as its own digits (a leading zero), so that each CURIE is
    ``NCBIGene:`` and ``str`` of its GeneID (what a statement writing the answer needs)."""
    if not curies:
        return []
    joined = "\n".join(curies)  # a CURIE without the prefix keeps its line break below
    if not joined.startswith(_GENE_PREFIX):
        return None
    # A comma inside a CURIE adds a GeneID, so the count below refuses it.
    digits = joined[len(_GENE_PREFIX) :].replace(_GENE_SEPARATOR, ",")
    # ASCII digits and commas only (the bytes' tests: ``str.isdigit`` looks up every
    # character's Unicode digit value).
    if not digits.isascii() or not digits.encode().translate(None, b",").isdigit():
        return None
    try:
        gene_ids: list[int] = orjson.loads("[" + digits + "]")
    except orjson.JSONDecodeError:  # a GeneID written with leading zeros, or an empty one
        if exact:
            return None
        parts = digits.split(",")
        if not all(0 < len(part) <= _GENE_ID_DIGITS for part in parts):
            return None
        gene_ids = list(map(int, parts))
    else:  # more digits than a GeneID has (orjson reads a large number as a float)
        if max(gene_ids) >= 10**_GENE_ID_DIGITS:
            return None
    # More GeneIDs than CURIEs: a CURIE held a comma, and is not one.
    return gene_ids if len(gene_ids) == len(curies) else None


def parse_gene_curie(curie: str) -> GeneRef:
    if (gene_id := gene_id_in(curie)) is not None:
        return GeneRef(gene_id=gene_id)
    if match := _GENE_SYMBOL.fullmatch(curie):
        return GeneRef(taxon_id=int(match.group(1)), symbol=match.group(2))
    raise InvalidIdentifier(
        f"{curie!r} is not a gene id: expected a CURIE such as 'NCBIGene:3558' "
        "(or 'GeneSymbol:9606/IL2' for a gene known only from a gene page)"
    )


def parse_go_curie(curie: str) -> str:
    if GO_ID_PATTERN.fullmatch(curie):
        return curie
    raise InvalidIdentifier(f"{curie!r} is not a GO term id: expected 'GO:' and 7 digits")


def taxon_curie(taxon_id: int) -> str:
    return f"{NCBI_TAXON}:{taxon_id}"


def parse_taxon_curie(curie: str) -> int:
    if match := _TAXON.fullmatch(curie):
        return int(match.group(1))
    raise InvalidIdentifier(
        f"{curie!r} is not a species id: expected 'NCBITaxon:' and a taxon id, "
        "e.g. 'NCBITaxon:9606'"
    )


def release_curie(number: int) -> str:
    return f"{RELEASE}:{number}"


def parse_release_curie(curie: str) -> int:
    if match := _RELEASE.fullmatch(curie):
        return int(match.group(1))
    raise InvalidIdentifier(
        f"{curie!r} is not a release id: expected '{RELEASE}:' and a release number, "
        f"e.g. '{RELEASE}:1'"
    )
