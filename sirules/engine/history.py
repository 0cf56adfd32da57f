"""The fund's history as plain data: what rules that read the register are decided with.

The engine (floor 2) cannot read the register (floor 5), so the register, or the command line,
hands the checker a :class:`History`: every earlier grant (its date, project key, amount, pot and
whether the project was high-risk) and every movement of the fund's balance (date, amount in öre,
positive into the fund). :meth:`History.values` turns it into the values the guideline's register
expressions read, for one application on one date.

**Earlier** means decided (or booked) before the date the application is checked on: its start
date, its submission date where the guideline dates versions by submission, or ``--date``. A
decision on the same day is not earlier. Without a date the values are unknown.

A project is **high-risk** when its application says ``risk_level = "high"`` (``risknivå = "hög"``),
the standard choice fact; the share is of the projects granted before the date.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from ..language import modelview as mv


class History:
    """Earlier grants and the movements of the fund's balance (plain data, JSON both ways)."""
    __slots__ = ("grants", "balance")

    def __init__(self, grants=(), balance=()) -> None:
        #: ({"date", "project", "amount", "pot", "high_risk"}, ...) with ``date`` a datetime.date
        self.grants = tuple(grants)
        #: ((date, öre), ...): money into the fund positive (capital, repayments), grants negative
        self.balance = tuple(balance)

    @classmethod
    def from_json(cls, doc: dict) -> "History":
        """From the form :meth:`to_json` writes (dates as ISO strings)."""
        day = datetime.date.fromisoformat
        grants = [{"date": day(g["date"]), "project": g.get("project"), "amount": int(g.get("amount", 0)),
                   "pot": g.get("pot"), "high_risk": bool(g.get("high_risk", False))} for g in doc.get("grants", ())]
        balance = [(day(d), int(v)) for d, v in doc.get("balance", ())]
        return cls(grants, balance)

    def to_json(self) -> dict:
        return {"grants": [{**g, "date": g["date"].isoformat()} for g in self.grants],
                "balance": [[d.isoformat(), v] for d, v in self.balance]}

    def value(self, what: str, pot: str | None, project, on: datetime.date | None):
        """One register value for an application of ``project`` checked on ``on`` (None: unknown)."""
        if on is None:
            return None
        earlier = [g for g in self.grants if g["date"] < on]
        if what == "earlier_grants":
            return None if not project else sum(1 for g in earlier if g["project"] == project)
        if what == "pot_granted":
            return sum(g["amount"] for g in earlier if g["pot"] == pot and g["date"].year == on.year)
        if what == "balance":
            return sum(v for d, v in self.balance if d < on)
        if what == "high_risk_share":
            if not earlier:
                return 0
            share = Fraction(100 * sum(1 for g in earlier if g["high_risk"]), len(earlier))
            return int(share) if share.denominator == 1 else share
        raise ValueError(what)

    def values(self, g, data: dict, on: datetime.date | None) -> dict:
        """The values of every register expression of guideline ``g`` for one application's data."""
        out: dict = {"_history": True}
        for e in register_values(g):
            out[e.key] = self.value(e.what, e.pot, data.get("project"), on)
        return out


def register_values(g) -> tuple:
    """The register expressions of guideline ``g``'s rules (each key once)."""
    seen: dict = {}
    for rule in g.rules:
        if rule.expr is not None:
            for e in mv.walk(rule.expr):
                if isinstance(e, mv.RegisterValue):
                    seen.setdefault(e.key, e)
    return tuple(seen.values())


def uses_register(g) -> bool:
    """Whether a rule of ``g`` reads the register (only then is a register looked for)."""
    return bool(register_values(g))
