"""Duties (#17 point 5): what a grant commits the applicant to after the project, with the date
each is due, and, given what an outcome file says was done, whether each is fulfilled, not
fulfilled or not yet due (the outcome file is read by :mod:`sirules.finance.duties`).

A duty (``åtagande``/``commitment``) is due ``months`` after the project's end (start + duration);
one without a time has no due date. An outcome file says what was done in ``[[duties]]`` rows
(``duty``, and ``done``: the date it was done, or ``false``), and may say the day it describes
(``as_of``; default today).
"""

from __future__ import annotations

import datetime


class Duty:
    """One duty: ``id``, ``who`` ("applicant" or a text), ``what``, ``months`` after the project's
    end, ``due`` (None: no time, or no start date or duration in the application), the ``line`` it
    is written on, and with an outcome file its ``status`` (fulfilled | fulfilled_late |
    not_fulfilled | not_yet_due) and the date it was ``done``. (A slotted class: the check path
    does not import attrs.)"""
    __slots__ = ("id", "who", "what", "months", "due", "line", "status", "done", "end")

    def __init__(self, id, who, what, months, due, line, status=None, done=None):
        self.id, self.who, self.what, self.months, self.due, self.line = id, who, what, months, due, line
        self.status, self.done = status, done
        self.end = None                      # the project's end: a duty without a time is owed from then

    def __repr__(self) -> str:
        return f"Duty({self.id!r}, due={self.due}, status={self.status!r})"

    def to_json(self) -> dict:
        return {"duty": self.id, "who": self.who, "what": self.what, "months_after_end": self.months,
                "due": self.due.isoformat() if self.due else None, "line": self.line,
                **({"status": self.status, "done": self.done.isoformat() if self.done else None}
                   if self.status is not None else {})}


def add_months(day: datetime.date, months: int) -> datetime.date | None:
    """``day`` plus whole months (the last day of a shorter month when the day is past its end);
    None past the last year a date can have (9999), which leaves a due date undecided."""
    import calendar
    y, mo = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, mo + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return None
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def project_end(data: dict) -> datetime.date | None:
    start, duration = data.get("start"), data.get("duration")
    if start is None or duration is None:
        return None
    return add_months(start, duration)


def duties(g, data: dict, done: dict | None = None, as_of: datetime.date | None = None) -> tuple[Duty, ...]:
    """The duties of guideline ``g`` for an application (its normalised ``data``); with ``done``
    (duty id -> date done, or False), each one's status on ``as_of`` (default today)."""
    end = project_end(data)
    out = []
    for c in getattr(g, "commitments", ()):
        due = add_months(end, c.months) if end is not None and c.months is not None else None
        d = Duty(c.id, c.who, c.what, c.months, due, c.origin.line)
        d.end = end
        if done is not None:
            for k, v in _status(d, done.get(c.id), as_of or datetime.date.today()).items():
                setattr(d, k, v)
        out.append(d)
    return tuple(out)


def _status(d: Duty, done, as_of: datetime.date) -> dict:
    """Fulfilled (late when done after the due date); not fulfilled when the outcome file says so
    or the due date (for a duty without a time: the project's end) has passed; else not yet due."""
    if isinstance(done, datetime.date):
        late = d.due is not None and done > d.due
        return {"status": "fulfilled_late" if late else "fulfilled", "done": done}
    owed = d.due or d.end
    if done is False or (owed is not None and as_of > owed):
        return {"status": "not_fulfilled"}
    return {"status": "not_yet_due"}


