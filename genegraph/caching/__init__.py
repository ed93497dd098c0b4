"""Caching around the GraphQL view (``http``): byte stores in process or in Redis
(``stores``), the response cache (``responses``), persisted queries and the release watch
that keys them."""
