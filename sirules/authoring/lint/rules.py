"""The checks of rules' conditions: SIR502, SIR503 (conditions that cannot hold or cannot fail)
and SIR504 (should-rules that repeat must-rules)."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language import model as m
from ...language import nodes as n
from ...language.diagnostics import Diagnostic, warning
from .holds import truth
from .reading import Subject, subject  # noqa: F401  (subject: the doctests)
from .validity import _overlap


# ---- SIR502, SIR503: conditions that cannot fail or cannot hold ---------------------------

_LITERAL = (n.Bool,)


def check_fixed_conditions(s: Subject) -> Iterator[Diagnostic]:
    """A rule (or a part of its condition) that can never pass or can never fail.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska a: belopp <= 1 mnkr och belopp > 2 mnkr\\n'
    ...             'ska b: om belopp > 2 mnkr så belopp > 1 mnkr\\n'
    ...             'ska c: ny_metod är ja eller (längd > 3 år och längd < 1 år)\\n')
    >>> [(d.code, d.message) for d in check_fixed_conditions(s)]  # doctest: +NORMALIZE_WHITESPACE
    [('SIR502', 'rule "a" can never pass: `belopp <= 1 mnkr` and `belopp > 2 mnkr` cannot both hold'),
     ('SIR503', 'rule "b" can never fail: `belopp > 2 mnkr` already means `belopp > 1 mnkr`'),
     ('SIR502', 'part of rule "c" can never hold: `längd > 3 år` and `längd < 1 år` cannot both hold')]
    """
    nodes = s.rule_nodes()
    for k, rule in enumerate(s.model.rules):
        node = nodes.get(k)
        if node is None or rule.expr is None:
            continue
        v, why = truth(rule.expr)
        if v is False:
            yield warning("SIR502", later('rule "{id}" can never pass: {why}', id=rule.id, why=why), node.expr.span,
                          _never_pass_hint(rule.strength))
        elif v is True and not isinstance(node.expr, n.Bool):
            yield warning("SIR503", later('rule "{id}" can never fail: {why}', id=rule.id, why=why), node.expr.span,
                          _never_fail_hint(rule.strength))
        else:
            for sub, expr, value in _fixed_subconditions(node.expr, rule.expr):
                _, why = truth(expr)
                if value is False:
                    yield warning("SIR502", later('part of rule "{id}" can never hold: {why}', id=rule.id, why=why),
                                  sub.span,
                                  later("check the values and the comparisons; as written this part is always no"))
                else:
                    yield warning("SIR503", later('part of rule "{id}" always holds: {why}', id=rule.id, why=why),
                                  sub.span,
                                  later("check the values and the comparisons; as written this part is always yes"))


def _fixed_subconditions(node, expr) -> Iterator[tuple]:
    """The outermost proper sub-conditions with a fixed value."""
    children = list(_children(node, expr))
    for a, b in children:
        v, _ = truth(b)
        if v is not None and not isinstance(a, _LITERAL):
            yield a, b, v
        else:
            yield from _fixed_subconditions(a, b)


def _children(node, expr):
    if isinstance(node, (n.And, n.Or)) and isinstance(expr, (m.And, m.Or)) and len(node.items) == len(expr.items):
        return zip(node.items, expr.items)
    if isinstance(node, n.Not) and isinstance(expr, m.Not):
        return [(node.item, expr.item)]
    if isinstance(node, n.IfThen) and isinstance(expr, m.Implies):
        return [(node.cond, expr.cond), (node.then, expr.then)]
    return []


def _never_pass_hint(strength: str) -> str:
    if strength == "must":
        return later("every application is rejected or undecided by this rule; check the values and the comparisons")
    if strength == "priority":
        return later("no application ever gets this weight; check the values and the comparisons")
    return later("every application gets this warning; check the values and the comparisons")


def _never_fail_hint(strength: str) -> str:
    if strength == "priority":
        return later("every application that gives the facts gets this weight; check the values and the "
                     "comparisons")
    return later("the rule checks nothing; check the values and the comparisons, or remove the rule")


# ---- SIR504: should-rules that repeat must-rules ------------------------------------------

def check_repeated_must(s: Subject) -> Iterator[Diagnostic]:
    """A should- or priority-rule with the same condition as a must-rule (or one part of it).

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska a: ny_metod är ja och förebyggande är ja\\nbör b: förebyggande är ja\\n')
    >>> [d.message for d in check_repeated_must(s)]
    ['should-rule "b" repeats a part of must-rule "a"']

    A paused or closed must-rule is not applied, so a should-rule that says the same is no repeat:

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska a pausad: förebyggande är ja\\nbör b: förebyggande är ja\\n')
    >>> [d.message for d in check_repeated_must(s)]
    []
    """
    nodes = s.rule_nodes()
    rules = s.model.rules
    musts = [(k, r) for k, r in enumerate(rules) if r.strength == "must" and r.expr is not None and r.status is None]
    for k, r in enumerate(rules):
        if r.strength not in ("should", "priority") or r.expr is None or k not in nodes or r.status is not None:
            continue
        for j, must in musts:
            if _overlap(r.valid_from, r.valid_to, must.valid_from, must.valid_to) is None:
                continue
            same = must.expr == r.expr
            if not (same or isinstance(must.expr, m.And) and r.expr in must.expr.items):
                continue
            hint = (later('an application that fails it also fails "{must}" and is rejected anyway: remove it, '
                          "or make it ask for more", must=must.id) if r.strength == "should" else
                    later('every application not rejected by "{must}" gets this weight, so it ranks nothing: '
                          "remove it, or make it ask for more", must=must.id))
            related = ((later("the must-rule"), nodes[j].span),) if j in nodes and nodes[j].span else ()
            if r.strength == "should":
                message = (later('should-rule "{id}" repeats must-rule "{must}"', id=r.id, must=must.id) if same else
                           later('should-rule "{id}" repeats a part of must-rule "{must}"', id=r.id, must=must.id))
            else:
                message = (later('priority rule "{id}" repeats must-rule "{must}"', id=r.id, must=must.id) if same else
                           later('priority rule "{id}" repeats a part of must-rule "{must}"', id=r.id, must=must.id))
            yield warning("SIR504", message, nodes[k].span, hint, related)
            break
