"""Parsers: each source format read into frozen records, bad input raised as ``LoadError``."""
