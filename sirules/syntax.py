"""Text to lark parse tree. The only module that talks to lark's parser.

Lark's exceptions are translated here into :class:`SirulesError` with a
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
    here = os.path.dirname(os.path.abspath(__file__))
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
def parser(building: bool = False):
    """The LALR parser; its tables are computed once per grammar and kept in the user's cache.

    The building parser, which every command uses, calls the callbacks of :data:`_building` as
    it reduces each rule, so no tree is made (see :func:`sirules.build.from_source`); its tables
    come from the cache. The plain parser returns lark's parse tree and keeps the grammar (for
    ``sirules debug tree`` and the grammar-based test strategies); it is built afresh.
    """
    import hashlib

    import lark

    from . import cache

    text = grammar_text()
    key = hashlib.sha256(f"{lark.__version__}\n{text}".encode()).hexdigest()[:24]
    tables = cache.entry(f"parser-{key}.lark") if building else None
    if tables:
        try:
            os.makedirs(os.path.dirname(tables), exist_ok=True)   # lark writes the file, not the folder
        except OSError:
            tables = None
    p = lark.Lark(
        text, start="guideline", parser="lalr", lexer="contextual",
        propagate_positions=False, maybe_placeholders=False,
        lexer_callbacks={"COMMENT": _comments.append},
        transformer=_building if building else None,
        cache=tables or False,
    )
    return p


@functools.lru_cache(maxsize=1)
def driver():
    """The loop that runs the building parser's tables (:mod:`sirules.lalr`), or None if this
    lark's parser is not built as that loop expects (lark's own loop then parses)."""
    from . import lalr
    try:
        return lalr.Driver(parser(True), "guideline")
    except Exception:                # pragma: no cover  (another lark)
        return None


class _Callbacks:
    """Stands for the builder of the parse under way: lark asks it once, when the parser is
    made, for a callback per grammar rule; each callback calls the current builder's."""

    def __init__(self) -> None:
        self.builder = None

    def __getattr__(self, rule: str):
        if rule.startswith("__") or not rule[:1].islower():    # terminals keep their tokens
            raise AttributeError(rule)
        return lambda children: self.builder.reduce(rule, children)


_building = _Callbacks()


def detect_language(text: str) -> str:
    """'sv' or 'en' from the first word of the file (default 'sv')."""
    m = re.search(r"^\s*(?:#[^\n]*\n\s*)*([^\W\d]+)", text)
    if m and m.group(1) == "guideline":
        return "en"
    return "sv"


def parse(source: SourceFile, builder=None):
    """Parse a guideline; returns (lark Tree, comments as (line, column, text)).

    With a ``builder`` (:class:`sirules.build.Builder`), the parser hands every reduced rule to
    ``builder.reduce(rule, children)`` and returns what it built for the whole file instead of
    a tree.
    """
    import lark

    from . import limits
    most = limits.get("GUIDELINE_BYTES", MAX_GUIDELINE_BYTES)
    if len(source.text) > most:
        raise SirulesError([error(
            "SIR401", f"guideline is {len(source.text)} characters; the limit is {most}",
            source.point(1, 1), "split the guideline or " + limits.hint("GUIDELINE_BYTES"))])
    _check_nesting(source)
    _comments.clear()
    try:
        if builder is None:
            tree = parser().parse(source.text)
        else:
            _building.builder = builder
            try:
                tree = _parse_building(source.text)
            finally:
                _building.builder = None
    except lark.exceptions.UnexpectedInput as exc:
        raise SirulesError([_translate(exc, source)]) from None
    comments = tuple((t.line, t.column, str(t)) for t in _comments)
    _comments.clear()
    return tree, comments


def _parse_building(text: str):
    from .lalr import Rejected
    fast = driver()
    if fast is not None:
        try:
            return fast.parse(text, _comments)
        except Rejected:             # lark's own loop says where and why
            _comments.clear()
    return parser(True).parse(text)


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
