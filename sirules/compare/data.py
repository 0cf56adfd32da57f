"""The data of ``sirules compare`` that its reports share: the guidelines compared and their columns,
and the concepts of a :class:`Comparison` (made by :mod:`sirules.compare.concepts`), all frozen.
"""

from __future__ import annotations

import datetime

import attrs

from ..language import model as m
from ..language.i18n import Tables, mark

LANGS = ("en", "sv")

# ---- topics ------------------------------------------------------------------------------

TOPICS = Tables({
    "identity": mark("Guideline"), "fund": mark("Fund"), "who": mark("Who may apply and who must take part"),
    "caps": mark("Caps and limits"), "target": mark("Target group"), "parts": mark("Application parts"),
    "rules": mark("Rules"), "criteria": mark("Criteria (yes/no facts)"), "other": mark("Other rules"),
    "repayment": mark("Repayment"), "risk": mark("Risk"), "evaluation": mark("Evaluation"),
    "decision": mark("Decision route"), "portfolio": mark("Portfolio"), "calculation": mark("Calculation"),
}, sv={"identity": "Riktlinjen"})


# ---- the data ----------------------------------------------------------------------------

@attrs.frozen
class Subject:
    """A guideline to compare: a loaded guideline, as in force on ``on`` (None: every version)."""
    label: str
    path: str
    on: datetime.date | None
    compiled: object = attrs.field(eq=False, repr=False)      # a CompiledGuideline

    @property
    def model(self) -> m.Guideline:
        return self.compiled.model


@attrs.frozen
class Column:
    """What a report says about one compared guideline."""
    label: str
    path: str
    on: datetime.date | None
    title: str
    body: str | None
    lang: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"label": self.label, "path": self.path, "date": _iso(self.on), "title": self.title,
                "body": self.body, "lang": self.lang, "valid_from": _iso(self.valid_from),
                "valid_to": _iso(self.valid_to), "notes": list(self.notes)}


class Cited:
    """The clause a statement comes from, from its ``line``, ``section`` and ``heading`` fields."""
    __slots__ = ()

    @property
    def clause(self) -> str:
        if self.section is None:
            return ""
        return f"§ {self.section} {self.heading}" if self.heading else f"§ {self.section}"

    def cite(self, lang: str = "en", short: bool = False) -> str:
        return _cite(self.line, self.section, lang, short)


def _cite(line: int, section: str | None, lang: str, short: bool) -> str:
    """"§ 3, line 45" (short: "§ 3, l. 45"); '' without a source line (a summary).

    >>> _cite(45, "3", "sv", True), _cite(12, None, "en", False)
    ('§ 3, r. 45', 'line 12')
    """
    if not line:
        return ""
    word = ("r." if lang == "sv" else "l.") if short else ("rad" if lang == "sv" else "line")
    return f"§ {section}, {word} {line}" if section else f"{word} {line}"


@attrs.frozen
class Item(Cited):
    """One statement of a guideline about a concept, with the clause it comes from."""
    text: str                          # in the report's language
    key: str                           # canonical and language-neutral: what is compared
    line: int = 0
    section: str | None = None
    heading: str | None = None
    rule: str | None = None
    strength: str | None = None        # must | should | priority | part | supplied; None for settings
    slot: str = ""                     # what it is about inside the concept, to pair two versions
    cond: str | None = None            # canonical key of the condition it carries ("if ...")
    low: tuple | None = None           # (value, strict) of a numeric lower bound
    high: tuple | None = None          # (value, strict) of a numeric upper bound
    status: str | None = None          # paused | closed: a rule written so, not applied

    def to_json(self) -> dict:
        out = {"text": self.text, "key": self.key, "clause": self.clause, "section": self.section,
               "line": self.line or None, "rule": self.rule, "strength": self.strength, "status": self.status}
        return {k: v for k, v in out.items() if v is not None and v != ""}


@attrs.frozen
class Cell:
    items: tuple[Item, ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(sorted(i.key for i in self.items))


@attrs.frozen
class Concept:
    """A row: one concept, one cell per guideline."""
    topic: str
    key: str
    label: str
    cells: tuple[Cell, ...]
    summary: bool = False              # derived from other rows; not part of change lists

    @property
    def differs(self) -> bool:
        return len({c.key for c in self.cells}) > 1


@attrs.frozen
class Comparison:
    lang: str
    columns: tuple[Column, ...]
    concepts: tuple[Concept, ...]

    def concept(self, key: str) -> Concept | None:
        return next((c for c in self.concepts if c.key == key), None)

    def topic_label(self, topic: str) -> str:
        return TOPICS[self.lang][topic]

    def to_json(self) -> dict:
        return {"lang": self.lang, "guidelines": [c.to_json() for c in self.columns],
                "concepts": [{"topic": c.topic, "key": c.key, "label": c.label, "differs": c.differs,
                              "summary": c.summary,
                              "cells": [{"guideline": col.label, "items": [i.to_json() for i in cell.items]}
                                        for col, cell in zip(self.columns, c.cells)]}
                             for c in self.concepts]}


# ---- columns -----------------------------------------------------------------------------

def report_lang(subjects, lang: str | None = None) -> str:
    """The guidelines' language when all share one, else English."""
    if lang:
        return lang
    langs = {s.model.lang for s in subjects}
    return langs.pop() if len(langs) == 1 else "en"


def column(s: Subject, lang: str) -> Column:
    g = s.model
    notes = []
    if s.on is not None and not in_force(g.valid_from, g.valid_to, s.on):
        span = f"{_iso(g.valid_from) or '…'} – {_iso(g.valid_to) or '…'}"
        notes.append(f"inte i kraft {s.on.isoformat()} (gäller {span})" if lang == "sv"
                     else f"not in force on {s.on.isoformat()} (valid {span})")
    return Column(s.label, s.path, s.on, g.title, g.identity.get("body"), g.lang, g.valid_from, g.valid_to,
                  tuple(notes))


def in_force(start, end, on) -> bool:
    return on is None or ((start is None or start <= on) and (end is None or on <= end))


def _iso(d) -> str | None:
    return d.isoformat() if d else None
