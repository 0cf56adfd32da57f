"""The keyword table: every keyword of the language in Swedish and in English.

This table is the only place keywords are spelled. The grammar refers to keywords
by terminal name (``KW_MUST``); :mod:`sirules.language.syntax` turns each row into a lark
terminal that accepts every spelling, the formatter uses the first spelling of
the file's language, and diagnostics suggest spellings from it.

Keywords are *soft*: the parser uses lark's contextual lexer, so a keyword is only
recognised where the grammar allows it. ``risk`` starts a risk block at the top
level but is an ordinary name inside an expression.

>>> KEYWORDS["MUST"]
(('ska',), ('must',))
>>> spelling("MUST", "en")
'must'
"""

from __future__ import annotations

LANGS = ("sv", "en")

#: terminal suffix -> (Swedish spellings, English spellings); first is canonical.
KEYWORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # structure
    "GUIDELINE": (("riktlinje",), ("guideline",)),
    "SECTION": (("avsnitt", "§"), ("section", "§")),
    "VALID": (("gäller",), ("valid",)),
    "FROM": (("från",), ("from",)),
    "TO": (("till",), ("to",)),
    # declarations
    "CONSTANT": (("konstant",), ("constant",)),
    "GROUP": (("grupp",), ("group",)),
    "KIND": (("aktörstyp",), ("kind",)),
    "FACT": (("faktum",), ("fact",)),
    "PROJECT_TYPE": (("projekttyp",), ("project type",)),
    "PART": (("del",), ("part",)),
    # rules
    "MUST": (("ska",), ("must",)),
    "SHOULD": (("bör",), ("should",)),
    "PRIORITY": (("prioriteras",), ("priority",)),
    "WEIGHT": (("vikt",), ("weight",)),
    # application parts
    "PARTS": (("delar",), ("parts",)),
    "REQUIRED": (("krävs",), ("required",)),
    "OPTIONAL": (("valfri", "valfria"), ("optional",)),
    "SUPPLIED": (("tillförs av",), ("supplied by",)),
    # blocks of settings
    "FUND": (("fond",), ("fund",)),
    "DECISION": (("beslut",), ("decision",)),
    "EVALUATION": (("utvärdering",), ("evaluation",)),
    "REPAYMENT": (("återbetalning",), ("repayment",)),
    "RISK": (("risk",), ("risk",)),
    "PORTFOLIO": (("portfölj",), ("portfolio",)),
    "CALCULATION": (("kalkyl",), ("calculation",)),
    # expressions
    "IF": (("om",), ("if",)),
    "THEN": (("så",), ("then",)),
    "AND": (("och",), ("and",)),
    "OR": (("eller",), ("or",)),
    "NOT": (("inte", "ej"), ("not",)),
    "IS": (("är",), ("is",)),
    "IN": (("i",), ("in",)),
    "BETWEEN": (("mellan",), ("between",)),
    "OF": (("av",), ("of",)),
    "COUNT": (("antal",), ("count",)),
    "DISTINCT": (("olika",), ("distinct",)),
    "AMONG": (("bland",), ("among",)),
    "PARTICIPANTS": (("deltagare", "deltagarna"), ("participants", "participant")),
    "WHERE": (("där",), ("where",)),
    "EVERY": (("varje", "alla"), ("every", "all")),
    "HAS": (("har",), ("has", "have")),
    "SUM": (("summa",), ("sum",)),
    "MAX": (("högsta",), ("max",)),
    "MIN": (("lägsta",), ("min",)),
    "PRESENT": (("finns",), ("present",)),
    "YES": (("ja",), ("yes",)),
    "NO": (("nej",), ("no",)),
    # participant fields, attested facts and reference values
    "FIELD": (("deltagarfält",), ("participant field",)),
    "ATTESTED": (("intygas av",), ("attested by",)),
    "PER": (("enligt",), ("per",)),
    "REFERENCE": (("referensvärde",), ("reference value",)),
    "MAY": (("får",), ("may",)),
    # dates, call rounds and duties (#17 points 2 and 5)
    "ROUND": (("omgång",), ("round",)),
    "WITHIN": (("inom",), ("within",)),
    "OPEN_ROUND": (("en öppen omgång", "öppen omgång"), ("an open round", "open round")),
    "EVERY_YEAR": (("varje år",), ("every year",)),
    "PAUSED": (("pausad",), ("paused",)),
    "CLOSED": (("stängd",), ("closed",)),
    "COMMITMENT": (("åtagande",), ("commitment",)),
    "BY": (("senast",), ("by",)),
    "AFTER_END": (("efter projektslut",), ("after the project ends", "after project end")),
    # the fund's register (#18 point 3): pots, and values read from earlier decisions
    "POT": (("pott",), ("pot",)),
    "PER_YEAR": (("per år",), ("per year",)),
    "EARLIER_GRANTS": (("antal tidigare beviljanden för projektet",), ("number of earlier grants for the project",)),
    "POT_GRANTED": (("summa beviljat i år ur pott",), ("sum granted this year from pot",)),
    "FUND_BALANCE": (("fondens saldo",), ("the fund's balance",)),
    "HIGH_RISK_SHARE": (("andel högriskprojekt i portföljen",), ("share of high-risk projects in the portfolio",)),
}

#: every spelling -> (terminal suffix, language)
_BY_WORD: dict[str, tuple[str, str]] = {}
for _name, (_sv, _en) in KEYWORDS.items():
    for _w in _sv:
        _BY_WORD.setdefault(_w, (_name, "sv"))
    for _w in _en:
        _BY_WORD.setdefault(_w, (_name, "en"))


def spelling(name: str, lang: str) -> str:
    """The canonical spelling of keyword ``name`` in ``lang`` ("sv" or "en")."""
    sv, en = KEYWORDS[name]
    return (sv if lang == "sv" else en)[0]


def lookup(word: str) -> tuple[str, str] | None:
    """(keyword name, language) for a spelling, or None.

    >>> lookup("bör")
    ('SHOULD', 'sv')
    """
    return _BY_WORD.get(" ".join(word.split()))


def terminal_definitions() -> str:
    """Lark terminal definitions ``KW_<NAME>`` for every row of the table."""
    lines = []
    for name, (sv, en) in KEYWORDS.items():
        words = sorted(set(sv + en), key=lambda w: (-len(w), w))   # stable: the text keys the parser cache
        alts = "|".join(_word_regex(w) for w in words)
        if all(w[0].isalnum() for w in words):      # one look behind for all (the same matches)
            lines.append(f"KW_{name}.3: /(?<![\\w])(?:{alts})(?![\\w])/")
        else:
            alts = "|".join((r"(?<![\w])" if w[0].isalnum() else "") + _word_regex(w) for w in words)
            lines.append(f"KW_{name}.3: /(?:{alts})(?![\\w])/")
    return "\n".join(lines) + "\n"


def _word_regex(word: str) -> str:
    """A spelling, its words apart by any whitespace."""
    import re

    return r"\s+".join(re.escape(p) for p in word.split())
