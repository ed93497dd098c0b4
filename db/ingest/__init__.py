"""Ingest: source files parsed (``parse/``) and stored (``store/``) as one release
(``release.py``)."""
