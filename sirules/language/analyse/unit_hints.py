"""Hints for a comparison of two types that differ by a unit: they point at the fix.

Which side is wrong decides the hint. A fact that is a plain number (an age, a number of years)
compared with a quantity that has a unit (``ålder_till <= 25 år``): drop the unit. A fact with a
unit (an amount, a duration) compared with a bare number (``belopp <= 500000``): add one. An
amount compared with a percentage: take the percentage of an amount. Two facts of different types
get no unit hint: no unit written in the rule is wrong.
"""

from __future__ import annotations

import re

from .. import model as m
from .. import nodes as n

_UNITS = ("money", "duration", "percent")


def number_part(text: str) -> str:
    """The number of a quantity as written, without its unit: "25 år" -> "25", "1,5 mnkr" -> "1,5"."""
    found = re.match(r"\s*(-?[\d][\d\s.,]*?)\s*(?:[^\d\s.,][^\s]*)?\s*$", text)
    return found.group(1).strip() if found else text.strip()


def unit_hint(left: m.Expr, right: m.Expr, node, lang: str) -> str | None:
    """The hint for comparing ``left`` with ``right`` (types differ), or None."""
    en = lang == "en"
    for lit, other, lit_left in ((right, left, False), (left, right, True)):
        if not isinstance(lit, m.Const) or isinstance(other, m.Const):
            continue
        lt, ot = lit.type, other.type
        if lt in _UNITS and ot == "number":
            bare = number_part(lit.text)
            if isinstance(node, n.Compare):
                bare = f"{bare} {node.op} {other.text}" if lit_left else f"{other.text} {node.op} {bare}"
            return (f"{other.text} is a number: drop the unit and write {bare}" if en
                    else f"{other.text} är ett tal: ta bort enheten och skriv {bare}")
        if lt == "number" and ot == "money":
            return 'give the amount a unit, e.g. "500 000 kr"' if en else 'ange beloppet med enhet, t.ex. "500 000 kr"'
        if lt == "number" and ot == "duration":
            return ('give the duration a unit, e.g. "3 years" or "36 months"' if en
                    else 'ange tiden med enhet, t.ex. "3 år" eller "36 månader"')
        if lt == "number" and ot == "percent":
            bare = number_part(lit.text)
            return (f'{other.text} is a percentage: write "{bare} %"' if en
                    else f'{other.text} är en procentsats: skriv "{bare} %"')
        if lt == "percent" and ot == "money":
            share = lit.text.strip() or "50 %"
            return (f'to compare with a share of an amount, write e.g. "{share} of total_cost"' if en
                    else f'för att jämföra med en andel av ett belopp, skriv t.ex. "{share} av total_kostnad"')
        if lt == "money" and ot == "percent":
            return (f'{other.text} is a percentage: write a percentage, e.g. "30 %"' if en
                    else f'{other.text} är en procentsats: skriv en procentsats, t.ex. "30 %"')
    return None


def setting_unit_hint(base: str, got: str, text: str, lang: str) -> str | None:
    """A setting that takes a plain number given a quantity with a unit (``amorteringstid: 5 år``)."""
    if base == "number" and got in _UNITS:
        bare = number_part(text)
        return (f"the setting takes a plain number: drop the unit and write {bare}" if lang == "en"
                else f"inställningen tar ett tal: ta bort enheten och skriv {bare}")
    return None
