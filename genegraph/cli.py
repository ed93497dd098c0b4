"""The ``genegraph`` command: serve, fetch, load, update, migrate, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from genegraph import settings
from genegraph.caching.persisted_queries import load_allowlist
from genegraph.database import prepare
from genegraph.db.engine import engine_scope, normalize_url
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.progress import for_terminal as progress_for_terminal
from genegraph.db.ingest.release import LoadReport, Source, SourceFormat, load, sources_in
from genegraph.db.known_species import KnownSpecies
from genegraph.db.migrate import upgrade
from genegraph.fetch import download, sources, species, update
from genegraph.fetch.progress import for_terminal as fetch_progress_for_terminal

# prometheus_client's multiprocess folder (genegraph.observability.metrics reads it in each worker).
MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except LoadError as error:
        print(f"genegraph {args.command}: {error}", file=sys.stderr)
        print("nothing was written: the data served before is unchanged", file=sys.stderr)
        return 1
    except download.FetchError as error:
        print(f"genegraph {args.command}: {error}", file=sys.stderr)
        print(
            "files fetched before are kept; nothing was loaded: the data served is unchanged",
            file=sys.stderr,
        )
        return 1
    except ValueError as error:
        print(f"genegraph {args.command}: {error}", file=sys.stderr)
        return 2
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="genegraph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    species_help = (
        "species, comma-separated, by common name, scientific name or taxon id "
        "(human,mouse,rat); load: only these species' rows"
    )
    database_help = (
        f"SQLAlchemy URL: sqlite:///path or postgresql://user@host/db "
        f"(default: ${settings.DATABASE_URL_ENV}, else {settings.DEFAULT_DATABASE_URL})"
    )

    serve = commands.add_parser("serve", help="run the GraphQL server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--database-url", help=database_help)
    serve.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve.add_argument(
        "--read-database-url",
        help="a read replica of the database, for queries; migrations and the seed go to "
        f"--database-url (default: ${settings.READ_DATABASE_URL_ENV}, else none)",
    )
    serve.add_argument(
        "--no-seed", action="store_true", help="do not load data/il2.txt into an empty database"
    )
    serve.set_defaults(run=_serve)

    load_cmd = commands.add_parser(
        "load",
        help="load source files as one release",
        description="Load files (and/or a folder of them) as one release: all of it, or "
        "on any error none of it. Formats: " + ", ".join(f.value for f in SourceFormat) + ".",
    )
    load_cmd.add_argument("files", nargs="*", type=Path)
    load_cmd.add_argument(
        "--dir",
        type=Path,
        help="also load every file of this folder in a known format (others are listed)",
    )
    load_cmd.add_argument("--database-url", help=database_help)
    load_cmd.add_argument(
        "--format",
        choices=[f.value for f in SourceFormat],
        help="the files' format (default: detected from each file's first line)",
    )
    load_cmd.add_argument("--symbol", help="gene pages: the page's gene symbol")
    load_cmd.add_argument(
        "--taxon", type=int, help="gene pages: the page's species; gene_info: load only this taxon"
    )
    load_cmd.add_argument("--species", type=_species_option, help=species_help)
    load_cmd.set_defaults(run=_load)

    fetch = commands.add_parser(
        "fetch",
        help="download the sources (NCBI Gene, GO, GAFs) into a folder",
        description="Download the ontology, NCBI Gene's files for the species named and "
        "GO Consortium GAFs from their real URLs (or a mirror), resuming interrupted files "
        "and skipping unchanged ones.",
    )
    _source_options(fetch, species_help)
    fetch.set_defaults(run=_fetch)

    update_cmd = commands.add_parser(
        "update",
        help="fetch the sources, then load them as one release if anything changed",
    )
    _source_options(update_cmd, species_help)
    update_cmd.add_argument("--database-url", help=database_help)
    update_cmd.set_defaults(run=_update)

    migrate = commands.add_parser("migrate", help="create or upgrade the database schema")
    migrate.add_argument("--database-url", help=database_help)
    migrate.set_defaults(run=_migrate)

    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.add_argument("--output", "-o", type=Path, help="write to this file instead")
    export.set_defaults(run=_export_schema)
    return parser


WORKER_HEALTHCHECK_SECONDS = 60


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    url = settings.database_url(args.database_url)
    read_url = settings.read_database_url(args.read_database_url, url)
    server = settings.server_settings()  # a bad limit stops here, naming it, not in a worker
    if server.caching.allowlist is not None:  # and so does a bad allow-list
        load_allowlist(server.caching.allowlist, server.limits.max_tokens)
    report = asyncio.run(_prepare(url, seed=not args.no_seed))
    if report is not None:
        _print_report(report)
    shown = normalize_url(url).render_as_string(hide_password=True)
    print(f"genegraph: serving {shown}")
    if read_url is not None:
        replica = normalize_url(read_url).render_as_string(hide_password=True)
        print(f"genegraph: queries read from {replica}")
        os.environ[settings.READ_DATABASE_URL_ENV] = read_url
    print(f"genegraph: GraphiQL at http://{args.host}:{args.port}/graphql", flush=True)
    # Worker processes read the database URL from the environment.
    os.environ[settings.DATABASE_URL_ENV] = url
    with _metrics_shared_by(args.workers):
        uvicorn.run(
            "genegraph.server.app:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            # uvicorn kills and replaces a worker that does not answer its supervisor's ping
            # within this many seconds, and a new worker cannot answer until it has started
            # Python and imported genegraph: 5 s (uvicorn's default) was seen to be too short
            # on a busy 2-core machine, where workers were then replaced in a loop and never
            # served.
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            # Slow clients get 408 (genegraph.middleware.head_timeout); uvicorn alone waits forever.
            http="genegraph.middleware.head_timeout:HeadTimeoutProtocol",
            log_level="info",
            # genegraph logs each request as a JSON line (genegraph.observability).
            access_log=False,
        )
    return 0


@contextlib.contextmanager
def _metrics_shared_by(workers: int) -> Iterator[None]:
    """With several workers, /metrics adds up all of them: prometheus_client's
    multiprocess mode, in $PROMETHEUS_MULTIPROC_DIR if set, else a folder of this run's.
    This process does not import prometheus_client: it serves nothing, and the workers
    it starts must find the folder ready when they do."""
    if workers <= 1:
        yield
        return
    given = os.environ.get(MULTIPROC_DIR_ENV)
    if given:
        _prepare_metrics_dir(Path(given))
        yield
        return
    with tempfile.TemporaryDirectory(prefix="genegraph-metrics-") as folder:
        _prepare_metrics_dir(Path(folder))
        print(f"genegraph: {workers} workers, metrics shared in {folder}", flush=True)
        yield


def _prepare_metrics_dir(folder: Path) -> None:
    """Empty ``folder`` (files of an earlier run would be added in) and point
    $PROMETHEUS_MULTIPROC_DIR at it, for the worker processes started after this."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_DIR_ENV] = str(folder)


async def _prepare(url: str, *, seed: bool) -> LoadReport | None:
    async with engine_scope(url) as engine:
        return await prepare(engine, seed=seed)


def _source_options(command: argparse.ArgumentParser, species_help: str) -> None:
    command.add_argument("--species", type=_species_option, required=True, help=species_help)
    command.add_argument(
        "--gaf",
        type=_gaf_option,
        default=(),
        help="GO Consortium GAFs, comma-separated (rgd,mgi,goa_human ...)",
    )
    command.add_argument(
        "--dest",
        type=Path,
        help=f"folder for the files (default: {update.default_dest()})",
    )
    command.add_argument(
        "--mirror",
        help="fetch https://HOST/PATH from MIRROR/HOST/PATH instead (a local mirror)",
    )


def _species_option(value: str) -> tuple[KnownSpecies, ...]:
    try:
        return species.parse_species_option(value)
    except ValueError as error:  # argparse would print only "invalid value"
        raise argparse.ArgumentTypeError(str(error)) from None


def _gaf_option(value: str) -> tuple[str, ...]:
    try:
        return sources.parse_gaf_option(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _fetch_sources(args: argparse.Namespace) -> list[download.Fetched]:
    dest = args.dest or update.default_dest()
    print(f"genegraph: fetching into {dest}", flush=True)
    files = sources.remote_files(args.species, args.gaf)
    return download.fetch_all(
        files, dest, mirror=args.mirror, progress=fetch_progress_for_terminal()
    )


def _fetch(args: argparse.Namespace) -> int:
    fetched = _fetch_sources(args)
    changed = sum(f.changed for f in fetched)
    print(f"genegraph: {changed} of {len(fetched)} files new or changed")
    return 0


def _update(args: argparse.Namespace) -> int:
    fetched = _fetch_sources(args)
    url = settings.database_url(args.database_url)
    taxa = frozenset(s.taxon_id for s in args.species)
    report = asyncio.run(_update_database(url, [f.path for f in fetched], taxa))
    if report is not None:
        _print_report(report)
    return 0


async def _update_database(url: str, paths: list[Path], taxa: frozenset[int]) -> LoadReport | None:
    async with engine_scope(url) as engine:
        await upgrade(engine)
        served = await update.served_release(engine)
        if served is not None and not update.unloaded(paths, served[1]):
            print(f"genegraph: nothing changed since release {served[0]}: nothing loaded")
            return None
    # Every file, not only the changed ones: each replaces its own data, and together
    # they stay consistent (a species added brings its genes and its annotations).
    return await _load_sources(url, [Source(p, taxa=taxa) for p in paths], [])


def _taxa(chosen: Sequence[KnownSpecies] | None) -> frozenset[int] | None:
    return None if chosen is None else frozenset(s.taxon_id for s in chosen)


def _load(args: argparse.Namespace) -> int:
    taxa = _taxa(args.species)
    sources = [
        Source(
            path,
            format=SourceFormat(args.format) if args.format else None,
            symbol=args.symbol,
            taxon=args.taxon,
            taxa=taxa,
        )
        for path in args.files
    ]
    ignored: list[str] = []
    if args.dir is not None:
        found, ignored = sources_in(args.dir)
        sources += [Source(s.path, s.format, taxon=args.taxon, taxa=taxa) for s in found]
    if not sources:
        raise ValueError("nothing to load: name files, or a folder with --dir")
    url = settings.database_url(args.database_url)
    report = asyncio.run(_load_sources(url, sources, ignored))
    _print_report(report)
    return 0


async def _load_sources(url: str, sources: list[Source], ignored: list[str]) -> LoadReport:
    progress, running = progress_for_terminal()
    async with engine_scope(url) as engine:
        await upgrade(engine)
        with running:
            return await load(engine, sources, progress=progress, ignored=ignored)


def _print_report(report: LoadReport) -> None:
    table = Table(title=f"release {report.release} loaded in {report.seconds:.1f} s")
    for column in ("file", "format", "lines", "stored", "skipped", "rows written"):
        table.add_column(column, justify="right" if column in ("lines", "stored") else "left")
    for source in report.sources:
        table.add_row(
            Path(source.path).name,
            source.format.value + (f" {source.version}" if source.version else ""),
            f"{source.lines:,}",
            f"{source.stored:,}",
            "\n".join(f"{reason}: {count:,}" for reason, count in source.skipped.items()) or "-",
            "\n".join(f"{kind} {count:,}" for kind, count in source.rows.items()),
        )
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)
    for path in report.ignored:
        console.print(f"not loaded (format not recognised): {path}")


def _migrate(args: argparse.Namespace) -> int:
    async def run() -> None:
        async with engine_scope(settings.database_url(args.database_url)) as engine:
            await upgrade(engine)

    asyncio.run(run())
    print("genegraph: database schema is up to date")
    return 0


def _export_schema(args: argparse.Namespace) -> int:
    from genegraph.schema.root import schema

    sdl = schema.as_str() + "\n"
    if args.output is None:
        sys.stdout.write(sdl)
    else:
        args.output.write_text(sdl, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
