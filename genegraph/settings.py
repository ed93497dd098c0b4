"""Where genegraph's settings come from: command-line flags, then environment variables."""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_ENV = "GENEGRAPH_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///genegraph.sqlite"

# The seed page ships in the repository's data/ folder, beside the packages.
REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = REPO_ROOT / "data" / "il2.txt"


def database_url(flag: str | None = None) -> str:
    """The --database-url flag, else $GENEGRAPH_DATABASE_URL, else a SQLite file here."""
    return flag or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
