"""The register's applications as a list (for the officer's desk): each with its verdict, its
decision and the money granted and paid, filtered by verdict, decision and words of the title."""

from __future__ import annotations

DECISIONS = ("undecided", "grant", "deny")


def applications(engine, verdict: str | None = None, decision: str | None = None, text: str | None = None,
                 guideline: int | None = None) -> list[dict]:
    import sqlalchemy as sa
    from . import schema
    a, d, j = schema.applications, schema.decisions, schema.journal
    money = (sa.select(j.c.application_id,
                       sa.func.sum(sa.case((j.c.kind == "payment", j.c.amount), else_=0)).label("paid"))
             .where(j.c.application_id.isnot(None)).group_by(j.c.application_id).subquery())
    query = (sa.select(a.c.id, a.c.title, a.c.name, a.c.amount, a.c.submitted, a.c.verdict, a.c.guideline_id,
                       d.c.kind, d.c.amount.label("granted"), money.c.paid)
             .select_from(a.outerjoin(d, d.c.application_id == a.c.id).outerjoin(money, money.c.application_id == a.c.id))
             .order_by(a.c.id))
    if verdict:
        query = query.where(a.c.verdict == verdict)
    if decision == "undecided":
        query = query.where(d.c.kind.is_(None))
    elif decision in ("grant", "deny"):
        query = query.where(d.c.kind == decision)
    if guideline is not None:
        query = query.where(a.c.guideline_id == guideline)
    if text:
        query = query.where(sa.func.lower(sa.func.coalesce(a.c.title, a.c.name)).contains(text.lower()))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [{"id": r.id, "title": r.title, "file": r.name, "amount": r.amount, "submitted": r.submitted.isoformat(),
             "verdict": r.verdict, "guideline": r.guideline_id, "decision": r.kind or "undecided",
             "granted": r.granted or 0, "paid": int(r.paid or 0)} for r in rows]


def texts(engine, limit: int = 200) -> list[tuple[int, str, str]]:
    """(id, file name, text as submitted) of the newest ``limit`` applications, oldest first."""
    import sqlalchemy as sa
    from . import schema
    a = schema.applications
    with engine.connect() as conn:
        rows = conn.execute(sa.select(a.c.id, a.c.name, a.c.text).order_by(a.c.id.desc()).limit(limit)).all()
    return [(r.id, r.name, r.text) for r in reversed(rows)]
