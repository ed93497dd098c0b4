"""Query logic: batched loaders and look-ups the GraphQL types call."""
