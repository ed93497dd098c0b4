"""Bad input files, on each backend: each fails with a LoadError naming the file, the line
(where there is one) and the problem, and the release served before is unchanged; or, for
rows a load can go past (duplicates, unknown ids, other species), each line is tallied.

Cases already covered elsewhere are not repeated here: a gene2go GeneID that is not a number
and wrong column counts in gene2go, GAF taxon and HomoloGene (tests/db/test_sources.py), in
gene_info and malformed gene pages (tests/db/test_load.py), duplicate lines, unknown GO ids and
unknown GeneIDs in gene2go (tests/db/test_sources.py::test_small_release).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.release import Source, SourceFormat, load
from genegraph.db.models import (
    Gene,
    GOAnnotation,
    GOTerm,
    GOTermClosure,
    HomologeneMember,
    Orthology,
    Release,
)
from tests.conftest import FIXTURES, SEED_PAGE, Database, run_query, table_counts
from tests.helpers.cli import genegraph
from tests.helpers.sources import GAF, GENE2GO, HISTORY, OBO, ORTHOLOGS, write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
TABLES = (Gene, GOTerm, GOTermClosure, GOAnnotation, Orthology, HomologeneMember, Release)
SERVED = """{ gene(symbol: "IL2") { id goTerms { id } orthologs { sources gene { id } } }
              currentRelease { number } }"""
TEN_MB = 10 * 1024 * 1024


async def snapshot(engine: AsyncEngine) -> tuple[dict[str, int], dict[str, Any]]:
    """What is stored and what is served: compared before and after a failed load."""
    return await table_counts(engine, TABLES), (await run_query(engine, SERVED)).ok()


@pytest.fixture
async def served(engine: AsyncEngine, tmp_path: Path) -> AsyncEngine:
    """A database serving a release: the ontology, the genes and the seed page."""
    ontology = write(tmp_path, "served.obo", OBO)
    await load(engine, [Source(ontology), Source(GENE_INFO), Source(SEED_PAGE)])
    return engine


def cut_gzip(path: Path, text: str) -> Path:
    whole = gzip.compress(text.encode())
    path.write_bytes(whole[: len(whole) // 2])
    return path


def gene2go_lines(count: int) -> str:
    row = "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
    return GENE2GO.splitlines(keepends=True)[0] + row * count


# (name, how to write the file, --format or None, line expected in the error, words)
FAILURES: list[tuple[str, Any, SourceFormat | None, int | None, str]] = [
    (
        "truncated gzip (gene2go.gz)",
        lambda d: cut_gzip(d / "gene2go.gz", gene2go_lines(20_000)),
        None,
        None,
        "truncated or corrupt gzip",
    ),
    (
        "truncated gzip (obo.gz)",
        lambda d: cut_gzip(d / "go.obo.gz", OBO * 50),
        SourceFormat.OBO,
        None,
        "cannot read",
    ),
    (
        "wrong column count (gene_orthologs)",
        lambda d: write(d, "gene_orthologs", ORTHOLOGS + "9606\t3558\tOrtholog\n"),
        None,
        5,
        "expected 5 tab-separated columns, found 3",
    ),
    (
        "wrong column count (gene_history)",
        lambda d: write(d, "gene_history", HISTORY + "9606\t3558\n"),
        None,
        7,
        "expected 5 tab-separated columns, found 2",
    ),
    (
        "wrong column count (GAF)",
        lambda d: write(d, "x.gaf", GAF + "NCBIGene\t3558\tIL2\n"),
        None,
        6,
        "expected 15 to 17 tab-separated columns, found 3",
    ),
    (
        "GAF given as gene2go",
        lambda d: write(d, "x.gaf", GAF),
        SourceFormat.GENE2GO,
        1,
        "not an NCBI gene2go file",
    ),
    (
        "gene2go given as a gene page",
        lambda d: write(d, "gene2go", GENE2GO),
        SourceFormat.GENE_PAGE,
        1,
        "found tab-separated columns",
    ),
    (
        "gene2go given as OBO",
        lambda d: write(d, "gene2go", GENE2GO),
        SourceFormat.OBO,
        1,
        "not valid OBO",
    ),
    (
        "gene2go given as HomoloGene",
        lambda d: write(d, "gene2go", GENE2GO),
        SourceFormat.HOMOLOGENE,
        1,
        "expected 6 tab-separated columns, found 8",
    ),
    (
        "gene_info given as GAF",
        lambda d: GENE_INFO,
        SourceFormat.GAF,
        1,
        "not a GAF 2.x file",
    ),
    (
        "non-UTF-8 bytes (gene2go, line 3)",
        lambda d: _bytes(d / "gene2go", gene2go_lines(1).encode() + b"9606\t3558\tcaf\xe9\n"),
        None,
        3,
        "not UTF-8 text",
    ),
    (
        "non-UTF-8 bytes (OBO)",
        lambda d: _bytes(
            d / "go.obo", OBO.replace("immune response", "immun\xe9").encode("latin-1")
        ),
        None,
        None,
        "valid UTF-8",
    ),
    (
        "NUL byte (gene2go)",
        lambda d: write(d, "gene2go", gene2go_lines(1).replace("TAS", "T\x00S")),
        None,
        2,
        "NUL byte at column",
    ),
    ("empty file, detected", lambda d: write(d, "gene2go", ""), None, None, "empty file"),
    (
        "empty file, given as OBO",
        lambda d: write(d, "go.obo", "\n\n"),
        SourceFormat.OBO,
        None,
        "empty file",
    ),
    (
        "empty gzip, given as gene2go",
        lambda d: write(d, "gene2go.gz", "", gz=True),
        SourceFormat.GENE2GO,
        None,
        "empty file",
    ),
    (
        "a 10 MB line (gene2go)",
        lambda d: write(d, "gene2go", gene2go_lines(1) + "9606\t3558\t" + "x" * TEN_MB + "\n"),
        None,
        3,
        "expected 8 tab-separated columns, found 3",
    ),
    (
        "a 10 MB line (gene page title)",
        lambda d: write(d, "il4.txt", "a [" * (TEN_MB // 3) + "\nSummary\nx\n"),
        SourceFormat.GENE_PAGE,
        1,
        "characters; at most 2,000",
    ),
    (
        "a 10 MB file of one line, no line break (gene2go)",
        lambda d: write(d, "gene2go", "#" + "x" * TEN_MB),
        SourceFormat.GENE2GO,
        1,
        "not an NCBI gene2go file",
    ),
    (
        "OBO with a cycle",
        lambda d: write(d, "go.obo", _obo_root_child_of("GO:0050776")),
        None,
        None,
        "cycle in the ontology",
    ),
    (
        "OBO with a dangling parent",
        lambda d: write(d, "go.obo", _obo_root_child_of("GO:1234567")),
        None,
        None,
        "GO:1234567, which is not defined",
    ),
]


def _bytes(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _obo_root_child_of(parent: str) -> str:
    root = "id: GO:0008150\nname: biological_process\nnamespace: biological_process\n"
    return OBO.replace(root, root + f"is_a: {parent}\n")


@pytest.mark.parametrize(
    ("make", "fmt", "line", "words"),
    [case[1:] for case in FAILURES],
    ids=[case[0] for case in FAILURES],
)
async def test_a_bad_file_fails_naming_file_line_and_problem_and_changes_nothing(
    served: AsyncEngine,
    tmp_path: Path,
    make: Any,
    fmt: SourceFormat | None,
    line: int | None,
    words: str,
) -> None:
    before = await snapshot(served)
    bad: Path = make(tmp_path)
    with pytest.raises(LoadError, match=words) as raised:
        # A good file in the same load is rolled back with the bad one.
        await load(served, [Source(GENE_INFO), Source(bad, fmt)])
    error = raised.value
    assert error.path == str(bad)
    if line is not None:
        assert error.line == line
    assert error.problem
    assert await snapshot(served) == before


async def test_mixed_taxa_are_tallied_per_species(served: AsyncEngine, tmp_path: Path) -> None:
    """gene2go lines of several species, one of them not loaded: the loaded species'
    lines are stored, the others skipped, every line accounted for."""
    mixed = write(
        tmp_path,
        "gene2go",
        GENE2GO.splitlines(keepends=True)[0]
        + "9606\t3558\tGO:0006955\tTAS\t-\timmune response\t-\tProcess\n"
        + "10090\t16183\tGO:0006955\tIDA\t-\timmune response\t-\tProcess\n"
        + "7227\t31208\tGO:0006955\tIEA\t-\timmune response\t-\tProcess\n"
        + "10116\t116562\tGO:0005125\tIEA\t-\tcytokine activity\t-\tFunction\n",
    )
    report = await load(served, [Source(mixed)])
    (gene2go,) = report.sources
    assert (gene2go.lines, gene2go.stored, gene2go.skipped) == (4, 3, {"unknown GeneID": 1})
    data = (
        await run_query(
            served,
            """{ mouse: gene(id: "NCBIGene:16183") { annotations { evidence source } }
                 rat: gene(id: "NCBIGene:116562") { annotations { evidence source } } }""",
        )
    ).ok()
    assert {"evidence": "IDA", "source": "NCBI gene2go"} in data["mouse"]["annotations"]
    assert {"evidence": "IEA", "source": "NCBI gene2go"} in data["rat"]["annotations"]


async def test_gene_info_of_several_species_keeps_the_taxon_asked_for(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    report = await load(engine, [Source(GENE_INFO, taxon=10116)])
    (source,) = report.sources
    assert source.stored == 1 and source.lines == source.stored + sum(source.skipped.values())


@pytest.mark.parametrize(
    ("name", "text", "fmt", "words"),
    [
        ("gene2go.gz", None, None, "truncated or corrupt gzip"),
        ("x.gaf", GAF, "gene2go", "not an NCBI gene2go file"),
        ("empty.obo", "", "obo", "empty file"),
    ],
)
def test_genegraph_load_exits_1_naming_the_problem(
    database: Database, tmp_path: Path, name: str, text: str | None, fmt: str | None, words: str
) -> None:
    seeded = genegraph("load", str(SEED_PAGE), "--database-url", database.url)
    assert seeded.returncode == 0, seeded.stderr
    bad = (
        cut_gzip(tmp_path / name, gene2go_lines(20_000))
        if text is None
        else write(tmp_path, name, text)
    )
    args = ["load", str(bad), "--database-url", database.url]
    result = genegraph(*args, *(["--format", fmt] if fmt else []))
    assert result.returncode == 1, result.stdout
    assert str(bad) in result.stderr and words in result.stderr
    assert "nothing was written" in result.stderr
    again = genegraph("load", str(SEED_PAGE), "--database-url", database.url)
    assert "release 2 loaded" in again.stdout  # the failed load recorded no release
