"""From the lark parse tree to :mod:`sirules.language.nodes` (frozen, with spans)."""

from __future__ import annotations

import datetime
import re

from .i18n import later
from . import nodes as n
from .diagnostics import SirulesError, error
from .lalr import Token
from .build_dates import DateBuilder
from .build_register import RegisterBuilder
from .money import parse_number
from .source import SourceFile, Span


def from_source(source: SourceFile, lang: str) -> n.Guideline:
    """Parse and build in one pass: the parser hands each reduced rule to the builder, so no
    parse tree is made. A text with an error is parsed again by lark and built from its tree, so
    that the error reported is the one the tree path reports (a syntax error anywhere in the file
    before a bad number or date)."""
    from . import syntax
    builder = _Builder(source, lang)
    try:
        done = syntax.parse_building(source, builder.reduce)
    except _TooLarge:                # a limit: the same on the tree path, which is far slower to get there
        raise
    except SirulesError:             # a bad literal: the tree path reports it, or a syntax error after it
        done = None
    if done is None:
        tree, comments = syntax.parse(source)
        return _with_comments(builder.walk(tree), comments)
    built, comments = done
    return _with_comments(built.value, comments)


def from_tree(tree, source: SourceFile, lang: str, comments: tuple) -> n.Guideline:
    """Build from a parse tree that is already there."""
    return _with_comments(_Builder(source, lang).walk(tree), comments)


def _with_comments(g: n.Guideline, comments: tuple) -> n.Guideline:
    return n.Guideline(lang=g.lang, title=g.title, validity=g.validity, settings=g.settings,
                       items=g.items, comments=comments, span=g.span)


def _kw(tok) -> str:
    """Keyword terminal name without KW_ (``MUST``)."""
    return tok.type[3:]


def _unquote(raw: str) -> tuple[str, bool]:
    if raw.startswith('"""'):
        body, triple = raw[3:-3], True
    else:
        body, triple = raw[1:-1], False
    if "\\" not in body:
        return body, triple
    # split, not a function per escape: a text of a million escaped quotes took seconds
    parts = _ESCAPE.split(body)
    parts[1::2] = list("".join(parts[1::2]).translate(_ESCAPES))     # each escaped character, one each
    return "".join(parts), triple


_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {ord("n"): "\n", ord("t"): "\t"}


class _Built:
    """What the builder made of a rule, and the position it spans (line, column, end line, end column)."""
    __slots__ = ("value", "pos")

    def __init__(self, value, pos):
        self.value = value
        self.pos = pos


class _Builder(DateBuilder, RegisterBuilder):
    """One method per grammar rule, called with (position, children) by :meth:`reduce` (as the
    parser reduces the rule) or by :meth:`walk` (over a finished tree). A position is worked out
    from the tokens (cheaper than lark's propagate_positions): a node spans its first and last
    token; it is None for a rule that matched no token."""

    def __init__(self, source: SourceFile, lang: str):
        self.source = source
        self.lang = lang
        self._methods: dict = {}

    def reduce(self, rule: str, children: list) -> _Built:
        # the list is the parser's own copy: the built values replace their wrappers in place
        first = last = None                     # the first and the last child with a position
        for i, c in enumerate(children):
            if type(c) is _Built:
                children[i] = c.value
                if c.pos is None:
                    continue
            if first is None:
                first = c
            last = c
        if first is None:
            pos = None
        else:
            start = first.pos[:2] if type(first) is _Built else (first.line, first.column)
            end = last.pos[2:] if type(last) is _Built else (last.end_line, last.end_column)
            pos = start + end
        method = self._methods.get(rule)
        if method is None:
            method = self._methods[rule] = getattr(self, rule)
        return _Built(method(pos, children), pos)

    def walk(self, tree):
        """Bottom-up over a parse tree, without recursion (deeply nested expressions stay safe)."""
        methods = self._methods
        stack = [(tree, False)]
        results: list = []
        spans: list = []
        while stack:
            node, done = stack.pop()
            if isinstance(node, str):                   # a token of lark's
                node = Token.of(node)
                results.append(node)
                spans.append((node.line, node.column, node.end_line, node.end_column))
            elif done:
                k = len(node.children)
                if k:
                    children = results[len(results) - k:]
                    del results[len(results) - k:]
                    kids = spans[len(spans) - k:]
                    del spans[len(spans) - k:]
                    first = next((x for x in kids if x is not None), None)
                    last = next((x for x in reversed(kids) if x is not None), None)
                    pos = (first[0], first[1], last[2], last[3]) if first else None
                else:
                    children, pos = [], None
                name = str(node.data)
                method = methods.get(name)
                if method is None:
                    method = methods[name] = getattr(self, name)
                results.append(method(pos, children))
                spans.append(pos)
            else:
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(node.children))
        return results[0]

    def _span(self, pos) -> Span | None:
        return None if pos is None else Span(self.source.path, *pos)

    def _tok_span(self, tok: Token) -> Span:
        return Span(self.source.path, tok.line, tok.column, tok.end_line, tok.end_column)

    @staticmethod
    def _plain(children):
        return [c for c in children if not (isinstance(c, Token) and c.type.startswith("KW_"))]

    # ---- top level --------------------------------------------------------------
    def guideline(self, meta, children):
        head, *items = children
        title, validity, settings, span = head
        return n.Guideline(lang=self.lang, title=title, validity=validity, settings=settings,
                           items=tuple(items), span=span)

    def head(self, meta, children):
        c = self._plain(children)
        title = _unquote(c[0])[0]
        validity = next((x for x in c if isinstance(x, n.Validity)), None)
        kw, title_tok = children[0], c[0]
        end = validity.span if validity is not None and validity.span else self._tok_span(title_tok)
        span = Span(self.source.path, kw.line, kw.column, end.end_line, end.end_column)
        return title, validity, self._pots(c[-1], None)[0], span

    def section(self, meta, children):
        c = self._plain(children)
        number = str(c[0])
        heading = _unquote(c[1])[0] if len(c) > 2 else None
        return n.Section(number=number, heading=heading, settings=self._pots(c[-1], None)[0], span=self._span(meta))

    def block(self, meta, children):
        kind, *rest = children
        name = next((_unquote(x)[0] for x in rest if isinstance(x, Token) and x.type == "STRING"), None)
        validity = next((x for x in rest if isinstance(x, n.Validity)), None)
        settings, pots = self._pots(rest[-1], kind)
        return n.Block(kind=kind, name=name, validity=validity, settings=settings, pots=pots, span=self._span(meta))

    def block_kw(self, meta, children):
        return _kw(children[0])

    def settings(self, meta, children):
        return tuple(children)

    def setting(self, meta, children):
        key, *values = children
        cond = None
        if values and isinstance(values[-1], _Condition):
            cond = values.pop().expr
        return n.Setting(key=str(key), values=tuple(values), condition=cond, span=self._span(meta))

    def condition(self, meta, children):
        return _Condition(children[-1])

    def validity(self, meta, children):
        start = next((d for kind, d in children[1:] if kind == "from"), None)
        end = next((d for kind, d in children[1:] if kind == "to"), None)
        status = next((x[1] for x in children if type(x) is tuple and x[0] == "status"), None)
        return n.Validity(start=start, end=end, status=status, span=self._span(meta))

    def valid_from(self, meta, children):
        return ("from", self._date(children[-1]))

    def valid_to(self, meta, children):
        return ("to", self._date(children[-1]))

    # ---- declarations -----------------------------------------------------------
    def constant(self, meta, children):
        c = self._plain(children)
        return n.Constant(name=str(c[0]), value=c[-1], span=self._span(meta))

    def group(self, meta, children):
        c = self._plain(children)
        return n.Group(name=str(c[0]), members=c[1], span=self._span(meta))

    def name_list(self, meta, children):
        return tuple(str(t) for t in children)

    def kind_decl(self, meta, children):
        c = self._plain(children)
        return n.KindDecl(name=str(c[0]), label=_unquote(c[1])[0] if len(c) > 1 else None,
                          span=self._span(meta))

    def type_decl(self, meta, children):
        c = self._plain(children)
        return n.TypeDecl(name=str(c[0]), label=_unquote(c[1])[0] if len(c) > 1 else None,
                          span=self._span(meta))

    def part_decl(self, meta, children):
        c = self._plain(children)
        return n.PartDecl(name=str(c[0]), label=_unquote(c[1])[0] if len(c) > 1 else None,
                          span=self._span(meta))

    def fact_decl(self, meta, children):
        c = self._plain(children)
        ftype, choices = c[1]
        attested = next((x.text for x in c if isinstance(x, _Attested)), None)
        per = next((x.text for x in c if isinstance(x, _Per)), None)
        question = next((_unquote(x)[0] for x in c[2:] if isinstance(x, Token) and x.type == "STRING"), None)
        return n.FactDecl(name=str(c[0]), type=ftype, choices=choices, question=question,
                          attested_by=attested, per=per, span=self._span(meta))

    def attested(self, meta, children):
        return _Attested(_unquote(str(children[-1]))[0])

    def per_document(self, meta, children):
        return _Per(_unquote(str(children[-1]))[0])

    def field_decl(self, meta, children):
        c = self._plain(children)
        ftype, choices = c[1]
        return n.FieldDecl(name=str(c[0]), type=ftype, choices=choices,
                           question=_unquote(c[2])[0] if len(c) > 2 else None, span=self._span(meta))

    def reference_decl(self, meta, children):
        c = self._plain(children)
        years = tuple(x for x in c[1:] if isinstance(x, tuple))
        label = next((_unquote(x)[0] for x in c[1:] if isinstance(x, Token) and x.type == "STRING"), None)
        return n.ReferenceDecl(name=str(c[0]), years=years, label=label, span=self._span(meta))

    def reference_year(self, meta, children):
        year = self._quantity(children[0], None)
        return (year, children[-1])

    def fact_type(self, meta, children):
        return str(children[0]), (children[1] if len(children) > 1 else ())

    # ---- rules and parts ----------------------------------------------------------
    def rule(self, meta, children):
        strength, name, *rest = children
        expr = rest[-1]
        weight = next((x for x in rest[:-1] if isinstance(x, _Weight)), None)
        label = next((_unquote(x)[0] for x in rest[:-1] if isinstance(x, Token) and x.type == "STRING"), None)
        validity = next((x for x in rest[:-1] if isinstance(x, n.Validity)), None)
        return n.Rule(strength=strength, name=str(name), weight=weight.q if weight else None,
                      label=label, validity=validity, expr=expr, span=self._span(meta))

    def strength(self, meta, children):
        return _kw(children[0])

    def weight(self, meta, children):
        return _Weight(self._quantity(children[-1], None))

    def parts(self, meta, children):
        return n.Parts(lines=tuple(children[1:]), span=self._span(meta))

    def required_parts(self, meta, children):
        cond = children[2].expr if len(children) > 2 else None
        return n.PartLine(mode="required", names=children[1], condition=cond, span=self._span(meta))

    def optional_parts(self, meta, children):
        return n.PartLine(mode="optional", names=children[1], span=self._span(meta))

    def supplied_parts(self, meta, children):
        return n.PartLine(mode="supplied", names=children[-1], supplier=_unquote(children[1])[0],
                          span=self._span(meta))

    # ---- expressions --------------------------------------------------------------
    def if_then(self, meta, children):
        return n.IfThen(cond=children[1], then=children[3], span=self._span(meta))

    def or_(self, meta, children):
        return n.Or(items=self._terms(n.Or, children, meta), span=self._span(meta))

    def and_(self, meta, children):
        return n.And(items=self._terms(n.And, children, meta), span=self._span(meta))

    def _terms(self, cls, children, meta) -> tuple:
        """The terms of an and/or chain, at most the limit: the chain grows a term at a time, each a
        copy (and every later stage walks the terms), so a chain of 100 000 took most of a minute."""
        items = _flat(cls, children[0]) + _flat(cls, children[2])
        if len(items) > _TERMS_DEFAULT:
            from . import limits
            most = limits.get("TERMS", limits.TERMS)
            if len(items) > most:
                raise _TooLarge([error("SIR401", later("more than {most} conditions joined by and/or in one expression",
                                                          most=most), self._span(meta),
                                          later("split the rule into several rules, or {how}",
                                                how=limits.hint("TERMS")))])
        return items

    def not_(self, meta, children):
        return n.Not(item=children[1], span=self._span(meta))

    def compare(self, meta, children):
        op = {"≥": ">=", "≤": "<=", "≠": "!="}.get(str(children[1]), str(children[1]))
        return n.Compare(op=op, left=children[0], right=children[2], span=self._span(meta))

    def is_(self, meta, children):
        negated = len(children) == 4
        return n.Is(left=children[0], right=children[-1], negated=negated, span=self._span(meta))

    def in_group(self, meta, children):
        negated = any(isinstance(c, Token) and c.type == "KW_NOT" for c in children)
        return n.InGroup(left=children[0], group=str(children[-1]), negated=negated, span=self._span(meta))

    def in_list(self, meta, children):
        negated = any(isinstance(c, Token) and c.type == "KW_NOT" for c in children)
        return n.InList(left=children[0], items=children[-1], negated=negated, span=self._span(meta))

    def word_list(self, meta, children):
        return tuple(c for c in children if not isinstance(c, Token))

    def between(self, meta, children):
        return n.Between(item=children[0], low=children[2], high=children[4], span=self._span(meta))

    def binop(self, meta, children):
        return n.Arith(op=str(children[1]), left=children[0], right=children[2], span=self._span(meta))

    def neg(self, meta, children):
        return n.Neg(item=children[-1], span=self._span(meta))

    def share_of(self, meta, children):
        return n.ShareOf(share=children[0], base=children[2], span=self._span(meta))

    def name(self, meta, children):
        return n.Name(id=str(children[0]), span=self._span(meta))

    def field(self, meta, children):
        return n.Field(obj=str(children[0]), field=str(children[1]), span=self._span(meta))

    def count(self, meta, children):
        distinct = next((x.name for x in children if isinstance(x, _Distinct)), None)
        flt = next((x.expr for x in children if isinstance(x, _Filter)), None)
        return n.Count(distinct=distinct, filter=flt, span=self._span(meta))

    def distinct(self, meta, children):
        return _Distinct(str(children[1]))

    def filter(self, meta, children):
        return _Filter(children[-1])

    def every(self, meta, children):
        flt = next((x.expr for x in children if isinstance(x, _Filter)), None)
        return n.Every(filter=flt, cond=children[-1], span=self._span(meta))

    def aggregate(self, meta, children):
        return n.Aggregate(fn=children[0], name=str(children[1]), span=self._span(meta))

    def agg_kw(self, meta, children):
        return _kw(children[0]).lower()

    def part_present(self, meta, children):
        return n.PartPresent(part=str(children[1]), span=self._span(meta))

    def quantity(self, meta, children):
        unit = str(children[1]) if len(children) > 1 else None
        return self._quantity(children[0], unit, self._span(meta))

    def date(self, meta, children):
        return n.DateLit(value=self._date(children[0]), span=self._span(meta))

    def text(self, meta, children):
        value, triple = _unquote(str(children[0]))
        return n.Text(value=value, triple=triple, span=self._span(meta))

    def yes(self, meta, children):
        return n.Bool(value=True, span=self._span(meta))

    def no(self, meta, children):
        return n.Bool(value=False, span=self._span(meta))

    # ---- literals -------------------------------------------------------------------
    def _quantity(self, tok: Token, unit: str | None, span: Span | None = None) -> n.Quantity:
        try:
            value = parse_number(str(tok))
        except ValueError as exc:
            raise SirulesError([error("SIR005", later("bad number {text}: {why}", text=repr(str(tok)), why=str(exc)),
                                      self._tok_span(tok))])
        return n.Quantity(value=value, unit=unit, text=str(tok), span=span or self._tok_span(tok))

    def _date(self, tok: Token) -> datetime.date:
        try:
            return datetime.date.fromisoformat(str(tok))
        except ValueError:
            raise SirulesError([error("SIR005", later("{text} is not a date in the calendar", text=repr(str(tok))),
                                      self._tok_span(tok), later("write a real date as YYYY-MM-DD"))])


class _Condition:
    def __init__(self, expr):
        self.expr = expr


class _Attested:
    def __init__(self, text):
        self.text = text


class _Per:
    def __init__(self, text):
        self.text = text


class _Weight:
    def __init__(self, q):
        self.q = q


class _Distinct:
    def __init__(self, name):
        self.name = name


class _Filter:
    def __init__(self, expr):
        self.expr = expr


class _TooLarge(SirulesError):
    """A limit on the size of what is built (not a bad literal): reported at once."""


_TERMS_DEFAULT = 500       # limits.TERMS, read here without importing limits on each reduction


def _flat(cls, node) -> tuple:
    return node.items if isinstance(node, cls) else (node,)
