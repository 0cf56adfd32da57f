"""The people who may use the officer's desk of ``sirules serve``: users, roles and API tokens.

A password is kept as ``scrypt$n$r$p$salt$hash`` (the standard library's ``hashlib.scrypt``, a
random 16-byte salt); an API token only as its SHA-256 (it is shown once, when made). Roles:
``officer`` reads and writes (decide, pay), ``reader`` only reads.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from . import database

ROLES = ("officer", "reader")
_N, _R, _P = 2 ** 14, 8, 1
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(digest) // 2, maxmem=2 ** 26)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def add(engine, name: str, role: str, password: str, by: str) -> dict:
    """A new user; the name must be new, the role known, the password at least 8 characters."""
    import sqlalchemy as sa
    from . import schema
    from .service import _log
    name = name.strip()
    if not name or len(name) > 100:
        raise SirulesError([error("SIR606", later("a user needs a name (at most 100 characters)"))])
    if role not in ROLES:
        raise SirulesError([error("SIR606", later("role {role} is not one of {roles}", role=repr(role),
                                                  roles=", ".join(ROLES)))])
    if len(password) < MIN_PASSWORD:
        raise SirulesError([error("SIR606", later("the password is shorter than {n} characters", n=MIN_PASSWORD),
                                  hint=later("choose a longer one (a phrase of a few words is good)"))])
    with database.transaction(engine) as conn:
        known = conn.execute(sa.select(schema.users.c.id).where(schema.users.c.name == name)).scalar()
        if known is not None:
            raise SirulesError([error("SIR606", later("there is already a user {name}", name=repr(name)),
                                      hint=later("choose another name"))])
        row = conn.execute(schema.users.insert().values(name=name, role=role, password=hash_password(password),
                                                       created_at=database.now(), created_by=by))
        _log(conn, by, "user add", {"user": name, "role": role})
    return {"id": row.inserted_primary_key[0], "user": name, "role": role}


def check_password(engine, name: str, password: str) -> dict | None:
    """The user (``name``, ``role``) when the password is theirs, else None."""
    import sqlalchemy as sa
    from . import schema
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.users).where(schema.users.c.name == name)).one_or_none()
    if row is None:
        password_matches(password, hash_password("not a user"))       # the same time for an unknown name
        return None
    return {"user": row.name, "role": row.role} if password_matches(password, row.password) else None


def new_token(engine, name: str, by: str) -> dict:
    """A new API token for user ``name``: returned once, kept only as its hash."""
    import sqlalchemy as sa
    from . import schema
    from .service import _log
    token = "sir_" + secrets.token_urlsafe(32)
    with database.transaction(engine) as conn:
        uid = conn.execute(sa.select(schema.users.c.id).where(schema.users.c.name == name)).scalar()
        if uid is None:
            raise SirulesError([error("SIR606", later("there is no user {name}", name=repr(name)),
                                      hint=later("add one: sirules fund user add NAME --role officer"))])
        conn.execute(schema.tokens.insert().values(user_id=uid, hash=_sha(token), created_at=database.now()))
        _log(conn, by, "user token", {"user": name})
    return {"user": name, "token": token}


def for_token(engine, token: str) -> dict | None:
    import sqlalchemy as sa
    from . import schema
    with engine.connect() as conn:
        row = conn.execute(sa.select(schema.users.c.name, schema.users.c.role)
                           .select_from(schema.tokens.join(schema.users, schema.tokens.c.user_id == schema.users.c.id))
                           .where(schema.tokens.c.hash == _sha(token))).one_or_none()
    return None if row is None else {"user": row.name, "role": row.role}


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
