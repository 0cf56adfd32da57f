"""Money as a journal: every movement is one appended row, and every figure is a sum of rows.

Kinds of row (:data:`KINDS`): ``capital`` (money put into the fund), ``grant`` (money committed to
an application by a decision), ``payment`` (money paid out on a grant), ``repayment``, ``waiver``
and ``writedown`` (what became of money paid out), and ``reversal`` (cancels one earlier row, named
in ``reverses``, by the same amount: nothing booked is ever changed or deleted).

The figures (:class:`Figures`) hold by construction of the commands, and the tests hold them
after every command::

    granted = paid + not yet paid
    paid    = repaid + waived + written down + outstanding
    balance = capital - granted + repaid          (what the fund can still grant)
"""

from __future__ import annotations

import datetime

KINDS = ("capital", "grant", "payment", "repayment", "waiver", "writedown", "reversal")
#: the kinds whose sums the figures are made of
MOVEMENTS = ("capital", "grant", "payment", "repayment", "waiver", "writedown")


class Figures:
    """Sums of the journal, in öre, for the whole register, one year or one application."""
    __slots__ = MOVEMENTS

    def __init__(self, sums: dict | None = None) -> None:
        for kind in MOVEMENTS:
            setattr(self, kind, (sums or {}).get(kind, 0))

    @property
    def granted(self) -> int:
        return self.grant

    @property
    def paid(self) -> int:
        return self.payment

    @property
    def unpaid(self) -> int:
        return self.grant - self.payment

    @property
    def outstanding(self) -> int:
        return self.payment - self.repayment - self.waiver - self.writedown

    @property
    def balance(self) -> int:
        return self.capital - self.grant + self.repayment

    def to_json(self) -> dict:
        return {"capital": self.capital, "granted": self.granted, "paid": self.paid, "unpaid": self.unpaid,
                "repaid": self.repayment, "waived": self.waiver, "written_down": self.writedown,
                "outstanding": self.outstanding, "balance": self.balance}


def book(conn, kind: str, amount: int, on: datetime.date, who: str, recorded_at: str,
         application_id: int | None = None, clause: str | None = None, note: str | None = None,
         reverses: int | None = None) -> int:
    """Append one row; returns its id. ``amount`` is positive öre."""
    from . import schema
    assert kind in KINDS and isinstance(amount, int) and amount > 0, (kind, amount)
    row = conn.execute(schema.journal.insert().values(
        booked_on=on, kind=kind, amount=amount, application_id=application_id, reverses=reverses,
        clause=clause, note=note, who=who, recorded_at=recorded_at))
    return row.inserted_primary_key[0]


def sums(conn, application_id: int | None = None) -> Figures:
    """The figures of the whole journal (from the yearly sums, which an index answers), or of one
    application (its rows, found by the index on the application)."""
    if application_id is None:
        per_year = by_year(conn)
        return cumulative(per_year)[max(per_year)] if per_year else Figures()
    import sqlalchemy as sa
    from . import schema
    j = schema.journal
    reversed_ = schema.journal.alias("reversed")
    # a reversal counts against the kind of the row it reverses
    kind = sa.case((j.c.kind == "reversal", reversed_.c.kind), else_=j.c.kind)
    sign = sa.case((j.c.kind == "reversal", -1), else_=1)
    query = (sa.select(kind.label("kind"), sa.func.sum(sign * j.c.amount))
             .select_from(j.outerjoin(reversed_, j.c.reverses == reversed_.c.id))
             .where(j.c.application_id == application_id).group_by(kind))
    return Figures({k: int(v) for k, v in conn.execute(query)})


def by_year(conn) -> dict[int, Figures]:
    """The movements of each year that has rows: year -> :class:`Figures`. Two grouped queries
    (the rows by kind and day, which the index on kind, date and amount answers without reading
    the table; and the reversals by the kind of the row each reverses), summed into years here."""
    import sqlalchemy as sa
    from . import schema
    j = schema.journal
    target = schema.journal.alias("target")
    plain = (sa.select(j.c.kind, j.c.booked_on, sa.func.sum(j.c.amount)).where(j.c.kind != "reversal")
             .group_by(j.c.kind, j.c.booked_on))
    reversals = (sa.select(target.c.kind, j.c.booked_on, -sa.func.sum(j.c.amount))
                 .select_from(j.join(target, j.c.reverses == target.c.id)).where(j.c.kind == "reversal")
                 .group_by(target.c.kind, j.c.booked_on))
    out: dict[int, dict] = {}
    for query in (plain, reversals):
        for kind, day, total in conn.execute(query):
            year = out.setdefault(_date(day).year, {})
            year[kind] = year.get(kind, 0) + int(total)
    return {y: Figures(out[y]) for y in sorted(out)}


def cumulative(per_year: dict[int, Figures]) -> dict[int, Figures]:
    """The totals at the end of each year (from the movements of that year and those before)."""
    running = {kind: 0 for kind in MOVEMENTS}
    out = {}
    for y in sorted(per_year):
        for kind in MOVEMENTS:
            running[kind] += getattr(per_year[y], kind)
        out[y] = Figures(dict(running))
    return out


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
