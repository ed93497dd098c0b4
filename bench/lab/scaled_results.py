"""A bench's results kept by data scale in one JSON file of bench/results/ (``x1``, ``x10``
...), each run's figures merged over the last ones at its scale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lab.paths import RESULTS


def save(file_name: str, scale: int, results: dict[str, Any]) -> Path:
    path = RESULTS / file_name
    stored = json.loads(path.read_text()) if path.exists() else {}
    stored.setdefault(f"x{scale}", {}).update(results)
    path.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
    return path
