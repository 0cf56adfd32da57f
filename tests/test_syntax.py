"""The parser that builds as it reduces (:mod:`sirules.language.lalr`'s loop) against lark's own.

``build.from_source`` (what every command uses) must give exactly what lark's plain contextual
lexer and parse tree give through ``build.from_tree``: the same nodes, the same positions, and
the same diagnostics for bad input; and the loop must accept exactly the texts lark accepts (it
hands the others to lark to describe).
"""

import glob
import os
import re

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from sirules.language import build, lalr, lalr_tables, nodes, syntax
from sirules.language.diagnostics import SirulesError
from sirules.language.source import SourceFile

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


def test_every_file_builds_alike():
    assert TEXTS
    for path in TEXTS:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8", errors="replace")
        source = SourceFile(path, text)
        assert _outcome(_building, source) == _outcome(_plain, source), path
        assert _loop_accepts(text) == _lark_accepts(text), path


def _loop_accepts(text: str) -> bool:
    """Whether the loop parses the text itself (with a builder that builds nothing)."""
    try:
        syntax.driver().parse(text, lambda rule, children: None, [])
    except lalr.Rejected:
        return False
    return True


def _lark_accepts(text: str) -> bool:
    import lark
    try:
        syntax.parser().parse(text)
    except lark.exceptions.UnexpectedInput:
        return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_and_mutated_texts_build_alike(data):
    text = data.draw(from_lark(syntax.parser(keep_grammar=True), start="guideline"))
    if data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(text)))
        text = text[:i] + data.draw(st.sampled_from(["(", ")", "=", "-", " kr", "\n", "ska ", "x", "é", "å", "§", "%",
                                                       '"', '"""', "#", "\t", " och ", "2024-01-01", "3,5"])) + text[i:]
    source = SourceFile("<generated>", text)
    assert _outcome(_building, source) == _outcome(_plain, source)
    assert _loop_accepts(text) == _lark_accepts(text)


def test_every_token_starts_as_the_lexer_expects():
    """The loop matches a token only against the terminals that can start with its first
    character: every token lark lexes in the bundled files starts with one of those."""
    import lark

    starts = syntax.driver().starts
    for path in TEXTS:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        try:
            tokens = list(syntax.parser().parse(text).scan_values(lambda t: isinstance(t, lark.Token)))
        except lark.exceptions.UnexpectedInput:
            continue
        for tok in tokens:
            first = str(tok)[0]
            if ord(first) < 256 and starts[tok.type] is not None:
                assert first in starts[tok.type], (path, tok.type, str(tok))


@pytest.mark.parametrize("regex, chars", [
    (r"(?<![\w])(?:och|and)(?![\w])", "ao"),
    (r"(?i:kr|%)", "%Kk"),
    (r"[^\W\d]\w*", "".join(sorted(c for c in map(chr, range(256)) if re.match(r"[^\W\d]", c)))),
    (r"\s", "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0"),
    (r"\d+(?:[.,]\d+)?", "0123456789"),
    (r'"""[^"\\]*"""|"[^"\n]*"', '"'),
    (r"(?:-)?x|y", "-xy"),
    (r"a*", None),                     # may match nothing: any character may start it
])
def test_start_characters(regex, chars):
    assert lalr_tables._starts(regex) == chars


def test_a_terminal_that_starts_like_whitespace_keeps_lark_loop():
    """The loop skips whitespace before it matches a token; a grammar where a terminal may
    start with whitespace is not run by it."""
    import lark

    p = lark.Lark('start: X+\nX: / ?x/\n%import common.WS\n%ignore WS', parser="lalr", lexer="contextual")
    with pytest.raises(TypeError):
        lalr_tables.tables(p, "start")


def test_damaged_tables_are_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SIRULES_CACHE_DIR", str(tmp_path))
    syntax.driver.cache_clear()
    try:
        assert syntax.driver() is not None
        (entry,) = tmp_path.glob("tables-*.marshal")
        good = entry.read_bytes()
        for damage in (b"", b"\x00garbage", good[: len(good) // 2]):
            entry.write_bytes(damage)
            syntax.driver.cache_clear()
            assert _loop_accepts('riktlinje "x"\nska a: b > 1\n')
            assert entry.read_bytes() == good
    finally:
        syntax.driver.cache_clear()


def test_a_first_run_with_the_tables_kept_imports_no_lark(tmp_path):
    """Tables in the cache: parsing and compiling a guideline never compiled before needs no lark."""
    import subprocess
    import sys

    env = {**os.environ, "SIRULES_CACHE_DIR": str(tmp_path)}
    code = ("import sys, sirules; sirules.load(sys.argv[1], use_cache=False); "
            "print('lark' in sys.modules)")
    path = os.path.join(ROOT, "guidelines", "ale.sir")
    runs = [subprocess.run([sys.executable, "-c", code, path], env=env, capture_output=True, text=True)
            for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], [r.stderr for r in runs]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_edited_guidelines_build_alike(data):
    """A bundled guideline with a piece cut out or pasted in, as an author's edit in progress."""
    path = data.draw(st.sampled_from([p for p in TEXTS if "guidelines" in p]))
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, min(len(text), i + 40)))
    if data.draw(st.booleans()):
        text = text[:i] + text[j:]
    else:
        k = data.draw(st.integers(0, len(text)))
        text = text[:k] + text[i:j] + text[k:]
    source = SourceFile(path, text)
    assert _outcome(_building, source) == _outcome(_plain, source)
    assert _loop_accepts(text) == _lark_accepts(text)
