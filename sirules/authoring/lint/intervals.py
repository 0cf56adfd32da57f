"""The bounds a condition puts on one expression: intervals of values, or sets of words.

:func:`_constraint` reads a comparison, a ``between``, a membership or a negation of one as
(term, interval, text); :func:`_meet` and :func:`_covers` combine intervals, which is how
:mod:`.holds` finds an ``and`` that can never hold or an ``or`` that always holds.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from ...language import model as m


#: an interval of values: (low, low included, high, high included); None is unbounded
_ALL = (None, False, None, False)


def _cmp_interval(op: str, c):
    return {"<": (None, False, c, False), "<=": (None, False, c, True), ">": (c, False, None, False),
            ">=": (c, True, None, False), "=": (c, True, c, True)}.get(op)


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def _constraint(e: m.Expr):
    """(term, interval, text) when ``e`` bounds one expression by fixed values, else None."""
    if isinstance(e, m.Not):
        c = _constraint(e.item)
        if c is None:
            return None
        term, iv, _ = c
        if isinstance(iv[0], str):
            return term, ("out" if iv[0] == "in" else "in", iv[1]), e.text
        if iv[0] is None and iv[2] is not None:
            return term, (iv[2], not iv[3], None, False), e.text
        if iv[2] is None and iv[0] is not None:
            return term, (None, False, iv[0], not iv[1]), e.text
        return None
    if isinstance(e, m.Cmp):
        left, right, op = e.left, e.right, e.op
        if isinstance(left, m.Const) and not isinstance(right, m.Const):
            left, right, op = right, left, _FLIP[op]
        if isinstance(right, m.Const) and not isinstance(left, m.Const):
            if isinstance(right.value, bool) and op in ("=", "!="):      # yes/no: a set of values
                return left, ("in" if op == "=" else "out", frozenset([right.value])), e.text
            if op != "=" and not _ordered(right.value):
                return None
            iv = _cmp_interval(op, right.value)
            return (left, iv, e.text) if iv else None
        if not isinstance(left, m.Const) and not isinstance(right, m.Const) and left != right:
            # two expressions compared with each other: a bound on their difference, in one order
            if repr(left) > repr(right):
                left, right, op = right, left, _FLIP[op]
            iv = _cmp_interval(op, 0)
            return (("difference", left, right), iv, e.text) if iv else None
    if isinstance(e, m.Between) and isinstance(e.low, m.Const) and isinstance(e.high, m.Const) \
            and not isinstance(e.item, m.Const):
        return e.item, (e.low.value, True, e.high.value, True), e.text
    if isinstance(e, m.Member) and e.item.type in ("kind", "choice"):
        return e.item, ("out" if e.negated else "in", e.values), e.text
    return None


def _ordered(v) -> bool:
    """A value with an order (amounts, numbers, percentages, durations, dates), not yes/no or text."""
    return isinstance(v, (int, Fraction, datetime.date)) and not isinstance(v, bool)


def _meet(a, b):
    """The intersection of two intervals (or two sets of words), or None when it is empty."""
    if isinstance(a[0], str):
        return _meet_sets(a, b)
    lo, lo_in = a[0], a[1]
    if b[0] is not None and (lo is None or b[0] > lo or (b[0] == lo and not b[1])):
        lo, lo_in = b[0], b[1]
    hi, hi_in = a[2], a[3]
    if b[2] is not None and (hi is None or b[2] < hi or (b[2] == hi and not b[3])):
        hi, hi_in = b[2], b[3]
    if lo is not None and hi is not None and (lo > hi or (lo == hi and not (lo_in and hi_in))):
        return None
    return lo, lo_in, hi, hi_in


def _meet_sets(a, b):
    (ma, va), (mb, vb) = a, b
    if ma == "in" and mb == "in":
        out = ("in", va & vb)
    elif ma == "in":
        out = ("in", va - vb)
    elif mb == "in":
        out = ("in", vb - va)
    else:
        out = ("out", va | vb)
    return None if out == ("in", frozenset()) else out


def _covers(ivs, universe: frozenset | None = None) -> bool:
    """True when the union of the intervals (or sets of values) is every value (of ``universe``)."""
    if ivs and isinstance(ivs[0][0], str):
        mode, vals = ivs[0]
        for m2, v2 in ivs[1:]:
            if mode == "in" and m2 == "in":
                vals = vals | v2
            elif mode == "in":
                mode, vals = "out", v2 - vals
            elif m2 == "in":
                vals = vals - v2
            else:
                vals = vals & v2
        return (mode == "out" and not vals) or (mode == "in" and universe is not None and vals >= universe)
    ivs = sorted(ivs, key=lambda iv: (iv[0] is not None, iv[0] if iv[0] is not None else 0, not iv[1]))
    if not ivs or ivs[0][0] is not None:
        return False
    hi, hi_in = ivs[0][2], ivs[0][3]
    for lo, lo_in, h, h_in in ivs[1:]:
        if hi is None:
            return True
        if lo is not None and (lo > hi or (lo == hi and not (lo_in or hi_in))):
            return False
        if h is None or h > hi:
            hi, hi_in = h, h_in
        elif h == hi:
            hi_in = hi_in or h_in
    return hi is None


def _inside(a, b) -> bool:
    """True when interval ``a`` lies inside interval ``b``."""
    return _meet(a, b) == a


def _domain(term) -> tuple:
    """The values an expression can have at all."""
    if isinstance(term, m.Count):
        return (0, True, None, False)            # a count is never below 0
    return _ALL


def _impossible(dom) -> list:
    """The intervals outside a domain."""
    out = []
    if dom[0] is not None:
        out.append((None, False, dom[0], not dom[1]))
    if dom[2] is not None:
        out.append((dom[2], not dom[3], None, False))
    return out


def _fold_cmp(op: str, a, b):
    try:
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "=": a == b, "!=": a != b}[op]
    except TypeError:
        return None
