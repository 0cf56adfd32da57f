"""The emitters of dates and call rounds (#17 point 2): parts of a date, a date inside an open
round, and the outcome of the rule a validity or a paused or closed block adds.

:class:`Dates` is mixed into :class:`~sirules.engine.codegen.generator._Gen`.
"""

from __future__ import annotations

from ...language import model as m
from .pycode import _guard

_PARTS = {"year": "{x}.year", "month": "{x}.month", "day": "{x}.day", "weekday": "{x}.isoweekday()",
          "monthday": "({x}.month, {x}.day)"}


class Dates:
    """Dates and rounds to Python lines."""

    def e_DatePart(self, e, d, p):
        x = self.expr(e.item, d, p)
        t = self.tmp()
        self.emit(f"{t} = " + _guard(x, then=_PARTS[e.part].format(x=x)), d)
        return t

    def e_WithinRound(self, e, d, p):
        x = self.expr(e.item, d, p)
        tests = []
        for r in e.rounds:
            if r.status is not None:
                continue                         # a paused or closed round is never open
            if isinstance(r.start, tuple):
                md = f"({x}.month, {x}.day)"
                s, t_ = self.const(r.start), self.const(r.end)
                tests.append(f"{s} <= {md} <= {t_}" if r.start <= r.end else f"({md} >= {s} or {md} <= {t_})")
            else:
                tests.append(f"{self.const(r.start)} <= {x} <= {self.const(r.end)}")
        t = self.tmp()
        self.emit(f"{t} = " + _guard(x, then="(" + (" or ".join(tests) or "False") + ")"), d)
        return t

    def e_RegisterValue(self, e, d, p):
        """A value of the register (#18 point 3): read from the application's data, where the
        checker puts what the register says (unknown without a register)."""
        return self.fact(e.key)

    def in_force_outcome(self, e: m.InForce) -> str:
        """Outcome of the rule a validity or a paused or closed block adds: 1 (rejected) outside the
        validity or while paused or closed; 3 otherwise, so that it is shown only when it fails."""
        if e.status is not None:
            return "1"
        conds = []
        if e.valid_from is not None:
            conds.append(f"on < {self.const(e.valid_from)}")
        if e.valid_to is not None:
            conds.append(f"on > {self.const(e.valid_to)}")
        return f"(1 if on is not None and ({' or '.join(conds)}) else 3)"
