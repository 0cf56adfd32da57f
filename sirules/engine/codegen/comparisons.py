"""The comparison emitters: ``<``, ``=``, between and member, also in outcome mode.

:class:`Comparisons` is mixed into :class:`~sirules.engine.codegen.generator._Gen`. A comparison
is written as two Python tests, "the outcome is unknown" and "the condition holds"
(:meth:`Comparisons.test_parts`), so that a rule can go straight to 0/1/2 without a temporary;
a count known only as a range is compared by :meth:`Comparisons.count_cmp`.
"""

from __future__ import annotations

from ...language import model as m
from .pycode import _mul, _unknown


class Comparisons:
    """Comparisons to Python tests; numbers are compared exactly, denominators multiplied out."""

    def e_Cmp(self, e, d, p):
        return self.from_parts(e, d, p)

    def from_parts(self, e, d, p):
        parts = self.test_parts(e, d, p)
        if parts is None:                      # a count known only as a range: already a temp
            return self._range_result
        unknown, test = parts
        t = self.tmp()
        if unknown == "False":
            self.emit(f"{t} = {test}", d)
            return self.known(t)
        self.emit(f"{t} = None if ({unknown}) else {test}", d)
        return t

    def test_parts(self, e, d, p):
        """(Python test that the outcome is unknown, Python test of the condition), or None."""
        if isinstance(e, m.Cmp):
            return self.cmp_parts(e, d, p)
        if isinstance(e, m.Between):
            return self.between_parts(e, d, p)
        return self.member_parts(e, d, p)

    def cmp_parts(self, e, d, p):
        numeric = e.left.type in ("money", "number", "percent", "duration", "ratio")
        op = "==" if e.op == "=" else e.op
        if numeric:
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            if e.left.type == "ratio" and e.right.type == "percent":
                db *= 100
            if e.right.type == "ratio" and e.left.type == "percent":
                da *= 100
            if a in self.bounds or b in self.bounds:
                self._range_result = self.count_cmp(self.tmp(), op, a, da, b, db, d)
                return None
            return _unknown(a, b), f"{a}{_mul(db)} {op} {b}{_mul(da)}"
        a = self.expr(e.left, d, p)
        b = self.expr(e.right, d, p)
        if e.left.type == "bool" and b in ("True", "False") and op in ("==", "!="):
            return _unknown(a), f"{a} is {b}" if op == "==" else f"{a} is not {b}"
        return _unknown(a, b), f"{a} {op} {b}"

    def count_cmp(self, t, op, a, da, b, db, d):
        """Compare a count known only as a range: decided when every count in the range agrees."""
        flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
        if a not in self.bounds:
            a, da, b, db, op = b, db, a, da, flip[op]
        lo, hi = self.bounds[a]
        x = f"{b}{_mul(da)}"
        lo_s, hi_s = f"{lo}{_mul(db)}", f"{hi}{_mul(db)}"
        test = _unknown(b)
        self.emit(f"if {test}: {t} = None" if test != "False" else "if False: pass", d)
        if op in ("==", "!="):
            self.emit(f"elif {lo_s} == {x} == {hi_s}: {t} = {op == '=='}", d)
            self.emit(f"elif {x} < {lo_s} or {x} > {hi_s}: {t} = {op == '!='}", d)
            self.emit(f"else: {t} = None", d)
        else:
            self.emit("else:", d)
            self.emit(f"r1 = {lo_s} {op} {x}; r2 = {hi_s} {op} {x}", d + 1)
            self.emit(f"{t} = r1 if r1 == r2 else None", d + 1)
        return t

    e_Between = from_parts
    e_Member = from_parts

    def between_parts(self, e, d, p):
        x, dx = self.num(e.item, d, p) if e.item.type != "date" else (self.expr(e.item, d, p), 1)
        lo, dl = self.num(e.low, d, p) if e.low.type != "date" else (self.expr(e.low, d, p), 1)
        hi, dh = self.num(e.high, d, p) if e.high.type != "date" else (self.expr(e.high, d, p), 1)
        return _unknown(x, lo, hi), f"({lo}{_mul(dx)} <= {x}{_mul(dl)} and {x}{_mul(dh)} <= {hi}{_mul(dx)})"

    def member_parts(self, e, d, p):
        x = self.expr(e.item, d, p)
        s = self.const(frozenset(e.values))
        test = f"not {s}.isdisjoint({x})" if e.item.type == "tags" else f"{x} in {s}"
        if e.negated:
            test = f"not ({test})"
        return _unknown(x), f"({test})"
