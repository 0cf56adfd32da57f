"""Writing files without losing what was there: temp file in the same folder, then rename."""

from __future__ import annotations

import os


def write_atomic(path: str, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text``; readers see the old file or the new one, never half."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str, data: bytes, sync: bool = True) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder and a rename.

    The file keeps its permissions. ``sync`` waits until the data is on disk before the rename
    (files the user wrote; a cache entry, which can always be made again, skips it).
    """
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
