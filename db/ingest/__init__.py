"""Loaders: parse a source format, then store it as part of one release."""
