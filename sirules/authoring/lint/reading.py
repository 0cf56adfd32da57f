"""What the lint checks look at: one guideline read as text, syntax nodes, model and keyword tokens.

:class:`Subject` and the ways to make one (:func:`subject`, :func:`from_source`, :func:`read`), the
walks over its syntax nodes and model expressions, and the two ways a warning quotes the guideline
(a keyword in the file's language, a condition's text).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ...language import keywords
from ...language import model as m
from ...language import nodes as n
from ...language.source import SourceFile, Span


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
        """Model rule index -> its syntax node (must, should, priority and may rules)."""
        written = [r for r in self.model.rules if r.strength in ("must", "should", "priority", "may")]
        syntax = [i for i in self.nodes.items if isinstance(i, n.Rule)]
        index = {id(r): k for k, r in enumerate(self.model.rules)}
        return {index[id(r)]: node for r, node in zip(written, syntax)}


def subject(text: str, path: str = "<text>") -> Subject:
    """Parse, build and analyse ``text``; raises SirulesError when it does not load."""
    return from_source(SourceFile(path, text.replace("\r\n", "\n")))


def from_source(source: SourceFile) -> Subject:
    from lark import Token

    from ...language import analyse, build, syntax
    build.from_source(source, syntax.detect_language(source.text))   # the parse loop stops at a limit at
    tree, comments = syntax.parse(source)                            # once; lark would parse it all first
    g = build.from_tree(tree, source, syntax.detect_language(source.text), comments)
    model = analyse.from_nodes(g, source)
    found = []
    for tok in tree.scan_values(lambda t: isinstance(t, Token) and t.type.startswith("KW_")):
        found.append(Keyword(" ".join(str(tok).split()), tok.type[3:],
                             Span(source.path, tok.line, tok.column, tok.end_line, tok.end_column)))
    found.sort(key=lambda k: (k.span.line, k.span.column))
    return Subject(source, g, model, tuple(found))


def read(path: str) -> Subject:
    from ...engine.pipeline import read_source
    return from_source(read_source(path))


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
