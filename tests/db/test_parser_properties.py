"""Property-based tests: every parser in db/ingest/parse, given any file content, either
parses it or raises LoadError, never anything else (no IndexError, ValueError,
UnicodeDecodeError, RecursionError ...). No database: parsers only, so these are fast.

Inputs are built from each format's own pieces (its header, tabs, digits, dashes, GO ids,
section headings) mixed with arbitrary text and bytes, so they reach past the header
check into the row parsing, plus raw bytes, gzip-compressed or not.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse import gaf, gene2go, gene_history, gene_info, obo, orthology
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.gene_page import SECTIONS, parse_gene_page

PROPERTY_SETTINGS = settings(
    # GENEGRAPH_PROPERTY_EXAMPLES=5000 for a longer search than CI's.
    max_examples=int(os.environ.get("GENEGRAPH_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

PIECES = st.sampled_from(
    [
        "\t",
        "\t",
        "\n",
        "-",
        "|",
        ":",
        "!",
        "#",
        " ",
        "9606",
        "3558",
        "GO:0006955",
        "taxon:9606",
        "NOT|involved_in",
        "[Term]",
        "id: ",
        "is_a: ",
        "name: ",
        "namespace: biological_process",
        "format-version: 1.2",
        "biological_process",
        "Mus musculus",
        "Ensembl: ENSG1 https://x",
        "\r\n",
        "\x00",
        "é",
        *SECTIONS,
    ]
)
FIELD = st.sampled_from(
    [
        "-",
        "",
        "9606",
        "10090",
        "3558",
        "x3558",
        "-1",
        "GO:0006955",
        "taxon:9606",
        "taxon:x",
        "taxon:9606|taxon:1",
        "NOT|involved_in",
        "IDA",
        "1|2",
        "MIM:147680",
        "HGNC:HGNC:6001",
        "a|b|",
        "é",
        "\x00",
        "\r",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def rows_of(columns: int) -> st.SearchStrategy[str]:
    """Lines of about ``columns`` tab-separated fields, so most reach the field parsing."""
    field = st.one_of(FIELD, st.text(max_size=6).map(lambda t: t.replace("\n", "")))
    row = st.integers(max(columns - 1, 1), columns + 1).flatmap(
        lambda n: st.lists(field, min_size=n, max_size=n).map("\t".join)
    )
    return st.lists(row, max_size=8).map("\n".join)


def content_after(header: str, columns: int = 0) -> st.SearchStrategy[bytes]:
    """The format's header line then rows or pieces; or text; or raw bytes; maybe gzipped."""
    body = st.one_of(TEXT, rows_of(columns)) if columns else TEXT
    text = st.one_of(
        body.map(lambda b: f"{header}\n{b}"),
        TEXT,
    ).map(lambda t: t.encode("utf-8", "surrogatepass"))
    raw = st.one_of(text, text, st.binary(max_size=300))
    return st.one_of(raw, raw.map(gzip.compress), raw.map(lambda b: gzip.compress(b)[:-5]))


def parse_file(content: bytes, parse: Callable[[SourceFile], Any]) -> None:
    """Write ``content`` to a file and parse it whole; only LoadError may escape."""
    with TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(content)
        try:
            with SourceFile(path) as source:
                result = parse(source)
                if isinstance(result, Iterable) and not isinstance(result, obo.Ontology):
                    for _ in result:
                        pass
        except LoadError as error:
            # obo.closure names no file ("ontology"); store_ontology adds it.
            assert error.problem and error.path in (str(path), "ontology")


def obo_with_closure(source: SourceFile) -> None:
    ontology = obo.read_obo(source)
    for _ in obo.closure(ontology):
        pass


def gene_page(source: SourceFile) -> None:
    parse_gene_page(source.lines(), path=source.name)


@PROPERTY_SETTINGS
@given(content_after(gene_info.HEADER + "\tchromosome\tmap_location\tdescription", 16))
def test_gene_info(content: bytes) -> None:
    parse_file(content, gene_info.read_gene_info)


@PROPERTY_SETTINGS
@given(content_after(gene2go.HEADER + "\tGO_term\tPubMed\tCategory", 8))
def test_gene2go(content: bytes) -> None:
    parse_file(content, gene2go.read_gene2go)


@PROPERTY_SETTINGS
@given(content_after(gaf.HEADER + ".2", 17))
def test_gaf(content: bytes) -> None:
    parse_file(content, gaf.read_gaf)


@PROPERTY_SETTINGS
@given(content_after(orthology.GENE_ORTHOLOGS_HEADER, 5))
def test_gene_orthologs(content: bytes) -> None:
    parse_file(content, orthology.read_gene_orthologs)


@PROPERTY_SETTINGS
@given(content_after(orthology.HOMOLOGENE_HEADER, 4))
def test_homologene(content: bytes) -> None:
    parse_file(content, orthology.read_homologene)


@PROPERTY_SETTINGS
@given(content_after(gene_history.HEADERS[0] + "\tDiscontinued_Symbol\tDiscontinue_Date", 5))
def test_gene_history(content: bytes) -> None:
    parse_file(content, gene_history.read_gene_history)


@PROPERTY_SETTINGS
@given(content_after("format-version: 1.2\ndata-version: x\n\n[Term]\nid: GO:0000001"))
def test_obo_and_its_closure(content: bytes) -> None:
    parse_file(content, obo_with_closure)


@PROPERTY_SETTINGS
@given(content_after("interleukin 2\nSummary\nA gene. [provided by RefSeq]\nGO terms"))
def test_gene_page(content: bytes) -> None:
    parse_file(content, gene_page)


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(1, 6),
            st.lists(
                st.tuples(st.sampled_from(["is_a", "part_of", "regulates"]), st.integers(1, 7))
            ),
        ),
        max_size=6,
    )
)
def test_obo_graphs_either_close_or_name_a_cycle_or_dangling_parent(
    terms: list[tuple[int, list[tuple[str, int]]]],
) -> None:
    """Random small graphs (with cycles, self-loops, dangling parents, duplicate ids)."""
    text = "format-version: 1.2\n\n" + "".join(
        f"[Term]\nid: GO:{n:07d}\nname: t{n}\nnamespace: biological_process\n"
        + "".join(
            f"{'is_a' if r == 'is_a' else 'relationship: ' + r}"
            f"{':' if r == 'is_a' else ''} GO:{p:07d}\n"
            for r, p in parents
        )
        + "\n"
        for n, parents in terms
    )
    parse_file(text.encode(), obo_with_closure)
