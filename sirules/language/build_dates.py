"""The builder's methods for dates, call rounds and duties (mixed into :class:`sirules.language.build._Builder`)."""

from __future__ import annotations

from .i18n import later
from . import nodes as n
from .diagnostics import SirulesError, error
from .lalr import Token

#: the calendar's words in each language: months, weekdays and the parts of a date
CALENDAR = {
    "sv": {"month": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                     "oktober", "november", "december"),
           "weekday": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
           "part": ("år", "månad", "dag", "veckodag")},
    "en": {"month": ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"),
           "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
           "part": ("year", "month", "day", "weekday")},
}
#: month names, Swedish and English -> number
MONTHS = {name: i + 1 for lang in ("sv", "en") for i, name in enumerate(CALENDAR[lang]["month"])}


def calendar_word(word: str, lang: str, kind: str) -> str | None:
    """``word`` (a month, weekday or date part name of either language) in ``lang``, or None."""
    for src in ("sv", "en"):
        names = CALENDAR[src][kind]
        if word.lower() in names:
            return CALENDAR[lang][kind][names.index(word.lower())]
    return None
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _unquote(raw: str) -> str:
    from .build import _unquote as u
    return u(raw)[0]


class DateBuilder:
    """``yearly``, ``valid_status``, ``round_decl``, ``within_round``, ``commitment`` and ``due``."""

    def yearly(self, meta, children):
        tok = children[0]
        day, month = str(tok).split()
        m = MONTHS[month.lower()]
        if not 1 <= int(day) <= _DAYS[m - 1]:
            raise SirulesError([error("SIR005", later("{text} is not a day of the year", text=repr(str(tok))),
                                      self._tok_span(tok), later("write a day that every year has, e.g. 15 april"))])
        return n.Yearly(month=m, day=int(day), text=" ".join(str(tok).split()), span=self._span(meta))

    def valid_status(self, meta, children):
        return ("status", "paused" if children[0].type == "KW_PAUSED" else "closed")

    def round_decl(self, meta, children):
        c = self._plain(children)
        label = next((_unquote(x) for x in c[1:] if isinstance(x, Token) and x.type == "STRING"), None)
        dates = [x for x in c if isinstance(x, (n.DateLit, n.Yearly))]
        status = next((x[1] for x in c if isinstance(x, tuple)), None)
        return n.RoundDecl(name=str(c[0]), label=label, start=dates[0], end=dates[1], status=status,
                           span=self._span(meta))

    def within_round(self, meta, children):
        return n.WithinRound(item=children[0], span=self._span(meta))

    def commitment(self, meta, children):
        c = self._plain(children)
        due = c[3] if len(c) > 3 else None
        return n.Commitment(name=str(c[0]), who=c[1], what=_unquote(c[2]), due=due, span=self._span(meta))

    def due(self, meta, children):
        return children[1]
