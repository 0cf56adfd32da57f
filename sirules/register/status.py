"""What the register says: the fund's figures per year, one application, and the log."""

from __future__ import annotations

import json
import re

from . import database, journal
from .service import application_row


def status(engine, year: int | None = None, on=None) -> dict:
    """The fund's figures per year (each year's movements and the totals at its end), and in all;
    the portfolio rules and the duties on ``on`` (default today; :mod:`.oversight`)."""
    import datetime
    import sqlalchemy as sa
    from . import oversight, schema
    with engine.connect() as conn:
        title, lang = conn.execute(sa.select(schema.guidelines.c.title, schema.guidelines.c.lang)
                                   .order_by(schema.guidelines.c.id.desc())).first()
        extras = oversight.extras(conn, on or datetime.date.today())
        per_year = journal.by_year(conn)
        at_end = journal.cumulative(per_year)
        years = sorted(per_year) if year is None else [year]
        rows = [{"year": y, "movements": per_year.get(y, journal.Figures()).to_json(),
                 "at_end": at_end[max([k for k in at_end if k <= y], default=None)].to_json()
                 if any(k <= y for k in at_end) else journal.Figures().to_json()} for y in years]
        counts = dict(conn.execute(sa.select(schema.applications.c.verdict, sa.func.count())
                                   .group_by(schema.applications.c.verdict)).all())
        decided = dict(conn.execute(sa.select(schema.decisions.c.kind, sa.func.count())
                                    .group_by(schema.decisions.c.kind)).all())
        total = (at_end[max(at_end)] if at_end else journal.Figures()).to_json()   # what sums() gives
        pot_rows = _pots(conn, year)
    return {"fund": title, "years": rows, "total": total, "pots": pot_rows,
            "applications": {k: counts.get(k, 0) for k in ("accepted", "incomplete", "rejected")},
            "decisions": {k: decided.get(k, 0) for k in ("grant", "deny")}, "lang": lang, **extras}


#: a pot's declaration in a guideline's text (``pott folkhälsa: …`` / ``pot public_health: …``)
_POT = re.compile(r"^[ \t]*(?:pott|pot)[ \t]+\w+[ \t]*:", re.MULTILINE)


def _pots(conn, year: int | None) -> list[dict]:
    """Each pot of the newest guideline version, per year: size, granted and left."""
    import sqlalchemy as sa
    from . import pots, schema
    t = schema.guidelines
    row = conn.execute(sa.select(t.c.text, t.c.name).order_by(t.c.id.desc())).first()
    if row is None or not _POT.search(row.text):          # no pot declared: nothing to compile
        return []
    from ..engine import pipeline
    out = pots.status(conn, pipeline.load_text(row.text, row.name).model)
    return [p for p in out if year is None or p["year"] == year]


def show(engine, app_id: int) -> dict:
    """One application: what was submitted, its check, its decision and its journal rows."""
    import sqlalchemy as sa
    from . import schema
    with engine.connect() as conn:
        app = application_row(conn, app_id)
        decision = conn.execute(sa.select(schema.decisions).where(schema.decisions.c.application_id == app_id)).one_or_none()
        rows = conn.execute(sa.select(schema.journal).where(schema.journal.c.application_id == app_id)
                            .order_by(schema.journal.c.id)).all()
        figures = journal.sums(conn, application_id=app_id)
    return {
        "id": app.id, "file": app.name, "title": app.title, "amount": app.amount,
        "submitted": app.submitted.isoformat(), "guideline": app.guideline_id, "verdict": app.verdict,
        "recorded": {"at": app.recorded_at, "by": app.recorded_by},
        "check": json.loads(app.result),
        "decision": None if decision is None else {
            "kind": decision.kind, "amount": decision.amount, "reason": decision.reason,
            "override": decision.override, "date": decision.decided_on.isoformat(), "by": decision.decided_by,
            "pot": decision.pot},
        "journal": [_journal_json(r) for r in rows],
        "figures": figures.to_json(),
    }


def _journal_json(r) -> dict:
    return {"id": r.id, "date": r.booked_on.isoformat(), "kind": r.kind, "amount": r.amount,
            "application": r.application_id, "reverses": r.reverses, "clause": r.clause, "note": r.note,
            "by": r.who, "recorded_at": r.recorded_at}


def log(engine) -> list[dict]:
    """Every command that changed the register, oldest first."""
    import sqlalchemy as sa
    from . import schema
    with engine.connect() as conn:
        rows = conn.execute(sa.select(schema.log).order_by(schema.log.c.id)).all()
    return [{"id": r.id, "at": r.at, "by": r.who, "command": r.command, "guideline": r.guideline_id,
             **json.loads(r.detail)} for r in rows]


def language(engine) -> str | None:
    """The language of the register's newest guideline version: its texts are shown in it."""
    import sqlalchemy as sa
    from . import schema
    with engine.connect() as conn:
        return conn.execute(sa.select(schema.guidelines.c.lang).order_by(schema.guidelines.c.id.desc())).scalar()


def open_engine(db: str | None):
    """The engine of the register a command works on (found as :func:`locate.find` says)."""
    from . import locate
    return database.open_register(locate.find(db))
