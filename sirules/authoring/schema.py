"""A JSON Schema (draft 2020-12) of the applications for one guideline.

The schema describes what ``sirules check`` reads from an application file for this guideline:
the facts its rules read (in their English and Swedish spellings) with their types, the applicant
and partners with their fields and the participant kinds the guideline knows, the parts, the
yearly budget, the savings, the repayment plan and the ``[expect]`` table of examples. Other keys
are allowed (``additionalProperties`` is true at the top), as ``sirules check`` only warns about
them; a participant with an unknown field is an error in sirules, so the schema rejects it too.

Values have the forms sirules accepts: money is whole kronor (a number) or a text with an
optional unit (``"1,5 mnkr"``), never a decimal number; a date is a ``YYYY-MM-DD`` text (``"format": "date"``; TOML's
dates must be written as ISO text to validate as JSON); a duration is months or a text with a
unit; a yes/no is a boolean. ``null`` means "not given", as in sirules.

>>> import sirules
>>> s = schema(sirules.load_text('riktlinje "R"\\nska r: belopp <= 1 mnkr\\n').model)

Each key is listed once, in the guideline's language, and the other spelling is an alias that
refers to it (an application may use either, but not both: SIR432):

>>> s["properties"]["belopp"]["anyOf"]
[{'$ref': '#/$defs/money'}, {'type': 'null'}]
>>> s["properties"]["amount"]["$ref"]
'#/properties/belopp'
"""

from __future__ import annotations

import re

from ..language.i18n import mark, shown, tr
from ..language import model as m
from ..language import vocabulary as voc
from ..engine.application import ALWAYS, STRUCTURAL
from ..language.money import UNITS

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:[ \u00a0\u202f_][0-9]{3})+|[0-9]+)(?:[.,][0-9]+)?"


def _ci(word: str) -> str:
    """A case-insensitive regular expression for ``word`` (JSON Schema patterns have no flags)."""
    out = []
    for ch in word:
        if ch.lower() != ch.upper():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternatives(words) -> str:
    return "(?:" + "|".join(_ci(w) for w in sorted(words, key=len, reverse=True)) + ")"


MONEY_PATTERN = rf"^\s*{_NUMBER}\s*(?:{_alternatives(UNITS)})?\s*$"
DURATION_PATTERN = (rf"^\s*[0-9]+(?:[.,][0-9]+)?\s*"
                    rf"{_alternatives(['år', 'year', 'years', 'månader', 'månad', 'month', 'months', 'mån'])}\s*$")
NUMBER_PATTERN = rf"^\s*{_NUMBER}\s*$"
PERCENT_PATTERN = rf"^\s*{_NUMBER}\s*%?\s*$"
BOOL_WORDS = ["ja", "nej", "yes", "no", "true", "false", "Ja", "Nej", "Yes", "No", "True", "False"]


def _nullable(s: dict) -> dict:
    return {"anyOf": [s, {"type": "null"}]}


def _alias(pointer: str, key: str, lang) -> dict:
    """The other spelling of ``key``: a reference to it (``pointer``, the JSON pointer of its parent)."""
    from urllib.parse import quote
    return {"$ref": f"{pointer}/{quote(key)}", "description": tr('the same as "{key}", in the other language', lang,
                                                                 key=key)}


def _both(props: dict, en: str, sv: str, s: dict, lang, pointer: str) -> None:
    """``s`` under the key of ``lang``, and an alias under the other spelling."""
    own, other = (sv, en) if lang == "sv" else (en, sv)
    props[own] = s
    if other != own:
        props.setdefault(other, _alias(pointer, own, lang))


def definitions(g: m.Guideline) -> dict:
    """The ``$defs`` of the schema: the forms of values, the participant, the tables, a part and
    the ``[expect]`` table."""
    kinds = sorted(set(voc.KIND_INDEX) | set(g.kinds))
    return {
        **_value_definitions(),
        "kind": {"description": mark("a participant kind"), "enum": kinds},
        "participant": _participant(g),
        **_table_definitions(),
        "part": {"description": mark("the text of a part (left out, null or empty: missing)"),
                 "anyOf": [{"type": "string", "maxLength": 200000}, {"type": "null"}, {"const": False}]},
        "expect": {"description": mark("what an example expects (sirules test)"), "type": "object",
                   "required": ["verdict"],
                   "properties": {"verdict": {"enum": ["accepted", "rejected", "incomplete"]},
                                  "score": {"type": "integer"},
                                  "route": {"type": "array", "items": {"type": "string"}},
                                  "findings": {"type": "object",
                                               "additionalProperties": {"enum": ["pass", "fail", "undecided", "permitted",
                                                                                  "not_permitted", "paused",
                                                                                  "closed"]}}}},
    }


def _value_definitions() -> dict:
    """The forms of single values: money, yes/no, dates, durations, numbers, percentages, texts, words."""
    money = {"description": mark('an amount: whole kronor (1500000) or a text with a unit ("1,5 mnkr")'),
             "anyOf": [{"type": "integer"}, {"type": "string", "pattern": MONEY_PATTERN}]}
    return {
        "money": money,
        "yes_no": {"description": mark("yes/no"), "anyOf": [{"type": "boolean"}, {"enum": BOOL_WORDS}]},
        "date": {"description": mark("a date, YYYY-MM-DD"), "type": "string", "format": "date",
                 "pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"},
        "duration": {"description": mark('a duration: months (24) or a text with a unit ("2 years", "2 år")'),
                     "anyOf": [{"type": "integer", "minimum": 0, "maximum": 1200},
                               {"type": "string", "pattern": DURATION_PATTERN}]},
        "number": {"description": mark("a number"),
                   "anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]},
        "percent": {"description": mark('a percentage: a number (30) or a text ("30 %")'),
                    "anyOf": [{"type": "number"}, {"type": "string", "pattern": PERCENT_PATTERN}]},
        "text": {"description": mark("a text"), "type": ["string", "number"]},
        "tags": {"description": mark("a word or a list of words"),
                 "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    }


def _participant(g: m.Guideline | None = None) -> dict:
    """A participant: its fields in both spellings and the guideline's own fields, a kind
    required, no other field."""
    participant = {
        "type": "object",
        "description": mark("a participant: the applicant or a partner"),
        "properties": {},
        "anyOf": [{"required": ["kind"]}, {"required": ["typ"]}],
        "additionalProperties": False,
    }
    lang = getattr(g, "lang", "en")
    for t in voc.FIELDS.values():
        if t.type == "kind":                 # every participant needs a kind: not null
            s = {"$ref": "#/$defs/kind", "description": t.label(shown(g.lang if g else None))}
        elif t.type == "bool":
            s = {"description": t.label(shown(g.lang if g else None)), **_nullable({"$ref": "#/$defs/yes_no"})}
        else:
            s = {"description": t.label(shown(g.lang if g else None)), **_nullable({"$ref": "#/$defs/text"})}
        _both(participant["properties"], t.key, t.sv, s, lang, "#/$defs/participant/properties")
    for key, info in (getattr(g, "fields", None) or {}).items():      # declared by the guideline
        participant["properties"][key] = {"description": info.label, **_nullable(_fact_schema(info))}
    return participant


def _table_definitions() -> dict:
    """The tables: budget, savings, repayment plan, shares, expected and measured outcomes."""
    year = {"type": "integer", "minimum": 1900, "maximum": 2200}
    return {
        "budget": {"description": mark("the amount applied for per year: year = kronor"), "type": "object",
                   "propertyNames": {"pattern": r"^[0-9]{4}$"},
                   "additionalProperties": {"$ref": "#/$defs/money"}, "maxProperties": 100},
        "savings": {"description": mark("expected (or booked) savings: actor, year and amount"), "type": "array",
                    "maxItems": 2000,
                    "items": {"type": "object", "required": ["actor", "year", "amount"],
                              "properties": {"actor": {"$ref": "#/$defs/text"},
                                             "year": {"anyOf": [{"type": "integer"},
                                                                {"type": "string", "pattern": r"^[0-9]{4}$"}]},
                                             "amount": {"$ref": "#/$defs/money"}}}},
        "repayment_plan": {"description": mark("the repayment plan: payer, year and amount"), "type": "array",
                           "items": {"type": "object", "required": ["payer", "year", "amount"],
                                     "properties": {"payer": {"type": "string"}, "year": year,
                                                    "amount": {"$ref": "#/$defs/money"}}}},
        "shares": {"description": mark("each municipal unit's share of a joint repayment"), "type": "object",
                   "additionalProperties": {"anyOf": [{"type": "number"},
                                                      {"type": "string", "pattern": NUMBER_PATTERN}]}},
        "expected_outcomes": {"description": mark("expected outcome units per year"), "type": "array",
                              "items": {"type": "object", "required": ["year", "units"],
                                        "properties": {"year": year, "units": {"type": "integer", "minimum": 0}}}},
        "outcomes": {"description": mark("measured outcome units per year"), "type": "array",
                     "items": {"type": "object"}},
    }


def _fact_schema(info: m.FactInfo) -> dict:
    t = info.type
    if t in ("money", "date", "duration", "number", "percent", "text", "tags"):
        s = {"$ref": f"#/$defs/{t}"}
    elif t == "bool":
        s = {"$ref": "#/$defs/yes_no"}
    elif t == "choice":
        words = list(info.choices) + [voc.CHOICE_SV[c] for c in info.choices if voc.CHOICE_SV.get(c, c) != c]
        s = {"enum": list(dict.fromkeys(words))} if words else {"type": "string"}
    elif t == "table":
        s = {"$ref": "#/$defs/budget"}
    elif t == "savings":
        s = {"$ref": "#/$defs/savings"}
    else:
        s = {}
    return s


def schema(g: m.Guideline, nodes=None) -> dict:
    """The JSON Schema of an application for guideline ``g`` (``nodes`` adds the optional parts)."""
    from .template import skeleton
    lang = shown(g.lang)
    sk = skeleton(g, nodes)
    props = _fact_properties(g, sk)
    for key, s in _structural(_part_properties(g, sk)).items():
        if key not in props and STRUCTURAL.get(key, key) not in props:
            _both(props, key, STRUCTURAL.get(key, key), s, g.lang, "#/properties")
    return {
        "$schema": DRAFT,
        "$id": f"https://sirules.invalid/schema/{_slug(g.path)}.json",
        "title": tr("Application for {path}", lang, path=g.title),
        "description": tr("An application checked by `sirules check {path}`. Made by `sirules schema`.", lang,
                          path=g.path),
        "type": "object",
        "properties": _described(props, lang),
        "additionalProperties": True,
        "$defs": _described(definitions(g), lang),
    }


def _described(tree, lang: str):
    """``tree`` with every description (a marked English text) in ``lang``."""
    if isinstance(tree, dict):
        return {k: tr(v, lang) if k == "description" and isinstance(v, str) else _described(v, lang)
                for k, v in tree.items()}
    if isinstance(tree, list):
        return [_described(v, lang) for v in tree]
    return tree


def _fact_properties(g: m.Guideline, sk) -> dict:
    """The facts (the guideline's and those always read), each under its key in the guideline's language
    with the other spelling as an alias, with the clauses that ask."""
    from ..engine.application.spelling import Spelling
    spelling = Spelling(k for k in g.facts if k not in voc.FACTS)
    asks = {e.key: e for e in sk.facts + sk.tables}
    facts = dict(g.facts)
    for key in ALWAYS:
        if key not in facts:
            t = voc.FACTS[key]
            facts[key] = m.FactInfo(key=key, type=t.type, label=t.label(shown(g.lang)), choices=t.choices)
    props: dict = {}
    for key, info in facts.items():
        description = info.label
        if getattr(info, "attested_by", None) or getattr(info, "per", None):      # someone else's judgement
            description += "".join([tr('. Attested by "{who}"', g.lang, who=info.attested_by)
                                    if info.attested_by else "",
                                    tr('. Per "{what}"', g.lang, what=info.per) if info.per else ""])
        if key in asks and asks[key].asks:
            description += tr(". Asked by: ", g.lang) + "; ".join(str(a) for a in asks[key].asks)
        _both(props, key, spelling.top.get(key, key), {"description": description, **_nullable(_fact_schema(info))},
              g.lang, "#/properties")
    return props


def _part_properties(g: m.Guideline, sk) -> dict:
    """The parts: those the skeleton asks for, the standard parts and the guideline's own."""
    from urllib.parse import quote
    part_props: dict = {}
    where = "#/properties/" + quote(STRUCTURAL["parts"] if g.lang == "sv" else "parts") + "/properties"
    for e in sk.parts:
        t = voc.PARTS.get(e.key)
        _both(part_props, e.key, t.sv if t else e.key, {"$ref": "#/$defs/part", "description": f"{e.label}: "
              + "; ".join(str(a) for a in e.asks)}, g.lang, where)
    for t in voc.PARTS.values():
        if t.key not in part_props and t.sv not in part_props:
            _both(part_props, t.key, t.sv, {"$ref": "#/$defs/part", "description": t.label(shown(g.lang))}, g.lang,
                  where)
    for key in g.parts:
        part_props.setdefault(key, {"$ref": "#/$defs/part", "description": g.parts[key]})
    return part_props


def _structural(part_props: dict) -> dict:
    """The keys of an application besides its facts: participants, parts, tables, examples."""
    return {
        "applicant": {"$ref": "#/$defs/participant", "description": mark("who applies")},
        "participants": {"type": "array", "items": {"$ref": "#/$defs/participant"}, "maxItems": 1000,
                         "description": mark("the partners ([[participants]]); the rules count the applicant too")},
        "parts": {"type": "object", "properties": part_props, "additionalProperties": True,
                  "description": mark("the parts of the application, a text each")},
        "repayment_plan": {"$ref": "#/$defs/repayment_plan"},
        "shares": {"$ref": "#/$defs/shares"},
        "expected_outcomes": {"$ref": "#/$defs/expected_outcomes"},
        "outcomes": {"$ref": "#/$defs/outcomes"},
        "expect": {"$ref": "#/$defs/expect"},
        "id": {"type": ["string", "integer"]},
    }


def _slug(path: str) -> str:
    import os
    return re.sub(r"[^A-Za-z0-9_-]+", "-", os.path.splitext(os.path.basename(path))[0]) or "guideline"
