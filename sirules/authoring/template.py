"""An application skeleton for a guideline: every value its rules read, and the clause that asks.

:func:`skeleton` walks the compiled model (and the syntax nodes, for optional parts, which the
model does not keep) and collects what an application for the guideline must give: the facts
the rules and conditions read, the fields of the applicant and the partners, the parts (required,
optional, supplied by others), and the budget, savings and repayment plan when the guideline's
rules or its repayment model read them. Each entry keeps the clauses that ask for it.

:func:`to_toml` writes the skeleton with a comment per value (``# § 3 Vem kan söka, line 16:
…``) and every value commented out, so an untouched skeleton is a valid application that
``sirules check`` never accepts. :func:`to_data` gives the same keys with ``None`` values for
JSON and YAML. :mod:`sirules.authoring.schema` uses the same skeleton for the descriptions of its JSON
Schema.

>>> import sirules
>>> g = sirules.load_text('riktlinje "R"\\navsnitt 2 "Krav"\\nska r "förebyggande": förebyggande är ja\\n')
>>> sk = skeleton(g.model)
>>> [(f.key, [str(a) for a in f.asks]) for f in sk.facts]
[('title', []), ('start', ['the start date of the project']), \
('preventive', ['§ 2 Krav, line 3: must r "förebyggande"'])]
"""

from __future__ import annotations

import datetime
import json
import re

import attrs

from ..language import model as m
from ..language import nodes as n
from ..language import vocabulary as voc


@attrs.frozen
class Ask:
    """One reason a value is asked for: the clause and line of a rule, block or part line."""
    text: str
    line: int = 0
    clause: str = ""

    def __str__(self) -> str:
        if not self.line:
            return self.text
        where = f"{self.clause}, line {self.line}" if self.clause else f"line {self.line}"
        return f"{where}: {self.text}"


@attrs.frozen
class Entry:
    """A value of the application: a fact, a field of a participant, a part or a table."""
    key: str
    type: str                       # a fact type (vocabulary), or "part"
    label: str
    asks: tuple[Ask, ...] = ()
    choices: tuple[str, ...] = ()   # choice facts: the values; kind: the kinds the rules name
    mode: str = ""                  # parts: required | conditional | optional | supplied | tested


@attrs.frozen
class Skeleton:
    guideline: m.Guideline
    facts: tuple[Entry, ...]                 # top-level values, title and start first
    applicant: tuple[Entry, ...]             # fields of the applicant
    participants: tuple[Entry, ...]          # fields of each partner; () when no rule reads partners
    participant_asks: tuple[Ask, ...]
    tables: tuple[Entry, ...]                # budget, savings, repayment_plan, shares, expected_outcomes
    parts: tuple[Entry, ...]


#: values the repayment models and the calculation read (besides the facts of the rules)
_TABLE_TYPES = {"budget": "table", "savings": "savings", "repayment_plan": "repayment_plan",
                "shares": "shares", "expected_outcomes": "expected_outcomes"}


def skeleton(g: m.Guideline, nodes: n.Guideline | None = None) -> Skeleton:
    """What an application for ``g`` gives, and why. ``nodes`` adds the optional parts."""
    facts: dict[str, list[Ask]] = {"title": [], "start": [_start_ask(g)]}
    fields: dict[str, list[Ask]] = {"name": [], "kind": []}
    partner_fields: dict[str, list[Ask]] = {}
    partner_asks: list[Ask] = []
    kinds: list[str] = []
    words: dict[str, list[str]] = {}
    parts: dict[str, tuple[str, list[Ask]]] = {}

    for r in g.rules:
        ask = _rule_ask(g, r)
        for key in r.facts:
            facts.setdefault(key, []).append(ask)
        if r.strength in ("part", "supplied"):
            mode = "supplied" if r.strength == "supplied" else ("conditional" if r.expr is not None else "required")
            parts.setdefault(r.part, (mode, []))[1].append(_rule_ask(g, r, for_part=True))
        if r.expr is None:
            continue
        for e in _walk(r.expr):
            if isinstance(e, m.ApplicantField):
                fields.setdefault(e.key, []).append(ask)
            elif isinstance(e, m.PField):
                partner_fields.setdefault(e.key, []).append(ask)
            elif isinstance(e, (m.Count, m.Every)):
                if ask not in partner_asks:
                    partner_asks.append(ask)
                if isinstance(e, m.Count) and e.distinct:
                    partner_fields.setdefault(e.distinct, []).append(ask)
            elif isinstance(e, m.PartPresent):
                parts.setdefault(e.key, ("tested", []))[1].append(ask)
            elif isinstance(e, m.Member) and e.item.type == "kind":
                kinds.extend(sorted(e.values))
            elif isinstance(e, m.Member) and e.item.type == "tags" and isinstance(e.item, m.Fact):
                words.setdefault(e.item.key, []).extend(sorted(e.values))
    for b in g.blocks:
        for st in b.settings:
            if st.condition is None:
                continue
            ask = Ask(f"{b.kind} {st.key} {', '.join(_setting_word(v) for v in st.values)} if {st.condition.text}",
                      st.origin.line, st.origin.clause())
            for e in _walk(st.condition):
                if isinstance(e, (m.Fact, m.Agg)):
                    facts.setdefault(e.key, []).append(ask)
    if nodes is not None:
        for item in nodes.items:
            if isinstance(item, n.Parts):
                for line in item.lines:
                    if line.mode != "optional":
                        continue
                    for name in line.names:
                        key = voc.PART_INDEX[name].key if name in voc.PART_INDEX else name
                        ask = Ask("optional", _line_of(line), _clause_at(g, _line_of(line)))
                        parts.setdefault(key, ("optional", []))[1].append(ask)

    tables: dict[str, list[Ask]] = {}
    for key in ("budget", "savings"):
        if key in facts:
            tables[key] = facts.pop(key)
    for key, ask in _repayment_tables(g):
        tables.setdefault(key, []).append(ask)

    participants = ()
    if partner_asks:
        for key in ("name", "kind"):
            partner_fields.setdefault(key, [])
        # the applicant is counted among the participants, so it gives the partners' fields too
        for key, asks in partner_fields.items():
            fields.setdefault(key, []).extend(a for a in asks if a not in fields.get(key, []))
        participants = tuple(_field(k, partner_fields[k], kinds) for k in _field_order(partner_fields))

    return Skeleton(
        guideline=g,
        facts=tuple(_fact(g, k, asks, words.get(k, ())) for k, asks in _fact_order(facts)),
        applicant=tuple(_field(k, fields[k], kinds) for k in _field_order(fields)),
        participants=participants,
        participant_asks=tuple(partner_asks),
        tables=tuple(Entry(key=k, type=_TABLE_TYPES[k], label=_table_label(k, g.lang), asks=tuple(_unique(a)))
                     for k, a in tables.items()),
        parts=tuple(Entry(key=k, type="part", label=g.parts.get(k, k), asks=tuple(_unique(asks)), mode=mode)
                    for k, (mode, asks) in sorted(parts.items(), key=lambda kv: _first_line(kv[1][1]))),
    )


def _unique(asks) -> list[Ask]:
    """Each ask once, in the order of the guideline (asks without a line first)."""
    return sorted(dict.fromkeys(asks), key=lambda a: a.line)


def _first_line(asks) -> int:
    return min((a.line for a in asks if a.line), default=0)


def _fact_order(facts: dict) -> list:
    fixed = [(k, facts[k]) for k in ("title", "start")]
    rest = sorted(((k, v) for k, v in facts.items() if k not in ("title", "start")),
                  key=lambda kv: (_first_line(kv[1]), kv[0]))
    return [(k, _unique(v)) for k, v in fixed + rest]


def _field_order(fields: dict) -> list[str]:
    order = list(voc.FIELDS)
    return sorted(fields, key=lambda k: order.index(k) if k in order else len(order))


def _fact(g: m.Guideline, key: str, asks, words) -> Entry:
    info = g.facts.get(key)
    if info is None:
        t = voc.FACTS[key]
        return Entry(key=key, type=t.type, label=t.label(g.lang), asks=tuple(asks), choices=t.choices)
    choices = info.choices
    if info.type == "tags":
        choices = tuple(dict.fromkeys(words))
    return Entry(key=key, type=info.type, label=info.label, asks=tuple(asks), choices=choices)


def _field(key: str, asks, kinds) -> Entry:
    t = voc.FIELDS[key]
    return Entry(key=key, type=t.type, label=t.en_label, asks=tuple(_unique(asks)),
                 choices=tuple(dict.fromkeys(kinds)) if key == "kind" else ())


def _start_ask(g: m.Guideline) -> Ask:
    dated = sorted({r.origin.line for r in g.rules if r.valid_from or r.valid_to} |
                   {b.origin.line for b in g.blocks if b.valid_from or b.valid_to})
    if dated:
        lines = ", ".join(str(x) for x in dated[:6]) + (", …" if len(dated) > 6 else "")
        return Ask(f"the start date: it chooses the rules and blocks in force (dated at lines {lines})")
    if g.valid_from or g.valid_to:
        return Ask("the start date: `sirules check` warns when the guideline is not in force on it")
    return Ask("the start date of the project")


def _rule_ask(g: m.Guideline, r: m.Rule, for_part: bool = False) -> Ask:
    """The rule as a reason: ``must r "label"``; for a part line, what it says of the part."""
    part = "" if for_part else f"part {r.part} "
    if r.strength == "part":
        text = f"{part}required" + (f" if {r.expr.text}" if r.expr is not None else "")
    elif r.strength == "supplied":
        text = f"{part}supplied by {r.label}: the applicant need not write it"
    else:
        weight = f" weight {r.weight}" if r.strength == "priority" and r.weight != 1 else ""
        label = f' "{r.label}"' if r.label else (f": {r.expr.text}" if r.expr is not None else "")
        text = f"{r.strength} {r.id}{weight}{label}"
    return Ask(text, r.origin.line, r.origin.clause())


def _setting_word(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, datetime.date):
        return v.isoformat()
    return f'"{v}"' if isinstance(v, str) and " " in v else str(v)


def _line_of(node) -> int:
    return node.span.line if node.span is not None else 0


def _clause_at(g: m.Guideline, line: int) -> str:
    current = None
    for s in g.sections:
        if s.line <= line:
            current = s
    if current is None:
        return ""
    return f"§ {current.number} {current.heading}" if current.heading else f"§ {current.number}"


def _repayment_tables(g: m.Guideline):
    """(key, ask) for the tables the repayment models and the calculation read."""
    for b in g.blocks:
        where = (b.origin.line, b.origin.clause())
        if b.kind == "repayment":
            model = b.get("model")
            if model == "none":
                continue
            yield "budget", Ask(f"repayment model {model}: the investment per year (sirules obligations)", *where)
            if model in ("reflow", "joint"):
                yield "savings", Ask(f"repayment model {model}: the expected savings per actor and year", *where)
            elif model == "plan":
                yield "repayment_plan", Ask("repayment model plan: who repays how much in which year", *where)
                if b.get("waived_when"):
                    yield "savings", Ask("repayment plan waived by central savings: the expected savings", *where)
            elif model == "outcome_contract":
                yield "expected_outcomes", Ask("repayment model outcome_contract: the expected outcome units "
                                               "per year", *where)
            if b.get("key") == "stated_shares":
                yield "shares", Ask("repayment split by stated shares: each unit's share", *where)
        elif b.kind == "calculation":
            yield "budget", Ask("socio-economic calculation: the cost per year", *where)
            yield "savings", Ask("socio-economic calculation: the gains per actor and year", *where)


def _table_label(key: str, lang: str) -> str:
    return {"budget": "the amount applied for, per year (year = kronor)",
            "savings": "expected savings: actor, year and amount (kronor)",
            "repayment_plan": "the repayment plan: payer, year and amount (kronor)",
            "shares": "each municipal unit's share of the repayment (name = share)",
            "expected_outcomes": "expected outcome units per year: year and units"}[key]


def _walk(e):
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, tuple):
            stack.extend(reversed(x))
        elif isinstance(x, m.Expr):
            yield x
            kids = [getattr(x, f.name) for f in reversed(attrs.fields(type(x)))]
            stack.extend(k for k in kids if isinstance(k, (m.Expr, tuple)))


# ---- placeholders and type notes ---------------------------------------------------------------

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
        return 'an amount: whole kronor (1500000) or a text with a unit ("1,5 mnkr")'
    if t == "bool":
        return "yes/no: true or false"
    if t == "date":
        return "a date: YYYY-MM-DD"
    if t == "duration":
        return 'a duration: months (24) or a text ("2 år", "2 years")'
    if t == "number":
        return "a number"
    if t == "percent":
        return 'a percentage: a number (30) or a text ("30 %")'
    if t == "tags":
        named = f"; the rules name: {', '.join(e.choices)}" if e.choices else ""
        return f'a word or a list of words, e.g. ["barn", "unga"]{named}'
    if t == "choice":
        return "one of: " + ", ".join(e.choices) if e.choices else "a word"
    if t == "kind":
        named = f"; the rules name: {', '.join(e.choices)}" if e.choices else ""
        return "a participant kind, e.g. municipal_unit, association, company" + named
    return "a text"


# ---- writers ------------------------------------------------------------------------------------

def to_data(sk: Skeleton) -> dict:
    """The skeleton as data: every value None (JSON null: not given)."""
    out: dict = {e.key: None for e in sk.facts}
    out["applicant"] = {e.key: None for e in sk.applicant}
    out["participants"] = [{e.key: None for e in sk.participants}] if sk.participants else []
    for t in sk.tables:
        out[t.key] = None
    out["parts"] = {e.key: None for e in sk.parts}
    return out


def to_json(sk: Skeleton) -> str:
    return json.dumps(to_data(sk), ensure_ascii=False, indent=2) + "\n"


def _header(sk: Skeleton, comment: str, how: str) -> list[str]:
    g = sk.guideline
    when = []
    if g.valid_from:
        when.append(f"from {g.valid_from.isoformat()}")
    if g.valid_to:
        when.append(f"to {g.valid_to.isoformat()}")
    body = g.identity.get("body")
    lines = [f"Application for {g.path}",
             f'  "{g.title}"' + (f", {body}" if body else "") + (f", in force {' '.join(when)}" if when else ""),
             "Made by `sirules template`. " + how]
    return [f"{comment} {line}".rstrip() for line in _wrap_all(lines)]


_TOML_HOW = ('Every value is commented out: fill it in and remove the "#" in front of it (and of its '
             'table header, e.g. "[applicant]"). A value left commented out is not given: the rules that '
             "need it cannot be decided, and rules that count participants count only those given.")
_YAML_HOW = ("Every value is null (not given): fill in what you know; the applicant and each partner need "
             "at least a kind. A value left null cannot be decided, and rules that count participants count "
             "only those given.")


def _wrap_all(lines: list[str], width: int = 98) -> list[str]:
    out = []
    for line in lines:
        indent = re.match(r"\s*", line).group(0)
        words, current = line.split(" "), ""
        for w in words:
            if current and len(current) + 1 + len(w) > width:
                out.append(current)
                current = indent + w
            else:
                current = f"{current} {w}" if current else w
        out.append(current)
    return out


def _asks(e: Entry, comment: str) -> list[str]:
    return _comment([str(a) for a in e.asks], comment)


def _comment(lines, comment: str = "#", indent: str = "") -> list[str]:
    """Comment lines, wrapped at 100 characters (continuations indented)."""
    out = []
    for line in lines:
        for k, part in enumerate(_wrap_all([line], 98 - len(indent) - len(comment))):
            out.append(f"{indent}{comment} {'  ' if k else ''}{part}".rstrip())
    return out


def _describe(e: Entry) -> str:
    return f"{e.label} — {type_note(e)}"


def _part_lines(e: Entry, comment: str, indent: str = "") -> list[str]:
    asks = [f"{e.label} — {a}" for a in e.asks] or [e.label]
    return _comment(asks, comment, indent)


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


def to_toml(sk: Skeleton) -> str:
    """The skeleton as TOML: a comment per value saying which clause asks for it, values commented out."""
    return _write(sk, _Toml(sk.guideline))


def to_yaml(sk: Skeleton) -> str:
    """The skeleton as YAML: the same keys as the JSON, null values, and the TOML's comments."""
    return _write(sk, _Yaml())


def _write(sk: Skeleton, syntax) -> str:
    """The skeleton in the ``syntax`` of :class:`_Toml` or :class:`_Yaml`: each value with the clauses
    that ask for it and what it takes in comments above it."""
    out = _header(sk, "#", syntax.how)
    for e in sk.facts:
        out.append("")
        out += _asks(e, "#")
        out += _comment([_describe(e)])
        out.append(syntax.fact(e))
    out += [""] + _comment(["The applicant: who applies."])
    out += _comment(str(a) for a in _unique(a for e in sk.applicant for a in e.asks))
    out.append(syntax.applicant)
    for e in sk.applicant:
        out += _comment([_describe(e)], indent=syntax.applicant_indent)
        out.append(syntax.applicant_field(e))
    if sk.participants:
        out += [""] + _comment([syntax.partners])
        out += _comment(str(a) for a in sk.participant_asks)
        out.append(syntax.participants)
        for i, e in enumerate(sk.participants):
            out += _comment([_describe(e)], indent=syntax.partner_indent)
            out.append(syntax.partner_field(i, e))
    elif syntax.no_participants:
        out += ["", syntax.no_participants]
    for t in sk.tables:
        out.append("")
        out += _asks(t, "#")
        out += _comment([t.label])
        out += syntax.table(t)
    if sk.parts:
        out += [""] + _comment(["The parts of the application: a text each (a part left out or empty is missing)."])
        out.append(syntax.parts)
        for e in sk.parts:
            out += _part_lines(e, "#", syntax.part_indent)
            out.append(syntax.part(e))
    elif syntax.no_parts:
        out += ["", syntax.no_parts]
    return "\n".join(out) + "\n"


class _Toml:
    """TOML: every value commented out, with a placeholder of its type; tables under ``[headers]``."""
    how = _TOML_HOW
    partners = "The partners: one [[participants]] table each (the rules count the applicant too)."
    applicant, participants, parts = "#[applicant]", "#[[participants]]", "#[parts]"
    applicant_indent = partner_indent = part_indent = ""
    no_participants = no_parts = None              # nothing given is nothing written

    def __init__(self, g: m.Guideline):
        self.g = g

    def fact(self, e: Entry) -> str:
        return f"#{_toml_key(e.key)} = {_toml_value(placeholder(e, self.g))}"

    def applicant_field(self, e: Entry) -> str:
        return self.fact(e)

    def partner_field(self, i: int, e: Entry) -> str:
        return self.fact(e)

    def table(self, t: Entry) -> list[str]:
        return _toml_table(t.key, _example_year(self.g))

    def part(self, e: Entry) -> str:
        return f'#{_toml_key(e.key)} = ""'


def _toml_table(key: str, year: int) -> list[str]:
    if key == "budget":
        return ["#[budget]", f"#{year} = 0"]
    if key == "savings":
        return ["#[[savings]]", '#actor = ""', f"#year = {year + 1}", "#amount = 0"]
    if key == "repayment_plan":
        return ["#[[repayment_plan]]", '#payer = ""', f"#year = {year + 1}", "#amount = 0"]
    if key == "shares":
        return ["#[shares]", '#"Name of a municipal unit" = 50']
    return ["#[[expected_outcomes]]", f"#year = {year + 1}", "#units = 0"]


class _Yaml:
    """YAML: every value null; the partners a list, the applicant and the parts mappings."""
    how = _YAML_HOW
    partners = "The partners: one entry each (the rules count the applicant too)."
    applicant, participants, parts = "applicant:", "participants:", "parts:"
    applicant_indent, partner_indent, part_indent = "  ", "    ", "  "
    no_participants, no_parts = "participants: []", "parts: {}"

    def fact(self, e: Entry) -> str:
        return f"{_yaml_key(e.key)}: null"

    def applicant_field(self, e: Entry) -> str:
        return f"  {_yaml_key(e.key)}: null"

    def partner_field(self, i: int, e: Entry) -> str:
        return f"  {'- ' if i == 0 else '  '}{_yaml_key(e.key)}: null"

    def table(self, t: Entry) -> list[str]:
        return [f"{_yaml_key(t.key)}: null"]

    def part(self, e: Entry) -> str:
        return f"  {_yaml_key(e.key)}: null"


def _yaml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", k) else json.dumps(k, ensure_ascii=False)
