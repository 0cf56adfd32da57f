"""The expression emitters: values, facts, fields, Kleene's and/or/not/if, and exact arithmetic.

:class:`Expressions` is mixed into :class:`~sirules.engine.codegen.generator._Gen`, whose
``tmp``, ``emit``, ``const``, ``fact`` and ``known`` it writes with. Each ``e_<Node>`` method
returns a name or literal holding True/False/None or a value; :meth:`Expressions.expr` picks it
by the node's class name.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ...language import model as m
from .pycode import _Code, _guard, _mul, _unknown


class Expressions:
    """Expressions to Python lines; comparisons and participant loops are in sibling mixins."""

    # ---- expressions: each returns a name or literal holding True/False/None or a value --
    def expr(self, e: m.Expr, d: int, p: str | None = None) -> str:
        return getattr(self, "e_" + type(e).__name__)(e, d, p)

    def e_Const(self, e, d, p):
        if isinstance(e.value, (bool, int, str)) and not isinstance(e.value, Fraction):
            return repr(e.value)
        return self.const(e.value)

    def e_Fact(self, e, d, p):
        return self.fact(e.key)

    def e_PField(self, e, d, p):
        reuse = self.in_shared and d == 2 and p == "q"     # read once per participant, not per count
        if reuse and e.key in self.qfields:
            return self.qfields[e.key]
        t = self.e_PField_read(e, d, p)
        if reuse:
            self.qfields[e.key] = t
        return t

    def e_PField_read(self, e, d, p):
        t = self.tmp()
        if e.key == "kind":                 # every participant has a kind (the loader requires it)
            self.emit(f"{t} = {p}['kind']", d)
            return self.known(t)
        self.emit(f"{t} = {p}.get({e.key!r})", d)
        return t

    def e_ApplicantField(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = None if AP is None else AP.get({e.key!r})", d)
        return t

    def e_And(self, e, d, p):
        return self._junction(e, d, p, absorbing=False)

    def e_Or(self, e, d, p):
        return self._junction(e, d, p, absorbing=True)

    def _junction(self, e, d, p, absorbing: bool):
        """Kleene's ``and`` (one False decides) or ``or`` (one True decides); unknown otherwise
        when an item is unknown."""
        t = self.tmp()
        self.emit(f"{t} = {not absorbing}", d)
        for item in e.items:
            c = self.expr(item, d, p)
            self.emit(f"if {c} is {absorbing}: {t} = {absorbing}", d)
            self.emit(f"elif {c} is None and {t} is {not absorbing}: {t} = None", d)
        return t

    def e_Not(self, e, d, p):
        c = self.expr(e.item, d, p)
        t = self.tmp()
        self.emit(f"{t} = " + _guard(c, then=f"not {c}"), d)
        return t

    def e_Implies(self, e, d, p):
        c = self.expr(e.cond, d, p)
        b = self.expr(e.then, d, p)
        t = self.tmp()
        self.emit(f"{t} = True if ({c} is False or {b} is True) else (None if ({c} is None or {b} is None) else False)", d)
        return t

    def num(self, e: m.Expr, d: int, p) -> tuple[str, int]:
        """(code, denominator): the value is code / denominator, denominator static."""
        if isinstance(e, m.Const) and isinstance(e.value, (int, Fraction)) and not isinstance(e.value, bool):
            v = Fraction(e.value)
            return repr(v.numerator), v.denominator
        if isinstance(e, m.ShareOf):
            code, den = self.num(e.base, d, p)
            if e.share.numerator == 1:
                return code, den * e.share.denominator
            t = self.tmp()
            self.emit(f"{t} = " + _guard(code, then=f"{code} * {e.share.numerator}"), d)
            return t, den * e.share.denominator
        if isinstance(e, m.Arith) and e.op in "+-":
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            lcm = math.lcm(da, db)
            t = self.tmp()
            self.emit(f"{t} = " + _guard(a, b, then=f"{a}{_mul(lcm // da)} {e.op} {b}{_mul(lcm // db)}"), d)
            return t, lcm
        if isinstance(e, m.Arith) and e.op == "*":
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            t = self.tmp()
            self.emit(f"{t} = " + _guard(a, b, then=f"{a} * {b}"), d)
            return t, da * db
        if isinstance(e, m.Neg):
            a, da = self.num(e.item, d, p)
            t = self.tmp()
            self.emit(f"{t} = " + _guard(a, then=f"-{a}"), d)
            return t, da
        if isinstance(e, m.Arith) and e.op == "/":
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            t = self.tmp()
            self.emit(f"{t} = None if ({_unknown(a, b)} or {b} == 0) else Fraction({a}{_mul(db)}, {b}{_mul(da)})", d)
            return t, 1
        return self.expr(e, d, p), 1


    def e_Arith(self, e, d, p):
        code, den = self.num(e, d, p)
        if den == 1:
            return code
        t = self.tmp()
        self.emit(f"{t} = " + _guard(code, then=f"Fraction({code}, {den})"), d)
        return t

    e_ShareOf = e_Arith
    e_Neg = e_Arith

    def e_Agg(self, e, d, p):
        src = self.fact(e.key)
        t = self.tmp()
        if e.key == "savings":
            vals = f"[s[2] for s in {src}]"
            scale = ""
        else:
            vals = f"{src}.values()"
            scale = " * BS"                       # yearly tables: kronor in check_raw, öre in check
        fn = {"sum": "sum", "max": "max", "min": "min"}[e.fn]
        self.emit(f"{t} = None if not {src} else {fn}({vals}){scale}", d)
        return t

    def e_Dated(self, e, d, p):
        """A value that depends on the date in force (``on``): the first period covering it."""
        t = self.tmp()
        periods = self.const(_Code(repr(tuple(e.periods))))
        self.emit(f"{t} = None if on is None else next((v for s, u, v in {periods} "
                  f"if (s is None or s <= on) and (u is None or on <= u)), None)", d)
        return t

    def e_PartPresent(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = {e.key!r} in PARTS", d)
        return self.known(t)

