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


def _translate(exc, source: SourceFile):
    """A diagnostic in the file's language that names the construct the parser was in and shows
    an example of what is allowed there (:mod:`sirules.language.syntax_help`)."""
    import lark

    from . import syntax_help as sh

    lang = detect_language(source.text)
    sv = lang == "sv"
    line = getattr(exc, "line", 1) or 1
    column = getattr(exc, "column", 1) or 1
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    stack = _stack(exc)
    key = sh.construct(stack, expected)
    where, hint = sh.explain(key, lang)
    if isinstance(exc, lark.exceptions.UnexpectedCharacters):
        ch = source.text[exc.pos_in_stream] if exc.pos_in_stream < len(source.text) else ""
        word = re.match(r"[^\W\d]\w*", source.text[exc.pos_in_stream:])
        if word:
            return _unexpected_word(word.group(0), expected, source, line, column, lang, stack, where, hint)
        if ch == '"':
            return error("SIR001", "en text saknar sitt avslutande citattecken" if sv else "a text has no closing quote",
                         source.point(line, column),
                         ('en text inom citattecken slutar på samma rad, t.ex. `ska tak "högst en miljon": …`' if sv else
                          'a text in quotes ends on the same line, e.g. `must cap "at most one million": …`'))
        return error("SIR001", (f"oväntat tecken {ch!r} {where}" if sv else f"unexpected character {ch!r} {where}"),
                     source.point(line, column), hint)
    if isinstance(exc, lark.exceptions.UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            line, column = _end_position(source)
            special = _special("", "$END", stack, key, source, line, column + 1, lang, _last_token_line(exc, line))
            if special is not None:
                return special
            return error("SIR003", (f"filen slutar mitt i en sats ({where})" if sv else
                                    f"the file ends in the middle of a statement ({where})"),
                         source.point(line, column), hint)
        special = _special(str(tok), tok.type, stack, key, source, line, column, lang,
                           _last_token_line(exc, line))
        if special is not None:
            return special
        prev = _first_word_before(source, line, column)
        if prev is not None and expected <= {"COLON", "COMMA"} and key != "rule_head":
            found = _misspelled_statement(prev, source, line, lang)
            if found is not None:
                return found
        if tok.type == "NAME" or tok.type.startswith("KW_"):
            return _unexpected_word(str(tok), expected, source, line, column, lang, stack, where, hint)
        what = (_WHAT_SV if sv else _WHAT_EN).get(tok.type, "tecken" if sv else "symbol")
        return error("SIR002", (f"oväntat {what} {str(tok)!r} {where}" if sv else f"unexpected {what} {str(tok)!r} {where}"),
                     source.point(line, column, max(1, len(str(tok)))), hint)
    line, column = _end_position(source)
    return error("SIR003", "filen slutar mitt i en sats" if sv else "the file ends in the middle of a statement",
                 source.point(line, column), hint)


def _stack(exc) -> list[str]:
    """The symbols on lark's value stack when it stopped (innermost last), or []."""
    return [str(getattr(v, "type", None) or getattr(v, "data", "")) for v in _values(exc)]


def _values(exc) -> list:
    ip = getattr(exc, "interactive_parser", None)
    try:
        return list(ip.parser_state.value_stack)
    except AttributeError:
        return []


def _last_token_line(exc, line: int) -> int:
    """The line of the last token the parser read (a value can end the line before the error)."""
    values = _values(exc)
    return getattr(values[-1], "line", line) or line if values else line


_NOT_WORDS = {"inte", "ej", "not"}
_WHAT_SV = {"COMMA": "kommatecken", "DATE": "datum", "NUMBER": "tal", "STRING": "text", "SECNUM": "avsnittsnummer"}
_WHAT_EN = {"COMMA": "comma", "DATE": "date", "NUMBER": "number", "STRING": "text", "SECNUM": "section number"}


def _special(word: str, kind: str, stack: list[str], key: str, source: SourceFile, line: int, column: int, lang: str,
             last_line: int):
    """The mistakes that have a better message than "unexpected": a prohibition written as a
    strength, a setting with "=", an unquoted text with a space, a rule without a name."""
    sv = lang == "sv"
    text = source.line_text(line)
    span = source.point(line, column, max(1, len(word)))
    if key == "rule_head" and stack[-1:] == ["NAME"]:
        strength = re.match(r"\s*(\S+)\s+(\S+)\s", text)
        if strength and strength.group(2) in _NOT_WORDS:
            s, n = strength.group(1), strength.group(2)
            return error("SIR010", (f"`{s} {n}` är ingen regelstyrka" if sv else f"`{s} {n}` is not a rule strength"),
                         source.point(line, text.index(s) + 1, len(s) + 1 + len(n)),
                         ("ett förbud är en ska-regel med `inte` i villkoret, t.ex. "
                          "`ska inget_företag: sökande.typ inte i (företag)`" if sv else
                          "a prohibition is a must-rule with `not` in its condition, e.g. "
                          "`must no_company: applicant.kind not in (company)`"))
    inside = re.match(r"\s*\S.*?\s(får|may)\s", text)
    if key in ("rule_head", "rule_name") and inside and not re.match(r"\s*(får|may)\s", text):
        w = inside.group(1)
        return error("SIR014", (f"`{w}` mitt i ett villkor" if sv else f"`{w}` in the middle of a condition"),
                     source.point(line, inside.start(1) + 1, len(w)),
                     ("`får` inleder en tillåtelse, en egen regel: `får namn \"rubrik\": villkor`; "
                      "en gräns skrivs `belopp <= 1 mnkr`" if sv else
                      "`may` starts a permission, a rule of its own: `may name \"label\": condition`; "
                      "a limit is `amount <= 1 MSEK`"))
    bare = re.search(r"\s(i|in)\s+([^\W\d]\w*)\s*$", text[:column - 1])
    if kind == "COMMA" and bare and key in ("after_condition", "statement", "condition"):
        k, w = bare.group(1), bare.group(2)
        return error("SIR015", ("en lista efter `i` står inom parentes" if sv else "a list after `in` is written in parentheses"),
                     source.point(line, bare.start(2) + 1, column - 1 - bare.start(2)),
                     (f"skriv `{k} ({w}, …)`, t.ex. `projekttyp i (förstudie, metodutveckling)`" if sv else
                      f"write `{k} ({w}, …)`, e.g. `project_type in (pilot, method)`"))
    if key == "rule_name" and kind == "STRING":
        return error("SIR011", "regeln saknar namn" if sv else "the rule has no name", span,
                     ("en regel har ett namn (ett ord) före rubriken, t.ex. `ska tak \"högst en miljon\": belopp <= 1 mnkr`"
                      if sv else "a rule has a name (one word) before its label, e.g. "
                                 "`must cap \"at most one million\": amount <= 1 MSEK`"))
    if key == "setting" and word == "=":
        name = re.match(r"\s*(\S+)", text).group(1)
        return error("SIR012", ("en inställning skrivs med kolon, inte `=`" if sv else
                                "a setting is written with a colon, not `=`"), span,
                     (f"skriv `{name}: …`" if sv else f"write `{name}: …`") +
                     (" (`=` hör till `konstant` och `grupp`)" if sv else " (`=` belongs to `constant` and `group`)"))
    text = source.line_text(last_line)
    value = re.match(r"\s*([^\W\d]\w*)\s*:\s*([^\s\"#]+(?:[ \t]+[^\s\"#]+)+)\s*(#.*)?$", text)
    if key == "setting" and value and stack[-2:-1] != ["block_kw"]:
        name, val = value.group(1), value.group(2)
        return error("SIR013", ("en text med mellanslag skrivs inom citattecken" if sv else
                                "a text with a space is written in quotes"),
                     source.point(last_line, text.index(val, text.index(":")) + 1, len(val)),
                     f'{"skriv" if sv else "write"} `{name}: "{val}"`')
    return None


def _first_word_before(source: SourceFile, line: int, column: int):
    """(word, column) when the unexpected token is the second word of its line."""
    text = source.line_text(line)
    m = re.match(r"(\s*)([^\W\d]\w*)\s+$", text[:column - 1])
    return (m.group(2), len(m.group(1)) + 1) if m else None


_STATEMENT_KEYWORDS = ("SECTION", "MUST", "SHOULD", "PRIORITY", "CONSTANT", "GROUP", "KIND", "FACT",
                       "PROJECT_TYPE", "PART", "PARTS", "FUND", "DECISION", "EVALUATION", "REPAYMENT",
                       "RISK", "PORTFOLIO", "CALCULATION", "MAY")


def _misspelled_statement(prev, source: SourceFile, line: int, lang: str):
    """A line that starts with a word that is nearly a statement keyword."""
    word, col = prev
    span = source.point(line, col, len(word))
    other = keywords.lookup(word)
    sv = lang == "sv"
    if other and other[1] != lang and other[0] in _STATEMENT_KEYWORDS:
        own = keywords.spelling(other[0], lang)
        hint = (f'"{word}" är engelska; filen är skriven med svenska nyckelord (`riktlinje`): skriv "{own}"' if sv
                else f'"{word}" is Swedish; this file is written with English keywords (`guideline`): write "{own}"')
        return error("SIR002", f"oväntat ord {word!r} i början av en sats" if sv else
                     f"unexpected word {word!r} at the start of a statement", span, hint)
    words = [w for k in _STATEMENT_KEYWORDS for w in keywords.KEYWORDS[k][0 if sv else 1]]
    close = difflib.get_close_matches(word.lower(), words, n=1, cutoff=0.6)
    if close:
        return error("SIR002", f"okänt ord {word!r} i början av en sats" if sv else
                     f"unknown word {word!r} at the start of a statement", span,
                     f'menade du "{close[0]}"?' if sv else f'did you mean "{close[0]}"?')
    return None


def _end_position(source: SourceFile) -> tuple[int, int]:
    text = source.text.rstrip()
    return source.position(max(0, len(text) - 1))


def _unexpected_word(word: str, expected, source: SourceFile, line: int, column: int, lang: str,
                     stack=(), where: str = "", hint: str | None = None):
    sv = lang == "sv"
    span = source.point(line, column, len(word))
    candidates = []
    for t in expected:
        if t.startswith("KW_"):
            sv_words, en_words = keywords.KEYWORDS[t[3:]]
            candidates.extend(sv_words if sv else en_words)
    close = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    if close:
        return error("SIR002", (f"okänt ord {word!r} {where}" if sv else f"unknown word {word!r} {where}").rstrip(),
                     span, f'menade du "{close[0]}"?' if sv else f'did you mean "{close[0]}"?')
    other = keywords.lookup(word)
    if other and other[1] != lang:
        own = keywords.spelling(other[0], lang)
        return error("SIR002", (f"oväntat ord {word!r} {where}" if sv else f"unexpected word {word!r} {where}").rstrip(),
                     span, (f'"{word}" är engelska; filen är skriven med svenska nyckelord (`riktlinje`): skriv "{own}"'
                            if sv else f'"{word}" is Swedish; this file is written with English keywords (`guideline`): '
                                       f'write "{own}"'))
    return error("SIR002", (f"oväntat ord {word!r} {where}" if sv else f"unexpected word {word!r} {where}").rstrip(),
                 span, hint)
