"""Term → genes read two ways (resolvers/term_genes.py): pages of broad terms walked in
symbol order with the length from the stored per-species counts, the others numbered. On
a small release drawn at random (seeded), whichever way a page is read, every page of
every term equals the numbered one: broad and narrow terms, terms without genes, an
obsolete term, NOT qualifiers, symbols equal but for case, after-cursors, the last page
and past it. Broad terms' first ``PREFIX`` genes are stored (a few, so pages end both
among them and past them)."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import ColumnElement, Connection, delete, func, literal_column, select

from genegraph.db import background_counts, term_gene_lists
from genegraph.db.engine import engine_scope
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import alembic_config, upgrade
from genegraph.db.models import BackgroundSize, BackgroundTermCount, TermGeneList
from genegraph.resolvers import term_genes
from genegraph.resolvers.ontology import Page
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.rows import Fetch, OnDriver
from genegraph.resolvers.term_genes import TermGenesKey, genes_of_terms, numbered
from tests.conftest import Database

SEED = 16
TERMS = 40
HUMAN, MOUSE = 9606, 10090
GENES = {HUMAN: 90, MOUSE: 30}
OBSOLETE = "GO:0000099"
ROOT = "GO:0008150"
# Broad terms' genes stored (``term_gene_lists.PREFIX_GENES``) in this module's loads.
PREFIX = 4


@pytest.fixture(autouse=True)
def few_first_genes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(term_gene_lists, "PREFIX_GENES", PREFIX)


def term_id(number: int) -> str:
    return f"GO:{number:07d}"


def drawn_release(folder: Path) -> list[Source]:
    """An ontology under biological_process whose terms each have one to three parents
    earlier in the list (is_a, part_of or regulates), an obsolete term, and genes of two
    species with few distinct symbols (ties in symbol order, some equal but for case),
    each annotated to a few terms drawn with a bias to the deep ones, some NOT."""
    rng = random.Random(SEED)
    stanzas = [f"[Term]\nid: {ROOT}\nname: biological_process\nnamespace: biological_process\n"]
    terms = [ROOT]
    for number in range(1, TERMS):
        go_id = term_id(number)
        lines = [f"[Term]\nid: {go_id}\nname: term {number}\nnamespace: biological_process"]
        parents = rng.sample(terms, min(len(terms), rng.randint(1, 3)))
        lines.append(f"is_a: {parents[0]}")
        for parent in parents[1:]:
            relation = rng.choice(["part_of", "regulates", "is_a"])
            lines.append(
                f"is_a: {parent}" if relation == "is_a" else f"relationship: {relation} {parent}"
            )
        stanzas.append("\n".join(lines) + "\n")
        terms.append(go_id)
    stanzas.append(
        f"[Term]\nid: {OBSOLETE}\nname: obsolete term\nnamespace: biological_process\n"
        "is_obsolete: true\n"
    )
    typedefs = "".join(
        f"[Typedef]\nid: {name}\nname: {name}\n\n" for name in ("part_of", "regulates")
    )
    (folder / "drawn.obo").write_text(
        "format-version: 1.2\ndata-version: releases/drawn\n\n"
        + "\n".join(stanzas)
        + "\n"
        + typedefs
    )

    letters = ["Ab", "AB", "ab", "Cd", "Ef", "X1", "x1", "Zz"]
    info = [
        "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs\tchromosome\tmap_location\t"
        "description\ttype_of_gene\tSymbol_from_nomenclature_authority\t"
        "Full_name_from_nomenclature_authority\tNomenclature_status\tOther_designations\t"
        "Modification_date\tFeature_type\n"
    ]
    gene2go = ["#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory\n"]
    gene_id = 1000
    for taxon, count in GENES.items():
        for _ in range(count):
            gene_id += 1
            symbol = rng.choice(letters) + (str(rng.randint(1, 4)) if rng.random() < 0.5 else "")
            info.append(
                f"{taxon}\t{gene_id}\t{symbol}\t-\t-\t-\t1\t1p1\tgene {gene_id}\tprotein-coding\t"
                "-\t-\t-\t-\t20220912\t-\n"
            )
            if rng.random() < 0.15:
                continue  # no annotation at all
            for _ in range(rng.randint(1, 4)):
                go_id = (
                    OBSOLETE
                    if rng.random() < 0.05
                    else terms[int(len(terms) * rng.random() ** 0.5)]
                )
                qualifier = "NOT involved_in" if rng.random() < 0.1 else "involved_in"
                evidence = rng.choice(["IDA", "IEA", "IMP"])
                gene2go.append(
                    f"{taxon}\t{gene_id}\t{go_id}\t{evidence}\t{qualifier}\tt\t-\tProcess\n"
                )
    (folder / "gene_info").write_text("".join(info))
    (folder / "gene2go").write_text("".join(gene2go))
    return [Source(folder / name) for name in ("drawn.obo", "gene_info", "gene2go")]


@pytest.fixture(scope="module")
def drawn(module_database: Database, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The drawn release, loaded once per backend; the tests only read it."""

    async def build() -> None:
        async with engine_scope(module_database.url) as engine:
            await upgrade(engine)
            await load(engine, drawn_release(tmp_path_factory.mktemp("term_genes")))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(term_gene_lists, "PREFIX_GENES", PREFIX)
        asyncio.run(build())
    return module_database.url


def all_terms() -> list[str]:
    return [ROOT, OBSOLETE, *(term_id(n) for n in range(1, TERMS)), "GO:0000098"]


def keys_of(go_id: str, total: int) -> Iterator[TermGenesKey]:
    """Every kind of key for one term whose numbered list holds ``total`` genes."""
    windows = [Window(0, 5), Window(5, 5), Window(0, 0), Window(3, 100), Window(total - 1, 5)]
    windows += [Window(total, 5), Window(max(total - 3, 0), 3), Window(0, 50)]
    # Ending at a broad term's last stored gene, and just past it.
    windows += [Window(1, PREFIX - 1), Window(PREFIX - 1, 2)]
    for taxon, window in itertools.product((HUMAN, MOUSE, None), windows):
        if window.offset >= 0:
            yield TermGenesKey(go_id, taxon, True, False, None, window)
    yield TermGenesKey(go_id, HUMAN, True, False, frozenset({"IDA"}), Window(0, 5))
    yield TermGenesKey(go_id, HUMAN, True, True, None, Window(1, 5))
    yield TermGenesKey(go_id, HUMAN, False, False, None, Window(0, 5))


async def pages_both_ways(
    url: str,
) -> list[tuple[TermGenesKey, Page[GeneRecord], Page[GeneRecord]]]:
    found = []
    async with engine_scope(url) as engine:
        fetch = Fetch(engine)
        for go_id in all_terms():
            [whole] = await numbered(
                fetch, [TermGenesKey(go_id, HUMAN, True, False, None, Window(0, 1))]
            )
            keys = list(keys_of(go_id, whole.total))
            for key, now in zip(keys, await genes_of_terms(fetch, keys), strict=True):
                [before] = await numbered(fetch, [key])
                found.append((key, before, now))
    return found


@pytest.mark.parametrize(
    "walk", ["always", "never", "by cost", "always, out of budget", "more first genes asked"]
)
def test_pages_equal_the_numbered_ones(
    drawn: str, walk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if walk in ("always", "never", "always, out of budget"):
        monkeypatch.setattr(term_genes, "walks", lambda *_: walk.startswith("always"))
    if walk == "always, out of budget":
        # Each walk stops after a few genes, as when a term's genes sit late in symbol
        # order: the page is then listed.
        monkeypatch.setattr(term_genes, "walk_budget", lambda *_: 3)
    if walk == "more first genes asked":
        # The server expects more of a broad term's genes stored than the load stored: a
        # page past them is read from them, found short, and walked or listed.
        monkeypatch.setattr(term_gene_lists, "PREFIX_GENES", 50)
    found = asyncio.run(pages_both_ways(drawn))
    assert [key for key, before, now in found if before != now] == []
    # The release holds what the comparison is about: broad and narrow lists, pages that
    # end inside the list, and pages past its end.
    totals = {before.total for key, before, _ in found if key.taxon_id == HUMAN}
    assert 0 in totals and max(totals) > 50 and len(totals) > 5
    assert any(before.items and len(before.items) < key.window.limit for key, before, _ in found)


def test_stored_lists_are_the_numbered_pages(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every term with genes narrow enough to be stored (a divisor of 1), each term's
    stored list holds its stored count of genes, the lists the load stored are those
    migration 0008's SQL writes, and every page read from them equals the numbered one."""
    monkeypatch.setattr(term_gene_lists, "SHARE_DIVISOR", 1)
    stored_rows = select(TermGeneList).order_by(*TermGeneList.__table__.primary_key)
    lists: list[list[tuple[object, ...]]] = []

    async def build() -> list[tuple[int, str, int, int]]:
        async with engine_scope(database.url) as engine:
            await upgrade(engine)
            await load(engine, drawn_release(tmp_path))
            async with engine.begin() as conn:
                lists.append([tuple(row) for row in await conn.execute(stored_rows)])
                await conn.execute(delete(TermGeneList))
                await conn.execute(term_gene_lists.fill())
                lists.append([tuple(row) for row in await conn.execute(stored_rows)])
            async with engine.connect() as conn:
                rows = await conn.execute(
                    select(
                        BackgroundTermCount.taxon_id,
                        BackgroundTermCount.go_id,
                        BackgroundTermCount.gene_count,
                        select(func.count())
                        .where(
                            TermGeneList.taxon_id == BackgroundTermCount.taxon_id,
                            TermGeneList.go_id == BackgroundTermCount.go_id,
                        )
                        .scalar_subquery(),
                    )
                )
                return [tuple(row) for row in rows]

    counts = asyncio.run(build())
    assert counts and [row for row in counts if row[2] != row[3]] == []
    assert lists[0] and lists[0] == lists[1]
    found = asyncio.run(pages_both_ways(database.url))
    assert [key for key, before, now in found if before != now] == []
    assert any(now.items for key, _, now in found if term_genes.counted(key))


def test_migration_0010_stores_the_broad_terms_first_genes(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Down to 0009 a loaded database keeps the narrow terms' lists only; up again,
    migration 0010 stores the broad terms' first genes the load stored."""
    monkeypatch.setattr(term_gene_lists, "SHARE_DIVISOR", 4)
    stored_rows = select(*TermGeneList.__table__.columns)

    def migrate(connection: Connection, down: bool) -> None:
        if down:
            command.downgrade(alembic_config(connection), "0009_genes_symbol_walk")
        else:
            command.upgrade(alembic_config(connection), "head")

    async def build() -> list[set[tuple[object, ...]]]:
        found = []
        async with engine_scope(database.url) as engine:
            await upgrade(engine)
            await load(engine, drawn_release(tmp_path))
            for down in (None, True, False):
                async with engine.begin() as conn:
                    if down is not None:
                        await conn.run_sync(migrate, down)
                    found.append({tuple(row) for row in await conn.execute(stored_rows)})
                    if down is None:
                        narrow = term_gene_lists.narrow_lists()
                        found.append({tuple(row) for row in await conn.execute(narrow)})
        return found

    loaded, narrow, down, up = asyncio.run(build())
    assert narrow and len(loaded) > len(narrow)
    assert down == narrow
    assert up == loaded


@pytest.mark.parametrize("divisor", [1, 4])
def test_lists_are_written_in_key_order(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, divisor: int
) -> None:
    """The load writes the lists in their key's order (the table's physical order on
    PostgreSQL, which makes its key build cheap), also over several blocks of genes and several
    bucket files, and they are the rows migrations 0008 and 0010's SQL writes: with a
    divisor of 4, narrow terms' whole lists and broad terms' first ``PREFIX`` genes, chosen
    over blocks of genes merged a few pairs at a time."""
    monkeypatch.setattr(term_gene_lists, "SHARE_DIVISOR", divisor)
    monkeypatch.setattr(background_counts, "GENES_PER_BLOCK", 7)
    monkeypatch.setattr(term_gene_lists, "ROWS_PER_BUCKET", 40)
    monkeypatch.setattr(term_gene_lists, "_PREFIX_MERGE", 5)
    # SQLite keeps the table in its key's B-tree alone (WITHOUT ROWID): a plain scan reads
    # the rows in the key's order whatever order they were written in.
    physical: list[ColumnElement[object]] = (
        [literal_column("ctid")] if database.backend == "postgresql" else []
    )
    columns = [TermGeneList.__table__.c[name] for name in term_gene_lists.COLUMNS]
    lists: list[list[tuple[object, ...]]] = []

    async def build() -> None:
        async with engine_scope(database.url) as engine:
            await upgrade(engine)
            await load(engine, drawn_release(tmp_path))
            async with engine.begin() as conn:
                derived = term_gene_lists.derived().subquery()
                for statement in (
                    select(*columns).order_by(*physical),
                    select(*columns).order_by(*columns),
                    select(derived).order_by(*derived.c),
                ):
                    lists.append([tuple(row) for row in await conn.execute(statement)])
                rows = await conn.execute(
                    select(
                        BackgroundTermCount.taxon_id,
                        BackgroundTermCount.go_id,
                        BackgroundTermCount.gene_count,
                        BackgroundSize.genes,
                    ).join(BackgroundSize, BackgroundSize.taxon_id == BackgroundTermCount.taxon_id)
                )
                counted.extend((taxon, go_id, n, species) for taxon, go_id, n, species in rows)

    counted: list[tuple[int, str, int, int]] = []
    asyncio.run(build())
    written, keyed, derived = lists
    assert len(keyed) > 200 and len({row[1] for row in keyed}) > 10
    assert written == keyed
    assert keyed == derived
    # Each term's stored rows: its count when narrow, else its first PREFIX genes.
    rows = Counter((row[0], row[1]) for row in keyed)
    expected = {
        (taxon, go_id): count if count * divisor <= species else min(count, PREFIX)
        for taxon, go_id, count, species in counted
    }
    assert rows == expected
    shares = {(count * divisor <= species, count > PREFIX) for _, _, count, species in counted}
    assert divisor == 1 or {(True, False), (False, True)} <= shares


def test_stored_totals_are_the_numbered_lengths(drawn: str) -> None:
    """The stored counts give exactly the numbered list's length for every live term and
    species, and no length for an obsolete term (which they leave out)."""

    async def lengths() -> list[tuple[str, int, int | None, int]]:
        async with engine_scope(drawn) as engine:
            fetch = Fetch(engine)
            rows = []
            for taxon in (HUMAN, MOUSE):
                totals, _ = await term_genes.stored_totals(fetch, taxon, set(all_terms()))
                for go_id in all_terms():
                    key = TermGenesKey(go_id, taxon, True, False, None, Window(0, 1))
                    [page] = await numbered(fetch, [key])
                    rows.append((go_id, taxon, totals.get(go_id), page.total))
            return rows

    rows = asyncio.run(lengths())
    live = [
        (go_id, taxon, stored, total) for go_id, taxon, stored, total in rows if go_id != OBSOLETE
    ]
    assert [row for row in live if row[2] != row[3] and row[0] != "GO:0000098"] == []
    # An unknown term has no row; the obsolete term has annotations but no stored count.
    assert {stored for go_id, _, stored, _ in rows if go_id in (OBSOLETE, "GO:0000098")} == {None}
    assert any(total > 0 for go_id, _, _, total in rows if go_id == OBSOLETE)


def test_no_page_is_read_past_the_end_of_a_known_list(
    drawn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the end of a list whose length is stored (or for a term without genes) only
    the stored count is read, no page."""
    run_rows = OnDriver.rows
    statements: list[dict[str, object]] = []

    async def counted_rows(self: OnDriver, fetch: Fetch, values: dict[str, object]) -> object:
        statements.append(values)
        return await run_rows(self, fetch, values)

    async def run() -> Page[GeneRecord]:
        async with engine_scope(drawn) as engine:
            fetch = Fetch(engine)
            key = TermGenesKey(ROOT, HUMAN, True, False, None, Window(0, 1))
            [whole] = await numbered(fetch, [key])
            monkeypatch.setattr(OnDriver, "rows", counted_rows)
            past = TermGenesKey(ROOT, HUMAN, True, False, None, Window(whole.total, 5))
            [page] = await genes_of_terms(fetch, [past])
            return page

    page = asyncio.run(run())
    assert page.total > 0 and page.items == ()
    assert [sorted(values) for values in statements] == [["taxon", "terms"]]


def test_a_broad_terms_first_pages_are_read_from_its_stored_genes(
    drawn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of a broad term (not stored whole) that ends among its first ``PREFIX``
    genes is read from the stored rows, neither walked nor listed; a page past them is
    walked, not read from them, from the start or, when it starts past them, from the last
    of them; all equal the numbered ones."""
    monkeypatch.setattr(term_genes, "walks", lambda *_: True)
    run_rows = OnDriver.rows
    statements: list[OnDriver] = []

    async def spied_rows(self: OnDriver, fetch: Fetch, values: dict[str, object]) -> object:
        statements.append(self)
        return await run_rows(self, fetch, values)

    async def run() -> list[tuple[Window, list[OnDriver], Page[GeneRecord], Page[GeneRecord]]]:
        read = []
        async with engine_scope(drawn) as engine:
            fetch = Fetch(engine)
            totals, annotated = await term_genes.stored_totals(fetch, HUMAN, {ROOT})
            assert not term_gene_lists.listed(totals[ROOT], annotated)
            assert totals[ROOT] > PREFIX + 1
            windows = [Window(0, PREFIX), Window(1, PREFIX - 1), Window(PREFIX - 1, 2)]
            for window in [*windows, Window(PREFIX, 2), Window(PREFIX + 1, 2)]:
                key = TermGenesKey(ROOT, HUMAN, True, False, None, window)
                [before] = await numbered(fetch, [key])
                statements.clear()
                with monkeypatch.context() as patch:
                    patch.setattr(OnDriver, "rows", spied_rows)
                    [now] = await genes_of_terms(fetch, [key])
                read.append((window, list(statements), before, now))
        return read

    found = asyncio.run(run())
    stored, walked = term_genes._stored_list(), term_genes._walked()
    after = term_genes._walked(after_stored=True)
    assert [(w, before == now) for w, _, before, now in found] == [(w, True) for w, *_ in found]
    assert [len(used) for _, used, _, _ in found] == [2, 2, 2, 2, 2]
    assert [used[1] for _, used, _, _ in found] == [stored, stored, walked, after, after]
    assert all(before.items for _, _, before, _ in found)


def test_a_term_without_a_stored_count_is_listed_not_numbered(
    drawn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The obsolete term (which the stored counts leave out) and an unknown term are read
    by listing, with the length counted as listed: numbering the obsolete term planned a
    hash of every gene of the species at 100x."""

    async def run() -> list[tuple[Page[GeneRecord], Page[GeneRecord]]]:
        async with engine_scope(drawn) as engine:
            fetch = Fetch(engine)
            keys = [
                TermGenesKey(go_id, taxon, True, False, None, window)
                for go_id in (OBSOLETE, "GO:0000098")
                for taxon in (HUMAN, MOUSE)
                for window in (Window(0, 2), Window(1, 50))
            ]
            before = await numbered(fetch, keys)

            def refused(*_: object) -> None:
                raise AssertionError("numbered")

            monkeypatch.setattr(term_genes, "_numbered", refused)
            return list(zip(before, await genes_of_terms(fetch, keys), strict=True))

    found = asyncio.run(run())
    assert [pair for pair in found if pair[0] != pair[1]] == []
    assert any(before.items for before, _ in found)
