"""The user's cache directory: compiled guidelines and sirules' own parser tables.

``$SIRULES_CACHE_DIR`` overrides the place; an empty value turns caching off. Entries are
written atomically (a temporary file in the same folder, then a rename), so two processes may
write the same entry at once, and a reader that finds a damaged entry rebuilds it.

An entry holds code that runs (a ``marshal``-ed code object and a pickle), so the cache is used
only when nobody else can have written it: the folder is made ``0700``, and a folder or an entry
that is not owned by the user running sirules, or that the group or others may write, is not
used (one warning, SIR410, then the process goes on without a cache). A relative
``$XDG_CACHE_HOME`` is ignored, as the XDG specification says. :func:`turn_off` (``--no-cache``)
makes every function here behave as if no cache were configured.
"""

from __future__ import annotations

import os
import stat
import sys

try:                           # hashlib would load OpenSSL first: a few ms of every start
    from _blake2 import blake2b
except ImportError:            # pragma: no cover  (a Python built without it)
    from hashlib import blake2b

#: the reason the cache is not used in this process (a warning has been written), or None
_refused: str | None = None
#: --no-cache: no entry is read or written in this process
_off = False
#: the folder once checked, so that a warm start checks it once
_checked: str | None = None


def key(*parts: str) -> str:
    """A short hex digest of the parts, for the name of an entry."""
    return blake2b("\n".join(parts).encode()).hexdigest()[:24]


def turn_off(off: bool = True) -> None:
    """No cache in this process (``--no-cache``): nothing is read or written."""
    global _off
    _off = off


def cache_dir() -> str | None:
    """The configured cache folder, or None when caching is turned off (it may not exist yet)."""
    if _off:
        return None
    d = os.environ.get("SIRULES_CACHE_DIR")
    if d == "":
        return None
    if d is None:
        base = os.environ.get("XDG_CACHE_HOME") or ""
        if not os.path.isabs(base):            # unset, empty or relative: the XDG default
            base = os.path.join(os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "sirules")
    return d


def usable_dir() -> str | None:
    """The cache folder, made ``0700`` if it is new, or None when there is none or it is not safe."""
    global _checked
    d = cache_dir()
    if d is None or _refused is not None:
        return None
    if d == _checked:
        return d
    try:
        os.makedirs(d, mode=0o700, exist_ok=True)
        st = os.stat(d)
    except OSError:                # a cache that cannot be made is not an error: no cache
        return None
    problem = _unsafe(st, "folder")
    if problem:
        _refuse(f"the cache folder {_shown(d)} {problem}", d)
        return None
    _checked = d
    return d


def entry(name: str) -> str | None:
    """The path of a cache entry, or None when caching is turned off or the folder is not safe."""
    d = usable_dir()
    return os.path.join(d, name) if d else None


def read_bytes(path: str | None) -> bytes | None:
    """The bytes of a cache entry, or None when it is missing or not safe to use.

    The entry is opened without following a symbolic link and checked on the open file: a
    regular file of this user that nobody else may write.
    """
    if path is None or _off or _refused is not None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        problem = _unsafe(st, "entry")
        if problem:
            _refuse(f"the cache entry {_shown(path)} {problem}", os.path.dirname(path))
            return None
        try:
            return fh.read()
        except OSError:
            return None


def write_bytes(path: str, data: bytes) -> None:
    """Write an entry atomically; a cache that cannot be written is not an error."""
    from .fileio import write_bytes_atomic

    if _off or _refused is not None or usable_dir() is None:
        return
    try:
        write_bytes_atomic(path, data, sync=False, mode=0o600)
    except OSError:
        pass


def _unsafe(st: os.stat_result, what: str) -> str | None:
    """Why a folder or entry with this status may hold what someone else wrote (None: it is safe)."""
    if what == "folder" and not stat.S_ISDIR(st.st_mode):
        return "is not a folder"
    if what == "entry" and not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if os.name == "nt":        # no owner or group/other bits to go by: the folder's access list decides
        return None
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"may be written by the group or others (mode {stat.S_IMODE(st.st_mode):04o})"
    uid = os.geteuid() if hasattr(os, "geteuid") else st.st_uid
    if st.st_uid != uid:
        return f"belongs to another user (uid {st.st_uid}, not {uid})"
    return None


def _refuse(reason: str, folder: str) -> None:
    """Stop using the cache in this process, with one warning."""
    global _refused
    if _refused is not None:
        return
    _refused = reason
    try:
        sys.stderr.write(f"warning[SIR410]: {reason}; sirules runs without its cache\n"
                         f"   = hint: cached entries run as code, so the cache must be yours alone: "
                         f"chmod go-w {_shown(folder)},\n"
                         "     or set SIRULES_CACHE_DIR to a folder of your own "
                         "(an empty value turns the cache off)\n")
    except (OSError, ValueError):
        pass


def _shown(path: str) -> str:
    """A path as it can be printed on any terminal (a file name need not be UTF-8)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def reset() -> None:
    """Forget the checks and refusals of this process (for tests that change the folder)."""
    global _refused, _off, _checked
    _refused, _off, _checked = None, False, None
