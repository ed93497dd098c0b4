"""Synthetic data at N times the real kit's gene count, in the kit's own formats.

    .venv/bin/python bench/synth.py --factor 10 --out bench/.data/synth-x10

Copy 0 is the kit itself; copy k (1 <= k < N) is every gene of the kit again under a new
GeneID (GeneID + k * 10^9), its symbol, aliases and external ids suffixed "-Sk", with the
same annotations (gene2go files, and the GAF's rows under the copy's symbol and object id
suffixed "-Sk"), orthology pairs (between copies of the same copy), and HomoloGene groups
(HID + k * 10^7). So the tables grow N-fold with the real kit's distributions: terms per
gene, orthologs per gene, genes per term, symbols sharing a prefix. The ontology stays the
real one (GO does not grow with the number of genes), and gene_history is copied once.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

VERSION = 2  # change when the output changes, so stamped databases are rebuilt
GENE_ID_STEP = 10**9
HID_STEP = 10**7
GENE_INFO = (
    "Homo_sapiens.gene_info.gz",
    "Mus_musculus.gene_info.gz",
    "Rattus_norvegicus.gene_info.gz",
)
GENE2GO = ("gene2go.gz", "Mus_musculus.gene2go.gz")
GAF = ("rgd.gaf.gz",)

Row = list[str]


def _suffixed(value: str, suffix: str, separator: str = "|") -> str:
    if value == "-" or not suffix:
        return value
    return separator.join(part + suffix for part in value.split(separator))


def _gene_id(value: str, offset: int) -> str:
    return value if value == "-" else str(int(value) + offset)


def gene_info(row: Row, k: int) -> Row:
    suffix = f"-S{k}" if k else ""
    row[1] = _gene_id(row[1], k * GENE_ID_STEP)
    row[2] = row[2] + suffix
    row[4] = _suffixed(row[4], suffix)
    row[5] = _suffixed(row[5], suffix)
    if row[10] != "-":
        row[10] = row[10] + suffix
    return row


def gene2go(row: Row, k: int) -> Row:
    row[1] = _gene_id(row[1], k * GENE_ID_STEP)
    return row


def gaf(row: Row, k: int) -> Row:
    # RGD's rows name rat genes by RGD id and symbol; the load maps them by symbol.
    suffix = f"-S{k}" if k else ""
    row[1] = row[1] + suffix
    row[2] = row[2] + suffix
    return row


def gene_orthologs(row: Row, k: int) -> Row:
    row[1] = _gene_id(row[1], k * GENE_ID_STEP)
    row[4] = _gene_id(row[4], k * GENE_ID_STEP)
    return row


def homologene(row: Row, k: int) -> Row:
    row[0] = str(int(row[0]) + k * HID_STEP)
    row[2] = _gene_id(row[2], k * GENE_ID_STEP)
    row[3] = row[3] + (f"-S{k}" if k else "")
    return row


def _lines(path: Path) -> tuple[str, list[str]]:
    """The header (a GAF's: its leading "!" lines) and the data lines."""
    with gzip.open(path, "rt", encoding="utf-8") as source:
        lines = source.readlines()
    start = 1
    while start < len(lines) and lines[start].startswith("!"):
        start += 1
    return "".join(lines[:start]), lines[start:]


def replicate(source: Path, target: Path, factor: int, copy: Callable[[Row, int], Row]) -> int:
    """Write ``factor`` copies of ``source``'s data lines to ``target``; returns lines written."""
    header, lines = _lines(source)
    written = 0
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write(header)
        for k in range(factor):
            out.writelines(_copied(lines, k, copy))
            written += len(lines)
    return written


def _copied(lines: list[str], k: int, copy: Callable[[Row, int], Row]) -> Iterator[str]:
    if k == 0:
        yield from lines
        return
    for line in lines:
        yield "\t".join(copy(line.rstrip("\n").split("\t"), k)) + "\n"


def generate(kit: Path, out: Path, factor: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(kit / "go-basic.obo.gz", out / "go-basic.obo.gz")
    shutil.copyfile(kit / "gene_history.tsv", out / "gene_history.tsv")
    plan: list[tuple[str, Callable[[Row, int], Row]]] = [
        *((name, gene_info) for name in GENE_INFO),
        *((name, gene2go) for name in GENE2GO),
        *((name, gaf) for name in GAF),
        ("gene_orthologs.gz", gene_orthologs),
        ("homologene.tsv.gz", homologene),
    ]
    for name, copy in plan:
        started = time.monotonic()
        lines = replicate(kit / name, out / name, factor, copy)
        print(f"synth: {name} x{factor}: {lines:,} lines in {time.monotonic() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--factor", type=int, required=True, help="copies of the kit's genes (>= 1)"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument(
        "--kit", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    args = parser.parse_args()
    if args.factor < 1:
        parser.error("--factor must be at least 1")
    generate(args.kit, args.out, args.factor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
