"""Booking an outcome file (``sirules fund outcome``): what became of the money paid out.

The outcome file is the one ``sirules obligations --outcome`` reads (savings booked per committee
and year, outcome units, duties done). The money logic is the finance floor's: the realised
schedule of :func:`sirules.finance.cashflow.obligations` under the guideline version the
application was checked with gives the repayments, waivers and write-downs, and who carries them.

**Based on what was paid.** The finance schedule plans from the application's budget; the register
knows what was granted and what was paid. The schedule is therefore made for the application as if
its budget were the payments booked (per year), so that what is repaid, waived or written down is
never more than what left the fund. Money granted but not yet paid is not part of an outcome; a
later outcome file, after more payments, books the rest.

**Only the difference.** Each row of the schedule is booked on the last day of its year, or on the
day of the booking when that is earlier (nothing is booked in the future). What the journal holds
already for the application is summed per kind and year; a second outcome file books only the
difference: more is a new row, less is a reversal of earlier rows (and the rest booked anew).
Nothing booked is changed. Interest and a surplus beyond the money paid are not part of the
journal's figures and are not booked.
"""

from __future__ import annotations

import datetime
import json
import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import tr
from . import database, journal
from .service import _log, application_row

#: the finance schedule's kinds of line, as the journal's kinds
JOURNAL_KIND = {"reflow": "repayment", "repayment": "repayment", "amortisation": "repayment",
                "shortfall_repayment": "repayment", "waived": "waiver", "write_down": "writedown",
                "financier_loss": "writedown"}
#: the journal's kinds an outcome books, in the order they are booked within a year
BOOKED = ("repayment", "waiver", "writedown")


def record(engine, app_id: int, path: str, on: datetime.date, by: str) -> dict:
    """Book outcome file ``path`` for application ``app_id`` on ``on``; returns what was booked."""
    import sqlalchemy as sa
    from ..finance import cashflow
    from . import schema
    with database.transaction(engine) as conn:
        row = application_row(conn, app_id)
        g, app = application(conn, row)
        lang = g.model.lang
        paid = _payments(conn, app_id)
        if not paid:
            raise SirulesError([error("SIR620", tr("nothing of application {id}'s grant has been paid", lang, id=app_id),
                                      hint=tr("an outcome books what became of the money paid out; "
                                              "pay first: sirules fund pay {id} AMOUNT --date D", lang, id=app_id))])
        basis = app.replace(data={**app.data, "budget": paid, "amount": sum(paid.values())})
        outcome = cashflow.read_outcome(path, basis, g.model)
        result = cashflow.obligations(g.model, basis, outcome)
        target = plan(result.realised, on, sum(paid.values()))
        booked = _book_difference(conn, app_id, target, by)
        after = journal.sums(conn)
        if after.balance < 0:
            raise SirulesError([error("SIR621", tr("the outcome takes back repayments the fund has granted again: "
                                                   "its balance would be {balance}", lang,
                                                   balance=_kr(after.balance)),
                                      hint=tr("nothing was booked; book the outcome when the fund has the money "
                                              "again, or correct the outcome file", lang))])
        raw_text = _text(path)
        as_of = outcome.as_of or on
        conn.execute(schema.outcomes.insert().values(
            application_id=app_id, name=os.path.basename(path),
            format=os.path.splitext(path)[1].lstrip(".").lower() or "toml", text=raw_text, as_of=as_of,
            done=json.dumps({k: (v.isoformat() if v else False) for k, v in outcome.done.items()}, sort_keys=True),
            recorded_at=database.now(), recorded_by=by))
        _log(conn, by, "outcome", {"application": app_id, "file": os.path.basename(path),
                                   "booked": len(booked)}, row.guideline_id)
        figures = journal.sums(conn, application_id=app_id)
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.outcomes)
                             .where(schema.outcomes.c.application_id == app_id)).scalar()
    return {"id": app_id, "file": path, "date": on.isoformat(), "by": by, "lang": lang, "model": result.realised.model,
            "written_down_by": result.realised.written_down_by, "outcomes": count,
            "booked": booked, "figures": figures.to_json(), "notes": [tr(n, lang) for n in result.realised.notes]}


def application(conn, row):
    """The compiled guideline version ``row`` was checked with, and the application as it was submitted."""
    import sqlalchemy as sa
    from ..engine.application.files import parse_text
    from . import schema
    from .compiled import guideline
    version = conn.execute(sa.select(schema.guidelines.c.text, schema.guidelines.c.name)
                           .where(schema.guidelines.c.id == row.guideline_id)).one()
    g = guideline(version.text, version.name)
    raw = parse_text(row.text, row.name, row.format)
    return g, g.normaliser.normalise(raw, row.name, row.text)


def _payments(conn, app_id: int) -> dict[int, int]:
    """The payments of an application per year (a payment is never reversed)."""
    import sqlalchemy as sa
    from . import schema
    j = schema.journal
    out: dict[int, int] = {}
    for day, amount in conn.execute(sa.select(j.c.booked_on, j.c.amount)
                                    .where(j.c.application_id == app_id, j.c.kind == "payment")):
        year = journal._date(day).year
        out[year] = out.get(year, 0) + int(amount)
    return out


def plan(schedule, on: datetime.date, paid: int) -> dict:
    """What the journal should hold for the application after the outcome: (kind, year) ->
    (amount, day booked, clause, payers). Never more than ``paid`` in all."""
    out: dict = {}
    left = paid
    for ln in sorted(schedule.lines, key=lambda ln: (ln.year, BOOKED.index(JOURNAL_KIND.get(ln.kind, "repayment")))):
        kind = JOURNAL_KIND.get(ln.kind)
        amount = min(ln.amount_ore, left)
        if kind is None or amount <= 0:
            continue
        left -= amount
        day = min(datetime.date(ln.year, 12, 31), on)
        key = (kind, day.year)
        total, _, clause, payers = out.get(key, (0, day, None, []))
        if ln.payer not in payers:
            payers.append(ln.payer)
        out[key] = (total + amount, day, clause or (f"{ln.clause}, line {ln.line}" if ln.clause else None), payers)
    return out


def _book_difference(conn, app_id: int, target: dict, by: str) -> list[dict]:
    """Append the rows that bring the application's booked repayments, waivers and write-downs to
    ``target``: reversals of earlier rows where the journal holds more, new rows where it holds less."""
    import sqlalchemy as sa
    from . import schema
    j = schema.journal
    rows = conn.execute(sa.select(j).where(j.c.application_id == app_id).order_by(j.c.id)).all()
    reversed_ids = {r.reverses for r in rows if r.kind == "reversal"}
    live: dict = {}
    for r in rows:
        if r.kind in BOOKED and r.id not in reversed_ids:
            live.setdefault((r.kind, journal._date(r.booked_on).year), []).append(r)
    keys = sorted(set(live) | set(target), key=lambda k: (k[1], BOOKED.index(k[0])))
    booked, now = [], database.now()
    for key in keys:
        want, day, clause, payers = target.get(key, (0, None, None, []))
        have = live.get(key, [])
        held = sum(r.amount for r in have)
        day = day or max(journal._date(r.booked_on) for r in have)
        for r in reversed(have):
            if held <= want:
                break
            rid = journal.book(conn, "reversal", r.amount, day, by, now, application_id=app_id,
                               clause=r.clause, note="outcome corrected", reverses=r.id)
            booked.append({"id": rid, "kind": "reversal", "of": key[0], "reverses": r.id, "amount": r.amount,
                           "date": day.isoformat()})
            held -= r.amount
        if want > held:
            note = ", ".join(payers) if payers else None
            rid = journal.book(conn, key[0], want - held, day, by, now, application_id=app_id, clause=clause, note=note)
            booked.append({"id": rid, "kind": key[0], "amount": want - held, "date": day.isoformat(), "from": note})
    return booked


def _text(path: str) -> str:
    """The outcome file's text, as recorded beside its booking (read_outcome has read and checked it)."""
    from ..engine.application.files import read_file
    return read_file(path)[1]


def _kr(ore: int) -> str:
    from ..language.money import format_money
    return format_money(ore)
