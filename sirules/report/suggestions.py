"""The suggestions of ``check --suggest`` as plain text, in the guideline's language.

:func:`suggestion_lines` is shared with the rich tables of :mod:`sirules.report.richtext`.
"""

from __future__ import annotations

from ..language.i18n import mark, shown, tr
from ..language.printable import printable_lines
from .render import verdict_word

#: the words of the suggestions (``tr`` them)
SUGGEST_WORDS = {"head": mark("suggestions"), "then": mark("then"), "line": mark("line"),
                 "after": mark("with all suggestions applied"), "still": mark("still"), "left": mark("remaining"),
                 "none": mark("no suggestions: the application meets every must-rule and required part"),
                 "superseded": mark("superseded by the suggestion for {r}")}


def suggestion_lines(s) -> list[str]:
    """The suggestions of :func:`sirules.engine.suggest.suggest` as lines, in the guideline's language.

    Each suggestion: the rule, its clause and line, then the sentence. A suggestion of a later
    round (needed once the earlier ones are applied) starts with "then". Last: the verdict with
    every suggestion applied, and the rules that still conflict.
    """
    lang = shown(s.lang)
    w = {k: tr(v, lang) for k, v in SUGGEST_WORDS.items() if k != "superseded"}
    if not s.items:
        return [w["none"]]
    out = [f"{w['head']}:"]
    for n, it in enumerate(s.items, 1):
        where = f"{it.clause}, {w['line']} {it.line}" if it.clause else f"{w['line']} {it.line}"
        then = f"{w['then']}: " if it.round > 1 else ""
        out.append(f"  {n}. {then}{it.rule.id}  ({where})")
        out.append(f"     {it.sentence}")
        if it.superseded_by:
            out.append(f"     ({tr(SUGGEST_WORDS['superseded'], lang, r=it.superseded_by)})")
    a = s.after
    if a.verdict == "accepted":
        out.append(f"{w['after']}: {verdict_word(a.verdict, lang).upper()}")
    else:
        line = f"{w['after']}: {w['still']} {verdict_word(a.verdict, lang).upper()}"
        if a.conflicts:
            line += " – " + "; ".join(c.message for c in a.conflicts)
        elif a.remaining:
            line += f"; {w['left']}: " + ", ".join(a.remaining)
        out.append(line)
    return out


def suggestions_text(s) -> str:
    return printable_lines("  " + line for line in suggestion_lines(s))
