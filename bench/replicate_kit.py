"""Synthetic data at N times the kit's gene count, built in PostgreSQL from the loaded kit
database instead of by `genegraph load` of bench/synth.py's files.

    .venv/bin/python bench/replicate_kit.py build --factor 100 --target gg_bench_x100
    .venv/bin/python bench/replicate_kit.py compare gg_bench_x10 h4_x10_sql

`build` writes the rows that loading `bench/synth.py --factor N`'s files writes, in SQL:
copy k of every gene under GeneID + k*10^9 with its symbol, aliases and external ids
suffixed "-Sk" (keys upper-cased, as the loader does), the same annotations, orthology pairs
and HomoloGene groups (HID + k*10^7) within each copy, and the narrow terms' stored gene
lists with the copies' genes (a term narrow in the kit is narrow in the copy: its count and
the species' grow alike, db/term_gene_lists.py) and the broad terms' first genes among the
copies'; the ontology, species, gene history and
schema as the kit has them. Primary keys are the ones the load gives: the loader reads
the files in order (human, mouse, rat gene_info; gene2go) and takes keys from the sequence
row by row, so copy k of a gene is at a fixed offset from the kit's key. Rows are written in
the load's order, so the tables' physical order (what index scans touch) is the load's too.
Loading 100x takes hours on a shared machine; this takes minutes.

`compare` checks two databases are equal: every table's row count and an order-independent
checksum of its rows (primary keys included), the sequences, the schema's indexes and
constraints, and the release's file counts (its hashes, paths and timings are the build's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import column, not_
from sqlalchemy.dialects import postgresql

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from lab import client, procs
from lab.paths import POSTGRES, VENV_BIN, WORK
from lab.workloads import write_pools

from genegraph.db import term_gene_lists
from genegraph.db.term_gene_lists import listed

# Tables holding one row per gene copy; the rest (ontology, species, history, schema
# version) are the kit's as they are.
REPLICATED = (
    "genes",
    "gene_aliases",
    "gene_xrefs",
    "go_annotations",
    "orthologs",
    "homologene_members",
    "term_gene_lists",
)
COPIED = (
    "alembic_version",
    "species",
    "go_terms",
    "go_term_alt_ids",
    "go_term_synonyms",
    "go_term_relations",
    "go_term_closure",
    "go_subsets",
    "go_term_subsets",
    "gene_history",
)
# Derived per species from the annotations and the closure; each copy of a species' genes
# has the kit's annotations, so every count is the kit's times the factor.
SCALED_COUNTS = {
    "background_term_counts": ("gene_count",),
    "background_sizes": (
        "genes",
        "biological_process_genes",
        "cellular_component_genes",
        "molecular_function_genes",
    ),
}
# Written by later loads only: a first load leaves them empty, and so must the kit.
EMPTY = ("gene_changes", "annotation_changes")
GENE_INFO_FORMAT = "gene-info"
PER_COPY_FORMATS = ("gene-info", "gene2go", "gaf", "gene-orthologs", "homologene")


def _log(message: str) -> None:
    print(f"replicate: {message}", flush=True)


@dataclass(frozen=True)
class SpeciesSpan:
    """A species' genes in the kit: keys first..first+count-1 (gene_info is one file per
    species, so the load gives each a contiguous run)."""

    taxon_id: int
    first: int
    count: int


def _copy_pk(spans: Sequence[SpeciesSpan], factor: int, pk: str, k: str) -> str:
    """SQL for the key the load gives copy ``k`` of the kit's gene ``pk``: the species
    before it (all their copies), then ``k`` copies of this species, then the offset."""
    cases = []
    before = 0
    for span in spans:
        cases.append(
            f"WHEN {pk} < {span.first + span.count} THEN "
            f"{before * factor} + {k} * {span.count} + ({pk} - {span.first} + 1)"
        )
        before += span.count
    return f"(CASE {' '.join(cases)} END)"


async def _connect(url: str) -> asyncpg.Connection:
    conn: asyncpg.Connection = await asyncpg.connect(url, command_timeout=None)
    _lowest_priority(await conn.fetchval("SELECT pg_backend_pid()"))
    return conn


def _lowest_priority(pid: int) -> None:
    """Be a good neighbour on a shared machine: the build's backend at the lowest priority
    (possible where this runs as the server's user or root; otherwise it runs as it is)."""
    subprocess.run(["renice", "-n", "19", "-p", str(pid)], check=False, capture_output=True)


async def _spans(kit: asyncpg.Connection) -> list[SpeciesSpan]:
    rows = await kit.fetch(
        "SELECT taxon_id, min(pk) AS first, count(*) AS count, max(pk) AS last,"
        " count(gene_id) AS with_id FROM genes GROUP BY taxon_id ORDER BY min(pk)"
    )
    spans = []
    expected_first = 1
    for row in rows:
        if row["first"] != expected_first or row["last"] - row["first"] + 1 != row["count"]:
            raise SystemExit(f"kit genes of taxon {row['taxon_id']} are not one run of keys")
        if row["with_id"] != row["count"]:
            raise SystemExit("the kit has genes without a GeneID (gene pages): not replicable")
        spans.append(SpeciesSpan(row["taxon_id"], row["first"], row["count"]))
        expected_first += row["count"]
    return spans


async def _check_kit(kit: asyncpg.Connection) -> int:
    # A table added to the schema since this was written would be left empty: say so.
    known = {*REPLICATED, *COPIED, *SCALED_COUNTS, *EMPTY, "releases"}
    tables = await kit.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    unknown = sorted({row[0] for row in tables} - known)
    if unknown:
        raise SystemExit(f"bench/replicate_kit.py does not know how to replicate {unknown}")
    for table in EMPTY:
        if await kit.fetchval(f"SELECT count(*) FROM {table}"):
            raise SystemExit(f"the kit's {table} is not empty: not a first load")
    low, high, count = await kit.fetchrow("SELECT min(pk), max(pk), count(*) FROM go_annotations")
    if count and (low != 1 or high != count):
        raise SystemExit("the kit's annotation keys are not 1..count")
    if await kit.fetchval("SELECT count(*) FROM releases") != 1:
        raise SystemExit("the kit database holds more than one release")
    return int(count)


def _schema_scripts(source_url: str, folder: Path) -> tuple[str, str]:
    """The kit's schema as pg_dump writes it: tables and functions; then keys, indexes and
    foreign keys, run after the rows are in."""
    dump = folder / "schema.dump"
    subprocess.run(["pg_dump", "--schema-only", "-Fc", "-f", str(dump), source_url], check=True)
    scripts = []
    for section in ("pre-data", "post-data"):
        out = folder / f"{section}.sql"
        subprocess.run(
            ["pg_restore", f"--section={section}", "-f", str(out), str(dump)], check=True
        )
        # pg_restore's script opens and closes with psql meta-commands (\restrict):
        # not SQL, and not needed outside psql.
        lines = out.read_text().splitlines()
        scripts.append("\n".join(line for line in lines if not line.startswith("\\")))
    return scripts[0], scripts[1]


async def _copy_table(
    kit: asyncpg.Connection, target: asyncpg.Connection, table: str, into: str, folder: Path
) -> None:
    path = folder / f"{table}.copy"
    with path.open("wb") as out:
        await kit.copy_from_table(table, output=out, format="binary")
    with path.open("rb") as source:
        schema, _, name = into.rpartition(".")
        await target.copy_to_table(
            name, schema_name=schema or "public", source=source, format="binary"
        )
    path.unlink()


async def _timed(conn: asyncpg.Connection, what: str, sql: str) -> None:
    started = time.monotonic()
    await conn.execute(sql)
    _log(f"{what}: {time.monotonic() - started:.1f} s")


def _release_sources(
    sources: list[dict[str, Any]], factor: int, files: Path
) -> list[dict[str, Any]]:
    """The release's per-file record as the load of synth.py's files writes it: the gene
    files' counts N times the kit's. Hashes and times are of files this build did not read."""
    out = []
    for source in sources:
        entry = dict(source)
        entry["path"] = str(files / Path(source["path"]).name)
        entry["sha256"] = None
        # Absent, as in releases from before the field: the schema reads a present one as
        # an ISO time (None failed `currentRelease { sources }`).
        entry.pop("modified", None)
        entry["seconds"] = 0.0
        if source["format"] in PER_COPY_FORMATS:
            entry["lines"] = source["lines"] * factor
            entry["stored"] = source["stored"] * factor
            entry["skipped"] = {k: v * factor for k, v in source["skipped"].items()}
            entry["rows"] = {k: v * factor for k, v in source["rows"].items()}
        out.append(entry)
    return out


async def build(source_url: str, target: str, factor: int) -> None:
    started = time.monotonic()
    admin = await asyncpg.connect(f"{POSTGRES}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{target}"')
    finally:
        await admin.close()
    kit = await _connect(source_url)
    conn = await _connect(f"{POSTGRES}/{target}")
    try:
        spans = await _spans(kit)
        annotations = await _check_kit(kit)
        with tempfile.TemporaryDirectory(prefix="replicate-", dir=os.environ.get("TMPDIR")) as tmp:
            folder = Path(tmp)
            pre, post = _schema_scripts(source_url, folder)
            await conn.execute(pre)
            await conn.execute("SET search_path = public; SET maintenance_work_mem = '1GB'")
            await conn.execute("CREATE SCHEMA kit")
            for table in (*COPIED, *SCALED_COUNTS):
                await _copy_table(kit, conn, table, f"public.{table}", folder)
            for table, columns in SCALED_COUNTS.items():
                scaled = ", ".join(f"{c} = {c} * {factor}" for c in columns)
                await conn.execute(f"UPDATE public.{table} SET {scaled}")
            for table in REPLICATED:
                await conn.execute(f"CREATE UNLOGGED TABLE kit.{table} (LIKE public.{table})")
                await _copy_table(kit, conn, table, f"kit.{table}", folder)
            _log(f"kit copied in ({time.monotonic() - started:.0f} s)")
            await _replicate(conn, spans, factor, annotations)
            await conn.execute("DROP SCHEMA kit CASCADE")
            await _timed(conn, "keys, indexes and foreign keys", post)
            await conn.execute("SET search_path = public")
            await _sequences(kit, conn)
            sources = json.loads(await kit.fetchval("SELECT sources::text FROM releases"))
            files = WORK / f"synth-x{factor}"
            await conn.execute(
                "INSERT INTO releases (pk, loaded_at, load_seconds, sources)"
                " VALUES (1, now(), $1, $2::json)",
                time.monotonic() - started,
                json.dumps(_release_sources(sources, factor, files)),
            )
            await conn.execute("SELECT setval('releases_pk_seq', 1, true)")
            await _timed(conn, "ANALYZE", "ANALYZE")
    finally:
        await kit.close()
        await conn.close()
    _log(f"built {target} ({factor}x) in {time.monotonic() - started:.0f} s")


async def _replicate(
    conn: asyncpg.Connection, spans: Sequence[SpeciesSpan], factor: int, annotations: int
) -> None:
    """Each table's rows in the order the load writes them: gene_info species by species,
    all copies of a species in turn; the other files copy by copy, each in the kit's order."""
    gene_id_step, hid_step = synth.GENE_ID_STEP, synth.HID_STEP
    # The kit's broad terms' first genes are not copied as they are (``_broad_prefixes``).
    broad = not_(listed(column("gene_count"), column("genes"))).compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    await conn.execute(
        "CREATE UNLOGGED TABLE kit.term_gene_prefixes AS SELECT t.* FROM kit.term_gene_lists t"
        " JOIN public.background_term_counts c USING (taxon_id, go_id)"
        f" JOIN public.background_sizes s USING (taxon_id) WHERE {broad}"
    )
    # Each term's rows read by key below (a scan of them all per term took minutes at 10x).
    await conn.execute("CREATE INDEX ON kit.term_gene_prefixes (taxon_id, go_id)")
    if not await conn.fetchval("SELECT count(*) FROM kit.term_gene_prefixes"):
        raise SystemExit("the kit stores no broad term's first genes: migrate it to head first")
    await conn.execute(
        "DELETE FROM kit.term_gene_lists t USING kit.term_gene_prefixes p"
        " WHERE (t.taxon_id, t.go_id) = (p.taxon_id, p.go_id)"
    )

    def suffix(k: int) -> str:
        return "" if k == 0 else f"-S{k}"

    for span in spans:
        in_span = f"BETWEEN {span.first} AND {span.first + span.count - 1}"
        for k in range(factor):
            gene_pk = _copy_pk(spans, factor, "pk", str(k))
            owner = _copy_pk(spans, factor, "gene_pk", str(k))
            s = suffix(k)
            await conn.execute(
                "INSERT INTO public.genes SELECT "
                f"{gene_pk}, gene_id + {k * gene_id_step}, taxon_id, symbol || '{s}',"
                f" symbol_key || '{s.upper()}', name, summary, summary_provenance, gene_type,"
                f" chromosome, map_location FROM kit.genes WHERE pk {in_span} ORDER BY ctid"
            )
            await conn.execute(
                f"INSERT INTO public.gene_aliases SELECT {owner}, alias || '{s}',"
                f" alias_key || '{s.upper()}' FROM kit.gene_aliases WHERE gene_pk {in_span}"
                " ORDER BY ctid"
            )
            await conn.execute(
                f"INSERT INTO public.gene_xrefs SELECT {owner}, database, identifier || '{s}',"
                f" url FROM kit.gene_xrefs WHERE gene_pk {in_span} ORDER BY ctid"
            )
        _log(f"genes, aliases, links of taxon {span.taxon_id}: {factor} copies")
    for k in range(factor):
        owner = _copy_pk(spans, factor, "gene_pk", str(k))
        other = _copy_pk(spans, factor, "ortholog_pk", str(k))
        await conn.execute(
            f"INSERT INTO public.go_annotations SELECT pk + {k * annotations}, {owner}, go_id,"
            ' source_go_id, evidence, qualifier, "references", with_from, assigned_by,'
            " annotated_on, source FROM kit.go_annotations ORDER BY ctid"
        )
        await conn.execute(
            f"INSERT INTO public.orthologs SELECT {owner}, {other}, source"
            " FROM kit.orthologs ORDER BY ctid"
        )
        await conn.execute(
            f"INSERT INTO public.homologene_members SELECT hid + {k * hid_step}, {owner}"
            " FROM kit.homologene_members ORDER BY ctid"
        )
        await conn.execute(
            f"INSERT INTO public.term_gene_lists SELECT taxon_id, go_id,"
            f" symbol_key || '{suffix(k).upper()}', {owner} FROM kit.term_gene_lists"
            " ORDER BY ctid"
        )
        if k % 10 == 9 or k == factor - 1:
            _log(f"annotations, orthologs, HomoloGene: {k + 1} of {factor} copies")
    await _broad_prefixes(conn, spans, factor)
    # Gene history is copied once; a discontinued id's current gene is copy 0's.
    await conn.execute(
        f"UPDATE public.gene_history SET gene_pk = {_copy_pk(spans, factor, 'gene_pk', '0')}"
        " WHERE gene_pk IS NOT NULL"
    )


async def _broad_prefixes(
    conn: asyncpg.Connection, spans: Sequence[SpeciesSpan], factor: int
) -> None:
    """Each broad term's first ``PREFIX_GENES`` genes of the copies, as the load stores
    them (db/term_gene_lists.py): the first of the copies of the kit's first genes, as a
    copy's symbol key extends its gene's, so every copy of a later gene of the kit sorts
    after copy 0 of each of the kit's first. A term's are read by a top-N sort."""
    started = time.monotonic()
    owner = _copy_pk(spans, factor, "p.gene_pk", "k")
    suffix = "CASE WHEN k = 0 THEN '' ELSE '-S' || k END"
    await conn.execute(
        "INSERT INTO public.term_gene_lists SELECT t.taxon_id, t.go_id, c.symbol_key, c.gene_pk"
        " FROM (SELECT DISTINCT taxon_id, go_id FROM kit.term_gene_prefixes) t"
        f" CROSS JOIN LATERAL (SELECT p.symbol_key || {suffix} AS symbol_key, {owner} AS gene_pk"
        f" FROM kit.term_gene_prefixes p CROSS JOIN generate_series(0, {factor - 1}) AS k"
        " WHERE (p.taxon_id, p.go_id) = (t.taxon_id, t.go_id)"
        f" ORDER BY 1, 2 LIMIT {term_gene_lists.PREFIX_GENES}) c"
        " ORDER BY 1, 2, 3, 4"
    )
    _log(f"broad terms' first genes: {time.monotonic() - started:.0f} s")


async def _sequences(kit: asyncpg.Connection, conn: asyncpg.Connection) -> None:
    for table in ("genes", "go_annotations"):
        await conn.execute(f"SELECT setval('{table}_pk_seq', (SELECT max(pk) FROM {table}), true)")
    for table in EMPTY:
        last, called = await kit.fetchrow(f"SELECT last_value, is_called FROM {table}_pk_seq")
        await conn.execute(f"SELECT setval('{table}_pk_seq', $1, $2)", last, called)


# --- compare ---------------------------------------------------------------------------

SCHEMA_QUERY = """
SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '
  || is_nullable || ' ' || coalesce(column_default, '')
  FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL
SELECT 'function ' || p.oid::regprocedure || ' ' || md5(prosrc)
  FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
ORDER BY 1
"""


async def fingerprint(url: str) -> dict[str, Any]:
    conn = await _connect(url)
    try:
        tables = [
            r[0]
            for r in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        out: dict[str, Any] = {"schema": [r[0] for r in await conn.fetch(SCHEMA_QUERY)]}
        for table in tables:
            if table == "releases":
                continue
            # Order-independent: the sum of the rows' 64-bit hashes, and their count.
            count, checksum = await conn.fetchrow(
                f"SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)"
                f" FROM public.{table} t"
            )
            out[f"table {table}"] = [count, str(checksum)]
        for seq in await conn.fetch(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ):
            out[f"sequence {seq[0]}"] = seq[1]
        sources = json.loads(await conn.fetchval("SELECT json_agg(sources)::text FROM releases"))
        out["release"] = [
            {k: v for k, v in s.items() if k not in ("path", "sha256", "modified", "seconds")}
            for release in sources
            for s in release
        ]
        return out
    finally:
        await conn.close()


async def compare(first: str, second: str) -> int:
    a, b = await fingerprint(f"{POSTGRES}/{first}"), await fingerprint(f"{POSTGRES}/{second}")
    differences = 0
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            differences += 1
            _log(
                f"DIFFERENT {key}: {json.dumps(a.get(key))[:300]} vs {json.dumps(b.get(key))[:300]}"
            )
        elif key.startswith("table "):
            _log(f"same {key}: {a[key][0]:,} rows, checksum {a[key][1]}")
    _log(
        f"schema: {len(a['schema'])} vs {len(b['schema'])} items; release files: "
        f"{len(a['release'])} vs {len(b['release'])}"
    )
    _log(f"{differences} differences between {first} and {second}")
    return 1 if differences else 0


ANSWERED = ("card", "term_genes", "batch")


def compare_answers(first: str, second: str, port: int) -> int:
    """Ask genegraph on each database the same requests (the lab's pools, drawn from
    ``first``) and compare the answers byte for byte."""
    pools = write_pools(f"compare-{first}", f"{POSTGRES}/{first}")
    answers: dict[str, list[bytes]] = {}
    for database in (first, second):
        server = procs.start(
            "genegraph",
            [
                str(VENV_BIN / "genegraph"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--database-url",
                f"{POSTGRES}/{database}",
                "--no-seed",
            ],
            url=f"http://127.0.0.1:{port}/graphql",
            ready=f"http://127.0.0.1:{port}/healthz",
            log=WORK / "logs" / f"server-compare-{database}.log",
            env={"GENEGRAPH_RESPONSE_CACHE": "off"},
        )
        try:
            answers[database] = [
                answer
                for workload in ANSWERED
                for _, answer in client.post_all(
                    server.url, pools.path(workload, "genegraph").read_text().splitlines()
                )
            ]
        finally:
            server.stop()
    a, b = answers[first], answers[second]
    with_errors = sum(b'"errors"' in answer for answer in a)
    different = sum(x != y for x, y in zip(a, b, strict=True))
    _log(
        f"{len(a)} requests ({', '.join(ANSWERED)}): {different} answers differ, "
        f"{with_errors} carry errors"
    )
    return 1 if different or with_errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a database N times the kit")
    b.add_argument("--factor", type=int, required=True)
    b.add_argument("--target", required=True, help="database to (re)create")
    b.add_argument("--source", default="gg_bench_kit", help="the loaded kit database")
    c = sub.add_parser("compare", help="compare two databases' rows and schema")
    c.add_argument("first")
    c.add_argument("second")
    c.add_argument(
        "--answers-port", type=int, help="also compare genegraph's answers, served on this port"
    )
    args = parser.parse_args()
    if args.command == "build":
        if args.factor < 1:
            parser.error("--factor must be at least 1")
        asyncio.run(build(f"{POSTGRES}/{args.source}", args.target, args.factor))
        return 0
    status = asyncio.run(compare(args.first, args.second))
    if args.answers_port:
        status |= compare_answers(args.first, args.second, args.answers_port)
    return status


if __name__ == "__main__":
    sys.exit(main())
