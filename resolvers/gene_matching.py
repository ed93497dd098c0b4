"""Matching what clients type to genes, for `gene(...)` and the batch `genes(...)`.

Ids: NCBI GeneIDs (current, or discontinued and replaced), page-only genes, and ids in
other databases ("Ensembl:ENSG00000109471", "MIM:147680", "HGNC:6001"). Symbols: the
official symbol in a species, else an alias naming exactly one gene of that species.
All look-ups go through the request's DataLoaders, so a batch of a thousand inputs costs
a handful of statements, not a thousand.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Sequence
from typing import Any, NamedTuple, TypeVar

from strawberry.dataloader import DataLoader

from genegraph.db.identifiers import (
    GENE_SYMBOL,
    NCBI_GENE,
    GeneRef,
    InvalidIdentifier,
    gene_curie,
    parse_gene_curie,
)
from genegraph.resolvers import aliases_and_xrefs
from genegraph.resolvers.dataloaders import Loaders, SymbolKey
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.links import stored_database_name
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.taxon_arguments import require_loaded

MAX_BATCH = 1_000
K = TypeVar("K")
V = TypeVar("V")
_GENE_PREFIXES = {NCBI_GENE, GENE_SYMBOL}
_new_tuple = tuple.__new__


class MatchKind(enum.Enum):
    ID = "id"
    DISCONTINUED_ID = "discontinued_id"
    XREF = "xref"
    SYMBOL = "symbol"
    ALIAS = "alias"


class GeneMatch(NamedTuple):  # not a frozen dataclass: cheaper to make (resolvers/records.py)
    input: str
    gene: GeneRecord | None
    kind: MatchKind | None
    candidates: tuple[GeneRecord, ...] = ()
    problem: str | None = None
    # The input is not an id at all (as opposed to an id nobody has).
    invalid: bool = False


def _describe(genes: tuple[GeneRecord, ...]) -> str:
    return ", ".join(f"{gene_curie(g)} ({g.symbol})" for g in genes)


def _one_of(text: str, genes: list[GeneRecord], kind: MatchKind, what: str) -> GeneMatch:
    if len(genes) == 1:
        return GeneMatch(text, genes[0], kind)
    if not genes:
        return GeneMatch(text, None, None, problem=f"no gene has {what} {text!r}")
    found = tuple(genes)
    return GeneMatch(
        text, None, None, found, f"{what} {text!r} names {len(found)} genes: {_describe(found)}"
    )


def _not_an_id(text: str) -> GeneMatch:
    problem = f"{text!r} is not a gene id: expected a CURIE such as 'NCBIGene:3558', " + (
        "'GeneSymbol:9606/IL2' or an id in another database, e.g. 'Ensembl:ENSG00000109471'"
    )
    return GeneMatch(text, None, None, problem=problem, invalid=True)


def _xref_key(text: str) -> aliases_and_xrefs.XrefKey | None:
    """(database as stored, id) for an id in another database; None for text that is not one."""
    database, colon, identifier = text.partition(":")
    if not colon or not database or not identifier or database in _GENE_PREFIXES:
        return None
    return stored_database_name(database), identifier


async def match_ids(
    loaders: Loaders, texts: Sequence[str], taxon: int | None = None
) -> list[GeneMatch]:
    """Each id's answer, in order. Every look-up of a kind is asked for at once, as one
    future (``_each``: one DataLoader key for the whole list; no coroutine or task per
    input), so a batch costs the same statements as one id."""
    refs: list[GeneRef | None] = []
    for text in texts:
        try:
            refs.append(parse_gene_curie(text))
        except InvalidIdentifier:
            refs.append(None)
    gene_ids = [r.gene_id for r in refs if r is not None and r.gene_id is not None]
    symbols: list[SymbolKey] = []
    for ref in refs:
        if ref is not None and ref.gene_id is None:
            assert ref.taxon_id is not None and ref.symbol is not None
            symbols.append((ref.taxon_id, ref.symbol))
    xref_keys = [_xref_key(t) for t, r in zip(texts, refs, strict=True) if r is None]
    asked_xrefs = [k for k in xref_keys if k is not None]
    by_gene_id, by_symbol, by_xref = await asyncio.gather(
        _each(loaders.genes_by_gene_ids, gene_ids),
        _each(loaders.genes_by_symbols, symbols),
        loaders.genes_by_xref.load_many(asked_xrefs) if asked_xrefs else _empty(),
    )
    missing = [i for i, gene in zip(gene_ids, by_gene_id, strict=True) if gene is None]
    replacements = (
        dict(zip(missing, await loaders.genes_by_discontinued_id.load_many(missing), strict=True))
        if missing
        else {}
    )
    found_by_id, found_by_symbol, found_by_xref = iter(by_gene_id), iter(by_symbol), iter(by_xref)
    keys = iter(xref_keys)
    matches = []
    for text, ref in zip(texts, refs, strict=True):
        if ref is not None and ref.gene_id is not None:
            gene = next(found_by_id)
            replacement = None if gene is not None else replacements[ref.gene_id]
            matches.append(gene_id_match(text, gene, replacement))
        elif ref is not None:
            gene = next(found_by_symbol)
            if gene is None:
                matches.append(GeneMatch(text, None, None, problem=f"no gene has the id {text!r}"))
            else:
                matches.append(GeneMatch(text, gene, MatchKind.ID))
        elif next(keys) is None:
            matches.append(_not_an_id(text))
        else:
            genes = next(found_by_xref)
            if taxon is not None:
                genes = [g for g in genes if g.taxon_id == taxon]
            matches.append(_one_of(text, genes, MatchKind.XREF, "the id"))
    return matches


# Read once: on Python 3.11 a member read from its class (``MatchKind.ID``) is a Python
# call (``EnumType.__getattr__``), about 2 K instructions, once per matched GeneID.
_BY_ID = MatchKind.ID


def gene_id_match(text: str, gene: GeneRecord | None, replacement: GeneRecord | None) -> GeneMatch:
    """The answer to a GeneID: its current gene, else the gene that replaced it (a
    discontinued GeneID), else none."""
    if gene is not None:  # most: tuple.__new__ itself, GeneMatch(...) a Python call more
        return _new_tuple(GeneMatch, (text, gene, _BY_ID, (), None, False))
    if replacement is not None:
        return GeneMatch(text, replacement, MatchKind.DISCONTINUED_ID)
    return GeneMatch(text, None, None, problem=f"no gene has the id {text!r}")


def gene_id_matches(
    texts: Sequence[str],
    gene_ids: Sequence[int],
    current: dict[int, GeneRecord],
    replacements: dict[int, GeneRecord],
) -> list[GeneMatch]:
    """``gene_id_match`` of each input (its text and GeneID) with the current gene of that
    GeneID, else its replacement, in order: one comprehension, a found gene's match made
    in it as ``gene_id_match`` makes it, the others by that call (a batch of 100 GeneIDs
    made a call per input, BENCHMARKS.md, issue #17)."""
    found = current.get
    return [
        _new_tuple(GeneMatch, (text, gene, _BY_ID, (), None, False))
        if (gene := found(gene_id)) is not None
        else gene_id_match(text, None, replacements.get(gene_id))
        for text, gene_id in zip(texts, gene_ids, strict=True)
    ]


def _each(loader: DataLoader[tuple[K, ...], list[V]], keys: Sequence[K]) -> Awaitable[list[V]]:
    """Each key's value, from a loader of whole lists (``Loaders.genes_by_gene_ids``): a
    future, so gathering it makes no task."""
    return loader.load(tuple(keys)) if keys else _empty()


def _empty() -> asyncio.Future[list[Any]]:
    """An empty list, at once, for a look-up with no keys."""
    future: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
    future.set_result([])
    return future


async def match_id(loaders: Loaders, text: str, taxon: int | None = None) -> GeneMatch:
    return (await match_ids(loaders, [text], taxon))[0]


async def match_symbols(loaders: Loaders, texts: Sequence[str], taxon: int) -> list[GeneMatch]:
    """Each symbol's answer, in order: the official symbol, else an alias (one look-up of
    each kind for all of them, as in ``match_ids``)."""
    genes = await _each(loaders.genes_by_symbols, [(taxon, text) for text in texts])
    unmatched = [text for text, gene in zip(texts, genes, strict=True) if gene is None]
    by_alias = iter(await loaders.genes_by_alias.load_many([(taxon, t.upper()) for t in unmatched]))
    return [
        GeneMatch(text, gene, MatchKind.SYMBOL)
        if gene is not None
        else _one_of(text, next(by_alias), MatchKind.ALIAS, "the symbol or alias")
        for text, gene in zip(texts, genes, strict=True)
    ]


async def match_symbol(loaders: Loaders, text: str, taxon: int) -> GeneMatch:
    return (await match_symbols(loaders, [text], taxon))[0]


async def match_alias(loaders: Loaders, text: str, taxon: int | None) -> GeneMatch:
    genes = await loaders.genes_by_alias.load((taxon, text.upper()))
    return _one_of(text, genes, MatchKind.ALIAS, "the alias")


def check_batch_size(ids: Sequence[str] | None, symbols: Sequence[str] | None) -> None:
    """A batch asking for more than ``MAX_BATCH`` inputs is refused."""
    count = len(ids or ()) + len(symbols or ())
    if count > MAX_BATCH:
        raise UserInputError(
            f"genes: {count} ids and symbols asked for, at most {MAX_BATCH} per request; "
            "split the list"
        )


async def match_batch(
    loaders: Loaders, ids: Sequence[str] | None, symbols: Sequence[str] | None, taxon: int
) -> list[GeneMatch]:
    """One answer per input, ids' answers first, each list in the order given."""
    check_batch_size(ids, symbols)
    # Two coroutines, so that ids and symbols share each loader's statements.
    by_id, by_symbol = await asyncio.gather(
        match_ids(loaders, ids or ()), match_symbols(loaders, symbols or (), taxon)
    )
    if any(m.gene is None and not m.candidates for m in by_symbol):
        await require_loaded(loaders, taxon, "genes")
    return by_id + by_symbol
