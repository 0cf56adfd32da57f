"""Sentences about dates, call rounds and validity (#17 point 2), for :mod:`sirules.engine.explain`."""

from __future__ import annotations

from ..language import modelview as m
from ..language.build_dates import CALENDAR
from ..language.i18n import exact, mark

#: a paused or closed round, block or guideline (``exact`` it: the guideline's own wording)
_STATUS = {"paused": mark("paused"), "closed": mark("closed")}
#: what a validity sentence is about
_WHAT = {"guideline": mark("the guideline"), "fund": mark("the fund")}


def what_word(what: str, lang: str) -> str:
    """``fonden`` / ``the fund``: what a block or guideline of kind ``what`` is called in ``lang``."""
    return exact(_WHAT[what], lang) if what in _WHAT else what


def yearly(v, lang: str, every: bool = True) -> str:
    """(month, day) as ``15 april varje år`` / ``15 april every year`` (or only ``15 april``)."""
    month, day = v
    date = f"{day} {CALENDAR[lang]['month'][month - 1]}"
    return exact("{date} every year", lang, date=date) if every else date


def round_dates(r, lang: str) -> str:
    if isinstance(r.start, tuple):
        (m1, d1), (m2, d2) = r.start, r.end
        names = CALENDAR[lang]["month"]
        return exact("{date} every year", lang, date=f"{d1} {names[m1 - 1]}–{d2} {names[m2 - 1]}")
    return f"{r.start.isoformat()}–{r.end.isoformat()}"


def validity_text(e, lang: str) -> str:
    parts = []
    if e.valid_from is not None:
        parts.append(exact("from {date}", lang, date=e.valid_from.isoformat()))
    if e.valid_to is not None:
        parts.append(exact("to {date}", lang, date=e.valid_to.isoformat()))
    return " ".join(parts)


def in_force_sentence(rule, out: int, on, lang: str) -> str:
    """Why the guideline, or a block, is not in force on the date used."""
    e = rule.expr
    what = what_word(e.what, lang)
    if e.status is not None and out == 2:
        from ..language.i18n import tr
        when = validity_text(rule, lang)
        if e.status == "closed":
            return tr("no date to tell whether {what} is closed ({when}): give a start date, or --date", lang,
                      what=what, when=when)
        return tr("no date to tell whether {what} is paused ({when}): give a start date, or --date", lang,
                  what=what, when=when)
    if e.status is not None:
        return exact("{what} is {status}: no applications are accepted", lang, what=what,
                     status=exact(_STATUS[e.status], lang))
    when = validity_text(e, lang)
    if out != 1:
        return exact("{what} is valid {when}", lang, what=what, when=when)
    day = on.isoformat() if on is not None else "?"
    return exact("{what} is not in force on {day}; it is valid {when}", lang, what=what, day=day, when=when)


def suspended_sentence(rule, lang: str) -> str:
    """A paused or closed rule: it is not applied, so it decides nothing (and when, if it says)."""
    from ..language.i18n import tr
    when = validity_text(rule, lang)
    if rule.status == "closed":
        text = tr("the rule is closed: it is not applied and decides nothing", lang)
    else:
        text = tr("the rule is paused: it is not applied and decides nothing", lang)
    return text + (f" ({when})" if when else "")


def within_sentence(e, x, lang: str) -> str:
    """Whether the date ``x`` of ``e.item`` falls inside an open round, and which rounds there are."""
    item = e.item.text
    if x is None:
        return exact("{item} is missing", lang, item=item)
    hit = next((r for r in e.rounds if r.open_on(x)), None)
    if hit is not None:
        return exact("{item} is {date}, within the round {round} ({dates})", lang, item=item, date=x.isoformat(),
                     round=hit.name, dates=round_dates(hit, lang))
    shut = next((r for r in e.rounds if r.status is not None and m.within(r.start, r.end, x)), None)
    if shut is not None:
        return exact("{item} is {date}, in the round {round}, which is {status}", lang, item=item,
                     date=x.isoformat(), round=shut.name, status=exact(_STATUS[shut.status], lang))
    listing = ", ".join(f"{r.name} {round_dates(r, lang)}" for r in e.rounds if r.status is None)
    if not listing:
        return exact("{item} is {date}, outside every open round (none)", lang, item=item,
                     date=x.isoformat())
    return exact("{item} is {date}, outside every open round ({rounds})", lang, item=item, date=x.isoformat(),
                 rounds=listing)


def round_text(r, lang: str) -> str:
    """``vår: 1 mars–15 april varje år (stängd)``."""
    status = f" ({exact(_STATUS[r.status], lang)})" if r.status else ""
    return f"{r.name}: {round_dates(r, lang)}{status}"


def who_text(who: str, lang: str) -> str:
    return exact("the applicant", lang) if who == "applicant" else who


def due_text(months, lang: str) -> str:
    if months is None:
        return ""
    from .explain import fmt
    if months == 0:
        return exact("by the project's end", lang)
    return exact("within {duration} after the project ends", lang, duration=fmt(months, "duration", lang))


def commitment_text(c, lang: str) -> str:
    """``slutrapport: sökande lämnar slutrapport, senast 3 månader efter projektslut``."""
    due = due_text(c.months, lang)
    return f"{c.id}: {who_text(c.who, lang)} {c.what}" + (f", {due}" if due else "")


def next_round(rounds, day):
    """The first open round that opens after ``day``: (round, the date it opens), or None."""
    import datetime
    best = None
    for r in rounds:
        if r.status is not None:
            continue
        if isinstance(r.start, tuple):
            opens = datetime.date(day.year, *r.start) if (day.month, day.day) < r.start else \
                datetime.date(day.year + 1, *r.start)
        else:
            opens = r.start
        if opens > day and (best is None or opens < best[1]):
            best = (r, opens)
    return best


def no_change_sentence(rule, data: dict, on, lang: str) -> str | None:
    """For a rule no change of the application can meet (the guideline or a fund is not in force
    on the date used, or the submission date lies outside every open round), what to say instead
    of a change; None for any other rule."""
    from .interpret import value
    e = rule.expr
    if isinstance(e, m.InForce):
        return exact("no change to the application passes: {why}", lang, why=in_force_sentence(rule, 1, on, lang))
    rounds = [x for x in m.walk(e) if isinstance(x, m.WithinRound)] if e is not None else []
    if not rounds or not all(isinstance(w.item, m.Fact) and w.item.key == "submitted" for w in rounds):
        return None
    w = rounds[0]
    x = value(w.item, data)
    if x is None:
        return None
    text = exact("no change to the application passes: {why}", lang, why=within_sentence(w, x, lang))
    nxt = next_round(w.rounds, x)
    if nxt is not None:
        r, opens = nxt
        text += exact("; the next open round is {round}, opening {date}", lang, round=r.name, date=opens.isoformat())
    return text
