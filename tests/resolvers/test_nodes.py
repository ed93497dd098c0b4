"""Relay's Global Object Identification on the real kit (discontinued GeneIDs on small
files: the kit's human ones are all withdrawn), on each backend: `node(id:)` and
`nodes(ids:)` answer every Node by the id it gives, follow merged ids as `gene(id:)` and
`goTerm(id:)` do, tell an unknown id (null) from one that is no Node id (BAD_USER_INPUT),
and look up 100 ids of mixed types in one statement per type."""

from __future__ import annotations

import asyncio
import csv
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.resolvers.context import Context
from genegraph.resolvers.gene_matching import MAX_BATCH
from genegraph.schema.root import schema
from tests.conftest import FIXTURES, SHARED_DATA, GraphQLResult, run_query
from tests.helpers.kit import LoadedKit, needs_kit
from tests.helpers.sources import HISTORY, write

NODE_FIELDS = "__typename id"
CARD = """{ gene(symbol: "IL2") { id species { id }
    goTerms { id } orthologs { gene { id species { id } } } }
  currentRelease { id number } }"""


@pytest.fixture(scope="module")
def kit(loaded_kit: LoadedKit) -> Iterator[tuple[asyncio.Runner, AsyncEngine]]:
    """One event loop and engine for the module, so the statement log sees every request."""
    runner = asyncio.Runner()
    engine = create_engine(loaded_kit.url)
    yield runner, engine
    runner.run(engine.dispose())
    runner.close()


def execute(
    kit: tuple[asyncio.Runner, AsyncEngine], text: str, variables: dict[str, Any] | None = None
) -> GraphQLResult:
    runner, engine = kit
    return runner.run(run_query(engine, text, variables))


def human_gene_ids(count: int) -> list[int]:
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt") as handle:
        rows = (line.split("\t") for line in handle if not line.startswith("#"))
        return [int(row[1]) for _, row in zip(range(count), rows, strict=False)]


def obo_terms() -> Iterator[tuple[str, list[str]]]:
    """(id, alt ids) of each [Term] stanza of the kit's OBO."""
    term: tuple[str, list[str]] | None = None
    in_term = False
    with gzip.open(SHARED_DATA / "go-basic.obo.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("["):
                if term is not None:
                    yield term
                term, in_term = None, line.strip() == "[Term]"
            elif in_term and line.startswith("id: "):
                term = (line[4:].strip(), [])
            elif in_term and term is not None and line.startswith("alt_id: "):
                term[1].append(line[8:].strip())
    if term is not None:
        yield term


@needs_kit
def test_every_node_of_a_card_is_refetched_by_its_id(
    kit: tuple[asyncio.Runner, AsyncEngine],
) -> None:
    """Relay's contract: an object's `id`, passed to `node(id:)`, answers that object."""
    data = execute(kit, CARD).ok()
    gene = data["gene"]
    expected = {gene["id"]: "Gene", gene["species"]["id"]: "Species"}
    expected |= {term["id"]: "GOTerm" for term in gene["goTerms"]}
    for ortholog in gene["orthologs"]:
        expected |= {ortholog["gene"]["id"]: "Gene", ortholog["gene"]["species"]["id"]: "Species"}
    expected[data["currentRelease"]["id"]] = "Release"
    assert data["currentRelease"]["id"] == f"genegraph.release:{data['currentRelease']['number']}"
    assert {"Gene", "Species", "GOTerm", "Release"} == set(expected.values())

    ids = list(expected)
    batch = execute(
        kit, f"query ($ids: [ID!]!) {{ nodes(ids: $ids) {{ {NODE_FIELDS} }} }}", {"ids": ids}
    )
    assert batch.ok()["nodes"] == [{"__typename": expected[i], "id": i} for i in ids]
    aliases = " ".join(
        f"n{n}: node(id: {json.dumps(i)}) {{ {NODE_FIELDS} }}" for n, i in enumerate(ids)
    )
    one_by_one = execute(kit, f"{{ {aliases} }}").ok()
    assert list(one_by_one.values()) == batch.ok()["nodes"]


@needs_kit
def test_node_answers_as_the_type_look_ups_do(kit: tuple[asyncio.Runner, AsyncEngine]) -> None:
    gene_fields = (
        "id symbol name species { scientificName } goTerms(category: BIOLOGICAL_PROCESS) { id }"
    )
    term_fields = "id name category definition"
    release_fields = "number loadedAt sources { format sha256 }"
    data = execute(
        kit,
        f"""{{ node(id: "NCBIGene:3558") {{ ... on Gene {{ {gene_fields} }} }}
          gene(id: "NCBIGene:3558") {{ {gene_fields} }}
          term: node(id: "GO:0006955") {{ ... on GOTerm {{ {term_fields} }} }}
          goTerm(id: "GO:0006955") {{ {term_fields} }}
          species: node(id: "NCBITaxon:10090") {{ ... on Species {{ taxonId scientificName }} }}
          release: node(id: "genegraph.release:1") {{ ... on Release {{ {release_fields} }} }}
          releases {{ {release_fields} }} }}""",
    ).ok()
    assert data["node"] == data["gene"] and data["gene"]["symbol"] == "IL2"
    assert data["term"] == data["goTerm"] and data["goTerm"]["name"] == "immune response"
    assert data["species"] == {"taxonId": 10090, "scientificName": "Mus musculus"}
    assert data["release"] == next(r for r in data["releases"] if r["number"] == 1)


@needs_kit
def test_merged_ids_answer_with_what_replaced_them(kit: tuple[asyncio.Runner, AsyncEngine]) -> None:
    """A discontinued GeneID answers with its replacing gene, as `gene(id:)` does (null
    when NCBI withdrew it), a secondary GO id with its primary term, as `goTerm(id:)`, and
    IL2's id from the seed page, loaded before the kit's gene_info gave it its GeneID, with
    IL2. (The kit's human gene_history rows are all withdrawn ids; the test below has
    replaced ones.)"""
    with (SHARED_DATA / "gene_history.tsv").open() as file:
        rows = [row for row in csv.DictReader(file, delimiter="\t") if row["tax_id"] == "9606"]
    replaced = [row for row in rows if row["GeneID"] != "-"]
    withdrawn = [row for row in rows if row["GeneID"] == "-"]
    assert withdrawn, "the kit's gene_history lacks a withdrawn human id"
    merged_terms = [(primary, alts[0]) for primary, alts in obo_terms() if alts][:20]
    assert merged_terms, "the kit's OBO names no alt_id"

    ids = [f"NCBIGene:{row['Discontinued_GeneID']}" for row in replaced + withdrawn]
    ids += [alt for _, alt in merged_terms]
    ids.append("GeneSymbol:9606/IL2")
    expected: list[dict[str, str] | None] = [
        {"__typename": "Gene", "id": f"NCBIGene:{row['GeneID']}"} for row in replaced
    ]
    expected += [None] * len(withdrawn)
    expected += [{"__typename": "GOTerm", "id": primary} for primary, _ in merged_terms]
    expected.append({"__typename": "Gene", "id": "NCBIGene:3558"})
    data = execute(
        kit, f"query ($ids: [ID!]!) {{ nodes(ids: $ids) {{ {NODE_FIELDS} }} }}", {"ids": ids}
    ).ok()
    assert data["nodes"] == expected


async def test_a_discontinued_gene_id_answers_as_gene_id_does(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    history = write(tmp_path, "gene_history", HISTORY)
    await load(engine, [Source(FIXTURES / "gene_info_il2.tsv"), Source(history)])
    rows = [line.split("\t") for line in HISTORY.splitlines()[1:]]
    ids = [f"NCBIGene:{row[2]}" for row in rows if row[0] == "9606"]
    asked = " ".join(
        f"g{i}: gene(id: {json.dumps(text)}) {{ {NODE_FIELDS} }}" for i, text in enumerate(ids)
    )
    data = (
        await run_query(
            engine,
            f"query ($ids: [ID!]!) {{ nodes(ids: $ids) {{ {NODE_FIELDS} }} {asked} }}",
            {"ids": ids},
        )
    ).ok()
    assert data.pop("nodes") == list(data.values())
    replacing = {f"NCBIGene:{row[2]}": f"NCBIGene:{row[1]}" for row in rows if row[1] != "-"}
    assert data["g0"] == {"__typename": "Gene", "id": replacing[ids[0]]}  # IL2's old GeneID
    assert data["g1"] is None  # withdrawn


@needs_kit
def test_unknown_ids_are_null_and_non_node_ids_are_errors(
    kit: tuple[asyncio.Runner, AsyncEngine],
) -> None:
    newest = execute(kit, "{ currentRelease { number } }").ok()["currentRelease"]["number"]
    unknown = [
        "NCBIGene:999999999",
        "GeneSymbol:9606/NOSUCHGENE",
        "GO:9999999",
        "NCBITaxon:1",
        f"genegraph.release:{newest + 1}",
    ]
    bad = {
        "IL2": "is not a node id",
        "Ensembl:ENSG00000109471": "is looked up by `gene(id:)`",
        "GO:123": "is not a GO term id",
        "NCBITaxon:human": "is not a species id",
        "genegraph.release:one": "is not a release id",
        "NCBIGene:IL2": "is not a gene id",
    }
    ids = ["NCBIGene:3558", *unknown, *bad]
    result = execute(kit, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert result.data == {"nodes": [{"id": "NCBIGene:3558"}] + [None] * (len(ids) - 1)}
    # One error per id that is no Node id, at its answer's path; none for unknown ids.
    errors = {json.dumps(error["path"]): error for error in result.errors}
    assert set(errors) == {json.dumps(["nodes", ids.index(text)]) for text in bad}
    for text, problem in bad.items():
        error = errors[json.dumps(["nodes", ids.index(text)])]
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
        assert problem in str(error["message"]) and repr(text) in str(error["message"])

    for text in unknown:
        assert execute(kit, "query ($id: ID!) { node(id: $id) { id } }", {"id": text}).ok() == {
            "node": None
        }
    for text, problem in bad.items():
        single = execute(kit, "query ($id: ID!) { node(id: $id) { id } }", {"id": text})
        assert single.data == {"node": None}
        [error] = single.errors
        assert error["extensions"] == {"code": "BAD_USER_INPUT"} and problem in str(
            error["message"]
        )


@needs_kit
def test_nodes_is_bounded(kit: tuple[asyncio.Runner, AsyncEngine]) -> None:
    ids = [f"NCBIGene:{i}" for i in range(MAX_BATCH + 1)]
    result = execute(kit, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert result.data is None
    [error] = result.errors
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert f"at most {MAX_BATCH}" in str(error["message"])


# The table each type's statement reads.
TABLES = {"Gene": "genes", "GOTerm": "go_terms", "Release": "releases"}


def mixed_ids(count: int, newest_release: int) -> list[tuple[str, str]]:
    """``count`` (type, id) pairs of the kit, the types in turn: human GeneIDs, GO ids,
    the species loaded and the releases, the last two repeated to fill their share."""
    share = count // 4
    genes = [("Gene", f"NCBIGene:{i}") for i in human_gene_ids(share)]
    terms = [("GOTerm", term[0]) for _, term in zip(range(share), obo_terms(), strict=False)]
    taxa = [9606, 10090, 10116]
    species = [("Species", f"NCBITaxon:{taxa[i % len(taxa)]}") for i in range(share)]
    rest = count - 3 * share
    releases = [("Release", f"genegraph.release:{1 + i % newest_release}") for i in range(rest)]
    mixed = [pair for group in zip(genes, terms, species, strict=True) for pair in group]
    return mixed + releases


@needs_kit
@pytest.mark.parametrize("count", [4, 100])
def test_mixed_ids_cost_one_statement_per_type(
    kit: tuple[asyncio.Runner, AsyncEngine], count: int
) -> None:
    runner, engine = kit
    newest = execute(kit, "{ currentRelease { number } }").ok()["currentRelease"]["number"]
    pairs = mixed_ids(count, newest)
    assert len(pairs) == count
    execute(kit, '{ node(id: "NCBITaxon:9606") { id } }')  # the species, held in memory after

    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        result = runner.run(
            schema.execute(
                f"query ($ids: [ID!]!) {{ nodes(ids: $ids) {{ {NODE_FIELDS} }} }}",
                variable_values={"ids": [i for _, i in pairs]},
                context_value=Context(engine),
            )
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)

    assert result.errors is None
    assert result.data == {"nodes": [{"__typename": t, "id": i} for t, i in pairs]}
    # Genes, terms, releases: one statement each; species: none, held in memory.
    assert len(statements) == len(TABLES), statements
    for table in TABLES.values():
        reading = [s for s in statements if re.search(rf"\bFROM {table}\b", s)]
        assert len(reading) == 1, (table, statements)
