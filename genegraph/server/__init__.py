"""The HTTP server: the Starlette app and its routes (``app``), the GraphQL view (``view``),
its error answers, GraphiQL, the web app, one release per request and database outages."""
