"""A mirror of the sources: ``--mirror URL`` maps each source URL ``https://HOST/PATH``
(or ``http://``) to ``URL/HOST/PATH``, so one folder laid out by host serves them all."""

from __future__ import annotations

from urllib.parse import urlsplit


def mirrored(url: str, mirror: str | None) -> str:
    """``url`` as the mirror serves it (``url`` itself without a mirror)."""
    if mirror is None:
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url}")
    return f"{check_mirror(mirror).rstrip('/')}/{parts.netloc}{parts.path}"


def check_mirror(mirror: str) -> str:
    parts = urlsplit(mirror)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--mirror: not an http(s) URL: {mirror!r}")
    return mirror
