"""The analyser's vocabulary of its own: unit and type words, block names, and the hints and
"did you mean" that its diagnostics carry."""

from __future__ import annotations

import difflib

from ..i18n import later
from .. import nodes as n
from .. import vocabulary as voc
from ..money import UNITS

MONEY_UNITS = {u for u in UNITS}
PERCENT_UNITS = {"%", "procent", "percent"}
YEAR_UNITS = {"år", "year", "years"}
MONTH_UNITS = {"månad", "månader", "month", "months"}
NUMERIC = {"money", "number", "percent", "duration"}
TYPE_WORDS = {"bool": later("yes/no"), "money": later("an amount of money"), "number": later("a number"),
              "percent": later("a percentage"), "duration": later("a duration"), "date": later("a date"),
              "text": later("a text"), "tags": later("a list of words"), "choice": later("a choice"),
              "kind": later("a participant kind"),
              "table": later("a table of yearly amounts"), "savings": later("a list of savings")}
BLOCKS = {"FUND": "fund", "DECISION": "decision", "EVALUATION": "evaluation", "REPAYMENT": "repayment",
          "RISK": "risk", "PORTFOLIO": "portfolio", "CALCULATION": "calculation"}
SPECIAL = {"fund_size": "fund_size", "fondstorlek": "fund_size",
           "yearly_fund_size": "yearly_fund_size", "årlig_fondstorlek": "yearly_fund_size"}


def suggest(word: str, candidates) -> str | None:
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    if not close:
        return None
    from ..confusables import lookalike_note        # a look-alike letter is invisible: name it
    note = lookalike_note(word, close[0]) if not word.isascii() else None
    if note:
        return later('did you mean "{word}"? ({note})', word=close[0], note=note)
    return later('did you mean "{word}"?', word=close[0])


def kinds_hint(lang: str) -> str:
    names = [t.name(lang) for t in voc.KINDS.values()]
    return later("known kinds: {names}, …", names=", ".join(names[:8]))


def block_word(block: str, lang: str) -> str:
    from ..keywords import spelling
    if block in ("head", "section"):
        return {"head": later("the guideline"), "section": later("a section")}[block]
    return f'"{spelling(block.upper(), lang)}"'


def type_hint(base: str, lang: str) -> str | None:
    return {
        "money": later('write an amount with a unit, e.g. "10 mnkr" or "500 000 kr"'),
        "percent": later('write a percentage, e.g. "3,5 %"'),
        "date": later("write a date as YYYY-MM-DD"),
        "duration": later('write a duration with a unit, e.g. "3 år" or "18 månader"'),
        "text": later('write a text in quotes, e.g. "Kommunstyrelsen"'),
        "number": later("write a number"),
        "bool": later("write ja/nej (yes/no)"),
    }.get(base)


def bool_hint(node, lang: str) -> str | None:
    if isinstance(node, n.Compare) and isinstance(node.left, n.Count) and node.left.filter is not None:
        return None
    if isinstance(node, n.Count) and node.filter is not None:
        return ("a count needs a comparison, e.g. count participants where kind is municipal_unit >= 2"
                if lang == "en" else
                "ett antal behöver en jämförelse, t.ex. antal deltagare där typ är förvaltning >= 2")
    return None
