"""Deciding on an application and paying a grant: the commands that move money.

A grant is refused when it is larger than what the fund has left to grant, or than what was
applied for; granting an application that was not accepted needs ``override`` and a reason, and
both are recorded. One decision per application: a decision once recorded is never changed.
"""

from __future__ import annotations

import datetime

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later, mark
from ..language.money import format_money
from . import database, journal
from .service import _log, application_row

#: an application's verdict in a message (``later``/``tr`` it); the register keeps the code
_VERDICT = {"rejected": later(mark("rejected")), "incomplete": later(mark("incomplete"))}


def decide(engine, app_id: int, grant: int | None, reason: str | None, on: datetime.date, by: str,
           override: bool = False, pot: str | None = None) -> dict:
    """Grant ``grant`` öre to application ``app_id`` (from ``pot``, where given), or deny it
    (``grant`` None) for ``reason``."""
    import sqlalchemy as sa
    from . import schema
    with database.transaction(engine) as conn:
        app = application_row(conn, app_id)
        done = conn.execute(sa.select(schema.decisions).where(schema.decisions.c.application_id == app_id)).one_or_none()
        if done is not None:
            said = (later("application {id} was denied on {date}; a decision is never changed", id=app_id,
                          date=done.decided_on) if done.kind == "deny" else
                    later("application {id} was granted on {date}; a decision is never changed", id=app_id,
                          date=done.decided_on))
            raise SirulesError([error("SIR605", said,
                                      hint=later("`sirules fund show {id}` shows it", id=app_id))])
        if grant is None:
            if not reason:
                raise SirulesError([error("SIR606", later("a denial needs a reason"), hint=later("add --reason TEXT"))])
        else:
            _check_grant(conn, app, grant, reason, override)
            if pot is not None:
                from . import pots
                pots.check(conn, _guideline_model(conn, app.guideline_id), pot, grant, on)
        conn.execute(schema.decisions.insert().values(
            application_id=app_id, kind="deny" if grant is None else "grant", amount=grant or 0,
            reason=reason, override=bool(override), decided_on=on, decided_by=by, recorded_at=database.now(),
            pot=pot if grant is not None else None))
        if grant:
            journal.book(conn, "grant", grant, on, by, database.now(), application_id=app_id,
                         note="override: " + reason if override else None)
        _log(conn, by, "decide", {"application": app_id, "grant": grant or 0, "reason": reason,
                                  "override": bool(override), **({"pot": pot} if pot else {})}, app.guideline_id)
        figures = journal.sums(conn)
    return {"id": app_id, "decision": "deny" if grant is None else "grant", "amount": grant or 0,
            "reason": reason, "override": bool(override), "date": on.isoformat(), "by": by,
            "balance": figures.balance, **({"pot": pot} if pot and grant is not None else {})}


def _guideline_model(conn, guideline_id: int):
    """The compiled model of a guideline version in the register."""
    import sqlalchemy as sa
    from ..engine import pipeline
    from . import schema
    t = schema.guidelines
    row = conn.execute(sa.select(t.c.text, t.c.name).where(t.c.id == guideline_id)).one()
    return pipeline.load_text(row.text, row.name).model


def _check_grant(conn, app, grant: int, reason: str | None, override: bool) -> None:
    if grant <= 0:
        raise SirulesError([error("SIR606", later("a grant is a positive amount"),
                                  hint=later('write it as in the language, e.g. --grant "1 500 000 kr", or use --deny'))])
    if app.verdict != "accepted":
        if not override or not reason:
            raise SirulesError([error("SIR607", later("application {id} was {verdict} when it was checked", id=app.id,
                                                      verdict=_VERDICT.get(app.verdict, app.verdict)),
                                      hint=later("granting it anyway needs --override --reason TEXT; both are recorded"))])
    if app.amount is not None and grant > app.amount:
        raise SirulesError([error("SIR606", later("the grant {grant} is more than the {applied} applied for",
                                                  grant=format_money(grant), applied=format_money(app.amount)),
                                  hint=later("grant at most the amount applied for"))])
    left = journal.sums(conn).balance
    if grant > left:
        raise SirulesError([error("SIR608", later("the fund has {left} left to grant; {grant} is more",
                                                  left=format_money(left), grant=format_money(grant)),
                                  hint=later("grant less, or wait for repayments; `sirules fund status` shows the "
                                             "balance"))])


def pay(engine, app_id: int, amount: int, on: datetime.date, by: str) -> dict:
    """Pay ``amount`` öre of application ``app_id``'s grant on ``on``."""
    with database.transaction(engine) as conn:
        app = application_row(conn, app_id)
        if amount <= 0:
            raise SirulesError([error("SIR606", later("a payment is a positive amount"), hint=later('e.g. "500 000 kr"'))])
        figures = journal.sums(conn, application_id=app_id)
        if figures.granted == 0:
            raise SirulesError([error("SIR609", later("application {id} has no grant to pay", id=app_id),
                                      hint=later("decide on it first: sirules fund decide {id} --grant AMOUNT", id=app_id))])
        if amount > figures.unpaid:
            raise SirulesError([error("SIR609", later("only {unpaid} of application {id}'s grant is unpaid; {amount} is more",
                                                      unpaid=format_money(figures.unpaid), id=app_id,
                                                      amount=format_money(amount)),
                                      hint=later("pay at most what is granted and not yet paid"))])
        journal.book(conn, "payment", amount, on, by, database.now(), application_id=app_id)
        _log(conn, by, "pay", {"application": app_id, "amount": amount, "date": on.isoformat()}, app.guideline_id)
        figures = journal.sums(conn, application_id=app_id)
    return {"id": app_id, "amount": amount, "date": on.isoformat(), "by": by, "figures": figures.to_json()}
