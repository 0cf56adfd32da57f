"""Lint: warnings about guidelines that load but probably do not say what their author meant.

A guideline that loads has no errors; ``sirules lint`` looks further, for rules that can never
pass or never fail, constants nobody uses, versions that overlap, keywords of the wrong language
and the like. Every warning has a stable code ``SIR5xx`` (listed in
:data:`sirules.language.diagnostics.CODES`) and a hint.

Each check is a small pure function ``check_<thing>(s: Subject) -> Iterator[Diagnostic]`` over
the syntax nodes, the compiled model and the keyword tokens of one file; :data:`CHECKS` lists
them in order. :func:`lint` runs them all and drops the warnings a comment silences::

    # lint: ignore SIR505
    avsnitt 1 "Fondens syfte"

(the comment stands on the line the warning points at, or on the line above it).

>>> s = subject('riktlinje "R" gäller från 2020-01-01\\nkonstant tak = 1 mnkr\\n')
>>> [str(d) for d in lint(s)]
['<text>:2:1: warning[SIR501]: constant "tak" is never used']
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from fractions import Fraction

import attrs

from ..language import keywords
from ..language import model as m
from ..language import nodes as n
from ..language import vocabulary as voc
from ..language.diagnostics import Diagnostic, warning
from ..language.source import SourceFile, Span


@attrs.frozen
class Keyword:
    """A keyword as written in the file: ``word`` is a spelling of keyword ``name``."""
    word: str
    name: str
    span: Span


@attrs.frozen
class Subject:
    """What the checks look at: one guideline as text, as syntax nodes and as a model."""
    source: SourceFile
    nodes: n.Guideline
    model: m.Guideline
    keywords: tuple[Keyword, ...] = ()

    def rule_nodes(self) -> dict[int, n.Rule]:
        """Model rule index -> its syntax node (must, should and priority rules)."""
        written = [r for r in self.model.rules if r.strength in ("must", "should", "priority")]
        syntax = [i for i in self.nodes.items if isinstance(i, n.Rule)]
        index = {id(r): k for k, r in enumerate(self.model.rules)}
        return {index[id(r)]: node for r, node in zip(written, syntax)}


def subject(text: str, path: str = "<text>") -> Subject:
    """Parse, build and analyse ``text``; raises SirulesError when it does not load."""
    return from_source(SourceFile(path, text.replace("\r\n", "\n")))


def from_source(source: SourceFile) -> Subject:
    from lark import Token

    from ..language import analyse, build, syntax
    tree, comments = syntax.parse(source)
    g = build.from_tree(tree, source, syntax.detect_language(source.text), comments)
    model = analyse.from_nodes(g, source)
    found = []
    for tok in tree.scan_values(lambda t: isinstance(t, Token) and t.type.startswith("KW_")):
        found.append(Keyword(" ".join(str(tok).split()), tok.type[3:],
                             Span(source.path, tok.line, tok.column, tok.end_line, tok.end_column)))
    found.sort(key=lambda k: (k.span.line, k.span.column))
    return Subject(source, g, model, tuple(found))


def read(path: str) -> Subject:
    from ..engine.pipeline import read_source
    return from_source(read_source(path))


def lint(s: Subject, ignore: frozenset | set | tuple = ()) -> tuple[Diagnostic, ...]:
    """Every warning of every check, in file order, without those silenced or ignored."""
    silenced = _silenced(s.nodes.comments)
    out = []
    for check in CHECKS:
        for d in check(s):
            if d.code in ignore:
                continue
            line = d.span.line if d.span else 0
            if d.code in silenced.get(line, ()) or d.code in silenced.get(line - 1, ()):
                continue
            out.append(d._replace(section=d.section or _section_at(s, line)))
    out.sort(key=lambda d: (d.span.line if d.span else 0, d.span.column if d.span else 0, d.code))
    return tuple(out)


_IGNORE = re.compile(r"#\s*lint\s*:\s*ignore\b(.*)", re.IGNORECASE)


def _silenced(comments) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for line, _col, text in comments:
        mt = _IGNORE.match(text)
        if mt:
            out.setdefault(line, set()).update(c.upper() for c in re.findall(r"SIR\d{3}", mt.group(1), re.IGNORECASE))
    return out


def _section_at(s: Subject, line: int) -> str | None:
    current = None
    for sec in s.model.sections:
        if sec.line <= line:
            current = sec
    if current is None:
        return None
    return f"§ {current.number} {current.heading}" if current.heading else f"§ {current.number}"


# ---- helpers ------------------------------------------------------------------------------

def _walk(node) -> Iterator:
    """Every syntax node under ``node`` (itself included), without recursion."""
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, tuple):
            stack.extend(reversed(x))
        elif isinstance(x, n.Node):
            yield x
            for f in reversed(attrs.fields(type(x))):
                if f.name not in ("span", "comments"):
                    stack.append(getattr(x, f.name))


def _walk_expr(e) -> Iterator[m.Expr]:
    """Every model expression under ``e`` (itself included)."""
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, tuple):
            stack.extend(x)
        elif isinstance(x, m.Expr):
            yield x
            for f in attrs.fields(type(x)):
                v = getattr(x, f.name)
                if isinstance(v, (m.Expr, tuple)):
                    stack.append(v)


def _word(name: str, lang: str) -> str:
    return keywords.spelling(name, lang)


def _quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"`{text if len(text) <= width else text[:width - 1] + '…'}`"


def _overlap(a_from, a_to, b_from, b_to):
    """The common part of two validity ranges as (from, to), or None when they do not meet."""
    lo = max((d for d in (a_from, b_from) if d is not None), default=None)
    hi = min((d for d in (a_to, b_to) if d is not None), default=None)
    if lo is not None and hi is not None and hi < lo:
        return None
    return lo, hi


def _range_text(lo, hi, lang: str) -> str:
    if lo is None and hi is None:
        return "alltid" if lang == "sv" else "always"
    parts = []
    if lo is not None:
        parts.append(("från " if lang == "sv" else "from ") + lo.isoformat())
    if hi is not None:
        parts.append(("till " if lang == "sv" else "to ") + hi.isoformat())
    return " ".join(parts)


# ---- SIR501: constants -------------------------------------------------------------------

def check_unused_constants(s: Subject) -> Iterator[Diagnostic]:
    """A constant that no rule, setting or used constant refers to.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'konstant tak = 2 * halva\\nkonstant halva = 1 mnkr\\nkonstant gräns = 5 mnkr\\n'
    ...             'ska r: belopp <= gräns\\n')
    >>> [d.message for d in check_unused_constants(s)]
    ['constant "tak" is never used', 'constant "halva" is never used']
    """
    constants = {i.name: i for i in s.nodes.items if isinstance(i, n.Constant)}
    if not constants:
        return
    refs = {name: {x.id for x in _walk(c.value) if isinstance(x, n.Name)} for name, c in constants.items()}
    used: set[str] = set()
    roots = [i for i in s.nodes.items if not isinstance(i, n.Constant)] + list(s.nodes.settings)
    stack = [x.id for root in roots for x in _walk(root) if isinstance(x, n.Name) and x.id in constants]
    while stack:
        name = stack.pop()
        if name not in used:
            used.add(name)
            stack.extend(r for r in refs[name] if r in constants)
    for name, c in constants.items():
        if name in used:
            continue
        users = [other for other in constants if other != name and name in refs[other]]
        hint = (f'only the unused constant "{users[0]}" refers to it' if users else
                "use it in a rule, or remove it")
        yield warning("SIR501", f'constant "{name}" is never used', c.span, hint)


# ---- SIR502, SIR503: conditions that cannot fail or cannot hold ---------------------------

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
        if isinstance(e.left, m.Const) and isinstance(e.right, m.Const):
            v = _fold_cmp(e.op, e.left.value, e.right.value)
            if v is not None:
                return v, f"{_quote(e.text)} compares two fixed values"
        elif e.left == e.right and e.op in ("<", "<=", ">", ">=", "=", "!="):
            return e.op in ("<=", ">=", "="), f"{_quote(e.text)} compares {_quote(e.left.text)} with itself"
        c = _constraint(e)
        if c is not None and isinstance(c[0], m.Count):
            dom = _domain(c[0])
            met = _meet(dom, c[1])
            if met is None:
                return False, f"{_quote(e.text)}: {_quote(c[0].text)} is never below 0"
            if dom != _ALL and _inside(dom, c[1]):
                return True, f"{_quote(e.text)}: {_quote(c[0].text)} is never below 0"
        return None, ""
    if isinstance(e, m.Between):
        if all(isinstance(x, m.Const) for x in (e.item, e.low, e.high)):
            v = _fold_cmp("<=", e.low.value, e.item.value) and _fold_cmp("<=", e.item.value, e.high.value)
            return bool(v), f"{_quote(e.text)} compares fixed values"
        return None, ""
    if isinstance(e, m.Not):
        v, why = truth(e.item)
        return (None if v is None else not v), why
    if isinstance(e, (m.And, m.Or)):
        return _truth_junction(e)
    if isinstance(e, m.Implies):
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
            return True, f"{_quote(a[2])} already means {_quote(b[2])}"
        return None, ""
    if isinstance(e, m.Every):
        v, why = truth(e.cond)
        if v is True:
            return True, why
        if e.filter is not None:
            f, why_f = truth(e.filter)
            if f is False:
                return True, why_f
        return None, ""
    return None, ""


def _truth_junction(e: m.And | m.Or):
    """``and`` and ``or``, mirror images of each other: ``decisive`` is the value one item decides
    the whole with (False for ``and``, True for ``or``). The bounds the items put on one expression
    are combined as they come: an ``and`` whose bounds leave no value can never hold, an ``or``
    whose bounds leave no value out always holds."""
    decisive = isinstance(e, m.Or)
    for item in e.items:
        if m.Not(type="bool", item=item) in e.items:
            return decisive, _quote(item.text) + (" or its negation always holds" if decisive
                                                  else " and its negation cannot both hold")
    undecided = False
    bounds: dict = {}            # term -> (or: its bounds; and: the values they leave), their texts
    for item in e.items:
        v, why = truth(item)
        if v is decisive:
            return decisive, why
        if v is None:
            undecided = True
        c = _constraint(item)
        if c is None:
            continue
        term, iv, text = c
        if decisive:
            ivs, texts = bounds.setdefault(term, ([], []))
            ivs.append(iv)
            texts.append(text)
            universe = frozenset([True, False]) if getattr(term, "type", None) == "bool" else None
            if _covers(ivs + _impossible(_domain(term)), universe):
                return True, " or ".join(_quote(t) for t in texts) + " covers every value"
        else:
            if term in bounds:
                met, texts = bounds[term]
                met = _meet(met, iv)
            else:
                dom = _domain(term)
                met, texts = (iv if dom == _ALL else _meet(dom, iv)), []
            texts.append(text)
            bounds[term] = (met, texts)
            if met is None:
                return False, " and ".join(_quote(t) for t in texts[-2:]) + " cannot both hold"
    return (None, "") if undecided else (not decisive, "")


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
            yield warning("SIR502", f'rule "{rule.id}" can never pass: {why}', node.expr.span,
                          _never_pass_hint(rule.strength))
        elif v is True and not isinstance(node.expr, n.Bool):
            yield warning("SIR503", f'rule "{rule.id}" can never fail: {why}', node.expr.span,
                          _never_fail_hint(rule.strength))
        else:
            for sub, expr, value in _fixed_subconditions(node.expr, rule.expr):
                _, why = truth(expr)
                if value is False:
                    yield warning("SIR502", f'part of rule "{rule.id}" can never hold: {why}', sub.span,
                                  "check the values and the comparisons; as written this part is always no")
                else:
                    yield warning("SIR503", f'part of rule "{rule.id}" always holds: {why}', sub.span,
                                  "check the values and the comparisons; as written this part is always yes")


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
        return "every application is rejected or undecided by this rule; check the values and the comparisons"
    if strength == "priority":
        return "no application ever gets this weight; check the values and the comparisons"
    return "every application gets this warning; check the values and the comparisons"


def _never_fail_hint(strength: str) -> str:
    if strength == "priority":
        return "every application that gives the facts gets this weight; check the values and the comparisons"
    return "the rule checks nothing; check the values and the comparisons, or remove the rule"


# ---- SIR504: should-rules that repeat must-rules ------------------------------------------

def check_repeated_must(s: Subject) -> Iterator[Diagnostic]:
    """A should- or priority-rule with the same condition as a must-rule (or one part of it).

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska a: ny_metod är ja och förebyggande är ja\\nbör b: förebyggande är ja\\n')
    >>> [d.message for d in check_repeated_must(s)]
    ['should-rule "b" repeats a part of must-rule "a"']
    """
    nodes = s.rule_nodes()
    rules = s.model.rules
    musts = [(k, r) for k, r in enumerate(rules) if r.strength == "must" and r.expr is not None]
    for k, r in enumerate(rules):
        if r.strength not in ("should", "priority") or r.expr is None or k not in nodes:
            continue
        for j, must in musts:
            if _overlap(r.valid_from, r.valid_to, must.valid_from, must.valid_to) is None:
                continue
            same = must.expr == r.expr
            if not (same or isinstance(must.expr, m.And) and r.expr in must.expr.items):
                continue
            word = "should-rule" if r.strength == "should" else "priority rule"
            hint = (f'an application that fails it also fails "{must.id}" and is rejected anyway: remove it, '
                    "or make it ask for more" if r.strength == "should" else
                    f'every application not rejected by "{must.id}" gets this weight, so it ranks nothing: '
                    "remove it, or make it ask for more")
            related = (("the must-rule", nodes[j].span),) if j in nodes and nodes[j].span else ()
            what = "must-rule" if same else "a part of must-rule"
            yield warning("SIR504", f'{word} "{r.id}" repeats {what} "{must.id}"', nodes[k].span, hint, related)
            break


# ---- SIR505: sections without rules --------------------------------------------------------

_CONTENT = (n.Rule, n.Parts, n.Block)


def check_empty_sections(s: Subject) -> Iterator[Diagnostic]:
    """A section with no rule, no parts and no block of settings before the next section.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\navsnitt 1 "Syfte"\\n'
    ...             'avsnitt 2 "Krav"\\nska r: förebyggande är ja\\n')
    >>> [d.message for d in check_empty_sections(s)]
    ['section 1 "Syfte" has no rules']
    """
    items = s.nodes.items
    for i, item in enumerate(items):
        if not isinstance(item, n.Section):
            continue
        rest = []
        for other in items[i + 1:]:
            if isinstance(other, n.Section):
                break
            rest.append(other)
        if any(isinstance(x, _CONTENT) for x in rest):
            continue
        heading = f' "{item.heading}"' if item.heading else ""
        has_wording = bool(item.settings)
        hint = ("nothing in it is checked: encode what it asks for, or put `# lint: ignore SIR505` above it "
                "if it only describes" if has_wording else
                "add its rules or its wording, or remove the heading")
        yield warning("SIR505", f"section {item.number}{heading} has no rules", item.span, hint)


# ---- SIR506: validity of the guideline ----------------------------------------------------------

def check_validity(s: Subject) -> Iterator[Diagnostic]:
    """A guideline without a date from which it is in force.

    >>> s = subject('riktlinje "R"\\nska r: förebyggande är ja\\n')
    >>> [d.message for d in check_validity(s)]
    ['the guideline has no validity dates']
    """
    v = s.nodes.validity
    lang = s.nodes.lang
    example = ('riktlinje "…" gäller från 2020-01-21' if lang == "sv" else 'guideline "…" valid from 2020-01-21')
    if v is None or (v.start is None and v.end is None):
        yield warning("SIR506", "the guideline has no validity dates", s.nodes.span,
                      f"add the date it applies from, e.g. {example}; `sirules check` then knows "
                      "when it applies")
    elif v.start is None:
        yield warning("SIR506", "the guideline has an end date but no start date", v.span,
                      f"add the date it applies from, e.g. {example}")


# ---- SIR507: repayment without a risk bearer -------------------------------------------------

def check_repayment_risk(s: Subject) -> Iterator[Diagnostic]:
    """A repayment block (other than model none) with no risk block saying who bears a shortfall.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\nåterbetalning\\n  modell: återföring\\n')
    >>> [d.message for d in check_repayment_risk(s)]
    ['repayment is required but no risk block says who carries a shortfall']
    """
    blocks = [b for b in s.nodes.items if isinstance(b, n.Block)]
    models = [b for b in s.model.blocks]
    pairs = list(zip(blocks, models))
    risks = [mb for _, mb in pairs if mb.kind == "risk"]
    lang = s.nodes.lang
    for node, b in pairs:
        if b.kind != "repayment" or b.get("model") == "none":
            continue
        if any(_overlap(b.valid_from, b.valid_to, r.valid_from, r.valid_to) is not None for r in risks):
            continue
        when = "" if b.valid_from is None and b.valid_to is None else \
            f" ({_range_text(b.valid_from, b.valid_to, 'en')})"
        example = "`risk` with `bärare: central`" if lang == "sv" else "`risk` with `bearer: central`"
        yield warning("SIR507", f"repayment is required{when} but no risk block says who carries a shortfall",
                      node.span, f"add a risk block, e.g. {example}; without one, `sirules obligations` "
                      "leaves shortfalls open")


# ---- SIR508, SIR509: parts ----------------------------------------------------------------------

def _used_parts(s: Subject) -> dict[str, Span | None]:
    """Part name as written -> where it is first asked for (parts lines and ``part X present``)."""
    out: dict[str, Span | None] = {}
    for item in s.nodes.items:
        if isinstance(item, n.Parts):
            for line in item.lines:
                for name in line.names:
                    out.setdefault(name, line.span)
        for x in _walk(item):
            if isinstance(x, n.PartPresent):
                out.setdefault(x.part, x.span)
    return out


def check_part_descriptions(s: Subject) -> Iterator[Diagnostic]:
    """A part of the guideline's own that is asked for but has no description.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\ndel plan_b\\ndelar\\n  krävs plan_b\\n')
    >>> [d.message for d in check_part_descriptions(s)]
    ['part "plan_b" has no description']
    """
    used = _used_parts(s)
    for item in s.nodes.items:
        if isinstance(item, n.PartDecl) and item.label is None and item.name not in voc.PART_INDEX \
                and item.name in used:
            example = f'del {item.name} "…"' if s.nodes.lang == "sv" else f'part {item.name} "…"'
            yield warning("SIR508", f'part "{item.name}" has no description', item.span,
                          f"say what the applicant hands in, e.g. {example}; verdicts and `sirules template` "
                          "show the text")


def check_unused_parts(s: Subject) -> Iterator[Diagnostic]:
    """A part that is described but never required, optional, supplied or tested.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\ndel plan_b "Plan B"\\n')
    >>> [d.message for d in check_unused_parts(s)]
    ['part "plan_b" is described but never asked for']
    """
    used = _used_parts(s)
    keys = {voc.PART_INDEX[name].key if name in voc.PART_INDEX else name for name in used}
    for item in s.nodes.items:
        if isinstance(item, n.PartDecl):
            key = voc.PART_INDEX[item.name].key if item.name in voc.PART_INDEX else item.name
            if key not in keys:
                lang = s.nodes.lang
                hint = (f"list it under {_word('PARTS', lang)} ({_word('REQUIRED', lang)}, "
                        f"{_word('OPTIONAL', lang)} or {_word('SUPPLIED', lang)}), or remove the description")
                yield warning("SIR509", f'part "{item.name}" is described but never asked for', item.span, hint)


# ---- SIR510: overlapping versions ---------------------------------------------------------------

def check_overlapping_versions(s: Subject) -> Iterator[Diagnostic]:
    """Two versions of a rule, or two blocks setting the same thing, in force at the same time.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska r gäller från 2021-01-01: förebyggande är ja\\nska r: ny_metod är ja\\n')
    >>> [d.message for d in check_overlapping_versions(s)]
    ['two versions of rule "r" are in force at the same time (from 2021-01-01)']
    """
    lang = "en"
    nodes = s.rule_nodes()
    rules = list(enumerate(s.model.rules))
    for a, (i, r) in enumerate(rules):
        if i not in nodes:
            continue
        for j, other in rules[a + 1:]:
            if other.id != r.id or j not in nodes:
                continue
            both = _overlap(r.valid_from, r.valid_to, other.valid_from, other.valid_to)
            if both is None:
                continue
            if not (r.valid_from or r.valid_to or other.valid_from or other.valid_to):
                continue                       # an error already (SIR102)
            yield warning("SIR510", f'two versions of rule "{r.id}" are in force at the same time '
                          f"({_range_text(*both, lang)})", nodes[j].span,
                          "give the versions validity ranges that follow each other: end one the day "
                          "before the next starts", (("the other version", nodes[i].span),))
    blocks = [(node, b) for node, b in zip([x for x in s.nodes.items if isinstance(x, n.Block)], s.model.blocks)]
    for a, (node_a, ba) in enumerate(blocks):
        for node_b, bb in blocks[a + 1:]:
            if ba.kind != bb.kind:
                continue
            both = _overlap(ba.valid_from, ba.valid_to, bb.valid_from, bb.valid_to)
            if both is None:
                continue
            single = {st.key for st in ba.settings if not _repeats(ba.kind, st.key)}
            common = [st.key for st in bb.settings if st.key in single]
            if not common:
                continue
            keys = ", ".join(f'"{_setting_name(bb.kind, k, s.nodes.lang)}"' for k in dict.fromkeys(common))
            word = _word(bb.kind.upper(), s.nodes.lang)
            yield warning("SIR510", f'two "{word}" blocks are in force at the same time '
                          f"({_range_text(*both, lang)}) and both set {keys}", node_b.span,
                          "give the blocks validity ranges that follow each other, or set each thing in one "
                          "block only", (("the other block", node_a.span),))


def _repeats(block: str, key: str) -> bool:
    term = voc.SETTINGS.get(block, {}).get(key)
    return term is not None and term.type.endswith("*")


def _setting_name(block: str, key: str, lang: str) -> str:
    term = voc.SETTINGS.get(block, {}).get(key)
    return term.name(lang) if term else key


# ---- SIR511: one language of keywords -----------------------------------------------------------

def check_language(s: Subject) -> Iterator[Diagnostic]:
    """Keywords of the other language than the file's (the first word decides).

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\nmust r: förebyggande är ja and ny_metod är ja\\n')
    >>> [d.message for d in check_language(s)]
    ['English keywords in a guideline written in Swedish: "must", "and"']
    """
    lang = s.nodes.lang
    other = [k for k in s.keywords if _language_of(k) not in (None, lang)]
    if not other:
        return
    words = list(dict.fromkeys(k.word for k in other))
    own = ", ".join(f'"{k.word}" → "{_word(k.name, lang)}"' for k in list({k.word: k for k in other}.values())[:3])
    name = {"sv": "Swedish", "en": "English"}
    yield warning("SIR511", f"{name['en' if lang == 'sv' else 'sv']} keywords in a guideline written in "
                  f"{name[lang]}: " + ", ".join(f'"{w}"' for w in words), other[0].span,
                  f"write {own}{', …' if len(words) > 3 else ''}; `sirules fmt` rewrites them all",
                  tuple(("also here", k.span) for k in other[1:4]))


def _language_of(k: Keyword) -> str | None:
    sv, en = keywords.KEYWORDS[k.name]
    if k.word in sv and k.word in en:
        return None
    if k.word in sv:
        return "sv"
    if k.word in en:
        return "en"
    return None


#: every check, in the order their warnings are explained in the docs
CHECKS = (
    check_unused_constants,
    check_fixed_conditions,
    check_repeated_must,
    check_empty_sections,
    check_validity,
    check_repayment_risk,
    check_part_descriptions,
    check_unused_parts,
    check_overlapping_versions,
    check_language,
)
