"""Guidelines side by side, aligned by concept: the data behind ``sirules compare``.

Three results, all frozen data (rendering is in :mod:`sirules.compare_render`):

- :func:`compare` gives a :class:`Comparison`: one :class:`Concept` row per idea (fund size, amount
  cap, who must take part, required parts, repayment model, ...) with one :class:`Cell` per
  guideline. Every :class:`Item` of a cell keeps the clause and line it comes from and a canonical,
  language-neutral key, so a guideline written with Swedish keywords compares with one written with
  English keywords by meaning, not by words.
- :func:`changes` gives a :class:`ChangeSet`: what was added, removed or changed between two columns
  of a comparison, marked tightened or loosened where that can be told.
- :func:`behaviour` gives a :class:`Matrix`: every application through every guideline.

Concepts are read off the model's expression trees: ``amount <= 1 mnkr`` is an amount cap,
``amount <= 50 % of total_cost`` a share-of-cost cap, ``duration between 1 year and 3 years`` a
duration range, ``count participants where kind is municipal_unit >= 2`` says who must take part,
``if project_type is X then ...`` gives a cap per project type. What fits no concept is listed under
"other rules", so nothing a guideline demands is lost.

>>> from sirules.pipeline import load_text
>>> a = Subject("a", "<a>", None, load_text('guideline "A"\\nmust cap "cap": amount <= 1 MSEK\\n'))
>>> b = Subject("b", "<b>", None, load_text('riktlinje "B"\\nska tak "tak": belopp <= 2 mnkr\\n'))
>>> c = compare([a, b])
>>> [i.text for i in c.concept("caps.amount").cells[1].items]
['must: ≤ 2 MSEK']
>>> [(x.what, x.direction) for x in changes(c).changes]
[('changed', 'loosened')]
"""

from __future__ import annotations

import datetime
import os
import re
from fractions import Fraction

import attrs

from . import model as m
from . import vocabulary as voc
from .diagnostics import SirulesError, error
from .money import format_money_short, format_number, format_percent

LANGS = ("en", "sv")
VERDICTS = ("accepted", "rejected", "incomplete", "error")

# ---- words -------------------------------------------------------------------------------

TOPICS = {
    "en": {"identity": "Guideline", "fund": "Fund", "who": "Who may apply and who must take part",
           "caps": "Caps and limits", "target": "Target group", "parts": "Application parts",
           "rules": "Rules", "criteria": "Criteria (yes/no facts)", "other": "Other rules",
           "repayment": "Repayment", "risk": "Risk", "evaluation": "Evaluation", "decision": "Decision route",
           "portfolio": "Portfolio", "calculation": "Calculation"},
    "sv": {"identity": "Riktlinjen", "fund": "Fonden", "who": "Vem kan söka och vilka ska delta",
           "caps": "Tak och gränser", "target": "Målgrupp", "parts": "Ansökans delar",
           "rules": "Regler", "criteria": "Kriterier (ja/nej-fakta)", "other": "Övriga regler",
           "repayment": "Återbetalning", "risk": "Risk", "evaluation": "Utvärdering", "decision": "Beslutsväg",
           "portfolio": "Portfölj", "calculation": "Kalkyl"},
}

LABELS = {
    "en": {"identity.body": "body", "identity.adopted_by": "adopted by", "identity.adopted": "adopted",
           "identity.reference": "reference", "identity.valid": "in force",
           "who.applicant": "applicant", "who.participants": "participants", "who.every": "every participant",
           "who.groups": "groups", "who.kinds": "own kinds",
           "caps.amount": "amount", "caps.per_year": "per year", "caps.share": "share of total cost",
           "caps.duration": "duration", "caps.per_type": "per project type", "caps.total_cost": "total cost",
           "caps.cofinancing": "co-financing", "caps.evaluation_cost": "evaluation cost", "caps.start": "start date",
           "target.age": "age", "target.group": "target group", "target.project_type": "project type",
           "parts.required": "required", "parts.supplied": "supplied by others",
           "rules.strengths": "rule strengths", "criteria.own": "own facts", "other.rules": "other"},
    "sv": {"identity.body": "organ", "identity.adopted_by": "antagen av", "identity.adopted": "antagen",
           "identity.reference": "diarienummer", "identity.valid": "gäller",
           "who.applicant": "sökande", "who.participants": "deltagare", "who.every": "varje deltagare",
           "who.groups": "grupper", "who.kinds": "egna aktörstyper",
           "caps.amount": "belopp", "caps.per_year": "per år", "caps.share": "andel av total kostnad",
           "caps.duration": "längd", "caps.per_type": "per projekttyp", "caps.total_cost": "total kostnad",
           "caps.cofinancing": "medfinansiering", "caps.evaluation_cost": "utvärderingskostnad",
           "caps.start": "startdatum", "target.age": "ålder", "target.group": "målgrupp",
           "target.project_type": "projekttyp", "parts.required": "krävs", "parts.supplied": "tillförs av andra",
           "rules.strengths": "regelstyrka", "criteria.own": "egna fakta", "other.rules": "övriga"},
}

WORDS = {
    "en": {"and": "and", "or": "or", "not": "not", "if": "if", "then": "then", "every": "every participant",
           "where": "where", "count": "count", "distinct": "distinct", "part": "part", "present": "present",
           "of": "of", "between": "between", "is": "is", "is not": "is not", "in": "in", "not in": "not in",
           "applicant": "applicant", "participants": "participants", "yes": "yes", "no": "no",
           "year": "year", "years": "years", "month": "month", "months": "months", "from": "from",
           "until": "until", "by": "by", "ages": "ages", "must": "must", "should": "should",
           "priority": "priority", "supplied": "supplied", "none": "none"},
    "sv": {"and": "och", "or": "eller", "not": "inte", "if": "om", "then": "så", "every": "varje deltagare",
           "where": "där", "count": "antal", "distinct": "olika", "part": "del", "present": "finns",
           "of": "av", "between": "mellan", "is": "är", "is not": "är inte", "in": "i", "not in": "inte i",
           "applicant": "sökande", "participants": "deltagare", "yes": "ja", "no": "nej",
           "year": "år", "years": "år", "month": "månad", "months": "månader", "from": "från",
           "until": "till", "by": "av", "ages": "ålder", "must": "ska", "should": "bör",
           "priority": "prioriteras", "supplied": "tillförs", "none": "ingen"},
}

OPS = {"<=": "≤", ">=": "≥", "!=": "≠", "<": "<", ">": ">", "=": "="}
FLIP = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "=", "!=": "!="}
RANK = {"must": 3, "part": 3, "should": 2, "priority": 1}

#: block settings shown, per block, in this order (None: every setting of the vocabulary)
BLOCK_SETTINGS = {"fund": ("size", "source", "model"), "repayment": None, "risk": None, "evaluation": None,
                  "decision": None, "portfolio": None, "calculation": None}
CAP_FACTS = {"amount": "caps.amount", "duration": "caps.duration", "total_cost": "caps.total_cost",
             "cofinancing": "caps.cofinancing", "evaluation_cost": "caps.evaluation_cost", "start": "caps.start",
             "age_from": "target.age", "age_to": "target.age"}


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


@attrs.frozen
class Item:
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

    @property
    def clause(self) -> str:
        return _clause(self.section, self.heading)

    def cite(self, lang: str = "en", short: bool = False) -> str:
        return _cite(self.line, self.section, lang, short)

    def to_json(self) -> dict:
        out = {"text": self.text, "key": self.key, "clause": self.clause, "section": self.section,
               "line": self.line or None, "rule": self.rule, "strength": self.strength}
        return {k: v for k, v in out.items() if v is not None and v != ""}


def _clause(section: str | None, heading: str | None) -> str:
    if section is None:
        return ""
    return f"§ {section} {heading}" if heading else f"§ {section}"


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


@attrs.frozen
class Change:
    topic: str
    concept: str
    label: str
    what: str                          # added | removed | changed
    direction: str | None              # tightened | loosened | None (cannot be told, or neither)
    old: Item | None
    new: Item | None

    def to_json(self) -> dict:
        return {"topic": self.topic, "concept": self.concept, "label": self.label, "change": self.what,
                "direction": self.direction, "old": self.old.to_json() if self.old else None,
                "new": self.new.to_json() if self.new else None}


@attrs.frozen
class ChangeSet:
    lang: str
    old: Column
    new: Column
    changes: tuple[Change, ...]

    def counts(self) -> dict[str, int]:
        out = {"tightened": 0, "loosened": 0, "other": 0}
        for c in self.changes:
            out[c.direction or "other"] += 1
        return out

    def to_json(self) -> dict:
        return {"old": self.old.to_json(), "new": self.new.to_json(), "counts": self.counts(),
                "changes": [c.to_json() for c in self.changes]}


@attrs.frozen
class Decider:
    """A rule that decides a verdict: a failing or undecided must-rule, or a missing part."""
    rule: str
    strength: str
    outcome: str                       # fail | undecided
    line: int
    section: str | None
    heading: str | None
    message: str

    @property
    def clause(self) -> str:
        return _clause(self.section, self.heading)

    def cite(self, lang: str = "en", short: bool = False) -> str:
        return _cite(self.line, self.section, lang, short)

    def to_json(self) -> dict:
        return {"rule": self.rule, "strength": self.strength, "outcome": self.outcome, "clause": self.clause,
                "line": self.line, "message": self.message}


@attrs.frozen
class Outcome:
    verdict: str                       # accepted | rejected | incomplete | error
    score: int = 0
    deciding: tuple[Decider, ...] = ()
    error: str | None = None           # why the guideline could not read the application

    def to_json(self) -> dict:
        out = {"verdict": self.verdict, "score": self.score, "deciding": [d.to_json() for d in self.deciding]}
        if self.error:
            out["error"] = self.error
        return out


@attrs.frozen
class Matrix:
    """Verdicts: one row per application, one column per guideline."""
    lang: str
    columns: tuple[Column, ...]
    applications: tuple[str, ...]      # short names
    paths: tuple[str, ...]
    rows: tuple[tuple[Outcome, ...], ...]

    @property
    def disagreements(self) -> tuple[int, ...]:
        return tuple(i for i, row in enumerate(self.rows) if len({o.verdict for o in row}) > 1)

    def counts(self, j: int) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for row in self.rows:
            out[row[j].verdict] += 1
        return out

    def agreement(self, i: int, j: int) -> int:
        return sum(row[i].verdict == row[j].verdict for row in self.rows)

    def to_json(self) -> dict:
        n = len(self.columns)
        return {"lang": self.lang, "guidelines": [c.to_json() for c in self.columns],
                "applications": [{"name": a, "path": p, "results": {c.label: o.to_json() for c, o in
                                                                    zip(self.columns, row)}}
                                 for a, p, row in zip(self.applications, self.paths, self.rows)],
                "summary": {"applications": len(self.rows), "unanimous": len(self.rows) - len(self.disagreements),
                            "disagreements": [self.applications[i] for i in self.disagreements],
                            "verdicts": {c.label: self.counts(j) for j, c in enumerate(self.columns)},
                            "agreement": {self.columns[i].label: {self.columns[j].label: self.agreement(i, j)
                                                                  for j in range(n)} for i in range(n)}}}


# ---- loading -------------------------------------------------------------------------------

def parse_spec(arg: str) -> tuple[str, datetime.date | None]:
    """``path`` or ``path@YYYY-MM-DD`` (the guideline as in force on that date).

    >>> parse_spec("guidelines/norrkoping.sir@2021-01-01")
    ('guidelines/norrkoping.sir', datetime.date(2021, 1, 1))
    """
    path, at, tail = arg.rpartition("@")
    if not at or os.path.exists(arg) or not re.fullmatch(r"\d[\d-]*", tail):
        return arg, None
    try:
        day = datetime.date.fromisoformat(tail)
    except ValueError:
        day = None
    if day is None or not path:
        raise SirulesError([error("SIR404", f"{arg!r}: {tail!r} is not a date" if path else f"{arg!r} has no file",
                                  hint="write PATH@YYYY-MM-DD, e.g. guidelines/norrkoping.sir@2021-01-01")])
    return path, day


def load_subjects(args, use_cache: bool = True) -> tuple[Subject, ...]:
    """Load every guideline argument; report every file that cannot be read at once."""
    from . import pipeline
    diags, found = [], []
    for arg in args:
        try:
            path, on = parse_spec(arg)
            found.append((path, on, pipeline.load(path, use_cache)))
        except SirulesError as exc:
            diags.extend(exc.diagnostics)
    if diags:
        raise SirulesError(diags)
    labels = _labels([(p, on) for p, on, _ in found])
    return tuple(Subject(label, p, on, g) for label, (p, on, g) in zip(labels, found))


def _labels(specs) -> list[str]:
    def name(path, on, depth):
        parts = os.path.normpath(os.path.splitext(path)[0]).split(os.sep)
        return "/".join(parts[-depth:]) + (f"@{on.isoformat()}" if on else "")
    depth = 1
    while True:
        labels = [name(p, on, depth) for p, on in specs]
        if len(set(labels)) == len({(os.path.normpath(p), on) for p, on in specs}) or depth > 8:
            break                          # a longer name cannot tell one file given twice apart
        depth += 1
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return out


def report_lang(subjects, lang: str | None = None) -> str:
    """The guidelines' language when all share one, else English."""
    if lang:
        return lang
    langs = {s.model.lang for s in subjects}
    return langs.pop() if len(langs) == 1 else "en"


def column(s: Subject, lang: str) -> Column:
    g = s.model
    notes = []
    if s.on is not None and not _in_force(g.valid_from, g.valid_to, s.on):
        span = f"{_iso(g.valid_from) or '…'} – {_iso(g.valid_to) or '…'}"
        notes.append(f"inte i kraft {s.on.isoformat()} (gäller {span})" if lang == "sv"
                     else f"not in force on {s.on.isoformat()} (valid {span})")
    return Column(s.label, s.path, s.on, g.title, g.identity.get("body"), g.lang, g.valid_from, g.valid_to,
                  tuple(notes))


def _in_force(start, end, on) -> bool:
    return on is None or ((start is None or start <= on) and (end is None or on <= end))


def _iso(d) -> str | None:
    return d.isoformat() if d else None


# ---- structural comparison ---------------------------------------------------------------

def compare(subjects, lang: str | None = None) -> Comparison:
    """Align the guidelines concept by concept; rows no guideline fills are left out."""
    lang = report_lang(subjects, lang)
    found = [_Extractor(s, lang).run() for s in subjects]
    keys = _order({k for f in found for k in f})
    concepts = []
    for key in keys:
        cells = tuple(Cell(tuple(sorted(f.get(key, ()), key=lambda i: i.line))) for f in found)
        topic = key.split(".")[0]
        concepts.append(Concept(topic, key, _label(key, lang), cells, summary=key == "rules.strengths"))
    return Comparison(lang, tuple(column(s, lang) for s in subjects), tuple(concepts))


def _order(keys: set) -> list[str]:
    """Topics in the order of :data:`TOPICS`; inside a topic, the order of the labels, the facts and
    the settings in the vocabulary (a setting the vocabulary does not know comes last)."""
    order = list(LABELS["en"]) + [f"criteria.{k}" for k in voc.FACTS] + ["criteria.own"]
    order += [f"{b}.{k}" for b, only in BLOCK_SETTINGS.items() for k in (only or voc.SETTINGS[b])]
    rank = {k: i for i, k in enumerate(order)}
    topics = list(TOPICS["en"])
    return sorted(keys, key=lambda k: (topics.index(k.split(".")[0]), rank.get(k, len(order)), k))


def _label(key: str, lang: str) -> str:
    if key in LABELS[lang]:
        return LABELS[lang][key]
    block, _, name = key.partition(".")
    if block == "criteria":
        return (voc.FACTS[name].name(lang) if name in voc.FACTS else name).replace("_", " ")
    return _term(block, name).name(lang).replace("_", " ")


def _term(block: str, key: str) -> voc.Term:
    """The vocabulary entry of a setting (a plain text one for a key the vocabulary does not know)."""
    term = voc.SETTINGS.get(block, {}).get(key)
    return term if term is not None else voc.Term(key, key, "text*", key, key)


class _Show:
    """Expressions as short neutral text: in the report's language, or canonical (English keys, groups
    spelled out as their members) for comparison keys."""

    def __init__(self, g: m.Guideline, lang: str, canonical: bool = False):
        self.g, self.canon = g, canonical
        self.lang = "en" if canonical else lang
        self.w = WORDS[self.lang]

    # names
    def fact(self, key: str) -> str:
        t = voc.FACTS.get(key)
        own = key in self.g.facts and self.g.facts[key].declared
        return t.name(self.lang) if t and not own else key

    def kind(self, key: str) -> str:
        t = voc.KINDS.get(key)
        return t.name(self.lang) if t else key

    def part(self, key: str) -> str:
        t = voc.PARTS.get(key)
        return t.name(self.lang) if t else key

    def choice(self, word: str) -> str:
        return voc.CHOICE_SV.get(word, word) if self.lang == "sv" else word

    def field(self, key: str) -> str:
        t = voc.FIELDS.get(key)
        return t.name(self.lang) if t else key

    def kinds(self, e: m.Member) -> str:
        if e.group and not self.canon:
            return e.group
        names = sorted(self.kind(k) for k in e.values)
        return names[0] if len(names) == 1 else "[" + ", ".join(names) + "]"

    # values
    def value(self, v, type_: str) -> str:
        lang = self.lang
        if type_ == "money":
            return format_money_short(int(v), lang) if Fraction(v).denominator == 1 else str(v)
        if type_ == "percent":
            return format_percent(_dec(v), lang)
        if type_ == "ratio":
            return format_percent(_dec(Fraction(v) * 100), lang)
        if type_ == "duration":
            return self.duration(v)
        if type_ == "number":
            return format_number(_dec(v), lang)
        if type_ == "bool":
            return self.w["yes"] if v else self.w["no"]
        if type_ == "date":
            return v.isoformat()
        if type_ == "choice":
            return self.choice(str(v))
        if type_ == "text":
            return f'"{v}"'
        return str(v)

    def duration(self, months: int) -> str:
        if months % 12 == 0:
            n = months // 12
            return f"{n} {self.w['year'] if n == 1 else self.w['years']}"
        return f"{months} {self.w['month'] if months == 1 else self.w['months']}"

    def setting(self, v, term: voc.Term) -> str:
        base = term.type.rstrip("*")
        return str(v) if base == "text" else self.value(v, base)

    # expressions
    def __call__(self, e: m.Expr, nested: bool = False) -> str:
        w = self.w
        if isinstance(e, m.Const):
            return self.value(e.value, e.type)
        if isinstance(e, m.Fact):
            return self.fact(e.key)
        if isinstance(e, m.PField):
            return self.field(e.key)
        if isinstance(e, m.ApplicantField):
            return f"{w['applicant']}.{self.field(e.key)}"
        if isinstance(e, (m.And, m.Or)):
            word = w["and"] if isinstance(e, m.And) else w["or"]
            text = f" {word} ".join(self(i, nested=True) for i in e.items)
            return f"({text})" if nested else text
        if isinstance(e, m.Not):
            return f"{w['not']} {self(e.item, nested=True)}"
        if isinstance(e, m.Implies):
            text = f"{w['if']} {self(e.cond, True)} {w['then']} {self(e.then, True)}"
            return f"({text})" if nested else text
        if isinstance(e, m.Cmp):
            return self.cmp(e)
        if isinstance(e, m.Member):
            if e.item.type == "kind":
                word = w["not in" if e.negated else "in"] if (e.group and not self.canon) or len(e.values) > 1 \
                    else w["is not" if e.negated else "is"]
                return f"{self(e.item)} {word} {self.kinds(e)}"
            names = sorted(self.choice(v) for v in e.values)
            return f"{self(e.item)} {w['is not' if e.negated else 'is']} " + f" {w['or']} ".join(names)
        if isinstance(e, m.Between):
            return f"{self(e.item)} {w['between']} {self(e.low)} {w['and']} {self(e.high)}"
        if isinstance(e, m.Arith):
            return f"{self(e.left, True)} {e.op} {self(e.right, True)}"
        if isinstance(e, m.Neg):
            return f"-{self(e.item, True)}"
        if isinstance(e, m.ShareOf):
            return f"{self.value(e.share * 100, 'percent')} {w['of']} {self(e.base, True)}"
        if isinstance(e, m.Count):
            return f"{w['count']}({self.who(e)})"
        if isinstance(e, m.Every):
            where = f" {w['where']} {self(e.filter)}" if e.filter is not None else ""
            return f"{w['every']}{where}: {self(e.cond)}"
        if isinstance(e, m.Agg):
            return f"{e.fn} {self.fact(e.key)}"
        if isinstance(e, m.PartPresent):
            return f"{w['part']} {self.part(e.key)} {w['present']}"
        return e.text or type(e).__name__

    def who(self, e: m.Count) -> str:
        f = e.filter
        if f is None:
            text = self.w["participants"]
        elif isinstance(f, m.Member) and f.item.type == "kind" and not f.negated:
            text = self.kinds(f)
        else:
            text = self(f)
        if e.distinct:
            text += f" ({self.w['distinct']} {self.field(e.distinct)})"
        return text

    def cmp(self, e: m.Cmp) -> str:
        left, op, right = e.left, e.op, e.right
        if isinstance(left, m.Const) and not isinstance(right, m.Const):
            left, op, right = right, FLIP[op], left
        if isinstance(left, m.Count) and isinstance(right, m.Const) and _simple_count(left):
            return f"{OPS[op]} {self(right)} {self.who(left)}"
        return f"{self(left, True)} {OPS[op]} {self(right, True)}"


def _simple_count(e: m.Count) -> bool:
    f = e.filter
    return f is None or (isinstance(f, m.Member) and f.item.type == "kind" and not f.negated)


def _dec(v):
    from decimal import Decimal
    f = Fraction(v)
    if f.denominator == 1:
        return Decimal(f.numerator)
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.01")).normalize()


def _conjuncts(e: m.Expr) -> list[m.Expr]:
    if isinstance(e, m.And):
        return [c for i in e.items for c in _conjuncts(i)]
    return [e]


def _walk(e):
    yield e
    for name in ("items",):
        for i in getattr(e, name, ()) or ():
            yield from _walk(i)
    for name in ("item", "left", "right", "low", "high", "cond", "then", "base", "filter"):
        x = getattr(e, name, None)
        if isinstance(x, m.Expr):
            yield from _walk(x)


def _reads(e: m.Expr, cls) -> bool:
    return any(isinstance(x, cls) for x in _walk(e))


def _project_type(e: m.Expr) -> str | None:
    if isinstance(e, m.Member) and isinstance(e.item, m.Fact) and e.item.key == "project_type" and not e.negated:
        return ",".join(sorted(e.values))
    return None


class _Extractor:
    """The concepts of one guideline: concept key -> list of items."""

    def __init__(self, s: Subject, lang: str):
        self.s, self.g, self.on, self.lang = s, s.model, s.on, lang
        self.show = _Show(self.g, lang)
        self.canon = _Show(self.g, lang, canonical=True)
        self.w = WORDS[lang]
        self.out: dict[str, list[Item]] = {}
        self._lines: list[str] | None = None

    def run(self) -> dict[str, tuple[Item, ...]]:
        self._identity()
        self._blocks()
        self._declarations()
        rules = self.g.rules_on(self.on)
        for r in rules:
            if r.strength in ("part", "supplied"):
                self._part(r)
            else:
                self._rule(r)
        self._strengths(rules)
        return {k: tuple(v) for k, v in self.out.items()}

    def add(self, concept: str, item: Item) -> None:
        self.out.setdefault(concept, []).append(item)

    # ---- source lines of things the model keeps no position for ----
    def _source_line(self, pattern: str) -> int:
        if self._lines is None:
            try:
                with open(self.g.path, encoding="utf-8-sig", errors="replace") as fh:
                    self._lines = fh.read().splitlines()
            except OSError:
                self._lines = []
        rx = re.compile(pattern)
        return next((i for i, line in enumerate(self._lines, 1) if rx.match(line)), 0)

    def _at(self, line: int) -> dict:
        sec = None
        for s in self.g.sections:
            if s.line and s.line <= line:
                sec = s
        return {"line": line, "section": sec.number if sec else None, "heading": sec.heading if sec else None}

    def _identity(self) -> None:
        g = self.g
        head = self._source_line(r"^\s*(riktlinje|guideline)\b")
        for key in ("body", "adopted_by", "adopted", "reference"):
            v = g.identity.get(key)
            if v is None:
                continue
            term = _term("head", key)
            line = self._source_line(rf"^\s+({re.escape(term.key)}|{re.escape(term.sv)})\s*:") if head else 0
            text = self.show.setting(v, term)
            self.add(f"identity.{key}", Item(text, self.canon.setting(v, term), slot=key, **self._at(line)))
        if g.valid_from or g.valid_to:
            text = self._span_text(g.valid_from, g.valid_to, self.show)
            self.add("identity.valid", Item(text, self._span_text(g.valid_from, g.valid_to, self.canon),
                                            slot="valid", **self._at(head)))

    def _span_text(self, start, end, show) -> str:
        w = show.w
        if start and end:
            return f"{start.isoformat()} – {end.isoformat()}"
        return f"{w['from']} {start.isoformat()}" if start else f"{w['until']} {end.isoformat()}"

    def _validity(self, start, end, show) -> str:
        if self.on is not None or not (start or end):
            return ""
        return f" ({self._span_text(start, end, show)})"

    def _blocks(self) -> None:
        for b in self.g.blocks:
            only = BLOCK_SETTINGS.get(b.kind, ())
            if b.kind not in BLOCK_SETTINGS or not _in_force(b.valid_from, b.valid_to, self.on):
                continue
            for s in b.settings:
                if only is not None and s.key not in only:
                    continue
                term = _term(b.kind, s.key)
                multi = term.type.endswith("*")
                for v in s.values:
                    text = self.show.setting(v, term)
                    key = self.canon.setting(v, term)
                    cond = None
                    if s.condition is not None:
                        text += f" {self.w['if']} {self.show(s.condition)}"
                        cond = self.canon(s.condition)
                        key += f" if {cond}"
                    text += self._validity(b.valid_from, b.valid_to, self.show)
                    key += self._validity(b.valid_from, b.valid_to, self.canon)
                    self.add(f"{b.kind}.{s.key}", Item(text, key, slot=key if multi else s.key, cond=cond,
                                                       line=s.origin.line, section=s.origin.section,
                                                       heading=s.origin.heading))

    def _declarations(self) -> None:
        for name, members in self.g.groups.items():
            line = self._source_line(rf"^\s*(grupp|group)\s+{re.escape(name)}\s*=")
            shown = ", ".join(sorted(self.show.kind(k) for k in members))
            canon = ", ".join(sorted(members))
            self.add("who.groups", Item(f"{name} = {shown}", canon, slot=canon, **self._at(line)))
        for key, label in self.g.kinds.items():
            if key in voc.KINDS:
                continue
            line = self._source_line(rf"^\s*(aktörstyp|kind)\s+{re.escape(key)}\b")
            self.add("who.kinds", Item(f'{key} "{label}"', key, slot=key, **self._at(line)))

    # ---- rules ----
    def _item(self, r: m.Rule, body: str, key: str, slot: str, cond=None, low=None, high=None) -> Item:
        w = self.w
        plain = r.strength in ("part", "supplied")            # the row already says what these are
        prefix = "" if plain else f"{w[r.strength]} {r.weight}: " if r.strength == "priority" else f"{w[r.strength]}: "
        cprefix = "" if plain else f"priority {r.weight}: " if r.strength == "priority" else f"{r.strength}: "
        text, ckey = prefix + body, cprefix + key
        if cond is not None:
            text += f" {w['if']} {self.show(cond)}"
            ckey += f" if {self.canon(cond)}"
        text += self._validity(r.valid_from, r.valid_to, self.show)
        ckey += self._validity(r.valid_from, r.valid_to, self.canon)
        o = r.origin
        return Item(text, ckey, o.line, o.section, o.heading, r.id, r.strength, slot,
                    self.canon(cond) if cond is not None else None, low, high)

    def _part(self, r: m.Rule) -> None:
        name, canon = self.show.part(r.part), r.part
        if r.strength == "supplied":
            body, key = f"{name} ({self.w['by']} {r.label})", f"{canon} (by {r.label})"
            self.add("parts.supplied", self._item(r, body, key, r.part, r.expr))
        else:
            self.add("parts.required", self._item(r, name, canon, r.part, r.expr))

    def _rule(self, r: m.Rule) -> None:
        conj = _conjuncts(r.expr)
        ages = [(c, _limit(c)) for c in conj]
        lows = [(c, x) for c, x in ages if x and x[1] == "age_from" and x[3] and not x[4]]
        highs = [(c, x) for c, x in ages if x and x[1] == "age_to" and x[4] and not x[3]]
        if len(lows) == 1 and len(highs) == 1:          # age_from >= 6 and age_to <= 15: ages 6–15
            lo, hi = lows[0][1][3], highs[0][1][4]
            rng = f"{_num(lo[0])}–{_num(hi[0])}"
            self.add("target.age", self._item(r, f"{self.w['ages']} {rng}", f"ages {rng}", "age", None, lo, hi))
            conj = [c for c in conj if c is not lows[0][0] and c is not highs[0][0]]
        for c in conj:
            self._conjunct(r, c, None, None)

    def _conjunct(self, r: m.Rule, e: m.Expr, cond, ptype) -> None:
        if isinstance(e, m.Implies):
            pt = _project_type(e.cond)
            if pt is not None and ptype is None and cond is None:
                for c in _conjuncts(e.then):
                    self._conjunct(r, c, None, (pt, e.cond))
                return
            both = e.cond if cond is None else m.And(type="bool", items=(cond, e.cond))
            for c in _conjuncts(e.then):
                self._conjunct(r, c, both, ptype)
            return
        limit = _limit(e)
        if limit is not None:
            concept, subject, op, lo, hi, parts = limit
            body = self._limit_text(subject, op, lo, hi, parts, self.show)
            key = self._limit_text(subject, op, lo, hi, parts, self.canon)
            if ptype is not None:
                names = ", ".join(self.show.choice(p) for p in ptype[0].split(","))
                label = _label(concept, self.lang) if concept != "target.age" else self.show.fact(subject)
                body, key = f"{names}: {label} {body}", f"{ptype[0]}: {concept} {key}"
                concept = "caps.per_type"
            elif concept == "target.age":
                body, key = f"{self.show.fact(subject)} {body}", f"{subject} {key}"
            slot = f"{ptype[0]}:{subject}" if ptype else subject
            self.add(concept, self._item(r, body, key, slot, cond, lo, hi))
            return
        if ptype is not None:
            names = ", ".join(self.show.choice(p) for p in ptype[0].split(","))
            self.add("caps.per_type", self._item(r, f"{names}: {self.show(e)}", f"{ptype[0]}: {self.canon(e)}",
                                                 f"{ptype[0]}:{r.id}", cond))
            return
        concept, body, key, slot = self._classify(r, e)
        self.add(concept, self._item(r, body, key, slot, cond))

    def _classify(self, r: m.Rule, e: m.Expr) -> tuple[str, str, str, str]:
        show, canon = self.show, self.canon
        if _reads(e, m.Count):
            return "who.participants", show(e), canon(e), r.id
        if _reads(e, m.Every):
            return "who.every", show(e), canon(e), r.id
        if isinstance(e, m.Member) and isinstance(e.item, m.ApplicantField) and e.item.key == "kind":
            neg = f"{self.w['not']} " if e.negated else ""
            return "who.applicant", neg + show.kinds(e), ("not " if e.negated else "") + canon.kinds(e), "kind"
        if _reads(e, m.ApplicantField):
            return "who.applicant", show(e), canon(e), r.id
        crit = _criterion(e)
        if crit is not None:
            key, yes = crit
            standard = key in voc.FACTS and not (key in self.g.facts and self.g.facts[key].declared)
            if standard:
                return f"criteria.{key}", self.w["yes" if yes else "no"], "yes" if yes else "no", key
            return "criteria.own", show(e), canon(e), key
        if isinstance(e, m.PartPresent):
            return "parts.required", show.part(e.key), e.key, e.key
        if isinstance(e, m.Member) and isinstance(e.item, m.Fact) and e.item.key in ("target_group", "project_type"):
            concept = "target.group" if e.item.key == "target_group" else "target.project_type"
            names = sorted(e.values)
            body = (f"{self.w['not']} " if e.negated else "") + f" {self.w['or']} ".join(show.choice(v) for v in names)
            return concept, body, ("not " if e.negated else "") + " or ".join(names), e.item.key
        return "other.rules", show(e), canon(e), r.id

    def _limit_text(self, subject, op, lo, hi, extra, show: _Show) -> str:
        def val(v):
            if extra == "share":
                return f"{show.value(v, 'percent')} {show.w['of']} {show.fact('total_cost')}"
            return show.value(v, _SUBJECT_TYPES.get(subject, "number"))
        if op == "between":
            kind = _SUBJECT_TYPES.get(subject)
            if kind == "duration" and lo[0] % 12 == 0 and hi[0] % 12 == 0:
                return f"{lo[0] // 12}–{show.duration(hi[0])}"
            return f"{val(lo[0])} – {val(hi[0])}"
        bound = hi if op in ("<=", "<") else lo
        return f"{OPS[op]} {val(bound[0])}"

    def _strengths(self, rules) -> None:
        counts = {k: sum(1 for r in rules if r.strength == k) for k in ("must", "should", "priority", "part")}
        if not any(counts.values()):
            return
        w = self.w
        names = {"must": w["must"], "should": w["should"], "priority": w["priority"],
                 "part": "krävda delar" if self.lang == "sv" else "required parts"}
        text = ", ".join(f"{n} {names[k]}" for k, n in counts.items() if n)
        key = ", ".join(f"{n} {k}" for k, n in counts.items() if n)   # the counts, in a fixed order
        self.add("rules.strengths", Item(text, key, slot="strengths"))


def _num(v) -> str:
    return str(v) if Fraction(v).denominator != 1 else str(int(v))


_SUBJECT_TYPES = {"amount": "money", "per_year": "money", "total_cost": "money", "cofinancing": "money",
                  "evaluation_cost": "money", "duration": "duration", "start": "date", "age_from": "number",
                  "age_to": "number"}


def _const(e: m.Expr):
    """The value of a constant (or a share of a constant amount), else None."""
    if isinstance(e, m.Const):
        return e.value
    if isinstance(e, m.ShareOf) and isinstance(e.base, m.Const) and e.base.type == "money":
        from .money import round_ore
        return round_ore(Fraction(e.base.value) * e.share)
    return None


def _subject(e: m.Expr, other: m.Expr) -> tuple[str, str, str | None] | None:
    """What a compared quantity is: (concept, subject, extra) for limits we know."""
    if isinstance(e, m.Fact) and e.key in CAP_FACTS:
        if isinstance(other, m.ShareOf) and isinstance(other.base, m.Fact) and other.base.key == "total_cost":
            if e.key == "amount":
                return "caps.share", "amount", "share"
            if e.key in ("cofinancing", "evaluation_cost"):
                return CAP_FACTS[e.key], e.key, "share"
            return None
        return CAP_FACTS[e.key], e.key, None
    if isinstance(e, m.Agg) and e.fn == "max" and e.key == "budget":
        return "caps.per_year", "per_year", None
    if isinstance(e, m.Arith) and e.op == "/" and isinstance(e.left, m.Fact) and isinstance(e.right, m.Fact) \
            and e.right.key == "total_cost" and e.left.key in ("amount", "cofinancing", "evaluation_cost"):
        concept = "caps.share" if e.left.key == "amount" else CAP_FACTS[e.left.key]
        return concept, e.left.key, "share"
    return None


def _limit(e: m.Expr):
    """A comparison of one known quantity with a constant: (concept, subject, op, low, high, extra)."""
    if isinstance(e, m.Between):
        subj = _subject(e.item, e.low)
        lo, hi = _const(e.low), _const(e.high)
        if subj is None or lo is None or hi is None or subj[2] == "share":
            return None
        return subj[0], subj[1], "between", (lo, False), (hi, False), subj[2]
    if not isinstance(e, m.Cmp) or e.op == "!=":
        return None
    left, op, right = e.left, e.op, e.right
    if _const(left) is not None and _const(right) is None and not isinstance(right, m.ShareOf):
        left, op, right = right, FLIP[op], left
    subj = _subject(left, right)
    if subj is None:
        return None
    concept, subject, extra = subj
    if extra == "share":
        v = right.share * 100 if isinstance(right, m.ShareOf) else _const(right)
        if v is None or (isinstance(right, m.Const) and right.type != "percent"):
            return None
    else:
        v = _const(right)
        if v is None:
            return None
    strict = op in ("<", ">")
    lo = (v, strict) if op in (">=", ">", "=") else None
    hi = (v, strict) if op in ("<=", "<", "=") else None
    return concept, subject, op, lo, hi, extra


def _criterion(e: m.Expr) -> tuple[str, bool] | None:
    """``fact is yes`` / ``fact is no`` / ``not fact`` on a yes/no fact: (fact key, wanted value)."""
    if isinstance(e, m.Not):
        inner = _criterion(e.item)
        return (inner[0], not inner[1]) if inner else None
    if isinstance(e, m.Fact) and e.type == "bool":
        return e.key, True
    if isinstance(e, m.Cmp) and e.op in ("=", "!=") and isinstance(e.left, m.Fact) and e.left.type == "bool" \
            and isinstance(e.right, m.Const) and e.right.type == "bool":
        return e.left.key, bool(e.right.value) == (e.op == "=")
    return None


# ---- change lists --------------------------------------------------------------------------

def changes(c: Comparison, i: int = 0, j: int = 1) -> ChangeSet:
    """What changed from column ``i`` to column ``j``, concept by concept."""
    out = []
    for concept in c.concepts:
        if concept.summary:
            continue
        for what, old, new in _pair(list(concept.cells[i].items), list(concept.cells[j].items)):
            out.append(Change(concept.topic, concept.key, concept.label, what, _direction(concept, what, old, new),
                              old, new))
    return ChangeSet(c.lang, c.columns[i], c.columns[j], tuple(out))


def _pair(old: list[Item], new: list[Item]):
    """Pair the items of two cells: unchanged ones drop out; then by rule and slot, then by slot."""
    for a in list(old):
        b = next((b for b in new if b.key == a.key), None)
        if b is not None:
            old.remove(a)
            new.remove(b)
    pairs = []
    for same in (lambda a, b: a.rule == b.rule and a.slot == b.slot, lambda a, b: a.slot == b.slot):
        for a in list(old):
            b = next((b for b in new if same(a, b)), None)
            if b is not None:
                old.remove(a)
                new.remove(b)
                pairs.append(("changed", a, b))
    pairs += [("removed", a, None) for a in old] + [("added", None, b) for b in new]
    return sorted(pairs, key=lambda p: (p[1].line if p[1] else 10 ** 6 + p[2].line, p[0], (p[1] or p[2]).text))


def _binding(item: Item) -> bool:
    return item.strength in ("must", "part")


def _direction(concept: Concept, what: str, old: Item | None, new: Item | None) -> str | None:
    if concept.topic in ("identity",) or concept.key in ("who.groups", "who.kinds"):
        return None
    if what == "added":
        return "tightened" if _binding(new) else None
    if what == "removed":
        return "loosened" if _binding(old) else None
    if old.strength != new.strength:
        if RANK.get(old.strength, 0) == RANK.get(new.strength, 0) or not (_binding(old) or _binding(new)):
            return None
        return "tightened" if RANK.get(new.strength, 0) > RANK.get(old.strength, 0) else "loosened"
    if not _binding(new):
        return None
    if (old.cond is None) != (new.cond is None):
        return "loosened" if old.cond is None else "tightened"
    if old.cond == new.cond and (old.low or old.high) and (new.low or new.high):
        return _interval(old, new)
    return None


def _interval(old: Item, new: Item) -> str | None:
    """tightened when the allowed range shrinks, loosened when it grows, None when it moves."""
    def contains(a: Item, b: Item) -> bool:        # is b's range inside a's?
        lo_ok = a.low is None or (b.low is not None and (b.low[0] > a.low[0] or
                                                         (b.low[0] == a.low[0] and (b.low[1] or not a.low[1]))))
        hi_ok = a.high is None or (b.high is not None and (b.high[0] < a.high[0] or
                                                           (b.high[0] == a.high[0] and (b.high[1] or not a.high[1]))))
        return lo_ok and hi_ok
    if contains(old, new):
        return "tightened"
    if contains(new, old):
        return "loosened"
    return None


# ---- behaviour -------------------------------------------------------------------------------

def behaviour(subjects, paths, lang: str | None = None) -> Matrix:
    """Every application through every guideline; a file a guideline cannot read is an error cell."""
    from .application import read_file
    lang = report_lang(subjects, lang)
    rows = []
    for path in paths:
        try:
            raw, text = read_file(path)
        except SirulesError as exc:
            rows.append(tuple(_error(exc) for _ in subjects))
            continue
        rows.append(tuple(_run(s, raw, path, text, lang) for s in subjects))
    return Matrix(lang, tuple(column(s, lang) for s in subjects), _short_names(paths), tuple(paths), tuple(rows))


def _run(s: Subject, raw: dict, path: str, text: str, lang: str) -> Outcome:
    try:
        app = s.compiled.normaliser.normalise(raw, path, text)
        r = s.compiled.check(app, s.on)
    except SirulesError as exc:
        return _error(exc)
    except Exception as exc:  # noqa: BLE001 - a bug elsewhere must not stop a comparison of many files
        return Outcome("error", error=f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(r.verdict, r.score, _deciding(r, lang))


def _error(exc: SirulesError) -> Outcome:
    d = next((d for d in exc.diagnostics if d.severity.value == "error"), exc.diagnostics[0])
    return Outcome("error", error=f"{d.code}: {d.message}")


def _deciding(r, lang: str) -> tuple[Decider, ...]:
    from . import explain
    from .codegen import OUTCOME_WORDS
    if r.verdict == "accepted":
        return ()
    wanted = ("fail",) if r.verdict == "rejected" else ("fail", "undecided")
    out = []
    for f in r.findings:
        if f.rule.strength not in ("must", "part") or f.outcome not in wanted:
            continue
        if r.verdict == "rejected" and f.rule.strength == "part":
            continue
        o = f.rule.origin
        msg = explain.message(f.rule, OUTCOME_WORDS.index(f.outcome), r.data, r.guideline, lang)
        out.append(Decider(f.rule.id, f.rule.strength, f.outcome, o.line, o.section, o.heading, msg))
    return tuple(out)


def _short_names(paths) -> tuple[str, ...]:
    if not paths:
        return ()
    common = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])
    names = [os.path.relpath(os.path.abspath(p), common).replace(os.sep, "/") for p in paths]
    bare = [os.path.splitext(n)[0] for n in names]
    return tuple(bare if len(set(bare)) == len(set(names)) else names)
