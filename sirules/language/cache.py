"""The user's cache directory: compiled guidelines and sirules' own parser tables.

``$SIRULES_CACHE_DIR`` overrides the place; an empty value turns caching off. Entries are
written atomically (a temporary file in the same folder, then a rename), so two processes may
write the same entry at once, and a reader that finds a damaged entry rebuilds it.
"""

from __future__ import annotations

import os

try:                           # hashlib would load OpenSSL first: a few ms of every start
    from _blake2 import blake2b
except ImportError:            # pragma: no cover  (a Python built without it)
    from hashlib import blake2b


def key(*parts: str) -> str:
    """A short hex digest of the parts, for the name of an entry."""
    return blake2b("\n".join(parts).encode()).hexdigest()[:24]


def cache_dir() -> str | None:
    """The cache folder, or None when caching is turned off."""
    d = os.environ.get("SIRULES_CACHE_DIR")
    if d == "":
        return None
    if d is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "sirules")
    return d


def entry(name: str) -> str | None:
    """The path of a cache entry, or None when caching is turned off."""
    d = cache_dir()
    return os.path.join(d, name) if d else None


def write_bytes(path: str, data: bytes) -> None:
    """Write an entry atomically; a cache that cannot be written is not an error."""
    from .fileio import write_bytes_atomic

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_bytes_atomic(path, data, sync=False)
    except OSError:
        pass
