"""ASGI middleware and protocol limits applied before GraphQL sees a request: the body's
size and time (``body``), the head's time (``head_timeout``), the rate limit and the client
budget, both on one store of per-client token buckets (``buckets``)."""
