"""The register's commands that record: init, guideline add, submit, decide, pay.

Each command is one transaction (:func:`database.transaction`) and leaves one row in ``log``
(who, when, what, and the guideline version it used). Functions return plain data; the command
line renders it (:mod:`.render`).
"""

from __future__ import annotations

import datetime
import getpass
import hashlib
import json
import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from . import database, journal, locate


def who(by: str | None = None) -> str:
    """The person a row is recorded for: ``--by``, else ``SIRULES_USER``, else the login name."""
    if by:
        return by
    try:
        return os.environ.get("SIRULES_USER") or getpass.getuser()
    except Exception:                          # no login name (a container without passwd entry)
        return "unknown"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _log(conn, by: str, command: str, detail: dict, guideline_id: int | None = None) -> None:
    from . import schema
    conn.execute(schema.log.insert().values(at=database.now(), who=by, command=command,
                                            guideline_id=guideline_id,
                                            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))


# ---- init and guideline versions -------------------------------------------------------------

def init(guideline_path: str, db: str | None, by: str, on: datetime.date) -> dict:
    """A new register for a fund, with its first guideline version, and the fund's size (where the
    guideline gives one) booked as capital on ``on``."""
    from . import schema
    g, text = _load(guideline_path)
    url = locate.for_init(db)
    with database.creating(url) as conn:
        conn.execute(schema.meta.insert(), [{"key": "app", "value": schema.APP_ID},
                                            {"key": "created", "value": database.now()}])
        gid = _insert_guideline(conn, g, text, guideline_path, by)
        size = fund_size(g.model)
        if size:
            journal.book(conn, "capital", size, on, by, database.now(),
                         clause=_fund_clause(g.model), note="the fund's size in the guideline")
        _log(conn, by, "init", {"file": os.path.basename(guideline_path), "capital": size or 0}, gid)
    return {"register": locate.describe(url), "guideline": gid, "title": g.model.title, "capital": size or 0}


def add_guideline(engine, guideline_path: str, by: str) -> dict:
    """A new version of the guideline; the same text twice is recognised, not doubled."""
    import sqlalchemy as sa
    from . import schema
    g, text = _load(guideline_path)
    with database.transaction(engine) as conn:
        known = conn.execute(sa.select(schema.guidelines.c.id).where(schema.guidelines.c.hash == _hash(text))).scalar()
        if known is not None:
            return {"guideline": known, "title": g.model.title, "new": False}
        gid = _insert_guideline(conn, g, text, guideline_path, by)
        _log(conn, by, "guideline add", {"file": os.path.basename(guideline_path)}, gid)
    return {"guideline": gid, "title": g.model.title, "new": True}


def _load(path: str):
    from ..engine import pipeline
    g = pipeline.load(path)
    with open(path, encoding="utf-8-sig") as fh:
        return g, fh.read()


def _insert_guideline(conn, g, text: str, path: str, by: str) -> int:
    from . import schema
    row = conn.execute(schema.guidelines.insert().values(
        hash=_hash(text), name=os.path.basename(path), title=g.model.title, lang=g.model.lang,
        valid_from=g.model.valid_from, valid_to=g.model.valid_to,
        text=text, added_at=database.now(), added_by=by))
    return row.inserted_primary_key[0]


def fund_size(model) -> int | None:
    """The size of the guideline's (first) fund block, in öre, or None."""
    for block in model.blocks:
        if block.kind == "fund":
            for setting in block.settings:
                if setting.key == "size" and setting.values and isinstance(setting.values[0], int):
                    return setting.values[0]
    return None


def _fund_clause(model) -> str | None:
    for block in model.blocks:
        if block.kind == "fund":
            return f"fund, line {block.origin.line}"
    return None


# ---- submit ----------------------------------------------------------------------------------

def versions(conn) -> list:
    """Every guideline version in the register: (id, name, text, valid_from, valid_to), oldest first."""
    import sqlalchemy as sa
    from . import schema
    t = schema.guidelines
    return conn.execute(sa.select(t.c.id, t.c.name, t.c.text, t.c.valid_from, t.c.valid_to).order_by(t.c.id)).all()


def in_force(rows: list, on: datetime.date):
    """The version in force on ``on``: of those whose validity covers the date, the one that
    starts last (the newest added on a tie); with none covering it, the newest added."""
    covering = [r for r in rows if (r.valid_from is None or r.valid_from <= on) and (r.valid_to is None or on <= r.valid_to)]
    if not covering:
        return rows[-1]
    return max(covering, key=lambda r: (r.valid_from or datetime.date.min, r.id))


def submit(engine, paths: list[str], by: str, submitted: datetime.date) -> list[dict]:
    """Check each application with the version in force on its date (its start, else the date of
    submission) and record it with its findings; a file recorded before is reported, not doubled.
    The new rows are inserted together at the end (one statement per table: a round of a thousand
    applications is written in a moment), with the ids they are given here, under the write lock."""
    import sqlalchemy as sa
    from . import schema
    from .compiled import guideline as compiled_guideline
    out = []
    with database.transaction(engine) as conn:
        rows = versions(conn)
        compiled: dict = {}

        def guideline(version):                  # each version compiled once per command
            if version.id not in compiled:
                compiled[version.id] = compiled_guideline(version.text, version.name)
            return compiled[version.id]
        first = guideline(rows[-1])
        known_history: dict = {}                 # the register's history, read once when a rule needs it
        apps = []
        for path in paths:
            app = first.read_application(path)   # read once; another version normalises the same text
            text, fmt = app.text, os.path.splitext(path)[1].lstrip(".").lower()
            if not text:                         # a workbook has no text: kept as the JSON of what it holds
                text, fmt = json.dumps(app.raw, ensure_ascii=False, sort_keys=True, default=str), "json"
            apps.append((path, app, _hash(text), text, fmt))
        known = _known(conn, [a[2] for a in apps])
        next_id = conn.execute(sa.select(sa.func.max(schema.applications.c.id))).scalar() or 0
        app_rows, log_rows, now = [], [], database.now()
        for path, app, digest, text, fmt in apps:
            if digest in known:
                out.append({"id": known[digest], "application": path, "new": False})
                continue
            start = app.data.get("start")
            version = in_force(rows, start if isinstance(start, datetime.date) else submitted)
            g = guideline(version)
            result = g.check(app if g is first else g.normaliser.normalise(app.raw, path, app.text),
                             history=_history(conn, g, known_history))
            doc = result.to_json()
            amount = app.data.get("amount")
            next_id += 1
            known[digest] = next_id
            app_rows.append(dict(
                id=next_id, hash=digest, name=os.path.basename(path),
                format=fmt,
                project=_project(app.data), title=app.data.get("title"), amount=amount if isinstance(amount, int) else None,
                submitted=submitted, checked_on=result.on, guideline_id=version.id, verdict=result.verdict,
                result=json.dumps(doc, ensure_ascii=False, sort_keys=True), text=text,
                recorded_at=now, recorded_by=by, **_facts(app)))
            log_rows.append({"at": now, "who": by, "command": "submit", "guideline_id": version.id,
                             "detail": json.dumps({"application": next_id, "file": os.path.basename(path),
                                                   "verdict": result.verdict}, ensure_ascii=False, sort_keys=True)})
            out.append({"id": next_id, "application": path, "new": True, "verdict": result.verdict,
                        "guideline": version.id, "check": doc})
        if app_rows:
            conn.execute(schema.applications.insert(), app_rows)
            conn.execute(schema.log.insert(), log_rows)
            if conn.dialect.name == "postgresql":     # the ids were given here: the sequence goes on after them
                conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('applications', 'id'), "
                                     "(SELECT max(id) FROM applications))"))
    return out


def _project(data: dict):
    project = data.get("project")
    return project if isinstance(project, str) and project else None


def _history(conn, g, known: dict):
    """The register's history for the rules of ``g`` that read it (None when none does); ``known``
    keeps, for one command, whether each guideline reads it and the history once read."""
    from ..engine.history import uses_register
    if id(g) not in known:
        known[id(g)] = uses_register(g.view)
    if not known[id(g)]:
        return None
    if "history" not in known:
        from .pots import history
        known["history"] = history(conn)
    return known["history"]


def _known(conn, digests: list[str]) -> dict:
    """The ids of the applications already recorded with one of these hashes."""
    import sqlalchemy as sa
    from . import schema
    a = schema.applications
    out = {}
    for i in range(0, len(digests), 500):
        out.update(conn.execute(sa.select(a.c.hash, a.c.id).where(a.c.hash.in_(digests[i:i + 500]))).all())
    return out


def _facts(app) -> dict:
    """What ``status`` reads of an application without reading its text: its end and risk level."""
    from ..engine.duties import project_end
    risk = app.data.get("risk_level")
    return {"ends": project_end(app.data), "risk_level": risk if isinstance(risk, str) else None}


def application_row(conn, app_id: int):
    import sqlalchemy as sa
    from . import schema
    row = conn.execute(sa.select(schema.applications).where(schema.applications.c.id == app_id)).one_or_none()
    if row is None:
        raise SirulesError([error("SIR604", later("there is no application {id} in the register", id=app_id),
                                  hint=later("`sirules fund log` lists what was submitted, with its id"))])
    return row
