"""Text to nodes or to lark's parse tree. The only module that talks to lark's parser.

Every command parses with :mod:`sirules.language.lalr`'s loop (:func:`parse_building`), over tables
taken from lark once per grammar; lark's own parser (:func:`parse`) gives the parse tree and
describes the errors. Lark's exceptions are translated here into :class:`SirulesError` with a
diagnostic that names the file, line and column, what was expected (in the
file's own keyword language) and a "did you mean" hint.
"""

from __future__ import annotations

import difflib
import functools
import os
import re

from . import keywords
from .diagnostics import SirulesError, error
from .source import SourceFile

MAX_GUIDELINE_BYTES = 2_000_000
MAX_NESTING = 60


def grammar_text() -> str:
    """The grammar with the keyword terminals appended."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))      # the sirules package
    for path in (os.path.join(here, "_grammar", "sirules.lark"),                 # installed (the wheel)
                 os.path.join(os.path.dirname(here), "grammar", "sirules.lark")):  # a checkout
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            break
        except OSError:
            continue
    else:
        raise FileNotFoundError("the grammar sirules.lark is missing from the installation")
    return text + "\n" + keywords.terminal_definitions()


_comments: list = []


@functools.lru_cache(maxsize=2)
def parser(keep_grammar: bool = False):
    """Lark's LALR parser of the grammar, with its parse tree: for ``sirules debug tree``, lint,
    the tables of :func:`driver`, and to describe a syntax error. It is built afresh in each
    process (about 0.1 s): lark's own cache is a pickle that lark unpickles before it checks
    anything, so sirules does not use it. ``keep_grammar`` keeps the grammar, which the
    grammar-based test strategies read."""
    import lark

    return lark.Lark(
        grammar_text(), start="guideline", parser="lalr", lexer="contextual",
        propagate_positions=False, maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _comments.append},
    )


@functools.lru_cache(maxsize=1)
def driver():
    """The loop that parses for every command (:mod:`sirules.language.lalr`), or None if it cannot run
    this grammar as lark does (lark's own parser then parses).

    Its tables are taken from lark's once per grammar and kept in the cache folder, so a
    process that finds them imports no lark at all.
    """
    import marshal

    from . import cache, lalr

    kept = cache.entry(f"tables-{cache.key(str(lalr.FORMAT), grammar_text())}.marshal")
    data = cache.read_bytes(kept)    # None: none yet, or not safe to use (cache.py says why)
    if data is not None:
        try:
            return lalr.Driver(marshal.loads(data))
        except Exception:            # damaged: made again below
            pass
    try:
        from .lalr_tables import tables
        data = tables(parser(), "guideline")
        d = lalr.Driver(data)
    except TypeError:                # pragma: no cover  (a grammar or lark the loop cannot run)
        return None
    if kept:
        cache.write_bytes(kept, marshal.dumps(data))
    return d


def detect_language(text: str) -> str:
    """'sv' or 'en' from the first word of the file (default 'sv')."""
    m = re.search(r"^\s*(?:#[^\n]*\n\s*)*([^\W\d]+)", text)
    if m and m.group(1) == "guideline":
        return "en"
    return "sv"


def parse(source: SourceFile):
    """Parse a guideline with lark; returns (lark Tree, comments as (line, column, text))."""
    import lark

    _check_limits(source)
    _comments.clear()
    try:
        tree = parser().parse(source.text)
    except lark.exceptions.UnexpectedInput as exc:
        raise SirulesError([_translate(exc, source)]) from None
    comments = tuple((t.line, t.column, str(t)) for t in _comments)
    _comments.clear()
    return tree, comments


def parse_building(source: SourceFile, build):
    """Parse with :func:`driver`'s loop, which calls ``build(rule, children)`` as it reduces
    each rule; returns (what ``build`` made of the whole file, comments), or None when the loop
    cannot parse the text: the caller then parses with :func:`parse`, which describes the error."""
    from .lalr import Rejected

    _check_limits(source)
    fast = driver()
    if fast is None:
        return None
    comments: list = []
    try:
        built = fast.parse(source.text, build, comments)
    except SirulesError:
        raise
    except Rejected:
        return None
    except (LookupError, TypeError, ValueError):   # tables that do not fit the grammar: lark parses
        return None
    return built, tuple((t.line, t.column, str(t)) for t in comments)


def _check_limits(source: SourceFile) -> None:
    from . import limits
    most = limits.get("GUIDELINE_BYTES", MAX_GUIDELINE_BYTES)
    if len(source.text) > most:
        raise SirulesError([error(
            "SIR401", f"guideline is {len(source.text)} characters; the limit is {most}",
            source.point(1, 1), "split the guideline or " + limits.hint("GUIDELINE_BYTES"))])
    _check_nesting(source)


def _check_nesting(source: SourceFile) -> None:
    from . import limits
    most = limits.get("NESTING", MAX_NESTING)
    if source.text.count("(") <= most:
        return
    depth = 0
    for found in re.finditer(r"[()]", source.text):
        if found.group() == "(":
            depth += 1
            if depth > most:
                i = found.start()
                raise SirulesError([error(
                    "SIR402", f"parentheses nested more than {most} deep",
                    source.span(i, i + 1), "simplify the expression or split it into several rules, or "
                                           + limits.hint("NESTING"))])
        else:
            depth = max(0, depth - 1)


def describe_terminal(name: str, lang: str) -> str:
    if name.startswith("KW_"):
        return f'"{keywords.spelling(name[3:], lang)}"'
    return _TERMINAL_WORDS.get(name, name.lower())


_TERMINAL_WORDS = {
    "NAME": "a name", "STRING": 'a text in quotes ("...")', "NUMBER": "a number",
    "DATE": "a date (YYYY-MM-DD)", "SECNUM": "a section number such as 3.1", "UNIT": "a unit",
    "CMP": "a comparison (<, <=, =, >=, >)", "ADDOP": '"+" or "-"', "MULOP": '"*" or "/"',
    "COLON": '":"', "COMMA": '","', "LPAR": '"("', "RPAR": '")"', "EQUAL": '"="', "DOT": '"."',
    "MINUS": '"-"', "$END": "the end of the file",
}


def _expected_words(expected, lang: str) -> list[str]:
    words = sorted({describe_terminal(t, lang) for t in expected})
    return words


def _translate(exc, source: SourceFile):
    import lark

    lang = detect_language(source.text)
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    if isinstance(exc, lark.exceptions.UnexpectedCharacters):
        ch = source.text[exc.pos_in_stream] if exc.pos_in_stream < len(source.text) else ""
        word = re.match(r"[^\W\d]\w*", source.text[exc.pos_in_stream:])
        expected = exc.allowed or set()
        if word:
            return _unexpected_word(word.group(0), expected, source, line, column, lang)
        return error("SIR001", f"unexpected character {ch!r}", source.point(line, column),
                     _expect_hint(expected, lang))
    if isinstance(exc, lark.exceptions.UnexpectedToken):
        tok = exc.token
        expected = set(exc.expected)
        if tok.type == "$END":
            line, column = _end_position(source)
            return error("SIR003", "the file ends in the middle of a statement",
                         source.point(line, column), _expect_hint(expected, lang))
        prev = _first_word_before(source, line, column)
        if prev is not None and expected <= {"COLON", "COMMA"}:
            return _misspelled_statement(prev, source, line, lang) or \
                _unexpected_word(str(tok), expected, source, line, column, lang)
        if tok.type == "NAME" or tok.type.startswith("KW_"):
            return _unexpected_word(str(tok), expected, source, line, column, lang)
        return error("SIR002", f"unexpected {describe_terminal(tok.type, lang)} {str(tok)!r}",
                     source.point(line, column, max(1, len(str(tok)))), _expect_hint(expected, lang))
    line, column = _end_position(source)
    return error("SIR003", "the file ends in the middle of a statement", source.point(line, column),
                 _expect_hint(set(getattr(exc, "expected", ()) or ()), lang))


def _first_word_before(source: SourceFile, line: int, column: int):
    """(word, column) when the unexpected token is the second word of its line."""
    text = source.line_text(line)
    m = re.match(r"(\s*)([^\W\d]\w*)\s+$", text[:column - 1])
    return (m.group(2), len(m.group(1)) + 1) if m else None


_STATEMENT_KEYWORDS = ("SECTION", "MUST", "SHOULD", "PRIORITY", "CONSTANT", "GROUP", "KIND", "FACT",
                       "PROJECT_TYPE", "PART", "PARTS", "FUND", "DECISION", "EVALUATION", "REPAYMENT",
                       "RISK", "PORTFOLIO", "CALCULATION")


def _misspelled_statement(prev, source: SourceFile, line: int, lang: str):
    """A line that starts with a word that is nearly a statement keyword."""
    word, col = prev
    span = source.point(line, col, len(word))
    other = keywords.lookup(word)
    if other and other[1] != lang and other[0] in _STATEMENT_KEYWORDS:
        own = keywords.spelling(other[0], lang)
        hint = (f'"{word}" is English; this file is written with Swedish keywords: write "{own}"' if lang == "sv"
                else f'"{word}" is Swedish; this file is written with English keywords: write "{own}"')
        return error("SIR002", f"unexpected word {word!r} at the start of a statement", span, hint)
    words = [w for k in _STATEMENT_KEYWORDS for w in keywords.KEYWORDS[k][0 if lang == "sv" else 1]]
    close = difflib.get_close_matches(word.lower(), words, n=1, cutoff=0.6)
    if close:
        return error("SIR002", f"unknown word {word!r} at the start of a statement", span,
                     f'did you mean "{close[0]}"?')
    return None


def _end_position(source: SourceFile) -> tuple[int, int]:
    text = source.text.rstrip()
    return source.position(max(0, len(text) - 1))


def _expect_hint(expected, lang: str) -> str | None:
    words = _expected_words(expected, lang)
    if not words:
        return None
    if len(words) > 8:
        words = words[:8] + ["…"]
    return "expected " + ", ".join(words)


def _unexpected_word(word: str, expected, source: SourceFile, line: int, column: int, lang: str):
    span = source.point(line, column, len(word))
    candidates = []
    for t in expected:
        if t.startswith("KW_"):
            sv, en = keywords.KEYWORDS[t[3:]]
            candidates.extend(sv if lang == "sv" else en)
    close = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    if close:
        return error("SIR002", f"unknown word {word!r} here", span, f'did you mean "{close[0]}"?')
    other = keywords.lookup(word)
    if other and other[1] != lang:
        hint = (f'"{word}" is an English keyword but this file is written in Swedish'
                if lang == "sv" else f'"{word}" is a Swedish keyword but this file is written in English')
        return error("SIR002", f"unexpected word {word!r}", span, hint)
    return error("SIR002", f"unexpected word {word!r}", span, _expect_hint(expected, lang))
