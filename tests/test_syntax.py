"""The parser that builds as it reduces (:mod:`sirules.lalr`'s loop) against lark's own.

``build.from_source`` (what every command uses) must give exactly what lark's plain contextual
lexer and parse tree give through ``build.from_tree``: the same nodes, the same positions, and
the same diagnostics for bad input, whether a parser state matches with the shared expression
of all terminals or has compiled its own (see :data:`sirules.lalr.SHARED_USES`); and the loop
must accept exactly the texts lark accepts (it hands the others to lark to describe).
"""

import glob
import os

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from sirules import build, lalr, nodes, syntax
from sirules.diagnostics import SirulesError
from sirules.source import SourceFile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTS = sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir")) +
               glob.glob(os.path.join(ROOT, "tests", "diagnostics", "*.sir")) +
               glob.glob(os.path.join(ROOT, "tests", "formatter", "*.sir")))


def _positions(node) -> list:
    """Every node's class and span, depth first (spans are left out of node equality)."""
    out, stack = [], [node]
    while stack:
        x = stack.pop()
        if isinstance(x, tuple):
            stack.extend(reversed(x))
        elif isinstance(x, nodes.Node):
            out.append((type(x).__name__, getattr(x, "span", None)))
            stack.extend(reversed([getattr(x, f.name) for f in attrs.fields(type(x)) if f.name != "span"]))
    return out


def _outcome(fn, source):
    try:
        g = fn(source)
    except SirulesError as exc:
        return "error", [(d.code, d.message, d.span, d.hint) for d in exc.diagnostics]
    return g, _positions(g)


def _plain(source):
    tree, comments = syntax.parse(source)
    return build.from_tree(tree, source, syntax.detect_language(source.text), comments)


def _building(source):
    return build.from_source(source, syntax.detect_language(source.text))


@pytest.fixture(params=["shared", "own"])
def lexer_mode(request, monkeypatch):
    """A fresh building parser whose states use the shared expression, or compile their own at once."""
    monkeypatch.setattr(lalr, "SHARED_USES", 10**9 if request.param == "shared" else 0)
    syntax.driver.cache_clear()
    yield request.param
    syntax.driver.cache_clear()


def test_every_file_builds_alike(lexer_mode):
    assert TEXTS
    for path in TEXTS:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8", errors="replace")
        source = SourceFile(path, text)
        assert _outcome(_building, source) == _outcome(_plain, source), path
        assert _loop_accepts(text) == _lark_accepts(text), path


def _loop_accepts(text: str) -> bool:
    """Whether the loop parses the text itself (a builder that builds nothing)."""
    syntax._building.builder = _Nothing()
    try:
        syntax.driver().parse(text, [])
    except lalr.Rejected:
        return False
    finally:
        syntax._building.builder = None
    return True


def _lark_accepts(text: str) -> bool:
    import lark
    try:
        syntax.parser().parse(text)
    except lark.exceptions.UnexpectedInput:
        return False
    return True


class _Nothing:
    def reduce(self, rule, children):
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_and_mutated_texts_build_alike(data):
    text = data.draw(from_lark(syntax.parser(), start="guideline"))
    if data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(text)))
        text = text[:i] + data.draw(st.sampled_from(["(", ")", "=", "-", " kr", "\n", "ska ", "x", "é"])) + text[i:]
    source = SourceFile("<generated>", text)
    assert _outcome(_building, source) == _outcome(_plain, source)
    assert _loop_accepts(text) == _lark_accepts(text)
