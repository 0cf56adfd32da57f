"""What ``status`` adds to the figures: the guideline's portfolio rules checked over every granted
project, and the duties of the granted applications, due and overdue.

**Portfolio.** The ``portfolio`` block in force on the day of the status (of the newest guideline
version in force then): the largest share of the fund for one project is checked against every
grant (the share of the fund's capital); the least and largest share of high-risk projects against
the money granted, the risk level being the application's ``risk_level``. A grant whose application
gives no risk level may or may not be high-risk: where it decides the rule, the rule is
*undecided*, as in the language.

**Duties.** Each granted application owes the duties (``åtagande``) of the guideline version it was
checked with, due the given number of months after the project's end. The latest outcome file
booked for it says which were done (``[[duties]]``); a duty not done by its due date (one without
a time: by the project's end) is overdue.

These functions read the register in the connection they are given and return plain data; the
text is :func:`render`.
"""

from __future__ import annotations

import datetime
import json
from fractions import Fraction

from ..language.i18n import tr

#: how many duties the text lists of each kind (the JSON lists all)
SHOWN = 10


def extras(conn, on: datetime.date) -> dict:
    """``{"portfolio": ..., "duties": ...}`` of the register on ``on``."""
    models = _models(conn)
    return {"portfolio": portfolio(conn, models, on), "duties": duties(conn, models, on)}


def _models(conn) -> dict:
    """Every guideline version's model, by id (compiled once, then from the compile cache)."""
    from . import service
    return {row.id: (row, _model(row.text, row.name)) for row in service.versions(conn)}


def _model(text: str, name: str):
    from .compiled import guideline
    return guideline(text, name).model


def portfolio(conn, models: dict, on: datetime.date) -> dict:
    import sqlalchemy as sa
    from . import journal, schema, service
    if not models:
        return {"rules": []}
    row, model = models[service.in_force([r for r, _ in models.values()], on).id]
    block = next(iter(model.blocks_of("portfolio", on)), None)
    if block is None:
        return {"rules": []}
    d, a = schema.decisions, schema.applications
    grants = (sa.select(a.c.risk_level, sa.func.count(), sa.func.sum(d.c.amount), sa.func.max(d.c.amount))
              .select_from(d.join(a, d.c.application_id == a.c.id)).where(d.c.kind == "grant")
              .group_by(a.c.risk_level))
    by_level = {level: (int(n), int(total or 0), int(most or 0)) for level, n, total, most in conn.execute(grants)}
    granted = sum(t for _, t, _ in by_level.values())
    high = by_level.get("high", (0, 0, 0))[1]
    unknown = by_level.get(None, (0, 0, 0))[1]
    rules = []
    share = block.get("max_share_per_project")
    if share is not None:
        capital = journal.sums(conn).capital
        cap = int(capital * Fraction(share) / 100)       # a whole grant is over the cap when over its floor
        over = [i for (i,) in conn.execute(sa.select(d.c.application_id).where(d.c.kind == "grant", d.c.amount > cap)
                                           .order_by(d.c.application_id))]
        rules.append({"rule": "max_share_per_project", "limit_percent": str(share), "line": block.origin.line,
                      "outcome": "fail" if over else "pass", "applications": over,
                      "largest_ore": max((m for _, _, m in by_level.values()), default=0)})
    for key, op in (("high_risk_min", ">="), ("high_risk_max", "<=")):
        limit = block.get(key)
        if limit is None:
            continue
        rules.append({"rule": key, "limit_percent": str(limit), "line": block.origin.line,
                      "outcome": _share_outcome(high, unknown, granted, Fraction(limit), op),
                      "high_risk_ore": high, "unknown_risk_ore": unknown, "granted_ore": granted})
    return {"rules": rules}


def _share_outcome(high: int, unknown: int, granted: int, limit: Fraction, op: str) -> str:
    """pass | fail | undecided: the high-risk share against ``limit`` percent, with the grants of
    unknown risk counted neither way where they could decide it."""
    if not granted:
        return "pass" if op == "<=" else "undecided"
    low_share, high_share = Fraction(high * 100, granted), Fraction((high + unknown) * 100, granted)
    if op == ">=":
        return "pass" if low_share >= limit else "fail" if high_share < limit else "undecided"
    return "pass" if high_share <= limit else "fail" if low_share > limit else "undecided"


def duties(conn, models: dict, on: datetime.date) -> dict:
    import sqlalchemy as sa
    from ..engine.duties import Duty, _status, add_months
    from . import schema
    owed = {gid: [c for c in getattr(model, "commitments", ())] for gid, (_, model) in models.items()}
    out = {"as_of": on.isoformat(), "counts": {k: 0 for k in ("fulfilled", "fulfilled_late", "not_yet_due",
                                                                 "not_fulfilled", "no_due_date")},
           "overdue": [], "due": []}
    if not any(owed.values()):
        return out
    d, a, o = schema.decisions, schema.applications, schema.outcomes
    done: dict = {}
    for app_id, text in conn.execute(sa.select(o.c.application_id, o.c.done).order_by(o.c.id)):
        done[app_id] = json.loads(text)                    # the latest outcome file says
    query = (sa.select(a.c.id, a.c.title, a.c.guideline_id, a.c.ends)
             .select_from(d.join(a, d.c.application_id == a.c.id)).where(d.c.kind == "grant").order_by(a.c.id))
    for app_id, title, gid, ends in conn.execute(query):
        ends = _date(ends)
        for c in owed.get(gid, ()):
            due = add_months(ends, c.months) if ends is not None and c.months is not None else None
            duty = Duty(c.id, c.who, c.what, c.months, due, c.origin.line)
            duty.end = ends
            mark = done.get(app_id, {}).get(c.id)
            status = _status(duty, _date(mark) if isinstance(mark, str) else mark, on)["status"]
            if due is None and ends is None and status == "not_yet_due":
                status = "no_due_date"
            out["counts"][status] += 1
            item = {"application": app_id, "title": title, "duty": c.id, "who": c.who, "what": c.what,
                    "due": due.isoformat() if due else None}
            if status == "not_fulfilled":
                out["overdue"].append(item)
            elif status == "not_yet_due":
                out["due"].append(item)
    out["due"].sort(key=lambda i: (i["due"] or "9999", i["application"]))
    return out


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def render(d: dict, lang: str) -> list[str]:
    """The lines ``status`` adds to its text."""
    lines = []
    rules = d.get("portfolio", {}).get("rules", [])
    if rules:
        lines.append(tr("portfolio (every granted project):", lang))
    words = {"pass": tr("met", lang), "fail": tr("NOT met", lang), "undecided": tr("undecided", lang)}
    from ..language.money import format_money
    for r in rules:
        if r["rule"] == "max_share_per_project":
            text = tr("at most {limit} % of the fund for one project: {outcome} (largest grant {largest})", lang,
                      limit=r["limit_percent"], outcome=words[r["outcome"]], largest=format_money(r["largest_ore"]))
            if r["applications"]:
                text += " " + tr("over it: applications {ids}", lang, ids=", ".join(map(str, r["applications"])))
        else:
            share = _percent(r["high_risk_ore"], r["granted_ore"], lang)
            what = tr("at least {limit} % in high-risk projects", lang, limit=r["limit_percent"]) \
                if r["rule"] == "high_risk_min" else tr("at most {limit} % in high-risk projects", lang,
                                                        limit=r["limit_percent"])
            text = tr("{what}: {outcome} ({share} % of {granted} granted is high-risk; {unknown} has no risk level)",
                      lang, what=what, outcome=words[r["outcome"]], share=share,
                      granted=format_money(r["granted_ore"]), unknown=format_money(r["unknown_risk_ore"]))
        lines.append("  " + text + "  (" + tr("line {line}", lang, line=r["line"]) + ")")
    du = d.get("duties")
    if du and any(du["counts"].values()):
        c = du["counts"]
        lines.append(tr("duties on {day}: {done} fulfilled ({late} late), {due} not yet due, {overdue} overdue", lang,
                        day=du["as_of"], done=c["fulfilled"] + c["fulfilled_late"], late=c["fulfilled_late"],
                        due=c["not_yet_due"], overdue=c["not_fulfilled"]))
        for title, items in ((tr("overdue", lang), du["overdue"]), (tr("due", lang), du["due"])):
            for i in items[:SHOWN]:
                lines.append(f"  {title}: " + tr("application {id}, {duty} (due {due})", lang, id=i["application"],
                                                  duty=i["duty"], due=i["due"] or "–"))
            if len(items) > SHOWN:
                lines.append("  " + tr("… and {n} more", lang, n=len(items) - SHOWN))
    return lines


def _percent(part: int, whole: int, lang: str) -> str:
    from decimal import ROUND_HALF_EVEN, Decimal
    if not whole:
        return "0"
    return str((Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)).replace(".", "," if lang == "sv" else ".")
