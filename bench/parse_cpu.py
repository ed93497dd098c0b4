"""Benchmark: the CPU of parsing each large kit file as a load's store sees its records,
in the loader's process and in a child process (db/ingest/parse/in_child.py), in
alternating rounds, no database: the loader's own CPU, and the child's.

    PYTHONPATH=$PWD .venv/bin/python bench/parse_cpu.py [--rounds 3] [--kit ../shared/data]

Prints medians per file. It asserts nothing and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
from pathlib import Path

from genegraph.db.ingest.parse import in_child
from genegraph.db.ingest.parse.files import SourceFile

REPO = Path(__file__).resolve().parent.parent
FILES = (
    ("gene2go", "gene2go.gz"),
    ("gene2go", "Mus_musculus.gene2go.gz"),
    ("gaf", "rgd.gaf.gz"),
    ("gene-info", "Homo_sapiens.gene_info.gz"),
    ("gene-info", "Mus_musculus.gene_info.gz"),
    ("homologene", "homologene.tsv.gz"),
    ("gene-orthologs", "gene_orthologs.gz"),
)


def cpu() -> tuple[float, float]:
    """CPU seconds so far: this process's, and its waited-for children's."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def parse(path: Path, kind: str, setting: str) -> tuple[int, float, float]:
    """Lines, the loader's CPU and the child's, for one pass over ``path``'s records, with
    the child's threshold ``setting`` ("off": in process; "0": in a child)."""
    os.environ[in_child.ENVIRONMENT] = setting
    own, children = cpu()
    with SourceFile(path) as file, in_child.records(file, kind) as records:
        lines = sum(1 for _ in records)
    own_after, children_after = cpu()
    return lines, own_after - own, children_after - children


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kit", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    print("| file | lines | in process: loader CPU s | child: loader + child CPU s |")
    print("|---|---|---|---|")
    for kind, name in FILES:
        here, there, child, lines = [], [], [], 0
        for _ in range(args.rounds):
            lines, own, _ = parse(args.kit / name, kind, "off")
            here.append(own)
            lines, own, spent = parse(args.kit / name, kind, "0")
            there.append(own)
            child.append(spent)
        print(
            f"| {name} | {lines:,} | {statistics.median(here):.2f} | "
            f"{statistics.median(there):.2f} + {statistics.median(child):.2f} |"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
