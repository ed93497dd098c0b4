"""Downloading genegraph's sources (NCBI Gene, the Gene Ontology, GO Consortium GAFs)
from their real URLs, or from a mirror of them: ``genegraph fetch`` and ``genegraph update``."""
