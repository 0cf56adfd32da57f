"""Pots and the history rules read: what each pot of the fund block has left in a year, the
check that a grant fits in its pot, and the register's earlier decisions as the plain
:class:`~sirules.engine.history.History` the checker takes (#18 point 3)."""

from __future__ import annotations

import datetime

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from ..language.money import format_money


def pots_of(model) -> dict[str, int]:
    """The pots of the guideline's fund blocks: name -> size per year in öre (first declaration)."""
    out: dict[str, int] = {}
    for block in model.blocks:
        if block.kind == "fund":
            for pot in getattr(block, "pots", ()):
                out.setdefault(pot.name, pot.size)
    return out


def granted(conn, pot: str | None = None) -> dict:
    """Öre granted from pots: (pot, year) -> sum, over every grant decision with a pot."""
    import sqlalchemy as sa
    from . import schema
    d = schema.decisions
    query = sa.select(d.c.pot, d.c.decided_on, d.c.amount).where(d.c.kind == "grant", d.c.pot.is_not(None))
    if pot is not None:
        query = query.where(d.c.pot == pot)
    out: dict = {}
    for name, day, amount in conn.execute(query):
        key = (name, _date(day).year)
        out[key] = out.get(key, 0) + int(amount)
    return out


def check(conn, model, pot: str, grant: int, on: datetime.date) -> None:
    """Refuse a grant from ``pot`` larger than the pot has left in ``on``'s year (SIR611), or from a
    pot the guideline does not declare (SIR612)."""
    sizes = pots_of(model)
    if pot not in sizes:
        raise SirulesError([error("SIR612", later('the guideline declares no pot "{pot}" (its pots: {known})', pot=pot,
                                                  known=", ".join(sizes) or later("none")),
                                  hint=later("name a pot of the fund block, or leave out --pot"))])
    used = granted(conn, pot).get((pot, on.year), 0)
    left = sizes[pot] - used
    if grant > left:
        raise SirulesError([error("SIR611", later("the pot {pot} has {left} left in {year}; {grant} is more", pot=pot,
                                                  left=format_money(max(left, 0)), year=on.year,
                                                  grant=format_money(grant)),
                                  hint=later("grant less, from another pot, or in another year; "
                                             "`sirules fund status` shows each pot"))])


def status(conn, model) -> list[dict]:
    """Per pot and year with grants (and the years the journal has): size, granted and left."""
    sizes = pots_of(model)
    if not sizes:
        return []
    used = granted(conn)
    years = sorted({y for (_, y) in used})
    return [{"pot": name, "year": y, "size": size, "granted": used.get((name, y), 0),
             "left": size - used.get((name, y), 0)} for name, size in sizes.items() for y in years]


def history(conn):
    """Every grant and every movement of the balance, as the checker's History."""
    import sqlalchemy as sa
    from ..engine.history import History
    from . import schema
    d, a, j = schema.decisions, schema.applications, schema.journal
    rows = conn.execute(sa.select(d.c.decided_on, a.c.project, d.c.amount, d.c.pot, a.c.risk_level)
                        .select_from(d.join(a, d.c.application_id == a.c.id)).where(d.c.kind == "grant")
                        .order_by(d.c.decided_on, d.c.id))
    grants = [{"date": _date(day), "project": project, "amount": int(amount), "pot": pot,
               "high_risk": level == "high"} for day, project, amount, pot, level in rows]
    sign = {"capital": 1, "repayment": 1, "grant": -1}
    target = j.alias("target")
    kind = sa.case((j.c.kind == "reversal", target.c.kind), else_=j.c.kind)
    factor = sa.case((j.c.kind == "reversal", -1), else_=1)
    query = (sa.select(kind, j.c.booked_on, sa.func.sum(factor * j.c.amount))
             .select_from(j.outerjoin(target, j.c.reverses == target.c.id)).group_by(kind, j.c.booked_on))
    balance = [(_date(day), sign[k] * int(total)) for k, day, total in conn.execute(query) if k in sign]
    return History(grants, sorted(balance))


def load_history(url: str):
    """The History of the register at ``url`` (read; nothing is booked)."""
    from . import database
    engine = database.open_register(url)
    try:
        with engine.connect() as conn:
            return history(conn)
    finally:
        engine.dispose()


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
