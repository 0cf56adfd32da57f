"""The two commented formats of the skeleton: :class:`_Toml` (every value commented out, with a
placeholder) and :class:`_Yaml` (every value null), each with how its keys and values are written."""

from __future__ import annotations

import datetime
import json
import re

from ...language.i18n import mark
from ...language import model as m
from .entries import Entry
from .values import _example_year, placeholder


_TOML_HOW = mark('Every value is commented out: fill it in and remove the "#" in front of it (and of its '
                 'table header, e.g. "[applicant]"). A value left commented out is not given: the rules that '
                 "need it cannot be decided, and rules that count participants count only those given.")
_YAML_HOW = mark("Every value is null (not given): fill in what you know; the applicant and each partner need "
                 "at least a kind. A value left null cannot be decided, and rules that count participants count "
                 "only those given.")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, datetime.date)):
        return str(v) if not isinstance(v, datetime.date) else v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def spelling(g: m.Guideline):
    """The keys of ``g``'s applications in its language: ``spell(key, place)`` (see
    :class:`sirules.engine.application.spelling.Spelling`)."""
    from ...engine.application.spelling import Spelling
    from ...language import vocabulary as voc
    sp = Spelling(k for k in g.facts if k not in voc.FACTS)
    return lambda key, place="top": sp.spell(key, place, g.lang)


class _Toml:
    """TOML: every value commented out, with a placeholder of its type; tables under ``[headers]``; the
    keys in the guideline's language."""
    how = _TOML_HOW
    partners = mark("The partners: one [[participants]] table each (the rules count the applicant too).")
    applicant_indent = partner_indent = part_indent = ""
    no_participants = no_parts = None              # nothing given is nothing written

    def __init__(self, g: m.Guideline):
        self.g = g
        self.spell = spell = spelling(g)
        self.applicant = f"#[{_toml_key(spell('applicant'))}]"
        self.participants = f"#[[{_toml_key(spell('participants'))}]]"
        self.parts = f"#[{_toml_key(spell('parts'))}]"

    def fact(self, e: Entry, place: str = "top") -> str:
        return f"#{_toml_key(self.spell(e.key, place))} = {_toml_value(placeholder(e, self.g))}"

    def applicant_field(self, e: Entry) -> str:
        return self.fact(e, "field")

    def partner_field(self, i: int, e: Entry) -> str:
        return self.fact(e, "field")

    def table(self, t: Entry) -> list[str]:
        return _toml_table(t.key, _example_year(self.g), self.spell)

    def part(self, e: Entry) -> str:
        return f'#{_toml_key(self.spell(e.key, "part"))} = ""'


def _toml_table(key: str, year: int, spell=lambda key, place="top": key) -> list[str]:
    def row(*keys_values):
        return [f"#{_toml_key(spell(k, key))} = {v}" for k, v in keys_values]
    name = _toml_key(spell(key))
    if key == "budget":
        return [f"#[{name}]", f"#{year} = 0"]
    if key == "savings":
        return [f"#[[{name}]]", *row(("actor", '""'), ("year", year + 1), ("amount", 0))]
    if key == "repayment_plan":
        return [f"#[[{name}]]", *row(("payer", '""'), ("year", year + 1), ("amount", 0))]
    if key == "shares":
        return [f"#[{name}]", '#"Name of a municipal unit" = 50']
    return [f"#[[{name}]]", *row(("year", year + 1), ("units", 0))]


class _Yaml:
    """YAML: every value null; the partners a list, the applicant and the parts mappings; the keys in
    the guideline's language."""
    how = _YAML_HOW
    partners = mark("The partners: one entry each (the rules count the applicant too).")
    applicant_indent, partner_indent, part_indent = "  ", "    ", "  "

    def __init__(self, g: m.Guideline | None = None):
        self.spell = spell = spelling(g) if g is not None else (lambda key, place="top": key)
        self.applicant, self.participants, self.parts = (f"{_yaml_key(spell(k))}:"
                                                         for k in ("applicant", "participants", "parts"))
        self.no_participants, self.no_parts = f"{self.participants} []", f"{self.parts} {{}}"

    def fact(self, e: Entry) -> str:
        return f"{_yaml_key(self.spell(e.key))}: null"

    def applicant_field(self, e: Entry) -> str:
        return f"  {_yaml_key(self.spell(e.key, 'field'))}: null"

    def partner_field(self, i: int, e: Entry) -> str:
        return f"  {'- ' if i == 0 else '  '}{_yaml_key(self.spell(e.key, 'field'))}: null"

    def table(self, t: Entry) -> list[str]:
        return [f"{_yaml_key(self.spell(t.key))}: null"]

    def part(self, e: Entry) -> str:
        return f"  {_yaml_key(self.spell(e.key, 'part'))}: null"


def _yaml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", k) else json.dumps(k, ensure_ascii=False)
