"""Whether a condition holds whatever the application says: :func:`truth` (for SIR502, SIR503)."""

from __future__ import annotations

from ...language.i18n import later
from ...language import model as m
from .intervals import _ALL, _constraint, _covers, _domain, _fold_cmp, _impossible, _inside, _meet
from .reading import _quote


def truth(e: m.Expr) -> tuple[bool | None, str]:
    """Whether a condition holds whatever the application says: (True/False, why) or (None, "").

    >>> import sirules
    >>> g = sirules.load_text('riktlinje "R"\\nska r: belopp <= 1 mnkr och belopp > 2 mnkr\\n').model
    >>> truth(g.rules[0].expr)
    (False, '`belopp <= 1 mnkr` and `belopp > 2 mnkr` cannot both hold')
    """
    if isinstance(e, m.Const) and e.type == "bool":
        return e.value, ""
    if isinstance(e, m.Cmp):
        return _truth_cmp(e)
    if isinstance(e, m.Between):
        if all(isinstance(x, m.Const) for x in (e.item, e.low, e.high)):
            v = _fold_cmp("<=", e.low.value, e.item.value) and _fold_cmp("<=", e.item.value, e.high.value)
            return bool(v), later("{text} compares fixed values", text=_quote(e.text))
        return None, ""
    if isinstance(e, m.Not):
        v, why = truth(e.item)
        return (None if v is None else not v), why
    if isinstance(e, (m.And, m.Or)):
        return _truth_junction(e)
    if isinstance(e, m.Implies):
        return _truth_implies(e)
    if isinstance(e, m.Every):
        return _truth_every(e)
    return None, ""


def _truth_cmp(e: m.Cmp) -> tuple[bool | None, str]:
    """A comparison of fixed values, of an expression with itself, or of a count with what it cannot be."""
    if isinstance(e.left, m.Const) and isinstance(e.right, m.Const):
        v = _fold_cmp(e.op, e.left.value, e.right.value)
        if v is not None:
            return v, later("{text} compares two fixed values", text=_quote(e.text))
    elif e.left == e.right and e.op in ("<", "<=", ">", ">=", "=", "!="):
        return e.op in ("<=", ">=", "="), later("{text} compares {left} with itself", text=_quote(e.text), left=_quote(e.left.text))
    c = _constraint(e)
    if c is not None and isinstance(c[0], m.Count):
        dom = _domain(c[0])
        met = _meet(dom, c[1])
        if met is None:
            return False, later("{text}: {count} is never below 0", text=_quote(e.text), count=_quote(c[0].text))
        if dom != _ALL and _inside(dom, c[1]):
            return True, later("{text}: {count} is never below 0", text=_quote(e.text), count=_quote(c[0].text))
    return None, ""


def _truth_implies(e: m.Implies) -> tuple[bool | None, str]:
    c, why_c = truth(e.cond)
    t, why_t = truth(e.then)
    if c is False:
        return True, why_c
    if t is True:
        return True, why_t
    if c is True and t is False:
        return False, why_t
    a, b = _constraint(e.cond), _constraint(e.then)
    if a and b and a[0] == b[0] and _inside(a[1], b[1]):
        return True, later("{a} already means {b}", a=_quote(a[2]), b=_quote(b[2]))
    return None, ""


def _truth_every(e: m.Every) -> tuple[bool | None, str]:
    v, why = truth(e.cond)
    if v is True:
        return True, why
    if e.filter is not None:
        f, why_f = truth(e.filter)
        if f is False:
            return True, why_f
    return None, ""


def _truth_junction(e: m.And | m.Or):
    """``and`` and ``or``, mirror images of each other: ``decisive`` is the value one item decides
    the whole with (False for ``and``, True for ``or``). The bounds the items put on one expression
    are combined as they come: an ``and`` whose bounds leave no value can never hold, an ``or``
    whose bounds leave no value out always holds."""
    decisive = isinstance(e, m.Or)
    for item in e.items:
        if m.Not(type="bool", item=item) in e.items:
            return decisive, (later("{text} or its negation always holds", text=_quote(item.text)) if decisive
                              else later("{text} and its negation cannot both hold", text=_quote(item.text)))
    undecided = False
    bounds: dict = {}            # term -> (or: its bounds; and: the values they leave), their texts
    add = _add_or_bound if decisive else _add_and_bound
    for item in e.items:
        v, why = truth(item)
        if v is decisive:
            return decisive, why
        if v is None:
            undecided = True
        c = _constraint(item)
        if c is None:
            continue
        why = add(bounds, *c)
        if why:
            return decisive, why
    return (None, "") if undecided else (not decisive, "")


def _add_or_bound(bounds: dict, term, iv, text) -> str:
    """Adds an item's bound on ``term`` to an ``or``: why it always holds when the bounds now cover
    every value, else ""."""
    ivs, texts = bounds.setdefault(term, ([], []))
    ivs.append(iv)
    texts.append(text)
    universe = frozenset([True, False]) if getattr(term, "type", None) == "bool" else None
    if _covers(ivs + _impossible(_domain(term)), universe):
        items = _quote(texts[0])
        for t in texts[1:]:                 # nested: each "or" is translated where the reason is shown
            items = later("{a} or {b}", a=items, b=_quote(t))
        return later("{items} covers every value", items=items)
    return ""


def _add_and_bound(bounds: dict, term, iv, text) -> str:
    """Adds an item's bound on ``term`` to an ``and``: why it can never hold when the bounds now
    leave no value, else ""."""
    if term in bounds:
        met, texts = bounds[term]
        met = _meet(met, iv)
    else:
        dom = _domain(term)
        met, texts = (iv if dom == _ALL else _meet(dom, iv)), []
    texts.append(text)
    bounds[term] = (met, texts)
    if met is None:
        a, b = ([""] + [_quote(t) for t in texts[-2:]])[-2:]
        return later("{a} and {b} cannot both hold", a=a, b=b) if a else later("{b} cannot hold", b=b)
    return ""
