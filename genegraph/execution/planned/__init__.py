"""Planned execution of the gene card's shapes: a document whose selections stay within
a supported subset is answered from its data, fetched in one SQL statement (or level by
level for look-ups the statement does not make), and assembled into the response
directly, without graphql-core's field-by-field resolution (ARCHITECTURE.md, "Planned
execution"). ``plan`` decides what is supported and compiles a document once,
``statement`` builds and runs the one statement, ``run`` fetches and assembles,
``executor`` hooks both into graphql-core's executor and hands everything else, and
every error, to the general executor."""
