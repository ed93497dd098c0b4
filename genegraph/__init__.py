"""genegraph: a GraphQL server for gene annotation."""
