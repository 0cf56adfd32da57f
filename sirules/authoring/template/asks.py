"""Why a value is asked for: the start date, a rule, a conditional setting or a part line as an
:class:`~.entries.Ask`, and the tables the repayment models and the calculation read."""

from __future__ import annotations

import datetime

from ...language.i18n import later
from ...language import model as m
from .entries import Ask


def _start_ask(g: m.Guideline) -> Ask:
    if g.identity.get("version_date") == "submitted":
        return Ask(later("the start date of the project (the submission date chooses the rules in force)"))
    dated = sorted({r.origin.line for r in g.rules if r.valid_from or r.valid_to} |
                   {b.origin.line for b in g.blocks if b.valid_from or b.valid_to})
    if dated:
        lines = ", ".join(str(x) for x in dated[:6]) + (", …" if len(dated) > 6 else "")
        return Ask(later("the start date: it chooses the rules and blocks in force (dated at lines {lines})",
                         lines=lines))
    if g.valid_from or g.valid_to:
        return Ask(later("the start date: an application dated outside the guideline's validity is rejected"))
    return Ask(later("the start date of the project"))


def _rule_ask(g: m.Guideline, r: m.Rule, for_part: bool = False) -> Ask:
    """The rule as a reason: ``must r "label"``; for a part line, what it says of the part."""
    part = "" if for_part else later("part {name} ", name=r.part)
    if r.strength == "part":
        text = (later("{part}required if {condition}", part=part, condition=r.expr.text) if r.expr is not None
                else later("{part}required", part=part))
    elif r.strength == "supplied":
        text = later("{part}supplied by {who}: the applicant need not write it", part=part, who=r.label)
    else:
        weight = later(" weight {n}", n=r.weight) if r.strength == "priority" and r.weight != 1 else ""
        label = f' "{r.label}"' if r.label else (f": {r.expr.text}" if r.expr is not None else "")
        text = later("{strength} {id}{weight}{label}", strength=later(r.strength), id=r.id, weight=weight,
                     label=label)
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
            yield "budget", Ask(later("repayment model {model}: the investment per year (sirules obligations)",
                                      model=model), *where)
            if model in ("reflow", "joint"):
                yield "savings", Ask(later("repayment model {model}: the expected savings per actor and year",
                                           model=model), *where)
            elif model == "plan":
                yield "repayment_plan", Ask(later("repayment model plan: who repays how much in which year"), *where)
                if b.get("waived_when"):
                    yield "savings", Ask(later("repayment plan waived by central savings: the expected savings"),
                                         *where)
            elif model == "outcome_contract":
                yield "expected_outcomes", Ask(later("repayment model outcome_contract: the expected outcome units "
                                                     "per year"), *where)
            if b.get("key") == "stated_shares":
                yield "shares", Ask(later("repayment split by stated shares: each unit's share"), *where)
        elif b.kind == "calculation":
            yield "budget", Ask(later("socio-economic calculation: the cost per year"), *where)
            yield "savings", Ask(later("socio-economic calculation: the gains per actor and year"), *where)
