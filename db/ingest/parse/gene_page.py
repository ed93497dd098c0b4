"""Parser for the gene page format of ``data/il2.txt``: an NCBI gene page as text, a title
line then sections (summary, orthologs, links, changes, GO terms), each optional and at most
once. README.md ("The gene page format") describes the format and how the page's own symbol
and species are found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.known_species import BY_SCIENTIFIC_NAME, BY_TAXON_ID, KnownSpecies
from genegraph.db.models import GOCategory

HUMAN = 9606

SUMMARY = "Summary"
ORTHOLOGS = "Orthologs"
LINKS = "Links to external resources"
CHANGES = "Changes associated with this gene"
GO_TERMS = "GO terms"
SECTIONS = (SUMMARY, ORTHOLOGS, LINKS, CHANGES, GO_TERMS)

# The longest title, ortholog, link or GO table line accepted (real ones are < 300).
MAX_LINE = 2_000

GO_TABLE_HEADER = re.compile(r"ID\s*Term\s*Category")
GO_ROW = re.compile(
    r"(?P<id>GO:\d{7})\s*(?P<term>.+?)\s*"
    r"(?P<category>biological_process|cellular_component|molecular_function)"
)
NCBI_TITLE = re.compile(r"(?P<symbol>\S+) (?P<name>.+?) \[ ?(?P<species>[^()\]]+?)(?: \(.*\))? ?\]")
PROVENANCE = re.compile(r"\s*\[(?P<provenance>provided by [^\]]+)\]\s*$")
LINK = re.compile(
    r"(?P<database>[A-Za-z][\w .\-]*?)\s*:\s*(?P<id>\S+)(?:\s+(?P<url>https?://\S+))?"
)
ORTHOLOG = re.compile(r"(?P<symbol>\S+)\s+(?P<species>[A-Z][a-z]+(?: [a-z][\w.\-]*)+)")


@dataclass(frozen=True, slots=True)
class PageGOTerm:
    line: int
    go_id: str
    name: str
    category: GOCategory


@dataclass(frozen=True, slots=True)
class PageOrtholog:
    line: int
    symbol: str
    species: KnownSpecies


@dataclass(frozen=True, slots=True)
class PageLink:
    line: int
    database: str
    identifier: str
    url: str | None


@dataclass(slots=True)
class GenePage:
    path: str
    symbol: str
    species: KnownSpecies
    name: str
    summary: str | None = None
    summary_provenance: str | None = None
    orthologs: list[PageOrtholog] = field(default_factory=list)
    links: list[PageLink] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    go_terms: list[PageGOTerm] = field(default_factory=list)


def parse_gene_page_file(
    path: Path, *, symbol: str | None = None, taxon: int | None = None
) -> GenePage:
    with SourceFile(path) as source:
        return parse_gene_page(source.lines(), path=source.name, symbol=symbol, taxon=taxon)


def parse_gene_page(
    lines: Iterable[str],
    *,
    path: str,
    symbol: str | None = None,
    taxon: int | None = None,
) -> GenePage:
    numbered = [(number, line.rstrip()) for number, line in enumerate(lines, start=1)]
    content = [(n, line) for n, line in numbered if line.strip()]
    if not content:
        raise LoadError(path, None, "empty gene page: expected the gene's name on the first line")

    title_line, title = content[0]
    if title.strip() in SECTIONS:
        raise LoadError(
            path, title_line, "the page starts with a section; expected the gene's name"
        )
    if "\t" in title:
        raise LoadError(
            path,
            title_line,
            "expected the gene's name, found tab-separated columns (a file of another format?)",
        )
    sections = _split_sections(content[1:], path)
    _check_line_lengths([(title_line, title)], path)
    for heading in (ORTHOLOGS, LINKS, GO_TERMS):
        _check_line_lengths(sections.get(heading, []), path)
    name, page_symbol, species = _identify(title.strip(), title_line, path, symbol, taxon)

    page = GenePage(path=path, symbol=page_symbol, species=species, name=name)
    page.summary, page.summary_provenance = _summary(sections.get(SUMMARY, []))
    page.orthologs = [_ortholog(n, line, path) for n, line in sections.get(ORTHOLOGS, [])]
    page.links = [_link(n, line, path) for n, line in sections.get(LINKS, [])]
    page.changes = [line.strip() for _, line in sections.get(CHANGES, [])]
    page.go_terms = _go_terms(sections.get(GO_TERMS, []), path)
    return page


def _check_line_lengths(lines: list[tuple[int, str]], path: str) -> None:
    """Lines the patterns below read must be short: on a line of megabytes the title and
    link patterns backtrack for minutes (a summary line may be any length)."""
    for number, line in lines:
        if len(line) > MAX_LINE:
            raise LoadError(
                path, number, f"line of {len(line):,} characters; at most {MAX_LINE:,} expected"
            )


def _split_sections(content: list[tuple[int, str]], path: str) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for number, line in content:
        heading = line.strip()
        if heading in SECTIONS:
            if heading in sections:
                raise LoadError(path, number, f"section {heading!r} appears twice")
            current = sections[heading] = []
        elif current is None:
            raise LoadError(
                path,
                number,
                f"unexpected text before the first section: {line.strip()[:80]!r}; "
                f"expected one of {', '.join(SECTIONS)}",
            )
        else:
            current.append((number, line))
    return sections


def _identify(
    title: str, line: int, path: str, symbol: str | None, taxon: int | None
) -> tuple[str, str, KnownSpecies]:
    name = title
    title_symbol: str | None = None
    title_species: KnownSpecies | None = None
    if match := NCBI_TITLE.fullmatch(title):
        name, title_symbol = match.group("name"), match.group("symbol")
        title_species = _species(match.group("species"), line, path)

    if taxon is not None:
        species = BY_TAXON_ID.get(taxon)
        if species is None:
            known = ", ".join(str(t) for t in sorted(BY_TAXON_ID))
            raise LoadError(path, None, f"unknown taxon {taxon}; known taxa: {known}")
    else:
        species = title_species or BY_TAXON_ID[HUMAN]

    chosen = symbol or title_symbol
    if chosen is None:
        stem = Path(path).stem
        chosen = stem.upper() if species.taxon_id == HUMAN else stem
    if not re.fullmatch(r"\S{1,100}", chosen):
        raise LoadError(path, None, f"{chosen!r} is not a usable gene symbol")
    return name, chosen, species


def _summary(lines: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    if not lines:
        return None, None
    text = " ".join(line.strip() for _, line in lines)
    if match := PROVENANCE.search(text):
        return text[: match.start()].rstrip(), match.group("provenance")
    return text, None


def _species(name: str, line: int, path: str) -> KnownSpecies:
    species = BY_SCIENTIFIC_NAME.get(" ".join(name.split()).lower())
    if species is None:
        raise LoadError(
            path,
            line,
            f"unknown species {name!r}; genegraph knows: "
            + ", ".join(sorted(s.scientific_name for s in BY_SCIENTIFIC_NAME.values())),
        )
    return species


def _ortholog(number: int, line: str, path: str) -> PageOrtholog:
    match = ORTHOLOG.fullmatch(line.strip())
    if match is None:
        raise LoadError(
            path, number, f"expected an ortholog as 'Symbol Genus species', got {line.strip()!r}"
        )
    return PageOrtholog(
        number, match.group("symbol"), _species(match.group("species"), number, path)
    )


def _link(number: int, line: str, path: str) -> PageLink:
    match = LINK.fullmatch(line.strip())
    if match is None:
        raise LoadError(
            path, number, f"expected a link as 'Database: id [url]', got {line.strip()!r}"
        )
    return PageLink(number, match.group("database"), match.group("id"), match.group("url"))


def _go_terms(lines: list[tuple[int, str]], path: str) -> list[PageGOTerm]:
    rows = lines
    if rows and GO_TABLE_HEADER.fullmatch(rows[0][1].strip()):
        rows = rows[1:]
    terms: list[PageGOTerm] = []
    for number, line in rows:
        match = GO_ROW.fullmatch(line.strip())
        if match is None:
            raise LoadError(
                path,
                number,
                "expected a GO table row 'GO:nnnnnnn<term><category>' with category "
                "biological_process, cellular_component or molecular_function, "
                f"got {line.strip()!r}",
            )
        terms.append(
            PageGOTerm(
                number, match.group("id"), match.group("term"), GOCategory(match.group("category"))
            )
        )
    return terms
