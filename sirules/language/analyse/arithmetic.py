"""Expression typing, the arithmetic: + - * / with the types they give, negation and shares, and
constant folding to exact values (money in whole öre)."""

from __future__ import annotations

from fractions import Fraction

from ..i18n import later
from .. import model as m
from .. import nodes as n
from .words import NUMERIC, TYPE_WORDS


class Arithmetic:
    """Mixed into the analyser: the ``_e_`` methods of computed values."""

    def _e_Arith(self, node: n.Arith, scope):
        left, right = self._expr(node.left, scope), self._expr(node.right, scope)
        lt, rt, op = left.type, right.type, node.op
        out = None
        if op in "+-" and lt == rt and lt in NUMERIC | {"ratio"}:
            out = lt
        elif op == "*" and {lt, rt} <= {"number"}:
            out = "number"
        elif op == "*" and sorted([lt, rt]) in (["money", "number"], ["duration", "number"]):
            out = lt if lt != "number" else rt
        elif op == "/" and rt == "number" and lt in ("money", "number", "duration"):
            out = lt
        elif op == "/" and lt == rt and lt in ("money", "duration"):
            out = "ratio"
        if out is None:
            raise self._err("SIR201", later("cannot compute {left} {op} {right} ({text})", left=TYPE_WORDS.get(lt, lt),
                                            op=op, right=TYPE_WORDS.get(rt, rt), text=self._text(node)), node)
        if isinstance(left, m.Const) and isinstance(right, m.Const):
            value = self._bounded(_fold(op, left.value, right.value), node)
            if out == "money":
                value = Fraction(value)
                if value.denominator != 1:
                    raise self._err("SIR005", later("{text} is not a whole number of öre", text=self._text(node)), node)
                value = int(value)
            return m.Const(type=out, value=value, text=self._text(node))
        return m.Arith(type=out, op=op, left=left, right=right, text=self._text(node))

    def _e_Neg(self, node, scope):
        item = self._expr(node.item, scope)
        if item.type not in NUMERIC:
            raise self._err("SIR201", later("cannot negate {type}", type=TYPE_WORDS.get(item.type, item.type)), node)
        if isinstance(item, m.Const):
            return m.Const(type=item.type, value=-item.value, text=self._text(node))
        return m.Neg(type=item.type, item=item, text=self._text(node))

    def _e_ShareOf(self, node, scope):
        share = self._expr(node.share, scope)
        base = self._expr(node.base, scope)
        if not (isinstance(share, m.Const) and share.type == "percent"):
            raise self._err("SIR201", later('"{text}" must be a percentage such as 50 %', text=self._text(node.share)), node.share)
        if base.type not in ("money", "number", "duration"):
            raise self._err("SIR201", later("a share must be taken of an amount, a number or a duration, not {type}",
                                            type=TYPE_WORDS.get(base.type, base.type)), node.base)
        if isinstance(base, m.Const):
            value = self._bounded(base.value * share.value / 100, node)
            if base.type == "money":
                if value.denominator != 1:
                    raise self._err("SIR005", later("{text} is not a whole number of öre", text=self._text(node)), node)
                value = int(value)
            elif isinstance(value, Fraction) and value.denominator == 1:
                value = int(value)
            return m.Const(type=base.type, value=value, text=self._text(node))
        return m.ShareOf(type=base.type, share=share.value / 100, base=base, text=self._text(node))


    def _bounded(self, value, node):
        """A folded constant, if its exact value stays within the limit on digits (a constant squared
        again and again doubles its digits each time: 39 times is beyond any computer)."""
        from .. import limits
        most = limits.get("EXACT_DIGITS", limits.EXACT_DIGITS)
        bits = int(most * 3.33) + 1
        v = Fraction(value)
        if abs(v.numerator).bit_length() > bits or v.denominator.bit_length() > bits:
            raise self._err("SIR420", later("{text} has more than {most} digits, more than sirules computes exactly",
                                            text=self._text(node)[:80], most=most), node,
                            later("simplify the computation, or {how}", how=limits.hint("EXACT_DIGITS")))
        return value


def _fold(op: str, a, b):
    a, b = Fraction(a), Fraction(b)
    if op == "+":
        v = a + b
    elif op == "-":
        v = a - b
    elif op == "*":
        v = a * b
    else:
        v = a / b if b else Fraction(0)
    return int(v) if v.denominator == 1 else v
