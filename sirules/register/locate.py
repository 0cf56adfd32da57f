"""Which register a command uses: ``--db URL``, else ``SIRULES_DB``, else the file
:data:`FILENAME` in the current folder or the nearest parent that has one (as git finds its
repository). A plain path is a SQLite file; ``postgresql://…`` is a PostgreSQL database."""

from __future__ import annotations

import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later

#: the SQLite file ``sirules fund init`` creates when no --db is given
FILENAME = "sirules-register.db"


def to_url(target: str) -> str:
    """A database URL for a path or URL given by the user."""
    if "://" in target:
        if target.startswith("postgres://"):
            target = "postgresql://" + target[len("postgres://"):]
        if target.startswith("postgresql://"):
            return "postgresql+psycopg://" + target[len("postgresql://"):]
        return target
    return "sqlite:///" + os.path.abspath(target)


def for_init(db: str | None) -> str:
    """The URL ``fund init`` creates: ``--db``, ``SIRULES_DB`` or :data:`FILENAME` here."""
    return to_url(db or os.environ.get("SIRULES_DB") or FILENAME)


def find(db: str | None, start: str | None = None) -> str:
    """The URL of the register a command works on; SIR601 when there is none."""
    target = db or os.environ.get("SIRULES_DB")
    if target:
        if "://" not in target and not os.path.exists(target):
            raise SirulesError([error("SIR601", later("no register at {db}", db=target),
                                      hint=later("create one with `sirules fund init GUIDELINE --db PATH`"))])
        return to_url(target)
    folder = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, FILENAME)
        if os.path.isfile(candidate):
            return to_url(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            raise SirulesError([error("SIR601", later("no register ({file}) in this folder or any parent", file=FILENAME),
                                      hint=later("create one with `sirules fund init GUIDELINE`, or say which "
                                                 "with --db PATH or SIRULES_DB"))])
        folder = parent


def describe(url: str) -> str:
    """The URL without a password, for messages and logs."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        rel = os.path.relpath(path)
        return path if rel.startswith("..") else rel
    head, sep, tail = url.partition("@")
    if sep and ":" in head.split("://", 1)[-1]:
        scheme, creds = head.split("://", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{tail}"
    return url
