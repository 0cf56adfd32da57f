"""Sentences about dates, call rounds and validity (#17 point 2), for :mod:`sirules.engine.explain`."""

from __future__ import annotations

from ..language import modelview as m

MONTH_NAMES = {"sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                      "oktober", "november", "december"),
               "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december")}
_STATUS = {"sv": {"paused": "pausad", "closed": "stängd"}, "en": {"paused": "paused", "closed": "closed"}}
_WHAT = {"sv": {"guideline": "riktlinjen", "fund": "fonden"}, "en": {"guideline": "the guideline", "fund": "the fund"}}


def yearly(v, lang: str, every: bool = True) -> str:
    """(month, day) as ``15 april varje år`` / ``15 april every year`` (or only ``15 april``)."""
    month, day = v
    return f"{day} {MONTH_NAMES[lang][month - 1]}" + ((" varje år" if lang == "sv" else " every year") if every else "")


def round_dates(r, lang: str) -> str:
    if isinstance(r.start, tuple):
        (m1, d1), (m2, d2) = r.start, r.end
        names = MONTH_NAMES[lang]
        return f"{d1} {names[m1 - 1]}–{d2} {names[m2 - 1]} " + ("varje år" if lang == "sv" else "every year")
    return f"{r.start.isoformat()}–{r.end.isoformat()}"


def validity_text(e, lang: str) -> str:
    sv = lang == "sv"
    parts = []
    if e.valid_from is not None:
        parts.append(("från " if sv else "from ") + e.valid_from.isoformat())
    if e.valid_to is not None:
        parts.append(("till " if sv else "to ") + e.valid_to.isoformat())
    return " ".join(parts)


def in_force_sentence(rule, out: int, on, lang: str) -> str:
    """Why the guideline, or a block, is not in force on the date used."""
    e = rule.expr
    sv = lang == "sv"
    what = _WHAT[lang].get(e.what, e.what)
    if e.status is not None and out == 2:
        from ..language.i18n import tr
        when = validity_text(rule, lang)
        if e.status == "closed":
            return tr("no date to tell whether {what} is closed ({when}): give a start date, or --date", lang,
                      what=what, when=when)
        return tr("no date to tell whether {what} is paused ({when}): give a start date, or --date", lang,
                  what=what, when=when)
    if e.status is not None:
        return (f"{what} är {_STATUS[lang][e.status]}: inga ansökningar tas emot" if sv
                else f"{what} is {_STATUS[lang][e.status]}: no applications are accepted")
    when = validity_text(e, lang)
    if out != 1:
        return f"{what} gäller {when}" if sv else f"{what} is valid {when}"
    day = on.isoformat() if on is not None else "?"
    return (f"{what} gäller inte {day}; den gäller {when}" if sv
            else f"{what} is not in force on {day}; it is valid {when}")


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
    sv = lang == "sv"
    if x is None:
        return f"{e.item.text} saknas" if sv else f"{e.item.text} is missing"
    hit = next((r for r in e.rounds if r.open_on(x)), None)
    if hit is not None:
        return (f"{e.item.text} är {x.isoformat()}, inom omgången {hit.name} ({round_dates(hit, lang)})" if sv
                else f"{e.item.text} is {x.isoformat()}, within the round {hit.name} ({round_dates(hit, lang)})")
    shut = next((r for r in e.rounds if r.status is not None and m.within(r.start, r.end, x)), None)
    if shut is not None:
        st = _STATUS[lang][shut.status]
        return (f"{e.item.text} är {x.isoformat()}, i omgången {shut.name}, som är {st}" if sv
                else f"{e.item.text} is {x.isoformat()}, in the round {shut.name}, which is {st}")
    listing = ", ".join(f"{r.name} {round_dates(r, lang)}" for r in e.rounds if r.status is None)
    return (f"{e.item.text} är {x.isoformat()}, utanför varje öppen omgång ({listing or 'ingen'})" if sv
            else f"{e.item.text} is {x.isoformat()}, outside every open round ({listing or 'none'})")


def round_text(r, lang: str) -> str:
    """``vår: 1 mars–15 april varje år (stängd)``."""
    status = f" ({_STATUS[lang][r.status]})" if r.status else ""
    return f"{r.name}: {round_dates(r, lang)}{status}"


def who_text(who: str, lang: str) -> str:
    return ("sökande" if lang == "sv" else "the applicant") if who == "applicant" else who


def due_text(months, lang: str) -> str:
    if months is None:
        return ""
    from .explain import fmt
    if months == 0:
        return "senast vid projektslut" if lang == "sv" else "by the project's end"
    return (f"senast {fmt(months, 'duration', lang)} efter projektslut" if lang == "sv"
            else f"within {fmt(months, 'duration', lang)} after the project ends")


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
    sv = lang == "sv"
    head = "ingen ändring av ansökan hjälper: " if sv else "no change to the application passes: "
    e = rule.expr
    if isinstance(e, m.InForce):
        return head + in_force_sentence(rule, 1, on, lang)
    rounds = [x for x in m.walk(e) if isinstance(x, m.WithinRound)] if e is not None else []
    if not rounds or not all(isinstance(w.item, m.Fact) and w.item.key == "submitted" for w in rounds):
        return None
    w = rounds[0]
    x = value(w.item, data)
    if x is None:
        return None
    text = head + within_sentence(w, x, lang)
    nxt = next_round(w.rounds, x)
    if nxt is not None:
        r, opens = nxt
        text += (f"; nästa öppna omgång är {r.name}, som öppnar {opens.isoformat()}" if sv
                 else f"; the next open round is {r.name}, opening {opens.isoformat()}")
    return text
