"""The user's cache directory: compiled guidelines and sirules' own parser tables.

``$SIRULES_CACHE_DIR`` overrides the place; an empty value turns caching off. Entries are
written atomically (a temporary file in the same folder, then a rename), so two processes may
write the same entry at once, and a reader that finds a damaged entry rebuilds it.
"""

from __future__ import annotations

import os


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
    import tempfile

    d = os.path.dirname(path)
    try:
        os.makedirs(d, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)     # atomic: readers see the old file or the new one
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass
