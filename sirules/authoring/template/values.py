"""A value of each type for the TOML skeleton (:func:`placeholder`) and what each type takes
(:func:`type_note`)."""

from __future__ import annotations

import datetime

from ...language.i18n import later
from ...language import model as m
from .entries import Entry


def _example_year(g: m.Guideline) -> int:
    return (g.valid_from or datetime.date(2025, 1, 1)).year


def placeholder(e: Entry, g: m.Guideline):
    """A value of the right type, shown (commented out) in the TOML skeleton."""
    t = e.type
    if t == "money":
        return 0
    if t == "bool":
        return True
    if t == "date":
        return g.valid_from or datetime.date(_example_year(g), 1, 1)
    if t == "duration":
        return "1 år" if g.lang == "sv" else "1 year"
    if t == "number":
        return 0
    if t == "percent":
        return "0 %"
    if t == "tags":
        return list(e.choices[:1])
    if t in ("choice", "kind"):
        return e.choices[0] if e.choices else ("municipal_unit" if t == "kind" else "")
    return ""


def type_note(e: Entry) -> str:
    t = e.type
    if t == "money":
        return later('an amount: whole kronor (1500000) or a text with a unit ("1,5 mnkr")')
    if t == "bool":
        return later("yes/no: true or false")
    if t == "date":
        return later("a date: YYYY-MM-DD")
    if t == "duration":
        return later('a duration: months (24) or a text ("2 år", "2 years")')
    if t == "number":
        return later("a number")
    if t == "percent":
        return later('a percentage: a number (30) or a text ("30 %")')
    if t == "tags":
        named = later("; the rules name: {names}", names=", ".join(e.choices)) if e.choices else ""
        return later('a word or a list of words, e.g. ["barn", "unga"]{named}', named=named)
    if t == "choice":
        return later("one of: {choices}", choices=", ".join(e.choices)) if e.choices else later("a word")
    if t == "kind":
        named = later("; the rules name: {names}", names=", ".join(e.choices)) if e.choices else ""
        return later("a participant kind, e.g. municipal_unit, association, company{named}", named=named)
    return later("a text")
