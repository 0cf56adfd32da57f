"""The solver: pure functions that turn a comparison into a value to set.

:func:`invert` solves ``term OP target`` for the variable inside ``term`` (through ``% of``,
``+``, ``-``, ``*``, ``/``), :func:`solve_value` picks the value closest to the old one that meets
a bound, :func:`satisfy` builds the fields of a new participant that meets a filter, and
:func:`rebalance` / :func:`spread` share a yearly budget out so it still adds up.
"""

from __future__ import annotations

import datetime
import math
from fractions import Fraction

from ...language import model as m
from ...language import vocabulary as voc
from ...language.money import allocate
from ..explain import value

NEG = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "="}
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
OPS = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y, "=": lambda x, y: x == y, "!=": lambda x, y: x != y}

KIND_ORDER = list(voc.KINDS)


# ---- inverting arithmetic --------------------------------------------------------------------------

def invert(term: m.Expr, op: str, target, data, q) -> list:
    """(variable, op, bound) such that setting the variable to meet ``op bound`` makes ``term op target``."""
    if isinstance(term, m.Fact):
        return [(("fact", term), op, target)]
    if isinstance(term, m.PField):
        return [(("pfield", term), op, target)]
    if isinstance(term, m.ApplicantField):
        return [(("afield", term), op, target)]
    if isinstance(term, m.Agg) and term.key == "budget":
        return [(("agg", term.fn), op, target)]
    if isinstance(term, m.ShareOf):
        if term.share > 0:
            return invert(term.base, op, Fraction(target) / term.share, data, q)
        return []
    if isinstance(term, m.Neg):
        return invert(term.item, FLIP[op], -target, data, q)
    if isinstance(term, m.Arith):
        return _invert_arith(term, op, target, data, q)
    return []


def _invert_arith(term: m.Arith, op: str, target, data, q) -> list:
    """:func:`invert` for ``left OP right``: solved for either side, the other side's value known."""
    a, b = value(term.left, data, q), value(term.right, data, q)
    out = []
    if term.op == "+":
        if b is not None:
            out += invert(term.left, op, target - b, data, q)
        if a is not None:
            out += invert(term.right, op, target - a, data, q)
    elif term.op == "-":
        if b is not None:
            out += invert(term.left, op, target + b, data, q)
        if a is not None:
            out += invert(term.right, FLIP[op], a - target, data, q)
    elif term.op == "*":
        if b not in (None, 0):
            out += invert(term.left, op if b > 0 else FLIP[op], Fraction(target) / b, data, q)
        if a not in (None, 0):
            out += invert(term.right, op if a > 0 else FLIP[op], Fraction(target) / a, data, q)
    elif term.op == "/":
        if b is not None and b > 0:
            out += invert(term.left, op, Fraction(target) * b, data, q)
        if a is not None and a > 0 and target > 0:
            out += invert(term.right, FLIP[op], Fraction(a) / Fraction(target), data, q)
    return out


# ---- the value to set --------------------------------------------------------------------------------

def solve_value(typ: str, op: str, bound, old):
    """The value closest to ``old`` (or the bound itself) that meets ``value op bound``."""
    if bound is None:
        return None
    if typ == "bool":
        if op == "=":
            return bool(bound)
        if op == "!=":
            return not bound
        return None
    if typ == "date":
        if not isinstance(bound, datetime.date):
            return None
        day = datetime.timedelta(days=1)
        return {"<=": bound, ">=": bound, "=": bound, "<": bound - day, ">": bound + day,
                "!=": bound + day}.get(op)
    if typ in ("money", "number", "duration", "percent"):
        return _solve_number(typ, op, bound, old)
    if op == "=":
        return bound
    return None


def _solve_number(typ: str, op: str, bound, old):
    """:func:`solve_value` for money, numbers, durations and percentages: whole where the type
    (or the old value) is, one step (1 kr, 1 month, 1) past a strict bound."""
    b = Fraction(bound)
    whole = typ in ("money", "duration") or (typ == "number" and (old is None or Fraction(old).denominator == 1))
    step = 100 if typ == "money" else 1
    if op == "<=":
        v = math.floor(b) if whole else b
    elif op == ">=":
        v = math.ceil(b) if whole else b
    elif op == "=":
        if whole and b.denominator != 1:
            return None
        v = b
    elif op == "<":
        v = (math.ceil(b / step) - 1) * step if whole else b - step
    elif op == ">":
        v = (math.floor(b / step) + 1) * step if whole else b + step
    else:                                           # != : one step away
        v = b + step
    if isinstance(v, Fraction) and v.denominator == 1:
        v = int(v)
    if typ in ("money", "duration") and v < 0:
        return None
    return v


# ---- the yearly budget ---------------------------------------------------------------------------------

def rebalance(budget: dict, level: int, upper: bool, lower: bool) -> dict | None:
    """The budget with every year at most (``upper``) or at least (``lower``) ``level`` and the same
    total: the years that break the bound are set to it, and the difference is spread over the
    other years in proportion to them (exactly, with :func:`sirules.language.money.allocate`)."""
    total, years = sum(budget.values()), list(budget)
    if (upper and total > level * len(years)) or (lower and total < level * len(years)) or not (upper or lower):
        return None
    fixed: set = set()
    while True:
        for y in years:
            if y not in fixed and (upper and budget[y] > level or lower and budget[y] < level):
                fixed.add(y)
        free = [y for y in years if y not in fixed]
        rest = total - level * len(fixed)
        if not free:
            return {y: level for y in years} if rest == 0 else None
        parts = spread(rest, [budget[y] for y in free]) if any(budget[y] for y in free) else \
            spread(rest, [1] * len(free))
        out = {y: level for y in fixed}
        out.update(zip(free, parts))
        bad = [y for y in free if (upper and out[y] > level) or (lower and out[y] < level)]
        if not bad:
            return {y: out[y] for y in years}
        fixed.update(bad)


def spread(total: int, weights: list) -> list:
    """Split ``total`` öre in proportion to ``weights`` with :func:`sirules.language.money.allocate` (largest
    remainder, so the parts add up exactly); in whole kronor when the total and the old parts are."""
    if total % 100 == 0 and all(w % 100 == 0 for w in weights):
        return [p * 100 for p in allocate(total // 100, [w // 100 for w in weights])]
    return allocate(total, weights)


# ---- satisfying a participant filter -------------------------------------------------------------

def satisfy(f, want: bool, order=None):
    """Field values for a new participant that make filter ``f`` evaluate to ``want``:
    a list of alternative dicts, or None when the filter is too complex to build for."""
    if f is None:
        return [{}]
    if isinstance(f, m.Not):
        return satisfy(f.item, not want, order)
    if isinstance(f, m.Member) and isinstance(f.item, m.PField):
        inside = want != f.negated
        if f.item.key == "kind":
            first = order(f.values) if order else []
            pool = first + [k for k in KIND_ORDER + sorted(f.values) if k not in first]
            kinds = [k for k in dict.fromkeys(pool) if (k in f.values) == inside]
            return [{"kind": k} for k in kinds] or None
        if inside:
            return [{f.item.key: v} for v in sorted(f.values)]
        return None
    if isinstance(f, m.Cmp) and isinstance(f.left, m.PField) and isinstance(f.right, m.Const) \
            and f.left.type == "bool" and f.op in ("=", "!="):
        return [{f.left.key: (f.right.value == (f.op == "=")) == want}]
    if isinstance(f, m.PField) and f.type == "bool":
        return [{f.key: want}]
    if isinstance(f, (m.And, m.Or)):
        return _satisfy_all(f, want, order)
    return None


def _satisfy_all(f, want: bool, order):
    """:func:`satisfy` for ``and`` / ``or``: every item (merged, at most 20 ways) or any one."""
    conj = isinstance(f, m.And) == want
    subs = [satisfy(i, want, order) for i in f.items]
    if conj:
        if any(s is None for s in subs):
            return None
        out = [{}]
        for s in subs:
            merged = []
            for a in out:
                for b in s:
                    if all(a.get(k, v) == v for k, v in b.items()):
                        merged.append({**a, **b})
            out = merged[:20]
        return out or None
    out = [x for s in subs if s is not None for x in s]
    return out or None
