"""A guideline as data for a client that builds its own form: ``GET /api/v1/guidelines/{id}``."""

from __future__ import annotations

import datetime


def _day(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple) and len(value) == 2:          # a yearly date: (month, day)
        return f"--{value[0]:02d}-{value[1]:02d}"
    return value


def summary(served) -> dict:
    g = served.compiled.view
    return {"id": served.id, "title": g.title, "lang": g.lang,
            "valid_from": _day(g.valid_from), "valid_to": _day(g.valid_to)}


def describe(served) -> dict:
    """The facts, fields, parts, rules, rounds and versions of a served guideline."""
    g = served.model
    sk = served.skeleton
    return {
        **summary(served),
        "sections": [{"number": s.number, "heading": s.heading, "wording": s.wording, "line": s.line}
                     for s in g.sections],
        "facts": [_entry(e) for e in sk.facts],
        "fields": {"applicant": [_entry(e) for e in sk.applicant],
                   "participants": [_entry(e) for e in sk.participants]},
        "tables": [_entry(e) for e in sk.tables],
        "parts": [_entry(e) for e in sk.parts],
        "rules": [rule(r) for r in g.rules],
        "rounds": [{"name": r.name, "label": r.label, "start": _day(r.start), "end": _day(r.end),
                    "status": r.status, "line": r.origin.line} for r in g.rounds],
        "versions": versions(g),
    }


def _entry(e) -> dict:
    return {"key": e.key, "type": e.type, "label": e.label, "choices": list(e.choices),
            **({"mode": e.mode} if e.mode else {}),
            "asked_by": [{"clause": a.clause, "line": a.line, "text": a.text} for a in e.asks]}


def rule(r) -> dict:
    return {"id": r.id, "strength": r.strength, "label": r.label,
            "condition": r.expr.text if r.expr is not None else None,
            "clause": r.origin.clause(), "line": r.origin.line, "section": r.origin.section,
            "part": r.part, "facts": list(r.facts),
            "valid_from": _day(r.valid_from), "valid_to": _day(r.valid_to)}


def versions(g) -> list[dict]:
    """The periods in which a different set of rules is in force: the guideline's own validity cut
    at every date a rule or block starts or ends."""
    cuts = {d for r in g.rules for d in (r.valid_from, r.valid_to) if d}
    cuts |= {d for b in g.blocks for d in (b.valid_from, b.valid_to) if d}
    out = [{"valid_from": _day(g.valid_from), "valid_to": _day(g.valid_to),
            "reference": g.identity.get("reference"), "adopted": _day(g.identity.get("adopted"))}]
    out[0]["dates"] = sorted(d.isoformat() for d in cuts)
    return out
