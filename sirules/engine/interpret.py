"""The model evaluated directly: values and rule outcomes with the generated code's semantics.

Only used when a finding is explained, a suggestion is searched for, or a condition of a block
is tested. It walks the model (not the syntax) with the same three-valued (Kleene) semantics as
the code of :mod:`sirules.engine.codegen`, and reads it through :mod:`sirules.language.modelview`,
so it works on the attrs model and on its light copy from the cache alike.
:mod:`sirules.engine.explain` re-exports :func:`value`, :func:`count_range` and :func:`outcome`.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from ..language import modelview as m


def value(e: m.Expr, a: dict, p: dict | None = None):
    return _EVAL[type(e).__name__](e, a, p)


def _kleene_and(vals):
    if any(v is False for v in vals):
        return False
    return None if any(v is None for v in vals) else True


def _kleene_or(vals):
    if any(v is True for v in vals):
        return True
    return None if any(v is None for v in vals) else False


def count_range(e, a) -> tuple[int, int]:
    """(lo, hi): participants that surely match, and that may match (unknown fields)."""
    sure, maybe, lo, hi = set(), set(), 0, 0
    for q in a["_participants"]:
        ok = True if e.filter is None else value(e.filter, a, q)
        if ok is False:
            continue
        if e.distinct:
            v = q.get(e.distinct)
            if v is not None:
                (sure if ok is True else maybe).add(v)
            else:
                maybe.add(id(q))            # the field is unknown: it may be one more value
        else:
            lo += ok is True
            hi += 1
    if e.distinct:
        return len(sure), len(sure | maybe)
    return lo, hi


def _count(e, a, p):
    lo, hi = count_range(e, a)
    return lo if lo == hi else None


def _every(e, a, p):
    vals = []
    for q in a["_participants"]:
        f = True if e.filter is None else value(e.filter, a, q)
        if f is False:
            continue
        c = value(e.cond, a, q)
        vals.append(c if f is True else (True if c is True else None))
    return _kleene_and(vals)


def _cmp(e, a, p):
    if isinstance(e.left, m.Count) or isinstance(e.right, m.Count):
        return _count_cmp(e, a, p)
    x, y = value(e.left, a, p), value(e.right, a, p)
    if x is None or y is None:
        return None
    x, y = _scale(e.left, x), _scale(e.right, y)
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y, "=": x == y, "!=": x != y}[e.op]


_OPS = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y, "=": lambda x, y: x == y, "!=": lambda x, y: x != y}


def _count_cmp(e, a, p):
    if isinstance(e.left, m.Count):
        (lo, hi), y, op = count_range(e.left, a), value(e.right, a, p), e.op
    else:
        flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
        (lo, hi), y, op = count_range(e.right, a), value(e.left, a, p), flip[e.op]
    if y is None:
        return None
    results = {_OPS[op](k, y) for k in range(lo, hi + 1)}
    return results.pop() if len(results) == 1 else None


def _scale(e, v):
    return v * 100 if e.type == "ratio" else v


def _arith(e, a, p):
    x, y = value(e.left, a, p), value(e.right, a, p)
    if x is None or y is None:
        return None
    if e.op == "+":
        return x + y
    if e.op == "-":
        return x - y
    if e.op == "*":
        return x * y
    return None if y == 0 else Fraction(x) / Fraction(y)


def _member(e, a, p):
    x = value(e.item, a, p)
    if x is None:
        return None
    r = (not e.values.isdisjoint(x)) if e.item.type == "tags" else (x in e.values)
    return (not r) if e.negated else r


def _between(e, a, p):
    x, lo, hi = value(e.item, a, p), value(e.low, a, p), value(e.high, a, p)
    if x is None or lo is None or hi is None:
        return None
    return lo <= x <= hi


def _agg(e, a, p):
    src = a.get(e.key)
    if not src:
        return None
    vals = [s[2] for s in src] if e.key == "savings" else list(src.values())
    return {"sum": sum, "max": max, "min": min}[e.fn](vals)


def _implies(e, a, p):
    c, t = value(e.cond, a, p), value(e.then, a, p)
    return _kleene_or([None if c is None else (not c), t])


_EVAL = {
    "Const": lambda e, a, p: e.value,
    "Fact": lambda e, a, p: a.get(e.key),
    "PField": lambda e, a, p: p.get(e.key),
    "ApplicantField": lambda e, a, p: None if a["_applicant"] is None else a["_applicant"].get(e.key),
    "And": lambda e, a, p: _kleene_and([value(i, a, p) for i in e.items]),
    "Or": lambda e, a, p: _kleene_or([value(i, a, p) for i in e.items]),
    "Not": lambda e, a, p: (lambda v: None if v is None else not v)(value(e.item, a, p)),
    "Implies": _implies,
    "Cmp": _cmp,
    "Between": _between,
    "Member": _member,
    "Arith": _arith,
    "Neg": lambda e, a, p: (lambda v: None if v is None else -v)(value(e.item, a, p)),
    "ShareOf": lambda e, a, p: (lambda v: None if v is None else v * e.share)(value(e.base, a, p)),
    "Count": _count,
    "Every": _every,
    "Agg": _agg,
    "PartPresent": lambda e, a, p: e.key in a["_parts"],
    "Dated": lambda e, a, p: m.dated_value(e.periods, a.get("_on") or a.get("start")),
    "DatePart": lambda e, a, p: date_part(e, value(e.item, a, p)),
    "WithinRound": lambda e, a, p: (lambda x: None if x is None else any(r.open_on(x) for r in e.rounds))(
        value(e.item, a, p)),
    "InForce": lambda e, a, p: in_force_value(e, a.get("_on")),
    "RegisterValue": lambda e, a, p: a.get(e.key),
}


def date_part(e, x):
    if x is None:
        return None
    return {"year": x.year, "month": x.month, "day": x.day, "weekday": x.isoweekday(),
            "monthday": (x.month, x.day)}[e.part]


def in_force_value(e, on) -> bool:
    """Whether the date used ``on`` is inside the validity, and nothing is paused or closed."""
    if e.status is not None:
        return False
    return m.in_force(e.valid_from, e.valid_to, on)


def outcome(rule: m.Rule, a: dict, on: datetime.date | None) -> int:
    """0 pass, 1 fail, 2 undecided, 3 not in force, 4 paused or closed (same as the generated code)."""
    if on is not None and ((rule.valid_from and on < rule.valid_from) or (rule.valid_to and on > rule.valid_to)):
        return 3
    if getattr(rule, "status", None) is not None:
        return 4
    if isinstance(rule.expr, m.InForce):
        if rule.expr.status is not None and on is None and (rule.valid_from or rule.valid_to):
            return 2                    # a block paused or closed for a time, and no date to place it
        return 3 if in_force_value(rule.expr, on) else 1
    if rule.strength in ("part", "supplied"):
        present = 0 if rule.strength == "supplied" or rule.part in a["_parts"] else 1
        if rule.expr is None:
            return present
        c = value(rule.expr, a)
        return 2 if c is None else (present if c else 0)
    v = value(rule.expr, a)
    return 0 if v is True else (1 if v is False else 2)
