"""A load's annotations read once for its two passes (db/annotation_blocks.py): the blocks
kept read back as written, and a load asks the database for each species' block of
annotations once, for the counts, the term gene lists reading them back."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db import background_counts, propagation
from genegraph.db.annotation_blocks import AnnotationBlocks
from genegraph.db.ingest.release import Source, load
from genegraph.db.models import BackgroundTermCount
from tests.conftest import FIXTURES, SEED_PAGE

SLIM_RELEASE = ("slim.obo", "slim_gene_info.tsv", "slim_gene2go.tsv")


def test_blocks_are_read_back_as_written_once_their_pass_has_ended() -> None:
    rng = np.random.default_rng(16)
    written = [
        (rng.integers(1, 1 << 40, size=n, dtype=np.int64), rng.integers(0, 50_000, size=n))
        for n in (1_000, 0, 7)
    ]
    with AnnotationBlocks() as blocks:
        file = blocks.writer((9606, (1, 20_000)))
        for pks, terms in written:
            blocks.write(file, pks, terms.astype(np.int32))
        assert not blocks.recorded((9606, (1, 20_000)))
        blocks.finish((9606, (1, 20_000)))
        assert blocks.recorded((9606, (1, 20_000)))
        assert not blocks.recorded((9606, (1, 30_000)))
        read = list(blocks.read((9606, (1, 20_000))))
    assert len(read) == len(written)
    for (pks, terms), (read_pks, read_terms) in zip(written, read, strict=True):
        assert read_pks.dtype == np.int64 and read_terms.dtype == np.int32
        assert read_pks.tolist() == pks.tolist() and read_terms.tolist() == terms.tolist()


def test_a_pass_written_again_replaces_the_first_and_no_file_is_named_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files without a name: a killed load leaves nothing in the temporary folder.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    key = (10090, (5, 9))
    with AnnotationBlocks() as blocks:
        first = blocks.writer(key)
        blocks.write(first, np.arange(5, dtype=np.int64), np.arange(5, dtype=np.int32))
        blocks.finish(key)
        again = blocks.writer(key)
        assert not blocks.recorded(key)
        blocks.write(again, np.array([7], dtype=np.int64), np.array([3], dtype=np.int32))
        blocks.finish(key)
        assert list(tmp_path.iterdir()) == []
        read = [(pks.tolist(), terms.tolist()) for pks, terms in blocks.read(key)]
    assert read == [([7], [3])]


async def test_a_load_reads_each_block_of_annotations_once(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: Counter[tuple[int | None, tuple[int, int] | None]] = Counter()
    made = propagation.annotated_terms

    def recorded(**kwargs: Any) -> Select[int, str]:
        # The blocks' statement: each gene's annotated terms, by species and pk range.
        reads[kwargs.get("taxon"), kwargs.get("pk_range")] += 1
        return made(**kwargs)

    monkeypatch.setattr(background_counts, "annotated_terms", recorded)
    await load(engine, [Source(SEED_PAGE)])
    # The page annotates its human gene: one block, read once (the counts), not twice.
    assert list(reads.values()) == [1]


async def test_blocks_read_ahead_count_as_blocks_read_in_turn(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A block of two genes: several blocks a species, each statement sent while the one
    before is handled (PostgreSQL); the counts are those of one block for all."""
    release = [Source(FIXTURES / name) for name in SLIM_RELEASE]
    reads: Counter[tuple[int | None, tuple[int, int] | None]] = Counter()
    made = propagation.annotated_terms

    def recorded(**kwargs: Any) -> Select[int, str]:
        reads[kwargs.get("taxon"), kwargs.get("pk_range")] += 1
        return made(**kwargs)

    await load(engine, release)
    whole = await stored_counts(engine)
    monkeypatch.setattr(background_counts, "GENES_PER_BLOCK", 2)
    monkeypatch.setattr(background_counts, "annotated_terms", recorded)
    await load(engine, release)
    assert len(reads) > 2 and set(reads.values()) == {1}
    assert await stored_counts(engine) == whole and whole


async def stored_counts(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        counts = BackgroundTermCount.__table__.c
        rows = await conn.execute(
            select(counts.taxon_id, counts.go_id, counts.gene_count).order_by(
                counts.taxon_id, counts.go_id
            )
        )
        return [tuple(row) for row in rows]
