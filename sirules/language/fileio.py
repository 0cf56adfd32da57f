"""Writing files without losing what was there: temp file in the same folder, then rename.

:func:`write_output` is the one way sirules writes a file the user named (``--output``, ``fmt``):
through a symbolic link to the file it points at (the link stays), never onto a device, pipe or
folder, never over a read-only file, with the file's permissions kept. :func:`write_bytes_atomic`
is the rename underneath, which the cache uses too.
"""

from __future__ import annotations

import os
import stat

from .i18n import later
from .diagnostics import SirulesError, error


def write_atomic(path: str, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text``; readers see the old file or the new one, never half."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str, data: bytes, sync: bool = True, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder and a rename.

    The file keeps its permissions (and, when sirules may, its owner); a new file gets ``mode``,
    or 0666 less the umask. ``sync`` waits until the data is on disk before the rename (files the
    user wrote; a cache entry, which can always be made again, skips it).
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
            old = os.stat(path)
        except FileNotFoundError:
            old = None
        if mode is not None:
            os.chmod(tmp, mode)
        elif old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            _keep_owner(tmp, old)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """Root rewriting another user's file gives it back to that user (others cannot, and need not)."""
    st = os.stat(tmp)
    if (st.st_uid, st.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.chown(tmp, old.st_uid, old.st_gid)
        except (OSError, AttributeError):
            pass


def write_output(path: str, text: str | bytes, what: str = "--output") -> None:
    """Write ``text`` (str, written as UTF-8, or bytes: a PNG, a PDF) to the file ``path`` the user
    named, atomically; problems are SirulesErrors.

    A symbolic link is written through (its target is replaced and the link stays); a path that
    is a device, a pipe, a socket or a folder is refused (SIR411), and so is a file the user may
    not write; a folder that cannot be written in is SIR411 too, a missing one SIR404.
    """
    target = os.path.realpath(path) if os.path.islink(path) else path
    shown = (what + " " if what else "") + _shown(path)
    folder = os.path.dirname(os.path.abspath(target))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SirulesError([error("SIR411", later("{file}: {why}", file=shown, why=exc.strerror))]) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise SirulesError([error("SIR404", later("{file} is a folder", file=shown), hint=later("give a file name"))])
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise SirulesError([error("SIR411", later("{file} is {kind}, not a regular file; sirules writes only regular files",
                                                  file=shown, kind=_kind(st.st_mode)),
                                  hint=later("give the name of a file, or - for standard output")
                                  if what == "--output" else later("give the name of a file"))])
    if not os.path.isdir(folder):
        raise SirulesError([error("SIR404", later("{file}: there is no folder {folder}", file=shown, folder=_shown(folder)))])
    writable = st is None or (st.st_mode & 0o222 and os.access(target, os.W_OK))   # no w bit: read-only, root too
    if not writable:
        raise SirulesError([error("SIR411", later("{file} is read-only; sirules leaves it as it is", file=shown),
                                  hint=later("make it writable (chmod u+w {path}) if it should be changed",
                                             path=_shown(path)))])
    try:
        write_bytes_atomic(target, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as exc:
        raise SirulesError([error("SIR411", later("{file}: cannot write in the folder {folder}: {why}", file=shown,
                                                  folder=_shown(folder), why=exc.strerror),
                                  hint=later("a new file is written next to the old one and renamed over it: "
                                             "the folder must be writable"))]) from None


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return later("a device")
    if stat.S_ISFIFO(mode):
        return later("a named pipe")
    if stat.S_ISSOCK(mode):
        return later("a socket")
    return later("something else")


def _shown(path: str) -> str:
    """A path as it can be printed on any terminal (a file name need not be UTF-8)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_input(path: str, most: int, noun: str, too_large) -> bytes:
    """The bytes of an input file the user named, read once and at most ``most`` + 1 of them.

    A folder is SIR403 and a device or socket SIR412 (``noun`` names what was expected: "a guideline
    file"); a named pipe is read like a file. ``too_large(size)`` makes the error for an input over
    ``most`` bytes (``size`` says "1073741824 bytes", or "more than 2000000 bytes" for a pipe); a
    regular file that says it is too large is refused without reading it.
    """
    shown = _shown(path)
    try:
        st = os.stat(path)
        _refuse_kind(st, shown, noun)
        if stat.S_ISREG(st.st_mode) and st.st_size > most:
            raise too_large(later("{size} bytes", size=st.st_size))
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())              # what was opened, which may not be what was looked at
            _refuse_kind(st, shown, noun)
            data = fh.read(most + 1)
    except FileNotFoundError:
        raise SirulesError([error("SIR403", later("no such file: {file}", file=shown))]) from None
    except IsADirectoryError:
        raise SirulesError([error("SIR403", later("{file} is a folder, not {noun}", file=shown, noun=noun))]) from None
    except OSError as exc:
        raise SirulesError([error("SIR403", later("cannot read {file}: {why}", file=shown, why=exc.strerror))]) from None
    if len(data) > most:
        raise too_large(later("{size} bytes", size=st.st_size) if stat.S_ISREG(st.st_mode) and st.st_size > most
                        else later("more than {most} bytes", most=most))
    return data


def _refuse_kind(st: os.stat_result, shown: str, noun: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise SirulesError([error("SIR403", later("{file} is a folder, not {noun}", file=shown, noun=noun))])
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise SirulesError([error("SIR412", later("{file} is {kind}, not {noun}", file=shown, kind=_kind(st.st_mode), noun=noun),
                                  hint=later("give the name of {noun}; sirules reads regular files and named pipes",
                                             noun=noun))])


def refuse_special(path: str, noun: str) -> None:
    """SIR403 for a folder and SIR412 for a device or socket at ``path`` (a missing file passes:
    opening it says so)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    _refuse_kind(st, _shown(path), noun)
