"""Which gene a symbol names when several genes of a species share it (one symbol_key):
the loader's Python key (``symbol_choice_key``) and the planned statement's ORDER BY
(``symbol_choice_order``) choose the same gene, the one the rule names: the exact
spelling first, then an NCBI gene before a page-only one, the lowest GeneID, the lowest pk.
On built rows (every case the rule tells apart) and on the real kit's shared symbols."""

from __future__ import annotations

from sqlalchemy import String, func, insert, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.db.models import Gene
from genegraph.resolvers.dataloaders import Loaders, symbol_choice_order
from genegraph.settings import SEED_PAGE
from tests.conftest import StatementLog, run_query
from tests.helpers.kit import LoadedKit, needs_kit

TAXON = 9606  # a species of the seed page
GENES = [  # (symbol, GeneID), inserted in this order, so in the order of their pks
    ("zzCHOICE", None),
    ("zzCHOICE", None),
    ("ZZchoice", None),
    ("ZZCHOICE", None),
    ("ZZCHOICE", 900_003),
    ("ZZCHOICE", 900_002),
    ("zzchoice", 900_001),
    ("ZZchoice", 900_004),
]
CHOSEN = {  # the symbol as asked -> the index in GENES of the gene it names
    "ZZCHOICE": 5,  # the exact spelling; an NCBI gene; the lowest GeneID of those
    "zzchoice": 6,  # the only gene of the exact spelling
    "ZZchoice": 7,  # the exact spelling: an NCBI gene before a page-only one
    "zzCHOICE": 0,  # the exact spelling, both page-only: the lowest pk
    "Zzchoice": 6,  # no gene of the exact spelling: the lowest GeneID
}
QUERY = "query ($s: String!) { gene(symbol: $s, taxon: 9606) { name } }"


async def test_the_loader_and_the_planned_statement_choose_alike(
    engine: AsyncEngine, statements: StatementLog
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    async with engine.begin() as connection:
        pks = [
            (
                await connection.execute(
                    insert(Gene)
                    .values(
                        taxon_id=TAXON,
                        symbol=symbol,
                        symbol_key=symbol.upper(),
                        gene_id=gene_id,
                        name=f"gene {index}",
                    )
                    .returning(Gene.pk)
                )
            ).scalar_one()
            for index, (symbol, gene_id) in enumerate(GENES)
        ]
    expected = {asked: pks[index] for asked, index in CHOSEN.items()}

    loaders = Loaders(engine)
    by_loader = {}
    for asked in CHOSEN:
        gene = await loaders.genes_by_symbol.load((TAXON, asked))
        assert gene is not None, asked
        by_loader[asked] = gene.pk
    assert by_loader == expected

    by_order = {asked: await _chosen_by_order(engine, TAXON, asked) for asked in CHOSEN}
    assert by_order == expected

    # Through the schema: the planned statement's choice, in its one statement.
    for asked, index in CHOSEN.items():
        statements.clear()
        result = await run_query(engine, QUERY, {"s": asked})
        assert result.ok() == {"gene": {"name": f"gene {index}"}}, asked
        assert len(statements) == 1, (asked, statements)


async def _chosen_by_order(engine: AsyncEngine, taxon: int, asked: str) -> int:
    async with engine.connect() as connection:
        return (
            await connection.execute(
                select(Gene.pk)
                .where(Gene.taxon_id == taxon, Gene.symbol_key == asked.upper())
                .order_by(*symbol_choice_order(literal(asked, String)))
                .limit(1)
            )
        ).scalar_one()


@needs_kit
async def test_alike_on_the_kits_shared_symbols(loaded_kit: LoadedKit) -> None:
    """Every symbol the kit gives to more than one gene of a species, as spelt in the
    kit and in lower case: the loader and the ORDER BY choose the same gene."""
    engine = create_engine(loaded_kit.url)
    try:
        async with engine.connect() as connection:
            shared = (
                select(Gene.taxon_id, Gene.symbol_key)
                .group_by(Gene.taxon_id, Gene.symbol_key)
                .having(func.count() > 1)
            )
            rows = (
                await connection.execute(
                    select(Gene.taxon_id, Gene.symbol, Gene.symbol_key)
                    .where(tuple_(Gene.taxon_id, Gene.symbol_key).in_(shared))
                    .distinct()
                )
            ).all()
        asked = sorted(
            {(row.taxon_id, row.symbol) for row in rows}
            | {(row.taxon_id, row.symbol_key.lower()) for row in rows}
        )
        assert asked, "the kit has no symbol shared by two genes of a species"
        genes = await Loaders(engine).genes_by_symbol.load_many(asked)
        by_loader = {key: gene.pk for key, gene in zip(asked, genes, strict=True) if gene}
        by_order = {key: await _chosen_by_order(engine, *key) for key in asked}
        assert by_loader == by_order
    finally:
        await engine.dispose()
