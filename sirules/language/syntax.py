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
from .i18n import exact, mark
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
            return error("SIR001", exact("a text has no closing quote", lang), source.point(line, column),
                         exact("a text in quotes ends on the same line, e.g. `{example}`", lang,
                               example=_QUOTED[lang]))
        return error("SIR001", exact("unexpected character {char} {where}", lang, char=repr(ch), where=where),
                     source.point(line, column), hint)
    if isinstance(exc, lark.exceptions.UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            line, column = _end_position(source)
            special = _special("", "$END", stack, key, source, line, column + 1, lang, _last_token_line(exc, line))
            if special is not None:
                return special
            return error("SIR003", exact("the file ends in the middle of a statement ({where})", lang, where=where),
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
        what = exact(_WHAT.get(tok.type, _SYMBOL), lang)
        return error("SIR002", exact("unexpected {what} {token} {where}", lang, what=what, token=repr(str(tok)),
                                     where=where),
                     source.point(line, column, max(1, len(str(tok)))), hint)
    line, column = _end_position(source)
    return error("SIR003", exact("the file ends in the middle of a statement", lang), source.point(line, column), hint)


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
#: a token that is not a word, as a message names it
_WHAT = {"COMMA": mark("comma"), "DATE": mark("date"), "NUMBER": mark("number"), "STRING": mark("text"),
         "SECNUM": mark("section number")}
_SYMBOL = mark("symbol")
#: the examples in the messages, in each language (code, so written in both)
_QUOTED = {"sv": 'ska tak "högst en miljon": …', "en": 'must cap "at most one million": …'}
_RULE = {"sv": 'ska tak "högst en miljon": belopp <= 1 mnkr', "en": 'must cap "at most one million": amount <= 1 MSEK'}
_PROHIBITION = {"sv": "ska inget_företag: sökande.typ inte i (företag)",
                "en": "must no_company: applicant.kind not in (company)"}
_PERMISSION = {"sv": ("får", 'får namn "rubrik": villkor', "belopp <= 1 mnkr"),
               "en": ("may", 'may name "label": condition', "amount <= 1 MSEK")}
_IN_LIST = {"sv": "projekttyp i (förstudie, metodutveckling)", "en": "project_type in (pilot, method)"}
_LANGUAGE = {"sv": mark("Swedish"), "en": mark("English")}


def _special(word: str, kind: str, stack: list[str], key: str, source: SourceFile, line: int, column: int, lang: str,
             last_line: int):
    """The mistakes that have a better message than "unexpected": a prohibition written as a
    strength, a setting with "=", an unquoted text with a space, a rule without a name."""
    text = source.line_text(line)
    span = source.point(line, column, max(1, len(word)))
    if key == "rule_head" and stack[-1:] == ["NAME"]:
        strength = re.match(r"\s*(\S+)\s+(\S+)\s", text)
        if strength and strength.group(2) in _NOT_WORDS:
            s, n = strength.group(1), strength.group(2)
            return error("SIR010", exact("`{strength} {word}` is not a rule strength", lang, strength=s, word=n),
                         source.point(line, text.index(s) + 1, len(s) + 1 + len(n)),
                         exact("a prohibition is a must-rule with `not` in its condition, e.g. `{example}`", lang,
                               example=_PROHIBITION[lang]))
    inside = re.match(r"\s*\S.*?\s(får|may)\s", text)
    if key in ("rule_head", "rule_name") and inside and not re.match(r"\s*(får|may)\s", text):
        w = inside.group(1)
        may, rule, limit = _PERMISSION[lang]
        return error("SIR014", exact("`{word}` in the middle of a condition", lang, word=w),
                     source.point(line, inside.start(1) + 1, len(w)),
                     exact("`{may}` starts a permission, a rule of its own: `{rule}`; a limit is `{limit}`", lang,
                           may=may, rule=rule, limit=limit))
    bare = re.search(r"\s(i|in)\s+([^\W\d]\w*)\s*$", text[:column - 1])
    if kind == "COMMA" and bare and key in ("after_condition", "statement", "condition"):
        k, w = bare.group(1), bare.group(2)
        return error("SIR015", exact("a list after `in` is written in parentheses", lang),
                     source.point(line, bare.start(2) + 1, column - 1 - bare.start(2)),
                     exact("write `{code}`, e.g. `{example}`", lang, code=f"{k} ({w}, …)", example=_IN_LIST[lang]))
    if key == "rule_name" and kind == "STRING":
        return error("SIR011", exact("the rule has no name", lang), span,
                     exact("a rule has a name (one word) before its label, e.g. `{example}`", lang,
                           example=_RULE[lang]))
    if key == "setting" and word == "=":
        name = re.match(r"\s*(\S+)", text).group(1)
        return error("SIR012", exact("a setting is written with a colon, not `=`", lang), span,
                     exact("write `{name}: …` (`=` belongs to `constant` and `group`)", lang, name=name))
    text = source.line_text(last_line)
    value = re.match(r"\s*([^\W\d]\w*)\s*:\s*([^\s\"#]+(?:[ \t]+[^\s\"#]+)+)\s*(#.*)?$", text)
    if key == "setting" and value and stack[-2:-1] != ["block_kw"]:
        name, val = value.group(1), value.group(2)
        return error("SIR013", exact("a text with a space is written in quotes", lang),
                     source.point(last_line, text.index(val, text.index(":")) + 1, len(val)),
                     exact('write `{name}: "{value}"`', lang, name=name, value=val))
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
    if other and other[1] != lang and other[0] in _STATEMENT_KEYWORDS:
        return error("SIR002", exact("unexpected word {word} at the start of a statement", lang, word=repr(word)), span,
                     _other_language(word, keywords.spelling(other[0], lang), lang))
    words = [w for k in _STATEMENT_KEYWORDS for w in keywords.KEYWORDS[k][0 if lang == "sv" else 1]]
    close = difflib.get_close_matches(word.lower(), words, n=1, cutoff=0.6)
    if close:
        return error("SIR002", exact("unknown word {word} at the start of a statement", lang, word=repr(word)), span,
                     exact('did you mean "{word}"?', lang, word=close[0]))
    return None


def _other_language(word: str, own: str, lang: str) -> str:
    """The hint for a keyword of the other language: the file's own spelling of it."""
    other = "en" if lang == "sv" else "sv"
    return exact('"{word}" is {other}; this file is written with {this} keywords (`{head}`): write "{own}"', lang,
                 word=word, other=exact(_LANGUAGE[other], lang), this=exact(_LANGUAGE[lang], lang),
                 head=keywords.spelling("GUIDELINE", lang), own=own)


def _end_position(source: SourceFile) -> tuple[int, int]:
    text = source.text.rstrip()
    return source.position(max(0, len(text) - 1))


def _unexpected_word(word: str, expected, source: SourceFile, line: int, column: int, lang: str,
                     stack=(), where: str = "", hint: str | None = None):
    span = source.point(line, column, len(word))
    candidates = []
    for t in expected:
        if t.startswith("KW_"):
            sv_words, en_words = keywords.KEYWORDS[t[3:]]
            candidates.extend(sv_words if lang == "sv" else en_words)
    close = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    if close:
        return error("SIR002", exact("unknown word {word} {where}", lang, word=repr(word), where=where).rstrip(), span,
                     exact('did you mean "{word}"?', lang, word=close[0]))
    other = keywords.lookup(word)
    message = exact("unexpected word {word} {where}", lang, word=repr(word), where=where).rstrip()
    if other and other[1] != lang:
        return error("SIR002", message, span, _other_language(word, keywords.spelling(other[0], lang), lang))
    return error("SIR002", message, span, hint)
