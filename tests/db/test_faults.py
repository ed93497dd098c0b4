"""A load killed with SIGKILL at each of its fault points (db/ingest/faults.py), on each
backend: the release served before is served unchanged, the database passes its integrity
checks (tests/helpers/db_checks.py), and the same load run again succeeds.

The kill is deterministic: ``genegraph load`` runs with ``GENEGRAPH_LOAD_FAULT`` naming
the point, and kills itself there. The kit-sized case (SIGKILL during gene2go's COPY of
the real data) is tests/helpers/kit.py's."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from genegraph.db.engine import engine_scope
from genegraph.db.ingest import faults
from genegraph.db.ingest.release import Source
from genegraph.db.ingest.release import load as load_release
from genegraph.db.migrate import upgrade
from tests.conftest import FIXTURES, SEED_PAGE, Database
from tests.helpers.cli import genegraph
from tests.helpers.db_checks import integrity_problems
from tests.helpers.kit import query
from tests.helpers.sources import GENE2GO, OBO, write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
ANSWER = """{ currentRelease { number sources { format } }
              gene(symbol: "IL2") { goTerms { id name } annotations { term { id } source } }
              goTerm(id: "GO:0050778") { name ancestors { id } }
              enrichment(genes: ["NCBIGene:3558"], taxon: 9606) {
                backgroundSize testedTerms terms { term { id } backgroundCount } } }"""


def releases(folder: Path) -> tuple[list[str], list[str]]:
    """The files of a first release, and of a second one that differs from it in every
    stage a fault point is in: a renamed term (so a new closure), genes, gene2go, the page."""
    first = write(folder, "go-1.obo", OBO)
    second = write(
        folder,
        "go-2.obo",
        OBO.replace("releases/test-1", "releases/test-2").replace(
            "name: positive regulation of immune response",
            "name: positive regulation of immune response (second release)",
        ),
    )
    gene2go = write(folder, "gene2go", GENE2GO)
    return (
        [str(first), str(GENE_INFO), str(SEED_PAGE)],
        [str(second), str(GENE_INFO), str(gene2go), str(SEED_PAGE)],
    )


def load_killed(url: str, files: list[str], fault: str) -> Any:
    """`genegraph load` of ``files``, armed to kill itself at ``fault``."""
    return genegraph("load", *files, "--database-url", url, env={faults.ENVIRONMENT: fault})


def load(url: str, files: list[str]) -> int:
    """Load ``files`` in this process (quicker than a CLI process); the release number."""

    async def run() -> int:
        async with engine_scope(url) as engine:
            await upgrade(engine)  # a new SQLite file is empty
            return (await load_release(engine, [Source(Path(f)) for f in files])).release

    return asyncio.run(run())


def wait_for_other_sessions_to_end(database: Database) -> None:
    """PostgreSQL ends a killed client's session (rolling its transaction back) once it
    sees the socket closed; wait for that, at most 30 s (integrity_problems reports one
    still open)."""
    if database.backend != "postgresql":
        return

    async def others() -> int:
        async with engine_scope(database.url) as engine, engine.connect() as conn:
            count = await conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            return int(count or 0)

    deadline = time.monotonic() + 30
    while asyncio.run(others()) and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.parametrize("point", [p for p in faults.POINTS if p != "committed"])
def test_a_load_killed_before_it_commits_changes_nothing(
    database: Database, tmp_path: Path, point: str
) -> None:
    first, second = releases(tmp_path)
    load(database.url, first)
    before = query(database.url, ANSWER)

    killed = load_killed(database.url, second, point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert f"fault point {point} reached" in killed.stderr
    wait_for_other_sessions_to_end(database)
    assert query(database.url, ANSWER) == before
    assert integrity_problems(database) == []

    load(database.url, second)
    after = query(database.url, ANSWER)
    # PostgreSQL may skip a number: the killed load drew one from the sequence.
    assert after["currentRelease"]["number"] > before["currentRelease"]["number"]
    assert after != {**before, "currentRelease": after["currentRelease"]}
    assert after["goTerm"]["name"].endswith("(second release)")
    assert integrity_problems(database) == []


def test_a_load_killed_after_its_commit_is_served(database: Database, tmp_path: Path) -> None:
    """Killed once committed (PostgreSQL: in its ANALYZE), the new release is whole and
    served; the next load is the one after it."""
    first, second = releases(tmp_path)
    load(database.url, first)
    killed = load_killed(database.url, second, "committed")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    wait_for_other_sessions_to_end(database)
    served = query(database.url, ANSWER)
    assert served["currentRelease"]["number"] == 2
    assert served["goTerm"]["name"].endswith("(second release)")
    assert integrity_problems(database) == []
    assert load(database.url, second) == 3
    assert query(database.url, ANSWER) == {
        **served,
        "currentRelease": {**served["currentRelease"], "number": 3},
    }
