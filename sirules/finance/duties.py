"""Duties in outcome files (#17 point 5): the ``[[duties]]`` rows (``duty``, and ``done``: the date
it was done, or ``false``) and ``as_of``, the day the file describes. The duties themselves and
their status are :mod:`sirules.engine.duties`."""

from __future__ import annotations

import datetime

from ..language.i18n import later
from ..language.diagnostics import error


def read_done(raw: dict, loc, g, errs: list) -> dict:
    """The ``[[duties]]`` rows of an outcome file: duty id -> date done, or False."""
    known = {c.id for c in getattr(g, "commitments", ())}
    out: dict = {}
    rows = raw.get("duties", [])
    for i, row in enumerate(rows if isinstance(rows, list) else [None]):
        if not isinstance(row, dict) or "duty" not in row or "done" not in row:
            errs.append(error("SIR350", later('"duties[{i}]" needs duty and done (a date, or false)', i=i), loc.span("duties")))
            continue
        name, done = str(row["duty"]), row["done"]
        if name not in known:
            errs.append(error("SIR350", later('"duties[{i}]": the guideline has no duty "{name}"', i=i, name=name),
                              loc.span("duty", row["duty"]),
                              later("duties: {names}", names=", ".join(sorted(known))) if known else later("the guideline has no duties")))
            continue
        if isinstance(done, str):
            try:
                done = datetime.date.fromisoformat(done)
            except ValueError:
                done = None
        if not (done is False or isinstance(done, datetime.date)):
            errs.append(error("SIR350", later('"duties[{i}].done" must be the date it was done, or false', i=i),
                              loc.span("done", row["done"])))
            continue
        out[name] = done
    return out


def as_of(raw: dict, loc, errs: list) -> datetime.date | None:
    v = raw.get("as_of")
    if v is None or isinstance(v, datetime.date):
        return v
    try:
        return datetime.date.fromisoformat(str(v))
    except ValueError:
        errs.append(error("SIR350", later('"as_of" must be a date (YYYY-MM-DD)'), loc.span("as_of", v)))
        return None
