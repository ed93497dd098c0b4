"""Stores: parsed records written into the database inside the load's transaction.

None commits (``release.py`` does, once, for the whole load), and each is idempotent:
storing the same input twice leaves the same rows."""
