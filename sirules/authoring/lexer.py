"""A Pygments lexer for sirules guidelines (``.sir``).

The keyword list is not spelled here: it comes from :data:`sirules.language.keywords.KEYWORDS`, the one
table the grammar, the formatter and the diagnostics use, so a keyword added there is highlighted
here too. Keywords of both languages are recognised everywhere (a file uses one language, so a
Swedish keyword in an English file is rare); like the parser, the lexer never fails: any character
it does not know is plain text, so a broken example still highlights.

Pygments finds it through the ``pygments.lexers`` entry point ``sir`` (see ``pyproject.toml``), so
``pygmentize -l sirules FILE.sir`` and any tool built on Pygments highlight guidelines once
sirules is installed; the documentation registers it with Sphinx (``docs/_ext/sirules_docs.py``).
This is the only module of sirules that imports Pygments (a dependency of rich).

>>> from pygments.token import Keyword, Name
>>> [(t, v) for t, v in SirLexer().get_tokens("ska tak: belopp <= 1 mnkr") if v.strip()][:3]
[(Token.Keyword, 'ska'), (Token.Name.Function, 'tak'), (Token.Punctuation, ':')]
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

from sirules.language.keywords import KEYWORDS

__all__ = ["SirLexer"]

#: keyword rows by role; a row not listed here is highlighted as a plain keyword
_DECLARATION = {"GUIDELINE", "SECTION", "CONSTANT", "GROUP", "KIND", "FACT", "PROJECT_TYPE",
                "PARTS", "FUND", "DECISION", "EVALUATION", "REPAYMENT", "RISK", "PORTFOLIO",
                "CALCULATION", "FIELD", "REFERENCE", "ROUND", "COMMITMENT", "POT"}
_STRENGTH = {"MUST", "SHOULD", "PRIORITY", "MAY"}
_WORD_OPERATOR = {"AND", "OR", "NOT", "IS", "IN", "BETWEEN", "OF", "IF", "THEN"}
_BUILTIN = {"COUNT", "DISTINCT", "AMONG", "PARTICIPANTS", "WHERE", "EVERY", "HAS", "SUM", "MAX",
            "MIN", "PRESENT", "EVERY_YEAR", "OPEN_ROUND",
            "EARLIER_GRANTS", "POT_GRANTED", "FUND_BALANCE", "HIGH_RISK_SHARE"}
_CONSTANT = {"YES", "NO"}
#: units of amounts, percentages and durations (as in grammar/sirules.lark, terminal UNIT)
_UNITS = ("kronor", "kr", "tkr", "mnkr", "mkr", "mdkr", "öre", "ksek", "msek", "sek", "procent",
          "percent", "%", "years", "year", "år", "månader", "månad", "months", "month")


def _spellings(rows) -> list[str]:
    out = set()
    for row in rows:
        sv, en = KEYWORDS[row]
        out.update(sv + en)
    out.discard("§")
    return sorted(out, key=len, reverse=True)


def _kw(rows, token):
    """A rule matching every spelling of ``rows`` as a whole word (multi-word keywords too)."""
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in _spellings(rows))
    return (rf"(?<![\w])(?:{alternatives})(?![\w])", token)


_OTHER = set(KEYWORDS) - _DECLARATION - _STRENGTH - _WORD_OPERATOR - _BUILTIN - _CONSTANT
_STRENGTH_WORDS = "|".join(re.escape(w) for w in _spellings(_STRENGTH))
_UNIT_WORDS = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))


class SirLexer(RegexLexer):
    """Guidelines of social investment funds written in the sirules language."""

    name = "sirules"
    aliases = ["sirules", "sir"]
    filenames = ["*.sir"]
    mimetypes = ["text/x-sirules"]
    flags = re.MULTILINE | re.UNICODE

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r'"""(?:[^"\\]|\\.|"(?!""))*"""', String.Doc),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"\d{4}-\d{2}-\d{2}(?![\w-])", Number.Other),          # a date
            # a number (with spaces between thousands) and its unit
            (rf"(\d{{1,3}}(?: \d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)(\s*)((?i:{_UNIT_WORDS}))(?![\w])",
             bygroups(Number, Whitespace, Keyword.Type)),
            (r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?", Number),
            # a rule: its strength and its name
            (rf"(?<![\w])({_STRENGTH_WORDS})(\s+)([^\W\d]\w*)", bygroups(Keyword, Whitespace, Name.Function)),
            (r"§", Keyword.Declaration),
            _kw(_DECLARATION, Keyword.Declaration),
            _kw(_STRENGTH, Keyword),
            _kw(_WORD_OPERATOR, Operator.Word),
            _kw(_BUILTIN, Name.Builtin),
            _kw(_CONSTANT, Keyword.Constant),
            _kw(_OTHER, Keyword),
            # a setting: "name:" (in the head, a section or a block)
            (r"([^\W\d]\w*)(\s*)(:)", bygroups(Name.Attribute, Whitespace, Punctuation)),
            (r"[^\W\d]\w*", Name),
            (r">=|<=|!=|[≥≤≠=<>+\-*/]", Operator),
            (r"[(),.:]", Punctuation),
            (r".", Text),                                            # never an error token
        ],
    }

