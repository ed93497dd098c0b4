"""Codes bucketed by range (db/range_buckets.py): the buckets, each sorted, read in turn
are all the codes in order, however the codes were split into blocks."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest

from genegraph.db.range_buckets import RangeBuckets


def test_buckets_read_in_turn_and_sorted_are_the_codes_in_order() -> None:
    rng = np.random.default_rng(16)
    codes = rng.integers(0, 1 << 40, size=10_000, dtype=np.int64)
    bounds = np.sort(rng.choice(codes, size=5, replace=False))
    with RangeBuckets(bounds) as buckets:
        for block in np.array_split(codes, 7):
            buckets.add(block)
        read = [np.sort(bucket) for bucket in buckets.read()]
    assert len(read) == 6 and all(len(bucket) for bucket in read)
    assert [bucket.min() for bucket in read[1:]] == bounds.tolist()
    assert np.array_equal(np.concatenate(read), np.sort(codes))


def test_without_bounds_one_bucket_holds_every_code() -> None:
    codes = np.array([5, 3, 9, 3], dtype=np.int64)
    with RangeBuckets(np.zeros(0, dtype=np.int64)) as buckets:
        buckets.add(codes[:2])
        buckets.add(codes[2:])
        read = list(buckets.read())
    assert len(read) == 1 and read[0].tolist() == [5, 3, 9, 3]


def test_the_buckets_have_no_name_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Files without a name: a killed load leaves nothing in the temporary folder.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with RangeBuckets(np.array([10], dtype=np.int64)) as buckets:
        buckets.add(np.arange(20, dtype=np.int64)[::-1].copy())
        assert list(tmp_path.iterdir()) == []
        read = [sorted(bucket.tolist()) for bucket in buckets.read()]
    assert read == [list(range(10)), list(range(10, 20))]
