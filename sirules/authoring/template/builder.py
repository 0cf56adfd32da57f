"""The skeleton builder: :func:`skeleton` walks a guideline's rules, conditional settings and parts
lines and collects what an application gives, and why."""

from __future__ import annotations

import attrs

from ...language.i18n import mark, shown, tr
from ...language import model as m
from ...language import nodes as n
from ...language import vocabulary as voc
from .asks import Ask, _clause_at, _line_of, _repayment_tables, _rule_ask, _setting_word, _start_ask
from .entries import LANG, Entry, Skeleton, _first_line, _unique


#: values the repayment models and the calculation read (besides the facts of the rules)
_TABLE_TYPES = {"budget": "table", "savings": "savings", "repayment_plan": "repayment_plan",
                "shares": "shares", "expected_outcomes": "expected_outcomes"}


def skeleton(g: m.Guideline, nodes: n.Guideline | None = None) -> Skeleton:
    """What an application for ``g`` gives, and why. ``nodes`` adds the optional parts."""
    LANG[0] = shown(g.lang)                  # the asks read in the guideline's language (or --lang)
    c = _Collected(g)
    for r in g.rules:
        if getattr(r, "status", None) is None:        # a paused or closed rule asks for nothing
            c.add_rule(r)
    for b in g.blocks:
        c.add_conditional_settings(b)
    if nodes is not None:
        c.add_optional_parts(nodes)
    tables = c.take_tables()
    participants = c.participants()
    return Skeleton(
        guideline=g,
        facts=tuple(_fact(g, k, asks, c.words.get(k, ())) for k, asks in _fact_order(c.facts)),
        applicant=tuple(_field(k, c.fields[k], c.kinds, g) for k in _field_order(c.fields)),
        participants=participants,
        participant_asks=tuple(c.partner_asks),
        tables=tuple(Entry(key=k, type=_TABLE_TYPES[k], label=_table_label(k, g.lang), asks=tuple(_unique(a)))
                     for k, a in tables.items()),
        parts=tuple(Entry(key=k, type="part", label=g.parts.get(k, k), asks=tuple(_unique(asks)), mode=mode)
                    for k, (mode, asks) in sorted(c.parts.items(), key=lambda kv: _first_line(kv[1][1]))),
    )


class _Collected:
    """The values of an application found so far, each with the asks for it, in the order found."""

    def __init__(self, g: m.Guideline):
        self.g = g
        self.facts: dict[str, list[Ask]] = {"title": [], "start": [_start_ask(g)]}
        self.fields: dict[str, list[Ask]] = {"name": [], "kind": []}
        self.partner_fields: dict[str, list[Ask]] = {}
        self.partner_asks: list[Ask] = []
        self.kinds: list[str] = []
        self.words: dict[str, list[str]] = {}
        self.parts: dict[str, tuple[str, list[Ask]]] = {}

    def add_rule(self, r: m.Rule) -> None:
        """The facts a rule reads, the part it asks for, and what its condition reads."""
        ask = _rule_ask(self.g, r)
        for key in r.facts:
            self.facts.setdefault(key, []).append(ask)
        if r.strength in ("part", "supplied"):
            mode = "supplied" if r.strength == "supplied" else ("conditional" if r.expr is not None else "required")
            self.parts.setdefault(r.part, (mode, []))[1].append(_rule_ask(self.g, r, for_part=True))
        if r.expr is None:
            return
        for e in _walk(r.expr):
            self._add_read(e, ask)

    def _add_read(self, e: m.Expr, ask: Ask) -> None:
        """What one expression of a rule's condition reads: a field, the partners, a part, kinds or words."""
        if isinstance(e, m.ApplicantField):
            self.fields.setdefault(e.key, []).append(ask)
        elif isinstance(e, m.PField):
            self.partner_fields.setdefault(e.key, []).append(ask)
        elif isinstance(e, (m.Count, m.Every)):
            if ask not in self.partner_asks:
                self.partner_asks.append(ask)
            if isinstance(e, m.Count) and e.distinct:
                self.partner_fields.setdefault(e.distinct, []).append(ask)
        elif isinstance(e, m.PartPresent):
            self.parts.setdefault(e.key, ("tested", []))[1].append(ask)
        elif isinstance(e, m.Member) and e.item.type == "kind":
            self.kinds.extend(sorted(e.values))
        elif isinstance(e, m.Member) and e.item.type == "tags" and isinstance(e.item, m.Fact):
            self.words.setdefault(e.item.key, []).extend(sorted(e.values))

    def add_conditional_settings(self, b: m.Block) -> None:
        """The facts the conditions of a block's settings read."""
        for st in b.settings:
            if st.condition is None:
                continue
            ask = Ask(f"{b.kind} {st.key} {', '.join(_setting_word(v) for v in st.values)} if {st.condition.text}",
                      st.origin.line, st.origin.clause())
            for e in _walk(st.condition):
                if isinstance(e, (m.Fact, m.Agg)):
                    self.facts.setdefault(e.key, []).append(ask)

    def add_optional_parts(self, nodes: n.Guideline) -> None:
        """The optional parts of the parts lines (the model does not keep them)."""
        g = self.g
        for item in nodes.items:
            if isinstance(item, n.Parts):
                for line in item.lines:
                    if line.mode != "optional":
                        continue
                    for name in line.names:
                        key = voc.PART_INDEX[name].key if name in voc.PART_INDEX else name
                        ask = Ask(mark("optional"), _line_of(line), _clause_at(g, _line_of(line)))
                        self.parts.setdefault(key, ("optional", []))[1].append(ask)

    def take_tables(self) -> dict[str, list[Ask]]:
        """The tables asked for: the budget and savings the rules read (taken out of the facts), and
        those the repayment models and the calculation read."""
        tables: dict[str, list[Ask]] = {}
        for key in ("budget", "savings"):
            if key in self.facts:
                tables[key] = self.facts.pop(key)
        for key, ask in _repayment_tables(self.g):
            tables.setdefault(key, []).append(ask)
        return tables

    def participants(self) -> tuple[Entry, ...]:
        """The partners' fields, () when no rule reads partners; the applicant gives them too."""
        partner_fields, fields = self.partner_fields, self.fields
        participants = ()
        if self.partner_asks:
            for key in ("name", "kind"):
                partner_fields.setdefault(key, [])
            # the applicant is counted among the participants, so it gives the partners' fields too
            for key, asks in partner_fields.items():
                fields.setdefault(key, []).extend(a for a in asks if a not in fields.get(key, []))
            participants = tuple(_field(k, partner_fields[k], self.kinds, self.g)
                                 for k in _field_order(partner_fields))
        return participants


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
    return Entry(key=key, type=info.type, label=info.label + _attested(info), asks=tuple(asks), choices=choices)


def _attested(info) -> str:
    """`` (attested by "X", per "Y")`` for a fact someone else attests, else ""."""
    bits = [f'{tr("attested by", LANG[0])} "{info.attested_by}"' if getattr(info, "attested_by", None) else "",
            f'{tr("per", LANG[0])} "{info.per}"' if getattr(info, "per", None) else ""]
    bits = [b for b in bits if b]
    return f" ({', '.join(bits)})" if bits else ""


def _field(key: str, asks, kinds, g: m.Guideline | None = None) -> Entry:
    own = (getattr(g, "fields", None) or {}).get(key)
    if own is not None:                      # a participant field the guideline declares
        return Entry(key=key, type=own.type, label=own.label, asks=tuple(_unique(asks)), choices=own.choices)
    t = voc.FIELDS[key]
    return Entry(key=key, type=t.type, label=t.label(LANG[0]), asks=tuple(_unique(asks)),
                 choices=tuple(dict.fromkeys(kinds)) if key == "kind" else ())


def _table_label(key: str, lang: str) -> str:
    return {"budget": mark("the amount applied for, per year (year = kronor)"),
            "savings": mark("expected savings: actor, year and amount (kronor)"),
            "repayment_plan": mark("the repayment plan: payer, year and amount (kronor)"),
            "shares": mark("each municipal unit's share of the repayment (name = share)"),
            "expected_outcomes": mark("expected outcome units per year: year and units")}[key]


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
