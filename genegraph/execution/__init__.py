"""How a request's document is run, beside the schema that says what it may ask
(``genegraph.schema``): the limits every request is held to (``limits``), the caches of
what is derived from a parsed document (``caches``), planned execution of the gene card's
shapes (``planned``), which errors are logged (``error_log``), and every use of
Strawberry's and graphql-core's internals (``internals``, the one module that may).
ARCHITECTURE.md, section 4, says why each is there."""
