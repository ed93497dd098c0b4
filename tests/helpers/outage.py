"""A request and the answer the server gives it while the database is out
(genegraph/database_outage.py): shared by tests/server/test_database_outage.py and the real
restart, bench/restart_under_load.py."""

from __future__ import annotations

from genegraph.server.database_outage import MESSAGE, SERVICE_UNAVAILABLE

CARD = {"query": '{ gene(symbol: "IL2") { id goTerms { id } orthologs { gene { id } } } }'}
OUTAGE = {"errors": [{"message": MESSAGE, "extensions": {"code": SERVICE_UNAVAILABLE}}]}
