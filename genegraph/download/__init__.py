"""Bulk download of annotations as files (GAF 2.2, TSV): what a request asks for
(``arguments``), the release it is read from (``pinned``), the rows (``rows``) and how
each format writes them (``gaf``, ``tsv``). The route is genegraph/server/download.py."""
