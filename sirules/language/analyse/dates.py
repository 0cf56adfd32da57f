"""Dates, call rounds and duties (#17 points 2 and 5): parts of a date (``inlämnad.månad``),
days of the year (``15 april varje år``), rounds and ``inom en öppen omgång``, the rules a
validity or a paused or closed block adds, and the duties a grant commits to."""

from __future__ import annotations

from ..i18n import later
from .. import model as m
from .. import nodes as n
from ..build_dates import MONTHS
from .words import TYPE_WORDS

TYPE_WORDS.setdefault("yearly", "a day of every year")
TYPE_WORDS.setdefault("monthday", "a day of the year")

#: the parts of a date: name (Swedish or English) -> canonical key
DATE_PARTS = {"år": "year", "year": "year", "månad": "month", "month": "month", "dag": "day", "day": "day",
              "veckodag": "weekday", "weekday": "weekday"}
#: weekday names -> ISO number (1 Monday)
WEEKDAYS = {name: i + 1 for names in (
    ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) for i, name in enumerate(names)}
#: a month or weekday name as a value: name -> number
CALENDAR_WORDS = {**MONTHS, **WEEKDAYS}
_APPLICANT = ("applicant", "sökande")


class Dates:
    """Mixed into the analyser."""

    # ---- parts of a date and days of the year ---------------------------------------------
    def _date_part(self, node: n.Field):
        """``inlämnad.månad``: a part of a date fact, or None when ``node`` is not one."""
        t = self.fact_names.get(node.obj)
        if t is None or t.type != "date":
            return None
        part = DATE_PARTS.get(node.field)
        if part is None:
            names = ", ".join(k for k, v in DATE_PARTS.items() if (k == v) == (self.lang == "en"))
            raise self._err("SIR140", later('a date has no part "{name}"', name=node.field), node,
                            later("parts of a date: {names}", names=names))
        item = self._e_Name(n.Name(id=node.obj, span=node.span), None)
        item = m.Fact(type="date", key=item.key, text=node.obj)
        return m.DatePart(type="number", item=item, part=part, text=self._text(node))

    def _calendar_word(self, name: str, node):
        """A month or weekday name as its number (``juli`` = 7), or None."""
        v = CALENDAR_WORDS.get(name.lower())
        return None if v is None else m.Const(type="number", value=v, text=self._text(node))

    def _e_Yearly(self, node: n.Yearly, scope):
        return m.Const(type="yearly", value=(node.month, node.day), text=self._text(node))

    def _yearly_sides(self, *sides):
        """A date compared with a day of the year is compared by its (month, day)."""
        if not any(s.type == "yearly" for s in sides):
            return sides
        return tuple(m.DatePart(type="monthday", item=s, part="monthday", text=s.text) if s.type == "date" else s
                     for s in sides)

    # ---- rounds -----------------------------------------------------------------------------
    def _rounds(self) -> tuple:
        out = []
        for item in self.g.items:
            if isinstance(item, n.RoundDecl):
                start, end = (self._round_date(x) for x in (item.start, item.end))
                if type(start) is not type(end):
                    self.diags.append(self._err(
                        "SIR141", later('round "{name}" mixes a date with a day of every year', name=item.name), item,
                        later("write both ends as dates (2024-03-01) or both as days of the year (1 march every year)"
                              )).diag)
                    continue
                if isinstance(start, type(end)) and not isinstance(start, tuple) and end < start:
                    self.diags.append(self._err("SIR203", later("the round {name} closes {end}, before it opens {start}",
                                                      name=item.name, end=end, start=start),
                                                item, later("swap the dates")).diag)
                out.append(m.Round(name=item.name, label=item.label, start=start, end=end, status=item.status,
                                   origin=self._origin(item)))
        return tuple(out)

    @staticmethod
    def _round_date(x):
        return (x.month, x.day) if isinstance(x, n.Yearly) else x.value

    def _e_WithinRound(self, node: n.WithinRound, scope):
        item = self._expr(node.item, scope)
        if item.type != "date":
            raise self._err("SIR201", later('"{text}" needs a date on the left, got {got}', text=self._text(node), got=item.text), node)
        if not any(isinstance(i, n.RoundDecl) for i in self.g.items):
            raise self._err("SIR142", later("no call round is declared"), node,
                            later("declare one, e.g. round spring from 1 march every year to 15 april every year"))
        return m.WithinRound(type="bool", item=item, rounds=self.rounds, text=self._text(node))

    # ---- validity and paused or closed blocks as rules ---------------------------------------
    def _in_force_rule(self, vf, vt, status) -> list[m.Rule]:
        """The guideline's validity (and a paused or closed guideline) as a must-rule citing the head."""
        if vf is None and vt is None and status is None:
            return []
        sp = self.g.span
        origin = m.Origin(sp.line if sp else 1, sp.column if sp else 1, None, None)
        label = "riktlinjens giltighet" if self.lang == "sv" else "the guideline's validity"
        expr = m.InForce(type="bool", what="guideline", valid_from=vf, valid_to=vt, status=status, text="")
        return [m.Rule(id="validity", strength="must", label=label, expr=expr, origin=origin)]

    def _status_rule(self, block: m.Block) -> list[m.Rule]:
        """A paused or closed block: a must-rule citing the block, for the time it is in force."""
        if block.status is None:
            return []
        word = {"fund": ("fonden", "the fund")}.get(block.kind, (block.kind, block.kind))
        label = word[0] if self.lang == "sv" else word[1]
        expr = m.InForce(type="bool", what=block.kind, status=block.status, text="")
        return [m.Rule(id=f"status:{block.kind}", strength="must", label=label, expr=expr,
                       origin=block.origin, valid_from=block.valid_from, valid_to=block.valid_to)]

    # ---- duties --------------------------------------------------------------------------------
    def _commitment(self, c: n.Commitment) -> m.Commitment:
        if isinstance(c.who, n.Name):
            if c.who.id not in _APPLICANT:
                raise self._err("SIR143", later('"{name}" cannot commit to anything', name=c.who.id), c.who,
                                later('write applicant, or who in quotes: "the project owner"'))
            who = "applicant"
        else:
            who = c.who.value
        months = None
        if c.due is not None:
            e = self._expr(c.due, None)
            if e.type != "duration":
                raise self._err("SIR205", later("a duty is due a duration after the project's end, not {text}", text=e.text), c.due,
                                later("e.g. 3 months"))
            months = e.value
        return m.Commitment(id=c.name, who=who, what=c.what, months=months, origin=self._origin(c))
