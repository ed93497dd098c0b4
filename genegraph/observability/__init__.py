"""What each request did: its record (``record``), the JSON request log (``request_log``),
the Prometheus metrics (``metrics``) and the database hooks that feed them (``sql``)."""
